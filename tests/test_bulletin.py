"""The daily information bulletin, from the command line and from the core."""

from __future__ import annotations

import re


def test_day_with_violations(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("bulletin", "2022-03-11")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Information bulletin: 11 March 2022")
    assert "Published on 12 March 2022" in text
    assert "13 ceasefire violations recorded." in text
    assert "Blamed: Azerbaijan" in text
    assert "place within it not indicated" in text  # a district, not a pin
    assert "time not indicated" in text
    assert "no casualties" in text


def test_deployment_in_force(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-11").stdout
    assert "Northern zone of responsibility: permanent observation posts** (9)" in text
    assert "Southern zone of responsibility: permanent observation posts** (9)" in text
    assert "Lachin corridor: temporary observation posts** (7)" in text
    assert "Joint monitoring centre** (1)" in text
    # the joint monitoring centre opened on 30 January 2021
    assert "Joint monitoring centre" not in cli("bulletin", "2021-01-29").stdout


def test_day_without_violations(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-12").stdout
    assert "No ceasefire violation was recorded." in text
    assert "Deployment in force" in text


def test_not_indicated_blame(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-06", "--format", "text").stdout
    assert "Blamed:       not indicated" in text
    assert "in the zone of responsibility (place not indicated)" in text


def test_naming_conventions(cli) -> None:  # type: ignore[no-untyped-def]
    az = cli("bulletin", "2022-03-24", "--names", "az").stdout
    hy = cli("bulletin", "2022-03-24", "--names", "hy").stdout
    ru = cli("bulletin", "2022-03-24", "--names", "ru").stdout
    both = cli("bulletin", "2022-03-24").stdout
    assert "near Farukh**" in az and "Parukh" not in az.split("## Deployment")[0]
    assert "near Parukh**" in hy
    assert "near Фарух**" in ru or "near Парух**" in ru
    assert "near Farukh / Parukh**" in both
    assert "24-25 March 2022" in both
    assert "strike by unmanned aerial vehicle" in both
    assert re.search(r"Breaches point 1: A complete ceasefire", both)


def test_relative_position_and_casualties(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-11-12", "--names", "hy").stdout
    assert "1.8 km east of Khramort" in text
    assert "Nagorno-Karabakh forces civilians: 1 wounded" in text


def test_place_outside_the_theatre_names_its_country(cli) -> None:  # type: ignore[no-untyped-def]
    assert "near Sotk, Armenia" in cli("bulletin", "2022-08-06", "--names", "hy").stdout


def test_text_format_has_no_markdown(cli) -> None:  # type: ignore[no-untyped-def]
    text = cli("bulletin", "2022-03-11", "--format", "text").stdout
    assert text.startswith("INFORMATION BULLETIN: 11 March 2022")
    assert "**" not in text and "#" not in text
