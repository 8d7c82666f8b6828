"""The command line: each command opens the store, calls the library, and prints.

Commands live in one module per area and register themselves on the shared Typer ``app``. A command
line imports only the module of the command it names (:data:`COMMANDS`): importing and laying out all
of them costs more CPU than a quick command itself. ``truce --help``, completion and a name that is no
command import them all, and so does ``from truce.cli import app``.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

__all__ = ["COMMANDS", "MODULES", "app", "main"]

# ``truce --help`` lists the record first, then its sources, reconciliation and geography, then the rest
MODULES = (
    "records",
    "documents",
    "places",
    "extract",
    "reconcile",
    "geo",
    "audit",
    "activities",
    "exports",
    "publish",
    "serve",
    "trends",
    "users",
    "verdicts",
)

#: The module of each top-level command and group (a test keeps it equal to what the modules register).
COMMANDS = {
    "activities": "activities",
    "areas": "geo",
    "bulletin": "records",
    "bulletins": "publish",
    "checkpoint": "publish",
    "compare": "reconcile",
    "coverage": "geo",
    "documents": "documents",
    "export": "exports",
    "export-geojson": "geo",
    "extract": "extract",
    "findings": "geo",
    "incidents": "records",
    "ingest": "extract",
    "init": "records",
    "keys": "publish",
    "link": "reconcile",
    "locate": "geo",
    "map": "geo",
    "mission": "records",
    "observe": "documents",
    "places": "places",
    "publish": "publish",
    "reconcile": "reconcile",
    "serve": "serve",
    "sign": "publish",
    "summary": "records",
    "trends": "trends",
    "unlink": "reconcile",
    "users": "users",
    "verdict": "verdicts",
    "verify": "audit",
    "verify-bulletin": "publish",
}


def load(args: list[str] | None = None) -> typer.Typer:
    """The application with the commands ``args`` call for registered (all of them without ``args``)."""
    from truce.cli.common import app

    named = next((a for a in args or () if not a.startswith("-")), None)
    completing = any(k.endswith("_COMPLETE") for k in os.environ)
    wanted = COMMANDS.get(named or "") if args is not None and not completing else None
    if args and named is None and "--version" in args and "--help" not in args:
        return app  # the version needs no command
    for module in (wanted,) if wanted else MODULES:
        importlib.import_module(f"truce.cli.{module}")
    return app


def __getattr__(name: str) -> typer.Typer:
    if name == "app":  # the whole application, for library use and tests
        return load()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    load(sys.argv[1:])()
