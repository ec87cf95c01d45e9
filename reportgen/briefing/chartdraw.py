"""Drawing the charts with matplotlib: the shipped fonts, right-to-left Arabic (or left-to-right)
axes, bars, legends and labels, and the PNG and SVG of a figure.

Every string drawn goes through `shaped`, which depends on how this matplotlib lays out text
(`text_layout`): matplotlib ≥ 3.11 shapes and reorders Arabic itself through libraqm and must be
given logical text; older versions draw characters one by one in the order given, so the text is
reshaped into presentation forms and reordered for display first.
"""

from __future__ import annotations

import functools
import io
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reportgen.briefing.arabic import format_number
from reportgen.briefing.fonts import FONT_DIR as FONTS_DIR
from reportgen.input.records import Digits

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter
    from matplotlib.transforms import Transform

    from reportgen.briefing.charts import _Bars, _Briefing

Palette = dict[str, str]


@dataclass(frozen=True)
class Chart:
    """One chart: `svg` for the document, `png` (same figure) for editors; bytes are stable."""

    id: str
    title: str
    alt: str
    svg: bytes
    png: bytes = field(default=b"", repr=False, compare=False)
    narrow: bytes = field(default=b"", repr=False, compare=False)
    """PNG of the same figure laid out for a phone's width, for drafts that have one (the map)."""


@dataclass(frozen=True)
class Draft:
    """A chart before rendering: `draw` fills the axes it is given."""

    id: str
    title: str
    alt: str
    draw: Callable[[Axes], None]
    data: tuple[Any, ...] = ()
    """Everything `draw` draws besides the title, palette and code: the chart cache's key. A draft
    without it is drawn every time, never cached."""
    figure: Callable[[], Figure] | None = None
    """A whole figure of its own instead (the map), drawn in place of `draw` on a standard one."""
    narrow: Callable[[], Figure] | None = None
    """The same figure laid out for a phone's width, drawn beside it as `Chart.narrow`."""
    png_level: int = 6
    """zlib level of the PNG: the map's PNG is only a copy for editors, so it is written fast."""
    lang: str = "ar"
    """The edition whose words the chart carries: "en" lays it out left to right."""
    prepare: Callable[[], None] | None = None
    """Called before the chart is drawn (in the process that forks the drawing workers), to
    read what every worker would otherwise read again (the map's geometry)."""


FONT_FAMILY = ["Noto Sans Arabic", "Noto Sans"]
FIGSIZE_IN = (16 / 2.54, 9 / 2.54)
PNG_DPI = 200
"""The page shows a chart about 15 cm wide: 200 dpi is ~210 pixels per inch there, print quality."""
NARROW_DPI = 300
"""A phone's rendering (`Draft.narrow`) fills about 355 CSS pixels: 300 dpi gives its 3.6 inches
the 1,080 pixels of a screen with three device pixels per CSS pixel."""
NO_DATA_MARK = "—"
# A multiple of the first font's ascent + descent, which is 2.11 em for Noto Sans Arabic.
TICK_LINESPACING = 0.62
RIGHT_EDGE = 0.99

_style_lock = threading.Lock()


@functools.cache
def text_layout() -> Literal["native", "reshape"]:
    """Whether matplotlib shapes Arabic itself (`text.language` exists since 3.11, with libraqm)."""
    import matplotlib

    return "native" if "text.language" in matplotlib.rcParams else "reshape"


def shaped(text: str) -> str:
    if text_layout() == "native":
        return text
    import arabic_reshaper
    from bidi import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


