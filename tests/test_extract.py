"""Extraction on passages written for these tests (not quotations; the incidents may be invented)."""

from __future__ import annotations

import ast
import re
from datetime import date, time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import truce.extract.fields
from truce.errors import PackError
from truce.extract import Extractor, detect_language
from truce.extract.fields import FieldReader
from truce.extract.rules import RULES_DIR, Rules, read_rules, rules_for
from truce.extract.rules import _compile as compile_rules
from truce.extract.voices import VoiceReader
from truce.geo.locate import relative_position
from truce.packs import Pack


@pytest.fixture(scope="module")
def extractor(pack: Pack) -> Extractor:
    return Extractor(pack.gazetteer(), pack.profile)


def one(extractor: Extractor, text: str, published: str) -> dict:
    claims = extractor.extract(text, date.fromisoformat(published))
    assert len(claims) == 1, [c.to_json() for c in claims]
    return claims[0].to_json()


def test_monitor_bulletin_with_time_window_and_relative_place(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On July 13, from 20:27 to 20:53, small arms fire was recorded in the area north-west of Shushi.",
        "2021-07-14",
    )
    assert (claim["event_date"], claim["time_start"], claim["time_end"]) == ("2021-07-13", "20:27", "20:53")
    assert [p["id"] for p in claim["places"]] == ["shusha"]
    assert claim["relative"] == {"km": None, "direction": "NW", "of": "Shushi"}
    assert claim["means"] == ["small_arms"]


def test_counts_districts_and_no_casualties(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "Over the past day the Azerbaijani side violated the ceasefire 13 times "
        "in the former Askeran province. "
        "There were no casualties.",
        "2022-03-12",
    )
    assert claim["event_date"] == "2022-03-11"
    assert claim["accused"] == "AZ"
    assert claim["places"][0]["id"] == "nkr-askeran"
    assert claim["no_casualties"] is True and claim["casualties"] == []


def test_directions_named_after_districts_are_the_districts(extractor: Extractor) -> None:
    # a ministry's sectors of the border, named after their districts (the towns share the names)
    claim = one(
        extractor,
        "On the night of 3 May units of the armed forces of Armenia opened fire with mortars on the "
        "positions of the Azerbaijani army in the Kalbajar and Lachin directions.",
        "2022-05-04",
    )
    assert {p["id"] for p in claim["places"]} == {"az-kalbajar", "az-lachin"}


def test_the_adversary_of_a_quoted_ministry_is_its_own_adversary(extractor: Extractor) -> None:
    # an outlet of no side quotes a side's ministry: "the opposite side" is the ministry's adversary
    claims = extractor.extract(
        "The Ministry of Defense of Azerbaijan said that on the night of 3 May the opposite side opened "
        "fire with mortars at the positions of the Azerbaijani army on the state border in the Kalbajar "
        "district.",
        date(2022, 5, 4),
        lang="en",
        source="Example News",
    )
    assert [(c.voice, c.accused, c.target) for c in claims] == [("AZ MoD", "AM", "AZ")]
    # a speaker with two adversaries (by where) means the one its statement names
    claims = extractor.extract(
        "Министерство обороны Азербайджана сообщило, что 3 мая подразделения вооруженных сил Армении "
        "обстреляли позиции азербайджанской армии в Лачинском районе. Затем противник продолжал обстреливать "
        "наши позиции из минометов.",
        date(2022, 5, 4),
        lang="ru",
        source="Example News",
    )
    assert [(c.accused, c.target) for c in claims] == [("AM", "AZ")]


def test_russian_inflection_and_casualties(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "11 апреля в районе села Фарух подразделения вооружённых сил Азербайджана открыли огонь по позициям "
        "Армии обороны Нагорного Карабаха. В результате ранен один военнослужащий.",
        "2022-04-12",
    )
    assert claim["event_date"] == "2022-04-11"
    assert [p["id"] for p in claim["places"]] == ["parukh"]
    assert (claim["accused"], claim["target"]) == ("AZ", "NK")
    assert claim["casualties"] == [{"side": "NK", "category": "servicemen", "status": "wounded", "count": 1}]


def test_relative_distance_becomes_a_point(extractor: Extractor, pack: Pack) -> None:
    claim = one(
        extractor,
        "On 5 November fire was opened from an Azerbaijani post at a farmer 1.8 km east of Khramort village.",
        "2022-11-06",
    )
    khramort = pack.gazetteer().get("khramort")
    assert claim["relative"] == {"km": 1.8, "direction": "E", "of": "Khramort"}
    assert claim["point"]["lon"] > khramort.lon
    # the place's own uncertainty plus the spread of the direction, as for the pack's incidents
    assert claim["point"]["radius_km"] == pytest.approx(
        relative_position(khramort, 1.8, "E")[2] / 1000, abs=0.01
    )


def test_two_incidents_in_one_report(extractor: Extractor) -> None:
    text = (
        "The ministry said Azerbaijani troops shelled Karmir Shuka on 27 January. "
        "On 11 February, gunfire was opened in the direction of Taghavard, wounding a resident."
    )
    claims = [c.to_json() for c in extractor.extract(text, date(2022, 2, 12))]
    assert [c["event_date"] for c in claims] == ["2022-01-27", "2022-02-11"]
    assert [c["places"][0]["id"] for c in claims] == ["karmir-shuka", "taghavard"]


def test_date_range_and_uav_strikes(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "Between March 24 and March 25 the Azerbaijani armed forces entered the zone of responsibility near "
        "Farukh, set up an observation post and carried out four strikes with Bayraktar TB2 drones.",
        "2022-03-26",
    )
    assert (claim["event_date"], claim["date_end"]) == ("2022-03-24", "2022-03-25")
    assert {"incursion", "post_set_up", "uav_strike"} <= set(claim["means"])
    assert claim["violations"] == 4


def test_a_denial_makes_no_claim(extractor: Extractor) -> None:
    text = "The defence ministry in Baku said Azerbaijan did not violate a single provision of the agreement."
    assert extractor.extract(text, date(2022, 3, 27)) == []


def test_a_name_the_gazetteer_lacks_is_kept_and_flagged(extractor: Extractor) -> None:
    claim = one(
        extractor, "Yesterday mortar fire hit the village of Zzyxkend, the ministry said.", "2022-05-02"
    )
    assert claim["places"] == [{"id": None, "name": "Zzyxkend", "lat": None, "lon": None}]
    assert claim["unknown_places"] == ["Zzyxkend"]
    assert claim["means"] == ["mortar"]


def test_rules_are_named_per_field(extractor: Extractor) -> None:
    claims = extractor.extract("Вчера у н.п. Храморт зафиксирован обстрел из миномёта.", date(2022, 3, 9))
    rules = claims[0].rules
    assert rules["event_date"] == "ru.day.yesterday"
    assert rules["means"] == "ru.means.mortar"


def test_times_and_language() -> None:
    assert detect_language("Обстрел позиций армии") == "ru"
    assert detect_language("\x00\x01\x02") is None
    assert time(20, 27).strftime("%H:%M") == "20:27"


def test_text_whose_lower_case_is_longer_is_read_the_same(extractor: Extractor) -> None:
    # "İ" lowers to two characters: the case-insensitive patterns are used instead, with the same result
    plain = "On 11 April the Azerbaijani side fired mortars at Khramort, the ministry in Baku said."
    dotted = plain.replace("On 11 April", "İn the evening, on 11 April")
    a, b = (extractor.extract(t, date(2022, 4, 12))[0].to_json() for t in (plain, dotted))
    for field in ("event_date", "accused", "means", "places"):
        assert a[field] == b[field], field


# Written for the tests of issue 9 (real texts): invented sentences, not corpus text.


def test_a_part_of_a_total_is_not_added_to_it(extractor: Extractor) -> None:
    got = one(
        extractor,
        "On 3 May Azerbaijani forces shelled positions near Sotk. Four servicemen were killed, two of them "
        "officers.",
        "2023-05-04",
    )
    assert [(c["status"], c["count"]) for c in got["casualties"]] == [("killed", 4)]


def test_a_quote_is_the_voice_named_after_it(extractor: Extractor) -> None:
    text = (
        "Fighting resumed on the border, the outlet learned. \u201cOn 3 May the adversary opened fire at our "
        "positions near Sotk. Two servicemen were wounded,\u201d the Armenian Defence Ministry said."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "en", "Caucasus Wire")
    assert [c.voice for c in claims] == ["AM MoD"]


def test_a_local_head_named_with_a_title_is_the_government_of_its_side(extractor: Extractor) -> None:
    # the names and the village's head are written for this test
    text = (
        "The Armenian Defence Ministry said that on 3 May Azerbaijani units fired mortars at its positions "
        "near Sotk. Aram Testyan, the head of a community of several villages in Syunik province, said "
        "that Azerbaijani troops also fired automatic weapons near Tegh that night."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "en", "Caucasus Wire")
    assert [c.voice for c in claims] == ["AM MoD", "AM government"]


