"""Trends and early warning: the core on small series written for the test (buckets, counting once,
effort, days since, change points, the warning rule, charts, CSV), then ``truce trends`` in-process on
the Nagorno-Karabakh pack, printing how often the rule would have flagged over the whole record."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from truce.model import Area, DatePrecision, Incident, LocationPrecision, Party, Post, Siting, Standing
from truce.reconcile.counts import total_violations
from truce.report.trends import WarningRule, analyse
from truce.report.trends.changes import change_points
from truce.report.trends.chart import chart_bytes
from truce.report.trends.output import CSV_COLUMNS, csv_text, json_text
from truce.report.trends.series import contributions, periods, post_days
from truce.report.trends.warning import early_warning, poisson_tail

START = date(2022, 1, 1)  # the written record's first day (a Saturday)
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# -- a small record, written for the test ----------------------------------------------------------

NORTH = Area("zone-north-t", "zone", "north", {}, START, None, True, "written for the test")
SOUTH = Area("zone-south-t", "zone", "south", {}, START, None, True, "written for the test")
CORRIDOR = Area("corridor-t", "corridor", "lachin", {}, START, None, True, "written for the test")
AREAS = [NORTH, SOUTH, CORRIDOR]
PARTIES = {
    "AZ": Party("AZ", "state", {"en": "the forces of Side A"}),
    "AM": Party("AM", "state", {"en": "B"}),
}


def incident(
    name: str,
    day: date,
    violations: int = 1,
    *,
    accused: str = "AZ",
    means: tuple[str, ...] = (),
    areas: tuple[str, ...] | None = ("zone-north-t",),
    place: str | None = None,
    area_ref: str | None = None,
) -> Incident:
    """An incident written for the test: a point in ``areas`` (None: known only to an area)."""
    point = areas is not None
    return Incident(
        day,
        day,
        DatePrecision.DAY,
        LocationPrecision.POINT if point else LocationPrecision.DISTRICT,
        1000.0,
        accused=accused,
        violations=violations,
        place_id=place,
        area_ref=area_ref,
        lat=40.0 if point else None,
        lon=46.0 if point else None,
        means=list(means),
        id=f"I-{name}",
        standing=Standing.REPORTED,
        siting=Siting(areas=areas),
    )


def post(name: str, zone: str | None, start: date = START, end: date | None = None) -> Post:
    return Post(name, {"en": name}, "permanent_post", zone, 40.0, 46.0, 1000.0, True, "written", start, end)


def day(n: int) -> date:
    return START + timedelta(days=n)


def record() -> list[Incident]:
    return [
        incident("n1", day(0), accused="AZ", means=("small_arms",)),
        incident("s1", day(2), 2, accused="AM", areas=("zone-south-t",), means=("mortar", "small_arms")),
        incident("out", day(9), accused="unknown", areas=()),  # a point outside every zone
        incident("area", day(40), 3, areas=None, area_ref="zone"),  # a count known only to an area
        incident("lachin", day(45), areas=("corridor-t",)),
    ]


def analysed(**options):  # type: ignore[no-untyped-def]
    settings = {"first": START, "last": day(58), "by": "month", "parties": PARTIES, **options}
    posts = [post("n", "north"), post("s", "south", end=day(30)), post("c", "corridor")]
    return analyse(record(), posts, AREAS, {}, **settings)


# -- the core --------------------------------------------------------------------------------------


def test_periods_are_cut_to_the_window() -> None:
    weeks = periods(day(0), day(16), "week")  # Saturday 1 January to Monday 17 January 2022
    assert [(p.start, p.days) for p in weeks] == [(day(0), 2), (day(2), 7), (day(9), 7), (day(16), 1)]
    months = periods(date(2020, 11, 10), date(2021, 3, 2), "month")
    assert [p.days for p in months] == [21, 31, 31, 28, 2]
    assert len(periods(date(2020, 11, 10), date(2024, 6, 12), "day")) == 1311
    with pytest.raises(ValueError):
        periods(START, START, "fortnight")


def test_buckets_by_day_week_and_month() -> None:
    by_month = analysed()
    assert [p.start for p in by_month.periods] == [date(2022, 1, 1), date(2022, 2, 1)]
    assert by_month.total.violations == (4, 4)
    by_week = analysed(by="week")
    assert sum(by_week.total.violations) == 8
    assert by_week.total.violations[:3] == (1, 2, 1)  # 1-2 Jan, 3-9 Jan, 10-16 Jan
    by_day = analysed(by="day", last=day(9))
    assert by_day.total.violations == (1, 0, 2, 0, 0, 0, 0, 0, 0, 1)


def test_groups_by_zone_party_and_means() -> None:
    zones = {s.key: (s.label, s.total) for s in analysed(group="zone").groups}
    assert zones == {
        "area only": ("area only (no point)", 3),
        "south": ("south zone", 2),
        "north": ("north zone", 1),
        "lachin": ("Lachin corridor", 1),
        "outside": ("outside the zones", 1),
    }
    parties = {s.key: (s.label, s.total) for s in analysed(group="party").groups}
    assert parties == {"AZ": ("the forces of Side A", 5), "AM": ("B", 2), "unknown": ("not indicated", 1)}
    means = analysed(group="means")
    assert {s.key: s.total for s in means.groups} == {"none": 5, "small_arms": 3, "mortar": 2}
    assert means.several  # the mortar-and-small-arms incident counts under each
    assert not analysed(group="zone").several


def test_a_count_covers_the_items_inside_it() -> None:
    # a count of 5 in the zone on a day with 2 itemised violations: 5 violations that day, not 7
    items = [incident("a", day(3)), incident("b", day(3))]
    count = incident("c", day(3), 5, areas=None, area_ref="zone")
    share = contributions([*items, count], {})
    assert share == {"I-a": 1, "I-b": 1, "I-c": 3}
    assert sum(share.values()) == total_violations([*items, count], {}) == 5
    result = analyse([*items, count], [], AREAS, {}, first=START, last=day(6), by="day", group="zone")
    assert result.total.violations[3] == 5
    assert {s.key: s.total for s in result.groups} == {"area only": 3, "north": 2}


def test_effort_is_the_posts_active_each_day() -> None:
    posts = [post("a", "north"), post("b", "north", day(1), day(2)), post("c", "south", day(5))]
    assert post_days(posts, START, day(5)).tolist() == [1, 2, 2, 1, 1, 2]
    result = analysed(group="zone")
    # January: 3 posts all month (93), February: 2 posts and the south post until 31 January only
    assert result.total.post_days == (93, 56)
    assert result.total.rate() == (pytest.approx(4 * 1000 / 93), pytest.approx(4 * 1000 / 56))
    by_key = {s.key: s for s in result.groups}
    assert by_key["north"].post_days == (31, 28)
    assert by_key["south"].post_days == (31, 0)
    assert by_key["south"].rate() == (pytest.approx(2 * 1000 / 31), None)  # no post: no rate
    assert by_key["lachin"].post_days == (31, 28)  # the corridor's posts are of zone "corridor"
    assert by_key["outside"].post_days is None and by_key["outside"].rate() == (None, None)
    assert by_key["area only"].post_days is None


def test_days_since_the_last_violation() -> None:
    result = analysed(group="zone", last=day(50))
    since = {d.key: (d.last, d.days) for d in result.days_since}
    assert since["all"] == (day(45), 5)
    assert since["north"] == (day(0), 50)
    assert since["lachin"] == (day(45), 5)
    # as of a day before the window's violations: counted from the history before it
    early = analysed(first=day(20), last=day(30))
    assert early.total.violations == (0,)
    assert [(d.key, d.days) for d in early.days_since] == [("all", 21)]
    assert [(d.key, d.days) for d in analysed(first=START, last=START).days_since] == [("all", 0)]


def test_change_points_are_found_where_a_written_series_jumps() -> None:
    starts = [day(n) for n in range(120)]
    rng = np.random.default_rng(12)
    quiet, busy = rng.poisson(0.1, 70), rng.poisson(2.0, 50)
    found = change_points([*quiet, *busy], [1.0] * 120, starts, min_size=14)
    assert [c.day for c in found] == [day(70)]
    assert found[0].before < 0.2 < 1.5 < found[0].after
    # back down again: two change points
    calm = rng.poisson(0.1, 60)
    found = change_points([*quiet, *busy, *calm], [1.0] * 180, [day(n) for n in range(180)], min_size=14)
    assert [c.day for c in found] == [day(70), day(120)]
    # a flat series, and a series with nothing in it, have none
    assert change_points(list(rng.poisson(1.0, 120)), [1.0] * 120, starts, min_size=14) == []
    assert change_points([0] * 120, [1.0] * 120, starts, min_size=14) == []


def test_change_points_follow_the_effort() -> None:
    # the same violations a day, but half the posts from day 60: the rate per post-day doubles there
    counts = [2] * 120
    effort = [20.0] * 60 + [10.0] * 60
    found = change_points(counts, effort, [day(n) for n in range(120)], min_size=14)
    assert [(c.day, c.before, c.after) for c in found] == [(day(60), 0.1, 0.2)]
    assert change_points(counts, [1.0] * 120, [day(n) for n in range(120)], min_size=14) == []


def test_the_rule_flags_a_written_spike_and_not_a_flat_series() -> None:
    rng = np.random.default_rng(3)
    flat = rng.poisson(1.0, 200)
    spike = flat.copy()
    spike[150] = 9
    quiet = np.zeros(200, dtype=int)
    flags = early_warning({"flat": flat, "spike": spike, "quiet": quiet}, START, {"spike": "spike zone"})
    flat_flags = [f for f in flags if f.key == "flat"]
    assert [(f.key, f.day, f.count) for f in flags if f.key != "flat"] == [("spike", day(150), 9)]
    assert flags[-1].label == "spike zone"
    assert len(flat_flags) <= 2  # chance alone, at 1% a day: a handful at most over 200 days
    assert all(f.probability < 0.01 for f in flags)
    print(f"\nflat Poisson(1) series of 200 days: {len(flat_flags)} flagged by chance")


def test_the_rule_flags_a_zone_waking_up_but_not_every_day_of_an_escalation() -> None:
    counts = np.zeros(120, dtype=int)
    counts[[100, 101, 103, 104, 106]] = 1  # the first violation in a quiet zone, then one every day or two
    flags = early_warning({"north": counts}, START, {})
    assert [f.day for f in flags] == [day(100)]
    assert flags[0].normal == pytest.approx(1 / 365)
    # the days before report_from only make normals
    assert early_warning({"north": counts}, START, {}, report_from=day(101)) == []
    strict = WarningRule(alpha=0.001)
    assert early_warning({"north": counts}, START, {}, strict) == []


def test_poisson_tail() -> None:
    assert poisson_tail(0, 0.0) == 1.0
    assert poisson_tail(1, 0.0) == 0.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - np.exp(-2.0))
    assert poisson_tail(3, 2.0) == pytest.approx(1 - np.exp(-2.0) * (1 + 2 + 2))


def test_the_analysis_flags_the_written_record() -> None:
    # the first 28 days of the record have no normal yet: not judged
    result = analysed(group="zone")
    assert [(f.day, f.key) for f in result.flags] == [(day(40), "area only"), (day(45), "lachin")]
    # after a quiet history, each zone's first violation is flagged (a normal of one a year)
    result = analysed(group="zone", history_from=START - timedelta(days=60))
    assert [(f.day, f.key, f.count) for f in result.flags] == [
        (day(0), "north", 1),
        (day(2), "south", 2),
        (day(9), "outside", 1),
        (day(40), "area only", 3),
        (day(45), "lachin", 1),
    ]
    assert result.flagged_days == 5 and result.days == 59
    assert result.total.violations == (4, 4)  # the history gives normals, not counts


def test_csv_is_parsed_back() -> None:
    result = analysed(group="party")
    rows = list(csv.DictReader(io.StringIO(csv_text(result))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 2 * (1 + len(result.groups))
    assert {r["record"] for r in rows} == {"monitor"}
    total = [r for r in rows if r["series"] == "all"]
    assert [(r["period_start"], r["period_end"], r["days"], r["violations"]) for r in total] == [
        ("2022-01-01", "2022-01-31", "31", "4"),
        ("2022-02-01", "2022-02-28", "28", "4"),
    ]
    assert float(total[0]["per_1000_post_days"]) == pytest.approx(4 * 1000 / 93, abs=1e-4)
    assert sum(int(r["violations"]) for r in rows if r["series"] != "all") == 8
    zones = list(csv.DictReader(io.StringIO(csv_text(analysed(group="zone")))))
    assert {r["post_days"] for r in zones if r["series"] == "outside"} == {""}


def test_json_holds_everything() -> None:
    document = json.loads(json_text(analysed(group="zone", monitor_only=False)))
    assert document["record"] == "all" and "claims" in document["counted"]
    assert document["total"]["violations"] == [4, 4]
    assert document["early_warning"]["flagged_days"] == 2
    assert document["days_since_last_violation"][0] == {
        "key": "all",
        "label": "all",
        "last": "2022-02-15",
        "days": 13,
    }
    assert document["change_points"]["method"].startswith("ruptures PELT")


@pytest.mark.parametrize("group", [None, "zone", "party", "means"])
def test_charts_are_written_and_read_back(tmp_path: Path, group: str | None) -> None:
    result = analysed(group=group, by="week")
    png = chart_bytes(result, "png", {"AZ": "#0072B2", "AM": "#D55E00"})
    assert png.startswith(PNG_MAGIC)
    svg = chart_bytes(result, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    by = " and " + group if group else ""
    assert f"Ceasefire violations by week{by}, 2022-01-01 to 2022-02-28" in svg
    assert "change point" in svg or not result.change_points
    assert "early-warning flag" in svg
    assert chart_bytes(result, "svg").decode("utf-8") == svg  # the same trends, the same file
    with pytest.raises(ValueError):
        chart_bytes(result, "pdf")


def test_an_empty_record_has_flat_series() -> None:
    result = analyse([], [], AREAS, {}, first=START, last=day(30), by="week", group="zone")
    assert result.total.total == 0 and result.groups == ()
    assert result.change_points == () and result.flags == ()
    assert [(d.key, d.last, d.days) for d in result.days_since] == [("all", None, None)]
    assert result.total.rate() == (None,) * len(result.periods)  # no post, no rate
    assert chart_bytes(result, "png").startswith(PNG_MAGIC)


# -- the command, on the Nagorno-Karabakh pack -------------------------------------------------------


def test_trends_of_the_whole_record(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("trends", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["record"] == "monitor"
    assert (document["from"], document["to"]) == ("2020-11-10", "2024-06-12")
    assert document["total"]["total"] == 60  # 33 reports, 60 violations, each counted once
    by_month = dict(
        zip((p["start"][:7] for p in document["periods"]), document["total"]["violations"], strict=True)
    )
    assert by_month["2022-03"] == max(by_month.values())
    warning = document["early_warning"]
    flagged = [f["day"] for f in warning["flags"]]
    print(
        f"\nEarly warning over the whole record ({document['from']} to {document['to']}): "
        f"{warning['flagged_days']} days flagged of {warning['days']} "
        f"({warning['flagged_days'] / warning['days']:.1%})"
    )
    for flag in warning["flags"]:
        print(f"  {flag['day']}  {flag['label']}: {flag['violations']}, P {flag['probability']:.2g}")
    changes = document["change_points"]["points"]
    print("Change points (by month):", ", ".join(c["day"] for c in changes))
    assert warning["flagged_days"] / warning["days"] < 0.05
    assert any(day.startswith("2022-03") for day in flagged)  # March 2022 stands out
    assert any(day.startswith("2023-03") for day in flagged)  # so does March 2023 (the corridor)
    assert "2022-03-11" in flagged  # 13 violations in a day
    assert any(c["day"].startswith("2022-0") for c in changes)
    since = document["days_since_last_violation"][0]
    assert (
        since["key"] == "all"
        and since["days"] == (date(2024, 6, 12) - date.fromisoformat(since["last"])).days
    )


def test_the_table_says_what_it_counts(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("trends", "--from", "2022-03-01", "--to", "2022-03-31", "--by", "week", "--group", "zone")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Ceasefire violations by week and zone, 2022-03-01 to 2022-03-31.")
    assert "the monitor's record (observed or reported)" in out
    assert "27 violations in 31 days" in out
    assert "Days since the last violation, as of 31 March 2022:" in out
    assert "Change points (ruptures PELT" in out
    assert "2022-03-11  area only (no point): 13 violations" in out
    everything = cli("trends", "--all", "--from", "2022-03-01", "--to", "2022-03-31")
    assert "all incidents, the parties' claims included" in everything.stdout
    by_day = cli("trends", "--by", "day", "--from", "2022-03-01", "--to", "2022-03-31").stdout
    assert "days without a violation left out" in by_day and "2022-03-11 │" in by_day


def test_trends_csv_and_chart_files(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    table, png, svg = tmp_path / "trends.csv", tmp_path / "trends.png", tmp_path / "trends.svg"
    result = cli("trends", "--group", "party", "--format", "csv", "--out", str(table), "--chart", str(png))
    assert result.exit_code == 0, result.output
    assert f"Wrote {png}." in result.stdout and f"Wrote {table}." in result.stdout
    rows = list(csv.DictReader(io.StringIO(table.read_text(encoding="utf-8"))))
    assert sum(int(r["violations"]) for r in rows if r["series"] == "all") == 60
    assert {r["series"] for r in rows} >= {"all", "AZ", "unknown"}
    assert png.read_bytes().startswith(PNG_MAGIC)
    # CSV to the screen, the chart noted on stderr; an SVG's title is text
    result = cli("trends", "--by", "week", "--format", "csv", "--chart", str(svg))
    assert result.exit_code == 0, result.output
    assert next(csv.reader(io.StringIO(result.stdout))) == list(CSV_COLUMNS)
    assert f"Wrote {svg}." in result.stderr
    assert "Ceasefire violations by week, 2020-11-10 to 2024-06-12" in svg.read_text(encoding="utf-8")
    # never over an existing file without --force; with it, replaced
    before = png.read_bytes()
    refused = cli("trends", "--by", "week", "--chart", str(png))
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr == f"Error: --chart: {png} exists: use --force to replace it\n"
    assert png.read_bytes() == before
    assert cli("trends", "--by", "week", "--chart", str(png), "--force").exit_code == 0
    assert png.read_bytes() != before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "year"], "Error: --by: 'year' is not one of day, week, month"),
        (["--group", "weather"], "Error: --group: 'weather' is not one of zone, party, means"),
        (["--format", "xml"], "Error: --format: 'xml' is not one of table, csv, json"),
        (["--chart", "trends.pdf"], "Error: --chart: 'trends.pdf' must end in .png or .svg"),
        (
            ["--from", "2022-03-02", "--to", "2022-03-01"],
            "Error: --to: 2022-03-01 is before --from 2022-03-02",
        ),
        (["--from", "2022-02-30"], "Error: --from: '2022-02-30' is not a date"),
        (["--all", "--monitor-only"], "Error: --all: --all and --monitor-only exclude each other"),
        (["--out", "x.txt"], "Error: --out: writes --format csv or json"),
        (["--from", "2030-01-01"], "Error: --from: 2030-01-01 is after the last day of the record"),
    ],
)
def test_bad_options_are_one_line(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("trends", *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(message) and result.stderr.count("\n") == 1


def test_a_refused_file_leaves_none_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    existing = tmp_path / "trends.csv"
    existing.write_text("kept", encoding="utf-8")
    chart = tmp_path / "trends.svg"
    result = cli("trends", "--format", "csv", "--out", str(existing), "--chart", str(chart))
    assert result.exit_code == 2 and result.stderr.startswith("Error: --out:")
    assert existing.read_text(encoding="utf-8") == "kept" and not chart.exists()
