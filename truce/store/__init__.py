"""The store: the only part of Truce that talks to the database.

``Store.open(url)`` connects (SQLite file by default, PostgreSQL by URL); ``migrate`` brings the schema up
to date through the Alembic migrations; ``load_pack`` writes a mission pack; ``transaction`` gives the
record layer one write transaction (:class:`~truce.store.tx.Tx`); the other methods read model objects
back. Filters run in the query.

Reads may go to another database than writes: ``Store.open(url, read_url=...)`` names a PostgreSQL
streaming replica of ``url``, whose engine (``reader``) refuses writes. Writes, and the few reads that
decide what to write (the log's start, the packs loaded, users and tokens), go to ``url``; the rest may
lag it by the replica's replay delay.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine, Select, case, delete, func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from truce.errors import NotFound, StoreError
from truce.gazetteer import Gazetteer
from truce.model import (
    ITEMISING_MEANS,
    Activity,
    Area,
    BulletinVersion,
    CeasefirePoint,
    Document,
    Incident,
    Mission,
    MonitorFinding,
    Observation,
    Party,
    Place,
    Post,
    Profile,
    PublicKey,
    Signature,
    Source,
    Standing,
)
from truce.plainread import MissionRecord, read_mission, read_places
from truce.store import convert, ledger
from truce.store.db import (
    SCHEMA_REVISION,
    WRITE_OPTION,
    current_revision,
    database_url,
    hide_password,
    make_engine,
    upgrade,
)
from truce.store.ledger import ENTITIES
from truce.store.listed import among
from truce.store.schema import (
    ActivityRow,
    AreaRow,
    BulletinFileRow,
    BulletinRow,
    CasualtyRow,
    CeasefirePointRow,
    CheckpointRow,
    ClaimRow,
    DocumentRow,
    FindingRow,
    IncidentRow,
    KeyRow,
    LogRow,
    MissionRow,
    ObservationRow,
    PackRow,
    PartyRow,
    PlaceNameRow,
    PlaceRow,
    PostRow,
    PublicationRow,
    SignatureRow,
    SourceRow,
)
from truce.store.spans import began_before, longest_span
from truce.store.tx import LinkReport, Tx

if TYPE_CHECKING:
    from truce.packs import Pack

__all__ = [
    "DocumentFilter",
    "IncidentFilter",
    "IncidentTally",
    "LinkReport",
    "LoadResult",
    "Store",
    "Tx",
    "user",
]

# The entities a pack owns, by kind: their rows carry the pack's name.
OWNED = {
    "mission": MissionRow,
    "place": PlaceRow,
    "post": PostRow,
    "area": AreaRow,
    "ceasefire": CeasefirePointRow,
    "activity": ActivityRow,
    "incident": IncidentRow,
    "claim": ClaimRow,
}

# Rows a pack owns, children before parents (the order to delete them in).
PACK_TABLES = (
    ActivityRow,
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


@dataclass(frozen=True)
class LoadResult:
    pack: str
    changed: bool
    counts: dict[str, int]


@dataclass(frozen=True)
class IncidentFilter:
    """Which incidents to list. Every condition holds at once; None means "any".

    ``places`` keeps incidents at one of these places or inside one of these admin units (its place lies
    in the unit, or the incident names the unit as its area); ``countries`` those whose place lies in
    one of these countries; ``monitor_only`` those the monitor observed or reported. A date window keeps
    the incidents that overlap it, or with ``starting`` only those that begin within it (each counted on
    its first day, as the bulletin compares days).
    """

    date_from: date | None = None
    date_to: date | None = None
    places: frozenset[str] | None = None
    countries: frozenset[str] | None = None
    accused: str | None = None
    monitor_only: bool = False
    means: str | None = None
    starting: bool = False


@dataclass(frozen=True)
class IncidentTally:
    """The totals of a filter's incidents without reading them all (:meth:`Store.incident_tally`)."""

    standings: dict[str, int]  # standing -> how many incidents
    item_violations: int  # the violations of the incidents that are no count
    near_counts: list[Incident]  # every incident on the days of the counts, without claims

    @property
    def incidents(self) -> int:
        return sum(self.standings.values())


