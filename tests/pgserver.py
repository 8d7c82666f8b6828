"""A throwaway PostgreSQL server for the tests that need the real thing.

It uses Debian's PostgreSQL 15 (packages ``postgresql-15`` and ``postgresql-15-postgis-3``, which
``.ci/run`` installs), listens only on a Unix socket in a temporary folder, and is stopped when the tests
end. Outside CI, a machine without the packages skips these tests; in CI their absence fails.
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


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a fresh cluster; yield an SQLAlchemy URL for its database ``truce``; stop and delete it."""
    problem = _missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"CI must install PostgreSQL: {problem}")
        pytest.skip(problem)
    root = Path(tempfile.mkdtemp(prefix="truce-pg-"))
    data, socket = root / "data", root / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(socket, "postgres")
    run = {"check": True, "capture_output": True, "text": True}
    subprocess.run(
        _as_postgres([str(BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "truce", "-E", "UTF8"]),
        **run,
    )
    options = f"-p {PORT} -k {socket} -c listen_addresses='' -c fsync=off"
    subprocess.run(
        _as_postgres(
            [str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-l", str(root / "log"), "start"]
        ),
        **run,
    )
    try:
        subprocess.run(
            _as_postgres([str(BIN / "createdb"), "-h", str(socket), "-p", str(PORT), "-U", "truce", "truce"]),
            **run,
        )
        yield f"postgresql+psycopg://truce@/truce?host={socket}&port={PORT}"
    finally:
        subprocess.run(
            _as_postgres([str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
            capture_output=True,
        )
        for _ in range(50):  # the server removes its socket on the way out
            if not (socket / f".s.PGSQL.{PORT}").exists():
                break
            time.sleep(0.1)
        shutil.rmtree(root, ignore_errors=True)
