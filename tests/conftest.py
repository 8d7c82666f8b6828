"""Shared fixtures: the shipped pack, an initialised SQLite database in a temporary folder, and the CLI
run in-process."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truce.cli import app
from truce.packs import Pack, load_pack
from truce.record.setup import init
from truce.store import Store


@pytest.fixture(autouse=True)
def _no_ambient_database(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """No test reads TRUCE_DB (or TRUCE_READ_DB) from the environment or writes to the user's real data
    folder."""
    monkeypatch.delenv("TRUCE_DB", raising=False)
    monkeypatch.delenv("TRUCE_READ_DB", raising=False)
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))


@pytest.fixture(scope="session")
def pack() -> Pack:
    return load_pack()


@pytest.fixture(scope="session")
def _initialised_db(tmp_path_factory: pytest.TempPathFactory, pack: Pack) -> Path:
    path = tmp_path_factory.mktemp("db") / "truce.db"
    init(f"sqlite:///{path}", pack)
    return path


@pytest.fixture
def db_url(_initialised_db: Path, tmp_path: Path) -> str:
    """A fresh copy of an initialised database, so a test may write to it."""
    path = tmp_path / "truce.db"
    shutil.copy(_initialised_db, path)
    return f"sqlite:///{path}"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    store = Store.open(db_url)
    yield store
    store.close()


class Cli:
    """Runs ``truce`` in-process; ``run`` returns the result with separate stdout and stderr."""

    def __init__(self, db_url: str | None) -> None:
        self.runner = CliRunner()
        self.db_url = db_url

    def __call__(self, *args: str, db: bool = True):  # type: ignore[no-untyped-def]
        argv = list(args) + (["--db", self.db_url] if db and self.db_url else [])
        return self.runner.invoke(app, argv, catch_exceptions=False)


@pytest.fixture
def cli(db_url: str) -> Cli:
    return Cli(db_url)


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL server for this test session (see tests/pgserver.py)."""
    from pgserver import postgres_server

    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_fresh(pg_url: str) -> Iterator[str]:
    """A new, empty database on the throwaway PostgreSQL server, dropped after the test."""
    from pgserver import fresh_database

    with fresh_database(pg_url) as url:
        yield url
