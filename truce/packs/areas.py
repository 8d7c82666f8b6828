"""The areas of a pack (``areas.geojson``, ``countries.geojson``): every feature checked against RFC 7946,
the mission's region and the pack format, each problem named with the feature it is in."""

from __future__ import annotations

import itertools
import json
from datetime import date
from pathlib import Path

from truce.errors import PackError
from truce.geo.geojson import problems, region_problem
from truce.model import Area
from truce.packs.reader import check_unique

__all__ = ["AREA_KINDS", "read_areas"]

AREA_KINDS = ("zone", "corridor", "line_of_contact", "country")
#: The geometry each kind of area must have.
AREA_GEOMETRIES = {
    "zone": ("Polygon", "MultiPolygon"),
    "corridor": ("Polygon", "MultiPolygon"),
    "country": ("Polygon", "MultiPolygon"),
    "line_of_contact": ("LineString", "MultiLineString"),
}
#: Area references an incident may use instead of an admin unit.


def read_areas(path: Path, bounds: tuple[float, float, float, float]) -> list[Area]:
    """The areas of one file; positions must lie in the mission's ``bounds`` (lat and lon min, max)."""
    name = path.name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(name, None, None, "file is missing from the pack") from None
    except json.JSONDecodeError as exc:
        raise PackError(name, exc.lineno, None, f"is not valid JSON ({exc.msg})") from None
    if data.get("type") != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise PackError(name, None, "type", "must be a GeoJSON FeatureCollection")
    if not data.get("provenance"):
        raise PackError(name, None, "provenance", "says nothing of where the geometry comes from")
    if "crs" in data:
        raise PackError(name, None, "crs", "RFC 7946 removed 'crs': coordinates are WGS 84 [lon, lat]")
    areas = []
    for index, feature in enumerate(data["features"]):
        props = feature.get("properties") or {}
        where = f"features[{index}] ({props.get('id', 'no id')})"

        def bad(field: str, problem: str, where: str = where) -> PackError:
            return PackError(name, None, f"{where}.{field}", problem)

        kind = props.get("kind")
        if kind not in AREA_KINDS:
            raise bad("kind", f"{kind!r} is not one of {', '.join(AREA_KINDS)}")
        geometry = feature.get("geometry") or {}
        if geometry.get("type") not in AREA_GEOMETRIES[kind]:
            wanted = " or ".join(AREA_GEOMETRIES[kind])
            raise bad("geometry", f"a {kind} must be a {wanted}, not {geometry.get('type')!r}")
        found = [p.removeprefix("geometry: ") for p in problems(feature)]
        elsewhere = region_problem(geometry, bounds[:2], bounds[2:])
        if elsewhere and "[lat, lon]" in elsewhere:  # swapped axes also turn rings round: name the cause
            found.insert(0, elsewhere)
        if found or elsewhere:
            raise bad("geometry", (found or [elsewhere])[0])  # type: ignore[list-item]
        error_m = props.get("error_m")
        if error_m is not None and (not isinstance(error_m, int | float) or error_m < 0):
            raise bad("error_m", f"must be a distance in metres, got {error_m!r}")
        try:
            valid_from = date.fromisoformat(props["valid_from"])
            valid_to = date.fromisoformat(props["valid_to"]) if props.get("valid_to") else None
        except (KeyError, TypeError, ValueError):
            raise bad("valid_from", "valid_from/valid_to must be dates (YYYY-MM-DD)") from None
        if not isinstance(props.get("approximate"), bool) or not props.get("basis"):
            raise bad("approximate", "every area says whether it is approximate, and its basis")
        areas.append(
            Area(
                id=str(props.get("id") or f"{kind}-{index}"),
                kind=kind,
                name=str(props.get("name", "")),
                geometry=geometry,
                valid_from=valid_from,
                valid_to=valid_to,
                approximate=props["approximate"],
                basis=props["basis"],
                source=str(props.get("source", "")),
                error_m=None if error_m is None else float(error_m),
            )
        )
    check_unique(name, [a.id for a in areas])
    _check_versions(name, areas)
    return areas


def _check_versions(file: str, areas: list[Area]) -> None:
    """The versions of one area follow each other: their validity intervals do not overlap."""
    by_area: dict[tuple[str, str], list[Area]] = {}
    for area in areas:
        by_area.setdefault((area.kind, area.name), []).append(area)
    for versions in by_area.values():
        ordered = sorted(versions, key=lambda a: a.valid_from)
        for before, after in itertools.pairwise(ordered):
            if before.valid_to is None or before.valid_to >= after.valid_from:
                raise PackError(
                    file,
                    None,
                    f"{after.id}.valid_from",
                    f"overlaps {before.id}, another version of the same area",
                )
