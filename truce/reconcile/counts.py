"""Counts without items: "13 violations in the former Askeran province" matched against the itemised
incidents of that day and area, so that nothing is counted twice and the record shows how much of the
count is itemised and how much is not."""

from __future__ import annotations

from dataclasses import dataclass

from truce.model import Incident
from truce.reconcile.link import is_count

__all__ = ["Itemisation", "itemise", "total_violations"]

# Most specific area first: an item is credited to the district's count before the zone's.
BREADTH = {"zone": 1, "corridor": 1, "region": 2}


@dataclass(frozen=True)
class Itemisation:
    incident_id: str
    count: int
    itemised: tuple[str, ...]  # ids of the itemised incidents the count covers
    itemised_violations: int

    @property
    def unitemised(self) -> int:
        return max(0, self.count - self.itemised_violations)


def itemise(incidents: list[Incident], areas_of: dict[str, set[str]]) -> list[Itemisation]:
    """For every count incident, the itemised incidents it covers (same days, inside its area).

    ``areas_of`` maps a place id to the admin units it lies in.
    """
    counts = sorted(
        (i for i in incidents if is_count(i)), key=lambda i: (BREADTH.get(i.area_ref or "", 0), i.id)
    )
    items = [i for i in incidents if not is_count(i)]
    taken: set[str] = set()
    result = []
    for count in counts:
        covered = [
            item
            for item in items
            if item.id not in taken
            and item.date_from <= count.date_to
            and count.date_from <= item.date_to
            and _inside(item, count.area_ref, areas_of)
        ]
        taken.update(i.id for i in covered)
        ids, violations = tuple(i.id for i in covered), sum(i.violations for i in covered)
        result.append(Itemisation(count.id, count.violations, ids, violations))
    return result


def _inside(item: Incident, area: str | None, areas_of: dict[str, set[str]]) -> bool:
    if area in ("zone", "region", "corridor", None):
        return True
    return area == item.area_ref or area in areas_of.get(item.place_id or "", set())


def total_violations(incidents: list[Incident], areas_of: dict[str, set[str]]) -> int:
    """Violations in a set of incidents, each counted once: a count covers the items inside it."""
    itemisations = itemise(incidents, areas_of)
    covered = {i for it in itemisations for i in it.itemised}
    counts = sum(max(it.count, it.itemised_violations) for it in itemisations)
    return counts + sum(i.violations for i in incidents if not is_count(i) and i.id not in covered)
