"""Geography: ``areas``, ``locate``, ``coverage``, ``findings``, ``map`` and ``export-geojson``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from truce.cli.common import (
    DbOption,
    ForceOption,
    MonitorOption,
    NamesOption,
    app,
    command,
    open_store,
    out,
    parse_date,
    text,
)
from truce.errors import FieldError

__all__ = ["areas", "coverage", "export_geojson", "findings", "locate", "map_"]

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="The day, YYYY-MM-DD.")]
FromOption = Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")]


@app.command()
@command
def areas(as_of: AsOfOption = None, db: DbOption = None) -> None:
    """The areas (zones, corridor, line of contact) as they stood on a day, or every version."""
    from rich.table import Table

    from truce.geo.areas import area_label
    from truce.record.geography import areas as areas_in_force
    from truce.report import describe

    day = parse_date(as_of, "--as-of")
    found = areas_in_force(open_store(db), day)
    table = Table(show_edge=False)
    for column in ("id", "area", "valid", "drawn to within", "basis"):
        table.add_column(column, overflow="fold")
    for area in found:
        valid = f"{area.valid_from} to {area.valid_to or 'open'}"
        error = describe.km(area.error_m) if area.error_m else ("not stated" if area.approximate else "-")
        basis = ("approximate: " if area.approximate else "") + area.basis.split(". ")[0]
        table.add_row(area.id, area_label(area), valid, error, text(basis))
    out.print(table)
    when = f"in force on {describe.date_text(day)}" if day else "in all"
    out.print(f"{len(found)} area versions {when}.")


@app.command()
@command
def locate(db: DbOption = None) -> None:
    """Locate every incident again: its area, distance to the line of contact, nearest post, reach."""
    from truce.record.geography import locate_all

    count, changed = locate_all(open_store(db))
    out.print(f"Located {count} incidents against the areas and posts of their day: {changed} changed.")


@app.command()
@command
def coverage(
    as_of: Annotated[str, typer.Option("--as-of", help="The day, YYYY-MM-DD.")],
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """The share of each zone the posts active on a day could watch, and the named places out of reach."""
    from rich.table import Table

    from truce.gazetteer import place_name
    from truce.geo.areas import area_label
    from truce.record.bulletin import convention
    from truce.record.geography import coverage as coverage_on
    from truce.report import describe

    day = parse_date(as_of, "--as-of")
    store = open_store(db)
    chosen = convention(store, names)
    seen = coverage_on(store, day)  # type: ignore[arg-type]
    if not seen.areas:
        out.print(f"No area of the mission was in force on {describe.date_text(day)}.")  # type: ignore[arg-type]
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
    out.print(f"{len(seen.posts)} posts active with a range ({reach}; the pack's assumptions).")
    if seen.unranged:
        left = ", ".join(p.names.get("en", p.id) for p in seen.unranged)
        out.print(f"Left out, no range set: {left}.")
    if seen.outside:
        out.print(f"\nNamed places in an area but out of every post's reach ({len(seen.outside)}):")
        for place, area in seen.outside:
            out.print(f"  {text(place_name(place, chosen))} ({place.kind}, {area_label(area)})")
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
    from truce.record.bulletin import convention
    from truce.record.geography import findings as findings_of
    from truce.report import describe

    if fmt not in ("table", "json"):
        raise FieldError("--format", f"'{fmt}' is not one of table, json")
    store = open_store(db)
    chosen = convention(store, names)
    incidents, found = findings_of(store, parse_date(date_from, "--from"), parse_date(date_to, "--to"))
    areas_by_id, posts_by_id = {a.id: a for a in store.areas()}, {p.id: p for p in store.posts()}
    parties = store.parties()
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
                "held_by": f.held_by,
                "clear": f.clear,
                "text": describe.finding_text(f, areas_by_id, posts_by_id, parties=parties),
            }
            for f in found
        ]
        sys.stdout.write(json.dumps({"findings": records}, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.table import Table

    gazetteer, by_id = store.gazetteer(), {i.id: i for i in incidents}
    table = Table(show_edge=False)
    for column in ("incident", "date", "where", "finding", "clear"):
        table.add_column(column, overflow="fold")
    for f in found:
        incident = by_id[f.incident_id]
        table.add_row(
            f.incident_id,
            describe.date_text(incident.date_from, incident.date_to),
            text(describe.location_text(incident, gazetteer, chosen)),
            describe.finding_text(f, areas_by_id, posts_by_id, parties=parties),
            "yes" if f.clear else "no",
        )
    out.print(table)
    unclear = sum(not f.clear for f in found)
    out.print(
        f"{len(found)} findings on {len(incidents)} incidents; {unclear} not established by the map alone "
        "(positions and drawn areas are approximate)."
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
    monitor_only: MonitorOption = False,
    lang: Annotated[
        str, typer.Option("--lang", help="The language of the title, legend and notes: en or ru.")
    ] = "en",
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """A map of the zones, corridor, line of contact, posts and incidents, each at its precision."""
    from truce.record.geography import make_map
    from truce.report import describe

    start, end, day = (
        parse_date(date_from, "--from"),
        parse_date(date_to, "--to"),
        parse_date(as_of, "--as-of"),
    )
    report = make_map(
        open_store(db),
        out_file,
        as_of=day,
        date_from=start,
        date_to=end,
        names=names,
        monitor_only=monitor_only,
        force=force,
        lang=lang,
    )
    which = "the monitor's record" if report.monitor_only else "all incidents"
    out.print(
        f"Wrote {out_file}: {report.drawn} of {report.shown} incidents drawn ({which}), areas and posts as "
        f"of {describe.date_text(report.as_of)}."
    )


@app.command("export-geojson")
@command
def export_geojson(
    folder: Annotated[Path, typer.Argument(help="The folder to write the four layers into.", metavar="DIR")],
    names: NamesOption = None,
    monitor_only: MonitorOption = False,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """Write places, posts, areas and incidents as GeoJSON files (RFC 7946) into a folder."""
    from truce.record.geography import geojson_layers, write_geojson

    layers = geojson_layers(open_store(db), names, monitor_only)
    write_geojson(folder, layers, force)
    counts = ", ".join(f"{len(layer['features'])} {name}" for name, layer in layers.items())
    out.print(f"Wrote {counts} to {folder}.")
