"""What a map shows, decided before anything is drawn: layers in metres, labels in a naming convention,
symbols by kind, means and blame, and the details a reader gets by clicking. No drawing library here.

Everything is in the mission's metric projection, so a renderer draws true distances (the scale bar) and
needs no projection of its own.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import shapely

from truce.gazetteer import Gazetteer, place_name
from truce.geo.areas import AreasAsOf, area_label
from truce.geo.footprint import footprint
from truce.geo.projection import Projection
from truce.model import Area, Convention, Incident, Party, Post, Profile, local
from truce.report import describe
from truce.report.maps.texts import N_, check_language, day_text, gettext, period

__all__ = [
    "DEFAULT_COLOURS",
    "MEANS_GROUPS",
    "MapArea",
    "MapIncident",
    "MapLabel",
    "MapMember",
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
    "ground": N_("advance, post set up, engineering works"),
    "air": N_("drone strike, quadcopter"),
    "heavy": N_("mortar, artillery, rockets, tank, shelling"),
    "fire": N_("small arms, sniper, grenades"),
    "other": N_("other means"),
    "none": N_("means not indicated"),
    "mixed": N_("several incidents, differing means"),
}
#: Colours of what a pack does not colour: blame not indicated, several differing, a country.
DEFAULT_COLOURS = {"unknown": "#6E6E6E", "mixed": "#000000", "country": "#F2F2F2"}
#: The second cue of a party, after its colour, for readers who cannot tell the colours apart: how its
#: markers are filled (the rest white) and how the areas it is blamed for are hatched. Parties take them
#: in the order the pack lists their colours; "not indicated" and "several" keep their own.
FILLS = ("full", "top", "left", "bottom", "right")
HATCHES = ("//", "\\\\", "||", "--", "++")
NEUTRAL_CUES = {"unknown": ("full", ".."), "mixed": ("full", "xx")}
APPROXIMATE_NOTE = N_(
    "Areas and posts marked approximate were not surveyed (each says its basis). Incident symbols sit "
    "where the source places them; circles show how far off that may be."
)
LABELLED_KINDS = ("city", "town")  # labelled whenever in the frame; other places only when used
FRAME_MARGIN_M = 15_000  # around the mission's areas and posts
INCIDENT_MARGIN_M = 3_000  # around an incident's footprint at the edge of the frame
FAR_M = 25_000  # an incident further than this beyond the mission's frame goes to the inset
#: Labels by priority: the lower first placed, the last first dropped when there is no room.
LABEL_PRIORITY = {"city": 0, "incident": 1, "town": 2, "country": 3, "post_place": 4, "post": 5}


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
    code: str = ""  # the short label on the map ("N6"), if its name has one


@dataclass(frozen=True)
class MapMember:
    """One incident of a symbol, as the HTML map's filters see it."""

    id: str
    date_from: date
    date_to: date
    accused: str  # a party code or "unknown"
    means: str  # a key of MEANS_GROUP_LABELS but "mixed"


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
    members: list[MapMember] = field(default_factory=list)
    inset: bool = False  # far from the mission's area: drawn in the inset


@dataclass(frozen=True)
class MapPlace:
    text: str
    x: float
    y: float
    kind: str


