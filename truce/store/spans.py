"""The rows of a span of days, for the tables of events (incidents, claims): a row overlaps the span when
it starts within it, read from the index on its first day, or began before it and lasts into it. Only
rows of several days can do that, and they are few: a partial index holds them by first day (0012 for
incidents, 0014 for claims), and they began at most the longest span before, read from an index on that
span (0011, 0014). Asked as one condition ("ends after the first day and starts before the last"), the
database can bound only one side and reads most of the table."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

__all__ = ["began_before", "longest_span"]


def longest_span(session: Session, row: type) -> int:
    """The days between the first and last day of the longest row of the table of ``row`` (0 when it is
    empty), read from the index on that span, on the expression each backend's index has."""
    if session.get_bind().dialect.name == "sqlite":
        span = func.julianday(row.date_to) - func.julianday(row.date_from)  # type: ignore[attr-defined]
    else:
        span = row.date_to - row.date_from  # type: ignore[attr-defined]
    return int(session.scalar(select(func.max(span))) or 0)


def began_before(row: type, first: date, longest: int) -> ColumnElement[bool]:
    """The rows of several days that began before ``first`` and last into it, begun at most ``longest``
    days before (:func:`longest_span`): those the partial index holds."""
    start, end = row.date_from, row.date_to  # type: ignore[attr-defined]
    earliest = first - timedelta(days=min(longest, (first - date.min).days))  # a made-up span may be huge
    return (end > start) & (start >= earliest) & (start < first) & (end >= first)
