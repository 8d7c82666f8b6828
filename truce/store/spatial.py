"""Spatial questions asked of the store, answered in the database on PostgreSQL (PostGIS) and by shapely in
the process on SQLite; callers need not care which.

On PostgreSQL, migration 0009 gives places, posts, areas and incidents a PostGIS ``geom`` column (SRID
4326), computed by the database from the coordinates and the GeoJSON, with GiST indexes: the questions
below read only the rows the index finds. On SQLite they read the day's rows and use :mod:`truce.geo`.

The two paths agree:

- membership (:func:`incidents_in_area`, and which named places :func:`coverage` finds in an area) is
  the same GEOS predicate on the same coordinates in both: the same ids, exactly;
- distances to the line of contact (:func:`incidents_near_line`) are geodesic on the WGS 84 spheroid in
  PostGIS (``geography``) and planar in the mission's projection (UTM) with shapely. They agree within
  :data:`DISTANCE_TOLERANCE` (0.1 % of the distance plus 1 m: the UTM scale error across a theatre of a
  few hundred kilometres; measured at under 0.05 % beyond 1 km on the Nagorno-Karabakh pack), so an
  incident within that of the limit may be in one answer and not the other;
- surfaces (:func:`coverage`) are measured in the mission's projection in both (``ST_Transform`` to the
  same EPSG code), with the same buffers (32 segments a quarter circle): equal to within
  :data:`AREA_TOLERANCE` (relative).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import shapely
from shapely.geometry import shape
from sqlalchemy import Connection, bindparam, select, text

from truce.errors import NotFound
from truce.geo.areas import AreasAsOf
from truce.geo.coverage import AreaCoverage, Coverage
from truce.geo.coverage import coverage as coverage_of
from truce.geo.projection import Projection
from truce.model import Area, LocationPrecision
from truce.store.schema import IncidentRow

if TYPE_CHECKING:
    from truce.store import Store

__all__ = [
    "AREA_TOLERANCE",
    "DISTANCE_TOLERANCE",
    "GEOMETRY_COLUMN",
    "compare_schema",
    "coverage",
    "in_database",
    "incidents_in_area",
    "incidents_near_line",
    "include_object",
]

#: The PostGIS column migration 0009 adds to ``SPATIAL_TABLES`` (not declared in the models).
GEOMETRY_COLUMN = "geom"
SPATIAL_TABLES = ("places", "posts", "areas", "incidents")
#: The indexes on how long incidents and claims last (0011, 0014): expressions that differ by backend.
SPAN_INDEXES = ("ix_incidents_span", "ix_claims_span")
#: How far PostGIS's distances may be from shapely's: (relative, absolute metres).
DISTANCE_TOLERANCE = (0.001, 1.0)
#: How far PostGIS's surfaces may be from shapely's, relative.
AREA_TOLERANCE = 1e-6

# incidents known only to an area are never placed at a point (truce.geo.locate)
_AREA_PRECISIONS = [p.value for p in LocationPrecision if p.is_area]


def in_database(store: Store) -> bool:
    """Whether the spatial questions run in the database (PostgreSQL, where 0009 made PostGIS columns)."""
    return store.reader.dialect.name == "postgresql"


# -- incidents in an area ---------------------------------------------------------------------------

_IN_AREA = text(
    """
    SELECT i.id FROM incidents AS i
    WHERE i.date_from <= :day AND i.date_to >= :day
      AND i.location_precision NOT IN :area_precisions
      AND ST_Contains((SELECT a.geom FROM areas AS a WHERE a.id = :area), i.geom)
    """
).bindparams(bindparam("area_precisions", expanding=True))


def incidents_in_area(store: Store, area_id: str, day: date) -> list[str]:
    """The ids of the incidents under way on ``day`` whose point lies inside the area version
    ``area_id`` (a zone or the corridor), sorted; none when that version is not in force on ``day``.

    An incident known only to an area has no point and is never in the answer; a point on the boundary
    is outside (as :meth:`~truce.geo.areas.AreasAsOf.classify` has it).
    """
    area = _area(store, area_id)
    if not area.valid_on(day):
        return []
    with store.reader.connect() as connection:
        if in_database(store):
            found = connection.execute(
                _IN_AREA, {"day": day, "area": area_id, "area_precisions": _AREA_PRECISIONS}
            )
            return sorted(found.scalars())  # sorted here: the database's collation may differ
        ids, lon, lat = _points_of_day(connection, day)
    inside = shapely.contains_xy(shape(area.geometry), lon, lat)
    return sorted(ids[n] for n in np.flatnonzero(inside).tolist())


def _area(store: Store, area_id: str) -> Area:
    found = [a for a in store.areas() if a.id == area_id]
    if not found:
        raise NotFound(f"no area '{area_id}'")
    return found[0]


def _points_of_day(connection: Connection, day: date) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The incidents under way on ``day`` that have a point: ids, longitudes, latitudes."""
    query = select(IncidentRow.id, IncidentRow.lon, IncidentRow.lat).where(
        IncidentRow.date_from <= day,
        IncidentRow.date_to >= day,
        IncidentRow.lat.is_not(None),
        IncidentRow.lon.is_not(None),
        IncidentRow.location_precision.not_in(_AREA_PRECISIONS),
    )
    rows = connection.execute(query).all()
    return (
        [r.id for r in rows],
        np.array([r.lon for r in rows], dtype=float),
        np.array([r.lat for r in rows], dtype=float),
    )


