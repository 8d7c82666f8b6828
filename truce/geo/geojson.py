"""GeoJSON as RFC 7946 has it: checking geometry read from a file, and writing features.

The rules checked and kept: positions are ``[longitude, latitude]`` in WGS 84, within -180..180 and
-90..90; lines have two positions or more; polygon rings are closed, have four positions or more, and
run counter-clockwise outside and clockwise around holes; no ``crs`` member anywhere. On top of the RFC,
a geometry must be valid (no self-intersecting ring), and positions outside the mission's region are
refused, saying when they look like ``[latitude, longitude]``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape

__all__ = [
    "GEOMETRY_TYPES",
    "feature",
    "feature_collection",
    "geometry_dict",
    "problems",
    "region_problem",
]

GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
DECIMALS = 6  # about 0.1 m: more digits only pretend to a precision nobody has (RFC 7946, 11.2)


def problems(obj: Any) -> list[str]:
    """What breaks RFC 7946 (or validity) in a GeoJSON object: FeatureCollection, Feature or geometry.

    >>> problems({"type": "Point", "coordinates": [46.75, 39.82]})
    []
    >>> problems({"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [1, 0], [0, 0]]]})
    ['exterior ring 1 runs clockwise; RFC 7946 wants it counter-clockwise']
    >>> problems({"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]})
    ['not a valid geometry: Self-intersection[0.5 0.5]']
    >>> problems({"type": "Point", "coordinates": [39.82, 246.75], "crs": {}})
    ["has a 'crs' member, which RFC 7946 removed", 'position [39.82, 246.75] is out of range']
    """
    return list(_problems(obj))


def _problems(obj: Any) -> Iterator[str]:
    if not isinstance(obj, dict):
        yield "is not a JSON object"
        return
    if "crs" in obj:
        yield "has a 'crs' member, which RFC 7946 removed"
    kind = obj.get("type")
    if kind == "FeatureCollection":
        if not isinstance(obj.get("features"), list):
            yield "'features' is not a list"
            return
        for index, item in enumerate(obj["features"]):
            yield from (f"features[{index}]: {p}" for p in _problems(item))
    elif kind == "Feature":
        if "properties" not in obj or not isinstance(obj["properties"], dict | None):
            yield "'properties' must be an object or null"
        if obj.get("geometry") is not None:
            yield from (f"geometry: {p}" for p in _problems(obj["geometry"]))
        elif "geometry" not in obj:
            yield "has no 'geometry' member (null is allowed)"
    elif kind in GEOMETRY_TYPES:
        yield from _geometry_problems(obj)
    else:
        yield f"unknown GeoJSON type {kind!r}"


def _geometry_problems(geometry: dict) -> Iterator[str]:
    kind, coordinates = geometry["type"], geometry.get("coordinates")
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2}.get(kind, 3)
    positions = list(_positions(coordinates, depth))
    if any(p is None for p in positions):
        yield f"coordinates are not nested {depth + 1} deep as a {kind} needs"
        return
    bad = [p for p in positions if not (-180 <= p[0] <= 180 and -90 <= p[1] <= 90)]
    if bad:
        yield f"position {bad[0]} is out of range"
        return
    if kind in ("LineString", "MultiLineString"):
        lines = [coordinates] if kind == "LineString" else coordinates
        if any(len(line) < 2 for line in lines):
            yield "a line needs two positions or more"
            return
    polygons = {"Polygon": [coordinates], "MultiPolygon": coordinates}.get(kind, [])
    broken = [p for polygon in polygons for p in _ring_shape_problems(polygon)]
    if broken:
        yield from broken
        return
    valid = shapely.is_valid_reason(shape(geometry))
    if valid != "Valid Geometry":
        yield f"not a valid geometry: {valid}"
        return  # a ring that crosses itself has no orientation
    for polygon in polygons:
        yield from _orientation_problems(polygon)


def _ring_name(index: int) -> str:
    return f"exterior ring {index + 1}" if index == 0 else f"hole {index}"


def _ring_shape_problems(polygon: list) -> Iterator[str]:
    for index, ring in enumerate(polygon):
        if len(ring) < 4:
            yield f"{_ring_name(index)} has {len(ring)} positions; a ring needs four or more"
        elif list(ring[0][:2]) != list(ring[-1][:2]):
            yield f"{_ring_name(index)} is not closed (its last position must repeat its first)"


def _orientation_problems(polygon: list) -> Iterator[str]:
    for index, ring in enumerate(polygon):
        exterior = index == 0
        if bool(shapely.is_ccw(shapely.LinearRing([p[:2] for p in ring]))) != exterior:
            wrong, wanted = (
                ("clockwise", "counter-clockwise") if exterior else ("counter-clockwise", "clockwise")
            )
            yield f"{_ring_name(index)} runs {wrong}; RFC 7946 wants it {wanted}"


def _positions(coordinates: Any, depth: int) -> Iterator[list[float] | None]:
    """Every position of a coordinates array nested ``depth`` levels (None where one is malformed)."""
    if depth == 0:
        ok = (
            isinstance(coordinates, list)
            and len(coordinates) in (2, 3)
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in coordinates)
            and all(math.isfinite(v) for v in coordinates)
        )
        yield coordinates if ok else None
        return
    if not isinstance(coordinates, list) or not coordinates:
        yield None
        return
    for item in coordinates:
        yield from _positions(item, depth - 1)


def region_problem(
    geometry: dict, lat_range: tuple[float, float], lon_range: tuple[float, float]
) -> str | None:
    """Why a geometry's positions are not all in the mission's region (None when they are).

    >>> swapped = {"type": "Point", "coordinates": [39.8, 46.7]}
    >>> print(region_problem(swapped, (38.0, 42.5), (43.0, 51.0)).replace("; ", ";\\n"))
    position [39.8, 46.7] lies outside the mission region (lat 38.0..42.5, lon 43.0..51.0);
    it looks like [lat, lon]: GeoJSON wants [lon, lat]
    """

    def inside(lon: float, lat: float) -> bool:
        return lat_range[0] <= lat <= lat_range[1] and lon_range[0] <= lon <= lon_range[1]

    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2}
    for position in _positions(geometry["coordinates"], depth.get(geometry["type"], 3)):
        if position is not None and not inside(position[0], position[1]):
            where = (
                f"position {position} lies outside the mission region "
                f"(lat {lat_range[0]}..{lat_range[1]}, lon {lon_range[0]}..{lon_range[1]})"
            )
            if inside(position[1], position[0]):
                return where + "; it looks like [lat, lon]: GeoJSON wants [lon, lat]"
            return where
    return None


def geometry_dict(geometry: shapely.Geometry | None) -> dict | None:
    """A shapely geometry (lon/lat) as an RFC 7946 geometry: rings oriented, 6 decimals.

    >>> geometry_dict(shapely.Polygon([(0, 0), (0, 1), (1, 1), (0, 0)]))
    {'type': 'Polygon', 'coordinates': [[[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]]}
    """
    if geometry is None or geometry.is_empty:
        return None
    rounded = shapely.transform(shapely.orient_polygons(geometry), lambda xy: np.round(xy, DECIMALS))
    return _lists(mapping(rounded))


def _lists(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _lists(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_lists(v) for v in value]
    return value


def feature(geometry: shapely.Geometry | None, properties: dict, feature_id: str | None = None) -> dict:
    found = {"type": "Feature"}
    if feature_id is not None:
        found["id"] = feature_id
    return found | {"geometry": geometry_dict(geometry), "properties": properties}


def feature_collection(features: Iterable[dict], **members: Any) -> dict:
    """A FeatureCollection; ``members`` (a provenance, a date) go beside ``features``, as RFC 7946 allows."""
    return {"type": "FeatureCollection", **members, "features": list(features)}
