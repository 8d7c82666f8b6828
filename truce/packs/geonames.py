"""The GeoNames extract of a pack (``geonames_places.tsv``, cities500 columns) as places."""

from __future__ import annotations

import re
from pathlib import Path

from truce.errors import PackError
from truce.model import Place, PlaceName
from truce.packs.reader import read_csv

__all__ = ["read_geonames"]

COLUMNS = (
    "geonameid",
    "name",
    "latitude",
    "longitude",
    "countrycode",
    "admin1code",
    "population",
    "timezone",
    "alternatenames",
)
CREDIT = "GeoNames (CC BY 4.0), https://www.geonames.org/"

_CYRILLIC = re.compile(r"^[\u0400-\u04FF\s\-]+$")
_RUSSIAN_ONLY = re.compile(r"[іїєґўІЇЄҐЎәөүұқңһӘӨҮҰҚҢҺ]")  # letters of other Cyrillic alphabets
_ARMENIAN = re.compile(r"^[\u0530-\u058F\s\-]+$")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u0259\u018F'’ʻ\s\-\.]+$")
_AZERBAIJANI = re.compile(r"[əƏğĞışŞçÇöÖüÜ]")

#: native name role -> (how to tell an alternate name in that script, whether the main name will do)
NATIVE_SCRIPTS = {
    "native_az": (lambda name: bool(_AZERBAIJANI.search(name) and _LATIN.match(name)), True),
    "native_hy": (lambda name: bool(_ARMENIAN.match(name)), False),
}


def read_geonames(
    path: Path,
    admin_map: dict[tuple[str, str], str],
    official: dict[str, tuple[str, ...]],
    bounds: tuple[float, float, float, float],
) -> list[Place]:
    """GeoNames rows as places: Latin, Cyrillic and Armenian alternate names kept, other scripts dropped.

    The name roles follow the country (``official``, the pack's official roles of each country): the
    GeoNames name is the official one (``az`` in Azerbaijan, ``hy`` in Armenia); the first
    Russian-alphabet alternate name is ``ru``.
    """
    places = []
    for row in read_csv(path, COLUMNS, delimiter="\t"):
        country = row.choice("countrycode", tuple(official))
        main = row.str("name")
        alternates = [a for a in row.list("alternatenames", "|") if a != main]
        names = [PlaceName(main, "en"), PlaceName(main, official[country][0])]
        russian = next((a for a in alternates if _CYRILLIC.match(a) and not _RUSSIAN_ONLY.search(a)), None)
        if russian:
            names.append(PlaceName(russian, "ru"))
        roles = official[country]
        if len(roles) > 1 and roles[1] in NATIVE_SCRIPTS:  # the name in the country's own script
            script, fallback = NATIVE_SCRIPTS[roles[1]]
            native = next((a for a in alternates if script(a)), main if fallback else None)
            if native:
                names.append(PlaceName(native, roles[1]))
        names += [
            PlaceName(a, "alternate")
            for a in alternates
            if _LATIN.match(a) or _CYRILLIC.match(a) or _ARMENIAN.match(a)
        ]
        code = (country, row.str("admin1code", False))
        admin = admin_map.get(code)
        if admin is None:
            raise PackError(
                path.name, row.line, "admin1code", f"{code[0]}.{code[1]} has no entry in geonames_admin1.csv"
            )
        geonameid = row.int("geonameid")
        places.append(
            Place(
                id=f"gn-{geonameid}",
                kind=_kind(row.opt_int("population") or 0),
                country=country,
                lat=row.float("latitude", *bounds[:2]),
                lon=row.float("longitude", *bounds[2:]),
                names=names,
                radius_m=1000.0,
                approximate=False,
                basis=f"GeoNames {geonameid}",
                geonames_id=geonameid,
                admin_current=admin,
                source=CREDIT,
                curated=False,
            )
        )
    return places


def _kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"
