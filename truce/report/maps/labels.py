"""Placing labels so that no two overlap: each label, in the order of its priority, takes the first of its
candidate positions that overlaps no label placed before it and no obstacle (a symbol), and lies inside
its bounds; a label with no such position is dropped, and said to be.

The candidates around a point follow the cartographer's order of preference (Imhof): above right, below
right, above left, below left, right, left, above, below; first close to the point, then past a symbol
that may sit on it. The HTML map runs the same rule in its script, at every zoom.

Boxes are in any one unit with y up (display pixels when drawn).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["AROUND", "Box", "place"]

#: The candidate positions around a point, in preference order: (dx, dy) as multiples of the distance
#: from the point, and the label's alignment there (horizontal, vertical).
AROUND = (
    (0.7, 0.7, "left", "bottom"),
    (0.7, -0.7, "left", "top"),
    (-0.7, 0.7, "right", "bottom"),
    (-0.7, -0.7, "right", "top"),
    (1.0, 0.0, "left", "center"),
    (-1.0, 0.0, "right", "center"),
    (0.0, 1.0, "center", "bottom"),
    (0.0, -1.0, "center", "top"),
)


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Box, gap: float = 0.0) -> bool:
        """Whether the boxes share any area, or come closer than ``gap``.

        >>> Box(0, 0, 10, 5).overlaps(Box(10, 0, 20, 5)), Box(0, 0, 10, 5).overlaps(Box(9, 4, 20, 9))
        (False, True)
        >>> Box(0, 0, 10, 5).overlaps(Box(11, 0, 20, 5), gap=2)
        True
        """
        return (
            self.x0 < other.x1 + gap
            and other.x0 < self.x1 + gap
            and self.y0 < other.y1 + gap
            and other.y0 < self.y1 + gap
        )

    def inside(self, other: Box) -> bool:
        return other.x0 <= self.x0 and self.x1 <= other.x1 and other.y0 <= self.y0 and self.y1 <= other.y1


def place(
    candidates: Sequence[Sequence[Box]],
    obstacles: Sequence[Box] = (),
    bounds: Sequence[Box | None] | None = None,
    gap: float = 1.0,
) -> list[int | None]:
    """For each label (in priority order, most important first), the index of the candidate box it takes,
    or None when every candidate overlaps a label placed before it or an obstacle, or leaves its bounds.

    >>> a = [Box(0, 0, 10, 4)]
    >>> b = [Box(5, 0, 15, 4), Box(5, 6, 15, 10)]  # its first place overlaps a: it takes the second
    >>> c = [Box(0, 2, 4, 8)]                      # overlaps both: dropped
    >>> place([a, b, c])
    [0, 1, None]
    >>> place([a], obstacles=[Box(2, 2, 3, 3)]), place([a], bounds=[Box(0, 0, 8, 8)])
    ([None], [None])
    """
    taken: list[Box] = []
    chosen: list[int | None] = []
    for n, boxes in enumerate(candidates):
        limit = bounds[n] if bounds is not None else None
        found = None
        for k, box in enumerate(boxes):
            if limit is not None and not box.inside(limit):
                continue
            if any(box.overlaps(o) for o in obstacles) or any(box.overlaps(t, gap) for t in taken):
                continue
            found = k
            break
        chosen.append(found)
        if found is not None:
            taken.append(boxes[found])
    return chosen