def test_the_other_side_in_its_turn_is_its_own_voice(extractor: Extractor) -> None:
    # written for this test: "в свою очередь" before a body opens that body's account even with no word of
    # speech near it
    text = (
        "Минобороны Армении сообщило, что 3 мая азербайджанские военные обстреляли позиции у Сотка. "
        "В свою очередь Минобороны Азербайджана в длинном и подробном документе обвинило Армению в "
        "обстреле позиций в Кельбаджарском районе."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "ru", "Пример-Инфо")
    assert [(c.voice, c.accused) for c in claims] == [("AM MoD", "AZ"), ("AZ MoD", "AM")]


def test_a_capital_accused_is_a_government_not_a_place(extractor: Extractor) -> None:
    claims = extractor.extract(
        "On 3 May the ministry accused Baku of shelling positions near Sotk.", date(2023, 5, 4), "en"
    )
    assert [p.id for c in claims for p in c.places] == ["sotk"]


def test_one_voice_repeating_a_withdrawal_is_one_claim(extractor: Extractor) -> None:
    text = (
        "The Russian Defence Ministry said the Azerbaijani units withdrew from the village. "
        "\u201cThe Azerbaijani side withdrew its units,\u201d the ministry repeated in a statement."
    )
    claims = extractor.extract(text, date(2022, 3, 27), "en", "Caucasus Wire", denials=True)
    assert [(c.voice, c.stance) for c in claims if c.stance == "withdrew"] == [("RU MoD", "withdrew")]


def test_a_side_that_answers_is_the_side_hit_not_the_accused(extractor: Extractor) -> None:
    # retaliation and response clauses name the side that was attacked (conventions: no new accused)
    claim = one(
        extractor,
        "On 3 May the positions near Sotk came under fire. The Armenian army took adequate retaliatory "
        "measures, and the attempt was halted by the Armenian armed forces.",
        "2023-05-04",
    )
    assert (claim["accused"], claim["target"]) == ("unknown", "AM")


def test_sides_named_as_partners_of_an_inquiry_are_not_blamed(extractor: Extractor) -> None:
    # a bulletin's count, then the joint inquiry "with the Azerbaijani and Armenian sides"
    claim = one(
        extractor,
        "Зафиксировано одно нарушение режима прекращения огня в Мардакертском районе. Пострадавших нет. "
        "Командованием миротворческого контингента совместно с азербайджанской и армянской сторонами "
        "проводится разбирательство.",
        "2023-02-21",
    )
    assert claim["accused"] == "unknown" and claim["target"] is None


def test_mining_the_ground_is_a_hostile_act_of_other_means(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On the night of 3 May sabotage groups of the Armenian armed forces mined the roads between the "
        "positions of the Azerbaijani army in the Kalbajar direction.",
        "2023-05-04",
    )
    assert (claim["accused"], claim["target"], claim["means"]) == ("AM", "AZ", ["other"])


def test_an_attempted_advance_in_russian_is_an_incursion(extractor: Extractor) -> None:
    # the Russian part of the corpus codes attempted advances as incursion (its NOTES)
    claim = one(extractor, "3 мая азербайджанские военные попытались продвинуться у села Сотк.", "2023-05-04")
    assert (claim["accused"], claim["means"]) == ("AZ", ["incursion"])


def test_a_date_after_the_signatories_of_a_statement_dates_the_document(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On 3 May units of the armed forces of Armenia fired mortars at positions of the Azerbaijani army "
        "in the Kalbajar direction. It is a gross violation of the trilateral statement signed by the "
        "leaders of Azerbaijan, Armenia and Russia on November 10, 2020.",
        "2023-05-04",
    )
    assert claim["event_date"] == "2023-05-03"


def test_a_tally_over_years_gives_no_casualties_to_the_incident(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On 3 May units of the armed forces of Armenia fired mortars at positions of the Azerbaijani army "
        "in the Kalbajar direction. In all, 120 people were wounded by mines from December 2020 through "
        "April 2023.",
        "2023-05-04",
    )
    assert claim["casualties"] == []


def test_nobody_affected_and_a_qualified_nobody_hurt_are_no_casualties(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "One ceasefire violation was recorded in the Martuni district; there are no affected. "
        "Cooperation is maintained with the general staffs of the armed forces of Azerbaijan and Armenia.",
        "2023-04-06",
    )
    assert claim["no_casualties"] is True and claim["accused"] == "unknown"
    claim = one(
        extractor,
        "Одно нарушение зафиксировано в Мартунинском районе, пострадавших в результате нарушения нет.",
        "2023-04-06",
    )
    assert claim["no_casualties"] is True


def test_a_page_time_stamp_dates_nothing(extractor: Extractor) -> None:
    # a time stamp on its own line, then an undated bulletin count
    for stamp in ("21:40, 5 мая 2023", "05.05.2023 21:40"):
        claim = one(
            extractor,
            f"{stamp}\n\nЗафиксировано одно нарушение режима прекращения огня в Мартунинском районе.",
            "2023-05-05",
        )
        assert (claim["event_date"], claim["time_start"]) == (None, None), stamp


def test_a_speech_verb_before_a_title_chain_makes_the_body_speak(extractor: Extractor) -> None:
    # the names are invented; the title runs from the verb to the body ("said deputy head of ... Ministry")
    text = (
        "The Armenian Defence Ministry said that on 3 May Azerbaijani units fired mortars at its positions "
        "near Sotk. On the same night Armenian units fired at the Azerbaijani positions in the Kalbajar "
        "direction, said deputy head of the press service of the Azerbaijani Defence Ministry, Colonel "
        "Ivan Testov."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "en", "Caucasus Wire")
    assert [c.voice for c in claims] == ["AM MoD", "AZ MoD"]

    text = (
        "Минобороны Азербайджана сообщило, что 3 мая армянские подразделения обстреляли позиции в "
        "Кельбаджарском направлении. Об обстреле у села Сотк в ту же ночь сообщил официальный "
        "представитель Минобороны Армении Арам Тестян."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "ru", "Кавказская лента")
    assert [c.voice for c in claims] == ["AZ MoD", "AM MoD"]


# -- dates and places of real-text shapes (sentences written for these tests) ---------------------------


def test_a_number_with_minutes_after_a_day_is_a_time_not_a_second_day(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "From 22:50 on June 3 to 04:15 on June 4, units of the armed forces of Armenia fired at the "
        "positions of the Azerbaijani army in the Kalbajar direction.",
        "2023-06-04",
    )
    assert (claim["event_date"], claim["date_end"]) == ("2023-06-03", "2023-06-04")


def test_a_night_range_and_a_day_inside_it_are_two_incidents(extractor: Extractor) -> None:
    text = (
        "From 22:50 on June 3 to 04:15 on June 4, units of the armed forces of Armenia fired at the "
        "positions of the Azerbaijani army in the Kalbajar direction. "
        "On June 3, from 21:10 to 21:30, units of the armed forces of Armenia fired at the positions of "
        "the Azerbaijani army in the Kalbajar direction."
    )
    claims = extractor.extract(text, date(2023, 6, 4), "en")
    assert [(str(c.event_date), str(c.date_end)) for c in claims] == [
        ("2023-06-03", "2023-06-04"),
        ("2023-06-03", "None"),
    ]


def test_a_weekday_beside_a_calendar_date_gives_way_to_it(extractor: Extractor) -> None:
    # 4 June 2023 was a Sunday: the writer's "Saturday" is a slip, the date stands
    for written in ("on Saturday, June 4", "on Saturday (June 4)", "on June 4 (Saturday)"):
        claim = one(
            extractor,
            f"Two servicemen were wounded {written} when Azerbaijani units opened fire near Sotk.",
            "2023-06-06",
        )
        assert (claim["event_date"], claim["date_end"]) == ("2023-06-04", None), written


def test_a_relative_day_after_a_verb_of_speech_dates_the_statement(extractor: Extractor) -> None:
    for said in ("The ministry announced yesterday", "The ministry said in a statement today"):
        claim = one(
            extractor,
            f"{said} that units of the armed forces of Azerbaijan had fired at positions near Sotk.",
            "2023-06-06",
        )
        assert claim["event_date"] is None, said


def test_a_situation_report_time_and_a_mentioned_statement_date_nothing(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "As of 10:15 on June 6, the Azerbaijani units again fired at the positions near Sotk.",
        "2023-06-06",
    )
    assert claim["event_date"] is None
    claim = one(
        extractor,
        "On Sunday, the defence ministry mentioned that Azerbaijani units fired at positions near Sotk.",
        "2023-06-06",
    )
    assert claim["event_date"] is None


def test_an_autonomous_republic_away_from_the_theatre_is_a_place(extractor: Extractor) -> None:
    for name in ("the Nakhchivan Autonomous Republic", "Nakhichevan"):
        claim = one(
            extractor,
            f"On June 4 units of the armed forces of Armenia fired at Azerbaijani positions on the border "
            f"with {name}.",
            "2023-06-05",
        )
        assert [p["id"] for p in claim["places"]] == ["az-nakhchivan"], name


