"""Reconciliation as the analyst drives it: relink everything, or pin or bar a claim by hand. Every
later run obeys an analyst's decision."""

from __future__ import annotations

from truce.errors import NotFound
from truce.record.linking import Ground, relink
from truce.store import LinkReport, Store

__all__ = ["decide", "reconcile"]


def reconcile(store: Store) -> LinkReport:
    """Link every claim into incidents, keeping earlier links and the analysts' decisions."""
    with store.transaction("reconcile") as tx:
        return relink(tx, Ground.of_store(store))


def decide(store: Store, claim_id: str, incident_id: str, kind: str, note: str = "") -> LinkReport:
    """Record an analyst's ``link`` or ``unlink`` of a claim and an incident, and relink."""
    with store.transaction(kind) as tx:
        if not tx.has_claim(claim_id):
            raise NotFound(f"no claim '{claim_id}'")
        if kind == "link" and not tx.has_incident(incident_id):
            raise NotFound(f"no incident '{incident_id}'")
        note = " ".join(note.split())[:2000]
        tx.add_decision(claim_id, incident_id, kind, note)
        tx.details = {"claim": claim_id, "incident": incident_id, "note": note}
        return relink(tx, Ground.of_store(store))
