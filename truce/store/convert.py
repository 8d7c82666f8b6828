"""Model objects to table rows and back. One function per direction per concept."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import UTC, datetime

from truce.model import (
    Area,
    Casualty,
    Claim,
    DatePrecision,
    Event,
    Incident,
    LocationPrecision,
    Mission,
    Party,
    Place,
    PlaceName,
    Post,
    Source,
)
from truce.store.schema import (
    AreaRow,
    CasualtyRow,
    ClaimRow,
    IncidentRow,
    MissionRow,
    PartyRow,
    PlaceNameRow,
    PlaceRow,
    PostRow,
    SourceRow,
)

_LISTS = ("means", "breaches")
_EXCLUDED = ("casualties",)  # stored in their own table


def event_columns(event: Event) -> dict:
    values = {f.name: getattr(event, f.name) for f in fields(Event) if f.name not in _EXCLUDED}
    values["means"] = "|".join(event.means)
    values["breaches"] = "|".join(str(p) for p in event.breaches)
    values["date_precision"] = event.date_precision.value
    values["location_precision"] = event.location_precision.value
    return values


def event_fields(row: IncidentRow | ClaimRow) -> dict:
    values = {f.name: getattr(row, f.name) for f in fields(Event) if f.name not in (*_EXCLUDED, *_LISTS)}
    values["means"] = [m for m in row.means.split("|") if m]
    values["breaches"] = [int(p) for p in row.breaches.split("|") if p]
    values["date_precision"] = DatePrecision(row.date_precision)
    values["location_precision"] = LocationPrecision(row.location_precision)
    for name in ("time_from", "time_to"):  # SQLite returns naive datetimes: they are UTC
        if values[name] is not None and values[name].tzinfo is None:
            values[name] = values[name].replace(tzinfo=UTC)
    return values


def claim_row(claim: Claim, pack: str | None) -> ClaimRow:
    span = claim.span or (None, None)
    return ClaimRow(
        id=claim.id,
        pack=pack,
        source_id=claim.source_id,
        incident_id=claim.incident_id,
        document_id=claim.document_id,
        span_start=span[0],
        span_end=span[1],
        confidence=claim.confidence,
        **event_columns(claim),
    )


def casualty_rows(claim: Claim) -> list[CasualtyRow]:
    return [
        CasualtyRow(claim_id=claim.id, side=c.side, category=c.category, status=c.status, count=c.count)
        for c in claim.casualties
    ]


def claim_from_row(row: ClaimRow, casualties: list[CasualtyRow]) -> Claim:
    span = (row.span_start, row.span_end) if row.span_start is not None and row.span_end is not None else None
    return Claim(
        **event_fields(row),
        id=row.id,
        source_id=row.source_id,
        incident_id=row.incident_id,
        document_id=row.document_id,
        span=span,
        confidence=row.confidence,
        casualties=[Casualty(c.side, c.category, c.status, c.count) for c in casualties],
    )


def incident_row(incident: Incident, pack: str | None) -> IncidentRow:
    return IncidentRow(
        id=incident.id,
        pack=pack,
        confirmed_by_monitor=incident.confirmed_by_monitor,
        **event_columns(incident),
    )


def incident_from_row(row: IncidentRow, claims: list[Claim]) -> Incident:
    # as Incident.from_claims: the first claim speaks until reconciliation weighs them
    casualties = list(claims[0].casualties) if claims else []
    return Incident(
        **event_fields(row),
        id=row.id,
        claims=claims,
        confirmed_by_monitor=row.confirmed_by_monitor,
        casualties=casualties,
    )


def place_rows(place: Place, pack: str) -> tuple[PlaceRow, list[PlaceNameRow]]:
    row = PlaceRow(
        id=place.id,
        pack=pack,
        kind=place.kind,
        country=place.country,
        lat=place.lat,
        lon=place.lon,
        radius_m=place.radius_m,
        approximate=place.approximate,
        basis=place.basis,
        geonames_id=place.geonames_id,
        admin_former=place.admin_former,
        admin_current=place.admin_current,
        source=place.source,
        notes=place.notes,
        curated=place.curated,
    )
    names = [
        PlaceNameRow(place_id=place.id, position=i, text=n.text, role=n.role)
        for i, n in enumerate(place.names)
    ]
    return row, names


def place_from_row(row: PlaceRow, names: list[PlaceNameRow]) -> Place:
    return Place(
        id=row.id,
        kind=row.kind,
        country=row.country,
        lat=row.lat,
        lon=row.lon,
        names=[PlaceName(n.text, n.role) for n in sorted(names, key=lambda n: n.position)],
        radius_m=row.radius_m,
        approximate=row.approximate,
        basis=row.basis,
        geonames_id=row.geonames_id,
        admin_former=row.admin_former,
        admin_current=row.admin_current,
        source=row.source,
        notes=row.notes,
        curated=row.curated,
    )


def post_row(post: Post, pack: str) -> PostRow:
    return PostRow(
        id=post.id,
        pack=pack,
        name_en=post.names.get("en", ""),
        name_ru=post.names.get("ru", ""),
        kind=post.kind,
        zone=post.zone,
        lat=post.lat,
        lon=post.lon,
        radius_m=post.radius_m,
        approximate=post.approximate,
        basis=post.basis,
        active_from=post.active_from,
        active_to=post.active_to,
        near_place=post.near_place,
        source=post.source,
        notes=post.notes,
    )


def post_from_row(row: PostRow) -> Post:
    return Post(
        id=row.id,
        names={"en": row.name_en, "ru": row.name_ru},
        kind=row.kind,
        zone=row.zone,
        lat=row.lat,
        lon=row.lon,
        radius_m=row.radius_m,
        approximate=row.approximate,
        basis=row.basis,
        active_from=row.active_from,
        active_to=row.active_to,
        near_place=row.near_place,
        source=row.source,
        notes=row.notes,
    )


def area_row(area: Area, pack: str) -> AreaRow:
    return AreaRow(
        id=area.id,
        pack=pack,
        kind=area.kind,
        name=area.name,
        geometry=json.dumps(area.geometry),
        valid_from=area.valid_from,
        valid_to=area.valid_to,
        approximate=area.approximate,
        basis=area.basis,
        source=area.source,
    )


def area_from_row(row: AreaRow) -> Area:
    return Area(
        id=row.id,
        kind=row.kind,
        name=row.name,
        geometry=json.loads(row.geometry),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        approximate=row.approximate,
        basis=row.basis,
        source=row.source,
    )


def mission_row(mission: Mission, pack: str, focus: tuple[float, float]) -> MissionRow:
    return MissionRow(
        id=mission.id,
        pack=pack,
        name=mission.name,
        timezone=mission.timezone,
        start=mission.start,
        term_years=mission.term_years,
        notice_months=mission.notice_months,
        monitor=mission.monitor,
        default_names=mission.default_names,
        ended=mission.ended,
        ended_note=mission.ended_note,
        focus_lat=focus[0],
        focus_lon=focus[1],
    )


def mission_from_row(row: MissionRow) -> Mission:
    return Mission(
        id=row.id,
        name=row.name,
        timezone=row.timezone,
        start=row.start,
        term_years=row.term_years,
        notice_months=row.notice_months,
        monitor=row.monitor,
        default_names=row.default_names,
        ended=row.ended,
        ended_note=row.ended_note,
    )


def party_row(party: Party) -> PartyRow:
    return PartyRow(
        code=party.code,
        kind=party.kind,
        name_en=party.name("en"),
        name_ru=party.name("ru"),
        notes=party.notes,
    )


def party_from_row(row: PartyRow) -> Party:
    return Party(row.code, row.kind, {"en": row.name_en, "ru": row.name_ru}, row.notes)


def source_row(source: Source) -> SourceRow:
    return SourceRow(
        id=source.id,
        name=source.name,
        party=source.party,
        kind=source.kind,
        url=source.url,
        notes=source.notes,
    )


def source_from_row(row: SourceRow) -> Source:
    return Source(row.id, row.name, row.party, row.kind, row.url, row.notes)


def now() -> datetime:
    return datetime.now(UTC)
