"""The command line: each command opens the store, calls the library, and prints.

Commands live in one module per area and register themselves on the shared Typer ``app``.
"""

import importlib
import pkgutil

from truce.cli.common import app

# Command modules register on ``app`` when imported. ``truce --help`` lists the record first, then its
# sources, reconciliation and geography; any other area of commands after them, by name.
FIRST = ("records", "documents", "places", "extract", "reconcile", "geo", "audit")
_others = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name not in (*FIRST, "common"))
for _module in (*FIRST, *_others):
    importlib.import_module(f"truce.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    app()
