"""Bulk ingest (issue 13): 100,000 documents read from one JSON Lines file and ingested end to end into an
empty SQLite store, in one transaction, with extraction in this process and with 2 worker processes.

The documents are the short bulletins ``bench_log.documents`` makes up (one incident each, over 900 days;
not records), written to a temporary .jsonl first. Each run is its own process (so that its peak memory
is its own) and does what ``truce ingest FILE --workers N`` does: read the file, extract, store, link and
locate. Prints documents/s over the wall-clock time of the whole run, when each phase began and ended
(with workers, extraction and storing overlap: the main process stores what the workers have read),
CPU seconds of the main process and of the workers, and peak resident memory of each. Goal: 1,000
documents/s or more. ``--documents 20000`` for a shorter run; ``--workers 1,2`` chooses the runs.

The peer: inserting the same rows in bulk (no extraction, linking or audit log) is what the issue
compares with; this bench times Truce's own path only.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

PHASES = ("reading", "extracting", "storing", "linking", "locating", "committing")


def write_documents(path: Path, count: int) -> None:
    from bench_log import documents

    with path.open("w", encoding="utf-8") as out:
        for d in documents(count, seed=13):
            record = {"text": d.text, "published": d.published.isoformat(), "source": d.source}  # type: ignore[union-attr]
            out.write(json.dumps(record) + "\n")


def run(path: Path, url: str, workers: int) -> dict:
    """One ingest as ``truce ingest`` makes it, timed phase by phase (in the process that measures)."""
    from truce.record.ingest import ingest, read
    from truce.record.setup import open_store

    spans: dict[str, list[float]] = {}

    def progress(phase: str, done: int, total: int | None) -> None:
        now = time.perf_counter() - started
        spans.setdefault(phase, [now, now])[1] = now

    store = open_store(url)
    started = time.perf_counter()
    cpu = time.process_time()
    report = ingest(store, read([path], progress=progress), "auto", progress, workers)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu
    store.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "workers": workers,
        "wall": wall,
        "cpu": cpu,
        "cpu_workers": children.ru_utime + children.ru_stime,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_worker_mb": children.ru_maxrss / 1024,
        "added": report.added,
        "claims": report.claims,
        "incidents": report.link.incidents if report.link else 0,
        "spans": spans,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--workers", default="1,2", help="the runs, e.g. 1,2")
    parser.add_argument("--one", nargs=3, metavar=("FILE", "URL", "WORKERS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a run in its own process, for the parent to print
        print(json.dumps(run(Path(args.one[0]), args.one[1], int(args.one[2]))))
        return
    from truce.record.setup import init

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "documents.jsonl"
        write_documents(path, args.documents)
        size = path.stat().st_size / 2**20
        print(
            f"bulk ingest of {args.documents:,} documents ({size:.0f} MB of JSON Lines) into an empty SQLite"
        )
        print("store, end to end in one transaction (wall-clock seconds; 2 CPUs):")
        for workers in (int(w) for w in args.workers.split(",")):
            url = f"sqlite:///{Path(folder) / f'bulk-{workers}.db'}"
            init(url, "nagorno_karabakh")
            line = [sys.executable, __file__, "--one", str(path), url, str(workers)]
            result = json.loads(subprocess.run(line, check=True, capture_output=True, text=True).stdout)
            rate = result["added"] / result["wall"]
            print(
                f"\n  workers = {workers}: {result['wall']:6.1f} s, {rate:5.0f} documents/s "
                f"({result['claims']:,} claims, {result['incidents']:,} incidents)"
            )
            for phase in PHASES:
                if phase in result["spans"]:
                    begun, ended = result["spans"][phase]
                    print(f"    {phase:<10} {begun:6.1f} s -> {ended:6.1f} s  ({ended - begun:5.1f} s)")
            print(
                f"    CPU: {result['cpu']:.1f} s in the main process, {result['cpu_workers']:.1f} s in "
                f"workers; peak memory {result['peak_mb']:.0f} MB (main), "
                f"{result['peak_worker_mb']:.0f} MB (a worker)"
            )
            verdict = "reached" if rate >= 1000 else "not reached"
            print(f"    goal 1,000 documents/s: {verdict}")


if __name__ == "__main__":
    main()
