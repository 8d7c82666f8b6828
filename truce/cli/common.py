"""What every command shares: the Typer app, the consoles, the error wrapper, opening the store, and
parsing dates.

Library errors (:mod:`truce.errors`) become one line ``Error: ...`` on stderr and a non-zero exit (1 for
a failure, 2 for a bad value). Commands import the record layer inside their bodies, so that ``truce
--help`` and light commands do not pay for SQLAlchemy, matplotlib or the extraction rules.
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from truce import __version__
from truce.errors import FieldError, TruceError

if TYPE_CHECKING:
    from truce.plainread import QuickReader
    from truce.store import Store

__all__ = [
    "DbOption",
    "ForceOption",
    "MonitorOption",
    "NamesOption",
    "ReadDbOption",
    "app",
    "command",
    "err",
    "open_reader",
    "open_store",
    "out",
    "parse_date",
    "text",
]

app = typer.Typer(
    help="Truce: ceasefire monitoring. Gazetteer, deployment, incidents and the daily information bulletin.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# piped output is not cut to 80 columns; a terminal gets its own width. Nothing printed is read as markup.
# Messages (stderr) are never wrapped: a long file name stays one piece a script can read back.
out = Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160, markup=False, highlight=False)
err = Console(stderr=True, soft_wrap=True, markup=False, highlight=False)

ENV_VAR = "TRUCE_DB"  # also truce.store.db.ENV_VAR; here so that --help needs no database code
READ_ENV_VAR = "TRUCE_READ_DB"  # also truce.store.db.READ_ENV_VAR

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
#: Every command that takes ``--db`` takes this too (added by :func:`command`, so no command repeats it).
ReadDbOption = Annotated[
    str | None,
    typer.Option(
        "--read-db",
        envvar=READ_ENV_VAR,
        show_envvar=True,
        help="A PostgreSQL streaming replica of the database, for the reads (writes go to --db). "
        "Default: reads go to --db.",
    ),
]
NamesOption = Annotated[
    str | None,
    typer.Option(
        "--names",
        help="A naming convention of the mission's pack (`truce places search` shows them all). "
        "Default: the pack's.",
    ),
]
MonitorOption = Annotated[
    bool,
    typer.Option(
        "--monitor-only", help="Only what the monitor observed or reported, not the parties' claims."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing output file.")]


def command(function: Callable[..., Any]) -> Callable[..., Any]:
    """Turn Truce's own errors into one line and an exit code; close the stores the command opened.

    A command with a ``db`` parameter also gets ``--read-db``: :func:`open_store` sends its reads there."""
    signature = inspect.signature(function, eval_str=True)  # Typer reads the wrapper's, as given here
    reads = "db" in signature.parameters

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if reads:
            _read_db[:] = [kwargs.pop("read_db", None)]
        try:
            return function(*args, **kwargs)
        except TruceError as exc:
            message = str(exc)
            if isinstance(exc, FieldError) and not exc.field.startswith("-") and not exc.field.isupper():
                message = f"--{message}"  # a field of an option: name it as the user typed it
            err.print(f"Error: {message}", soft_wrap=True)
            raise typer.Exit(exc.exit_code) from None
        finally:
            _read_db.clear()
            while _opened:
                _opened.pop().close()

    if reads:
        read_db = inspect.Parameter(
            "read_db", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ReadDbOption
        )
        wrapper.__signature__ = signature.replace(  # type: ignore[attr-defined]
            parameters=[*signature.parameters.values(), read_db]
        )
    return wrapper


def parse_date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise FieldError(option, f"'{value}' is not a date (use YYYY-MM-DD)") from None


# Stores the running command opened; the command wrapper closes them whatever happens.
_opened: list[Store | QuickReader] = []
# The running command's --read-db (empty outside a command).
_read_db: list[str | None] = []


def open_store(db: str | None) -> Store:
    """The store at ``db``, ready to read (the default database is made on first use); its reads go to
    the command's ``--read-db`` when one is given."""
    from truce.record.setup import open_store as ready

    read_db = _read_db[0] if _read_db else None
    store = ready(db, on_first_use=lambda note: err.print(note), read_db=read_db)
    _opened.append(store)
    return store


def open_reader(db: str | None) -> Store | QuickReader:
    """For a command that reads only the gazetteer and the mission: an initialised SQLite file is read
    with the standard library (no SQLAlchemy to import: :mod:`truce.plainread`); anything else (a server,
    a replica to read from, a database not ready) is opened as :func:`open_store` opens it."""
    from truce.database import read_database_url
    from truce.plainread import QuickReader

    read_db = _read_db[0] if _read_db else None
    reader = None if read_database_url(read_db) else QuickReader.open(db)
    if reader is None:
        return open_store(db)
    _opened.append(reader)
    return reader


def text(value: object) -> str:
    """A value from the record as one line of terminal text: what a source supplied is data, so line
    breaks and control characters (escape sequences) are flattened, never passed to the terminal."""
    from truce.report.escape import clean

    return clean(value)


# -- the root -------------------------------------------------------------------------------------


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
