"""Incidents as ACLED-style rows: ACLED's column names and codes, one row per incident.

Read against the ACLED codebook (acleddata.com, "ACLED Codebook", 2023 and 2024 editions; the column
list and the time and geography precision codes as the acledR package documents them). The choices
made where Truce's record and ACLED's categories do not meet one to one:

**Event types.** An incident takes the first row of this table that one of its means matches (an
exchange of fire with explosions in it is one battle: ACLED merges explosions reported in an ongoing
battle into the battle):

    Truce means                      event_type / sub_event_type, and why
    -------------------------------  ----------------------------------------------------------------
    small_arms, sniper               Battles / Armed clash: armed, organised groups fire on each
                                     other; no change of territory reported
    uav_strike, quadcopter           Explosions/Remote violence / Air/drone strike: any
                                     air-to-ground attack, drones included
    mortar, artillery, mlrs, tank,   Explosions/Remote violence / Shelling/artillery/missile attack:
    shelling_unspecified             "artillery either stand-alone or tank based, mortars, or guided
                                     missiles"
    grenade_launcher                 Explosions/Remote violence / Shelling/artillery/missile attack:
                                     ACLED codes rocket-propelled grenades here "given their
                                     similarities to artillery"
    grenade                          Explosions/Remote violence / Grenade: a grenade thrown
    post_set_up                      Strategic developments / Headquarters or base established: an
                                     armed group sets up a (semi-)permanent base or position
    incursion                        Strategic developments / Change to group/activity: a move of
                                     troops across the line of contact; the record does not say that
                                     control of the ground passed, so not "Non-violent transfer of
                                     territory"
    engineering_works, other         Strategic developments / Other: none of ACLED's named
                                     developments
    none stated                      Battles / Armed clash: a ceasefire violation whose weapon the
                                     source does not name; ACLED codes this theatre's ceasefire
                                     violations as battles for the most part (its methodology note
                                     on Central Asia and the Caucasus). Tagged ``means=not
                                     indicated`` so that a reader can set them apart.

``disorder_type`` follows the event type ("Political violence" for battles and explosions, "Strategic
developments" for the rest).

**Actors.** ``actor1`` is the party the incident's lead claim blames, ``actor2`` the party fired at
(ACLED's actors carry no direction; here the order is kept so that a reader knows who was blamed).
Parties keep Truce's neutral names. A blame not indicated gives "Unidentified armed group (COUNTRY)"
with no inter code: ACLED's own code for unidentified groups (3, political militia) would say more
than the source does. Inter codes follow the party's kind: a state's forces 1 (State forces), de facto
forces 2 (Rebel groups: armed forces of an authority no state recognises, fighting the government of
the country the ground belongs to), a monitor 8 (External/Other forces, as ACLED codes peacekeepers).
``interaction`` is the two codes, lowest first (12: state forces and rebels), or the one code and 0
(10: state forces alone) when there is one actor; empty when an actor is unidentified.

**Precision.** ``time_precision``: 1 for a day; 2 for a range of up to 7 days (``event_date`` its
middle day, rounded down) or a date the source did not give (the publication day stands in); 3 for a
month or a longer range. ``geo_precision``: 1 for a position (coordinates or a relative position from a
named place), 2 for "near" a named place, 3 for a district (coordinates: the unit's centre, as ACLED
codes a region it knows only by name), the zone or the region (no coordinates: no point stands for
them).

**Left empty**, rather than invented: ``assoc_actor_1``, ``assoc_actor_2``, ``admin2``, ``admin3`` (the
pack holds first-order units only), ``civilian_targeting`` (the record says who was hit, not whom the
fire was aimed at; civilian casualties are in ``notes``).

``event_id_cnty`` is Truce's incident id (ACLED's own ids do not exist for these events); ``iso`` the
ISO 3166-1 numeric code; ``fatalities`` the killed the lead claim counts; ``source`` the sources behind
the incident's claims; ``source_scale`` from their kind (the monitor and foreign sources International,
a party's own ministry National, a de facto authority Subnational, anything else Other); ``notes``
say whether the monitor observed or reported the incident, or which party or outlet claims it;
``timestamp`` the time of the export.
"""

from __future__ import annotations

from datetime import date, timedelta

