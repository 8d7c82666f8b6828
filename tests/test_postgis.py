"""PostGIS on PostgreSQL (migration 0009, ``truce.store.spatial``): the geometry columns are filled,
indexed and kept in step by the database, and the spatial questions answered there agree with the
shapely answers SQLite gets, within the tolerance ``truce.store.spatial`` states.

The pack is the shipped Nagorno-Karabakh pack; the extra incidents and the two extra areas (a square
with a hole, a zone in two parts: ``tests/geometries.py``) are made up for the tests, the same rows in
both databases, so that membership, distance and coverage are compared on a few thousand points rather
than on the pack's two dozen.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import pytest
import shapely
from geometries import HOLED, TWO_PARTS
from pgserver import fresh_database
from shapely.geometry import shape
from sqlalchemy import bindparam, create_engine, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from truce.errors import NotFound, StoreError
from truce.packs import Pack
from truce.record.observe import ObservationInput, observe
from truce.record.setup import init
from truce.store import Store, spatial
from truce.store.db import MIGRATIONS, upgrade
from truce.store.schema import AreaRow, IncidentRow

# a day in force of each version of the zones and the line of contact
DAYS = [date(2020, 11, 20), date(2021, 6, 1), date(2022, 5, 1), date(2023, 1, 1)]
PER_DAY = 600
# days of the pack's own incidents inside a zone (Khramort, 8 March 2022; Parukh, 24 March 2022)
PACK_DAYS = [date(2022, 3, 8), date(2022, 3, 24)]
TABLES = {"places": "lat", "posts": "lat", "incidents": "lat", "areas": "geometry"}


@pytest.fixture(scope="module")
def pg_module(pg_url: str) -> Iterator[str]:
    """A database of its own on the session's server for this module's read-only tests."""
    with fresh_database(pg_url, "truce_postgis") as url:
        yield url


def _extra_areas(pack: str) -> list[AreaRow]:
    return [
        AreaRow(
            id=f"test-{name}",
            pack=pack,
            kind="zone",
            name=f"test {name}",
            geometry=json.dumps(geometry),
            valid_from=DAYS[0],
            valid_to=None,
            approximate=False,
            basis="written for the tests",
        )
        for name, geometry in (("holed", HOLED), ("two-parts", TWO_PARTS))
    ]


def _extra_incidents(areas: list[dict]) -> list[IncidentRow]:
    """Points over the theatre (most outside every area), every vertex of every area (on a boundary:
    outside), a few known only to the zone (never placed) and a few with no coordinates."""
    rng = np.random.default_rng(20201110)
    vertices = np.array([xy for a in areas for xy in shapely.get_coordinates(shape(a)).tolist()])
    rows = []
    for day in DAYS:
        lon = np.concatenate([rng.uniform(45.9, 47.4, PER_DAY), vertices[:, 0]])
        lat = np.concatenate([rng.uniform(38.9, 40.5, PER_DAY), vertices[:, 1]])
        for n, (x, y) in enumerate(zip(lon.tolist(), lat.tolist(), strict=True)):
            span = n % 7 == 0  # some incidents run over three days
            precision = "zone" if n % 50 == 1 else "point"
            rows.append(
                IncidentRow(
                    id=f"I-test-{day:%Y%m%d}-{n}",
                    date_from=day - timedelta(days=1) if span else day,
                    date_to=day + timedelta(days=1) if span else day,
                    date_precision="range" if span else "day",
                    location_precision=precision,
                    radius_m=500.0,
                    lat=None if n % 97 == 3 else y,
                    lon=None if n % 97 == 3 else x,
                    accused="AZ",
                    violations=1,
                )
            )
    return rows


@pytest.fixture(scope="module")
def both(
    pg_module: str, pack: Pack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, Store]]:
    """The pack and the same extra rows, written through the ORM, in SQLite and in PostgreSQL."""
    lite = f"sqlite:///{tmp_path_factory.mktemp('postgis') / 'same.db'}"
    stores = []
    for url in (lite, pg_module):
        init(url, pack)
        store = Store.open(url)
        with Session(store.engine) as session, session.begin():
            areas = _extra_areas(pack.name)
            session.add_all(areas)
            session.flush()
            zones = session.scalars(
                select(AreaRow.geometry).where(AreaRow.kind == "zone").order_by(AreaRow.id)
            )
            geometries = [json.loads(g) for g in zones]
            session.add_all(_extra_incidents(geometries))
        stores.append(store)
    yield stores[0], stores[1]
    for store in stores:
        store.close()


def test_the_geometry_columns_are_filled_and_indexed(both: tuple[Store, Store]) -> None:
    _, pg = both
    with pg.engine.connect() as connection:
        for table, source in TABLES.items():
            srids = "array_agg(DISTINCT ST_SRID(geom)) FILTER (WHERE geom IS NOT NULL)"
            query = text(f"SELECT count({source}), count(geom), {srids} FROM {table}")
            rows, filled, srids = connection.execute(query).one()
            assert rows > 0 and filled == rows and srids == [4326], table
        # each point is its row's coordinates, each area its GeoJSON (compared as geometry, exactly)
        moved = connection.execute(
            text("SELECT count(*) FROM incidents WHERE ST_X(geom) <> lon OR ST_Y(geom) <> lat")
        ).scalar()
        assert moved == 0
        for area_id, geometry, wkb in connection.execute(
            text("SELECT id, geometry, ST_AsBinary(geom) FROM areas")
        ):
            assert shapely.equals_exact(shapely.from_wkb(bytes(wkb)), shape(json.loads(geometry)), 0), area_id
        indexes = dict(
            connection.execute(
                text("SELECT indexname, indexdef FROM pg_indexes WHERE indexdef LIKE '%gist%'")
            ).all()
        )
    assert {f"ix_{t}_geom" for t in TABLES} | {"ix_incidents_geog"} <= indexes.keys()
    assert "geography" in indexes["ix_incidents_geog"]


def test_the_questions_use_the_indexes(both: tuple[Store, Store]) -> None:
    """With sequential scans priced out, the planner answers each question from a GiST index: the
    predicates are ones the indexes serve (a cast or a function around the column would defeat them)."""
    _, pg = both
    values = {"day": DAYS[1], "area_precisions": spatial._AREA_PRECISIONS}
    with pg.engine.connect() as connection:
        connection.execute(text("SET enable_seqscan = off"))
        for query, extra, index in (
            (spatial._IN_AREA, {"area": "zone-south-v2"}, "ix_incidents_geom"),
            (spatial._NEAR_LINE, {"line": "line-of-contact-v2", "metres": 5000.0}, "ix_incidents_geog"),
        ):
            explain = text(f"EXPLAIN {query.text}").bindparams(bindparam("area_precisions", expanding=True))
            plan = connection.execute(explain, {**values, **extra}).scalars()
            assert index in "\n".join(plan)


def test_the_models_and_the_database_agree_apart_from_postgis(both: tuple[Store, Store]) -> None:
    for store in both:
        with store.engine.connect() as connection:
            assert spatial.compare_schema(connection) == []
            columns = _columns(connection, "incidents")
        # the columns are PostgreSQL's only: SQLite keeps its schema as it was
        assert ("geom" in columns) is (store.engine.dialect.name == "postgresql")


def test_incidents_in_an_area_are_the_same_ids(
    both: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    lite, pg = both
    days = DAYS + PACK_DAYS
    questions = [(a.id, day) for day in days for a in lite.areas(day) if a.kind in ("zone", "corridor")]
    shapely_answers = [spatial.incidents_in_area(lite, area, day) for area, day in questions]
    _no_shapely(monkeypatch)  # so that PostgreSQL's answers are PostGIS's, not a fallback's
    postgis_answers = [spatial.incidents_in_area(pg, area, day) for area, day in questions]
    assert postgis_answers == shapely_answers
    found = [i for ids in postgis_answers for i in ids]
    assert len(found) > 300 and any(i.startswith("I-rumod-") for i in found)
    holding = {area for (area, _), ids in zip(questions, postgis_answers, strict=True) if ids}
    assert {"test-holed", "test-two-parts"} <= holding
    # a version out of force on the day holds nothing; an unknown one is an error
    assert spatial.incidents_in_area(pg, "zone-south-v1", DAYS[-1]) == []
    with pytest.raises(NotFound):
        spatial.incidents_in_area(pg, "zone-nowhere", DAYS[0])


def test_incidents_near_the_line_agree_within_the_tolerance(
    both: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    lite, pg = both
    relative, absolute = spatial.DISTANCE_TOLERANCE
    questions = [(day, km) for day in DAYS for km in (1, 5, 20)]
    shapely_answers = [spatial.incidents_near_line(lite, day, km) for day, km in questions]
    _no_shapely(monkeypatch)
    postgis_answers = [spatial.incidents_near_line(pg, day, km) for day, km in questions]
    compared = 0
    for (_, km), theirs, ours in zip(questions, shapely_answers, postgis_answers, strict=True):
        limit = km * 1000
        for incident in theirs.keys() | ours.keys():
            planar = theirs.get(incident)
            geodesic = ours.get(incident)
            if planar is not None and geodesic is not None:
                assert abs(geodesic - planar) <= relative * planar + absolute, incident
                compared += 1
            else:  # in one answer only: only when within the tolerance of the limit
                metres = planar if planar is not None else geodesic
                assert metres is not None and limit - metres <= relative * limit + absolute, incident
    assert compared > 200


def test_coverage_agrees_within_the_tolerance(
    both: tuple[Store, Store], monkeypatch: pytest.MonkeyPatch
) -> None:
    lite, pg = both
    planar = [spatial.coverage(lite, day) for day in DAYS]
    _no_shapely(monkeypatch)
    computed = [spatial.coverage(pg, day) for day in DAYS]
    for theirs, ours in zip(planar, computed, strict=True):
        pairs = [*zip(theirs.areas, ours.areas, strict=True), (theirs.zones, ours.zones)]
        for a, b in pairs:
            assert a is not None and b is not None and a.area.id == b.area.id
            assert b.area_km2 == pytest.approx(a.area_km2, rel=spatial.AREA_TOLERANCE)
            assert b.covered_km2 == pytest.approx(a.covered_km2, rel=spatial.AREA_TOLERANCE, abs=1e-9)
        assert [(p.id, a.id) for p, a in ours.outside] == [(p.id, a.id) for p, a in theirs.outside]
        assert [p.id for p in ours.posts] == [p.id for p in theirs.posts]
    assert all(c.outside and c.zones and 0 < c.zones.covered_km2 < c.zones.area_km2 for c in computed)


def _columns(connection: Connection, table: str) -> set[str]:
    """The column names of ``table`` (without reflecting their types: SQLAlchemy knows no PostGIS type)."""
    if connection.dialect.name == "sqlite":
        return {row[1] for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
    query = text("SELECT column_name FROM information_schema.columns WHERE table_name = :table")
    return set(connection.execute(query, {"table": table}).scalars())


def _no_shapely(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the shapely path fail, so that an answer that falls back to it cannot pass."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the shapely path was taken on PostgreSQL")

    monkeypatch.setattr(spatial, "_points_of_day", refuse)
    monkeypatch.setattr(spatial, "coverage_of", refuse)


def test_writes_through_the_orm_move_the_geometry(pg_fresh: str, pack: Pack) -> None:
    init(pg_fresh, pack)
    store = Store.open(pg_fresh)
    try:
        # an observation far from any report: an incident of its own, placed where it was seen
        given = ObservationInput(
            post="Temporary post L5",
            day=date(2021, 5, 2),
            observer="patrol 3 (written for the test)",
            platform="patrol",
            at=(39.7172, 46.6761),
            radius_m=300,
            means=["small_arms"],
        )
        incident = observe(store, given).incident_id
        assert incident is not None
        assert _point(store, "incidents", incident) == (46.6761, 39.7172)
        day = date(2021, 5, 2)
        assert incident in spatial.incidents_in_area(store, "zone-south-v2", day)
        # moved north by an analyst's correction, written as any ORM update
        with Session(store.engine) as session, session.begin():
            session.execute(update(IncidentRow).where(IncidentRow.id == incident).values(lat=39.9, lon=46.75))
        assert _point(store, "incidents", incident) == (46.75, 39.9)
        assert incident in spatial.incidents_in_area(store, "zone-north-v2", day)
        assert incident not in spatial.incidents_in_area(store, "zone-south-v2", day)
        # an area redrawn: its geometry follows its GeoJSON
        with Session(store.engine) as session, session.begin():
            session.get(AreaRow, "zone-south-v2").geometry = json.dumps(HOLED)  # type: ignore[union-attr]
        with store.engine.connect() as connection:
            wkb = connection.execute(
                text("SELECT ST_AsBinary(geom) FROM areas WHERE id = 'zone-south-v2'")
            ).scalar()
            assert shapely.equals_exact(shapely.from_wkb(bytes(wkb)), shape(HOLED), 0)
            # and nobody sets it by hand
            with pytest.raises(DBAPIError, match="generated"):
                connection.execute(text("UPDATE places SET geom = NULL"))
    finally:
        store.close()


def _point(store: Store, table: str, key: str) -> tuple[float, float]:
    query = text(f"SELECT ST_X(geom), ST_Y(geom) FROM {table} WHERE id = :key")
    with store.engine.connect() as connection:
        x, y = connection.execute(query, {"key": key}).one()
    return x, y


def test_downgrade_drops_the_columns_and_upgrade_fills_them_again(pg_fresh: str, pack: Pack) -> None:
    init(pg_fresh, pack)
    engine = create_engine(pg_fresh)
    try:
        _downgrade(engine, "0008")
        with engine.connect() as connection:
            for table in TABLES:
                assert "geom" not in _columns(connection, table)
            indexes = connection.execute(text("SELECT indexname FROM pg_indexes")).scalars()
            assert not [i for i in indexes if i.endswith(("_geom", "_geog"))]
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) = count(geom) FROM places")).scalar()
            assert connection.execute(text("SELECT count(geom) FROM incidents")).scalar() == 24
    finally:
        engine.dispose()


def _downgrade(engine: Engine, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_without_the_right_to_create_postgis_the_upgrade_says_what_to_ask(pg_url: str, pack: Pack) -> None:
    """A role that owns its database but is no superuser cannot create PostGIS (it is not a trusted
    extension): the error says so and what to ask for, and nothing is left half made."""
    name = f"truce_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{name}" LOGIN'))
        connection.execute(text(f'CREATE DATABASE "{name}" OWNER "{name}"'))
    url = pg_url.replace("/truce?", f"/{name}?").replace("://truce@", f"://{name}@")
    try:
        with pytest.raises(StoreError, match="CREATE EXTENSION postgis") as raised:
            init(url, pack)
        assert "cannot create the PostGIS extension" in str(raised.value)
        store = Store.open(url)
        try:
            assert not store.is_current()
        finally:
            store.close()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE "{name}"'))
        admin.dispose()
