"""The record: ``init``, ``incidents``, ``bulletin``, ``mission`` and ``summary``."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from typing import Annotated, Any

import typer
from rich.table import Table

from truce.cli.common import (
    DbOption,
    NamesOption,
    app,
    command,
    connect,
    convention_for,
    incident_records,
    open_store,
    out,
    parse_date,
    projection_of,
    relocate,
)
from truce.errors import InputError
from truce.geo.findings import find
from truce.mandate import term_on
from truce.model import PARTY_CODES, Incident, Place
from truce.packs import DEFAULT_PACK, load_pack
from truce.reconcile.counts import total_violations
from truce.report import describe
from truce.report.bulletin import FORMATS, build_bulletin, render
from truce.report.export import CSV_FIELDS, flatten
from truce.report.geojson import incidents_layer
from truce.store import IncidentFilter

__all__ = ["bulletin", "incidents", "init", "mission", "summary"]


@app.command()
@command
def init(
    db: DbOption = None,
    pack: Annotated[
        str, typer.Option("--pack", help="Mission pack: a shipped pack's name or a folder.")
    ] = DEFAULT_PACK,
) -> None:
    """Create or upgrade the schema (Alembic migrations) and load a mission pack. Safe to run again."""
    loaded = load_pack(pack)
    store = connect(db)
    result = store.init(loaded)
    # incidents the pack did not bring (or an older schema never located) stand against its areas too
    _, relocated = relocate(store)
    out.print(f"Database: {store.url}", highlight=False)
    if relocated:
        out.print(f"Located {relocated} incidents against the areas and posts of their day.")
    if not result.changed:
        rest = "." if relocated else ": nothing to do."
        out.print(f"Pack '{result.pack}' is already loaded and unchanged{rest}")
        return
    counts = ", ".join(f"{n} {what}" for what, n in result.counts.items())
    out.print(f"Loaded pack '{result.pack}': {counts}.", highlight=False)


@app.command()
@command
def incidents(
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="A place or admin unit, by any of its names.")
    ] = None,
    accused: Annotated[
        str | None, typer.Option("--accused", help=f"Party blamed: {', '.join(PARTY_CODES)}.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or geojson.")] = "table",
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """List incidents, filtered by dates, place and the party blamed."""
    if fmt not in ("table", "csv", "json", "geojson"):
        raise InputError(f"--format: '{fmt}' is not one of table, csv, json, geojson")
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    if start and end and end < start:
        raise InputError(f"--to ({end}) is before --from ({start})")
    if accused is not None:
        accused = accused if accused == "unknown" else accused.upper()
        if accused not in PARTY_CODES:
            raise InputError(f"--accused: '{accused}' is not one of {', '.join(PARTY_CODES)}")
    store = open_store(db)
    convention = convention_for(store, names)
    gazetteer = store.gazetteer()
    found = store.incidents(IncidentFilter(start, end, accused=accused))
    if place:
        target = gazetteer.resolve(place)
        found = [i for i in found if _at(i, target, gazetteer)]
    records = incident_records(store, found, convention)
    if fmt == "json":
        sys.stdout.write(json.dumps({"incidents": records}, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "geojson":
        layer = incidents_layer(
            found,
            records,
            areas=store.areas(),
            gazetteer=gazetteer,
            projection=projection_of(store),
            convention=convention,
        )
        sys.stdout.write(json.dumps(layer, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(flatten(r) for r in records)
        sys.stdout.write(buffer.getvalue())
    else:
        parties = {p.code: p for p in store.parties()}
        table = Table(show_edge=False)
        for column in ("id", "date", "n", "where", "blamed", "means", "casualties"):
            table.add_column(column, overflow="fold")
        for incident, record in zip(found, records, strict=True):
            table.add_row(
                incident.id,
                describe.date_text(incident.date_from, incident.date_to),
                str(incident.violations),
                record["location"],
                describe.blamed(incident, parties),
                describe.means_text(incident),
                describe.casualties_text(incident.casualties, incident.no_casualties, parties),
            )
        out.print(table)
        total = total_violations(found, store.areas_of())  # a count covers the items inside it
        out.print(f"{len(found)} incidents, {total} violations.", highlight=False)


def _at(incident: Incident, place: Place, gazetteer: Any) -> bool:
    """True when the incident is at ``place``, or inside it when it is an admin unit."""
    if place.id in (incident.place_id, incident.area_ref):
        return True
    if not place.is_admin_unit or incident.place_id is None:
        return False
    at = gazetteer.get(incident.place_id)
    return at is not None and place.id in (at.admin_former, at.admin_current)


@app.command()
@command
def bulletin(
    day: Annotated[str, typer.Argument(help="The day the bulletin reports on, YYYY-MM-DD.", metavar="DATE")],
    names: NamesOption = None,
    fmt: Annotated[str, typer.Option("--format", help="md or text.")] = "md",
    db: DbOption = None,
) -> None:
    """The information bulletin for a day, as the monitor would publish it the next morning."""
    when = parse_date(day, "DATE")
    if fmt not in FORMATS:
        raise InputError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    store = open_store(db)
    convention = convention_for(store, names)
    todays, posts, areas = store.incidents(IncidentFilter(when, when)), store.posts(), store.areas()
    result = build_bulletin(
        when,  # type: ignore[arg-type]
        todays,
        posts,
        mission=store.mission(),
        parties={p.code: p for p in store.parties()},
        sources=store.sources(),
        ceasefire=store.ceasefire_points(),
        gazetteer=store.gazetteer(),
        convention=convention,
        findings=find(todays, areas, posts, projection_of(store)),
        areas=areas,
        areas_of=store.areas_of(),
    )
    sys.stdout.write(render(result, fmt))


@app.command()
@command
def mission(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to compute the term for; default today.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The mandate: start, the current term's end and the last day to give notice of termination."""
    today = parse_date(as_of, "--as-of") or date.today()
    store = open_store(db)
    m = store.mission()
    term = term_on(m, today)
    out.print(f"[bold]{m.name}[/bold]", highlight=False)
    rows = [
        ("Mandate start", describe.date_text(m.start)),
        (
            "Renewal rule",
            f"{m.term_years}-year terms, renewed automatically unless a party gives notice "
            f"{m.notice_months} months before a term ends",
        ),
        (f"Term {term.number}", f"{describe.date_text(term.start)} to {describe.date_text(term.end)}"),
        (
            "Last day for notice",
            describe.date_text(term.notice_by) + ("" if m.ended or term.notice_open(today) else " (passed)"),
        ),
    ]
    if m.ended:
        rows.append(("Ended", f"{describe.date_text(m.ended)}: {m.ended_note}"))
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for label, value in rows:
        table.add_row(label, value)
    out.print(table)


@app.command()
@command
def summary(db: DbOption = None) -> None:
    """A short summary of the record: what is loaded and the violations per year."""
    store = open_store(db)
    m = store.mission()
    counts = store.counts()
    out.print(f"[bold]{m.name}[/bold]  ({store.url})", highlight=False)
    out.print(
        f"{counts['places']} places with {counts['place names']} names; {counts['posts']} posts; "
        f"{counts['areas']} area versions; {counts['incidents']} incidents from {counts['claims']} claims, "
        f"{counts['violations']} violations.",
        highlight=False,
    )
    table = Table(show_edge=False)
    table.add_column("year")
    table.add_column("violations", justify="right")
    for year, total in store.violations_by_year().items():
        table.add_row(str(year), str(total))
    out.print(table)
