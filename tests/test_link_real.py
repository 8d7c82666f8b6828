"""Linking on real texts: the claims annotated in tests/real_corpus (real published passages), as an ingest
that attributes each account to its voice would store them (see tests/link_score.py), linked and scored
pairwise against the annotators' incident groups.

The annotators grouped whole offensives and exchanges ("the 12-14 September 2022 border fighting", "the
24-27 March 2022 Farukh episode") as one incident: the linker's incidents are finer, and its episodes
(:meth:`truce.reconcile.Linker.episodes`) are what those groups compare with. Both are printed; the
floors hold a little under what the test part reaches (it was never tuned on).
"""

from __future__ import annotations

import random

import pytest
from link_score import Gold, by_episode, linker_for, load, score

from truce.packs import Pack

#: (split, level) -> (pairwise F1, precision on pairs of claims whose days overlap), a little under what
#: the linker reaches. (The dev part's floors fell with the 80 passages added to it on 1 December, whose
#: same-day pairs of different incidents the linker had not seen: same-day precision 0.981 -> 0.932 for
#: incidents, episodes' F1 0.79 -> 0.766; they are dev, to be worked on, not hidden.)
FLOORS = {
    ("dev", "incidents"): (0.62, 0.92),
    ("dev", "episodes"): (0.74, 0.88),
    ("test", "incidents"): (0.45, 0.95),
    ("test", "episodes"): (0.69, 0.93),
}


@pytest.fixture(scope="module")
def corpora(pack: Pack) -> dict[str, Gold]:
    gazetteer = pack.gazetteer()
    return {split: load(gazetteer, split, pack.mission.timezone) for split in ("dev", "test")}


@pytest.mark.parametrize("split", ["dev", "test"])
def test_pairwise_scores_hold(pack: Pack, corpora: dict[str, Gold], split: str) -> None:
    gold = corpora[split]
    linker = linker_for(pack.gazetteer())
    links = linker.link(gold.claims)
    levels = {"incidents": links, "episodes": by_episode(links, linker.episodes(gold.claims, links))}
    for level, predicted in levels.items():
        result = score(gold.claims, gold.truth, predicted)
        print(f"\n{split} {level}: {result}")
        f1, same_day = FLOORS[split, level]
        assert result.f1 >= f1
        assert result.same_day_precision >= same_day


def test_real_links_are_a_fixpoint_in_any_order_and_batches(pack: Pack, corpora: dict[str, Gold]) -> None:
    claims = corpora["dev"].claims + corpora["test"].claims
    linker = linker_for(pack.gazetteer())
    whole = linker.link(claims)
    assert linker.link(claims, existing=whole) == whole
    shuffled = list(claims)
    random.Random(7).shuffle(shuffled)
    assert linker.link(shuffled) == whole
    existing: dict[str, str] = {}
    moved = 0
    for k in range(1, 6):  # five ingests, each linking against what the earlier ones stored
        batch = shuffled[: len(shuffled) * k // 5]
        linked = linker.link(batch, existing=existing)
        moved += sum(1 for c, i in existing.items() if linked.get(c) != i)
        assert linker.link(batch, existing=linked) == linked
        existing = linked

    def partition(links: dict[str, str]) -> set[frozenset[str]]:
        groups: dict[str, set[str]] = {}
        for c, i in links.items():
            groups.setdefault(i, set()).add(c)
        return {frozenset(g) for g in groups.values()}

    assert partition(existing) == partition(whole)
    kept = sum(1 for c in whole if existing[c] == whole[c])
    print(f"\n{len(claims)} claims in five ingests: {moved} moved by later claims, {kept} have one run's ids")
