"""Verifying the log: :func:`truce.audit.log.verify_chain` over 1,000,000 entries, and
:func:`truce.audit.merkle.root` of 1,000,000 leaf hashes.

The entries are built in memory with :func:`truce.audit.log.chain`, with small changes of the kinds the
store writes (ingests, links, observations, retractions, publications). ``verify_chain`` re-hashes each
one (RFC 8785 canonical JSON, the entry hash, the leaf hash) and builds the Merkle root as it streams.
Prints CPU seconds (the figure: one core's work, whatever else the machine runs), wall seconds, and
entries per second of CPU; asserts nothing. Goal (issue 11): under 5 s on one
core. ``--entries N`` for a smaller run.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import time
from datetime import UTC, datetime, timedelta

from truce.audit.log import GENESIS, chain, entry_hash, entry_leaf, verify_chain
from truce.audit.merkle import root

WHO = ["analyst 1", "analyst 2", "duty officer N6", "patrol 3", "Ахмедов Р.", "Hovhannisyan A."]
MEANS = ["mortar", "small_arms", "sniper", "drone", "artillery"]


def change(i: int) -> tuple[str, object]:
    """The action and change of entry ``i``: small, varied, like the store's."""
    kind = i % 5
    doc = hashlib.sha256(i.to_bytes(8, "big")).hexdigest()
    if kind == 0:
        return "ingest", {"document": doc, "source": "nkmod", "claims": i % 7, "lang": "ru"}
    if kind == 1:
        return "link", {"claim": f"C-{doc[:16]}-{i % 3}", "incident": f"I-rumod-2022{i % 12 + 1:02d}11"}
    if kind == 2:
        point = [round(39.5 + (i % 997) / 2000, 4), round(46.5 + (i % 991) / 2000, 4)]
        return "observe", {
            "post": f"pp-n{i % 9 + 1}",
            "means": MEANS[i % 5],
            "point": point,
            "fired_by": "AZ",
        }
    if kind == 3:
        return "retract", {"document": doc, "reason": "a hoax: the video is from 2020", "by": WHO[i % 6]}
    return "publish", {"bulletin": f"2022-03-{i % 28 + 1:02d}", "manifest": doc, "status": "signed by side A"}


def build(n: int) -> list[dict[str, object]]:
    start = datetime(2020, 11, 10, tzinfo=UTC)
    entries: list[dict[str, object]] = []
    prev = GENESIS
    for i in range(n):
        action, what = change(i)
        entry = chain(prev, i, start + timedelta(seconds=7 * i), WHO[i % 6], action, what)
        prev = entry_hash(entry)
        entries.append(entry)
    return entries


def timed(function, *args):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    n = parser.parse_args().entries

    entries, wall, _ = timed(build, n)
    print(f"built {n:,} entries in {wall:.1f} s")
    # A verifier streams entries from the store and holds none of them; here all are in memory, and the
    # collector would rescan them all while verify_chain runs. Freezing them measures the verifier.
    gc.collect()
    gc.freeze()

    head, wall, cpu = timed(verify_chain, entries)
    rate = n / cpu
    print(
        f"verify_chain: {head.size:,} entries in {cpu:.2f} s CPU ({wall:.2f} s wall): {rate:,.0f} entries/s"
    )
    print(f"  head {head.head[:16]}..., root {head.root.hex()[:16]}...; goal: under 5 s on one core")

    leaves = [entry_leaf(entry) for entry in entries]
    del entries
    tree_root, wall, cpu = timed(root, leaves)
    assert tree_root == head.root
    print(f"merkle.root: {n:,} leaves in {cpu:.2f} s CPU ({wall:.2f} s wall): {n / cpu:,.0f} leaves/s")


if __name__ == "__main__":
    main()
