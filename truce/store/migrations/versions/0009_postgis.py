"""PostGIS geometry beside the coordinates: places, posts, areas and incidents (PostgreSQL only)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

Geometry is stored as the record writes it, on every backend: latitude and longitude columns for places,
posts and incidents, GeoJSON text for areas; Truce computes with shapely in the process. On PostgreSQL
this migration adds a PostGIS ``geom`` column (SRID 4326, WGS 84 lon/lat) to each of those four tables,
so that "which incidents lie in this zone", "which lie within N km of the line of contact" and coverage
can run in the database with an index (``truce.store.spatial``) instead of reading every row out.

Plan:

- ``CREATE EXTENSION IF NOT EXISTS postgis``. Without PostGIS on the server, or without the right to
  create the extension, the upgrade stops with a message that says what to install or ask for.
- ``geom`` is a *stored generated column*: ``ST_SetSRID(ST_MakePoint(lon, lat), 4326)`` for places,
  posts and incidents (NULL while an incident has no coordinates), ``ST_SetSRID(ST_GeomFromGeoJSON(
  geometry), 4326)`` for areas. PostgreSQL computes it on every insert and update, whoever writes (the
  ORM, a bulk insert, psql), and refuses any write to it: the same guarantee as a trigger, without
  trigger code to keep in step, and it cannot be set to a wrong value by hand. The ORM models do not
  declare these columns, so nothing else in the store changes; ``truce.store.spatial.compare_schema``
  (and ``migrations/env.py``) leave them out of the comparison with the models.
- A GiST index on each ``geom`` (``ix_<table>_geom``): containment and bounding-box searches. For
  incidents also a GiST index on ``geom::geography`` (``ix_incidents_geog``): distances in metres on the
  spheroid (``ST_DWithin`` on geography) use that one; a geometry index cannot serve them.

SQLite is left as it is (this migration does nothing there): the shapely path answers the same
questions. Downgrade drops the columns and their indexes; it leaves the extension, which other objects in
the database may use.
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy.exc import DBAPIError

from truce.errors import StoreError

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POINT = "ST_SetSRID(ST_MakePoint(lon, lat), 4326)"
# table -> (the column's type, the expression it is generated from)
COLUMNS = {
    "places": ("geometry(Point, 4326)", POINT),
    "posts": ("geometry(Point, 4326)", POINT),
    "areas": ("geometry(Geometry, 4326)", "ST_SetSRID(ST_GeomFromGeoJSON(geometry), 4326)"),
    "incidents": ("geometry(Point, 4326)", POINT),
}


def _postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _create_postgis() -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'postgis'").first():
        return
    if not bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").first():
        raise StoreError(
            "cannot bring the database schema up to date: this PostgreSQL server has no PostGIS. "
            "Install it on the server (Debian: apt-get install postgresql-15-postgis-3, for the server's "
            "version), then run `truce init` again"
        )
    try:
        with bind.begin_nested():  # a savepoint: the failure below leaves the transaction usable
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS postgis")
    except DBAPIError as exc:
        database = bind.exec_driver_sql("SELECT current_database()").scalar()
        reason = str(exc.orig).splitlines()[0]
        raise StoreError(
            f"cannot bring the database schema up to date: cannot create the PostGIS extension ({reason}). "
            f'Ask a superuser to run CREATE EXTENSION postgis; in database "{database}", '
            "then run `truce init` again"
        ) from None


def upgrade() -> None:
    if not _postgresql():
        return
    _create_postgis()
    for table, (kind, expression) in COLUMNS.items():
        op.execute(f"ALTER TABLE {table} ADD COLUMN geom {kind} GENERATED ALWAYS AS ({expression}) STORED")
        op.execute(f"CREATE INDEX ix_{table}_geom ON {table} USING gist (geom)")
    op.execute("CREATE INDEX ix_incidents_geog ON incidents USING gist ((geom::geography))")


def downgrade() -> None:
    if not _postgresql():
        return
    op.execute("DROP INDEX IF EXISTS ix_incidents_geog")
    for table in reversed(COLUMNS):
        op.execute(f"DROP INDEX IF EXISTS ix_{table}_geom")
        op.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS geom")
