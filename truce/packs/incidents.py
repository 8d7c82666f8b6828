"""The incidents of a pack (``incidents.csv``): each row the source's claim, resolved through the
gazetteer, with its precision, casualties and the ceasefire points it breaches."""

from __future__ import annotations

from truce.errors import UnknownPlace
from truce.gazetteer import Gazetteer
from truce.geo.locate import relative_position
from truce.model import (
    MEANS,
    Casualty,
    Claim,
    DatePrecision,
    LocationPrecision,
    Source,
)
from truce.packs.reader import Row

__all__ = ["INCIDENT_COLUMNS", "IncidentReader"]

INCIDENT_COLUMNS = (
    "ref",
    "source",
    "date_from",
    "date_to",
    "date_precision",
    "violations",
    "location_text",
    "place",
    "context",
    "rel_km",
    "rel_dir",
    "location_precision",
    "radius_m",
    "area",
    "accused",
    "target",
    "means",
    "consequences",
    "consequences_ru",
    "casualties",
    "no_casualties",
    "breaches",
)

THEATRE_AREAS = ("zone", "corridor", "region")


class IncidentReader:
    """What a row of incidents.csv needs to become a claim: the gazetteer and the pack's vocabularies."""

    def __init__(
        self, gazetteer: Gazetteer, sources: dict[str, Source], points: set[int], parties: set[str]
    ) -> None:
        self.gazetteer, self.sources, self.points = gazetteer, sources, points
        self.parties = (*sorted(parties), "unknown")

    def claim(self, row: Row) -> Claim:
        date_from = row.date("date_from")
        date_to = row.opt_date("date_to") or date_from
        if date_to < date_from:
            raise row.error("date_to", "is before date_from")
        precision = LocationPrecision(row.choice("location_precision", [p.value for p in LocationPrecision]))
        source = self.sources[row.choice("source", sorted(self.sources))]
        claim = Claim(
            id="C-" + row.str("ref"),
            source_id=source.id,
            standing=source.standing,
            date_from=date_from,
            date_to=date_to,
            date_precision=DatePrecision(row.choice("date_precision", [p.value for p in DatePrecision])),
            violations=row.int("violations"),
            location_text=row.str("location_text"),
            location_precision=precision,
            radius_m=row.float("radius_m", 0),
            accused=row.choice("accused", self.parties),
            target=row.choice("target", self.parties, False) or None,
            means=[self._means(row, m) for m in row.list("means")],
            consequences=row.str("consequences", False),
            consequences_in={"ru": text} if (text := row.str("consequences_ru", False)) else {},
            casualties=[self._casualty(row, c, self.parties) for c in row.list("casualties", ";")],
            no_casualties=row.bool("no_casualties"),
            breaches=[self._point(row, p) for p in row.list("breaches")],
        )
        if claim.violations < 1:
            raise row.error("violations", "must be at least 1")
        if claim.no_casualties and claim.casualties:
            raise row.error("no_casualties", "is set but casualties are listed")
        self._locate(row, claim)
        return claim

    def _locate(self, row: Row, claim: Claim) -> None:
        place_text, context = row.str("place", False), row.str("context", False)
        if claim.location_precision.is_area:
            area = row.str("area")
            if area not in THEATRE_AREAS and not self.gazetteer.get(area):
                raise row.error(
                    "area", f"'{area}' is neither an admin unit id nor one of {', '.join(THEATRE_AREAS)}"
                )
            claim.area_ref = area
            return
        if not place_text:
            raise row.error("place", f"a '{claim.location_precision}' location needs a place")
        within = None
        if context:
            unit = self.gazetteer.resolve_admin(context)
            if unit is None:
                raise row.error("context", f"'{context}' names no admin unit of the gazetteer")
            within = unit.id
        try:
            place = self.gazetteer.resolve(place_text, within=within)
        except UnknownPlace as exc:
            raise row.error("place", str(exc)) from None
        claim.place_id = place.id
        claim.lat, claim.lon = place.lat, place.lon
        rel_km = row.opt_float("rel_km")
        if rel_km is not None:
            direction = row.str("rel_dir")
            try:
                claim.lat, claim.lon, radius = relative_position(place, rel_km, direction)
            except ValueError as exc:
                raise row.error("rel_dir", str(exc)) from None
            claim.rel_km, claim.rel_dir = rel_km, direction
            claim.radius_m = max(claim.radius_m, radius)  # never better than the place it is measured from
        if claim.location_precision is LocationPrecision.NEAR:
            # "near X" is never known better than X itself
            claim.radius_m = max(claim.radius_m, place.radius_m)

    @staticmethod
    def _means(row: Row, value: str) -> str:
        if value not in MEANS:
            raise row.error("means", f"'{value}' is not in the means vocabulary ({', '.join(MEANS)})")
        return value

    @staticmethod
    def _casualty(row: Row, text: str, parties: tuple[str, ...]) -> Casualty:
        try:
            return Casualty.parse(text, parties)
        except ValueError as exc:
            raise row.error("casualties", str(exc)) from None

    def _point(self, row: Row, value: str) -> int:
        if not value.isdigit() or int(value) not in self.points:
            raise row.error("breaches", f"'{value}' is not a point of the ceasefire statement")
        return int(value)
