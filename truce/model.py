"""The concepts of Truce as plain typed objects. No I/O here.

Everything the cores (gazetteer, reports, later extraction and reconciliation) take and return is one
of these. The store maps them to tables; the pack loader builds them from data files.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

__all__ = [
    "FOLLOW_UPS",
    "MEANS",
    "MEANS_FAMILIES",
    "MEANS_LABELS",
    "PARTY_CODES",
    "WEAPONS",
    "Area",
    "Casualty",
    "CeasefirePoint",
    "Claim",
    "DatePrecision",
    "Document",
    "Event",
    "Incident",
    "LocationPrecision",
    "Mission",
    "Party",
    "Place",
    "PlaceName",
    "Post",
    "Siting",
    "Source",
]

#: Party codes of the shared vocabulary; ``unknown`` stands for "not indicated".
PARTY_CODES = ("AZ", "AM", "NK", "RU", "TR", "unknown")

#: Means that name a weapon (the rest name an act: an advance, a post set up, works).
WEAPONS = (
    "small_arms",
    "sniper",
    "grenade_launcher",
    "grenade",
    "mortar",
    "artillery",
    "mlrs",
    "tank",
    "uav_strike",
    "quadcopter",
)

#: Means of the shared vocabulary (extend, don't fork).
MEANS = (*WEAPONS, "incursion", "post_set_up", "engineering_works", "shelling_unspecified", "other")

#: Means that can describe one event told by different sources: fire of some kind, strikes from the air,
#: moves on the ground.
MEANS_FAMILIES = (
    frozenset(WEAPONS[:8]) | {"shelling_unspecified"},
    frozenset({"uav_strike", "quadcopter"}),
    frozenset({"incursion", "post_set_up", "engineering_works"}),
)

#: How a means reads in a bulletin.
MEANS_LABELS = {
    "small_arms": "small arms",
    "sniper": "sniper fire",
    "grenade_launcher": "grenade launcher",
    "grenade": "hand grenade",
    "mortar": "mortar",
    "artillery": "artillery",
    "mlrs": "multiple rocket launchers",
    "tank": "tank",
    "uav_strike": "strike by unmanned aerial vehicle",
    "quadcopter": "quadcopter",
    "incursion": "advance across the line of contact",
    "post_set_up": "setting up of a post",
    "engineering_works": "engineering works",
    "shelling_unspecified": "shelling (weapon not indicated)",
    "other": "other means",
}

#: Stances of a claim that follow up an advance, and how they read.
FOLLOW_UPS = {"withdrew": "withdrew", "not_withdrawn": "did not withdraw"}

CASUALTY_CATEGORIES = ("servicemen", "civilians", "unknown")
CASUALTY_STATUSES = ("killed", "wounded", "missing", "captured")


class DatePrecision(StrEnum):
    DAY = "day"
    RANGE = "range"
    MONTH = "month"
    REPORTED = "reported"  # the source gives no date: the day it was published stands in


class LocationPrecision(StrEnum):
    """How well an incident's location is known, from best to worst."""

    POINT = "point"  # coordinates or a relative position from a named place
    NEAR = "near"  # near a named place
    DISTRICT = "district"  # only an admin unit is given
    ZONE = "zone"  # only the zone of responsibility / corridor is given
    REGION = "region"  # the whole theatre ("Nagorno-Karabakh")

    @property
    def is_area(self) -> bool:
        """True when the location is an area, never to be drawn as a pin."""
        return self in (LocationPrecision.DISTRICT, LocationPrecision.ZONE, LocationPrecision.REGION)


@dataclass(frozen=True)
class Party:
    code: str
    kind: str  # state, de_facto, monitor
    names: dict[str, str]  # language -> name
    notes: str = ""

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.code


@dataclass(frozen=True)
class PlaceName:
    text: str
    role: str  # en, az, hy, ru, native_az, native_hy, variant, geonames, alternate


@dataclass
class Place:
    id: str
    kind: str
    country: str
    lat: float
    lon: float
    names: list[PlaceName]
    radius_m: float = 1000.0
    approximate: bool = False
    basis: str = ""
    geonames_id: int | None = None
    admin_former: str | None = None
    admin_current: str | None = None
    source: str = ""
    notes: str = ""
    curated: bool = True

    def name_for(self, role: str) -> str | None:
        """The first name with this role (``en``, ``az``, ``hy``, ``ru``...), if any."""
        return next((n.text for n in self.names if n.role == role), None)

    @property
    def is_admin_unit(self) -> bool:
        return self.kind in ("district", "province", "region", "country")


@dataclass(frozen=True)
class Post:
    id: str
    names: dict[str, str]
    kind: str  # hq, permanent_post, temporary_post, monitoring_centre, checkpoint
    zone: str | None
    lat: float
    lon: float
    radius_m: float
    approximate: bool
    basis: str
    active_from: date
    active_to: date | None
    near_place: str | None = None
    source: str = ""
    notes: str = ""
    observation_range_m: float | None = None  # how far it is taken to see; None: not set by the pack

    def active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