from truce.model import DatePrecision, Incident, LocationPrecision
from truce.report import describe
from truce.report.escape import clean
from truce.report.exports.codes import ACLED_REGIONS, ISO_NUMERIC
from truce.report.exports.common import (
    ExportContext,
    Where,
    basis_text,
    killed,
    party_label,
    source_names,
    where,
)

__all__ = ["ACLED_FIELDS", "EVENT_TYPES", "INTER_CODES", "acled_row", "acled_rows", "event_type"]

ACLED_FIELDS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)

BATTLES, EXPLOSIONS, STRATEGIC = "Battles", "Explosions/Remote violence", "Strategic developments"

#: (means, event type, sub-event type), in the order they win (see the table above).
EVENT_TYPES: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"small_arms", "sniper"}), BATTLES, "Armed clash"),
    (frozenset({"uav_strike", "quadcopter"}), EXPLOSIONS, "Air/drone strike"),
    (
        frozenset({"mortar", "artillery", "mlrs", "tank", "shelling_unspecified", "grenade_launcher"}),
        EXPLOSIONS,
        "Shelling/artillery/missile attack",
    ),
    (frozenset({"grenade"}), EXPLOSIONS, "Grenade"),
    (frozenset({"post_set_up"}), STRATEGIC, "Headquarters or base established"),
    (frozenset({"incursion"}), STRATEGIC, "Change to group/activity"),
    (frozenset({"engineering_works", "other"}), STRATEGIC, "Other"),
)
NOT_STATED = (BATTLES, "Armed clash")  # a ceasefire violation whose weapon is not named

DISORDER = {
    BATTLES: "Political violence",
    EXPLOSIONS: "Political violence",
    STRATEGIC: "Strategic developments",
}

#: A party's kind -> ACLED's inter code.
INTER_CODES = {"state": 1, "de_facto": 2, "monitor": 8}

#: A source's kind -> ACLED's source scale when it speaks of its own country (else International).
SCALES = {"ministry": "National", "de_facto_authority": "Subnational"}


def event_type(means: list[str]) -> tuple[str, str]:
    """ACLED's event type and sub-event type for an incident's means.

    >>> event_type(["incursion", "post_set_up", "uav_strike"])
    ('Explosions/Remote violence', 'Air/drone strike')
    >>> event_type(["mortar", "small_arms"]), event_type([])
    (('Battles', 'Armed clash'), ('Battles', 'Armed clash'))
    >>> event_type(["incursion", "engineering_works"])
    ('Strategic developments', 'Change to group/activity')
    """
    for matched, kind, sub in EVENT_TYPES:
        if matched.intersection(means):
            return kind, sub
    return NOT_STATED


