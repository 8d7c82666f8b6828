"""Maps: the scene draws each incident at its precision, the files are written offline and the same
map twice is the same file."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from truce.packs import Pack
from truce.report.maps import build_scene, html_text
from truce.report.maps.draw import svg_text


def scene_of(pack: Pack, day: date = date(2022, 3, 11), convention: str = "az+hy", **window):  # type: ignore[no-untyped-def]
    return build_scene(
        as_of=day,
        date_from=window.get("date_from"),
        date_to=window.get("date_to"),
        incidents=[
            i
            for i in pack.incidents
            if (not window.get("date_from") or i.date_to >= window["date_from"])
            and (not window.get("date_to") or i.date_from <= window["date_to"])
        ],
        areas=pack.areas,
        posts=pack.posts,
        gazetteer=pack.gazetteer(),
        parties={p.code: p for p in pack.parties},
        convention=pack.profile.conventions[convention],
        projection=pack.projection(),
        profile=pack.profile,
    )


def test_incidents_are_drawn_at_their_precision(pack: Pack) -> None:
    scene = scene_of(pack)
    by_id = {i: symbol for symbol in scene.incidents for i in symbol.ids}
    askeran = by_id["I-rumod-20220311"]  # known only to the former Askeran province
    assert askeran.point is None and askeran.area is not None  # an area, never a pin
    assert askeran.area.area == pytest.approx(3.14159 * 20_000**2, rel=0.01)
    farukh = by_id["I-rumod-20220324"]
    assert farukh.point is not None and farukh.area is None and farukh.means in ("ground", "mixed")
    # both Parukh incidents share one symbol; the region-wide one and the one in Armenia are listed
    assert {"I-rumod-20220324", "I-rumod-20220411"} == set(farukh.ids)
    assert any(n.startswith("I-rumod-20220801") for n in scene.not_drawn)
    assert any(n.startswith("I-rumod-20220806") and "outside the frame" in n for n in scene.not_drawn)


def test_scene_layers_as_of_the_day(pack: Pack) -> None:
    scene = scene_of(pack, date(2022, 3, 11))
    assert {a.id for a in scene.areas} == {"zone-north-v2", "zone-south-v2", "corridor-lachin-v1"}
    assert scene.line is not None and scene.line.id == "line-of-contact-v2"
    assert {c.label for c in scene.countries} == {"AZ", "AM"}
    assert len(scene.posts) == 27  # 1 HQ, 18 permanent, 7 temporary posts and the monitoring centre
    late = scene_of(pack, date(2024, 1, 1))
    assert late.line is None and [p.id for p in late.posts] == ["hq-stepanakert", "rtjmc-marzili"]


def test_place_names_in_the_convention(pack: Pack) -> None:
    names = {p.text for p in scene_of(pack, convention="hy").places}
    assert "Stepanakert" in names and "Parukh" in names and "Khankendi" not in names
    assert "Степанакерт" in {p.text for p in scene_of(pack, convention="ru").places}


def test_svg_is_offline_and_the_same_twice(pack: Pack) -> None:
    scene = scene_of(pack, date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    first, clickable = svg_text(scene)
    second, _ = svg_text(scene)
    assert first == second
    assert not re.search(r"(href|src)=\"https?:", first)
    assert first.count('id="feature-') == len(clickable)
    kinds = [set(item["items"][0]) for item in clickable]
    assert any("incident" in k for k in kinds) and any("post" in k for k in kinds)


def test_html_has_everything_inline(pack: Pack) -> None:
    page = html_text(scene_of(pack))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|https?://", page.split("<svg", 1)[0])
    assert "<?xml" not in page  # the SVG is inline, without its own prologue
    data = page.split('id="feature-details">', 1)[1].split("</script>", 1)[0]
    details = json.loads(data)
    farukh = next(v for v in details.values() if v["items"][0].get("incident") == "I-rumod-20220324")
    assert farukh["items"][0]["blamed"] == "the armed forces of Azerbaijan"
    assert "in the north zone" in farukh["items"][0]["on the map"]


def test_map_command_writes_each_format(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".html", b"<!DOCTYPE html>")):
        out = tmp_path / f"map{suffix}"
        result = cli("map", "--from", "2022-03-01", "--to", "2022-03-31", "--names", "hy", "--out", str(out))
        assert result.exit_code == 0, result.output
        assert out.read_bytes().startswith(magic)
    assert "9 of 9 incidents drawn (all incidents), areas and posts as of 31 March 2022" in result.stdout
    again = cli("map", "--out", str(out))
    assert (
        again.exit_code == 2
        and again.stderr.strip() == f"Error: --out: {out} exists: use --force to replace it"
    )
    assert cli("map", "--out", str(out), "--force", "--monitor-only").exit_code == 0
    missing = cli("map", "--out", str(tmp_path / "no" / "such" / "map.svg"))
    assert missing.exit_code == 2 and "folder" in missing.stderr and "does not exist" in missing.stderr
    link = tmp_path / "link.svg"
    link.symlink_to(tmp_path / "elsewhere.svg")
    through = cli("map", "--out", str(link), "--force")
    assert through.exit_code == 2 and "symbolic link" in through.stderr
    assert not (tmp_path / "elsewhere.svg").exists()
    bad = cli("map", "--out", str(tmp_path / "map.pdf"))
    assert bad.exit_code == 2 and bad.stderr.startswith(
        "Error: --out: 'map.pdf' must end in .svg, .png, .html"
    )
