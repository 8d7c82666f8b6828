"""The mandate's calendar: terms renewed automatically unless a party gives notice in time."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from truce.model import Mission

__all__ = ["MandateState", "Term", "add_months", "mandate_on", "term_on"]


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the month's last day.

    >>> add_months(date(2025, 11, 10), -6), add_months(date(2024, 8, 31), 6)
    (datetime.date(2025, 5, 10), datetime.date(2025, 2, 28))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Term:
    number: int  # 1 for the first term
    start: date
    end: date  # the day the term expires
    notice_by: date  # the last day a party can give notice of termination

    def notice_open(self, today: date) -> bool:
        return today <= self.notice_by


def term_on(mission: Mission, today: date) -> Term:
    """The term in force on ``today`` (the first term before the start; the last one if the mission ended).

    >>> from truce.model import Mission
    >>> m = Mission("x", "x", "UTC", date(2020, 11, 10), 5, 6, "RU", "en")
    >>> t = term_on(m, date(2023, 1, 1))
    >>> t.number, t.end, t.notice_by
    (1, datetime.date(2025, 11, 10), datetime.date(2025, 5, 10))
    >>> term_on(m, date(2025, 11, 10)).number
    2
    """
    if mission.ended is not None and today > mission.ended:
        today = mission.ended
    number, start = 1, mission.start
    while True:
        end = add_months(start, 12 * mission.term_years)
        if today < end:
            return Term(number, start, end, add_months(end, -mission.notice_months))
        number, start = number + 1, end


@dataclass(frozen=True)
class MandateState:
    """The mandate as it stood on a day."""

    day: date
    term: Term | None  # None before the mandate began
    in_force: bool  # begun and not ended by that day


def mandate_on(mission: Mission, day: date) -> MandateState:
    """Where the mandate stood on ``day``: its term then, and whether it was in force.

    >>> from truce.model import Mission
    >>> m = Mission("x", "x", "UTC", date(2020, 11, 10), 5, 6, "RU", "en", ended=date(2024, 6, 12))
    >>> [(s.term.number if s.term else None, s.in_force) for s in
    ...  (mandate_on(m, date(2019, 1, 1)), mandate_on(m, date(2022, 3, 11)), mandate_on(m, date(2025, 1, 1)))]
    [(None, False), (1, True), (1, False)]
    """
    if day < mission.start:
        return MandateState(day, None, False)
    ended = mission.ended is not None and day > mission.ended
    return MandateState(day, term_on(mission, day), not ended)
