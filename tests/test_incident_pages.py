"""A list of incidents costs its page: the page is read alone and the totals are counted in the database
(Store.incident_tally), and they are what the whole list gives, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from truce.reconcile.link import is_count
from truce.record.incidents import IncidentQuery, find
from truce.record.setup import init
from truce.store import IncidentFilter, Store

QUERIES = (
    IncidentQuery(),
    IncidentQuery(date(2022, 3, 1), date(2022, 3, 31)),
    IncidentQuery(date(2022, 3, 11), date(2022, 3, 11)),
    IncidentQuery(monitor_only=True),
    IncidentQuery(place="Askeran"),
    IncidentQuery(accused="AZ"),
)


def pages_match_the_whole(store: Store) -> int:
    """Every page of every query is a slice of the whole list with the whole list's totals; the number of
    count incidents met (the pack's bulletins have some)."""
    counts = 0
    for query in QUERIES:
        whole = find(store, query)
        counts += sum(1 for i in whole.incidents if is_count(i))
        ids = [i.id for i in whole.incidents]
        for start, size in ((0, 5), (3, 7), (max(0, len(ids) - 2), 10), (10_000, 5)):
            part = find(store, query, page=(start, size))
            assert [i.id for i in part.incidents] == ids[start : start + size], (query, start)
            assert (part.violations, part.by_standing) == (whole.violations, whole.by_standing), query
            assert part.total == whole.total == len(ids)
    return counts


def test_a_page_is_a_slice_of_the_whole_list_with_its_totals(store: Store) -> None:
    assert pages_match_the_whole(store) > 5


def test_counts_in_the_database_are_the_counts_of_the_linker(store: Store) -> None:
    # the SQL test of a count finds exactly the incidents is_count finds
    from sqlalchemy import select

    from truce.store import _is_count
    from truce.store.schema import IncidentRow

    every = store.incidents()
    columns = IncidentRow.__table__.c
    with store.reader.connect() as connection:
        in_sql = set(connection.execute(select(columns.id).where(_is_count(columns))).scalars())
    assert in_sql == {i.id for i in every if is_count(i)} and len(in_sql) > 5
    tally = store.incident_tally(IncidentFilter())
    assert tally.item_violations == sum(i.violations for i in every if not is_count(i))
    assert tally.incidents == len(every)


@pytest.mark.usefixtures("pack")
def test_pages_on_postgres(pg_fresh: str) -> None:
    init(pg_fresh, "nagorno_karabakh")
    store = Store.open(pg_fresh)
    try:
        assert pages_match_the_whole(store) > 5
    finally:
        store.close()
