"""Bulk ingest extracts in worker processes (issue 13): the record is the one extraction in the ingesting
process makes, row for row, and a document whose claims cannot be read stops the batch by its name with
nothing written. The threshold is lowered here so that a few hundred documents go to the workers."""

from __future__ import annotations

import dataclasses
import json
import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import pytest
from test_incremental_link import documents as real_documents

from truce.documents import document
from truce.errors import InputError
from truce.model import Document
from truce.record import ingest as record_ingest
from truce.record.ingest import ingest
from truce.store import Store

PLACES = ["Khramort", "Avdur", "Taghavard", "Karmir Shuka", "Chartar", "Khachmach"]


def written(count: int) -> list[Document]:
    """Short statements written for the test, one incident each."""
    start = date(2021, 5, 1)
    return [
        document(
            f"Written for the test (statement {n}). On {start + timedelta(days=n % 60):%d %B %Y} the armed "
            f"forces of Azerbaijan fired at positions near {PLACES[n % len(PLACES)]} with small arms.",
            published=start + timedelta(days=n % 60 + 1),
            source="NK MoD",
            origin=f"batch.jsonl, line {n + 1}",
        )
        for n in range(count)
    ]


def fresh(initialised: Path, folder: Path, name: str) -> Store:
    path = folder / name
    shutil.copy(initialised, path)
    return Store.open(f"sqlite:///{path}")


def record(store: Store) -> dict[tuple[str, str], str]:
    """Every entity's digest but the documents' (they carry the moment they were stored) and the pack's."""
    return {(k, key): d for k, key, d in store.entity_digests() if k not in ("document", "pack")}


def test_parallel_ingest_makes_the_serial_record(_initialised_db: Path, tmp_path: Path) -> None:
    batch = real_documents()  # every real published text of the corpus (380): English, Russian, many sources
    serial, parallel = (
        fresh(_initialised_db, tmp_path, "serial.db"),
        fresh(_initialised_db, tmp_path, "par.db"),
    )
    workers_seen: list[int] = []

    def progress(phase: str, done: int, total: int | None) -> None:
        if phase == "extracting":
            workers_seen.append(len(multiprocessing.active_children()))

    try:
        one = ingest(serial, batch, workers=1)
        two = ingest(parallel, batch, progress=progress, workers=2, parallel_from=10)
        assert max(workers_seen) == 2  # the claims were read in two worker processes
        assert one == two and one.claims > 300
        assert record(serial) == record(parallel)
        assert {k for k, _ in record(serial)} >= {"claim", "incident", "source"}
        kept = [(d.id, d.source, d.claims) for d in serial.documents()]
        assert kept == [(d.id, d.source, d.claims) for d in parallel.documents()] and len(kept) == len(batch)
    finally:
        serial.close()
        parallel.close()
    assert multiprocessing.active_children() == []  # the workers ended


def test_a_small_batch_stays_in_this_process(store: Store) -> None:
    workers_seen: list[int] = []

    def progress(phase: str, done: int, total: int | None) -> None:
        workers_seen.append(len(multiprocessing.active_children()))

    report = ingest(store, written(20), progress=progress, workers=2)  # under PARALLEL_FROM
    assert report.added == 20 and workers_seen and max(workers_seen) == 0


def test_a_bad_document_in_a_parallel_batch_is_refused_by_name(store: Store) -> None:
    batch = written(240)
    # a caller's document whose text was never decoded: its claims cannot be read
    batch[150] = dataclasses.replace(batch[150], text=b"On 3 May the armed forces fired near Khramort.")
    before, log = store.counts(), store.log_size()
    with pytest.raises(InputError) as refused:
        ingest(store, batch, workers=2, parallel_from=10)
    assert str(refused.value).startswith("batch.jsonl, line 151: its claims could not be read (TypeError")
    assert str(refused.value).endswith("nothing was stored")
    assert store.counts() == before and store.log_size() == log  # nothing half-written
    assert multiprocessing.active_children() == []
    assert ingest(store, batch[:150], workers=1).added == 150  # the documents before it are fine


def test_the_cli_ingests_in_workers_with_the_same_result(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(record_ingest, "PARALLEL_FROM", 10)  # read by the call, not bound at import
    pools: list[int | None] = []

    class Pool(ProcessPoolExecutor):
        def __init__(self, max_workers: int | None = None, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
            pools.append(max_workers)
            super().__init__(max_workers, *args, **kwargs)

    monkeypatch.setattr(record_ingest, "ProcessPoolExecutor", Pool)
    lines = tmp_path / "batch.jsonl"
    rows = [{"text": d.text, "published": d.published.isoformat(), "source": d.source} for d in written(60)]  # type: ignore[union-attr]
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    first = cli("ingest", str(lines), "--workers", "2")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("60 documents added, 0 already stored; 60 claims.")
    assert pools == [2]  # extracted in two worker processes
    again = cli("ingest", str(lines), "--workers", "2")
    assert again.stdout.startswith("0 documents added, 60 already stored; 0 claims.")
    refused = cli("ingest", str(lines), "--workers", "0")
    assert refused.exit_code == 2 and "--workers" in refused.stderr
