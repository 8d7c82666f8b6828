"""Extraction on the held-out passages (tests/extract_corpus/heldout.jsonl), written apart from the rules
and never used to tune them. The scores are printed to show how the rules generalise; the thresholds
only guard against a change that breaks what generalises (the tuned corpus holds 0.9 per field)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from extract_score import FIELDS, score_corpus

from truce.extract import Extractor
from truce.packs import Pack

HELDOUT = Path(__file__).parent / "extract_corpus" / "heldout.jsonl"
# the claims themselves and their places must carry over; the other fields may drop, not collapse
FLOORS = {"claims": 0.85, "places": 0.85}
FLOOR = 0.45


@pytest.fixture(scope="module")
def score(pack: Pack):  # type: ignore[no-untyped-def]
    passages = [json.loads(line) for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(passages) >= 60
    result = score_corpus(Extractor(pack.gazetteer(), pack.profile), passages)
    print("\nheld-out passages:\n" + result.table())
    return result


@pytest.mark.parametrize("name", ["claims", *FIELDS])
def test_heldout_floor(score, name: str) -> None:  # type: ignore[no-untyped-def]
    floor = FLOORS.get(name, FLOOR)
    assert score.precision(name) >= floor and score.recall(name) >= floor, (name, score.errors[:10])
