"""Write the README's command reference from the commands themselves (their help, arguments and options),
so that the reference cannot drift from the code: ``python tools/readme_reference.py`` rewrites the part
of README.md between the markers; ``tests/test_docs.py`` fails when it is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer.main

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = (
    "<!-- command reference: written by tools/readme_reference.py from the commands' help; do not edit -->"
)
END = "<!-- end of the command reference -->"


def _walk(command: Any, path: str) -> list[tuple[str, Any]]:
    """Each command under ``command``, with the words that call it ("truce places search")."""
    found = []
    if hasattr(command, "commands"):
        if command.invoke_without_command or not command.commands:
            found.append((path, command))
        for name, sub in command.commands.items():
            found += _walk(sub, f"{path} {name}")
    else:
        found.append((path, command))
    return found


def _arguments(command: Any) -> list[Any]:
    return [p for p in command.params if p.param_type_name == "argument"]


def _usage(path: str, command: Any) -> str:
    arguments = _arguments(command)
    parts = [path]
    for argument in arguments:
        name = (argument.metavar or argument.name or "").upper()
        parts.append(f"{name}..." if argument.nargs == -1 else name)
    return " ".join(parts) + " [OPTIONS]"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def reference() -> str:
    """The command reference, as Markdown."""
    from truce.cli import app

    root = typer.main.get_command(app)
    lines = [BEGIN, "", "## Command reference", ""]
    lines.append(
        "Every command also takes `--db URL` (or the `TRUCE_DB` environment variable), `--read-db URL` "
        "(or `TRUCE_READ_DB`) and `--help`."
    )
    for path, command in [(p, c) for p, c in _walk(root, "truce") if p != "truce"]:
        lines += ["", f"### `{_usage(path, command)}`", "", _cell(command.help or "")]
        rows = []
        for param in command.params:
            if param.name in ("db", "read_db", "help") or param.param_type_name != "option":
                continue
            names = ", ".join(f"`{o}`" for o in param.opts)
            default = ""
            if not param.required and param.default not in (None, False, (), []) and not param.is_flag:
                default = f" Default: `{param.default}`."
            rows.append(
                f"| {names} | {_cell(param.help or '')}{default}{' Required.' if param.required else ''} |"
            )
        for argument in _arguments(command):
            help_text = getattr(argument, "help", "") or ""
            name = (argument.metavar or argument.name or "").upper()
            rows.insert(0, f"| `{name}` | {_cell(help_text)} |")
        if rows:
            lines += ["", "| argument or option | meaning |", "| --- | --- |", *rows]
    lines += ["", END]
    return "\n".join(lines)


def current(readme: str) -> str:
    """The reference part of a README text."""
    start, end = readme.index(BEGIN), readme.index(END) + len(END)
    return readme[start:end]


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    if BEGIN not in readme:
        sys.exit(f"{README}: no marker {BEGIN!r}")
    README.write_text(readme.replace(current(readme), reference()), encoding="utf-8")
    print(f"Wrote the command reference into {README}.")


if __name__ == "__main__":
    main()
