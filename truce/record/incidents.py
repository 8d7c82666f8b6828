"""Incidents: finding them (by dates, place, party, means, the monitor's record alone), comparing the
claims behind one, and summarising the record. Filters run in the database query."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from truce.errors import FieldError
from truce.gazetteer.matching import RESOLVE_AT
from truce.model import MEANS, Document, Incident, MonitorFinding, Place, Standing
from truce.reconcile import IncidentView, incident_view
from truce.reconcile.counts import Itemisation, itemise, total_violations
from truce.reconcile.link import is_count
from truce.store import IncidentFilter, IncidentTally, Store

if TYPE_CHECKING:
    from truce.report.compare import ClaimColumn

__all__ = [
    "Comparison",
    "IncidentList",
    "IncidentQuery",
    "Summary",
    "compare",
    "compare_columns",
    "find",
    "summary",
    "tallied_violations",
]


@dataclass(frozen=True)
class IncidentQuery:
    date_from: date | None = None
    date_to: date | None = None
    place: str | None = None  # any name of a place or an admin unit
    accused: str | None = None  # a party code, or "unknown" (not indicated)
    means: str | None = None
    monitor_only: bool = False  # only what the monitor observed or reported


@dataclass(frozen=True)
class IncidentList:
    incidents: list[Incident]  # all the query finds, or the page asked for
    places: list[Place]  # what ``place`` was taken to name (a town and the unit of the same name...)
    violations: int  # each counted once: a count covers the items inside it (of all, not of the page)
    monitor_only: bool
    by_standing: dict[Standing, int]  # how many incidents of each standing (of all)

    @property
    def total(self) -> int:
        """How many incidents the query finds (the page is a part of them)."""
        return sum(self.by_standing.values())


def find(store: Store, query: IncidentQuery, page: tuple[int, int] | None = None) -> IncidentList:
    """The incidents ``query`` asks for, oldest first; ``page`` (how many to skip, how many at most): only
    those are read, and the totals are counted in the database (a list costs its page)."""
    if query.date_from and query.date_to and query.date_to < query.date_from:
        raise FieldError("to", f"{query.date_to} is before --from {query.date_from}")
    parties = store.parties()
    if query.accused is not None and query.accused != "unknown" and query.accused not in parties:
        raise FieldError("accused", f"'{query.accused}' is not one of {', '.join([*parties, 'unknown'])}")
    if query.means is not None and query.means not in MEANS:
        raise FieldError("means", f"'{query.means}' is not in the vocabulary ({', '.join(MEANS)})")
    places = _places(store, query.place) if query.place else []
    countries = frozenset(p.country for p in places if p.kind == "country") or None
    units = frozenset(p.id for p in places if p.kind != "country") or None
    where = IncidentFilter(
        query.date_from,
        query.date_to,
        places=units if not countries else None,
        countries=countries,
        accused=query.accused,
        monitor_only=query.monitor_only,
        means=query.means,
    )
    units = store.gazetteer().units_of
    if page is None:
        found = store.incidents(where)
        standings: dict[Standing, int] = defaultdict(int)
        for incident in found:
            standings[incident.standing] += 1
        return IncidentList(
            found, places, total_violations(found, units), query.monitor_only, dict(standings)
        )
    tally = store.incident_tally(where)
    return IncidentList(
        store.incidents(where, page=page),
        places,
        tallied_violations(tally, units),
        query.monitor_only,
        {Standing(s): n for s, n in tally.standings.items()},
    )


def tallied_violations(tally: IncidentTally, units: dict[str, set[str]]) -> int:
    """The violations of the incidents a tally counts, each once, as :func:`total_violations` of them all
    would give: the counts and the items they may cover are matched as a whole list would be."""
    near = tally.near_counts
    apart = tally.item_violations - sum(i.violations for i in near if not is_count(i))
    return total_violations(near, units) + apart


def _places(store: Store, name: str) -> list[Place]:
    """What a place name given as a filter names: the place it resolves to, and the admin unit that
    shares its name ("Askeran" is the town and the former province)."""
    gazetteer = store.gazetteer()
    place = gazetteer.resolve(name)  # an unknown name is an error that suggests the nearest names
    same = [
        m.place
        for m in gazetteer.search(name, fuzzy=False, limit=20)
        if m.score >= RESOLVE_AT and m.place.is_admin_unit and m.place.id != place.id
    ]
    return [place, *same[:1]] if not place.is_admin_unit else [place]


@dataclass(frozen=True)
class Comparison:
    incident: Incident
    view: IncidentView
    documents: dict[str, Document]  # claim id -> the document it was read from (with its text)
    itemisation: list[Itemisation]  # counts this incident is part of, or that it is
    findings: list[MonitorFinding]  # the monitor's findings on it, oldest first (the last in force)


def compare(store: Store, incident_id: str) -> Comparison:
    """The claims behind an incident, with the documents they rest on and how counts cover it."""
    incident = store.incident(incident_id)
    documents = store.documents_of([c.id for c in incident.claims], with_text=True)
    day = store.incidents(IncidentFilter(incident.date_from, incident.date_to))
    related = [
        item
        for item in itemise(day, store.gazetteer().units_of)
        if item.incident_id == incident.id or incident.id in item.itemised
    ]
    return Comparison(incident, incident_view(incident), documents, related, store.findings([incident.id]))


def compare_columns(
    store: Store, found: Comparison, names: str | None = None
) -> tuple[list[ClaimColumn], dict[str, bool]]:
    """The compare view of ``found``: one column per claim as its source wrote it (the passage it was
    read from, the day it was published), in the naming convention ``names``, and whether each field is
    contested."""
    from truce.record.bulletin import convention
    from truce.report.compare import compare_rows

    incident, documents = found.incident, found.documents
    excerpts = {
        claim.id: documents[claim.id].text[claim.span[0] : claim.span[1]]
        for claim in incident.claims
        if claim.id in documents and claim.span
    }
    published = {c: d.published.isoformat() for c, d in documents.items() if d.published}
    return compare_rows(
        incident,
        found.view,
        gazetteer=store.gazetteer(),
        convention=convention(store, names),
        timezone=store.mission().timezone,
        parties=store.parties(),
        sources=store.sources(),
        excerpts=excerpts,
        published=published,
    )


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]
    # year -> (violations the monitor observed or reported, violations resting on claims alone)
    years: dict[int, tuple[int, int]]


def summary(store: Store) -> Summary:
    """What is loaded, and the violations per year: the monitor's record apart from the claims, each
    violation counted once (a count covers the items inside it)."""
    units = store.gazetteer().units_of
    by_year: dict[int, dict[bool, list[Incident]]] = defaultdict(lambda: {True: [], False: []})
    for incident in store.incidents():
        by_year[incident.date_from.year][incident.by_monitor].append(incident)
    years = {
        year: (total_violations(groups[True], units), total_violations(groups[False], units))
        for year, groups in sorted(by_year.items())
    }
    return Summary(store.counts(), years)
