"""Change points: the days a series of violations changes its rate for good, found with ``ruptures``.

The model is the one counts call for: violations in a period are Poisson with a rate per unit of
exposure (post-days of observation, or days when some period has no post active), constant between
change points. The cost of a segment is its Poisson deviance at its own rate (twice the negative
log-likelihood, dropping the terms no segmentation changes)::

    cost(segment) = 2 * (Y - Y * log(Y / E))    Y: its violations, E: its exposure

and PELT (exact, with pruning) minimises the sum of the costs plus a penalty per change point. The
penalty is the BIC's, ``2 * log(n)`` for ``n`` periods: each change point adds two parameters (where it
falls and the new rate). A segment is at least ``min_size`` periods long (four weeks of days, two weeks,
two months): a change point marks a new regime; a single day's burst is the early-warning rule's business
(:mod:`truce.report.trends.warning`), not a regime.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

__all__ = ["MIN_SIZE", "ChangePoint", "bic_penalty", "change_points"]

#: The shortest segment, in periods: about four weeks whatever the period.
MIN_SIZE = {"day": 28, "week": 4, "month": 2}


@dataclass(frozen=True)
class ChangePoint:
    """The first day of a new regime, with the rates (violations per unit of exposure) on each side."""

    day: date
    index: int  # the period it starts
    before: float
    after: float


def bic_penalty(n: int) -> float:
    """The BIC penalty for one change point in ``n`` periods: two parameters, ``log(n)`` each.

    >>> round(bic_penalty(1311), 2)
    14.36
    """
    return 2 * math.log(max(n, 2))


def _deviance(total: float, exposure: float) -> float:
    if total <= 0:
        return 0.0
    return 2 * (total - total * math.log(total / exposure))


def _cost_class():  # type: ignore[no-untyped-def]
    """The Poisson cost as a ``ruptures`` cost class (``ruptures`` imported only when asked for)."""
    from ruptures.base import BaseCost

    class PoissonCost(BaseCost):
        """Poisson deviance of a segment of counts with exposures (column 0 counts, column 1 exposure)."""

        model = "poisson"
        min_size = 1

        def fit(self, signal: np.ndarray) -> PoissonCost:
            self.signal = signal
            self.counts = np.concatenate([[0.0], np.cumsum(signal[:, 0])])
            self.exposure = np.concatenate([[0.0], np.cumsum(signal[:, 1])])
            return self

        def error(self, start: int, end: int) -> float:
            total = float(self.counts[end] - self.counts[start])
            return _deviance(total, float(self.exposure[end] - self.exposure[start]))

    return PoissonCost()


def change_points(
    counts: Sequence[int],
    exposure: Sequence[float],
    starts: Sequence[date],
    *,
    min_size: int = 1,
    penalty: float | None = None,
) -> list[ChangePoint]:
    """The change points of a series of counts (one per period starting on ``starts``), by PELT with the
    Poisson cost; ``penalty`` defaults to :func:`bic_penalty`.

    >>> from datetime import timedelta
    >>> days = [date(2022, 1, 1) + timedelta(days=n) for n in range(60)]
    >>> quiet_then_busy = [0, 0, 1, 0, 0] * 6 + [2, 3, 2, 4, 3] * 6
    >>> [c.day.isoformat() for c in change_points(quiet_then_busy, [1] * 60, days, min_size=5)]
    ['2022-01-31']
    """
    n = len(counts)
    if not n == len(exposure) == len(starts):
        raise ValueError("counts, exposure and starts must have the same length")
    if any(e <= 0 for e in exposure):
        raise ValueError("every period needs a positive exposure")
    size = max(1, min_size)
    if n < 2 * size or sum(counts) == 0:
        return []
    import ruptures

    signal = np.column_stack([np.asarray(counts, dtype=float), np.asarray(exposure, dtype=float)])
    found = ruptures.Pelt(custom_cost=_cost_class(), min_size=size, jump=1).fit(signal)
    ends = found.predict(pen=bic_penalty(n) if penalty is None else penalty)
    bounds = [0, *ends]
    rates = [float(signal[a:b, 0].sum() / signal[a:b, 1].sum()) for a, b in itertools.pairwise(bounds)]
    return [ChangePoint(starts[index], index, rates[k], rates[k + 1]) for k, index in enumerate(bounds[1:-1])]
