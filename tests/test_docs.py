"""The README keeps up with the code: every command is documented, the public API is what it says."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import pytest
import typer.main
from cli_commands import commands

from truce.cli import app

README_PATH = Path(__file__).parent.parent / "README.md"
README = README_PATH.read_text(encoding="utf-8")


def test_every_command_is_in_the_readme() -> None:
    listed = commands(app)
    assert len(listed) >= 6
    for command in listed:
        assert f"`{command}" in README, f"{command} is not documented in README.md"


def test_every_command_has_help() -> None:
    for name, command in typer.main.get_command(app).commands.items():  # type: ignore[attr-defined]
        assert command.help, name


def test_quick_start() -> None:
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize(
    "module",
    [
        "truce.model",
        "truce.errors",
        "truce.gazetteer",
        "truce.geo",
        "truce.geo.areas",
        "truce.geo.coverage",
        "truce.geo.findings",
        "truce.geo.footprint",
        "truce.geo.geojson",
        "truce.geo.locate",
        "truce.geo.projection",
        "truce.report.geojson",
        "truce.report.maps",
        "truce.packs",
        "truce.store",
        "truce.mandate",
        "truce.report.bulletin",
        "truce.report.describe",
        "truce.report.export",
        "truce.cli",
        "truce.record.setup",
        "truce.record.ingest",
        "truce.record.observe",
        "truce.record.documents",
        "truce.record.decisions",
        "truce.record.incidents",
        "truce.record.bulletin",
        "truce.record.geography",
        "truce.record.linking",
        "truce.report.escape",
        "truce.report.language",
        "truce.report.exports",
        "truce.record.exports",
        "truce.record.trends",
        "truce.report.trends",
        "truce.report.trends.series",
        "truce.report.trends.changes",
        "truce.report.trends.warning",
        "truce.report.trends.output",
        "truce.report.trends.chart",
        "truce.record.audit",
        "truce.audit.canonical",
        "truce.audit.merkle",
        "truce.audit.note",
        "truce.audit.checkpoint",
        "truce.audit.keys",
        "truce.audit.log",
        "truce.audit.bundle",
        "truce.record.publish",
        "truce.files",
        "truce.record.access",
        "truce.record.places",
        "truce.record.inbox",
        "truce.record.history",
        "truce.record.observed",
        "truce.record.verification",
        "truce.store.access",
        "truce.store.spatial",
        "truce.web",
        "truce.web.app",
        "truce.web.errors",
        "truce.web.security",
        "truce.web.settings",
        "truce.web.site",
    ],
)
def test_public_api_is_explicit(module: str) -> None:
    imported = importlib.import_module(module)
    assert imported.__all__, module
    for name in imported.__all__:
        assert hasattr(imported, name), f"{module}.__all__ names {name}, which does not exist"


def test_readme_figures_match_the_pack(pack) -> None:  # type: ignore[no-untyped-def]
    curated = [p for p in pack.places if p.curated and not p.is_admin_unit]
    approximate = [p for p in curated if p.approximate]
    assert f"{len(approximate)} of {len(curated)} entries" in README
    assert f"{len(pack.claims)} reports ({sum(i.violations for i in pack.incidents)} violations)" in README


def test_the_command_reference_is_written_from_the_commands() -> None:
    """The README's reference cannot drift: it must be what tools/readme_reference.py writes now."""
    spec = importlib.util.spec_from_file_location(
        "readme_reference", README_PATH.parent / "tools" / "readme_reference.py"
    )
    tool = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(tool)  # type: ignore[union-attr]
    assert tool.current(README) == tool.reference(), "run: .venv/bin/python tools/readme_reference.py"


def test_the_readme_shows_the_record_with_examples() -> None:
    for example in (
        "truce observe --post",
        "truce documents retract",
        "--monitor-only",
        "## Ceasefire violations recorded by the monitor",
        "## Statements of the parties not confirmed by the monitor",
    ):
        assert example in README, example