@dataclass(frozen=True)
class MapLabel:
    """A name to write on the map, if there is room: at a point, or (a country) anywhere in ``region``."""

    text: str
    x: float
    y: float
    kind: str  # a key of LABEL_PRIORITY
    inset: bool = False
    region: shapely.Geometry | None = None  # metres; where a country's name may go

    @property
    def priority(self) -> int:
        return LABEL_PRIORITY[self.kind]


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
    not_drawn: list[str] = field(default_factory=list)  # incidents with no footprint
    party_names: dict[str, str] = field(default_factory=dict)  # code -> name, for the legend
    notes: list[str] = field(default_factory=list)
    colours: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_COLOURS))  # party or country_XX
    country_names: dict[str, str] = field(default_factory=dict)  # country code -> name, on the map
    lang: str = "en"  # the language of the title, legend and notes
    inset_frame: tuple[float, float, float, float] | None = None  # around the far incidents and the frame
    labels: list[MapLabel] = field(default_factory=list)  # in priority order
    cues: dict[str, tuple[str, str]] = field(default_factory=dict)  # party -> (marker fill, area hatch)

    def colour(self, key: str) -> str:
        """The colour of a party code (or ``country_XX``), falling back to the neutral ones."""
        fallback = DEFAULT_COLOURS["country"] if key.startswith("country_") else DEFAULT_COLOURS["unknown"]
        return self.colours.get(key, fallback)

    def cue(self, key: str) -> tuple[str, str]:
        """How a party's markers are filled and its areas hatched, beside its colour."""
        return self.cues.get(key) or NEUTRAL_CUES.get(key) or NEUTRAL_CUES["unknown"]

    def text(self, message: str) -> str:
        """A message of the map in its language."""
        return gettext(message, self.lang)

    def blamed_label(self, code: str) -> str:
        """Who a legend says is blamed: the party's name, or "not indicated" or "several, differing"."""
        neutral = {"unknown": N_("not indicated"), "mixed": N_("several, differing")}
        return self.party_names.get(code) or self.text(neutral.get(code, code))


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
    lang: str = "en",
) -> MapScene:
    """The map of the areas and posts as of ``as_of`` and of ``incidents`` (already chosen by date), in the
    colours and country names of the mission's ``profile``, its words in ``lang`` (en, ru).

    The frame holds the mission's areas and posts and every incident near them, whole (a district an
    incident is known only to included); incidents far from them go to an inset."""
    check_language(lang)
    in_force = AreasAsOf(areas, as_of, projection)
    core = _frame(in_force, posts, as_of, projection, gazetteer)
    drawn, not_drawn = _footprints(incidents, areas, gazetteer, convention, projection)
    # an incident's whole footprint: its area, or the circle it may lie anywhere in
    shapes = [(m if is_area else m.buffer(i.radius_m), m) for i, m, is_area in drawn]
    near = [shape for shape, m in shapes if shapely.distance(shapely.box(*core), m) <= FAR_M]
    frame = _grown(core, near)
    far = [shape for shape, m in shapes if not shapely.box(*frame).intersects(m)]
    day = day_text(as_of, lang)
    scene = MapScene(
        title=gettext("Ceasefire violations, {period}", lang).format(period=period(date_from, date_to, lang)),
        subtitle=gettext("Areas and posts as of {day}. Place names: {names}. Metres in {crs}.", lang).format(
            day=day, names=convention.code, crs=projection.crs
        ),
        crs=projection.crs,
        frame=frame,
        lang=lang,
    )
    if far:
        scene.inset_frame = _inset_frame(frame, far)
    scene.countries = [_area(a, in_force, lang) for a in in_force.of_kind("country")]
    scene.areas = [_area(a, in_force, lang) for a in in_force.polygons]
    if in_force.line_of_contact:
        scene.line = _area(in_force.line_of_contact, in_force, lang)
    scene.posts = [_post(p, gazetteer, convention, projection, lang) for p in posts if p.active_on(as_of)]
    scene.incidents = _incidents(drawn, areas, posts, gazetteer, parties, convention, frame)
    scene.not_drawn = not_drawn
    scene.party_names = {code: party.name(lang) for code, party in parties.items()}
    scene.colours = {**DEFAULT_COLOURS, **profile.colours}
    order = [c for c in profile.colours if c in parties]
    order += sorted(c for c in parties if c not in profile.colours)
    scene.cues = {code: (FILLS[n % len(FILLS)], HATCHES[n % len(HATCHES)]) for n, code in enumerate(order)}
    scene.country_names = {
        code: _country_name(code, name, gazetteer, lang) for code, name in profile.countries.items()
    }
    scene.places = _places(scene, incidents, posts, gazetteer, convention, projection)
    scene.labels = _labels(scene, incidents, posts, gazetteer, convention, projection)
    scene.notes = [gettext(APPROXIMATE_NOTE, lang), *(local(note, lang) for note in profile.map_notes)]
    return scene


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


def _grown(
    frame: tuple[float, float, float, float], footprints: list[shapely.Geometry]
) -> tuple[float, float, float, float]:
    """The frame, grown to hold each footprint whole with a margin.

    >>> _grown((0, 0, 10_000, 10_000), [shapely.Point(12_000, 5_000).buffer(1_000)])
    (0.0, 0.0, 16000.0, 10000.0)
    """
    xmin, ymin, xmax, ymax = (float(v) for v in frame)
    for footprint_m in footprints:
        x0, y0, x1, y1 = shapely.bounds(footprint_m).tolist()
        xmin, ymin = min(xmin, x0 - INCIDENT_MARGIN_M), min(ymin, y0 - INCIDENT_MARGIN_M)
        xmax, ymax = max(xmax, x1 + INCIDENT_MARGIN_M), max(ymax, y1 + INCIDENT_MARGIN_M)
    return xmin, ymin, xmax, ymax


