"""Points against areas in the database (issue 13): 1,000,000 points against the zones and corridor in
force on a day, in PostGIS, in Truce's shapely path and in geopandas' ``sjoin``.

The same points (uniform over the theatre and around it, as in ``bench_areas``: most fall outside every
area) and the same area versions (the Nagorno-Karabakh pack, loaded into the database by ``truce init``,
so PostGIS reads the ``geom`` column migration 0009 makes). Each side starts from its points prepared as
it keeps them, and that preparation is timed apart, not in the query:

- PostGIS: a table of 1,000,000 points (``geometry(Point, 4326)``) with a GiST index, analysed; the query
  joins the areas to it with ``ST_Contains`` (a point on a boundary is outside, as in shapely) and counts
  per area in the server, or returns the (point, area) pairs to the client. One worker (parallel query
  off), as the others use one core;
- shapely (Truce): ``AreasAsOf.membership`` on the numpy arrays of longitudes and latitudes (a bounding
  box test, then ``shapely.contains_xy``: no Point objects), areas parsed and prepared inside the timing;
- geopandas: ``sjoin(predicate="within")`` with the GeoDataFrame of points built beforehand.

PostgreSQL 15 with PostGIS 3 is started by this script in a temporary folder (``tests/pgserver.py``) and
stopped at the end; without it that part is skipped. geopandas is a bench-only dependency (``pip install
-e '.[bench]'``, which ``make bench`` does). Prints figures and whether the answers agree; asserts no time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, text

from truce.geo.areas import AreasAsOf
from truce.packs import load_pack
from truce.record.setup import init

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))
import pgserver  # the tests' throwaway server: the same start and stop

POINTS = 1_000_000
DAY = date(2022, 3, 11)
REPEATS = 3

COUNT = text(
    """
    SELECT a.id, count(*) FROM areas AS a JOIN bench_points AS p ON ST_Contains(a.geom, p.geom)
    WHERE a.id = ANY(CAST(:areas AS text[])) GROUP BY a.id
    """
)
PAIRS = text(
    """
    SELECT p.id, a.id FROM areas AS a JOIN bench_points AS p ON ST_Contains(a.geom, p.geom)
    WHERE a.id = ANY(CAST(:areas AS text[]))
    """
)


def best_of(run: Callable[[], Any], repeats: int = REPEATS) -> tuple[float, Any]:
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    return best_of(run, 1)


def main() -> None:
    pack = load_pack()
    rng = np.random.default_rng(20201110)
    lon = rng.uniform(46.0, 47.4, POINTS)
    lat = rng.uniform(39.3, 40.5, POINTS)
    projection = pack.projection()
    in_force = AreasAsOf(pack.areas, DAY, projection)
    names = [a.id for a in in_force.polygons]
    print(f"{POINTS:,} points, the {len(names)} areas in force on {DAY} (zones, corridor); best of {REPEATS}")

    ours_s, mask = best_of(lambda: AreasAsOf(pack.areas, DAY, projection).membership(lon, lat))
    ours = {name: int(np.count_nonzero(mask & (1 << bit))) for bit, name in enumerate(names)}
    print(f"shapely path (Truce, AreasAsOf.membership): {ours_s:7.3f} s   {ours}")

    peer = geopandas_sjoin(lon, lat, in_force, names)
    database = postgis(lon, lat, names)

    print("agreement (points per area):")
    for label, counts in (("geopandas sjoin", peer), ("PostGIS", database)):
        if counts is not None:
            print(f"  {label} and the shapely path: {'same' if counts == ours else f'DIFFERENT: {counts}'}")
    print(
        "What each does that the others do not:\n"
        "  PostGIS keeps the points on disk with their index: any later question (another day, another\n"
        "    area, a distance) reads only what the index finds, for many readers at once, beyond memory,\n"
        "    in the transaction that wrote them; the price is the load and the index build above.\n"
        "  The shapely path needs no index and no geometry objects for the points: a bounding-box test on\n"
        "    the arrays, then contains_xy on the few inside; it answers every point (a bit mask), in\n"
        "    memory, from nothing prepared but the areas, and keeps nothing for the next question.\n"
        "  geopandas builds an STRtree over the areas and returns a joined table (each pair with the\n"
        "    columns of both sides), checks the two frames' CRS, and can join on any predicate; it needs\n"
        "    the points as shapely objects (built beforehand here, timed apart)."
    )


def geopandas_sjoin(
    lon: np.ndarray, lat: np.ndarray, in_force: AreasAsOf, names: list[str]
) -> dict[str, int] | None:
    try:
        import geopandas as gpd
    except ImportError:
        print("geopandas sjoin (peer): not installed: pip install -e '.[bench]'")
        return None
    polygons = gpd.GeoDataFrame(
        {"area": names}, geometry=[in_force.shapes[n] for n in names], crs="EPSG:4326"
    )
    build_s, points = timed(lambda: gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326"))
    join_s, joined = best_of(lambda: gpd.sjoin(points, polygons, how="inner", predicate="within"))
    counts = {str(k): int(v) for k, v in joined["area"].value_counts().items()}
    print(f"geopandas sjoin, points prebuilt:           {join_s:7.3f} s   (building them: {build_s:.3f} s)")
    return {n: counts.get(n, 0) for n in names}


def postgis(lon: np.ndarray, lat: np.ndarray, names: list[str]) -> dict[str, int] | None:
    problem = pgserver._missing()
    if problem:
        print(f"PostGIS: skipped ({problem})")
        return None
    with pgserver.postgres_server() as url:
        init(url, load_pack())  # the pack, through the migrations: the areas' geom is 0009's column
        engine = create_engine(url)
        try:
            with engine.begin() as connection:
                load_s, _ = timed(lambda: load_points(connection, lon, lat))
            with engine.connect() as connection:
                connection.execute(text("SET max_parallel_workers_per_gather = 0"))  # one core, as the others
                plan = "\n".join(
                    connection.execute(text(f"EXPLAIN {COUNT.text}"), {"areas": names}).scalars()
                )
                index = "the GiST index" if "ix_bench_points_geom" in plan else "NO index"
                count_s, rows = best_of(lambda: connection.execute(COUNT, {"areas": names}).all())
                pairs_s, pairs = best_of(lambda: connection.execute(PAIRS, {"areas": names}).all())
        finally:
            engine.dispose()
    counts = {str(area): int(n) for area, n in rows}
    print(f"PostGIS ST_Contains, counted in the server: {count_s:7.3f} s   (plan: {index})")
    print(f"PostGIS ST_Contains, pairs to the client:   {pairs_s:7.3f} s   ({len(pairs):,} pairs)")
    print(f"  loading the points table and its index:   {load_s:7.3f} s   (once; not in the figures above)")
    return {n: counts.get(n, 0) for n in names}


def load_points(connection: Any, lon: np.ndarray, lat: np.ndarray) -> None:
    """The points as a table of PostGIS points with a GiST index, analysed for the planner."""
    connection.execute(text("CREATE TABLE bench_points (id integer PRIMARY KEY, geom geometry(Point, 4326))"))
    connection.execute(
        text(
            """
            INSERT INTO bench_points
            SELECT n, ST_SetSRID(ST_MakePoint(x, y), 4326)
            FROM unnest(CAST(:lon AS float8[]), CAST(:lat AS float8[])) WITH ORDINALITY AS t(x, y, n)
            """
        ),
        {"lon": lon.tolist(), "lat": lat.tolist()},
    )
    connection.execute(text("CREATE INDEX ix_bench_points_geom ON bench_points USING gist (geom)"))
    connection.execute(text("ANALYZE bench_points"))


if __name__ == "__main__":
    print(f"one process (pid {os.getpid()})")
    main()
