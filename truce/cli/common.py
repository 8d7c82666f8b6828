"""What every command shares: the Typer app, the consoles, the error wrapper, opening the store, and
parsing dates and naming conventions.

Library errors (:mod:`truce.errors`) become one line ``Error: ...`` on stderr and a non-zero exit.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

import typer
from rich.console import Console

from truce import __version__
from truce.errors import InputError, TruceError
from truce.gazetteer import CONVENTIONS, check_convention
from truce.geo.locate import site_incidents
from truce.geo.projection import Projection
from truce.model import Incident
from truce.packs import DEFAULT_PACK, load_pack
from truce.report.export import incident_record
from truce.store import Store
from truce.store.db import ENV_VAR

__all__ = [
    "DbOption",
    "NamesOption",
    "app",
    "command",
    "connect",
    "convention_for",
    "err",
    "incident_records",
    "open_store",
    "out",
    "parse_date",
    "projection_of",
    "relocate",
]

app = typer.Typer(
    help="Truce: ceasefire monitoring. Gazetteer, deployment, incidents and the daily information bulletin.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# piped output is not cut to 80 columns; a terminal gets its own width
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar=ENV_VAR,
        show_envvar=True,
        help="Database URL (sqlite:///file.db, postgresql://...) or an SQLite file path. "
        "Default: truce.db in the user's data directory.",
    ),
]
NamesOption = Annotated[
    str | None,
    typer.Option("--names", help=f"Naming convention: {', '.join(CONVENTIONS)}. Default: the pack's."),
]


def command(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Truce's own errors into one line and an exit code; let everything else surface."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except TruceError as exc:
            err.print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        finally:
            while _opened:
                _opened.pop().close()

    return wrapper


def parse_date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option}: '{text}' is not a date (use YYYY-MM-DD)") from None


# Stores the running command opened; the command wrapper closes them whatever happens.
_opened: list[Store] = []


def connect(db: str | None) -> Store:
    store = Store.open(db)
    _opened.append(store)
    return store


def open_store(db: str | None) -> Store:
    """The store, ready to read. The default database is made (and the default pack loaded) on first use."""
    store = connect(db)
    if db is None:
        try:
            store.require_ready()
        except TruceError:
            err.print(f"First use: creating {store.url} with the {DEFAULT_PACK} pack.", highlight=False)
            store.init(load_pack(DEFAULT_PACK))
    store.require_ready()
    return store


def convention_for(store: Store, names: str | None) -> str:
    return check_convention(names) if names else store.mission().default_names


def incident_records(store: Store, incidents: list[Incident], convention: str) -> list[dict]:
    """Incidents as flat records for output (:func:`truce.report.export.incident_record`)."""
    gazetteer, timezone = store.gazetteer(), store.mission().timezone
    parties, sources = {p.code: p for p in store.parties()}, store.sources()
    documents = store.documents_of([c for i in incidents for c in i.claims])
    return [
        incident_record(
            i,
            gazetteer=gazetteer,
            convention=convention,
            timezone=timezone,
            parties=parties,
            sources=sources,
            documents=documents,
        )
        for i in incidents
    ]


def projection_of(store: Store) -> Projection:
    """The mission's metric projection (the UTM zone of its focus)."""
    return Projection.for_focus(*store.focus())


def relocate(store: Store) -> tuple[int, int]:
    """Locate every incident again against the stored areas and posts; (incidents, how many changed)."""
    incidents = store.incidents()
    sitings = site_incidents(incidents, store.areas(), store.posts(), projection_of(store))
    return len(incidents), store.save_sitings(sitings)  # type: ignore[arg-type]


# -- commands -------------------------------------------------------------------------------------


def version_callback(value: bool) -> None:
    if value:
        out.print(f"truce {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Truce: ceasefire monitoring."""
