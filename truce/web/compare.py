"""An incident as the compare view shows it (the page and the API): each claim as its source put it, side
by side, with the contested fields marked, how counts cover it, and its history from the audit log. The
same composition as ``truce compare``: the record layer's comparison, laid out by
:func:`truce.report.compare.compare_rows`."""

from __future__ import annotations

from dataclasses import asdict

from truce.model import MonitorFinding
from truce.store import Store

__all__ = ["comparison", "finding_choices", "finding_record"]


def finding_choices(store: Store) -> dict:
    """What the finding form offers: the verdicts an analyst sets, the parties, the means."""
    from truce.model import MEANS, Verdict

    verdicts = [v.value for v in Verdict if v is not Verdict.WITHDRAWN]
    return {"verdicts": verdicts, "parties": store.parties(), "means_list": MEANS}


def finding_record(finding: MonitorFinding, place: str | None = None) -> dict:
    """A finding as the page and the API show it: plain values, dates as ISO text; ``place``: the place's
    name in the output's naming convention (else the name as the analyst typed it)."""
    return {
        "verdict": finding.verdict.value,
        "analyst": finding.analyst,
        "decided_at": finding.decided_at.isoformat(timespec="seconds"),
        "note": finding.note,
        "accused": finding.accused,
        "means": list(finding.means) if finding.means is not None else None,
        "place": place or finding.location_text,
        "place_id": finding.place_id,
        "date_from": finding.date_from.isoformat() if finding.date_from else None,
        "date_to": finding.date_to.isoformat() if finding.date_to else None,
    }


def comparison(store: Store, incident_id: str, names: str | None) -> dict:
    from truce.record.geography import incident_records
    from truce.record.history import history
    from truce.record.incidents import compare, compare_columns
    from truce.report.compare import FIELDS, LABELS

    found = compare(store, incident_id)
    incident, documents = found.incident, found.documents
    columns, contested = compare_columns(store, found, names)
    return {
        "incident": incident_records(store, [incident], names)[0],
        "fields": [{"name": n, "label": LABELS[n], "contested": contested[n]} for n in FIELDS],
        "claims": [asdict(c) for c in columns],
        "documents": {c: d.id for c, d in documents.items()},
        "casualty_ranges": [str(r) for r in found.view.casualties],
        "itemisation": [
            {
                "count_incident": item.incident_id,
                "count": item.count,
                "itemised": list(item.itemised),
                "itemised_violations": item.itemised_violations,
                "unitemised": item.unitemised,
            }
            for item in found.itemisation
        ],
        "history": [asdict(change) for change in history(store, incident_id)],
        "verdict": incident.verdict.value if incident.verdict else None,
        "findings": _findings(store, found.findings, names),
    }


def _findings(store: Store, findings: list[MonitorFinding], names: str | None) -> list[dict]:
    """The findings with their places named in the naming convention ``names``."""
    from truce.gazetteer.conventions import place_name
    from truce.record.bulletin import convention

    chosen, gazetteer = convention(store, names), store.gazetteer()
    found = []
    for finding in findings:
        place = gazetteer.get(finding.place_id or "")
        found.append(finding_record(finding, place_name(place, chosen) if place is not None else None))
    return found
