"""Map labels placed without collisions: each takes the first free position around its point.

Greedy and measured once per label: a label's size comes from one text layout, then candidate
positions (nearest first, in eight directions, at growing distances) are tried as boxes in
display units against everything already drawn; far positions get a leader line, and a label
that fits nowhere is left out rather than drawn over another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.transforms import Bbox

from reportgen.briefing.chartdraw import shaped


@dataclass(frozen=True)
class Label:
    """A name at a lon/lat point: `gap` is the distance in points from the point to the text."""

    text: str
    x: float
    y: float
    size: float
    colour: str
    centred: bool
    """Drawn on its point (areas), else beside it (places)."""
    gap: float


class Placer:
    """Greedy placement: each label takes the first position around its point, nearest first,
    that overlaps nothing already drawn; far positions get a leader line; a label that fits
    nowhere is left out. Sizes are measured once per label and positions tried arithmetically."""

    DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
    RINGS = (1, 2.5, 4.5, 7)

    def __init__(self, ax, obstacles: Iterable[Bbox]):
        self.ax = ax
        self.taken = _Boxes(obstacles)
        self.renderer = ax.figure.canvas.get_renderer()
        self.frame = ax.get_window_extent(self.renderer)
        self.points = ax.figure.dpi / 72

    def place(self, labels: Iterable[Label]) -> None:
        for label in labels:
            size = self._measure(label)
            for dx, dy in self._options(label):
                box = self._box(label, size, dx, dy)
                inside = self.frame.contains(box.x0, box.y0) and self.frame.contains(box.x1, box.y1)
                if inside and not self.taken.overlap(box):
                    self.taken.add(box)
                    self._draw(label, dx, dy, box)
                    break

    def _options(self, label: Label) -> list[tuple[float, float]]:
        if label.centred:
            return [(0, 0), (0, 1.5), (0, -1.5), (1.5, 0), (-1.5, 0)]
        return [(a * r, b * r) for r in self.RINGS for a, b in self.DIRECTIONS]

    def _measure(self, label: Label) -> tuple[float, float]:
        text = self.ax.text(0, 0, shaped(label.text), **self._font(label))
        extent = text.get_window_extent(self.renderer)
        text.remove()
        return extent.width, extent.height

    @staticmethod
    def _font(label: Label) -> dict[str, Any]:
        weight = "bold" if label.centred else "normal"
        return {"fontsize": label.size, "color": label.colour, "fontweight": weight}

    def _box(self, label: Label, size: tuple[float, float], dx: float, dy: float) -> Bbox:
        width, height = size
        px, py = self.ax.transData.transform((label.x, label.y))
        x = px + dx * label.gap * self.points - width * (1 - _side(dx)) / 2
        y = py + dy * label.gap * self.points - height * (1 - _side(dy)) / 2
        return Bbox.from_bounds(x, y, width, height).padded(1.5 * self.points)

    def _draw(self, label: Label, dx: float, dy: float, box: Bbox) -> None:
        self.ax.annotate(
            shaped(label.text),
            (label.x, label.y),
            xytext=(dx * label.gap, dy * label.gap),
            textcoords="offset points",
            ha={1: "left", 0: "center", -1: "right"}[_side(dx)],
            va={1: "bottom", 0: "center", -1: "top"}[_side(dy)],
            zorder=6,
            **self._font(label),
        )
        if not label.centred and max(abs(dx), abs(dy)) > 1:
            self._leader(label, box)

    def _leader(self, label: Label, box: Bbox) -> None:
        """A thin line from just outside the point to the nearest edge of its label."""
        px, py = self.ax.transData.transform((label.x, label.y))
        ex, ey = min(max(px, box.x0), box.x1), min(max(py, box.y0), box.y1)
        length = math.hypot(ex - px, ey - py)
        start = 4 * self.points / length if length else 0
        sx, sy = px + (ex - px) * start, py + (ey - py) * start
        ends = self.ax.transData.inverted().transform([(sx, sy), (ex, ey)])
        self.ax.plot(ends[:, 0], ends[:, 1], color="#666666", lw=0.5, zorder=5)


class _Boxes:
    """Boxes already drawn, compared with a candidate all at once (a busy month's map tries
    thousands of positions against hundreds of markers): `Bbox.overlaps` over an array."""

    def __init__(self, boxes: Iterable[Bbox]):
        self._extents = np.empty((64, 4))
        self._count = 0
        for box in boxes:
            self.add(box)

    def add(self, box: Bbox) -> None:
        if self._count == len(self._extents):
            self._extents = np.concatenate([self._extents, np.empty_like(self._extents)])
        x0, y0, x1, y1 = box.extents
        self._extents[self._count] = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        self._count += 1

    def overlap(self, box: Bbox) -> bool:
        """Whether `box` overlaps any of them, edges touching included (as `Bbox.overlaps`)."""
        x0, y0, x1, y1 = box.extents
        x0, x1, y0, y1 = min(x0, x1), max(x0, x1), min(y0, y1), max(y0, y1)
        taken = self._extents[: self._count]
        return bool(
            np.any(
                (taken[:, 0] <= x1)
                & (x0 <= taken[:, 2])
                & (taken[:, 1] <= y1)
                & (y0 <= taken[:, 3])
            )
        )


def _side(offset: float) -> int:
    """1, 0 or -1: where a label lies from its point along one axis."""
    return 0 if offset == 0 else int(math.copysign(1, offset))
