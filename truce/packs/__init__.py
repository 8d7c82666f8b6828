"""Mission packs: a mission as data files (see docs/pack-format.md), read into model objects.

``load_pack`` reads and checks every file of a pack and returns a :class:`Pack`; nothing touches the
database here. A broken row raises :class:`~truce.errors.PackError` naming the file, line and field.
"""

from __future__ import annotations

import dataclasses
import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from truce.errors import PackError
from truce.gazetteer import Gazetteer
from truce.geo.locate import site_incidents
from truce.geo.projection import Projection
from truce.model import (
    Activity,
    Area,
    CeasefirePoint,
    Claim,
    Incident,
    Mission,
    Party,
    Place,
    PlaceName,
    Post,
    Profile,
    Source,
)
from truce.packs.activities import ACTIVITY_COLUMNS, activity
from truce.packs.areas import read_areas
from truce.packs.geonames import read_geonames, read_orthographies
from truce.packs.incidents import INCIDENT_COLUMNS, IncidentReader
from truce.packs.profile import POST_KINDS, read_profile
from truce.packs.reader import Row, check_unique, read_csv

__all__ = ["DEFAULT_PACK", "PACKS_DIR", "Pack", "available_packs", "load_pack"]

PACKS_DIR = Path(__file__).parent
DEFAULT_PACK = "nagorno_karabakh"

PLACE_COLUMNS = (
    "id",
    "kind",
    "country",
    "lat",
    "lon",
    "radius_m",
    "approximate",
    "basis",
    "geonames_id",
    "name_en",
    "name_az",
    "name_hy",
    "name_ru",
    "native_az",
    "native_hy",
    "variants",
    "admin_former",
    "admin_current",
    "source",
    "notes",
)
PLACE_KINDS = (
    "city",
    "town",
    "village",
    "settlement",
    "farm",
    "height",
    "mountain",
    "pass",
    "reservoir",
    "river",
    "bridge",
    "road",
    "monastery",
    "airport",
    "gorge",
    "district",
    "province",
    "region",
    "country",
)
POST_COLUMNS = (
    "id",
    "name_en",
    "name_ru",
    "kind",
    "zone",
    "lat",
    "lon",
    "radius_m",
    "approximate",
    "basis",
    "active_from",
    "active_to",
    "near_place",
    "source",
    "notes",
)
PARTY_COLUMNS = (
    "code",
    "kind",
    "country",
    "name_en",
    "name_ru",
    "side_en",
    "side_ru",
    "words_en",
    "words_ru",
    "notes",
)
#: Columns a pack's parties.csv may leave out (older packs have none of them).
PARTY_OPTIONAL = ("words_en", "words_ru")
SOURCE_COLUMNS = ("id", "name", "name_ru", "party", "kind", "aliases", "url", "notes")
SOURCE_KINDS = ("monitor", "observers", "ministry", "de_facto_authority", "media", "reference", "other")


@dataclass
class Pack:
    name: str
    path: Path
    hash: str
    mission: Mission
    profile: Profile
    focus: tuple[float, float]
    parties: list[Party]
    places: list[Place]
    posts: list[Post]
    areas: list[Area]
    ceasefire: list[CeasefirePoint]
    sources: list[Source]
    claims: list[Claim]
    incidents: list[Incident]
    activities: list[Activity] = field(default_factory=list)

    _gazetteer: Gazetteer | None = field(default=None, repr=False, compare=False)

    def gazetteer(self) -> Gazetteer:
        """The pack's places indexed by name (built once)."""
        if self._gazetteer is None:
            self._gazetteer = Gazetteer(self.places, focus=self.focus)
        return self._gazetteer

    def projection(self) -> Projection:
        """The metric projection of the mission (the UTM zone of its focus)."""
        return Projection.for_focus(*self.focus)


def available_packs() -> list[str]:
    return sorted(p.name for p in PACKS_DIR.iterdir() if (p / "pack.toml").is_file())


