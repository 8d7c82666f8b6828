"""What the audit log costs: ingesting 10,000 documents into a fresh SQLite store with the log, and again
with the log's append replaced by nothing (in this script only; Truce has no way to write without it).

The documents are short bulletins made up by this script from templates (not records): a day, a village
of the pack, a means, a party. They are ingested in batches (``--batch``, 10 by default: one transaction
and one log entry per batch, as an analyst ingests a day's files). Prints CPU seconds of each run, the
ratio, and the time spent inside the log's append in the first run. Goal (issue 11): the log costs under
10%. ``--documents N`` for a smaller run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from truce.documents import document
from truce.model import Document
from truce.record import ingest as record_ingest
from truce.record.setup import init, open_store
from truce.store import ledger

VILLAGES = ["Khramort", "Taghavard", "Karmir Shuka", "Sos", "Machkalashen", "Chartar", "Martakert", "Askeran"]
MEANS = ["small arms", "mortars", "grenade launchers", "sniper rifles"]
SIDES = [
    ("the Azerbaijani armed forces", "the Nagorno-Karabakh Defence Army"),
    ("Armenian units", "Azerbaijani posts"),
]


def documents(count: int, seed: int = 11, days: int = 900) -> list[Document]:
    """``count`` distinct short bulletins (made up here), each with its own wording, over ``days`` days
    from 1 January 2021."""
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    made = []
    for n in range(count):
        day = start + timedelta(days=n % days)
        shooter, target = rng.choice(SIDES)
        text = (
            f"Bulletin {n} (generated for the benchmark). On {day:%d %B %Y}, near {rng.choice(VILLAGES)}, "
            f"{shooter} fired {rng.choice(MEANS)} at {target}. No casualties."
        )
        made.append(document(text, source="Caucasus Wire", published=day + timedelta(days=1)))
    return made


def run(batches: list[list[Document]], log: bool) -> tuple[float, float, int]:
    """CPU seconds of ingesting every batch into a fresh store, seconds inside the log, entries written."""
    spent = [0.0]
    original = ledger.append

    def timed(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    ledger.append = timed if log else (lambda *args, **kwargs: None)  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite:///{Path(folder) / 'bench.db'}"
            init(url, "nagorno_karabakh")
            store = open_store(url)
            before = sum(1 for _ in store.log_entries())
            started = time.process_time()
            for batch in batches:
                record_ingest.ingest(store, batch)
            cpu = time.process_time() - started
            entries = sum(1 for _ in store.log_entries()) - before
            store.close()
    finally:
        ledger.append = original  # type: ignore[assignment]
    return cpu, spent[0], entries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=10)
    args = parser.parse_args()
    found = documents(args.documents)
    batches = [found[i : i + args.batch] for i in range(0, len(found), args.batch)]
    with_log, in_log, entries = run(batches, log=True)
    without, _, _ = run(batches, log=False)
    print(f"ingest of {args.documents:,} documents in {len(batches):,} transactions (SQLite, CPU seconds):")
    print(f"  with the log     {with_log:8.2f} s  ({entries:,} log entries)")
    print(f"  without the log  {without:8.2f} s")
    print(f"  the log costs    {100 * (with_log - without) / without:+7.1f} %  (goal: under 10 %)")
    print(f"  inside the log's append: {in_log:.2f} s, {100 * in_log / with_log:.1f} % of the run with it")


if __name__ == "__main__":
    main()
