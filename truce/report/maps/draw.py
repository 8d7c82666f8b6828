"""Drawing a :class:`~truce.report.maps.scene.MapScene` with matplotlib: SVG and PNG files, and the layers
the HTML map builds on. No pyplot (no global state, no window): one Figure per map.

Labels are placed so that no two overlap (:mod:`truce.report.maps.labels`): by priority, each takes the
first free position around its point, or is dropped and named in the notes. SVG text stays text, in DejaVu
Sans (shipped with matplotlib: Latin, Cyrillic and Armenian letters), with a white halo drawn by the SVG's
own style rather than as outlines.

Every symbol a reader may click in the HTML map gets an SVG id (``feature-N``) that keys its details.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.markers import MarkerStyle
from matplotlib.patches import Circle, Patch, PathPatch, Rectangle
from matplotlib.path import Path
from matplotlib.text import Annotation, Text
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from truce.report.maps.labels import AROUND, Box, place
from truce.report.maps.scene import MEANS_GROUP_LABELS, MapArea, MapLabel, MapScene
from truce.report.maps.texts import N_

__all__ = [
    "Drawing",
    "draw",
    "draw_layers",
    "draw_map",
    "draw_panel",
    "image_bytes",
    "label_spots",
    "marker_paths",
    "marker_style",
    "save_svg",
    "svg_text",
]

MEANS_MARKERS = {
    "ground": "s",
    "air": "D",
    "heavy": "^",
    "fire": "o",
    "other": "P",
    "none": "p",
    "mixed": "*",
}
POST_MARKERS = {
    "hq": ("*", N_("headquarters")),
    "permanent_post": ("H", N_("permanent observation post")),
    "temporary_post": ("h", N_("temporary observation post")),
    "checkpoint": ("X", N_("checkpoint")),
    "monitoring_centre": ("P", N_("monitoring centre")),
}
POST_COLOUR = "#1B5E20"
# Zones take these tints in the order of their labels (facecolor, edgecolor); corridors the last one.
ZONE_TINTS = (("#D9EAD3", "#5B7F52"), ("#D0E0EC", "#4F6F8A"), ("#EAD9E6", "#7F5276"), ("#E4E4E4", "#707070"))
CORRIDOR_TINT = ("#FFF1B8", "#A68A00")
LINE_COLOUR = "#8B1A1A"
HALO_WIDTH = 2.5  # points
HALO = [patheffects.withStroke(linewidth=HALO_WIDTH, foreground="white")]
#: A label in matplotlib's SVG, to give it a halo: a white copy drawn under it, stroked (every SVG reader
#: draws that; not every one knows ``paint-order``).
LABEL_TEXT = re.compile(r'(<g id="label-\d+">\s*)(<text style="([^"]*)"([^>]*)>([^<]*)</text>)')
STYLE = {
    # shipped with matplotlib: Latin, Cyrillic and Armenian letters; the SVG names it, then sans-serif
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "svg.fonttype": "none",  # text as text: searchable, selectable, readable by a screen reader
    "svg.hashsalt": "truce",  # the same map twice gives the same file
    "hatch.linewidth": 0.6,
}
INCIDENT_SIZE = 9  # points
POST_SIZE = 8
#: How each kind of label is written: size (points), weight, colour, and its distances from its point
#: (points): close, then past a symbol that may sit on the point.
LABEL_STYLES = {
    "city": (8.5, "bold", "#111111", (3.0, 8.0, 13.0, 20.0, 28.0)),
    "town": (7.5, "bold", "#222222", (3.0, 8.0, 13.0)),
    "incident": (7.5, "normal", "#222222", (3.0, 8.0, 13.0, 20.0, 28.0)),
    "post_place": (6.5, "normal", "#333333", (3.0, 8.0)),
    "post": (6.0, "normal", POST_COLOUR, (6.0, 10.0)),
    "country": (11.0, "normal", "#A0A0A0", ()),
    "count": (7.0, "bold", "#222222", (6.0, 10.0, 14.0, 20.0)),
    "frame": (6.5, "normal", "#555555", ()),
}
LEADER_FROM = 16.0  # points: a label further from its point than this gets a line to it
PLACE_KINDS = ("city", "town", "incident", "post_place")  # labels with a dot at their point
PAGE_WIDTH = 13.0  # inches
MAP_BOX = (0.13, 0.76, 9.1, 7.9)  # the map's room: left, top (from the figure's top), width, height
GAP = 0.2


@dataclass
class Drawing:
    """A drawn map: the figure, the details of each clickable symbol (in the order of their
    ``feature-N`` ids), the labels written and those dropped for want of room."""

    figure: Figure
    clickable: list[dict] = field(default_factory=list)
    incident_ids: dict[int, str] = field(default_factory=dict)  # index in the scene's incidents -> id
    labels: list[Text] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)

    def click(self, artist: object, details: dict | list, incident: int | None = None) -> str:
        """Make ``artist`` clickable in the HTML map (the symbol of the scene's ``incident``-th incident, if
        it is one); its id."""
        gid = f"feature-{len(self.clickable)}"
        if artist is not None:
            artist.set_gid(gid)  # type: ignore[attr-defined]
        self.clickable.append({"items": details if isinstance(details, list) else [details]})
        if incident is not None:
            self.incident_ids[incident] = gid
        return gid


def draw(scene: MapScene, *, vector: bool = True) -> Drawing:
    """The map as one page: title, map, legend, inset and notes. ``vector``: halos drawn by the SVG's style
    (letters stay text); else as strokes (PNG).

    Every part is laid out in inches from the page's top left; the page then takes the size they need."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(PAGE_WIDTH, 9.5), dpi=100)
        FigureCanvasAgg(figure)
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        drawing = Drawing(figure)

        def inches(artist: object) -> tuple[float, float]:
            extent = artist.get_window_extent(renderer)  # type: ignore[attr-defined]
            return extent.width / figure.dpi, extent.height / figure.dpi

        left, top, width, height = MAP_BOX
        ax = figure.add_axes(_fraction(figure, left, top, width, height))
        ax.set_anchor("NW")
        draw_layers(ax, scene, drawing, points=True)
        ax.apply_aspect()
        map_width, map_height = inches(ax)
        column = left + map_width + GAP
        legend = _legend(figure, scene, (column, top))
        legend_width, legend_height = inches(legend)
        column_width = max(legend_width, 4.0)
        inset = None
        inset_top = top + legend_height + 0.45
        inset_width, inset_height = 0.0, 0.0
        if scene.inset_frame is not None:
            inset = _inset_axes(figure, scene, drawing, (column, inset_top, column_width))
            inset_width, inset_height = inches(inset)
        furniture = _furniture(ax, scene)
        obstacles = _symbol_boxes(ax, scene, inset) + [_box(a.get_window_extent(renderer)) for a in furniture]
        _place_labels(drawing, scene, ax, inset, obstacles, renderer, halo=not vector)
        title = figure.text(0, 0, scene.title, fontsize=15, fontweight="bold", va="top")
        subtitle = figure.text(0, 0, scene.subtitle, fontsize=9, color="#444444", va="top")
        page_width = max(column + column_width, left + inches(title)[0], left + inches(subtitle)[0]) + GAP
        notes = _notes(scene, drawing.dropped, width=int((page_width - 2 * left) * 72 / 7 / 0.6))
        notes_text = figure.text(0, 0, notes, fontsize=7, color="#444444", va="top")
        # the page grows to hold the notes; every part keeps its place from the top
        bottom = max(top + map_height, inset_top + inset_height if inset else 0.0) + 0.18
        figure.set_size_inches(page_width, bottom + inches(notes_text)[1] + 0.15)
        ax.set_position(_fraction(figure, left, top, map_width, map_height))
        legend.set_bbox_to_anchor(_point(figure, column, top), transform=figure.transFigure)
        if inset is not None:
            inset.set_position(_fraction(figure, column, inset_top, inset_width, inset_height))
        title.set_position(_point(figure, left, 0.3))
        subtitle.set_position(_point(figure, left, 0.57))
        notes_text.set_position(_point(figure, left, bottom))
    return drawing


