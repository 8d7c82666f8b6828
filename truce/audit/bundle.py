"""Verifying a published bulletin's bundle offline, with nothing but the bundle (docs/bundle-format.md).

A bundle holds the bulletin's files, its manifest (their digests, the sides that must sign, the log state
it rests on), each side's signature of the manifest, the sides' public keys, a checkpoint of the log
signed by every side, the log entry that published the bulletin, and the proof that this entry is in the
checkpoint's tree (RFC 9162). Every check is named in the report; the bundle holds when all pass.

The bundle carries its own public keys: a reader who pins the keys the mission publishes (``trusted``)
learns whether these are they; a reader who does not learns which keys signed, by their key ids.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from truce.audit.checkpoint import parse_checkpoint
from truce.audit.errors import AuditError
from truce.audit.log import entry_leaf
from truce.audit.merkle import verify_inclusion
from truce.audit.note import parse_verifier_key, split_note, verify_note

__all__ = ["BundleReport", "verify_bundle"]


@dataclass
class BundleReport:
    bulletin: str = ""
    checks: list[tuple[str, bool, str]] = field(default_factory=list)  # (what, passed, detail)

    def check(self, what: str, passed: bool, detail: str = "") -> bool:
        self.checks.append((what, passed, detail))
        return passed

    @property
    def holds(self) -> bool:
        return bool(self.checks) and all(passed for _, passed, _ in self.checks)


def _read(folder: Path, name: str) -> str:
    path = folder / name
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AuditError(f"{path}: missing from the bundle") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AuditError(f"{path}: cannot be read ({exc})") from None


def verify_bundle(folder: Path, trusted: list[str] | None = None) -> BundleReport:
    """Check every part of the bundle in ``folder``; ``trusted`` are verifier key texts to pin."""
    report = BundleReport()
    manifest_text = _read(folder, "manifest.json")
    try:
        manifest = json.loads(manifest_text)
        signatures = json.loads(_read(folder, "signatures.json"))
        entry = json.loads(_read(folder, "entry.json"))
        proof = json.loads(_read(folder, "proof.json"))
        keys = [parse_verifier_key(line) for line in _read(folder, "keys.txt").splitlines() if line.strip()]
    except (json.JSONDecodeError, AuditError, ValueError) as exc:
        raise AuditError(f"{folder}: not a bulletin bundle ({exc})") from None
    report.bulletin = manifest.get("bulletin", "")
    for item in manifest.get("files", []):
        path = folder / "files" / item["name"]
        data = path.read_bytes() if path.is_file() else b""
        report.check(
            f"file {item['name']}",
            hashlib.sha256(data).hexdigest() == item["sha256"],
            "its digest is the manifest's" if path.is_file() else "missing",
        )
    by_name = {k.name: k for k in keys}
    if trusted is not None:
        pinned = {parse_verifier_key(t.strip()) for t in trusted if t.strip()}
        report.check("keys", all(k in pinned for k in keys), "every key of the bundle is one you trust")
    for side in manifest.get("sides", []):
        signed = next((s for s in signatures if s.get("side") == side), None)
        key = by_name.get(signed["key"]) if signed else None
        passed = False
        if signed and key:
            try:
                Ed25519PublicKey.from_public_bytes(key.public_key).verify(
                    base64.b64decode(signed["signature"]), manifest_text.encode("utf-8")
                )
                passed = True
            except (InvalidSignature, ValueError):
                passed = False
        detail = f"by key {signed['key']} ({key.key_id:08x})" if signed and key else "no signature or no key"
        report.check(f"signature of side {side}", passed, detail)
    note = _read(folder, "checkpoint.txt")
    try:
        signers = verify_note(note, keys)
        point = parse_checkpoint(split_note(note)[0])
    except AuditError as exc:
        report.check("checkpoint", False, str(exc))
        return report
    report.check("checkpoint signed", bool(signers), f"by {', '.join(signers) or 'no known key'}")
    report.check("checkpoint origin", point.origin == manifest.get("log", {}).get("origin"), point.origin)
    change = entry.get("change", "")
    logged = entry.get("entry", {})
    what = json.loads(change).get("what", {}) if change else {}
    report.check(
        "log entry names the bulletin",
        logged.get("change") == hashlib.sha256(change.encode("utf-8")).hexdigest()
        and what.get("bulletin") == report.bulletin
        and what.get("manifest") == hashlib.sha256(manifest_text.encode("utf-8")).hexdigest()
        and what.get("published") is True,
        f"entry {logged.get('seq')}",
    )
    inclusion = [base64.b64decode(h) for h in proof.get("inclusion", [])]
    try:
        included = (
            verify_inclusion(
                entry_leaf(logged), proof.get("leaf_index", -1), point.size, inclusion, point.root
            )
            and proof.get("tree_size") == point.size
        )
    except AuditError as exc:
        report.check("log entry in the checkpoint", False, str(exc))
        return report
    report.check("log entry in the checkpoint", included, f"entry {logged.get('seq')} of {point.size}")
    return report
