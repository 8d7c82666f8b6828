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


def read_geonames(path: Path, admin_map: dict[tuple[str, str], str]) -> list[Place]:
    """GeoNames rows as places: Latin, Cyrillic and Armenian alternate names kept, other scripts dropped.

    The name roles follow the country: in Azerbaijan the GeoNames name is the official one (``az``), in
    Armenia the Armenian one (``hy``); the first Russian-alphabet alternate name is ``ru``.
    """
    places = []
    for row in read_csv(path, COLUMNS, delimiter="\t"):
        country = row.choice("countrycode", ("AZ", "AM"))
        main = row.str("name")
        alternates = [a for a in row.list("alternatenames", "|") if a != main]
        names = [PlaceName(main, "en"), PlaceName(main, "az" if country == "AZ" else "hy")]
        russian = next((a for a in alternates if _CYRILLIC.match(a) and not _RUSSIAN_ONLY.search(a)), None)
        if russian:
            names.append(PlaceName(russian, "ru"))
        if country == "AZ":
            native = next((a for a in alternates if _AZERBAIJANI.search(a) and _LATIN.match(a)), None)
            names.append(PlaceName(native or main, "native_az"))
        else:
            native = next((a for a in alternates if _ARMENIAN.match(a)), None)
            if native:
                names.append(PlaceName(native, "native_hy"))
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
                lat=row.float("latitude", -90, 90),
                lon=row.float("longitude", -180, 180),
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
