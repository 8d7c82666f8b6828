"""The bulletin of a day and the incidents of a month from a store of 1,000,000 and 10,000,000 incidents
(issue 13), on SQLite and on PostgreSQL.

The stores are filled in bulk by this script: incident rows written straight into the table (SQLite
``executemany``, PostgreSQL ``COPY`` then ``VACUUM (ANALYZE)`` as autovacuum would), spread over the
1,300 days of the mandate, most of one day, one in fifty over a range of up to 30 days (a month's count);
made up here, not records, without claims and outside the audit log. Printed, best of three after one
warm-up call, for each store:

- the SQL of one day's incidents alone, as the store sends it (those that began before and last into it
  by the index of 0012, bounded by the longest span of 0011, then those starting that day by the index
  of 0013), and the plain overlap test (what the store ran before 0011);
- ``truce.record.bulletin.bulletin`` for that day (the library call ``truce bulletin`` makes);
- ``Store.incidents`` for one month, and the first page of that month as the web application lists it
  (``truce.record.incidents.find`` with a page: the page read alone, the totals counted in the database).

Goal (issue 13): the bulletin of a day and the incidents of a month under 100 ms. The windows hold
``size / 1300`` incidents a day: at 10,000,000 about 7,700 a day and 230,000 a month, which the library
turns into objects; the SQL figure says what the database costs apart from that.
``--sizes 100000 --backends sqlite`` for a short run. No peer library does this job.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from truce.record.bulletin import bulletin
from truce.record.incidents import IncidentQuery, find
from truce.record.setup import init
from truce.store import IncidentFilter, Store
from truce.store.schema import IncidentRow

START, DAYS = date(2020, 11, 10), 1300
DAY, MONTH = date(2022, 6, 15), (date(2022, 6, 1), date(2022, 6, 30))
COLUMNS = (
    "id, date_from, date_to, date_precision, location_text, place_id, lat, lon, location_precision, "
    "radius_m, accused, violations, means, consequences, no_casualties, breaches, sited, standing, "
    "consequences_in"
)
WINDOW = "SELECT id FROM incidents WHERE date_to >= :day AND date_from <= :day"


def rows(count: int, places: list[tuple[str, float, float]], seed: int = 5) -> Iterator[tuple]:
    rng = random.Random(seed)
    for n in range(count):
        first = START + timedelta(days=rng.randrange(DAYS))
        last = first + timedelta(days=rng.randrange(1, 31)) if rng.random() < 0.02 else first
        place, lat, lon = rng.choice(places)
        accused = rng.choice(("AZ", "AM", "NK", "unknown"))
        standing = "reported" if rng.random() < 0.3 else "claimed"
        precision = "day" if first == last else "range"
        yield (
            f"I-bench-{n:09d}", first, last, precision, "near " + place, place, lat, lon, "near",
            1500.0, accused, 1, "small_arms", "", False, "", True, standing, "{}",
        )  # fmt: skip


def fill(store: Store, count: int) -> None:
    with store.engine.connect() as connection:
        places = [
            (r.id, r.lat, r.lon)
            for r in connection.execute(text("SELECT id, lat, lon FROM places WHERE kind = 'village'"))
        ][:300]
    if store.engine.dialect.name == "sqlite":
        database = store.engine.url.database
        assert database is not None
        with sqlite3.connect(database) as raw:
            marks = ", ".join("?" * len(COLUMNS.split(",")))
            raw.executemany(f"INSERT INTO incidents ({COLUMNS}) VALUES ({marks})", rows(count, places))
            raw.execute("ANALYZE")
        return
    connection = store.engine.raw_connection()
    try:
        cursor = connection.cursor()
        with cursor.copy(f"COPY incidents ({COLUMNS}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows(count, places):
                copy.write_row(row)
        connection.commit()
        # what autovacuum does to a table after a bulk load: statistics, and the visibility map that lets
        # an index answer alone (the list's totals read 0013's index only)
        connection.driver_connection.autocommit = True  # type: ignore[union-attr]
        connection.cursor().execute("VACUUM (ANALYZE) incidents")
    finally:
        connection.close()


def best(call: Callable[[], object], times: int = 3) -> tuple[float, object]:
    call()  # warm: caches, the gazetteer, the page cache
    spent, result = [], None
    for _ in range(times):
        began = time.perf_counter()
        result = call()
        spent.append(time.perf_counter() - began)
    return min(spent) * 1000, result


def measure(url: str, size: int) -> None:
    store = Store.open(url)
    try:
        began = time.perf_counter()
        fill(store, size)
        filled = time.perf_counter() - began
        with Session(store.engine) as session:
            parts = [
                part.with_only_columns(IncidentRow.id)
                for part in store._incident_parts(IncidentFilter(DAY, DAY), session)
            ]
            sql = {
                "store": lambda: [row for part in parts for row in session.execute(part)],
                "plain": lambda: session.execute(text(WINDOW), {"day": DAY}).all(),
            }
            figures = {name: best(call) for name, call in sql.items()}
        day_ms, made = best(lambda: bulletin(store, DAY))
        month_ms, found = best(lambda: store.incidents(IncidentFilter(*MONTH)))
        month_query = IncidentQuery(*MONTH)
        page_ms, page = best(lambda: find(store, month_query, page=(0, 100)))
    finally:
        store.close()
    backend = url.split(":", 1)[0]
    print(
        f"{backend:10} {size:>11,} incidents (filled in {filled:.0f} s): "
        f"one day's SQL {figures['store'][0]:.1f} ms ({len(figures['store'][1])} rows; the plain overlap "  # type: ignore[arg-type]
        f"test {figures['plain'][0]:.1f} ms); bulletin of {DAY} {day_ms:.0f} ms "
        f"({len(made.items)} items); incidents of June 2022 {month_ms:.0f} ms ({len(found)}); their first "  # type: ignore[attr-defined]
        f"page of 100 with the month's totals, as the API and the web page list them, {page_ms:.0f} ms "
        f"({page.total} incidents, {page.violations} violations)"  # type: ignore[attr-defined]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000000,10000000")
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    backends = args.backends.split(",")
    print("store      size: the bulletin of a day and the incidents of a month (best of 3, wall ms)")
    with tempfile.TemporaryDirectory(prefix="truce-bench-") as folder:
        for size in sizes:
            if "sqlite" in backends:
                url = f"sqlite:///{Path(folder) / f'{size}.db'}"
                init(url, "nagorno_karabakh")
                measure(url, size)
                Path(folder, f"{size}.db").unlink()
            if "postgresql" in backends:
                sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
                import pgserver  # the tests' throwaway server: the same start and stop

                with pgserver.postgres_server() as url:
                    init(url, "nagorno_karabakh")
                    measure(url, size)


if __name__ == "__main__":
    main()
