"""The record: ``init``, ``incidents``, ``bulletin``, ``mission`` and ``summary``."""

from __future__ import annotations

import sys
from datetime import date
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

__all__ = ["bulletin", "incidents", "init", "mission", "summary"]

FORMATS = ("table", "csv", "json", "geojson")


@app.command()
@command
def init(
    db: DbOption = None,
    pack: Annotated[str, typer.Option("--pack", help="Mission pack: a shipped pack's name or a folder.")] = (
        "nagorno_karabakh"
    ),
) -> None:
    """Create or upgrade the schema (Alembic migrations) and load a mission pack. Safe to run again."""
    from truce.record.setup import init as init_record

    report = init_record(db, pack)
    out.print(f"Database: {report.url}")
    if report.located:
        out.print(f"Located {report.located} incidents against the areas and posts of their day.")
    if not report.load.changed:
        rest = "." if report.located else ": nothing to do."
        out.print(f"Pack '{report.load.pack}' is already loaded and unchanged{rest}")
        return
    counts = ", ".join(f"{n} {what}" for what, n in report.load.counts.items())
    out.print(f"Loaded pack '{report.load.pack}': {counts}.")


@app.command()
@command
def incidents(
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    place: Annotated[
        str | None, typer.Option("--place", help="A place, admin unit or country, by any of its names.")
    ] = None,
    accused: Annotated[
        str | None, typer.Option("--accused", help="Party blamed: a party code of the pack, or unknown.")
    ] = None,
    means: Annotated[
        str | None, typer.Option("--means", help="A means of the vocabulary (mortar...).")
    ] = None,
    monitor_only: MonitorOption = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv, json or geojson.")] = "table",
    page: Annotated[
        int | None, typer.Option("--page", min=1, help="Show only this page of the list (from 1).")
    ] = None,
    per_page: Annotated[
        int, typer.Option("--per-page", min=1, max=10_000, help="Incidents a page, with --page.")
    ] = 50,
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """List incidents, filtered by dates, place, the party blamed, means, and the monitor's record.

    The whole list by default; with --page only that page is read (the totals are still those of
    the whole list)."""
    from truce.record.geography import incident_records
    from truce.record.incidents import IncidentQuery, find

    if fmt not in FORMATS:
        raise FieldError("--format", f"'{fmt}' is not one of {', '.join(FORMATS)}")
    query = IncidentQuery(
        parse_date(date_from, "--from"),
        parse_date(date_to, "--to"),
        place,
        accused if accused in (None, "unknown") else accused.upper(),  # type: ignore[union-attr]
        means,
        monitor_only,
    )
    store = open_store(db)
    found = find(store, query, None if page is None else ((page - 1) * per_page, per_page))
    if page is not None and page > 1 and not found.incidents:
        pages = -(-found.total // per_page)
        raise FieldError("--page", f"{page} is past the last page, {pages} (at {per_page} incidents a page)")
    records = incident_records(store, found.incidents, names)
    if fmt == "table":
        _table(store, found, records, None if page is None else (page, per_page))
    else:
        sys.stdout.write(_formatted(store, fmt, found.incidents, records, names))


def _formatted(store, fmt: str, chosen, records: list[dict], names: str | None) -> str:  # type: ignore[no-untyped-def]
    import csv
    import io
    import json

    if fmt == "json":
        return json.dumps({"incidents": records}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "geojson":
        from truce.record.bulletin import convention
        from truce.record.geography import projection
        from truce.report.geojson import incidents_layer

        layer = incidents_layer(
            chosen,
            records,
            areas=store.areas(),
            gazetteer=store.gazetteer(),
            projection=projection(store),
            convention=convention(store, names),
        )
        return json.dumps(layer, ensure_ascii=False) + "\n"
    from truce.report.export import CSV_FIELDS, flatten

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(flatten(r) for r in records)
    return buffer.getvalue()


def _table(store, found, records: list[dict], page: tuple[int, int] | None) -> None:  # type: ignore[no-untyped-def]
    from rich.table import Table

    from truce.report import describe

    if found.places:
        named = "; ".join(f"{text(r)}" for r in _place_labels(store, found.places))
        out.print(f"Incidents at or in: {named}")
    parties = store.parties()
    table = Table(show_edge=False)
    for column in ("id", "date", "n", "where", "blamed", "means", "casualties", "standing"):
        table.add_column(column, overflow="fold")
    for incident, record in zip(found.incidents, records, strict=True):
        standing = incident.standing.value + (
            "" if incident.by_monitor else f": {', '.join(record['claimants'])}"
        )
        table.add_row(
            incident.id,
            describe.date_text(incident.date_from, incident.date_to),
            str(incident.violations),
            text(record["location"]),
            describe.blamed(incident, parties),
            describe.means_text(incident),
            describe.casualties_text(incident.casualties, incident.no_casualties, parties),
            text(standing),
        )
    out.print(table)
    shown = "the monitor's record only" if found.monitor_only else _standings(found.by_standing)
    out.print(f"{found.total} incidents, {found.violations} violations ({shown}).")
    if page is not None:
        number, per_page = page
        pages = max(1, -(-found.total // per_page))
        first = (number - 1) * per_page
        out.print(f"Page {number} of {pages}: incidents {first + 1} to {first + len(found.incidents)}.")


def _place_labels(store, places) -> list[str]:  # type: ignore[no-untyped-def]
    from truce.gazetteer import place_name
    from truce.record.bulletin import convention

    names = convention(store, None)
    return [f"{place_name(p, names)} ({p.kind})" for p in places]


def _standings(counts: dict) -> str:
    parts = [f"{counts[s]} {s.value}" for s in sorted(counts, key=lambda s: s.value, reverse=True)]
    return "; ".join(parts) if parts else "none"


@app.command()
@command
def bulletin(
    day: Annotated[str, typer.Argument(help="The day the bulletin reports on, YYYY-MM-DD.", metavar="DATE")],
    names: NamesOption = None,
    fmt: Annotated[
        str, typer.Option("--format", help="md, text, html or pdf (html and pdf with the map).")
    ] = "md",
    lang: Annotated[str, typer.Option("--lang", help="The bulletin's language: en or ru.")] = "en",
    out_file: Annotated[
        Path | None,
        typer.Option("--out", help="Write to this file (needed for pdf); default: standard output."),
    ] = None,
    force: ForceOption = False,
    db: DbOption = None,
) -> None:
    """The information bulletin for a day: the monitor's record, the parties' unconfirmed statements apart."""
    from truce.files import write_output
    from truce.record.bulletin import publication
    from truce.report.language import language

    when = parse_date(day, "DATE")
    language(lang)  # an unknown language is refused before the database is opened
    if fmt == "pdf" and out_file is None:
        raise FieldError("--out", "a PDF is written to a file: give --out FILE.pdf")
    data = publication(open_store(db), when, fmt, names, lang)  # type: ignore[arg-type]
    if out_file is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    write_output(out_file, data, force=force)
    out.print(f"Wrote {out_file}.")


@app.command()
@command
def mission(
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to compute the term for; default today.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The mandate: start, the term in force on a day and its end, and the last day to give notice."""
    from rich.table import Table

    from truce.mandate import mandate_on
    from truce.report import describe

    day = parse_date(as_of, "--as-of") or date.today()
    store = open_store(db)
    m = store.mission()
    state = mandate_on(m, day)
    out.print(m.name, style="bold")
    rows = [
        ("As of", describe.date_text(day)),
        ("Mandate start", describe.date_text(m.start)),
        (
            "Renewal rule",
            f"{m.term_years}-year terms, renewed automatically unless a party gives notice "
            f"{m.notice_months} months before a term ends",
        ),
    ]
    if state.term is None:
        rows.append(("Term", f"none: the mandate had not begun on {describe.date_text(day)}"))
    else:
        term = state.term
        rows.append(
            (f"Term {term.number}", f"{describe.date_text(term.start)} to {describe.date_text(term.end)}")
        )
        rows.append(
            (
                "Last day for notice",
                describe.date_text(term.notice_by) + ("" if term.notice_open(day) else " (passed)"),
            )
        )
    if m.ended:
        ended = "ended" if day >= m.ended else "ends"
        rows.append((f"Mission {ended}", f"{describe.date_text(m.ended)}: {m.ended_note}"))
    rows.append(("In force that day", "yes" if state.in_force else "no"))
    table = Table(show_header=False, show_edge=False, box=None, padding=(0, 2))
    table.add_column(style="dim")
    table.add_column()
    for label, value in rows:
        table.add_row(label, value)
    out.print(table)


@app.command()
@command
def summary(db: DbOption = None) -> None:
    """What is loaded, and the violations per year: the monitor's record apart from the claims."""
    from rich.table import Table

    from truce.record.incidents import summary as summarise

    store = open_store(db)
    found = summarise(store)
    c = found.counts
    out.print(f"{store.mission().name}  ({store.url})", style="bold")
    out.print(
        f"{c['places']} places with {c['place names']} names; {c['posts']} posts; "
        f"{c['areas']} area versions; "
        f"{c['documents']} documents; {c['incidents']} incidents from {c['claims']} claims."
    )
    table = Table(show_edge=False)
    table.add_column("year")
    table.add_column("violations, the monitor's record", justify="right")
    table.add_column("claimed by others alone", justify="right")
    for year, (monitor, claimed) in found.years.items():
        table.add_row(str(year), str(monitor), str(claimed))
    out.print(table)
    out.print("Each violation is counted once: a count covers the items inside it.")
