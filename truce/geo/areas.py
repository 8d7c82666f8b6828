"""Areas as of a date: the zones, corridor, line of contact and country outlines in force on one day, as
shapely geometry, and the classification of many points against them at once.

A pack keeps every version of an area with its validity interval (:class:`~truce.model.Area`);
:class:`AreasAsOf` picks the versions valid on a day. Containment is tested in longitude/latitude (edges
a few hundred metres long bend by centimetres between lon/lat and a projection); distances, buffers and
surfaces use the mission's metric :class:`~truce.geo.projection.Projection`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cached_property

import numpy as np
import shapely
from shapely.geometry import shape

from truce.geo.projection import Projection
from truce.model import Area

__all__ = ["POLYGON_KINDS", "AreasAsOf", "area_label"]

#: Kinds of area a point can fall in (the line of contact is a line; countries are the background).
POLYGON_KINDS = ("zone", "corridor")


def area_label(area: Area) -> str:
    """How a report names an area version.

    >>> zone = Area("zone-south-v2", "zone", "south", {}, date(2020, 12, 14), None, True, "drawn")
    >>> area_label(zone), area_label(Area("c", "corridor", "lachin", {}, date(2020, 11, 10), None, True, "x"))
    ('south zone', 'Lachin corridor')
    """
    if area.kind == "zone":
        return f"{area.name} zone"
    if area.kind == "corridor":
        return f"{area.name.title()} corridor"
    return area.name.replace("_", " ")


class AreasAsOf:
    """The area versions in force on ``day``, with their geometry in lon/lat and in metres.

    >>> square = {"type": "Polygon", "coordinates": [[[46, 39], [47, 39], [47, 40], [46, 40], [46, 39]]]}
    >>> old = Area("z-v1", "zone", "south", square, date(2020, 1, 1), date(2020, 12, 31), True, "test")
    >>> areas = AreasAsOf([old], date(2021, 1, 1), Projection("EPSG:32638"))
    >>> areas.versions, areas.classify(np.array([46.5]), np.array([39.5])).tolist()
    ((), [()])
    >>> areas = AreasAsOf([old], date(2020, 6, 1), Projection("EPSG:32638"))
    >>> areas.classify(np.array([46.5, 48.0]), np.array([39.5, 39.5])).tolist()
    [('z-v1',), ()]
    """

    def __init__(self, areas: Iterable[Area], day: date, projection: Projection) -> None:
        self.day, self.projection = day, projection
        self.versions = tuple(sorted((a for a in areas if a.valid_on(day)), key=lambda a: (a.kind, a.name)))

    def of_kind(self, *kinds: str) -> list[Area]:
        return [a for a in self.versions if a.kind in kinds]

    @cached_property
    def polygons(self) -> list[Area]:
        """The areas a point can fall in, in the order of :meth:`classify`'s bits."""
        return self.of_kind(*POLYGON_KINDS)

    @cached_property
    def line_of_contact(self) -> Area | None:
        lines = self.of_kind("line_of_contact")
        return lines[0] if lines else None

    @cached_property
    def shapes(self) -> dict[str, shapely.Geometry]:
        """Each version's geometry in lon/lat, prepared for repeated predicates."""
        found = {a.id: shape(a.geometry) for a in self.versions}
        shapely.prepare(list(found.values()))
        return found

    @cached_property
    def metric(self) -> dict[str, shapely.Geometry]:
        """Each version's geometry in the mission's metric projection."""
        return {key: self.projection.geometry_to_metric(g) for key, g in self.shapes.items()}

    def union_metric(self, *kinds: str) -> shapely.Geometry:
        """The union of the versions of these kinds, in metres (empty when there is none)."""
        return shapely.union_all([self.metric[a.id] for a in self.of_kind(*kinds)])

    def membership(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """For each point, a bit mask of the :attr:`polygons` holding it (bit i: ``polygons[i]``)."""
        if len(self.polygons) > 32:
            raise ValueError("more than 32 areas in force on one day")
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        mask = np.zeros(lon.shape, dtype=np.uint32)
        for bit, area in enumerate(self.polygons):
            geometry = self.shapes[area.id]
            xmin, ymin, xmax, ymax = shapely.bounds(geometry)
            # the cheap bounding-box test first: most points of a theatre are far from any one area
            near = np.flatnonzero((lon >= xmin) & (lon <= xmax) & (lat >= ymin) & (lat <= ymax))
            inside = near[shapely.contains_xy(geometry, lon[near], lat[near])]
            mask[inside] |= np.uint32(1 << bit)
        return mask

    def classify(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """For each point, the tuple of ids of the areas holding it (``()``: outside every area)."""
        mask = self.membership(lon, lat)
        labels = np.empty(int(mask.max(initial=0)) + 1, dtype=object)
        for code in np.flatnonzero(np.bincount(mask.ravel())).tolist():  # the combinations that occur
            labels[code] = tuple(a.id for bit, a in enumerate(self.polygons) if code >> bit & 1)
        return labels[mask]