def _fraction(figure: Figure, left: float, top: float, width: float, height: float) -> tuple[float, ...]:
    """A box given in inches from the figure's top left, as figure fractions."""
    fig_width, fig_height = figure.get_size_inches()
    return (left / fig_width, 1 - (top + height) / fig_height, width / fig_width, height / fig_height)


def _point(figure: Figure, left: float, top: float) -> tuple[float, float]:
    fig_width, fig_height = figure.get_size_inches()
    return left / fig_width, 1 - top / fig_height


def draw_layers(ax: Axes, scene: MapScene, drawing: Drawing, *, points: bool) -> None:
    """The map's layers in ``ax``: countries, areas, line of contact, observation ranges, the incidents known
    only to an area; with ``points``, the incidents at points and the posts too (the HTML map's script draws
    those itself, at a constant size)."""
    xmin, ymin, xmax, ymax = scene.frame
    _blank(ax, scene.frame)
    for country in scene.countries:
        colour = scene.colour(f"country_{country.label}")
        ax.add_patch(_patch(country.geometry, facecolor=colour, edgecolor="#9A9A9A", linewidth=0.8, zorder=1))
    for area in sorted(scene.areas, key=lambda a: a.kind == "corridor"):  # the corridor over the zones
        face, edge = _area_colours(area, scene)
        on_top = area.kind == "corridor"
        patch = _patch(
            area.geometry,
            facecolor=to_rgba(face, 0.8 if on_top else 0.6),
            edgecolor=edge,
            linewidth=1.0,
            zorder=2.5 if on_top else 2,
        )
        patch.set_linestyle("--" if area.approximate else "-")
        ax.add_patch(patch)
        drawing.click(patch, area.details)
    if scene.line is not None:
        for part in shapely.get_parts(scene.line.geometry):
            xy = shapely.get_coordinates(part)
            (line,) = ax.plot(xy[:, 0], xy[:, 1], color=LINE_COLOUR, linewidth=2.2, zorder=4)
            drawing.click(line, scene.line.details)
    for post in scene.posts:
        if post.range_m:
            ax.add_patch(
                Circle(
                    (post.x, post.y),
                    post.range_m,
                    fill=False,
                    edgecolor=POST_COLOUR,
                    linewidth=0.6,
                    linestyle=":",
                    alpha=0.55,
                    zorder=3,
                )
            )
    for n, incident in enumerate(scene.incidents):
        if incident.inset:
            continue
        if incident.area is not None:
            _incident_area(ax, scene, n, drawing)
        elif points:
            _incident_point(ax, scene, n, drawing)
    if points:
        for post in scene.posts:
            marker, _ = POST_MARKERS.get(post.kind, ("o", post.kind))
            hollow = post.kind == "temporary_post"
            (symbol,) = ax.plot(
                post.x,
                post.y,
                marker=marker,
                markersize=11 if post.kind == "hq" else POST_SIZE,
                linestyle="none",
                markerfacecolor="white" if hollow else POST_COLOUR,
                markeredgecolor=POST_COLOUR,
                markeredgewidth=1.3,
                zorder=7,
            )
            drawing.click(symbol, post.details)
        for label in scene.labels:
            if label.kind in PLACE_KINDS and not label.inset:
                _dot(ax, label)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)


