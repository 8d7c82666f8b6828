"""Coverage: the share of each area the active posts could watch, and the places out of their reach."""

from __future__ import annotations

import shutil
from datetime import date
from math import pi
from pathlib import Path

import pytest
from geometries import SQUARE, UTM, area, post

from truce.errors import PackError
from truce.geo.coverage import coverage
from truce.model import Place
from truce.packs import PACKS_DIR, Pack, load_pack

DAY = date(2022, 1, 1)


def test_one_post_in_a_square() -> None:
    seen = coverage(DAY, [area("z", SQUARE)], [post("p", 39.1, 46.1, range_m=5000)], [], UTM)
    assert seen.zones is not None
    assert seen.zones.covered_km2 == pytest.approx(pi * 25, rel=0.01)  # the whole disc lies inside
    assert seen.zones.share == pytest.approx(pi * 25 / seen.zones.area_km2, rel=0.01)


def test_overlapping_posts_are_not_counted_twice() -> None:
    twins = [post("a", 39.1, 46.1, range_m=5000), post("b", 39.1, 46.1, range_m=5000)]
    seen = coverage(DAY, [area("z", SQUARE)], twins, [], UTM)
    assert seen.zones.covered_km2 == pytest.approx(pi * 25, rel=0.01)


def test_posts_without_a_range_are_left_out_and_named() -> None:
    seen = coverage(DAY, [area("z", SQUARE)], [post("drone", 39.1, 46.1, range_m=None)], [], UTM)
    assert seen.zones.covered_km2 == 0 and [p.id for p in seen.unranged] == ["drone"]


def test_places_outside_reach() -> None:
    places = [
        Place("seen", "village", "AZ", 39.1, 46.11, []),
        Place("unseen", "village", "AZ", 39.01, 46.01, []),
        Place("elsewhere", "village", "AZ", 39.5, 46.5, []),  # in no area: not the mission's concern
        Place("unit", "district", "AZ", 39.02, 46.02, []),  # an admin unit is not a named place to watch
    ]
    seen = coverage(DAY, [area("z", SQUARE)], [post("p", 39.1, 46.1, range_m=3000)], places, UTM)
    assert [(p.id, a.id) for p, a in seen.outside] == [("unseen", "z")]


def test_nothing_in_force() -> None:
    seen = coverage(DAY, [], [], [], UTM)
    assert seen.areas == [] and seen.zones is None and seen.outside == []


def test_pack_coverage(pack: Pack) -> None:
    seen = coverage(date(2022, 3, 11), pack.areas, pack.posts, pack.places, pack.projection())
    assert {a.area.id for a in seen.areas} == {"zone-north-v2", "zone-south-v2", "corridor-lachin-v1"}
    assert 0.2 < seen.zones.share < 0.8
    assert [p.id for p in seen.unranged] == ["rtjmc-marzili"]  # the drones of the monitoring centre
    assert "sarsang-reservoir" in {p.id for p, _ in seen.outside}
    after = coverage(date(2023, 12, 1), pack.areas, pack.posts, pack.places, pack.projection())
    assert after.zones.covered_km2 < seen.zones.covered_km2  # the posts closed from 19 September 2023


def test_ranges_come_from_the_pack_and_can_be_set_per_post(tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", copy)
    settings = copy / "pack.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("[observation.post_range_m]\n", '[observation.post_range_m]\n"pp-n1" = 9000\n')
    )
    ranges = {p.id: p.observation_range_m for p in load_pack(str(copy)).posts}
    assert ranges["pp-n1"] == 9000 and ranges["pp-n2"] == 5000 and ranges["rtjmc-marzili"] is None
    settings.write_text(text.replace("checkpoint = 1000", "catapult = 1000"))
    with pytest.raises(
        PackError, match=r"pack.toml, field 'observation.range_m.catapult': 'catapult' is not a post kind"
    ):
        load_pack(str(copy))
    settings.write_text(text.replace("checkpoint = 1000", "checkpoint = -1"))
    with pytest.raises(
        PackError, match=r"observation.range_m.checkpoint': must be a distance in metres, got -1"
    ):
        load_pack(str(copy))
