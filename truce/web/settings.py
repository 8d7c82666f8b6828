"""The web application's settings, declared once with their defaults (``SETTINGS`` says what each is
for); ``truce serve`` sets ``public`` (``--private``) and the database; nothing is built at import time.

The secret that signs sessions comes from ``TRUCE_SECRET`` or, when that is unset, from a file made once
beside the user's data (mode 0600), so that restarts and several workers keep the sessions valid. A
secret that is short or a placeholder is refused.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from truce.errors import FieldError

__all__ = ["SETTINGS", "Settings", "load_secret"]

#: name -> (default, help)
SETTINGS: dict[str, tuple[object, str]] = {
    "public": (True, "Anyone may read the record without logging in (a reader); else readers log in."),
    "session_hours": (12, "How long a login lasts, in hours."),
    "page_size": (50, "Items per page of a list, unless the request asks for another size."),
    "max_page_size": (500, "The most items a page of the API holds (guests: page_size)."),
    "max_upload_mb": (10, "The largest request body, in MB (a document to ingest is at most 10 MB)."),
    "cache_entries": (512, "Rendered pages and API answers kept, per state of the record."),
    "login_failures": (5, "Failed logins (per user name, and per client address) before logging in waits."),
    "login_window_minutes": (15, "The window in which failed logins are counted, in minutes."),
}
SECRET_VAR = "TRUCE_SECRET"
_PLACEHOLDERS = {"changeme", "secret", "password", "truce", "test", "dev"}


@dataclass(frozen=True)
class Settings:
    db: str | None = None
    secret: str = field(default="", repr=False)
    public: bool = True
    session_hours: int = 12
    page_size: int = 50
    max_page_size: int = 500
    max_upload_mb: int = 10
    cache_entries: int = 512
    login_failures: int = 5
    login_window_minutes: int = 15

    def __post_init__(self) -> None:
        if len(self.secret) < 32 or self.secret.lower() in _PLACEHOLDERS:
            raise FieldError("secret", f"{SECRET_VAR} must hold at least 32 random characters")

    @property
    def max_upload(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def load_secret(folder: Path | None = None) -> str:
    """``TRUCE_SECRET``, or the secret kept in the data folder (made on first use, mode 0600)."""
    given = os.environ.get(SECRET_VAR, "")
    if given:
        return given
    path = (folder or Path(platformdirs.user_data_dir("truce", appauthor=False))) / "web-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another worker made it first
            pass
        else:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(secrets.token_urlsafe(48))
    return path.read_text(encoding="ascii").strip()
