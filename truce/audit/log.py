"""The log of writes as a hash chain, and its verification (pure: the store supplies the entries).

An entry is exactly six fields:

    seq      its number, consecutive: from 0 by default, so that it is also the entry's leaf index in
             the Merkle tree (a store that counts from 1 says so: ``verify_chain(..., first_seq=1)``)
    at       when, UTC, ISO 8601 with milliseconds: "2024-03-11T21:10:00.000Z"
    who      who wrote (a user name)
    action   what kind of write ("ingest", "link", "retract", "publish"...)
    change   what changed: any JSON value
    prev     hex SHA-256 of the previous entry's canonical bytes; 64 zeros (GENESIS) for the first

Its bytes are its RFC 8785 canonical JSON (:func:`entry_bytes`), so the keys appear sorted: action, at,
change, prev, seq, who. Two hashes are made of those bytes: the *entry hash*, SHA-256(bytes) in hex, which
the next entry names as ``prev``; and the *leaf hash*, SHA-256(0x00 || bytes), the entry's leaf in the
RFC 9162 tree whose root a checkpoint signs.

Changing, deleting, inserting or reordering entries breaks the chain at the first entry affected, which
:func:`verify_chain` reports. Two things the chain cannot show alone: a change to the last entry, and
entries cut from the end. The signed checkpoint shows both: compare its size and root with what
:func:`verify_chain` returns.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from operator import itemgetter
from typing import Any, NamedTuple

from truce.audit.canonical import canonical_text
from truce.audit.errors import ChainError, FormatError
from truce.audit.merkle import CompactRange

__all__ = [
    "FIELDS",
    "GENESIS",
    "ChainBreak",
    "ChainHead",
    "chain",
    "entry_bytes",
    "entry_hash",
    "entry_leaf",
    "format_at",
    "verify_chain",
]

GENESIS = "0" * 64
FIELDS = ("seq", "at", "who", "action", "change", "prev")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_SEQ = 2**53 - 1  # the largest integer RFC 8785 writes exactly
_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")

# The canonical JSON of an entry with its keys in RFC 8785 order. Writing it from a template is three
# times faster than encoding the dict, and the tests check it byte for byte against rfc8785. ``prev`` is
# written raw: it is 64 hex digits (checked) and needs no escaping.
_TEMPLATE = '{"action":%s,"at":%s,"change":%s,"prev":"%s","seq":%d,"who":%s}'
_get = itemgetter("action", "at", "change", "prev", "seq", "who")
_sha256 = hashlib.sha256


class ChainHead(NamedTuple):
    """What a verified log comes to: its size, the hash of its last entry, and its Merkle root."""

    size: int
    head: str
    root: bytes


@dataclass(frozen=True)
class ChainBreak:
    """The first entry of a log that does not hold: where, what it claims (its seq, action, who, at),
    and why.

    ``reason`` is one of ``malformed`` (not an entry), ``seq-gap`` (entries missing before it),
    ``reordered`` (it comes after a later entry, or again), ``prev-mismatch`` (its ``prev`` is not the
    hash of the entry before: that entry was changed, or this one forged or inserted).
    """

    due: int  # the seq due at its place: first_seq + how many entries came before it
    seq: Any  # what the entry says (it may be anything in a malformed entry)
    action: Any
    who: Any
    at: Any
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"log entry {self.seq} ({self.action!r} by {self.who!r} at {self.at}): {self.detail}"


def format_at(moment: datetime) -> str:
    """The ``at`` of an entry: a timezone-aware moment in UTC, to the millisecond.

    >>> from datetime import timedelta, timezone
    >>> format_at(datetime(2022, 3, 11, 23, 10, 0, 123456, tzinfo=timezone(timedelta(hours=2))))
    '2022-03-11T21:10:00.123Z'
    """
    if not isinstance(moment, datetime) or moment.tzinfo is None or moment.utcoffset() is None:
        raise FormatError("at: a log entry's time must be a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _encode(action: Any, at: Any, change: Any, prev: str, seq: int, who: Any) -> bytes:
    """The canonical bytes of an entry whose ``prev`` and ``seq`` are known good."""
    if type(action) is not str or type(at) is not str or type(who) is not str:
        raise FormatError("action, at and who must be text")
    quoted = encode_basestring  # a JSON string, escaped as RFC 8785 escapes (the tests check it)
    text = _TEMPLATE % (quoted(action), quoted(at), canonical_text(change), prev, seq, quoted(who))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError("the entry is not valid Unicode (it holds a lone surrogate)") from None


def _fields(entry: Mapping[str, Any]) -> tuple[Any, ...]:
    try:
        fields = _get(entry)
    except (KeyError, TypeError):
        raise FormatError(f"a log entry has the fields {', '.join(FIELDS)}") from None
    if len(entry) != len(FIELDS):
        raise FormatError(f"a log entry has the fields {', '.join(FIELDS)} and no other")
    return fields


def entry_bytes(entry: Mapping[str, Any]) -> bytes:
    """The canonical JSON (RFC 8785) of a log entry: what is hashed and what the Merkle leaf holds.

    >>> entry = chain(GENESIS, 0, "2022-03-11T21:10:00.000Z", "ana", "link", {"c": 1})
    >>> print(entry_bytes(entry).decode().replace(GENESIS, "0000..."))
    {"action":"link","at":"2022-03-11T21:10:00.000Z","change":{"c":1},"prev":"0000...","seq":0,"who":"ana"}
    """
    action, at, change, prev, seq, who = _fields(entry)
    if type(seq) is not int or not 0 <= seq <= _MAX_SEQ:
        raise FormatError(f"seq must be a whole number from 0 to 2**53 - 1, not {seq!r}")
    if type(prev) is not str or not _HEX64.fullmatch(prev):
        raise FormatError("prev must be 64 lowercase hex digits")
    return _encode(action, at, change, prev, seq, who)


def entry_hash(entry: Mapping[str, Any]) -> str:
    """Hex SHA-256 of the entry's canonical bytes: the ``prev`` of the next entry."""
    return _sha256(entry_bytes(entry)).hexdigest()


