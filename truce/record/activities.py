"""The mission's other work: the activities of a period, filtered by kind and by who reports them, as
lines a reader reads or rows for CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date

from truce.errors import FieldError
from truce.model import ACTIVITY_KINDS, Activity
from truce.record.bulletin import convention
from truce.report.activities import ActivityLine, activity_lines, rows
from truce.report.escape import spreadsheet
from truce.report.language import language
from truce.store import Store

__all__ = ["FORMATS", "ActivityQuery", "find", "lines", "text"]

#: What ``truce activities`` prints with ``--format``.
FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class ActivityQuery:
    date_from: date | None = None
    date_to: date | None = None
    kinds: tuple[str, ...] = ()  # any kind when empty
    monitor_only: bool = False


def find(store: Store, query: ActivityQuery) -> list[Activity]:
    """The activities under way at some time in the period, of the kinds asked for, by start."""
    for kind in query.kinds:
        if kind not in ACTIVITY_KINDS:
            raise FieldError("--kind", f"'{kind}' is not one of {', '.join(ACTIVITY_KINDS)}")
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise FieldError("--to", f"{query.date_to} is before --from {query.date_from}")
    return [
        a
        for a in store.activities(query.date_from, query.date_to)
        if (not query.kinds or a.kind in query.kinds) and (a.standing.monitor or not query.monitor_only)
    ]


def lines(
    store: Store, found: list[Activity], names: str | None = None, lang: str = "en"
) -> list[ActivityLine]:
    return activity_lines(
        found,
        gazetteer=store.gazetteer(),
        convention=convention(store, names),
        sources=store.sources(),
        areas=store.areas(),
        lang=language(lang),
    )


def text(store: Store, found: list[Activity], fmt: str, names: str | None = None, lang: str = "en") -> str:
    """The activities as CSV (every value a spreadsheet cannot take for a formula) or JSON."""
    if fmt not in FORMATS or fmt == "table":
        raise FieldError("--format", f"'{fmt}' is not one of csv, json")
    found_rows = rows(
        found,
        gazetteer=store.gazetteer(),
        convention=convention(store, names),
        sources=store.sources(),
        parties=store.parties(),
        lang=language(lang),
    )
    if fmt == "json":
        return json.dumps({"activities": found_rows}, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    fields = list(found_rows[0]) if found_rows else ["id"]
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: spreadsheet(v) for k, v in row.items()} for row in found_rows)
    return buffer.getvalue()
