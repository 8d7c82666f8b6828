"""Area speed: classify 1,000,000 points against the areas in force on a day (zones and corridor).

Peer: geopandas' ``sjoin`` (predicate ``within``) of the same points against the same polygons, the
obvious way to write it with a GeoDataFrame; timed from the same numpy arrays of longitudes and latitudes
to the same answer (which areas hold each point). geopandas is a bench-only dependency (``pip install -e
'.[bench]'``, which ``make bench`` does). One core: no parallelism on either side. Prints figures and
checks that both answers agree; asserts no time.
"""

from __future__ import annotations

import os
import time
from datetime import date

import numpy as np

from truce.geo.areas import AreasAsOf
from truce.packs import load_pack

POINTS = 1_000_000
DAY = date(2022, 3, 11)
REPEATS = 3


def best_of(run, repeats: int = REPEATS) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    timings, result = [], None
    for _ in range(repeats):
        started = time.perf_counter()
        result = run()
        timings.append(time.perf_counter() - started)
    return min(timings), result


def main() -> None:
    pack = load_pack()
    rng = np.random.default_rng(20201110)
    # points over the theatre and around it: most fall outside every area, as most of any map does
    lon = rng.uniform(46.0, 47.4, POINTS)
    lat = rng.uniform(39.3, 40.5, POINTS)
    projection = pack.projection()
    print(f"{POINTS:,} points, areas in force on {DAY}; best of {REPEATS}; one process (pid {os.getpid()})")

    def ours() -> np.ndarray:
        return AreasAsOf(pack.areas, DAY, projection).membership(lon, lat)

    ours_s, mask = best_of(ours)
    in_force = AreasAsOf(pack.areas, DAY, projection)
    names = [a.id for a in in_force.polygons]
    counts = {name: int(np.count_nonzero(mask & (1 << bit))) for bit, name in enumerate(names)}  # type: ignore[operator]
    print(f"truce AreasAsOf.membership: {ours_s:6.3f} s   {counts}")
    labels_s, _ = best_of(lambda: AreasAsOf(pack.areas, DAY, projection).classify(lon, lat))
    print(f"truce AreasAsOf.classify:   {labels_s:6.3f} s   (a tuple of area ids per point)")

    try:
        import geopandas as gpd
    except ImportError:
        print("geopandas sjoin (peer):     not installed: pip install -e '.[bench]'")
        return
    polygons = gpd.GeoDataFrame(
        {"area": names}, geometry=[in_force.shapes[n] for n in names], crs="EPSG:4326"
    )

    def peer() -> object:
        points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
        return gpd.sjoin(points, polygons, how="inner", predicate="within")

    peer_s, joined = best_of(peer)
    peer_counts = joined["area"].value_counts().to_dict()  # type: ignore[attr-defined]
    agree = all(peer_counts.get(n, 0) == counts[n] for n in names)
    print(f"geopandas sjoin (peer):     {peer_s:6.3f} s   {peer_counts}")
    built = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs="EPSG:4326")
    join_s, _ = best_of(lambda: gpd.sjoin(built, polygons, how="inner", predicate="within"))
    print(f"  of which sjoin alone:     {join_s:6.3f} s   (points already built)")
    print(f"speed-up {peer_s / ours_s:.1f}x; same answer: {'yes' if agree else 'NO'}")


if __name__ == "__main__":
    main()
