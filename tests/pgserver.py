"""A throwaway PostgreSQL server for the tests that need the real thing.

It uses Debian's PostgreSQL 15 (packages ``postgresql-15`` and ``postgresql-15-postgis-3``, which
``.ci/run`` installs), listens only on a Unix socket in a temporary folder, and is stopped when the tests
end. Outside CI, a machine without the packages skips these tests; in CI their absence fails.
``primary_and_replica`` starts two: a primary and its streaming replica (a hot standby).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BIN = Path(os.environ.get("TRUCE_PG_BIN", "/usr/lib/postgresql/15/bin"))
PORT = 55432


def _as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run it as the packages' ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def _missing() -> str | None:
    if not (BIN / "initdb").exists():
        return f"PostgreSQL 15 is not installed ({BIN}/initdb missing): apt-get install postgresql-15"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser is missing"
    return None


RUN = {"check": True, "capture_output": True, "text": True}


def _require() -> None:
    problem = _missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install PostgreSQL: {problem}")
        pytest.skip(problem)


def _folder(root: Path, name: str) -> Path:
    """A folder the server's user owns (the data folder's parent, the socket's)."""
    path = root / name
    path.mkdir()
    if os.geteuid() == 0:
        shutil.chown(path, "postgres")
    return path


def _url(socket: Path, port: int) -> str:
    return f"postgresql+psycopg://truce@/truce?host={socket}&port={port}"


def _initdb(data: Path) -> None:
    """A new cluster in ``data`` whose superuser is ``truce``, trusted on the local socket."""
    subprocess.run(
        _as_postgres([str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "truce", "-E", "UTF8"]),
        **RUN,
    )


def _start(data: Path, socket: Path, port: int, log: Path, settings: str = "") -> None:
    options = f"-p {port} -k {socket} -c listen_addresses='' -c fsync=off {settings}"
    subprocess.run(
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(log), "start"]),
        **RUN,
    )


def _stop(data: Path, socket: Path, port: int) -> None:
    """Stop the server of ``data`` if it runs (a failed start leaves none: nothing to do then)."""
    subprocess.run(
        _as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
        capture_output=True,
    )
    for _ in range(50):  # the server removes its socket on the way out
        if not (socket / f".s.PGSQL.{port}").exists():
            break
        time.sleep(0.1)


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a fresh cluster; yield an SQLAlchemy URL for its database ``truce``; stop and delete it."""
    _require()
    root = Path(tempfile.mkdtemp(prefix="truce-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, socket = root / "data", _folder(root, "socket")
    try:
        _initdb(data)
        _start(data, socket, PORT, root / "log")
        subprocess.run(
            _as_postgres([str(BIN / "createdb"), "-h", str(socket), "-p", str(PORT), "-U", "truce", "truce"]),
            **RUN,
        )
        yield _url(socket, PORT)
    finally:
        _stop(data, socket, PORT)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def primary_and_replica() -> Iterator[tuple[str, str]]:
    """A primary (``wal_level=replica``) and its hot standby, made by ``pg_basebackup -R`` and streaming
    from it, each on its own socket; yield their URLs (database ``truce``); stop both and delete them,
    however the test ends."""
    _require()
    root = Path(tempfile.mkdtemp(prefix="truce-pg-replica-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    primary, replica = root / "primary", root / "replica"
    primary_socket, replica_socket = _folder(root, "primary-socket"), _folder(root, "replica-socket")
    primary_port, replica_port = PORT + 1, PORT + 2
    try:
        # initdb's rules let local connections replicate (trust): pg_basebackup and the standby use them
        _initdb(primary)
        _start(primary, primary_socket, primary_port, root / "primary.log", "-c wal_level=replica")
        host = ["-h", str(primary_socket), "-p", str(primary_port), "-U", "truce"]
        subprocess.run(_as_postgres([str(BIN / "createdb"), *host, "truce"]), **RUN)
        # -R writes standby.signal and primary_conninfo: the copy starts as a standby of the primary;
        # -c fast: a checkpoint at once (the default spreads it over minutes)
        subprocess.run(
            _as_postgres(
                [str(BIN / "pg_basebackup"), *host, "-D", str(replica), "-R", "-X", "stream", "-c", "fast"]
            ),
            **RUN,
        )
        _start(replica, replica_socket, replica_port, root / "replica.log", "-c hot_standby=on")
        yield _url(primary_socket, primary_port), _url(replica_socket, replica_port)
    finally:
        _stop(replica, replica_socket, replica_port)
        _stop(primary, primary_socket, primary_port)
        shutil.rmtree(root, ignore_errors=True)


def wait_for_replay(primary_url: str, replica_url: str, timeout_s: float = 30.0) -> None:
    """Wait until the replica has replayed everything the primary has written so far (bounded)."""
    from sqlalchemy import create_engine, text

    primary, replica = create_engine(primary_url), create_engine(replica_url)
    try:
        with primary.connect() as connection:
            written = connection.execute(text("SELECT pg_current_wal_lsn()")).scalar()
        deadline = time.monotonic() + timeout_s
        while True:
            with replica.connect() as connection:
                behind = connection.execute(
                    text("SELECT pg_wal_lsn_diff(CAST(:written AS pg_lsn), pg_last_wal_replay_lsn())"),
                    {"written": str(written)},
                ).scalar()
            if behind is not None and behind <= 0:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the replica is still {behind} bytes behind after {timeout_s} s")
            time.sleep(0.05)
    finally:
        primary.dispose()
        replica.dispose()


@contextmanager
def fresh_database(server_url: str, prefix: str = "truce") -> Iterator[str]:
    """A new, empty database on the server of ``server_url`` (whose database is ``truce``), dropped after."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.replace("/truce?", f"/{name}?")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()
