"""The daily information bulletin, from the command line and from the core."""

from __future__ import annotations

import re


def test_day_with_violations(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("bulletin", "2022-03-11")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Information bulletin: 11 March 2022")
    assert "For the day of 11 March 2022 (Asia/Baku time), as of 08:00 on 12 March 2022." in text
    assert "## Ceasefire violations recorded by the monitor\n\n13 ceasefire violations." in text
    assert "Blamed: the armed forces of Azerbaijan" in text
    assert "place within it not indicated" in text  # a district, not a pin
    assert "time not indicated" in text
    assert "no casualties" in text


def test_deployment_is_summarised(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-11").stdout
    assert "- Northern zone of responsibility: permanent observation posts: 9 active" in text
    assert "- Southern zone of responsibility: permanent observation posts: 9 active" in text
    assert "- Lachin corridor: temporary observation posts: 7 active" in text
    assert "- Joint monitoring centre: 1 active" in text
    assert "Permanent post N1" not in text  # counts by group, not forty identical lines
    # the joint monitoring centre opened on 30 January 2021: the bulletin says so that day
    assert "Joint monitoring centre" not in cli("bulletin", "2021-01-29").stdout
    assert "- Joint monitoring centre: 1 active; opened: " in cli("bulletin", "2021-01-30").stdout
    # the corridor moved on 26 August 2022: three posts closed
    moved = cli("bulletin", "2022-08-26").stdout
    assert "temporary observation posts: 4 active; closed since the day before: Temporary post L1" in moved


def test_a_day_with_no_report_of_the_monitor_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    for day in ("2022-03-12", "2023-09-19"):  # the day of the offensive: the record holds no report
        text = cli("bulletin", day).stdout
        assert "The record holds no report of the monitor for" in text
        assert "no ceasefire violation" not in text.lower()
        assert "## Deployment" in text


def test_a_day_outside_the_mandate_is_refused(cli) -> None:  # type: ignore[no-untyped-def]
    for day in ("1999-01-01", "2020-11-09", "2024-06-13", "2030-01-01"):
        result = cli("bulletin", day)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"Error: DATE: {day} is outside the mission's mandate (2020-11-10 to")
        assert result.stdout == ""


def test_the_bulletin_says_who_publishes_it(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-11").stdout
    assert "compiled from the information bulletins the Ministry of Defence of the Russian Federation" in text
    assert "It does not speak for the monitor." in text
    # tool text goes to the annex, not into the items
    items, annex = text.split("## Annex: record references")
    assert "I-rumod-20220311" not in items and "I-rumod-20220311" in annex


def test_not_indicated_blame(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-06", "--format", "text").stdout
    assert "Blamed:           not indicated" in text
    assert "in the zone of responsibility (place not indicated)" in text


def test_naming_conventions(cli) -> None:  # type: ignore[no-untyped-def]
    az = cli("bulletin", "2022-03-24", "--names", "az").stdout
    hy = cli("bulletin", "2022-03-24", "--names", "hy").stdout
    ru = cli("bulletin", "2022-03-24", "--names", "ru").stdout
    both = cli("bulletin", "2022-03-24").stdout
    assert "near Farukh**" in az and "Parukh" not in az
    assert "near Parukh**" in hy
    assert "near Фарух**" in ru or "near Парух**" in ru
    assert "near Farukh / Parukh**" in both
    assert "24-25 March 2022" in both
    assert "strike by unmanned aerial vehicle" in both
    assert re.search(r"Breaches point 1: A complete ceasefire", both)


def test_relative_position_and_casualties(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-11-12", "--names", "hy").stdout
    assert "1.8 km east of Khramort" in text
    assert "Casualties: the Nagorno-Karabakh side, civilians: 1 wounded" in text
    assert "forces civilians" not in text


def test_place_outside_the_theatre_names_its_country(cli) -> None:  # type: ignore[no-untyped-def]
    assert "near Sotk, Armenia" in cli("bulletin", "2022-08-06", "--names", "hy").stdout


def test_text_format_has_no_markdown(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-11", "--format", "text").stdout
    assert text.startswith("INFORMATION BULLETIN: 11 March 2022")
    assert "**" not in text and "#" not in text


def test_the_day_is_compared_with_the_days_before(cli) -> None:  # type: ignore[no-untyped-def]
    # 26 March 2022: two violations; the advance at Parukh counted on its first day, 24 March
    shown = " ".join(cli("bulletin", "2022-03-26").stdout.split())
    assert (
        "Compared with earlier days (the monitor's record, each violation on its first day): the day before, "
        "0; the last 7 days, 3; the 7 days before them, 0." in shown
    )
    # zeros of days the record holds no report for are said to be such
    assert "The record holds no report of the monitor for 11 of these 14 days." in shown
    russian = " ".join(cli("bulletin", "2022-03-26", "--lang", "ru").stdout.split())
    assert "накануне — 0, за последние 7 дней — 3, за 7 дней до того — 0." in russian
    assert "За 11 из этих 14 дней в записях нет сообщения наблюдателя." in russian
    assert "Compared with" not in cli("bulletin", "2022-06-01").stdout  # no report that day: no comparison