def pack_path(name: str) -> Path:
    """A pack by name (one shipped with Truce) or by path to its folder."""
    path = Path(name)
    if not (path / "pack.toml").is_file():
        path = PACKS_DIR / name
    if not (path / "pack.toml").is_file():
        known = ", ".join(available_packs())
        raise PackError(name, None, None, f"no such mission pack (shipped packs: {known})")
    return path


def load_pack(name: str = DEFAULT_PACK) -> Pack:
    """Read and check every file of a pack."""
    path = pack_path(name)
    settings = _read_toml(path / "pack.toml")
    mission, focus = _read_mission(settings)
    parties = [_party(row) for row in read_csv(path / "parties.csv", PARTY_COLUMNS, optional=PARTY_OPTIONAL)]
    check_unique("parties.csv", [p.code for p in parties])
    codes = {p.code for p in parties}
    if mission.monitor not in codes:
        raise PackError(
            "pack.toml", None, "mission.monitor", f"'{mission.monitor}' is not a party of parties.csv"
        )
    profile = read_profile(settings, codes, mission.default_names)
    for party in parties:
        if party.country and party.country not in profile.countries and party.kind != "monitor":
            raise PackError("parties.csv", None, "country", f"'{party.country}' is not a country of [region]")
    rows = [row for file in ("admin_units.csv", "places.csv") for row in read_csv(path / file, PLACE_COLUMNS)]
    curated = [_place(row, profile) for row in rows]
    check_unique("places.csv", [p.id for p in curated])
    ids = {p.id for p in curated}
    admin_map = {
        (row.str("country"), row.str("admin1_code")): _known(row, "admin_id", ids)
        for row in read_csv(path / "geonames_admin1.csv", ("country", "admin1_code", "admin_id"))
    }
    replaced = {p.geonames_id for p in curated if p.geonames_id}
    native = read_orthographies(settings.get("naming") or {})
    geonames = read_geonames(
        path / "geonames_places.tsv", admin_map, profile.official_roles, profile.bounds, native
    )
    places = curated + [p for p in geonames if p.geonames_id not in replaced]
    for row, place in zip(rows, curated, strict=True):
        for column in ("admin_former", "admin_current"):
            value = getattr(place, column)
            if value and value not in ids:
                raise row.error(column, f"'{value}' is not an id of admin_units.csv or places.csv")
    _mark_disputed(places, settings, ids)
    place_ids = {p.id for p in places}
    for party, place_id in profile.line_sides.items():
        if place_id not in place_ids:
            raise PackError(
                "pack.toml",
                None,
                f"deployment.line_sides.{party}",
                f"'{place_id}' is not a place of the pack",
            )
    posts = [_post(row, place_ids, profile) for row in read_csv(path / "posts.csv", POST_COLUMNS)]
    check_unique("posts.csv", [p.id for p in posts])
    posts = _with_ranges(posts, settings)
    areas = read_areas(path / "areas.geojson", profile.bounds)
    if (path / "countries.geojson").is_file():  # optional: outlines for maps and the region check
        areas += read_areas(path / "countries.geojson", profile.bounds)
        check_unique("countries.geojson", [a.id for a in areas])
    ceasefire = [
        CeasefirePoint(row.int("point"), row.str("topic"), row.str("summary"), _others(row, "summary"))
        for row in read_csv(path / "ceasefire.csv", ("point", "topic", "summary", "summary_ru"))
    ]
    sources = [_source(row, codes) for row in read_csv(path / "sources.csv", SOURCE_COLUMNS)]
    check_unique("sources.csv", [s.id for s in sources])
    if profile.observers not in {s.id for s in sources if s.kind == "observers"}:
        raise PackError(
            "pack.toml",
            None,
            "deployment.observers",
            f"'{profile.observers}' is not a source of kind observers",
        )
    pack = Pack(
        name=path.name,
        path=path,
        hash=_hash(path),
        mission=mission,
        profile=profile,
        focus=focus,
        parties=parties,
        places=places,
        posts=posts,
        areas=areas,
        ceasefire=ceasefire,
        sources=sources,
        claims=[],
        incidents=[],
    )
    gazetteer = pack.gazetteer()
    context = IncidentReader(gazetteer, {s.id: s for s in sources}, {c.point for c in ceasefire}, codes)
    pack.claims = [context.claim(row) for row in read_csv(path / "incidents.csv", INCIDENT_COLUMNS)]
    check_unique("incidents.csv", [c.id for c in pack.claims])
    pack.incidents = [Incident.from_claims("I-" + c.id.removeprefix("C-"), [c]) for c in pack.claims]
    if (path / "activities.csv").is_file():  # optional: the mission's other work
        by_id = {s.id: s for s in sources}
        area_ids = {a.id for a in areas}
        pack.activities = [
            activity(row, by_id, codes, place_ids, area_ids)
            for row in read_csv(path / "activities.csv", ACTIVITY_COLUMNS)
        ]
        check_unique("activities.csv", [a.id for a in pack.activities])
    sitings = site_incidents(pack.incidents, areas, posts, pack.projection())
    for incident in pack.incidents:
        incident.siting = sitings[incident.id]
    return pack


