"""Incidents as UCDP GED-style rows: the 49 columns of the UCDP Georeferenced Event Dataset (GED, and its
monthly Candidate release), one row per incident.

Read against the UCDP GED codebook (Uppsala Conflict Data Program; the column list as the GED Candidate
CSV gives it, the precision codes as the codebook defines them). What each column holds here:

- ``id``, ``relid``: Truce's incident id (UCDP's ids do not exist for these events).
- ``year``: the year of ``date_start``.
- ``type_of_violence``: 1 (state-based) when a state's forces are a side; 2 (non-state) when both
  known sides are not states; empty when a side is not indicated. Never 3 (one-sided violence): the
  record says who was hit, not that civilians were the target.
- ``side_a``, ``side_b``: the parties (Truce's neutral names); a state's forces are side A, as UCDP's
  government side, else the party blamed. ``gwnoa``, ``gwnob``: the Gleditsch-Ward number of a side
  that is a state's forces.
- ``number_of_sources``, ``source_*``: the sources behind the incident's claims, with their documents
  where ingested; ``source_original`` the lead claim's source.
- ``where_prec``: 1 a position; 2 near a named place; 3 a district below a first-order unit; 4 a
  first-order unit (or a former unit of that rank); 5 the zone or the region (a part of the country).
- ``where_coordinates``: the named location; ``where_description`` the source's words for it;
  ``adm_1`` the current first-order unit, when known; ``adm_2`` empty (the pack holds first-order
  units only).
- ``latitude``, ``longitude``, ``geom_wkt``: the position; for a district the unit's centre (as UCDP
  codes an ADM it knows only by name); empty for the zone or the region rather than an invented point.
  ``priogrid_gid``: the PRIO-GRID cell (0.5 degrees) of the coordinates.
- ``country``, ``country_id``, ``region``: the country of the location, its Gleditsch-Ward number,
  UCDP's region.
- ``event_clarity``: 1 one event as reported; 2 a count of several violations reported together.
- ``date_prec``: 1 a day; 2 a range of 2 to 6 days; 3 a week (a range of 7 days, or a date the source
  did not give: the publication day stands in); 4 up to a month; 5 longer.
- ``deaths_a``, ``deaths_b``, ``deaths_civilians``, ``deaths_unknown``: the killed the lead claim
  counts: servicemen of side A, of side B, civilians of any side, and the rest (a side not in the
  dyad, or no category). ``best``: their sum; ``low`` and ``high``: the lowest and highest the claims
  give (:func:`truce.reconcile.view.casualty_ranges`, a claim of "no casualties" counting 0), never
  narrower than ``best``.

**Left empty**, because only UCDP assigns them: ``active_year``, ``code_status``, ``conflict_dset_id``,
``conflict_new_id``, ``conflict_name``, ``dyad_dset_id``, ``dyad_new_id``, ``dyad_name``,
``side_a_dset_id``, ``side_a_new_id``, ``side_b_dset_id``, ``side_b_new_id``. UCDP's GED holds only
events with at least one death in a dyad that reached 25 deaths in a year; this export holds every
incident selected, ``best`` 0 where nobody was killed.
"""

from __future__ import annotations

import math

from truce.model import DatePrecision, Incident, LocationPrecision, Party
from truce.reconcile.view import casualty_ranges
from truce.report.escape import clean
from truce.report.exports.codes import GLEDITSCH_WARD, UCDP_REGIONS
from truce.report.exports.common import ExportContext, killed, party_label, where

__all__ = ["UCDP_FIELDS", "UCDP_LEFT_EMPTY", "date_prec", "priogrid_gid", "ucdp_row", "ucdp_rows"]

UCDP_FIELDS = (
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
)

#: The columns only UCDP can fill (its own conflict, dyad and actor identifiers and coding status).
UCDP_LEFT_EMPTY = (
    "active_year",
    "code_status",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_b_dset_id",
    "side_b_new_id",
)

STATE_KINDS = ("state", "monitor")  # a monitor's contingent is a state's forces too


def priogrid_gid(lat: float, lon: float) -> int:
    """The PRIO-GRID cell id of a position: 0.5-degree cells numbered row by row from (-90, -180),
    starting at 1.

    >>> priogrid_gid(10.51, 2.29), priogrid_gid(-90, -180), priogrid_gid(40.0186, 46.8014)
    (145085, 1, 187654)
    """
    row = min(math.floor((lat + 90) * 2), 359)
    col = min(math.floor((lon + 180) * 2), 719)
    return row * 720 + col + 1


def date_prec(incident: Incident) -> int:
    """UCDP's date precision: 1 day, 2 two to six days, 3 a week, 4 a month, 5 longer.

    >>> from datetime import date
    >>> from truce.model import LocationPrecision as L
    >>> def at(start, end, p=DatePrecision.RANGE):
    ...     return Incident(start, end, p, L.NEAR, 1000)
    >>> [date_prec(at(date(2022, 3, 24), date(2022, 3, d))) for d in (24, 25, 30, 31)]
    [1, 2, 3, 4]
    >>> date_prec(at(date(2022, 3, 24), date(2022, 3, 24), DatePrecision.REPORTED))
    3
    """
    span = (incident.date_to - incident.date_from).days + 1
    if incident.date_precision is DatePrecision.REPORTED:
        return 3
    if span == 1:
        return 1
    if span <= 6:
        return 2
    if span == 7:
        return 3
    return 4 if span <= 31 else 5


