"""Linking claims into incidents, on the claim groups of tests/reconcile_corpus (written for the tests)."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

import pytest

from truce.geo import destination
from truce.model import Casualty, Claim, DatePrecision, Incident, LocationPrecision, Standing
from truce.packs import Pack
from truce.reconcile import Decision, Linker, incident_view
from truce.reconcile.counts import itemise, total_violations

GROUPS = Path(__file__).parent / "reconcile_corpus" / "groups.jsonl"
MONITORS = {"rumod"}


def load_claims(pack: Pack) -> tuple[list[Claim], dict[str, str]]:
    gazetteer = pack.gazetteer()
    claims, truth = [], {}
    for line in GROUPS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        claim = Claim(
            date_from=date.fromisoformat(row["date_from"]),
            date_to=date.fromisoformat(row["date_to"]),
            date_precision=DatePrecision(row["date_precision"]),
            location_precision=LocationPrecision(row["location_precision"]),
            radius_m=row["radius_m"],
            accused=row["accused"],
            target=row["target"],
            violations=row["violations"],
            means=row["means"],
            casualties=[Casualty(*c) for c in row["casualties"]],
            no_casualties=row["no_casualties"],
            id="C-" + row["id"],
            source_id=row["source"],
            standing=Standing.REPORTED if row["source"] in MONITORS else Standing.CLAIMED,
            area_ref=row["area"],
        )
        if row["place"]:
            place = gazetteer.get(row["place"])
            claim.place_id, claim.lat, claim.lon = place.id, place.lat, place.lon
            if row["rel_km"]:
                claim.lat, claim.lon = destination(place.lat, place.lon, row["rel_km"], row["rel_dir"])
        claims.append(claim)
        truth[claim.id] = row["group"]
    return claims, truth


def areas_of(pack: Pack) -> dict[str, set[str]]:
    return pack.gazetteer().units_of


def pairwise(predicted: dict[str, str], truth: dict[str, str]) -> tuple[float, float]:
    tp = fp = fn = 0
    for a, b in itertools.combinations(sorted(truth), 2):
        same_predicted, same_true = predicted[a] == predicted[b], truth[a] == truth[b]
        tp += same_predicted and same_true
        fp += same_predicted and not same_true
        fn += same_true and not same_predicted
    return tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0


@pytest.fixture(scope="module")
def linked(pack: Pack) -> tuple[list[Claim], dict[str, str], dict[str, str]]:
    claims, truth = load_claims(pack)
    return claims, truth, Linker(areas_of(pack)).link(claims)


def test_pairwise_precision_and_recall(linked) -> None:  # type: ignore[no-untyped-def]
    claims, truth, predicted = linked
    precision, recall = pairwise(predicted, truth)
    print(
        f"\nlinking: {len(claims)} claims, {len(set(truth.values()))} true incidents, "
        f"{len(set(predicted.values()))} found; pairwise precision {precision:.3f}, recall {recall:.3f}"
    )
    wrong = sorted(
        (a, b)
        for a, b in itertools.combinations(sorted(truth), 2)
        if (predicted[a] == predicted[b]) != (truth[a] == truth[b])
    )
    assert precision >= 0.95, wrong
    assert recall >= 0.95, wrong


def test_one_source_never_twice_in_an_incident(linked) -> None:  # type: ignore[no-untyped-def]
    claims, _, predicted = linked
    by_incident: dict[str, list[str]] = {}
    for claim in claims:
        by_incident.setdefault(predicted[claim.id], []).append(claim.source_id)
    for sources in by_incident.values():
        assert len(sources) == len(set(sources))


def test_stable_ids_and_incremental_linking(pack: Pack) -> None:
    claims, _ = load_claims(pack)
    linker = Linker(areas_of(pack))
    first = linker.link(claims)
    assert linker.link(list(reversed(claims))) == first  # the same input, the same incidents
    newcomer = next(c for c in claims if c.id == "C-p4")
    rest = [c for c in claims if c is not newcomer]
    before = linker.link(rest)
    after = linker.link([*rest, newcomer], existing=before)
    assert {k: v for k, v in after.items() if k != newcomer.id} == before  # nobody reshuffled
    assert after[newcomer.id] == before["C-p1"]


def test_analyst_link_and_unlink_survive_reruns(pack: Pack) -> None:
    claims, _ = load_claims(pack)
    plain = Linker(areas_of(pack)).link(claims)
    assert plain["C-a1"] != plain["C-k1"]
    decisions = [Decision("C-a1", plain["C-k1"], "link"), Decision("C-k3", plain["C-k1"], "unlink")]
    linker = Linker(areas_of(pack), decisions)
    decided = linker.link(claims, existing=plain)
    assert decided["C-a1"] == plain["C-k1"]
    assert decided["C-k3"] != plain["C-k1"]
    assert linker.link(claims, existing=decided) == decided


def test_field_view_agreed_contested_and_ranges(pack: Pack, linked) -> None:  # type: ignore[no-untyped-def]
    claims, _, predicted = linked
    group = [c for c in claims if predicted[c.id] == predicted["C-p1"]]
    incident = Incident.from_claims(predicted["C-p1"], group)
    view = incident_view(incident)
    assert view.fields["accused"].status == "agreed"
    assert view.fields["date"].status == "contested"
    assert view.fields["date"].finding is not None and view.fields["date"].finding.claims == ("C-p1",)
    assert [str(r) for r in view.casualties] == ["3 NK servicemen killed", "15 NK servicemen wounded"]
    dyk = [c for c in claims if predicted[c.id] == predicted["C-d1"]]
    dyk_view = incident_view(Incident.from_claims(predicted["C-d1"], dyk))
    assert dyk_view.fields["accused"].status == "contested"


def test_counts_are_matched_against_items(pack: Pack, linked) -> None:  # type: ignore[no-untyped-def]
    claims, _, predicted = linked
    day = [c for c in claims if c.date_from == date(2022, 3, 11)]
    incidents = []
    for incident_id in sorted({predicted[c.id] for c in day}):
        members = [c for c in day if predicted[c.id] == incident_id]
        incidents.append(Incident.from_claims(incident_id, members))
    [count] = itemise(incidents, areas_of(pack))
    assert count.count == 13  # the monitor's figure leads; the other count (15) shows as contested
    assert count.itemised_violations == 2 and count.unitemised == 11
    assert total_violations(incidents, areas_of(pack)) == 13
