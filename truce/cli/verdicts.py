"""``truce verdict``: the monitor's finding on an incident (set, withdraw, show), and the list of them.
(``truce findings`` is another thing: what the geometry settles about incidents.)"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from truce.cli.common import DbOption, app, command, open_store, out, parse_date, text

if TYPE_CHECKING:
    from truce.model import Incident, MonitorFinding
    from truce.store import Store

__all__ = ["finding_line", "verdict_app"]

verdict_app = typer.Typer(
    help="The monitor's findings on incidents: list those in force, set one, withdraw one, show an "
    "incident's.",
    invoke_without_command=True,
)
app.add_typer(verdict_app, name="verdict")

IncidentArg = Annotated[str, typer.Argument(help="The incident id (I-...).", metavar="INCIDENT")]
Note = Annotated[str, typer.Option("--note", help="The grounds of the finding (required).")]
By = Annotated[
    str | None, typer.Option("--by", help="Who makes the finding (default: the user running Truce).")
]

VERDICT_WORDS = {
    "violation": "a ceasefire violation",
    "not_established": "not established",
    "unfounded": "unfounded",
    "withdrawn": "finding withdrawn",
}


def finding_line(finding: MonitorFinding) -> str:
    """One finding as a line: when, by whom, the verdict, what it settles and its grounds."""
    settled = []
    if finding.accused is not None:
        settled.append("fired by " + ("not established" if finding.accused == "unknown" else finding.accused))
    if finding.means is not None:
        settled.append("means " + ", ".join(finding.means))
    if finding.place_id is not None:
        settled.append(f"at {finding.location_text} ({finding.place_id})")
    if finding.date_from is not None:
        span = str(finding.date_from)
        settled.append(
            "on " + (span if finding.date_to in (None, finding.date_from) else f"{span} to {finding.date_to}")
        )
    what = VERDICT_WORDS[finding.verdict.value] + ("; " + "; ".join(settled) if settled else "")
    when = f"{finding.decided_at:%Y-%m-%d %H:%M} UTC"
    return f"{when}, {text(finding.analyst)}: {what}. Grounds: {text(finding.note)}"


@verdict_app.callback()
@command
def verdicts(
    context: typer.Context,
    every: Annotated[bool, typer.Option("--all", help="Every finding made, withdrawn ones too.")] = False,
    db: DbOption = None,
) -> None:
    """List the incidents with a finding in force (``--all``: every finding ever made), oldest first."""
    if context.invoked_subcommand is not None:
        return
    from truce.record.findings import findings_in_force

    store = open_store(db)
    found = store.findings() if every else findings_in_force(store)
    for finding in found:
        out.print(f"{finding.incident_id}  {finding_line(finding)}", highlight=False)
    out.print(f"{len(found)} findings" + ("" if every else " in force") + ".")


@verdict_app.command("set")
@command
def set_(
    incident: IncidentArg,
    verdict: Annotated[
        str, typer.Argument(help="violation, not_established or unfounded.", metavar="VERDICT")
    ],
    note: Note,
    accused: Annotated[
        str | None, typer.Option("--fired-by", help="Who fired (a party code; unknown: not established).")
    ] = None,
    means: Annotated[
        list[str] | None, typer.Option("--means", help="The means, from the vocabulary (repeat).")
    ] = None,
    place: Annotated[str | None, typer.Option("--place", help="Where: a place, in any spelling.")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="The day it happened (YYYY-MM-DD).")] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="The last day, for a span (YYYY-MM-DD).")
    ] = None,
    by: By = None,
    db: DbOption = None,
) -> None:
    """Set the monitor's finding on an incident: a violation (and, if known, who fired, the means, the
    place, the days), not established, or unfounded. It supersedes any earlier finding."""
    from truce.record.findings import FindingInput, set_finding

    given = FindingInput(
        verdict,
        note,
        accused=accused,
        means=list(means or []),
        place=place,
        date_from=parse_date(date_from, "--from"),
        date_to=parse_date(date_to, "--to"),
    )
    store = open_store(db)
    finding = set_finding(store, incident, given, by)
    _report(store, finding)


@verdict_app.command("withdraw")
@command
def withdraw(incident: IncidentArg, note: Note, by: By = None, db: DbOption = None) -> None:
    """Withdraw the finding in force on an incident: it rests on its claims again."""
    from truce.record.findings import withdraw_finding

    store = open_store(db)
    _report(store, withdraw_finding(store, incident, note, by))


@verdict_app.command("show")
@command
def show(incident: IncidentArg, db: DbOption = None) -> None:
    """The findings made on an incident, oldest first; the last one is in force unless withdrawn."""
    from truce.record.findings import findings_of

    store = open_store(db)
    shown = store.incident(incident)  # refuses an unknown incident
    found = findings_of(store, shown.id)
    for finding in found:
        out.print(finding_line(finding), highlight=False)
    out.print(f"Incident {shown.id}: {len(found)} findings; now {_now(shown)}.")


def _report(store: Store, finding: MonitorFinding) -> None:
    out.print(f"Recorded: {finding_line(finding)}", highlight=False)
    out.print(f"Incident {finding.incident_id}: now {_now(store.incident(finding.incident_id))}.")


def _now(incident: Incident) -> str:
    verdict = VERDICT_WORDS[incident.verdict.value] if incident.verdict else "no finding"
    record = "in the monitor's record" if incident.by_monitor else "claims alone, not the monitor's record"
    return f"{incident.standing.value}, {record}; finding: {verdict}"
