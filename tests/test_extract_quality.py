"""Extraction quality on the hand-checked corpus: precision and recall per field, printed, each held at
0.9 or more (the corpus and its guidelines are in tests/extract_corpus/)."""

from __future__ import annotations

import pytest
from extract_score import FIELDS, load_corpus, score_corpus

from truce.extract import Extractor
from truce.packs import Pack

THRESHOLD = 0.9


@pytest.fixture(scope="module")
def score(pack: Pack):  # type: ignore[no-untyped-def]
    result = score_corpus(Extractor(pack.gazetteer(), pack.profile), load_corpus())
    print("\n" + result.table())
    return result


@pytest.mark.parametrize("name", ["claims", *FIELDS])
def test_precision_and_recall(score, name: str) -> None:  # type: ignore[no-untyped-def]
    problems = [e for e in score.errors if f" {name}:" in e or (name == "claims" and "claims expected" in e)]
    assert score.precision(name) >= THRESHOLD, (
        f"{name} precision {score.precision(name):.3f}: {problems[:15]}"
    )
    assert score.recall(name) >= THRESHOLD, f"{name} recall {score.recall(name):.3f}: {problems[:15]}"
