"""What a map shows, decided before anything is drawn: layers in metres, labels in a naming convention,
symbols by kind, means and blame, and the details a reader gets by clicking. No drawing library here.

Everything is in the mission's metric projection, so a renderer draws true distances (the scale bar) and
needs no projection of its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import shapely

from truce.gazetteer import Gazetteer, place_name
from truce.geo.areas import AreasAsOf, area_label
from truce.geo.footprint import footprint
from truce.geo.projection import Projection
from truce.model import Area, Convention, Incident, Party, Post, Profile
from truce.report import describe

__all__ = [
    "DEFAULT_COLOURS",
    "MEANS_GROUPS",
    "MapArea",
    "MapIncident",
    "MapPlace",
    "MapPost",
    "MapScene",
    "build_scene",
]

#: Means grouped into the few marker shapes a reader can tell apart, most telling first.
MEANS_GROUPS = {
    "ground": ("incursion", "post_set_up", "engineering_works"),
    "air": ("uav_strike", "quadcopter"),
    "heavy": ("mortar", "artillery", "mlrs", "tank", "shelling_unspecified"),
    "fire": ("small_arms", "sniper", "grenade", "grenade_launcher"),
    "other": ("other",),
}
MEANS_GROUP_LABELS = {
    "ground": "advance, post set up, engineering works",
    "air": "drone strike, quadcopter",
    "heavy": "mortar, artillery, rockets, tank, shelling",
    "fire": "small arms, sniper, grenades",
    "other": "other means",
    "none": "means not indicated",
    "mixed": "several incidents",
}
#: Colour-blind-safe colours (Okabe-Ito) by the party blamed; none of them a party's own colours.
#: Colours of what a pack does not colour: blame not indicated, several differing, a country.
DEFAULT_COLOURS = {"unknown": "#6E6E6E", "mixed": "#000000", "country": "#F2F2F2"}
LABELLED_KINDS = ("city", "town")  # labelled whenever in the frame; other places only when used
FRAME_MARGIN_M = 15_000


@dataclass(frozen=True)
class MapArea:
    id: str
    kind: str
    label: str
    geometry: shapely.Geometry  # metres
    approximate: bool
    details: dict[str, str]


@dataclass(frozen=True)
class MapPost:
    id: str
    kind: str
    label: str
    x: float
    y: float
    range_m: float | None
    details: dict[str, str]


@dataclass(frozen=True)
class MapIncident:
    """One symbol: the incidents reported at the same footprint (usually one)."""

    ids: list[str]
    accused: str  # a party code, "unknown", or "mixed"
    means: str  # a key of MEANS_GROUP_LABELS
    point: tuple[float, float] | None  # metres; None for an area
    radius_m: float
    area: shapely.Geometry | None  # metres; the footprint of an incident known only to an area
    violations: int
    details: list[dict[str, str]]


@dataclass(frozen=True)
class MapPlace:
    text: str
    x: float
    y: float
    kind: str


@dataclass
class MapScene:
    title: str
    subtitle: str
    crs: str
    frame: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax in metres
    countries: list[MapArea] = field(default_factory=list)
    areas: list[MapArea] = field(default_factory=list)  # zones and corridor
    line: MapArea | None = None
    posts: list[MapPost] = field(default_factory=list)
    incidents: list[MapIncident] = field(default_factory=list)
    places: list[MapPlace] = field(default_factory=list)
    not_drawn: list[str] = field(default_factory=list)  # incidents with no footprint or out of frame
    party_names: dict[str, str] = field(default_factory=dict)  # code -> name, for the legend
    notes: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))  # party or country_XX
    country_names: dict[str, str] = field(default_factory=dict)  # country code -> name, on the map

    def colour(self, key: str) -> str:
        """The colour of a party code (or ``country_XX``), falling back to the neutral ones."""
        fallback = DEFAULT_COLOURS["country"] if key.startswith("country_") else DEFAULT_COLOURS["unknown"]
        return self.colours.get(key, fallback)


def build_scene(
    *,
    as_of: date,
    date_from: date | None,
    date_to: date | None,
    incidents: list[Incident],
    areas: list[Area],
    posts: list[Post],
    gazetteer: Gazetteer,
    parties: dict[str, Party],
    convention: Convention,
    projection: Projection,
    profile: Profile,
) -> MapScene:
    """The map of the areas and posts as of ``as_of`` and of ``incidents`` (already chosen by date), in the
    colours and country names of the mission's ``profile``."""
    in_force = AreasAsOf(areas, as_of, projection)
    scene = MapScene(
        title=f"Ceasefire violations, {_period(date_from, date_to)}",
        subtitle=f"Areas and posts as of {describe.date_text(as_of)}. Place names: {convention.code}. "
        f"Metres in {projection.crs}.",
        crs=projection.crs,
        frame=_frame(in_force, posts, as_of, projection, gazetteer),
    )
    scene.countries = [_area(a, in_force) for a in in_force.of_kind("country")]
    scene.areas = [_area(a, in_force) for a in in_force.polygons]
    if in_force.line_of_contact:
        scene.line = _area(in_force.line_of_contact, in_force)
    scene.posts = [_post(p, gazetteer, convention, projection) for p in posts if p.active_on(as_of)]
    scene.incidents, scene.not_drawn = _incidents(
        incidents, areas, posts, gazetteer, parties, convention, projection, scene.frame
    )
    scene.party_names = {code: party.name("en") for code, party in parties.items()}
    scene.colours = {**DEFAULT_COLOURS, **profile.colours}
    scene.country_names = dict(profile.countries)
    scene.places = _places(scene, incidents, posts, gazetteer, convention, projection)
    scene.notes = [
        "Areas and posts marked approximate were not surveyed (each says its basis). Incident symbols sit "
        "where the source places them; circles show how far off that may be.",
        *profile.map_notes,
    ]
    return scene


