"""The checkpoint of a log (c2sp.org/tlog-checkpoint): the note text that a signed note signs.

    <origin>\\n              who issued it, e.g. "truce.example/nagorno-karabakh"; non-empty
    <size>\\n                the number of leaves, decimal, no leading zero (0 for the empty tree)
    <base64 root>\\n         the RFC 9162 root hash (32 bytes), standard base64 with padding
    [<extension line>\\n]*   optional, opaque, non-empty (C2SP: NOT RECOMMENDED)

Every line ends in a newline, the last included. Parsing is strict: a checkpoint is signed byte for byte,
so two spellings of one tree head must not both pass (no leading zeros, canonical base64 only).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from typing import NamedTuple

from truce.audit.errors import FormatError
from truce.audit.merkle import HASH_SIZE

__all__ = ["Checkpoint", "checkpoint_body", "parse_checkpoint"]

_MAX_SIZE = 2**64 - 1  # the size is a uint64 in every other implementation
_CONTROL = re.compile(r"[\x00-\x1f]")  # signed notes allow no control characters but the newline
_SIZE = re.compile(r"0|[1-9][0-9]*")


class Checkpoint(NamedTuple):
    """A parsed checkpoint: ``origin, size, root, extensions = parse_checkpoint(text)``."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()


def _check_line(value: str, what: str) -> None:
    if not value:
        raise FormatError(f"checkpoint: the {what} is empty")
    if _CONTROL.search(value):
        raise FormatError(f"checkpoint: the {what} holds a newline or a control character")


def checkpoint_body(origin: str, size: int, root: bytes, extensions: Sequence[str] = ()) -> str:
    """The checkpoint text of a tree of ``size`` leaves and root hash ``root``.

    >>> print(checkpoint_body("example.com/behind-the-sofa", 20852163,
    ...     base64.b64decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=")), end="")
    example.com/behind-the-sofa
    20852163
    CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
    """
    _check_line(origin, "origin")
    if type(size) is not int or not 0 <= size <= _MAX_SIZE:
        raise FormatError(f"checkpoint: the tree size must be an integer from 0 to 2**64 - 1, not {size!r}")
    if not isinstance(root, bytes) or len(root) != HASH_SIZE:
        raise FormatError(f"checkpoint: the root hash must be {HASH_SIZE} bytes")
    for line in extensions:
        _check_line(line, "extension line")
    lines = [origin, str(size), base64.b64encode(root).decode("ascii"), *extensions]
    return "".join(line + "\n" for line in lines)


def parse_checkpoint(text: str) -> Checkpoint:
    """The origin, size, root hash and extension lines of a checkpoint text (the note text, without the
    signatures: see :func:`truce.audit.note.split_note`).

    >>> root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="
    >>> parse_checkpoint(f"example.com/behind-the-sofa\\n20852163\\n{root}\\n")[:2]
    ('example.com/behind-the-sofa', 20852163)
    >>> parse_checkpoint(f"example.com/behind-the-sofa\\n0123\\n{root}\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    truce.audit.errors.FormatError: checkpoint, line 2: the tree size '0123' is not decimal without...
    """
    if not isinstance(text, str):
        raise FormatError("checkpoint: not text")
    if not text.endswith("\n"):
        raise FormatError("checkpoint: the last line does not end in a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise FormatError(f"checkpoint: {len(lines)} line(s), at least 3 expected (origin, size, root hash)")
    origin, size_text, root_text, *extensions = lines
    _check_line(origin, "origin (line 1)")
    if not _SIZE.fullmatch(size_text) or int(size_text) > _MAX_SIZE:
        raise FormatError(
            f"checkpoint, line 2: the tree size {size_text[:30]!r} is not decimal without leading zeros"
        )
    try:
        root = base64.b64decode(root_text, validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(f"checkpoint, line 3: the root hash {root_text[:60]!r} is not base64") from None
    if len(root) != HASH_SIZE or base64.b64encode(root).decode("ascii") != root_text:
        raise FormatError(f"checkpoint, line 3: the root hash is not the base64 of {HASH_SIZE} bytes")
    for number, line in enumerate(extensions, start=4):
        _check_line(line, f"extension line (line {number})")
    return Checkpoint(origin, int(size_text), root, tuple(extensions))
