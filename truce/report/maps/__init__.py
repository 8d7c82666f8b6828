"""Maps of the record: the scene (what to show), drawn with matplotlib as SVG or PNG, or as one
self-contained HTML page that pans, zooms, filters by date, party and means, declutters its labels and
splits its clusters as the reader zooms, and shows an item's details on click.

Offline by design: no tiles, fonts or scripts from the internet; the region is drawn from the pack's own
geometry (zones, corridor, line of contact, country outlines). Every word a map prints is in
:mod:`truce.report.maps.texts`, in English and Russian (``lang``).
"""

from __future__ import annotations

from pathlib import Path

from truce.errors import FieldError
from truce.report.maps.draw import image_bytes
from truce.report.maps.page import html_text
from truce.report.maps.scene import MapScene, build_scene
from truce.report.maps.texts import MAP_LANGUAGES

__all__ = ["MAP_FORMATS", "MAP_LANGUAGES", "MapScene", "build_scene", "html_text", "map_bytes", "map_format"]

MAP_FORMATS = ("svg", "png", "html")


def map_format(path: Path) -> str:
    """The format a file's suffix names (.svg, .png or .html)."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in MAP_FORMATS:
        raise FieldError("--out", f"'{path.name}' must end in {', '.join('.' + f for f in MAP_FORMATS)}")
    return fmt


def map_bytes(scene: MapScene, fmt: str) -> bytes:
    """The map as a file of ``fmt`` (svg, png or html); the same scene gives the same bytes."""
    return html_text(scene).encode("utf-8") if fmt == "html" else image_bytes(scene, fmt)
