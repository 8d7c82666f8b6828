"""Observers record what they saw: a post, a patrol or a UAV flight. The observation becomes the
monitor's own claim (standing ``observed``) and joins an incident like any other claim.

Every value is checked, and a bad one is refused naming its field: the post must be active that day, the
day within the mandate and not in the future, the place a known place (in any spelling), a relative
position ("2 km north-west of Khramort") or coordinates inside the mission's region.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from truce.errors import FieldError, UnknownPlace
from truce.geo.locate import relative_position
from truce.model import (
    MEANS,
    Casualty,
    Claim,
    DatePrecision,
    LocationPrecision,
    Observation,
    Standing,
)
from truce.reconcile.link import reach
from truce.record.linking import Ground, relink
from truce.report.describe import DIRECTIONS
from truce.store import LinkReport, Store

__all__ = ["PLATFORMS", "ObservationInput", "ObserveReport", "observe"]

PLATFORMS = ("post", "patrol", "uav")
MAX_TEXT = 2000  # characters of free text kept with an observation
POINT_RADIUS_M = 100.0  # coordinates read off a map or a GPS, unless the observer says otherwise
_COMPASS = {name.replace("-", ""): code for code, name in DIRECTIONS.items()} | {
    c.lower(): c for c in DIRECTIONS
}
_RELATIVE = re.compile(
    r"^\s*(?:about\s+)?(?P<n>\d+(?:[.,]\d+)?)\s*(?P<unit>km|m)\s+(?P<dir>[a-z-]+)\s+of\s+(?P<place>.+?)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ObservationInput:
    """What an observer enters. Times are local (the mission's time zone), ``HH:MM``."""

    post: str
    day: date
    observer: str
    platform: str = "post"
    time_from: str | None = None
    time_to: str | None = None
    place: str | None = None  # a named place, or "2 km north-west of X"
    at: tuple[float, float] | None = None  # coordinates, lat and lon
    radius_m: float | None = None  # how far off the position may be
    means: list[str] = field(default_factory=list)
    fire_from: str | None = None  # the compass direction fire came from
    fired_by: str | None = None  # a party code; None: not determined
    target: str | None = None
    casualties: list[str] = field(default_factory=list)  # "SIDE category status count"
    no_casualties: bool = False
    consequences: str = ""


@dataclass(frozen=True)
class ObserveReport:
    claim: Claim
    incident_id: str | None
    link: LinkReport


def observe(store: Store, given: ObservationInput, today: date | None = None) -> ObserveReport:
    """Check and record an observation, link it and locate its incident, in one transaction."""
    claim, observation = _build(store, given, today or date.today())
    with store.transaction("observe", observation.observer) as tx:
        tx.add_observation(claim, observation)
        tx.details = {"claim": claim.id, "post": observation.post_id, "platform": observation.platform}
        report = relink(tx, Ground.of_store(store), [claim])
        incident = next((c.incident_id for c in tx.claims(reach([claim])) if c.id == claim.id), None)
    return ObserveReport(claim, incident, report)


def _build(store: Store, given: ObservationInput, today: date) -> tuple[Claim, Observation]:
    mission, profile = store.mission(), store.profile()
    last = min(mission.ended or today, today)
    if not mission.start <= given.day <= last:
        raise FieldError("date", f"{given.day} is outside the mandate ({mission.start} to {last})")
    if given.platform not in PLATFORMS:
        raise FieldError("platform", f"'{given.platform}' is not one of {', '.join(PLATFORMS)}")
    posts = {p.id: p for p in store.posts()}
    by_name = {p.names.get("en", "").casefold(): p for p in posts.values()}
    post = posts.get(given.post) or by_name.get(given.post.casefold())
    if post is None:
        raise FieldError("post", f"no post '{given.post}' (known: {', '.join(sorted(posts))})")
    if not post.active_on(given.day):
        until = f" to {post.active_to}" if post.active_to else ""
        raise FieldError(
            "post", f"{post.id} was not active on {given.day} (active {post.active_from}{until})"
        )
    observer = " ".join(given.observer.split())
    if not observer or len(observer) > 200:
        raise FieldError("observer", "say who recorded the observation (up to 200 characters)")
    parties = set(store.parties())
    for name, value in (("fired-by", given.fired_by), ("target", given.target)):
        if value is not None and value not in parties:
            raise FieldError(name, f"'{value}' is not a party ({', '.join(sorted(parties))})")
    for term in given.means:
        if term not in MEANS:
            raise FieldError("means", f"'{term}' is not in the vocabulary ({', '.join(MEANS)})")
    fire_from = _compass(given.fire_from) if given.fire_from else None
    casualties = [_casualty(text, parties) for text in given.casualties]
    if given.no_casualties and casualties:
        raise FieldError("no-casualties", "is set but casualties are given")
    if len(given.consequences) > MAX_TEXT:
        raise FieldError("consequences", f"is longer than {MAX_TEXT} characters")
    zone = ZoneInfo(mission.timezone)
    start = _clock("from", given.time_from, given.day, zone)
    end = _clock("to", given.time_to, given.day, zone)
    if start and end and end < start:
        raise FieldError("to", f"{given.time_to} is before {given.time_from}")
    claim = Claim(
        date_from=given.day,
        date_to=given.day,
        date_precision=DatePrecision.DAY,
        location_precision=LocationPrecision.POINT,
        radius_m=POINT_RADIUS_M,
        accused=given.fired_by or "unknown",
        target=given.target,
        time_from=start,
        time_to=end,
        means=sorted(set(given.means)),
        consequences=" ".join(given.consequences.split()),
        casualties=casualties,
        no_casualties=given.no_casualties,
        source_id=profile.observers,
        standing=Standing.OBSERVED,
        confidence=1.0,
    )
    _place(store, given, claim)
    recorded = datetime.now(UTC)
    digest = json.dumps(
        [given.post, given.day.isoformat(), observer, recorded.isoformat(), claim.location_text]
    )
    claim.id = "C-obs-" + hashlib.sha256(digest.encode()).hexdigest()[:16]
    observation = Observation(
        claim.id, post.id, given.platform, observer, recorded, fire_from, given.fired_by
    )
    return claim, observation


def _place(store: Store, given: ObservationInput, claim: Claim) -> None:
    """Where: coordinates, a relative position from a named place, or a named place."""
    if (given.place is None) == (given.at is None):
        raise FieldError("place", "give either a place (a name or '2 km north-west of X') or coordinates")
    if given.radius_m is not None and not 0 < given.radius_m <= 50_000:
        raise FieldError("radius", f"{given.radius_m:g} m is not a radius between 1 m and 50 km")
    if given.at is not None:
        lat, lon = given.at
        lat_lo, lat_hi, lon_lo, lon_hi = store.profile().bounds
        if not (lat_lo <= lat <= lat_hi and lon_lo <= lon <= lon_hi):
            raise FieldError(
                "at",
                f"{lat}, {lon} is outside the mission's region "
                f"(lat {lat_lo}..{lat_hi}, lon {lon_lo}..{lon_hi})",
            )
        claim.lat, claim.lon = lat, lon
        claim.radius_m = given.radius_m or POINT_RADIUS_M
        claim.location_text = f"{lat:.5f}, {lon:.5f}"
        return
    text = " ".join((given.place or "").split())
    if not text or len(text) > 200:
        raise FieldError("place", "name a place (up to 200 characters)")
    gazetteer = store.gazetteer()
    relative = _RELATIVE.match(text)
    name = relative.group("place") if relative else text
    try:
        place = gazetteer.resolve(name)
    except UnknownPlace as exc:
        raise FieldError("place", str(exc)) from None
    claim.place_id, claim.location_text = place.id, text
    if relative:
        km = float(relative.group("n").replace(",", "."))
        km = km / 1000 if relative.group("unit").lower() == "m" else km
        if not 0 < km <= 50:
            raise FieldError(
                "place", f"{km:g} km from {name} is not a distance an observer reports (up to 50 km)"
            )
        direction = _compass(relative.group("dir"), "place")
        claim.lat, claim.lon, radius = relative_position(place, km, direction)
        claim.rel_km, claim.rel_dir = km, direction
        claim.radius_m = max(given.radius_m or 0.0, radius)
    else:
        claim.lat, claim.lon = place.lat, place.lon
        claim.location_precision = LocationPrecision.NEAR
        claim.radius_m = max(given.radius_m or 0.0, place.radius_m)


def _compass(text: str, field_name: str = "fire-from") -> str:
    """A compass direction: N, NE ... or north-east, northeast."""
    key = text.strip().replace("-", "").replace(" ", "")
    code = _COMPASS.get(key.lower()) or (key.upper() if key.upper() in DIRECTIONS else None)
    if code is None:
        raise FieldError(field_name, f"'{text}' is not a compass direction (N, NE ... or north-east)")
    return code


def _clock(name: str, text: str | None, day: date, zone: ZoneInfo) -> datetime | None:
    if not text:
        return None
    try:
        clock = time.fromisoformat(text)
    except ValueError:
        raise FieldError(name, f"'{text}' is not a time (HH:MM, local)") from None
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def _casualty(text: str, parties: set[str]) -> Casualty:
    try:
        return Casualty.parse(text, parties)
    except ValueError as exc:
        raise FieldError("casualties", str(exc)) from None
