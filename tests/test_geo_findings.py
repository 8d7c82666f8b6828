"""Spatial findings: entries into the zone, crossings of the line of contact, incidents near posts, and
positions outside the region, each saying whether the geometry settles it."""

from __future__ import annotations

from datetime import date

import pytest
from geometries import LINE, SQUARE, UTM, area, incident, post

from truce.geo.findings import FindingKind, find
from truce.packs import Pack
from truce.report.describe import finding_text

BOX = {"type": "Polygon", "coordinates": [[[45, 38], [48, 38], [48, 41], [45, 41], [45, 38]]]}
COUNTRY = area("country-xx", BOX, kind="country", name="XX", error_m=1000)


def kinds(found: list) -> list[tuple[str, str, bool]]:  # type: ignore[type-arg]
    return [(f.kind.value, f.incident_id, f.clear) for f in found]


def test_entry_deep_inside_is_clear() -> None:
    zone = area("z", SQUARE, error_m=500)
    deep = incident("deep", 39.1, 46.1, accused="AZ", means=["post_set_up"], radius_m=300)
    edge = incident("edge", 39.1, 46.001, accused="AZ", means=["incursion"], radius_m=300)
    unknown = incident("who", 39.1, 46.1, accused="unknown", means=["incursion"])
    fire = incident("fire", 39.1, 46.1, accused="AZ", means=["small_arms"])
    found = find([deep, edge, unknown, fire], [zone, COUNTRY], [], UTM)
    assert kinds(found) == [("zone_entry", "deep", True), ("zone_entry", "edge", False)]
    assert found[0].distance_m == pytest.approx(8640, rel=0.01) and found[0].uncertainty_m == 800


def test_crossing_reports_the_side_of_the_line() -> None:
    line = area("loc", LINE, kind="line_of_contact", name="loc", error_m=1000)
    zone = area("z", SQUARE)
    north = incident("north", 39.15, 46.1, accused="AZ", means=["incursion"], radius_m=200)
    beyond = incident("beyond", 39.3, 46.1, accused="AZ", means=["incursion"], radius_m=200)
    found = find([north, beyond], [line, zone, COUNTRY], [], UTM)
    crossings = [f for f in found if f.kind is FindingKind.LINE_CROSSING]
    assert [(f.incident_id, f.inside, f.clear) for f in crossings] == [
        ("north", True, True),
        ("beyond", False, True),
    ]
    assert crossings[0].distance_m == pytest.approx(5550, rel=0.01)


def test_near_a_post() -> None:
    exact = post("exact", 39.1, 46.1, radius_m=0.0)
    placed = post("placed", 39.5, 46.5, radius_m=5000.0, approximate=True)
    at_exact = incident("a", 39.1035, 46.1, radius_m=100)
    at_placed = incident("b", 39.5, 46.5, radius_m=100)
    far = incident("c", 39.2, 46.1)
    found = find([at_exact, at_placed, far], [COUNTRY], [exact, placed], UTM)
    assert kinds(found) == [("near_post", "a", True), ("near_post", "b", False)]
    text = finding_text(found[1], {}, {"placed": placed})
    assert "as placed on the map" in text and "does not establish" in text


def test_position_outside_the_region_is_flagged() -> None:
    swapped = incident("swapped", 46.1, 39.1)  # lat and lon swapped: in the Caucasus no more
    found = find([swapped], [COUNTRY], [], UTM)
    assert kinds(found) == [("outside_region", "swapped", True)]


def test_incidents_without_a_point_give_no_finding() -> None:
    from truce.model import LocationPrecision

    district = incident("d", None, None, location_precision=LocationPrecision.DISTRICT, means=["incursion"])
    assert find([district], [area("z", SQUARE), COUNTRY], [], UTM) == []


def test_pack_parukh_entry_and_saribaba_crossing(pack: Pack) -> None:
    found = find(pack.incidents, pack.areas, pack.posts, pack.projection())
    by = {(f.kind, f.incident_id): f for f in found}
    parukh = by[(FindingKind.ZONE_ENTRY, "I-rumod-20220324")]
    assert parukh.subject == "zone-north-v3" and parukh.day == date(2022, 3, 24)
    saribaba = by[(FindingKind.LINE_CROSSING, "I-rumod-20230325")]
    assert saribaba.subject == "line-of-contact-v4" and saribaba.inside
    # judged against the line as it stood before the event, not the one it made
    assert by[(FindingKind.LINE_CROSSING, "I-rumod-20220324")].subject == "line-of-contact-v2"
    assert (FindingKind.NEAR_POST, "I-rumod-20220211") in by  # Karmir Shuka, where post S4 is placed
    assert not any(f.kind is FindingKind.OUTSIDE_REGION for f in found)  # Sotk is in Armenia: in the region
    # the pack's geometry is drawn to a few km: nothing here is settled by the map alone
    assert not any(f.clear for f in found)


def test_the_side_of_a_line_is_taken_against_its_direction_even_at_a_vertex() -> None:
    import shapely

    from truce.geo.findings import side_of

    # a line drawn west to east with a sharp bend up at x=10: north is its left
    line = shapely.LineString([(0, 0), (10, 0), (10, 10)])
    assert side_of(line, shapely.Point(5, 3)) == 1
    assert side_of(line, shapely.Point(5, -3)) == -1
    assert side_of(line, shapely.Point(13, 5)) == -1  # east of the upward leg: its right
    assert side_of(line, shapely.Point(12, -2)) == -1  # outside the bend, nearest the vertex itself
    assert side_of(line, shapely.Point(8, 1)) == 1  # inside the bend
    parts = shapely.MultiLineString([[(0, 0), (10, 0)], [(20, 0), (30, 0)]])
    assert side_of(parts, shapely.Point(25, -1)) == -1 and side_of(parts, shapely.Point(2, 4)) == 1
