"""``truce observe`` (what a post, patrol or UAV saw) and ``truce documents`` (list, show, retract)."""

from __future__ import annotations

from typing import Annotated

import typer

from truce.cli.common import DbOption, app, command, open_store, out, parse_date, text
from truce.errors import FieldError
from truce.report.escape import printable

__all__ = ["documents_app", "observe"]

documents_app = typer.Typer(
    help="The documents ingested: list them, show one, retract one.", invoke_without_command=True
)
app.add_typer(documents_app, name="documents")

DocumentArg = Annotated[str, typer.Argument(help="The document id, or its first 8 or more characters.")]


@documents_app.callback()
@command
def documents(
    context: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this source (its id).")] = None,
    retracted: Annotated[bool, typer.Option("--retracted", help="Only retracted documents.")] = False,
    db: DbOption = None,
) -> None:
    """List the documents ingested, newest first, with their source, claims and whether retracted."""
    if context.invoked_subcommand is not None:
        return
    from rich.table import Table

    from truce.record.documents import documents as listed

    store = open_store(db)
    found = listed(store, source, True if retracted else None)
    sources = store.sources()
    table = Table(show_edge=False)
    for column in ("id", "published", "source", "lang", "claims", "title or address", "status"):
        table.add_column(column, overflow="fold")
    for d in found:
        status = f"retracted {d.retraction.at:%Y-%m-%d} by {d.retraction.by}" if d.retraction else "counts"
        name = sources[d.source].name if d.source in sources else (d.source or "-")
        table.add_row(
            d.id[:16],
            d.published.isoformat() if d.published else "-",
            text(name),
            d.lang or "-",
            str(d.claims),
            text(d.title or d.url or "-"),
            text(status),
        )
    out.print(table)
    out.print(f"{len(found)} documents, {sum(d.retraction is not None for d in found)} retracted.")


@documents_app.command("show")
@command
def show(document_id: DocumentArg, db: DbOption = None) -> None:
    """One document: where it comes from, whether it counts, its claims and its text."""
    from truce.record.documents import show as shown

    store = open_store(db)
    document, claims = shown(store, document_id)
    sources = store.sources()
    out.print(f"Document {document.id}", style="bold")
    rows = [
        ("source", sources[document.source].name if document.source in sources else document.source or "-"),
        ("published", document.published.isoformat() if document.published else "not stated"),
        ("address", document.url or "-"),
        ("title", document.title or "-"),
        ("ingested", f"{document.ingested_at:%Y-%m-%d %H:%M} UTC" if document.ingested_at else "-"),
        ("claims", ", ".join(claims) or "none"),
    ]
    for source_id, url, day in document.publications:
        name = sources[source_id].name if source_id in sources else source_id
        rows.append(
            ("also", f"published by {name}" + (f", {day}" if day else "") + (f", {url}" if url else ""))
        )
    if document.retraction:
        r = document.retraction
        rows.append(
            ("retracted", f"{r.at:%Y-%m-%d %H:%M} UTC by {r.by}: {r.reason}; its claims do not count")
        )
    for label, value in rows:
        out.print(f"{label:>10}  {text(value)}")
    out.print()
    out.print(
        printable(document.text)
    )  # as stored: markup off, and no control character reaches the terminal


@documents_app.command("retract")
@command
def retract(
    document_id: DocumentArg,
    reason: Annotated[str, typer.Option("--reason", help="Why it no longer counts (kept with it).")],
    by: Annotated[str | None, typer.Option("--by", help="Who retracts it. Default: your user name.")] = None,
    db: DbOption = None,
) -> None:
    """Retract a document: it stays in the record, marked; its claims stop counting."""
    from truce.record.documents import retract as retract_document

    report = retract_document(open_store(db), document_id, reason, by)
    r = report.document.retraction
    assert r is not None
    out.print(
        f"Retracted {report.document.id[:16]} ({text(r.by)}: {text(r.reason)}); {report.claims} claims no "
        f"longer count. {report.link.incidents} incidents from {report.link.claims} claims."
    )


@app.command()
@command
def observe(
    post: Annotated[str, typer.Option("--post", help="The post (its id or name), active that day.")],
    day: Annotated[str, typer.Option("--date", help="The day, YYYY-MM-DD.")],
    observer: Annotated[str, typer.Option("--observer", help="Who recorded it (name or call sign).")],
    place: Annotated[
        str | None, typer.Option("--place", help="A named place, or '2 km north-west of X'.")
    ] = None,
    at: Annotated[str | None, typer.Option("--at", help="Coordinates instead: LAT,LON.")] = None,
    radius: Annotated[
        float | None, typer.Option("--radius", help="How far off the position may be, m.")
    ] = None,
    time_from: Annotated[str | None, typer.Option("--from", help="Start, HH:MM local time.")] = None,
    time_to: Annotated[str | None, typer.Option("--to", help="End, HH:MM local time.")] = None,
    means: Annotated[list[str] | None, typer.Option("--means", help="Means seen (repeat): mortar...")] = None,
    fire_from: Annotated[
        str | None, typer.Option("--fire-from", help="Compass direction the fire came from.")
    ] = None,
    fired_by: Annotated[
        str | None, typer.Option("--fired-by", help="The party seen firing; leave out if not determined.")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="The party fired at, if seen.")] = None,
    casualties: Annotated[
        list[str] | None, typer.Option("--casualty", help="'SIDE category status count' (repeat).")
    ] = None,
    no_casualties: Annotated[bool, typer.Option("--no-casualties", help="Nobody was hurt.")] = False,
    consequences: Annotated[str, typer.Option("--consequences", help="What happened, in words.")] = "",
    platform: Annotated[str, typer.Option("--platform", help="post, patrol or uav.")] = "post",
    db: DbOption = None,
) -> None:
    """Record what a post, patrol or UAV flight observed: it becomes the monitor's own claim."""
    from truce.record.observe import ObservationInput
    from truce.record.observe import observe as record_observation

    when = parse_date(day, "--date")
    given = ObservationInput(
        post=post,
        day=when,  # type: ignore[arg-type]
        observer=observer,
        platform=platform,
        time_from=time_from,
        time_to=time_to,
        place=place,
        at=_coordinates(at) if at else None,
        radius_m=radius,
        means=[m for item in means or [] for m in item.split(",") if m],
        fire_from=fire_from,
        fired_by=fired_by.upper() if fired_by else None,
        target=target.upper() if target else None,
        casualties=casualties or [],
        no_casualties=no_casualties,
        consequences=consequences,
    )
    report = record_observation(open_store(db), given)
    out.print(
        f"Recorded observation {report.claim.id} by {text(observer)} at {post}: "
        f"{text(report.claim.location_text)}, "
        f"{report.claim.date_from}; incident {report.incident_id}."
    )


def _coordinates(value: str) -> tuple[float, float]:
    try:
        lat, lon = (float(part) for part in value.split(","))
    except ValueError:
        raise FieldError("--at", f"'{value}' is not LAT,LON (for example 39.95,46.80)") from None
    return lat, lon
