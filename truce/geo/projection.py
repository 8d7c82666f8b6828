"""Metres: the one metric projection every distance, buffer and area of a mission is computed in.

Pack geometry is WGS 84 longitude/latitude (GeoJSON order: x = lon, y = lat). Distances in degrees mean
nothing, so everything metric goes through a :class:`Projection`: the UTM zone of the mission's focus
(UTM 38N, EPSG:32638, for Nagorno-Karabakh), whose scale error is under 0.1 % across a theatre of a few
hundred kilometres.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.aoi import AreaOfInterest
from pyproj.database import query_utm_crs_info

__all__ = ["Projection"]

LONLAT = "EPSG:4326"


class Projection:
    """Between lon/lat (WGS 84) and the metric CRS ``crs``; vectorised over numpy arrays.

    >>> utm = Projection.for_focus(39.8177, 46.7528)  # Stepanakert
    >>> utm.crs
    'EPSG:32638'
    >>> x, y = utm.to_metric(46.7528, 39.8177)
    >>> round(float(x)), round(float(y))
    (650020, 4408994)
    >>> [round(float(v), 4) for v in utm.to_lonlat(x, y)]
    [46.7528, 39.8177]
    """

    def __init__(self, crs: str) -> None:
        if not CRS.from_user_input(crs).is_projected:
            raise ValueError(f"{crs} is not a projected (metric) coordinate system")
        self.crs = crs
        self._forward = Transformer.from_crs(LONLAT, crs, always_xy=True)
        self._inverse = Transformer.from_crs(crs, LONLAT, always_xy=True)

    @classmethod
    def for_focus(cls, lat: float, lon: float) -> Projection:
        """The WGS 84 UTM zone holding the point (lat, lon)."""
        return _utm(round(lat, 3), round(lon, 3))

    def to_metric(self, lon: np.ndarray | float, lat: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        return self._forward.transform(lon, lat)

    def to_lonlat(self, x: np.ndarray | float, y: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
        return self._inverse.transform(x, y)

    def geometry_to_metric(self, geometry: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geometry, self._forward.transform, interleaved=False)

    def geometry_to_lonlat(self, geometry: shapely.Geometry) -> shapely.Geometry:
        return shapely.transform(geometry, self._inverse.transform, interleaved=False)

    def __repr__(self) -> str:
        return f"Projection({self.crs!r})"


@cache
def _utm(lat: float, lon: float) -> Projection:
    found = query_utm_crs_info(
        datum_name="WGS 84", area_of_interest=AreaOfInterest(lon, lat, lon, lat), contains=True
    )
    if not found:
        raise ValueError(f"no UTM zone holds {lat}, {lon}")
    return Projection(f"{found[0].auth_name}:{found[0].code}")
