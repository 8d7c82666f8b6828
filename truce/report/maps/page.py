"""The HTML map: one self-contained page. matplotlib draws what scales with the ground (countries, areas,
the line of contact, observation ranges, incidents known only to an area) and, for the side panel, the
legend and the inset; the page's small script draws what keeps its size on screen (incident markers and
their cluster counts, posts, place dots and labels) from the data here, so that labels declutter and
clusters split as the reader zooms, and the reader filters by date, party and means.

Nothing comes from elsewhere: the script and style are inline, and the letters the page uses are embedded
from DejaVu Sans (shipped with matplotlib; its licence travels in the font's own name table).
"""

from __future__ import annotations

import base64
import io
import json
from functools import cache
from pathlib import Path

import matplotlib
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from truce.report.maps.draw import (
    INCIDENT_SIZE,
    LABEL_STYLES,
    LEADER_FROM,
    MEANS_MARKERS,
    PLACE_KINDS,
    POST_COLOUR,
    POST_MARKERS,
    POST_SIZE,
    draw_map,
    draw_panel,
    label_spots,
    marker_paths,
    save_svg,
)
from truce.report.maps.labels import AROUND
from truce.report.maps.scene import FILLS, MEANS_GROUP_LABELS, NEUTRAL_CUES, MapMember, MapScene
from truce.report.maps.texts import N_, gettext

__all__ = ["html_text"]

TEMPLATES = Path(__file__).parent.parent / "templates"
PX = 4 / 3  # screen pixels per point: the page's labels and markers are the size the printed map's are
#: The keys of an item's details, as the panel shows them (the values are the record's).
TERMS = (
    N_("incident"),
    N_("date"),
    N_("where"),
    N_("precision"),
    N_("violations"),
    N_("means"),
    N_("blamed"),
    N_("casualties"),
    N_("sources"),
    N_("details"),
    N_("on the map"),
    N_("area"),
    N_("version"),
    N_("valid"),
    N_("basis"),
    N_("drawn to within"),
    N_("post"),
    N_("kind"),
    N_("active"),
    N_("position"),
    N_("observation range"),
    N_("near"),
)
PAGE_TEXTS = {
    "hint": N_(
        "Drag to pan, wheel or buttons to zoom. Click an incident, a post, an area or the line of contact "
        "for its details; click a number to zoom into the incidents it counts."
    ),
    "zoom_in": N_("Zoom in"),
    "zoom_out": N_("Zoom out"),
    "home": N_("Whole map"),
    "show": N_("Show"),
    "from": N_("From"),
    "to": N_("To"),
    "blamed": N_("Blamed"),
    "means": N_("Means"),
    "shown": N_("Incidents shown: {shown} of {total}"),
}

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True
)


def html_text(scene: MapScene) -> str:
    """The map as one HTML page; the same scene gives the same page."""
    drawing, to_svg, per_metre = draw_map(scene)
    map_svg = _inline(save_svg(drawing.figure))
    symbols = []
    for n, incident in enumerate(scene.incidents):
        if incident.point is not None and not incident.inset:
            x, y = to_svg(*incident.point)
            gid = drawing.click(None, incident.details, n)
            members = [_member(m) for m in incident.members]
            symbols.append(
                {"id": gid, "x": _r(x), "y": _r(y), "r": _r(incident.radius_m * per_metre), "m": members}
            )
    posts = []
    for post in scene.posts:
        x, y = to_svg(post.x, post.y)
        gid = drawing.click(None, post.details)
        posts.append({"id": gid, "x": _r(x), "y": _r(y), "kind": post.kind})
    panel = draw_panel(scene, drawing)
    panel_svg = _inline(save_svg(panel.figure))
    # what the filters hide and show besides the markers: the areas and the inset's symbols, by id
    switched = [
        {"id": gid, "m": [_member(m) for m in scene.incidents[n].members]}
        for n, gid in sorted(drawing.incident_ids.items())
        if not (scene.incidents[n].point is not None and not scene.incidents[n].inset)
    ]
    labels = []
    for label in scene.labels:
        if label.inset:
            continue
        x, y = to_svg(label.x, label.y)
        entry: dict = {"t": label.text, "x": _r(x), "y": _r(y), "k": label.kind}
        if label.region is not None:
            entry["spots"] = [
                [_r(v) for v in to_svg(*p)] for p in label_spots(label.region, (label.x, label.y), 12)
            ]
        labels.append(entry)
    data = {
        "details": {f"feature-{n}": item for n, item in enumerate(drawing.clickable)},
        "terms": {key: gettext(key, scene.lang) for key in TERMS},
        "symbols": symbols,
        "switched": switched,
        "posts": posts,
        "labels": labels,
        "styles": _styles(scene),
        "around": [list(a) for a in AROUND],
    }
    parties, means, dates = _filters(scene)
    page = _environment.get_template("map.html.j2").render(
        lang=scene.lang,
        title=scene.title,
        subtitle=scene.subtitle,
        notes=scene.notes + ([] if not scene.not_drawn else [_not_drawn(scene)]),
        svg=map_svg,
        panel=panel_svg,
        data=_json(data),
        texts={key: gettext(message, scene.lang) for key, message in PAGE_TEXTS.items()},
        parties=parties,
        means=means,
        dates=dates,
        fonts="/*FONTS*/",
    )
    return page.replace("/*FONTS*/", font_faces(page), 1)


