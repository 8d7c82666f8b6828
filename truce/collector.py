"""Python's cyclic garbage collector, paused around work that makes many objects and no reference cycles.

Making objects by the thousand (a day's claims read from the store, the linker's facts) triggers
collections, and the oldest generation's walks every object the process holds: a server's gazetteer,
the claims read so far. Reading 9,000 claims out of a store of a million spent 40 % of its time so. Paused,
the collector runs as usual once the work is done, and collects what it would have.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block (reference counting still frees what is no longer used)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
