"""What extraction returns: one :class:`ExtractedClaim` per incident a text reports, as the stable JSON
interface other tools read (``truce extract --json``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from truce.gazetteer import Gazetteer
from truce.model import Casualty, Claim, DatePrecision, Document, LocationPrecision

__all__ = ["ExtractedClaim", "PlaceRef", "as_claim"]


@dataclass(frozen=True)
class PlaceRef:
    id: str | None  # None: a name the gazetteer lacks, kept as text and flagged
    name: str  # as the text wrote it
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "lat": self.lat, "lon": self.lon}


@dataclass
class ExtractedClaim:
    span: tuple[int, int]
    event_date: date | None = None
    date_end: date | None = None
    time_start: time | None = None
    time_end: time | None = None
    location_text: str | None = None
    places: list[PlaceRef] = field(default_factory=list)
    point: tuple[float, float, float] | None = None  # lat, lon, radius in km
    relative: tuple[float | None, str | None, str] | None = None  # km, direction, of (the name as written)
    accused: str = "unknown"
    target: str | None = None
    means: list[str] = field(default_factory=list)
    violations: int | None = None
    casualties: list[Casualty] = field(default_factory=list)
    no_casualties: bool = False
    source: str | None = None
    confidence: float = 0.5
    rules: dict[str, str] = field(default_factory=dict)  # field -> id of the rule that set it
    stance: str = "asserts"  # or "denies": the accused side denies it
    flags: list[str] = field(default_factory=list)  # what is implausible (see truce.model.Claim.flags)
    # whose account it is, as the text attributes it ("AZ MoD", "RU MoD", "NK ombudsman"; "outlet": the
    # publisher's own voice): one claim per voice (shared/conventions.md 1)
    voice: str = "outlet"

    @property
    def unknown_places(self) -> list[str]:
        return [p.name for p in self.places if p.id is None]

    def to_json(self) -> dict:
        """The claim in the interface of ``truce extract --json`` (keep it stable: tools depend on it)."""

        def clock(value: time | None) -> str | None:
            return value.strftime("%H:%M") if value else None

        return {
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "time_start": clock(self.time_start),
            "time_end": clock(self.time_end),
            "location_text": self.location_text,
            "places": [p.to_json() for p in self.places],
            "point": {"lat": self.point[0], "lon": self.point[1], "radius_km": self.point[2]}
            if self.point
            else None,
            "relative": (
                {"km": self.relative[0], "direction": self.relative[1], "of": self.relative[2]}
                if self.relative
                else None
            ),
            "accused": self.accused,
            "target": self.target,
            "means": list(self.means),
            "violations": self.violations,
            "casualties": [
                {"side": c.side, "category": c.category, "status": c.status, "count": c.count}
                for c in self.casualties
            ],
            "no_casualties": self.no_casualties,
            "unknown_places": self.unknown_places,
            "source": self.source,
            "span": list(self.span),
            "confidence": round(self.confidence, 2),
            "rules": dict(self.rules),
            "stance": self.stance,
            "flags": list(self.flags),
            "voice": self.voice,
        }


def as_claim(
    extracted: ExtractedClaim, claim_id: str, document: Document, gazetteer: Gazetteer, timezone: str
) -> Claim:
    """The store's claim for an extracted one: precision made explicit, local times turned to UTC.

    A claim with no stated date takes its document's publication day, marked ``reported``; a place that
    is an admin unit makes a district-precision claim with no point; no place at all, the whole region.
    """
    day = extracted.event_date or document.published
    if day is None:
        raise ValueError("a claim needs its event date or its document's publication date")
    last = extracted.date_end or day
    precision = (
        DatePrecision.REPORTED
        if extracted.event_date is None
        else DatePrecision.RANGE
        if last != day
        else DatePrecision.DAY
    )
    zone = ZoneInfo(timezone)

    def utc(clock: time | None, on: date) -> datetime | None:
        try:
            return datetime.combine(on, clock, tzinfo=zone).astimezone(UTC) if clock else None
        except OverflowError:  # a day at the very ends of the calendar (flagged): no instant to give
            return None

    known = next((gazetteer.get(p.id) for p in extracted.places if p.id), None)
    claim = Claim(
        date_from=day,
        date_to=last,
        date_precision=precision,
        location_precision=LocationPrecision.REGION,
        radius_m=60000.0,
        area_ref="region",
        accused=extracted.accused,
        target=extracted.target,
        violations=extracted.violations or 1,
        time_from=utc(extracted.time_start, day),
        time_to=utc(extracted.time_end, last),
        location_text=extracted.location_text or "",
        means=list(extracted.means),
        casualties=list(extracted.casualties),
        no_casualties=extracted.no_casualties,
        stance=extracted.stance,
        flags=list(extracted.flags),
        id=claim_id,
        source_id=document.source or "",
        document_id=document.id,
        span=extracted.span,
        confidence=extracted.confidence,
    )
    if known is not None and known.is_admin_unit:
        claim.location_precision, claim.area_ref, claim.radius_m = (
            LocationPrecision.DISTRICT,
            known.id,
            known.radius_m,
        )
    elif known is not None and extracted.point is not None:
        claim.place_id, claim.area_ref = known.id, None
        claim.lat, claim.lon, claim.radius_m = (
            extracted.point[0],
            extracted.point[1],
            extracted.point[2] * 1000,
        )
        claim.location_precision = LocationPrecision.POINT if extracted.relative else LocationPrecision.NEAR
        if extracted.relative:
            claim.rel_km, claim.rel_dir = extracted.relative[0], extracted.relative[1]
    return claim
