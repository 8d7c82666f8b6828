"""The record as layers of one geometry type each, for GIS formats that hold one type per layer (a
GeoPackage table, a Shapefile): incidents drawn at their precision (points for a position or a place,
areas for a district or the zone, a table without geometry for those known only to the region), the
areas (polygons) and the line of contact (lines), the posts and the places.

Every field has a full name (the GeoPackage's) and a short one of 10 characters at most (the
GeoJSON's), so that converting a GeoJSON layer to a Shapefile keeps every name whole; :data:`FIELD_MAP`
lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import shapely

from truce.gazetteer import place_name
from truce.geo.areas import AreasAsOf
from truce.geo.footprint import footprint
from truce.model import Area, Incident, Place, Post
from truce.report.exports.common import ExportContext, basis_text, killed

__all__ = [
    "AREA_FIELDS",
    "FIELD_MAP",
    "INCIDENT_FIELDS",
    "PLACE_FIELDS",
    "POST_FIELDS",
    "Field",
    "Layer",
    "geo_layers",
]


@dataclass(frozen=True)
class Field:
    name: str  # the full name
    short: str  # 10 characters at most: what a Shapefile keeps
    kind: str  # str, int, float or bool
    meaning: str


@dataclass
class Layer:
    name: str
    geometry_type: str | None  # Point, MultiPolygon, MultiLineString; None: a table without geometry
    fields: tuple[Field, ...]
    description: str
    features: list[tuple[shapely.Geometry | None, dict]] = field(default_factory=list)  # by full name


INCIDENT_FIELDS = (
    Field("id", "id", "str", "Truce's incident id"),
    Field("date_from", "date_from", "str", "first day it may have happened on, YYYY-MM-DD"),
    Field("date_to", "date_to", "str", "last day it may have happened on, YYYY-MM-DD"),
    Field("date_precision", "date_prec", "str", "day, range, month, or reported (the publication day)"),
    Field("time", "time", "str", "local time window, when the source gives one"),
    Field("violations", "violations", "int", "ceasefire violations the incident counts"),
    Field("place_id", "place_id", "str", "the gazetteer's place id"),
    Field("place", "place", "str", "the place, named in the export's convention"),
    Field("location", "location", "str", "where, with how precisely it is known"),
    Field("location_precision", "loc_prec", "str", "point, near, district, zone or region"),
    Field("radius_m", "radius_m", "float", "how far the incident may lie from what is drawn, metres"),
    Field("accused", "accused", "str", "the party blamed (its code); unknown: not indicated"),
    Field("target", "target", "str", "the party fired at (its code)"),
    Field("means", "means", "str", "means, |-separated"),
    Field("casualties", "casualties", "str", "'SIDE category status count', ;-separated"),
    Field("killed", "killed", "int", "killed, as the lead claim counts them"),
    Field("no_casualties", "no_casualt", "bool", "the source says nobody was hurt"),
    Field("consequences", "conseq", "str", "what happened, in a few words"),
    Field("standing", "standing", "str", "observed or reported by the monitor, or claimed by others alone"),
    Field("by_monitor", "by_monitor", "bool", "in the monitor's record (observed or reported)"),
    Field("claimants", "claimants", "str", "the sources a claimed incident rests on, |-separated"),
    Field("sources", "sources", "str", "the ids of the sources behind its claims, |-separated"),
    Field("basis", "basis", "str", "who observed, reported or claims it, and who denies the blame"),
    Field("drawn_as", "drawn_as", "str", "point, area, or none (known only to the region)"),
    Field("footprint", "footprint", "str", "what the geometry stands for"),
)
PLACE_FIELDS = (
    Field("id", "id", "str", "the gazetteer's place id"),
    Field("name", "name", "str", "the name in the export's convention"),
    Field("kind", "kind", "str", "settlement, height, district..."),
    Field("country", "country", "str", "the country code"),
    Field("radius_m", "radius_m", "float", "how far the place extends or may be off, metres"),
    Field("approximate", "approx", "bool", "placed from a description, not surveyed"),
    Field("basis", "basis", "str", "where the position comes from"),
    Field("admin_former", "adm_former", "str", "the former admin unit (id)"),
    Field("admin_current", "adm_curr", "str", "the current admin unit (id)"),
    Field("source", "source", "str", "the data the entry comes from, with its licence"),
)
POST_FIELDS = (
    Field("id", "id", "str", "the post's id"),
    Field("name", "name", "str", "its name in English"),
    Field("name_ru", "name_ru", "str", "its name in Russian"),
    Field("kind", "kind", "str", "hq, permanent_post, temporary_post, checkpoint, monitoring_centre"),
    Field("zone", "zone", "str", "the zone or corridor it belongs to"),
    Field("active_from", "act_from", "str", "first day active, YYYY-MM-DD"),
    Field("active_to", "act_to", "str", "last day active (empty: still active)"),
    Field("observation_range_m", "obs_range", "float", "how far it is taken to see, metres (assumed)"),
    Field("radius_m", "radius_m", "float", "how far off its drawn position may be, metres"),
    Field("approximate", "approx", "bool", "placed from a description, not surveyed"),
    Field("basis", "basis", "str", "where the position comes from"),
    Field("near", "near", "str", "the place it stands near, in the export's convention"),
    Field("source", "source", "str", "the documents it comes from"),
)
AREA_FIELDS = (
    Field("id", "id", "str", "the area version's id"),
    Field("kind", "kind", "str", "zone, corridor, line_of_contact, country"),
    Field("name", "name", "str", "its name"),
    Field("valid_from", "valid_from", "str", "first day of this version, YYYY-MM-DD"),
    Field("valid_to", "valid_to", "str", "last day of this version (empty: still valid)"),
    Field("approximate", "approx", "bool", "drawn from descriptions, not surveyed"),
    Field("error_m", "error_m", "float", "how far the true line may be from the drawn one, metres"),
    Field("basis", "basis", "str", "how it was drawn"),
    Field("source", "source", "str", "the data it comes from"),
)

#: Every layer's fields: (layer, full name, short name, type, meaning).
FIELD_MAP: tuple[tuple[str, str, str, str, str], ...] = tuple(
    (layer, f.name, f.short, f.kind, f.meaning)
    for layer, fields in (
        ("incidents_points", INCIDENT_FIELDS),
        ("incidents_areas", INCIDENT_FIELDS),
        ("incidents_not_drawn", INCIDENT_FIELDS),
        ("areas", AREA_FIELDS),
        ("area_lines", AREA_FIELDS),
        ("posts", POST_FIELDS),
        ("places", PLACE_FIELDS),
    )
    for f in fields
)


def geo_layers(
    incidents: list[Incident],
    records: list[dict],
    context: ExportContext,
    *,
    posts: Iterable[Post],
    places: Iterable[Place],
) -> list[Layer]:
    """The incidents (with their flat records, :func:`truce.report.export.incident_record`), the areas,
    the posts and the places as layers of one geometry type each."""
    return [
        *incident_layers(incidents, records, context),
        *area_layers(context.areas),
        post_layer(posts, context),
        place_layer(places, context),
    ]


def incident_layers(incidents: list[Incident], records: list[dict], context: ExportContext) -> list[Layer]:
    points = Layer(
        "incidents_points",
        "Point",
        INCIDENT_FIELDS,
        "Incidents known to a position or to a place they were near: the point with its radius_m.",
    )
    areas = Layer(
        "incidents_areas",
        "MultiPolygon",
        INCIDENT_FIELDS,
        "Incidents known only to a district (a disc around its centre) or to the zone (the zone in force "
        "that day): never to be read as a position.",
    )
    none = Layer(
        "incidents_not_drawn",
        None,
        INCIDENT_FIELDS,
        "Incidents known only to the whole region (or to an area the record cannot draw): no geometry.",
    )
    if context.projection is None:
        raise ValueError("drawing incidents needs the mission's projection")
    in_force: dict[date, AreasAsOf] = {}
    for incident, record in zip(incidents, records, strict=True):
        day = incident.date_from
        if day not in in_force:
            in_force[day] = AreasAsOf(context.areas, day, context.projection)
        drawn = footprint(incident, context.gazetteer, in_force[day])
        layer = none if drawn.geometry is None else areas if drawn.is_area else points
        properties = _incident_properties(incident, record, context)
        properties["drawn_as"] = "none" if layer is none else "area" if layer is areas else "point"
        properties["footprint"] = drawn.basis
        layer.features.append((drawn.geometry, properties))
    return [points, areas, none]


def _incident_properties(incident: Incident, record: dict, context: ExportContext) -> dict:
    flat = {f.name: record.get(f.name) for f in INCIDENT_FIELDS}
    flat["means"] = "|".join(record["means"])
    flat["casualties"] = "; ".join(
        f"{c['side']} {c['category']} {c['status']} {c['count']}" for c in record["casualties"]
    )
    flat["killed"] = killed(incident.casualties)
    flat["claimants"] = "|".join(record["claimants"])
    flat["sources"] = "|".join(sorted({c["source"] for c in record["claims"]}))
    flat["basis"] = basis_text(incident, context)
    return flat


def area_layers(areas: Iterable[Area]) -> list[Layer]:
    polygons = Layer(
        "areas",
        "MultiPolygon",
        AREA_FIELDS,
        "Zones of responsibility, corridors and countries, every version with its validity.",
    )
    lines = Layer(
        "area_lines",
        "MultiLineString",
        AREA_FIELDS,
        "The line of contact, every version with its validity.",
    )
    for area in areas:
        geometry = shapely.geometry.shape(area.geometry)
        layer = lines if geometry.geom_type in ("LineString", "MultiLineString") else polygons
        layer.features.append((geometry, _attributes(area, AREA_FIELDS)))
    return [polygons, lines]


def post_layer(posts: Iterable[Post], context: ExportContext) -> Layer:
    layer = Layer(
        "posts",
        "Point",
        POST_FIELDS,
        "Observation posts, checkpoints, headquarters and monitoring centres; positions never published.",
    )
    for post in posts:
        near = context.gazetteer.get(post.near_place or "")
        properties = _attributes(post, POST_FIELDS) | {
            "name": post.names.get("en", post.id),
            "name_ru": post.names.get("ru") or None,
            "near": place_name(near, context.convention) if near else None,
        }
        layer.features.append((shapely.Point(post.lon, post.lat), properties))
    return layer


def place_layer(places: Iterable[Place], context: ExportContext) -> Layer:
    layer = Layer("places", "Point", PLACE_FIELDS, "The gazetteer: places and admin units (at their centre).")
    for place in places:
        properties = _attributes(place, PLACE_FIELDS) | {"name": place_name(place, context.convention)}
        layer.features.append((shapely.Point(place.lon, place.lat), properties))
    return layer


def _attributes(obj: object, fields: tuple[Field, ...]) -> dict:
    """The attributes of a model object that ``fields`` name (those it has), dates as ISO text."""
    values = {f.name: getattr(obj, f.name, None) for f in fields}
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
