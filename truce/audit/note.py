"""Signed notes (c2sp.org/signed-note, as golang.org/x/mod/sumdb/note writes them) with Ed25519 keys.

A signed note is a text ending in a newline, a blank line, then one signature line per signer:

    <text, each line ending in \\n>
    \\n
    — <key name> <base64(key ID || Ed25519 signature of the text)>\\n      (U+2014 EM DASH, then a space)

The signature covers the text's UTF-8 bytes, its final newline included, not the blank line. The key ID is
the first 4 bytes, big-endian, of SHA-256(key name || 0x0A || 0x01 || 32-byte public key); 0x01 names
Ed25519. Key names are non-empty, without spaces or "+". A public key travels as a *verifier key*:

    <name>+<key ID, 8 lowercase hex digits>+<base64(0x01 || 32-byte public key)>

Several sides sign one note (:func:`add_signature`); a verifier trusts the keys it was given and ignores
the others (:func:`verify_note`), so a note stays verifiable by anyone holding the public keys, and a
retired key still verifies what it signed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable
from typing import NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from truce.audit.errors import FormatError, SignatureError

__all__ = [
    "ALG_ED25519",
    "MAX_SIGNATURES",
    "Signature",
    "VerifierKey",
    "add_signature",
    "key_id",
    "parse_verifier_key",
    "public_bytes",
    "sign_note",
    "split_note",
    "valid_name",
    "verifier_key_text",
    "verify_note",
]

ALG_ED25519 = 0x01
MAX_SIGNATURES = 100  # C2SP: accept at least 16; Go's note package refuses more than 100
_DASH = "— "  # U+2014 and a space open a signature line
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f]")  # control characters other than the newline
_HEX8 = re.compile(r"[0-9a-fA-F]{8}")

# Ed25519 public keys of small order (libsodium's list; the sign bit of the last byte is ignored). With
# one of them a fixed "signature" verifies on any text, so such a key proves nothing and is refused.
_SMALL_ORDER = frozenset(
    bytes.fromhex(h)
    for h in (
        "00" * 32,
        "01" + "00" * 31,
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "ec" + "ff" * 30 + "7f",
        "ed" + "ff" * 30 + "7f",
        "ee" + "ff" * 30 + "7f",
    )
)


class Signature(NamedTuple):
    """One signature line: the key name, the key ID, and the signature bytes (without the ID)."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        """The signature line, newline included."""
        encoded = base64.b64encode(self.key_id.to_bytes(4, "big") + self.signature).decode("ascii")
        return f"{_DASH}{self.name} {encoded}\n"


class VerifierKey(NamedTuple):
    """A public key as a verifier knows it: its name, key ID and 32 raw bytes of Ed25519 public key."""

    name: str
    key_id: int
    public_key: bytes


def valid_name(name: str) -> bool:
    """Whether ``name`` can name a key: non-empty, no Unicode space, no "+", no control character.

    >>> valid_name("truce.example/ru-side"), valid_name("RU side"), valid_name("a+b")
    (True, False, False)
    """
    return (
        isinstance(name, str)
        and name != ""
        and "+" not in name
        and not any(c.isspace() for c in name)
        and not _CONTROL.search(name)
    )


def _check_name(name: str) -> None:
    if not valid_name(name):
        raise FormatError(f"{name!r} cannot name a key: it must be non-empty, without spaces or '+'")


def public_bytes(public_key: Ed25519PublicKey | bytes) -> bytes:
    """The 32 raw bytes of an Ed25519 public key (given as a key object or as those bytes); a key of
    small order, which would verify forged signatures, is refused."""
    if isinstance(public_key, Ed25519PublicKey):
        raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    elif isinstance(public_key, bytes) and len(public_key) == 32:
        raw = public_key
    else:
        raise FormatError("an Ed25519 public key is 32 bytes")
    if raw[:31] + bytes([raw[31] & 0x7F]) in _SMALL_ORDER:
        raise FormatError("a weak Ed25519 public key (of small order): it would verify forged signatures")
    return raw


def key_id(name: str, public_key: Ed25519PublicKey | bytes) -> int:
    """The key ID: SHA-256(name || "\\n" || 0x01 || public key), first 4 bytes as a big-endian integer.

    >>> f"{key_id('PeterNeumann', base64.b64decode('ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')[1:]):08x}"
    'c74f20a3'
    """
    data = name.encode("utf-8") + b"\n" + bytes([ALG_ED25519]) + public_bytes(public_key)
    return int.from_bytes(hashlib.sha256(data).digest()[:4], "big")


def verifier_key_text(name: str, public_key: Ed25519PublicKey | bytes) -> str:
    """The verifier key text of a public key: ``<name>+<hex key ID>+<base64(0x01 || key)>``.

    >>> verifier_key_text("PeterNeumann",
    ...     base64.b64decode("ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")[1:])
    'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
    """
    _check_name(name)
    raw = public_bytes(public_key)
    encoded = base64.b64encode(bytes([ALG_ED25519]) + raw).decode("ascii")
    return f"{name}+{key_id(name, raw):08x}+{encoded}"


def parse_verifier_key(text: str) -> VerifierKey:
    """Read a verifier key text (surrounding whitespace ignored); its key ID must match its name and key.

    >>> parse_verifier_key("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")[:2]
    ('PeterNeumann', 3343851683)
    """
    if not isinstance(text, str):
        raise FormatError("a verifier key is text")
    parts = text.strip().split("+", 2)  # base64 may hold "+": split twice only
    if len(parts) != 3:
        raise FormatError("not a verifier key: expected <name>+<8 hex digits>+<base64 key>")
    name, hex_id, encoded = parts
    _check_name(name)
    raw = _decode_key(encoded, "verifier key")
    if not _HEX8.fullmatch(hex_id) or int(hex_id, 16) != key_id(name, raw):
        raise FormatError(f"verifier key {name}: the key ID {hex_id[:8]!r} does not match the name and key")
    return VerifierKey(name, int(hex_id, 16), raw)


def _decode_key(encoded: str, what: str) -> bytes:
    """The 32 key bytes of ``base64(0x01 || key)``; shared with the private key format of keys.py."""
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise FormatError(f"{what}: the key is not base64") from None
    if len(data) != 33 or data[0] != ALG_ED25519:
        raise FormatError(f"{what}: not an Ed25519 key (0x01 and 32 bytes)")
    return data[1:]


def _text_bytes(text: str, what: str) -> bytes:
    if _CONTROL.search(text):
        raise FormatError(f"{what} holds a control character other than the newline")
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        raise FormatError(f"{what} is not valid Unicode (a lone surrogate)") from None


def split_note(note: str | bytes) -> tuple[str, list[Signature]]:
    """The text of a signed note and its signatures, in order, none verified.

    >>> text, sigs = split_note("hello\\n\\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGU"
    ...     "gYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\\n")
    >>> text, sigs[0].name, f"{sigs[0].key_id:08x}", len(sigs[0].signature)
    ('hello\\n', 'PeterNeumann', 'c74f20a3', 64)
    """
    if isinstance(note, bytes):
        try:
            note = note.decode("utf-8")
        except UnicodeDecodeError:
            raise FormatError("signed note: not UTF-8") from None
    _text_bytes(note, "signed note")
    # The text may hold blank lines: the last blank line separates it from the signatures.
    split = note.rfind("\n\n")
    if split < 0 or not note.endswith("\n") or split + 2 == len(note):
        raise FormatError("signed note: no signature lines after a blank line")
    text, lines = note[: split + 1], note[split + 2 : -1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise FormatError(f"signed note: {len(lines)} signatures, at most {MAX_SIGNATURES} are read")
    signatures = []
    for number, line in enumerate(lines, start=1):
        name, _, encoded = line.removeprefix(_DASH).partition(" ")
        try:
            raw = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if not line.startswith(_DASH) or not valid_name(name) or len(raw) < 5:
            raise FormatError(f"signed note: signature line {number} is not '— <name> <base64 signature>'")
        signatures.append(Signature(name, int.from_bytes(raw[:4], "big"), raw[4:]))
    return text, signatures


def _signature(text: str, name: str, private_key: Ed25519PrivateKey) -> Signature:
    _check_name(name)
    data = _text_bytes(text, "note text")
    if not text.endswith("\n"):
        raise FormatError("note text: the last line does not end in a newline")
    return Signature(name, key_id(name, private_key.public_key()), private_key.sign(data))


def sign_note(text: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """The signed note of ``text`` with one signature, by ``private_key`` under the key name ``name``.

    Ed25519 signatures are deterministic, so this is the note of the sumdb/note documentation:

    >>> key = Ed25519PrivateKey.from_private_bytes(
    ...     base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:])
    >>> text = "If you think cryptography is the answer to your problem,\\n" \\
    ...     "then you don't know what your problem is.\\n"
    >>> signed = sign_note(text, "PeterNeumann", key)
    >>> signed == text + "\\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1" \\
    ...     "FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\\n"
    True
    """
    return text + "\n" + _signature(text, name, private_key).line()


def add_signature(note: str, name: str, private_key: Ed25519PrivateKey) -> str:
    """``note`` with one more signature (a second side signing the same text), after the others. A
    signature by the same key (name and key ID) is replaced, as sumdb/note does. This does not check the
    signatures already there: verify the note (:func:`verify_note`) before signing it."""
    text, signatures = split_note(note)
    mine = _signature(text, name, private_key)
    kept = [s for s in signatures if (s.name, s.key_id) != (mine.name, mine.key_id)]
    return text + "\n" + "".join(s.line() for s in [*kept, mine])


def _known(verifier_keys: Iterable[str | VerifierKey]) -> dict[tuple[str, int], VerifierKey]:
    known: dict[tuple[str, int], VerifierKey] = {}
    for item in verifier_keys:
        key = parse_verifier_key(item) if isinstance(item, str) else item
        public_bytes(key.public_key)  # a VerifierKey built by hand is checked as a parsed one is
        other = known.setdefault((key.name, key.key_id), key)
        if other.public_key != key.public_key:
            # Two keys with one name and ID: whoever supplied the list is confused or hostile.
            raise FormatError(f"two different verifier keys named {key.name}+{key.key_id:08x}")
    return known


def verify_note(note: str | bytes, verifier_keys: Iterable[str | VerifierKey]) -> list[str]:
    """The names of the known keys whose signatures on ``note`` verify, in the note's order.

    Signatures by keys not in ``verifier_keys`` (another name, or another key ID) are ignored, as C2SP
    requires; a signature by a known key that does not verify is a :class:`SignatureError`, never
    skipped. An empty list means no known key signed: the caller decides which names it requires.

    >>> key = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    >>> signature = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfq" \\
    ...     "dngotpRZb6KE6RyyBwJnAM=\\n"
    >>> verify_note("If you think cryptography is the answer to your problem,\\n"
    ...     "then you don't know what your problem is.\\n\\n" + signature, [key])
    ['PeterNeumann']
    >>> verify_note("hello\\n\\n" + signature, [key])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    truce.audit.errors.SignatureError: the signature of PeterNeumann+c74f20a3 does not verify: ...
    """
    known = _known(verifier_keys)
    text, signatures = split_note(note)
    data = text.encode("utf-8")
    names: list[str] = []
    for sig in signatures:
        key = known.get((sig.name, sig.key_id))
        if key is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.public_key).verify(sig.signature, data)
        except InvalidSignature:
            raise SignatureError(sig.name, sig.key_id) from None
        if sig.name not in names:
            names.append(sig.name)
    return names
