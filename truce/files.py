"""Writing output files safely: never through a symlink, never over an existing file unless asked,
and atomically (a temporary file beside the target, then a rename), so a reader never sees half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from truce.errors import FieldError

__all__ = ["write_output"]


def write_output(path: Path, data: bytes | str, *, force: bool = False, field: str = "--out") -> None:
    """Write ``data`` to ``path``; problems are a :class:`FieldError` naming the file (and ``field``)."""
    if path.is_symlink():
        raise FieldError(field, f"{path} is a symbolic link: Truce does not write through links")
    if path.is_dir():
        raise FieldError(field, f"{path} is a folder, not a file")
    if path.exists() and not force:
        raise FieldError(field, f"{path} exists: use --force to replace it")
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise FieldError(field, f"cannot write {path}: folder {folder} does not exist")
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise FieldError(field, f"cannot write {path} ({exc.strerror})") from None
