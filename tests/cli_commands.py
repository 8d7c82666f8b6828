"""The commands of the CLI, as a user types them ("truce places search"), for the tests that walk them."""

from __future__ import annotations

import typer
import typer.main


def commands(group: typer.Typer, prefix: str = "truce") -> list[str]:
    click_group = typer.main.get_command(group)
    found = []
    for name, command in click_group.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            if getattr(command, "invoke_without_command", False):
                found.append(f"{prefix} {name}")  # a group that also runs by itself
            found += [f"{prefix} {name} {sub}" for sub in command.commands]
        else:
            found.append(f"{prefix} {name}")
    return found
