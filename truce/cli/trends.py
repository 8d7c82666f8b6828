"""Trends and early warning: ``trends``."""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truce.cli.common import (
    DbOption,
    ForceOption,
    MonitorOption,
    app,
    command,
    err,
    open_store,
    out,
    parse_date,
)
from truce.errors import FieldError

if TYPE_CHECKING:
    from truce.report.trends import Period, Trends

__all__ = ["trends"]


@app.command()
@command
def trends(
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day, YYYY-MM-DD. Default: the mandate's first.")
    ] = None,
    date_to: Annotated[
        str | None,
        typer.Option(
            "--to",
            help="Last day, YYYY-MM-DD; days since the last violation are as of it. "
            "Default: the mandate's last, or today.",
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="day, week or month.")] = "month",
    group: Annotated[str | None, typer.Option("--group", help="zone, party or means.")] = None,
    monitor_only: MonitorOption = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Count the parties' claims too, not only the monitor's record.")
    ] = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    out_file: Annotated[
        Path | None, typer.Option("--out", help="Write the csv or json to this file, not the screen.")
    ] = None,
    chart_file: Annotated[
        Path | None, typer.Option("--chart", help="Also draw a chart: a .png or .svg file.")
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Violations by day, week or month (by zone, party or means), per post-day of observation, days
    since the last violation, change points and early-warning flags; as a table, CSV or JSON, and a chart.

    By default the monitor's record only (as --monitor-only); --all counts the parties' claims too.
    """
    from truce.record import trends as record

    if fmt not in record.FORMATS:
        raise FieldError("--format", f"'{fmt}' is not one of {', '.join(record.FORMATS)}")
    if everything and monitor_only:
        raise FieldError("--all", "--all and --monitor-only exclude each other")
    if out_file is not None and fmt == "table":
        raise FieldError("--out", "writes --format csv or json; the table is for the screen")
    if chart_file is not None:
        record.chart_format(chart_file)
    targets = [(chart_file, "--chart"), (out_file, "--out")]
    record.check([(path, field) for path, field in targets if path is not None], force)
    query = record.TrendsQuery(
        parse_date(date_from, "--from"), parse_date(date_to, "--to"), by, group, not everything
    )
    store = open_store(db)
    result = record.trends(store, query)
    outputs = []
    if chart_file is not None:
        outputs.append(record.Output(chart_file, record.chart(store, result, chart_file), "--chart"))
    body = record.text(result, fmt) if fmt != "table" else ""
    if out_file is not None:
        outputs.append(record.Output(out_file, body, "--out"))
    record.write(outputs, force)
    if fmt == "table":
        _table(result)
    elif out_file is None:
        sys.stdout.write(body)
    for output in outputs:  # on stderr when stdout carries the CSV or JSON
        (out if fmt == "table" or out_file is not None else err).print(f"Wrote {output.path}.")


def _table(result: Trends) -> None:
    from rich.table import Table

    from truce.report import describe
    from truce.report.trends.output import METHOD, notes, title

    columns = [result.total, *result.groups]
    table = Table(show_edge=False)
    table.add_column("period")
    for series in columns:
        table.add_column(series.label if series.key != "all" else "violations", justify="right")
    table.add_column("post-days", justify="right")
    table.add_column("per 1,000 post-days", justify="right")
    rates = result.total.rate()
    skipped = 0
    for n, period in enumerate(result.periods):
        if result.by == "day" and not result.total.violations[n]:
            skipped += 1
            continue
        when = _period_text(period, result.by)
        effort = result.total.post_days[n] if result.total.post_days else 0
        table.add_row(
            when,
            *(str(s.violations[n]) for s in columns),
            f"{effort:,}",
            "-" if rates[n] is None else f"{rates[n]:.2f}",
        )
    out.print(f"{title(result)}.")
    out.print(table)
    total, effort = result.total.total, sum(result.total.post_days or ())
    rate = f" ({total * 1000 / effort:.2f} per 1,000)" if effort else ""
    out.print(f"{_violations(total)} in {result.days} days; {effort:,} post-days of observation{rate}.")
    if skipped:
        out.print(f"{skipped} days without a violation left out (--format csv lists every day).")
    for note in notes(result):
        out.print(note)

    out.print(f"\nDays since the last violation, as of {describe.date_text(result.last)}:")
    for since in result.days_since:
        label = "all" if since.key == "all" else since.label
        if since.last is None:
            out.print(f"  {label}: none in the record")
        else:
            out.print(f"  {label}: {since.days} (last: {describe.date_text(since.last)})")

    unit = "post-day" if result.exposure == "post-day" else "day"
    scale = 1000 if unit == "post-day" else 1
    per = "1,000 post-days" if unit == "post-day" else "day"
    out.print(
        f"\nChange points ({METHOD} = {result.penalty:.1f} for {len(result.periods)} {result.by}s, "
        f"segments of {result.min_size} {result.by}s or more):"
    )
    if not result.change_points:
        out.print("  none found")
    for change in result.change_points:
        out.print(
            f"  {change.day}: {change.before * scale:.2f} -> {change.after * scale:.2f} violations per {per}"
        )

    out.print(f"\nEarly warning: {result.rule.describe()}.")
    out.print(
        f"  {result.flagged_days} days flagged of {result.days} "
        f"({result.flagged_days / result.days:.1%}); each zone's normal counts the days before --from too."
    )
    for flag in result.flags:
        chance = "< 0.0001" if flag.probability < 0.0001 else f"{flag.probability:.4f}"
        out.print(
            f"  {flag.day}  {flag.label}: {_violations(flag.count)}, normal {flag.normal:.3f} a day, "
            f"P {chance}"
        )


def _violations(count: int) -> str:
    return f"{count} violation" + ("" if count == 1 else "s")


def _period_text(period: Period, by: str) -> str:
    """'2022-03-11', '2022-03' (a whole month), or '2022-03-07 to 2022-03-13'."""
    if period.days == 1:
        return period.start.isoformat()
    if by == "month" and period.start.day == 1 and (period.end + timedelta(days=1)).day == 1:
        return period.start.strftime("%Y-%m")
    return f"{period.start} to {period.end}"