def entry_leaf(entry: Mapping[str, Any]) -> bytes:
    """The entry's RFC 9162 leaf hash, SHA-256(0x00 || canonical bytes), for Merkle proofs."""
    return _sha256(b"\x00" + entry_bytes(entry)).digest()


def chain(
    previous_hash: str, seq: int, at: datetime | str, who: str, action: str, change: object
) -> dict[str, Any]:
    """A new entry that follows the entry whose hash is ``previous_hash`` (:data:`GENESIS` for entry 0).

    ``at`` is a timezone-aware datetime, or already in the form of :func:`format_at`; ``change`` must be
    JSON that RFC 8785 can write (no NaN, integers within 53 bits). Bad values are a :class:`FormatError`.

    >>> first = chain(GENESIS, 0, "2022-03-11T21:10:00.000Z", "analyst 2", "link", {"claim": "C-1"})
    >>> second = chain(entry_hash(first), 1, "2022-03-11T21:11:00.000Z", "analyst 2", "unlink", {})
    >>> verify_chain([first, second]).size
    2
    """
    if type(previous_hash) is not str or not _HEX64.fullmatch(previous_hash):
        raise FormatError("previous hash: must be 64 lowercase hex digits")
    if type(seq) is not int or not 0 <= seq <= _MAX_SEQ:
        raise FormatError(f"seq: must be a whole number from 0 to 2**53 - 1, not {seq!r}")
    when = format_at(at) if isinstance(at, datetime) else at
    if type(when) is not str or not _AT.fullmatch(when):
        raise FormatError(f"at: {str(at)[:40]!r} is not a UTC time like 2022-03-11T21:10:00.000Z")
    for name, value in (("who", who), ("action", action)):
        if type(value) is not str or not value.strip():
            raise FormatError(f"{name}: must be non-empty text")
    entry = {"seq": seq, "at": when, "who": who, "action": action, "change": change, "prev": previous_hash}
    entry_bytes(entry)  # refuse now what could not be hashed later
    return entry


def _break(due: int, entry: Any, reason: str, detail: str) -> ChainError:
    get = entry.get if isinstance(entry, Mapping) else (lambda _key: None)
    return ChainError(ChainBreak(due, get("seq"), get("action"), get("who"), get("at"), reason, detail))


def verify_chain(entries: Iterable[Mapping[str, Any]], *, first_seq: int = 0) -> ChainHead:
    """Re-hash the log, streaming, and return its size, head hash and Merkle root; the first entry that
    does not hold raises a :class:`ChainError` whose ``brk`` (a :class:`ChainBreak`) says which and why.
    The entries come in log order, numbered from ``first_seq``; the first follows :data:`GENESIS`.

    >>> first = chain(GENESIS, 0, "2022-03-11T21:10:00.000Z", "analyst 2", "link", {"claim": "C-1"})
    >>> second = chain(entry_hash(first), 1, "2022-03-11T21:11:00.000Z", "analyst 2", "unlink", {})
    >>> first["change"] = {"claim": "C-2"}
    >>> verify_chain([first, second])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    truce.audit.errors.ChainError: log entry 1 (...): its prev is not the hash of entry 0: ...
    >>> verify_chain([second])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    truce.audit.errors.ChainError: log entry 1 ('unlink' by 'analyst 2' at ...): entry 0 was due here: ...
    """
    tree = CompactRange()
    append, head = tree.append, GENESIS
    fields = ", ".join(FIELDS)
    for due, entry in enumerate(entries, start=first_seq):
        # The checks of _fields, inline: this loop runs a million times and a call costs.
        try:
            action, at, change, prev, seq, who = _get(entry)
        except (KeyError, TypeError):
            raise _break(due, entry, "malformed", f"a log entry has the fields {fields}") from None
        if len(entry) != len(FIELDS):
            raise _break(due, entry, "malformed", f"a log entry has the fields {fields} and no other")
        if seq != due or type(seq) is not int:
            if type(seq) is not int:
                raise _break(due, entry, "malformed", f"seq {seq!r} is not a whole number")
            if seq > due:
                detail = (
                    f"entry {due} was due here: entries {due} to {seq - 1} are missing (deleted, or moved)"
                )
                raise _break(due, entry, "seq-gap", detail)
            raise _break(due, entry, "reordered", f"it comes after entry {due - 1}: moved, or repeated")
        if prev != head:
            if due == first_seq:
                detail = (
                    "the first entry's prev is not 64 zeros: entries before it were removed, or it was forged"
                )
            else:
                detail = (
                    f"its prev is not the hash of entry {due - 1}: entry {due - 1} was changed after"
                    " this one was written, or this one was forged"
                )
            raise _break(due, entry, "prev-mismatch", detail)
        try:
            data = _encode(action, at, change, prev, seq, who)
        except FormatError as exc:
            raise _break(due, entry, "malformed", str(exc)) from None
        head = _sha256(data).hexdigest()
        append(_sha256(b"\x00" + data).digest())
    return ChainHead(tree.size, head, tree.root())