#: the columns :meth:`Store.incident_tally` reads of the incidents it counts
_TALLIED = tuple(
    getattr(IncidentRow, name) for name in ("standing", "violations", "lat", "means", "date_from", "date_to")
)


def _drop_places(session: Session, pack: Pack) -> None:
    """Delete the places of ``pack``'s version before that its new version no longer has; refused when
    the record's claims or incidents still name one (deleting it would break them; a new version that
    renames a place keeps its id)."""
    kept = {p.id for p in pack.places}
    before = session.scalars(select(PlaceRow.id).where(PlaceRow.pack == pack.name))
    gone = sorted(set(before) - kept)
    if not gone:
        return
    named: list[str] = []
    for row in (ClaimRow, IncidentRow):
        named += session.scalars(select(row.place_id).where(row.place_id.in_(gone)).distinct())
    if named:
        listed = ", ".join(sorted(set(named))[:10])
        raise StoreError(
            f"the new version of pack '{pack.name}' drops places the record's claims or incidents name: "
            f"{listed}; keep them in places.csv (a place's id stays while its names change)"
        )
    session.execute(delete(PlaceRow).where(PlaceRow.id.in_(gone)))


def _is_count(columns):  # type: ignore[no-untyped-def]
    """:func:`truce.reconcile.link.is_count` in SQL: several violations, no point, no means that itemise."""
    itemising = or_(*(("|" + columns.means + "|").like(f"%|{m}|%") for m in sorted(ITEMISING_MEANS)))
    return (columns.violations > 1) & columns.lat.is_(None) & ~itemising


@dataclass(frozen=True)
class DocumentFilter:
    source: str | None = None
    retracted: bool | None = None  # True: only retracted; False: only those that count


T = TypeVar("T")
#: The PostgreSQL advisory lock every writer holds for its transaction ("TRUCE" in ASCII).
WRITER_LOCK = 0x5452554345


def _utc(moment):  # type: ignore[no-untyped-def]
    """A time read back from the database, in UTC (SQLite gives it back without a zone)."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def user() -> str:
    """Who runs Truce, by the system's account name."""
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no user name in a bare container
        return "unknown user"


def _reason(exc: SQLAlchemyError) -> str:
    return hide_password(str(getattr(exc, "orig", None) or exc).splitlines()[0])


