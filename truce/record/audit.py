"""Verifying the record: the audit log's chain, and the tables against what the log says they hold.

Every write transaction appended one entry: who, when, what, and the digest of every entity it touched,
chained to the entry before by its hash. ``verify`` re-hashes the whole chain and replays it: the last
digest the log gives each entity must be the digest of the entity now. The first entry that does not
hold is named, with what it claims to have done; so is every entity edited, deleted or inserted behind
the log's back, with the entry that last wrote it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field

from truce.audit.checkpoint import parse_checkpoint
from truce.audit.errors import AuditError, ChainError
from truce.audit.log import GENESIS, entry_hash, entry_leaf, verify_chain
from truce.audit.merkle import EMPTY_ROOT, CompactRange
from truce.audit.note import split_note, verify_note
from truce.store import Store
from truce.store.ledger import entry_of

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
    root: bytes = EMPTY_ROOT  # the Merkle root (RFC 9162) of the whole log
    checkpoints: int = 0  # signed checkpoints found consistent with the log
    entities: int = 0
    problems: list[Tampering] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems


def verify(store: Store) -> Verification:
    """Re-hash the log and compare the record with it (see the module's doc)."""
    result = Verification()
    latest: dict[tuple[str, str], tuple[str | None, int, str, str]] = {}
    forged: list = []  # type: ignore[type-arg]
    checkpoints = dict(store.checkpoints())
    tree, roots = CompactRange(), {}  # the log's root at each size a checkpoint was signed at

    def entries() -> Iterator[dict]:  # the chain's entries, the entities' digests folded on the way
        for row in store.log_entries():
            for kind, digests in json.loads(row.change).get("entities", {}).items():
                for key, digest in digests.items():
                    latest[(kind, key)] = (digest, row.seq, row.at, row.action)
            entry = entry_of(row)
            if entry_hash(entry) != row.hash:  # the stored hash is what the next entry and proofs name
                forged.append(row)
            tree.append(entry_leaf(entry))
            if tree.size in checkpoints:
                roots[tree.size] = tree.root()
            yield entry

    try:
        head = verify_chain(entries(), first_seq=1)
    except ChainError as exc:
        brk = exc.brk
        said = f"{brk.action} by {brk.who} at {brk.at}"
        result.problems.append(
            Tampering(
                "entry", str(brk.seq), f"{brk.detail}; it says: {said}", brk.due, str(brk.at), str(brk.action)
            )
        )
        return result  # nothing after a broken link can be trusted: the first one is what matters
    result.entries, result.head, result.root = head.size, head.head, head.root
    verifiers = [k.verifier for k in store.public_keys()]
    for size, note in checkpoints.items():
        result.checkpoints += 1
        problem = _checkpoint_problem(note, size, head.size, roots.get(size), verifiers)
        if problem:
            result.problems.append(Tampering("checkpoint", str(size), problem, size))
            return result
    if forged:
        row = forged[0]
        said = f"{row.action} by {row.who} at {row.at}"
        result.problems.append(
            Tampering(
                "entry",
                str(row.seq),
                f"its stored hash is not its own; it says: {said}",
                row.seq,
                row.at,
                row.action,
            )
        )
        return result
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


def _checkpoint_problem(note: str, size: int, log_size: int, root: bytes | None, verifiers: list[str]) -> str:
    """Why a signed checkpoint does not hold against the log, or "" when it does."""
    try:
        signed = verify_note(note, verifiers)
        point = parse_checkpoint(split_note(note)[0])
    except AuditError as exc:
        return f"does not verify: {exc}"
    if not signed:
        return "carries no signature of a registered key"
    if point.size != size:
        return f"says {point.size} entries, stored as {size}"
    if log_size < size:
        return (
            f"was signed when the log held {size} entries; it holds {log_size}: entries were cut from its end"
        )
    if root != point.root:
        return f"does not match the log's first {size} entries: the log was rewritten after it was signed"
    return ""


def _entity_problem(kind: str, key: str, problem: str, logged: tuple | None) -> Tampering:  # type: ignore[type-arg]
    if logged is None:
        return Tampering(kind, key, problem)
    _, seq, at, action = logged
    return Tampering(kind, key, problem, seq, at, action)
