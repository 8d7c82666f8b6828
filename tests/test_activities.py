"""The mission's other work (issue 12): activities in the pack, checked on load, listed by ``truce
activities`` and reported by the bulletin, the monitor's apart from others', attributed, in English and
Russian. Passages below marked "written for the test" are not facts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from test_pack_errors import replace_in_line
from typer.testing import CliRunner

from truce.cli import app
from truce.errors import PackError
from truce.model import Activity, Standing
from truce.packs import PACKS_DIR, load_pack
from truce.report.activities import figures_text
from truce.report.language import language

PARTY_LINE = "act-20220326-appeal"
VILLAGE = ",the area of the village,"  # the row's location text, before its (empty) figures


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pack_carries_the_seed_activities(pack) -> None:  # type: ignore[no-untyped-def]
    by_id = {a.id: a for a in pack.activities}
    assert by_id["act-20201122-returns"].figures == {"people": 25000}
    assert by_id["act-20201210-returns-city"].place_id == "stepanakert"
    blockade = by_id["act-20221212-corridor"]
    assert (blockade.kind, blockade.date_from, blockade.ongoing) == ("restriction", date(2022, 12, 12), True)
    assert blockade.area_id == "corridor-lachin-v2" and blockade.standing is Standing.CLAIMED
    # the standing comes from who speaks: the monitor's ministry reports, a reference article claims
    assert by_id[PARTY_LINE].standing is Standing.REPORTED and by_id[PARTY_LINE].addressee == "AZ"
    assert {a.kind for a in pack.activities} >= {"return", "demining", "exchange", "appeal", "mission"}
    assert all(a.basis and a.summaries.get("ru") for a in pack.activities)


def test_an_activity_is_under_way_on_its_days() -> None:
    one = Activity("a", "escort", date(2022, 1, 5), {"en": "x"}, "s", Standing.REPORTED)
    span = Activity("b", "delivery", date(2022, 1, 5), {"en": "x"}, "s", Standing.REPORTED, date(2022, 1, 7))
    ongoing = Activity("c", "restriction", date(2022, 1, 5), {"en": "x"}, "s", Standing.CLAIMED, ongoing=True)
    assert [one.on(date(2022, 1, d)) for d in (4, 5, 6)] == [False, True, False]
    assert [span.on(date(2022, 1, d)) for d in (4, 5, 7, 8)] == [False, True, True, False]
    assert ongoing.on(date(2030, 1, 1)) and not ongoing.on(date(2022, 1, 4))


def test_figures_read_in_each_language() -> None:
    assert figures_text({"vehicles": 1, "people": 40}) == "40 people; 1 vehicle"
    russian = language("ru")
    assert figures_text({"people": 18000}, russian) == "18\xa0000 человек"
    assert figures_text({"vehicles": 3}, russian) == "3 автомобиля"
    assert figures_text({"objects": 21}, russian) == "21 взрывоопасный предмет"
    assert figures_text({"hectares": 2.5}) == "2.5 hectares"


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", target)
    return target


@pytest.mark.parametrize(
    ("old", "new", "field", "problem"),
    [
        (",appeal,", ",parley,", "kind", "'parley' is not one of escort"),
        ("2022-03-26,,0", "2022-03-26,2022-03-20,0", "date_to", "is before date_from"),
        ("2022-03-26,,0", "2022-03-26,2022-03-27,1", "ongoing", "has no date_to"),
        (",RU,AZ,", ",RU,XX,", "addressee", "'XX' is not a party"),
        (",parukh,", ",atlantis,", "place", "'atlantis' is not a place"),
        (",rumod,", ",nobody,", "source", "'nobody' is not a source"),
        (
            ",the area of the village,,",
            ",the area of the village,goats=3,",
            "figures",
            "'goats' is not one of",
        ),
        (
            ",the area of the village,,",
            ",the area of the village,people=many,",
            "figures",
            "'many' is not a number",
        ),
        (",the area of the village,,", ",the area of the village,people=99999999,", "figures", "plausible"),
        (",the area of the village,,", ",the area of the village,people=1|people=2,", "figures", "twice"),
    ],
)
def test_a_bad_activity_is_refused_naming_its_line_and_field(
    copy: Path, old: str, new: str, field: str, problem: str
) -> None:
    line = replace_in_line(copy / "activities.csv", PARTY_LINE, old, new)
    with pytest.raises(PackError) as caught:
        load_pack(str(copy))
    assert (caught.value.file, caught.value.line, caught.value.field) == ("activities.csv", line, field)
    assert problem in str(caught.value)


def test_a_pack_without_activities_loads(copy: Path) -> None:
    (copy / "activities.csv").unlink()
    assert load_pack(str(copy)).activities == []


# -- truce activities ---------------------------------------------------------------------------------


def test_activities_of_december_2022(cli) -> None:  # type: ignore[no-untyped-def]
    month = ("--from", "2022-12-01", "--to", "2022-12-31")
    shown = cli("activities", *month)
    assert shown.exit_code == 0, shown.output
    assert "1 activities (the monitor's record and others' reports, attributed)." in flat(shown.stdout)
    found = json.loads(cli("activities", *month, "--format", "json").stdout)["activities"]
    assert [(a["id"], a["ongoing"], a["standing"]) for a in found] == [
        ("act-20221212-corridor", True, "claimed")
    ]
    only = cli("activities", *month, "--monitor-only")
    assert "0 activities (the monitor's record)" in flat(only.stdout)


def test_activities_as_csv_and_json(cli) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.DictReader(io.StringIO(cli("activities", "--kind", "return", "--format", "csv").stdout)))
    assert [(r["id"], r["figure_people"], r["standing"]) for r in rows] == [
        ("act-20201122-returns", "25000", "claimed"),
        ("act-20201210-returns-city", "18000", "claimed"),
    ]
    assert rows[1]["place"] == "Khankendi / Stepanakert"  # the pack's default convention
    found = json.loads(
        cli("activities", "--kind", "appeal", "--format", "json", "--lang", "ru", "--names", "hy").stdout
    )["activities"]
    assert [a["id"] for a in found] == ["act-20220326-appeal", "act-20230325-appeal"]
    assert found[0]["place"] == "Parukh" and found[0]["addressee"] == "AZ"
    assert found[0]["summary"].startswith("Наблюдатель обратился")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--kind", "picnic"), "--kind"),
        (("--from", "2023-01-10", "--to", "2023-01-01"), "--to"),
        (("--format", "xml"), "--format"),
        (("--lang", "fr"), "--lang"),
    ],
)
def test_activities_refuses_bad_options(cli, args: tuple[str, ...], field: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("activities", *args)
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: {field}")


# -- in the bulletin ----------------------------------------------------------------------------------


def section(bulletin: str, title: str, following: str) -> str:
    return bulletin[bulletin.index(title) : bulletin.index(following)]


def test_the_bulletin_reports_the_blockade_attributed(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("bulletin", "2023-01-05").stdout
    part = flat(section(shown, "## Activities and freedom of movement", "## Deployment"))
    assert "Reported by others, not confirmed by the monitor:" in part
    assert "**Restriction of freedom of movement**, in the corridor, since 12 December 2022" in part
    assert "not confirmed by the monitor" in part
    russian = cli("bulletin", "2023-01-05", "--lang", "ru").stdout
    part = flat(section(russian, "## Деятельность и свобода передвижения", "## Размещение"))
    assert (
        "Ограничение свободы передвижения" in part
        and "с 12 декабря 2022 г. (окончание не зафиксировано)" in part
    )
    assert not any(word in part for word in ("Restriction", "corridor", "since"))


def test_the_monitors_appeal_comes_before_others_reports(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("bulletin", "2022-03-26", "--names", "hy").stdout
    part = flat(section(shown, "## Activities and freedom of movement", "## Deployment"))
    assert part.index("**Appeal to a party**, near Parukh") < len(part)
    assert "Reported by others" not in part
    assert "reported by the monitor: Ministry of Defence of the Russian Federation" in part


def test_a_day_without_activities_says_so(cli) -> None:  # type: ignore[no-untyped-def]
    shown = cli("bulletin", "2021-06-01").stdout
    assert "None in the record." in section(shown, "## Activities and freedom of movement", "## Deployment")


# -- a mission's own pack -----------------------------------------------------------------------------

LAKELAND = Path(__file__).parent / "packs" / "lakeland"


def test_a_missions_own_activities_are_its_record(tmp_path: Path) -> None:
    pack_copy = tmp_path / "lakeland"
    shutil.copytree(LAKELAND, pack_copy)
    hostile = "<script>alert(1)</script> **loud** written for the test"
    replace_in_line(
        pack_copy / "activities.csv", "lm-act-20211010", "The Mission cleared", hostile + " cleared"
    )
    db = f"sqlite:///{tmp_path / 'lake.db'}"
    runner = CliRunner()

    def lake(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "3 activities" in lake("init", "--pack", str(pack_copy))
    day = lake("bulletin", "2021-09-21", "--names", "en")
    part = flat(section(day, "## Activities and freedom of movement", "## Deployment"))
    assert "**Escort**, near Losna Bridge, 20-21 September 2021 (40 people; 12 vehicles)" in part
    assert "Reported by others" not in part
    html = lake("bulletin", "2021-10-10", "--format", "html")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
    markdown = lake("bulletin", "2021-10-10")
    assert r"\<script\>" in markdown and r"\*\*loud\*\*" in markdown
    assert "(7 explosive objects; 2.5 hectares)" in markdown
    later = flat(lake("bulletin", "2021-11-15"))
    assert "Reported by others, not confirmed by the monitor:" in later
    assert "according to Ministry of Defence of Northlake; not confirmed by the monitor" in later
