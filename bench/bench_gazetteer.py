"""Gazetteer speed: resolving names (exact, other scripts, typos) against the Nagorno-Karabakh pack.

Peer: rapidfuzz's ``process.extractOne`` over the flat list of every name, the obvious way to write a
fuzzy gazetteer lookup (it finds a name, not a place, and knows nothing of scripts or homonyms).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import random
import time

from rapidfuzz import fuzz, process

from truce.errors import UnknownPlace
from truce.gazetteer import fold
from truce.packs import load_pack


def typo(name: str, rng: random.Random) -> str:
    if len(name) < 4:
        return name
    i = rng.randrange(1, len(name) - 1)
    return name[:i] + name[i + 1 :]


def main() -> None:
    started = time.perf_counter()
    pack = load_pack()
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    gazetteer = pack.gazetteer()
    index_s = time.perf_counter() - started
    rng = random.Random(7)
    names = [n.text for p in pack.places for n in p.names]
    queries = [rng.choice(names) for _ in range(2000)] + [typo(rng.choice(names), rng) for _ in range(2000)]
    print(f"pack: {len(pack.places)} places, {len(names)} names; load {load_s:.2f} s, index {index_s:.2f} s")

    started = time.perf_counter()
    resolved = 0
    for query in queries:
        try:
            gazetteer.resolve(query)
            resolved += 1
        except UnknownPlace:
            pass
    ours = time.perf_counter() - started

    keys = [fold(n) for n in names]
    started = time.perf_counter()
    for query in queries:
        process.extractOne(fold(query), keys, scorer=fuzz.WRatio)
    peer = time.perf_counter() - started

    n = len(queries)
    print(f"truce Gazetteer.resolve:        {n / ours:9.0f} queries/s ({resolved}/{n} resolved)")
    print(f"rapidfuzz extractOne (peer):    {n / peer:9.0f} queries/s (names only, no places)")


if __name__ == "__main__":
    main()
