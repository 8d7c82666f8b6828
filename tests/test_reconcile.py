"""Linking claims into incidents, on the claim groups of tests/reconcile_corpus (written for the tests)."""

from __future__ import annotations

import itertools
import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from truce.geo import destination
from truce.model import Casualty, Claim, DatePrecision, Incident, LocationPrecision, Standing
from truce.packs import Pack
from truce.reconcile import Decision, Linker, episode_views, incident_view
from truce.reconcile.counts import itemise, total_violations
from truce.reconcile.link import extent

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


# -- clustering: order, fixpoint, incremental, bounds -------------------------------------------------


def partition(links: dict[str, str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for claim, incident in links.items():
        groups.setdefault(incident, []).append(claim)
    return sorted(sorted(g) for g in groups.values())


def test_links_are_a_fixpoint_whatever_the_order_and_the_batches(pack: Pack) -> None:
    claims, _ = load_claims(pack)
    linker = Linker(areas_of(pack))
    whole = linker.link(claims)
    assert linker.link(claims, existing=whole) == whole  # linking its own output changes nothing
    for seed in range(3):
        shuffled = list(claims)
        random.Random(seed).shuffle(shuffled)
        assert linker.link(shuffled) == whole  # the same claims, the same incidents
        existing: dict[str, str] = {}
        moved = 0
        for k in range(1, 5):  # ingested in four batches
            batch = shuffled[: len(shuffled) * k // 4]
            linked = linker.link(batch, existing=existing)
            added = [c.id for c in batch if c.id not in existing]
            assert linker.link(batch, existing=existing, new=added) == linked  # only what they reach
            moved += sum(1 for c, i in existing.items() if linked.get(c) != i)
            assert linker.link(batch, existing=linked) == linked  # a fixpoint after each addition
            existing = linked
        assert partition(existing) == partition(whole)  # the batches end where one run does
        print(f"\nbatches of seed {seed}: {moved} earlier claims moved by later ones")


def test_linking_only_what_new_claims_reach_ends_where_linking_all_does(pack: Pack) -> None:
    """Written for this test: two crowded days (buckets beyond ``BUCKET_CAP``) of claims by several sources
    and documents at a few places, region-wide claims among them, an analyst's link and unlink; claims
    added in batches link the same with ``new`` (only what they reach) as without."""
    rng = random.Random(11)
    places = ["khramort", "aliagali", "avdur", "parukh", "taghavard", None]
    claims = []
    for n in range(900):
        made = claim(
            f"x{n}",
            rng.choice(["nkmod", "azmod", "rumod", "armod"]),
            DAY + timedelta(days=rng.randrange(2)),
            rng.choice(places),
            pack,
            accused=rng.choice(["AZ", "NK", None]),
            means=[rng.choice(["small_arms", "mortar", "uav_strike"])],
            document_id=f"doc-{rng.randrange(300)}",
        )
        claims.append(made)
    plain = Linker(areas_of(pack)).link(claims[:300])
    incident = plain[claims[0].id]
    decisions = [Decision(claims[1].id, incident, "link"), Decision(claims[2].id, incident, "unlink")]
    for linker in (Linker(areas_of(pack)), Linker(areas_of(pack), decisions)):
        existing = linker.link(claims[:300])
        for end in (301, 450, 900):
            batch = claims[:end]
            added = [c.id for c in batch if c.id not in existing]
            linked = linker.link(batch, existing=existing)
            assert linker.link(batch, existing=existing, new=added) == linked
            existing = linked
    assert len(set(existing.values())) > 20


def claim(ident: str, source: str, day: date, place: str | None, pack: Pack, **fields) -> Claim:  # type: ignore[no-untyped-def]
    """A claim written for these tests, near a place of the pack (or of the whole region)."""
    made = Claim(day, day, DatePrecision.DAY, LocationPrecision.NEAR, 2000, id=f"C-{ident}", source_id=source)
    if place:
        spot = pack.gazetteer().get(place)
        made.place_id, made.lat, made.lon = spot.id, spot.lat, spot.lon
    else:
        made.location_precision, made.area_ref, made.radius_m = LocationPrecision.REGION, "region", 60000
    for name, value in fields.items():
        setattr(made, name, value)
    return made


DAY = date(2022, 11, 5)


def test_a_source_s_relays_and_revisions_join_its_incident(pack: Pack) -> None:
    first = claim("n1", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["small_arms"])
    first.document_id = "doc-1"
    relay = claim("n2", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["small_arms"])
    relay.document_id = "doc-2"  # the same statement in another outlet, or its later update
    update = claim("n3", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", document_id="doc-3")
    update.casualties = [Casualty("NK", "servicemen", "wounded", 1)]
    other = claim("n4", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["small_arms"])
    other.document_id = "doc-1"  # the same voice, the same bulletin: another episode
    elsewhere = claim("n5", "nkmod", DAY, "avdur", pack, accused="AZ", target="NK", document_id="doc-4")
    links = Linker(areas_of(pack)).link([first, relay, update, other, elsewhere])
    assert links["C-n1"] == links["C-n2"] == links["C-n3"]
    assert links["C-n4"] != links["C-n1"] and links["C-n5"] not in (links["C-n1"], links["C-n4"])


def test_a_source_s_statement_naming_its_places_otherwise_joins_its_incident(pack: Pack) -> None:
    """Claims written for these tests. One statement, relayed by another outlet, that lists its places in
    another order (so another first place) and one more: the extents of its places overlap, one account.
    Two villages of one source are still two incidents, however near."""
    gazetteer = pack.gazetteer()

    def spread(ident: str, places: list[str], document: str) -> Claim:
        spots = [gazetteer.get(p) for p in places]
        lat, lon, metres = extent([(s.lat, s.lon, max(s.radius_m, 1000.0)) for s in spots])
        made = claim(ident, "nkmod", DAY, places[0], pack, accused="AZ", target="NK", document_id=document)
        made.lat, made.lon, made.radius_m, made.means = lat, lon, metres, ["mortar"]
        return made

    first = spread("p1", ["khramort", "parukh", "askeran"], "doc-1")
    relay = spread("p2", ["askeran", "khramort", "parukh", "aliagali"], "doc-2")
    linker = Linker(areas_of(pack))
    links = linker.link([first, relay])
    assert links["C-p1"] == links["C-p2"]
    village = claim("p3", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", document_id="doc-3")
    near = claim("p4", "nkmod", DAY, "parukh", pack, accused="AZ", target="NK", document_id="doc-4")
    assert len(set(linker.link([village, near]).values())) == 2
    # a later statement of the source naming one of those places alone (its disc inside the extent) is
    # the same account; a place outside the extent is another incident
    one = claim("p5", "nkmod", DAY, "parukh", pack, accused="AZ", target="NK", document_id="doc-5")
    one.radius_m = 1000.0
    assert len(set(linker.link([first, one]).values())) == 1
    outside = claim("p6", "nkmod", DAY, "avdur", pack, accused="AZ", target="NK", document_id="doc-6")
    assert len(set(linker.link([first, outside]).values())) == 2


def test_mirror_accounts_and_an_episode(pack: Pack) -> None:
    """Each side tells a clash at its own positions, kilometres apart across the line, blaming the other:
    one incident. A reply by other means (drone strikes after shots) is another incident, of one
    episode."""
    nk = claim("m1", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["small_arms"])
    az = claim("m2", "azmod", DAY, "aliagali", pack, accused="NK", target="AZ", means=["small_arms"])
    linker = Linker(areas_of(pack))
    assert len(set(linker.link([nk, az]).values())) == 1
    drone = claim("m3", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["uav_strike"])
    links = linker.link([drone, az])
    assert links["C-m3"] != links["C-m2"]
    episodes = linker.episodes([drone, az], links)
    assert episodes[links["C-m3"]] == episodes[links["C-m2"]]
    far = claim("m4", "azmod", DAY, "avdur", pack, accused="NK", target="AZ", means=["small_arms"])
    assert len(set(linker.link([nk, far]).values())) == 2  # 20 km off: another sector, another clash
    # claims written for these tests: one side tells the advance, the other the fire that met it, at the
    # same hour; a reply by other fire at that hour is still another incident
    hour = datetime(2022, 11, 5, 2, 0, tzinfo=UTC)
    advance = claim("m5", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["incursion"])
    fire = claim("m6", "azmod", DAY, "aliagali", pack, accused="NK", target="AZ", means=["mortar"])
    advance.time_from = advance.time_to = fire.time_from = fire.time_to = hour
    assert len(set(linker.link([advance, fire]).values())) == 1
    drone.time_from = drone.time_to = hour
    assert len(set(linker.link([drone, fire]).values())) == 2
    # an account of a wide stretch (the extent of several places) at that hour tells a battle: the
    # weapons it names need not be all there were, and other fire told by the other side is no other
    # incident
    gazetteer = pack.gazetteer()
    spots = [gazetteer.get(p) for p in ("khramort", "askeran")]
    battle = claim("m7", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["uav_strike"])
    battle.lat, battle.lon, battle.radius_m = extent([(s.lat, s.lon, max(s.radius_m, 1000.0)) for s in spots])
    battle.time_from = battle.time_to = hour
    assert len(set(linker.link([battle, fire]).values())) == 1


def test_an_offensive_over_days_is_one_episode(pack: Pack) -> None:
    advance = claim("o1", "nkmod", DAY, "parukh", pack, accused="AZ", target="NK", means=["incursion"])
    seen = claim("o2", "rumod", DAY, "parukh", pack, accused="AZ", target="NK", means=["incursion"])
    strike = claim("o3", "nkmod", date(2022, 11, 6), "khramort", pack, accused="AZ", target="NK")
    strike.means, strike.casualties = ["uav_strike"], [Casualty("NK", "servicemen", "killed", 3)]
    linker = Linker(areas_of(pack))
    links = linker.link([advance, seen, strike])
    assert links["C-o1"] == links["C-o2"] != links["C-o3"]
    episodes = linker.episodes([advance, seen, strike], links)
    assert episodes[links["C-o1"]] == episodes[links["C-o3"]] == "E-o1"
    views = episode_views(
        [Incident.from_claims(i, [c]) for c, i in ((advance, links["C-o1"]), (strike, links["C-o3"]))],
        episodes,
    )
    assert [(v.incidents, v.places) for v in views] == [(("I-o1", "I-o3"), ("parukh", "khramort"))]


def test_a_vague_claim_attaches_only_with_corroboration(pack: Pack) -> None:
    point = claim("v1", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["mortar"])
    point.casualties = [Casualty("NK", "servicemen", "wounded", 2)]
    vague = claim("v2", "ammfa", DAY, None, pack, accused="AZ", date_precision=DatePrecision.REPORTED)
    linker = Linker(areas_of(pack))
    assert linker.link([point, vague])["C-v2"] != linker.link([point, vague])["C-v1"]  # waits
    told = claim("v3", "ammfa", DAY, None, pack, accused="AZ", target="NK", means=["mortar"])
    told.date_precision, told.casualties = DatePrecision.REPORTED, list(point.casualties)
    links = linker.link([point, told])
    assert links["C-v3"] == links["C-v1"]  # the same blame, weapon and figures: it is that incident


def test_work_is_bounded_on_hostile_input(pack: Pack) -> None:
    """ "99999 km north of Khramort" (a 19,512 km radius), a point at NaN, and a flood of statements on
    one day and place: each claim meets a bounded number of others and no grid is enumerated."""
    from truce.reconcile.link import BUCKET_CAP, SEARCH_CAP_KM, _Facts, _Screen

    linker = Linker(areas_of(pack))
    world = claim("w1", "x", DAY, "khramort", pack, accused="AZ", radius_m=19_512_000.0)
    lost = claim("w2", "y", DAY, "khramort", pack, lat=float("nan"), lon=float("nan"))
    assert not _Facts(0, world, linker).point and not _Facts(1, lost, linker).point  # searched by day
    near = _Facts(2, claim("w3", "z", DAY, "khramort", pack, radius_m=1e12), linker)
    near.point = True  # even forced onto the grid, the search radius is capped
    screen = _Screen([near], True)
    screen._indexed()  # its filings: the grid cells of its one day, and the day's bucket
    assert len(screen.ranked) <= (2 * (SEARCH_CAP_KM + 1) / 4.2 + 2) ** 2 + 1
    flood = [claim(f"f{n:04}", f"s{n}", DAY, "khramort", pack, accused="AZ") for n in range(1200)]
    facts = linker._facts([world, lost, *flood])
    pairs = linker._pairs(facts, lambda a, b: 10.0, 0.0)  # every pair met
    assert len(pairs) <= len(facts) * (2 * BUCKET_CAP + 2)
    links = linker.link([world, lost, *flood])
    assert len(links) == len(flood) + 2


def test_a_vague_claim_that_several_voices_corroborate_joins_their_incident(pack: Pack) -> None:
    """Claims written for these tests. Three accounts of one shelling of Khramort, of two voices, and a
    statement with no date and no place of a third voice, blaming the same side for fire on the same
    side: each pair with it scores under ``LINK_SCORE``, but three accounts corroborate it. When it pairs
    as well with another incident of the day, it is ambiguous and waits for an analyst."""
    told = {"accused": "AZ", "target": "NK", "means": ["mortar"]}
    accounts = [
        claim("c1", "nkmod", DAY, "khramort", pack, document_id="doc-1", **told),
        claim("c2", "nkmod", DAY, "khramort", pack, document_id="doc-2", **told),
        claim("c3", "ammfa", DAY, "khramort", pack, document_id="doc-3", **told),
    ]
    vague = claim("c4", "nkgov", DAY, None, pack, accused="AZ", target="NK", document_id="doc-4")
    vague.date_precision = DatePrecision.REPORTED
    linker = Linker(areas_of(pack))
    assert linker.link([accounts[0], vague])["C-c4"] != linker.link([accounts[0], vague])["C-c1"]
    links = linker.link([*accounts, vague])
    assert len(set(links.values())) == 1
    # another incident of the day, 20 km off, that it pairs with as well: it waits
    other = [
        claim("c5", "nkmod", DAY, "avdur", pack, accused="AZ", target="NK", means=["small_arms"]),
        claim("c6", "outlet", DAY, "avdur", pack, accused="AZ", target="NK", means=["small_arms"]),
    ]
    links = linker.link([*accounts, *other, vague])
    assert links["C-c1"] == links["C-c2"] == links["C-c3"] != links["C-c5"] == links["C-c6"]
    assert links["C-c4"] not in (links["C-c1"], links["C-c5"])
    # the same whatever the order and however the claims came in
    assert linker.link(list(reversed([*accounts, *other, vague]))) == links
    first = linker.link([*accounts, *other])
    assert linker.link([*accounts, *other, vague], existing=first, new=["C-c4"]) == links


def test_a_claim_that_says_only_its_day_joins_the_incident_most_accounts_of_the_day_tie_it_to(
    pack: Pack,
) -> None:
    """Claims written for these tests. An outlet reports clashes on the line on a day, saying neither
    where nor who fired: each pair with an account of that day scores only for the day. Three accounts
    of one incident, of two voices, tie it there, one account of another incident of the day ties it
    elsewhere: it joins the first. When as many tie it to each, it waits for an analyst."""
    told = {"accused": "AZ", "target": "NK", "means": ["mortar"]}
    accounts = [
        claim("u1", "nkmod", DAY, "khramort", pack, document_id="doc-1", **told),
        claim("u2", "nkmod", DAY, "khramort", pack, document_id="doc-2", **told),
        claim("u3", "ammfa", DAY, "khramort", pack, document_id="doc-3", **told),
    ]
    other = claim("u4", "nkgov", DAY, "avdur", pack, accused="AZ", target="NK", means=["small_arms"])
    clashes = claim("u5", "outlet", DAY, None, pack, document_id="doc-5")
    linker = Linker(areas_of(pack))
    links = linker.link([*accounts, other, clashes])
    assert links["C-u5"] == links["C-u1"] == links["C-u2"] == links["C-u3"] != links["C-u4"]
    assert linker.link([accounts[0], clashes])["C-u5"] != linker.link([accounts[0], clashes])["C-u1"]
    # as many accounts of the other incident: ambiguous
    others = [
        claim("u6", "nkmod", DAY, "avdur", pack, document_id="doc-6", accused="AZ", means=["small_arms"]),
        claim("u7", "ammfa", DAY, "avdur", pack, document_id="doc-7", accused="AZ", means=["small_arms"]),
    ]
    links = linker.link([*accounts, other, *others, clashes])
    assert links["C-u4"] == links["C-u6"] == links["C-u7"] != links["C-u1"]
    assert links["C-u5"] not in (links["C-u1"], links["C-u4"])
    # the same whatever the order and however the claims came in
    assert linker.link(list(reversed([*accounts, other, *others, clashes]))) == links
    first = linker.link([*accounts, other, *others])
    assert linker.link([*accounts, other, *others, clashes], existing=first, new=["C-u5"]) == links


def test_a_wide_extent_is_compared_with_a_district_by_its_disc(pack: Pack) -> None:
    """Claims written for these tests. A source names a district, then, in a later statement, the
    villages on both sides of its edge: the extent of those villages lies in more districts than its
    first village's, and overlapping the district it is the same account."""
    gazetteer = pack.gazetteer()
    units = {p.id: (p.lat, p.lon, p.radius_m) for p in gazetteer.places.values() if p.is_admin_unit}
    district = claim("d1", "nkmod", DAY, None, pack, accused="AZ", target="NK", means=["mortar"])
    district.area_ref, district.radius_m, district.document_id = "nkr-askeran", 22000.0, "doc-1"
    district.location_precision = LocationPrecision.DISTRICT
    spots = [gazetteer.get(p) for p in ("avdur", "khramort")]  # (Martuni, then Askeran)
    lat, lon, metres = extent([(s.lat, s.lon, max(s.radius_m, 1000.0)) for s in spots])
    villages = claim("d2", "nkmod", DAY, "avdur", pack, accused="AZ", target="NK", means=["mortar"])
    villages.lat, villages.lon, villages.radius_m, villages.document_id = lat, lon, metres, "doc-2"
    linker = Linker(areas_of(pack), units=units)
    assert len(set(linker.link([district, villages]).values())) == 1
    # one village outside the district is still another place
    village = claim("d3", "nkmod", DAY, "avdur", pack, accused="AZ", target="NK", means=["mortar"])
    village.document_id = "doc-3"
    assert len(set(linker.link([district, village]).values())) == 2


def test_neighbouring_places_each_side_names_are_one_place(pack: Pack) -> None:
    """Claims written for these tests: one clash on the road between two towns, named after one town by
    one voice and after the other by another (their discs two kilometres apart, within ``SLACK_KM``)."""
    gazetteer = pack.gazetteer()
    told = {"accused": "AZ", "target": "NK", "means": ["small_arms"]}
    one = claim(
        "s1", "nkgov", DAY, "stepanakert", pack, radius_m=gazetteer.get("stepanakert").radius_m, **told
    )
    two = claim("s2", "outlet", DAY, "shusha", pack, radius_m=gazetteer.get("shusha").radius_m, **told)
    linker = Linker(areas_of(pack))
    assert len(set(linker.link([one, two]).values())) == 1
    far = claim("s3", "outlet", DAY, "dyukyanlar", pack, radius_m=1000.0, **told)
    far.lat, far.lon = destination(one.lat, one.lon, 9.0, "S")  # (written for the test: 9 km off)
    assert len(set(linker.link([one, far]).values())) == 2


def test_an_undated_account_of_other_means_is_another_event(pack: Pack) -> None:
    """Claims written for these tests. A statement with no date of its own that tells other means than
    an account of that day, two kilometres off, recalls another event (a shelling recalled in a report
    on an advance); dated, or telling means alike, it is the same incident."""
    told = {"accused": "AZ", "target": "NK", "means": ["incursion", "small_arms"]}
    advance = claim("r1", "nkgov", DAY, "khramort", pack, **told)

    def account(ident: str, means: list[str], precision: DatePrecision) -> Claim:
        made = claim(ident, "outlet", DAY, None, pack, accused="AZ", target="NK", means=means)
        made.location_precision, made.area_ref, made.radius_m = LocationPrecision.NEAR, None, 2000.0
        made.lat, made.lon = destination(advance.lat, advance.lon, 2.0, "E")
        made.date_precision = precision
        return made

    linker = Linker(areas_of(pack))
    recalled = account("r2", ["uav_strike"], DatePrecision.REPORTED)
    assert len(set(linker.link([advance, recalled]).values())) == 2
    dated = account("r3", ["uav_strike"], DatePrecision.DAY)
    assert len(set(linker.link([advance, dated]).values())) == 1
    alike = account("r4", ["mortar"], DatePrecision.REPORTED)
    assert len(set(linker.link([advance, alike]).values())) == 1


def test_a_claim_with_no_place_tied_equally_to_both_ends_of_the_border_waits(pack: Pack) -> None:
    """Claims written for these tests. Mortar fire on one day at Vardenis and at Kapan, 120 km apart on
    the border, each told by a voice; a statement of that day, with no place, blaming the same side for
    mortar fire pairs as well with either: it waits for an analyst. Alone with one of them, or with the
    figures of one, it joins that one."""
    told = {"accused": "AZ", "target": "AM", "means": ["mortar"]}
    north = claim("e1", "ammod", DAY, "vardenis", pack, document_id="doc-1", **told)
    south = claim("e2", "amgov", DAY, "kapan", pack, document_id="doc-2", **told)
    vague = claim("e3", "outlet", DAY, None, pack, document_id="doc-3", **told)
    linker = Linker(areas_of(pack))
    links = linker.link([north, south, vague])
    assert links["C-e1"] != links["C-e2"] and links["C-e3"] not in (links["C-e1"], links["C-e2"])
    assert linker.link(list(reversed([north, south, vague]))) == links
    alone = linker.link([south, vague])
    assert alone["C-e3"] == alone["C-e2"]
    # the figures of one of them tie it there
    hurt = [Casualty("AM", "servicemen", "wounded", 2)]
    south.casualties, vague.casualties = hurt, list(hurt)
    links = linker.link([north, south, vague])
    assert links["C-e3"] == links["C-e2"] != links["C-e1"]


def test_an_undated_denial_answers_an_account_only_within_a_day_of_it(pack: Pack) -> None:
    """Claims written for these tests. A denial with no date of its own, at the place of an account with
    none either, answers it when published on the account's day or the next; published four days later
    (its reported days still reach the account's) it answers another statement, and waits."""
    account = claim("k1", "nkmod", DAY, "khramort", pack, accused="AZ", target="NK", means=["mortar"])
    account.date_precision = DatePrecision.REPORTED

    def denial(ident: str, published: date) -> Claim:
        made = claim(ident, "azmod", published, "khramort", pack, accused="AZ", stance="denies")
        made.date_precision = DatePrecision.REPORTED
        return made

    linker = Linker(areas_of(pack))
    links = linker.link([account, denial("k2", DAY + timedelta(days=1))])
    assert links["C-k2"] == links["C-k1"]
    links = linker.link([account, denial("k3", DAY + timedelta(days=4))])
    assert links.get("C-k3") != links["C-k1"]  # (a denial of nothing on record founds no incident)


def _crowd(one_voice: float = 0.0) -> tuple[Linker, list]:  # type: ignore[type-arg]
    """A thousand and more claims on six days around one place (made up here, written for the test), so
    that buckets overflow ``BUCKET_CAP``: points, districts, the whole region, ranges, reported dates,
    denials and withdrawals; the linker and the claims' facts. ``one_voice``: the share of them that are
    one source's records, apart from any document (as a store's pack or a busy source's)."""
    rng = random.Random(4)
    sides = [("AZ", "NK"), ("NK", "AZ"), ("AZ", "AM"), ("AM", "AZ"), (None, None)]
    claims = []
    for n in range(1200):
        day = date(2021, 5, 1) + timedelta(days=rng.randrange(6))
        precision = rng.choice([DatePrecision.DAY, DatePrecision.REPORTED, DatePrecision.RANGE])
        last = day + timedelta(days=rng.randrange(1, 3)) if precision is DatePrecision.RANGE else day
        accused, target = rng.choice(sides)
        recorded = rng.random() < one_voice
        c = Claim(
            day,
            last,
            precision,
            LocationPrecision.NEAR,
            rng.choice([500.0, 2000.0, 8000.0, 70000.0]),
            accused=accused,
            target=target,
            means=rng.choice([["small_arms"], ["mortar"], ["incursion"], []]),
            stance="asserts" if recorded else rng.choice(["asserts"] * 6 + ["denies", "withdrew"]),
            id=f"C-crowd-{n}",
            source_id="r" if recorded else rng.choice("abcd"),
            document_id=None if recorded else f"D-{rng.randrange(50)}",
            standing=Standing.CLAIMED,
        )
        kind = rng.random()
        if kind < 0.7:
            c.lat, c.lon = 40.0 + rng.uniform(-0.05, 0.05), 46.8 + rng.uniform(-0.05, 0.05)
            c.place_id = rng.choice(["p1", "p2", None])
        elif kind < 0.85:
            c.area_ref = rng.choice(["d1", "region"])
        claims.append(c)
    linker = Linker({"p1": {"d1"}}, units={"d1": (40.0, 46.8, 15000.0)})
    return linker, linker._facts(claims)


def _plain_cells(f, size: float, slack: float) -> list[int]:  # type: ignore[no-untyped-def]
    """The grid cells, each one integer, that a claim's disc (its radius, capped, and ``slack``) touches,
    one by one (the linker computes them with numpy)."""
    import math

    from truce.reconcile.link import SEARCH_CAP_KM

    reach = min(f.km, SEARCH_CAP_KM) + slack
    dlat, dlon = reach / 111.0, reach / (111.0 * max(0.2, f.cos))
    rows = range(math.floor((f.lat - dlat) / size), math.floor((f.lat + dlat) / size) + 1)
    cols = range(math.floor((f.lon - dlon) / size), math.floor((f.lon + dlon) / size) + 1)
    return [row * 8192 + col for row in rows for col in cols]


def _plain_met(facts: list) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:  # type: ignore[type-arg]
    """The linker's candidate pass written plainly, one claim after the other, as the reference the numpy
    pass must equal: by first day, each claim reads the buckets (table, day, key) of its days and a day
    either side, the last ``BUCKET_CAP`` filed in each before it, then files itself; points by grid cell
    and the wide claims, the others every claim of the day, claims blaming a side by sector. The pairs it
    meets (earlier claim, claim), and those each follow-up meets reading the advances of the weeks before."""
    from collections import defaultdict

    from truce.reconcile import link as k

    buckets: defaultdict[tuple, list[int]] = defaultdict(list)  # type: ignore[type-arg]
    met: set[tuple[int, int]] = set()
    for f in sorted(facts, key=lambda f: (f.start, f.i)):
        keys = [("cell", c) for c in (_plain_cells(f, k.CELL_DEGREES, k.SLACK_KM / 2) if f.point else [])]
        if f.accused and f.lat is not None and f.km <= k.SEARCH_CAP_KM:
            keys += [("sector", c) for c in _plain_cells(f, k.MIRROR_CELL_DEGREES, k.MIRROR_KM / 2)]
        reads = [*keys, ("wide", 0) if f.point else ("day", 0)]
        files = [*keys, ("day", 0)] + ([] if f.point else [("wide", 0)])
        days = k._days(f)
        for day in range(days.start - k.NEXT_DAY, days.stop + k.NEXT_DAY):
            for table, key in reads:
                met.update((i, f.i) for i in buckets[table, day, key][-k.BUCKET_CAP :])
        for day in days:
            for table, key in files:
                buckets[table, day, key].append(f.i)
            if f.advance:
                buckets["advance", day, 0].append(f.i)
    followed: set[tuple[int, int]] = set()
    for f in facts:
        if f.follows:
            for day in range(f.start - k.FOLLOW_UP_DAYS, k._days(f).stop):
                followed.update((i, f.i) for i in buckets["advance", day, 0][-k.BUCKET_CAP :])
    return met, followed


def _plain_pass(facts: list, pair, floor: float, incident: bool) -> list[int]:  # type: ignore[no-untyped-def,type-arg]
    """The pairs the plain pass (:func:`_plain_met`) meets that score ``floor``, as the linker keys them."""
    from truce.reconcile import link as k

    met, followed = _plain_met(facts)
    n, found = len(facts), []
    for i, j in {(min(p), max(p)) for p in met | followed}:
        value = pair(facts[i], facts[j])
        if k._kept(value, floor, facts[i], facts[j], incident):
            found.append(((k._TOP - round(value * 1000)) * n + i) * n + j)
    return sorted(found)


@pytest.mark.parametrize(("one_voice", "chunk"), [(0.0, None), (0.8, None), (0.0, 97), (0.8, 97)])
def test_the_pass_finds_the_pairs_of_the_plain_pass_and_a_frontier_those_of_its_claims(
    one_voice: float, chunk: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pass is computed with numpy (every claim, or the pairs of a frontier's claims alone, met from
    the side with fewer claims of other voices): it finds the pairs the plain pass finds, on a crowd
    (claims written for the test, made up here, a thousand and more on six days around one place, so
    that buckets overflow ``BUCKET_CAP``; points, districts, the whole region, ranges, reported dates,
    denials and withdrawals; with most of them one source's records, or not; met a chunk at a time)."""
    from truce.reconcile import link
    from truce.reconcile.link import BUCKET_CAP, CORROBORATE_SCORE, EPISODE_SCORE

    if chunk:  # claims met a few at a time, as a large store's are
        monkeypatch.setattr(link, "_CHUNK", chunk)
    linker, facts = _crowd(one_voice)
    n = len(facts)
    first = min(f.start for f in facts)
    busiest = max(sum(f.start <= day <= f.end for f in facts) for day in range(first, first + 9))
    assert busiest > BUCKET_CAP  # (a day's bucket of every claim overflows)
    rng = random.Random(11)
    records = {f.i for f in facts if f.claim.source_id == "r"}
    # the candidates themselves, each once: every claim's, and a frontier's (less the pairs of one voice,
    # which a frontier of most of one voice's claims does not meet)
    met, _ = _plain_met(facts)

    def pairs(chunks) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
        return [p for earlier, later in chunks for p in zip(earlier.tolist(), later.tolist(), strict=True)]

    for incident in (True, False):
        found = pairs(link._Screen(facts, incident).candidates())
        assert len(found) == len(set(found)) and set(found) == met
    screen = link._Screen(facts, True)
    for frontier in [set(rng.sample(range(n), n // 3)), records or {0}]:
        found = pairs(screen.touching(screen.mask(frontier)))
        assert len(found) == len(set(found))
        wanted = {(a, b) for a, b in met if a in frontier or b in frontier}
        assert {p for p in found if facts[p[0]].voice != facts[p[1]].voice} == {
            p for p in wanted if facts[p[0]].voice != facts[p[1]].voice
        }
    for pair, floor, incident in (
        (linker._pair, CORROBORATE_SCORE, True),
        (linker._episode_pair, EPISODE_SCORE, False),
    ):
        whole = linker._pairs(facts, pair, floor, incident=incident)
        assert whole and whole == _plain_pass(facts, pair, floor, incident)
        frontiers = [set(rng.sample(range(n), size)) for size in (1, 30, n // 3)]
        frontiers += [set(range(n)) - {n // 2}] + ([records] if records else [])
        for frontier in frontiers:
            expected = [key for key in whole if key // n % n in frontier or key % n in frontier]
            assert linker._pairs(facts, pair, floor, frontier, incident=incident) == expected


def test_the_screen_refuses_only_pairs_the_scoring_refuses() -> None:
    """The numpy screen (``_Screen``) mirrors refusals of ``_pair`` and ``_episode_pair``: a pair it
    refuses must be one they refuse, or the screen would drop pairs the linker should score."""
    import numpy as np

    from truce.reconcile.link import _Screen

    linker, facts = _crowd()
    rng = random.Random(9)
    n = len(facts)
    earlier = np.array([rng.randrange(n) for _ in range(30_000)])
    later = np.array([rng.randrange(n) for _ in range(30_000)])
    keep = earlier != later
    earlier, later = earlier[keep], later[keep]
    asked = set(zip(np.minimum(earlier, later).tolist(), np.maximum(earlier, later).tolist(), strict=True))
    for pair, incident in ((linker._pair, True), (linker._episode_pair, False)):
        passed = set(_Screen(facts, incident).survivors(earlier, later))
        refused = asked - passed
        assert refused and passed  # (the sample holds both)
        scored = [(a, b) for a, b in refused if pair(facts[a], facts[b]) is not None]
        assert scored == [], f"the screen refused pairs that score: {scored[:5]}"
