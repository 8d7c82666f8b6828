"""Verifying the record: the audit log's chain, and the tables against what the log says they hold.

Every write transaction appended one entry: who, when, what, and the digest of every entity it touched,
chained to the entry before by its hash. ``verify`` re-hashes the whole chain and replays it: the last
digest the log gives each entity must be the digest of the entity now. The first entry that does not
hold is named, with what it claims to have done; so is every entity edited, deleted or inserted behind
the log's back, with the entry that last wrote it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from truce.store import Store
from truce.store.ledger import GENESIS, entry_hash, entry_of

__all__ = ["Tampering", "Verification", "verify"]


@dataclass(frozen=True)
class Tampering:
    """One thing that does not hold: an entry of the chain, or an entity of the record."""

    what: str  # "entry" or the kind of entity ("claim", "incident"...)
    key: str  # the entry's number or the entity's key
    problem: str
    entry: int | None = None  # the entry that last wrote the entity (or the broken entry itself)
    entry_at: str = ""
    entry_action: str = ""


@dataclass
class Verification:
    entries: int = 0
    head: str = GENESIS
    entities: int = 0
    problems: list[Tampering] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems


def verify(store: Store) -> Verification:
    """Re-hash the log and compare the record with it (see the module's doc)."""
    result = Verification()
    latest: dict[tuple[str, str], tuple[str | None, int, str, str]] = {}
    previous, expected_seq = GENESIS, 1
    for row in store.log_entries():
        problem = None
        if row.seq != expected_seq:
            problem = f"is number {row.seq} where {expected_seq} was due: entries were removed or reordered"
        elif row.prev != previous:
            problem = "does not follow the entry before it (its link to the previous hash is broken)"
        elif entry_hash(entry_of(row.seq, row.at, row.who, row.action, row.change, row.prev)) != row.hash:
            problem = "was changed after it was written (its content no longer gives its hash)"
        if problem:
            result.problems.append(
                Tampering(
                    "entry",
                    str(row.seq),
                    f"{problem}; it says: {row.action} by {row.who} at {row.at}",
                    row.seq,
                    row.at,
                    row.action,
                )
            )
            return result  # nothing after a broken link can be trusted: the first one is what matters
        change = json.loads(row.change)
        for kind, digests in change.get("entities", {}).items():
            for key, digest in digests.items():
                latest[(kind, key)] = (digest, row.seq, row.at, row.action)
        previous, expected_seq = row.hash, expected_seq + 1
        result.entries, result.head = row.seq, row.hash
    seen = set()
    for kind, key, digest in store.entity_digests():
        result.entities += 1
        seen.add((kind, key))
        logged = latest.get((kind, key))
        if logged is None or logged[0] is None:
            problem = "is in the record but no entry of the log wrote it (inserted behind the log's back)"
            if logged is not None:
                problem = "is in the record though the log says it was deleted"
            result.problems.append(_entity_problem(kind, key, problem, logged))
        elif logged[0] != digest:
            problem = "differs from what the log says was written (edited behind the log's back)"
            result.problems.append(_entity_problem(kind, key, problem, logged))
    for (kind, key), logged in latest.items():
        if logged[0] is not None and (kind, key) not in seen:
            result.problems.append(
                _entity_problem(kind, key, "is missing: deleted behind the log's back", logged)
            )
    return result


def _entity_problem(kind: str, key: str, problem: str, logged: tuple | None) -> Tampering:  # type: ignore[type-arg]
    if logged is None:
        return Tampering(kind, key, problem)
    _, seq, at, action = logged
    return Tampering(kind, key, problem, seq, at, action)
