"""The record as GeoJSON layers (RFC 7946): places, posts, areas and incidents, names in a convention.

Incidents are drawn at their precision (:mod:`truce.geo.footprint`): a point with its radius, a district
as an area, the zone as the zone; one known only to the region has a null geometry. Every layer says
where its geometry comes from and that approximate geometry is approximate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import shapely

from truce.gazetteer import Gazetteer, place_name
from truce.geo.areas import AreasAsOf
from truce.geo.footprint import footprint
from truce.geo.geojson import feature, feature_collection
from truce.geo.projection import Projection
from truce.model import Area, Convention, Incident, Place, Post

__all__ = ["LAYERS", "areas_layer", "incidents_layer", "places_layer", "posts_layer"]

LAYERS = ("places", "posts", "areas", "incidents")
NOTE = (
    "Coordinates WGS 84 [lon, lat]. Features marked approximate were not surveyed: each says its basis. "
    "Written by Truce from its record."
)


PLACE_FIELDS = ("id", "kind", "country", "radius_m", "approximate", "basis", "admin_former", "admin_current")
POST_FIELDS = (
    "id",
    "kind",
    "zone",
    "active_from",
    "active_to",
    "observation_range_m",
    "radius_m",
    "approximate",
)
AREA_FIELDS = ("id", "kind", "name", "valid_from", "valid_to", "approximate", "error_m", "basis", "source")


def places_layer(places: Iterable[Place], convention: Convention) -> dict:
    def properties(p: Place) -> dict:
        names = {n.role: n.text for n in reversed(p.names) if n.role not in ("variant", "alternate")}
        return _fields(p, PLACE_FIELDS) | {
            "name": place_name(p, convention),
            "names": names,
            "source": p.source,
        }

    return _layer(places, lambda p: shapely.Point(p.lon, p.lat), properties, names=convention.code)


def posts_layer(posts: Iterable[Post], gazetteer: Gazetteer, convention: Convention) -> dict:
    def properties(p: Post) -> dict:
        place = gazetteer.get(p.near_place or "")
        return _fields(p, POST_FIELDS) | {
            "name": p.names.get("en", p.id),
            "name_ru": p.names.get("ru") or None,
            "near": place_name(place, convention) if place else None,
            "basis": p.basis,
            "source": p.source,
        }

    return _layer(posts, lambda p: shapely.Point(p.lon, p.lat), properties, names=convention.code)


def areas_layer(areas: Iterable[Area]) -> dict:
    return _layer(areas, lambda a: shapely.geometry.shape(a.geometry), lambda a: _fields(a, AREA_FIELDS))


def _fields(obj: object, names: tuple[str, ...]) -> dict:
    """These attributes of a model object, dates as ISO text."""
    values = {name: getattr(obj, name) for name in names}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}


def _layer(items: Iterable, geometry: Callable, properties: Callable, **members: object) -> dict:  # type: ignore[type-arg]
    return feature_collection(
        (feature(geometry(x), properties(x), x.id) for x in items), note=NOTE, **members
    )


def incidents_layer(
    incidents: Iterable[Incident],
    records: Iterable[dict],
    *,
    areas: list[Area],
    gazetteer: Gazetteer,
    projection: Projection,
    convention: Convention,
) -> dict:
    """Incidents as features, drawn at their precision; ``records`` are their flat records
    (:func:`truce.report.export.incident_record`)."""
    features = []
    in_force: dict = {}
    for incident, record in zip(incidents, records, strict=True):
        day = incident.date_from
        if day not in in_force:
            in_force[day] = AreasAsOf(areas, day, projection)
        drawn = footprint(incident, gazetteer, in_force[day])
        properties = {k: v for k, v in record.items() if k not in ("lat", "lon")}
        properties["footprint"] = {"area": drawn.is_area, "basis": drawn.basis}
        features.append(feature(drawn.geometry, properties, incident.id))
    return feature_collection(features, names=convention.code, note=NOTE)