def test_a_curated_place_wins_over_an_unchecked_homonym_of_another_kind(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On June 4 Azerbaijani units fired at Armenian positions in Syunik.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["am-syunik"]


def test_a_list_of_districts_closed_by_a_comma_and_and(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On June 4 Armenian units fired at Azerbaijani positions in the Tovuz, Kalbajar, and Dashkasan "
        "districts.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["az-tovuz", "az-kalbajar", "az-dashkasan"]


def test_capitals_named_as_speakers_are_no_places(extractor: Extractor) -> None:
    for text in (
        "On June 4 Azerbaijani units fired at positions near Sotk, Yerevan claims.",
        "On June 4 Armenian units fired at Azerbaijani posts first, as they say in Baku.",
        "In Baku, authorities said that on June 4 Armenian units fired at Azerbaijani posts.",
        "Azerbaijani units fired at positions near Sotk on June 4, as alleged by Yerevan.",
    ):
        claims = extractor.extract(text, date(2023, 6, 5), "en")
        assert all(p.id not in ("baku", "yerevan") for c in claims for p in c.places), text


def test_roads_lakes_and_datelines_are_not_the_towns_they_are_named_after(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On June 4 unknown gunmen fired at a car on the Khankendi-Shusha highway near the Lachin corridor.",
        "2023-06-05",
    )
    assert claim["places"] == []
    claim = one(
        extractor,
        "On June 4 shots were fired at a car on the Khankendi-Khalfali-Turshsu dirt road.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["lisagor-dirt-road"]
    claim = one(
        extractor,
        "On June 4 Azerbaijani units fired at positions near Kut, on the shore of Lake Sevan.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["kut"]
    claim = one(
        extractor,
        "BAKU (Testwire) – On June 4 Armenian units fired at Azerbaijani positions in the Tovuz district.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["az-tovuz"]


def test_a_unit_the_gazetteer_lacks_is_not_the_town_it_is_named_after(extractor: Extractor) -> None:
    # "the Basarkechar region": an Armenian district under its Azerbaijani name; the gazetteer knows the
    # name only as the town's
    claim = one(
        extractor,
        "On June 4 Armenian units fired from the Basarkechar region at Azerbaijani positions in the "
        "Kalbajar district.",
        "2023-06-05",
    )
    assert [(p["id"], p["name"]) for p in claim["places"]] == [
        (None, "Basarkechar"),
        ("az-kalbajar", "Kalbajar"),
    ]


def test_a_breach_told_in_a_second_sentence_keeps_its_places(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "Azerbaijani forces on Saturday crossed the line of contact. The troops breached the demarcation "
        "line in the Shushi-Lisagor section.",
        "2023-06-05",
    )
    assert [p["id"] for p in claim["places"]] == ["shusha", "lisagor"]


def test_a_voice_that_names_the_old_districts_means_the_old_district_in_any_case(
    extractor: Extractor,
) -> None:
    # the Russian MoD names the NKR's provinces; the district word after the name must not bring back
    # today's Azerbaijani district of the same name
    text = (
        "Минобороны России сообщило, что вчера зафиксировано одно нарушение режима прекращения огня "
        "в Шушинском районе. Пострадавших нет."
    )
    claims = extractor.extract(text, date(2023, 7, 2), "ru", "Пример-Инфо")
    assert [p.id for c in claims for p in c.places] == ["nkr-shushi"]


def test_russian_blame_in_passive_nominal_and_case_forms(extractor: Extractor) -> None:
    # sentences written for this test: who acted and who was hit in the genre's passive and nominal forms
    def who(text: str, source: str = "Пример-Инфо") -> list[tuple[str, str | None]]:
        claims = extractor.extract(text, date(2023, 7, 2), "ru", source)
        return [(c.accused, c.target) for c in claims if c.stance == "asserts"]

    # the side whose "actions" or "aggression" caused the losses is the one blamed; "с ... стороны есть
    # погибшие" names the side hit
    assert who(
        "Минобороны Армении сообщило: в результате агрессивных действий Азербайджана 1 июля с армянской "
        "стороны есть раненые у Сотка."
    ) == [("AZ", "AM")]
    # positions that "were subjected to fire" were hit (and the side that fired is not named)
    hit = "Минобороны Армении сообщило, что 1 июля обстрелу подверглись позиции ВС Армении у Сотка."
    assert who(hit) == [("unknown", "AM")]
    # the agent of a passive in the instrumental plural, after the positions that were hit
    assert who("1 июля у Сотка позиции ВС Армении были обстреляны подразделениями ВС Азербайджана.") == [
        ("AZ", "AM")
    ]
    assert who("1 июля позиции у Сотка подверглись обстрелу азербайджанской стороной.") == [("AZ", None)]
    # fire "from the Azerbaijani combat positions", with a passive verb and no fire word before the side
    assert who(
        "1 июля у села Храморт с азербайджанских боевых позиций была открыта стрельба по местным жителям."
    ) == [("AZ", None)]
    # troops that "invaded", and a side that "is firing" at peaceful villages of another side
    assert who("1 июля азербайджанские войска вторглись на территорию у Сотка.")[0][0] == "AZ"
    assert who("1 июля Азербайджан ведет стрельбу по мирным поселениям Армении у Сотка.") == [("AZ", "AM")]
    # the police of Karabakh are Karabakh's people
    police = "1 июля у села Храморт военные Азербайджана обстреляли машину полиции Нагорного Карабаха."
    assert who(police) == [("AZ", "NK")]
    # a side whose units "took response measures" (a passive) answered: the other side is blamed
    assert who(
        "Минобороны Азербайджана сообщило, что 1 июля у Лачина был открыт огонь по нашим позициям. "
        "Подразделениями азербайджанской армии приняты ответные меры."
    ) == [("unknown", "AZ")]
    # a side's own ministry naming its own side beside a third: the fire was on its own side
    assert who(
        "Минобороны Азербайджана заявило, что 1 июля у Лачина армянские диверсанты открыли огонь, находясь "
        "между позициями азербайджанской армии."
    ) == [("NK", "AZ")]


def test_russian_means_in_real_wordings(extractor: Extractor) -> None:
    def means(text: str) -> list[str]:
        claims = extractor.extract(text, date(2023, 7, 2), "ru", "Пример-Инфо")
        return sorted({m for c in claims for m in c.means})

    # a common misspelling of the quadcopter
    assert means("1 июля над позициями у села Храморт был сбит квадракоптер противника.") == ["quadcopter"]
    # a post set up "there", and no post in "постоянное"
    assert "post_set_up" in means(
        "1 июля подразделения Азербайджана зашли в зону ответственности миротворцев и выставили там "
        "свой наблюдательный пост."
    )
    assert "post_set_up" not in means(
        "1 июля зафиксирован обстрел у села Храморт. Командование установило постоянное взаимодействие "
        "со сторонами."
    )
    # small arms as "вооружение", heavy machine guns as "крупнокалиберное оружие"
    assert means(
        "1 июля противник обстрелял позиции у Сотка из крупнокалиберного стрелкового вооружения."
    ) == ["small_arms"]
    assert means("1 июля по селу Кут велся огонь из крупнокалиберного оружия.") == ["small_arms"]


def test_a_named_weapon_is_not_lost_to_a_generic_word_read_first(extractor: Extractor) -> None:
    # "перестрелка" (generic) in the first sentence, the rifles named later: small arms stay beside the drone
    claim = one(
        extractor,
        "Перестрелка у села Храморт. 1 июля противник открыл огонь по позициям у села Храморт, применяя "
        "стрелковое оружие и ударный беспилотник.",
        "2023-07-02",
    )
    assert claim["means"] == ["small_arms", "uav_strike"]


def test_shots_said_not_to_have_been_fired_are_no_means(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "1 июля военные Азербайджана попытались продвинуться у села Кут. Выстрелов не было.",
        "2023-07-02",
    )
    assert claim["means"] == ["incursion"]


def test_a_first_name_before_a_surname_is_no_place(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "1 июля у села Храморт обстрелян пост, ранен лейтенант Арарат Мелконян.",
        "2023-07-02",
    )
    assert [p["id"] for p in claim["places"]] == ["khramort"]


def test_a_name_with_a_lower_case_word_is_found_in_any_case(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "1 июля азербайджанские военные попытались продвинуться у Черного озера.",
        "2023-07-02",
    )
    assert [p["id"] for p in claim["places"]] == ["sev-lich"]


def test_a_russian_adjective_of_a_village_is_the_village(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "1 июля противник открыл огонь по позициям в Соткском и Горисском районах.",
        "2023-07-02",
    )
    assert [p["id"] for p in claim["places"]] == ["sotk", "goris"]


def test_a_monitor_reporting_no_violations_makes_no_claim(extractor: Extractor) -> None:
    for text in (
        "Минобороны России сообщило, что нарушений режима прекращения огня в зоне ответственности "
        "миротворцев за сутки не зафиксировали.",
        "По данным Минобороны России, за истекшие сутки в зоне миротворцев не было зафиксировано "
        "нарушений режима прекращения огня.",
        "Минобороны России сообщило: в зоне ответственности миротворцев нарушений режима прекращения огня "
        "не зафиксировано. В Мартунинском районе вооруженные силы Армении сдали оружие.",
    ):
        assert extractor.extract(text, date(2023, 7, 2), "ru", "Пример-Инфо", denials=True) == [], text
    # a violation with nobody hurt is still one
    claims = extractor.extract(
        "Минобороны России сообщило, что зафиксировано нарушение режима прекращения огня в Мартунинском "
        "районе, пострадавших не выявлено.",
        date(2023, 7, 2),
        "ru",
        "Пример-Инфо",
        denials=True,
    )
    assert [c.stance for c in claims] == ["asserts"]


def test_occupying_a_hill_is_an_incursion(extractor: Extractor) -> None:
    text = (
        "The Russian Defence Ministry said that Azerbaijani troops have occupied a hill near Lisagor "
        "in violation of the agreement."
    )
    claims = extractor.extract(text, date(2023, 3, 26), "en", "Lakeside Courier", denials=True)
    assert [(c.accused, c.target, c.means) for c in claims] == [("AZ", "NK", ["incursion"])]


def test_weapons_massed_at_the_border_are_not_the_means_used(extractor: Extractor) -> None:
    text = (
        "On 4 June the positions near Jermuk came under fire from the Azerbaijani army from mortars, "
        "the ministry said. Azerbaijan has concentrated armoured vehicles, heavy artillery and troops "
        "along the border, it added."
    )
    claims = extractor.extract(text, date(2023, 6, 5), "en", "AM MoD")
    assert [c.means for c in claims] == [["mortar"]]


def test_a_bullet_is_small_arms_fire(extractor: Extractor) -> None:
    text = (
        "On 2 March the Azerbaijani army opened fire on the village of Taghavard; a bullet went through "
        "the roof of a barn, the police said."
    )
    claims = extractor.extract(text, date(2022, 3, 3), "en", "NK MoD")
    assert [c.means for c in claims] == [["small_arms"]]


def test_not_a_single_shot_names_no_weapon(extractor: Extractor) -> None:
    text = (
        "The ministry of Armenia rejected the claim that on 9 May its units opened fire at Azerbaijani "
        "positions near Tegh: its units didn't fire a single shot, it said."
    )
    claims = extractor.extract(text, date(2023, 5, 10), "en", "Lakeside Courier", denials=True)
    assert [(c.stance, c.means) for c in claims if c.stance == "denies"] == [
        ("denies", ["shelling_unspecified"])
    ]


def test_a_count_before_the_names_of_the_dead_keeps_its_status(extractor: Extractor) -> None:
    text = (
        "On 3 May the Armenian armed forces shelled Azerbaijani positions near Lachin. Seven Azerbaijani "
        "servicemen, including Emil Rasulzade, Tural Guliyev, Farid Nasirli, Orkhan Mammadbeyli, Ruslan "
        "Hasanzade, Kamran Aliquliyev and Elvin Garayli (all from the Lachin brigade), were killed and 4 "
        "wounded, the ministry said."
    )
    claims = extractor.extract(text, date(2023, 5, 4), "en", "AZ MoD")
    assert [sorted(str(x) for x in c.casualties) for c in claims] == [
        ["4 AZ servicemen wounded", "7 AZ servicemen killed"]
    ]


def test_people_of_a_sides_forces_who_were_killed_are_the_side_hit(extractor: Extractor) -> None:
    text = (
        "On 6 June two servicemen of Azerbaijan’s armed forces were killed near Kalbajar, the ministry said."
    )
    claims = extractor.extract(text, date(2023, 6, 7), "en", "AZ MoD")
    assert [(c.accused, c.target) for c in claims] == [("unknown", "AZ")]


def test_a_headline_in_the_outlets_words_makes_no_claim_of_its_own(extractor: Extractor) -> None:
    # written for this test
    text = (
        "Azerbaijan opens fire on homes in Karabakh\n\n"
        "On 19 February the Azerbaijani armed forces opened fire on houses in Taghavard, "
        "the Karabakh Defence Army said."
    )
    claims = extractor.extract(text, date(2022, 2, 20), "en", None, True)
    assert [(c.voice, c.event_date) for c in claims] == [("NK MoD", date(2022, 2, 19))]


def test_a_dateline_dates_no_incident(extractor: Extractor) -> None:
    # written for this test
    text = "Москва. 27 марта.\nВ Аскеранском районе зафиксировано нарушение режима прекращения огня."
    claims = extractor.extract(text, date(2022, 3, 27), "ru")
    assert len(claims) == 1 and claims[0].event_date is None


def test_an_impersonal_earlier_report_is_the_outlets_own(extractor: Extractor) -> None:
    # written for this test
    text = (
        "Минобороны России сообщило об одном нарушении режима прекращения огня в Мартакертском районе. "
        "Ранее сообщалось, 26 марта с азербайджанских позиций была открыта стрельба по рабочим у Мартакерта."
    )
    claims = extractor.extract(text, date(2023, 3, 27), "ru")
    assert [c.voice for c in claims] == ["RU MoD", "outlet"]


def test_a_denial_set_against_an_account_is_the_deniers(extractor: Extractor) -> None:
    # written for this test
    text = (
        "Moscow on Saturday accused Azerbaijan of entering the zone and striking positions of the "
        "Nagorno-Karabakh army with drones, although Azerbaijan refuted Russia's version of events."
    )
    claims = extractor.extract(text, date(2022, 3, 27), "en", None, True)
    assert sorted((c.voice, c.stance) for c in claims) == [("AZ government", "denies"), ("RU MoD", "asserts")]


def test_another_voices_day_told_long_before_does_not_date_a_claim(extractor: Extractor) -> None:
    # written for this test
    text = (
        "The Azerbaijani Defence Ministry said that on 12 September Armenian units shelled its positions "
        "near Kalbajar. It said the shelling lasted two hours. It added that its units returned fire. "
        "The Armenian government said Azerbaijani troops attacked Jermuk with drones."
    )
    claims = extractor.extract(text, date(2022, 9, 13), "en")
    dates = {c.voice: c.event_date for c in claims}
    assert dates == {"AZ MoD": date(2022, 9, 12), "AM government": None}


@pytest.mark.parametrize(
    ("text", "lang", "count"),
    [
        (  # written for this test
            "On 24 March the Azerbaijani armed forces fired on positions of the Defence Army near Khramort "
            "in the Askeran district. Two people on each side were wounded in the exchange.",
            "en",
            2,
        ),
        (  # written for this test
            "24 марта азербайджанские военные открыли огонь в районе Храморта Аскеранского района. "
            "В результате перестрелки ранено по одному человеку с каждой из сторон.",
            "ru",
            1,
        ),
    ],
)
def test_people_counted_on_each_side_are_of_either_side(
    extractor: Extractor, text: str, lang: str, count: int
) -> None:
    claims = extractor.extract(text, date(2022, 3, 25), lang)
    assert len(claims) == 1
    got = sorted((c.side, c.status, c.count) for c in claims[0].casualties)
    assert got == [("AZ", "wounded", count), ("NK", "wounded", count)]


def test_names_listed_before_the_word_settlements_are_places(extractor: Extractor) -> None:
    # written for this test (the names are invented)
    text = (
        "On 5 May Armenian units fired on positions of the Azerbaijani army in the directions of the "
        "Zorvakend and Teshlidam settlements of the Kalbajar district, and in Tovuz’s Ughlabin village. "
        "They also fired at a Karabakh village."
    )
    claims = extractor.extract(text, date(2022, 5, 6), "en")
    unknown = {name for c in claims for name in c.unknown_places}
    assert unknown == {"Zorvakend", "Teshlidam", "Ughlabin"}


def test_a_rebuttal_that_calls_the_claim_an_absolute_lie_restates_it(extractor: Extractor) -> None:
    # written for the test
    for verdict in ("are absolutely false", "are an absolute lie"):
        text = (
            "On 4 April Azerbaijani units fired mortars at our positions near Vardenis. The claims of the "
            f"Azerbaijani Defence Ministry that the shelling was started by the Armenian side {verdict}."
        )
        claims = extractor.extract(text, date(2022, 4, 5), "en", "AM MoD", denials=True)
        got = sorted((c.voice, c.stance, c.accused) for c in claims)
        assert got == [("AM MoD", "asserts", "AZ"), ("AM MoD", "denies", "AM"), ("AZ MoD", "asserts", "AM")]


def test_a_voice_taken_up_again_after_a_rebuttal_goes_on_with_its_account(extractor: Extractor) -> None:
    # written for the test
    text = (
        "On 4 April Azerbaijani units shelled Armenian positions near Vardenis, the Armenian Defence "
        "Ministry said. The claims of the Azerbaijani Defence Ministry that the Armenian side fired first "
        "are false. The enemy also used drones and mortars, the Armenian ministry added."
    )
    claims = extractor.extract(text, date(2022, 4, 5), "en", None, denials=True)
    own = [c for c in claims if c.voice == "AM MoD" and c.stance == "asserts"]
    assert len(own) == 1, [c.to_json() for c in claims]
    assert own[0].event_date == date(2022, 4, 4) and set(own[0].means) >= {"mortar", "uav_strike"}


def test_the_attack_of_a_side_and_an_attack_by_its_units_blame_it(extractor: Extractor) -> None:
    # written for the test
    for text in (
        "On 8 May the Armenian side had two victims following the attack of the Azerbaijani armed forces "
        "near Sotk, the Armenian Defence Ministry said.",
        "On 8 May the positions near Sotk were attacked by units of the Azerbaijani armed forces, the "
        "Armenian Defence Ministry said.",
    ):
        claims = extractor.extract(text, date(2022, 5, 9), "en")
        assert [c.accused for c in claims] == ["AZ"], text


def test_people_killed_from_a_side_are_that_sides_losses(extractor: Extractor) -> None:
    # written for the test
    text = (
        "The Armenian Defence Ministry said that in the fighting on November 20 one serviceman was killed "
        "from the Armenian side, after Azerbaijani troops shelled positions near Sotk."
    )
    claims = extractor.extract(text, date(2022, 11, 21), "en")
    assert [(c.accused, c.target) for c in claims] == [("AZ", "AM")]
    assert [(x.side, x.status, x.count) for x in claims[0].casualties] == [("AM", "killed", 1)]


def test_the_day_of_a_month_before_a_count_is_no_casualty(extractor: Extractor) -> None:
    # written for the test
    text = "On November 20, one Armenian serviceman was wounded by Azerbaijani fire near Sotk."
    claims = extractor.extract(text, date(2022, 11, 21), "en", "AM MoD")
    assert [(x.status, x.count) for x in claims[0].casualties] == [("wounded", 1)]


def test_a_withdrawal_tells_of_an_incursion_into_the_other_sides_ground(extractor: Extractor) -> None:
    # written for the test
    text = (
        "The Russian Defence Ministry said that after talks the Azerbaijani side withdrew its units from "
        "the area of Khramort."
    )
    claims = extractor.extract(text, date(2022, 3, 27), "en", None, denials=True)
    withdrew = [c for c in claims if c.stance == "withdrew"]
    assert [(c.accused, c.target, c.means) for c in withdrew] == [("AZ", "NK", ["incursion"])]
    # the Russian record reads a withdrawal without them (rules/ru.toml sets no withdrawal_means)
    text = "Минобороны России сообщило, что азербайджанская сторона отвела свои подразделения от Храморта."
    claims = extractor.extract(text, date(2022, 3, 27), "ru", None, denials=True)
    assert all(c.means == [] for c in claims if c.stance == "withdrew")


def test_a_denial_names_the_side_it_says_was_not_hit(extractor: Extractor) -> None:
    # written for the test
    text = "The Armenian Defence Ministry said its units did not fire at Azerbaijani positions on 3 May."
    claims = extractor.extract(text, date(2022, 5, 4), "en", None, denials=True)
    assert [(c.stance, c.accused, c.target) for c in claims if c.stance == "denies"] == [
        ("denies", "AM", "AZ")
    ]


def test_advancing_is_an_incursion_only_into_somewhere(extractor: Extractor) -> None:
    # written for the test
    text = "On 5 March an Azerbaijani patrol advanced on the road to check a truck near Shusha."
    claims = extractor.extract(text, date(2023, 3, 6), "en")
    assert all("incursion" not in c.means for c in claims)
    text = "On 5 March Azerbaijani troops advanced into the area near Khramort, the peacekeepers said."
    claims = extractor.extract(text, date(2023, 3, 6), "en")
    assert [c.means for c in claims] == [["incursion"]]


def test_people_who_are_from_a_country_are_not_its_forces_blamed(extractor: Extractor) -> None:
    # written for the test
    text = "The Armenian Defence Ministry said that two soldiers killed in the shelling were from Armenia."
    claims = extractor.extract(text, date(2022, 6, 3), "en")
    assert [(c.accused, c.target) for c in claims] == [("unknown", "AM")]


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        (  # written for the test: a bare denial restates nobody's accusation
            "The Armenian Defence Ministry denied that its units had fired at Azerbaijani positions near "
            "Sotk on 4 April.",
            "en",
            [("AM MoD", "denies", "AM")],
        ),
        (  # written for the test
            "Минобороны Армении опровергло, что армянские подразделения 4 апреля обстреляли позиции у Сотка.",
            "ru",
            [("AM MoD", "denies", "AM")],
        ),
        (  # written for the test: the accusation restated is the other ministry's, not the denier's
            "Минобороны Армении опровергло информацию Минобороны Азербайджана о том, что армянские "
            "подразделения 4 апреля обстреляли позиции у Сотка.",
            "ru",
            [("AM MoD", "denies", "AM"), ("AZ MoD", "asserts", "AM")],
        ),
        (  # written for the test: a speaker who says another's information is untrue rebuts it
            "The Azerbaijani Defence Ministry states that the information of the Armenian side about "
            "attacks on villages near Sotk on 4 April is not true.",
            "en",
            [("AZ MoD", "denies", "AZ")],
        ),
        (  # written for the test: the body whose statement is refuted does not speak
            "Минобороны Азербайджана сообщило, что 4 апреля у села Фарух всё спокойно. Так ведомство "
            "опровергло заявление Минобороны России об отводе азербайджанских подразделений от села.",
            "ru",
            [("AZ MoD", "not_withdrawn", "AZ")],
        ),
        (  # written for the test: "МО" and a party is that party's ministry of defence
            "Азербайджанские военные 4 апреля не покидали позиций у села Фарух, говорится в сообщении МО "
            "Азербайджана.",
            "ru",
            [("AZ MoD", "not_withdrawn", "AZ")],
        ),
    ],
)
def test_the_voice_that_denies_is_not_the_accuser(
    extractor: Extractor, text: str, lang: str, want: list[tuple[str, str, str]]
) -> None:
    claims = extractor.extract(text, date(2022, 4, 5), lang, None, denials=True)
    assert sorted((c.voice, c.stance, c.accused) for c in claims) == want


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("On 4 April several Armenian soldiers were wounded near Sotk.", "en"),  # written for the test
        ("4 апреля у Сотка были ранены несколько армянских военнослужащих.", "ru"),  # written for the test
    ],
)
def test_several_people_give_no_count(extractor: Extractor, text: str, lang: str) -> None:
    claims = extractor.extract(text, date(2022, 4, 5), lang)
    assert [c.casualties for c in claims] == [[]]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (  # written for the test
            "On 5 May Azerbaijani troops attacked Armenian positions near Sotk. One soldier was killed, and "
            "communication with seven servicemen was lost.",
            "en",
        ),
        (  # written for the test
            "On 5 May Azerbaijani troops attacked positions near Sotk and the army lost contact with "
            "seven soldiers.",
            "en",
        ),
        (  # written for the test
            "5 мая азербайджанские военные атаковали армянские позиции у Сотка. Потеряна связь с семью "
            "военнослужащими.",
            "ru",
        ),
    ],
)
def test_people_communication_with_whom_was_lost_are_missing(
    extractor: Extractor, text: str, lang: str
) -> None:
    claims = extractor.extract(text, date(2022, 5, 6), lang, "AM MoD")
    assert len(claims) == 1
    assert ("AM", "missing", 7) in [(x.side, x.status, x.count) for x in claims[0].casualties]


