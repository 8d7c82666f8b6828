"""How incident fields read in a bulletin. The events here are written for the tests, not real."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from truce.model import Casualty, DatePrecision, Event, LocationPrecision, Party
from truce.packs import Pack
from truce.report import describe

PARTIES = {
    "AZ": Party("AZ", "state", {"en": "the armed forces of A"}, sides={"en": "side A"}),
    "NK": Party("NK", "de_facto", {"en": "the forces of B"}, sides={"en": "side B"}),
}


def event(**fields: object) -> Event:
    base = {
        "date_from": date(2021, 7, 13),
        "date_to": date(2021, 7, 13),
        "date_precision": DatePrecision.DAY,
        "location_precision": LocationPrecision.NEAR,
        "radius_m": 3000.0,
    }
    return Event(**(base | fields))  # type: ignore[arg-type]


def test_times_are_stored_in_utc_and_shown_in_the_missions_zone() -> None:
    # 16:27-16:53 UTC is 20:27-20:53 in Baku (UTC+4, no summer time since 2016)
    written = event(
        time_from=datetime(2021, 7, 13, 16, 27, tzinfo=UTC), time_to=datetime(2021, 7, 13, 16, 53, tzinfo=UTC)
    )
    assert describe.time_window(written, "Asia/Baku") == "20:27-20:53"
    assert describe.time_window(event(), "Asia/Baku") is None


def test_blame_and_casualties() -> None:
    assert describe.blamed(event(accused="unknown"), PARTIES) == "not indicated"
    assert describe.blamed(event(accused="AZ"), PARTIES) == "the armed forces of A"
    casualties = [Casualty("NK", "servicemen", "killed", 2), Casualty("NK", "servicemen", "wounded", 14)]
    assert describe.casualties_text(casualties, False, PARTIES) == "side B, servicemen: 2 killed, 14 wounded"
    # casualties belong to a side, civilians never to its "forces"
    civilians = [Casualty("NK", "civilians", "killed", 1), Casualty("AZ", "unknown", "wounded", 3)]
    assert (
        describe.casualties_text(civilians, False, PARTIES)
        == "side B, civilians: 1 killed; side A: 3 wounded"
    )
    assert describe.casualties_text([], True, PARTIES) == "no casualties"
    assert describe.casualties_text([], False, PARTIES) == "not indicated"


def test_means() -> None:
    assert describe.means_text(event(means=["small_arms", "mortar"])) == "small arms, mortar"
    assert describe.means_text(event()) == "not indicated"


def test_locations_by_precision(pack: Pack) -> None:
    gazetteer, names = pack.gazetteer(), pack.profile.conventions
    zone = event(location_precision=LocationPrecision.ZONE, area_ref="zone")
    assert "place not indicated" in describe.location_text(zone, gazetteer, names["az"])
    district = event(location_precision=LocationPrecision.DISTRICT, area_ref="nkr-askeran")
    assert describe.location_text(district, gazetteer, names["hy"]).startswith(
        "in the territory of the former Askeran province"
    )
    relative = event(location_precision=LocationPrecision.POINT, place_id="khramort", rel_km=1.8, rel_dir="E")
    assert describe.location_text(relative, gazetteer, names["az+hy"]) == "1.8 km east of Pirlar / Khramort"
    # a place outside the theatre's country is named with its country, in the convention
    sotk = event(place_id=gazetteer.resolve("Sotk").id)
    assert describe.location_text(sotk, gazetteer, names["az+hy"]) == "near Sotk, Armenia"
    assert describe.location_text(sotk, gazetteer, names["az"]) == "near Zod, Armenia"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_search_never_fails_on_any_text(pack: Pack, text: str) -> None:
    for match in pack.gazetteer().search(text, limit=3):
        assert 0 <= match.score <= 100
