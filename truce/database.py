"""Which database: the URL a command uses, the default SQLite file, and the schema revision the code
reads. No SQLAlchemy here: the command line's quick reads (:mod:`truce.plainread`) need these without it."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = [
    "ENV_VAR",
    "READ_ENV_VAR",
    "SCHEMA_REVISION",
    "database_url",
    "default_database_path",
    "read_database_url",
    "sqlite_file",
]

ENV_VAR = "TRUCE_DB"
#: The read URL (a streaming replica of the database): see :func:`read_database_url`.
READ_ENV_VAR = "TRUCE_READ_DB"
#: The newest migration. Reading a database checks it against this without loading Alembic (a test keeps
#: it equal to the head of ``truce/store/migrations/versions``).
SCHEMA_REVISION = "0016"


def default_database_path() -> Path:
    """The one SQLite file used when neither ``--db`` nor ``TRUCE_DB`` says otherwise."""
    return Path(platformdirs.user_data_dir("truce", appauthor=False)) / "truce.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``TRUCE_DB``, else the default SQLite file.

    A plain file path is taken as an SQLite database.
    """
    url = url or os.environ.get(ENV_VAR) or ""
    if not url:
        path = default_database_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def read_database_url(url: str | None = None) -> str | None:
    """The URL reads go to: the argument, else ``TRUCE_READ_DB``, else None (reads go to the database
    written). A plain file path is taken as an SQLite database."""
    url = url or os.environ.get(READ_ENV_VAR) or ""
    if not url:
        return None
    return url if "://" in url else f"sqlite:///{Path(url).expanduser()}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain SQLite URL (``sqlite:///path``, no driver, no options); None for any other.

    >>> sqlite_file("sqlite:////var/truce.db"), sqlite_file("sqlite://"), sqlite_file("postgresql://db/t")
    (PosixPath('/var/truce.db'), None, None)
    """
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != ":memory:" else None