def where_prec(incident: Incident, context: ExportContext) -> int:
    precision = incident.location_precision
    if precision is LocationPrecision.POINT:
        return 1
    if precision is LocationPrecision.NEAR:
        return 2
    if precision is LocationPrecision.DISTRICT:
        unit = context.gazetteer.get(incident.area_ref or "")
        parent = context.gazetteer.get(unit.admin_current or "") if unit else None
        return 3 if parent is not None and parent.kind != "country" else 4
    return 5


def sides(incident: Incident, context: ExportContext) -> tuple[str | None, str | None]:
    """Side A and side B (party codes): a state's forces first, as UCDP's government side."""
    known = [p for p in (incident.accused, incident.target) if p in context.parties]
    if len(known) == 2 and known[0] == known[1]:
        known = known[:1]
    if incident.accused not in context.parties:
        return None, known[0] if known else None  # the side blamed is not indicated
    state = [context.parties[p].kind in STATE_KINDS for p in known]
    if state == [False, True]:
        known.reverse()
    return known[0], known[1] if len(known) > 1 else None


def type_of_violence(a: str | None, b: str | None, context: ExportContext) -> int | None:
    if a is None or b is None:
        return None
    kinds = {context.parties[a].kind, context.parties[b].kind}
    return 1 if kinds & set(STATE_KINDS) else 2


def deaths(incident: Incident, a: str | None, b: str | None) -> dict[str, int]:
    counts = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for c in incident.casualties:
        if c.status != "killed":
            continue
        if c.category == "civilians":
            counts["deaths_civilians"] += c.count
        elif c.category == "servicemen" and c.side == a:
            counts["deaths_a"] += c.count
        elif c.category == "servicemen" and c.side == b:
            counts["deaths_b"] += c.count
        else:
            counts["deaths_unknown"] += c.count
    return counts


def death_range(incident: Incident) -> tuple[int, int]:
    """The lowest and highest count of killed the incident's claims give (denials left out)."""
    ranges = [
        r for r in casualty_ranges([c for c in incident.claims if not c.answers]) if r.status == "killed"
    ]
    return sum(r.low for r in ranges), sum(r.high for r in ranges)


def ucdp_row(incident: Incident, context: ExportContext) -> dict:
    """One incident as a UCDP GED row (values as numbers and text; the writer escapes them)."""
    place = where(incident, context)
    a, b = sides(incident, context)
    party_a, party_b = context.parties.get(a or ""), context.parties.get(b or "")
    counts = deaths(incident, a, b)
    best = killed(incident.casualties)
    low, high = death_range(incident)
    articles, offices, dates, headlines = [], [], [], []
    for claim in incident.claims:
        source = context.sources.get(claim.source_id)
        name = source.name if source else claim.source_id
        document = context.documents.get(claim.id)
        published = document.published.isoformat() if document and document.published else ""
        url = (document.url if document and document.url else "") or (source.url if source else "")
        article = ", ".join(x for x in (name, published, url) if x)
        if article not in articles:
            articles.append(article)
        if name not in offices:
            offices.append(name)
        if published and published not in dates:
            dates.append(published)
        if document and document.title and clean(document.title) not in headlines:
            headlines.append(clean(document.title))
    lead = next((c for c in incident.claims if c.id == incident.lead_claim), None)
    lead_source = context.sources.get(lead.source_id) if lead else None
    has_point = place.latitude is not None and place.longitude is not None
    return {
        "id": incident.id,
        "relid": incident.id,
        "year": incident.date_from.year,
        **dict.fromkeys(UCDP_LEFT_EMPTY, ""),
        "type_of_violence": type_of_violence(a, b, context),
        "side_a": party_label(party_a) if party_a else "",
        "side_b": party_label(party_b) if party_b else "",
        "number_of_sources": len({c.source_id for c in incident.claims}),
        "source_article": "; ".join(articles),
        "source_office": "; ".join(offices),
        "source_date": "; ".join(dates),
        "source_headline": "; ".join(headlines),
        "source_original": lead_source.name if lead_source else (lead.source_id if lead else ""),
        "where_prec": where_prec(incident, context),
        "where_coordinates": place.location,
        "where_description": clean(incident.location_text),
        "adm_1": place.admin1 or "",
        "adm_2": "",
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geom_wkt": f"POINT ({place.longitude:g} {place.latitude:g})" if has_point else "",
        "priogrid_gid": priogrid_gid(place.latitude, place.longitude) if has_point else None,  # type: ignore[arg-type]
        "country": context.profile.countries.get(place.country or "", place.country or ""),
        "country_id": GLEDITSCH_WARD.get(place.country or ""),
        "region": UCDP_REGIONS.get(place.country or "", ""),
        "event_clarity": 2 if incident.violations > 1 else 1,
        "date_prec": date_prec(incident),
        "date_start": incident.date_from.isoformat(),
        "date_end": incident.date_to.isoformat(),
        **counts,
        "best": best,
        "high": max(high, best),
        "low": min(low, best),
        "gwnoa": GLEDITSCH_WARD.get(party_a.country or "")
        if party_a and party_a.kind in STATE_KINDS
        else None,
        "gwnob": GLEDITSCH_WARD.get(party_b.country or "")
        if party_b and party_b.kind in STATE_KINDS
        else None,
    }


def _gwno(party: Party | None) -> int | None:
    """The Gleditsch-Ward number of a side that is a state's forces."""
    return GLEDITSCH_WARD.get(party.country or "") if party and party.kind in STATE_KINDS else None


def ucdp_rows(incidents: list[Incident], context: ExportContext) -> list[dict]:
    """Every incident as a UCDP GED row, in the order given."""
    return [ucdp_row(i, context) for i in incidents]
