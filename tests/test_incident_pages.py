"""A list of incidents costs its page: the page is read alone and the totals are counted in the database
(Store.incident_tally), and they are what the whole list gives, on SQLite and on PostgreSQL. The same for
the bulletin's comparison with the days before it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from truce.reconcile.counts import total_violations
from truce.reconcile.link import is_count
from truce.record.bulletin import comparison
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


def comparisons_match_the_whole(store: Store) -> int:
    """The bulletin's comparison, counted in the database, is what the monitor's whole record gives, on
    every day from the first of its incidents to a week after the last; the days with a count (the sum
    of them: the comparison meets the counts it matches against their items)."""
    monitor = [i for i in store.incidents() if i.by_monitor]
    units = store.gazetteer().units_of
    published = [date(2022, 3, 20), date(2022, 5, 2)]  # reports that record no violation
    first, last = min(i.date_from for i in monitor), max(i.date_to for i in monitor) + timedelta(days=7)
    with_counts = 0
    for day in (first + timedelta(days=n) for n in range((last - first).days + 1)):

        def between(nearest: int, farthest: int, day: date = day) -> int:
            days = {day - timedelta(days=n) for n in range(nearest, farthest + 1)}
            return total_violations([i for i in monitor if i.date_from in days], units)

        fortnight = {day - timedelta(days=n) for n in range(14)}
        reported = {d for i in monitor for d in fortnight if i.on(d)}
        reported |= {d for d in fortnight if d in published or d + timedelta(days=1) in published}
        made = comparison(store, day, units, published)
        expected = (between(1, 1), between(0, 6), between(7, 13), 14 - len(reported))
        assert (made.day_before, made.last_week, made.week_before, made.unreported) == expected, day
        with_counts += any(is_count(i) and i.date_from in fortnight for i in monitor)
    return with_counts


def test_a_page_is_a_slice_of_the_whole_list_with_its_totals(store: Store) -> None:
    assert pages_match_the_whole(store) > 5


def test_a_page_across_the_incidents_that_began_before_the_window(store: Store) -> None:
    pages_across_match(store)


def pages_across_match(store: Store) -> None:
    """A page of a window is read as those that began before it, then those starting within: every page,
    however it falls across the two, is the slice of the whole list (incidents of several days added,
    made up here from a record's incident, of several standings)."""
    from dataclasses import replace

    from sqlalchemy.orm import Session

    from truce.model import Standing
    from truce.store import convert

    base = store.incidents()[0]
    standings = [Standing.CLAIMED, Standing.REPORTED, Standing.OBSERVED]
    with Session(store.engine) as session, session.begin():
        for n in range(12):
            first = date(2022, 2, 18) + timedelta(days=2 * n)
            made = replace(
                base, id=f"I-written-{n:02d}", date_from=first, date_to=first + timedelta(days=n + 3)
            )
            session.add(convert.incident_row(replace(made, claims=[], standing=standings[n % 3]), None))
    for query in (
        IncidentQuery(date(2022, 3, 1), date(2022, 3, 31)),
        IncidentQuery(date(2022, 3, 2), date(2022, 3, 12), monitor_only=True),
        IncidentQuery(date(2022, 3, 1), None),
    ):
        whole = [i.id for i in find(store, query).incidents]
        assert sum(i.startswith("I-written") for i in whole) > 2, query  # some began before the window
        for skip in range(len(whole) + 2):
            for size in (1, 3, 8):
                part = find(store, query, page=(skip, size))
                assert [i.id for i in part.incidents] == whole[skip : skip + size], (query, skip, size)


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


def test_the_bulletins_comparison_is_that_of_the_whole_record(store: Store) -> None:
    assert comparisons_match_the_whole(store) > 5


@pytest.mark.usefixtures("pack")
def test_pages_on_postgres(pg_fresh: str) -> None:
    init(pg_fresh, "nagorno_karabakh")
    store = Store.open(pg_fresh)
    try:
        assert pages_match_the_whole(store) > 5
        assert comparisons_match_the_whole(store) > 5
        pages_across_match(store)
    finally:
        store.close()
