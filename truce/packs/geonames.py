"""The GeoNames extract of a pack (``geonames_places.tsv``, cities500 columns) as places."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from truce.errors import PackError
from truce.gazetteer.names import sound
from truce.model import Place, PlaceName
from truce.packs.reader import read_csv

__all__ = ["Orthography", "read_geonames", "read_orthographies"]

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
#: How alike (rapidfuzz ratio of the names' sound keys) an alternate and the main name must be for the
#: alternate to be the place's Russian name or its name in its own orthography (Гюмри for Gyumri: 83;
#: the former name Александраполь: 25)
ALIKE = 60

_CYRILLIC = re.compile(r"^[\u0400-\u04FF\s\-]+$")
# letters of other Cyrillic alphabets (Ukrainian, Belarusian, Kazakh, Azerbaijani, Serbian, Macedonian)
_RUSSIAN_ONLY = re.compile(r"[іїєґўІЇЄҐЎәөүұқңһӘӨҮҰҚҢҺјљњћџђѓќѕЈЉЊЋЏЂЃЌЅ]")
_ARMENIAN = re.compile(r"^[\u0530-\u058F\s\-]+$")
_LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u0259\u018F'’ʻ\s\-\.]+$")

#: the scripts a pack may name for its native names ([naming.native] of pack.toml)
SCRIPTS = {"latin": _LATIN, "cyrillic": _CYRILLIC, "armenian": _ARMENIAN}


@dataclass(frozen=True)
class Orthography:
    """How to tell a GeoNames alternate name written in a country's own orthography (``[naming.native]``
    of pack.toml: a native name role -> its script, the letters that mark it, and whether the main
    GeoNames name stands in when no alternate is marked)."""

    script: re.Pattern[str]
    letters: frozenset[str] = frozenset()  # none: any name in the script
    main_will_do: bool = False

    def marks(self, name: str) -> bool:
        return bool(self.script.match(name)) and (not self.letters or any(c in self.letters for c in name))


def read_orthographies(naming: dict) -> dict[str, Orthography]:
    """``[naming.native]`` of pack.toml: ``role = { script = "latin", letters = "..", main_will_do = true }``
    for each native name role; a role it does not name gets no native name from GeoNames."""
    found = {}
    for role, spec in (naming.get("native") or {}).items():
        where = f"naming.native.{role}"
        if not isinstance(spec, dict):
            raise PackError("pack.toml", None, where, "must be a table with script, letters, main_will_do")
        script = spec.get("script", "latin")
        if script not in SCRIPTS:
            raise PackError(
                "pack.toml", None, f"{where}.script", f"'{script}' is not one of {', '.join(SCRIPTS)}"
            )
        letters = spec.get("letters", "")
        if not isinstance(letters, str):
            raise PackError("pack.toml", None, f"{where}.letters", "must be a string of letters")
        found[role] = Orthography(SCRIPTS[script], frozenset(letters), bool(spec.get("main_will_do", False)))
    return found


def read_geonames(
    path: Path,
    admin_map: dict[tuple[str, str], str],
    official: dict[str, tuple[str, ...]],
    bounds: tuple[float, float, float, float],
    native: dict[str, Orthography],
) -> list[Place]:
    """GeoNames rows as places: Latin, Cyrillic and Armenian alternate names kept, other scripts dropped.

    The name roles follow the country (``official``, the pack's official roles of each country): the
    GeoNames name is the official one (``az`` in Azerbaijan, ``hy`` in Armenia); the Russian-alphabet
    alternate that sounds like it is ``ru``; the name in a country's own orthography (its second official
    role) is the alternate ``native`` marks as such that sounds like it (:func:`_alike`).
    """
    places = []
    for row in read_csv(path, COLUMNS, delimiter="\t"):
        country = row.choice("countrycode", tuple(official))
        main = row.str("name")
        alternates = [a for a in row.list("alternatenames", "|") if a != main]
        names = [PlaceName(main, "en"), PlaceName(main, official[country][0])]
        russian = _alike(main, [a for a in alternates if _CYRILLIC.match(a) and not _RUSSIAN_ONLY.search(a)])
        if russian:
            names.append(PlaceName(russian, "ru"))
        roles = official[country]
        if len(roles) > 1 and roles[1] in native:  # the name in the country's own orthography
            orthography = native[roles[1]]
            own = _alike(main, [a for a in alternates if orthography.marks(a)])
            own = own or (main if orthography.main_will_do else None)
            if own:
                names.append(PlaceName(own, roles[1]))
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


def _alike(main: str, names: list[str]) -> str | None:
    """Of ``names`` (alternates of one script), the one that sounds most like the main name, if one does.
    GeoNames lists former names among a place's alternates, in no order (Александраполь and Ալեքպոլ for
    Gyumri, Красносельск for Chambarak, Али-Байрамлы for Şirvan): a publication would name the place as
    it no longer is. They stay alternate names, which texts that use them still match."""
    key = sound(main)
    # (Armenian "ու" is one vowel, u; the transliteration sound() reads gives "ow")
    heard = [sound(a.replace("ու", "u").replace("Ու", "U")) for a in names]
    scored = [(fuzz.ratio(h, key), -n, a) for n, (h, a) in enumerate(zip(heard, names, strict=True))]
    best = max(scored, default=None)
    return best[2] if best is not None and best[0] >= ALIKE else None


def _kind(population: int) -> str:
    return "city" if population >= 100_000 else "town" if population >= 10_000 else "village"
