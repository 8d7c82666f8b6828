"""Geography: ``areas``, ``locate``, ``coverage``, ``findings``, ``map`` and ``export-geojson``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from truce.cli.common import (
    DbOption,
    NamesOption,
    app,
    command,
    convention_for,
    incident_records,
    open_store,
    out,
    parse_date,
    projection_of,
    relocate,
)
from truce.errors import InputError
from truce.gazetteer import place_name
from truce.geo.areas import area_label
from truce.geo.coverage import coverage as coverage_of
from truce.geo.findings import find
from truce.report import describe
from truce.report.geojson import areas_layer, incidents_layer, places_layer, posts_layer
from truce.report.maps import build_scene, write_map
from truce.store import IncidentFilter

__all__ = ["areas", "coverage", "export_geojson", "findings", "locate", "map_"]

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The day, YYYY-MM-DD.")]
FromOption = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]


def _window(date_from: str | None, date_to: str | None) -> tuple[date | None, date | None]:
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if start and end and end < start:
        raise InputError(f"--to ({end}) is before --from ({start})")
    return start, end


@app.command()
@command
def areas(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """The areas (zones, corridor, line of contact) as they stood on a day, or every version."""
    day = parse_date(as_of, "--as-of")
    store = open_store(db)
    found = [a for a in store.areas(day) if a.kind != "country"]
    table = Table(show_edge=False)
    for column in ("id", "area", "valid", "drawn to within", "basis"):
        table.add_column(column, overflow="fold")
    for area in found:
        valid = f"{area.valid_from} to {area.valid_to or 'open'}"
        error = describe.km(area.error_m) if area.error_m else ("not stated" if area.approximate else "-")
        basis = ("approximate: " if area.approximate else "") + area.basis.split(". ")[0]
        table.add_row(area.id, area_label(area), valid, error, basis)
    out.print(table)
    when = f"in force on {describe.date_text(day)}" if day else "in all"
    out.print(f"{len(found)} area versions {when}.", highlight=False)


@app.command()
@command
def locate(db: DbOption = None) -> None:
    """Locate every incident again: its area, distance to the line of contact, nearest post, reach."""
    store = open_store(db)
    count, changed = relocate(store)
    out.print(f"Located {count} incidents against the areas and posts of their day: {changed} changed.")


@app.command()
@command
def coverage(
    as_of: Annotated[str, typer.Option("--as-of", help="The day, YYYY-MM-DD.")],
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """The share of each zone the posts active on a day could watch, and the named places out of reach."""
    day = parse_date(as_of, "--as-of")
    store = open_store(db)
    convention = convention_for(store, names)
    seen = coverage_of(day, store.areas(), store.posts(), store.places(), projection_of(store))  # type: ignore[arg-type]
    if not seen.areas:
        out.print(f"No zone or corridor was in force on {describe.date_text(day)}.")  # type: ignore[arg-type]
        return
    table = Table(show_edge=False)
    for column in ("area", "km²", "within reach of a post", "share"):
        table.add_column(column, justify="right" if column != "area" else "left")
    rows = [*seen.areas, *([seen.zones] if seen.zones and len(seen.areas) > 1 else [])]
    for row in rows:
        label = "zones together" if row is seen.zones else area_label(row.area)
        table.add_row(label, f"{row.area_km2:.0f}", f"{row.covered_km2:.0f}", f"{row.share:.0%}")
    out.print(table)
    ranges = sorted({(p.kind, p.observation_range_m) for p in seen.posts})
    reach = ", ".join(f"{kind.replace('_', ' ')} {describe.km(r)}" for kind, r in ranges)  # type: ignore[arg-type]
    out.print(
        f"{len(seen.posts)} posts active with a range ({reach}; the pack's assumptions).", highlight=False
    )
    if seen.unranged:
        left = ", ".join(p.names.get("en", p.id) for p in seen.unranged)
        out.print(f"Left out, no range set: {left}.", highlight=False)
    if seen.outside:
        out.print(f"\nNamed places in an area but out of every post's reach ({len(seen.outside)}):")
        for place, area in seen.outside:
            out.print(
                f"  {place_name(place, convention)} ({place.kind}, {area_label(area)})", highlight=False
            )
    else:
        out.print("Every named place in the areas is within reach of a post.")


@app.command()
@command
def findings(
    date_from: FromOption = None,
    date_to: ToOption = None,
    names: NamesOption = None,
    fmt: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """Spatial findings: entries into the zone, crossings of the line of contact, incidents near posts."""
    if fmt not in ("table", "json"):
        raise InputError(f"--format: '{fmt}' is not one of table, json")
    start, end = _window(date_from, date_to)
    store = open_store(db)
    convention = convention_for(store, names)
    chosen, posts, all_areas = store.incidents(IncidentFilter(start, end)), store.posts(), store.areas()
    found = find(chosen, all_areas, posts, projection_of(store))
    areas_by_id, posts_by_id = {a.id: a for a in all_areas}, {p.id: p for p in posts}
    by_id = {i.id: i for i in chosen}
    if fmt == "json":
        records = [
            {
                "kind": f.kind.value,
                "incident": f.incident_id,
                "day": f.day.isoformat(),
                "subject": f.subject,
                "distance_m": f.distance_m,
                "uncertainty_m": f.uncertainty_m,
                "inside": f.inside,
                "clear": f.clear,
                "text": describe.finding_text(f, areas_by_id, posts_by_id),
            }
            for f in found
        ]
        sys.stdout.write(json.dumps({"findings": records}, ensure_ascii=False, indent=2) + "\n")
        return
    gazetteer = store.gazetteer()
    table = Table(show_edge=False)
    for column in ("incident", "date", "where", "finding", "clear"):
        table.add_column(column, overflow="fold")
    for f in found:
        incident = by_id[f.incident_id]
        table.add_row(
            f.incident_id,
            describe.date_text(incident.date_from, incident.date_to),
            describe.location_text(incident, gazetteer, convention),
            describe.finding_text(f, areas_by_id, posts_by_id),
            "yes" if f.clear else "no",
        )
    out.print(table)
    unclear = sum(not f.clear for f in found)
    out.print(
        f"{len(found)} findings on {len(chosen)} incidents; {unclear} not established by the map alone "
        "(positions and drawn areas are approximate).",
        highlight=False,
    )


@app.command("map")
@command
def map_(
    out_file: Annotated[Path, typer.Option("--out", help="The file to write: .svg, .png or .html.")],
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Areas and posts as of this day. Default: --to, or the last incident shown."
        ),
    ] = None,
    date_from: FromOption = None,
    date_to: ToOption = None,
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """A map of the zones, corridor, line of contact, posts and incidents, each at its precision."""
    start, end = _window(date_from, date_to)
    day = parse_date(as_of, "--as-of")
    store = open_store(db)
    convention = convention_for(store, names)
    chosen = store.incidents(IncidentFilter(start, end))
    day = day or end or (max(i.date_from for i in chosen) if chosen else store.mission().start)
    scene = build_scene(
        as_of=day,
        date_from=start,
        date_to=end,
        incidents=chosen,
        areas=store.areas(),
        posts=store.posts(),
        gazetteer=store.gazetteer(),
        parties={p.code: p for p in store.parties()},
        convention=convention,
        projection=projection_of(store),
    )
    write_map(scene, out_file)
    drawn = sum(len(i.ids) for i in scene.incidents)
    out.print(
        f"Wrote {out_file}: {drawn} of {len(chosen)} incidents drawn, areas and posts as of "
        f"{describe.date_text(day)}.",
        highlight=False,
    )


@app.command("export-geojson")
@command
def export_geojson(
    folder: Annotated[Path, typer.Argument(help="The folder to write the four layers into.", metavar="DIR")],
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """Write places, posts, areas and incidents as GeoJSON files (RFC 7946) into a folder."""
    store = open_store(db)
    convention = convention_for(store, names)
    gazetteer, all_areas, chosen = store.gazetteer(), store.areas(), store.incidents()
    records = incident_records(store, chosen, convention)
    layers = {
        "places": places_layer(gazetteer.places.values(), convention),
        "posts": posts_layer(store.posts(), gazetteer, convention),
        "areas": areas_layer(all_areas),
        "incidents": incidents_layer(
            chosen,
            records,
            areas=all_areas,
            gazetteer=gazetteer,
            projection=projection_of(store),
            convention=convention,
        ),
    }
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, layer in layers.items():
            (folder / f"{name}.geojson").write_text(
                json.dumps(layer, ensure_ascii=False) + "\n", encoding="utf-8"
            )
    except OSError as exc:
        raise InputError(f"DIR: cannot write into '{folder}' ({exc.strerror})") from None
    counts = ", ".join(f"{len(layer['features'])} {name}" for name, layer in layers.items())
    out.print(f"Wrote {counts} to {folder}.", highlight=False)
