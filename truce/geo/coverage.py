"""Coverage: how much of each area the posts active on a day could watch, and the named places that
lie in an area but out of every post's reach.

A post reaches a disc of its observation range (set per kind in the pack, overridable per post). Surfaces
are measured in the mission's metric projection. Posts without a range (the pack sets none for them, as
for a monitoring centre watching by drone) are left out and listed, so the figure never overstates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely

from truce.geo.areas import AreasAsOf
from truce.geo.projection import Projection
from truce.model import Area, Place, Post

__all__ = ["AreaCoverage", "Coverage", "coverage"]


@dataclass(frozen=True)
class AreaCoverage:
    area: Area
    area_km2: float
    covered_km2: float

    @property
    def share(self) -> float:
        return self.covered_km2 / self.area_km2 if self.area_km2 else 0.0


@dataclass(frozen=True)
class Coverage:
    day: date
    areas: list[AreaCoverage]  # each zone and corridor in force
    zones: AreaCoverage | None  # the zones of responsibility together (None when none is in force)
    posts: list[Post]  # active that day, with a range
    unranged: list[Post]  # active that day, with no range: left out
    outside: list[tuple[Place, Area]]  # named places in an area that no post reaches


def coverage(
    day: date, areas: list[Area], posts: list[Post], places: list[Place], projection: Projection
) -> Coverage:
    """What the posts active on ``day`` could watch.

    >>> from truce.model import Place
    >>> ring = [[46, 39], [46.1, 39], [46.1, 39.1], [46, 39.1], [46, 39]]
    >>> square = {"type": "Polygon", "coordinates": [ring]}
    >>> zone = Area("z", "zone", "south", square, date(2020, 1, 1), None, True, "a test square")
    >>> post = Post("p", {}, "permanent_post", "south", 39.05, 46.05, 0, True, "test", date(2020, 1, 1),
    ...             None, observation_range_m=3000)
    >>> far = Place("far", "village", "AZ", 39.005, 46.005, [])
    >>> seen = coverage(date(2021, 1, 1), [zone], [post], [far], Projection("EPSG:32638"))
    >>> round(seen.zones.area_km2), round(seen.zones.covered_km2), [p.id for p, _ in seen.outside]
    (96, 28, ['far'])
    """
    in_force = AreasAsOf(areas, day, projection)
    active = [p for p in posts if p.active_on(day)]
    ranged = [p for p in active if p.observation_range_m]
    reach = _reach(ranged, projection)
    measured = [_measure(a, in_force.metric[a.id], reach) for a in in_force.polygons]
    zone_ids = {a.id for a in in_force.of_kind("zone")}
    zones = None
    if zone_ids:
        together = Area("zones", "zone", "all", {}, day, day, True, "the zones in force, together")
        zones = _measure(together, in_force.union_metric("zone"), reach)
    return Coverage(
        day=day,
        areas=measured,
        zones=zones,
        posts=ranged,
        unranged=[p for p in active if not p.observation_range_m],
        outside=_places_outside(places, in_force, reach, projection),
    )


def _reach(posts: list[Post], projection: Projection) -> shapely.Geometry:
    if not posts:
        return shapely.Polygon()
    x, y = projection.to_metric(np.array([p.lon for p in posts]), np.array([p.lat for p in posts]))
    ranges = np.array([p.observation_range_m for p in posts], dtype=float)
    return shapely.union_all(shapely.buffer(shapely.points(x, y), ranges, quad_segs=32))


def _measure(area: Area, geometry: shapely.Geometry, reach: shapely.Geometry) -> AreaCoverage:
    covered = shapely.intersection(geometry, reach).area
    return AreaCoverage(area, geometry.area / 1e6, covered / 1e6)


def _places_outside(
    places: list[Place], in_force: AreasAsOf, reach: shapely.Geometry, projection: Projection
) -> list[tuple[Place, Area]]:
    named = [p for p in places if not p.is_admin_unit]
    if not named or not in_force.polygons:
        return []
    lon, lat = np.array([p.lon for p in named]), np.array([p.lat for p in named])
    mask = in_force.membership(lon, lat)
    x, y = projection.to_metric(lon, lat)
    unseen = mask.astype(bool) & ~shapely.contains_xy(reach, x, y)
    found = []
    for index in np.flatnonzero(unseen).tolist():
        code = int(mask[index])
        first = (code & -code).bit_length() - 1  # the lowest bit: the first area holding it
        found.append((named[index], in_force.polygons[first]))
    return sorted(found, key=lambda pair: (pair[1].kind, pair[1].name, pair[0].id))
