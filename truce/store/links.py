"""Keeping incidents in step with the linker: reading every claim, writing the incidents the links make,
and the analysts' link and unlink decisions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from truce.model import Claim, Incident
from truce.reconcile import Decision, Linker
from truce.store import convert
from truce.store.schema import CasualtyRow, ClaimRow, IncidentRow, LinkDecisionRow

__all__ = ["LinkReport", "all_claims", "decisions", "relink"]


@dataclass(frozen=True)
class LinkReport:
    claims: int
    incidents: int
    moved: int  # claims whose incident changed in this run


def all_claims(session: Session) -> list[Claim]:
    casualties: dict[str, list[CasualtyRow]] = defaultdict(list)
    for row in session.scalars(select(CasualtyRow).order_by(CasualtyRow.id)):
        casualties[row.claim_id].append(row)
    return [
        convert.claim_from_row(r, casualties[r.id])
        for r in session.scalars(select(ClaimRow).order_by(ClaimRow.id))
    ]


def decisions(session: Session) -> list[Decision]:
    rows = session.scalars(select(LinkDecisionRow).order_by(LinkDecisionRow.id))
    return [Decision(r.claim_id, r.incident_id, r.kind) for r in rows]


def relink(session: Session, linker: Linker, monitors: set[str]) -> LinkReport:
    """Link every claim, keeping existing links and decisions; rewrite the incidents that changed."""
    claims = all_claims(session)
    existing = {c.id: c.incident_id for c in claims if c.incident_id}
    mapping = linker.link(claims, existing)
    groups: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        if claim.id in mapping:
            groups[mapping.get(claim.id)].append(claim)
    rows = {r.id: r for r in session.scalars(select(IncidentRow))}
    changed = {
        i
        for c in claims
        if existing.get(c.id) != mapping.get(c.id)
        for i in (existing.get(c.id), mapping.get(c.id))
    }
    for incident_id, members in groups.items():
        if incident_id in rows and incident_id not in changed and rows[incident_id].lead_claim:
            continue
        members.sort(key=lambda c: (c.denies, c.source_id not in monitors, c.date_from, c.id))
        incident = Incident.from_claims(incident_id, members, monitors)
        old = rows.get(incident_id)
        pack = old.pack if old is not None else None
        row = convert.incident_row(incident, pack)
        if old is not None:
            row.sited = False  # its place may have changed: locate it again
            session.merge(row)
        else:
            session.add(row)
    session.flush()
    moves = [
        {"id": c.id, "incident_id": mapping.get(c.id)}  # a denial of nothing on record has no incident
        for c in claims
        if existing.get(c.id) != mapping.get(c.id)
    ]
    if moves:
        session.execute(update(ClaimRow), moves)  # one bulk update by primary key, not a statement a claim
    empty = set(rows) - set(groups)
    if empty:
        session.execute(delete(IncidentRow).where(IncidentRow.id.in_(empty)))
    return LinkReport(len(claims), len(groups), len(moves))
