"""Spatial findings: what the geometry says about reported incidents, with how sure it can be.

Four checks, each on the areas and posts in force on the incident's first day:

- ``zone_entry``: a party's unit reported moving in or setting up a post (means ``incursion`` or
  ``post_set_up``) at a position inside a zone of responsibility (as at Parukh/Farukh, 24-25 March 2022);
- ``line_crossing``: an advance across the line of contact (means ``incursion``): where the reported
  position lies against the line, and on whose side: the side of the party whose place (the pack's
  ``line_sides``) lies on the same side of the line in force (as near Mount Sarybaba, 25 March 2023);
- ``near_post``: an incident within a kilometre of a post;
- ``outside_region``: a position outside the mission's region (the countries of the pack), most often
  mistyped or swapped coordinates: flagged, never silently kept.

Positions and drawn areas are approximate. Each finding carries the distance it rests on and the
uncertainty of the two positions together (the incident's radius plus the drawing error of the area, or
the post's radius); ``clear`` says whether the distance exceeds that uncertainty. A finding that is not
clear is reported as such, never as established.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import numpy as np
import shapely

from truce.geo.areas import AreasAsOf
from truce.geo.locate import site_incidents
from truce.geo.projection import Projection
from truce.model import Area, Incident, Post, Siting

__all__ = ["NEAR_POST_M", "Finding", "FindingKind", "find", "side_of"]

NEAR_POST_M = 1000.0
ENTRY_MEANS = frozenset({"incursion", "post_set_up"})
CROSSING_MEANS = frozenset({"incursion"})


class FindingKind(StrEnum):
    ZONE_ENTRY = "zone_entry"
    LINE_CROSSING = "line_crossing"
    NEAR_POST = "near_post"
    OUTSIDE_REGION = "outside_region"


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    incident_id: str
    day: date
    subject: str  # id of the area, line or post the check is about
    distance_m: float  # from the position to the zone's edge, the line, the post or the region
    uncertainty_m: float  # how far the two positions may be off, together
    inside: bool  # the position is inside the zone / on the zones' side of the line / in the region
    held_by: str | None = None  # a line crossing: the party holding the side the position lies on

    @property
    def clear(self) -> bool:
        """The geometry settles it: the distance is larger than the uncertainty (or, near a post, the
        distance plus the uncertainty stays within the threshold)."""
        if self.kind is FindingKind.NEAR_POST:
            return self.distance_m + self.uncertainty_m <= NEAR_POST_M
        return self.distance_m > self.uncertainty_m


def find(
    incidents: list[Incident],
    areas: list[Area],
    posts: list[Post],
    projection: Projection,
    sides: dict[str, tuple[float, float]] | None = None,
) -> list[Finding]:
    """The findings on ``incidents``, in the order of the incidents. ``sides``: party code -> a point
    (lat, lon) it held on its side of the line of contact, to tell on whose side a crossing ended.

    >>> from truce.model import DatePrecision, LocationPrecision
    >>> ring = [[46, 39], [46.2, 39], [46.2, 39.2], [46, 39.2], [46, 39]]
    >>> square = {"type": "Polygon", "coordinates": [ring]}
    >>> zone = Area("z", "zone", "south", square, date(2020, 1, 1), None, True, "a test square", error_m=500)
    >>> entry = Incident(date(2022, 3, 24), date(2022, 3, 24), DatePrecision.DAY, LocationPrecision.POINT,
    ...                  300, accused="AZ", lat=39.1, lon=46.1, means=["incursion"], id="example")
    >>> [(f.kind.value, round(f.distance_m), f.uncertainty_m, f.clear)
    ...  for f in find([entry], [zone], [], Projection("EPSG:32638"))]
    [('zone_entry', 8648, 800.0, True)]
    """
    sitings = {i.id: i.siting for i in incidents if i.siting is not None}
    sitings |= site_incidents([i for i in incidents if i.siting is None], areas, posts, projection)
    by_day: dict[date, list[Incident]] = defaultdict(list)
    for incident in incidents:
        if sitings[incident.id].areas is not None:  # only a point can be checked
            by_day[incident.date_from].append(incident)
    found: dict[str, list[Finding]] = defaultdict(list)
    for day, todays in by_day.items():
        for finding in _find_on(day, todays, sitings, areas, posts, projection, sides or {}):
            found[finding.incident_id].append(finding)
    return [f for i in incidents for f in found[i.id]]


def _find_on(
    day: date,
    incidents: list[Incident],
    sitings: dict[str, Siting],
    areas: list[Area],
    posts: list[Post],
    projection: Projection,
    sides: dict[str, tuple[float, float]],
) -> list[Finding]:
    in_force = AreasAsOf(areas, day, projection)
    x, y = projection.to_metric(np.array([i.lon for i in incidents]), np.array([i.lat for i in incidents]))
    points = shapely.points(x, y)
    zones = in_force.union_metric("zone")
    on_zone_side = shapely.contains(zones, points) if not zones.is_empty else np.zeros(len(points), bool)
    countries = in_force.union_metric("country")
    in_region = shapely.contains(countries, points) if not countries.is_empty else np.ones(len(points), bool)
    country_error = max((a.error_m or 0.0 for a in in_force.of_kind("country")), default=0.0)
    line = in_force.line_of_contact
    holders = _holders(in_force.metric[line.id], sides, projection) if line is not None else {}
    posts_by_id = {p.id: p for p in posts}
    findings = []
    for n, incident in enumerate(incidents):
        siting = sitings[incident.id]
        means = set(incident.means)
        if means & ENTRY_MEANS and incident.accused != "unknown":
            for zone in in_force.of_kind("zone"):
                if zone.id in (siting.areas or ()):
                    edge = shapely.distance(in_force.metric[zone.id].boundary, points[n])
                    error = incident.radius_m + (zone.error_m or 0.0)
                    findings.append(
                        _finding(incident, day, FindingKind.ZONE_ENTRY, zone.id, edge, error, True)
                    )
        if means & CROSSING_MEANS and line is not None and siting.line_of_contact_m is not None:
            error = incident.radius_m + (line.error_m or 0.0)
            crossing = _finding(
                incident,
                day,
                FindingKind.LINE_CROSSING,
                line.id,
                siting.line_of_contact_m,
                error,
                on_zone_side[n],
            )
            held_by = holders.get(side_of(in_force.metric[line.id], points[n]))
            findings.append(dataclasses.replace(crossing, held_by=held_by))
        post = posts_by_id.get(siting.nearest_post or "")
        if post is not None and siting.nearest_post_m is not None and siting.nearest_post_m <= NEAR_POST_M:
            error = incident.radius_m + post.radius_m
            findings.append(
                _finding(incident, day, FindingKind.NEAR_POST, post.id, siting.nearest_post_m, error, True)
            )
        if not in_region[n]:
            gap = shapely.distance(countries, points[n])
            error = incident.radius_m + country_error
            findings.append(_finding(incident, day, FindingKind.OUTSIDE_REGION, "region", gap, error, False))
    return findings


def side_of(line: shapely.Geometry, point: shapely.Point) -> int:
    """Which side of ``line`` (metric) ``point`` lies on, as the line is drawn: 1 left, -1 right, 0 on it
    or beyond an end. Taken at the nearest point of the nearest part, against the direction there (a
    short chord, so that at a vertex it is the bisector's side)."""
    parts = list(line.geoms) if isinstance(line, shapely.MultiLineString) else [line]
    part = min(parts, key=point.distance)
    along = part.project(point)
    before = part.interpolate(max(along - 1.0, 0.0))
    after = part.interpolate(min(along + 1.0, part.length))
    near = part.interpolate(along)
    cross = (after.x - before.x) * (point.y - near.y) - (after.y - before.y) * (point.x - near.x)
    return 0 if abs(cross) < 1e-9 else (1 if cross > 0 else -1)


def _holders(
    line: shapely.Geometry, sides: dict[str, tuple[float, float]], projection: Projection
) -> dict[int, str]:
    """Side of the line in force -> the party holding it, where exactly one party's place lies there."""
    found: dict[int, list[str]] = defaultdict(list)
    for party, (lat, lon) in sides.items():
        x, y = projection.to_metric(np.array([lon]), np.array([lat]))
        found[side_of(line, shapely.Point(float(x[0]), float(y[0])))].append(party)
    return {side: parties[0] for side, parties in found.items() if side and len(parties) == 1}


def _finding(
    incident: Incident,
    day: date,
    kind: FindingKind,
    subject: str,
    distance: float,
    error: float,
    inside: bool,
) -> Finding:
    return Finding(kind, incident.id, day, subject, round(float(distance), 1), float(error), bool(inside))
