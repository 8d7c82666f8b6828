"""The step every write ends with: link the claims that count into incidents, then locate the incidents
that changed (and any an interrupted write left unlocated), all in the writer's transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from truce import collector
from truce.gazetteer import Gazetteer
from truce.geo.locate import site_incidents
from truce.geo.projection import Projection
from truce.model import Area, Claim, DatePrecision, Post
from truce.packs import Pack
from truce.reconcile import Linker
from truce.reconcile.link import merged, reach
from truce.store import LinkReport, Store, Tx

__all__ = ["Ground", "locate", "relink"]


@dataclass(frozen=True)
class Ground:
    """What linking and locating stand on: where places lie, the areas and posts, the projection."""

    areas_of: dict[str, set[str]]
    areas: list[Area]
    posts: list[Post]
    projection: Projection
    units: dict[str, tuple[float, float, float]]  # admin unit id -> its centre and radius (m)

    @classmethod
    def of_store(cls, store: Store) -> Ground:
        return cls._make(store.gazetteer(), store.areas(), store.posts(), store.focus())

    @classmethod
    def of_pack(cls, pack: Pack) -> Ground:
        """The ground of a pack being loaded (not yet readable from the store)."""
        return cls._make(pack.gazetteer(), pack.areas, pack.posts, pack.focus)

    @classmethod
    def _make(
        cls, gazetteer: Gazetteer, areas: list[Area], posts: list[Post], focus: tuple[float, float]
    ) -> Ground:
        units = {p.id: (p.lat, p.lon, p.radius_m) for p in gazetteer.places.values() if p.is_admin_unit}
        return cls(gazetteer.units_of, areas, posts, Projection.for_focus(*focus), units)


def relink(
    tx: Tx,
    ground: Ground,
    new: list[Claim] | None = None,
    progress: Callable[[str, int, int | None], None] | None = None,
) -> LinkReport:
    """Link the claims that count, keeping earlier links and the analysts' decisions, and locate what
    changed against the areas and posts of its first day.

    ``new``: the claims this write added. Only the days they can reach are linked again (with every
    claim of the incidents met there), so that an ingest costs what it adds, not what the store holds;
    ``truce reconcile`` links everything again. Without ``new``, everything is linked again.
    ``progress`` is told ("linking" or "locating", done, total) as each step starts and ends.
    """
    tell = progress or (lambda phase, done, total: None)
    days = reach(new) if new is not None else None
    if days == []:  # nothing added: nothing to link
        claims, incidents = tx.counts()
        return LinkReport(claims, incidents, 0)
    tell("linking", 0, None)
    with collector.paused():  # thousands of claims read, linked and written: objects, no cycles
        claims = tx.claims(days)
        if days is not None:
            # a claim that says little (a reported date, no place) joins an incident only when it ties to
            # no other it may be part of: those are read too, where they lie beyond the days reached
            added = {c.id for c in new or ()}
            vague = [
                c
                for c in claims
                if c.id not in added and (c.lat is None or c.date_precision is DatePrecision.REPORTED)
            ]
            # and one with no date of its own may tell again a day its document states: the claims of its
            # document give the days it reaches (truce.reconcile.link.recalled)
            undated = {
                c.document_id for c in vague if c.document_id and c.date_precision is DatePrecision.REPORTED
            }
            mates = tx.document_claims(sorted(undated)) if undated else []
            wider = merged([*days, *reach([*vague, *mates])])
            if wider != days:
                days, claims = wider, tx.claims(wider)
        tell("linking", 0, len(claims))
        linker = Linker(ground.areas_of, tx.decisions(), units=ground.units)
        existing = {c.id: c.incident_id for c in claims if c.incident_id}
        mapping = linker.link(claims, existing, None if new is None else [c.id for c in new])
        report = tx.apply_links(claims, mapping, whole=days is None)
    tell("linking", len(claims), len(claims))
    unsited = tx.unsited()
    tell("locating", 0, len(unsited))
    locate(tx, ground, unsited)
    tell("locating", len(unsited), len(unsited))
    if days is None:
        return report
    total, incidents = tx.counts()
    return LinkReport(total, incidents, report.moved, report.touched)


def locate(tx: Tx, ground: Ground, ids: list[str] | None = None) -> tuple[int, int]:
    """Locate incidents (``ids``, or all) again; returns (how many were located, how many changed)."""
    incidents = tx.incidents(ids)
    if not incidents:
        return 0, 0
    sitings = site_incidents(incidents, ground.areas, ground.posts, ground.projection)
    return len(incidents), tx.save_sitings(sitings)  # type: ignore[arg-type]
