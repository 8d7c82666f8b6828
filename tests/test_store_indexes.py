"""The reads every write makes use the indexes of migration 0008 (issue 13): which incidents to locate
reads the partial index of the unlocated ones, and the claims that count are counted without testing
every claim, on SQLite and on PostgreSQL; the counts stay right when a document is retracted."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy import event, func, select, text
from sqlalchemy.orm import Session

from truce.documents import document
from truce.record.documents import retract
from truce.record.ingest import ingest
from truce.record.setup import init
from truce.store import Store
from truce.store.schema import ClaimRow, DocumentRow
from truce.store.tx import Tx


@contextmanager
def _sent(store: Store) -> Iterator[list[tuple[str, object]]]:
    """The statements (SQL, parameters) the store's engine sends within the block."""
    sent: list[tuple[str, object]] = []

    def keep(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        sent.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", keep)
    try:
        yield sent
    finally:
        event.remove(store.engine, "before_cursor_execute", keep)


def _statements(store: Store) -> dict[str, tuple[str, object]]:
    """The SQL of Tx.unsited and of the retracted claims' count, as the store's engine sends them."""
    with _sent(store) as sent, Session(store.engine) as session:
        tx = Tx(session)
        tx.unsited()
        unsited = sent[-1]
        tx.counts()
    withdrawn = next(s for s in sent if "retracted_at" in s[0])
    return {"unsited": unsited, "withdrawn": withdrawn}


def _the_claims_that_count(store: Store) -> int:
    """Counted the slow way: every claim tested against the retracted documents."""
    retracted = select(DocumentRow.id).where(DocumentRow.retracted_at.is_not(None))
    with Session(store.engine) as session:
        query = select(func.count()).where(
            ClaimRow.document_id.is_(None) | ClaimRow.document_id.not_in(retracted)
        )
        return session.scalar(query) or 0


def test_the_reads_of_a_write_use_the_indexes_on_sqlite(store: Store) -> None:
    found = _statements(store)
    with store.engine.connect() as connection:
        plans = {
            name: " / ".join(
                row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            for name, (sql, params) in found.items()
        }
    assert "ix_incidents_unsited" in plans["unsited"], plans
    assert "ix_documents_retracted" in plans["withdrawn"] and "ix_claims_document_id" in plans["withdrawn"]


def test_the_reads_of_a_write_use_the_indexes_on_postgres(pg_fresh: str, pack) -> None:  # type: ignore[no-untyped-def]
    init(pg_fresh, pack)
    store = Store.open(pg_fresh)
    try:
        found = _statements(store)
        with store.engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a small table: ask whether it *can*
            plans = {}
            for name, (sql, params) in found.items():
                rows = connection.exec_driver_sql(f"EXPLAIN {sql}", params)
                plans[name] = " / ".join(row[0] for row in rows)
    finally:
        store.close()
    assert "ix_incidents_unsited" in plans["unsited"], plans
    assert "ix_documents_retracted" in plans["withdrawn"], plans


def test_the_counts_leave_out_the_claims_of_retracted_documents(store: Store) -> None:
    doc = document(
        "Yesterday the Azerbaijani side fired mortars at Khramort. No casualties.",
        source="NK MoD",
        published=date(2022, 3, 9),
        lang="en",
    )
    with Session(store.engine) as session:
        before = Tx(session).counts()
    report = ingest(store, [doc])
    assert report.claims >= 1
    with Session(store.engine) as session:
        added = Tx(session).counts()
    assert added[0] == before[0] + report.claims == _the_claims_that_count(store)
    retract(store, doc.id, "written for the test", "analyst")
    with Session(store.engine) as session:
        claims, incidents = Tx(session).counts()
    assert claims == before[0] == _the_claims_that_count(store)
    assert incidents == store.counts()["incidents"]


def _window_statements(store: Store) -> list[tuple[str, object]]:
    """The SQL of the incidents of one day, as the store's reader sends it."""
    from truce.store import IncidentFilter

    with _sent(store) as sent:
        found = store.incidents(IncidentFilter(date(2022, 3, 11), date(2022, 3, 11)))
    assert "I-rumod-20220311" in {i.id for i in found}
    # the longest span, then those that began before the day, then those that start on it
    return [s for s in sent if "FROM incidents" in s[0]][:3]


def test_a_day_reads_the_days_neighbours_on_sqlite(store: Store) -> None:
    statements = _window_statements(store)
    with store.engine.connect() as connection:
        plans = [
            " / ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
            for sql, params in statements
        ]
    assert "ix_incidents_span" in plans[0], plans
    # those that began before by the multi-day index, those starting that day in list order: both bounded
    assert "ix_incidents_multiday (date_from>? AND date_from<?)" in plans[1], plans
    assert "ix_incidents_by_day (date_from>? AND date_from<?)" in plans[2], plans
    assert "TEMP B-TREE" not in plans[2], plans  # read in list order: a page need not sort the window


def test_a_day_reads_the_days_neighbours_on_postgres(pg_fresh: str, pack) -> None:  # type: ignore[no-untyped-def]
    init(pg_fresh, pack)
    store = Store.open(pg_fresh)
    try:
        statements = _window_statements(store)
        with store.engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a small table: ask whether it *can*
            plans = [
                " / ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))
                for sql, params in statements
            ]
    finally:
        store.close()
    assert "ix_incidents_span" in plans[0], plans
    assert "ix_incidents_multiday" in plans[1] and "ix_incidents_by_day" in plans[2], plans


def test_a_window_finds_every_incident_that_overlaps_it(store: Store) -> None:
    """Incidents of made-up spans (most of a day, some of weeks) against windows of every length: the
    indexed query finds exactly those a plain overlap test finds."""
    import random
    from datetime import timedelta

    from truce.store import IncidentFilter

    rng = random.Random(7)
    made = []
    for n in range(1500):
        first = date(2021, 1, 1) + timedelta(days=rng.randrange(400))
        last = first + timedelta(days=rng.choice((0, 0, 0, 1, 2, 9, 40)))
        made.append({"id": f"I-span-{n}", "first": first, "last": last})
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO incidents (id, date_from, date_to, date_precision, location_text, "
                "location_precision, radius_m, accused, violations, means, consequences, no_casualties, "
                "breaches, sited, standing, consequences_in) VALUES (:id, :first, :last, 'range', '', "
                "'zone', 1000, 'unknown', 1, '', '', 0, '', 1, 'claimed', '{}')"
            ),
            made,
        )
    for _ in range(60):
        first = date(2020, 12, 1) + timedelta(days=rng.randrange(460))
        last = first + timedelta(days=rng.choice((0, 1, 6, 30)))
        expected = {m["id"] for m in made if m["last"] >= first and m["first"] <= last}
        found = {i.id for i in store.incidents(IncidentFilter(first, last)) if i.id.startswith("I-span-")}
        assert found == expected, (first, last)
    only_from = {
        i.id for i in store.incidents(IncidentFilter(date(2021, 6, 1))) if i.id.startswith("I-span-")
    }
    assert only_from == {m["id"] for m in made if m["last"] >= date(2021, 6, 1)}


def _among_claims(store: Store, ids: list[str]) -> tuple[list[str], tuple[str, object]]:
    """The claims of the incidents ``ids`` asked with :func:`truce.store.listed.among`, and the SQL sent."""
    from truce.store.listed import among

    with _sent(store) as sent, Session(store.engine) as session:
        query = select(ClaimRow.id).where(among(ClaimRow.incident_id, ids, store.engine))
        found = sorted(session.scalars(query))
    return found, sent[-1]


# more values than either backend binds in one statement (SQLite 32,766, PostgreSQL 65,535), one of them real
_MANY = [f"I-none-{n}" for n in range(70_000)] + ["I-rumod-20220311"]


def _expected(store: Store) -> list[str]:
    with Session(store.engine) as session:
        query = select(ClaimRow.id).where(ClaimRow.incident_id == "I-rumod-20220311")
        return sorted(session.scalars(query))


def test_many_values_are_asked_as_one_by_the_index_on_sqlite(store: Store) -> None:
    found, (sql, params) = _among_claims(store, _MANY)
    assert found and found == _expected(store)
    with store.engine.connect() as connection:
        plan = " / ".join(row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "ix_claims_incident_id (incident_id=?)" in plan, plan


def test_many_values_are_asked_as_one_by_the_index_on_postgres(pg_fresh: str, pack) -> None:  # type: ignore[no-untyped-def]
    init(pg_fresh, pack)
    store = Store.open(pg_fresh)
    try:
        found, (sql, params) = _among_claims(store, _MANY)
        assert found and found == _expected(store)
        with store.engine.connect() as connection:
            connection.execute(text("SET enable_seqscan = off"))  # a small table: ask whether it *can*
            plan = " / ".join(row[0] for row in connection.exec_driver_sql(f"EXPLAIN {sql}", params))
    finally:
        store.close()
    assert "ix_claims_incident_id" in plan, plan
