"""The command line's quick start: a command imports only its own module, and ``truce places search``
reads an initialised SQLite file without SQLAlchemy (truce.plainread), giving what the store gives."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from truce.cli import COMMANDS, MODULES
from truce.plainread import QuickReader
from truce.store import Store

PROBE = """
import sys
from truce.cli import main
sys.argv = ["truce", *sys.argv[1:]]
try:
    main()
except SystemExit as exit:
    assert not exit.code, exit.code
print("LOADED", " ".join(sorted(m for m in sys.modules if m.startswith(("sqlalchemy", "truce.cli.")))))
"""


def loaded(args: list[str], db_url: str) -> set[str]:
    """The modules of SQLAlchemy and of the command line that running ``truce args`` imported."""
    env = {"TRUCE_DB": db_url, "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("LOADED"))
    return set(line.split()[1:])


def test_commands_name_the_module_that_registers_them() -> None:
    from truce.cli import app

    registered = {
        info.name or info.callback.__name__.replace("_", "-"): info.callback.__module__
        for info in app.registered_commands
    }
    for group in app.registered_groups:
        group_app = group.typer_instance
        (registered[group.name],) = {c.callback.__module__ for c in group_app.registered_commands}
    assert {name: f"truce.cli.{module}" for name, module in COMMANDS.items()} == registered
    assert set(COMMANDS.values()) == set(MODULES)
    on_disk = {p.stem for p in Path(sys.modules["truce.cli"].__file__).parent.glob("*.py")}
    assert on_disk - {"__init__", "common"} == set(MODULES)


def test_a_place_search_imports_its_own_command_and_no_sqlalchemy(db_url: str) -> None:
    modules = loaded(["places", "search", "Khankendi"], db_url)
    assert {m for m in modules if m.startswith("truce.cli.")} == {"truce.cli.common", "truce.cli.places"}
    assert not any(m.startswith("sqlalchemy") for m in modules)


def test_help_lists_every_command(db_url: str) -> None:
    modules = loaded(["--help"], db_url)
    assert {f"truce.cli.{m}" for m in MODULES} <= modules


def test_the_quick_reader_reads_what_the_store_reads(db_url: str) -> None:
    reader = QuickReader.open(db_url)
    assert reader is not None
    store = Store.open(db_url)
    try:
        assert reader.places() == store.places()
        assert reader.mission() == store.mission()
        assert reader.profile() == store.profile()
        assert reader.focus() == store.focus()
        assert reader.gazetteer().resolve("Khankendi").id == store.gazetteer().resolve("Khankendi").id
    finally:
        reader.close()
        store.close()


def test_the_quick_reader_leaves_to_the_store_what_it_cannot_read(db_url: str, tmp_path: Path) -> None:
    path = Path(db_url.removeprefix("sqlite:///"))
    older = tmp_path / "older.db"
    shutil.copy(path, older)
    with sqlite3.connect(older) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '0001'")
    no_mission = tmp_path / "no-mission.db"
    shutil.copy(path, no_mission)
    with sqlite3.connect(no_mission) as connection:
        connection.execute("PRAGMA foreign_keys=OFF")
        connection.execute("DELETE FROM mission")
    blank = tmp_path / "blank.db"
    blank.write_bytes(b"")
    for db in (str(older), str(no_mission), str(blank), str(tmp_path / "missing.db"), "postgresql://h/db"):
        assert QuickReader.open(db) is None, db
    assert not (tmp_path / "missing.db").exists()


@pytest.mark.parametrize("name", ["Khankendi", "Шуши"])
def test_a_place_search_prints_the_same_through_either_reader(cli, name: str) -> None:  # type: ignore[no-untyped-def]
    quick = cli("places", "search", name)
    full = cli("places", "search", name, "--read-db", cli.db_url)  # a read database: the store opens it
    assert quick.stdout == full.stdout