@functools.cache
def _register_fonts() -> None:
    """Adds the shipped faces ahead of installed ones of the same name.

    matplotlib keeps the first of equally good matches, and a machine may have its own Noto.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        manager.addfont(str(path))
    manager.ttflist.sort(key=lambda entry: Path(entry.fname).parent != FONTS_DIR)


def _rc_params(palette: Palette) -> dict[str, object]:
    params: dict[str, object] = {
        "font.family": FONT_FAMILY,
        "font.size": 10,
        "svg.fonttype": "path",
        "svg.hashsalt": "reportgen-charts",
        **dict.fromkeys(("text.color", "xtick.color", "ytick.color"), palette["text"]),
        "axes.edgecolor": palette["muted"],
        "grid.color": palette["grid"],
        "figure.facecolor": "white",
        "savefig.facecolor": "white",
    }
    if text_layout() == "native":
        params["text.language"] = "ar"
    return params


@contextmanager
def chart_style(palette: Palette) -> Iterator[None]:
    """rcParams are global, and tick labels are created while saving, so hold them until then."""
    import matplotlib

    _register_fonts()
    with _style_lock, matplotlib.rc_context(_rc_params(palette)):
        yield


def _count_formatter(digits: Digits) -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: shaped(format_number(round(value), digits)))


def _frame(ax: Axes, value_axis: Literal["x", "y"], digits: Digits, en: bool = False) -> None:
    """Right-to-left frame: category labels or the value scale on the right (the left in
    English), a light grid."""
    from matplotlib.ticker import MaxNLocator

    for spine in ax.spines.values():
        spine.set_visible(False)
    if not en:
        ax.yaxis.tick_right()
    ax.tick_params(length=0, pad=5)
    ax.set_axisbelow(True)
    if value_axis == "y":
        ax.spines["bottom"].set_visible(True)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], integer=True))
        ax.yaxis.set_major_formatter(_count_formatter(digits))
        ax.grid(axis="y", linewidth=0.6)
        ax.margins(y=0.12)
        ax.set_ylim(0, max(1, ax.get_ylim()[1]))
    else:
        ax.spines["left" if en else "right"].set_visible(True)
        ax.xaxis.set_visible(False)
        ax.margins(x=0.14)


def _label_bars(ax: Axes, bars, values: Sequence[int | None], digits: Digits, size: float) -> None:
    """Value labels at the bar ends, a dash where a month has no figure (so it is not read as 0).

    Called after inverting the axes, which bar_label reads. Above vertical bars the labels sit on
    their baseline: bar_label's va="bottom" would add Noto Sans Arabic's deep descent to the gap.
    """
    labels = [NO_DATA_MARK if v is None else shaped(format_number(v, digits)) for v in values]
    annotations = ax.bar_label(bars, labels=labels, padding=3, fontsize=size)
    if bars.orientation == "vertical":
        for annotation in annotations:
            annotation.set_verticalalignment("baseline")


def above_plot(ax: Axes) -> Transform:
    """x in figure fractions, to align with the title rather than the plot; y in axes fractions."""
    from matplotlib.transforms import blended_transform_factory

    return blended_transform_factory(ax.get_figure().transFigure, ax.transAxes)


def _legend(ax: Axes, handles: Sequence, labels: Sequence[str], en: bool = False) -> None:
    """Above the plot at the right, first entry rightmost, swatches to the right of their text
    (mirrored in English)."""
    order = list if en else lambda items: list(reversed(items))
    ax.legend(
        order(handles),
        [shaped(label) for label in order(labels)],
        loc="lower left" if en else "lower right",
        bbox_to_anchor=(1 - RIGHT_EDGE if en else RIGHT_EDGE, 1.02),
        bbox_transform=above_plot(ax),
        ncols=len(handles),
        frameon=False,
        markerfirst=en,
        handlelength=1,
        borderaxespad=0,
    )


def draw_columns(ax: Axes, series: Sequence[_Bars], ticks: Sequence[str], b: _Briefing) -> None:
    """Vertical bars, groups ordered from right to left, the first series rightmost in each
    (mirrored in English)."""
    digits = b.digits
    width = 0.8 / len(series) if len(series) > 1 else 0.62
    containers = []
    for index, bars in enumerate(series):
        offset = (index - (len(series) - 1) / 2) * width
        positions = [position + offset for position in range(len(ticks))]
        heights = [v or 0 for v in bars.values]
        containers.append(ax.bar(positions, heights, width=width, color=bars.color))
    _frame(ax, "y", digits, b.en)
    size = 10 if len(ticks) <= 6 else 9
    ax.set_xticks(
        range(len(ticks)), [shaped(t) for t in ticks], fontsize=size, linespacing=TICK_LINESPACING
    )
    if not b.en:
        ax.invert_xaxis()
    label_size = 10 if len(ticks) * len(series) <= 12 else 8.5
    for container, bars in zip(containers, series, strict=True):
        _label_bars(ax, container, bars.values, digits, label_size)
    if len(series) > 1:
        _legend(ax, containers, [bars.label for bars in series], b.en)


def draw_rows(
    ax: Axes, labels: Sequence[str], values: Sequence[int], color: str, b: _Briefing
) -> None:
    """Horizontal bars growing leftwards from their labels on the right (rightwards from the
    left in English), the first on top."""
    bars = ax.barh(range(len(labels)), values, height=0.5, color=color)
    _frame(ax, "x", b.digits, b.en)
    ax.set_yticks(range(len(labels)), [shaped(label) for label in labels], fontsize=11)
    ax.invert_yaxis()
    if not b.en:
        ax.invert_xaxis()
    _label_bars(ax, bars, values, b.digits, 10)


def draw_month_columns(
    ax: Axes, series: Sequence[_Bars], months: Sequence[str], b: _Briefing
) -> None:
    """Months from right (oldest) to left (newest), left to right in English; years under the
    first month and Januaries."""
    ticks = [b.words.tick(key, i == 0 or key.endswith("-01")) for i, key in enumerate(months)]
    draw_columns(ax, series, ticks, b)
    for key, label in zip(months, ax.get_xticklabels(), strict=True):
        label.set_fontweight("bold" if key == b.month else "normal")


def draft_figure(draft: Draft) -> Figure:
    from matplotlib.figure import Figure

    if draft.figure is not None:
        return draft.figure()
    fig = Figure(figsize=FIGSIZE_IN, layout="constrained")
    x, ha = (1 - RIGHT_EDGE, "left") if draft.lang == "en" else (RIGHT_EDGE, "right")
    fig.suptitle(shaped(draft.title), x=x, ha=ha, fontsize=12, fontweight="bold")
    draft.draw(fig.add_subplot())
    return fig


def _saved(fig: Figure, **options: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, **options)
    return buffer.getvalue()


def rendered_chart(draft: Draft) -> Chart:
    """PNG (what the page shows) and SVG (for editors) of one figure, laid out once."""
    if text_layout() == "native" and draft.lang != "ar":
        import matplotlib

        with matplotlib.rc_context({"text.language": draft.lang}):
            return _drawn(draft)
    return _drawn(draft)


def _drawn(draft: Draft) -> Chart:
    fig = draft_figure(draft)
    png = _rgb_png(fig, draft.png_level)
    fig.set_layout_engine("none")
    svg = _saved(fig, format="svg", metadata={"Date": None})
    narrow = _palette_png(draft.narrow()) if draft.narrow else b""
    return Chart(draft.id, draft.title, draft.alt, svg, png, narrow)


def _rgb_png(fig: Figure, level: int = 6) -> bytes:
    """The figure at `PNG_DPI` as an RGB PNG: the page is white, and an alpha channel would make
    WeasyPrint split every chart into colour and mask images when it writes the PDF."""
    image = _rgb_image(fig, PNG_DPI)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI), compress_level=level)
    return buffer.getvalue()


def _palette_png(fig: Figure) -> bytes:
    """The figure at `NARROW_DPI` in 128 colours, for screens only: flat fills and anti-aliased
    text lose nothing visible, and the PNG is a third of a JPEG's size (60 KB for the map)."""
    from PIL import Image

    image = _rgb_image(fig, NARROW_DPI)
    image = image.quantize(128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(NARROW_DPI, NARROW_DPI))
    return buffer.getvalue()


def _rgb_image(fig: Figure, dpi: int):
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(dpi)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
