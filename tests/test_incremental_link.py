"""An ingest links again only the days its new claims can reach (issue 13): ingesting real published
texts one at a time ends with the incidents that linking the whole record at once makes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from truce.model import Document
from truce.record.ingest import ingest
from truce.record.linking import Ground, relink
from truce.store import Store

CORPUS = Path(__file__).parent / "real_corpus"


def documents() -> list[Document]:
    from truce.documents import document

    found = []
    for name in ("en.jsonl", "ru.jsonl"):
        for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            found.append(
                document(
                    row["text"],
                    source=row["publisher"],
                    published=date.fromisoformat(row["published"]),
                    lang=row["lang"],
                )
            )
    return found


def partition(store: Store) -> set[frozenset[str]]:
    return {frozenset(c.id for c in i.claims) for i in store.incidents()}


def test_one_at_a_time_ends_where_linking_everything_ends(store: Store) -> None:
    for doc in documents():  # every real text (380), each its own write: each links only the days it reaches
        ingest(store, [doc])
    incremental = partition(store)
    claims = sum(len(p) for p in incremental)
    with store.transaction("reconcile") as tx:
        report = relink(tx, Ground.of_store(store))  # everything at once
    print(f"{claims} claims in {len(incremental)} incidents; linking everything again moves {report.moved}")
    assert claims > 300 and report.moved == 0
    assert partition(store) == incremental
