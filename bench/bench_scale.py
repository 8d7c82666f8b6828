"""What an ingest costs as the record grows (issue 13): 100 documents ingested into stores that already
hold 0, 10,000, 100,000 and 1,000,000 documents (SQLite).

The stores are filled in bulk by this script (rows written straight into the tables, one claim and one
incident per document, over about 1,300 days of the mandate: made up here, not records, and not in the
audit log, which this bench does not read). The 100 documents are short bulletins made up by
``bench_log.documents`` over one week (a week's news, as a mission ingests it). Prints the CPU seconds
of each ingest (one call, one transaction, extraction included) and its ratio to the cost into an empty
store: the best of three, each into a copy of the filled store whose places are read and extractor built
before (as a running store has them: the first use builds them). Goal: the cost at 1,000,000 within 2x
of the cost at 0. ``--sizes 0,10000`` for a shorter run.

The filled claims are one source's records apart from any document (as a pack's rows), which the linker
never joins with each other: the filled store is already linked, as a running store is, and an ingest
links again only what the new claims reach.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from truce.model import Claim, DatePrecision, Incident, LocationPrecision, Siting, Standing
from truce.record.ingest import ingest, text_parts
from truce.record.setup import init, open_store
from truce.store import convert
from truce.store.schema import ClaimRow, DocumentRow, IncidentRow

sys.path.insert(0, str(Path(__file__).parent))
from bench_log import documents

START, DAYS = date(2020, 11, 10), 1300
CHUNK = 20_000


def fill(url: str, count: int, seed: int = 3) -> None:
    """``count`` documents, each with one claim and its incident, written in bulk."""
    store = open_store(url)
    places = [p for p in store.gazetteer().places.values() if not p.is_admin_unit and p.disputed][:200]
    store.close()
    rng = random.Random(seed)
    engine = open_store(url).engine
    now = convert.now()
    for first in range(0, count, CHUNK):
        documents, claims, incidents = [], [], []
        for n in range(first, min(count, first + CHUNK)):
            day = START + timedelta(days=rng.randrange(DAYS))
            place = rng.choice(places)
            doc = f"{n:064x}"
            claim = Claim(
                day,
                day,
                DatePrecision.DAY,
                LocationPrecision.NEAR,
                place.radius_m,
                accused=rng.choice(["AZ", "NK", "AM"]),
                place_id=place.id,
                lat=place.lat,
                lon=place.lon,
                means=["small_arms"],
                id=f"C-bulk-{n}",
                source_id="rumod",
                incident_id=f"I-bulk-{n}",
                standing=Standing.REPORTED,
            )
            incident = Incident.from_claims(claim.incident_id, [claim])
            incident.siting = Siting(areas=())
            documents.append(
                {
                    "id": doc,
                    "source_id": claim.source_id,
                    "published": day + timedelta(days=1),
                    "lang": "en",
                    "url": "",
                    "title": "",
                    "text": f"Made up for the benchmark, document {n}.",
                    "ingested_at": now,
                }
            )
            claims.append(convert.claim_columns(claim, None))
            incidents.append(_values(convert.incident_row(incident, None)))
        with Session(engine) as session, session.begin():
            session.execute(insert(DocumentRow), documents)
            session.execute(insert(IncidentRow), incidents)
            session.execute(insert(ClaimRow), claims)
    engine.dispose()


def _values(row: object) -> dict:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0,10000,100000,1000000")
    args = parser.parse_args()
    batch = documents(100, seed=29, days=7)  # a week's news
    base = None
    print("100 documents ingested into a store of N documents (SQLite, one transaction; best of 3):")
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as folder:
            filled_db = Path(folder) / "filled.db"
            init(f"sqlite:///{filled_db}", "nagorno_karabakh")
            started = time.monotonic()
            fill(f"sqlite:///{filled_db}", size)
            filled = time.monotonic() - started
            costs = []
            for _ in range(3):  # each into a copy of the filled store
                copy = Path(folder) / "scale.db"
                shutil.copyfile(filled_db, copy)
                store = open_store(f"sqlite:///{copy}")
                # as a running store has them: its places read, its extractor built (by the first use)
                text_parts(store, batch[0])
                cpu = time.process_time()
                report = ingest(store, batch)
                costs.append(time.process_time() - cpu)
                store.close()
            cost = min(costs)
            base = base or cost
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  N = {size:>9,}: {cost:6.2f} s CPU ({cost / base:4.2f}x the empty store), "
                f"{report.claims} claims added; store filled in {filled:.0f} s; peak memory {peak:.0f} MB"
            )
    print("goal: the cost at 1,000,000 within 2x of the cost at 0")


if __name__ == "__main__":
    main()
