"""Concurrent writers lose nothing and fail nothing: four and eight processes ingesting different documents
into one database, with a reconcile running beside them, end where a serial run ends, on SQLite and on
PostgreSQL. The statements are written for the test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from truce.record.setup import init
from truce.store import Store

TRUCE = [str(Path(sys.executable).parent / "truce")]
PLACES = ["Khramort", "Avdur", "Taghavard", "Karmir Shuka", "Parukh", "Chartar", "Khachmach", "Sarybaba"]
SOURCES = ["NK MoD", "AZ MoD", "Caucasus Wire (written for the test)", "AM MFA"]


def batches(folder: Path, count: int) -> list[Path]:
    """``count`` files of statements: each file another source; every statement another day and place."""
    files = []
    for k in range(count):
        records = [
            {
                "text": f"Written for the test. On {day} March the armed forces of Azerbaijan fired mortars "
                f"at positions near {PLACES[(k + day) % len(PLACES)]}. Nobody was hurt.",
                "published": f"2021-03-{day + 1:02d}",
                "source": SOURCES[k % len(SOURCES)] + ("" if k < len(SOURCES) else f" {k}"),
                "url": f"https://example.org/test/{k}/{day}",
            }
            for day in range(1 + 3 * k, 4 + 3 * k)
        ]
        path = folder / f"batch-{k}.jsonl"
        path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
        files.append(path)
    return files


def record(url: str) -> tuple[int, int, set[frozenset[str]]]:
    """Documents, claims, and the incidents as sets of claim ids."""
    store = Store.open(url)
    try:
        groups = {frozenset(c.id for c in i.claims) for i in store.incidents()}
        counts = store.counts()
        return counts["documents"], counts["claims"], groups
    finally:
        store.close()


def run_concurrently(url: str, files: list[Path]) -> None:
    processes = [
        subprocess.Popen(
            [*TRUCE, "ingest", str(f), "--db", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for f in files
    ]
    processes.append(
        subprocess.Popen(
            [*TRUCE, "reconcile", "--db", url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    )
    failures = []
    for process in processes:
        _, err = process.communicate(timeout=600)
        if process.returncode != 0:
            failures.append((process.args, err))
    assert failures == []


@pytest.mark.parametrize("writers", [4, 8])
@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_concurrent_ingests_end_where_a_serial_run_ends(
    request, tmp_path: Path, backend: str, writers: int
) -> None:  # type: ignore[no-untyped-def]
    files = batches(tmp_path, writers)
    if backend == "sqlite":
        serial, concurrent = f"sqlite:///{tmp_path / 'serial.db'}", f"sqlite:///{tmp_path / 'concurrent.db'}"
    else:
        serial, concurrent = request.getfixturevalue("pg_fresh"), _second(request)
    init(serial)
    init(concurrent)
    for path in files:
        subprocess.run([*TRUCE, "ingest", str(path), "--db", serial], check=True, capture_output=True)
    run_concurrently(concurrent, files)
    documents, claims, groups = record(concurrent)
    assert (documents, claims) == record(serial)[:2] == (3 * writers, 33 + 3 * writers)  # the pack: 33
    assert groups == record(serial)[2]
    # the stored links are a fixpoint: reconciling again moves nothing
    again = subprocess.run(
        [*TRUCE, "reconcile", "--db", concurrent], check=True, capture_output=True, text=True
    )
    assert "0 claims moved" in again.stdout
    # every write appended its entry to one linear chain, never a fork: the whole log verifies
    from truce.record.audit import verify
    from truce.store import Store

    store = Store.open(concurrent)
    try:
        checked = verify(store)
    finally:
        store.close()
    assert checked.holds, checked.problems[:3]
    assert checked.entries >= 1 + len(files)  # the pack's load, then one entry per ingest at least


def _second(request) -> str:  # type: ignore[no-untyped-def]
    """Another fresh PostgreSQL database (the fixture gives one per request)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    first = make_url(request.getfixturevalue("pg_fresh"))
    name = f"{first.database}_c"
    admin = create_engine(request.getfixturevalue("pg_url"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def drop() -> None:
        engine = create_engine(request.getfixturevalue("pg_url"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        engine.dispose()

    request.addfinalizer(drop)
    return first.set(database=name).render_as_string(hide_password=False)


@pytest.mark.parametrize("acting", [False, True], ids=["store", "web-user-each"])
def test_writers_waiting_leave_connections_to_read(db_url: str, acting: bool) -> None:
    # writers of one process queue before taking a connection: with a pool of two connections, four
    # threads writing at once (each holding the write lock a while) leave a reader its connection; so
    # too when each writes as another user of the web application (a store of its own, one queue)
    import threading
    import time

    from sqlalchemy import create_engine, event

    from truce.store import db as store_db
    from truce.store.access import ActingStore

    small = create_engine(f"{db_url}", pool_size=2, max_overflow=0, pool_timeout=1.5)
    # the store's own pragmas and BEGIN IMMEDIATE (make_engine's), on a pool of two connections
    event.listen(small, "connect", store_db._sqlite_pragmas)
    event.listen(small, "begin", store_db._sqlite_begin)
    store = Store(small)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        writer = ActingStore(store, f"observer {n}") if acting else store
        try:
            with writer.transaction("written for the test") as tx:
                tx.counts()
                time.sleep(1.0)
        except BaseException as exc:  # any failure is the test's
            failures.append(exc)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in writers:
        thread.start()
    time.sleep(0.2)
    assert store.counts()["incidents"] > 0  # a read while the writers queue: a connection is free
    for thread in writers:
        thread.join()
    assert failures == []
    store.close()
