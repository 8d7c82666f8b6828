"""Finding places by any name, spelling, transliteration or script; homonyms by context."""

from __future__ import annotations

import itertools

import pytest

from truce.errors import UnknownPlace
from truce.gazetteer import Gazetteer, fold, place_name, sound
from truce.model import Place, PlaceName
from truce.packs import Pack


@pytest.fixture(scope="module")
def gazetteer(pack: Pack) -> Gazetteer:
    return pack.gazetteer()


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("Stepanakert", "Khankendi"),
        ("Xankendi", "Khankendi"),
        ("Xankəndi", "Khankendi"),
        ("Степанакерт", "Khankendi"),
        ("Shushi", "Shusha"),
        ("Şuşa", "Shusha"),
        ("Шуша", "Shusha"),
        ("Farukh", "Parukh"),
        ("Фарух", "Parukh"),
        ("Dzhanatag", "Janyatag"),
        ("Yeghtsaog", "Yeghtsahogh"),
        ("Saribaba", "Sarybaba"),
    ],
)
def test_names_of_one_place(gazetteer: Gazetteer, query: str, same_as: str) -> None:
    assert gazetteer.resolve(query).id == gazetteer.resolve(same_as).id


def test_every_convention_names_the_place(gazetteer: Gazetteer, pack) -> None:  # type: ignore[no-untyped-def]
    names = pack.profile.conventions
    city = gazetteer.resolve("Stepanakert")
    assert place_name(city, names["az"]) == "Khankendi"
    assert place_name(city, names["hy"]) == "Stepanakert"
    assert place_name(city, names["ru"]) == "Степанакерт"
    assert place_name(city, names["az+hy"]) == "Khankendi / Stepanakert"
    village = gazetteer.resolve("Parukh")
    assert place_name(village, names["az"]) == "Farukh"
    assert place_name(village, names["hy"]) == "Parukh"


@pytest.mark.parametrize(
    ("name", "official", "az"),
    [
        ("Yerevan", "Yerevan", "Iravan"),
        ("Goris", "Goris", "Gorus"),
        ("Sotk", "Sotk", "Zod"),
        ("Tartar", "Tartar", "Tartar"),
        ("Ganja", "Ganja", "Ganja"),
    ],
)
def test_outside_the_disputed_area_a_place_has_its_official_name(
    gazetteer: Gazetteer, pack, name: str, official: str, az: str
) -> None:  # type: ignore[no-untyped-def]
    """conventions.md, section 8: one name in every convention but the single-side ones."""
    place, names = gazetteer.resolve(name), pack.profile.conventions
    assert not place.disputed
    for code in ("az+hy", "hy+az", "en", "hy"):
        assert place_name(place, names[code]) == official, code
    assert place_name(place, names["az"]) == az  # the single-side convention a reader picks on purpose
    assert " / " not in place_name(place, names["native"])


def test_inside_the_disputed_area_the_paired_conventions_pair_both_names(gazetteer: Gazetteer, pack) -> None:  # type: ignore[no-untyped-def]
    names = pack.profile.conventions
    for name, paired in (
        ("Shusha", "Shusha / Shushi"),
        ("Aghdam", "Aghdam / Akna"),
        ("Madagiz", "Sugovushan / Mataghis"),
    ):
        place = gazetteer.resolve(name)
        assert place.disputed, name
        assert place_name(place, names["az+hy"]) == paired


def test_near_misses_are_ranked(gazetteer: Gazetteer) -> None:
    matches = gazetteer.search("Stepanakertt")
    assert matches[0].place.id == gazetteer.resolve("Stepanakert").id
    assert matches[0].score < 100
    assert all(a.score >= b.score for a, b in itertools.pairwise(matches))


def test_unknown_place_suggests_the_nearest_names(gazetteer: Gazetteer) -> None:
    # a misspelling one name is clearly closest to resolves; one too far from any is only suggested
    assert gazetteer.resolve("Stepanakrt").id == "stepanakert"
    with pytest.raises(UnknownPlace) as caught:
        gazetteer.resolve("Stepnkrt")
    assert "Stepanakert" in caught.value.suggestions
    with pytest.raises(UnknownPlace) as nothing:
        gazetteer.resolve("Qqqqzzzz")
    assert nothing.value.suggestions == []


