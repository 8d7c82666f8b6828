"""Extraction on real published texts (tests/real_corpus/: 300 passages of ministries, ombudsmen, the
Russian MoD's bulletins and news quoting several sides, annotated per shared/conventions.md).

The scores (tests/real_score.py: claims paired by voice and stance, claim precision and recall,
incident recall, accuracy per field) are printed per language for the dev split (the rules are tuned
on it) and the test split (never tuned on). The floors hold the test split a little under what the
extractor reaches on it, to guard against collapse; the goal of issue 9 (0.90 on every field and on claim
precision) is not reached, and the floors say where it stands.
"""

from __future__ import annotations

import pytest
from extract_score import FIELDS
from real_score import HOLDOUT, LANGS, all_scores, load, table

from truce.extract import Extractor
from truce.packs import Pack

# What the test split reaches, less about 0.04 (read from the test split, never tuned on it; a floor is
# never lowered, so some stand closer). Reached when they were last raised: en 0.576 claim precision,
# 0.629 incident recall; ru 0.635 and 0.795 (first set at en 0.540 / 0.610, ru 0.500 / 0.671).
FLOORS = {
    "en": {
        "precision": 0.53,
        "incident_recall": 0.58,
        "event_date": 0.62,
        "date_end": 0.93,
        "time_start": 0.88,
        "time_end": 0.95,
        "places": 0.64,
        "relative": 0.96,
        "accused": 0.81,
        "target": 0.56,
        "means": 0.63,
        "violations": 0.90,
        "casualties": 0.64,
        "no_casualties": 0.89,
        "unknown_places": 0.81,
    },
    "ru": {
        "precision": 0.59,
        "incident_recall": 0.75,
        "event_date": 0.71,
        "date_end": 0.90,
        "time_start": 0.91,
        "time_end": 0.94,
        "places": 0.62,
        "relative": 0.94,
        "accused": 0.79,
        "target": 0.77,
        "means": 0.65,
        "violations": 0.94,
        "casualties": 0.73,
        "no_casualties": 0.88,
        "unknown_places": 0.88,
    },
}


@pytest.fixture(scope="module")
def scores(pack: Pack):  # type: ignore[no-untyped-def]
    result = all_scores(Extractor(pack.gazetteer(), pack.profile))
    print("\nreal texts (claims paired by voice and stance; fields: accuracy over paired claims)\n")
    print(table(result))
    return result


def test_the_corpus_is_split_and_sized() -> None:
    for lang, least in (("en", 150), ("ru", 100)):
        rows = load(lang)
        assert len(rows) >= least
        assert {r["split"] for r in rows} == {"dev", "test"}


def test_the_holdout_is_new_and_names_what_the_project_knows(pack: Pack) -> None:
    """The holdout's passages (read only for a stop's figures, never tuned on) are none of dev's and test's,
    in the same form, and name only places the gazetteer knows."""
    known = set(pack.gazetteer().places)
    for lang in LANGS:
        held, others = load(lang, HOLDOUT), load(lang)
        assert len(held) >= 20 and {r["split"] for r in held} == {HOLDOUT}
        assert not {r["url"] for r in held} & {r["url"] for r in others}
        assert not {r["text"] for r in held} & {r["text"] for r in others}
        for row in held:
            assert list(row) == list(others[0]), row["id"]
            for claim in row["expected"]:
                assert list(claim) == list(others[0]["expected"][0]), row["id"]
                assert set(claim["places"]) - {None} <= known, (row["id"], claim["places"])  # (None: unknown)


@pytest.mark.parametrize("lang", LANGS)
def test_claims_and_incidents_hold_their_floor(scores, lang: str) -> None:  # type: ignore[no-untyped-def]
    score = scores[f"{lang} test"]
    floor = FLOORS[lang]
    assert score.precision >= floor["precision"], (score.precision, score.errors[:20])
    assert score.incident_recall >= floor["incident_recall"], (score.incident_recall, score.errors[:20])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", FIELDS)
def test_fields_hold_their_floor(scores, lang: str, name: str) -> None:  # type: ignore[no-untyped-def]
    score = scores[f"{lang} test"]
    problems = [e for e in score.errors if f" {name}:" in e]
    assert score.accuracy(name) >= FLOORS[lang][name], problems[:15]
