"""Linking claims into incidents, by clustering.

Every pair of claims that may speak of one incident is *scored* on what each states (see
:func:`_evidence`): their days with their precision (a next-day statement is one day off; a claim with
no stated date counts by its day of publication), their places with their precision (points within
their radii, a point inside the district the other names, the extent of a claim naming several
places), the parties (the same blame, or a *mirror account*: one clash told by each side at its own
positions, across the line or border, within a sector of ``MIRROR_KM``, blaming each other), and as soft
evidence the means, casualties, time of day and target; a denial names what it denies, a follow-up the
advance it follows. A claim that says nothing precise (the whole region, a reported date) scores only on
that soft evidence: it attaches when something corroborates it, else it stays alone, waiting for an
analyst; one that states its day and nothing else (clashes "on the line" that day) joins the incident
most accounts of that day tie it to. A claim with no place whose best pairs tie it equally to incidents
at different ends of the front or border waits too; a denial and an account with no date of their own
answer each other only when published within a day (a later denial answers another statement).

The pairs are then *clustered* all at once, best first: two clusters merge when their best pair scores
``LINK_SCORE`` (or, once those are done, when several accounts of several voices corroborate a claim
that says little, and it pairs so with no other incident: ``CORROBORATE_SCORE``) and every pair of
claims across them is compatible (:meth:`Linker._fit`: a cluster never
holds two claims that exclude each other, whatever claim bridged them). Cannot-link constraints: two
claims of one voice in one document (it told two episodes, conventions rule 2), two assertions of one
source about different places or times, a count and an item ("13 violations in the district" is matched
against items by :mod:`truce.reconcile.counts`, never merged), mirror accounts of different fire (shots,
then drone strikes in reply: two incidents; an advance told against fire is one clash), an analyst's
unlink. A source's later statements, and the same statement relayed by several outlets, join its
incident (as revisions, one account), even when they name its places otherwise (a wide extent, or one
place of it). Accounts of a wide stretch (a district, several places) tell a battle: mirror accounts of
different fire part only when both are precise.

The partition depends on the claims and the analysts' decisions alone, never on their order or on how
they were batched. Clusters are then named after the incidents they continue (the id most of their
claims held before), so ids stay stable; a new cluster after its first claim (:func:`incident_id_for`).
An analyst's ``link`` pins a claim to an incident (and keeps that incident's claims together); an
``unlink`` keeps it apart from the incident's claims. Links are a fixpoint: linking again with the
output as ``existing`` changes nothing.

Above incidents, :meth:`Linker.episodes` groups the incidents of one multi-day offensive or exchange
into an *episode*: an advance and what its side does at that place on the next days, or each side's
incidents of the same day in one sector.

Work is bounded: candidates come from (day, grid cell) buckets, a claim's search radius is capped
(``SEARCH_CAP_KM``), a crowded bucket is read only for its last ``BUCKET_CAP`` claims, and the buckets
hold only the days still in reach of the pass, so time and memory grow near-linearly.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import Any, TypeVar

from truce import collector
from truce.geo import haversine_km
from truce.model import FOLLOW_UPS, ITEMISING_MEANS, MEANS_FAMILIES, Claim, DatePrecision

__all__ = [
    "Decision",
    "Linker",
    "compatible_means",
    "extent",
    "incident_id_for",
    "is_count",
    "merged",
    "reach",
    "window",
]

_V = TypeVar("_V", bound=Hashable)

#: How far back from its report a claim with no stated date may have happened.
REPORTED_WINDOW_DAYS = 3
#: A statement made the next day about "yesterday" may carry either day: days this far apart still fit.
NEXT_DAY = 1
#: How long after an advance a report of withdrawal (or of its denial) is taken to speak of it.
FOLLOW_UP_DAYS = 60
#: Two points fit when their discs come this close (the places' own radii are already in the discs): a
#: clash on the road between two towns is named after either, one by each voice.
SLACK_KM = 2.0
#: Mirror accounts: each side reports the clash at its own positions, across the line or border. Their
#: places may lie this far apart beyond their radii: a sector of the line, where positions face each
#: other and each side names its own nearest village or its district.
MIRROR_KM = 12.0
#: Two places farther apart than this (beyond their radii) lie at different ends of the front or border:
#: a claim with no place tied equally to incidents at both waits for an analyst.
ENDS_KM = 50.0
#: Two places of one source fit when both discs are wider than this (districts, the extent of several
#: places) and one's centre lies inside the other: one statement naming its places otherwise.
WIDE_KM = 5.0
#: The search radius is capped. A claim's disc is looked up in grid cells; a disc wider than this (a
#: relative position "99999 km north of X", or a vague extent) would make the grid enumerate cells by the
#: million (issue 10: 21.8 GB), and such a claim says nothing precise about where anyway: it is searched
#: like a region-wide claim, by day, which keeps time and memory linear in the number of claims.
SEARCH_CAP_KM = 60.0
CELL_DEGREES = 0.05  # about 5 km: the grid of point claims
MIRROR_CELL_DEGREES = 0.25  # about 25 km: the grid of mirror accounts
#: A bucket holding more claims than this (a flood of statements on one day and place) is read only
#: for its last ones (the nearest before in claim id order): bounded work per claim, whatever the input.
BUCKET_CAP = 256
#: Two clusters merge when their best pair scores at least this.
LINK_SCORE = 3.0
#: Or when several accounts corroborate their joining (a claim that says little, which several accounts
#: of one incident each pair with): pairs scoring at least ``CORROBORATE_SCORE`` tie at least
#: ``CORROBORATIONS`` claims of one cluster, of two voices or more, to the other, and the voices on both
#: sides are at least ``CORROBORATIONS``; the smaller cluster pairs so with no other it fits, and no pair
#: across them scores below zero (see :meth:`Linker._cluster`).
CORROBORATE_SCORE = 2.0
CORROBORATIONS = 3
#: A claim that states its day and nothing of where nor of who fired ("clashes on the border on 16
#: November") pairs with each account of that day no better than this: these pairs corroborate it too,
#: and it joins the incident that most accounts tie it to (half as many to another: it waits).
UNDESCRIBED_SCORE = 1.5
#: What a claim with no stated date, published on the other's day or the next, gets for it.
REPORTED_NEXT_DAY_SCORE = 1.0
#: What two claims stating days one apart get for it (a statement of the next day may say either).
NEXT_DAY_SCORE = 0.0
#: Two incidents belong to one episode when a pair of their claims scores at least this.
EPISODE_SCORE = 3.0
#: What an advance and an act of the same side at its place on the next day get for it.
EPISODE_GOES_ON = 1.0
#: An episode spans at most this many days.
EPISODE_DAYS = 14
#: A claim is filed under the first this many days of its range ("in November": 30 days).
MAX_DAYS = 45
#: When two clusters this big merge, compatibility is checked against this many of each's claims.
CHECKED = 48

_TOP = 1 << 24  # (the rank of a pair's score: _TOP less the score in thousandths)
_WIDE = frozenset({"zone", "region", "corridor"})
_ADVANCE = frozenset({"incursion", "post_set_up"})
_GENERIC = frozenset({"shelling_unspecified", "other"})
_FAMILY = {m: i for i, family in enumerate(MEANS_FAMILIES) for m in family}
_ADVANCE_FAMILY = frozenset(_FAMILY[m] for m in _ADVANCE)


def compatible_means(a: list[str], b: list[str]) -> bool:
    """Whether two lists of means can describe one event (an empty list is compatible with anything).

    >>> compatible_means(["mortar"], ["small_arms"]), compatible_means(["uav_strike"], ["small_arms"])
    (True, False)
    """
    if not a or not b or set(a) & set(b):
        return True
    return any(family & set(a) and family & set(b) for family in MEANS_FAMILIES)


def extent(spots: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """The disc (lat, lon, radius in metres) holding every place a claim names, each a (lat, lon, radius
    in metres) disc of its own: the location of a claim that names several places.

    >>> [round(x, 2) for x in extent([(40.0, 46.8, 1000.0), (40.0, 46.9, 1000.0)])]
    [40.0, 46.85, 5259.0]
    """
    lat = sum(s[0] for s in spots) / len(spots)
    lon = sum(s[1] for s in spots) / len(spots)
    radius = max(haversine_km(lat, lon, s[0], s[1]) * 1000 + s[2] for s in spots)
    return lat, lon, float(round(radius))


def is_count(claim: Claim) -> bool:
    """A claim that counts several violations over an area without itemising them ("13 violations in
    the district"). One that says what was done (an advance, a post set up, drone strikes) itemises it,
    however many strikes it numbers."""
    return claim.violations > 1 and claim.lat is None and not ITEMISING_MEANS.intersection(claim.means)


def incident_id_for(claim: Claim) -> str:
    """The id of the incident a claim founds: stable, derived from the claim's own id."""
    return "I-" + claim.id.removeprefix("C-")


def window(claim: Claim) -> tuple[date, date]:
    """The days a claim's event may fall on."""
    if claim.date_precision is DatePrecision.REPORTED:
        back = min(REPORTED_WINDOW_DAYS, (claim.date_to - date.min).days)  # (no day before 1 January 1)
        return claim.date_to - timedelta(days=back), claim.date_to
    return claim.date_from, claim.date_to


#: A new claim can link only with claims whose days lie within these many days of its own: a day off
#: (a statement about "yesterday"), and ahead of it a claim whose date is only its report's; two months
#: back for a follow-up (the advance it follows), two months ahead for an advance (a later follow-up).
NEAR_DAYS = NEXT_DAY
AHEAD_DAYS = NEXT_DAY + REPORTED_WINDOW_DAYS
FOLLOW_UP_REACH = FOLLOW_UP_DAYS + NEXT_DAY


def reach(claims: Iterable[Claim]) -> list[tuple[date, date]]:
    """The spans of days (merged, in order) holding every claim the claims may link with: all a write
    that added them needs to link again.

    >>> from truce.model import LocationPrecision
    >>> def claim(day, means=()):
    ...     return Claim(day, day, DatePrecision.DAY, LocationPrecision.ZONE, 1.0, means=list(means))
    >>> reach([claim(date(2022, 3, 24)), claim(date(2022, 3, 26))])
    [(datetime.date(2022, 3, 23), datetime.date(2022, 3, 30))]
    >>> reach([claim(date(2022, 3, 24), ["incursion"])])[0][1]
    datetime.date(2022, 5, 27)
    """
    return merged(_reach(c) for c in claims)


def merged(spans: Iterable[tuple[date, date]]) -> list[tuple[date, date]]:
    """Spans of days merged where they meet or touch, in order."""
    merged: list[tuple[date, date]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= _shift(merged[-1][1], 1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _reach(claim: Claim) -> tuple[date, date]:
    first, last = window(claim)
    back = FOLLOW_UP_REACH if claim.stance in FOLLOW_UPS else NEAR_DAYS
    advance = claim.stance == "asserts" and _ADVANCE.intersection(claim.means)
    ahead = FOLLOW_UP_REACH + REPORTED_WINDOW_DAYS if advance else AHEAD_DAYS
    return _shift(first, -back), _shift(last, ahead)


def _shift(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # the ends of the calendar
        return date.max if days > 0 else date.min


@dataclass(frozen=True)
class Decision:
    """An analyst's choice: ``link`` pins a claim to an incident, ``unlink`` keeps it out of one."""

    claim_id: str
    incident_id: str
    kind: str  # "link" or "unlink"


class _Facts:
    """What the linker compares of one claim, computed once."""

    __slots__ = (
        "accused",
        "advance",
        "answers",
        "area",
        "casualties",
        "claim",
        "cos",
        "count",
        "denies",
        "doc",
        "end",
        "exact",
        "families",
        "fire",
        "follows",
        "i",
        "kinds",
        "km",
        "lat",
        "lon",
        "means",
        "minute",
        "monitor",
        "narrow",
        "none_hurt",
        "nowhere",
        "parties",
        "place",
        "point",
        "reported",
        "source",
        "stance",
        "start",
        "target",
        "undescribed",
        "units",
        "vague",
        "voice",
    )

    def __init__(self, i: int, claim: Claim, linker: Linker) -> None:
        self.i = i
        self.claim = claim
        start, end = window(claim)
        self.start, self.end = start.toordinal(), end.toordinal()
        self.reported = claim.date_precision is DatePrecision.REPORTED
        self.exact = claim.date_precision is DatePrecision.DAY and self.start == self.end
        self.stance = claim.stance
        self.answers = claim.stance != "asserts"
        self.denies = claim.stance == "denies"
        self.follows = claim.stance in FOLLOW_UPS
        intern = linker._intern
        # what a claim's means, and its parties, give: the same for many claims, derived once
        told = tuple(claim.means)
        found = linker._by_means.get(told)
        if found is None:
            means = intern(frozenset(told))
            families = intern(frozenset(_FAMILY[m] for m in means if m in _FAMILY))
            # the kinds of fire it tells (weapons, strikes from the air): an advance is none
            found = linker._by_means[told] = (
                means,
                families,
                intern(families - _ADVANCE_FAMILY),
                bool(means & _ADVANCE),
            )
        self.means, self.families, self.fire, advance = found
        self.advance = advance and not self.answers
        sides = (claim.accused, claim.target)
        found = linker._by_sides.get(sides)
        if found is None:
            accused = None if claim.accused in (None, "unknown") else claim.accused
            target = None if claim.target in (None, "unknown") else claim.target
            found = linker._by_sides[sides] = (
                accused,
                target,
                intern(frozenset(p for p in (accused, target) if p)),
            )
        self.accused, self.target, self.parties = found
        self.source = claim.source_id
        self.doc = claim.document_id
        self.count = is_count(claim)
        self.monitor = claim.standing.monitor
        if claim.casualties:
            casualties = [(x.side, x.category, x.status, x.count) for x in claim.casualties]
            self.casualties = intern(frozenset(casualties))
            self.kinds = intern(frozenset(x[:3] for x in casualties))
        else:
            self.casualties = self.kinds = intern(frozenset())
        self.none_hurt = claim.no_casualties
        time = claim.time_from
        self.minute = None if time is None else (time.toordinal() * 1440 + time.hour * 60 + time.minute)
        self.place = claim.place_id
        self.area = None
        lat, lon = claim.lat, claim.lon
        if lat is not None and lon is not None:
            km = claim.radius_m / 1000
            self.units = linker.units_above(claim.place_id)
            # a disc wider than the cap says nothing precise about where (see SEARCH_CAP_KM)
            self.point = _plausible(lat, lon) and 0 <= km <= SEARCH_CAP_KM
        else:
            area = claim.area_ref
            self.area = None if area in _WIDE else area
            self.units = linker.units_above(self.area) | ({self.area} if self.area else frozenset())
            lat, lon, km = linker.units.get(self.area or "", (None, None, math.inf))
            km /= 1000
            self.point = False
        if lat is None or lon is None or not _plausible(lat, lon):
            lat = lon = None
        self.lat, self.lon, self.km = lat, lon, km
        self.cos = math.cos(math.radians(lat)) if lat is not None else 1.0
        self.nowhere = not self.point and self.area is None  # the whole region, or a disc as wide
        self.narrow = self.point and km <= WIDE_KM  # one place, or a few close together
        self.vague = self.reported and self.nowhere
        # it states its day and nothing of where nor of who fired (a clash "on the border" that day)
        self.undescribed = self.exact and self.nowhere and self.accused is None
        # one voice in one document (or of no document): never two accounts of one incident (see _fit)
        self.voice = linker._intern((self.count, self.source, self.stance, self.doc))


def _ends(a: _Facts, b: _Facts) -> bool:
    """Whether two claims lie at different ends of the front or border: their discs more than
    ``ENDS_KM`` apart (farther than one battle's sector)."""
    return a.lat is not None and b.lat is not None and _km(a, b) - a.km - b.km > ENDS_KM


def _plausible(lat: float, lon: float) -> bool:
    return -90 <= lat <= 90 and -180 <= lon <= 180  # (false for NaN)


def _one_wide_place(a: _Facts, b: _Facts) -> bool:
    """Whether two claims that name different places name one wide stretch: both discs wider than
    ``WIDE_KM`` (a district, the extent of several places), the centre of one inside the other; or the
    disc of one place inside the extent of the other. One statement, relayed or updated, often lists its
    places in another order, names one more, or names one of them alone."""
    if a.lat is None or b.lat is None or max(a.km, b.km) <= WIDE_KM:
        return False
    if min(a.km, b.km) > WIDE_KM:
        return _km(a, b) <= max(a.km, b.km)
    return _km(a, b) + min(a.km, b.km) <= max(a.km, b.km)


def _km(a: _Facts, b: _Facts) -> float:
    """The distance between two claims' centres (an equirectangular approximation, close at the scale of a
    sector; haversine beyond it)."""
    dy = (a.lat - b.lat) * 111.195  # type: ignore[operator]
    dx = (a.lon - b.lon) * 111.195 * (a.cos + b.cos) / 2  # type: ignore[operator]
    d = math.sqrt(dx * dx + dy * dy)
    return d if d < 200 else haversine_km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]


def _distinct(np: Any, values: Any) -> Any:
    """The distinct values of an array, in order (by sorting: numpy's own unique hashes, slower here)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), np.bool_)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _counted(np: Any, begin: Any, length: Any) -> Any:
    """The ranges [begin, begin + length), one after the other, as one array."""
    return np.repeat(begin - np.cumsum(length) + length, length) + np.arange(int(length.sum()))


#: Candidate pairs screened at once (see :meth:`Linker._pairs`): memory stays bounded.
_SCREENED = 1 << 17
#: Claims whose candidates are met at once (a few dozen candidates each)
_CHUNK = _SCREENED // 16


class _Screen:
    """Refusals of :meth:`Linker._fit` (``incident``) or of :meth:`Linker._episode_pair` that numpy applies
    to many candidate pairs at once, before each pair left is scored in Python: a count and an item, one
    voice, days too far apart (neither a follow-up), another pair of sides, precise mirror accounts of
    different fire, two points whose discs lie too far apart. Only refusals, each one the call would
    make: a pair the screen passes is decided by the call, so the pairs found are the same, for less
    work."""

    def __init__(self, facts: list[_Facts], incident: bool) -> None:
        import numpy as np

        n = len(facts)
        self.np = np
        self.facts = facts
        self.incident = incident

        def column(values: Iterable[object], kind: type) -> np.ndarray:
            return np.fromiter(values, kind, n)

        def ids(values: Iterable[Hashable]) -> tuple[np.ndarray, list[Hashable]]:
            table: dict[Hashable, int] = {}
            return column((table.setdefault(v, len(table)) for v in values), np.int64), list(table)

        self.start = column((f.start for f in facts), np.int64)
        self.by_place = np.lexsort((np.arange(n), self.start))  # the pass: by first day, then index
        self.at = np.empty(n, np.int64)  # a claim's place in the pass
        self.at[self.by_place] = np.arange(n)
        self.end = column((f.end for f in facts), np.int64)
        self.follows = column((f.follows for f in facts), np.bool_)
        self.reported = column((f.reported for f in facts), np.bool_)
        self.count = column((f.count for f in facts), np.bool_)
        self.voice, _ = ids(f.voice for f in facts)
        self.accused, _ = ids(f.accused for f in facts)
        self.accuses = column((f.accused is not None for f in facts), np.bool_)
        self.parties, sides = ids(f.parties for f in facts)
        self.fronts = np.array([[len(a | b) > 2 for b in sides] for a in sides], np.bool_)  # type: ignore[operator]
        self.fire, fires = ids(f.fire for f in facts)
        self.unlike = np.array([[bool(a and b and not a & b) for b in fires] for a in fires], np.bool_)  # type: ignore[operator]
        self.point = column((f.point for f in facts), np.bool_)
        self.narrow = column((f.narrow for f in facts), np.bool_)
        self.lat = column((f.lat if f.point else 0.0 for f in facts), np.float64)
        self.lon = column((f.lon if f.point else 0.0 for f in facts), np.float64)
        self.km = column((f.km if f.point else 0.0 for f in facts), np.float64)
        self.cos = column((f.cos for f in facts), np.float64)

    def mask(self, claims: Iterable[int]) -> Any:
        """The claims given (indices) as a mask."""
        mine = self.np.zeros(len(self.facts), self.np.bool_)
        mine[list(claims)] = True
        return mine

    def pass_order(self) -> list[int]:
        """The claims (indices) in the order of the pass: by first day, then index."""
        return self.by_place.tolist()

    def survivors(self, earlier: Any, later: Any) -> Iterable[tuple[int, int]]:
        """The pairs (i < j) among the candidates (arrays of claim indices: ``earlier[k]`` and
        ``later[k]``) the screen does not refuse."""
        np = self.np
        a, b = np.minimum(earlier, later), np.maximum(earlier, later)
        start, end = self.start, self.end
        refused = (start[a] - end[b] > NEXT_DAY) | (start[b] - end[a] > NEXT_DAY)
        if self.incident:
            refused &= ~(self.follows[a] | self.follows[b])  # (a follow-up's days are checked by _fit)
            refused |= self.count[a] != self.count[b]
            refused |= self.voice[a] == self.voice[b]
        else:
            refused |= self.reported[a] & self.reported[b]
        refused |= self.fronts[self.parties[a], self.parties[b]]
        mirror = self.accuses[a] & self.accuses[b] & (self.accused[a] != self.accused[b])
        if self.incident:
            refused |= mirror & self.unlike[self.fire[a], self.fire[b]] & self.narrow[a] & self.narrow[b]
        # two points: the distance of _km (below 200 km, where it is the equirectangular one), with a
        # margin, so that only the discs _apart would find too far apart are refused
        points = self.point[a] & self.point[b]
        lat, lon, cos = self.lat, self.lon, self.cos
        dy = (lat[a] - lat[b]) * 111.195
        dx = (lon[a] - lon[b]) * 111.195 * (cos[a] + cos[b]) / 2
        d = np.sqrt(dx * dx + dy * dy)
        gap = d - self.km[a] - self.km[b]
        limit = np.where(mirror, MIRROR_KM, SLACK_KM) + 1e-6
        refused |= points & (d < 200) & (gap > limit)
        keep = ~refused
        return zip(a[keep].tolist(), b[keep].tolist(), strict=True)

    def _indexed(self) -> None:
        """The pass's buckets, built once for every question asked of them (:meth:`candidates`,
        :meth:`touching`): each claim's place in the pass (in order of first day), its filings, one
        integer each (bucket, place) in ``ranked``, and what each claim reads (table, claims, keys)."""
        if hasattr(self, "ranked"):
            return
        np, facts = self.np, self.facts
        n = len(facts)
        start = self.start
        self.stop = stop = np.minimum(self.end, start + MAX_DAYS) + 1
        sector = np.fromiter(
            (bool(f.accused) and f.lat is not None and f.km <= SEARCH_CAP_KM for f in facts),
            np.bool_,
            n,
        )
        lat = np.fromiter((f.lat if f.lat is not None else 0.0 for f in facts), np.float64, n)
        lon = np.fromiter((f.lon if f.lon is not None else 0.0 for f in facts), np.float64, n)
        km = np.fromiter((f.km for f in facts), np.float64, n)
        cos = self.cos

        def cells(who: Any, size: float, slack: float) -> tuple[Any, Any]:
            """(claim, key) of the grid cells, each one integer, that the disc of each claim of ``who`` (its
            radius, capped, and ``slack``) touches: two claims whose discs overlap share a cell."""
            reach = np.minimum(km[who], SEARCH_CAP_KM) + slack
            dlat = reach / 111.0
            dlon = reach / (111.0 * np.maximum(0.2, cos[who]))
            r0 = np.floor((lat[who] - dlat) / size).astype(np.int64)
            r1 = np.floor((lat[who] + dlat) / size).astype(np.int64)
            c0 = np.floor((lon[who] - dlon) / size).astype(np.int64)
            c1 = np.floor((lon[who] + dlon) / size).astype(np.int64)
            wide = c1 - c0 + 1
            count = (r1 - r0 + 1) * wide
            owner = np.repeat(np.arange(len(who)), count)
            k = _counted(np, np.zeros(len(who), np.int64), count)
            keys = (r0[owner] + k // wide[owner]) * 8192 + c0[owner] + k % wide[owner]
            return who[owner], keys

        everyone = np.arange(n)
        points, others = everyone[self.point], everyone[~self.point]
        grid = cells(points, CELL_DEGREES, SLACK_KM / 2)
        sectors = cells(everyone[sector], MIRROR_CELL_DEGREES, MIRROR_KM / 2)
        # (table, its filed (claim, key), its readers (claim, key))
        tables = [
            (0, grid, grid),  # point claims by grid cell
            (1, sectors, sectors),  # claims blaming a side by sector
            (
                2,
                (others, np.zeros(len(others), np.int64)),
                (points, np.zeros(len(points), np.int64)),
            ),
            (
                3,
                (everyone, np.zeros(n, np.int64)),
                (others, np.zeros(len(others), np.int64)),
            ),
        ]
        self.lowest = min([int(k.min()) for _t, (_w, k), _r in tables if len(k)], default=0)
        highest = max([int(k.max()) for _t, (_w, k), _r in tables if len(k)], default=0)
        self.keys = highest - self.lowest + 1
        self.first = int(start.min()) - NEXT_DAY if n else 0
        self.days = (int(stop.max()) + NEXT_DAY - self.first + 1) if n else 1
        if 4 * self.days * self.keys >= 1 << 62:
            raise OverflowError  # (unreachable for dates and places on Earth)
        filed = [self._spread(w, k, start, stop, t) for t, (w, k), _r in tables if len(w)]
        bucket = np.concatenate([b for b, _p in filed] or [np.empty(0, np.int64)])
        place = np.concatenate([p for _b, p in filed] or [np.empty(0, np.int64)])
        self.names = names = _distinct(np, bucket)
        self.ranked = np.sort(np.searchsorted(names, bucket) * n + place)
        self.opens = np.searchsorted(self.ranked, np.arange(len(names)) * n)  # each bucket's first filing
        self.closes = np.append(self.opens[1:], len(self.ranked))  # and the end of its filings
        self.readers = [(t, w, k) for t, _f, (w, k) in tables if len(w)]

    def _spread(self, who: Any, key: Any, lo: Any, hi: Any, table: int) -> tuple[Any, Any]:
        """(bucket, place in the pass) for each claim of ``who`` on each day from lo to hi (not hi)."""
        np = self.np
        length = hi[who] - lo[who]
        owner = np.repeat(np.arange(len(who)), length)
        day = lo[who][owner] + _counted(np, np.zeros(len(who), np.int64), length)
        bucket = ((table * self.days + day - self.first) * self.keys) + key[owner] - self.lowest
        return bucket, self.at[who[owner]]

    def _filed(self, bucket: Any, place: Any) -> tuple[Any, Any]:
        """The buckets read (as numbers among those filed) and the readers' places, for those filed."""
        np, names = self.np, self.names
        if not len(names):
            return bucket[:0], place[:0]
        b = np.minimum(np.searchsorted(names, bucket), len(names) - 1)
        held = names[b] == bucket
        return b[held], place[held]

    def _reads(self, readers: list[tuple[int, Any, Any]]) -> tuple[Any, Any]:
        """The buckets the readers (table, claims, keys) read on their days and a day either side, of
        those filed (as numbers among them), and each reader's place in the pass."""
        np = self.np
        reads = [self._spread(w, k, self.start - NEXT_DAY, self.stop + NEXT_DAY, t) for t, w, k in readers]
        return self._filed(*(np.concatenate(parts) for parts in zip(*reads, strict=True)))

    @cached_property
    def _reading(self) -> Any:
        """Every reading of the pass, (bucket, place) as one integer each, in order."""
        b, place = self._reads(self.readers)
        return self.np.sort(b * len(self.facts) + place)

    def _met(self, readers: list[tuple[int, Any, Any]]) -> Any:
        """(earlier place, place) * n + ..., each once: whom the readers meet, the last ``BUCKET_CAP``
        filed before each in every bucket it reads."""
        np, n, ranked = self.np, len(self.facts), self.ranked
        b, place = self._reads(readers)
        end = np.searchsorted(ranked, b * n + place)  # the claims filed before this one
        begin = np.maximum(self.opens[b], end - BUCKET_CAP)
        length = np.maximum(end - begin, 0)
        met = ranked[_counted(np, begin, length)] % n
        return _distinct(np, met * n + np.repeat(place, length))

    def candidates(self) -> Iterator[tuple[Any, Any]]:
        """The candidate pairs of the whole pass of :meth:`Linker._pairs`, as arrays (earlier claim,
        claim), chunk by chunk. Each claim, at its place in the pass, reads the buckets (table, day, key)
        of the days it may fall on and a day either side, and meets the claims filed in them before it:
        the last ``BUCKET_CAP``."""
        self._indexed()
        np, n = self.np, len(self.facts)
        readers = []  # in pass order
        for t, w, k in self.readers:
            ranks = np.argsort(self.at[w], kind="stable")
            readers.append((t, w[ranks], k[ranks], self.at[w][ranks]))
        chunk = _CHUNK
        for lo in range(0, n, chunk):
            mine = []
            for t, w, k, places in readers:
                a, b = np.searchsorted(places, (lo, lo + chunk))
                if b > a:
                    mine.append((t, w[a:b], k[a:b]))
            if mine:
                pairs = self._met(mine)
                yield self.by_place[pairs // n], self.by_place[pairs % n]

    def touching(self, mine: Any) -> Iterator[tuple[Any, Any]]:
        """The candidate pairs of the whole pass with a claim of ``mine`` (a mask), as arrays (earlier
        claim, claim), chunk by chunk, each pair once: the work of those pairs alone. Two claims of one
        voice are no pair (:meth:`Linker._fit`): when most claims are one voice's (a day of one source's
        records) and the frontier holds more of them than there are claims of other voices, its claims of
        that voice are met from the other side, the claims of the others."""
        np = self.np
        self._indexed()
        if self.incident and len(self.facts):
            voice = self.voice
            most = np.argmax(np.bincount(voice))  # (only a voice of more than half the claims can be)
            ours = mine & (voice == most)
            others = voice != most
            if np.count_nonzero(others) < np.count_nonzero(ours):
                # those with a claim of ours (the other claim is another voice's), then the rest's
                yield from self._chunked(others, lambda a, b: ours[a] | ours[b])
                yield from self._chunked(mine & others, lambda a, b: ~(ours[a] | ours[b]))
                return
        yield from self._chunked(mine)

    def _chunked(self, mine: Any, keep: Callable[[Any, Any], Any] | None = None) -> Iterator[tuple[Any, Any]]:
        """:meth:`_touching` for ``mine``'s claims a chunk at a time (memory stays bounded), each pair
        given by the first chunk that holds one of its claims; ``keep``: a mask of the pairs wanted."""
        np, n = self.np, len(self.facts)
        claims = np.flatnonzero(mine)
        size = _CHUNK
        chunk = np.full(n, len(claims), np.int64)  # each claim's chunk (past the last: not of mine)
        chunk[claims] = np.arange(len(claims)) // size
        for first in range(0, len(claims), size):
            part = np.zeros(n, np.bool_)
            part[claims[first : first + size]] = True
            pairs = self._touching(part)
            earlier, later = self.by_place[pairs // n], self.by_place[pairs % n]
            wanted = np.minimum(chunk[earlier], chunk[later]) == first // size
            if keep is not None:
                wanted &= keep(earlier, later)
            yield earlier[wanted], later[wanted]

    def _touching(self, mine: Any) -> Any:
        """(earlier place, place) pairs of the whole pass with a claim of ``mine``, each once: those it
        meets as it reads, and those that meet it, among the last ``BUCKET_CAP`` filed before them."""
        np, n, ranked = self.np, len(self.facts), self.ranked
        readers = [(t, w[mine[w]], k[mine[w]]) for t, w, k in self.readers]
        parts = [self._met([r for r in readers if len(r[1])])] if any(len(r[1]) for r in readers) else []
        filings = np.flatnonzero(mine[self.by_place[ranked % n]])  # its filings, as ranked
        if len(filings):
            reading = self._reading
            bucket, place = ranked[filings] // n, ranked[filings] % n
            closes = self.closes
            # a reader meets this filing while it is among the last BUCKET_CAP: up to the place of the filing
            # BUCKET_CAP after it, else to the last place (n - 1: no further, into the next bucket)
            last = filings + BUCKET_CAP
            upper = np.where(last < closes[bucket], ranked[np.minimum(last, len(ranked) - 1)] % n, n - 1)
            lo = np.searchsorted(reading, bucket * n + place + 1)
            hi = np.searchsorted(reading, bucket * n + upper, side="right")
            length = np.maximum(hi - lo, 0)
            reader = reading[_counted(np, lo, length)] % n
            parts.append(np.repeat(place, length) * n + reader)
        return _distinct(np, np.concatenate(parts or [np.empty(0, np.int64)]))


class Linker:
    """Links claims into incidents, keeping what earlier runs and analysts decided.

    ``areas_of`` tells, for a place id, the admin units it lies in (former and current); ``units``, when
    given, where an admin unit lies (lat, lon, radius in metres), so that claims naming districts can be
    compared with the places the other side names across the line.
    """

    def __init__(
        self,
        areas_of: dict[str, set[str]] | None = None,
        decisions: Iterable[Decision] = (),
        units: dict[str, tuple[float, float, float]] | None = None,
    ) -> None:
        self.areas_of = areas_of or {}
        self.units = units or {}
        self._above: dict[str | None, frozenset[str]] = {}
        self._interned: dict[Hashable, Hashable] = {}
        self._by_means: dict[tuple[str, ...], tuple] = {}
        self._by_sides: dict[tuple[str | None, str | None], tuple] = {}
        self.pinned: dict[str, str] = {}
        self.barred: dict[str, set[str]] = defaultdict(set)
        for decision in decisions:
            if decision.kind == "link":
                self.pinned[decision.claim_id] = decision.incident_id
                self.barred[decision.claim_id].discard(decision.incident_id)
            else:
                self.barred[decision.claim_id].add(decision.incident_id)
                if self.pinned.get(decision.claim_id) == decision.incident_id:
                    del self.pinned[decision.claim_id]
        self.barred = defaultdict(set, {k: v for k, v in self.barred.items() if v})

    def _intern(self, value: _V) -> _V:
        """One object for equal small values (sets, voices): a million claims share a few dozen of them."""
        return self._interned.setdefault(value, value)  # type: ignore[return-value]

    def units_above(self, place_id: str | None) -> frozenset[str]:
        """Every admin unit a place (or a unit) lies in, up to the country."""
        found = self._above.get(place_id)
        if found is None:
            seen: set[str] = set()
            todo = list(self.areas_of.get(place_id or "", ()))
            while todo:
                unit = todo.pop()
                if unit not in seen:
                    seen.add(unit)
                    todo.extend(self.areas_of.get(unit, ()))
            found = self._above[place_id] = frozenset(seen)
        return found

    # -- linking -------------------------------------------------------------------------------------

    def link(
        self,
        claims: list[Claim],
        existing: dict[str, str] | None = None,
        new: Iterable[str] | None = None,
    ) -> dict[str, str]:
        """Claim id -> incident id for every claim that belongs to an incident (a denial or follow-up of
        nothing on record belongs to none). ``existing`` (the links of an earlier run) names the
        incidents; an analyst's decisions are obeyed.

        ``new``: the ids of the claims added since ``existing`` was made by linking the others. Then only
        the claims the new ones can reach are clustered again (:meth:`_reached`); every other claim
        keeps its incident, as clustering everything would leave it."""
        with collector.paused():  # many small objects and no reference cycles
            existing = existing or {}
            facts = self._facts(claims)
            kept: dict[str, str] = {}
            reserved: set[str] = set()
            added = None if new is None else set(new)
            if added is not None and {f.claim.id for f in facts} <= added:
                added = None  # every claim is new (a bulk ingest into an empty store): link them all at once
            if added is None:
                pairs = self._pairs(facts, self._pair, CORROBORATE_SCORE, incident=True)
            else:
                facts, pairs = self._reached(facts, existing, added)
                ids = {f.claim.id for f in facts}
                kept = {c: i for c, i in existing.items() if c not in ids}
                reserved = set(kept.values())
            names = {f.claim.id: existing[f.claim.id] for f in facts if f.claim.id in existing}
            result = self._name(facts, self._cluster(facts, pairs, names), names, reserved)
            # the names feed the analysts' constraints (the claims of the incident they linked or
            # unlinked): repeat until the names are stable, so that the result is a fixpoint
            for _ in range(8):
                if not (self.pinned or self.barred) or result == names:
                    break
                names = result
                result = self._name(facts, self._cluster(facts, pairs, names), names, reserved)
            return kept | result

    def _reached(
        self, facts: list[_Facts], existing: dict[str, str], new: Iterable[str]
    ) -> tuple[list[_Facts], list[int]]:
        """The claims whose incidents new claims may change, and their pairs (as :meth:`_pairs` gives
        them, numbered among these claims alone).

        Clusters grow only along pairs that score ``CORROBORATE_SCORE`` and along incidents (an incident's
        claims, an analyst's pin): claims no such path joins to a new claim are clustered as before. So
        the new claims are followed, wave by wave, along the pairs of each wave's claims and the
        incidents they are in, until no wave adds one."""
        n = len(facts)
        index = {f.claim.id: f.i for f in facts}
        members: dict[str, list[int]] = defaultdict(list)  # incident -> its claims (held or pinned)
        for f in facts:
            for incident in (existing.get(f.claim.id), self.pinned.get(f.claim.id)):
                if incident:
                    members[incident].append(f.i)
        reached: set[int] = set()
        found: set[int] = set()
        screen = _Screen(facts, True)  # (its buckets built once for every wave)
        # the new claims, and any other that no incident holds yet though it would found one
        todo = [index[c] for c in new if c in index]
        todo += [f.i for f in facts if not f.answers and f.claim.id not in existing]
        while todo:
            wave: set[int] = set()
            while todo:
                i = todo.pop()
                if i in reached:
                    continue
                reached.add(i)
                wave.add(i)
                claim_id = facts[i].claim.id
                for incident in (existing.get(claim_id), self.pinned.get(claim_id)):
                    if incident:
                        todo.extend(members[incident])
            if not wave:
                break
            pairs = self._pairs(facts, self._pair, CORROBORATE_SCORE, wave, incident=True, screen=screen)
            found.update(pairs)
            for key in pairs:
                todo.extend((key // n % n, key % n))
        ordered = sorted(reached)
        local = {i: k for k, i in enumerate(ordered)}
        m, nn = len(ordered), n * n
        renumbered = []
        for key in sorted(found):  # best first, ties in claim id order: the numbering keeps the order
            rank, i, j = key // nn, key // n % n, key % n
            renumbered.append((rank * m + local[i]) * m + local[j])
        return [facts[i] for i in ordered], renumbered

    def episodes(self, claims: list[Claim], links: dict[str, str]) -> dict[str, str]:
        """Incident id -> episode id for the incidents that belong to an episode of several incidents:
        one multi-day offensive (an advance and what follows it on the next days) or one exchange (each
        side's incidents of the same days, in one sector of the line). An episode spans at most
        ``EPISODE_DAYS`` and is named after its first incident ("E-" and the incident's id)."""
        with collector.paused():
            facts = self._facts([c for c in claims if c.id in links and not is_count(c)])
            parent: dict[str, str] = {}
            span: dict[str, tuple[int, int]] = defaultdict(lambda: (1 << 30, 0))
            for f in facts:
                incident = links[f.claim.id]
                parent.setdefault(incident, incident)
                if not f.reported:
                    lo, hi = span.get(incident, (f.start, f.end))
                    span[incident] = (min(lo, f.start), max(hi, f.end))

            def root(x: str) -> str:
                while parent[x] != x:
                    parent[x] = parent[parent[x]]
                    x = parent[x]
                return x

            n = len(facts)
            for key in self._pairs(facts, self._episode_pair, EPISODE_SCORE):
                i, j = key // n % n, key % n
                a, b = root(links[facts[i].claim.id]), root(links[facts[j].claim.id])
                if a == b:
                    continue
                lo, hi = min(span[a][0], span[b][0]), max(span[a][1], span[b][1])
                if hi - lo >= EPISODE_DAYS:
                    continue
                first, second = sorted((a, b), key=lambda x: (span[x][0], x))
                parent[second], span[first] = first, (lo, hi)
            groups: dict[str, list[str]] = defaultdict(list)
            for incident in parent:
                groups[root(incident)].append(incident)
            return {
                incident: "E-" + head.removeprefix("I-")
                for head, members in groups.items()
                if len(members) > 1
                for incident in members
            }

    def _facts(self, claims: list[Claim]) -> list[_Facts]:
        ordered = sorted(claims, key=lambda c: c.id)  # indices in id order: nothing depends on input order
        return [_Facts(i, c, self) for i, c in enumerate(ordered)]

    # -- candidates and scores -----------------------------------------------------------------------

    def _pairs(
        self,
        facts: list[_Facts],
        pair: Callable[[_Facts, _Facts], float | None],
        floor: float,
        frontier: set[int] | None = None,
        incident: bool = False,
        screen: _Screen | None = None,
    ) -> list[int]:
        """Every candidate pair scoring at least ``floor``, best first (ties in claim id order), each as
        one integer: (rank of its score, i, j) in base ``len(facts)``, so that a million claims' pairs
        sort and keep in little memory. With ``frontier`` (claim indices), only the pairs with a claim
        of the frontier: the same pairs the whole pass finds, for the work of the frontier's claims.
        ``incident``: ``pair`` is :meth:`_pair` (else :meth:`_episode_pair`), whose refusals (two claims
        of one voice among them) are then applied to many candidates at once before the calls
        (:class:`_Screen`; ``screen``, one already made for these facts).

        The candidates are those of one pass in order of first day (:meth:`_Screen.candidates`): each
        claim looks up the buckets (day, place or sector) of the claims before it, the last
        ``BUCKET_CAP`` of each, so that every pair is met once and a crowded day costs what its buckets
        hold, not the square of its claims. A follow-up ("the unit withdrew") looks up the advances of
        the weeks before it.
        """
        n = len(facts)
        screen = screen or _Screen(facts, incident)
        found: list[int] = []
        top = _TOP

        def score(a: int, b: int) -> None:
            value = pair(facts[a], facts[b])
            if _kept(value, floor, facts[a], facts[b], incident):
                found.append(((top - round(value * 1000)) * n + a) * n + b)  # type: ignore[operator]

        mine = None if frontier is None or len(frontier) >= n else screen.mask(frontier)
        for earlier, later in screen.candidates() if mine is None else screen.touching(mine):
            for a, b in screen.survivors(earlier, later):
                score(a, b)
        advances: dict[int, list[int]] = defaultdict(list)
        follow_ups = []
        for f in (facts[i] for i in screen.pass_order()):
            if f.advance:
                for day in _days(f):
                    advances[day].append(f.i)
            if f.follows:
                follow_ups.append(f)
        for f in follow_ups:  # "the unit withdrew": the advance it speaks of came before
            before: set[int] = set()
            for day in range(f.start - FOLLOW_UP_DAYS, _days(f).stop):
                before.update(advances.get(day, ())[-BUCKET_CAP:])
            for i in before:
                if mine is None or mine[i] or mine[f.i]:
                    score(*sorted((i, f.i)))
        found.sort()
        if not follow_ups:
            return found
        result: list[int] = []
        last_pair = -1
        nn = n * n
        for key in found:
            if key % nn != last_pair:  # a follow-up met its advance as a candidate too
                result.append(key)
                last_pair = key % nn
        return result

    def _fit(self, a: _Facts, b: _Facts) -> float | None:
        """None when the two claims cannot be accounts of one incident; else the distance between their
        places (km between their discs, 0 when they overlap or either has no precise place)."""
        if a.count != b.count:
            return None  # a count is matched against items, never merged with one
        if a.source == b.source and a.stance == b.stance and a.doc == b.doc:
            # one voice, one document: two episodes (conventions, rule 2); so are two claims of one
            # source that come from no document (two observations, two records of a pack)
            return None
        if a.follows or b.follows:
            f, o = (a, b) if a.follows else (b, a)
            if a.accused and b.accused and a.accused != b.accused:
                return None
            if o.start - f.end > NEXT_DAY:
                return None  # a follow-up comes after what it follows
            # up to two months after the advance (and so after the other accounts of its incident)
            if f.start - o.end > (NEXT_DAY if o.follows else FOLLOW_UP_DAYS):
                return None
        elif a.start - b.end > NEXT_DAY or b.start - a.end > NEXT_DAY:
            return None
        if a.parties is not b.parties and len(a.parties | b.parties) > 2:
            return None  # another pair of sides: another front
        mirror = a.accused is not None and b.accused is not None and a.accused != b.accused
        if mirror and a.fire and b.fire and not a.fire & b.fire and a.narrow and b.narrow:
            # each side blaming the other tells one clash only with fire alike: fire against fire; a
            # reply by other fire (drone strikes after shots) is another incident of one episode. An
            # advance told by one side against the fire told by the other is one clash: the side that
            # advanced reports the fire that met it. (An account of a wide stretch, a district or several
            # places, tells a battle: the weapons it names need not be all there were.)
            return None
        if a.source == b.source and not a.answers and not b.answers:
            # two assertions of one source about different places or times are two incidents
            if a.place and b.place and a.place != b.place and not _one_wide_place(a, b):
                return None
            if a.area and b.area and a.area != b.area:
                return None
            if a.minute is not None and b.minute is not None and abs(a.minute - b.minute) > 120:
                return None
            if a.exact and b.exact and a.start != b.start:
                return None
        return self._apart(a, b, mirror)

    @staticmethod
    def _apart(a: _Facts, b: _Facts, mirror: bool) -> float | None:
        """How far apart two claims' places are (km between their discs, 0 when they overlap or either
        says nothing precise); None when they cannot be one place, not even as mirror accounts (each
        side's positions, across the line, within ``MIRROR_KM``)."""
        if a.nowhere or b.nowhere:
            return 0.0  # the whole region (or a disc as wide) fits anything in the theatre
        if a.area is not None and b.area is not None:
            if a.area == b.area or a.area in b.units or b.area in a.units:
                return 0.0
        elif a.area is not None or b.area is not None:
            area, point = (a, b) if a.area is not None else (b, a)
            if area.area in point.units:
                return 0.0  # a point inside the district the other names
            if not point.units and area.lat is None:
                return 0.0  # a point the gazetteer does not situate: nothing to contradict
            if point.units and not mirror and point.km <= WIDE_KM:
                return None  # a point outside that district
            # (a wide extent, the disc of several places, lies in more units than its first place's:
            # its disc is compared with the district's below)
        if a.lat is None or b.lat is None:
            return None
        gap = _km(a, b) - a.km - b.km
        if gap <= 0:
            return 0.0
        return gap if gap <= (MIRROR_KM if mirror else SLACK_KM) else None

    def _pair(self, a: _Facts, b: _Facts) -> float | None:
        """The score of two claims as accounts of one incident (None: they cannot be)."""
        apart = self._fit(a, b)
        if apart is None or _late_denial(a, b):
            return None
        return _evidence(a, b, apart)

    def _contradict(self, a: _Facts, b: _Facts) -> bool:
        """Whether two claims cannot be one incident or score below zero as one (a late denial is no tie,
        but no contradiction either)."""
        apart = self._fit(a, b)
        return apart is None or _evidence(a, b, apart) < 0.0

    def _episode_pair(self, a: _Facts, b: _Facts) -> float | None:
        """The score of two claims as parts of one episode: as accounts of one incident, but one voice
        may tell several incidents in one document, and an advance goes on the next days."""
        if a.start - b.end > NEXT_DAY or b.start - a.end > NEXT_DAY:
            return None
        if len(a.parties | b.parties) > 2 or (a.reported and b.reported):
            return None
        if a.reported or b.reported:
            # an undated claim joins an episode only when published on the other's day or the next
            undated, dated = (a, b) if a.reported else (b, a)
            if not 0 <= undated.end - dated.end <= NEXT_DAY:
                return None
        if (a.start > b.end or b.start > a.end) and not (
            a.accused and a.accused == b.accused and (a.advance or b.advance)
        ):
            return None  # on another day only an offensive that goes on: an advance, what follows
        mirror = a.accused is not None and b.accused is not None and a.accused != b.accused
        apart = self._apart(a, b, mirror)
        if apart is None:
            return None
        goes_on = a.advance != b.advance and (a.start > b.end or b.start > a.end)
        return _evidence(a, b, apart, episode=True) + (EPISODE_GOES_ON if goes_on else 0.0)

    # -- clustering ----------------------------------------------------------------------------------

    def _cluster(
        self,
        facts: list[_Facts],
        pairs: list[int],
        names: dict[str, str],
        torn: dict[int, list[tuple[int, int]]] | None = None,
    ) -> list[list[int]]:
        """Clusters of claim indices: an analyst's pinned claims first, then the pairs best first; two
        clusters merge when every claim of one fits every claim of the other (checked on up to
        ``CHECKED`` of each) and no analyst's unlink parts them. A claim with no place tied equally to
        claims at both ends of the front (``torn``, see :meth:`_torn`) waits when they end in two
        incidents; it is clustered again, free, when they end in one."""
        first = torn is None
        if torn is None:
            torn = self._torn(facts, pairs, _TOP - round(LINK_SCORE * 1000))
        n = len(facts)
        parent = list(range(n))
        members: list[list[int]] = [[i] for i in range(n)]
        decided = bool(self.pinned or self.barred)
        # the incident each claim is known to belong to (an analyst's pin, or its last link) and those
        # it must stay out of (an analyst's unlink)
        holds: list[frozenset[str]] = []
        bars: list[frozenset[str]] = []
        pins: list[str | None] = []
        if decided:
            pinned_incidents = set(self.pinned.values())
            for f in facts:
                cid = f.claim.id
                barred = self.barred.get(cid, set())
                held = {names[cid]} if cid in names and names[cid] not in barred else set()
                pin = self.pinned.get(cid)
                if pin is None and held and next(iter(held)) in pinned_incidents:
                    pin = next(iter(held))  # an incident an analyst pinned a claim to keeps its claims
                if pin:
                    held.add(pin)
                holds.append(frozenset(held))
                bars.append(frozenset(barred))
                pins.append(pin)

        def root(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(x: int, y: int) -> None:
            if len(members[x]) < len(members[y]):
                x, y = y, x
            parent[y] = x
            members[x].extend(members[y])
            members[y] = []
            if decided:
                holds[x] |= holds[y]
                bars[x] |= bars[y]
                pins[x] = pins[x] or pins[y]

        if decided:
            by_pin: dict[str, int] = {}
            for i in range(n):
                pin = pins[i]
                if pin:
                    first = by_pin.setdefault(pin, i)
                    if first != i and root(first) != root(i):
                        join(root(first), root(i))
        fit = self._fit
        nn = n * n

        def parted(x: int, y: int) -> bool:
            if decided:
                if pins[x] and pins[y] and pins[x] != pins[y]:
                    return True
                if holds[x] & bars[y] or holds[y] & bars[x]:
                    return True
            return False

        def fits(x: int, y: int) -> bool:
            mx, my = members[x], members[y]
            return all(
                fit(*_ordered(facts[p], facts[q])) is not None for p in mx[:CHECKED] for q in my[:CHECKED]
            )

        refused: set[tuple[int, int, int, int]] = set()
        strong = _TOP - round(LINK_SCORE * 1000)  # the rank of the weakest pair that links alone
        weak = len(pairs)
        for at, key in enumerate(pairs):
            if key // nn > strong:
                weak = at
                break
            i, j = key // n % n, key % nn % n
            if i in torn or j in torn:
                continue  # it waits for an analyst
            x, y = root(i), root(j)
            if x == y or parted(x, y):
                continue
            mx, my = members[x], members[y]
            if len(mx) == 1 and len(my) == 1:
                join(x, y)  # the pair itself fits: it was scored
                continue
            state = (x, y, len(mx), len(my)) if x < y else (y, x, len(my), len(mx))
            if state in refused:
                continue  # these two clusters, as they are, were found apart already
            if fits(x, y):
                join(x, y)
            else:
                refused.add(state)
        if weak < len(pairs):
            for x, y in self._corroborated(facts, pairs[weak:], root, members, fits):
                x, y = root(x), root(y)
                if x != y and not parted(x, y) and fits(x, y):  # (either may have grown since)
                    join(x, y)
        if first and torn:
            # torn between claims that ended in one incident after all: not torn
            two = {one: ends for one, ends in torn.items() if any(root(p) != root(q) for p, q in ends)}
            if len(two) < len(torn):
                return self._cluster(facts, pairs, names, two)
        return [m for m in members if m]

    def _torn(self, facts: list[_Facts], pairs: list[int], strong: int) -> dict[int, list[tuple[int, int]]]:
        """The claims with no place whose best pairs (``LINK_SCORE`` or more) tie them equally to claims at
        different ends of the front or border (:func:`_ends`): nothing says which incident they tell, so
        they wait for an analyst instead of joining whichever came first. Each with the pairs of those
        claims that lie at both ends (the first ``CHECKED`` of them are compared: bounded work)."""
        nowhere = [f.nowhere for f in facts]
        if not any(nowhere):
            return {}
        n = len(facts)
        nn = n * n
        best: dict[int, tuple[int, list[int]]] = {}  # claim -> (the rank of its best pairs, their claims)
        for key in pairs:
            rank = key // nn
            if rank > strong:
                break
            i, j = key // n % n, key % nn % n
            if not (nowhere[i] or nowhere[j]):
                continue
            for one, other in ((i, j), (j, i)):
                if nowhere[one]:
                    found = best.setdefault(one, (rank, []))
                    if found[0] == rank and not nowhere[other]:
                        found[1].append(other)
        torn = {}
        for one, (_rank, others) in best.items():
            ends = [
                (p, q) for p, q in itertools.combinations(others[:CHECKED], 2) if _ends(facts[p], facts[q])
            ]
            if ends:
                torn[one] = ends
        return torn

    def _corroborated(
        self,
        facts: list[_Facts],
        pairs: list[int],
        root: Callable[[int], int],
        members: list[list[int]],
        fits: Callable[[int, int], bool],
    ) -> list[tuple[int, int]]:
        """The clusters (roots) that several accounts tie, to merge in this order: a claim that says little
        (a reported date, the whole region) which several accounts of one incident, of several voices,
        each pair with (``CORROBORATE_SCORE``: say the day and the blame, or the day and the weapon)
        joins them, when it pairs so with no other cluster it fits (else it waits for an analyst) and no
        account of either contradicts one of the other (a pair scoring below zero). A claim that states
        its day and nothing else pairs with every account of that day (``UNDESCRIBED_SCORE``): it joins
        the cluster most of them tie it to, unless half as many tie it to another."""
        n = len(facts)
        nn = n * n
        # (pairs, the claims of each side that take part, the best pair's rank)
        support: dict[tuple[int, int], tuple[int, set[int], set[int], int]] = {}
        for key in pairs:
            i, j = key // n % n, key % nn % n
            x, y = root(i), root(j)
            if x == y:
                continue
            tie, i, j = ((x, y), i, j) if x < y else ((y, x), j, i)
            count, here, there, best = support.get(tie, (0, set(), set(), key // nn))
            here.add(i)
            there.add(j)
            support[tie] = (count + 1, here, there, best)
        others: dict[int, list[int]] = defaultdict(list)
        for x, y in support:
            others[x].append(y)
            others[y].append(x)

        def corroborated(tie: tuple[int, int], here: set[int], there: set[int]) -> bool:
            x, y = tie
            many = max(here, there, key=len)
            voices = {facts[i].source for i in many}
            if len(many) < CORROBORATIONS or len(voices) < 2:
                return False
            if len(voices | {facts[i].source for i in here | there}) < CORROBORATIONS:
                return False
            few, other = (x, y) if len(members[x]) <= len(members[y]) else (y, x)
            # it pairs as well with another incident it fits: ambiguous, it waits for an analyst. A claim
            # that says only its day joins the incident most accounts of that day tie it to, unless half
            # as many tie it to another
            undescribed = all(facts[i].undescribed for i in members[few])
            count = support[tie][0]
            for z in others[few]:
                if z == other:
                    continue
                if undescribed and 2 * support[(few, z) if few < z else (z, few)][0] <= count:
                    continue
                if fits(few, z):
                    return False
            return all(
                not self._contradict(*_ordered(facts[p], facts[q]))
                for p in members[x][:CHECKED]
                for q in members[y][:CHECKED]
            )

        ties = sorted(
            (-count, best, tie)
            for tie, (count, here, there, best) in support.items()
            if corroborated(tie, here, there)
        )
        return [tie for _count, _best, tie in ties]

    def _name(
        self,
        facts: list[_Facts],
        clusters: list[list[int]],
        names: dict[str, str],
        reserved: set[str] | frozenset[str] = frozenset(),
    ) -> dict[str, str]:
        """Claim id -> incident id: each cluster takes the id most of its claims held (an analyst's pin
        first; on a tie, the cluster holding the claim the id was made from), else a new one after its
        first claim (never one of ``reserved``, the ids of incidents outside these claims); a cluster of
        denials and follow-ups alone takes none."""
        offers: list[tuple[int, bool, str, int]] = []  # (-weight, not namesake, id, cluster)
        order: list[list[_Facts] | None] = []
        pinned, barred = self.pinned, self.barred
        for k, cluster in enumerate(clusters):
            if len(cluster) == 1:
                ordered = [facts[cluster[0]]]
            else:
                ordered = sorted(
                    (facts[i] for i in cluster),
                    key=lambda f: (f.answers, not f.monitor, f.start, f.i),
                )
            if all(f.answers for f in ordered) and not any(f.claim.id in pinned for f in ordered):
                order.append(None)  # a denial or follow-up of nothing on record founds no incident
                continue
            order.append(ordered)
            weight: dict[str, int] = {}
            for f in ordered:
                cid = f.claim.id
                pin = pinned.get(cid)
                if pin:
                    weight[pin] = weight.get(pin, 0) + (1 << 30)
                held = names.get(cid)
                if held and (not barred or held not in barred.get(cid, ())):
                    weight[held] = weight.get(held, 0) + 1
            if weight:
                ids = {incident_id_for(f.claim) for f in ordered}
                offers.extend((-w, incident not in ids, incident, k) for incident, w in weight.items())
        offers.sort()
        named: dict[int, str] = {}
        taken: set[str] = set()
        for _w, _n, incident, k in offers:
            if k not in named and incident not in taken:
                named[k] = incident
                taken.add(incident)
        held_ids = (set(names.values()) | reserved) - taken  # ids still known to the record: never given anew
        result: dict[str, str] = {}
        for k, members in enumerate(order):
            if members is None:
                continue
            incident = named.get(k)
            if incident is None:
                fresh = (incident_id_for(f.claim) for f in members)
                incident = next((x for x in fresh if x not in taken and x not in held_ids), None)
                if incident is None:
                    base, number = incident_id_for(members[0].claim), 2
                    while f"{base}-{number}" in taken or f"{base}-{number}" in held_ids:
                        number += 1
                    incident = f"{base}-{number}"
                taken.add(incident)
            for f in members:
                result[f.claim.id] = incident
        return result


def _kept(value: float | None, floor: float, a: _Facts, b: _Facts, incident: bool) -> bool:
    """Whether a pair scoring ``value`` is kept: at ``floor``, or (incidents) at ``UNDESCRIBED_SCORE``
    when a claim of it says only its day."""
    if value is None:
        return False
    return value >= floor or (incident and value >= UNDESCRIBED_SCORE and (a.undescribed or b.undescribed))


def _late_denial(a: _Facts, b: _Facts) -> bool:
    """Whether a denial with no date of its own was published more than a day apart from an account with
    none either: a rebuttal comes the day of the accusation or the next, so it answers another statement,
    not this one. It may still join the account's incident through the accounts they both pair with."""
    if a.denies == b.denies or not (a.reported and b.reported):
        return False
    return abs(a.end - b.end) > NEXT_DAY


def _ordered(a: _Facts, b: _Facts) -> tuple[_Facts, _Facts]:
    return (a, b) if a.i < b.i else (b, a)


def _days(f: _Facts) -> range:
    """The days a claim is filed under (a long range: its first ``MAX_DAYS``)."""
    return range(f.start, min(f.end, f.start + MAX_DAYS) + 1)


def _evidence(a: _Facts, b: _Facts, apart: float, episode: bool = False) -> float:
    """How much two claims that may be of one incident say it is one: the sum of what they agree on
    (days, place, parties, means, casualties, time of day, what answers what), less what they differ on.
    A claim that states nothing precise gets only the soft evidence: it needs corroboration. Between
    the incidents of an episode, other means are no evidence against (an advance, then drone strikes)."""
    score = 0.0
    # days: the same stated day counts most; a reported date (the day of publication) little
    if a.exact and b.exact:
        score += 1.5 if a.start == b.start else NEXT_DAY_SCORE
    elif not a.reported and not b.reported:
        score += 1.0 if a.start <= b.end and b.start <= a.end else -0.5
    elif a.reported and b.reported:
        score += 0.3 if a.end == b.end else 0.0
    else:
        stated, other = (b, a) if a.reported else (a, b)
        if 0 <= other.end - stated.end <= NEXT_DAY:
            score += REPORTED_NEXT_DAY_SCORE  # published on that day or the next: the usual report
        elif other.start <= stated.start and stated.end <= other.end:
            score += 0.3
    # places: the same place, overlapping discs, a point in the district named
    if a.place and a.place == b.place:
        score += 2.5
    elif a.point and b.point:
        if apart == 0:
            score += 2.0 * max(0.0, 1.0 - _km(a, b) / (a.km + b.km + SLACK_KM))
        else:
            score += 0.3  # across the line, within a sector: a mirror account
    elif a.area and b.area:
        score += 1.0 if a.area == b.area else 0.5
    elif (a.area and b.point) or (b.area and a.point):
        score += 0.8 if apart == 0 else 0.3
    # parties: the same blame, or each side blaming the other (a mirror account)
    if a.accused and a.accused == b.accused:
        if a.target and b.target:
            score += 1.5 if a.target == b.target else -1.0
        else:
            score += 1.0
    elif a.accused and b.accused:
        if a.target == b.accused and b.target == a.accused:
            score += 1.5
        elif a.target in (None, b.accused) and b.target in (None, a.accused):
            score += 1.0
        if a.reported or b.reported:
            score -= 1.0  # the other side's account of a day it does not state: little to go on
    elif a.target and a.target == b.target:
        score += 0.5
    # means (soft: one side tells the advance, the other the fire): the same weapon or act names the
    # event; the same family of means a little; fire of some kind says little
    shared = a.means & b.means
    if shared:
        score += 1.0 if shared - _GENERIC else 0.3
    elif a.means and b.means:
        if a.families & b.families:
            score += 0.2
        elif not episode:
            # other means: an account with no date of its own tells another event (a recollection)
            score -= 1.0 if a.reported or b.reported else 0.5
    # casualties: the same figures are strong evidence; other figures for the same kind of casualty
    # weak evidence against (each side reports its own losses: no contradiction)
    if a.casualties and b.casualties:
        if a.casualties == b.casualties:
            score += 2.0
        elif a.casualties & b.casualties:
            score += 1.0
        elif a.kinds & b.kinds:
            score -= 0.3
    elif a.none_hurt and b.none_hurt:
        score += 0.5
    # time of day
    if a.minute is not None and b.minute is not None:
        delta = abs(a.minute - b.minute)
        score += 2.0 if delta <= 30 else 1.0 if delta <= 90 else 0.0 if delta <= 240 else -1.5
    # one source again, saying the same: a relay of its statement, or its later revision
    if a.source == b.source and a.doc != b.doc and a.stance == b.stance:
        if a.place == b.place and a.area == b.area:
            score += 1.5 if a.start == b.start and a.end == b.end else 1.0
        elif a.nowhere or b.nowhere:
            score += 0.5
    # what answers what: a denial names what it denies; a follow-up the advance it follows
    if a.denies != b.denies and a.accused and a.accused == b.accused:
        score += 1.5
    if a.follows != b.follows and a.accused and a.accused == b.accused:
        score += 2.0 if (a.advance or b.advance) else 1.0
    return score