def _mark_disputed(places: list[Place], settings: dict, ids: set[str]) -> None:
    """Mark the places whose names are disputed: inside (or being) an admin unit ``[naming]`` lists."""
    units = settings.get("naming", {}).get("disputed_units", [])
    unknown = [u for u in units if u not in ids]
    if unknown:
        raise PackError("pack.toml", None, "naming.disputed_units", f"{', '.join(unknown)}: not admin units")
    disputed = set(units)
    for place in places:
        place.disputed = bool(disputed & {place.id, place.admin_former, place.admin_current})


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(path.iterdir()):
        if file.is_file() and not file.name.startswith("."):
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()


def _known(row: Row, field: str, ids: set[str]) -> str:
    value = row.str(field)
    if value not in ids:
        raise row.error(field, f"'{value}' is not an admin unit or place of the pack")
    return value


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PackError(path.name, getattr(exc, "lineno", None), None, f"is not valid TOML ({exc})") from None


def _read_mission(data: dict) -> tuple[Mission, tuple[float, float]]:
    section = data.get("mission")
    if not isinstance(section, dict):
        raise PackError("pack.toml", None, "mission", "the [mission] table is missing")

    def need(key: str, kind: type) -> object:
        value = section.get(key)
        if not isinstance(value, kind):
            raise PackError("pack.toml", None, f"mission.{key}", f"must be a {kind.__name__}, got {value!r}")
        return value

    default_names = str(need("default_names", str))
    focus = need("focus", list)
    mission = Mission(
        id=str(need("id", str)),
        name=_english(section.get("name"), "mission.name"),
        timezone=str(need("timezone", str)),
        start=need("start", date),
        term_years=int(need("term_years", int)),  # type: ignore[arg-type]
        notice_months=int(need("notice_months", int)),
        monitor=str(need("monitor", str)),  # type: ignore[arg-type]
        default_names=default_names,
        ended=section.get("ended"),
        ended_note=str(section.get("ended_note", "")),
    )
    return mission, (float(focus[0]), float(focus[1]))  # type: ignore[index]


def _others(row: Row, field: str) -> dict[str, str]:
    """The texts of a field in the languages other than English a pack file gives (``summary_ru``)."""
    return {lang: text for lang in ("ru",) if (text := row.str(f"{field}_{lang}", False))}


def _english(value: object, path: str) -> str:
    """The English text of a pack text (a string, or a table of texts by language)."""
    text = value.get("en") if isinstance(value, dict) else value
    if not isinstance(text, str) or not text:
        raise PackError(
            "pack.toml",
            None,
            path,
            f"must be a text, or a table of texts by language with 'en', got {value!r}",
        )
    return text


def _with_ranges(posts: list[Post], data: dict) -> list[Post]:
    """Posts with their observation range: pack.toml's ``[observation]`` by kind, overridden per post."""
    section = data.get("observation", {})
    by_kind, by_post = section.get("range_m", {}), section.get("post_range_m", {})
    ids = {p.id for p in posts}
    for table, keys, known in (("range_m", by_kind, POST_KINDS), ("post_range_m", by_post, ids)):
        for key, value in keys.items():
            where = f"observation.{table}.{key}"
            if key not in known:
                raise PackError(
                    "pack.toml",
                    None,
                    where,
                    f"'{key}' is not a post {'kind' if table == 'range_m' else 'id'}",
                )
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise PackError("pack.toml", None, where, f"must be a distance in metres, got {value!r}")
    return [
        dataclasses.replace(post, observation_range_m=float(by_post.get(post.id, by_kind.get(post.kind))))
        if post.id in by_post or post.kind in by_kind
        else post
        for post in posts
    ]


