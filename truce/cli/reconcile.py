"""``truce reconcile``, ``truce compare``, ``truce link`` and ``truce unlink``: claims into incidents."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from truce.cli.common import DbOption, NamesOption, app, command, convention_for, open_store, out, relocate
from truce.reconcile import incident_view
from truce.reconcile.counts import itemise
from truce.report.compare import FIELDS, LABELS, compare_rows
from truce.store import Store
from truce.store.links import LinkReport

__all__ = ["compare", "link", "reconcile", "unlink"]

Note = Annotated[str, typer.Option("--note", help="Why: kept with the decision.")]


def _report(store: Store, report: LinkReport) -> None:
    if report.moved:
        relocate(store)  # incidents that gained or lost claims are placed again
    out.print(
        f"{report.claims} claims in {report.incidents} incidents; {report.moved} claims moved.",
        highlight=False,
    )


@app.command()
@command
def reconcile(db: DbOption = None) -> None:
    """Link claims that speak of the same incident; earlier links and analysts' decisions are kept."""
    store = open_store(db)
    _report(store, store.reconcile())


ClaimArg = Annotated[str, typer.Argument(help="The claim id (C-...).")]
IncidentArg = Annotated[str, typer.Argument(help="The incident id (I-...).")]


def _decide(kind: str, claim: str, incident: str, note: str, db: str | None) -> None:
    store = open_store(db)
    _report(store, store.decide(claim, incident, kind, note))


@app.command()
@command
def link(claim: ClaimArg, incident: IncidentArg, note: Note = "", db: DbOption = None) -> None:
    """Pin a claim to an incident by hand; every later reconciliation keeps it there."""
    _decide("link", claim, incident, note, db)


@app.command()
@command
def unlink(claim: ClaimArg, incident: IncidentArg, note: Note = "", db: DbOption = None) -> None:
    """Keep a claim out of an incident; every later reconciliation respects it."""
    _decide("unlink", claim, incident, note, db)


@app.command()
@command
def compare(
    incident_id: Annotated[str, typer.Argument(help="The incident id (I-...).", metavar="INCIDENT")],
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """The claims behind an incident side by side, as each source wrote them, with the differences marked."""
    store = open_store(db)
    convention = convention_for(store, names)
    incident = store.incident(incident_id)
    sources = store.sources()
    documents = store.documents_of(incident.claims)
    excerpts = {
        claim.id: " ".join(documents[claim.id].text[claim.span[0] : claim.span[1]].split())
        for claim in incident.claims
        if claim.id in documents and claim.span
    }
    published = {c: d.published.isoformat() for c, d in documents.items() if d.published}
    view = incident_view(incident, sources)
    columns, contested = compare_rows(
        incident,
        view,
        gazetteer=store.gazetteer(),
        convention=convention,
        timezone=store.mission().timezone,
        parties={p.code: p for p in store.parties()},
        sources=sources,
        excerpts=excerpts,
        published=published,
    )
    out.print(f"[bold]Incident {incident.id}[/bold]: {len(columns)} claims", highlight=False)
    table = Table(show_lines=True)
    table.add_column("")
    for column in columns:
        title = column.source + (" (monitor)" if column.monitor else "")
        table.add_column(f"{title}\n{column.claim_id}, published {column.published}", overflow="fold")
    table.add_row("as written", *[c.as_written for c in columns])
    for name in FIELDS:
        mark = " ≠" if contested[name] else ""
        table.add_row(LABELS[name] + mark, *[c.values[name] for c in columns])
    out.print(table)
    disputed = [LABELS[n] for n in FIELDS if contested[n]]
    out.print("Contested: " + (", ".join(disputed) if disputed else "nothing"), highlight=False)
    if view.casualties:
        out.print("Casualties (low-high): " + "; ".join(map(str, view.casualties)), highlight=False)
    day = store.incidents_on(incident.date_from, incident.date_to)
    for item in itemise(day, store.areas_of()):
        if incident.id in item.itemised:
            out.print(
                f"Counted within the {item.count} violations of incident {item.incident_id}.", highlight=False
            )
        if item.incident_id == incident.id:
            out.print(
                f"Of its {item.count} violations, {item.itemised_violations} are itemised in "
                f"{len(item.itemised)} incidents ({', '.join(item.itemised) or 'none'}); "
                f"{item.unitemised} are not.",
                highlight=False,
            )