# The discourse layer (truce.extract.discourse): captions, year headings, names of documents, background.
# Every passage below is written for the test.


def test_a_photo_caption_makes_no_claim(extractor: Extractor) -> None:
    text = (
        "In this photo released on 4 May 2022, soldiers fire a mortar near Talish. (AP Photo/A. Writer)\n\n"
        "On 6 May, the Azerbaijani side opened fire at positions near Martakert.\n\n"
        "A man stands by a shelled house in Martuni, 2 May 2022 (Ministry press office via AP)"
    )
    claim = one(extractor, text, "2022-05-07")
    assert claim["event_date"] == "2022-05-06"


def test_a_year_heading_dates_its_section(extractor: Extractor) -> None:
    text = (
        "== Violations ==\n=== 2021 ===\nOn 4 March, the Azerbaijani side opened fire at Karmir Shuka.\n\n"
        "=== 2022 ===\nOn 9 April, the Azerbaijani side opened fire at Taghavard.\n\n"
        "== Reactions ==\nOn 4 May, the ministry held a briefing."
    )
    claims = extractor.extract(text, date(2024, 1, 10))
    assert sorted(str(c.event_date) for c in claims) == ["2021-03-04", "2022-04-09"]


def test_the_date_in_the_name_of_a_document_is_no_event_date(extractor: Extractor) -> None:
    text = (
        "Violating the agreement of the leaders of the three countries from 9 November 2020, "
        "Azerbaijani forces opened fire at Taghavard."
    )
    claim = one(extractor, text, "2022-02-20")
    assert claim["event_date"] is None


