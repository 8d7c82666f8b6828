"""Canonical JSON (RFC 8785, the JSON Canonicalization Scheme): one byte string per JSON value, whatever
the key order or spacing it was written with, so that a hash of it means the value and nothing else.

The reference is the ``rfc8785`` package. It is pure Python (about 25 µs for a log entry), too slow for
a verifier that re-hashes a million entries, so :func:`canonical` first tries the standard library's C
JSON encoder, which writes exactly the RFC 8785 bytes on a domain that :func:`_plain` checks value by
value: strings, booleans, null, integers of at most 53 bits, floats that Python writes in plain decimal
with a fraction (``39.7172``: from 1e-4 to 1e16, not integral), integral floats of at most 53 bits (given
to the encoder as the integers RFC 8785 writes them as: ``100.0`` is ``100``), lists, and dicts whose
keys are strings without characters beyond U+FFFF (RFC 8785 sorts keys by UTF-16 code units, Python by
code points: they differ only there). Anything else (``1e-05``, ``1e20``, 2**60, tuples, other mappings)
goes to ``rfc8785``, which also raises for what JSON cannot hold (NaN, infinities, integers beyond 53
bits, lone surrogates). The tests check the two paths against each other on generated values.
"""

from __future__ import annotations

import hashlib
import re
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

import rfc8785

from truce.audit.errors import FormatError

__all__ = ["canonical", "canonical_text", "digest"]

_MAX_INT = 2**53 - 1  # RFC 8785 numbers are IEEE doubles: integers beyond are not exact
_BEYOND_BMP = re.compile("[\U00010000-\U0010ffff]")
_SIMPLE = frozenset({str, bool, type(None)})  # written alike by both, whatever their value


def _refuse(value: object) -> Any:
    raise TypeError(f"not JSON: {type(value).__name__}")


# Built once: JSONEncoder.encode would build it again on every call. Arguments: no cycle markers (the
# values are trees), compact separators, keys sorted, no skipped keys, NaN refused.
_encode = (
    c_make_encoder(None, _refuse, encode_basestring, None, ":", ",", True, False, False)
    if c_make_encoder is not None
    else None
)


class _Beyond(Exception):
    """A value the C encoder would not write as RFC 8785 does: rfc8785 writes it."""


def _plain(value: Any) -> Any:
    """``value`` as the C encoder writes exactly as RFC 8785 does (see the module docstring): the same
    value, with integral floats as integers (RFC 8785 writes ``100.0`` as ``100`` and ``-0.0`` as
    ``0``); :class:`_Beyond` for anything else."""
    kind = type(value)
    if kind is dict:
        plain = {}
        for key, item in value.items():
            if type(key) is not str or (not key.isascii() and _BEYOND_BMP.search(key)):
                raise _Beyond
            plain[key] = item if type(item) in _SIMPLE else _plain(item)  # no call for the common values
        return plain
    if kind in _SIMPLE:
        return value
    if kind is int:
        if -_MAX_INT <= value <= _MAX_INT:
            return value
        raise _Beyond
    if kind is float:
        # Both write the same shortest digits; Python in plain notation from 1e-4 to 1e16 (RFC 8785 from
        # 1e-7 to 1e21), and integral floats as "100.0" (RFC 8785: "100", as the integer is written).
        # (NaN and the infinities fail both comparisons.)
        if value.is_integer():
            if abs(value) <= _MAX_INT:
                return int(value)
        elif 1e-4 <= abs(value) < 1e16:
            return value
        raise _Beyond
    if kind is list:
        return [item if type(item) in _SIMPLE else _plain(item) for item in value]
    raise _Beyond


def _fast(value: object) -> str | None:
    """The canonical text by the C encoder, or None where only rfc8785 writes it right."""
    if _encode is None:
        return None
    try:
        return "".join(_encode(_plain(value), 0))
    except _Beyond:
        return None


def canonical_text(value: object) -> str:
    """The canonical JSON of ``value`` as text (``canonical(value)`` is its UTF-8).

    >>> canonical_text({"b": [1, 2.5, None], "a": "é"})
    '{"a":"é","b":[1,2.5,null]}'
    """
    text = _fast(value)
    return text if text is not None else canonical(value).decode("utf-8")


def canonical(value: object) -> bytes:
    """The RFC 8785 canonical JSON of ``value``, as bytes.

    Keys sorted, no spaces, numbers as ECMAScript writes them, strings as UTF-8 with the minimal escapes.
    A value JSON cannot hold is a :class:`FormatError`.

    >>> canonical({"z": 1, "a": [True, None, 1.5, 1e-06, 100.0]})
    b'{"a":[true,null,1.5,0.000001,100],"z":1}'
    >>> canonical(float("nan"))
    Traceback (most recent call last):
    ...
    truce.audit.errors.FormatError: not canonical JSON: nan is not representable in JCS
    """
    text = _fast(value)
    if text is not None:
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError:
            pass  # a lone surrogate: rfc8785 below says so
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise FormatError(f"not canonical JSON: {exc}") from None


def digest(value: object) -> str:
    """Hex SHA-256 of the canonical JSON of ``value``.

    >>> digest({"b": 2, "a": 1}) == digest({"a": 1, "b": 2})
    True
    >>> digest({})
    '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a'
    """
    return hashlib.sha256(canonical(value)).hexdigest()
