"""The extraction test corpus is well formed: JSON lines, keys, vocabularies, dates, and place ids that
the pack gazetteer knows (tests/extract_corpus/GUIDELINES.md says how the expected claims are read)."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from extract_score import FIELDS

from truce import model
from truce.packs import Pack

FOLDER = Path(__file__).parent / "extract_corpus"
# the tuned corpus, and the held-out passages (ids prefixed "ho-") that are never tuned on
FILES = {"corpus.jsonl": "", "heldout.jsonl": "ho-"}

PASSAGE_KEYS = {"id", "lang", "style", "published", "source", "text", "expected"}
CLAIM_KEYS = set(FIELDS)
LANGS = {"en", "ru"}
STYLES = {"bulletin": "bul", "ministry": "min", "news": "news"}
SIDES = {"AZ", "AM", "NK"}
ACCUSED = SIDES | {"unknown"}
DIRECTIONS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"}
CATEGORIES = set(model.CASUALTY_CATEGORIES)
STATUSES = set(model.CASUALTY_STATUSES)
MEANS = set(model.MEANS)
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _day(value: Any) -> date:
    assert isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), value
    return date.fromisoformat(value)


@pytest.fixture(scope="module", params=sorted(FILES))
def corpus_file(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def lines(corpus_file: str) -> list[str]:
    return (FOLDER / corpus_file).read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def passages(lines: list[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in lines]


def test_every_line_is_one_json_object(lines: list[str]) -> None:
    for number, line in enumerate(lines, 1):
        assert line.strip(), f"line {number} is empty"
        assert isinstance(json.loads(line), dict), f"line {number} is not an object"


def test_passages_have_the_keys_and_values(passages: list[dict[str, Any]], corpus_file: str) -> None:
    ids = [p.get("id") for p in passages]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for p in passages:
        assert set(p) == PASSAGE_KEYS, p.get("id")
        assert p["lang"] in LANGS, p["id"]
        assert p["style"] in STYLES, p["id"]
        prefix = FILES[corpus_file]
        assert re.fullmatch(rf"{prefix}{p['lang']}-{STYLES[p['style']]}-\d{{3}}", p["id"]), p["id"]
        _day(p["published"])
        assert isinstance(p["source"], str) and p["source"].strip(), p["id"]
        assert isinstance(p["text"], str) and p["text"].strip(), p["id"]
        assert isinstance(p["expected"], list), p["id"]


def test_corpus_is_large_and_varied_enough(passages: list[dict[str, Any]], corpus_file: str) -> None:
    scale = 1 if corpus_file == "corpus.jsonl" else 0.25  # the held-out set is a quarter of the size
    assert len(passages) >= 160 * scale
    assert sum(p["lang"] == "ru" for p in passages) >= 60 * scale
    styles = Counter(p["style"] for p in passages)
    assert all(styles[style] >= 40 * scale for style in STYLES), styles
    assert 10 * scale <= sum(not p["expected"] for p in passages) <= 25


def test_claims_follow_the_vocabularies(passages: list[dict[str, Any]]) -> None:
    for p in passages:
        published = _day(p["published"])
        for claim in p["expected"]:
            where = p["id"]
            assert set(claim) == CLAIM_KEYS, where
            if claim["event_date"] is not None:
                assert _day(claim["event_date"]) <= published, where
            if claim["date_end"] is not None:
                assert claim["event_date"] is not None, where
                assert _day(claim["event_date"]) < _day(claim["date_end"]) <= published, where
            for key in ("time_start", "time_end"):
                assert claim[key] is None or TIME.match(claim[key]), where
            if claim["time_end"] is not None:
                assert claim["time_start"] is not None, where
            assert claim["accused"] in ACCUSED, where
            assert claim["target"] is None or claim["target"] in SIDES, where
            assert claim["means"] == sorted(set(claim["means"])), where
            assert set(claim["means"]) <= MEANS, where
            violations = claim["violations"]
            assert violations is None or (type(violations) is int and violations > 0), where
            assert isinstance(claim["no_casualties"], bool), where
            assert not (claim["no_casualties"] and claim["casualties"]), where
            keys = []
            for casualty in claim["casualties"]:
                assert set(casualty) == {"side", "category", "status", "count"}, where
                assert casualty["side"] in SIDES, where
                assert casualty["category"] in CATEGORIES, where
                assert casualty["status"] in STATUSES, where
                assert type(casualty["count"]) is int and casualty["count"] > 0, where
                keys.append((casualty["side"], casualty["category"], casualty["status"]))
            assert keys == sorted(set(keys)), where


def test_places_resolve_in_the_pack_gazetteer(passages: list[dict[str, Any]], pack: Pack) -> None:
    gazetteer = pack.gazetteer()
    for p in passages:
        for claim in p["expected"]:
            where = p["id"]
            places = claim["places"]
            known = [place for place in places if place is not None]
            assert len(known) == len(set(known)), where
            for place in known:
                assert gazetteer.get(place) is not None, f"{where}: {place}"
            unknown = claim["unknown_places"]
            assert places.count(None) == len(unknown), where
            for name in unknown:
                assert isinstance(name, str) and name in p["text"], f"{where}: {name}"
            relative = claim["relative"]
            if relative is not None:
                assert set(relative) == {"km", "direction", "of"}, where
                assert relative["of"] in known, where
                assert relative["direction"] is None or relative["direction"] in DIRECTIONS, where
                km = relative["km"]
                assert km is None or (isinstance(km, float) and km > 0), where
                assert km is not None or relative["direction"] is not None, where