def test_background_gives_no_casualties_to_a_claim(extractor: Extractor) -> None:
    text = (
        "On 3 May, the Azerbaijani side fired at positions near Martakert. There were no casualties. "
        "The war that ended in the autumn of 2020 claimed more than 7,000 lives."
    )
    claim = one(extractor, text, "2022-05-04")
    assert claim["casualties"] == [] and claim["no_casualties"] is True


def test_a_reference_to_an_earlier_statement_makes_no_claim(extractor: Extractor) -> None:
    # a news report dates its news by an earlier statement; that statement is no account of its own here
    text = (
        "On 5 June, two Armenian soldiers were wounded by Azerbaijani fire near Sotk, the Armenian "
        "defence ministry said.\n\nThe news came a day after Baku claimed one of its soldiers was wounded "
        "by Armenian fire."
    )
    claims = extractor.extract(text, date(2022, 6, 6), "en", source="Example News")
    assert [(c.voice, c.accused) for c in claims] == [("AM MoD", "AZ")]


def test_a_situation_report_opens_no_incident(extractor: Extractor) -> None:
    # "as of" a time, the situation "is stable": no act, though it names the attack told before
    text = (
        "On 5 June, Azerbaijani forces fired at Armenian positions near Sotk. The ministry reports that "
        "as of 10:00, 6 June, the situation near Sotk, which Azerbaijani forces attacked the day before, "
        "remains tense."
    )
    claim = one(extractor, text, "2022-06-06")
    assert claim["event_date"] == "2022-06-05"


