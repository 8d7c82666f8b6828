"""Reads from a streaming replica (issue 13): the store writes to the primary and reads from the replica
(Debian's PostgreSQL 15, a primary and its hot standby started for these tests); a write becomes readable
there once replayed, and nothing writes there. SQLite without a read URL reads where it writes."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from truce.cli import app
from truce.documents import document
from truce.model import Document
from truce.packs import Pack
from truce.record.ingest import ingest
from truce.record.setup import init
from truce.store import Store
from truce.store.db import make_engine


@pytest.fixture(scope="module")
def servers(pack: Pack) -> Iterator[tuple[str, str]]:
    """(primary URL, replica URL), the pack loaded on the primary and replayed on the replica."""
    from pgserver import primary_and_replica, wait_for_replay

    with primary_and_replica() as (primary, replica):
        init(primary, pack)
        wait_for_replay(primary, replica)
        yield primary, replica


def statement(text: str, published: date) -> Document:
    return document(text, source="NK MoD", published=published, lang="en")


def _replay(replica: str, action: str) -> None:
    """Pause or resume the replica's replay, and wait until it says it has."""
    admin = create_engine(replica, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f"SELECT pg_wal_replay_{action}()"))
            deadline = time.monotonic() + 30
            wanted = "paused" if action == "pause" else "not paused"
            while connection.execute(text("SELECT pg_get_wal_replay_pause_state()")).scalar() != wanted:
                assert time.monotonic() < deadline, f"replay not {wanted} after 30 s"
                time.sleep(0.05)
    finally:
        admin.dispose()


def test_a_write_becomes_readable_on_the_replica(servers: tuple[str, str]) -> None:
    from pgserver import wait_for_replay

    primary, replica = servers
    store, direct = Store.open(primary, read_url=replica), Store.open(primary)
    try:
        store.require_ready()
        with store.reader.connect() as connection:  # the reads' server is the standby
            assert connection.execute(text("SELECT pg_is_in_recovery()")).scalar() is True
        doc = statement(
            "Yesterday the Azerbaijani side fired mortars at Khramort. No casualties.", date(2022, 3, 9)
        )
        _replay(replica, "pause")  # while the replica replays nothing, the store must not read the write
        try:
            report = ingest(store, [doc])
            assert report.added == 1 and report.claims >= 1
            assert doc.id in {d.id for d in direct.documents()}  # written to the primary
            assert doc.id not in {d.id for d in store.documents()}  # read from the replica: not there yet
        finally:
            _replay(replica, "resume")
        wait_for_replay(primary, replica)
        assert doc.id in {d.id for d in store.documents()}
        claims = store.claims_of_document(doc.id)
        assert claims and claims == direct.claims_of_document(doc.id)
        incidents = [i for i in store.incidents() if any(c.id in claims for c in i.claims)]
        assert incidents and incidents == [i for i in direct.incidents() if i.id in {j.id for j in incidents}]
        assert store.log_size() == direct.log_size()
    finally:
        store.close()
        direct.close()


def test_nothing_writes_to_the_replica(servers: tuple[str, str]) -> None:
    from pgserver import wait_for_replay

    primary, replica = servers
    store = Store.open(primary, read_url=replica)
    try:
        with pytest.raises(DBAPIError, match="read-only transaction"), store.reader.begin() as connection:
            connection.execute(text("CREATE TABLE stray (n integer)"))
        # the read engine refuses writes of itself, even on a server that would take them
        reader_of_primary = make_engine(primary, create=False, read_only=True)
        try:
            with pytest.raises(DBAPIError, match="read-only transaction"), reader_of_primary.begin() as c:
                c.execute(text("CREATE TABLE stray (n integer)"))
        finally:
            reader_of_primary.dispose()
        with store.transaction("check") as tx:  # every transaction goes to the primary
            assert tx.session.execute(text("SELECT pg_is_in_recovery()")).scalar() is False
        wait_for_replay(primary, replica)
        with store.engine.connect() as connection:  # and the replica holds what the primary holds
            assert connection.execute(text("SELECT to_regclass('stray')")).scalar() is None
        assert list(store.entity_digests()) == list(Store(store.engine).entity_digests())
    finally:
        store.close()


def test_the_commands_read_from_the_replica(
    servers: tuple[str, str], tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from pgserver import wait_for_replay

    primary, replica = servers
    path = tmp_path / "statement.txt"
    path.write_text("The Azerbaijani side fired at Parukh with small arms. No casualties.", encoding="utf-8")
    runner = CliRunner()
    args = ["ingest", str(path), "--published", "2022-03-26", "--source", "NK MoD", "--db", primary]
    ingested = runner.invoke(app, [*args, "--read-db", replica])  # the write goes to --db
    assert ingested.exit_code == 0, ingested.output
    wait_for_replay(primary, replica)
    monkeypatch.setenv("TRUCE_READ_DB", replica)
    listed = runner.invoke(app, ["documents", "--db", primary])
    assert listed.exit_code == 0, listed.output
    assert "2022-03-26" in listed.stdout
    unreachable = runner.invoke(
        app, ["documents", "--db", primary, "--read-db", "postgresql+psycopg://nobody@/x?host=/nonexistent"]
    )
    assert unreachable.exit_code == 1
    assert unreachable.stderr.startswith("Error: cannot open database")


def test_sqlite_without_a_read_url_reads_where_it_writes(store: Store) -> None:
    assert store.reader is store.engine
    doc = statement("The Azerbaijani side fired at Khramort with mortars. No casualties.", date(2022, 3, 9))
    ingest(store, [doc])
    assert doc.id in {d.id for d in store.documents()}  # one database: read at once


def test_a_read_url_on_sqlite_is_read_only(store: Store, db_url: str) -> None:
    # the same file, for the test: the read engine refuses writes of itself (PRAGMA query_only)
    reading = Store.open(db_url, read_url=db_url)
    try:
        assert reading.reader is not reading.engine
        assert reading.incidents() == store.incidents()
        with pytest.raises(DBAPIError, match="readonly"), reading.reader.begin() as connection:
            connection.execute(text("DELETE FROM claims"))
        assert reading.counts() == store.counts()
    finally:
        reading.close()
