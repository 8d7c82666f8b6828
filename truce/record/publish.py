"""Publication with sign-off: keys, checkpoints of the log, bulletins drafted, signed and published, and
the bundle a reader verifies offline.

A bulletin is drafted from the record: its files (Markdown and PDF, in each language asked for), their
digests and the state of the log it rests on (size and Merkle root) form its *manifest*. Each monitoring
side the pack names signs the manifest with its key (Ed25519); when the last side has signed, it is
published, and never changes: a correction is a new version that names what it corrects and why. Every
step is a write of the record, so each is in the audit log. A *checkpoint* (c2sp.org/tlog-checkpoint)
signed by the sides fixes the log's size and root; a published bulletin's bundle carries the checkpoint
and the proof that the entry publishing it is in the log (RFC 9162). docs/bundle-format.md describes it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from truce.audit.canonical import canonical_text
from truce.audit.checkpoint import checkpoint_body, parse_checkpoint
from truce.audit.keys import SigningKey, generate_key, load_private_key, write_private_key
from truce.audit.log import entry_leaf
from truce.audit.merkle import CompactRange, inclusion_proof
from truce.audit.note import add_signature, parse_verifier_key, sign_note, split_note, valid_name, verify_note
from truce.errors import FieldError, InputError, NotFound
from truce.files import write_output
from truce.model import BulletinVersion, PublicKey, Signature
from truce.record.bulletin import publication
from truce.store import Store
from truce.store.ledger import entry_of

__all__ = [
    "BUNDLE_FILES",
    "checkpoint",
    "export_bundle",
    "generate",
    "import_key",
    "log_tree",
    "publish",
    "retire",
    "sign",
]

#: The files of a bundle besides the bulletin's own (docs/bundle-format.md).
BUNDLE_FILES = ("manifest.json", "signatures.json", "keys.txt", "checkpoint.txt", "entry.json", "proof.json")


def _side(store: Store, side: str) -> str:
    sides = store.profile().signers
    if side not in sides:
        raise FieldError("side", f"'{side}' is not a side that signs for this mission ({', '.join(sides)})")
    return side


def generate(store: Store, name: str, side: str, out: Path) -> PublicKey:
    """A new key for a side: the private key written to ``out`` (mode 0600, never over a file), the
    public key registered in the record."""
    _side(store, side)
    if not valid_name(name):
        raise FieldError("name", f"'{name}' is not a key name (no spaces, no '+', printable)")
    private, public = generate_key(name)
    if any(k.name == name for k in store.public_keys()):
        raise FieldError("name", f"a key named '{name}' is registered already: name a new one")
    write_private_key(out, private)
    try:
        with store.transaction("key-add") as tx:
            tx.add_key(name, side, public)
            tx.details = {"key": name, "side": side, "verifier": public}
    except Exception:
        out.unlink(missing_ok=True)  # the key was not registered: its file must not outlive it
        raise
    return next(k for k in store.public_keys() if k.name == name)


def import_key(store: Store, side: str, verifier: str) -> PublicKey:
    """Register the public key (verifier key text) of a side whose private key lives elsewhere."""
    _side(store, side)
    key = parse_verifier_key(verifier.strip())
    with store.transaction("key-add") as tx:
        tx.add_key(key.name, side, verifier.strip())
        tx.details = {"key": key.name, "side": side, "verifier": verifier.strip()}
    return next(k for k in store.public_keys() if k.name == key.name)


def retire(store: Store, name: str) -> PublicKey:
    """Retire a key: it signs nothing more, and still verifies what it signed."""
    with store.transaction("key-retire") as tx:
        tx.retire_key(name)
        tx.details = {"key": name}
    return next(k for k in store.public_keys() if k.name == name)


def _signing_key(store: Store, source: str | SigningKey) -> tuple[SigningKey, PublicKey]:
    """The private key at ``source`` (a path, or env:NAME; or a key already read, as the web application
    has it from the signer's upload) and its registered, active public key."""
    key = source if isinstance(source, SigningKey) else load_private_key(source)
    registered = next((k for k in store.public_keys() if k.verifier == key.verifier_key()), None)
    if registered is None:
        raise FieldError(
            "--key", f"the key '{key.name}' is not registered: `truce keys import` its public key"
        )
    if registered.retired_at is not None:
        raise FieldError("--key", f"the key '{key.name}' was retired on {registered.retired_at:%Y-%m-%d}")
    return key, registered


def log_tree(store: Store) -> tuple[int, bytes, list[bytes]]:
    """The log's size, Merkle root and leaf hashes (entry n is leaf n - 1)."""
    tree, leaves = CompactRange(), []
    for row in store.log_entries():
        leaf = entry_leaf(entry_of(row))
        tree.append(leaf)
        leaves.append(leaf)
    return tree.size, tree.root(), leaves


def checkpoint(store: Store, key_source: str | SigningKey) -> tuple[int, list[str]]:
    """Sign a checkpoint of the log as it stands, or add a side's signature to the one at this size.
    Returns the size and the names whose signatures it now carries."""
    key, _ = _signing_key(store, key_source)
    size, root, _ = log_tree(store)
    if size == 0:
        raise InputError("the log is empty: there is nothing to sign")
    existing = dict(store.checkpoints()).get(size)
    verifiers = [k.verifier for k in store.public_keys()]
    if existing is None:
        note = sign_note(checkpoint_body(store.profile().log_origin, size, root), key.name, key.private_key)
    else:
        if key.name in verify_note(existing, verifiers):
            return size, verify_note(existing, verifiers)
        note = add_signature(existing, key.name, key.private_key)
    store.save_checkpoint(size, note)
    return size, verify_note(note, verifiers)


def publish(
    store: Store,
    day: date,
    langs: tuple[str, ...] = ("en",),
    names: str | None = None,
    correct: str | None = None,
    reason: str = "",
    today: date | None = None,
) -> BulletinVersion:
    """Draft the bulletin of ``day``: render its files, and write its manifest for the sides to sign."""
    versions = store.bulletins(day)
    waiting = next((b for b in versions if b.status == "draft"), None)
    if waiting is not None:
        raise InputError(
            f"{waiting.id} is drafted and waiting for signatures: sign it before drafting another"
        )
    published = [b for b in versions if b.status == "published"]
    if published and correct is None:
        raise InputError(
            f"the bulletin of {day} is published as {published[-1].id}; a correction is a new version: "
            f'--correct {published[-1].id} --reason "..."'
        )
    if correct is not None:
        if correct not in {b.id for b in published}:
            raise FieldError("correct", f"'{correct}' is no published bulletin of {day}")
        reason = " ".join(reason.split())
        if not reason:
            raise FieldError("reason", "say what the correction corrects and why")
    version = max((b.version for b in versions), default=0) + 1
    ident = f"B-{day.isoformat()}-{version}"
    files = {}
    for lang in langs:
        for fmt, suffix in (("md", "md"), ("pdf", "pdf")):
            files[f"bulletin-{day.isoformat()}-v{version}-{lang}.{suffix}"] = publication(
                store, day, fmt, names, lang, today
            )
    size, root, _ = log_tree(store)
    profile = store.profile()
    manifest = canonical_text(
        {
            "bulletin": ident,
            "day": day.isoformat(),
            "version": version,
            "corrects": correct,
            "reason": reason or None,
            "mission": store.mission().name,
            "sides": list(profile.signers),
            "log": {"origin": profile.log_origin, "size": size, "root": base64.b64encode(root).decode()},
            "files": [
                {"name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
                for name, data in sorted(files.items())
            ],
        }
    )
    drafted = BulletinVersion(
        ident, day, version, "draft", manifest, datetime.now(UTC), correct, reason, files=files
    )
    with store.transaction("publish-draft") as tx:
        tx.add_bulletin(drafted)
        tx.details = {"bulletin": ident, "manifest": hashlib.sha256(manifest.encode()).hexdigest()}
    return store.bulletin(ident)


def sign(store: Store, bulletin_id: str, key_source: str | SigningKey) -> BulletinVersion:
    """A side signs a drafted bulletin's manifest; the last side to sign publishes it."""
    key, registered = _signing_key(store, key_source)
    bulletin = store.bulletin(bulletin_id)
    if bulletin.status == "published":
        raise InputError(f"{bulletin_id} is published: it never changes")
    required = list(store.profile().signers)
    if registered.side not in required:
        raise FieldError("--key", f"side '{registered.side}' does not sign for this mission")
    if any(s.side == registered.side for s in bulletin.signatures):
        raise InputError(f"{bulletin_id} is signed by side {registered.side} already")
    signature = base64.b64encode(key.private_key.sign(bulletin.manifest.encode("utf-8"))).decode()
    done = {s.side for s in bulletin.signatures} | {registered.side}
    published = set(required) <= done
    with store.transaction("sign") as tx:
        tx.add_signature(
            bulletin_id, Signature(registered.side, key.name, signature, datetime.now(UTC)), published
        )
        tx.details = {
            "bulletin": bulletin_id,
            "side": registered.side,
            "key": key.name,
            "manifest": hashlib.sha256(bulletin.manifest.encode()).hexdigest(),
            "published": published,
        }
    return store.bulletin(bulletin_id)


def _publishing_entry(store: Store, bulletin_id: str) -> int:
    """The number of the log entry in which a bulletin became published."""
    for row in store.log_entries():
        if row.action == "sign":
            what = json.loads(row.change).get("what", {})
            if what.get("bulletin") == bulletin_id and what.get("published"):
                return row.seq
    raise NotFound(f"no entry of the log publishes {bulletin_id}")


@dataclass(frozen=True)
class Bundle:
    folder: Path
    files: list[str]
    checkpoint_size: int


def export_bundle(store: Store, bulletin_id: str, folder: Path, force: bool = False) -> Bundle:
    """Write a published bulletin's bundle into ``folder``: everything a reader needs to verify it
    offline (docs/bundle-format.md)."""
    bulletin = store.bulletin(bulletin_id)
    if bulletin.status != "published":
        raise InputError(f"{bulletin_id} is not published yet: every side must sign it first")
    seq = _publishing_entry(store, bulletin_id)
    keys = store.public_keys()
    required = json.loads(bulletin.manifest)["sides"]
    side_of = {k.name: k.side for k in keys}
    covering = None
    for size, note in store.checkpoints():
        signers = {side_of.get(n) for n in verify_note(note, [k.verifier for k in keys])}
        if size >= seq and set(required) <= signers:
            covering = (size, note)
            break
    if covering is None:
        raise InputError(
            f"no checkpoint signed by every side ({', '.join(required)}) covers entry {seq}, which publishes "
            f"{bulletin_id}: each side runs `truce checkpoint --key FILE` first"
        )
    size, note = covering
    _, _, leaves = log_tree(store)
    proof = inclusion_proof(leaves[:size], seq - 1)
    row = store.log_entry(seq)
    signer_names = {s.key_name for s in bulletin.signatures} | set(
        verify_note(note, [k.verifier for k in keys])
    )
    contents = {
        "manifest.json": bulletin.manifest,
        "signatures.json": json.dumps(
            [{"side": s.side, "key": s.key_name, "signature": s.signature} for s in bulletin.signatures],
            indent=2,
        ),
        "keys.txt": "".join(f"{k.verifier}\n" for k in keys if k.name in signer_names),
        "checkpoint.txt": note,
        "entry.json": json.dumps(
            {"entry": entry_of(row), "change": row.change}, ensure_ascii=False, indent=2
        ),
        "proof.json": json.dumps(
            {
                "leaf_index": seq - 1,
                "tree_size": size,
                "inclusion": [base64.b64encode(h).decode() for h in proof],
            },
            indent=2,
        ),
    }
    try:
        (folder / "files").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FieldError("DIR", f"cannot make folder {folder} ({exc.strerror})") from None
    for name, data in bulletin.files.items():
        write_output(folder / "files" / name, data, force=force, field="DIR")
    for name, text in contents.items():
        exact = name in ("manifest.json", "checkpoint.txt")  # signed bytes: written as signed
        write_output(
            folder / name, text if exact or text.endswith("\n") else text + "\n", force=force, field="DIR"
        )
    if parse_checkpoint(split_note(note)[0]).size != size:  # what is written must be what was found
        raise InputError("the checkpoint's size does not match its row: run `truce verify`")
    return Bundle(folder, sorted([*contents, *(f"files/{n}" for n in bulletin.files)]), size)
