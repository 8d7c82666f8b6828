"""Named test geometries, shared by the geography tests. All of them are written for the tests: squares
and lines near the theatre (so that the mission's projection, UTM 38N, applies), not real areas."""

from __future__ import annotations

from datetime import date

from truce.geo.projection import Projection
from truce.model import Area, DatePrecision, Incident, LocationPrecision, Post

UTM = Projection("EPSG:32638")
START = date(2020, 1, 1)


def ring(west: float, south: float, east: float, north: float) -> list[list[float]]:
    """A counter-clockwise rectangle, as RFC 7946 wants an exterior ring."""
    return [[west, south], [east, south], [east, north], [west, north], [west, south]]


SQUARE = {"type": "Polygon", "coordinates": [ring(46.0, 39.0, 46.2, 39.2)]}
EAST_SQUARE = {"type": "Polygon", "coordinates": [ring(46.1, 39.0, 46.3, 39.2)]}  # overlaps SQUARE
HOLED = {
    "type": "Polygon",
    "coordinates": [ring(46.0, 39.0, 46.2, 39.2), ring(46.05, 39.05, 46.15, 39.15)[::-1]],
}
TWO_PARTS = {
    "type": "MultiPolygon",
    "coordinates": [[ring(46.0, 39.0, 46.1, 39.1)], [ring(46.5, 39.5, 46.6, 39.6)]],
}
LINE = {"type": "LineString", "coordinates": [[46.0, 39.1], [46.2, 39.1]]}

# broken on purpose, each with the words a refusal must use
BOWTIE = {
    "type": "Polygon",
    "coordinates": [[[46.0, 39.0], [46.2, 39.2], [46.2, 39.0], [46.0, 39.2], [46.0, 39.0]]],
}
CLOCKWISE = {"type": "Polygon", "coordinates": [ring(46.0, 39.0, 46.2, 39.2)[::-1]]}
SWAPPED = {"type": "Polygon", "coordinates": [[[lat, lon] for lon, lat in ring(46.0, 39.0, 46.2, 39.2)]]}
OUT_OF_RANGE = {"type": "Polygon", "coordinates": [[[46.0, 39.0], [246.0, 39.0], [46.0, 99.0], [46.0, 39.0]]]}
UNCLOSED = {"type": "Polygon", "coordinates": [[*ring(46.0, 39.0, 46.2, 39.2)[:-1], [46.0, 39.1]]]}
TOO_SHORT = {"type": "Polygon", "coordinates": [[[46.0, 39.0], [46.2, 39.0], [46.0, 39.0]]]}
ONE_POINT_LINE = {"type": "LineString", "coordinates": [[46.0, 39.1]]}
BROKEN = {
    "self-intersecting ring": (BOWTIE, "Self-intersection"),
    "clockwise exterior": (CLOCKWISE, "runs clockwise"),
    "unclosed ring": (UNCLOSED, "is not closed"),
    "ring of three positions": (TOO_SHORT, "four or more"),
    "out of range": (OUT_OF_RANGE, "out of range"),
    "line of one position": (ONE_POINT_LINE, "two positions or more"),
}


def area(
    area_id: str,
    geometry: dict,
    kind: str = "zone",
    name: str = "south",
    error_m: float | None = None,
    **dates,
) -> Area:
    return Area(
        area_id,
        kind,
        name,
        geometry,
        dates.get("valid_from", START),
        dates.get("valid_to"),
        True,
        "written for the tests",
        error_m=error_m,
    )


def post(post_id: str, lat: float, lon: float, range_m: float | None = 3000, **fields: object) -> Post:
    values: dict = {
        "id": post_id,
        "names": {"en": f"Test post {post_id}"},
        "kind": "permanent_post",
        "zone": "south",
        "lat": lat,
        "lon": lon,
        "radius_m": 0.0,
        "approximate": False,
        "basis": "written for the tests",
        "active_from": START,
        "active_to": None,
        "observation_range_m": range_m,
    }
    return Post(**(values | fields))


def incident(
    incident_id: str, lat: float | None, lon: float | None, day: date = date(2022, 3, 24), **fields: object
) -> Incident:
    values: dict = {
        "date_from": day,
        "date_to": day,
        "date_precision": DatePrecision.DAY,
        "location_precision": LocationPrecision.POINT,
        "radius_m": 100.0,
        "lat": lat,
        "lon": lon,
        "id": incident_id,
    }
    return Incident(**(values | fields))
