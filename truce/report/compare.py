"""The claims behind one incident side by side, each as its source put it, with what differs marked.

``compare_rows`` takes model objects and returns rows of text; the command line prints them as a table.
"""

from __future__ import annotations

from dataclasses import dataclass

from truce.gazetteer import Gazetteer
from truce.model import FOLLOW_UPS, Claim, Convention, Incident, Party, Source
from truce.reconcile.view import CONTESTED, IncidentView
from truce.report import describe

__all__ = ["ClaimColumn", "compare_rows"]

FIELDS = ("date", "time", "place", "accused", "means", "casualties", "violations", "withdrawal")
LABELS = {
    "date": "date",
    "time": "time",
    "place": "place",
    "accused": "blamed",
    "means": "means",
    "casualties": "casualties",
    "violations": "violations",
    "withdrawal": "withdrawal",
}


@dataclass(frozen=True)
class ClaimColumn:
    claim_id: str
    source: str
    monitor: bool
    standing: str  # observed, reported or claimed
    published: str  # the document's publication date, or "-"
    as_written: str  # the words of the document the claim rests on
    values: dict[str, str]  # field -> the claim's value, in the chosen naming convention


def compare_rows(
    incident: Incident,
    view: IncidentView,
    *,
    gazetteer: Gazetteer,
    convention: Convention,
    timezone: str,
    parties: dict[str, Party],
    sources: dict[str, Source],
    excerpts: dict[str, str],
    published: dict[str, str],
) -> tuple[list[ClaimColumn], dict[str, bool]]:
    """One column per claim (the monitor's first) and, per field, whether the claims contest it."""
    monitor = set(view.monitor_claims)
    ordered = sorted(incident.claims, key=lambda c: (c.id not in monitor, c.id))
    columns = [
        ClaimColumn(
            claim_id=claim.id,
            source=sources[claim.source_id].name if claim.source_id in sources else claim.source_id,
            monitor=claim.id in monitor,
            standing=claim.standing.value,
            published=published.get(claim.id, "-"),
            as_written=excerpts.get(claim.id) or claim.location_text or "-",
            values=_values(claim, gazetteer, convention, timezone, parties),
        )
        for claim in ordered
    ]
    contested = {name: view.fields[name].status == CONTESTED for name in FIELDS}
    return columns, contested


def _values(
    claim: Claim, gazetteer: Gazetteer, convention: Convention, timezone: str, parties: dict[str, Party]
) -> dict:
    place = gazetteer.get(claim.place_id or claim.area_ref or "")
    where = describe.location_text(claim, gazetteer, convention)
    if place is not None and claim.location_text and claim.location_text not in where:
        where += f" (as written: {claim.location_text})"
    stated = claim.date_precision.value != "reported"
    values = {
        "date": describe.date_text(claim.date_from, claim.date_to) if stated else "not stated",
        "time": describe.time_window(claim, timezone) or "-",
        "place": where,
        "accused": describe.blamed(claim, parties),
        "means": describe.means_text(claim),
        "casualties": describe.casualties_text(claim.casualties, claim.no_casualties, parties),
        "violations": str(claim.violations),
        "withdrawal": FOLLOW_UPS.get(claim.stance, "-"),
    }
    if claim.answers:  # a denial or a follow-up says nothing of the means, the toll or the count
        for name in ("time", "means", "casualties", "violations"):
            values[name] = "-"
        if claim.denies:
            values["accused"] = f"{values['accused']} denies it"
        elif claim.follows_up:
            values["accused"] = "-"
    return values