@dataclass(frozen=True)
class Area:
    """One version of an area (zone, corridor, line of contact) with its validity interval."""

    id: str
    kind: str
    name: str
    geometry: dict  # GeoJSON geometry, lon/lat
    valid_from: date
    valid_to: date | None
    approximate: bool
    basis: str
    source: str = ""
    error_m: float | None = None  # how far the true line may be from the drawn one; None: not stated

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class CeasefirePoint:
    point: int
    topic: str
    summary: str


@dataclass(frozen=True)
class Mission:
    id: str
    name: str
    timezone: str
    start: date
    term_years: int
    notice_months: int
    monitor: str
    default_names: str
    ended: date | None = None
    ended_note: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    party: str | None  # the party that speaks, if any
    kind: str  # monitor, ministry, de_facto_authority, media, reference
    url: str = ""
    notes: str = ""


@dataclass(frozen=True)
class Document:
    """One published text. Never edited: its id is the SHA-256 of its text."""

    id: str
    text: str
    published: date | None = None
    source: str | None = None
    url: str = ""
    lang: str | None = None
    title: str = ""
    origin: str = ""  # the file (and line) it was read from


@dataclass(frozen=True)
class Casualty:
    side: str
    category: str
    status: str
    count: int

    def __str__(self) -> str:
        return f"{self.count} {self.side} {self.category} {self.status}"


@dataclass
class Event:
    """The fields a claim states and an incident reconciles: when, where, who, what, consequences."""

    date_from: date
    date_to: date
    date_precision: DatePrecision
    location_precision: LocationPrecision
    radius_m: float
    accused: str = "unknown"
    target: str | None = None
    violations: int = 1
    time_from: datetime | None = None  # UTC
    time_to: datetime | None = None  # UTC
    location_text: str = ""
    place_id: str | None = None
    area_ref: str | None = None  # admin unit id or area name for area-precision locations
    rel_km: float | None = None
    rel_dir: str | None = None
    lat: float | None = None
    lon: float | None = None
    means: list[str] = field(default_factory=list)
    consequences: str = ""
    casualties: list[Casualty] = field(default_factory=list)
    no_casualties: bool = False
    breaches: list[int] = field(default_factory=list)

    def on(self, day: date) -> bool:
        """True when the event may have happened on ``day`` (respecting its date range)."""
        return self.date_from <= day <= self.date_to


@dataclass
class Claim(Event):
    """What one source says about one incident."""

    id: str = ""
    source_id: str = ""
    incident_id: str | None = None
    document_id: str | None = None
    span: tuple[int, int] | None = None
    confidence: float = 1.0
    # "asserts" (it happened), "denies" (the accused side says it did not do it), or a follow-up on an
    # advance: "withdrew" (the unit left) and "not_withdrawn" (it did not leave, it is still there)
    stance: str = "asserts"

    @property
    def denies(self) -> bool:
        return self.stance == "denies"

    @property
    def follows_up(self) -> bool:
        return self.stance in FOLLOW_UPS

    @property
    def answers(self) -> bool:
        """A denial or a follow-up: it speaks of an incident on record and founds none."""
        return self.stance != "asserts"


@dataclass(frozen=True)
class Siting:
    """Where an incident's point stands against the areas and posts in force on its first day.

    Computed by :func:`truce.geo.locate.site_incidents`; distances in metres. An incident known only to
    an area has no point: its ``areas`` is None and so is everything else.
    """

    areas: tuple[str, ...] | None  # ids of the area versions holding the point; () = outside all of them
    line_of_contact_m: float | None = None  # None: no line of contact in force that day
    nearest_post: str | None = None  # the nearest post active that day
    nearest_post_m: float | None = None
    observable: bool | None = None  # within a post's observation range; None: no range known


@dataclass
class Incident(Event):
    """The reconciled event, with the claims behind it."""

    id: str = ""
    claims: list[Claim] = field(default_factory=list)
    confirmed_by_monitor: bool = False
    lead_claim: str | None = None  # the claim whose values the incident shows
    siting: Siting | None = None  # None until located (truce.geo.locate)

    @classmethod
    def from_claims(
        cls, incident_id: str, claims: list[Claim], monitor_sources: set[str] = frozenset()
    ) -> Incident:
        """An incident resting on ``claims``. Its fields are the monitor's finding where there is one,
        else the first claim's; what the others say differently shows in the reconciliation view."""
        lead = next((c for c in claims if c.source_id in monitor_sources), claims[0])
        fields = {f.name: getattr(lead, f.name) for f in dataclasses.fields(Event)}
        for claim in claims:
            claim.incident_id = incident_id
        confirmed = any(c.source_id in monitor_sources for c in claims)
        return cls(
            **fields,
            id=incident_id,
            claims=list(claims),
            confirmed_by_monitor=confirmed,
            lead_claim=lead.id or None,
        )
