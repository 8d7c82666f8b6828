"""Geography. Here: great-circle distances and compass positions, for ranking and display. Metric work
(areas, distances to lines and posts, coverage) goes through the mission's projection, in the modules:

    projection   lon/lat <-> metres (the UTM zone of the mission's focus)
    areas        the zones, corridor, line of contact and countries in force on a day; classifying points
    locate       an incident's point and radius, and where it stands on its day (Siting)
    coverage     what the posts active on a day could watch
    findings     zone entries, line crossings, incidents near posts, positions outside the region
    footprint    the ground an incident may have happened on, at its precision (for maps and GeoJSON)
    geojson      RFC 7946: checking what is read, writing features
"""

from __future__ import annotations

from math import asin, atan2, cos, degrees, radians, sin, sqrt

__all__ = ["COMPASS", "EARTH_RADIUS_KM", "destination", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(39.8177, 46.7528, 39.76006, 46.74989), 1)  # Stepanakert to Shusha
    6.4
    """
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * asin(sqrt(a))


#: Compass points to bearings in degrees, as sources write them ("2 km north-west of...").
COMPASS = {
    name: index * 22.5
    for index, name in enumerate(
        ["N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"]
    )
}


def destination(lat: float, lon: float, km: float, direction: str | float) -> tuple[float, float]:
    """The point ``km`` kilometres from (lat, lon) towards a compass point or bearing in degrees.

    >>> destination(39.0, 46.0, 1.8, "E")
    (39.0, 46.02083)
    """
    if isinstance(direction, str):
        if direction.upper() not in COMPASS:
            raise ValueError(f"'{direction}' is not a compass direction ({', '.join(COMPASS)})")
        direction = COMPASS[direction.upper()]
    p1, l1, b = radians(lat), radians(lon), radians(direction)
    d = km / EARTH_RADIUS_KM
    p2 = asin(sin(p1) * cos(d) + cos(p1) * sin(d) * cos(b))
    l2 = l1 + atan2(sin(b) * sin(d) * cos(p1), cos(d) - sin(p1) * sin(p2))
    return round(degrees(p2), 5), round(degrees(l2), 5)