# -- incidents near the line of contact -------------------------------------------------------------

_NEAR_LINE = text(
    """
    SELECT i.id, ST_Distance(i.geom::geography, line.geog) AS metres
    FROM incidents AS i, (SELECT geom::geography AS geog FROM areas WHERE id = :line) AS line
    WHERE i.date_from <= :day AND i.date_to >= :day
      AND i.location_precision NOT IN :area_precisions
      AND ST_DWithin(i.geom::geography, line.geog, :metres)
    """
).bindparams(bindparam("area_precisions", expanding=True))


def incidents_near_line(
    store: Store, day: date, km: float, projection: Projection | None = None
) -> dict[str, float]:
    """The incidents under way on ``day`` whose point is within ``km`` of the line of contact in force
    that day, with their distance to it in metres, nearest first; empty when no line is in force.

    The distances agree between the two paths within :data:`DISTANCE_TOLERANCE`; ``projection`` is the
    mission's metric projection for the shapely path (by default, the UTM zone of its focus).
    """
    projection = projection or Projection.for_focus(*store.focus())
    in_force = AreasAsOf(store.areas(day), day, projection)
    line = in_force.line_of_contact
    if line is None:
        return {}
    limit = km * 1000
    with store.reader.connect() as connection:
        if in_database(store):
            found = connection.execute(
                _NEAR_LINE,
                {"day": day, "line": line.id, "metres": limit, "area_precisions": _AREA_PRECISIONS},
            )
            near = sorted((float(row.metres), row.id) for row in found)
            return {incident: metres for metres, incident in near}
        ids, lon, lat = _points_of_day(connection, day)
    x, y = projection.to_metric(lon, lat)
    distance = shapely.distance(in_force.metric[line.id], shapely.points(x, y))
    near = sorted((float(distance[n]), ids[n]) for n in np.flatnonzero(distance <= limit).tolist())
    return {incident: metres for metres, incident in near}


# -- coverage ---------------------------------------------------------------------------------------

# what the ranged posts could watch, in the mission's projection: the union of their discs
_REACH = """
    reach AS (
        SELECT ST_Union(ST_Buffer(ST_Transform(p.geom, :srid), r.metres, 'quad_segs=32')) AS g
        FROM posts AS p
        JOIN unnest(CAST(:posts AS text[]), CAST(:ranges AS float8[])) AS r(id, metres) ON r.id = p.id
    )"""

# each zone and corridor in force, and the zones together (the row whose id is NULL): area, covered
_MEASURE = text(
    f"""
    WITH {_REACH},
    shapes AS (
        SELECT a.id, ST_Transform(a.geom, :srid) AS g FROM areas AS a
        WHERE a.id = ANY(CAST(:areas AS text[]))
    ),
    together AS (
        SELECT CAST(NULL AS text) AS id, ST_Union(g) AS g FROM shapes WHERE id = ANY(CAST(:zones AS text[]))
        HAVING count(*) > 0
    )
    SELECT s.id, ST_Area(s.g) AS area, COALESCE(ST_Area(ST_Intersection(s.g, reach.g)), 0) AS covered
    FROM (SELECT * FROM shapes UNION ALL SELECT * FROM together) AS s CROSS JOIN reach
    """
)

# the named places inside an area and outside every disc, with the first area (in :areas' order)
_OUTSIDE = text(
    f"""
    WITH {_REACH}
    SELECT DISTINCT ON (p.id) p.id AS place, a.id AS area
    FROM places AS p
    JOIN unnest(CAST(:areas AS text[])) WITH ORDINALITY AS o(id, n) ON true
    JOIN areas AS a ON a.id = o.id AND ST_Contains(a.geom, p.geom)
    CROSS JOIN reach
    WHERE p.id = ANY(CAST(:named AS text[]))
      AND NOT COALESCE(ST_Contains(reach.g, ST_Transform(p.geom, :srid)), false)
    ORDER BY p.id, o.n
    """
)