def _r(value: float) -> float:
    return round(float(value), 2)


def _member(member: MapMember) -> list[str]:
    return [member.date_from.isoformat(), member.date_to.isoformat(), member.accused, member.means]


def _inline(svg: str) -> str:
    """The SVG as part of the page: no XML prologue or DOCTYPE, no size of its own (the page sizes it)."""
    return svg[svg.index("<svg") :]


def _json(data: object) -> str:
    # "</" would end the <script> element early, and no markup should ever read as such: JSON escapes
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _not_drawn(scene: MapScene) -> str:
    return scene.text("Not drawn ({n}): {items}").format(
        n=len(scene.not_drawn), items="; ".join(scene.not_drawn)
    )


def _styles(scene: MapScene) -> dict:
    """How the script draws: each party's colour and fill, each means' marker in every fill, each post's
    marker, each label's type and distances (pixels)."""
    codes = sorted({m.accused for i in scene.incidents for m in i.members} | {"unknown", "mixed"})
    parties = {}
    for code in codes:
        fill, _ = scene.cue(code)
        parties[code] = {"colour": scene.colour(code), "fill": fill}
    fills = sorted(
        {p["fill"] for p in parties.values()} | {f for f, _ in NEUTRAL_CUES.values()}, key=FILLS.index
    )
    size = INCIDENT_SIZE * PX
    means = {
        group: {fill: list(marker_paths(marker, fill, size)) for fill in fills}
        for group, marker in MEANS_MARKERS.items()
    }
    posts = {}
    for kind, (marker, _) in POST_MARKERS.items():
        main, _alt = marker_paths(marker, "full", (11 if kind == "hq" else POST_SIZE) * PX)
        posts[kind] = {"d": main, "face": "#FFFFFF" if kind == "temporary_post" else POST_COLOUR}
    labels = {
        kind: {
            "size": _r(size * PX),
            "weight": weight,
            "colour": colour,
            "rings": [_r(r * PX) for r in rings if r <= LEADER_FROM],  # no leader lines on screen
        }
        for kind, (size, weight, colour, rings) in LABEL_STYLES.items()
    }
    return {
        "parties": parties,
        "means": means,
        "posts": posts,
        "postColour": POST_COLOUR,
        "labels": labels,
        "dots": list(PLACE_KINDS),
        "marker": _r(size),
    }


def _filters(scene: MapScene) -> tuple[list[dict], list[dict], dict]:
    """The choices the page offers: the parties blamed, the means, and the days the incidents span."""
    members = [m for i in scene.incidents for m in i.members]
    codes = sorted({m.accused for m in members}, key=lambda c: (c in ("unknown", "mixed"), c))
    parties = [{"code": c, "name": scene.blamed_label(c), "colour": scene.colour(c)} for c in codes]
    groups = [g for g in MEANS_GROUP_LABELS if any(m.means == g for m in members)]
    means = [{"code": g, "name": scene.text(MEANS_GROUP_LABELS[g])} for g in groups]
    dates = {}
    if members:
        dates = {
            "min": min(m.date_from for m in members).isoformat(),
            "max": max(m.date_to for m in members).isoformat(),
        }
    return parties, means, dates


def font_faces(page: str) -> str:
    """CSS that embeds DejaVu Sans, regular and bold, cut down to the letters ``page`` uses."""
    letters = "".join(sorted({c for c in page if c.isprintable()} | set(" .,×0123456789")))  # × for counts
    faces = []
    for weight, name in ((400, "DejaVuSans.ttf"), (700, "DejaVuSans-Bold.ttf")):
        woff = base64.b64encode(_subset(name, letters)).decode("ascii")
        faces.append(
            f'@font-face {{ font-family: "DejaVu Sans"; font-weight: {weight}; '
            f'src: url("data:font/woff;base64,{woff}") format("woff"); }}'
        )
    return "\n".join(faces)


@cache
def _subset(name: str, letters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]  # the copyright and licence stay with the letters
    options.name_languages = ["*"]
    options.drop_tables = [*options.drop_tables, "FFTM"]
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=letters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    return buffer.getvalue()
