"""Series of violations by day, week or month, in total and by zone, party blamed or means, each violation
counted once, with the observation effort behind them (post-days) and the days since the last violation.

Counted once: a count without items ("13 violations in the former Askeran province") covers the itemised
incidents inside it (:func:`truce.reconcile.counts.itemise`). Each incident is given its share of the
violations: an item its own, a count what its items leave over, so that any split (by day, by zone...)
adds up to :func:`truce.reconcile.counts.total_violations` of the whole. An incident counts on its first
day, as a bulletin reports it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from truce.geo.areas import area_label
from truce.model import Area, Incident, Party, Post
from truce.reconcile.counts import itemise
from truce.reconcile.link import is_count
from truce.report.describe import MEANS_LABELS

__all__ = [
    "AREA_ONLY",
    "GROUPS",
    "NOT_LOCATED",
    "OUTSIDE",
    "PERIODS",
    "DaysSince",
    "Period",
    "Series",
    "contributions",
    "daily",
    "days_since",
    "group_keys",
    "periods",
    "post_days",
]

PERIODS = ("day", "week", "month")
GROUPS = ("zone", "party", "means")

# The zone buckets of incidents that are in no zone or corridor.
OUTSIDE = "outside"  # a point outside every zone and corridor
AREA_ONLY = "area only"  # known only to an area (a district, "the zone", the region): no point to site
NOT_LOCATED = "not located"  # not sited yet (truce locate)
_ZONE_LABELS = {
    OUTSIDE: "outside the zones",
    AREA_ONLY: "area only (no point)",
    NOT_LOCATED: "not located",
}
NO_MEANS = "none"


@dataclass(frozen=True)
class Period:
    """A day, a week (Monday to Sunday) or a calendar month, cut to the window asked for."""

    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def periods(first: date, last: date, by: str) -> list[Period]:
    """The periods of ``by`` covering ``first`` to ``last``, the first and last cut to the window.

    >>> [(p.start.isoformat(), p.days) for p in periods(date(2022, 2, 27), date(2022, 3, 8), "week")]
    [('2022-02-27', 1), ('2022-02-28', 7), ('2022-03-07', 2)]
    >>> [(p.start.day, p.end.day) for p in periods(date(2022, 1, 15), date(2022, 3, 3), "month")]
    [(15, 31), (1, 28), (1, 3)]
    """
    if by not in PERIODS:
        raise ValueError(f"'{by}' is not one of {', '.join(PERIODS)}")
    found, start = [], first
    while start <= last:
        end = min(_period_end(start, by), last)
        found.append(Period(start, end))
        start = end + timedelta(days=1)
    return found


def _period_end(day: date, by: str) -> date:
    if by == "day":
        return day
    if by == "week":
        return day + timedelta(days=6 - day.weekday())
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


@dataclass(frozen=True)
class Series:
    """Violations per period of one series (the total, a zone, a party, a means), with the post-days of
    observation behind each period; ``post_days`` is None when no post watches it (outside the zones)."""

    key: str
    label: str
    violations: tuple[int, ...]
    post_days: tuple[int, ...] | None

    @property
    def total(self) -> int:
        return sum(self.violations)

    def rate(self, per: int = 1000) -> tuple[float | None, ...]:
        """Violations per ``per`` post-days in each period (None: no post active).

        >>> Series("north", "north zone", (2, 0, 1), (500, 500, 0)).rate()
        (4.0, 0.0, None)
        """
        if self.post_days is None:
            return tuple(None for _ in self.violations)
        return tuple(v * per / d if d else None for v, d in zip(self.violations, self.post_days, strict=True))


def contributions(incidents: Sequence[Incident], units_of: Mapping[str, set[str]]) -> dict[str, int]:
    """Each incident's share of the violations, counted once: an item its own; a count without items
    what the items inside it leave over. They add up to ``total_violations(incidents, units_of)``.

    ``units_of`` maps a place id to the admin units it lies in (``Gazetteer.units_of``).
    """
    share = {i.id: i.violations for i in incidents if not is_count(i)}
    for it in itemise(list(incidents), dict(units_of)):
        share[it.incident_id] = it.unitemised
    return share


def zone_key(incident: Incident, areas: Mapping[str, Area]) -> tuple[str, str]:
    """The zone bucket of an incident, as (key, label): the names of the zones and corridors its point
    stands in (``Siting.areas``), or ``outside``, ``area only`` or ``not located``."""
    siting = incident.siting
    if siting is None:
        return NOT_LOCATED, _ZONE_LABELS[NOT_LOCATED]
    if siting.areas is None:
        return AREA_ONLY, _ZONE_LABELS[AREA_ONLY]
    held = sorted(
        {areas[a].name: area_label(areas[a]) for a in siting.areas if a in areas}.items(),
    )
    if not held:
        return OUTSIDE, _ZONE_LABELS[OUTSIDE]
    return "+".join(k for k, _ in held), " and ".join(label for _, label in held)


def group_keys(
    incident: Incident,
    group: str,
    areas: Mapping[str, Area],
    parties: Mapping[str, Party] | None = None,
) -> list[tuple[str, str]]:
    """The groups an incident counts in, as (key, label): one zone, one party blamed, or each of its
    means (an incident of several means counts under each)."""
    if group == "zone":
        return [zone_key(incident, areas)]
    if group == "party":
        code = incident.accused or "unknown"
        party = (parties or {}).get(code)
        return [(code, party.name() if party else "not indicated" if code == "unknown" else code)]
    if group == "means":
        if not incident.means:
            return [(NO_MEANS, "means not indicated")]
        return [(m, MEANS_LABELS.get(m, m)) for m in dict.fromkeys(incident.means)]
    raise ValueError(f"'{group}' is not one of {', '.join(GROUPS)}")


def posts_of_zone(key: str, areas: Iterable[Area], posts: Iterable[Post]) -> list[Post]:
    """The posts that watch a zone bucket: those whose zone is the area's name or, for a corridor, its
    kind (a post of zone ``corridor`` watches the Lachin corridor). None for outside and area only."""
    names = set(key.split("+"))
    watched = {a.name for a in areas if a.name in names} | {
        a.kind for a in areas if a.name in names and a.kind == "corridor"
    }
    return [p for p in posts if p.zone is not None and p.zone in watched]


def post_days(posts: Iterable[Post], first: date, last: date) -> np.ndarray:
    """How many of ``posts`` were active on each day from ``first`` to ``last``.

    >>> from truce.model import Post
    >>> def post(start, end):
    ...     return Post("p", {}, "permanent_post", "north", 0, 0, 1, True, "", start, end)
    >>> post_days([post(date(2022, 1, 2), date(2022, 1, 3)), post(date(2022, 1, 1), None)],
    ...           date(2022, 1, 1), date(2022, 1, 4)).tolist()
    [1, 2, 2, 1]
    """
    span = (last - first).days + 1
    change = np.zeros(span + 1, dtype=np.int64)
    for post in posts:
        start = max(post.active_from, first)
        end = min(post.active_to or last, last)
        if start > end:
            continue
        change[(start - first).days] += 1
        change[(end - first).days + 1] -= 1
    return np.cumsum(change[:-1])


def daily(
    incidents: Iterable[Incident],
    share: Mapping[str, int],
    keys_of: Mapping[str, Sequence[str]],
    first: date,
    last: date,
) -> dict[str, np.ndarray]:
    """Violations each day from ``first`` to ``last`` by group key (an incident on its first day)."""
    span = (last - first).days + 1
    counts: dict[str, np.ndarray] = {}
    for incident in incidents:
        offset = (incident.date_from - first).days
        if not 0 <= offset < span:
            continue
        for key in keys_of[incident.id]:
            counts.setdefault(key, np.zeros(span, dtype=np.int64))[offset] += share.get(incident.id, 0)
    return counts


def per_period(values: np.ndarray, first: date, chosen: Sequence[Period]) -> tuple[int, ...]:
    """Daily values (from ``first``) summed over each period."""
    return tuple(int(values[(p.start - first).days : (p.end - first).days + 1].sum()) for p in chosen)


@dataclass(frozen=True)
class DaysSince:
    """Days from the last violation of a series to the day asked about (None: none in the record)."""

    key: str
    label: str
    last: date | None
    days: int | None


def days_since(
    incidents: Iterable[Incident],
    share: Mapping[str, int],
    keys_of: Mapping[str, Sequence[str]],
    labels: Mapping[str, str],
    as_of: date,
) -> list[DaysSince]:
    """For the total (key ``all``) and each group, the last day with a violation up to ``as_of`` (an
    incident over several days lasts to its last) and the days since."""
    last: dict[str, date] = {}
    for incident in incidents:
        if incident.date_from > as_of or not share.get(incident.id):
            continue
        day = min(incident.date_to, as_of)
        for key in ("all", *keys_of[incident.id]):
            if key not in last or last[key] < day:
                last[key] = day
    found = []
    for key, label in {"all": "all", **labels}.items():
        seen = last.get(key)
        found.append(DaysSince(key, label, seen, (as_of - seen).days if seen else None))
    return found
