"""Drawing a :class:`~truce.report.maps.scene.MapScene` with matplotlib: SVG and PNG files, and the SVG
the HTML map wraps. No pyplot (no global state, no window): one Figure per map.

Every symbol a reader may click in the HTML map gets an SVG id (``feature-N``) that keys its details.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib
import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, Patch, PathPatch
from matplotlib.path import Path
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from truce.report.maps.scene import MEANS_GROUP_LABELS, MapArea, MapScene

__all__ = ["draw", "image_bytes", "svg_text"]

MEANS_MARKERS = {
    "ground": "s",
    "air": "D",
    "heavy": "^",
    "fire": "o",
    "other": "P",
    "none": "o",
    "mixed": "*",
}
POST_MARKERS = {
    "hq": ("*", "headquarters"),
    "permanent_post": ("H", "permanent observation post"),
    "temporary_post": ("h", "temporary observation post"),
    "checkpoint": ("X", "checkpoint"),
    "monitoring_centre": ("P", "monitoring centre"),
}
POST_COLOUR = "#1B5E20"
# Zones take these tints in the order of their labels (facecolor, edgecolor); corridors the last one.
ZONE_TINTS = (("#D9EAD3", "#5B7F52"), ("#D0E0EC", "#4F6F8A"), ("#EAD9E6", "#7F5276"), ("#E4E4E4", "#707070"))
CORRIDOR_TINT = ("#FFF1B8", "#A68A00")
LINE_COLOUR = "#8B1A1A"
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]
STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib; has Latin, Cyrillic and Armenian letters
    "svg.fonttype": "path",  # text as shapes: the HTML map shows every script with no font installed
    "svg.hashsalt": "truce",  # the same map twice gives the same file
    "hatch.linewidth": 0.6,
}


def draw(scene: MapScene) -> tuple[Figure, list[dict]]:
    """The figure, and the details of each clickable symbol (in the order of their ``feature-N`` ids)."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(13, 9.5), dpi=100)
        ax = figure.add_axes((0.01, 0.09, 0.70, 0.83))
        clickable: list[dict] = []

        def click(artist: object, details: dict | list) -> None:
            artist.set_gid(f"feature-{len(clickable)}")  # type: ignore[attr-defined]
            clickable.append({"items": details if isinstance(details, list) else [details]})

        _background(ax, scene)
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
            click(patch, area.details)
        if scene.line is not None:
            for part in shapely.get_parts(scene.line.geometry):
                xy = shapely.get_coordinates(part)
                (line,) = ax.plot(xy[:, 0], xy[:, 1], color=LINE_COLOUR, linewidth=2.2, zorder=4)
                click(line, scene.line.details)
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
        _incidents(ax, scene, click)
        for post in scene.posts:
            marker, _ = POST_MARKERS.get(post.kind, ("o", post.kind))
            hollow = post.kind == "temporary_post"
            (symbol,) = ax.plot(
                post.x,
                post.y,
                marker=marker,
                markersize=11 if post.kind == "hq" else 8,
                linestyle="none",
                markerfacecolor="white" if hollow else POST_COLOUR,
                markeredgecolor=POST_COLOUR,
                markeredgewidth=1.3,
                zorder=7,
            )
            click(symbol, post.details)
        _places(ax, scene)
        _furniture(figure, ax, scene)
    return figure, clickable


def _background(ax: Axes, scene: MapScene) -> None:
    xmin, ymin, xmax, ymax = scene.frame
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#FAFAFA")
    # country names go where no area of the mission covers them
    frame = shapely.box(*scene.frame).difference(
        shapely.union_all([a.geometry for a in scene.areas]).buffer(8000)
    )
    for country in scene.countries:
        colour = scene.colour(f"country_{country.label}")
        ax.add_patch(_patch(country.geometry, facecolor=colour, edgecolor="#9A9A9A", linewidth=0.8, zorder=1))
        shown = shapely.intersection(country.geometry, frame)
        if not shown.is_empty and shown.area > 0.03 * frame.area:
            at = shapely.point_on_surface(shown)
            name = scene.country_names.get(country.label, country.label).upper()
            ax.text(at.x, at.y, name, fontsize=11, color="#B0B0B0", ha="center", va="center", zorder=1)


def _incidents(ax: Axes, scene: MapScene, click) -> None:  # type: ignore[no-untyped-def]
    for incident in scene.incidents:
        colour = scene.colour(incident.accused)
        if incident.area is not None:
            # the tint and the hatching apart: SVG would fill a hatched patch's pattern at the tint's alpha
            ax.add_patch(_patch(incident.area, facecolor=to_rgba(colour, 0.05), edgecolor="none", zorder=5))
            patch = _patch(
                incident.area,
                facecolor="none",
                edgecolor=to_rgba(colour, 0.55),
                hatch="//",
                linewidth=1.0,
                linestyle="--",
                zorder=5,
            )
            ax.add_patch(patch)
            click(patch, incident.details)
            continue
        x, y = incident.point  # type: ignore[misc]
        ax.add_patch(
            Circle(
                (x, y),
                incident.radius_m,
                facecolor=to_rgba(colour, 0.07),
                edgecolor=to_rgba(colour, 0.35),
                linewidth=0.6,
                zorder=5,
            )
        )
        marker = MEANS_MARKERS.get(incident.means, "o")
        hollow = incident.means == "none"
        (symbol,) = ax.plot(
            x,
            y,
            marker=marker,
            markersize=9,
            linestyle="none",
            markeredgecolor="black" if not hollow else colour,
            markerfacecolor="white" if hollow else colour,
            markeredgewidth=1.4 if hollow else 0.7,
            zorder=8,
        )
        click(symbol, incident.details)
        if len(incident.ids) > 1:
            ax.annotate(
                f"×{len(incident.ids)}",
                (x, y),
                xytext=(6, 4),
                textcoords="offset points",
                fontsize=7,
                color=colour,
                zorder=9,
                path_effects=HALO,
            )


