"""The mission profile in ``pack.toml``: the theatre, its naming conventions, the publisher, the deployment
groups, how statements name "the adversary", and map colours. Everything code must not assume about a
mission is read here, each problem named with its ``pack.toml`` field.
"""

from __future__ import annotations

from typing import Any

from truce.errors import PackError
from truce.model import Convention, PostGroup, Profile

__all__ = ["POST_KINDS", "read_profile"]

POST_KINDS = ("hq", "permanent_post", "temporary_post", "monitoring_centre", "checkpoint")
FILE = "pack.toml"


def _need(section: dict, path: str, key: str, kind: type | tuple[type, ...]) -> Any:
    value = section.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise PackError(FILE, None, f"{path}.{key}", f"must be a {names}, got {value!r}")
    return value


def _table(data: dict, path: str) -> dict:
    section: Any = data
    for part in path.split("."):
        section = section.get(part) if isinstance(section, dict) else None
    if not isinstance(section, dict):
        raise PackError(FILE, None, path, f"the [{path}] table is missing")
    return section


def _strings(value: Any, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PackError(FILE, None, path, f"must be a list of names, got {value!r}")
    return tuple(value)


def _texts(value: Any, path: str) -> dict[str, str]:
    """A text of the pack: a string (English), or a table of languages that has English."""
    if isinstance(value, str) and value:
        return {"en": value}
    if (
        isinstance(value, dict)
        and isinstance(value.get("en"), str)
        and all(isinstance(v, str) for v in value.values())
    ):
        return {str(k): str(v) for k, v in value.items()}
    raise PackError(
        FILE, None, path, f"must be a text, or a table of texts by language with 'en', got {value!r}"
    )


def _cutoff(value: Any) -> str:
    import re

    if not isinstance(value, str) or not re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", value):
        raise PackError(FILE, None, "publisher.cutoff", f"must be a time HH:MM, got {value!r}")
    return value


def _signers(signing: dict) -> dict[str, dict[str, str]]:
    """The monitoring sides that must sign what is published, in order: [signing] sides."""
    sides = signing.get("sides")
    if not isinstance(sides, list) or not sides:
        raise PackError(FILE, None, "signing.sides", "name at least one side that signs publications")
    found: dict[str, dict[str, str]] = {}
    for number, spec in enumerate(sides):
        path = f"signing.sides[{number}]"
        code = spec.get("code") if isinstance(spec, dict) else None
        if not isinstance(code, str) or not code or code in found:
            raise PackError(FILE, None, f"{path}.code", f"must be a new side code, got {code!r}")
        found[code] = _texts(spec.get("name"), f"{path}.name")
    return found


def read_profile(data: dict, party_codes: set[str], default_names: str) -> Profile:
    """The profile of a pack from its parsed ``pack.toml``; ``party_codes`` are those of parties.csv."""
    region = _table(data, "region")
    bounds = _need(region, "region", "bounds", list)
    if len(bounds) != 4 or not all(isinstance(b, int | float) for b in bounds):
        raise PackError(FILE, None, "region.bounds", "must be [lat min, lat max, lon min, lon max]")
    lat_lo, lat_hi, lon_lo, lon_hi = (float(b) for b in bounds)
    if not (-90 <= lat_lo < lat_hi <= 90 and -180 <= lon_lo < lon_hi <= 180):
        raise PackError(FILE, None, "region.bounds", f"{bounds} is not a box of latitudes and longitudes")
    countries = _need(region, "region", "countries", dict)

    naming = _table(data, "naming")
    official = {}
    for country, roles in _need(naming, "naming", "official", dict).items():
        if country not in countries:
            raise PackError(FILE, None, f"naming.official.{country}", "is not a country of [region]")
        official[country] = _strings(roles, f"naming.official.{country}")
    conventions = {}
    for code, spec in _need(naming, "naming", "conventions", dict).items():
        path = f"naming.conventions.{code}"
        if not isinstance(spec, dict):
            raise PackError(FILE, None, path, "must be a table with roles and label")
        conventions[code] = Convention(
            code=code,
            roles=_strings(spec.get("roles"), f"{path}.roles"),
            labels=_texts(spec.get("label"), f"{path}.label"),
            single_side=bool(spec.get("single_side", False)),
            official=official,
        )
    if default_names not in conventions:
        raise PackError(
            FILE, None, "mission.default_names", f"'{default_names}' is not in [naming.conventions]"
        )

    publisher = _table(data, "publisher")
    deployment = _table(data, "deployment")
    zones = _strings(deployment.get("zones", []), "deployment.zones") if deployment.get("zones") else ()
    groups = []
    for number, spec in enumerate(_need(deployment, "deployment", "groups", list)):
        path = f"deployment.groups[{number}]"
        kind = _need(spec, path, "kind", str) if isinstance(spec, dict) else None
        if kind not in POST_KINDS:
            raise PackError(FILE, None, f"{path}.kind", f"'{kind}' is not one of {', '.join(POST_KINDS)}")
        zone = spec.get("zone")
        if zone is not None and zone not in zones:
            raise PackError(FILE, None, f"{path}.zone", f"'{zone}' is not one of deployment.zones")
        groups.append(PostGroup(kind, zone, _texts(spec.get("title"), f"{path}.title")))

    extraction = data.get("extraction", {})
    belligerents = _strings(extraction.get("belligerents", []), "extraction.belligerents") or ()
    places = {*countries, "border", "*"}
    adversary = _sides_by_place(extraction, "adversary", party_codes, places, party_codes)
    kin = _sides_by_place(extraction, "kin", party_codes, places, None)
    for code in belligerents:
        if code not in party_codes:
            raise PackError(FILE, None, "extraction.belligerents", f"'{code}' is not a party of parties.csv")

    colours = {str(k): str(v) for k, v in data.get("colours", {}).items()}
    notes = data.get("map", {}).get("notes", [])
    if not isinstance(notes, list):
        raise PackError(FILE, None, "map.notes", "must be a list of texts")
    notes = tuple(_texts(note, f"map.notes[{number}]") for number, note in enumerate(notes))
    return Profile(
        region=str(_need(region, "region", "name", str)),
        bounds=(lat_lo, lat_hi, lon_lo, lon_hi),
        countries={str(k): str(v) for k, v in countries.items()},
        conventions=conventions,
        official_roles=official,
        publisher=_texts(publisher.get("name"), "publisher.name"),
        publisher_basis=_texts(publisher.get("basis"), "publisher.basis"),
        speaks_as_monitor=bool(publisher.get("speaks_as_monitor", False)),
        post_groups=tuple(groups),
        zones=zones,
        belligerents=belligerents,
        adversary=adversary,
        kin=kin,
        colours=colours,
        observers=str(_need(deployment, "deployment", "observers", str)),
        map_notes=notes,
        mission_names=_texts(_table(data, "mission").get("name"), "mission.name"),
        cutoff=_cutoff(publisher.get("cutoff", "08:00")),
        log_origin=str(_need(_table(data, "signing"), "signing", "log", str)),
        signers=_signers(_table(data, "signing")),
        line_sides=_line_sides(deployment, party_codes),
    )


def _line_sides(deployment: dict, parties: set[str]) -> dict[str, str]:
    """``[deployment] line_sides``: party code -> a place id on its side of the line (checked against the
    places when they are read)."""
    sides = deployment.get("line_sides", {})
    if not isinstance(sides, dict) or not all(isinstance(v, str) and v for v in sides.values()):
        raise PackError(FILE, None, "deployment.line_sides", "must be a table of party code = place id")
    for party in sides:
        if party not in parties:
            raise PackError(FILE, None, f"deployment.line_sides.{party}", "is not a party of parties.csv")
    return dict(sides)


def _sides_by_place(
    section: dict, key: str, parties: set[str], places: set[str], keys: set[str] | None
) -> dict[str, dict[str, str]]:
    """``[extraction.<key>]``: name -> {country, "border" or "*": party code}."""
    found: dict[str, dict[str, str]] = {}
    for name, sides in section.get(key, {}).items():
        path = f"extraction.{key}.{name}"
        if (keys is not None and name not in keys) or not isinstance(sides, dict):
            raise PackError(FILE, None, path, "must name a party of parties.csv and map places to a party")
        for where, side in sides.items():
            if where not in places:
                raise PackError(
                    FILE, None, f"{path}.{where}", "is not a country of [region], 'border' or '*'"
                )
            if side not in parties:
                raise PackError(FILE, None, f"{path}.{where}", f"'{side}' is not a party of parties.csv")
        found[name] = dict(sides)
    return found
