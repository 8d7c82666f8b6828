"""Ed25519 signing keys in files the user names, never in the database.

A private key file holds one line, the private key text of golang.org/x/mod/sumdb/note (``GenerateKey``):

    PRIVATE+KEY+<name>+<key ID, 8 hex digits>+<base64(0x01 || 32-byte Ed25519 seed)>

and the public half is the verifier key text of :mod:`truce.audit.note`. Keys are read from a path, or
from an environment variable (``env:NAME``) holding either a path or the key text itself, for machines
whose secrets arrive that way. Errors name the file or the variable, never the key; a key file others can
read is refused (as OpenSSH does), and key files are written with mode 0600, never over an existing file
and never through a symbolic link.
"""

from __future__ import annotations

import base64
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from truce.audit.errors import FormatError, KeyFileError
from truce.audit.note import ALG_ED25519, _decode_key, key_id, valid_name, verifier_key_text

__all__ = [
    "PRIVATE_PREFIX",
    "SigningKey",
    "generate_key",
    "load_private_key",
    "parse_private_key",
    "write_private_key",
]

PRIVATE_PREFIX = "PRIVATE+KEY+"
ENV_PREFIX = "env:"
_MAX_KEY_FILE = 4096  # a key is under 200 bytes: anything much larger is the wrong file


@dataclass(frozen=True)
class SigningKey:
    """A private key and its name. Its repr shows the name and key ID, never the key."""

    name: str
    key_id: int
    private_key: Ed25519PrivateKey = field(repr=False, compare=False)

    def verifier_key(self) -> str:
        """The public half, as a verifier key text."""
        return verifier_key_text(self.name, self.private_key.public_key())


def _seed(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def generate_key(name: str) -> tuple[str, str]:
    """A new key pair named ``name``: (private key text, verifier key text).

    >>> private, public = generate_key("truce.example/ru-side")
    >>> private.startswith("PRIVATE+KEY+truce.example/ru-side+")
    True
    >>> public.split("+")[1] == private.split("+")[3]  # the same key ID
    True
    """
    if not valid_name(name):
        raise FormatError(f"{name!r} cannot name a key: it must be non-empty, without spaces or '+'")
    private_key = Ed25519PrivateKey.generate()
    public = verifier_key_text(name, private_key.public_key())
    encoded = base64.b64encode(bytes([ALG_ED25519]) + _seed(private_key)).decode("ascii")
    return f"{PRIVATE_PREFIX}{name}+{public.split('+')[1]}+{encoded}", public


def parse_private_key(text: str) -> SigningKey:
    """Read a private key text. Its key ID must match the public key derived from it (a check that the
    text was not damaged). Errors never quote the text.

    >>> parse_private_key("PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")
    SigningKey(name='PeterNeumann', key_id=3343851683)
    """
    text = text.strip() if isinstance(text, str) else ""
    if not text.startswith(PRIVATE_PREFIX):
        raise FormatError("not a private key: it should start with PRIVATE+KEY+")
    parts = text[len(PRIVATE_PREFIX) :].split("+", 2)  # base64 may hold "+": split twice only
    if len(parts) != 3 or not valid_name(parts[0]):
        raise FormatError("not a private key: expected PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>")
    name, hex_id, encoded = parts
    private_key = Ed25519PrivateKey.from_private_bytes(_decode_key(encoded, "private key"))
    derived = key_id(name, private_key.public_key())
    if hex_id.lower() != f"{derived:08x}" or len(hex_id) != 8:
        raise FormatError(f"private key {name}: the key ID does not match the key (the text is damaged)")
    return SigningKey(name, derived, private_key)


def _read(path: Path, source: str) -> str:
    """The text of a key file, refusing one that others can read or that is not a small regular file."""
    try:
        info = path.stat()  # a link is followed: secrets are often mounted as links to a read-only file
    except FileNotFoundError:
        raise KeyFileError(source, "no such key file") from None
    except OSError as exc:
        raise KeyFileError(source, f"cannot read the key file ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise KeyFileError(source, "not a regular file")
    if info.st_mode & 0o077:
        raise KeyFileError(source, f"others can read or write this private key file: chmod 600 {path}")
    if info.st_size > _MAX_KEY_FILE:
        raise KeyFileError(source, "too large to be a key file")
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(
            source, f"cannot read the key file ({getattr(exc, 'strerror', None) or 'not text'})"
        ) from None


def load_private_key(
    source: str | os.PathLike[str], *, environ: Mapping[str, str] | None = None
) -> SigningKey:
    """The signing key in the file ``source``, or, for ``env:NAME``, in the environment variable NAME,
    which holds either the path of a key file or the private key text. Errors name the file or the
    variable and say what to do; none shows the key.

    >>> load_private_key("env:TRUCE_KEY_RU", environ={})
    Traceback (most recent call last):
    ...
    truce.audit.errors.KeyFileError: environment variable TRUCE_KEY_RU: not set (set it to...
    """
    environ = os.environ if environ is None else environ
    text = os.fspath(source)
    if text.startswith(ENV_PREFIX):
        variable = text[len(ENV_PREFIX) :]
        where = f"environment variable {variable}"
        value = environ.get(variable, "").strip()
        if not value:
            raise KeyFileError(where, "not set (set it to a key file's path or to the key)")
        if value.startswith(PRIVATE_PREFIX):
            return _parse(value, where)
        return _parse(_read(Path(value), f"{value} (from {where})"), f"{value} (from {where})")
    return _parse(_read(Path(text), text), text)


def _parse(text: str, source: str) -> SigningKey:
    try:
        return parse_private_key(text)
    except FormatError as exc:
        raise KeyFileError(source, str(exc)) from None


def write_private_key(path: str | os.PathLike[str], text: str) -> None:
    """Write the private key ``text`` (checked first) to a new file ``path``, mode 0600. Refuses an
    existing file or link (even a dangling one): a key is never overwritten, nor written elsewhere."""
    source = os.fspath(path)
    parse_private_key(text)  # never write something that cannot be read back
    target = Path(source)
    if target.is_symlink():
        raise KeyFileError(source, "is a symbolic link: Truce does not write keys through links")
    if target.exists():
        raise KeyFileError(source, "exists: a key file is never overwritten (choose another name)")
    # O_EXCL | O_NOFOLLOW close the race between the checks above and the creation.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(source, flags, 0o600)
    except FileExistsError:
        raise KeyFileError(source, "exists: a key file is never overwritten (choose another name)") from None
    except OSError as exc:
        raise KeyFileError(source, f"cannot write the key file ({exc.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            os.fchmod(out.fileno(), 0o600)  # the umask can only narrow the mode: make it exactly 0600
            out.write(text.strip() + "\n")
    except OSError as exc:
        Path(source).unlink(missing_ok=True)
        raise KeyFileError(source, f"cannot write the key file ({exc.strerror})") from None
    except BaseException:
        Path(source).unlink(missing_ok=True)
        raise
