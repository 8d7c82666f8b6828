"""Linking claims into incidents.

Two claims can speak of one incident when their days overlap (each with its date precision), their
places are compatible (points within their precision radii, or a point inside the district the other
names, or an area as wide as the zone), and their means do not exclude each other. An incident holds at
most one claim per source: what one source reports as two incidents stays two.

The linking is deterministic and incremental: claims are taken in a fixed order (day, the monitor's
first, id) and each joins the best compatible incident or founds a new one, named after its founding
claim. Claims already linked keep their incident, so a new claim never reshuffles the others; an
analyst's link or unlink is a constraint every run obeys.

Candidates are found through a grid of (day, cell) buckets, so linking grows near-linearly with the
number of claims.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from truce.geo import haversine_km
from truce.model import MEANS_FAMILIES, Claim, DatePrecision

__all__ = ["Decision", "Linker", "compatible_means", "incident_id_for", "is_count", "window"]

#: How far back from its report a claim with no stated date may have happened.
REPORTED_WINDOW_DAYS = 3
CELL_DEGREES = 0.05  # about 5 km
#: How long after an advance a report of withdrawal (or of its denial) is taken to speak of it.
FOLLOW_UP_DAYS = 60
SLACK_KM = 1.0


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
    in metres) disc of its own."""
    lat = sum(s[0] for s in spots) / len(spots)
    lon = sum(s[1] for s in spots) / len(spots)
    radius = max(haversine_km(lat, lon, s[0], s[1]) * 1000 + s[2] for s in spots)
    return lat, lon, float(round(radius))


def is_count(claim: Claim) -> bool:
    """A claim that counts several violations over an area without itemising them."""
    return claim.violations > 1 and claim.lat is None


def incident_id_for(claim: Claim) -> str:
    """The id of the incident a claim founds: stable, derived from the claim's own id."""
    return "I-" + claim.id.removeprefix("C-")


@dataclass(frozen=True)
class Decision:
    """An analyst's choice: ``link`` pins a claim to an incident, ``unlink`` keeps it out of one."""

    claim_id: str
    incident_id: str
    kind: str  # "link" or "unlink"


@dataclass
class _Group:
    id: str
    claims: list[Claim] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    means: set[str] = field(default_factory=set)

    def add(self, claim: Claim) -> None:
        self.claims.append(claim)
        self.sources.add(claim.source_id)
        self.means.update(claim.means)


def _days(claim: Claim) -> list[int]:
    start, end = window(claim)
    return [start.toordinal() + d for d in range((end - start).days + 1)]


def window(claim: Claim) -> tuple[date, date]:
    """The days a claim's event may fall on."""
    if claim.date_precision is DatePrecision.REPORTED:
        return claim.date_to - timedelta(days=REPORTED_WINDOW_DAYS), claim.date_to
    return claim.date_from, claim.date_to