def _inset_frame(
    frame: tuple[float, float, float, float], far: list[shapely.Geometry]
) -> tuple[float, float, float, float]:
    """The main frame and the far incidents, with a tenth of the size around them."""
    xmin, ymin, xmax, ymax = shapely.bounds(shapely.union_all([shapely.box(*frame), *far])).tolist()
    pad = 0.1 * max(xmax - xmin, ymax - ymin)
    return xmin - pad, ymin - pad, xmax + pad, ymax + pad


def _country_name(code: str, english: str, gazetteer: Gazetteer, lang: str) -> str:
    """A country's name in ``lang``, from the gazetteer when it has one; the pack's English name else."""
    unit = gazetteer.country_unit(code)
    found = next((n.text for n in unit.names if n.role == lang), None) if unit else None
    return found or english


def _area(area: Area, in_force: AreasAsOf, lang: str) -> MapArea:
    valid = f"{area.valid_from.isoformat()} to {area.valid_to.isoformat() if area.valid_to else 'open'}"
    details = {"area": area_label(area), "version": area.id, "valid": valid, "basis": area.basis}
    if area.error_m:
        details["drawn to within"] = describe.km(area.error_m)
    label = gettext(area_label(area), lang)
    return MapArea(area.id, area.kind, label, in_force.metric[area.id], area.approximate, details)


def _post(
    post: Post, gazetteer: Gazetteer, convention: Convention, projection: Projection, lang: str
) -> MapPost:
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
    label = post.names.get(lang) or post.names.get("en", post.id)
    return MapPost(
        post.id, post.kind, label, float(x), float(y), post.observation_range_m, details, _post_code(label)
    )


def _post_code(name: str) -> str:
    """The short name of a post on the map: the word of its name with a number in it.

    >>> _post_code("Permanent post N6"), _post_code("Постоянный пост С-1")
    ('N6', 'С-1')
    >>> _post_code("Post West-1 (Kveldra)"), _post_code("Post East-1 (Height 812)")
    ('West-1', 'East-1')
    >>> _post_code("Peacekeeping contingent headquarters")
    ''
    """
    words = re.sub(r"\(.*?\)", " ", name).split()  # not what the brackets say of it ("(Height 812)")
    return next((w for w in reversed(words) if any(c.isdigit() for c in w)), "")


def _means_group(incident: Incident) -> str:
    for group, means in MEANS_GROUPS.items():
        if set(incident.means) & set(means):
            return group
    return "none"


Drawn = tuple[Incident, shapely.Geometry, bool]  # the incident, its footprint in metres, whether an area


def _footprints(
    incidents: list[Incident],
    areas: list[Area],
    gazetteer: Gazetteer,
    convention: Convention,
    projection: Projection,
) -> tuple[list[Drawn], list[str]]:
    """Each incident's footprint in metres; and the incidents that have none, saying why."""
    drawn: list[Drawn] = []
    not_drawn = []
    in_force: dict[date, AreasAsOf] = {}
    for incident in incidents:
        day = incident.date_from
        in_force.setdefault(day, AreasAsOf(areas, day, projection))
        found = footprint(incident, gazetteer, in_force[day])
        if found.geometry is None:
            where = describe.location_text(incident, gazetteer, convention)
            not_drawn.append(f"{incident.id} ({where}): {found.basis}")
            continue
        drawn.append((incident, projection.geometry_to_metric(found.geometry), found.is_area))
    return drawn, not_drawn


