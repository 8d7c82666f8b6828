"""A published bulletin as a reader checks it: its bundle written to a temporary folder and verified
with the same offline verifier a reader runs (``truce verify-bulletin``)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from truce.audit.bundle import verify_bundle
from truce.errors import InputError
from truce.record.publish import export_bundle
from truce.store import Store

__all__ = ["BulletinCheck", "bundle_zip", "check_bulletin"]


@dataclass(frozen=True)
class BulletinCheck:
    bulletin: str
    holds: bool | None  # None: it cannot be checked yet (not published, or no checkpoint covers it)
    checks: list[tuple[str, bool, str]]  # (what, passed, detail), as the offline verifier says
    note: str = ""  # why it cannot be checked yet


def check_bulletin(store: Store, bulletin_id: str) -> BulletinCheck:
    """Verify a published bulletin's bundle as a reader would, offline."""
    with tempfile.TemporaryDirectory(prefix="truce-bundle-") as folder:
        try:
            export_bundle(store, bulletin_id, Path(folder) / "bundle")
        except InputError as exc:
            return BulletinCheck(bulletin_id, None, [], str(exc))
        report = verify_bundle(Path(folder) / "bundle")
    return BulletinCheck(bulletin_id, report.holds, report.checks)


def bundle_zip(store: Store, bulletin_id: str) -> bytes:
    """A published bulletin's bundle as one zip file (the folder ``truce bulletins export`` writes)."""
    import io
    import zipfile

    with tempfile.TemporaryDirectory(prefix="truce-bundle-") as folder:
        bundle = export_bundle(store, bulletin_id, Path(folder) / bulletin_id)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in bundle.files:
                archive.write(bundle.folder / name, f"{bulletin_id}/{name}")
    return buffer.getvalue()
