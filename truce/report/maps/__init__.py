"""Maps of the record: the scene (what to show), drawn with matplotlib as SVG or PNG, or wrapped as one
self-contained HTML page that pans, zooms and shows an incident's details on click.

Offline by design: no tiles, fonts or scripts from the internet; the region is drawn from the pack's own
geometry (zones, corridor, line of contact, country outlines).
"""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from truce.errors import FieldError
from truce.report.maps.draw import image_bytes, svg_text
from truce.report.maps.scene import MapScene, build_scene

__all__ = ["MAP_FORMATS", "MapScene", "build_scene", "html_text", "map_bytes", "map_format"]

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


def map_format(path: Path) -> str:
    """The format a file's suffix names (.svg, .png or .html)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in MAP_FORMATS:
        raise FieldError("--out", f"'{path.name}' must end in {', '.join('.' + f for f in MAP_FORMATS)}")
    return fmt


def map_bytes(scene: MapScene, fmt: str) -> bytes:
    """The map as a file of ``fmt`` (svg, png or html)."""
    return html_text(scene).encode("utf-8") if fmt == "html" else image_bytes(scene, fmt)
