"""Bad input to extraction: a clear message or no claims, never a crash or a hang."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from truce.documents import MAX_BYTES
from truce.extract import Extractor
from truce.packs import Pack


@pytest.fixture(scope="module")
def extractor(pack: Pack) -> Extractor:
    return Extractor(pack.gazetteer(), pack.profile)


@pytest.mark.parametrize("text", ["", "   \n\n ", "12345 67890", "!!!", "\ufffd" * 50])
def test_empty_and_meaningless_text(extractor: Extractor, text: str) -> None:
    assert extractor.extract(text, date(2022, 3, 12)) == []


def test_unknown_language_gives_no_claims(extractor: Extractor) -> None:
    french = "Hier soir, des tirs ont été signalés près du village, selon le ministère de la défense."
    assert extractor.extract(french, date(2022, 3, 12)) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_never_raises(extractor: Extractor, text: str) -> None:
    for claim in extractor.extract(text, date(2022, 3, 12)):
        json.dumps(claim.to_json())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "On",
                "13",
                "July",
                "fire",
                "near",
                "Shusha",
                "Фарух",
                "ранен",
                "2 km",
                "north-west of",
                "violations",
                "Azerbaijani",
                "side",
                ".",
                ",",
                "between",
                "and",
                "25.03.2022",
                "20:27",
                "yesterday",
                "no casualties",
            ]
        ),
        max_size=60,
    )
)
def test_shuffled_domain_words_never_raise(extractor: Extractor, words: list[str]) -> None:
    extractor.extract(" ".join(words), date(2022, 3, 12))


def test_cli_refuses_binary_and_oversized_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    binary = tmp_path / "garbage.txt"
    binary.write_bytes(bytes(range(256)) * 100)
    result = cli("extract", str(binary), "--json")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: {binary}: not a text file (it contains NUL bytes)"
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: no 10 MB written to disk
    result = cli("extract", str(big))
    assert result.exit_code == 2
    assert "more than the 10 MB" in result.stderr


def test_cli_refuses_unknown_file_types_and_bad_jsonl(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF-1.4")
    assert "unsupported file type '.pdf'" in cli("ingest", str(odd)).stderr
    lines = tmp_path / "docs.jsonl"
    lines.write_text('{"text": "fine", "published": "2022-03-12"}\n{"text": "x", "published": "March"}\n')
    result = cli("ingest", str(lines))
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"Error: {lines}, line 2, field 'published': 'March' is not a date (YYYY-MM-DD)"
    )
    assert "documents added" not in result.stdout  # nothing half-written


def test_cli_missing_file(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("extract", str(tmp_path / "nowhere.txt"))
    assert result.exit_code == 2
    assert "cannot read" in result.stderr
