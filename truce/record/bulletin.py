"""The bulletin of a day, from the record: refused for a day outside the mandate or still to come."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from truce.errors import FieldError
from truce.model import Convention, Mission
from truce.record.incidents import tallied_violations
from truce.report.bulletin import (
    FORMATS,
    Bulletin,
    Comparison,
    Theatre,
    build_bulletin,
    pdf,
    render,
    unreported_days,
)
from truce.report.language import language
from truce.store import IncidentFilter, Store

__all__ = ["bulletin", "comparison", "convention", "day_map", "mandate_days", "publication", "theatre"]


def convention(store: Store, code: str | None) -> Convention:
    """The naming convention ``code`` of the mission's pack, or the pack's default."""
    profile = store.profile()
    return profile.convention(code or store.mission().default_names)


def theatre(store: Store) -> Theatre:
    return Theatre(
        mission=store.mission(),
        profile=store.profile(),
        parties=store.parties(),
        sources=store.sources(),
        ceasefire=store.ceasefire_points(),
        gazetteer=store.gazetteer(),
        posts=store.posts(),
        areas=store.areas(),
    )


def mandate_days(mission: Mission, today: date) -> tuple[date, date]:
    """The first and last day a bulletin can report on: the mandate, and never a day still to come."""
    return mission.start, min(mission.ended or today, today)


def bulletin(
    store: Store, day: date, names: str | None = None, today: date | None = None, lang: str = "en"
) -> Bulletin:
    """The bulletin for ``day`` in the language ``lang`` and the naming convention ``names`` (the pack's
    default if None; a Russian bulletin defaults to Russian names where the pack has them)."""
    written = language(lang)
    if names is None and lang != "en" and lang in store.profile().conventions:
        names = lang
    chosen = convention(store, names)
    world = theatre(store)
    first, last = mandate_days(world.mission, today or date.today())
    if not first <= day <= last:
        raise FieldError(
            "DATE",
            f"{day} is outside the mission's mandate ({first} to {last}): there is no bulletin for it",
        )
    incidents = store.incidents(IncidentFilter(day, day))
    from truce.record.geography import spatial_findings  # geography reads the conventions from here

    findings = spatial_findings(store, incidents)
    published = store.monitor_documents_published(day - timedelta(days=13), day + timedelta(days=1))
    return build_bulletin(
        day,
        incidents,
        world,
        convention=chosen,
        findings=findings,
        monitor_published=published,
        activities=store.activities(day, day),
        comparison=comparison(store, day, world.gazetteer.units_of, published),
        lang=written,
    )


def comparison(store: Store, day: date, units: dict[str, set[str]], published: Sequence[date]) -> Comparison:
    """The violations of the monitor's record, each on its first day, of the day before, the last seven
    days and the seven before those; and the days of the fortnight it holds no report for. Counted in
    the database: the fortnight's incidents are not read."""

    def between(first: int, last: int) -> int:
        days = IncidentFilter(
            day - timedelta(days=last), day - timedelta(days=first), monitor_only=True, starting=True
        )
        return tallied_violations(store.incident_tally(days), units)

    fortnight = IncidentFilter(day - timedelta(days=13), day, monitor_only=True)
    unreported = unreported_days(day, store.incident_days(fortnight), published)
    return Comparison(between(1, 1), between(0, 6), between(7, 13), unreported)


def day_map(store: Store, day: date, names: str | None = None, lang: str = "en") -> str:
    """The map of a day as SVG: its incidents over the areas and posts in force that day."""
    from truce.record.geography import projection
    from truce.report.maps import build_scene
    from truce.report.maps.draw import svg_text

    scene = build_scene(
        as_of=day,
        date_from=day,
        date_to=day,
        incidents=store.incidents(IncidentFilter(day, day)),
        areas=store.areas(),
        posts=store.posts(),
        gazetteer=store.gazetteer(),
        parties=store.parties(),
        convention=convention(store, names),
        projection=projection(store),
        profile=store.profile(),
        lang=lang,
    )
    return svg_text(scene)[0]


def publication(
    store: Store,
    day: date,
    fmt: str = "md",
    names: str | None = None,
    lang: str = "en",
    today: date | None = None,
) -> bytes:
    """The bulletin of a day as a file: Markdown, text, one HTML page or a PDF (these two with the map)."""
    if fmt not in FORMATS:
        raise FieldError("--format", f"'{fmt}' is not one of {', '.join(FORMATS)}")
    written = bulletin(store, day, names, today, lang)
    if fmt in ("md", "text"):
        return render(written, fmt).encode("utf-8")
    chosen = names or (lang if lang != "en" and lang in store.profile().conventions else None)
    figure = day_map(store, day, chosen, lang)
    return pdf(written, figure) if fmt == "pdf" else render(written, "html", figure).encode("utf-8")