def test_a_village_named_after_its_province_is_the_same_scene(extractor: Extractor) -> None:
    # one voice, one day: the province first, then the village in it, is one episode (conventions 2)
    text = (
        "On Saturday, Azerbaijani forces opened fire at an Armenian position in Gegharkunik Province, the "
        "ministry said. At around 12:30 on Saturday, Azerbaijani forces fired on an Armenian position near "
        "Verin Shorzha, the ministry said."
    )
    claims = extractor.extract(text, date(2024, 2, 24), "en", source="Armenian MoD")
    assert len(claims) == 1
    assert {p.id for p in claims[0].places} == {"am-gegharkunik", "verin-shorzha"}
    # two villages of that province are two scenes
    text = (
        "On Saturday, Azerbaijani forces opened fire at an Armenian position near Sotk. On Saturday, "
        "Azerbaijani forces fired on an Armenian position near Verin Shorzha."
    )
    assert len(extractor.extract(text, date(2024, 2, 24), "en", source="Armenian MoD")) == 2


def test_shells_cleared_by_sappers_are_no_act(extractor: Extractor) -> None:
    # written for this test: the weapons demining names were cleared, not used; fire at sappers is an act
    cleared = "За сутки саперы обнаружили и обезвредили 12 артиллерийских снарядов у Степанакерта."
    assert extractor.extract(cleared, date(2021, 3, 23), "ru", "Пример-Инфо") == []
    cleared = "Over the past day, sappers defused 12 artillery shells near Stepanakert."
    assert extractor.extract(cleared, date(2021, 3, 23), "en", "Example News") == []
    fired = "On 22 March, Azerbaijani forces fired at sappers who were demining a field near Stepanakert."
    assert len(extractor.extract(fired, date(2021, 3, 23), "en", "Example News")) == 1


def test_figures_told_after_another_day_are_not_the_claims(extractor: Extractor) -> None:
    text = (
        "On 5 June, Azerbaijani forces fired at positions near Martakert. Earlier, on 2 January, a letter "
        "of the ministry was circulated at the United Nations. As a result of the attack, two people were "
        "killed."
    )
    claim = one(extractor, text, "2022-06-06")
    assert claim["event_date"] == "2022-06-05" and claim["casualties"] == []


def test_a_figure_in_a_table_row_is_that_rows_only(extractor: Extractor) -> None:
    text = (
        "| 01.03.2022 | 1 | near Taghavard | Azerbaijan | fire at a post |\n"
        "| 02.03.2022 | 1 | near Khramort | Azerbaijan | fire at a car. As a result two people were killed |"
    )
    claims = {str(c.event_date): c for c in extractor.extract(text, date(2022, 3, 5))}
    assert claims["2022-03-01"].casualties == []
    assert [c.count for c in claims["2022-03-02"].casualties] == [2]


def test_a_curly_apostrophe_names_the_side(extractor: Extractor) -> None:
    claim = one(
        extractor, "On 3 March, Azerbaijan’s armed forces fired at positions near Taghavard.", "2022-03-04"
    )
    assert claim["accused"] == "AZ"


def test_the_discourse_layer_classes_and_dates() -> None:
    from truce.extract.discourse import discourse

    layer = discourse()
    text = "Title\n\n### 2021\nOn 8 May fire.\n\n## Background\nThe war of 2020.\n\n2023\nOn 2 June fire."
    sections = layer.sections(text)
    assert layer.year_at(sections, text.index("On 8 May")) == 2021
    assert layer.year_at(sections, text.index("The war")) is None  # a heading of a higher level closes it
    assert layer.in_background(sections, text.index("The war"))
    assert layer.year_at(sections, text.index("On 2 June")) == 2023
    caption = "In this image taken from video released on 3 May, a tank fires. (Army press office via AP)"
    assert layer.captions(f"{caption}\nOn 3 May fire.") == [(0, len(caption))]
    assert layer.captions("Фото: пресс-служба\nОбстрел.") == [(0, 18)]


# Case-insensitive patterns scanned as their lower-case form (truce.extract.caseless) find what the
# original finds, on any text, Turkish dotted and dotless i, long s and mixed scripts included.


_WORDS = [
    "kilis",
    "KILIS",
    "kılis",
    "Kİlis",
    "ſtop",
    "STOP",
    "stop",
    "ЖЁЛТЫЙ",
    "жёлтый",
    "shelled",
    "ſhelled",
]
_WORDS += ["fired", "FIRED", "обстрел", "ОБСТРЕЛ", "of", "OF", "от", "ОТ", "Ссылка", "ıi", "II", "σς", "Σ"]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_WORDS) | st.text(max_size=3), st.sampled_from([" ", "", ", ", "\n"])),
        max_size=12,
    ).map(lambda parts: "".join(w + sep for w, sep in parts))
)
def test_caseless_patterns_find_what_the_original_finds(text: str) -> None:
    from truce.extract.caseless import Caseless
    from truce.extract.rules import rules_for

    patterns = [
        re.compile(r"\b(?:kilis|ıi|Ссы|ЖЁЛТ\w*|stop|[a-z]+ed)\b", re.I),
        re.compile(r"(?P<w>[A-Za-zА-Яа-я]{2,})\s+(?:of|от)\b", re.I),
        re.compile(r"(?<!\w)(?:kilis|Ссы|stop|FIR)\w*(?:\s+(?P<n>of|\d+))?", re.I),
        *[rule.regex for rule in rules_for("en").triggers[:3] + rules_for("ru").triggers[:3]],
    ]
    for pattern in patterns:
        fast = Caseless(pattern)
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in pattern.finditer(text)]
        found, expected = fast.search(text, 1, 40), pattern.search(text, 1, 40)
        assert (found and found.span()) == (expected and expected.span())
        # as written, tried where the lowered form may begin
        assert [(m.span(), m.groups()) for m in fast.finditer_written(text, 1, 40)] == [
            (m.span(), m.groups()) for m in pattern.finditer(text, 1, 40)
        ]


# The scans made faster (truce.extract.rules.any_of, finditer_at) find what the plain scans find, on any
# text and any stretch of it.


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_WORDS, "13", "2021", "12:30", "near"]) | st.text(max_size=3),
            st.sampled_from([" ", "", ", "]),
        ),
        max_size=12,
    ).map(lambda parts: "".join(w + sep for w, sep in parts)),
    st.integers(0, 20),
    st.integers(0, 60),
)
def test_combined_scans_find_what_the_plain_scans_find(text: str, start: int, end: int) -> None:
    from truce.extract.rules import any_of, bounded, finditer_at

    start = min(start, len(text))
    words = [bounded(w) for w in ("stop|kilis", r"\w+ed", "of|от", r"\d+")]
    # all bounded (the look-behind put in front), and not all (a pattern as it is, one with an alternation)
    for patterns in (words, [*words, r"\d\d"], [r"(?<!\w)s|t", *words]):
        plain = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
        combined = re.compile(any_of(patterns), re.I)
        assert [m.span() for m in combined.finditer(text, start, end)] == [
            m.span() for m in plain.finditer(text, start, end)
        ]
        names = [f"p{i}" for i in range(len(patterns))]
        plain = re.compile("|".join(f"(?P<{n}>{p})" for n, p in zip(names, patterns, strict=True)), re.I)
        combined = re.compile(any_of(patterns, names), re.I)
        assert [(m.span(), m.lastgroup) for m in combined.finditer(text, start, end)] == [
            (m.span(), m.lastgroup) for m in plain.finditer(text, start, end)
        ]
    # tried at every position of the stretch, or only where a look-ahead of it matches; two match empty
    # (after an empty match finditer looks again at the same place, for a longer one)
    for regex in (
        re.compile(r"(?<![\d:])\d\d?(?::\d\d)?(?!\d)"),
        re.compile(r"\d*"),
        re.compile(r"|\d\d"),
        re.compile(r"(?<!\w)\w+ed"),
    ):
        expected = [m.span() for m in regex.finditer(text, start, end)]
        every = range(start, min(end, len(text)) + 1)
        assert [m.span() for m in finditer_at(regex, text, list(every), end)] == expected
        ahead = [m.start() for m in re.compile(f"(?={regex.pattern})").finditer(text, start, end)]
        assert [m.span() for m in finditer_at(regex, text, ahead, end)] == expected


