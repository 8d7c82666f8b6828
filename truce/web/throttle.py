"""Failed logins, counted: after ``limit`` failures within ``window`` seconds under one key (a user name,
or a client's address), logging in under that key waits until the oldest of them leaves the window.

A name is counted whether or not such a user exists, so a refusal says nothing about who exists. Memory is
bounded: at most ``capacity`` keys are kept, the least recently failed dropped first (an attacker who
cycles through more names than that forgets a name's count, but not their own address's). The counts
live in the server's process: each worker of ``truce serve --workers N`` keeps its own.

>>> clock = iter(range(100)).__next__
>>> logins = Throttle(limit=2, window=10, clock=lambda: float(clock()))
>>> logins.fail("name:ana"); logins.fail("name:ana")
>>> logins.wait("name:ana", "addr:10.0.0.1")  # the first failure leaves the window 10 s after it
8
>>> logins.reset("name:ana"); logins.wait("name:ana")
0
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

__all__ = ["Throttle"]


class Throttle:
    def __init__(
        self,
        limit: int = 5,
        window: float = 15 * 60,
        capacity: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0 or capacity < 1:
            raise ValueError("a throttle needs a limit, a window and a capacity above zero")
        self.limit, self.window, self.capacity, self.clock = limit, window, capacity, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()  # the routes run in a pool of threads

    def __len__(self) -> int:
        return len(self._failures)

    def _recent(self, key: str, now: float) -> deque[float]:
        """The failures of ``key`` still within the window (a key with none left is forgotten)."""
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def wait(self, *keys: str) -> int:
        """Seconds until a login under all of ``keys`` may be tried again (0: now)."""
        now = self.clock()
        longest = 0.0
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.limit:
                    longest = max(longest, times[-self.limit] + self.window - now)
        return math.ceil(longest)

    def fail(self, *keys: str) -> None:
        """One more failure under each of ``keys``."""
        now = self.clock()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if key not in self._failures:
                    times = self._failures[key] = deque(maxlen=self.limit)  # more are never needed
                times.append(now)
                self._failures.move_to_end(key)
                while len(self._failures) > self.capacity:
                    self._failures.popitem(last=False)

    def reset(self, key: str) -> None:
        """Forget the failures under ``key`` (a user who logged in)."""
        with self._lock:
            self._failures.pop(key, None)
