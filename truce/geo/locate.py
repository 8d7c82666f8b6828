"""Locating incidents: a point and a radius from a place, a relative position or coordinates, and then
where that point stands on its day (:class:`~truce.model.Siting`): in which areas, how far from the line
of contact, which post was nearest and whether a post could have seen it.

All of it is vectorised over the incidents of a day; distances are in the mission's metric projection.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from math import radians, sin

import numpy as np
import shapely

from truce.geo import COMPASS, destination
from truce.geo.areas import AreasAsOf
from truce.geo.projection import Projection
from truce.model import Area, Incident, Place, Post, Siting

__all__ = ["COMPASS_SPREAD_DEG", "relative_position", "site_incidents"]

#: A direction on a 16-point compass stands for a sector of +/- 11.25 degrees.
COMPASS_SPREAD_DEG = 360 / len(COMPASS) / 2


def relative_position(place: Place, km: float, direction: str) -> tuple[float, float, float]:
    """The point ``km`` towards ``direction`` from ``place``, and how far the truth may be from it (m).

    The radius adds the place's own uncertainty to the spread of the compass direction at that distance:
    "1.8 km E of a village known to 3 km" is not known to 500 m.

    >>> from truce.model import Place
    >>> village = Place("x", "village", "AZ", 40.0, 46.83, [], radius_m=3000)
    >>> relative_position(village, 1.8, "E")
    (40.0, 46.85113, 3351.0)
    """
    lat, lon = destination(place.lat, place.lon, km, direction)
    spread = km * 1000 * sin(radians(COMPASS_SPREAD_DEG))
    return lat, lon, float(round(place.radius_m + spread))


def site_incidents(
    incidents: Iterable[Incident], areas: list[Area], posts: list[Post], projection: Projection
) -> dict[str, Siting]:
    """Where each incident stands against the areas and posts in force on its first day, by id.

    An incident known only to an area (a district, the zone) gets a siting with no point
    (``areas`` None): it is never placed, so as never to be drawn or measured as a pin.
    """
    sitings: dict[str, Siting] = {}
    by_day: dict[date, list[Incident]] = defaultdict(list)
    for incident in incidents:
        if incident.location_precision.is_area or incident.lat is None or incident.lon is None:
            sitings[incident.id] = Siting(areas=None)
        else:
            by_day[incident.date_from].append(incident)
    in_force: dict[tuple[str, ...], AreasAsOf] = {}  # days with the same versions share their shapes
    for day, todays in by_day.items():
        versions = tuple(a.id for a in areas if a.valid_on(day))
        if versions not in in_force:
            in_force[versions] = AreasAsOf(areas, day, projection)
        active = [p for p in posts if p.active_on(day)]
        sitings.update(_site_day(todays, in_force[versions], active, projection))
    return sitings


def _site_day(
    incidents: list[Incident], in_force: AreasAsOf, posts: list[Post], projection: Projection
) -> dict[str, Siting]:
    lon = np.array([i.lon for i in incidents], dtype=float)
    lat = np.array([i.lat for i in incidents], dtype=float)
    inside = in_force.classify(lon, lat)
    x, y = projection.to_metric(lon, lat)
    points = shapely.points(x, y)
    line = in_force.line_of_contact
    to_line = shapely.distance(in_force.metric[line.id], points) if line else np.full(len(points), np.nan)
    nearest, nearest_m, observable = _posts_near(points, posts, projection)
    return {
        incident.id: Siting(
            areas=inside[n],
            line_of_contact_m=_metres(to_line[n]),
            nearest_post=nearest[n],
            nearest_post_m=_metres(nearest_m[n]),
            observable=observable[n],
        )
        for n, incident in enumerate(incidents)
    }


def _posts_near(
    points: np.ndarray, posts: list[Post], projection: Projection
) -> tuple[list[str | None], np.ndarray, list[bool | None]]:
    """The nearest post to each point and its distance, and whether any post's range reaches the point."""
    count = len(points)
    if not posts:
        return [None] * count, np.full(count, np.nan), [None] * count
    px, py = projection.to_metric(np.array([p.lon for p in posts]), np.array([p.lat for p in posts]))
    tree = shapely.STRtree(shapely.points(px, py))
    (which, post_index), distance = tree.query_nearest(points, return_distance=True, all_matches=False)
    nearest: list[str | None] = [None] * count
    nearest_m = np.full(count, np.nan)
    for point, post, metres in zip(which.tolist(), post_index.tolist(), distance.tolist(), strict=True):
        nearest[point], nearest_m[point] = posts[post].id, metres
    ranged = [n for n, p in enumerate(posts) if p.observation_range_m is not None]
    if not ranged:  # the pack sets no range: nobody can say whether a post could see it
        return nearest, nearest_m, [None] * count
    reach = np.array([posts[n].observation_range_m for n in ranged], dtype=float)
    gaps = np.hypot(
        shapely.get_x(points)[:, None] - px[ranged][None, :],
        shapely.get_y(points)[:, None] - py[ranged][None, :],
    )
    return nearest, nearest_m, (gaps <= reach[None, :]).any(axis=1).tolist()


def _metres(value: float) -> float | None:
    return None if np.isnan(value) else round(float(value), 1)