class Linker:
    """Links claims into incidents, keeping what earlier runs and analysts decided.

    ``areas_of`` tells, for a place id, the admin units it lies in (former and current): a point claim and
    a claim naming only a district are compatible when the point's place lies in that district.
    """

    def __init__(
        self, areas_of: dict[str, set[str]] | None = None, decisions: Iterable[Decision] = ()
    ) -> None:
        self.areas_of = areas_of or {}
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

    def link(self, claims: list[Claim], existing: dict[str, str] | None = None) -> dict[str, str]:
        """Claim id -> incident id for every claim; ``existing`` links stay unless an analyst undid them."""
        # linking makes many small objects and no reference cycles: the cyclic collector only slows it
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._link(claims, existing)
        finally:
            if enabled:
                gc.enable()

    def _link(self, claims: list[Claim], existing: dict[str, str] | None) -> dict[str, str]:
        existing = existing or {}
        groups: dict[str, _Group] = {}
        # candidates: point groups by (day, grid cell); area-wide groups by day; every group by day
        cells: dict[tuple[int, int, int], list[_Group]] = defaultdict(list)
        areas: dict[int, list[_Group]] = defaultdict(list)
        days: dict[int, list[_Group]] = defaultdict(list)
        result: dict[str, str] = {}

        def place(claim: Claim, incident_id: str) -> None:
            group = groups.get(incident_id)
            if group is None:
                group = groups[incident_id] = _Group(incident_id)
                for day in _days(claim):
                    days[day].append(group)
                    if claim.lat is None:
                        areas[day].append(group)
                for key in self._cells(claim):
                    cells[key].append(group)
            group.add(claim)
            result[claim.id] = incident_id

        def candidates(claim: Claim) -> dict[str, _Group]:
            if claim.follows_up:  # "the unit withdrew": the advance it speaks of came before
                start, end = window(claim)
                first = start.toordinal() - FOLLOW_UP_DAYS
                return {g.id: g for day in range(first, end.toordinal() + 1) for g in days.get(day, ())}
            if claim.lat is None:  # an area-wide claim may match any group of its days
                return {g.id: g for day in _days(claim) for g in days.get(day, ())}
            found = {g.id: g for key in self._cells(claim) for g in cells.get(key, ())}
            found.update((g.id, g) for day in _days(claim) for g in areas.get(day, ()))
            return found

        ordered = sorted(claims, key=self._order)
        fixed = [
            c
            for c in ordered
            if c.id in self.pinned or (c.id in existing and existing[c.id] not in self.barred[c.id])
        ]
        for claim in fixed:
            place(claim, self.pinned.get(claim.id) or existing[claim.id])
        for claim in ordered:
            if claim.id in result:
                continue
            reachable = candidates(claim)
            fitting = [reachable[i] for i in sorted(reachable) if self._fits(claim, reachable[i])]
            # the closest group; on a tie the one with the smallest id, so runs agree
            best = max(fitting, key=lambda g: self._closeness(claim, g), default=None)
            if best is None and claim.answers:
                continue  # a denial or follow-up of nothing on record stays unlinked: it makes no incident
            place(claim, best.id if best else incident_id_for(claim))
        return result

    def _order(self, claim: Claim) -> tuple:  # type: ignore[type-arg]
        """Denials and follow-ups last (they join what they answer), then by day, the monitor's claims
        first, then id."""
        start, _ = window(claim)
        return (claim.answers, start, not claim.standing.monitor, claim.id)

    @staticmethod
    def _cells(claim: Claim) -> list[tuple[int, int, int]]:
        """The (day, row, column) grid buckets a point claim's disc (its radius and half the slack) touches.

        Two claims whose discs overlap share a bucket, so looking up one's buckets finds the other.
        """
        if claim.lat is None or claim.lon is None:
            return []
        reach = claim.radius_m / 1000 + SLACK_KM / 2
        dlat = reach / 111.0
        dlon = reach / (111.0 * max(0.2, math.cos(math.radians(claim.lat))))
        rows = range(
            math.floor((claim.lat - dlat) / CELL_DEGREES), math.floor((claim.lat + dlat) / CELL_DEGREES) + 1
        )
        cols = range(
            math.floor((claim.lon - dlon) / CELL_DEGREES), math.floor((claim.lon + dlon) / CELL_DEGREES) + 1
        )
        return [(day, row, col) for day in _days(claim) for row in rows for col in cols]

    def _fits(self, claim: Claim, group: _Group) -> bool:
        """A claim joins a group when it fits the group's founder (the monitor's, or the earliest, claim) on
        days, place and kind, and its means fit what the group's claims say together."""
        if group.id in self.barred[claim.id]:
            return False
        if claim.source_id in group.sources and not claim.answers:
            return False  # one source's two reports are two incidents; its later follow-up is not
        founder = group.claims[0]
        (start, end), (f_start, f_end) = window(claim), window(founder)
        if (
            claim.follows_up
        ):  # a withdrawal (or its denial) answers an advance of that side, up to two months on
            advanced = any(
                c.accused == claim.accused and not c.answers and {"incursion", "post_set_up"} & set(c.means)
                for c in group.claims
            )
            in_time = f_start <= end and start <= f_end + timedelta(days=FOLLOW_UP_DAYS)
            return advanced and in_time and (claim.lat is None or self._places_fit(claim, founder))
        if end < f_start or f_end < start:
            return False
        if claim.denies:  # a denial answers a claim that blames the side now denying it
            blamed = any(c.accused == claim.accused and not c.denies for c in group.claims)
            return blamed and (claim.lat is None or self._places_fit(claim, founder))
        if is_count(claim) != is_count(founder):
            return False  # "13 violations in the district" is matched against items, never merged with one
        return compatible_means(claim.means, list(group.means)) and self._places_fit(claim, founder)

    def _places_fit(self, a: Claim, b: Claim) -> bool:
        if a.lat is not None and b.lat is not None and a.lon is not None and b.lon is not None:
            distance = haversine_km(a.lat, a.lon, b.lat, b.lon)
            return distance <= (a.radius_m + b.radius_m) / 1000 + SLACK_KM
        for area, point in ((a, b), (b, a)):
            if area.lat is None and area.area_ref and area.area_ref not in ("zone", "region", "corridor"):
                if point.lat is None:
                    return point.area_ref in (area.area_ref, "zone", "region", None)
                return area.area_ref in self.areas_of.get(point.place_id or "", set())
        return True  # zone- or region-wide claims fit anything in the theatre

    def _closeness(self, claim: Claim, group: _Group) -> float:
        """Higher is closer: the same day and place count most, then distance."""
        score = 0.0
        for other in group.claims:
            if other.date_from == claim.date_from:
                score += 2
            if claim.place_id and claim.place_id == other.place_id:
                score += 2
            if set(claim.means) & set(other.means):
                score += 1
            if None not in (claim.lat, claim.lon, other.lat, other.lon):
                score += 1 / (1 + haversine_km(claim.lat, claim.lon, other.lat, other.lon))  # type: ignore[arg-type]
        return score / len(group.claims)
