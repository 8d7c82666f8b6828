"""Areas as of a date: versions picked by day, points classified against them, the pack's line of contact."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
import shapely
from geometries import EAST_SQUARE, HOLED, LINE, SQUARE, TWO_PARTS, UTM, area
from shapely.geometry import shape

from truce.geo.areas import AreasAsOf, area_label
from truce.geo.projection import Projection
from truce.packs import Pack


def test_versions_are_picked_by_day() -> None:
    old = area("z-v1", SQUARE, valid_to=date(2020, 12, 31))
    new = area("z-v2", EAST_SQUARE, valid_from=date(2021, 1, 1))
    assert [a.id for a in AreasAsOf([old, new], date(2020, 12, 31), UTM).versions] == ["z-v1"]
    assert [a.id for a in AreasAsOf([old, new], date(2021, 1, 1), UTM).versions] == ["z-v2"]
    assert AreasAsOf([old], date(2019, 12, 31), UTM).versions == ()


@pytest.mark.parametrize(
    ("name", "geometry", "inside", "outside"),
    [
        ("square", SQUARE, (46.1, 39.1), (46.3, 39.1)),
        ("square with a hole", HOLED, (46.02, 39.02), (46.1, 39.1)),
        ("two parts", TWO_PARTS, (46.55, 39.55), (46.3, 39.3)),
    ],
)
def test_classify_named_geometries(name: str, geometry: dict, inside: tuple, outside: tuple) -> None:
    areas = AreasAsOf([area("a", geometry)], date(2022, 1, 1), UTM)
    found = areas.classify(np.array([inside[0], outside[0]]), np.array([inside[1], outside[1]]))
    assert found.tolist() == [("a",), ()], name


def test_overlapping_areas_are_both_named() -> None:
    areas = AreasAsOf(
        [area("west", SQUARE), area("east", EAST_SQUARE, kind="corridor", name="lachin")],
        date(2022, 1, 1),
        UTM,
    )
    found = areas.classify(np.array([46.05, 46.15, 46.25]), np.array([39.1, 39.1, 39.1]))
    assert found.tolist() == [("west",), ("east", "west"), ("east",)]  # corridor before zone: by kind


def test_empty_inputs() -> None:
    none_in_force = AreasAsOf([], date(2022, 1, 1), UTM)
    assert none_in_force.classify(np.array([46.1]), np.array([39.1])).tolist() == [()]
    assert none_in_force.union_metric("zone").is_empty and none_in_force.line_of_contact is None
    some = AreasAsOf([area("a", SQUARE)], date(2022, 1, 1), UTM)
    assert some.classify(np.array([]), np.array([])).tolist() == []


def test_a_point_on_the_edge_is_not_inside() -> None:
    # containment is strict: a point exactly on a drawn edge belongs to neither side
    areas = AreasAsOf([area("a", SQUARE)], date(2022, 1, 1), UTM)
    assert areas.classify(np.array([46.0]), np.array([39.1])).tolist() == [()]


def test_metric_geometry_has_true_surfaces() -> None:
    areas = AreasAsOf(
        [area("a", SQUARE), area("l", LINE, kind="line_of_contact", name="loc")], date(2022, 1, 1), UTM
    )
    # 0.2 x 0.2 degrees at 39.1 N: about 17.3 km x 22.2 km
    assert areas.metric["a"].area / 1e6 == pytest.approx(17.27 * 22.2, rel=0.01)
    assert areas.metric["l"].length == pytest.approx(17_270, rel=0.01)
    assert areas.line_of_contact is not None and areas.line_of_contact.id == "l"


def test_projection_is_the_utm_zone_of_the_focus(pack: Pack) -> None:
    assert pack.projection().crs == "EPSG:32638"
    assert Projection.for_focus(52.52, 13.40).crs == "EPSG:32633"  # Berlin: another mission, another zone
    with pytest.raises(ValueError, match="not a projected"):
        Projection("EPSG:4326")


@pytest.mark.parametrize(
    ("day", "line", "zones"),
    [
        (date(2020, 11, 10), "line-of-contact-v1", {"zone-north-v1", "zone-south-v1"}),
        (date(2022, 3, 25), "line-of-contact-v2", {"zone-north-v3", "zone-south-v3"}),
        (date(2022, 3, 26), "line-of-contact-v3", {"zone-north-v3", "zone-south-v3"}),
        (date(2022, 8, 26), "line-of-contact-v4", {"zone-north-v3", "zone-south-v3"}),
        (date(2023, 9, 20), None, {"zone-north-v3", "zone-south-v3"}),  # the line ended with the offensive
    ],
)
def test_pack_areas_as_of_a_day(pack: Pack, day: date, line: str | None, zones: set[str]) -> None:
    areas = AreasAsOf(pack.areas, day, pack.projection())
    assert (areas.line_of_contact.id if areas.line_of_contact else None) == line
    assert {a.id for a in areas.of_kind("zone")} == zones


def test_line_of_contact_follows_the_zone_edge(pack: Pack) -> None:
    areas = AreasAsOf(pack.areas, date(2021, 6, 1), pack.projection())
    line = areas.metric["line-of-contact-v2"]
    edge = areas.union_metric("zone").boundary
    # derived from the zones: every vertex on their edge (to within the 50 m simplification)
    assert shapely.hausdorff_distance(line, edge.intersection(line.buffer(100))) < 100
    # not inside the corridor, where peacekeepers stood between the sides
    assert shapely.intersection(line, areas.metric["corridor-lachin-v1"].buffer(-200)).length == 0


def test_line_of_contact_moves_around_parukh(pack: Pack) -> None:
    parukh = pack.gazetteer().get("parukh")
    before = AreasAsOf(pack.areas, date(2022, 3, 25), pack.projection())
    after = AreasAsOf(pack.areas, date(2022, 3, 26), pack.projection())
    x, y = pack.projection().to_metric(parukh.lon, parukh.lat)
    point = shapely.Point(x, y)
    assert before.metric["line-of-contact-v2"].distance(point) > 500
    assert after.metric["line-of-contact-v3"].distance(point) > 500
    # the line changed only around Parukh, where it now runs on the zone's side of the village
    moved = after.metric["line-of-contact-v3"].difference(before.metric["line-of-contact-v2"].buffer(10))
    assert moved.length > 3000
    assert moved.distance(point) < 1500 and shapely.hausdorff_distance(moved, point) < 6000


def test_every_line_of_contact_is_approximate_with_provenance(pack: Pack) -> None:
    lines = [a for a in pack.areas if a.kind == "line_of_contact"]
    assert len(lines) == 4
    for line in lines:
        assert line.approximate and line.error_m == 3000
        assert "Derived, not surveyed" in line.basis and line.source
        assert shape(line.geometry).geom_type in ("LineString", "MultiLineString")
    assert max(line.valid_to for line in lines) == date(2023, 9, 19)


def test_area_labels(pack: Pack) -> None:
    labels = {area_label(a) for a in pack.areas}
    assert {"north zone", "south zone", "Lachin corridor", "line of contact", "AZ", "AM"} <= labels
