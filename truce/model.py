"""The concepts of Truce as plain typed objects. No I/O here.

Everything the cores (gazetteer, reports, later extraction and reconciliation) take and return is one
of these. The store maps them to tables; the pack loader builds them from data files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

__all__ = [
    "ACTIVITY_FIGURES",
    "ACTIVITY_KINDS",
    "FOLLOW_UPS",
    "MEANS",
    "MEANS_FAMILIES",
    "PARTY_CODES",
    "WEAPONS",
    "Activity",
    "Area",
    "BulletinVersion",
    "Casualty",
    "CeasefirePoint",
    "Claim",
    "Convention",
    "DatePrecision",
    "Document",
    "Event",
    "Incident",
    "LocationPrecision",
    "Mission",
    "MonitorFinding",
    "Observation",
    "Party",
    "Place",
    "PlaceName",
    "Post",
    "PostGroup",
    "Profile",
    "PublicKey",
    "Retraction",
    "Signature",
    "Siting",
    "Source",
    "Standing",
    "Verdict",
    "local",
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

#: Means that say what was done (an advance, a post set up, drone strikes): a claim of several violations
#: with them itemises them, however many it numbers; without them and without a place it is a count.
ITEMISING_MEANS = frozenset({"incursion", "post_set_up", "engineering_works", "uav_strike", "quadcopter"})

#: Stances of a claim that follow up an advance, and how they read.
FOLLOW_UPS = {"withdrew": "withdrew", "not_withdrawn": "did not withdraw"}

CASUALTY_CATEGORIES = ("servicemen", "civilians", "unknown")
CASUALTY_STATUSES = ("killed", "wounded", "missing", "captured")


class Standing(StrEnum):
    """Who says it: the monitor's own record, or somebody's claim. A bulletin counts only the first two."""

    OBSERVED = "observed"  # the mission's own observers saw it (a post, a patrol, a UAV flight)
    REPORTED = "reported"  # the monitor's published report
    CLAIMED = "claimed"  # a party's or an outlet's claim, always attributed to its speaker

    @property
    def monitor(self) -> bool:
        return self is not Standing.CLAIMED


class Verdict(StrEnum):
    """What the monitor settles about an incident, beside the claims (its finding)."""

    VIOLATION = "violation"  # a ceasefire violation: the monitor's record counts it
    NOT_ESTABLISHED = "not_established"  # the monitor could not establish what happened
    UNFOUNDED = "unfounded"  # it did not happen as claimed: the monitor's record does not count it
    WITHDRAWN = "withdrawn"  # an earlier finding is withdrawn: the incident rests on its claims again


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
    """A side or a monitor, named neutrally: ``names`` for its forces ("the armed forces of Azerbaijan"),
    ``sides`` for the side as a whole, which is what casualties and civilians belong to ("the
    Azerbaijani side"), never "forces civilians"."""

    code: str
    kind: str  # state, de_facto, monitor
    names: dict[str, str]  # language -> name
    notes: str = ""
    country: str | None = None  # the country whose territory it holds or comes from
    sides: dict[str, str] = field(default_factory=dict)  # language -> the side as a whole
    # language -> the words a text uses of it, for extraction ("Northlake", "northlakish"; parties.csv)
    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def name(self, lang: str = "en") -> str:
        return self.names.get(lang) or self.names.get("en") or self.code

    def side(self, lang: str = "en") -> str:
        return self.sides.get(lang) or self.sides.get("en") or self.name(lang)


@dataclass(frozen=True)
class PlaceName:
    text: str
    role: str  # en, az, hy, ru, native_az, native_hy, variant, geonames, alternate
    # the matching keys of the text (truce.gazetteer.names fold and sound), when computed ahead
    key: str = ""
    sound_key: str = ""


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
    # inside the area whose names are disputed (the pack says where): there the naming convention chooses
    # between the sides' names; elsewhere a place has its official name in every neutral convention
    disputed: bool = False

    def name_for(self, role: str) -> str | None:
        """The first name with this role (``en``, ``az``, ``hy``, ``ru``...), if any."""
        return self._first_names.get(role)

    @cached_property
    def _first_names(self) -> dict[str, str]:
        # asked for every place of every output line, and a place has dozens of names and variants
        first: dict[str, str] = {}
        for name in self.names:
            first.setdefault(name.role, name.text)
        return first

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
    summary: str  # in English
    summaries: dict[str, str] = field(default_factory=dict)  # other languages -> summary

    def summary_in(self, lang: str) -> str:
        return self.summaries.get(lang) or self.summary


#: What a mission does or reports besides violations (issue 12): escorts and passages through a
#: corridor, humanitarian deliveries, returns of displaced people, demining, medical aid, exchanges of
#: bodies and detainees, appeals to a party, restrictions of freedom of movement, and the mission's own
#: milestones (a post or a monitoring centre opened or closed).
ACTIVITY_KINDS = (
    "escort",
    "passage",
    "delivery",
    "return",
    "demining",
    "medical",
    "exchange",
    "appeal",
    "restriction",
    "mission",
)
#: What an activity may count: people (returned, escorted, treated), vehicles, tonnes of goods, bodies,
#: detainees, explosive objects, hectares cleared, personnel.
ACTIVITY_FIGURES = ("people", "vehicles", "tonnes", "bodies", "detainees", "objects", "hectares", "personnel")


@dataclass(frozen=True)
class Activity:
    """The mission's other work, or a restriction of it, with its source like a claim.

    A one-day activity has no ``date_to``; a restriction still in force at the end of what the sources
    say is ``ongoing`` (no end is recorded, which is not the same as "still closed today").
    """

    id: str
    kind: str  # one of ACTIVITY_KINDS
    date_from: date
    summaries: dict[str, str]  # language -> what happened, in the record's own words ("en" always)
    source_id: str
    standing: Standing
    date_to: date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    ongoing: bool = False
    actor: str = ""  # who did it, as the source puts it ("the peacekeeping contingent")
    party: str | None = None  # the actor's party, when it is one
    addressee: str | None = None  # the party an appeal is made to, or a restriction bars
    place_id: str | None = None
    area_id: str | None = None
    location_text: str = ""
    figures: dict[str, float] = field(default_factory=dict)  # ACTIVITY_FIGURES -> number
    basis: str = ""  # where the record has it from

    def on(self, day: date) -> bool:
        """Under way on ``day``: its day, within its range, or since its start when no end is recorded."""
        if day < self.date_from:
            return False
        if self.ongoing:
            return True
        return day <= (self.date_to or self.date_from)

    def summary_in(self, lang: str) -> str:
        return local(self.summaries, lang)


@dataclass(frozen=True)
class Convention:
    """A naming convention: which of a place's name roles an output shows, in order.

    ``single_side`` conventions (one party's usage everywhere) are chosen on purpose by a reader; the
    others are neutral: outside the disputed area they show a place's official name only.
    """

    code: str
    roles: tuple[str, ...]
    labels: dict[str, str]  # language -> how the convention is described to a reader
    single_side: bool = False
    official: dict[str, tuple[str, ...]] = field(default_factory=dict)  # country -> its official roles

    @property
    def label(self) -> str:
        return local(self.labels, "en")


@dataclass(frozen=True)
class PostGroup:
    """A section of the deployment: posts of one kind (and zone), under a title."""

    kind: str
    zone: str | None
    titles: dict[str, str]  # language -> title


@dataclass(frozen=True)
class Profile:
    """What a mission pack says about its theatre beyond the mandate: everything code must not assume.

    Read from ``pack.toml`` (see docs/pack-format.md) and stored with the mission.
    """

    region: str  # the theatre's name, for "the whole region"
    bounds: tuple[float, float, float, float]  # lat min, lat max, lon min, lon max: plausible positions
    countries: dict[str, str]  # country code -> English name
    conventions: dict[str, Convention]
    official_roles: dict[str, tuple[str, ...]]  # country -> the name roles of its official names
    publisher: dict[str, str]  # language -> who publishes the bulletins compiled from this record
    publisher_basis: dict[str, str]  # language -> on what basis ("compiled from the Russian MoD's bulletins")
    speaks_as_monitor: bool  # True only for a mission's own pack
    post_groups: tuple[PostGroup, ...]
    zones: tuple[str, ...]  # the names of the zones of responsibility and corridors posts belong to
    belligerents: tuple[str, ...]  # the party codes that fight (who denies, who is "the adversary")
    # speaker -> {where: the side it calls "the adversary"}; kin word -> {where: the side it means}. Where:
    # the country of the places a statement names, "border" when it speaks of the state border, "*" else
    adversary: dict[str, dict[str, str]]
    kin: dict[str, dict[str, str]]
    colours: dict[str, str]  # party code or country code -> colour on maps
    observers: str  # the source id under which the mission's own observers record
    map_notes: tuple[dict[str, str], ...] = ()  # what a map of this pack must say, by language
    mission_names: dict[str, str] = field(default_factory=dict)  # language -> the mission's name
    cutoff: str = "08:00"  # the local time of the morning after that a bulletin is "as of"
    log_origin: str = "truce"  # the name of the log in its checkpoints (c2sp.org/tlog-checkpoint origin)
    signers: dict[str, dict[str, str]] = field(default_factory=dict)  # side code -> its name by language
    # party code -> the id of a place it held, on its side of the line of contact, while the line stood:
    # which side of the line a position lies on is told by these places (truce.geo.findings)
    line_sides: dict[str, str] = field(default_factory=dict)

    def convention(self, code: str) -> Convention:
        """The convention called ``code``; an unknown one is an :class:`~truce.errors.InputError`."""
        from truce.errors import InputError

        if code not in self.conventions:
            known = ", ".join(self.conventions)
            raise InputError(f"--names: unknown naming convention '{code}'; use one of {known}")
        return self.conventions[code]

    def adversary_of(self, speaker: str | None, where: set[str]) -> str | None:
        """The side ``speaker`` calls "the adversary" in a statement about ``where`` (see ``adversary``)."""
        return _by_place(self.adversary.get(speaker or "", {}), where)

    def side_of(self, kin: str, where: set[str]) -> str | None:
        """The side a kin word ("armenian") means in a statement about ``where`` (see ``kin``)."""
        return _by_place(self.kin.get(kin, {}), where)


def local(texts: dict[str, str], lang: str) -> str:
    """A text of a pack in ``lang``, else in English (the pack's every text has English).

    >>> local({"en": "Headquarters", "ru": "Штаб"}, "ru"), local({"en": "Headquarters"}, "ru")
    ('Штаб', 'Headquarters')
    """
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def _by_place(sides: dict[str, str], where: set[str]) -> str | None:
    return next((sides[k] for k in sorted(where) if k in sides), sides.get("*"))


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
    """Who speaks. A source of kind ``monitor`` publishes the monitor's reports; ``observers`` are the
    mission's own observers; every other kind is a claimant, attributed by name."""

    id: str
    name: str
    party: str | None  # the party that speaks, if any
    kind: str  # monitor, observers, ministry, de_facto_authority, media, reference, other, unclassified
    url: str = ""
    notes: str = ""
    aliases: tuple[str, ...] = ()  # other names a document may give it ("RU MoD", "Минобороны России")
    names: dict[str, str] = field(default_factory=dict)  # its name in other languages

    def name_in(self, lang: str) -> str:
        return self.names.get(lang) or self.name

    @property
    def standing(self) -> Standing:
        """The standing of what this source says."""
        if self.kind == "observers":
            return Standing.OBSERVED
        return Standing.REPORTED if self.kind == "monitor" else Standing.CLAIMED


@dataclass(frozen=True)
class Retraction:
    """Why a document no longer counts: it stays in the record, marked, and its claims stop counting."""

    by: str
    at: datetime
    reason: str


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
    retraction: Retraction | None = None
    ingested_at: datetime | None = None
    claims: int = 0  # how many claims were read from it (when read back from the store)
    # other publications of the same text: (source id, address, publication date)
    publications: tuple[tuple[str, str, date | None], ...] = ()


@dataclass(frozen=True)
class Casualty:
    side: str
    category: str
    status: str
    count: int

    def __str__(self) -> str:
        return f"{self.count} {self.side} {self.category} {self.status}"

    @classmethod
    def parse(cls, text: str, sides: Iterable[str], most: int = 10_000) -> Casualty:
        """A casualty written 'SIDE category status count' ("NK servicemen wounded 2"); a ValueError
        says what is wrong.

        >>> Casualty.parse("NK servicemen wounded 2", ["AZ", "NK"])
        Casualty(side='NK', category='servicemen', status='wounded', count=2)
        """
        parts = text.split()
        if len(parts) != 4:
            raise ValueError(f"'{text}' is not 'SIDE category status count'")
        side, category, status, count = parts
        for value, allowed in (
            (side, sorted(sides)),
            (category, CASUALTY_CATEGORIES),
            (status, CASUALTY_STATUSES),
        ):
            if value not in allowed:
                raise ValueError(f"'{value}' in '{text}' is not one of {', '.join(allowed)}")
        if not count.isdigit() or not 0 < int(count) <= most:
            raise ValueError(f"'{count}' in '{text}' is not a count between 1 and {most}")
        return cls(side, category, status, int(count))


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
    consequences: str = ""  # in English
    consequences_in: dict[str, str] = field(default_factory=dict)  # other languages -> consequences
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
    standing: Standing = Standing.CLAIMED
    # what is implausible about it, never silently kept nor silently dropped: "date_after_publication",
    # "date_outside_mission", "count_implausible", "point_outside_region", "distance_implausible"...
    flags: list[str] = field(default_factory=list)

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
class MonitorFinding:
    """The monitor's finding on an incident, set by an analyst; a later finding supersedes it.

    Each field left None is left to the claims; ``accused`` "unknown" says who fired was not established.
    The place is kept as resolved when the finding was made (name, point, radius), so that applying it
    needs no gazetteer.
    """

    incident_id: str
    verdict: Verdict
    analyst: str
    decided_at: datetime
    note: str = ""
    accused: str | None = None
    means: tuple[str, ...] | None = None
    date_from: date | None = None
    date_to: date | None = None
    place_id: str | None = None
    location_text: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_m: float | None = None
    id: int | None = None

    def apply(self, incident: Incident) -> None:
        """Show the finding on ``incident``: its values over the lead claim's, and the standing it gives."""
        incident.verdict = None if self.verdict is Verdict.WITHDRAWN else self.verdict
        if self.verdict is Verdict.WITHDRAWN:
            return
        if self.verdict is Verdict.VIOLATION and incident.standing is Standing.CLAIMED:
            incident.standing = Standing.REPORTED  # the monitor's own record now holds it
        elif self.verdict is Verdict.UNFOUNDED:
            incident.standing = Standing.CLAIMED  # claims alone, which the monitor found unfounded
        if self.accused is not None:
            incident.accused = self.accused
        if self.means is not None:
            incident.means = list(self.means)
        if self.date_from is not None:
            incident.date_from, incident.date_to = self.date_from, self.date_to or self.date_from
            incident.date_precision = (
                DatePrecision.DAY if incident.date_from == incident.date_to else DatePrecision.RANGE
            )
            if incident.time_from and incident.time_from.date() != incident.date_from:
                incident.time_from = incident.time_to = None  # the claim's hour was of another day
        if self.place_id is not None:
            incident.place_id, incident.location_text = self.place_id, self.location_text or ""
            incident.lat, incident.lon, incident.radius_m = self.lat, self.lon, self.radius_m or 0.0
            incident.location_precision = LocationPrecision.NEAR
            incident.rel_km = incident.rel_dir = incident.area_ref = None


@dataclass(frozen=True)
class Observation:
    """How the mission's own observers saw an incident: the claim holds what was seen, this who saw it."""

    claim_id: str
    post_id: str  # the post, patrol base or UAV unit, active that day
    platform: str  # post, patrol or uav
    observer: str  # who recorded it
    recorded_at: datetime
    fire_from: str | None = None  # the compass direction fire came from, where seen
    fired_by: str | None = None  # the party seen firing; None: not determined


@dataclass(frozen=True)
class PublicKey:
    """A monitoring side's public signing key, as registered; retired keys still verify."""

    name: str
    side: str
    verifier: str  # the verifier key text (c2sp.org/signed-note)
    created_at: datetime
    retired_at: datetime | None = None


@dataclass(frozen=True)
class Signature:
    side: str
    key_name: str
    signature: str  # base64 Ed25519 signature of the manifest's canonical bytes
    signed_at: datetime


@dataclass(frozen=True)
class BulletinVersion:
    """A bulletin as drafted and signed: its manifest (what is signed: the files' digests and the log's
    checkpoint it rests on), its files, and the sides' signatures. Published, it never changes."""

    id: str
    day: date
    version: int
    status: str  # draft, published
    manifest: str  # canonical JSON
    drafted_at: datetime
    corrects: str | None = None
    reason: str = ""
    published_at: datetime | None = None
    signatures: tuple[Signature, ...] = ()
    files: dict[str, bytes] = field(default_factory=dict)


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
    standing: Standing = Standing.CLAIMED  # the best standing of its claims (see :func:`standing_of`)
    lead_claim: str | None = None  # the claim whose values the incident shows
    siting: Siting | None = None  # None until located (truce.geo.locate)
    verdict: Verdict | None = None  # the monitor's finding, where an analyst has set one

    @property
    def by_monitor(self) -> bool:
        """Observed or reported by the monitor: what a bulletin counts."""
        return self.standing.monitor

    @property
    def claimants(self) -> list[str]:
        """The sources whose claims alone (not the monitor's) the incident rests on, sorted."""
        return sorted({c.source_id for c in self.claims if not c.standing.monitor and not c.answers})

    @classmethod
    def from_claims(
        cls, incident_id: str, claims: list[Claim], finding: MonitorFinding | None = None
    ) -> Incident:
        """An incident resting on ``claims``. Its fields are the monitor's ``finding`` where an analyst
        set one, else the monitor's claims' (its observers' first), else the first claim's; what the
        others say differently shows in the reconciliation view."""
        lead = min(claims, key=lambda c: (c.answers, _RANK[c.standing]))
        fields = {f.name: getattr(lead, f.name) for f in dataclasses.fields(Event)}
        for claim in claims:
            claim.incident_id = incident_id
        standing = standing_of(claims)
        incident = cls(
            **fields, id=incident_id, claims=list(claims), standing=standing, lead_claim=lead.id or None
        )
        if finding is not None:
            finding.apply(incident)
        return incident


_RANK = {Standing.OBSERVED: 0, Standing.REPORTED: 1, Standing.CLAIMED: 2}


def standing_of(claims: list[Claim]) -> Standing:
    """The best standing among claims that assert something: a denial by the monitor proves nothing.

    >>> day = date(2022, 3, 11)
    >>> def claim(standing, stance="asserts"):
    ...     zone = LocationPrecision.ZONE
    ...     return Claim(day, day, DatePrecision.DAY, zone, 1, stance=stance, standing=standing)
    >>> standing_of([claim(Standing.CLAIMED), claim(Standing.REPORTED)]).value
    'reported'
    >>> standing_of([claim(Standing.REPORTED, "denies"), claim(Standing.CLAIMED)]).value
    'claimed'
    """
    asserting = [c.standing for c in claims if not c.answers]
    return min(asserting, key=_RANK.__getitem__, default=Standing.CLAIMED)
