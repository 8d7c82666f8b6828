"""Count the gazetteer's settlements near the state border and the line of contact (issue 9, item 4).

The state border is where the Armenian and Azerbaijani outlines of the pack's countries.geojson meet (the
Armenian outline's boundary within 2 km of the Azerbaijani one, as tests/test_pack.py takes it; Natural
Earth is off by up to about 1 km there). The line of contact is every version of areas.geojson's
``line-of-contact-*`` together. A settlement is a place of kind city, town, village or settlement, curated
(places.csv) or from GeoNames (geonames_places.tsv); it "has both sides' names" when it carries an
Azerbaijani name (role ``az``) and an Armenian-derived one (role ``hy``).

Usage (prints counts, without the places added for issue 9 and with them; ``--list`` also prints the places,
``--km`` sets the distance, 5 by default)::

    PYTHONPATH=. python tools/border_coverage.py [--km 5] [--list]
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape

from truce.model import Place
from truce.packs import Pack, load_pack

SETTLEMENTS = ("city", "town", "village", "settlement")
ADDED = "added for issue 9"


@dataclass(frozen=True)
class Near:
    place: Place
    line: str  # "border" or "line"
    km: float

    @property
    def both_names(self) -> bool:
        return bool(self.place.name_for("az")) and bool(self.place.name_for("hy"))


def lines(pack: Pack) -> dict[str, shapely.Geometry]:
    """The state border and the line of contact, in the mission's metric projection."""
    projection = pack.projection()
    metric = {a.id: projection.geometry_to_metric(shape(a.geometry)) for a in pack.areas}
    border = metric["country-am"].boundary.intersection(metric["country-az"].buffer(2000))
    contact = shapely.union_all([g for a, g in metric.items() if a.startswith("line-of-contact")])
    return {"border": border, "line": contact}


def near(pack: Pack, km: float = 5.0, added: bool = True) -> list[Near]:
    """Every settlement of the gazetteer within ``km`` of the border or of the line (one entry per line);
    without the places added for issue 9 (their notes say so) when ``added`` is false."""
    projection, targets = pack.projection(), lines(pack)
    found = []
    for place in pack.places:
        if place.kind not in SETTLEMENTS or (not added and ADDED in (place.notes or "")):
            continue
        x, y = projection.to_metric(place.lon, place.lat)
        point = Point(float(x), float(y))
        for name, geometry in targets.items():
            distance = geometry.distance(point) / 1000
            if distance <= km:
                found.append(Near(place, name, distance))
    return found


def summary(found: list[Near]) -> dict[str, Counter]:
    """Per line: settlements, with both names, curated ones, by country."""
    out: dict[str, Counter] = {}
    for line in ("border", "line"):
        rows = [n for n in found if n.line == line]
        count = Counter(
            settlements=len(rows),
            both_names=sum(n.both_names for n in rows),
            curated=sum(n.place.curated for n in rows),
        )
        for n in rows:
            count[f"country {n.place.country}"] += 1
        out[line] = count
    rows = {n.place.id: n for n in found}.values()
    out["either"] = Counter(settlements=len(rows), both_names=sum(n.both_names for n in rows))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--km", type=float, default=5.0)
    parser.add_argument("--list", action="store_true", help="print the places too")
    args = parser.parse_args()
    pack = load_pack()
    found = near(pack, args.km)
    names = {"border": "state border", "line": "line of contact", "either": "border or line"}
    for label, rows in (
        ("without the places added for issue 9", near(pack, args.km, added=False)),
        ("all", found),
    ):
        print(f"{label}:")
        for line, count in summary(rows).items():
            figures = ", ".join(f"{k} {v}" for k, v in sorted(count.items()))
            print(f"  within {args.km:g} km of the {names[line]}: {figures}")
    if args.list:
        for n in sorted(found, key=lambda n: (n.line, n.place.country, n.km)):
            az, hy = n.place.name_for("az") or "-", n.place.name_for("hy") or "-"
            print(f"{n.line:6} {n.place.country} {n.km:4.1f} km  {n.place.id:28} az={az} hy={hy}")


if __name__ == "__main__":
    main()
