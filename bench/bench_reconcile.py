"""Linking speed: 10,000, 100,000 and 1,000,000 generated claims (made up by this script, not records).

Each generated incident is blamed on one side and told by one to four sources, with jittered points,
one-day date slips, some undated statements and some mirror accounts (the other side's, blaming the
first, from its own positions a few kilometres off); the linker has to find them again.

Prints, per size, the time (CPU time of this one process, and wall time), the growth ratio between
sizes (x10 per tenfold is linear), the peak memory of the process and the part the linking added to it,
and how well the generated incidents were found again (pairwise precision and recall). Goal:
near-linear, 1,000,000 in under 60 s on one core. ``--quick`` stops at 100,000; ``--episodes`` also
times the grouping of incidents into episodes.
"""

from __future__ import annotations

import os
import random
import resource
import sys
import time
from collections import Counter
from datetime import date, timedelta

from truce.model import Claim, DatePrecision, LocationPrecision, Standing
from truce.reconcile import Linker

SOURCES = ["rumod", "azmod", "nkmod", "ammfa", "media-1", "media-2"]
MEANS = [["small_arms"], ["mortar"], ["uav_strike"], ["incursion"], []]
SIDES = [("AZ", "NK"), ("NK", "AZ"), ("AZ", "AM"), ("AM", "AZ")]


def generate(incidents: int, seed: int = 5) -> list[Claim]:
    """About 20 incidents a day over the theatre: a bigger archive is a longer one, not a denser one."""
    rng = random.Random(seed)
    claims = []
    start, span = date(1990, 1, 1), max(365, incidents // 20)
    for n in range(incidents):
        day = start + timedelta(days=rng.randrange(span))
        lat, lon = 39.5 + rng.random() * 0.8, 46.5 + rng.random() * 0.7
        means = rng.choice(MEANS)
        accused, target = rng.choice(SIDES)
        for k, source in enumerate(rng.sample(SOURCES, rng.randint(1, 4))):
            slip = timedelta(days=rng.choice((0, 0, 0, 1)))
            reported = rng.random() < 0.1
            mirror = rng.random() < 0.2  # the other side's account, from its own positions
            off = 0.04 if mirror else 0.0
            claims.append(
                Claim(
                    date_from=day + slip,
                    date_to=day + slip,
                    date_precision=DatePrecision.REPORTED if reported else DatePrecision.DAY,
                    location_precision=LocationPrecision.NEAR,
                    radius_m=2000.0,
                    lat=lat + off + rng.uniform(-0.01, 0.01),
                    lon=lon + rng.uniform(-0.01, 0.01),
                    accused=target if mirror else accused,
                    target=accused if mirror else target,
                    means=means,
                    id=f"C-{n}-{k}",
                    source_id=source,
                    standing=Standing.REPORTED if source == "rumod" else Standing.CLAIMED,
                )
            )
    rng.shuffle(claims)
    return claims


def pairwise(mapping: dict[str, str]) -> tuple[float, float]:
    """Precision and recall of the pairs of claims linked, against the generated incidents."""
    truth = {c: c.split("-")[1] for c in mapping}
    cells = Counter((mapping[c], truth[c]) for c in mapping)

    def pairs(counts: Counter) -> int:  # type: ignore[type-arg]
        return sum(k * (k - 1) // 2 for k in counts.values())

    both = pairs(cells)
    found, true = pairs(Counter(mapping.values())), pairs(Counter(truth.values()))
    return both / found if found else 1.0, both / true if true else 1.0


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main() -> None:
    sizes = [10_000, 100_000, 1_000_000] if "--quick" not in sys.argv else [10_000, 100_000]
    previous = None
    for size in sizes:
        claims = generate(size // 2)[:size]
        linker = Linker()
        before = rss_mb()
        started, cpu = time.perf_counter(), time.process_time()
        mapping = linker.link(claims)
        seconds, wall = time.process_time() - cpu, time.perf_counter() - started
        growth = f"x{seconds / previous:.1f} for x10" if previous else ""
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        precision, recall = pairwise(mapping)
        print(
            f"{len(claims):>9,} claims -> {len(set(mapping.values())):>9,} incidents in {seconds:6.2f} s CPU "
            f"({wall:6.2f} s wall, {len(claims) / seconds:7,.0f} claims/s) {growth:13} peak memory "
            f"{peak:,.0f} MB (linking {max(0.0, peak - before):,.0f} MB); pairs found again: precision "
            f"{precision:.3f}, recall {recall:.3f}"
        )
        if "--episodes" in sys.argv:
            cpu = time.process_time()
            episodes = linker.episodes(claims, mapping)
            print(
                f"{'':>9}   episodes: {len(set(episodes.values())):,} grouping "
                f"{len(episodes):,} incidents in {time.process_time() - cpu:.2f} s CPU"
            )
        previous = seconds
        del claims, mapping


if __name__ == "__main__":
    main()
