"""``truce extract`` (claims from one text, printed) and ``truce ingest`` (documents into the record)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from truce.cli.common import DbOption, app, command, err, open_store, out, parse_date, text
from truce.errors import FieldError

if TYPE_CHECKING:
    from rich.progress import TaskID

__all__ = ["extract", "ingest"]

LangOption = Annotated[str, typer.Option("--lang", help="en, ru or auto (detect).")]


def _check_lang(lang: str) -> str:
    if lang not in ("en", "ru", "auto"):
        raise FieldError("--lang", f"'{lang}' is not one of en, ru, auto")
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
    parts: Annotated[
        bool,
        typer.Option(
            "--sentences",
            help="Show instead what each sentence does as the extractor reads it: its kind (incident, "
            "continuation, other_voice, background, caption, denial, frame, response), voice and day.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Extract structured claims (when, where, who, what, consequences) from one text; nothing is stored."""
    from truce.documents import document, read_documents, read_text
    from truce.record.ingest import extract as extract_claims
    from truce.record.ingest import text_parts

    day = parse_date(published, "--published")
    _check_lang(lang)
    if path == "-":
        body = read_text(sys.stdin.buffer.read(), "standard input")
        documents = [document(body, published=day, source=source, origin="standard input")]
    else:
        documents = list(read_documents(Path(path), published=day, source=source))
    if parts:
        store = open_store(db)
        shown = [(d, text_parts(store, d, lang)) for d in documents]
        if as_json:
            read = [{"origin": d.origin, "parts": [_part_json(d.text, p) for p in f]} for d, f in shown]
            data = {"documents": read}
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        else:
            for d, found in shown:
                _parts_table(d.text, found)
        return
    found = extract_claims(open_store(db), documents, lang)
    claims, denials = [c for c in found if c.stance == "asserts"], [c for c in found if c.stance == "denies"]
    if as_json:
        data = {"claims": [c.to_json() for c in claims], "denials": [c.to_json() for c in denials]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return
    _table(claims, denials)


def _part_json(body: str, part) -> dict:  # type: ignore[no-untyped-def]
    return {
        "start": part.start,
        "end": part.end,
        "kind": part.kind,
        "voice": part.voice,
        "day": part.day.isoformat() if part.day else None,
        "text": body[part.start : part.end],
    }


def _parts_table(body: str, parts: list) -> None:  # type: ignore[type-arg]
    from rich.table import Table

    if not parts:
        out.print("No sentences read (a language Truce does not read?).")
        return
    table = Table(show_edge=False)
    for column in ("kind", "voice", "day", "sentence"):
        table.add_column(column, overflow="fold")
    for p in parts:
        words = " ".join(body[p.start : p.end].split())
        shown = words if len(words) <= 160 else words[:157] + "..."
        table.add_row(p.kind, text(p.voice), p.day.isoformat() if p.day else "-", text(shown))
    out.print(table)


def _table(claims: list, denials: list) -> None:  # type: ignore[type-arg]
    from rich.table import Table

    from truce.report import describe

    for denial in denials:
        out.print(f"Denial by {denial.accused}: {text(denial.location_text or 'no place named')}")
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
        table.add_row(
            when,
            text(where),
            c.accused,
            c.target or "-",
            ", ".join(c.means) or "-",
            str(c.violations or "-"),
            describe.casualties_text(c.casualties, c.no_casualties, {}),
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
        str | None,
        typer.Option(
            "--source", help="Who says it (a source's id, name or alias), where a file does not say."
        ),
    ] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date where a file does not say.")
    ] = None,
    lang: LangOption = "auto",
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Processes to extract in, for a batch of 1,000 documents or more (1: this process only). "
            "Default: one per CPU.",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Store documents (once each, by content hash) with their claims; link and locate them."""
    import os

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from truce.record.ingest import ingest as ingest_documents
    from truce.record.ingest import read

    day = parse_date(published, "--published")
    _check_lang(lang)
    progress = Progress(
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
    )
    tasks: dict[str, TaskID] = {}

    def show(phase: str, done: int, total: int | None) -> None:
        """A bar for each phase (with workers, extracting and storing move together)."""
        if phase not in tasks:
            tasks[phase] = progress.add_task(phase.capitalize(), total=total)
        progress.update(tasks[phase], completed=done, total=total)

    with progress:
        documents = read(paths, source, day, show)  # every file is read and checked before anything is stored
        store = open_store(db)
        report = ingest_documents(store, documents, lang, show, workers or os.cpu_count() or 1)
    out.print(f"{report.added} documents added, {report.known} already stored; {report.claims} claims.")
    if report.republished:
        out.print(
            f"{report.republished} new publications of documents already stored were recorded with their "
            "source (their claims are the document's: see `truce documents show`)."
        )
    if report.retracted:
        out.print(
            f"{report.retracted} of the documents already stored were retracted and stay retracted "
            "(see `truce documents --retracted`)."
        )
    if report.link:
        out.print(
            f"{report.link.incidents} incidents from {report.link.claims} claims; {report.link.moved} moved."
        )
    if report.undated:
        err.print(f"{report.undated} claims had no date and their document no publication date: not stored.")
