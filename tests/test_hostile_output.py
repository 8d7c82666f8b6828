"""Whatever a source supplies is data, never markup or code: a hostile source name and text go through
every output (Markdown and text bulletins, terminal tables, JSON, CSV, GeoJSON, SVG and HTML maps) and
come out inert. The names and texts are written for the test."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

HOSTILE_SOURCE = "<script>alert(1)</script> [bold]x[/] \x1b[31mred\n## 40 violations, near Stepanakert"
HOSTILE_TEXT = (
    "Written for the test [/] <img src=x onerror=alert(1)>. Yesterday the armed forces of Azerbaijan "
    "fired mortars at positions near Khramort. \x1b]0;pwned\x07 Nobody was hurt."
)


@pytest.fixture
def hostile(cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "hostile.jsonl"
    record = {
        "text": HOSTILE_TEXT,
        "published": "2022-03-09",
        "source": HOSTILE_SOURCE,
        "url": "javascript:alert(1)",
    }
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = cli("ingest", str(path))
    assert result.exit_code == 0, result.output
    return cli


def lines_starting(text: str, prefix: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith(prefix)]


def test_bulletins_never_carry_supplied_markup_or_lines(hostile) -> None:  # type: ignore[no-untyped-def]
    md = hostile("bulletin", "2022-03-08").stdout
    assert "<script>" not in md and "\\<script\\>" in md
    assert not lines_starting(md, "## 40 violations")  # no forged heading or item
    assert "\x1b" not in md
    text = hostile("bulletin", "2022-03-08", "--format", "text").stdout
    assert not lines_starting(text, "## 40 violations") and "\x1b" not in text
    # shown as the data it is, on one line
    shown = "also claimed by <script>alert(1)</script> [bold]x[/] [31mred ## 40 violations, near Stepanakert"
    assert shown in " ".join(text.split())


def test_terminal_output_is_inert(hostile) -> None:  # type: ignore[no-untyped-def]
    incidents = json.loads(
        hostile("incidents", "--from", "2022-03-08", "--to", "2022-03-08", "--format", "json").stdout
    )
    claim = next(c for i in incidents["incidents"] for c in i["claims"] if c["source_name"] == HOSTILE_SOURCE)
    for args in (
        ("incidents", "--from", "2022-03-08", "--to", "2022-03-08"),
        ("compare", next(i["id"] for i in incidents["incidents"] if claim in i["claims"])),
        ("documents",),
        ("documents", "show", claim["document"]),
        ("extract", "-", "--published", "2022-03-09", "--source", HOSTILE_SOURCE),
    ):
        result = hostile(*args)
        assert result.exit_code == 0, (args, result.output)
        assert "\x1b" not in result.stdout, args  # no terminal escape from supplied text
        assert not lines_starting(result.stdout, "## 40 violations"), args


def test_machine_formats_carry_the_data_exactly(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(hostile("incidents", "--format", "json").stdout)
    assert any(c["source_name"] == HOSTILE_SOURCE for i in data["incidents"] for c in i["claims"])
    rows = list(csv.DictReader(io.StringIO(hostile("incidents", "--format", "csv").stdout)))
    assert len(rows) == len(data["incidents"])  # a line break inside a value stays inside its cell
    assert all(not str(v).startswith(("=", "+", "@")) for row in rows for v in row.values())
    assert hostile("export-geojson", str(tmp_path / "layers")).exit_code == 0
    layer = json.loads((tmp_path / "layers" / "incidents.geojson").read_text(encoding="utf-8"))
    assert any(
        c["source_name"] == HOSTILE_SOURCE for f in layer["features"] for c in f["properties"]["claims"]
    )


def test_maps_escape_what_they_show(hostile, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for suffix in (".svg", ".html"):
        out = tmp_path / f"map{suffix}"
        result = hostile("map", "--from", "2022-03-08", "--to", "2022-03-08", "--out", str(out))
        assert result.exit_code == 0, result.output
        page = out.read_text(encoding="utf-8")
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "javascript:alert" not in page or (suffix == ".html" and '"javascript:alert(1)"' in page)
