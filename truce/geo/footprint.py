"""The footprint of an incident: the ground it may have happened on, at the precision it is known to.

A point (with its radius) for a position or "near a place"; an area for an incident known only to a
district (a disc around the district's centre: the pack holds no boundaries of admin units) or to the
zone; nothing for one known only to the region. Maps and GeoJSON draw incidents from this, so that an
incident known only to a district is never drawn as a pin.
"""

from __future__ import annotations

from dataclasses import dataclass

import shapely

from truce.gazetteer import Gazetteer
from truce.geo.areas import AreasAsOf
from truce.model import Incident, LocationPrecision

__all__ = ["Footprint", "footprint"]

#: What an incident's ``area_ref`` names when it is not an admin unit, and the kinds of area it covers.
THEATRE_KINDS = {"zone": ("zone",), "corridor": ("corridor",)}


@dataclass(frozen=True)
class Footprint:
    geometry: shapely.Geometry | None  # lon/lat; None: nothing can be drawn
    is_area: bool
    basis: str


def footprint(incident: Incident, gazetteer: Gazetteer, in_force: AreasAsOf) -> Footprint:
    """Where ``incident`` may have happened, drawn from the areas in force on its day.

    >>> from datetime import date
    >>> from truce.geo.projection import Projection
    >>> from truce.model import DatePrecision
    >>> near = Incident(date(2022, 3, 8), date(2022, 3, 8), DatePrecision.DAY, LocationPrecision.NEAR, 3000,
    ...                 lat=40.0, lon=46.83, id="example")
    >>> footprint(near, Gazetteer([]), AreasAsOf([], date(2022, 3, 8), Projection("EPSG:32638")))
    Footprint(geometry=<POINT (46.83 40)>, is_area=False, basis='reported position, within 3000 m')
    """
    precision = incident.location_precision
    if not precision.is_area:
        if incident.lat is None or incident.lon is None:
            return Footprint(None, False, "position not known")
        point = shapely.Point(incident.lon, incident.lat)
        return Footprint(point, False, f"reported position, within {incident.radius_m:g} m")
    if precision is LocationPrecision.DISTRICT:
        unit = gazetteer.get(incident.area_ref or "")
        if unit is None:
            return Footprint(None, True, f"district {incident.area_ref} is not in the gazetteer")
        x, y = in_force.projection.to_metric(unit.lon, unit.lat)
        disc = shapely.Point(x, y).buffer(incident.radius_m, quad_segs=16)
        basis = (
            f"a disc of {incident.radius_m / 1000:g} km around the centre of {unit.id}: "
            "the pack holds no boundary of the unit"
        )
        return Footprint(in_force.projection.geometry_to_lonlat(disc), True, basis)
    kinds = THEATRE_KINDS.get(incident.area_ref or "")
    if precision is LocationPrecision.ZONE and kinds:
        covered = in_force.union_metric(*kinds)
        if not covered.is_empty:
            basis = f"the whole {incident.area_ref} in force on {in_force.day.isoformat()}"
            return Footprint(in_force.projection.geometry_to_lonlat(covered), True, basis)
    return Footprint(None, True, "only the region is given: no area to draw")
