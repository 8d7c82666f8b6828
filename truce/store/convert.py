"""Model objects to table rows and back. One function per direction per concept."""

from __future__ import annotations

import dataclasses
import json
from collections import namedtuple
from collections.abc import Iterator
from dataclasses import fields
from datetime import UTC, datetime
from functools import lru_cache
from operator import attrgetter
from typing import Any, TypeVar

from sqlalchemy import Result
from sqlalchemy import inspect as sa_inspect

from truce.gazetteer.names import fold, sound_key
from truce.model import (
    Activity,
    Area,
    Casualty,
    Claim,
    DatePrecision,
    Document,
    Event,
    Incident,
    LocationPrecision,
    Mission,
    MonitorFinding,
    Observation,
    Party,
    Place,
    Post,
    Profile,
    Retraction,
    Siting,
    Source,
    Standing,
    Verdict,
)
from truce.store.schema import (
    ActivityRow,
    AreaRow,
    CasualtyRow,
    ClaimRow,
    DocumentRow,
    FindingRow,
    IncidentRow,
    MissionRow,
    ObservationRow,
    PartyRow,
    PlaceNameRow,
    PlaceRow,
    PostRow,
    SourceRow,
)

T = TypeVar("T")
M = TypeVar("M")


def plain(result: Result[Any]) -> Iterator[Any]:
    """The rows of a result as named tuples of its columns: reading a field of one costs a tenth of
    reading it from SQLAlchemy's row, and the rows of a list are read by the ten thousand."""
    return map(_record(tuple(result.keys()))._make, result)


@lru_cache(maxsize=64)
def _record(columns: tuple[str, ...]) -> type:
    return namedtuple("Record", columns)  # type: ignore[misc]  # made from the query


_LISTS = ("means", "breaches")
_JSON = ("consequences_in",)
_EXCLUDED = ("casualties",)  # stored in their own table


def event_columns(event: Event) -> dict:
    values = {f.name: getattr(event, f.name) for f in fields(Event) if f.name not in _EXCLUDED}
    values["means"] = "|".join(event.means)
    values["consequences_in"] = json.dumps(event.consequences_in, ensure_ascii=False, sort_keys=True)
    values["breaches"] = "|".join(str(p) for p in event.breaches)
    values["date_precision"] = event.date_precision.value
    values["location_precision"] = event.location_precision.value
    return values


#: the columns an event's fields are read from as they are (the rest are parsed below)
_PLAIN = tuple(f.name for f in fields(Event) if f.name not in (*_EXCLUDED, *_LISTS, *_JSON))


_read_plain = attrgetter(*_PLAIN)  # one call for them all: rows are read by the hundred thousand
# the enumerations' members by value: a lookup, several times cheaper than calling the enumeration
_DATE_PRECISIONS = {p.value: p for p in DatePrecision}
_LOCATION_PRECISIONS = {p.value: p for p in LocationPrecision}
_STANDINGS = {s.value: s for s in Standing}


def event_fields(row: IncidentRow | ClaimRow) -> dict:
    """The event's fields of a row (an ORM object, or a plain row of the same columns)."""
    values = dict(zip(_PLAIN, _read_plain(row), strict=True))
    consequences = row.consequences_in
    values["consequences_in"] = json.loads(consequences) if consequences and consequences != "{}" else {}
    means, breaches = row.means, row.breaches
    values["means"] = [m for m in means.split("|") if m] if means else []
    values["breaches"] = [int(p) for p in breaches.split("|") if p] if breaches else []
    values["date_precision"] = _DATE_PRECISIONS[row.date_precision]
    values["location_precision"] = _LOCATION_PRECISIONS[row.location_precision]
    for name in ("time_from", "time_to"):  # SQLite returns naive datetimes: they are UTC
        if values[name] is not None and values[name].tzinfo is None:
            values[name] = values[name].replace(tzinfo=UTC)
    return values


def claim_columns(claim: Claim, pack: str | None) -> dict:
    """A claim's row as column values (claims are inserted by the thousand, without ORM objects)."""
    span = claim.span or (None, None)
    return {
        "id": claim.id,
        "pack": pack,
        "source_id": claim.source_id,
        "incident_id": claim.incident_id,
        "document_id": claim.document_id,
        "span_start": span[0],
        "span_end": span[1],
        "confidence": claim.confidence,
        "stance": claim.stance,
        "standing": claim.standing.value,
        "flags": "|".join(claim.flags),
        **event_columns(claim),
    }


