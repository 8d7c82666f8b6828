"""``truce reconcile``, ``truce compare``, ``truce link`` and ``truce unlink``: claims into incidents."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from truce.cli.common import DbOption, NamesOption, app, command, open_store, out, text

if TYPE_CHECKING:
    from truce.store import LinkReport

__all__ = ["compare", "link", "reconcile", "unlink"]

Note = Annotated[str, typer.Option("--note", help="Why: kept with the decision.")]


def _report(report: LinkReport) -> None:
    out.print(f"{report.claims} claims in {report.incidents} incidents; {report.moved} claims moved.")


@app.command()
@command
def reconcile(db: DbOption = None) -> None:
    """Link claims that speak of the same incident; earlier links and analysts' decisions are kept."""
    from truce.record.decisions import reconcile as relink

    _report(relink(open_store(db)))


ClaimArg = Annotated[str, typer.Argument(help="The claim id (C-...).")]
IncidentArg = Annotated[str, typer.Argument(help="The incident id (I-...).")]


def _decide(kind: str, claim: str, incident: str, note: str, db: str | None) -> None:
    from truce.record.decisions import decide

    _report(decide(open_store(db), claim, incident, kind, note))


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
    from rich.table import Table

    from truce.record.incidents import compare as compare_claims
    from truce.record.incidents import compare_columns
    from truce.report.compare import FIELDS, LABELS

    store = open_store(db)
    found = compare_claims(store, incident_id)
    incident = found.incident
    columns, contested = compare_columns(store, found, names)
    standing = incident.standing.value + ("" if incident.by_monitor else " (not confirmed by the monitor)")
    out.print(f"Incident {incident.id}: {len(columns)} claims; {standing}", style="bold")
    table = Table(show_lines=True)
    table.add_column("")
    for column in columns:
        title = text(column.source) + f" ({column.standing})"
        table.add_column(f"{title}\n{column.claim_id}, published {column.published}", overflow="fold")
    table.add_row("as written", *[text(c.as_written) for c in columns])
    for name in FIELDS:
        mark = " ≠" if contested[name] else ""
        table.add_row(LABELS[name] + mark, *[text(c.values[name]) for c in columns])
    out.print(table)
    disputed = [LABELS[n] for n in FIELDS if contested[n]]
    out.print("Contested: " + (", ".join(disputed) if disputed else "nothing"))
    if found.view.casualties:
        out.print("Casualties (low-high): " + "; ".join(map(str, found.view.casualties)))
    for item in found.itemisation:
        if incident.id in item.itemised:
            out.print(f"Counted within the {item.count} violations of incident {item.incident_id}.")
        if item.incident_id == incident.id:
            out.print(
                f"Of its {item.count} violations, {item.itemised_violations} are itemised in "
                f"{len(item.itemised)} incidents ({', '.join(item.itemised) or 'none'}); "
                f"{item.unitemised} are not."
            )
