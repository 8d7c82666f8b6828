"""What the claims behind an incident agree on and what they contest, field by field.

For each field (date, time, place, blamed party, means, casualties, count) the view lists each value
stated with the claims and sources behind it, and marks the field ``agreed`` (one value), ``contested``
(several) or ``not stated``. The monitor's own finding is kept apart from the parties' claims. Casualty
counts become ranges (low-high) where sources disagree. A denial is a claim too: it contests the
blame.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from truce.model import FOLLOW_UPS, Claim, Incident

__all__ = [
    "CasualtyRange",
    "EpisodeView",
    "FieldValue",
    "FieldView",
    "IncidentView",
    "episode_views",
    "field_view",
    "incident_view",
]

AGREED, CONTESTED, NOT_STATED = "agreed", "contested", "not stated"


@dataclass(frozen=True)
class FieldValue:
    key: object  # what is compared
    claims: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FieldView:
    name: str
    status: str
    finding: FieldValue | None  # the monitor's own value, apart from the parties'
    claimed: tuple[FieldValue, ...]  # the values the other sources state

    @property
    def values(self) -> tuple[FieldValue, ...]:
        return ((self.finding,) if self.finding else ()) + self.claimed


@dataclass(frozen=True)
class CasualtyRange:
    side: str
    category: str
    status: str
    low: int
    high: int

    def __str__(self) -> str:
        count = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{count} {self.side} {self.category} {self.status}"


@dataclass(frozen=True)
class IncidentView:
    incident_id: str
    fields: dict[str, FieldView]
    casualties: tuple[CasualtyRange, ...]
    monitor_claims: tuple[str, ...]
    party_claims: tuple[str, ...]
    denials: tuple[str, ...] = field(default_factory=tuple)

    @property
    def contested(self) -> list[str]:
        return [name for name, view in self.fields.items() if view.status == CONTESTED]


# field name -> the comparable value a claim states (None when it states nothing on it)
EXTRACTORS: dict[str, Callable[[Claim], object]] = {
    "date": lambda c: (c.date_from, c.date_to) if c.date_precision.value != "reported" else None,
    "time": lambda c: (c.time_from, c.time_to) if c.time_from else None,
    "place": lambda c: c.place_id or (c.area_ref if c.area_ref not in (None, "region") else None),
    "accused": lambda c: None if c.accused == "unknown" else c.accused,
    "means": lambda c: tuple(sorted(c.means)) or None,
    "casualties": lambda c: (
        tuple(sorted((x.side, x.category, x.status, x.count) for x in c.casualties))
        or (() if c.no_casualties else None)
    ),
    "violations": lambda c: c.violations if c.violations > 1 else None,
    "withdrawal": lambda c: FOLLOW_UPS.get(c.stance),
}


def incident_view(incident: Incident) -> IncidentView:
    """The per-field view of an incident's claims (its denials contest the blame)."""
    denials = tuple(c.id for c in incident.claims if c.denies)
    monitor = {c.id for c in incident.claims if c.standing.monitor}
    return IncidentView(
        incident_id=incident.id,
        fields={name: _field(name, incident.claims, denials, monitor) for name in EXTRACTORS},
        casualties=casualty_ranges(incident.claims),
        monitor_claims=tuple(sorted(monitor)),
        party_claims=tuple(sorted(c.id for c in incident.claims if c.id not in monitor)),
        denials=tuple(denials),
    )


def field_view(incident: Incident, name: str) -> FieldView:
    """One field of :func:`incident_view` alone (a bulletin asks only whether the blame is contested)."""
    denials = tuple(c.id for c in incident.claims if c.denies)
    return _field(name, incident.claims, denials, {c.id for c in incident.claims if c.standing.monitor})