def casualty_columns(claim: Claim) -> list[dict]:
    return [
        {"claim_id": claim.id, "side": c.side, "category": c.category, "status": c.status, "count": c.count}
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
        stance=row.stance,
        standing=_STANDINGS[row.standing],
        flags=[f for f in row.flags.split("|") if f],
        casualties=[Casualty(c.side, c.category, c.status, c.count) for c in casualties],
    )


def incident_row(incident: Incident, pack: str | None) -> IncidentRow:
    return IncidentRow(
        id=incident.id,
        pack=pack,
        standing=incident.standing.value,
        lead_claim=incident.lead_claim,
        verdict=incident.verdict.value if incident.verdict else None,
        **event_columns(incident),
        **siting_columns(incident.siting),
    )


def incident_from_row(row: IncidentRow, claims: list[Claim]) -> Incident:
    # the incident shows its lead claim's casualties (the monitor's, else the first claim's)
    lead = next((c for c in claims if c.id == row.lead_claim), claims[0] if claims else None)
    casualties = list(lead.casualties) if lead else []
    return Incident(
        **event_fields(row),
        id=row.id,
        claims=claims,
        standing=_STANDINGS[row.standing],
        lead_claim=row.lead_claim,
        verdict=Verdict(row.verdict) if row.verdict else None,
        casualties=casualties,
        siting=siting_from_row(row),
    )


def siting_columns(siting: Siting | None) -> dict:
    if siting is None:
        return {"sited": False} | dict.fromkeys(
            ("areas", "line_of_contact_m", "nearest_post", "nearest_post_m", "observable")
        )
    return {
        "sited": True,
        "areas": None if siting.areas is None else "|".join(siting.areas),
        "line_of_contact_m": siting.line_of_contact_m,
        "nearest_post": siting.nearest_post,
        "nearest_post_m": siting.nearest_post_m,
        "observable": siting.observable,
    }


def siting_from_row(row: IncidentRow) -> Siting | None:
    if not row.sited:
        return None
    return Siting(
        areas=None if row.areas is None else tuple(a for a in row.areas.split("|") if a),
        line_of_contact_m=row.line_of_contact_m,
        nearest_post=row.nearest_post,
        nearest_post_m=row.nearest_post_m,
        observable=row.observable,
    )


def to_row(obj: object, row_class: type[T], **extra: object) -> T:
    """A table row from a model object: every column the object has an attribute for, plus ``extra``."""
    columns = sa_inspect(row_class).column_attrs.keys()
    values = {name: getattr(obj, name) for name in columns if hasattr(obj, name)}
    return row_class(**(values | extra))


def from_row(row: object, model: type[M], **extra: object) -> M:
    """A model object from a table row: every field the row has a column for, plus ``extra``."""
    values = {f.name: getattr(row, f.name) for f in fields(model) if hasattr(row, f.name)}  # type: ignore[arg-type]
    return model(**(values | extra))


def place_rows(place: Place, pack: str) -> tuple[PlaceRow, list[PlaceNameRow]]:
    names = []
    for position, name in enumerate(place.names):
        key = fold(name.text)
        names.append(
            PlaceNameRow(
                place_id=place.id,
                position=position,
                text=name.text,
                role=name.role,
                key=key,
                sound_key=sound_key(key),
            )
        )
    return to_row(place, PlaceRow, pack=pack), names


def post_row(post: Post, pack: str) -> PostRow:
    return to_row(
        post, PostRow, pack=pack, name_en=post.names.get("en", ""), name_ru=post.names.get("ru", "")
    )


def post_from_row(row: PostRow) -> Post:
    return from_row(row, Post, names={"en": row.name_en, "ru": row.name_ru})


def area_row(area: Area, pack: str) -> AreaRow:
    return to_row(area, AreaRow, pack=pack, geometry=json.dumps(area.geometry))


def area_from_row(row: AreaRow) -> Area:
    return from_row(row, Area, geometry=json.loads(row.geometry))


