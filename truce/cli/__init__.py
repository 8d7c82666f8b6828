"""The command line: each command opens the store, calls the library, and prints.

Commands live in one module per area and register themselves on the shared Typer ``app``.
"""

from truce.cli import extract, geo, places, reconcile, records  # noqa: F401  (registers the commands)
from truce.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()