def _period(date_from: date | None, date_to: date | None) -> str:
    if date_from and date_to:
        return describe.date_text(date_from, date_to)
    if date_from:
        return f"from {describe.date_text(date_from)}"
    if date_to:
        return f"to {describe.date_text(date_to)}"
    return "the whole record"


def _frame(
    in_force: AreasAsOf, posts: list[Post], day: date, projection: Projection, gazetteer: Gazetteer
) -> tuple[float, float, float, float]:
    """The mission's areas and posts in force, with a margin; the theatre's focus when nothing is."""
    shown = [in_force.metric[a.id] for a in in_force.polygons]
    active = [p for p in posts if p.active_on(day)]
    if active:
        x, y = projection.to_metric([p.lon for p in active], [p.lat for p in active])
        shown.append(shapely.multipoints(list(zip(x, y, strict=True))))
    if not shown:
        focus = gazetteer.focus or (0.0, 0.0)
        shown = [shapely.Point(*projection.to_metric(focus[1], focus[0])).buffer(50_000)]
    xmin, ymin, xmax, ymax = shapely.bounds(shapely.union_all(shown)).tolist()
    return xmin - FRAME_MARGIN_M, ymin - FRAME_MARGIN_M, xmax + FRAME_MARGIN_M, ymax + FRAME_MARGIN_M


def _area(area: Area, in_force: AreasAsOf) -> MapArea:
    valid = f"{area.valid_from.isoformat()} to {area.valid_to.isoformat() if area.valid_to else 'open'}"
    details = {"area": area_label(area), "version": area.id, "valid": valid, "basis": area.basis}
    if area.error_m:
        details["drawn to within"] = describe.km(area.error_m)
    return MapArea(area.id, area.kind, area_label(area), in_force.metric[area.id], area.approximate, details)


def _post(post: Post, gazetteer: Gazetteer, convention: Convention, projection: Projection) -> MapPost:
    x, y = projection.to_metric(post.lon, post.lat)
    near = gazetteer.get(post.near_place or "")
    details = {
        "post": post.names.get("en", post.id),
        "kind": post.kind.replace("_", " "),
        "active": f"{post.active_from} to {post.active_to or 'open'}",
        "position": post.basis + (f" (within {describe.km(post.radius_m)})" if post.approximate else ""),
        "observation range": describe.km(post.observation_range_m) if post.observation_range_m else "not set",
    }
    if near:
        details["near"] = place_name(near, convention)
    label = post.names.get("en", post.id)
    return MapPost(post.id, post.kind, label, float(x), float(y), post.observation_range_m, details)


def _means_group(incident: Incident) -> str:
    for group, means in MEANS_GROUPS.items():
        if set(incident.means) & set(means):
            return group
    return "none"


