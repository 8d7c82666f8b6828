"""The store: the only part of Truce that talks to the database.

``Store.open(url)`` connects (SQLite file by default, PostgreSQL by URL); ``init`` brings the schema up
to date through the Alembic migrations and loads a mission pack in one transaction; the other methods
read model objects back.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truce.errors import NotFound, StoreError
from truce.gazetteer import Gazetteer
from truce.model import Area, Claim, Document, Incident, Mission, Party, Place, Post, Siting, Source
from truce.packs import Pack
from truce.reconcile import Linker
from truce.store import convert, ingest, links
from truce.store.db import current_revision, database_url, head_revision, make_engine, upgrade
from truce.store.schema import (
    AreaRow,
    CasualtyRow,
    CeasefirePointRow,
    ClaimRow,
    DocumentRow,
    IncidentRow,
    LinkDecisionRow,
    MissionRow,
    PackRow,
    PartyRow,
    PlaceNameRow,
    PlaceRow,
    PostRow,
    SourceRow,
)

__all__ = ["IncidentFilter", "LoadResult", "Store"]

# Rows a pack owns, children before parents (the order to delete them in).
PACK_TABLES = (
    CasualtyRow,
    ClaimRow,
    IncidentRow,
    PostRow,
    PlaceNameRow,
    PlaceRow,
    AreaRow,
    CeasefirePointRow,
    MissionRow,
)


class LoadResult:
    def __init__(self, pack: str, changed: bool, counts: dict[str, int]) -> None:
        self.pack, self.changed, self.counts = pack, changed, counts


class IncidentFilter:
    """Which incidents to list: a date window, places (any of them), the party blamed."""

    def __init__(
        self,
        date_from: date | None = None,
        date_to: date | None = None,
        place_ids: set[str] | None = None,
        accused: str | None = None,
    ) -> None:
        self.date_from, self.date_to, self.place_ids, self.accused = date_from, date_to, place_ids, accused


class Store:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._gazetteer: Gazetteer | None = None

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        return cls(make_engine(database_url(url)))

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    # -- schema and packs -------------------------------------------------------------------------

    def is_current(self) -> bool:
        return current_revision(self.engine) == head_revision()

    def migrate(self) -> None:
        upgrade(self.engine)

    def init(self, pack: Pack) -> LoadResult:
        """Bring the schema up to date and load ``pack``; the same pack files again change nothing."""
        self.migrate()
        try:
            with Session(self.engine) as session, session.begin():
                loaded = session.get(PackRow, pack.name)
                if loaded is not None and loaded.hash == pack.hash:
                    return LoadResult(pack.name, False, {})
                return self._write_pack(session, pack, loaded)
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"loading pack '{pack.name}' failed, nothing was written: {reason}") from None
        finally:
            self._gazetteer = None

    def _write_pack(self, session: Session, pack: Pack, loaded: PackRow | None) -> LoadResult:
        if loaded is not None:  # a changed pack replaces what the old version wrote
            # claims of ingested documents linked to the pack's incidents are relinked after the load
            pack_incidents = select(IncidentRow.id).where(IncidentRow.pack == pack.name)
            session.execute(
                update(ClaimRow)
                .where(ClaimRow.pack.is_(None), ClaimRow.incident_id.in_(pack_incidents))
                .values(incident_id=None)
            )
            for table in PACK_TABLES:
                if table is CasualtyRow:
                    owned = select(ClaimRow.id).where(ClaimRow.pack == pack.name)
                    session.execute(delete(CasualtyRow).where(CasualtyRow.claim_id.in_(owned)))
                elif table is PlaceNameRow:
                    owned = select(PlaceRow.id).where(PlaceRow.pack == pack.name)
                    session.execute(delete(PlaceNameRow).where(PlaceNameRow.place_id.in_(owned)))
                else:
                    session.execute(delete(table).where(table.pack == pack.name))
            loaded.hash, loaded.loaded_at = pack.hash, convert.now()
        else:
            session.add(PackRow(name=pack.name, hash=pack.hash, loaded_at=convert.now()))
        session.flush()
        for party in pack.parties:
            session.merge(convert.party_row(party))
        for source in pack.sources:
            session.merge(convert.source_row(source))
        session.add(convert.mission_row(pack.mission, pack.name, pack.focus))
        names = []
        for place in pack.places:
            row, place_names = convert.place_rows(place, pack.name)
            session.add(row)
            names.extend(place_names)
        session.flush()
        session.add_all(names)
        session.add_all(
            CeasefirePointRow(point=c.point, pack=pack.name, topic=c.topic, summary=c.summary)
            for c in pack.ceasefire
        )
        session.add_all(convert.post_row(p, pack.name) for p in pack.posts)
        session.add_all(convert.area_row(a, pack.name) for a in pack.areas)
        session.add_all(convert.incident_row(i, pack.name) for i in pack.incidents)
        session.flush()
        session.add_all(convert.claim_row(claim, pack.name) for claim in pack.claims)
        session.flush()  # rows without relationships are inserted in no guaranteed order: parents first
        session.add_all(row for claim in pack.claims for row in convert.casualty_rows(claim))
        if loaded is not None:
            session.flush()
            links.relink(session, self._linker(session), self._monitors(session))
        counts = {
            "places": len(pack.places),
            "place names": len(names),
            "posts": len(pack.posts),
            "areas": len(pack.areas),
            "incidents": len(pack.incidents),
            "claims": len(pack.claims),
        }
        return LoadResult(pack.name, True, counts)

    def ingest(self, items: list[tuple[Document, list[Claim]]]) -> tuple[int, int, int]:
        """Store documents with their claims and link the claims into incidents (reconciliation), in one
        transaction for the batch.

        Returns (documents added, documents stored before, claims added).
        """
        added = skipped = claimed = 0
        try:
            with Session(self.engine) as session, session.begin():
                for document, claims in items:
                    source = ingest.ensure_source(session, document.source)
                    for claim in claims:
                        claim.source_id, claim.incident_id = source, None
                    if ingest.write_document(session, document, source, claims):
                        added, claimed = added + 1, claimed + len(claims)
                    else:
                        skipped += 1
                if claimed:
                    session.flush()
                    links.relink(session, self._linker(session), self._monitors(session))
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            raise StoreError(f"ingesting failed, nothing of this batch was written: {reason}") from None
        return added, skipped, claimed

    # -- reconciliation ---------------------------------------------------------------------------

    def _monitors(self, session: Session) -> set[str]:
        return set(session.scalars(select(SourceRow.id).where(SourceRow.kind == "monitor")))

    def areas_of(self) -> dict[str, set[str]]:
        """Place id -> the admin units (former and current) it lies in."""
        places = self.gazetteer().places.values()
        return {p.id: {a for a in (p.admin_former, p.admin_current) if a} for p in places}

    def _linker(self, session: Session) -> Linker:
        return Linker(self.areas_of(), self._monitors(session), links.decisions(session))

    def incidents_on(self, first: date, last: date) -> list[Incident]:
        return self.incidents(IncidentFilter(first, last))

    def reconcile(self) -> links.LinkReport:
        """Link every claim into incidents, keeping earlier links and the analysts' decisions."""
        with Session(self.engine) as session, session.begin():
            return links.relink(session, self._linker(session), self._monitors(session))

    def decide(self, claim_id: str, incident_id: str, kind: str, note: str = "") -> links.LinkReport:
        """Record an analyst's ``link`` or ``unlink`` of a claim and an incident, and relink."""
        with Session(self.engine) as session, session.begin():
            if session.get(ClaimRow, claim_id) is None:
                raise NotFound(f"no claim '{claim_id}'")
            if kind == "link" and session.get(IncidentRow, incident_id) is None:
                raise NotFound(f"no incident '{incident_id}'")
            session.add(
                LinkDecisionRow(
                    claim_id=claim_id, incident_id=incident_id, kind=kind, decided_at=convert.now(), note=note
                )
            )
            session.flush()
            return links.relink(session, self._linker(session), self._monitors(session))

    def documents_of(self, claims: list[Claim]) -> dict[str, DocumentRow]:
        """The documents the claims were read from, by claim id."""
        ids = {c.document_id for c in claims if c.document_id}
        with Session(self.engine) as session:
            rows = {r.id: r for r in session.scalars(select(DocumentRow).where(DocumentRow.id.in_(ids)))}
            session.expunge_all()
        return {c.id: rows[c.document_id] for c in claims if c.document_id in rows}

    def require_ready(self) -> None:
        """Raise a :class:`StoreError` that says what to run when the database is not initialised."""
        revision = current_revision(self.engine)
        if revision is None:
            raise StoreError(f"database {self.url} is not initialised: run `truce init`")
        if revision != head_revision():
            raise StoreError(
                f"database {self.url} has an older schema ({revision}): run `truce init` to upgrade it"
            )
        with Session(self.engine) as session:
            if session.scalar(select(func.count()).select_from(MissionRow)) == 0:
                raise StoreError(f"database {self.url} has no mission pack loaded: run `truce init`")

    # -- reading ------------------------------------------------------------------------------------

    def mission(self) -> Mission:
        with Session(self.engine) as session:
            row = session.scalars(select(MissionRow)).first()
            if row is None:
                raise StoreError(f"database {self.url} has no mission pack loaded: run `truce init`")
            return convert.mission_from_row(row)

    def focus(self) -> tuple[float, float]:
        with Session(self.engine) as session:
            row = session.scalars(select(MissionRow)).one()
            return (row.focus_lat, row.focus_lon)

    def parties(self) -> list[Party]:
        with Session(self.engine) as session:
            return [
                convert.party_from_row(r) for r in session.scalars(select(PartyRow).order_by(PartyRow.code))
            ]

    def sources(self) -> dict[str, Source]:
        with Session(self.engine) as session:
            return {r.id: convert.source_from_row(r) for r in session.scalars(select(SourceRow))}

    def places(self) -> list[Place]:
        with Session(self.engine) as session:
            names: dict[str, list[PlaceNameRow]] = defaultdict(list)
            for name in session.scalars(select(PlaceNameRow)):
                names[name.place_id].append(name)
            return [
                convert.place_from_row(r, names[r.id])
                for r in session.scalars(select(PlaceRow).order_by(PlaceRow.id))
            ]

    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.places(), focus=self.focus())
        return self._gazetteer

    def posts(self, as_of: date | None = None) -> list[Post]:
        with Session(self.engine) as session:
            posts = [convert.post_from_row(r) for r in session.scalars(select(PostRow).order_by(PostRow.id))]
        return [p for p in posts if as_of is None or p.active_on(as_of)]

    def areas(self, as_of: date | None = None) -> list[Area]:
        with Session(self.engine) as session:
            areas = [convert.area_from_row(r) for r in session.scalars(select(AreaRow).order_by(AreaRow.id))]
        return [a for a in areas if as_of is None or a.valid_on(as_of)]

    def ceasefire_points(self) -> dict[int, str]:
        with Session(self.engine) as session:
            return {r.point: r.summary for r in session.scalars(select(CeasefirePointRow))}

    def incidents(self, where: IncidentFilter | None = None) -> list[Incident]:
        """Incidents with their claims, oldest first; a date window keeps the incidents overlapping it."""
        where = where or IncidentFilter()
        query = select(IncidentRow).order_by(IncidentRow.date_from, IncidentRow.id)
        if where.date_from:
            query = query.where(IncidentRow.date_to >= where.date_from)
        if where.date_to:
            query = query.where(IncidentRow.date_from <= where.date_to)
        if where.place_ids is not None:
            query = query.where(IncidentRow.place_id.in_(where.place_ids))
        if where.accused:
            query = query.where(IncidentRow.accused == where.accused)
        with Session(self.engine) as session:
            rows = list(session.scalars(query))
            ids = [r.id for r in rows]
            claims: dict[str, list[ClaimRow]] = defaultdict(list)
            casualties: dict[str, list[CasualtyRow]] = defaultdict(list)
            for claim in session.scalars(
                select(ClaimRow).where(ClaimRow.incident_id.in_(ids)).order_by(ClaimRow.id)
            ):
                claims[claim.incident_id or ""].append(claim)
            claim_ids = [c.id for group in claims.values() for c in group]
            for casualty in session.scalars(
                select(CasualtyRow).where(CasualtyRow.claim_id.in_(claim_ids)).order_by(CasualtyRow.id)
            ):
                casualties[casualty.claim_id].append(casualty)
            return [
                convert.incident_from_row(
                    r, [convert.claim_from_row(c, casualties[c.id]) for c in claims[r.id]]
                )
                for r in rows
            ]

    def incident(self, incident_id: str) -> Incident:
        with Session(self.engine) as session:
            row = session.get(IncidentRow, incident_id)
            if row is None:
                raise NotFound(f"no incident '{incident_id}'")
            day = row.date_from
        return next(i for i in self.incidents(IncidentFilter(day, day)) if i.id == incident_id)

    def save_sitings(self, sitings: dict[str, Siting | None]) -> int:
        """Store where each incident stands (see :mod:`truce.geo.locate`); returns how many changed."""
        changed = 0
        with Session(self.engine) as session, session.begin():
            rows = session.scalars(select(IncidentRow).where(IncidentRow.id.in_(list(sitings))))
            for row in rows:
                if convert.siting_from_row(row) != sitings[row.id]:
                    for column, value in convert.siting_columns(sitings[row.id]).items():
                        setattr(row, column, value)
                    changed += 1
        return changed

    def counts(self) -> dict[str, int]:
        with Session(self.engine) as session:

            def count(table: type) -> int:
                return session.scalar(select(func.count()).select_from(table)) or 0

            return {
                "places": count(PlaceRow),
                "place names": count(PlaceNameRow),
                "posts": count(PostRow),
                "areas": count(AreaRow),
                "incidents": count(IncidentRow),
                "claims": count(ClaimRow),
                "violations": session.scalar(select(func.coalesce(func.sum(IncidentRow.violations), 0))) or 0,
            }

    def violations_by_year(self) -> dict[int, int]:
        totals: dict[int, int] = defaultdict(int)
        for incident in self.incidents():
            totals[incident.date_from.year] += incident.violations
        return dict(sorted(totals.items()))