def time_precision(incident: Incident) -> tuple[date, int]:
    """The date ACLED records and its precision (1 day, 2 week, 3 month).

    >>> from truce.model import DatePrecision as P, LocationPrecision as L
    >>> def at(start, end, p):
    ...     return Incident(start, end, p, L.NEAR, 1000)
    >>> time_precision(at(date(2022, 3, 24), date(2022, 3, 25), P.RANGE))
    (datetime.date(2022, 3, 24), 2)
    >>> time_precision(at(date(2022, 3, 1), date(2022, 3, 31), P.MONTH))
    (datetime.date(2022, 3, 16), 3)
    """
    span = (incident.date_to - incident.date_from).days + 1
    middle = incident.date_from + timedelta(days=(span - 1) // 2)
    if incident.date_precision is DatePrecision.DAY and span == 1:
        return incident.date_from, 1
    if incident.date_precision is DatePrecision.REPORTED or span <= 7:
        return middle, 2
    return middle, 3


def geo_precision(incident: Incident) -> int:
    """1 a position, 2 near a named place, 3 an area (a district, the zone, the region)."""
    if incident.location_precision is LocationPrecision.POINT:
        return 1
    return 2 if incident.location_precision is LocationPrecision.NEAR else 3


def actor_name(code: str, context: ExportContext, country: str | None) -> str:
    party = context.parties.get(code)
    if party is None:
        place = context.profile.countries.get(country or "", country or "")
        return f"Unidentified armed group ({place})" if place else "Unidentified armed group"
    return party_label(party)


def inter_code(code: str | None, context: ExportContext) -> int | None:
    party = context.parties.get(code or "")
    return INTER_CODES.get(party.kind) if party else None


def interaction(first: int | None, second: int | None, two_actors: bool) -> int | None:
    """ACLED's interaction code: the two inter codes, lowest first; an actor alone with 0.

    >>> interaction(2, 1, True), interaction(1, None, False), interaction(None, 2, True)
    (12, 10, None)
    """
    if first is None or (two_actors and second is None):
        return None
    if not two_actors:
        return first * 10
    low, high = sorted((first, second))  # type: ignore[type-var]
    return low * 10 + high


def source_scale(incident: Incident, context: ExportContext, country: str | None) -> str:
    scales: list[str] = []
    for claim in incident.claims:
        source = context.sources.get(claim.source_id)
        party = context.parties.get(source.party or "") if source else None
        if source is None:
            scale = "Other"
        elif source.kind == "monitor" or (party is not None and party.country != country):
            scale = "International"
        else:
            scale = SCALES.get(source.kind, "Other")
        if scale not in scales:
            scales.append(scale)
    return "-".join(scales)


def notes(incident: Incident, context: ExportContext, place: Where) -> str:
    """ACLED's short description: when and where, what happened, who is blamed, casualties, who says it,
    and how well the position is known."""
    when = describe.date_text(incident.date_from, incident.date_to)
    at = describe.location_text(incident, context.gazetteer, context.convention)
    what = clean(incident.consequences).rstrip(".")
    casualties = describe.casualties_text(incident.casualties, incident.no_casualties, context.parties)
    count = (
        f"{incident.violations} ceasefire violations" if incident.violations > 1 else "A ceasefire violation"
    )
    parts = [
        f"On {when}, {at}: {what}." if what else f"On {when}, {at}: {count.lower()}.",
        f"{count}." if what and incident.violations > 1 else "",
        f"Means: {describe.means_text(incident)}.",
        f"Blamed: {describe.blamed(incident, context.parties)}.",
        f"Casualties: {casualties}.",
        basis_text(incident, context),
        f"Coordinates: {place.coordinates}.",
    ]
    return " ".join(p for p in parts if p)


def acled_row(incident: Incident, context: ExportContext, timestamp: int) -> dict:
    """One incident as an ACLED row (values as numbers and text; the writer escapes them)."""
    place = where(incident, context)
    day, precision = time_precision(incident)
    kind, sub = event_type(incident.means)
    target = incident.target if incident.target in context.parties else None
    inter1, inter2 = inter_code(incident.accused, context), inter_code(target, context)
    tags = [
        f"standing={incident.standing.value}",
        f"violations={incident.violations}",
        f"location_precision={incident.location_precision.value}",
        f"radius_m={incident.radius_m:g}",
        f"date_precision={incident.date_precision.value}",
        f"date_range={incident.date_from.isoformat()}/{incident.date_to.isoformat()}",
    ]
    if not incident.means:
        tags.append("means=not indicated")
    if any(c.denies for c in incident.claims):
        tags.append("blame=contested")
    return {
        "event_id_cnty": incident.id,
        "event_date": day.isoformat(),
        "year": day.year,
        "time_precision": precision,
        "disorder_type": DISORDER[kind],
        "event_type": kind,
        "sub_event_type": sub,
        "actor1": actor_name(incident.accused, context, place.country),
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor_name(target, context, place.country) if target else "",
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": interaction(inter1, inter2, target is not None),
        "civilian_targeting": "",
        "iso": ISO_NUMERIC.get(place.country or ""),
        "region": ACLED_REGIONS.get(place.country or "", ""),
        "country": context.profile.countries.get(place.country or "", place.country or ""),
        "admin1": place.admin1 or "",
        "admin2": "",
        "admin3": "",
        "location": place.location,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geo_precision": geo_precision(incident),
        "source": "; ".join(source_names(incident, context)),
        "source_scale": source_scale(incident, context, place.country),
        "notes": notes(incident, context, place),
        "fatalities": killed(incident.casualties),
        "tags": "; ".join(tags),
        "timestamp": timestamp,
    }


def acled_rows(incidents: list[Incident], context: ExportContext, timestamp: int) -> list[dict]:
    """Every incident as an ACLED row, in the order given."""
    return [acled_row(i, context, timestamp) for i in incidents]