def _blank(ax: Axes, frame: tuple[float, float, float, float]) -> None:
    xmin, ymin, xmax, ymax = frame
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#FAFAFA")


def _dot(ax: Axes, label: MapLabel) -> None:
    ax.plot(label.x, label.y, marker="o", markersize=2.5, color="#333333", linestyle="none", zorder=6)


def _incident_area(ax: Axes, scene: MapScene, n: int, drawing: Drawing) -> None:
    incident = scene.incidents[n]
    colour = scene.colour(incident.accused)
    _, hatch = scene.cue(incident.accused)
    # the tint and the hatching apart: SVG would fill a hatched patch's pattern at the tint's alpha
    tint = _patch(incident.area, facecolor=to_rgba(colour, 0.05), edgecolor="none", zorder=5)
    ax.add_patch(tint)
    patch = _patch(
        incident.area,
        facecolor="none",
        edgecolor=to_rgba(colour, 0.55),
        hatch=hatch,
        linewidth=1.0,
        linestyle="--",
        zorder=5,
    )
    ax.add_patch(patch)
    gid = drawing.click(patch, incident.details, n)
    tint.set_gid(f"tint-{gid}")


def _incident_point(ax: Axes, scene: MapScene, n: int, drawing: Drawing) -> None:
    incident = scene.incidents[n]
    colour = scene.colour(incident.accused)
    x, y = incident.point  # type: ignore[misc]
    ring = Circle(
        (x, y),
        incident.radius_m,
        facecolor=to_rgba(colour, 0.07),
        edgecolor=to_rgba(colour, 0.35),
        linewidth=0.6,
        zorder=5,
    )
    ax.add_patch(ring)
    (symbol,) = ax.plot(
        x, y, linestyle="none", zorder=8, **marker_style(scene, incident.accused, incident.means)
    )
    gid = drawing.click(symbol, incident.details, n)
    ring.set_gid(f"ring-{gid}")


