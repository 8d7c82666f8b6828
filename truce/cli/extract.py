"""``truce extract`` (claims from one text, printed) and ``truce ingest`` (documents into the store)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from truce.cli.common import DbOption, app, command, err, open_store, out, parse_date, relocate
from truce.documents import document, read_documents, read_text
from truce.errors import InputError
from truce.extract import Extractor
from truce.extract.result import as_claim
from truce.gazetteer import Gazetteer
from truce.model import Claim, Document
from truce.report import describe

__all__ = ["extract", "ingest"]

LangOption = Annotated[str, typer.Option("--lang", help="en, ru or auto (detect).")]


def _check_lang(lang: str) -> str:
    if lang not in ("en", "ru", "auto"):
        raise InputError(f"--lang: '{lang}' is not one of en, ru, auto")
    return lang


@app.command()
@command
def extract(
    path: Annotated[
        str, typer.Argument(help="A .txt, .md or .html file, or - for standard input.", metavar="PATH|-")
    ],
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date, YYYY-MM-DD: resolves 'yesterday'.")
    ] = None,
    lang: LangOption = "auto",
    source: Annotated[str | None, typer.Option("--source", help="Who says it.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the claims as one JSON object.")] = False,
    db: DbOption = None,
) -> None:
    """Extract structured claims (when, where, who, what, consequences) from one text."""
    day = parse_date(published, "--published")
    _check_lang(lang)
    if path == "-":
        text = read_text(sys.stdin.buffer.read(), "standard input")
        documents = [document(text, published=day, source=source, origin="standard input")]
    else:
        documents = list(read_documents(Path(path), published=day, source=source))
    store = open_store(db)
    extractor = Extractor(store.gazetteer())
    found = [
        c
        for d in documents
        for c in extractor.extract(d.text, d.published, d.lang or lang, d.source, denials=True)
    ]
    claims, denials = [c for c in found if c.stance == "asserts"], [c for c in found if c.stance == "denies"]
    if as_json:
        data = {"claims": [c.to_json() for c in claims], "denials": [c.to_json() for c in denials]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    for denial in denials:
        out.print(f"Denial by {denial.accused}: {denial.location_text or 'no place named'}", highlight=False)
    if not claims:
        out.print("No claims found.")
        return
    table = Table(show_edge=False)
    for column in ("when", "where", "accused", "target", "means", "n", "casualties", "conf."):
        table.add_column(column, overflow="fold")
    for c in claims:
        when = describe.date_text(c.event_date, c.date_end) if c.event_date else "date not stated"
        if c.time_start:
            when += f", {c.time_start:%H:%M}" + (f"-{c.time_end:%H:%M}" if c.time_end else "")
        where = c.location_text or "-"
        if c.unknown_places:
            where += f" (not in the gazetteer: {', '.join(c.unknown_places)})"
        casualties = describe.casualties_text(c.casualties, c.no_casualties, {})
        table.add_row(
            when,
            where,
            c.accused,
            c.target or "-",
            ", ".join(c.means) or "-",
            str(c.violations or "-"),
            casualties,
            f"{c.confidence:.2f}",
        )
    out.print(table)


@app.command()
@command
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files: .txt, .md, .html, or .jsonl of {text, published, ...}.")
    ],
    source: Annotated[
        str | None, typer.Option("--source", help="Who says it, where a file does not say.")
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date where a file does not say.")
    ] = None,
    lang: LangOption = "auto",
    db: DbOption = None,
) -> None:
    """Store documents (once each, by content hash), the claims extracted from them and their incidents."""
    day = parse_date(published, "--published")
    _check_lang(lang)
    store = open_store(db)
    extractor = Extractor(store.gazetteer())
    gazetteer, timezone = store.gazetteer(), store.mission().timezone
    documents: list[Document] = [
        d for path in paths for d in read_documents(path, published=day, source=source)
    ]
    batch: list[tuple[Document, list[Claim]]] = []
    undated = 0
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    )
    with progress:
        task = progress.add_task("Extracting", total=len(documents))
        for doc in documents:
            claims, skipped = _claims(extractor, doc, lang, gazetteer, timezone)
            undated += skipped
            batch.append((doc, claims))
            progress.advance(task)
    added, known, claimed = store.ingest(batch)
    if claimed:
        relocate(store)  # the incidents the new claims made or changed are placed against the areas
    out.print(f"{added} documents added, {known} already stored; {claimed} claims.", highlight=False)
    if undated:
        err.print(f"{undated} claims had no date and their document no publication date: not stored.")


def _claims(
    extractor: Extractor, doc: Document, lang: str, gazetteer: Gazetteer, timezone: str
) -> tuple[list[Claim], int]:
    extracted = extractor.extract(doc.text, doc.published, doc.lang or lang, doc.source, denials=True)
    claims, skipped = [], 0
    for number, item in enumerate(extracted, 1):
        if item.event_date is None and doc.published is None:
            skipped += 1
            continue
        claims.append(as_claim(item, f"C-{doc.id[:16]}-{number}", doc, gazetteer, timezone))
    return claims, skipped
