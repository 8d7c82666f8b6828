"""Maps of the record: the scene (what to show), drawn with matplotlib as SVG or PNG, or wrapped as one
self-contained HTML page that pans, zooms and shows an incident's details on click.

Offline by design: no tiles, fonts or scripts from the internet; the region is drawn from the pack's own
geometry (zones, corridor, line of contact, country outlines).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from truce.errors import InputError
from truce.report.maps.draw import svg_text, write_image
from truce.report.maps.scene import MapScene, build_scene

__all__ = ["MAP_FORMATS", "MapScene", "build_scene", "html_text", "write_map"]

MAP_FORMATS = ("svg", "png", "html")
TEMPLATES = Path(__file__).parent.parent / "templates"

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined, autoescape=True, keep_trailing_newline=True
)


def html_text(scene: MapScene) -> str:
    """The map as one HTML page: the SVG inline, the details of each symbol as JSON, a small script."""
    svg, clickable = svg_text(scene)
    svg = svg[svg.index("<svg") :]  # the page is the document: no XML prologue or DOCTYPE inside it
    details = {f"feature-{n}": item for n, item in enumerate(clickable)}
    # "</" would end the <script> element early: JSON allows escaping the slash
    data = json.dumps(details, ensure_ascii=False).replace("</", "<\\/")
    return _environment.get_template("map.html.j2").render(
        title=scene.title, subtitle=scene.subtitle, svg=svg, details=data
    )


def write_map(scene: MapScene, path: Path) -> None:
    """Write the map in the format its suffix names (.svg, .png or .html)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in MAP_FORMATS:
        raise InputError(f"--out: '{path.name}' must end in {', '.join('.' + f for f in MAP_FORMATS)}")
    if fmt == "html":
        path.write_text(html_text(scene), encoding="utf-8")
    else:
        write_image(scene, str(path), fmt)
