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
    Area,
    Casualty,
    Convention,
    Event,
    LocationPrecision,
    Party,
    Place,
    Post,
    Siting,
)
from truce.report.language import ENGLISH, Language

__all__ = [
    "MEANS_LABELS",
    "blamed",
    "casualties_text",
    "date_text",
    "finding_text",
    "km",
    "location_text",
    "means_text",
    "near_text",
    "siting_text",
    "time_window",
]


def N_(message: str) -> str:
    """Mark a message for the catalogs (the gettext convention); it is translated where it is used."""
    return message


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with plural forms for the catalogs; it is translated (ngettext) where it is used."""
    return singular, plural


DIRECTIONS = {
    "N": N_("north"),
    "NNE": N_("north-north-east"),
    "NE": N_("north-east"),
    "ENE": N_("east-north-east"),
    "E": N_("east"),
    "ESE": N_("east-south-east"),
    "SE": N_("south-east"),
    "SSE": N_("south-south-east"),
    "S": N_("south"),
    "SSW": N_("south-south-west"),
    "SW": N_("south-west"),
    "WSW": N_("west-south-west"),
    "W": N_("west"),
    "WNW": N_("west-north-west"),
    "NW": N_("north-west"),
    "NNW": N_("north-north-west"),
}
#: How a means reads in a publication.
MEANS_LABELS = {
    "small_arms": N_("small arms"),
    "sniper": N_("sniper fire"),
    "grenade_launcher": N_("grenade launcher"),
    "grenade": N_("hand grenade"),
    "mortar": N_("mortar"),
    "artillery": N_("artillery"),
    "mlrs": N_("multiple rocket launchers"),
    "tank": N_("tank"),
    "uav_strike": N_("strike by unmanned aerial vehicle"),
    "quadcopter": N_("quadcopter"),
    "incursion": N_("advance across the line of contact"),
    "post_set_up": N_("setting up of a post"),
    "engineering_works": N_("engineering works"),
    "shelling_unspecified": N_("shelling (weapon not indicated)"),
    "other": N_("other means"),
}
#: How a place of a kind is introduced, so that its name stays as it is (in Russian: "в районе
#: населённого пункта Храморт", the name in the nominative after a noun that takes the case).
PLACE_WORDS = {
    "city": N_("the city of"),
    "town": N_("the settlement of"),
    "village": N_("the settlement of"),
    "settlement": N_("the settlement of"),
    "farm": N_("the farm of"),
    "height": N_("the height"),
    "mountain": N_("Mount"),
    "pass": N_("the pass"),
    "reservoir": N_("the reservoir"),
    "river": N_("the river"),
    "bridge": N_("the bridge"),
    "road": N_("the road"),
    "monastery": N_("the monastery"),
    "airport": N_("the airport"),
    "gorge": N_("the gorge"),
}
# The word a name of that kind may carry in the nominative ("гора Сарыбаба"), by language.
GENERIC_NAMES = {
    "mountain": N_("mount"),
    "height": N_("height"),
    "reservoir": N_("reservoir"),
    "river": N_("river"),
}
STATUSES = {  # (singular, plural): the catalogs give each language its forms
    "killed": Np_("{n} killed", "{n} killed"),
    "wounded": Np_("{n} wounded", "{n} wounded"),
    "missing": Np_("{n} missing", "{n} missing"),
    "captured": Np_("{n} captured", "{n} captured"),
}
CATEGORIES = {"servicemen": N_("servicemen"), "civilians": N_("civilians")}
KINDS = {"district": N_("district"), "province": N_("province"), "region": N_("region")}


def date_text(start: date, end: date | None = None, lang: Language = ENGLISH) -> str:
    """'11 March 2022', or a range '24-25 March 2022', in ``lang``.

    >>> date_text(date(2022, 3, 24), date(2022, 3, 25)), date_text(date(2022, 12, 31), date(2023, 1, 1))
    ('24-25 March 2022', '31 December 2022 - 1 January 2023')
    """
    return lang.date_range(start, end)


def time_window(event: Event, timezone: str) -> str | None:
    """The time window in the mission's zone ('20:27-20:53'), or None when the source gives none."""
    zone = ZoneInfo(timezone)

    def local(moment: datetime | None) -> str | None:
        return moment.astimezone(zone).strftime("%H:%M") if moment else None

    start, end = local(event.time_from), local(event.time_to)
    if start and end and start != end:
        return f"{start}-{end}"
    return start or end


def location_text(
    event: Event, gazetteer: Gazetteer, convention: Convention, lang: Language = ENGLISH
) -> str:
    """Where, in the chosen convention and language, saying how precisely it is known. A name is never
    declined: the words around it take the case ("near the settlement of X", "в районе населённого
    пункта X")."""
    _ = lang.gettext
    precision = event.location_precision
    if precision is LocationPrecision.ZONE:
        return _("in the zone of responsibility (place not indicated)")
    if precision is LocationPrecision.REGION:
        return _("in the mission's area (place not indicated)")
    if precision is LocationPrecision.DISTRICT:
        unit = gazetteer.get(event.area_ref or "")
        if unit is None:
            return _("in the territory of {area} (place within it not indicated)").format(
                area=event.location_text
            )
        name = place_name(unit, convention)
        if unit.id in gazetteer.former_units:  # a unit of the past: say so, and which kind it was
            return _("in the territory of the former {name} {kind} (place within it not indicated)").format(
                kind=_(KINDS.get(unit.kind, unit.kind)), name=name
            )
        return _("in the territory of {area} (place within it not indicated)").format(area=name)
    place = gazetteer.get(event.place_id or "")
    if place is None:
        return event.location_text or _("place not indicated")
    if event.rel_km is not None and event.rel_dir:
        named = _place_phrase(place, convention, lang)
        direction = _(DIRECTIONS.get(event.rel_dir, event.rel_dir))
        distance = lang.number(event.rel_km)
        return _("{km} km {direction} of {place}").format(
            km=distance, direction=direction, place=named
        ) + _country(place, gazetteer, convention)
    return near_text(place, gazetteer, convention, lang)