def coverage(store: Store, day: date, projection: Projection | None = None) -> Coverage:
    """What the posts active on ``day`` could watch (:func:`truce.geo.coverage.coverage`), with the
    buffers, unions, intersections, surfaces and containment computed in PostGIS on PostgreSQL.

    Falls back to shapely on SQLite, and on PostgreSQL when the projection has no EPSG code PostGIS
    knows. Surfaces agree within :data:`AREA_TOLERANCE`; the places outside are the same.
    """
    projection = projection or Projection.for_focus(*store.focus())
    areas, posts, places = store.areas(), store.posts(), store.places()
    if not in_database(store):
        return coverage_of(day, areas, posts, places, projection)
    with store.reader.connect() as connection:
        srid = _srid(connection, projection)
        if srid is None:
            return coverage_of(day, areas, posts, places, projection)
        in_force = AreasAsOf(areas, day, projection)
        active = [p for p in posts if p.active_on(day)]
        ranged = [p for p in active if p.observation_range_m]
        polygons = in_force.polygons
        values = {
            "srid": srid,
            "posts": [p.id for p in ranged],
            "ranges": [float(p.observation_range_m or 0) for p in ranged],
            "areas": [a.id for a in polygons],
        }
        zone_ids = [a.id for a in in_force.of_kind("zone")]
        measures = {
            row.id: (row.area / 1e6, row.covered / 1e6)
            for row in connection.execute(_MEASURE, {**values, "zones": zone_ids})
        }
        named = [p.id for p in places if not p.is_admin_unit]
        outside = connection.execute(_OUTSIDE, {**values, "named": named}).all()
    zones = None
    if zone_ids:
        together = Area("zones", "zone", "all", {}, day, day, True, "the zones in force, together")
        zones = AreaCoverage(together, *measures[None])
    by_place, by_area = {p.id: p for p in places}, {a.id: a for a in polygons}
    found = [(by_place[row.place], by_area[row.area]) for row in outside]
    return Coverage(
        day=day,
        areas=[AreaCoverage(a, *measures[a.id]) for a in polygons],
        zones=zones,
        posts=ranged,
        unranged=[p for p in active if not p.observation_range_m],
        outside=sorted(found, key=lambda pair: (pair[1].kind, pair[1].name, pair[0].id)),
    )


def _srid(connection: Connection, projection: Projection) -> int | None:
    """PostGIS's SRID for the projection's EPSG code; None when it has none."""
    authority, _, code = projection.crs.partition(":")
    if authority.upper() != "EPSG" or not code.isdigit():
        return None
    return connection.execute(
        text("SELECT srid FROM spatial_ref_sys WHERE auth_name = 'EPSG' AND auth_srid = :code"),
        {"code": int(code)},
    ).scalar()


# -- the models and the database --------------------------------------------------------------------


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's filter: leave out of any comparison with the models what migrations made in SQL and the
    models do not declare (0009's ``geom`` columns and their indexes, the span indexes of 0011 and 0014)
    and PostGIS's own table.

    >>> include_object(None, "geom", "column", True, None), include_object(None, "lat", "column", True, None)
    (False, True)
    >>> include_object(None, "ix_areas_geom", "index", True, None)
    False
    """
    if not reflected or compare_to is not None:
        return True
    if type_ == "column":
        return name != GEOMETRY_COLUMN
    if type_ == "index":  # and the indexes on spans (0011, 0014), an expression that differs by backend
        return not (name or "").endswith(("_geom", "_geog")) and name not in SPAN_INDEXES
    if type_ == "table":
        return name != "spatial_ref_sys"
    return True


def compare_schema(connection: Connection) -> list:
    """What Alembic's autogenerate finds between the database and the models, the PostGIS columns aside
    (the tests keep it empty on both backends)."""
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from truce.store.schema import Base

    context = MigrationContext.configure(connection, opts={"include_object": include_object})
    with warnings.catch_warnings():
        # SQLAlchemy knows no PostGIS type; the columns it would warn of are left out just above
        warnings.filterwarnings("ignore", "Did not recognize type 'geometry'")
        # nor an index on an expression (0011's), which include_object leaves out too
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
        return compare_metadata(context, Base.metadata)
