"""Linking speed: 10,000, 100,000 and 1,000,000 generated claims (made up by this script, not records).

Each generated incident is told by one to four sources, with jittered points, one-day date slips and
some undated statements; the linker has to find them again. Prints the time, the growth ratio between
sizes (1.0 per tenfold is linear) and the peak memory. Goal: near-linear, 1,000,000 in under 60 s.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from datetime import date, timedelta

from truce.model import Claim, DatePrecision, LocationPrecision, Standing
from truce.reconcile import Linker

SOURCES = ["rumod", "azmod", "nkmod", "ammfa", "media-1", "media-2"]
MEANS = [["small_arms"], ["mortar"], ["uav_strike"], ["incursion"], []]


def generate(incidents: int, seed: int = 5) -> list[Claim]:
    """About 20 incidents a day over the theatre: a bigger archive is a longer one, not a denser one."""
    rng = random.Random(seed)
    claims = []
    start, span = date(1990, 1, 1), max(365, incidents // 20)
    for n in range(incidents):
        day = start + timedelta(days=rng.randrange(span))
        lat, lon = 39.5 + rng.random() * 0.8, 46.5 + rng.random() * 0.7
        means = rng.choice(MEANS)
        for k, source in enumerate(rng.sample(SOURCES, rng.randint(1, 4))):
            slip = timedelta(days=rng.choice((0, 0, 0, 1)))
            reported = rng.random() < 0.1
            claims.append(
                Claim(
                    date_from=day + slip,
                    date_to=day + slip,
                    date_precision=DatePrecision.REPORTED if reported else DatePrecision.DAY,
                    location_precision=LocationPrecision.NEAR,
                    radius_m=2000.0,
                    lat=lat + rng.uniform(-0.01, 0.01),
                    lon=lon + rng.uniform(-0.01, 0.01),
                    means=means,
                    id=f"C-{n}-{k}",
                    source_id=source,
                    standing=Standing.REPORTED if source == "rumod" else Standing.CLAIMED,
                )
            )
    rng.shuffle(claims)
    return claims


def main() -> None:
    sizes = [10_000, 100_000, 1_000_000] if "--quick" not in sys.argv else [10_000, 100_000]
    previous = None
    for size in sizes:
        claims = generate(size // 2)[:size]
        linker = Linker()
        started = time.perf_counter()
        mapping = linker.link(claims)
        seconds = time.perf_counter() - started
        growth = f"x{seconds / previous:.1f} for x10" if previous else ""
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{len(claims):>9,} claims -> {len(set(mapping.values())):>9,} incidents in {seconds:7.2f} s "
            f"({len(claims) / seconds:9,.0f} claims/s) {growth:16} peak memory {peak:,.0f} MB"
        )
        previous = seconds


if __name__ == "__main__":
    main()