def _field(name: str, claims: list[Claim], denials: tuple[str, ...], monitor: set[str]) -> FieldView:
    read = EXTRACTORS[name]
    values: dict[object, list[Claim]] = {}
    for claim in claims:
        if claim.id in denials and name != "accused":
            continue
        if claim.follows_up != (name == "withdrawal"):
            continue  # a follow-up speaks of the withdrawal only; the others never do
        value = read(claim)
        if claim.id in denials:
            value = ("denied", value)  # the blamed party's denial contests the blame
        if value is not None:
            values.setdefault(value, []).append(claim)
    finding = None
    claimed = []
    for key, behind in values.items():
        item = FieldValue(key, tuple(c.id for c in behind), tuple(sorted({c.source_id for c in behind})))
        if finding is None and any(c.id in monitor for c in behind):
            finding = item
        else:
            claimed.append(item)
    status = NOT_STATED if not values else AGREED if len(values) == 1 else CONTESTED
    return FieldView(name, status, finding, tuple(claimed))


def casualty_ranges(claims: list[Claim]) -> tuple[CasualtyRange, ...]:
    """Per (side, category, status), the lowest and highest count the claims that speak of casualties give.

    A claim saying "no casualties" counts 0 for every kind the others report; a claim silent on casualties,
    or on that kind of casualty, does not count.

    >>> from datetime import date
    >>> from truce.model import Casualty, DatePrecision, LocationPrecision
    >>> day = date(2022, 3, 25)
    >>> def c(n):
    ...     killed = [Casualty("NK", "servicemen", "killed", n)]
    ...     return Claim(day, day, DatePrecision.DAY, LocationPrecision.NEAR, 1000, casualties=killed)
    >>> [str(r) for r in casualty_ranges([c(3), c(2)])]
    ['2-3 NK servicemen killed']
    """
    speaking = [c for c in claims if c.casualties or c.no_casualties]
    kinds = sorted({(x.side, x.category, x.status) for c in speaking for x in c.casualties})
    ranges = []
    for side, category, status in kinds:
        kind = (side, category, status)
        counts = [
            sum(x.count for x in c.casualties if (x.side, x.category, x.status) == kind)
            for c in speaking
            if c.no_casualties or any((x.side, x.category, x.status) == kind for x in c.casualties)
        ]
        ranges.append(CasualtyRange(side, category, status, min(counts), max(counts)))
    return tuple(ranges)


@dataclass(frozen=True)
class EpisodeView:
    """Incidents of one multi-day offensive or exchange (see :meth:`truce.reconcile.Linker.episodes`):
    their days, the sides blamed and the places named, in order of their first day."""

    episode_id: str
    incidents: tuple[str, ...]
    date_from: date
    date_to: date
    accused: tuple[str, ...]
    places: tuple[str, ...]


def episode_views(incidents: list[Incident], episodes: dict[str, str]) -> list[EpisodeView]:
    """The episodes the given incidents belong to (``episodes``: incident id -> episode id), by first day.

    >>> from truce.model import DatePrecision, LocationPrecision
    >>> def incident(id, day, place):
    ...     return Incident(day, day, DatePrecision.DAY, LocationPrecision.NEAR, 1000, accused="AZ",
    ...                     place_id=place, id=id)
    >>> views = episode_views([incident("I-2", date(2022, 3, 25), "khramort"),
    ...                        incident("I-1", date(2022, 3, 24), "parukh")], {"I-1": "E-1", "I-2": "E-1"})
    >>> [(v.episode_id, v.incidents, str(v.date_from), str(v.date_to), v.places) for v in views]
    [('E-1', ('I-1', 'I-2'), '2022-03-24', '2022-03-25', ('parukh', 'khramort'))]
    """
    grouped: dict[str, list[Incident]] = {}
    for incident in incidents:
        if incident.id in episodes:
            grouped.setdefault(episodes[incident.id], []).append(incident)
    views = []
    for episode_id, members in grouped.items():
        members.sort(key=lambda i: (i.date_from, i.id))
        places = dict.fromkeys(i.place_id or i.area_ref for i in members if i.place_id or i.area_ref)
        views.append(
            EpisodeView(
                episode_id=episode_id,
                incidents=tuple(i.id for i in members),
                date_from=min(i.date_from for i in members),
                date_to=max(i.date_to for i in members),
                accused=tuple(sorted({i.accused for i in members if i.accused != "unknown"})),
                places=tuple(p for p in places if p),
            )
        )
    return sorted(views, key=lambda v: (v.date_from, v.episode_id))
