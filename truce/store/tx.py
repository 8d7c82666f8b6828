"""One write transaction: what the record layer reads and writes while it changes the record.

Everything a use case writes (documents and their claims, observations, retractions, link decisions,
the incidents the links make, where they stand) goes through one :class:`Tx`, so it is committed
together or not at all. The cores compute; this only reads and writes rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from truce.errors import InputError, NotFound
from truce.model import (
    BulletinVersion,
    Claim,
    Document,
    Incident,
    MonitorFinding,
    Observation,
    Signature,
    Siting,
    Source,
)
from truce.reconcile import Decision
from truce.store import convert
from truce.store.ledger import Changes
from truce.store.listed import among
from truce.store.schema import (
    BulletinFileRow,
    BulletinRow,
    CasualtyRow,
    ClaimRow,
    DocumentRow,
    FindingRow,
    IncidentRow,
    KeyRow,
    LinkDecisionRow,
    ObservationRow,
    PublicationRow,
    SignatureRow,
    SourceRow,
)
from truce.store.spans import began_before, longest_span

__all__ = ["LinkReport", "Tx"]

#: Spans of days in one query's condition.
SPANS = 100


@dataclass(frozen=True)
class LinkReport:
    claims: int
    incidents: int
    moved: int  # claims whose incident changed in this run
    touched: frozenset[str] = frozenset()  # incidents made or changed: to be located again


class Tx:
    """The session of one write transaction (see :meth:`truce.store.Store.transaction`)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.changes = Changes()  # the entities this transaction touched: logged when it ends
        self.details: dict = {}  # what the use case says of its work, logged with them

    # -- sources and documents ----------------------------------------------------------------------

    def sources(self) -> list[Source]:
        return [convert.source_from_row(r) for r in self.session.scalars(select(SourceRow))]

    def add_source(self, source: Source) -> None:
        self.session.add(convert.source_row(source))
        self.session.flush()
        self.changes.touch("source", [source.id])

    def document(self, document_id: str) -> Document | None:
        row = self.session.get(DocumentRow, document_id)
        return convert.document_from_row(row) if row is not None else None

    def add_publication(self, document: Document, source_id: str) -> bool:
        """Record another publication of a stored document (another source or address); False if the
        record already holds this one."""
        row = self.session.get(DocumentRow, document.id)
        if row is None:
            raise NotFound(f"no document '{document.id}'")
        if (row.source_id, row.url) == (source_id, document.url):
            return False
        known = select(PublicationRow.id).where(
            PublicationRow.document_id == document.id,
            PublicationRow.source_id == source_id,
            PublicationRow.url == document.url,
        )
        if self.session.scalar(known) is not None:
            return False
        row = PublicationRow(
            document_id=document.id,
            source_id=source_id,
            url=document.url,
            published=document.published,
            ingested_at=convert.now(),
        )
        self.session.add(row)
        self.session.flush()
        self.changes.touch("publication", [row.id])
        return True

    def add_document(self, document: Document, source_id: str, claims: list[Claim]) -> None:
        """Store a new document with the claims read from it."""
        self.add_documents([(document, source_id, claims)])

    def add_documents(self, documents: list[tuple[Document, str, list[Claim]]]) -> None:
        """Store new documents (each with its source's id and the claims read from it), all the documents
        first, then all the claims: three flushes for a batch, not three a document (a bulk ingest)."""
        now = convert.now()
        self._insert(
            DocumentRow,
            [
                {
                    "id": document.id,
                    "source_id": source_id,
                    "published": document.published,
                    "lang": document.lang,
                    "url": document.url,
                    "title": document.title,
                    "text": document.text,
                    "ingested_at": now,
                }
                for document, source_id, _ in documents
            ],
        )
        self.changes.touch("document", [document.id for document, _, _ in documents])
        self.add_claims([claim for _, _, claims in documents for claim in claims])

    def known_documents(self, ids: list[str]) -> set[str]:
        """Which of the documents ``ids`` the record holds: one query for a batch, not one a document."""
        if not ids:
            return set()
        return set(self.session.scalars(select(DocumentRow.id).where(self._among(DocumentRow.id, ids))))

    def add_claims(self, claims: list[Claim], pack: str | None = None) -> None:
        """Store claims (with their casualties): read from documents, or ``pack``'s own records."""
        self._insert(ClaimRow, [convert.claim_columns(claim, pack) for claim in claims])
        self._insert(CasualtyRow, [row for claim in claims for row in convert.casualty_columns(claim)])
        self.changes.touch("claim", [c.id for c in claims])

    def _insert(self, table: type, rows: list[dict]) -> None:
        """Insert rows given as column values, in bulk: no ORM object is made for them (what the session
        holds is written first, as its own inserts would be)."""
        if rows:
            self.session.execute(insert(table), rows)

    def retract(self, document_id: str, by: str, reason: str) -> int:
        """Mark a document retracted and take its claims out of their incidents; returns how many."""
        row = self.session.get(DocumentRow, document_id)
        if row is None:
            raise NotFound(f"no document '{document_id}'")
        row.retracted_at, row.retracted_by, row.retraction_reason = convert.now(), by, reason
        # the incidents it leaves are rebuilt from the claims that remain (no lead: rebuilt on relinking)
        held = select(ClaimRow.incident_id).where(ClaimRow.document_id == document_id)
        left = list(self.session.scalars(held.where(ClaimRow.incident_id.is_not(None))))
        self.session.execute(update(IncidentRow).where(IncidentRow.id.in_(left)).values(lead_claim=None))
        claims = list(self.session.scalars(select(ClaimRow.id).where(ClaimRow.document_id == document_id)))
        self.session.execute(
            update(ClaimRow).where(ClaimRow.document_id == document_id).values(incident_id=None)
        )
        self.session.flush()
        self.changes.touch("document", [document_id])
        self.changes.touch("incident", left)
        self.changes.touch("claim", claims)
        return len(claims)

    def add_observation(self, claim: Claim, observation: Observation) -> None:
        self.add_claims([claim])
        self.session.add(convert.observation_row(observation))
        self.session.flush()
        self.changes.touch("claim", [claim.id])

    # -- links -------------------------------------------------------------------------------------

    def claims(self, days: list[tuple[date, date]] | None = None) -> list[Claim]:
        """The claims that count (those of retracted documents are left out): all, or those whose days
        meet one of the spans ``days`` together with every claim of their incidents (so that no
        incident is cut)."""
        counting = self._counting()
        claim_rows = select(*ClaimRow.__table__.c)  # plain rows: the ORM's objects are not needed here
        if days is None:
            rows = list(self._rows(claim_rows.where(counting)))
            return self._with_casualties(rows, every=True)
        found: dict[str, Row] = {}
        longest = longest_span(self.session, ClaimRow)
        for start in range(0, len(days), SPANS):  # a few spans to a query: short statements
            spans = days[start : start + SPANS]
            # those that start within a span, then the few of several days that began before one and last
            # into it (truce.store.spans): each part read from its own index
            within = or_(*(ClaimRow.date_from.between(lo, hi) for lo, hi in spans))
            began = or_(
                *(began_before(ClaimRow, lo, longest) & (ClaimRow.date_from <= hi) for lo, hi in spans)
            )
            for part in (within, began):
                found.update((r.id, r) for r in self._rows(claim_rows.where(counting, part)))
        # the other claims of their incidents: their ids first (most are those found), then those rows
        incidents = sorted({r.incident_id for r in found.values() if r.incident_id})
        of_them = self._among(ClaimRow.incident_id, incidents)
        others = {r.id for r in self._rows(select(ClaimRow.id).where(counting, of_them))}
        missing = sorted(others - set(found))
        if missing:
            found.update((r.id, r) for r in self._rows(claim_rows.where(self._among(ClaimRow.id, missing))))
        return self._with_casualties(list(found.values()))

    def claims_of(self, incident_id: str) -> list[Claim]:
        """The claims of one incident that count."""
        query = select(*ClaimRow.__table__.c).where(self._counting(), ClaimRow.incident_id == incident_id)
        return self._with_casualties(list(self._rows(query)))

    def document_claims(self, document_ids: list[str]) -> list[Claim]:
        """The claims of these documents that count."""
        if not document_ids:
            return []
        query = select(*ClaimRow.__table__.c).where(
            self._counting(), self._among(ClaimRow.document_id, document_ids)
        )
        return self._with_casualties(list(self._rows(query)))

    def _rows(self, query: Select) -> Iterator[Row]:
        """Plain rows of ``query``, run on the transaction's connection (no ORM result processing); what
        the session holds is written first, as the session's own queries do."""
        self.session.flush()
        return convert.plain(self.session.connection().execute(query))

    def _among(self, column: ColumnElement[Any], values: Iterable[str]) -> ColumnElement[bool]:
        return among(column, values, self.session.get_bind())

    @staticmethod
    def _counting() -> ColumnElement[bool]:
        """Claims that count: those of retracted documents are left out."""
        retracted = select(DocumentRow.id).where(DocumentRow.retracted_at.is_not(None))
        return ClaimRow.document_id.is_(None) | ClaimRow.document_id.not_in(retracted)

    def _with_casualties(self, rows: list[Row], every: bool = False) -> list[Claim]:
        """Claims of ``rows`` with their casualties (``every``: the rows are every claim, and reading all
        casualties is cheaper than asking by id)."""
        casualties: dict[str, list[Row]] = defaultdict(list)
        parts = select(*CasualtyRow.__table__.c)
        if every:
            for row in self._rows(parts):
                casualties[row.claim_id].append(row)
        elif rows:
            for row in self._rows(parts.where(self._among(CasualtyRow.claim_id, [r.id for r in rows]))):
                casualties[row.claim_id].append(row)
        for found in casualties.values():
            found.sort(key=lambda c: c.id)
        return [convert.claim_from_row(r, casualties[r.id]) for r in sorted(rows, key=lambda r: r.id)]

    def counts(self) -> tuple[int, int]:
        """How many claims count, and how many incidents there are.

        The claims that count are all claims less those of retracted documents: two counts the indexes
        answer (migration 0008), where testing every claim against the retractions read every row."""
        every = self.session.scalar(select(func.count()).select_from(ClaimRow)) or 0
        withdrawn = self.session.scalar(
            select(func.count())
            .select_from(DocumentRow)
            .join(ClaimRow, ClaimRow.document_id == DocumentRow.id)
            .where(DocumentRow.retracted_at.is_not(None))
        )
        incidents = self.session.scalar(select(func.count()).select_from(IncidentRow)) or 0
        return every - (withdrawn or 0), incidents

    def has_claim(self, claim_id: str) -> bool:
        return self.session.get(ClaimRow, claim_id) is not None

    def has_incident(self, incident_id: str) -> bool:
        return self.session.get(IncidentRow, incident_id) is not None

    def decisions(self) -> list[Decision]:
        rows = self.session.scalars(select(LinkDecisionRow).order_by(LinkDecisionRow.id))
        return [Decision(r.claim_id, r.incident_id, r.kind) for r in rows]

    def add_decision(self, claim_id: str, incident_id: str, kind: str, note: str) -> None:
        row = LinkDecisionRow(
            claim_id=claim_id, incident_id=incident_id, kind=kind, decided_at=convert.now(), note=note
        )
        self.session.add(row)
        self.session.flush()
        self.changes.touch("decision", [row.id])

    # -- the monitor's findings --------------------------------------------------------------------

    def add_finding(self, finding: MonitorFinding) -> int:
        row = convert.finding_row(finding)
        self.session.add(row)
        self.session.flush()
        self.changes.touch("finding", [row.id])
        return row.id

    def findings_in_force(self, incident_ids: Iterable[str]) -> dict[str, MonitorFinding]:
        """The latest finding of each of ``incident_ids`` that has one (a withdrawal included)."""
        ids = sorted(set(incident_ids))
        if not ids:
            return {}
        query = select(FindingRow).where(self._among(FindingRow.incident_id, ids)).order_by(FindingRow.id)
        return {r.incident_id: convert.finding_from_row(r) for r in self.session.scalars(query)}

    def apply_finding(self, incident_id: str) -> None:
        """Show an incident's finding in force, rebuilding it from its claims (to be located again)."""
        claims = self.claims_of(incident_id)
        self.apply_links(claims, {c.id: incident_id for c in claims}, whole=False, rebuild={incident_id})

    def apply_links(
        self,
        claims: list[Claim],
        mapping: dict[str, str],
        whole: bool = True,
        rebuild: frozenset[str] | set[str] = frozenset(),
    ) -> LinkReport:
        """Write the incidents ``mapping`` (claim id -> incident id) makes of ``claims``: incidents whose
        claims changed are rebuilt from them, emptied ones deleted, unchanged ones left alone.
        ``whole``: ``claims`` are every claim that counts (an incident none of them holds is emptied);
        else they are some days' claims with all the claims of their incidents, and other incidents
        are not theirs to touch. ``rebuild``: incidents rebuilt even if their claims did not change (a
        new finding). Each rebuilt incident shows its finding in force."""
        existing = {c.id: c.incident_id for c in claims if c.incident_id}
        groups: dict[str, list[Claim]] = defaultdict(list)
        for claim in claims:
            if claim.id in mapping:
                groups[mapping[claim.id]].append(claim)
        # each incident's pack and lead claim, as plain rows: the ORM's objects only for those rebuilt
        light = select(IncidentRow.id, IncidentRow.pack, IncidentRow.lead_claim)
        if whole:
            known = {r.id: r for r in self._rows(light)}
        else:
            ids = sorted(set(existing.values()) | set(groups))
            known = {r.id: r for r in self._rows(light.where(self._among(IncidentRow.id, ids)))}
        changed = {
            i
            for c in claims
            if existing.get(c.id) != mapping.get(c.id)
            for i in (existing.get(c.id), mapping.get(c.id))
            if i
        }
        emptied = set(known) - set(groups)
        touched = set()
        due = {
            i
            for i in groups
            if i in changed or i in rebuild or known.get(i) is None or not known[i].lead_claim
        }
        rebuilt = sorted(due & set(known))
        if rebuilt:  # into the session, so that merging them reads nothing
            self.session.scalars(select(IncidentRow).where(self._among(IncidentRow.id, rebuilt))).all()
        findings = self.findings_in_force(due)
        for incident_id, members in groups.items():
            if incident_id not in due:
                continue
            old = known.get(incident_id)
            members.sort(key=lambda c: (c.answers, not c.standing.monitor, c.date_from, c.id))
            incident = Incident.from_claims(incident_id, members, findings.get(incident_id))
            row = convert.incident_row(incident, old.pack if old else None)
            row.sited = False  # its place may have changed: to be located again
            touched.add(incident_id)
            if old is not None:
                self.session.merge(row)
            else:
                self.session.add(row)
        self.session.flush()
        moves = [
            {"id": c.id, "incident_id": mapping.get(c.id)}  # a denial of nothing on record has no incident
            for c in claims
            if existing.get(c.id) != mapping.get(c.id)
        ]
        if moves:
            self.session.execute(update(ClaimRow), moves)  # one bulk update by primary key
        if emptied:
            self.session.execute(delete(IncidentRow).where(IncidentRow.id.in_(emptied)))
        self.session.flush()
        self.changes.touch("incident", touched | emptied)
        self.changes.touch("claim", [m["id"] for m in moves])
        return LinkReport(len(claims), len(groups), len(moves), frozenset(touched))

    # -- locating ----------------------------------------------------------------------------------

    def unsited(self) -> list[str]:
        """Incidents not located since they last changed (or since an interrupted write)."""
        # ~sited: the condition of the partial index ix_incidents_unsited, so both planners read only it
        return list(self.session.scalars(select(IncidentRow.id).where(~IncidentRow.sited)))

    def incidents(self, ids: Iterable[str] | None = None) -> list[Incident]:
        """Incidents with their lead claim's casualties (enough to locate them), by id or all."""
        query = select(IncidentRow)
        if ids is not None:
            query = query.where(IncidentRow.id.in_(list(ids)))
        return [convert.incident_from_row(r, []) for r in self.session.scalars(query)]

    def save_sitings(self, sitings: dict[str, Siting | None]) -> int:
        """Store where each incident stands; returns how many changed."""
        changed = 0
        for row in self.session.scalars(select(IncidentRow).where(IncidentRow.id.in_(list(sitings)))):
            if not row.sited or convert.siting_from_row(row) != sitings[row.id]:
                for column, value in convert.siting_columns(sitings[row.id]).items():
                    setattr(row, column, value)
                changed += 1
                self.changes.touch("incident", [row.id])
        self.session.flush()
        return changed

    def observation_exists(self, claim_id: str) -> bool:
        return self.session.get(ObservationRow, claim_id) is not None

    # -- keys and publications ---------------------------------------------------------------------

    def add_key(self, name: str, side: str, verifier: str) -> None:
        if self.session.get(KeyRow, name) is not None:
            raise InputError(
                f"a key named '{name}' is registered already: keys are never replaced, name a new one"
            )
        self.session.add(KeyRow(name=name, side=side, verifier=verifier, created_at=convert.now()))
        self.session.flush()
        self.changes.touch("key", [name])

    def retire_key(self, name: str) -> None:
        row = self.session.get(KeyRow, name)
        if row is None:
            raise NotFound(f"no key '{name}'")
        if row.retired_at is not None:
            raise InputError(f"key '{name}' was retired on {row.retired_at:%Y-%m-%d} already")
        row.retired_at = convert.now()
        self.session.flush()
        self.changes.touch("key", [name])

    def add_bulletin(self, bulletin: BulletinVersion) -> None:
        self.session.add(
            BulletinRow(
                id=bulletin.id,
                day=bulletin.day,
                version=bulletin.version,
                corrects=bulletin.corrects,
                reason=bulletin.reason,
                status=bulletin.status,
                manifest=bulletin.manifest,
                drafted_at=bulletin.drafted_at,
            )
        )
        self.session.flush()
        self.session.add_all(
            BulletinFileRow(bulletin_id=bulletin.id, name=n, content=c) for n, c in bulletin.files.items()
        )
        self.session.flush()
        self.changes.touch("bulletin", [bulletin.id])

    def add_signature(self, bulletin_id: str, signature: Signature, published: bool) -> None:
        row = self.session.get(BulletinRow, bulletin_id)
        if row is None:
            raise NotFound(f"no bulletin '{bulletin_id}'")
        self.session.add(
            SignatureRow(
                bulletin_id=bulletin_id,
                side=signature.side,
                key_name=signature.key_name,
                signature=signature.signature,
                signed_at=signature.signed_at,
            )
        )
        if published:
            row.status, row.published_at = "published", signature.signed_at
        self.session.flush()
        self.changes.touch("bulletin", [bulletin_id])
