"""Maps: the scene draws each incident at its precision, the frame holds every incident, no two labels
overlap, labels are text in the map's language, parties differ by more than colour, the files are written
offline and the same map twice is the same file."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from datetime import date
from pathlib import Path

import pytest
import shapely
from matplotlib.text import Text

from truce.model import Incident
from truce.packs import Pack
from truce.report.maps import build_scene, html_text, map_bytes
from truce.report.maps.draw import draw, svg_text
from truce.report.maps.scene import MapScene


def scene_of(  # type: ignore[no-untyped-def]
    pack: Pack,
    day: date = date(2022, 3, 11),
    convention: str = "az+hy",
    lang: str = "en",
    incidents: list[Incident] | None = None,
    **window,
):
    return build_scene(
        as_of=day,
        date_from=window.get("date_from"),
        date_to=window.get("date_to"),
        incidents=[
            i
            for i in (pack.incidents if incidents is None else incidents)
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
        lang=lang,
    )


def overlapping_labels(scene: MapScene) -> tuple[int, list[str], list[str]]:
    """Pairs of texts whose boxes overlap in the drawn figure (every text: labels, legend, title, notes,
    scale bar); and the labels written and those dropped."""
    drawing = draw(scene)
    figure = drawing.figure
    figure.draw_without_rendering()  # every text where it is drawn
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]
    boxes = [Text.get_window_extent(t, renderer) for t in texts]  # the text alone, without a leader line
    overlapping = sum(1 for a, b in itertools.combinations(boxes, 2) if a.overlaps(b))
    return overlapping, [t.get_text() for t in drawing.labels], drawing.dropped


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
    assert any(n.startswith("I-rumod-20220801") for n in scene.not_drawn)  # only the region is given
    sotk = by_id["I-rumod-20220806"]  # in Armenia, far from the zones: in the inset, never left out
    assert sotk.inset and sotk.point is not None
    assert not any(n.startswith("I-rumod-20220806") for n in scene.not_drawn)


@pytest.mark.parametrize(
    ("day", "window"),
    [
        (date(2022, 3, 11), {}),
        (date(2022, 8, 31), {"date_from": date(2022, 8, 1), "date_to": date(2022, 8, 31)}),
        (date(2020, 12, 31), {"date_from": date(2020, 12, 1), "date_to": date(2020, 12, 31)}),
    ],
)
def test_the_frame_holds_every_incident(pack: Pack, day: date, window: dict) -> None:
    scene = scene_of(pack, day, **window)
    frame = shapely.box(*scene.frame)
    for symbol in scene.incidents:
        shape = (
            symbol.area if symbol.area is not None else shapely.Point(symbol.point).buffer(symbol.radius_m)
        )
        if symbol.inset:
            assert scene.inset_frame is not None and shapely.box(*scene.inset_frame).contains(shape)
            assert shapely.box(*scene.inset_frame).contains(frame)  # the inset shows where the map is
        else:
            assert frame.contains(shape), symbol.ids  # whole, the Hadrut district's circle included
    drawn = {i for s in scene.incidents for i in s.ids}
    assert len(drawn) + len(scene.not_drawn) == len(
        [i for i in pack.incidents if scene_of(pack, day, **window) and _in(i, window)]
    )


def _in(incident: Incident, window: dict) -> bool:
    return (not window.get("date_from") or incident.date_to >= window["date_from"]) and (
        not window.get("date_to") or incident.date_from <= window["date_to"]
    )


def test_hadrut_and_sotk(pack: Pack) -> None:
    december = scene_of(pack, date(2020, 12, 31), date_from=date(2020, 12, 1), date_to=date(2020, 12, 31))
    hadrut = next(s for s in december.incidents if "I-rumod-20201211" in s.ids)  # known only to its district
    assert hadrut.area is not None and shapely.box(*december.frame).contains(hadrut.area)
    august = scene_of(pack, date(2022, 8, 31), date_from=date(2022, 8, 1), date_to=date(2022, 8, 31))
    assert [s.ids for s in august.incidents if s.inset] == [["I-rumod-20220806"]]
    overlapping, labels, _ = overlapping_labels(august)
    assert overlapping == 0 and "Sotk" in labels  # named in the inset


SCENES = {
    "whole record": ({"day": date(2022, 3, 11)}),
    "spring 2022": ({"day": date(2022, 4, 30), "date_from": date(2022, 3, 1), "date_to": date(2022, 4, 30)}),
    "August 2022, Russian": (
        {"day": date(2022, 8, 31), "date_from": date(2022, 8, 1), "date_to": date(2022, 8, 31), "lang": "ru"}
    ),
    "whole record, ru names": ({"day": date(2022, 3, 11), "convention": "ru", "lang": "ru"}),
    "whole record, local scripts": ({"day": date(2022, 3, 11), "convention": "native"}),
    "after the mission": ({"day": date(2024, 1, 1)}),
}


@pytest.mark.parametrize("name", SCENES)
def test_no_two_labels_overlap(pack: Pack, name: str) -> None:
    overlapping, labels, dropped = overlapping_labels(scene_of(pack, **SCENES[name]))
    print(f"{name}: {overlapping} overlapping text boxes; {len(labels)} labels, dropped: {dropped}")
    assert overlapping == 0
    assert len(dropped) <= 5  # by priority: the posts' places and short names go first


def test_labels_by_priority(pack: Pack) -> None:
    scene = scene_of(pack)
    kinds = [label.kind for label in scene.labels if not label.inset]
    assert kinds == sorted(kinds, key=["city", "incident", "town", "country", "post_place", "post"].index)
    _, labels, dropped = overlapping_labels(scene)
    # the capital, the places of the incidents and the countries are written; what yields is of lower rank
    for name in ("Khankendi / Stepanakert", "Pirlar / Khramort", "Farukh / Parukh", "AZERBAIJAN", "ARMENIA"):
        assert name in labels
    ranks = {label.text: label.priority for label in scene.labels}
    assert all(ranks.get(name, 9) >= ranks["Pirlar / Khramort"] for name in dropped)


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


def test_svg_labels_are_text_in_dejavu_sans(pack: Pack) -> None:
    svg, _ = svg_text(scene_of(pack, convention="native"))
    assert "<text" in svg and "Ստեփանակերտ" in svg  # Armenian, as letters a reader can select
    assert "font-family: 'DejaVu Sans', sans-serif" in svg  # the family named, then a generic fallback
    assert 'id="DejaVuSans-' not in svg  # no glyph outlines
    # each label has its halo: a white copy drawn under it, hidden from screen readers
    assert svg.count('aria-hidden="true"') == len(re.findall(r'<g id="label-\d+">', svg)) > 20
    labels = re.findall(r'<g id="label-\d+">\s*<text[^>]*>([^<]+)</text>', svg)
    assert len(labels) > 20 and "Xankəndi / Ստեփանակերտ" in labels


def test_legend_and_title_in_the_maps_language(pack: Pack) -> None:
    english = scene_of(pack)
    russian = scene_of(pack, convention="ru", lang="ru")
    assert english.title == "Ceasefire violations, the whole record"
    assert russian.title == "Нарушения режима прекращения огня: весь период наблюдения"
    assert russian.subtitle.startswith("Зоны и посты по состоянию на 11 марта 2022 г. Названия: ru.")
    svg, _ = svg_text(russian)
    for words in (
        "Условные обозначения",
        "постоянный наблюдательный пост",
        "линия соприкосновения (приблизительно)",
        "ответственность: вооружённые силы Азербайджана",
        "нарушение: миномёт, артиллерия, РСЗО, танк, обстрел",
        "АЗЕРБАЙДЖАН",
        "Степанакерт",
        "20 км",
    ):
        assert words in svg, words
    # every word the map writes is Russian: its own words, and the pack's notes in the pack's Russian
    figure = draw(russian).figure
    written = "\n".join(t.get_text() for t in figure.findobj(Text))
    assert "Зоны, коридор, линия соприкосновения" in written
    for line in russian.not_drawn:
        written = written.replace(line, "")
    for english_words in ("Legend", "blamed:", "observation post", "line of contact", "grid north", "km"):
        assert english_words not in written, english_words
    page = html_text(russian)
    assert '<html lang="ru">' in page and "Показано нарушений: {shown} из {total}" in page
    assert "Ответственность" in page and "Средства" in page
    with pytest.raises(Exception, match="--lang"):
        scene_of(pack, lang="fr")


def test_parties_differ_by_colour_and_by_fill(pack: Pack) -> None:
    """Each party's markers are filled its own way and its areas hatched its own way, so that a reader
    who cannot tell its colour from another's still tells the parties apart."""
    scene = scene_of(pack)
    codes = ["AZ", "AM", "NK", "RU", "TR"]
    assert len({scene.cue(c)[0] for c in codes}) == 5 and len({scene.cue(c)[1] for c in codes}) == 5
    assert scene.colour("AZ") == pack.profile.colours["AZ"]
    # an incident blamed on Armenia (written for the test): its marker half filled, its legend entry too
    blamed = [
        dataclasses.replace(i, accused="AM") if i.id == "I-rumod-20220308" else i for i in pack.incidents
    ]
    march = scene_of(pack, incidents=blamed, date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    drawing = draw(march)
    fills = {line.get_fillstyle() for line in drawing.figure.axes[0].get_lines() if line.get_marker() == "^"}
    assert fills == {"top"}
    svg, _ = svg_text(march)
    assert "blamed: the armed forces of Armenia" in svg and "blamed: the armed forces of Azerbaijan" in svg


def test_svg_is_offline_and_the_same_twice(pack: Pack) -> None:
    scene = scene_of(pack, date_from=date(2022, 3, 1), date_to=date(2022, 3, 31))
    first, clickable = svg_text(scene)
    second, _ = svg_text(scene)
    assert first == second
    assert not re.search(r"(href|src)=\"https?:", first)
    assert first.count('id="feature-') == len(clickable)
    kinds = [set(item["items"][0]) for item in clickable]
    assert any("incident" in k for k in kinds) and any("post" in k for k in kinds)
    assert map_bytes(scene, "png") == map_bytes(scene, "png")
    assert html_text(scene) == html_text(scene)


def test_html_has_everything_inline(pack: Pack) -> None:
    page = html_text(scene_of(pack))
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|<img|<iframe|@import|url\((?!\"?data:|#)", page)
    assert not re.search(r"(src|href)=\"https?:", page)
    assert '@font-face { font-family: "DejaVu Sans"' in page  # the letters embedded, cut to those used
    assert len(page) < 600_000
    assert "<?xml" not in page  # the SVG is inline, without its own prologue
    data = json.loads(page.split('id="map-data">', 1)[1].split("</script>", 1)[0])
    farukh = next(v for v in data["details"].values() if v["items"][0].get("incident") == "I-rumod-20220324")
    assert farukh["items"][0]["blamed"] == "the armed forces of Azerbaijan"
    assert "in the north zone" in farukh["items"][0]["on the map"]
    # what the script draws: markers with their incidents' dates, parties and means; labels by priority
    members = [m for s in data["symbols"] for m in s["m"]] + [m for s in data["switched"] for m in s["m"]]
    assert ["2022-03-24", "2022-03-25", "AZ", "ground"] in members  # Parukh: an advance over two days
    assert data["labels"][0]["t"] == "Khankendi / Stepanakert"
    assert {s["id"] for s in data["symbols"]} | {s["id"] for s in data["switched"]} <= set(data["details"])


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
