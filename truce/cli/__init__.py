"""The command line: each command opens the store, calls the library, and prints.

Commands live in one module per area and register themselves on the shared Typer ``app``.
"""

import importlib

from truce.cli.common import app

# Command modules register on ``app`` when imported; the order here is the order of ``truce --help``:
# the record first, then its sources, reconciliation and geography.
for _module in ("records", "documents", "places", "extract", "reconcile", "geo", "audit"):
    importlib.import_module(f"truce.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    app()
