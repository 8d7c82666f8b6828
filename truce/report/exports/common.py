"""What every export shares: the context it reads incidents in, its provenance, where an incident is (as
the event datasets want it: a named location, admin units, coordinates and what they stand for), and
who says it happened.

No I/O: the record layer (:mod:`truce.record.exports`) reads the store and hands these the model
objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from truce.gazetteer import Gazetteer, place_name
from truce.geo.projection import Projection
from truce.model import (
    Area,
    Casualty,
    Convention,
    Document,
    Incident,
    LocationPrecision,
    Party,
    Profile,
    Source,
    Standing,
)
from truce.report.escape import clean

__all__ = [
    "APPROXIMATE",
    "ExportContext",
    "Provenance",
    "Where",
    "basis_text",
    "killed",
    "party_label",
    "source_names",
    "where",
]

#: What every export says about its positions.
APPROXIMATE = (
    "Positions drawn from descriptions are approximate: a relative position ('2 km north-west of X'), a "
    "place the source only says the incident was near, a district known by its centre, the zones, the "
    "corridor, the line of contact and the posts (whose positions were never published) were placed from "
    "descriptions, not surveyed. Each incident states its precision and the radius it may lie within."
)


@dataclass(frozen=True)
class ExportContext:
    """The record an export reads incidents against: names in ``convention``, parties and sources by
    code, the documents behind claims (claim id -> document), the areas and the metric projection (to
    draw footprints)."""

    gazetteer: Gazetteer
    convention: Convention
    profile: Profile
    parties: dict[str, Party]
    sources: dict[str, Source]
    timezone: str
    documents: Mapping[str, Document] = field(default_factory=dict)
    areas: tuple[Area, ...] = ()
    projection: Projection | None = None


@dataclass(frozen=True)
class Provenance:
    """Where an export comes from and what it holds; every format carries it (a metadata table or
    layer, a member of each GeoJSON layer, or a text file beside a CSV).

    >>> p = Provenance(("nagorno_karabakh",), "NK mission", "Truce", "compiled", "az+hy", "paired",
    ...                datetime(2024, 1, 2, 3, 4, 5), None, date(2022, 3, 31), True, 4, {"reported": 4})
    >>> dict(p.items())["holds"]
    "4 incidents: the monitor's record only (what it observed or reported; the parties' claims left out)"
    >>> dict(p.items())["period"]
    'up to 2022-03-31'
    """

    packs: tuple[str, ...]
    mission: str
    publisher: str
    publisher_basis: str
    convention: str
    convention_label: str
    exported_at: datetime
    date_from: date | None
    date_to: date | None
    monitor_only: bool
    incidents: int
    by_standing: Mapping[str, int]
    notes: tuple[tuple[str, str], ...] = ()  # what a format adds: its codebook, the columns left empty

    def items(self) -> list[tuple[str, str]]:
        return [
            ("written_by", "Truce, from its record"),
            ("pack", ", ".join(self.packs) or "none loaded"),
            ("mission", self.mission),
            ("publisher", f"{self.publisher}: {self.publisher_basis}"),
            ("exported_at", self.exported_at.isoformat(timespec="seconds")),
            ("names", f"{self.convention}: {self.convention_label}"),
            ("period", self.period),
            ("holds", self.holds),
            ("positions", APPROXIMATE),
            ("coordinates", "WGS 84 (EPSG:4326), decimal degrees"),
            *self.notes,
        ]

    @property
    def period(self) -> str:
        if self.date_from and self.date_to:
            return f"{self.date_from.isoformat()} to {self.date_to.isoformat()}"
        if self.date_from:
            return f"from {self.date_from.isoformat()}"
        if self.date_to:
            return f"up to {self.date_to.isoformat()}"
        return "the whole record"

    @property
    def holds(self) -> str:
        if self.monitor_only:
            return (
                f"{self.incidents} incidents: the monitor's record only (what it observed or reported; "
                "the parties' claims left out)"
            )
        counts = ", ".join(
            f"{self.by_standing.get(s.value, 0)} {WHO[s]}" for s in Standing if self.by_standing.get(s.value)
        )
        return f"{self.incidents} incidents, all of the record: {counts or 'none'}"

    def text(self) -> str:
        """The provenance as ``key: value`` lines, each value on one line."""
        return "".join(f"{key}: {clean(value)}\n" for key, value in self.items())


WHO = {
    Standing.OBSERVED: "observed by the monitor's observers",
    Standing.REPORTED: "reported by the monitor",
    Standing.CLAIMED: "claimed by a party or an outlet alone, not confirmed by the monitor",
}


@dataclass(frozen=True)
class Where:
    """Where an incident is, the way event datasets record it."""

    location: str  # the named location (a place, a unit, the zone, the region), in the convention
    country: str | None  # the country code of the location
    admin1: str | None  # the current first-order unit, when one is known
    latitude: float | None  # None: the incident is known only to an area with no centre to stand for it
    longitude: float | None
    coordinates: str  # what the coordinates stand for
    unit: str | None = None  # the admin unit an area incident names (its id)


def where(incident: Incident, context: ExportContext) -> Where:
    """The location of ``incident``: for a point or a place, its position; for a district, the centre of
    the unit (as ACLED and UCDP code an area they know only by name); for the zone or the region, no
    coordinates at all rather than an invented point."""
    gazetteer, convention = context.gazetteer, context.convention
    precision = incident.location_precision
    if precision is LocationPrecision.DISTRICT:
        unit = gazetteer.get(incident.area_ref or "")
        if unit is None:
            home = gazetteer.home_country
            return Where(incident.location_text or "not indicated", home, None, None, None, "not known")
        name = place_name(unit, convention)
        current = unit.id not in gazetteer.former_units and _first_order(unit.admin_current, gazetteer)
        return Where(
            name,
            unit.country,
            name if current else None,
            unit.lat,
            unit.lon,
            f"the centre of {name}: the incident lies somewhere in the unit, within about "
            f"{incident.radius_m / 1000:g} km",
            unit.id,
        )
    if precision in (LocationPrecision.ZONE, LocationPrecision.REGION):
        region = context.profile.region
        if precision is LocationPrecision.ZONE:
            area = {"zone": "zone of responsibility"}.get(
                incident.area_ref or "", incident.area_ref or "zone"
            )
            location = f"{region}: the {area}"
        else:
            location = region
        return Where(location, gazetteer.home_country, None, None, None, "none: known only to an area")
    place = gazetteer.get(incident.place_id or "")
    name = place_name(place, convention) if place else (incident.location_text or "not indicated")
    admin1 = None
    if place is not None:
        unit = (
            place
            if place.is_admin_unit and place.kind != "country"
            else gazetteer.get(place.admin_current or "")
        )
        if unit is not None and unit.kind != "country" and unit.id not in gazetteer.former_units:
            admin1 = place_name(unit, convention)
    if precision is LocationPrecision.POINT:
        stands = f"the reported position, within {incident.radius_m:g} m"
    else:
        stands = f"the position of {name}: the incident was near it, within {incident.radius_m:g} m"
    return Where(name, place.country if place else None, admin1, incident.lat, incident.lon, stands, None)


def _first_order(parent: str | None, gazetteer: Gazetteer) -> bool:
    """True when a unit whose current parent is ``parent`` is a first-order division (of a country)."""
    unit = gazetteer.get(parent or "")
    return unit is not None and unit.kind == "country"


def killed(casualties: list[Casualty]) -> int:
    """How many people the casualties count as killed.

    >>> killed([Casualty("NK", "servicemen", "killed", 2), Casualty("NK", "servicemen", "wounded", 14)])
    2
    """
    return sum(c.count for c in casualties if c.status == "killed")


def party_label(party: Party) -> str:
    """A party's neutral English name as a dataset's actor: without the article, capitalised.

    >>> party_label(Party("AZ", "state", {"en": "the armed forces of Azerbaijan"}))
    'Armed forces of Azerbaijan'
    """
    name = party.name("en").removeprefix("the ")
    return name[:1].upper() + name[1:]


def source_names(incident: Incident, context: ExportContext) -> list[str]:
    """The sources behind an incident's claims, by name, once each, in the order of its claims."""
    names: list[str] = []
    for claim in incident.claims:
        source = context.sources.get(claim.source_id)
        name = source.name if source else claim.source_id
        if name not in names:
            names.append(name)
    return names


def basis_text(incident: Incident, context: ExportContext) -> str:
    """Whether the monitor observed or reported the incident, or which party or outlet claims it, and
    who denies the blame: one sentence or two, for an export's notes."""

    def named(ids: list[str]) -> str:
        return ", ".join(context.sources[s].name if s in context.sources else s for s in ids)

    asserting = [c for c in incident.claims if not c.answers]
    monitor = sorted({c.source_id for c in asserting if c.standing.monitor})
    others = sorted({c.source_id for c in asserting if not c.standing.monitor})
    if incident.standing is Standing.OBSERVED:
        text = f"Observed by the monitor's observers ({named(monitor)})."
    elif incident.standing is Standing.REPORTED:
        text = f"Reported by the monitor ({named(monitor)})."
    else:
        text = f"Claimed by {named(others) or 'a source not recorded'}; not confirmed by the monitor."
    if others and incident.standing.monitor:
        text += f" Also stated by {named(others)}."
    deniers = sorted({c.source_id for c in incident.claims if c.denies})
    if deniers:
        text += f" The blame is denied by {named(deniers)}."
    return text