def marker_style(scene: MapScene, accused: str, means: str, size: float = INCIDENT_SIZE) -> dict:
    """An incident's marker: its shape by the means, its colour and fill by the party blamed."""
    fill, _ = scene.cue(accused)
    return {
        "marker": MEANS_MARKERS.get(means, "o"),
        "markersize": size,
        "markerfacecolor": scene.colour(accused),
        "markerfacecoloralt": "white",
        "fillstyle": fill,
        "markeredgecolor": "black",
        "markeredgewidth": 0.8,
    }


def marker_paths(marker: str, fill: str, size: float) -> tuple[str, str]:
    """A matplotlib marker as SVG path data (y down, centred on 0, ``size`` units across like
    ``markersize``): the filled part and the part left white.

    >>> marker_paths("s", "full", 10)
    ('M-5 5L5 5L5 -5L-5 -5Z', '')
    >>> marker_paths("s", "top", 10)[1]  # the bottom half, left white
    'M5 0L-5 0L-5 5L5 5L5 0'
    """
    style = MarkerStyle(marker, fillstyle=fill)  # type: ignore[arg-type]

    def data(path: Path | None, transform: object) -> str:
        if path is None or transform is None or len(path.vertices) == 0:
            return ""
        out = []
        for (px, py), code in path.transformed(transform).iter_segments(simplify=False, curves=False):
            x, y = px * size, -py * size
            if code == Path.MOVETO:
                out.append(f"M{_num(x)} {_num(y)}")
            elif code == Path.CLOSEPOLY:
                out.append("Z")
            else:
                out.append(f"L{_num(x)} {_num(y)}")
        return "".join(out)

    alt = style.get_alt_path()
    return data(style.get_path(), style.get_transform()), data(
        alt, style.get_alt_transform() if alt is not None else None
    )


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _furniture(ax: Axes, scene: MapScene) -> list:
    """The scale bar and the north arrow; returned, so that labels keep clear of them."""
    xmin, _, xmax, _ = scene.frame
    length = _scale_length(xmax - xmin)
    km = f"{length // 1000:g}"
    bar = AnchoredSizeBar(
        ax.transData,
        length,
        scene.text(N_("{km} km")).format(km=km),
        loc="lower left",
        pad=0.6,
        sep=4,
        frameon=True,
        size_vertical=(xmax - xmin) / 170,
        fontproperties={"size": 8},
    )
    ax.add_artist(bar)
    arrow = ax.annotate(
        scene.text(N_("N")),
        xy=(0.955, 0.965),
        xytext=(0.955, 0.885),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.5},
    )
    grid = ax.text(
        0.955,
        0.86,
        scene.text(N_("grid north")),
        transform=ax.transAxes,
        ha="center",
        fontsize=6,
        color="#555555",
    )
    return [bar, arrow, grid]


def _scale_length(width_m: float) -> float:
    """A round length near a fifth of the map's width.

    >>> _scale_length(105_000), _scale_length(12_000), _scale_length(900_000)
    (20000, 2000, 200000)
    """
    steps = [1, 2, 5]
    best = 1000
    for power in range(0, 4):
        for step in steps:
            length = step * 1000 * 10**power
            if length <= width_m / 4:
                best = length
    return best


def _symbol_boxes(ax: Axes | None, scene: MapScene, inset: Axes | None) -> list[Box]:
    """Where the markers stand (display pixels), for the labels to keep clear of them."""
    boxes = []
    for incident in scene.incidents:
        if incident.point is None:
            continue
        on = inset if incident.inset else ax
        if on is not None:
            boxes.append(_around(on, incident.point, INCIDENT_SIZE / 2 + 0.8))
    for post in scene.posts if ax is not None else []:
        boxes.append(_around(ax, (post.x, post.y), (11 if post.kind == "hq" else POST_SIZE) / 2 + 0.5))
    for label in scene.labels:
        if label.kind in PLACE_KINDS:
            on = inset if label.inset else ax
            if on is not None:
                boxes.append(_around(on, (label.x, label.y), 1.5))
    return boxes


