"""The record's geography: areas as of a day, locating incidents, coverage, spatial findings, maps and
GeoJSON layers. Each call reads what it needs from the store and hands it to the geography cores."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from truce.errors import FieldError
from truce.files import write_output
from truce.geo.coverage import Coverage
from truce.geo.findings import Finding, find
from truce.geo.projection import Projection
from truce.model import Area, Incident
from truce.record.bulletin import convention
from truce.record.incidents import IncidentQuery
from truce.record.incidents import find as find_incidents
from truce.record.linking import Ground, locate
from truce.report.describe import N_
from truce.report.export import incident_record
from truce.store import IncidentFilter, Store, spatial

__all__ = [
    "MapReport",
    "areas",
    "coverage",
    "findings",
    "geojson_layers",
    "incident_records",
    "locate_all",
    "make_map",
    "projection",
    "spatial_findings",
    "write_geojson",
]


def projection(store: Store) -> Projection:
    """The mission's metric projection (the UTM zone of its focus)."""
    return Projection.for_focus(*store.focus())


def window(date_from: date | None, date_to: date | None) -> None:
    if date_from and date_to and date_to < date_from:
        raise FieldError("--to", f"{date_to} is before --from {date_from}")


def areas(store: Store, as_of: date | None = None) -> list[Area]:
    """The areas (zones, corridor, line of contact) in force on a day, or every version."""
    return [a for a in store.areas(as_of) if a.kind != "country"]


def locate_all(store: Store) -> tuple[int, int]:
    """Locate every incident again; (how many, how many changed)."""
    ground = Ground.of_store(store)
    with store.transaction("locate") as tx:
        return locate(tx, ground)


def coverage(store: Store, day: date) -> Coverage:
    """What the posts active on ``day`` could watch: in PostGIS on PostgreSQL, by shapely on SQLite."""
    return spatial.coverage(store, day, projection(store))


def findings(
    store: Store, date_from: date | None = None, date_to: date | None = None
) -> tuple[list[Incident], list[Finding]]:
    """The incidents of a period and what the geometry says about them."""
    window(date_from, date_to)
    chosen = store.incidents(IncidentFilter(date_from, date_to))
    return chosen, spatial_findings(store, chosen)


def spatial_findings(store: Store, incidents: list[Incident]) -> list[Finding]:
    """What the geometry says about ``incidents``: on the areas, posts and line of contact of their
    days, with the sides of the line the pack's ``line_sides`` tell."""
    gazetteer = store.gazetteer()
    sides = {
        party: (place.lat, place.lon)
        for party, place_id in store.profile().line_sides.items()
        if (place := gazetteer.get(place_id)) is not None
    }
    return find(incidents, store.areas(), store.posts(), projection(store), sides)


def incident_records(store: Store, incidents: list[Incident], names: str | None) -> list[dict]:
    """Incidents as flat records for output (:func:`truce.report.export.incident_record`)."""
    chosen = convention(store, names)
    gazetteer, timezone = store.gazetteer(), store.mission().timezone
    parties, sources = store.parties(), store.sources()
    documents = store.documents_of([c.id for i in incidents for c in i.claims])
    return [
        incident_record(
            i,
            gazetteer=gazetteer,
            convention=chosen,
            timezone=timezone,
            parties=parties,
            sources=sources,
            documents=documents,
        )
        for i in incidents
    ]


@dataclass(frozen=True)
class MapReport:
    path: Path
    as_of: date
    drawn: int
    shown: int
    monitor_only: bool


def make_map(
    store: Store,
    path: Path,
    *,
    as_of: date | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    names: str | None = None,
    monitor_only: bool = False,
    force: bool = False,
    lang: str = "en",
) -> MapReport:
    """Draw the incidents of a period over the areas and posts of a day, and write the map to ``path``."""
    from truce.report.maps import build_scene, map_bytes, map_format  # matplotlib: only when drawing

    fmt = map_format(path)
    chosen = find_incidents(store, IncidentQuery(date_from, date_to, monitor_only=monitor_only)).incidents
    day = as_of or date_to or (max(i.date_from for i in chosen) if chosen else store.mission().start)
    scene = build_scene(
        as_of=day,
        date_from=date_from,
        date_to=date_to,
        incidents=chosen,
        areas=store.areas(),
        posts=store.posts(),
        gazetteer=store.gazetteer(),
        parties=store.parties(),
        convention=convention(store, names),
        projection=projection(store),
        profile=store.profile(),
        lang=lang,
    )
    if monitor_only:
        scene.subtitle += " " + scene.text(N_("The monitor's record only."))
    write_output(path, map_bytes(scene, fmt), force=force)
    return MapReport(path, day, sum(len(i.ids) for i in scene.incidents), len(chosen), monitor_only)


def geojson_layers(store: Store, names: str | None = None, monitor_only: bool = False) -> dict[str, dict]:
    """The places, posts, areas and incidents layers (RFC 7946)."""
    from truce.report.geojson import areas_layer, incidents_layer, places_layer, posts_layer

    chosen_names = convention(store, names)
    gazetteer, all_areas = store.gazetteer(), store.areas()
    chosen = store.incidents(IncidentFilter(monitor_only=monitor_only))
    records = incident_records(store, chosen, names)
    return {
        "places": places_layer(gazetteer.places.values(), chosen_names),
        "posts": posts_layer(store.posts(), gazetteer, chosen_names),
        "areas": areas_layer(all_areas),
        "incidents": incidents_layer(
            chosen,
            records,
            areas=all_areas,
            gazetteer=gazetteer,
            projection=projection(store),
            convention=chosen_names,
        ),
    }


def write_geojson(folder: Path, layers: dict[str, dict], force: bool = False) -> None:
    """Write each layer as ``NAME.geojson`` into ``folder`` (made if missing)."""
    import json

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FieldError("DIR", f"cannot make folder {folder} ({exc.strerror})") from None
    for name, layer in layers.items():
        text = json.dumps(layer, ensure_ascii=False) + "\n"
        write_output(folder / f"{name}.geojson", text, force=force, field="DIR")
