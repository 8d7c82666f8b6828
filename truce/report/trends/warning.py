"""The early-warning rule: a day whose count in a zone is beyond that zone's recent normal.

The rule is a Poisson exceedance. A zone's normal on a day is the higher of its mean daily count over the
``window`` days before (the day itself left out) and over the ``baseline`` days before, and never below
``floor``; the day is flagged when so many violations or more would be that unlikely under the normal::

    normal = max(mean over the 28 days before, mean over the 365 days before, 1/365)
    flag   when P(X >= count | Poisson(normal)) < 0.01

Why these: counts of violations are events, so Poisson is their first model. Judged against the higher of
its last four weeks and its last year, a zone is flagged as an escalation begins, and not every day it
lasts (the four weeks catch up), while a quiet month inside a busy year does not make every single shot an
alarm. The floor, one violation a year, stands for a zone that has seen none: its first violation is
flagged (P = 0.27%), and so is one after a year with fewer than about four. With ``alpha`` 1%, were the
normal right, a zone's day would be flagged by chance less than once in a hundred days; in a sparse record
far less, since a day without violations is never flagged. Days without a report in the record count as
none: the normal is the record's, not the ground's; and the first ``window`` days of the record are not
judged, having no days before them to make a normal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

__all__ = ["Flag", "WarningRule", "early_warning", "flag_summary", "poisson_tail"]


@dataclass(frozen=True)
class WarningRule:
    window: int = 28  # the recent days before the day: their mean is the zone's recent rate
    baseline: int = 365  # the longer stretch before the day: its mean is the zone's usual rate
    alpha: float = 0.01  # flag a count this unlikely (or less) under the normal
    floor: float = 1 / 365  # the lowest normal, in violations a day: one a year

    def describe(self) -> str:
        """The rule in one sentence, for a report.

        >>> import textwrap
        >>> print(textwrap.fill(WarningRule().describe(), 100))
        a zone's day is flagged when so many violations would have a Poisson probability below 0.01 under
        the zone's normal: the higher of its mean daily count over the 28 and the 365 days before, and at
        least 1 in 365 days
        """
        return (
            f"a zone's day is flagged when so many violations would have a Poisson probability below "
            f"{self.alpha:g} under the zone's normal: the higher of its mean daily count over the "
            f"{self.window} and the {self.baseline} days before"
            + (f", and at least 1 in {1 / self.floor:.0f} days" if self.floor > 0 else "")
        )


@dataclass(frozen=True)
class Flag:
    """A day a zone's count was beyond its recent normal."""

    day: date
    key: str  # the zone bucket
    label: str
    count: int
    normal: float  # violations a day expected
    probability: float  # P(X >= count) under the normal


def poisson_tail(count: int, mean: float) -> float:
    """P(X >= ``count``) for X Poisson with ``mean``.

    >>> round(poisson_tail(1, 1 / 28), 4), round(poisson_tail(2, 1 / 28), 5), poisson_tail(0, 3.0)
    (0.0351, 0.00062, 1.0)
    """
    if count <= 0:
        return 1.0
    if mean <= 0:
        return 0.0
    term = below = math.exp(-mean)
    for k in range(1, count):
        term *= mean / k
        below += term
    return max(0.0, 1.0 - below)


def early_warning(
    counts: Mapping[str, np.ndarray],
    first: date,
    labels: Mapping[str, str],
    rule: WarningRule | None = None,
    report_from: date | None = None,
) -> list[Flag]:
    """The days each zone's daily count (``counts[key][n]`` for the day ``first + n``) was beyond its
    recent normal, from ``report_from`` on (the days before only make normals) and never in the first
    ``rule.window`` days, oldest first.

    >>> from datetime import timedelta
    >>> flat = np.ones(60, dtype=int)
    >>> spike = flat.copy(); spike[40] = 6
    >>> [(f.key, (f.day - date(2022, 1, 1)).days, f.count)
    ...  for f in early_warning({"flat": flat, "spike": spike}, date(2022, 1, 1), {})]
    [('spike', 40, 6)]
    """
    from datetime import timedelta

    rule = rule or WarningRule()
    # a day is judged once the record holds a window of days before it: before that, there is no normal
    start = max(rule.window, (report_from - first).days if report_from else 0)
    flags = []
    for key, values in counts.items():
        values = np.asarray(values, dtype=np.int64)
        trailing = np.concatenate([[0], np.cumsum(values)])
        for n in np.flatnonzero(values):
            if n < start:
                continue
            normal = max(_mean(trailing, n, rule.window), _mean(trailing, n, rule.baseline), rule.floor)
            probability = poisson_tail(int(values[n]), normal)
            if probability < rule.alpha:
                day = first + timedelta(days=int(n))
                flags.append(Flag(day, key, labels.get(key, key), int(values[n]), normal, probability))
    return sorted(flags, key=lambda f: (f.day, f.key))


def _mean(trailing: np.ndarray, n: int, days: int) -> float:
    """The mean daily count over the ``days`` before day ``n`` (fewer at the start of the record)."""
    lo = max(0, n - days)
    return float(trailing[n] - trailing[lo]) / (n - lo) if n > lo else 0.0


def flag_summary(flags: Sequence[Flag], days: int) -> str:
    """How often the rule flagged: '12 days flagged of 1311 (0.9%)'."""
    flagged = len({f.day for f in flags})
    return f"{flagged} days flagged of {days} ({flagged / days:.1%})" if days else "no day"
