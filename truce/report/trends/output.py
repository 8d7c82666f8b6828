"""Trends as text others load: CSV (one row per period and series, the shape spreadsheets and data frames
pivot) and JSON (everything: series, days since the last violation, change points, early-warning flags)."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from truce.report.trends import Trends

__all__ = ["CSV_COLUMNS", "METHOD", "csv_text", "json_text", "notes", "record_label", "title"]

CSV_COLUMNS = (
    "record",
    "period_start",
    "period_end",
    "days",
    "series",
    "label",
    "violations",
    "post_days",
    "per_1000_post_days",
)
METHOD = "ruptures PELT, Poisson cost, BIC penalty 2 ln(n)"


def record_label(monitor_only: bool) -> str:
    """What the figures count."""
    if monitor_only:
        return "the monitor's record (observed or reported)"
    return "all incidents, the parties' claims included"


def title(trends: Trends) -> str:
    """'Ceasefire violations by month, 2020-11-10 to 2024-06-12'."""
    by = {"day": "day", "week": "week", "month": "month"}[trends.by]
    group = f" and {trends.group}" if trends.group else ""
    return f"Ceasefire violations by {by}{group}, {trends.first} to {trends.last}"


def notes(trends: Trends) -> list[str]:
    """What a reader must know to read the figures."""
    found = [
        f"Counted: {record_label(trends.monitor_only)}; each violation once (a count without items covers "
        "the itemised incidents inside it); an incident on its first day.",
        "A day without a report in the record counts as none: the record holds what was reported, not "
        "every violation.",
        "Post-days: the posts of the deployment active each day (for a zone, its own posts); outside the "
        "zones and for incidents known only to an area, no post-days.",
    ]
    if trends.several:
        found.append(
            "An incident of several means counts under each: the groups add up to more than the total."
        )
    return found


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def csv_text(trends: Trends) -> str:
    """One row per period and series: the total (series ``all``) first, then each group."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    record = "monitor" if trends.monitor_only else "all"
    for series in (trends.total, *trends.groups):
        rates = series.rate()
        for n, period in enumerate(trends.periods):
            effort = series.post_days[n] if series.post_days is not None else None
            writer.writerow(
                [
                    record,
                    period.start.isoformat(),
                    period.end.isoformat(),
                    period.days,
                    series.key,
                    series.label,
                    series.violations[n],
                    "" if effort is None else effort,
                    _rate(rates[n]),
                ]
            )
    return buffer.getvalue()


def json_text(trends: Trends) -> str:
    """Everything ``truce trends`` reports, as one JSON object."""

    def series(s):  # type: ignore[no-untyped-def]
        rates = s.rate()
        return {
            "key": s.key,
            "label": s.label,
            "total": s.total,
            "violations": list(s.violations),
            "post_days": None if s.post_days is None else list(s.post_days),
            "per_1000_post_days": [None if r is None else round(r, 4) for r in rates],
        }

    rule = trends.rule
    document = {
        "title": title(trends),
        "record": "monitor" if trends.monitor_only else "all",
        "counted": record_label(trends.monitor_only),
        "from": trends.first.isoformat(),
        "to": trends.last.isoformat(),
        "by": trends.by,
        "group": trends.group,
        "periods": [
            {"start": p.start.isoformat(), "end": p.end.isoformat(), "days": p.days} for p in trends.periods
        ],
        "total": series(trends.total),
        "groups": [series(s) for s in trends.groups],
        "days_since_last_violation": [
            {
                "key": d.key,
                "label": d.label,
                "last": d.last.isoformat() if d.last else None,
                "days": d.days,
            }
            for d in trends.days_since
        ],
        "change_points": {
            "method": METHOD,
            "penalty": round(trends.penalty, 4),
            "min_size": trends.min_size,
            "rate_per": trends.exposure,
            "points": [
                {"day": c.day.isoformat(), "before": round(c.before, 6), "after": round(c.after, 6)}
                for c in trends.change_points
            ],
        },
        "early_warning": {
            "rule": rule.describe(),
            "window": rule.window,
            "baseline": rule.baseline,
            "alpha": rule.alpha,
            "floor": rule.floor,
            "zones": [{"key": key, "label": label} for key, label in trends.zones],
            "days": trends.days,
            "flagged_days": trends.flagged_days,
            "flags": [
                {
                    "day": f.day.isoformat(),
                    "zone": f.key,
                    "label": f.label,
                    "violations": f.count,
                    "normal": round(f.normal, 6),
                    "probability": f.probability,
                }
                for f in trends.flags
            ],
        },
        "notes": notes(trends),
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
