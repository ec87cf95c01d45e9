"""The map's keys, drawn in the figure's own units so that they keep their size in points on a
wide or a narrow map: the legend of markers, the shading scale and the scale bar. Each returns
the extents (display units) that the place names must avoid."""

from __future__ import annotations

import math
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from reportgen.briefing.arabic import format_number
from reportgen.briefing.chartdraw import shaped
from reportgen.input.records import Digits

MUTED_TEXT = "#8a939b"


def legend(
    fig: Figure, entries: list[tuple[Line2D, str]], columns: int | None, rtl: bool = True
) -> float:
    """The markers' legend under the map, read from the right (`rtl`) or the left: `entries` in
    reading order, on one row or in `columns` columns, or in fewer where the labels are too long
    for the figure's width (a busy month's four keys on a phone's map). Returns its height in
    inches."""
    renderer = fig.canvas.get_renderer()
    for tried in range(columns or len(entries) or 1, 0, -1):
        box = _legend(fig, entries, tried, rtl).get_window_extent(renderer)
        if tried == 1 or box.width <= fig.bbox.width * 0.99:
            return box.height / fig.dpi
        fig.legends[-1].remove()
    raise AssertionError("unreachable")


def _legend(fig: Figure, entries: list[tuple[Line2D, str]], columns: int, rtl: bool):
    rows = math.ceil(len(entries) / columns)
    blank = (Line2D([], [], linestyle="none"), "")
    entries = entries + [blank] * (rows * columns - len(entries))
    # matplotlib fills a legend column by column, from the left: in a right-to-left legend the
    # right-hand column (the first read) comes last.
    order = reversed(range(columns)) if rtl else range(columns)
    ordered = [entry for c in order for entry in entries[c::columns]]
    return fig.legend(
        [handle for handle, _ in ordered],
        [shaped(label) for _, label in ordered],
        loc="lower right" if rtl else "lower left",
        bbox_to_anchor=(0.995, 0) if rtl else (0.005, 0),
        ncols=columns,
        fontsize=7.5,
        frameon=False,
        markerfirst=not rtl,
        handletextpad=0.3,
        labelspacing=0.2,
        columnspacing=1.4,
        borderaxespad=0.2,
    )


def shading_scale(
    ax: Axes,
    top: int,
    shade: Callable[[int], str],
    digits: Digits,
    edge: str,
    markers: list[Bbox],
    title: str,
) -> list[Bbox]:
    """The shading's key: one swatch per count from 0 to the month's highest (5 at most), sized
    in points, at the top left (over Turkey) unless it would cover one of the `markers` (on a
    phone's map that corner is Aleppo's north), else beside the scale bar at the bottom left,
    over Syria's interior, where no event is drawn."""
    steps = sorted({0, top, *range(0, top + 1, max(1, math.ceil(top / 4)))})
    across, high = (side * 72 for side in ax.get_position().size * ax.figure.get_size_inches())
    corners = [(5.5 / across, 1 - 32 / high), (0.71 / 6.1 + 10 / across, 14 / high)]
    for x0, y0 in corners:
        artists, boxes = _shading_scale_at(ax, x0, y0, steps, shade, digits, edge, title)
        if not any(box.overlaps(marker) for box in boxes for marker in markers):
            break
        if (x0, y0) != corners[-1]:
            for artist in artists:
                artist.remove()
    return boxes


def _shading_scale_at(ax, x0, y0, steps, shade, digits, edge, title) -> tuple[list, list[Bbox]]:
    """The key with its swatches' lower left corner at (`x0`, `y0`), in axes fractions: what
    was drawn, and its extents."""
    across, high = (side * 72 for side in ax.get_position().size * ax.figure.get_size_inches())
    widest = max(len(format_number(value, digits)) for value in steps)
    # Each swatch as wide as its number (7 pt digits are ~3.9 pt wide), 11 pt at least.
    w, gap, h = max(11, 3.9 * widest + 1.5) / across, 1.8 / across, 7 / high
    muted = {"transform": ax.transAxes, "color": MUTED_TEXT}
    heading = shaped(title)
    texts = [ax.text(x0, y0 + h + 3.2 / high, heading, fontsize=7.5, va="bottom", **muted)]
    swatches = []
    for i, value in enumerate(steps):
        x = x0 + i * (w + gap)
        swatch = Rectangle((x, y0), w, h, transform=ax.transAxes, fc=shade(value), ec=edge, lw=0.4)
        swatches.append(ax.add_patch(swatch))
        number = shaped(format_number(value, digits))
        texts.append(
            ax.text(x + w / 2, y0 - 2 / high, number, fontsize=7, ha="center", va="top", **muted)
        )
    renderer = ax.figure.canvas.get_renderer()
    corner = ax.transAxes.transform((x0, y0))
    far = ax.transAxes.transform((x0 + len(steps) * (w + gap), y0 + h))
    boxes = [t.get_window_extent(renderer) for t in texts] + [Bbox([corner, far])]
    return [*texts, *swatches], boxes


def scale_bar(ax: Axes, lon0: float, lat0: float, kilometres: str) -> list[Bbox]:
    """50 km along the parallel at the bottom left of a frame starting at (`lon0`, `lat0`),
    labelled `kilometres` («50 كم»)."""
    y = lat0 + 0.12
    length = 50 / (111.32 * math.cos(math.radians(y)))
    x0 = lon0 + 0.15
    x1 = x0 + length
    ax.plot([x0, x1], [y, y], color="#444444", lw=1.2, solid_capstyle="butt")
    for x in (x0, x1):
        ax.plot([x, x], [y - 0.025, y + 0.025], color="#444444", lw=1)
    text = shaped(kilometres)
    label = ax.text((x0 + x1) / 2, y + 0.04, text, ha="center", va="bottom", fontsize=7)
    renderer = ax.figure.canvas.get_renderer()
    ends = ax.transData.transform([(x0, y - 0.03), (x1, y + 0.03)])
    return [label.get_window_extent(renderer), Bbox(ends)]