def _around(ax: Axes, point: tuple[float, float], half_points: float) -> Box:
    x, y = ax.transData.transform(point)
    half = half_points * ax.figure.dpi / 72
    return Box(x - half, y - half, x + half, y + half)


def _box(extent: object) -> Box:
    return Box(extent.x0, extent.y0, extent.x1, extent.y1)  # type: ignore[attr-defined]


def _place_labels(
    drawing: Drawing,
    scene: MapScene,
    ax: Axes,
    inset: Axes | None,
    obstacles: list[Box],
    renderer: RendererBase,
    *,
    halo: bool,
    inset_only: bool = False,
) -> None:
    """Write the labels that fit, by priority (counts of incidents at one point first); name those that
    do not in ``drawing.dropped``."""
    wanted: list[tuple[str, Axes, float, float, str, MapLabel | None]] = []
    for incident in scene.incidents:
        shown = incident.inset if inset_only else inset is not None or not incident.inset
        if incident.point is not None and len(incident.ids) > 1 and shown:
            x, y = incident.point
            wanted.append((f"×{len(incident.ids)}", inset if incident.inset else ax, x, y, "count", None))  # type: ignore[arg-type]
    if inset is not None:
        x0, y0, x1, y1 = scene.frame
        wanted.append((scene.text(N_("main map")), inset, (x0 + x1) / 2, (y0 + y1) / 2, "frame", None))
    for label in scene.labels:
        if (label.inset and inset is None) or (inset_only and not label.inset):
            continue
        wanted.append((label.text, inset if label.inset else ax, label.x, label.y, label.kind, label))
    bounds = {id(a): _shrunk(_box(a.get_window_extent(renderer)), 2) for a in (ax, inset) if a is not None}
    artists, candidates, limits = [], [], []
    for text, on, x, y, kind, label in wanted:
        size, weight, colour, rings = LABEL_STYLES[kind]
        artist = on.annotate(
            text,
            (x, y),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=size,
            fontweight=weight,
            color=colour,
            zorder=9,
            annotation_clip=False,
        )
        if kind == "count":
            artist.set_color(scene.colour(_accused_at(scene, x, y)))
        boxes = []
        options = []
        for dx, dy, ha, va, at in _positions(on, label, x, y, rings):
            artist.set_horizontalalignment(ha)
            artist.set_verticalalignment(va)
            artist.xy = at
            artist.xyann = (dx, dy)
            boxes.append(_box(artist.get_window_extent(renderer)))
            options.append((dx, dy, ha, va, at))
        artists.append((artist, options, text))
        candidates.append(boxes)
        limits.append(bounds[id(on)])
    chosen = place(candidates, obstacles, limits, gap=1.5)
    for n, ((artist, options, text), k) in enumerate(zip(artists, chosen, strict=True)):
        if k is None:
            artist.remove()
            drawing.dropped.append(text)
            continue
        dx, dy, ha, va, at = options[k]
        artist.set_horizontalalignment(ha)
        artist.set_verticalalignment(va)
        artist.xy = at
        artist.xyann = (dx, dy)
        artist.set_gid(f"label-{len(drawing.labels)}")
        if halo:
            artist.set_path_effects(HALO)
        drawing.labels.append(artist)
        if math.hypot(dx, dy) > LEADER_FROM:
            _leader(artist, candidates[n][k])


def _leader(label: Annotation, box: Box) -> None:
    """A thin line from a label set apart to its point, ending at the label's nearest edge."""
    ax = label.axes
    x, y = ax.transData.transform(label.xy)
    edge = (min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1))
    inverse = ax.transData.inverted()
    (ex, ey), (px, py) = inverse.transform(edge), label.xy
    ax.plot([px, ex], [py, ey], color="#666666", linewidth=0.5, zorder=8.5, solid_capstyle="butt")


def _accused_at(scene: MapScene, x: float, y: float) -> str:
    return next(i.accused for i in scene.incidents if i.point == (x, y))