def _party(row: Row) -> Party:
    code = row.str("code")
    if code == "unknown":
        raise row.error("code", "'unknown' means \"not indicated\": it is not a party")
    return Party(
        code,
        row.choice("kind", ("state", "de_facto", "monitor")),
        {
            lang: text
            for lang, text in (("en", row.str("name_en")), ("ru", row.str("name_ru", False)))
            if text
        },
        row.str("notes", False),
        country=row.opt("country"),
        sides={
            lang: text
            for lang, text in (("en", row.str("side_en")), ("ru", row.str("side_ru", False)))
            if text
        },
        words=_party_words(row),
    )


def _party_words(row: Row) -> dict[str, tuple[str, ...]]:
    """The words a text uses of a party, by language (``words_en``: "Northlake|northlakish")."""
    found = {}
    for lang in ("en", "ru"):
        words = row.list(f"words_{lang}")
        short = next((w for w in words if len(w) < 2), None)
        if short is not None:
            raise row.error(f"words_{lang}", f"'{short}' is too short to be read as a party's word")
        if words:
            found[lang] = tuple(words)
    return found


def _source(row: Row, parties: set[str]) -> Source:
    party = row.opt("party")
    if party and party not in parties:
        raise row.error("party", f"'{party}' is not a party of parties.csv")
    return Source(
        row.str("id"),
        row.str("name"),
        party,
        row.choice("kind", SOURCE_KINDS),
        row.str("url", False),
        row.str("notes", False),
        aliases=tuple(row.list("aliases")),
        names=_others(row, "name"),
    )


def _place(row: Row, profile: Profile) -> Place:
    names = [
        PlaceName(row.str(f"name_{r}" if r in ("en", "az", "hy", "ru") else r, False), r)
        for r in ("en", "az", "hy", "ru", "native_az", "native_hy")
    ]
    names = [n for n in names if n.text] + [PlaceName(v, "variant") for v in row.list("variants")]
    if not row.str("name_en", False):
        raise row.error("name_en", "is empty")
    return Place(
        id=row.str("id"),
        kind=row.choice("kind", PLACE_KINDS),
        country=row.choice("country", tuple(profile.countries)),
        lat=row.float("lat", *profile.bounds[:2]),
        lon=row.float("lon", *profile.bounds[2:]),
        names=names,
        radius_m=row.float("radius_m", 0),
        approximate=row.bool("approximate"),
        basis=row.str("basis"),
        geonames_id=row.opt_int("geonames_id"),
        admin_former=row.opt("admin_former"),
        admin_current=row.opt("admin_current"),
        source=row.str("source", False),
        notes=row.str("notes", False),
    )


def _post(row: Row, place_ids: set[str], profile: Profile) -> Post:
    near = row.opt("near_place")
    if near and near not in place_ids:
        raise row.error("near_place", f"'{near}' is not a place of the pack")
    active_from, active_to = row.date("active_from"), row.opt_date("active_to")
    if active_to and active_to < active_from:
        raise row.error("active_to", "ends before it starts")
    return Post(
        id=row.str("id"),
        names={"en": row.str("name_en"), "ru": row.str("name_ru", False)},
        kind=row.choice("kind", POST_KINDS),
        zone=row.choice("zone", profile.zones, False) or None,
        lat=row.float("lat", *profile.bounds[:2]),
        lon=row.float("lon", *profile.bounds[2:]),
        radius_m=row.float("radius_m", 0),
        approximate=row.bool("approximate"),
        basis=row.str("basis"),
        active_from=active_from,
        active_to=active_to,
        near_place=near,
        source=row.str("source", False),
        notes=row.str("notes", False),
    )