class Store:
    def __init__(self, engine: Engine, reader: Engine | None = None) -> None:
        self.engine = engine  # writes (every transaction), and reads that decide a write
        self.reader = reader or engine  # the other reads: a replica's engine, which refuses writes
        # what only loading a pack changes (the gazetteer, the areas), read once: name -> (the name and
        # hash of each pack loaded when it was read, what was read)
        self._from_packs: dict[str, tuple[tuple[Any, ...], Any]] = {}
        # the writers of this process queue here, before they take a connection: waiting for the
        # database's lock, they would hold every connection of the pool and leave none to read with
        self._writers = threading.RLock()

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True, read_url: str | None = None) -> Store:
        """Connect to the database at ``url``; with ``create=False`` a missing SQLite file is an error
        rather than a new empty file. ``read_url``: a replica of it, for the reads (read-only)."""
        engine = make_engine(database_url(url), create=create)
        if not read_url:
            return cls(engine)
        try:
            return cls(engine, make_engine(read_url, create=False, read_only=True))
        except StoreError:
            engine.dispose()
            raise

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()
        if self.reader is not self.engine:
            self.reader.dispose()

    # -- schema and packs -------------------------------------------------------------------------

    def is_current(self) -> bool:
        return current_revision(self.engine) == SCHEMA_REVISION

    def migrate(self) -> None:
        upgrade(self.engine)

    def require_ready(self) -> None:
        """Raise a :class:`StoreError` that says what to run when the database is not initialised."""
        revision = current_revision(self.engine)
        if revision is None:
            raise StoreError(f"database {self.url} is not initialised: run `truce init`")
        if revision != SCHEMA_REVISION:
            raise StoreError(
                f"database {self.url} has an older schema ({revision}): run `truce init` to upgrade it"
            )
        if self.reader is not self.engine and current_revision(self.reader) != revision:
            read = self.reader.url.render_as_string(hide_password=True)
            raise StoreError(
                f"the read database {read} is not at the schema of {self.url} ({revision}): "
                "is it a replica of it, and has it caught up?"
            )
        with Session(self.engine) as session:
            if session.scalar(select(func.count()).select_from(MissionRow)) == 0:
                raise StoreError(f"database {self.url} has no mission pack loaded: run `truce init`")

    @contextmanager
    def transaction(self, what: str, who: str | None = None) -> Iterator[Tx]:
        """One write transaction: everything written in it is committed together, or nothing is.

        Writers are serialised: those of this process wait for each other before taking a connection;
        on SQLite the transaction takes the write lock before its first read (BEGIN IMMEDIATE), on
        PostgreSQL it takes a transaction-level advisory lock first. So concurrent
        writers never link from the same state, sources and places are created once, and the result is
        that of some serial order. ``what`` names the work (the log's action, and the error a database
        failure becomes); ``who`` is logged as its author (by default the user running Truce). Whatever
        the transaction changed is appended to the audit log in the same transaction.
        """
        try:
            writer = self.engine.execution_options(**{WRITE_OPTION: True})
            with self._writers, Session(writer) as session, session.begin():
                if self.engine.dialect.name == "postgresql":
                    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK})
                tx = Tx(session)
                yield tx
                if tx.changes or tx.details:
                    ledger.append(session, what, who or user(), tx.details, tx.changes)
        except SQLAlchemyError as exc:
            raise StoreError(f"{what} failed, nothing was written: {_reason(exc)}") from None

    def _of_packs(self, name: str, read: Callable[[], T]) -> T:
        """``read()``, kept while the loaded packs are the same (their names and hashes): only loading a
        pack changes places and areas, whichever process loads it (a second worker of the server, ``truce
        init`` while it runs, this store)."""
        with self.reader.connect() as connection:
            packs = tuple(connection.execute(select(PackRow.name, PackRow.hash).order_by(PackRow.name)))
        held = self._from_packs.get(name)
        if held is None or held[0] != packs:
            held = self._from_packs[name] = (packs, read())
        return held[1]  # type: ignore[no-any-return]

    def loaded_packs(self) -> list[str]:
        with Session(self.engine) as session:
            return list(session.scalars(select(PackRow.name).order_by(PackRow.name)))

    def load_pack(self, tx: Tx, pack: Pack) -> LoadResult:
        """Write ``pack`` in ``tx``; the same pack files again change nothing. A changed pack replaces
        what its previous version wrote; claims of ingested documents linked to its incidents are
        unlinked (the record layer links them again)."""
        session = tx.session
        loaded = session.get(PackRow, pack.name)
        if loaded is not None and loaded.hash == pack.hash:
            return LoadResult(pack.name, False, {})
        if loaded is not None:
            for kind, row in OWNED.items():  # what the old version wrote goes: the log says so
                key = getattr(row, ENTITIES[kind].key)
                tx.changes.touch(kind, session.scalars(select(key).where(row.pack == pack.name)))
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
                elif table is PlaceRow:  # the record's claims and incidents name them: kept, written anew
                    _drop_places(session, pack)
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
        session.add(convert.mission_row(pack.mission, pack.name, pack.focus, pack.profile))
        names = []
        for place in pack.places:
            row, place_names = convert.place_rows(place, pack.name)
            session.merge(row)  # a place of the version before takes the new version's values
            names.extend(place_names)
        session.flush()
        session.add_all(names)
        session.add_all(
            CeasefirePointRow(
                point=c.point,
                pack=pack.name,
                topic=c.topic,
                summary=c.summary,
                summaries=json.dumps(c.summaries, ensure_ascii=False, sort_keys=True),
            )
            for c in pack.ceasefire
        )
        session.add_all(convert.post_row(p, pack.name) for p in pack.posts)
        session.add_all(convert.area_row(a, pack.name) for a in pack.areas)
        session.add_all(convert.activity_row(a, pack.name) for a in pack.activities)
        session.add_all(convert.incident_row(i, pack.name) for i in pack.incidents)
        session.flush()
        tx.add_claims(pack.claims, pack.name)
        for kind, keys in (
            ("pack", [pack.name]),
            ("mission", [pack.mission.id]),
            ("party", [p.code for p in pack.parties]),
            ("source", [s.id for s in pack.sources]),
            ("place", [p.id for p in pack.places]),
            ("post", [p.id for p in pack.posts]),
            ("area", [a.id for a in pack.areas]),
            ("ceasefire", [c.point for c in pack.ceasefire]),
            ("activity", [a.id for a in pack.activities]),
            ("incident", [i.id for i in pack.incidents]),
            ("claim", [c.id for c in pack.claims]),
        ):
            tx.changes.touch(kind, keys)
        tx.details = {"pack": pack.name, "hash": pack.hash}
        counts = {
            "places": len(pack.places),
            "place names": len(names),
            "posts": len(pack.posts),
            "areas": len(pack.areas),
            "incidents": len(pack.incidents),
            "claims": len(pack.claims),
            "activities": len(pack.activities),
        }
        return LoadResult(pack.name, True, counts)

    # -- reading ------------------------------------------------------------------------------------

    def mission(self) -> Mission:
        return self._mission().mission

    def profile(self) -> Profile:
        return self._mission().profile

    def focus(self) -> tuple[float, float]:
        return self._mission().focus

    def _mission(self) -> MissionRecord:
        with self.reader.connect() as connection:
            record = read_mission(connection.exec_driver_sql)
        if record is None:
            raise StoreError(f"database {self.url} has no mission pack loaded: run `truce init`")
        return record

    def parties(self) -> dict[str, Party]:
        with Session(self.reader) as session:
            rows = session.scalars(select(PartyRow).order_by(PartyRow.code))
            return {r.code: convert.party_from_row(r) for r in rows}

    def sources(self) -> dict[str, Source]:
        with Session(self.reader) as session:
            return {r.id: convert.source_from_row(r) for r in session.scalars(select(SourceRow))}

    def places(self) -> list[Place]:
        """Every place with its names (plain rows: the gazetteer is built on most commands)."""
        with self.reader.connect() as connection:
            return read_places(connection.exec_driver_sql)

    def gazetteer(self) -> Gazetteer:
        """The places of the record, read once while the loaded packs are the same."""
        return self._of_packs("gazetteer", lambda: Gazetteer(self.places(), focus=self.focus()))

    def posts(self, as_of: date | None = None) -> list[Post]:
        with Session(self.reader) as session:
            posts = [convert.post_from_row(r) for r in session.scalars(select(PostRow).order_by(PostRow.id))]
        return [p for p in posts if as_of is None or p.active_on(as_of)]

    def areas(self, as_of: date | None = None) -> list[Area]:
        """The areas (of a day), read once while the loaded packs are the same (their geometry is long
        to parse, and every bulletin and map asks for them)."""
        areas: list[Area] = self._of_packs("areas", self._read_areas)
        return [a for a in areas if as_of is None or a.valid_on(as_of)]

    def _read_areas(self) -> list[Area]:
        with Session(self.reader) as session:
            return [convert.area_from_row(r) for r in session.scalars(select(AreaRow).order_by(AreaRow.id))]

    def ceasefire_points(self) -> dict[int, CeasefirePoint]:
        with Session(self.reader) as session:
            return {
                r.point: CeasefirePoint(r.point, r.topic, r.summary, json.loads(r.summaries or "{}"))
                for r in session.scalars(select(CeasefirePointRow))
            }

    def activities(self, date_from: date | None = None, date_to: date | None = None) -> list[Activity]:
        """The activities under way at some time between the two days (either open), by start."""
        query = select(ActivityRow).order_by(ActivityRow.date_from, ActivityRow.id)
        if date_to is not None:
            query = query.where(ActivityRow.date_from <= date_to)
        if date_from is not None:
            query = query.where(
                or_(
                    ActivityRow.ongoing,
                    func.coalesce(ActivityRow.date_to, ActivityRow.date_from) >= date_from,
                )
            )
        with Session(self.reader) as session:
            return [convert.activity_from_row(row) for row in session.scalars(query)]

    def _incident_parts(self, where: IncidentFilter, session: Session) -> list[Select]:  # type: ignore[type-arg]
        """The queries of the incidents ``where`` finds, apart and in list order. An incident overlaps a
        window when it starts within it (the index of 0013), or began before it and lasts into it: those
        are the few of more than one day (0012), begun at most the longest span before (0011), and they
        come first in a list by first day. Apart, each query reads its own index range whatever the
        planner knows of the table; as one condition (an OR), SQLite without statistics read every
        incident that started before the window."""
        first = where.date_from
        within = self._incident_query(where)
        if first:
            within = within.where(IncidentRow.date_from >= first)
        if not first or where.starting:
            return [within]
        began = began_before(IncidentRow, first, longest_span(session, IncidentRow))
        return [self._incident_query(where).where(began), within]

    def _incident_query(self, where: IncidentFilter) -> Select:  # type: ignore[type-arg]
        """The incidents ``where`` finds, but for the first day of its window (:meth:`_incident_parts`)."""
        query = select(IncidentRow)
        if where.date_to:
            query = query.where(IncidentRow.date_from <= where.date_to)
        if where.places is not None:
            inside = select(PlaceRow.id).where(
                or_(PlaceRow.admin_former.in_(where.places), PlaceRow.admin_current.in_(where.places))
            )
            query = query.where(
                or_(
                    IncidentRow.place_id.in_(where.places),
                    IncidentRow.place_id.in_(inside),
                    IncidentRow.area_ref.in_(where.places),
                )
            )
        if where.countries is not None:
            query = query.where(
                IncidentRow.place_id.in_(select(PlaceRow.id).where(PlaceRow.country.in_(where.countries)))
            )
        if where.accused:
            query = query.where(IncidentRow.accused == where.accused)
        if where.monitor_only:
            query = query.where(IncidentRow.standing != Standing.CLAIMED.value)
        if where.means:
            # means are stored "|"-joined: match the whole term
            term = where.means
            query = query.where(
                or_(
                    IncidentRow.means == term,
                    IncidentRow.means.like(f"{term}|%"),
                    IncidentRow.means.like(f"%|{term}"),
                    IncidentRow.means.like(f"%|{term}|%"),
                )
            )
        return query

    def incidents(
        self, where: IncidentFilter | None = None, claims: bool = True, page: tuple[int, int] | None = None
    ) -> list[Incident]:
        """Incidents with their claims (``claims=False``: without them, for counting), oldest first; a date
        window keeps the incidents overlapping it. ``page``: (how many to skip, how many at most)."""
        where = where or IncidentFilter()
        with Session(self.reader) as session:
            # plain rows, not ORM objects, executed on the connection: read-only, and several times cheaper
            # to turn into the model's than what the ORM makes of them
            connection = session.connection()
            rows = self._listed(where, session, page)
            ids = [r.id for r in rows] if claims else []
            read: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
            if ids:
                of = select(*ClaimRow.__table__.c).where(among(ClaimRow.incident_id, ids, self.reader))
                for claim in convert.plain(connection.execute(of)):
                    read[claim.incident_id or ""].append(claim)
            claim_ids = [c.id for group in read.values() for c in group]
            casualties: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
            if claim_ids:
                of = select(*CasualtyRow.__table__.c).where(
                    among(CasualtyRow.claim_id, claim_ids, self.reader)
                )
                for casualty in convert.plain(connection.execute(of.order_by(CasualtyRow.id))):
                    casualties[casualty.claim_id].append(casualty)
            return [
                convert.incident_from_row(
                    r,
                    [
                        convert.claim_from_row(c, casualties[c.id])
                        for c in sorted(read[r.id], key=lambda c: c.id)
                    ],
                )
                for r in rows
            ]

    def _listed(self, where: IncidentFilter, session: Session, page: tuple[int, int] | None) -> list[Any]:
        """A list's rows, oldest first; ``page`` (skip, at most): only those are read. Those that began
        before the window (few) are sorted here: asked in order, the planner would walk the window's
        index instead of theirs. Those that start within it are read in order from the index of 0013 up
        to the page: the window is never sorted whole."""
        connection, columns = session.connection(), IncidentRow.__table__.c
        *began, within = self._incident_parts(where, session)
        skip, most = page or (0, None)
        rows: list[Any] = []
        for part in began:  # (one part) few: read whole, sorted here
            earlier = sorted(convert.plain(connection.execute(part.with_only_columns(*columns))), key=_LISTED)
            rows = earlier[skip:] if most is None else earlier[skip : skip + most]
            skip, most = max(0, skip - len(earlier)), None if most is None else most - len(rows)
        if most is None or most > 0:
            query = within.with_only_columns(*columns).order_by(IncidentRow.date_from, IncidentRow.id)
            rows += convert.plain(connection.execute(query.offset(skip).limit(most) if page else query))
        return rows

    def incident_tally(self, where: IncidentFilter) -> IncidentTally:
        """What a list's totals need, counted in the database: the incidents ``where`` finds by standing, the
        violations of those that are no count, and, only on the days of counts (few), every incident
        of those days (without claims), to match the counts against the items they cover."""
        standings: dict[str, int] = defaultdict(int)
        items, spans = 0, []
        with Session(self.reader) as session:
            connection = session.connection()
            for part in self._incident_parts(where, session):
                found = part.with_only_columns(*_TALLIED).subquery()  # a whole row's proxies cost more
                count = _is_count(found.c)
                # one pass over the incidents found, in the index of 0013 alone (it has what this reads)
                by_standing = select(
                    found.c.standing,
                    func.count(),
                    func.sum(case((count, 0), else_=found.c.violations)),
                    func.sum(case((count, 1), else_=0)),
                ).group_by(found.c.standing)
                counts = 0
                for standing, n, violations, of_counts in connection.execute(by_standing):
                    standings[standing] += n
                    items += int(violations or 0)
                    counts += int(of_counts or 0)
                if counts:  # the days of the counts (few: only their rows are read)
                    days = select(func.min(found.c.date_from), func.max(found.c.date_to)).where(count)
                    spans.append(connection.execute(days).one())
        first = min((a for a, _ in spans), default=None)
        last = max((b for _, b in spans), default=None)
        near: list[Incident] = []
        if first is not None:
            days = dataclasses.replace(
                where,
                date_from=max(first, where.date_from or first),
                date_to=min(last or first, where.date_to or last or first),
            )
            near = self.incidents(dataclasses.replace(days, starting=False), claims=False)
            if where.starting and where.date_from:  # those overlapping the counts' days, of those found
                near = [i for i in near if i.date_from >= where.date_from]
        return IncidentTally(dict(standings), items, near)

    def incident_days(self, where: IncidentFilter) -> set[date]:
        """The days the incidents ``where`` finds are under way on: the first day of each, read from the
        index of 0013, and every day of those of several days (few: 0012)."""
        days: set[date] = set()
        with Session(self.reader) as session:
            for part in self._incident_parts(where, session):
                found = part.with_only_columns(IncidentRow.date_from, IncidentRow.date_to).subquery()
                days.update(session.scalars(select(found.c.date_from).distinct()))
                several = select(found.c.date_from, found.c.date_to).where(
                    found.c.date_to > found.c.date_from
                )
                for first, last in session.execute(several.distinct()):
                    days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
        return days

    def incident(self, incident_id: str) -> Incident:
        with Session(self.reader) as session:
            row = session.get(IncidentRow, incident_id)
            if row is None:
                raise NotFound(f"no incident '{incident_id}'")
            day = row.date_from
        return next(i for i in self.incidents(IncidentFilter(day, day)) if i.id == incident_id)

    def documents(self, where: DocumentFilter | None = None, with_text: bool = False) -> list[Document]:
        """Documents, newest first, with the number of claims read from each."""
        where = where or DocumentFilter()
        counts = (
            select(ClaimRow.document_id, func.count().label("n"))
            .where(ClaimRow.document_id.is_not(None))
            .group_by(ClaimRow.document_id)
            .subquery()
        )
        query = select(DocumentRow, func.coalesce(counts.c.n, 0)).outerjoin(
            counts, counts.c.document_id == DocumentRow.id
        )
        if where.source:
            query = query.where(DocumentRow.source_id == where.source)
        if where.retracted is not None:
            retracted = DocumentRow.retracted_at.is_not(None)
            query = query.where(retracted if where.retracted else ~retracted)
        query = query.order_by(DocumentRow.ingested_at.desc(), DocumentRow.id)
        with Session(self.reader) as session:
            return [convert.document_from_row(r, n, with_text) for r, n in session.execute(query)]

    def document(self, prefix: str) -> Document:
        """The document whose id is or starts with ``prefix`` (at least 8 characters of its hash)."""
        if len(prefix) < 8:
            raise NotFound(f"no document '{prefix}': give at least 8 characters of its id")
        with Session(self.reader) as session:
            rows = list(
                session.scalars(select(DocumentRow).where(DocumentRow.id.like(f"{prefix}%")).limit(2))
            )
            if not rows:
                raise NotFound(f"no document '{prefix}'")
            if len(rows) > 1:
                raise NotFound(f"'{prefix}' names more than one document: give more of its id")
            claims = session.scalar(select(func.count()).where(ClaimRow.document_id == rows[0].id)) or 0
            document = convert.document_from_row(rows[0], claims)
            query = select(PublicationRow).where(PublicationRow.document_id == document.id)
            others = tuple(
                (p.source_id, p.url, p.published) for p in session.scalars(query.order_by(PublicationRow.id))
            )
            return dataclasses.replace(document, publications=others)

    def claims_of_document(self, document_id: str) -> list[str]:
        with Session(self.reader) as session:
            query = select(ClaimRow.id).where(ClaimRow.document_id == document_id).order_by(ClaimRow.id)
            return list(session.scalars(query))

    def documents_of(self, claim_ids: list[str], with_text: bool = False) -> dict[str, Document]:
        """The documents the claims were read from, by claim id."""
        with Session(self.reader) as session:
            query = select(ClaimRow.id, DocumentRow).join(DocumentRow, ClaimRow.document_id == DocumentRow.id)
            found: dict[str, Document] = {}
            for claim_id, row in session.execute(query.where(among(ClaimRow.id, claim_ids, self.reader))):
                found[claim_id] = convert.document_from_row(row, text=with_text)
            return found

    def observations(self, claim_ids: list[str]) -> dict[str, Observation]:
        with Session(self.reader) as session:
            found = {}
            of = select(ObservationRow).where(among(ObservationRow.claim_id, claim_ids, self.reader))
            for row in session.scalars(of):
                found[row.claim_id] = convert.observation_from_row(row)
            return found

    def findings(self, incident_ids: list[str] | None = None) -> list[MonitorFinding]:
        """The monitor's findings, oldest first: on ``incident_ids``, or all of them."""
        with Session(self.reader) as session:
            query = select(FindingRow).order_by(FindingRow.id)
            if incident_ids is None:
                return [convert.finding_from_row(r) for r in session.scalars(query)]
            rows = session.scalars(query.where(among(FindingRow.incident_id, incident_ids, self.reader)))
            return [convert.finding_from_row(r) for r in rows]

    def monitor_documents_published(self, first: date, last: date) -> list[date]:
        """The days in [first, last] on which a monitor's report that counts was published."""
        monitors = select(SourceRow.id).where(SourceRow.kind == "monitor")
        query = (
            select(DocumentRow.published)
            .where(DocumentRow.source_id.in_(monitors), DocumentRow.retracted_at.is_(None))
            .where(DocumentRow.published >= first, DocumentRow.published <= last)
            .distinct()
        )
        with Session(self.reader) as session:
            return sorted(d for d in session.scalars(query) if d)

    # -- the audit log -------------------------------------------------------------------------------

    def log_entries(self, batch: int = 5000) -> Iterator[LogRow]:
        """Every entry of the audit log, in order (read in batches: the log may hold millions)."""
        with Session(self.reader) as session:
            last = 0
            while True:
                query = select(LogRow).where(LogRow.seq > last).order_by(LogRow.seq).limit(batch)
                rows = list(session.scalars(query))
                if not rows:
                    return
                session.expunge_all()
                yield from rows
                last = rows[-1].seq

    def entity_digests(self) -> Iterator[tuple[str, str, str]]:
        """(kind, key, digest) of every entity of the record as the tables hold it now."""
        with Session(self.reader) as session:
            yield from ledger.every_digest(session, ledger.state_digest)

    def baseline(self) -> bool:
        """Log every entity of a record that has none logged yet (a database made before the log): the
        log starts from what it held then. False when the log was already there."""
        with Session(self.engine) as session:
            if session.scalar(select(LogRow.seq).limit(1)) is not None:
                return False
            if session.scalar(select(PackRow.name).limit(1)) is None:
                return False  # nothing recorded yet: the first write begins the log
        with self.transaction("baseline") as tx:
            for kind, entity in ENTITIES.items():
                tx.changes.touch(kind, tx.session.scalars(select(entity.table.c[entity.key])))
            tx.details = {"note": "the record as it stood when the audit log began"}
        return True

    def log_size(self) -> int:
        with Session(self.reader) as session:
            return session.scalar(select(func.max(LogRow.seq))) or 0

    def log_entry(self, seq: int) -> LogRow:
        with Session(self.reader) as session:
            row = session.get(LogRow, seq)
            if row is None:
                raise NotFound(f"no log entry {seq}")
            session.expunge(row)
            return row

    def public_keys(self) -> list[PublicKey]:
        with Session(self.reader) as session:
            rows = session.scalars(select(KeyRow).order_by(KeyRow.side, KeyRow.name))
            return [
                PublicKey(r.name, r.side, r.verifier, _utc(r.created_at), _utc(r.retired_at)) for r in rows
            ]

    def checkpoints(self) -> list[tuple[int, str]]:
        """(size, signed note) of every checkpoint, oldest first."""
        with Session(self.reader) as session:
            return [
                (r.size, r.note) for r in session.scalars(select(CheckpointRow).order_by(CheckpointRow.size))
            ]

    def save_checkpoint(self, size: int, note: str) -> None:
        """Store a signed checkpoint (or its note with one more signature). Checkpoints verify themselves:
        they are not logged, so storing one does not move the log it signs."""
        try:
            with Session(self.engine) as session, session.begin():
                row = session.get(CheckpointRow, size)
                if row is None:
                    session.add(CheckpointRow(size=size, note=note, created_at=convert.now()))
                else:
                    row.note = note
        except SQLAlchemyError as exc:
            raise StoreError(f"saving the checkpoint failed, nothing was written: {_reason(exc)}") from None

    def bulletins(self, day: date | None = None) -> list[BulletinVersion]:
        """The bulletins drafted and published (without their files), by day and version."""
        return self._bulletins(day=day)

    def bulletin(self, bulletin_id: str) -> BulletinVersion:
        found = self._bulletins(ident=bulletin_id, files=True)
        if not found:
            raise NotFound(f"no bulletin '{bulletin_id}'")
        return found[0]

    def _bulletins(
        self, day: date | None = None, ident: str | None = None, files: bool = False
    ) -> list[BulletinVersion]:
        query = select(BulletinRow).order_by(BulletinRow.day, BulletinRow.version)
        if day is not None:
            query = query.where(BulletinRow.day == day)
        if ident is not None:
            query = query.where(BulletinRow.id == ident)
        with Session(self.reader) as session:
            found = []
            for row in session.scalars(query):
                signatures = tuple(
                    Signature(s.side, s.key_name, s.signature, _utc(s.signed_at))
                    for s in session.scalars(select(SignatureRow).where(SignatureRow.bulletin_id == row.id))
                )
                contents = (
                    {
                        f.name: f.content
                        for f in session.scalars(
                            select(BulletinFileRow).where(BulletinFileRow.bulletin_id == row.id)
                        )
                    }
                    if files
                    else {}
                )
                found.append(
                    BulletinVersion(
                        row.id,
                        row.day,
                        row.version,
                        row.status,
                        row.manifest,
                        _utc(row.drafted_at),
                        row.corrects,
                        row.reason,
                        _utc(row.published_at),
                        signatures,
                        contents,
                    )
                )
            return found

    def counts(self, where: IncidentFilter | None = None) -> dict[str, int]:
        """How much is loaded, and the incidents that ``where`` keeps."""
        with Session(self.reader) as session:
            parts = [p.subquery() for p in self._incident_parts(where or IncidentFilter(), session)]

            def count(table: object) -> int:
                return session.scalar(select(func.count()).select_from(table)) or 0  # type: ignore[arg-type]

            return {
                "places": count(PlaceRow),
                "place names": count(PlaceNameRow),
                "posts": count(PostRow),
                "areas": count(AreaRow),
                "documents": count(DocumentRow),
                "claims": count(ClaimRow),
                "incidents": sum(count(part) for part in parts),
            }


_LISTED = attrgetter("date_from", "id")  # a list's order
