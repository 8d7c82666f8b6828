"""Incident fields as a bulletin reads them, in a chosen naming convention.

These take model objects and a gazetteer and return text: no I/O. The bulletin, the incidents table and
(later) the comparison of claims all describe an incident through these, so they always agree.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from truce.gazetteer import Gazetteer, place_name
from truce.geo.areas import area_label
from truce.geo.findings import NEAR_POST_M, Finding, FindingKind
from truce.model import (
    MEANS_LABELS,
    Area,
    Casualty,
    Convention,
    Event,
    LocationPrecision,
    Party,
    Post,
    Siting,
)

__all__ = [
    "blamed",
    "casualties_text",
    "date_text",
    "finding_text",
    "km",
    "location_text",
    "means_text",
    "siting_text",
    "time_window",
]

DIRECTIONS = {
    "N": "north",
    "NNE": "north-north-east",
    "NE": "north-east",
    "ENE": "east-north-east",
    "E": "east",
    "ESE": "east-south-east",
    "SE": "south-east",
    "SSE": "south-south-east",
    "S": "south",
    "SSW": "south-south-west",
    "SW": "south-west",
    "WSW": "west-south-west",
    "W": "west",
    "WNW": "west-north-west",
    "NW": "north-west",
    "NNW": "north-north-west",
}


def date_text(start: date, end: date | None = None) -> str:
    """'11 March 2022', or a range '24-25 March 2022'.

    >>> date_text(date(2022, 3, 24), date(2022, 3, 25)), date_text(date(2022, 12, 31), date(2023, 1, 1))
    ('24-25 March 2022', '31 December 2022 - 1 January 2023')
    """
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}-{end.day} {end:%B %Y}"
    return f"{date_text(start)} - {date_text(end)}"


def time_window(event: Event, timezone: str) -> str | None:
    """The time window in the mission's zone ('20:27-20:53'), or None when the source gives none."""
    zone = ZoneInfo(timezone)

    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(zone).strftime("%H:%M") if moment else None

    start, end = local(event.time_from), local(event.time_to)
    if start and end and start != end:
        return f"{start}-{end}"
    return start or end


def location_text(event: Event, gazetteer: Gazetteer, convention: Convention) -> str:
    """Where, in the chosen convention, saying how precisely it is known."""
    precision = event.location_precision
    if precision is LocationPrecision.ZONE:
        return "in the zone of responsibility (place not indicated)"
    if precision is LocationPrecision.REGION:
        return "in the mission's area (place not indicated)"
    if precision is LocationPrecision.DISTRICT:
        unit = gazetteer.get(event.area_ref or "")
        if unit is None:
            return f"in the territory of {event.location_text} (place within it not indicated)"
        name = place_name(unit, convention)
        if unit.id in gazetteer.former_units:  # a unit of the past: say so, and which kind it was
            name = f"the former {name} {unit.kind}"
        return f"in the territory of {name} (place within it not indicated)"
    place = gazetteer.get(event.place_id or "")
    if place is None:
        return event.location_text or "place not indicated"
    name = place_name(place, convention)
    unit = gazetteer.country_unit(place.country) if place.country != gazetteer.home_country else None
    country = f", {place_name(unit, convention)}" if unit else ""
    if event.rel_km is not None and event.rel_dir:
        distance = f"{event.rel_km:g} km {DIRECTIONS.get(event.rel_dir, event.rel_dir)} of {name}"
        return distance + country
    return f"near {name}{country}"


def means_text(event: Event) -> str:
    return ", ".join(MEANS_LABELS.get(m, m) for m in event.means) or "not indicated"


def blamed(event: Event, parties: dict[str, Party]) -> str:
    party = parties.get(event.accused)
    return party.name("en") if party else "not indicated"


def casualties_text(casualties: list[Casualty], no_casualties: bool, parties: dict[str, Party]) -> str:
    """'the Nagorno-Karabakh side, servicemen: 2 killed, 14 wounded; ...', 'no casualties', or 'not
    indicated'. Casualties belong to a side, never to its "forces"."""
    if no_casualties and not casualties:
        return "no casualties"
    if not casualties:
        return "not indicated"
    groups: dict[tuple[str, str], list[str]] = {}
    for c in casualties:
        groups.setdefault((c.side, c.category), []).append(f"{c.count} {c.status}")
    parts = []
    for (side, category), counts in groups.items():
        who = parties[side].side("en") if side in parties else side
        kind = "" if category == "unknown" else f", {category}"
        parts.append(f"{who}{kind}: {', '.join(counts)}")
    return "; ".join(parts)


def km(metres: float) -> str:
    """A distance as reports print it.

    >>> km(966.9), km(43822.6), km(4.0)
    ('1.0 km', '44 km', '0.0 km')
    """
    return f"{metres / 1000:.1f} km" if metres < 10_000 else f"{metres / 1000:.0f} km"


def siting_text(siting: Siting | None, areas: dict[str, Area], posts: dict[str, Post]) -> str:
    """Where an incident's point stands: its areas, the line of contact, the nearest post, its reach."""
    if siting is None:
        return "not located yet (run `truce locate`)"
    if siting.areas is None:
        return "known only to an area: no point to measure"
    inside = [area_label(areas[a]) if a in areas else a for a in siting.areas]
    parts = ["in the " + " and the ".join(inside) if inside else "outside the mission's areas"]
    if siting.line_of_contact_m is not None:
        parts.append(f"{km(siting.line_of_contact_m)} from the line of contact")
    post = posts.get(siting.nearest_post or "")
    if post is not None and siting.nearest_post_m is not None:
        parts.append(f"nearest post {post.names.get('en', post.id)} at {km(siting.nearest_post_m)}")
    if siting.observable is not None:
        parts.append("within reach of a post" if siting.observable else "out of reach of every post")
    return "; ".join(parts)


def finding_text(finding: Finding, areas: dict[str, Area], posts: dict[str, Post]) -> str:
    """A finding as one sentence that says how sure the geometry can be."""
    distance, error = km(finding.distance_m), km(finding.uncertainty_m)
    subject = areas.get(finding.subject)
    if finding.kind is FindingKind.ZONE_ENTRY:
        where = area_label(subject) if subject else finding.subject
        text = (
            "entry into the zone of responsibility: "
            f"the reported position lies in the {where}, {distance} inside its edge"
        )
    elif finding.kind is FindingKind.LINE_CROSSING:
        side = "on the zones' side" if finding.inside else "on the outer side"
        text = (
            f"advance across the line of contact: the reported position lies {distance} from the line, {side}"
        )
    elif finding.kind is FindingKind.NEAR_POST:
        post = posts.get(finding.subject)
        name = post.names.get("en", post.id) if post else finding.subject
        placed = " as placed on the map" if post and post.approximate else ""
        text = f"within {km(NEAR_POST_M)} of a post: {distance} from {name}{placed}"
    else:
        text = (
            f"position outside the mission's region, {distance} beyond its countries: check the coordinates"
        )
    if finding.clear and finding.kind is FindingKind.NEAR_POST:
        return f"{text}, within it even allowing for the uncertainty of the positions ({error})."
    if finding.clear:
        return f"{text}, more than the uncertainty of the positions ({error})."
    return (
        f"{text}; the positions are uncertain by up to {error} together: the map alone does not establish it."
    )