def near_text(place: Place, gazetteer: Gazetteer, convention: Convention, lang: Language = ENGLISH) -> str:
    """'near Khramort', with the country of a place outside the theatre's home country."""
    named = _place_phrase(place, convention, lang)
    return lang.gettext("near {place}").format(place=named) + _country(place, gazetteer, convention)


def _country(place: Place, gazetteer: Gazetteer, convention: Convention) -> str:
    unit = gazetteer.country_unit(place.country) if place.country != gazetteer.home_country else None
    return f", {place_name(unit, convention)}" if unit else ""


def _place_phrase(place: Place, convention: Convention, lang: Language) -> str:
    """The place's name, introduced by the word for its kind where the language needs one (a name that
    carries the word already, "гора Сарыбаба", gives it up for the introducer: "горы Сарыбаба")."""
    word = PLACE_WORDS.get(place.kind)
    name = place_name(place, convention)
    if word is None or lang.code == "en":  # English names a place plainly ("near Khramort")
        return name
    generic = lang.gettext(GENERIC_NAMES[place.kind]) if place.kind in GENERIC_NAMES else None
    if generic and name.casefold().startswith(generic.casefold() + " "):
        name = name[len(generic) + 1 :]
    return f"{lang.gettext(word)} {name}"


def means_text(event: Event, lang: Language = ENGLISH) -> str:
    return ", ".join(lang.gettext(MEANS_LABELS.get(m, m)) for m in event.means) or lang.gettext(
        "not indicated"
    )


def blamed(event: Event, parties: dict[str, Party], lang: Language = ENGLISH) -> str:
    party = parties.get(event.accused)
    return party.name(lang.code) if party else lang.gettext("not indicated")


def casualties_text(
    casualties: list[Casualty], no_casualties: bool, parties: dict[str, Party], lang: Language = ENGLISH
) -> str:
    """'the Nagorno-Karabakh side, servicemen: 2 killed, 14 wounded; ...', 'no casualties', or 'not
    indicated'. Casualties belong to a side, never to its "forces"."""
    _ = lang.gettext
    if no_casualties and not casualties:
        return _("no casualties")
    if not casualties:
        return _("not indicated")
    groups: dict[tuple[str, str], list[str]] = {}
    for c in casualties:
        singular, plural = STATUSES[c.status]
        groups.setdefault((c.side, c.category), []).append(
            lang.ngettext(singular, plural, c.count).format(n=c.count)
        )
    parts = []
    for (side, category), counts in groups.items():
        who = parties[side].side(lang.code) if side in parties else side
        kind = "" if category == "unknown" else f", {_(CATEGORIES[category])}"
        parts.append(f"{who}{kind}: {', '.join(counts)}")
    return "; ".join(parts)


def km(metres: float, lang: Language = ENGLISH) -> str:
    """A distance as reports print it.

    >>> km(966.9), km(43822.6), km(4.0)
    ('1.0 km', '44 km', '0.0 km')
    """
    value = f"{metres / 1000:.1f}" if metres < 10_000 else f"{metres / 1000:.0f}"
    return lang.gettext("{km} km").format(km=value if lang.code == "en" else value.replace(".", ","))


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


def finding_text(
    finding: Finding,
    areas: dict[str, Area],
    posts: dict[str, Post],
    lang: Language = ENGLISH,
    parties: dict[str, Party] | None = None,
) -> str:
    """A finding as one sentence that says how sure the geometry can be."""
    _ = lang.gettext
    distance, error = km(finding.distance_m, lang), km(finding.uncertainty_m, lang)
    subject = areas.get(finding.subject)
    if finding.kind is FindingKind.ZONE_ENTRY:
        where = area_label(subject) if subject else finding.subject
        text = _(
            "entry into the zone of responsibility: the reported position lies in the {area}, {distance} "
            "inside its edge"
        ).format(area=where, distance=distance)
    elif finding.kind is FindingKind.LINE_CROSSING:
        holder = (parties or {}).get(finding.held_by or "")
        if holder is None:  # the pack names no place on that side: the side is not told
            text = _(
                "advance across the line of contact: the reported position lies {distance} from the line"
            ).format(distance=distance)
        else:
            side = _("on the side held by {party}").format(party=holder.name(lang.code))
            text = _(
                "advance across the line of contact: the reported position lies {distance} from the line, "
                "{side}"
            ).format(distance=distance, side=side)
    elif finding.kind is FindingKind.NEAR_POST:
        post = posts.get(finding.subject)
        name = post.names.get(lang.code) or post.names.get("en", post.id) if post else finding.subject
        placed = _(" as placed on the map") if post and post.approximate else ""
        text = _("within {limit} of a post: {distance} from {post}{placed}").format(
            limit=km(NEAR_POST_M, lang), distance=distance, post=name, placed=placed
        )
    else:
        text = _(
            "position outside the mission's region, {distance} beyond its countries: check the coordinates"
        ).format(distance=distance)
    if finding.clear and finding.kind is FindingKind.NEAR_POST:
        return _("{finding}, within it even allowing for the uncertainty of the positions ({error}).").format(
            finding=text, error=error
        )
    if finding.clear:
        return _("{finding}, more than the uncertainty of the positions ({error}).").format(
            finding=text, error=error
        )
    return _(
        "{finding}; the positions are uncertain by up to {error} together: the map alone does not "
        "establish it."
    ).format(finding=text, error=error)