# The strings read from a pattern (truce.extract.rules): those a stretch must hold before a slow pattern is
# scanned in it are in every match of it (needed_literals); those a match begins with (start_literals) are
# where a scan tried only there finds what the plain scan finds. On any text, and in every sentence of the
# real texts for every pattern of the rules and the combined scans.


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_WORDS, "13", "12:30", "near", "the", "shotgun"]) | st.text(max_size=3),
            st.sampled_from([" ", "", ", "]),
        ),
        max_size=12,
    ).map(lambda parts: "".join(w + sep for w, sep in parts)),
    st.integers(0, 20),
    st.integers(0, 60),
)
def test_a_stretch_without_the_needed_strings_holds_no_match(text: str, start: int, end: int) -> None:
    from truce.extract.rules import literal_scan

    patterns = [
        r"(?<!\w)(?:fired|shell\w*|shot(?:s|gun)?)\b",
        r"\bnear (?:the )?(?=\w)|(?:of|от)+\s\d",
        r"(?i:stop)ped|kilis(?<=il\w{3})",
        r"(?>sh(?:e|o)+)(?:ll|t)|(?:\d\d:){1,2}",
        r"(?:the|ЖЁЛТ)\w*+ (?:\w+ )?(?:of|OF)",
    ]
    for pattern in patterns:
        regex, scan = re.compile(pattern), literal_scan(re.compile(pattern))
        assert scan is not None
        if regex.search(text, start, end):
            assert scan.search(text, start, end)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*_WORDS, "13", "12:30", "near", "the", "shotgun"]) | st.text(max_size=3),
            st.sampled_from([" ", "", ", "]),
        ),
        max_size=12,
    ).map(lambda parts: "".join(w + sep for w, sep in parts)),
    st.integers(0, 20),
    st.integers(0, 60),
)
def test_a_scan_tried_where_a_match_may_begin_finds_what_the_plain_scan_finds(
    text: str, start: int, end: int
) -> None:
    from truce.extract.rules import finditer_starts, start_scan

    patterns = [
        r"(?<!\w)(?:(?P<a>fire[ds]?|shell\w*)|(?P<b>sh(?:o|e)+t?s?)|(?P<c>[oо]f)|(?P<d>1\d))",
        r"(?:the |a )?(?:near|of)+\b|(?<=\w)ed\b|1(?:3|2:)",
        r"(?>sh(?:e|o)+)(?:ll|t)|t?h?e|(?:1\d:){1,2}",
        r"(?<![\d:])1\d?(?::\d\d)?(?!\d)|x{0,2}y|[xy]+z",
    ]
    for pattern in patterns:
        regex = re.compile(pattern)
        found = [(m.span(), m.lastgroup) for m in regex.finditer(text, start, end)]
        starts = start_scan(regex)
        assert starts is not None
        assert [(m.span(), m.lastgroup) for m in finditer_starts(regex, starts, text, start, end)] == found
    # a match may begin with a letter of a class, or of either case: no strings to begin with
    for pattern in (r"fire|\w+ed", r"(?i:fire)", r"fired?|"):
        assert start_scan(re.compile(pattern)) is None


def test_the_strings_read_from_the_rules_are_in_their_matches() -> None:
    import dataclasses
    import json
    from pathlib import Path

    from truce.extract.caseless import Caseless
    from truce.extract.dates import DateReader
    from truce.extract.extractor import _PLACE_CUE
    from truce.extract.fields import FieldReader
    from truce.extract.parties import party_words, voice_parties, with_parties
    from truce.extract.rules import Rule, finditer_starts, literal_scan, rules_for, start_scan
    from truce.extract.text import sentences
    from truce.extract.voices import voice_reader
    from truce.packs import load_pack

    texts = [
        json.loads(line)["text"]
        for name in ("en.jsonl", "ru.jsonl")
        for line in (Path(__file__).parent / "real_corpus" / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    patterns = [(cue, False) for cue in _PLACE_CUE.values()]  # (a pattern, whether it scans lowered text)
    for lang in ("en", "ru"):
        rules = rules_for(lang)
        for f in dataclasses.fields(rules):
            value = getattr(rules, f.name)
            for item in (
                value if isinstance(value, list) else [value] if isinstance(value, re.Pattern) else []
            ):
                item = item.regex if isinstance(item, Rule) else item[0] if isinstance(item, tuple) else item
                if isinstance(item, re.Pattern):  # (a rule, a pattern and its value, a pattern)
                    low = Caseless(item).low  # as Caseless scans it, lowered, or as it is
                    patterns.append((low or item, low is not None))
        # the combined scans, lowered: of every means, of every party, of every voice and body
        fields = FieldReader(with_parties(rules, party_words([], load_pack().profile)))
        patterns += [(fields._means_low, True), (re.compile(fields._party_starts[1].pattern[3:-1]), True)]
        month_day = next(p for rule, p, _ in DateReader(rules)._patterns if rule == "month_day")
        patterns.append((Caseless(month_day).low, True))  # where a date that opens with a month may begin
    patterns.append((voice_reader(voice_parties(party_words([], load_pack().profile)))._any_low, True))
    scanned = [(regex, scan, lowered) for regex, lowered in patterns if (scan := literal_scan(regex))]
    begun = [(regex, scan, lowered) for regex, lowered in patterns if (scan := start_scan(regex))]
    assert len(scanned) > 50 and len(begun) > 50
    for text in texts:
        low = text.lower()
        for a, b in sentences(text):
            for regex, scan, lowered in scanned:
                if regex.search(low if lowered else text, a, b):
                    assert scan.search(low if lowered else text, a, b), (regex.pattern, text[a:b])
            for regex, scan, lowered in begun:
                seen = low if lowered else text
                assert [m.span() for m in finditer_starts(regex, scan, seen, a, b)] == [
                    m.span() for m in regex.finditer(seen, a, b)
                ], (regex.pattern, text[a:b])


# Written for these tests (issue 9, real-text conventions): a day told by reference, the act named again,
# a side's body blaming the other side, and a figure told again without its category.


@pytest.mark.parametrize(
    ("then", "days"),
    [
        # an act at a place "the next day": the day after the day told before it
        ("The next day units of the armed forces of Armenia fired at the village of Aghdam.", ["04", "05"]),
        # a statement made "the next day" dates no incident
        ("The next day the president condemned the provocation.", ["04"]),
    ],
)
def test_a_day_told_by_reference_is_the_day_after_for_an_act_only(
    extractor: Extractor, then: str, days: list[str]
) -> None:
    claims = extractor.extract(
        "On 4 May units of the armed forces of Armenia opened fire on the village of Kokhanabi. " + then,
        date(2022, 5, 6),
        source="AZ MoD",
    )
    assert sorted(c.event_date.isoformat() for c in claims if c.event_date) == [f"2022-05-{d}" for d in days]


def test_the_act_named_again_adds_its_place(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On 15 August the Azerbaijani forces opened fire at a patrol in the Gegharkunik province, the "
        "Armenian Defence Ministry said. The incident took place near the village of Sotk.",
        "2023-08-16",
    )
    assert {p["id"] for p in claim["places"]} >= {"sotk", "am-gegharkunik"}


def test_a_sides_body_does_not_blame_its_own_side(extractor: Extractor) -> None:
    # the speaker's own units named first, the other side's after a passive: the other side is blamed
    claims = extractor.extract(
        "The Azerbaijani army units were subjected to fire by the Armenian armed forces in the Kalbajar "
        "direction, the Azerbaijani Defence Ministry said.",
        date(2022, 9, 13),
    )
    told = [c for c in claims if c.stance == "asserts"]
    assert [(c.voice, c.accused, c.target) for c in told] == [("AZ MoD", "AM", "AZ")]


def test_a_figure_told_again_without_its_category_is_the_same_people() -> None:
    from truce.extract.extractor import _told_again

    found = {
        (
            "AM",
            "servicemen",
            "killed",
        ): 3,
        ("AM", "unknown", "killed"): 3,  # "three people were killed": the same three
        ("AM", "unknown", "wounded"): 2,  # no figure with a category: kept
        ("unknown", "unknown", "killed"): 3,  # no side: the same three
        ("unknown", "civilians", "captured"): 1,
    }
    assert _told_again(found) == {
        ("AM", "servicemen", "killed"): 3,
        ("AM", "unknown", "wounded"): 2,
        ("unknown", "civilians", "captured"): 1,
    }
    # a total larger than the parts told is more people: kept
    assert ("AM", "unknown", "killed") in _told_again(
        {("AM", "servicemen", "killed"): 2, ("AM", "unknown", "killed"): 5}
    )


def test_a_move_into_an_area_is_an_incursion_and_a_gunshot_wound_small_arms(extractor: Extractor) -> None:
    claim = one(
        extractor,
        "On 24 March Azerbaijani troops moved into the area near the village of Parukh.",
        "2022-03-25",
    )
    assert "incursion" in claim["means"]
    claim = one(
        extractor,
        "10 мая военнослужащий армии обороны получил огнестрельное ранение в результате обстрела со стороны "
        "азербайджанских подразделений.",
        "2022-05-11",
    )
    assert "small_arms" in claim["means"]


# -- issue 9, times of real-text shapes (sentences written for these tests) ----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Азербайджанская сторона нарушила перемирие около 12 часов по местному времени 5 июня.", "12:00"),
        ("С полудня 5 июня подразделения ВС Азербайджана обстреливают позиции у села Храморт.", "12:00"),
        ("5 июня в 3 часа ночи позиции у села Храморт подверглись обстрелу.", "03:00"),
        ("5 июня у села Храморт велась стрельба, она продолжалась около 2 часов.", None),
    ],
)
def test_hours_in_words_are_times_not_durations(
    extractor: Extractor, text: str, expected: str | None
) -> None:
    # written for this test
    claims = extractor.extract(text, date(2022, 6, 6), lang="ru")
    assert claims and (claims[0].time_start.strftime("%H:%M") if claims[0].time_start else None) == expected


