"""The store's side of the audit log: what each write transaction changed, as digests of the record's
entities, appended as one entry of the hash chain in the same transaction.

An *entity* is one thing of the record with everything that belongs to it: a claim with its casualties
and its observation, a place with its names, an incident, a document, a decision... Its digest is the
SHA-256 of the canonical JSON (RFC 8785) of its rows as the database holds them. Each entry records, for
every entity the transaction touched, its digest after the transaction (or null: deleted). Replaying the
log gives the digest every entity must have now; ``truce verify`` compares that with the tables, so an
edited value, a deleted or an inserted row shows, naming the entry that last wrote it.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from truce.audit.canonical import canonical_text, digest
from truce.audit.log import GENESIS, chain, entry_hash
from truce.store.schema import (
    ActivityRow,
    AreaRow,
    BulletinFileRow,
    BulletinRow,
    CasualtyRow,
    CeasefirePointRow,
    ClaimRow,
    DocumentRow,
    EndedSessionRow,
    FindingRow,
    IncidentRow,
    KeyRow,
    LinkDecisionRow,
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
    TokenRow,
    UserRow,
)

__all__ = ["ENTITIES", "Changes", "append", "change_digest", "digests", "entry_of", "every_digest"]


@dataclass(frozen=True)
class Entity:
    """A kind of entity: its main table and key, and the tables of its parts (by their key to it)."""

    table: Table
    key: str
    parts: tuple[tuple[Table, str], ...] = ()


def _entity(row: type, key: str, *parts: tuple[type, str]) -> Entity:
    return Entity(row.__table__, key, tuple((p.__table__, k) for p, k in parts))  # type: ignore[attr-defined]


#: kind -> entity. The record's every table is the main table or a part of exactly one kind.
ENTITIES: dict[str, Entity] = {
    "pack": _entity(PackRow, "name"),
    "mission": _entity(MissionRow, "id"),
    "party": _entity(PartyRow, "code"),
    "source": _entity(SourceRow, "id"),
    "place": _entity(PlaceRow, "id", (PlaceNameRow, "place_id")),
    "post": _entity(PostRow, "id"),
    "area": _entity(AreaRow, "id"),
    "ceasefire": _entity(CeasefirePointRow, "point"),
    "activity": _entity(ActivityRow, "id"),
    "document": _entity(DocumentRow, "id"),
    "publication": _entity(PublicationRow, "id"),
    "claim": _entity(ClaimRow, "id", (CasualtyRow, "claim_id"), (ObservationRow, "claim_id")),
    "incident": _entity(IncidentRow, "id"),
    "decision": _entity(LinkDecisionRow, "id"),
    "finding": _entity(FindingRow, "id"),
    "key": _entity(KeyRow, "name"),
    "bulletin": _entity(BulletinRow, "id", (BulletinFileRow, "bulletin_id"), (SignatureRow, "bulletin_id")),
    # who may use the web application: granting and revoking access is a write of the record too
    "user": _entity(UserRow, "name"),
    "token": _entity(TokenRow, "id"),
    "session": _entity(EndedSessionRow, "key"),  # a session its user logged out of
}
# Tables that hold no entity: the log itself, and checkpoints, which are signed and verify themselves.
UNLOGGED = ("audit_log", "checkpoints", "alembic_version")
# Parts carry surrogate ids that say nothing of the record (and differ between two loads of one pack).
_SURROGATE = {"id"}


@dataclass
class Changes:
    """The entities a transaction touched, by kind."""

    keys: dict[str, set[Any]] = field(default_factory=lambda: defaultdict(set))

    def touch(self, kind: str, keys: Iterable[Any]) -> None:
        self.keys[kind].update(keys)

    def __bool__(self) -> bool:
        return any(self.keys.values())


_AS_IS = frozenset({str, int, float, bool, type(None)})


def _value(value: Any) -> Any:
    """A column value as JSON: dates ISO, times in UTC (SQLite gives them back without a zone), bytes
    by their digest."""
    if type(value) in _AS_IS:  # most values: no test below applies
        return value
    if isinstance(value, bytes):
        return {"sha256": hashlib.sha256(value).hexdigest()}
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


#: Columns added to a table of the record after its rows were first logged, with the value their rows
#: take until they say something: at that value a column is left out of its row's digest, so that a
#: record upgraded by the migration that adds it still verifies against the log written before.
LATE_COLUMNS: dict[str, dict[str, Any]] = {
    "incidents": {"verdict": None},  # 0007: the monitor's finding
    "parties": {"words_en": "", "words_ru": ""},  # 0010: the words a text uses of a party
}


def _row(row: Any, skip: set[str] = frozenset(), table: str = "") -> dict:  # type: ignore[assignment]
    late = LATE_COLUMNS.get(table, {})
    return {
        name: _value(value)
        for name, value in row._mapping.items()
        if name not in skip and not (name in late and value == late[name])
    }


def _states(session: Session, kind: str, keys: list[Any] | None) -> Iterator[tuple[Any, dict]]:
    """(key, the entity's rows as JSON) for the given keys (or every entity of the kind)."""
    entity = ENTITIES[kind]
    column = entity.table.c[entity.key]
    chunks = [keys[i : i + 500] for i in range(0, len(keys), 500)] if keys is not None else [None]
    for chunk in chunks:
        query = select(entity.table)
        if chunk is not None:
            query = query.where(column.in_(chunk))
        name = entity.table.name
        mains = {row._mapping[entity.key]: _row(row, table=name) for row in session.execute(query)}
        parts: dict[Any, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for table, key in entity.parts:
            part_query = select(table)
            if chunk is not None:
                part_query = part_query.where(table.c[key].in_(chunk))
            for row in session.execute(part_query):
                parts[row._mapping[key]][table.name].append(_row(row, _SURROGATE | {key}, table.name))
        for key_value, state in mains.items():
            extra = {name: sorted(rows, key=_order) for name, rows in parts[key_value].items()}
            yield key_value, {"row": state, **extra}
        for key_value in parts.keys() - mains.keys():  # parts of no entity: they show as one of their own
            extra = {name: sorted(rows, key=_order) for name, rows in parts[key_value].items()}
            yield key_value, {"row": None, **extra}


def _order(row: dict) -> str:
    """Parts in a fixed order, whatever order the database gives them back in."""
    return json.dumps(row, sort_keys=True, default=str)


def digests(session: Session, changes: Changes, digest: Any) -> dict[str, dict[str, str | None]]:
    """For every touched entity, the digest of its state now, or None when it is gone."""
    found: dict[str, dict[str, str | None]] = {}
    for kind, keys in changes.keys.items():
        if not keys:
            continue
        states = dict(_states(session, kind, sorted(keys, key=str)))
        found[kind] = {str(k): (digest(states[k]) if k in states else None) for k in sorted(keys, key=str)}
    return found


def every_digest(session: Session, digest: Any) -> Iterator[tuple[str, str, str]]:
    """(kind, key, digest) of every entity of the record, as the tables hold it now."""
    for kind in ENTITIES:
        for key, state in _states(session, kind, None):
            yield kind, str(key), digest(state)


def state_digest(value: Any) -> str:
    """The digest of an entity's state: SHA-256 of its canonical JSON (RFC 8785)."""
    return digest(value)


def change_digest(change_text: str) -> str:
    """What an entry of the chain holds of its change: the digest of the change's stored text. The
    entries stay small (a verifier reads a million in seconds) and the text cannot change unnoticed."""
    return hashlib.sha256(change_text.encode("utf-8")).hexdigest()


def entry_of(row: LogRow) -> dict:
    """The entry of the hash chain a stored row is (truce.audit.log)."""
    return {
        "seq": row.seq,
        "at": row.at,
        "who": row.who,
        "action": row.action,
        "change": change_digest(row.change),
        "prev": row.prev,
    }


def append(session: Session, action: str, who: str, details: dict, changes: Changes) -> LogRow:
    """Append the entry of this transaction to the log, chained to the last one. The caller holds the
    writers' lock, so entries never fork. Entries are numbered from 1 (leaf index: seq - 1)."""
    last = session.execute(select(LogRow.seq, LogRow.hash).order_by(LogRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    change_text = canonical_text({"what": details, "entities": digests(session, changes, state_digest)})
    entry = chain(prev, seq, datetime.now(UTC), who, action, change_digest(change_text))
    row = LogRow(seq=seq, at=entry["at"], who=who, action=action, change=change_text, prev=prev)
    row.hash = entry_hash(entry)
    session.add(row)
    session.flush()
    return row