def _positions(
    ax: Axes, label: MapLabel | None, x: float, y: float, rings: tuple[float, ...]
) -> Iterator[tuple[float, float, str, str, tuple[float, float]]]:
    """The candidate positions of a label: offsets (points), alignment and the point it hangs from."""
    if not rings:  # a name over an area: at its point, then anywhere else in its region
        yield 0.0, 0.0, "center", "center", (x, y)
        if label is not None and label.region is not None:
            for at in label_spots(label.region, (x, y)):
                yield 0.0, 0.0, "center", "center", at
        return
    for ring in rings:
        for dx, dy, ha, va in AROUND:
            yield dx * ring, dy * ring, ha, va, (x, y)


def label_spots(
    region: shapely.Geometry, near: tuple[float, float], count: int = 40
) -> list[tuple[float, float]]:
    """Points of a grid over ``region`` that lie in it, the nearest to ``near`` first."""
    xmin, ymin, xmax, ymax = shapely.bounds(region).tolist()
    xs, ys = np.meshgrid(np.linspace(xmin, xmax, 11)[1:-1], np.linspace(ymin, ymax, 11)[1:-1])
    points = shapely.points(xs.ravel(), ys.ravel())
    inside = points[shapely.contains(region, points)]
    found = sorted(
        ((p.x, p.y) for p in inside), key=lambda p: ((p[0] - near[0]) ** 2 + (p[1] - near[1]) ** 2, p)
    )
    return found[:count]


def _shrunk(box: Box, by: float) -> Box:
    return Box(box.x0 + by, box.y0 + by, box.x1 - by, box.y1 - by)


def _notes(scene: MapScene, dropped: list[str], width: int) -> str:
    notes = list(scene.notes)
    if scene.not_drawn:
        notes.append(
            scene.text(N_("Not drawn ({n}): {items}")).format(
                n=len(scene.not_drawn), items="; ".join(scene.not_drawn)
            )
        )
    if dropped:
        notes.append(
            scene.text(N_("Not labelled for want of room: {names}.")).format(names=", ".join(dropped))
        )
    return "\n".join(_wrap(n, width) for n in notes)


def _legend(figure: Figure, scene: MapScene, at: tuple[float, float], *, fontsize: float = 8) -> Legend:
    """The legend, its top left at ``at`` (inches from the figure's top left)."""
    text = scene.text

    def marker(symbol: str, label: str, **style: object) -> Line2D:
        base = {"marker": symbol, "linestyle": "none", "markersize": 8, "color": "black"}
        return Line2D([], [], label=label, **(base | style))  # type: ignore[arg-type]

    handles: list[object] = []
    labels: list[str] = []

    def add(handle: object, label: str) -> None:
        handles.append(handle)
        labels.append(label)

    kinds = sorted({p.kind for p in scene.posts if p.kind in POST_MARKERS}, key=list(POST_MARKERS).index)
    for kind in kinds:
        symbol, label = POST_MARKERS[kind]
        hollow = kind == "temporary_post"
        add(
            marker(
                symbol, "", markerfacecolor="white" if hollow else POST_COLOUR, markeredgecolor=POST_COLOUR
            ),
            text(label),
        )
    add(Line2D([], [], color=POST_COLOUR, linestyle=":"), text(N_("observation range (assumed)")))
    for area in scene.areas:
        face, edge = _area_colours(area, scene)
        add(
            Patch(facecolor=face, edgecolor=edge, linestyle="--"),
            text(N_("{area} (approximate)")).format(area=area.label),
        )
    if scene.line is not None:
        add(Line2D([], [], color=LINE_COLOUR, linewidth=2.2), text(N_("line of contact (approximate)")))
    shown_means = [m for m in MEANS_MARKERS if any(i.means == m and i.point for i in scene.incidents)]
    for means in shown_means:
        add(
            marker(MEANS_MARKERS[means], "", markerfacecolor="#BBBBBB"),
            text(N_("incident: {means}")).format(means=text(MEANS_GROUP_LABELS[means])),
        )
    hatched = any(i.area is not None for i in scene.incidents)
    for code in sorted({i.accused for i in scene.incidents}, key=lambda c: (c in ("unknown", "mixed"), c)):
        fill, hatch = scene.cue(code)
        colour = scene.colour(code)
        dot = marker("o", "", markerfacecolor=colour, markerfacecoloralt="white", fillstyle=fill)
        dot.set_markeredgewidth(0.8)
        swatch = Patch(facecolor=to_rgba(colour, 0.05), edgecolor=colour, hatch=hatch, linewidth=0.8)
        add(
            (dot, swatch) if hatched else dot,
            text(N_("blamed: {party}")).format(party=scene.blamed_label(code)),
        )
    add(Patch(facecolor="#CCCCCC", alpha=0.5), text(N_("where it may have been (radius)")))
    if hatched:
        add(
            Patch(facecolor="white", edgecolor="#555555", hatch="///"),
            text(N_("known only to a district or the zone")),
        )
    legend = figure.legend(
        handles=handles,
        labels=labels,
        loc="upper left",
        bbox_to_anchor=_point(figure, *at),
        fontsize=fontsize,
        frameon=False,
        title=text(N_("Legend")),
        title_fontsize=fontsize + 1,
        alignment="left",
        handler_map={tuple: HandlerTuple(ndivide=None, pad=0.4)},
        borderaxespad=0,
        borderpad=0,
    )
    return legend


