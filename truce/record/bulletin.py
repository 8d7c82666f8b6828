"""The bulletin of a day, from the record: refused for a day outside the mandate or still to come."""

from __future__ import annotations

from datetime import date, timedelta

from truce.errors import FieldError
from truce.geo.findings import find
from truce.geo.projection import Projection
from truce.model import Convention, Mission
from truce.report.bulletin import Bulletin, Theatre, build_bulletin
from truce.store import IncidentFilter, Store

__all__ = ["bulletin", "convention", "mandate_days", "theatre"]


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


def bulletin(store: Store, day: date, names: str | None = None, today: date | None = None) -> Bulletin:
    """The bulletin for ``day`` in the naming convention ``names`` (the pack's default if None)."""
    chosen = convention(store, names)
    world = theatre(store)
    first, last = mandate_days(world.mission, today or date.today())
    if not first <= day <= last:
        raise FieldError(
            "DATE",
            f"{day} is outside the mission's mandate ({first} to {last}): there is no bulletin for it",
        )
    incidents = store.incidents(IncidentFilter(day, day))
    projection = Projection.for_focus(*store.focus())
    findings = find(incidents, world.areas, world.posts, projection)
    published = store.monitor_documents_published(day, day + timedelta(days=1))
    return build_bulletin(
        day, incidents, world, convention=chosen, findings=findings, monitor_published=published
    )
