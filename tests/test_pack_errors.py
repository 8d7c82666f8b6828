"""A broken pack file is rejected naming the file, the line and the field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from truce.cli import app
from truce.errors import PackError
from truce.packs import PACKS_DIR, load_pack


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(PACKS_DIR / "nagorno_karabakh", target)
    return target


def edit(path: Path, change: Callable[[list[str]], None]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    change(lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(
        n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line
    )


def replace_in_line(path: Path, needle: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` on the line holding ``needle``; return that line's number."""
    line = line_of(path, needle)
    edit(path, lambda lines: lines.__setitem__(line - 1, lines[line - 1].replace(old, new)))
    return line


def test_bad_date_names_file_line_field(copy: Path) -> None:
    line = replace_in_line(copy / "incidents.csv", "rumod-20220311", "2022-03-11", "2022-03-41")
    with pytest.raises(PackError) as caught:
        load_pack(str(copy))
    assert (
        str(caught.value)
        == f"incidents.csv, line {line}, field 'date_from': '2022-03-41' is not a date (YYYY-MM-DD)"
    )


def test_unknown_place_in_an_incident(copy: Path) -> None:
    line = replace_in_line(copy / "incidents.csv", "rumod-20220308", ",Khramort,", ",Atlantis,")
    with pytest.raises(
        PackError, match=rf"incidents.csv, line {line}, field 'place': unknown place 'Atlantis'"
    ):
        load_pack(str(copy))


def test_coordinates_outside_the_region(copy: Path) -> None:
    path = copy / "places.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if not line.startswith("#")) + 1  # first data row
    fields = lines[index].split(",")
    fields[3], fields[4] = fields[4], fields[3]  # lat and lon swapped
    lines[index] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PackError, match=rf"places.csv, line {index + 1}, field 'lat': .* is outside"):
        load_pack(str(copy))


def test_wrong_number_of_fields(copy: Path) -> None:
    path = copy / "posts.csv"
    edit(path, lambda lines: lines.append("broken,row"))
    with pytest.raises(PackError, match=r"posts.csv, line \d+: has 2 fields, expected 15"):
        load_pack(str(copy))


def test_unknown_means_and_casualty(copy: Path) -> None:
    path = copy / "incidents.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",mortar,", ",catapult,"), encoding="utf-8")
    with pytest.raises(PackError, match=r"field 'means': 'catapult' is not in the means vocabulary"):
        load_pack(str(copy))
    path.write_text(text.replace("NK servicemen killed 2", "NK servicemen killed two"), encoding="utf-8")
    with pytest.raises(
        PackError, match=r"field 'casualties': 'two' in .* is not a count between 1 and 10000"
    ):
        load_pack(str(copy))


def test_header_mismatch(copy: Path) -> None:
    path = copy / "parties.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("name_ru", "name_rus"), encoding="utf-8")
    with pytest.raises(PackError, match=r"parties.csv, line \d+: header does not match .*missing name_ru"):
        load_pack(str(copy))


def test_bad_geojson(copy: Path) -> None:
    (copy / "areas.geojson").write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(PackError, match=r"areas.geojson, line 1: is not valid JSON"):
        load_pack(str(copy))


def test_cli_reports_a_broken_pack_and_writes_nothing(copy: Path, tmp_path: Path) -> None:
    path = copy / "ceasefire.csv"
    edit(path, lambda lines: lines.append("ten,oops,not a number,nor this"))
    db = tmp_path / "fresh.db"
    result = CliRunner().invoke(app, ["init", "--db", str(db), "--pack", str(copy)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ceasefire.csv, line ")
    assert "field 'point': 'ten' is not a whole number" in result.stderr
    assert not db.exists() or db.stat().st_size == 0


def test_unknown_admin_unit(copy: Path) -> None:
    line = replace_in_line(copy / "places.csv", "parukh,village", "nkr-askeran", "nkr-atlantis")
    message = rf"places.csv, line {line}, field 'admin_former': 'nkr-atlantis' is not an id"
    with pytest.raises(PackError, match=message):
        load_pack(str(copy))


def test_an_unknown_script_for_native_names(copy: Path) -> None:
    replace_in_line(copy / "pack.toml", "native_hy = { script", '"armenian"', '"klingon"')
    with pytest.raises(
        PackError, match=r"pack.toml, field 'naming.native.native_hy.script': 'klingon' is not"
    ):
        load_pack(str(copy))
