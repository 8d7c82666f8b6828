"""The errors of the audit trail. Each is a :class:`~truce.errors.TruceError`, so the CLI's one error
wrapper turns it into one line ``Error: ...``; none ever carries a private key.

    TruceError
     └── AuditError         the audit trail cannot be read, or does not hold
          ├── FormatError      a checkpoint, signed note, key text or log entry is not well formed (exit 2)
          ├── RangeError       a proof asked of an entry or a size the tree does not have (exit 2)
          ├── KeyFileError     a key file cannot be read or written; names the file (exit 2)
          ├── SignatureError   a signature by a known key does not verify (exit 1)
          └── ChainError       the hash chain of the log breaks; carries the first break (exit 1)

A failed check that is an answer, not an accident (a Merkle proof that does not verify), is ``False``,
not an error: :mod:`truce.audit.merkle` returns booleans.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from truce.errors import TruceError

if TYPE_CHECKING:
    from truce.audit.log import ChainBreak

__all__ = ["AuditError", "ChainError", "FormatError", "KeyFileError", "RangeError", "SignatureError"]


class AuditError(TruceError):
    """Base of the audit trail's errors."""


class FormatError(AuditError):
    """Something read (a checkpoint, a signed note, a key, a log entry) is not well formed."""

    exit_code = 2


class RangeError(AuditError):
    """A proof was asked of a leaf index or tree size outside the tree."""

    exit_code = 2


class KeyFileError(AuditError):
    """A key file (or the environment variable naming one) cannot be used. Names the file, never the key."""

    exit_code = 2

    def __init__(self, source: str, problem: str) -> None:
        self.source, self.problem = source, problem
        super().__init__(f"{source}: {problem}")


class SignatureError(AuditError):
    """A signature made by a key the verifier knows (same name and key ID) does not verify: the note was
    altered after signing, or the signature was forged."""

    def __init__(self, name: str, key_id: int) -> None:
        self.name, self.key_id = name, key_id
        super().__init__(
            f"the signature of {name}+{key_id:08x} does not verify: the note was altered or forged"
        )


class ChainError(AuditError):
    """The hash chain of the log does not hold; ``brk`` says where and why (the first break only)."""

    def __init__(self, brk: ChainBreak) -> None:
        self.brk = brk
        super().__init__(str(brk))