def _places(ax: Axes, scene: MapScene) -> None:
    for place in scene.places:
        town = place.kind in ("city", "town")
        ax.plot(place.x, place.y, marker="o", markersize=2.5, color="#333333", linestyle="none", zorder=6)
        ax.annotate(
            place.text,
            (place.x, place.y),
            xytext=(4, -3 if town else 3),
            textcoords="offset points",
            fontsize=7.5 if town else 6.5,
            color="#222222",
            zorder=9,
            path_effects=HALO,
            fontweight="bold" if town else "normal",
        )


def _furniture(figure: Figure, ax: Axes, scene: MapScene) -> None:
    figure.text(0.01, 0.965, scene.title, fontsize=15, fontweight="bold", va="top")
    figure.text(0.01, 0.935, scene.subtitle, fontsize=9, color="#444444", va="top")
    bar = AnchoredSizeBar(
        ax.transData,
        20_000,
        "20 km",
        loc="lower left",
        pad=0.6,
        sep=4,
        frameon=True,
        size_vertical=600,
        fontproperties={"size": 8},
    )
    ax.add_artist(bar)
    ax.annotate(
        "N",
        xy=(0.955, 0.965),
        xytext=(0.955, 0.885),
        xycoords="axes fraction",
        ha="center",
        va="center",
        fontsize=11,
        fontweight="bold",
        arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.5},
    )
    ax.text(0.955, 0.86, "grid north", transform=ax.transAxes, ha="center", fontsize=6, color="#555555")
    _legend(figure, scene)
    notes = list(scene.notes)
    if scene.not_drawn:
        notes.append(f"Not drawn ({len(scene.not_drawn)}): " + "; ".join(scene.not_drawn))
    figure.text(0.01, 0.075, "\n".join(_wrap(n, 170) for n in notes), fontsize=7, color="#444444", va="top")


def _legend(figure: Figure, scene: MapScene) -> None:
    def marker(symbol: str, label: str, **style: object) -> Line2D:
        base = {"marker": symbol, "linestyle": "none", "markersize": 8, "color": "black"}
        return Line2D([], [], label=label, **(base | style))  # type: ignore[arg-type]

    handles: list[object] = []
    kinds = sorted({p.kind for p in scene.posts}, key=list(POST_MARKERS).index)
    for kind in kinds:
        symbol, label = POST_MARKERS[kind]
        hollow = kind == "temporary_post"
        handles.append(
            marker(
                symbol, label, markerfacecolor="white" if hollow else POST_COLOUR, markeredgecolor=POST_COLOUR
            )
        )
    handles.append(Line2D([], [], color=POST_COLOUR, linestyle=":", label="observation range (assumed)"))
    for area in scene.areas:
        face, edge = _area_colours(area, scene)
        handles.append(
            Patch(facecolor=face, edgecolor=edge, linestyle="--", label=f"{area.label} (approximate)")
        )
    if scene.line is not None:
        handles.append(
            Line2D([], [], color=LINE_COLOUR, linewidth=2.2, label="line of contact (approximate)")
        )
    shown_means = [m for m in MEANS_MARKERS if any(i.means == m and i.point for i in scene.incidents)]
    for means in shown_means:
        hollow = means == "none"
        handles.append(
            marker(
                MEANS_MARKERS[means],
                f"incident: {MEANS_GROUP_LABELS[means]}",
                markerfacecolor="white" if hollow else "#BBBBBB",
            )
        )
    for code in sorted({i.accused for i in scene.incidents}, key=lambda c: (c in ("unknown", "mixed"), c)):
        label = scene.party_names.get(code) or {
            "unknown": "not indicated",
            "mixed": "several, differing",
        }.get(code, code)
        handles.append(Patch(facecolor=scene.colour(code), label=f"blamed: {label}"))
    handles.append(Patch(facecolor="#CCCCCC", alpha=0.5, label="where it may have been (radius)"))
    if any(i.area is not None for i in scene.incidents):
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="#555555",
                hatch="///",
                label="known only to a district or the zone",
            )
        )
    figure.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.725, 0.92),
        fontsize=8,
        frameon=False,
        title="Legend",
        title_fontsize=9,
        alignment="left",
    )


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


def image_bytes(scene: MapScene, fmt: str) -> bytes:
    """The map as ``svg`` or ``png``; the same scene gives the same bytes."""
    figure, _ = draw(scene)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    buffer = io.BytesIO()
    with _styled():
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else None)
    return buffer.getvalue()


def svg_text(scene: MapScene) -> tuple[str, list[dict]]:
    """The map as SVG text, and the details of its clickable symbols."""
    figure, clickable = draw(scene)
    buffer = io.StringIO()
    with _styled():
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue(), clickable