def _inset_axes(figure: Figure, scene: MapScene, drawing: Drawing, at: tuple[float, float, float]) -> Axes:
    """The inset: the incidents far from the mission's area, the main map's frame among them."""
    left, top, width = at
    x0, y0, x1, y1 = scene.inset_frame  # type: ignore[misc]
    height = min(width * (y1 - y0) / (x1 - x0), 4.0)
    inset = figure.add_axes(_fraction(figure, left, top, width, height))
    inset.set_anchor("NW")
    _blank(inset, scene.inset_frame)  # type: ignore[arg-type]
    for spine in inset.spines.values():
        spine.set_edgecolor("#777777")
    inset.set_title(scene.text(N_("Incidents outside the main map")), fontsize=8, loc="left", pad=4)
    for country in scene.countries:
        colour = scene.colour(f"country_{country.label}")
        inset.add_patch(
            _patch(country.geometry, facecolor=colour, edgecolor="#9A9A9A", linewidth=0.6, zorder=1)
        )
    for area in scene.areas:
        face, edge = _area_colours(area, scene)
        inset.add_patch(
            _patch(area.geometry, facecolor=to_rgba(face, 0.6), edgecolor=edge, linewidth=0.4, zorder=2)
        )
    fx0, fy0, fx1, fy1 = scene.frame
    inset.add_patch(
        Rectangle(
            (fx0, fy0),
            fx1 - fx0,
            fy1 - fy0,
            fill=False,
            edgecolor="#555555",
            linestyle="--",
            linewidth=0.8,
            zorder=3,
        )
    )
    for n, incident in enumerate(scene.incidents):
        if not incident.inset:
            continue
        if incident.area is not None:
            _incident_area(inset, scene, n, drawing)
        else:
            _incident_point(inset, scene, n, drawing)
    for label in scene.labels:
        if label.inset and label.kind in PLACE_KINDS:
            _dot(inset, label)
    inset.set_xlim(x0, x1)
    inset.set_ylim(y0, y1)
    inset.apply_aspect()
    return inset


def _area_colours(area: MapArea, scene: MapScene) -> tuple[str, str]:
    """A zone's tint by the place of its label among the zones' labels; a corridor's own tint."""
    if area.kind == "corridor":
        return CORRIDOR_TINT
    labels = sorted({a.label for a in scene.areas if a.kind != "corridor"})
    return ZONE_TINTS[labels.index(area.label) % len(ZONE_TINTS)] if area.label in labels else ZONE_TINTS[-1]