def _incidents(
    incidents: list[Incident],
    areas: list[Area],
    posts: list[Post],
    gazetteer: Gazetteer,
    parties: dict[str, Party],
    convention: Convention,
    projection: Projection,
    frame: tuple[float, float, float, float],
) -> tuple[list[MapIncident], list[str]]:
    """Symbols for the incidents, those at the same footprint together; and what cannot be drawn."""
    groups: dict[bytes, list[tuple[Incident, shapely.Geometry, bool]]] = defaultdict(list)
    not_drawn = []
    posts_by_id, areas_by_id = {p.id: p for p in posts}, {a.id: a for a in areas}
    in_force: dict[date, AreasAsOf] = {}
    box = shapely.box(*frame)
    for incident in incidents:
        day = incident.date_from
        in_force.setdefault(day, AreasAsOf(areas, day, projection))
        drawn = footprint(incident, gazetteer, in_force[day])
        where = describe.location_text(incident, gazetteer, convention)
        if drawn.geometry is None:
            not_drawn.append(f"{incident.id} ({where}): {drawn.basis}")
            continue
        metric = projection.geometry_to_metric(drawn.geometry)
        if not box.intersects(metric):
            not_drawn.append(f"{incident.id} ({where}): outside the frame")
            continue
        groups[shapely.to_wkb(metric)].append((incident, metric, drawn.is_area))
    symbols = []
    for members in groups.values():
        _, metric, is_area = members[0]
        accused = {i.accused for i, _, _ in members}
        means = {_means_group(i) for i, _, _ in members}
        details = [
            _details(i, gazetteer, parties, convention, areas_by_id, posts_by_id) for i, _, _ in members
        ]
        symbols.append(
            MapIncident(
                ids=[i.id for i, _, _ in members],
                accused=accused.pop() if len(accused) == 1 else "mixed",
                means=means.pop() if len(means) == 1 else "mixed",
                point=None if is_area else (metric.x, metric.y),
                radius_m=max(i.radius_m for i, _, _ in members),
                area=metric if is_area else None,
                violations=sum(i.violations for i, _, _ in members),
                details=details,
            )
        )
    # areas first and the largest first, so that points and small areas stay on top and clickable
    symbols.sort(key=lambda s: (s.area is None, -(s.area.area if s.area is not None else 0)))
    return symbols, not_drawn


def _details(
    incident: Incident,
    gazetteer: Gazetteer,
    parties: dict[str, Party],
    convention: Convention,
    areas: dict[str, Area],
    posts: dict[str, Post],
) -> dict[str, str]:
    precision = incident.location_precision.value
    details = {
        "incident": incident.id,
        "date": describe.date_text(incident.date_from, incident.date_to),
        "where": describe.location_text(incident, gazetteer, convention),
        "precision": f"{precision}, within {describe.km(incident.radius_m)}",
        "violations": str(incident.violations),
        "means": describe.means_text(incident),
        "blamed": describe.blamed(incident, parties),
        "casualties": describe.casualties_text(incident.casualties, incident.no_casualties, parties),
        "sources": ", ".join(sorted({c.source_id for c in incident.claims})) or "none",
    }
    if incident.consequences:
        details["details"] = incident.consequences
    if incident.siting is not None and incident.siting.areas is not None:
        details["on the map"] = describe.siting_text(incident.siting, areas, posts)
    return details


def _places(
    scene: MapScene,
    incidents: list[Incident],
    posts: list[Post],
    gazetteer: Gazetteer,
    convention: Convention,
    projection: Projection,
) -> list[MapPlace]:
    """Towns in the frame, and the places the incidents and posts shown are at."""
    used = {i.place_id for i in incidents if i.place_id} | {p.near_place for p in posts if p.near_place}
    chosen = [
        p
        for p in gazetteer.places.values()
        if not p.is_admin_unit and (p.id in used or (p.curated and p.kind in LABELLED_KINDS))
    ]
    xmin, ymin, xmax, ymax = scene.frame
    found = []
    for place in chosen:
        x, y = projection.to_metric(place.lon, place.lat)
        if xmin <= x <= xmax and ymin <= y <= ymax:
            found.append(MapPlace(place_name(place, convention), float(x), float(y), place.kind))
    return sorted(found, key=lambda p: (p.kind not in LABELLED_KINDS, p.text))