def activity_row(activity: Activity, pack: str | None) -> ActivityRow:
    return to_row(
        activity,
        ActivityRow,
        pack=pack,
        date_precision=activity.date_precision.value,
        standing=activity.standing.value,
        figures=json.dumps(activity.figures, sort_keys=True),
        summaries=json.dumps(activity.summaries, ensure_ascii=False, sort_keys=True),
    )


def activity_from_row(row: ActivityRow) -> Activity:
    return from_row(
        row,
        Activity,
        date_precision=DatePrecision(row.date_precision),
        standing=Standing(row.standing),
        figures=json.loads(row.figures),
        summaries=json.loads(row.summaries),
    )


def mission_row(mission: Mission, pack: str, focus: tuple[float, float], profile: Profile) -> MissionRow:
    return to_row(
        mission,
        MissionRow,
        pack=pack,
        focus_lat=focus[0],
        focus_lon=focus[1],
        profile=json.dumps(profile_to_json(profile), ensure_ascii=False),
    )


def profile_to_json(profile: Profile) -> dict:
    """The profile as JSON-ready data (stored with the mission)."""
    data = dataclasses.asdict(profile)
    for convention in data["conventions"].values():
        del convention["official"]  # the profile's official_roles, given back on reading
    return data


def party_row(party: Party) -> PartyRow:
    return to_row(
        party,
        PartyRow,
        name_en=party.name("en"),
        name_ru=party.names.get("ru", ""),
        side_en=party.sides.get("en", ""),
        side_ru=party.sides.get("ru", ""),
        words_en="|".join(party.words.get("en", ())),
        words_ru="|".join(party.words.get("ru", ())),
    )


def party_from_row(row: PartyRow) -> Party:
    sides = {lang: text for lang, text in (("en", row.side_en), ("ru", row.side_ru)) if text}
    names = {lang: text for lang, text in (("en", row.name_en), ("ru", row.name_ru)) if text}
    words = {
        lang: tuple(text.split("|")) for lang, text in (("en", row.words_en), ("ru", row.words_ru)) if text
    }
    return from_row(row, Party, names=names, sides=sides, words=words)


def source_row(source: Source) -> SourceRow:
    names = json.dumps(source.names, ensure_ascii=False, sort_keys=True)
    return to_row(source, SourceRow, aliases="|".join(source.aliases), names=names)


def source_from_row(row: SourceRow) -> Source:
    aliases = tuple(a for a in row.aliases.split("|") if a)
    return from_row(row, Source, aliases=aliases, names=json.loads(row.names or "{}"))


def document_from_row(row: DocumentRow, claims: int = 0, text: bool = True) -> Document:
    retraction = None
    if row.retracted_at is not None:
        at = row.retracted_at if row.retracted_at.tzinfo else row.retracted_at.replace(tzinfo=UTC)
        retraction = Retraction(row.retracted_by or "", at, row.retraction_reason or "")
    return Document(
        id=row.id,
        text=row.text if text else "",
        published=row.published,
        source=row.source_id,
        url=row.url,
        lang=row.lang,
        title=row.title,
        retraction=retraction,
        ingested_at=row.ingested_at if row.ingested_at.tzinfo else row.ingested_at.replace(tzinfo=UTC),
        claims=claims,
    )


def observation_row(observation: Observation) -> ObservationRow:
    return to_row(observation, ObservationRow)


def observation_from_row(row: ObservationRow) -> Observation:
    at = row.recorded_at if row.recorded_at.tzinfo else row.recorded_at.replace(tzinfo=UTC)
    return from_row(row, Observation, recorded_at=at)


def finding_row(finding: MonitorFinding) -> FindingRow:
    means = None if finding.means is None else "|".join(finding.means)
    return to_row(finding, FindingRow, verdict=finding.verdict.value, means=means)


def finding_from_row(row: FindingRow) -> MonitorFinding:
    at = row.decided_at if row.decided_at.tzinfo else row.decided_at.replace(tzinfo=UTC)
    means = None if row.means is None else tuple(m for m in row.means.split("|") if m)
    return from_row(row, MonitorFinding, verdict=Verdict(row.verdict), means=means, decided_at=at)


def now() -> datetime:
    return datetime.now(UTC)