def test_homonym_martuni_by_context(gazetteer: Gazetteer) -> None:
    default = gazetteer.resolve("Martuni")
    assert default.country == "AZ", "the mission's theatre is the default context"
    armenian = gazetteer.resolve("Martuni", within=gazetteer.resolve_admin("Gegharkunik").id)
    assert armenian.country == "AM"
    yerevan = gazetteer.resolve("Yerevan")
    assert gazetteer.resolve("Martuni", near=(yerevan.lat, yerevan.lon)).country == "AM"


def test_homonym_karaglukh_height_and_village(gazetteer: Gazetteer) -> None:
    ids = {m.place.id for m in gazetteer.search("Karaglukh") if m.score >= 90}
    kinds = {gazetteer.get(i).kind for i in ids}
    assert len(ids) >= 2 and "height" in kinds


def test_fold_and_sound_keys() -> None:
    assert fold("Xankəndi") == "xankendi"
    assert fold("Степанакерт") == "stepanakert"
    assert sound("Khankendi") == sound("Xankəndi")
    assert sound("Qubadli") == sound("Gubadly")


def test_a_small_gazetteer_written_for_tests() -> None:
    # Written for this test: two homonyms 100 km apart, no real places.
    north = Place("n", "village", "AZ", 41.0, 47.0, [PlaceName("Testvank", "en")])
    south = Place("s", "village", "AZ", 40.0, 47.0, [PlaceName("Testvank", "en")], admin_current="unit-s")
    gazetteer = Gazetteer([north, south], focus=(41.1, 47.0))
    assert gazetteer.resolve("Testvank").id == "n"
    assert gazetteer.resolve("Testvank", within="unit-s").id == "s"
    assert gazetteer.resolve("testvank", near=(39.9, 47.0)).id == "s"


def test_a_misspelt_name_resolves_to_the_place_its_close_spellings_share() -> None:
    # Written for this test: one town has two spellings, the district named after it has one of them;
    # a misspelling close to both names the town (the district is not a spelling of both).
    town = Place("town", "town", "AZ", 40.0, 47.0, [PlaceName("Testevan", "en"), PlaceName("Testivan", "ru")])
    district = Place("unit", "district", "AZ", 40.1, 47.1, [PlaceName("Testevan", "variant")])
    other = Place("other", "village", "AZ", 40.5, 47.5, [PlaceName("Tastivan", "en")])
    gazetteer = Gazetteer([town, district, other], focus=(40.0, 47.0))
    assert gazetteer.resolve("Testvan").id == "town"
    # two different places equally close: refused, never guessed
    with pytest.raises(UnknownPlace):
        gazetteer.resolve("Tstivan")


def test_a_misspelt_admin_unit_keeps_its_generic_word() -> None:
    # Written for this test: "Testabad" is a town and "Testabad District" the district around it; a
    # misspelt "Testbad District" is the district, not the town the bare name would find.
    town = Place("town", "town", "AZ", 40.0, 47.0, [PlaceName("Testabad", "en")])
    district = Place("unit", "district", "AZ", 40.0, 47.0, [PlaceName("Testabad District", "en")])
    gazetteer = Gazetteer([town, district], focus=(40.0, 47.0))
    assert district.is_admin_unit
    assert gazetteer.resolve("Testbad District").id == "unit"
    assert gazetteer.resolve("Testbad").id == "town"


def test_homonyms_at_one_point_are_ordered_the_same_every_time() -> None:
    # Written for this test: two records of one village at the same point (a pack and GeoNames)
    ours = Place("b-ours", "village", "AZ", 40.0, 47.0, [PlaceName("Testkend", "en")])
    theirs = Place("a-geonames", "village", "AZ", 40.0, 47.0, [PlaceName("Testkend", "en")], curated=False)
    for places in ([ours, theirs], [theirs, ours]):
        gazetteer = Gazetteer(places, focus=(40.0, 47.0))
        assert gazetteer.resolve("Testkend").id == "b-ours"  # the curated record first
        assert gazetteer.search("Testkend")[0].place.id == "b-ours"


def test_the_suggestions_of_an_unknown_place_survive_pickling(gazetteer: Gazetteer) -> None:
    import pickle

    with pytest.raises(UnknownPlace) as caught:
        gazetteer.resolve("Stepnkrt")
    copy = pickle.loads(pickle.dumps(caught.value))
    assert copy.suggestions == caught.value.suggestions and "Stepanakert" in str(copy)
