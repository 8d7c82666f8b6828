"""Locating incidents: a point and a radius from a relative position, and where that point stands."""

from __future__ import annotations

from datetime import date

import pytest
from geometries import LINE, SQUARE, UTM, area, incident, post
from pyproj import Geod

from truce.geo.locate import relative_position, site_incidents
from truce.model import LocationPrecision, Place, Siting
from truce.packs import Pack


def test_relative_position_is_never_better_than_its_place() -> None:
    village = Place("v", "village", "AZ", 40.0, 46.83, [], radius_m=700)
    lat, lon, radius = relative_position(village, 2.0, "NW")
    metres = Geod(ellps="WGS84").inv(46.83, 40.0, lon, lat)[2]
    assert metres == pytest.approx(2000, rel=0.005)
    assert radius == pytest.approx(700 + 2000 * 0.195, abs=1)  # the place's radius and a 22.5-degree sector
    assert relative_position(village, 0.0, "E") == (40.0, 46.83, 700.0)
    with pytest.raises(ValueError, match="not a compass direction"):
        relative_position(village, 1.0, "up")


def test_siting_of_named_geometries() -> None:
    areas = [area("zone", SQUARE, error_m=0), area("line", LINE, kind="line_of_contact", name="loc")]
    posts = [post("near", 39.105, 46.1, range_m=3000), post("far", 39.5, 46.5, range_m=None)]
    inside = incident("inside", 39.1, 46.1)
    outside = incident("outside", 39.3, 46.1)
    district = incident("district", None, None, location_precision=LocationPrecision.DISTRICT, area_ref="x")
    sitings = site_incidents([inside, outside, district], areas, posts, UTM)
    assert sitings["inside"].areas == ("zone",)
    # on the line in lon/lat; a few metres off in metres, where a parallel is not straight
    assert sitings["inside"].line_of_contact_m == pytest.approx(0, abs=10)
    assert sitings["inside"].nearest_post == "near"
    assert sitings["inside"].nearest_post_m == pytest.approx(555, abs=5)
    assert sitings["inside"].observable is True
    assert sitings["outside"].areas == ()
    assert sitings["outside"].line_of_contact_m == pytest.approx(22_200, rel=0.01)
    assert sitings["outside"].observable is False
    assert sitings["district"] == Siting(areas=None)  # an area is never measured as a pin


def test_no_posts_and_no_ranges() -> None:
    alone = incident("alone", 39.1, 46.1)
    nobody = site_incidents([alone], [], [], UTM)["alone"]
    assert (nobody.nearest_post, nobody.observable, nobody.line_of_contact_m) == (None, None, None)
    unranged = site_incidents([alone], [], [post("p", 39.1, 46.1, range_m=None)], UTM)["alone"]
    assert unranged.nearest_post == "p" and unranged.observable is None  # nobody knows what it could see


def test_only_the_posts_and_areas_of_the_day_count() -> None:
    closed = post("closed", 39.1, 46.1, active_to=date(2021, 1, 1))
    later = area("later", SQUARE, valid_from=date(2023, 1, 1))
    siting = site_incidents([incident("i", 39.1, 46.1)], [later], [closed], UTM)["i"]
    assert siting.areas == () and siting.nearest_post is None


def test_pack_incidents_are_sited(pack: Pack) -> None:
    sited = {i.id: i.siting for i in pack.incidents}
    assert all(s is not None for s in sited.values())
    farukh = sited["I-rumod-20220324"]
    assert farukh.areas == ("zone-north-v3",) and farukh.nearest_post == "pp-n5"
    assert sited["I-rumod-20220806"].areas == ()  # Sotk, Armenia
    assert sited["I-rumod-20220806"].line_of_contact_m > 40_000
    assert sited["I-rumod-20230305"].areas == ("corridor-lachin-v2",)  # the dirt road near Dyukyanlar
    assert sited["I-rumod-20220311"].areas is None  # the former Askeran province: no point
    observable = [s.observable for s in sited.values() if s.areas is not None]
    assert True in observable and False in observable


def test_relative_incident_radius_grows_from_its_place(pack: Pack) -> None:
    khramort = pack.gazetteer().get("khramort")
    east = next(i for i in pack.incidents if i.id == "I-rumod-20221105")
    assert east.radius_m >= khramort.radius_m  # "1.8 km E of Khramort" is no better than Khramort
