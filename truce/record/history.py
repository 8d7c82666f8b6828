"""The history of an incident, from the audit log: every write that touched it or one of its claims
(ingested, observed, linked or unlinked, retracted, located), and every analyst's decision about it, with
who did it and when."""

from __future__ import annotations

import json
from dataclasses import dataclass

from truce.store import Store

__all__ = ["Change", "history"]


@dataclass(frozen=True)
class Change:
    seq: int  # the log entry
    at: str
    who: str
    action: str
    what: dict  # what the write said of itself
    touched: list[str]  # the entities of the incident it touched ("incident I-...", "claim C-...")


def history(store: Store, incident_id: str) -> list[Change]:
    """The log entries touching ``incident_id`` or its claims, oldest first."""
    incident = store.incident(incident_id)  # NotFound for an unknown id
    wanted = {("incident", incident.id), *(("claim", c.id) for c in incident.claims)}
    needles = [f'"{key}"' for _, key in wanted]
    found = []
    for row in store.log_entries():
        if not any(needle in row.change for needle in needles):  # most entries: skipped unparsed
            continue
        change = json.loads(row.change)
        touched = [
            f"{kind} {key}"
            for kind, keys in change.get("entities", {}).items()
            for key in keys
            if (kind, key) in wanted
        ]
        what = change.get("what", {})
        if isinstance(what, dict) and what.get("incident") == incident.id and not touched:
            touched.append(f"incident {incident.id}")  # a decision about it that moved nothing
        if touched:
            found.append(Change(row.seq, row.at, row.who, row.action, change.get("what", {}), touched))
    return found