def _incidents(
    drawn: list[Drawn],
    areas: list[Area],
    posts: list[Post],
    gazetteer: Gazetteer,
    parties: dict[str, Party],
    convention: Convention,
    frame: tuple[float, float, float, float],
) -> list[MapIncident]:
    """Symbols for the incidents, those at the same footprint together; those outside the frame marked
    for the inset."""
    groups: dict[bytes, list[Drawn]] = defaultdict(list)
    posts_by_id, areas_by_id = {p.id: p for p in posts}, {a.id: a for a in areas}
    box = shapely.box(*frame)
    for incident, metric, is_area in drawn:
        groups[shapely.to_wkb(metric)].append((incident, metric, is_area))
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
                members=[
                    MapMember(i.id, i.date_from, i.date_to, i.accused, _means_group(i)) for i, _, _ in members
                ],
                inset=not box.intersects(metric),
            )
        )
    # areas first and the largest first, so that points and small areas stay on top and clickable
    symbols.sort(key=lambda s: (s.area is None, -(s.area.area if s.area is not None else 0)))
    return symbols


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
    """Towns in the frame, and the places the incidents and posts shown are at; those of the incidents in
    the inset in its frame too."""
    shown = {p.id for p in scene.posts}
    used = {i.place_id for i in incidents if i.place_id}
    used |= {p.near_place for p in posts if p.near_place and p.id in shown}
    chosen = [
        p
        for p in gazetteer.places.values()
        if not p.is_admin_unit and (p.id in used or (p.curated and p.kind in LABELLED_KINDS))
    ]
    found = []
    for place in chosen:
        x, y = projection.to_metric(place.lon, place.lat)
        far = place.id in used and scene.inset_frame is not None and _within(scene.inset_frame, x, y)
        if _within(scene.frame, x, y) or far:
            found.append(MapPlace(place_name(place, convention), float(x), float(y), place.kind))
    return sorted(found, key=lambda p: (p.kind not in LABELLED_KINDS, p.text))


def _within(frame: tuple[float, float, float, float], x: float, y: float) -> bool:
    return frame[0] <= x <= frame[2] and frame[1] <= y <= frame[3]


def _labels(
    scene: MapScene,
    incidents: list[Incident],
    posts: list[Post],
    gazetteer: Gazetteer,
    convention: Convention,
    projection: Projection,
) -> list[MapLabel]:
    """What the map would name, in priority order: cities, the places of the incidents (the most
    incidents first), towns, countries, the places of posts, and the posts' short names."""
    count = Counter(i.place_id for i in incidents if i.place_id)
    shown = {p.id for p in scene.posts}
    at_posts = {p.near_place for p in posts if p.near_place and p.id in shown}
    labels: list[tuple[MapLabel, int]] = []
    for place in sorted(gazetteer.places.values(), key=lambda p: p.id):
        if place.is_admin_unit:
            continue
        if place.kind == "city" and place.curated:
            kind = "city"
        elif place.id in count:
            kind = "incident"
        elif place.kind == "town" and place.curated:
            kind = "town"
        elif place.id in at_posts:
            kind = "post_place"
        else:
            continue
        x, y = (float(v) for v in projection.to_metric(place.lon, place.lat))
        name = place_name(place, convention)
        if _within(scene.frame, x, y):
            labels.append((MapLabel(name, x, y, kind), -count[place.id]))
        elif kind == "incident" and scene.inset_frame is not None and _within(scene.inset_frame, x, y):
            labels.append((MapLabel(name, x, y, kind, inset=True), -count[place.id]))
    labels += [(label, 0) for label in _country_labels(scene)]
    labels += [(MapLabel(p.code, p.x, p.y, "post"), 0) for p in scene.posts if p.code]
    labels.sort(key=lambda item: (item[0].inset, item[0].priority, item[1], item[0].text))
    return [label for label, _ in labels]


def _country_labels(scene: MapScene) -> list[MapLabel]:
    """Each country's name where no area of the mission covers it, if the frame shows enough of it; in
    the inset, where the main map does not cover it."""
    mission = shapely.union_all([a.geometry for a in scene.areas]).buffer(8000)
    frames = [(False, shapely.box(*scene.frame).difference(mission))]
    if scene.inset_frame is not None:
        frames.append((True, shapely.box(*scene.inset_frame).difference(shapely.box(*scene.frame))))
    labels = []
    for inset, frame in frames:
        for country in scene.countries:
            shown = shapely.intersection(country.geometry, frame)
            if shown.is_empty or shown.area <= 0.03 * frame.area:
                continue
            at = shapely.point_on_surface(shown)
            name = scene.country_names.get(country.label, country.label).upper()
            labels.append(MapLabel(name, at.x, at.y, "country", inset=inset, region=shown))
    return labels