def _patch(geometry: shapely.Geometry, **style: object) -> PathPatch:
    """A (multi)polygon, holes included, as one matplotlib patch."""
    vertices, codes = [], []
    for polygon in shapely.get_parts(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            xy = np.asarray(ring.coords)
            vertices.append(xy)
            codes.append([Path.MOVETO] + [Path.LINETO] * (len(xy) - 2) + [Path.CLOSEPOLY])
    path = Path(np.concatenate(vertices), np.concatenate(codes)) if vertices else Path(np.empty((0, 2)))
    return PathPatch(path, **style)  # type: ignore[arg-type]


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


@contextmanager
def _styled() -> Iterator[None]:
    with matplotlib.rc_context(STYLE):
        yield


def save_svg(figure: Figure) -> str:
    """A figure as SVG text, its labels with their halos; the same figure gives the same text."""
    buffer = io.StringIO()
    with _styled():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return LABEL_TEXT.sub(_halo, buffer.getvalue())


def _halo(match: re.Match) -> str:
    """A label's SVG with a white, stroked copy of it first.

    >>> label = '<g id="label-0"><text style="font-size: 7px; fill: #222222" x="1">Shusha</text>'
    >>> _halo(LABEL_TEXT.match(label))
    '<g id="label-0"><text style="font-size: 7px; fill: #ffffff; stroke: #ffffff; stroke-width: 2.5px; \
stroke-linejoin: round" x="1" aria-hidden="true">Shusha</text><text style="font-size: 7px; fill: #222222" \
x="1">Shusha</text>'
    """
    opening, text, style, attributes, content = match.groups()
    plain = re.sub(r";?\s*fill: [^;]*", "", style)
    halo = f"{plain}; fill: #ffffff; stroke: #ffffff; stroke-width: {HALO_WIDTH}px; stroke-linejoin: round"
    return f'{opening}<text style="{halo}"{attributes} aria-hidden="true">{content}</text>{text}'


def image_bytes(scene: MapScene, fmt: str) -> bytes:
    """The map as ``svg`` or ``png``; the same scene gives the same bytes."""
    if fmt == "svg":
        return svg_text(scene)[0].encode("utf-8")
    figure = draw(scene, vector=False).figure
    buffer = io.BytesIO()
    with _styled():
        figure.savefig(buffer, format=fmt, metadata={"Software": None}, dpi=150)
    return buffer.getvalue()


def svg_text(scene: MapScene) -> tuple[str, list[dict]]:
    """The map as SVG text, and the details of its clickable symbols."""
    drawing = draw(scene)
    return save_svg(drawing.figure), drawing.clickable


MAP_WIDTH = 10.0  # inches: the HTML map's own figure


def draw_map(scene: MapScene) -> tuple[Drawing, Callable[[float, float], tuple[float, float]], float]:
    """The HTML map's figure: the map alone, filling it (no title, legend or labels: the page and its
    script add those). Also: how a point in metres maps to the SVG's units, and how many units a metre is.
    """
    with matplotlib.rc_context(STYLE):
        xmin, ymin, xmax, ymax = scene.frame
        height = MAP_WIDTH * (ymax - ymin) / (xmax - xmin)
        figure = Figure(figsize=(MAP_WIDTH, height), dpi=72)  # one SVG unit a point, as matplotlib writes it
        FigureCanvasAgg(figure)
        drawing = Drawing(figure)
        ax = figure.add_axes((0, 0, 1, 1))
        draw_layers(ax, scene, drawing, points=False)
        _furniture(ax, scene)
        ax.apply_aspect()
        units_per_metre = MAP_WIDTH * 72 / (xmax - xmin)

        def to_svg(x: float, y: float) -> tuple[float, float]:
            return (x - xmin) * units_per_metre, (ymax - y) * units_per_metre

    return drawing, to_svg, units_per_metre


def draw_panel(scene: MapScene, map_drawing: Drawing, width: float = 3.6) -> Drawing:
    """The HTML map's legend and inset, for the page's side panel; the inset's symbols are clickable,
    numbered after the map's (whose ``clickable`` and ``incident_ids`` they join)."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(width, 8), dpi=100)
        FigureCanvasAgg(figure)
        renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
        drawing = Drawing(figure, map_drawing.clickable, map_drawing.incident_ids)
        legend = _legend(figure, scene, (0.05, 0.05), fontsize=7.5)
        legend_height = legend.get_window_extent(renderer).height / figure.dpi
        bottom = 0.05 + legend_height
        inset = None
        inset_top = bottom + 0.35
        if scene.inset_frame is not None:
            inset = _inset_axes(figure, scene, drawing, (0.05, inset_top, width - 0.1))
            inset_height = inset.get_window_extent(renderer).height / figure.dpi
            inset_width = inset.get_window_extent(renderer).width / figure.dpi
            bottom = inset_top + inset_height
            obstacles = _symbol_boxes(None, scene, inset)
            _place_labels(drawing, scene, inset, inset, obstacles, renderer, halo=False, inset_only=True)
        figure.set_size_inches(width, bottom + 0.1)
        legend.set_bbox_to_anchor(_point(figure, 0.05, 0.05), transform=figure.transFigure)
        if inset is not None:
            inset.set_position(_fraction(figure, 0.05, inset_top, inset_width, inset_height))
    return drawing
