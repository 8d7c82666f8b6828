"""Trends of the record: series of violations by day, week or month (by zone, party or means), per
post-day of observation, days since the last violation, change points and early-warning flags, and the
files they are written to (CSV, JSON, a PNG or SVG chart). Reads the store and hands the model objects to
:mod:`truce.report.trends`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from truce.errors import FieldError
from truce.files import write_output
from truce.report.trends import GROUPS, PERIODS, Trends, analyse
from truce.store import IncidentFilter, Store

__all__ = [
    "FORMATS",
    "Output",
    "TrendsQuery",
    "chart",
    "chart_format",
    "check",
    "text",
    "trends",
    "write",
]

#: What ``truce trends`` prints or writes with ``--format``.
FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class TrendsQuery:
    date_from: date | None = None  # default: the start of the mandate
    date_to: date | None = None  # default: its end, or today while it runs
    by: str = "month"  # day, week or month
    group: str | None = None  # zone, party or means
    monitor_only: bool = True  # the monitor's record alone (the default), or the claims too


def trends(store: Store, query: TrendsQuery, today: date | None = None) -> Trends:
    """The trends of the record over the window ``query`` asks for."""
    if query.by not in PERIODS:
        raise FieldError("--by", f"'{query.by}' is not one of {', '.join(PERIODS)}")
    if query.group is not None and query.group not in GROUPS:
        raise FieldError("--group", f"'{query.group}' is not one of {', '.join(GROUPS)}")
    mission = store.mission()
    today = today or datetime.now(ZoneInfo(mission.timezone)).date()
    first = query.date_from or mission.start
    last = query.date_to or min(mission.ended or today, today)
    if query.date_to and query.date_to > today:
        raise FieldError("--to", f"{query.date_to} is still to come (today is {today})")
    if last < first:
        if query.date_to:
            raise FieldError("--to", f"{last} is before --from {first}")
        raise FieldError("--from", f"{first} is after the last day of the record ({last})")
    incidents = store.incidents(IncidentFilter(date_to=last, monitor_only=query.monitor_only))
    return analyse(
        incidents,
        store.posts(),
        store.areas(),
        store.gazetteer().units_of,
        first=first,
        last=last,
        by=query.by,
        group=query.group,
        monitor_only=query.monitor_only,
        parties=store.parties(),
        history_from=mission.start,
    )


def text(result: Trends, fmt: str) -> str:
    """The trends as CSV or JSON text."""
    from truce.report.trends.output import csv_text, json_text

    if fmt == "csv":
        return csv_text(result)
    if fmt == "json":
        return json_text(result)
    raise FieldError("--format", f"'{fmt}' is not one of csv, json")


def chart_format(path: Path) -> str:
    """``png`` or ``svg``, from the file's name."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise FieldError("--chart", f"'{path.name}' must end in .png or .svg")
    return fmt


def chart(store: Store, result: Trends, path: Path) -> bytes:
    """The chart for ``path`` (PNG or SVG by its name), in the pack's colours for parties."""
    from truce.report.trends.chart import chart_bytes  # matplotlib: only when drawing

    return chart_bytes(result, chart_format(path), store.profile().colours)


@dataclass(frozen=True)
class Output:
    path: Path
    data: bytes | str
    field: str  # the option that named the file


def check(targets: list[tuple[Path, str]], force: bool = False) -> None:
    """Refuse, before any work, a target (a path and the option that named it) that cannot be written:
    an existing file without ``force``, a link, a folder, a missing folder."""
    for path, field in targets:
        if path.is_symlink():
            raise FieldError(field, f"{path} is a symbolic link: Truce does not write through links")
        if path.is_dir():
            raise FieldError(field, f"{path} is a folder, not a file")
        if path.exists() and not force:
            raise FieldError(field, f"{path} exists: use --force to replace it")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise FieldError(field, f"cannot write {path}: folder {folder} does not exist")


def write(outputs: list[Output], force: bool = False) -> None:
    """Write each output, atomically (:func:`truce.files.write_output`); every target is checked first,
    so that a refused one leaves none written."""
    check([(o.path, o.field) for o in outputs], force)
    for output in outputs:
        write_output(output.path, output.data, force=force, field=output.field)