def _rules_without(lang: str, table: str, tmp_path: Path) -> Rules:
    """The rules of ``lang`` read from a copy of its file with the table ``[table]`` left out."""
    text = (RULES_DIR / f"{lang}.toml").read_text(encoding="utf-8")
    start = text.index(f"\n[{table}]\n")
    following = re.search(r"\n\[", text[start + 1 :])
    end = start + 1 + following.start() if following else len(text)
    path = tmp_path / f"{lang}.toml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return compile_rules(path)


def test_passive_agents_and_undoing_words_are_rule_data(tmp_path: Path) -> None:
    # sentences written for this test: the words that tell a passive's agent by case, and the words around
    # a means that undo it, are the language's rule data; a file without them reads neither
    def roles(rules: Rules, text: str) -> list[tuple[str, str | None]]:
        return [(p.code, p.role) for p in FieldReader(rules).parties(text, 0, len(text))]

    agent = "1 июля позиции у Сотка подверглись обстрелу азербайджанской стороной."
    assert rules_for("en").passive_agent is None
    assert roles(rules_for("ru"), agent) == [("AZ", "accused")]
    assert roles(_rules_without("ru", "passive_agent", tmp_path), agent) != [("AZ", "accused")]

    def means(rules: Rules, text: str) -> dict[str, str]:
        return FieldReader(rules).means(text, 0, len(text))

    without = _rules_without("en", "means_context", tmp_path)
    for text in (
        "On 1 July shots were not fired near Sotk.",
        "The enemy has concentrated heavy artillery near Sotk.",
        "Our units did not fire a single shot at Sotk.",
    ):
        assert means(rules_for("en"), text) == {}
        assert means(without, text) != {}
    shots = "1 июля у Сотка выстрелов не было."
    assert means(rules_for("ru"), shots) == {}
    assert means(_rules_without("ru", "means_context", tmp_path), shots) != {}


def test_a_broken_passive_agent_rule_names_its_key(tmp_path: Path) -> None:
    text = (RULES_DIR / "ru.toml").read_text(encoding="utf-8")
    path = tmp_path / "ru.toml"
    path.write_text(re.sub(r"(?m)^passive = .*$", 'passive = "(unclosed"', text), encoding="utf-8")
    with pytest.raises(PackError, match=r"passive_agent\.passive"):
        compile_rules(path)


def test_the_object_of_a_denial_is_voice_rule_data() -> None:
    # the words that make a body the object of a denial ("refuted the report of the ministry") are data
    data = read_rules("voices.toml")
    assert "denied_object" in data
    with pytest.raises(PackError, match="denied_object"):
        VoiceReader({k: v for k, v in data.items() if k != "denied_object"})


def test_field_readers_hold_no_wording_of_a_language() -> None:
    # the readers of fields are mechanism: every word of a language is in the rule files (comments and
    # docstrings may quote examples)
    tree = ast.parse((Path(truce.extract.fields.__file__)).read_text(encoding="utf-8"))
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    strings = [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
    ]
    assert not [s for s in strings if re.search("[а-яё]", s, re.I)]
    assert not [s for s in strings if re.search("concentrat|violat|single|times", s)]


def _voices(extractor: Extractor, text: str, published: str) -> list[tuple[str, str]]:
    claims = extractor.extract(text, date.fromisoformat(published), "en", denials=True)
    return [(c.voice, c.stance) for c in claims]


@pytest.mark.parametrize(
    ("quote", "voice"),
    [
        ("Locals have reported that there was shelling near Kut on 5 June.", "other: people"),
        ("A Kut resident told the agency that shots were fired at the village on 5 June.", "other: people"),
        ("Armenian sources also claimed that Azerbaijani forces fired at Kut on 5 June.", "other: media"),
        ("According to Caliber.Az, an Armenian sniper fired at Kut on 5 June.", "other: media"),
    ],
)
def test_people_and_outlets_a_report_quotes_are_voices_of_their_own(
    extractor: Extractor, quote: str, voice: str
) -> None:
    # the ministry named before does not go on in their words (shared/conventions.md 1)
    lead = "On 5 June, Azerbaijani forces fired at positions near Sotk, the Armenian defence ministry said."
    text = f"{lead} {quote}"
    assert _voices(extractor, text, "2022-06-06") == [("AM MoD", "asserts"), (voice, "asserts")]


def test_background_ends_the_voice_before(extractor: Extractor) -> None:
    # the publisher tells the history in its own words, and goes on in them until a speaker is named
    text = (
        "On 5 June, Azerbaijani forces fired at positions near Sotk, the Armenian defence ministry said.\n\n"
        "Armenia and Azerbaijan have been at war over Nagorno-Karabakh for decades.\n\n"
        "On 6 June, shots were fired at Kut."
    )
    assert _voices(extractor, text, "2022-06-07") == [("AM MoD", "asserts"), ("outlet", "asserts")]


def test_an_undated_summary_of_the_accounts_makes_no_claim(extractor: Extractor) -> None:
    text = (
        "On 5 June, Azerbaijani forces fired at positions near Sotk, the Armenian defence ministry said. "
        "Tensions have escalated near Kut as both sides accuse the other of cross-border gunfire."
    )
    assert _voices(extractor, text, "2022-06-06") == [("AM MoD", "asserts")]


def test_the_districts_named_after_the_word_are_the_districts(extractor: Extractor) -> None:
    text = "On 16 November, Armenian forces fired at positions in the districts of Kalbajar and Lachin."
    claim = one(extractor, text, "2021-11-17")
    assert [p["id"] for p in claim["places"]] == ["az-kalbajar", "az-lachin"]
    # fire towards a place names the place, not a unit of its name
    toward = one(extractor, "On 16 November, Armenian forces fired in the direction of Lachin.", "2021-11-17")
    assert [p["id"] for p in toward["places"]] == ["lachin"]


def test_a_voice_taken_up_again_adds_the_places_its_account_lacked(extractor: Extractor) -> None:
    text = (
        "“Seven servicemen died and 10 more were wounded in the clashes provoked Tuesday by Armenia,” "
        "Baku’s defence ministry said. Armenia reported one dead and 13 captured troops. “Armenian troops "
        "attacked Azerbaijani positions in the districts of Kelbajar and Lachin,” Azerbaijan’s defence "
        "ministry said."
    )
    claims = extractor.extract(text, date(2021, 11, 17), "en")
    baku = [c for c in claims if c.voice == "AZ MoD"]
    assert len(baku) == 1 and [p.id for p in baku[0].places] == ["az-kalbajar", "az-lachin"]


def test_a_body_that_accuses_speaks(extractor: Extractor) -> None:
    text = (
        "On 19 July, Azerbaijani forces fired at Armenian positions near Yeraskh, the Armenian Defense "
        "Ministry said. Meanwhile, Azerbaijan’s Defense Ministry accused the Armenian side of violating "
        "the ceasefire and wounding an Azerbaijani army officer."
    )
    assert _voices(extractor, text, "2021-07-20") == [("AM MoD", "asserts"), ("AZ MoD", "asserts")]


def test_a_dateline_is_no_sentence_of_the_lead(extractor: Extractor) -> None:
    # the ministry named right after the dated lead tells it
    text = (
        "Yerevan /Mediamax/. On September 13, around 00:05, units of the Azerbaijani armed forces opened "
        "fire at the Armenian positions. The Armenian Ministry of Defense reports that the positions near "
        "Sotk were shelled."
    )
    assert _voices(extractor, text, "2022-09-13") == [("AM MoD", "asserts")]


def test_a_bulletin_on_the_peacekeepers_is_theirs(extractor: Extractor) -> None:
    # the ministry's quote after it is the same voice's: one account of the withdrawal
    text = (
        "Azerbaijan has withdrawn its troops from a village in Karabakh, according to a bulletin on the "
        "activities of Russian peacekeepers, published on the website of the Ministry of Defense. “Based on "
        "the results of the negotiations, the Azerbaijani side carried out the withdrawal of its units from "
        "the area of the settlement of Furukh,” the military department said."
    )
    assert _voices(extractor, text, "2022-03-27") == [("RU MoD", "withdrew")]


def test_a_statement_denying_a_report_restates_it(extractor: Extractor) -> None:
    text = (
        "On March 8, the MoD of Armenia released a statement denying a report from the MoD of Azerbaijan "
        "that the Armenian Armed Forces had fired on Azerbaijani positions."
    )
    assert sorted(_voices(extractor, text, "2022-03-09")) == [("AM MoD", "denies"), ("AZ MoD", "asserts")]


def test_an_army_command_post_is_no_speaker() -> None:
    reader = VoiceReader(read_rules("voices.toml"))
    text = "Azerbaijan destroys Armenian army command post"
    assert reader.mentions(text, 0, len(text)) == []
