"""The analyst's inbox: what is waiting for a decision. New documents; claims that stand alone because
they say nothing precise (the whole region, a date only reported), which the linker attaches only when
something corroborates them; and incidents whose claims contest a field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from truce.model import Document, Incident, LocationPrecision
from truce.reconcile import incident_view
from truce.store import IncidentFilter, Store

__all__ = ["Inbox", "inbox"]

VAGUE = (LocationPrecision.REGION, LocationPrecision.ZONE)


@dataclass(frozen=True)
class Inbox:
    documents: list[Document]  # the newest that count
    waiting: list[Incident]  # incidents of one claim that says nothing precise, newest first
    contested: list[tuple[Incident, list[str]]]  # incidents and their contested fields, newest first


def inbox(store: Store, since: date | None = None, limit: int = 50) -> Inbox:
    """What waits for an analyst, among the incidents from ``since`` on (all by default)."""
    from truce.store import DocumentFilter

    documents = store.documents(DocumentFilter(retracted=False))[:limit]
    incidents = sorted(
        store.incidents(IncidentFilter(date_from=since)), key=lambda i: (i.date_from, i.id), reverse=True
    )
    waiting = [
        i
        for i in incidents
        if len(i.claims) == 1
        and not i.by_monitor
        and (i.claims[0].location_precision in VAGUE or i.claims[0].date_precision.value == "reported")
    ]
    contested = [(i, incident_view(i).contested) for i in incidents if len(i.claims) > 1]
    return Inbox(documents, waiting[:limit], [(i, c) for i, c in contested if c][:limit])
