"""The mission's other work: ``activities``."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from truce.cli.common import (
    DbOption,
    MonitorOption,
    NamesOption,
    app,
    command,
    open_store,
    out,
    parse_date,
    text,
)

__all__ = ["activities"]


@app.command()
@command
def activities(
    date_from: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="escort, passage, delivery, return, demining, medical, exchange, appeal, restriction or "
            "mission; may be repeated.",
        ),
    ] = None,
    monitor_only: MonitorOption = False,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json.")] = "table",
    lang: Annotated[str, typer.Option("--lang", help="Language of the text: en or ru.")] = "en",
    names: NamesOption = None,
    db: DbOption = None,
) -> None:
    """The mission's other work under way in a period: escorts and passages, deliveries, returns of
    displaced people, demining, medical aid, exchanges, appeals to a party, restrictions of freedom of
    movement, and the mission's milestones; each with who reports it."""
    from truce.record import activities as record
    from truce.report.language import language

    if fmt not in record.FORMATS:
        from truce.errors import FieldError

        raise FieldError("--format", f"'{fmt}' is not one of {', '.join(record.FORMATS)}")
    language(lang)  # an unknown language is refused before the database is opened
    query = record.ActivityQuery(
        parse_date(date_from, "--from"), parse_date(date_to, "--to"), tuple(kind or ()), monitor_only
    )
    store = open_store(db)
    found = record.find(store, query)
    if fmt != "table":
        sys.stdout.write(record.text(store, found, fmt, names, lang))
        return
    from rich.table import Table

    table = Table(show_edge=False)
    for column in ("when", "what", "where", "figures", "summary", "basis"):
        table.add_column(column)
    for line in record.lines(store, found, names, lang):
        table.add_row(
            *(text(v) for v in (line.when, line.label, line.where, line.figures, line.summary, line.basis))
        )
    out.print(table)
    shown = "the monitor's record" if monitor_only else "the monitor's record and others' reports, attributed"
    out.print(f"{len(found)} activities ({shown}).")
