"""Charts of trends, PNG or SVG, drawn with matplotlib (no pyplot: one Figure per chart, no global state).

Above, the violations per period (stacked by group when there is one), the change points as dashed
lines and the early-warning flags as marks along the top; below, the violations per 1,000 post-days of
observation. Colours are colour-blind-safe: the pack's own colours for parties, the Okabe-Ito palette
for the rest, with hatching once it runs out. SVG text stays text (a reader can search and copy it).
"""

from __future__ import annotations

import io
import textwrap
from datetime import timedelta
from typing import TYPE_CHECKING

import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from truce.report.trends.output import METHOD, notes, title

if TYPE_CHECKING:
    from collections.abc import Mapping

    from truce.report.trends import Series, Trends

__all__ = ["FORMATS", "OKABE_ITO", "chart_bytes"]

FORMATS = ("png", "svg")
#: Okabe and Ito's colour-blind-safe palette, the darker colours first (yellow last: faint on white).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442")
HATCHES = ("", "//", "..", "xx")
TOTAL_COLOUR = "#4D4D4D"
FLAG_COLOUR = "#000000"
STYLE = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib
    "svg.fonttype": "none",  # text as text
    "svg.hashsalt": "truce",  # the same chart twice gives the same file
    "hatch.linewidth": 0.6,
}


def _looks(trends: Trends, colours: Mapping[str, str]) -> list[tuple[str, str]]:
    """(colour, hatch) for each group, in order."""
    looks, spare = [], 0
    for series in trends.groups:
        if trends.group == "party" and series.key in colours:
            looks.append((colours[series.key], ""))
            continue
        looks.append((OKABE_ITO[spare % len(OKABE_ITO)], HATCHES[spare // len(OKABE_ITO) % len(HATCHES)]))
        spare += 1
    return looks


def draw(trends: Trends, colours: Mapping[str, str] | None = None) -> Figure:
    """The chart as a matplotlib Figure."""
    with matplotlib.rc_context(STYLE):
        figure = Figure(figsize=(12, 7.5), dpi=100)
        counts_ax, rate_ax = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": (3, 2)})
        figure.subplots_adjust(left=0.07, right=0.74, top=0.86, bottom=0.16, hspace=0.12)
        starts = [p.start for p in trends.periods]
        widths = [p.days * (0.85 if p.days > 1 else 1.0) for p in trends.periods]
        handles: list[object] = []
        narrow = trends.by == "day"

        if trends.groups:
            bottom = [0] * len(starts)
            for series, (colour, hatch) in zip(trends.groups, _looks(trends, colours or {}), strict=True):
                shown = [n for n, v in enumerate(series.violations) if v]  # no empty bars in the file
                counts_ax.bar(
                    [starts[n] for n in shown],
                    [series.violations[n] for n in shown],
                    width=[widths[n] for n in shown],
                    bottom=[bottom[n] for n in shown],
                    align="edge",
                    color=colour,
                    hatch=hatch,
                    # a day's bar is too thin for a white edge: drawn in its own colour, a little wider
                    edgecolor=colour if narrow else "white" if not hatch else "#333333",
                    linewidth=0.8 if narrow else 0.3,
                )
                bottom = [b + v for b, v in zip(bottom, series.violations, strict=True)]
                handles.append(Patch(facecolor=colour, hatch=hatch, edgecolor="#333333", label=series.label))
        else:
            shown = [n for n, v in enumerate(trends.total.violations) if v]
            counts_ax.bar(
                [starts[n] for n in shown],
                [trends.total.violations[n] for n in shown],
                width=[widths[n] for n in shown],
                align="edge",
                color=TOTAL_COLOUR,
                edgecolor=TOTAL_COLOUR,
                linewidth=0.8 if narrow else 0,
            )
            handles.append(Patch(facecolor=TOTAL_COLOUR, label="violations"))
        counts_ax.set_ylabel(f"violations per {trends.by}")
        counts_ax.set_ylim(bottom=0, top=max(1, max(trends.total.violations, default=0)) * 1.15)

        for change in trends.change_points:
            for ax in (counts_ax, rate_ax):
                ax.axvline(change.day, color="#000000", linestyle="--", linewidth=1)
        if trends.change_points:
            handles.append(Line2D([], [], color="#000000", linestyle="--", label="change point"))
        if trends.flags:
            days = sorted({f.day for f in trends.flags})
            counts_ax.plot(
                days,
                [1.0] * len(days),
                linestyle="none",
                marker="v",
                markersize=6,
                color=FLAG_COLOUR,
                transform=counts_ax.get_xaxis_transform(),
                clip_on=False,
            )
            handles.append(
                Line2D([], [], linestyle="none", marker="v", color=FLAG_COLOUR, label="early-warning flag")
            )

        # steps over each period, the last one to its end
        edges = [*starts, trends.last + timedelta(days=1)]

        def rates(series: Series) -> list[float]:
            values = [r if r is not None else float("nan") for r in series.rate()]
            return [*values, values[-1]] if values else values

        rate_ax.step(edges, rates(trends.total), where="post", color=TOTAL_COLOUR, linewidth=1.5)
        rate_handles = [Line2D([], [], color=TOTAL_COLOUR, linewidth=1.5, label="all")]
        if trends.group == "zone":
            looks = _looks(trends, colours or {})
            for series, (colour, _) in zip(trends.groups, looks, strict=True):
                if series.post_days is None:
                    continue
                rate_ax.step(edges, rates(series), where="post", color=colour, linewidth=1)
                rate_handles.append(Line2D([], [], color=colour, label=series.label))
        rate_ax.set_ylabel("violations per 1,000 post-days")
        rate_ax.set_ylim(bottom=0)
        rate_ax.set_xlim(trends.first, trends.last + timedelta(days=1))
        for ax in (counts_ax, rate_ax):
            ax.grid(axis="y", color="#DDDDDD", linewidth=0.6)
            ax.set_axisbelow(True)
            for side in ("top", "right"):
                ax.spines[side].set_visible(False)

        figure.suptitle(title(trends), x=0.07, ha="left", fontsize=14, fontweight="bold")
        figure.text(0.07, 0.895, _wrap(notes(trends)[0], 150), fontsize=8.5, ha="left", va="center")
        counts_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
        rate_ax.legend(
            handles=rate_handles,
            title="per 1,000 post-days",
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
            frameon=False,
            alignment="left",
        )
        footer = [
            *notes(trends)[1:],
            f"Change points: {METHOD}, segments of {trends.min_size} {trends.by}s or more. "
            f"Early warning: {trends.rule.describe()}.",
        ]
        figure.text(0.07, 0.015, "\n".join(_wrap(f, 190) for f in footer), fontsize=7, va="bottom")
        return figure


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width))


def chart_bytes(trends: Trends, fmt: str, colours: Mapping[str, str] | None = None) -> bytes:
    """The chart as ``png`` or ``svg``; the same trends give the same bytes."""
    if fmt not in FORMATS:
        raise ValueError(f"'{fmt}' is not one of {', '.join(FORMATS)}")
    figure = draw(trends, colours)
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    buffer = io.BytesIO()
    with matplotlib.rc_context(STYLE):
        figure.savefig(buffer, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else None)
    return buffer.getvalue()
