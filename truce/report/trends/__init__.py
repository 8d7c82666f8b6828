"""Trends and early warning: series of violations by day, week or month, in total and by zone, party blamed
or means; the same per post-day of observation; days since the last violation; change points; and the
days a zone's count went beyond its recent normal.

The core takes model objects (incidents, posts, areas) and returns plain dataclasses; it never reads the
store (:mod:`truce.record.trends` does). Its parts:

    series     periods, each violation counted once, post-days, days since the last violation
    changes    change points (``ruptures``: PELT, Poisson cost, BIC penalty)
    warning    the early-warning rule (Poisson exceedance against the zone's normal)
    output     CSV and JSON
    chart      PNG and SVG charts (matplotlib, imported only when drawing)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from truce.model import Area, Incident, Party, Post
from truce.report.trends.changes import MIN_SIZE, ChangePoint, bic_penalty, change_points
from truce.report.trends.series import (
    GROUPS,
    PERIODS,
    DaysSince,
    Period,
    Series,
    contributions,
    daily,
    days_since,
    group_keys,
    per_period,
    periods,
    post_days,
    posts_of_zone,
    zone_key,
)
from truce.report.trends.warning import Flag, WarningRule, early_warning

__all__ = [
    "GROUPS",
    "PERIODS",
    "ChangePoint",
    "DaysSince",
    "Flag",
    "Period",
    "Series",
    "Trends",
    "WarningRule",
    "analyse",
]


@dataclass(frozen=True)
class Trends:
    """Everything ``truce trends`` reports on a window of the record."""

    first: date
    last: date
    by: str  # day, week or month
    group: str | None  # zone, party, means, or None for the total alone
    monitor_only: bool  # the monitor's record alone, or the claims too
    periods: tuple[Period, ...]
    total: Series  # key "all"
    groups: tuple[Series, ...]  # by ``group``, most violations first
    several: bool  # an incident may count in several groups (means): the groups add up to more
    days_since: tuple[DaysSince, ...]  # as of ``last``: the total first, then each group
    change_points: tuple[ChangePoint, ...]  # in the total, per unit of ``exposure``
    exposure: str  # "post-day" or "day": what the change points' rates are per
    penalty: float
    min_size: int  # in periods
    rule: WarningRule
    flags: tuple[Flag, ...]  # days from ``first`` to ``last`` a zone went beyond its normal
    zones: tuple[tuple[str, str], ...]  # the zone buckets the rule watched: (key, label)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def flagged_days(self) -> int:
        return len({f.day for f in self.flags})


def analyse(
    incidents: Iterable[Incident],
    posts: Sequence[Post],
    areas: Iterable[Area],
    units_of: Mapping[str, set[str]],
    *,
    first: date,
    last: date,
    by: str = "month",
    group: str | None = None,
    monitor_only: bool = True,
    parties: Mapping[str, Party] | None = None,
    history_from: date | None = None,
    rule: WarningRule | None = None,
) -> Trends:
    """The trends of the incidents from ``first`` to ``last``.

    ``incidents`` are those the caller chose (the monitor's record, or all); those before ``first`` (from
    ``history_from``, the start of the mandate) give the early-warning rule its normals and the days
    since the last violation, and are not in the series. ``units_of`` maps a place id to the admin units
    it lies in (``Gazetteer.units_of``), which counts without items need.
    """
    if by not in PERIODS:
        raise ValueError(f"'{by}' is not one of {', '.join(PERIODS)}")
    if group is not None and group not in GROUPS:
        raise ValueError(f"'{group}' is not one of {', '.join(GROUPS)}")
    if last < first:
        raise ValueError(f"{last} is before {first}")
    rule = rule or WarningRule()
    start = min(first, history_from or first)
    chosen = [i for i in incidents if i.date_from <= last]
    areas_by_id = {a.id: a for a in areas}
    window = [i for i in chosen if first <= i.date_from]
    # counted once within the window; the history before it is counted on its own
    share = contributions([i for i in chosen if i.date_from < first], units_of)
    share.update(contributions(window, units_of))

    cut = periods(first, last, by)
    everyone = post_days(posts, start, last)
    total_daily = daily(chosen, share, {i.id: ["all"] for i in chosen}, start, last).get(
        "all", np.zeros((last - start).days + 1, dtype=np.int64)
    )
    total = Series("all", "all", per_period(total_daily, start, cut), per_period(everyone, start, cut))

    # the groups
    keys_of: dict[str, list[str]] = {i.id: [] for i in chosen}
    labels: dict[str, str] = {}
    if group:
        for incident in chosen:
            for key, label in group_keys(incident, group, areas_by_id, parties):
                keys_of[incident.id].append(key)
                labels.setdefault(key, label)
    by_group = daily(chosen, share, keys_of, start, last)
    series = []
    for key, values in by_group.items():
        counts = per_period(values, start, cut)
        if group == "zone":
            watching = posts_of_zone(key, areas_by_id.values(), posts)
            effort = per_period(post_days(watching, start, last), start, cut) if watching else None
        else:
            effort = total.post_days
        series.append(Series(key, labels[key], counts, effort))
    series.sort(key=lambda s: (-sum(s.violations), s.key))
    in_window = {s.key for s in series if s.total}
    shown = tuple(s for s in series if s.key in in_window)

    # days since the last violation: the total, then each group seen in the window
    since = days_since(chosen, share, keys_of, {k: labels[k] for k in labels if k in in_window}, last)

    # change points in the total, per post-day when every period had a post active
    effort = total.post_days or ()
    per_post = bool(effort) and all(effort)
    exposure = [float(d) for d in effort] if per_post else [float(p.days) for p in cut]
    size = MIN_SIZE[by]
    found = change_points(total.violations, exposure, [p.start for p in cut], min_size=size)

    # the early-warning rule, day by day in each zone, with the history before the window for normals
    zone_keys = {i.id: [zone_key(i, areas_by_id)[0]] for i in chosen}
    zone_labels = dict(zone_key(i, areas_by_id) for i in chosen)
    flags = early_warning(daily(chosen, share, zone_keys, start, last), start, zone_labels, rule, first)
    return Trends(
        first=first,
        last=last,
        by=by,
        group=group,
        monitor_only=monitor_only,
        periods=tuple(cut),
        total=total,
        groups=shown,
        several=any(len(keys_of[i.id]) > 1 for i in window),
        days_since=tuple(since),
        change_points=tuple(found),
        exposure="post-day" if per_post else "day",
        penalty=bic_penalty(len(cut)),
        min_size=size,
        rule=rule,
        flags=tuple(flags),
        zones=tuple(sorted(zone_labels.items())),
    )
