"""The briefing's charts: matplotlib figures with right-to-left Arabic text, as SVG and PNG.

Every string drawn goes through `_shape`, which depends on how this matplotlib lays out text
(`text_layout`): matplotlib ≥ 3.11 shapes and reorders Arabic itself through libraqm and must be
given logical text; older versions draw characters one by one in the order given, so the text is
reshaped into presentation forms and reordered for display first.
"""

from __future__ import annotations

import functools
import hashlib
import io
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from reportgen.briefing.arabic import format_number
from reportgen.briefing.fonts import CACHE_VERSION, read_verified, write_verified
from reportgen.briefing.fonts import FONT_DIR as FONTS_DIR
from reportgen.briefing.voices.base import ChartWords
from reportgen.files import write_atomic
from reportgen.input.records import TREND_MONTHS, Digits
from reportgen.processes import die_with

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter
    from matplotlib.transforms import Transform

FONT_FAMILY = ["Noto Sans Arabic", "Noto Sans"]
DEFAULT_PALETTE = {
    "primary": "#8b1e1e",
    "secondary": "#4a6274",
    "muted": "#b9c0c7",
    "text": "#222222",
    "grid": "#e3e6ea",
}
FIGSIZE_IN = (16 / 2.54, 9 / 2.54)
PNG_DPI = 200
"""The page shows a chart about 15 cm wide: 200 dpi is ~210 pixels per inch there, print quality."""
NARROW_DPI = 300
"""A phone's rendering (`_Draft.narrow`) fills about 355 CSS pixels: 300 dpi gives its 3.6 inches
the 1,080 pixels of a screen with three device pixels per CSS pixel."""
ARCHIVE_MONTHS = 120
"""The archive chart's longest span: ten years of bars stay legible."""
CASUALTY_COLUMNS = (
    "military_killed",
    "military_wounded",
    "civilian_killed",
    "civilian_wounded",
)
"""The casualty chart's categories; those of unknown affiliation join them when there are any."""
UNKNOWN_COLUMNS = ("unknown_killed", "unknown_wounded")
POPULATION_GROUPS = ("iraqi", "syrian", "foreign")
NO_DATA_MARK = "—"
# A multiple of the first font's ascent + descent, which is 2.11 em for Noto Sans Arabic.
TICK_LINESPACING = 0.62
RIGHT_EDGE = 0.99

Palette = dict[str, str]

_style_lock = threading.Lock()


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
class _Draft:
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


@functools.cache
def text_layout() -> Literal["native", "reshape"]:
    """Whether matplotlib shapes Arabic itself (`text.language` exists since 3.11, with libraqm)."""
    import matplotlib

    return "native" if "text.language" in matplotlib.rcParams else "reshape"


def _shape(text: str) -> str:
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
def _chart_style(palette: Palette) -> Iterator[None]:
    """rcParams are global, and tick labels are created while saving, so hold them until then."""
    import matplotlib

    _register_fonts()
    with _style_lock, matplotlib.rc_context(_rc_params(palette)):
        yield


def _count_formatter(digits: Digits) -> FuncFormatter:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _pos: _shape(format_number(round(value), digits)))


def _month_before(month: str, count: int = 1) -> str:
    return str(pd.Period(month, freq="M") - count)


Figures = dict[str, dict[str, Any]]
"""The summary table's rows by month: looked up a few hundred times a build, cheaper than pandas."""


def _by_month(summary: pd.DataFrame) -> Figures:
    return {row["month"]: row for row in summary.to_dict("records")}


def _value(figures: Figures, month: str, column: str) -> int | None:
    value = figures.get(month, {}).get(column)
    return None if value is None or pd.isna(value) else int(value)


def _trend_months(summary: Figures, month: str, columns: Sequence[str]) -> list[str]:
    """The 12-month window from its first month with a figure; empty unless two months have one."""
    months = [_month_before(month, n) for n in range(TREND_MONTHS - 1, -1, -1)]
    known = [any(_value(summary, key, c) is not None for c in columns) for key in months]
    return months[known.index(True) :] if sum(known) >= 2 else []


@dataclass(frozen=True)
class _Bars:
    label: str
    values: list[int | None]
    color: str | list[str]


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
    labels = [NO_DATA_MARK if v is None else _shape(format_number(v, digits)) for v in values]
    annotations = ax.bar_label(bars, labels=labels, padding=3, fontsize=size)
    if bars.orientation == "vertical":
        for annotation in annotations:
            annotation.set_verticalalignment("baseline")


def _above_plot(ax: Axes) -> Transform:
    """x in figure fractions, to align with the title rather than the plot; y in axes fractions."""
    from matplotlib.transforms import blended_transform_factory

    return blended_transform_factory(ax.get_figure().transFigure, ax.transAxes)


def _legend(ax: Axes, handles: Sequence, labels: Sequence[str], en: bool = False) -> None:
    """Above the plot at the right, first entry rightmost, swatches to the right of their text
    (mirrored in English)."""
    order = list if en else lambda items: list(reversed(items))
    ax.legend(
        order(handles),
        [_shape(label) for label in order(labels)],
        loc="lower left" if en else "lower right",
        bbox_to_anchor=(1 - RIGHT_EDGE if en else RIGHT_EDGE, 1.02),
        bbox_transform=_above_plot(ax),
        ncols=len(handles),
        frameon=False,
        markerfirst=en,
        handlelength=1,
        borderaxespad=0,
    )


def _columns(ax: Axes, series: Sequence[_Bars], ticks: Sequence[str], b: _Briefing) -> None:
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
        range(len(ticks)), [_shape(t) for t in ticks], fontsize=size, linespacing=TICK_LINESPACING
    )
    if not b.en:
        ax.invert_xaxis()
    label_size = 10 if len(ticks) * len(series) <= 12 else 8.5
    for container, bars in zip(containers, series, strict=True):
        _label_bars(ax, container, bars.values, digits, label_size)
    if len(series) > 1:
        _legend(ax, containers, [bars.label for bars in series], b.en)


def _rows(ax: Axes, labels: Sequence[str], values: Sequence[int], color: str, b: _Briefing) -> None:
    """Horizontal bars growing leftwards from their labels on the right (rightwards from the
    left in English), the first on top."""
    bars = ax.barh(range(len(labels)), values, height=0.5, color=color)
    _frame(ax, "x", b.digits, b.en)
    ax.set_yticks(range(len(labels)), [_shape(label) for label in labels], fontsize=11)
    ax.invert_yaxis()
    if not b.en:
        ax.invert_xaxis()
    _label_bars(ax, bars, values, b.digits, 10)


def _month_columns(ax: Axes, series: Sequence[_Bars], months: Sequence[str], b: _Briefing) -> None:
    """Months from right (oldest) to left (newest), left to right in English; years under the
    first month and Januaries."""
    ticks = [b.words.tick(key, i == 0 or key.endswith("-01")) for i, key in enumerate(months)]
    _columns(ax, series, ticks, b)
    for key, label in zip(months, ax.get_xticklabels(), strict=True):
        label.set_fontweight("bold" if key == b.month else "normal")


@dataclass(frozen=True)
class _Briefing:
    month: str
    words: ChartWords
    palette: Palette

    @property
    def en(self) -> bool:
        """Whether the chart reads left to right (every edition but the Arabic one)."""
        return not self.words.rtl

    @property
    def digits(self) -> Digits:
        return self.words.digits

    @property
    def lang(self) -> str:
        return self.words.code

    def when(self, month: str | None = None) -> str:
        return self.words.month_label(month or self.month)

    def numbers(self, values: Sequence[int | None]) -> list[str]:
        return [self.words.no_data if v is None else format_number(v, self.digits) for v in values]

    def points(self, labels: Sequence[str], values: Sequence[int | None]) -> str:
        pairs = zip(labels, self.numbers(values), strict=True)
        return self.words.separator.join(f"{label}: {text}" for label, text in pairs)

    def title(self, chart: str, **values: str) -> str:
        return self.words.titles[chart].format(**values)

    def alt(self, text: str, **values: str) -> str:
        return self.words.alts[text].format(**values)

    def series(self, key: str) -> str:
        return self.words.series[key]


def _attacks_trend(table: pd.DataFrame, b: _Briefing) -> _Draft | None:
    summary = _by_month(table)
    months = _trend_months(summary, b.month, ["attacks"])
    if not months:
        return None
    values = [_value(summary, key, "attacks") for key in months]
    colors = [b.palette["primary" if key == b.month else "muted"] for key in months]
    series = [_Bars(b.series("confirmed_attacks"), values, colors)]
    points = b.points([b.when(key) for key in months], values)
    ticks = [b.words.tick(key, i == 0 or key.endswith("-01")) for i, key in enumerate(months)]
    return _Draft(
        "attacks_trend",
        b.title("attacks_trend", months=b.words.months(len(months))),
        b.alt("attacks_trend", points=points),
        lambda ax: _month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, ticks, b.month, b.digits, b.lang),
        lang=b.lang,
    )


def _series_data(series: Sequence[_Bars]) -> list[tuple[str, list[int | None], str | list[str]]]:
    return [(bars.label, bars.values, bars.color) for bars in series]


def _attacks_by_governorate(
    attacks: pd.DataFrame, names: dict[str, str], b: _Briefing
) -> _Draft | None:
    if attacks.empty:
        return None
    confirmed = attacks[(attacks["month"] == b.month) & attacks["confirmed"].astype(bool)]
    counts = confirmed["governorate"].map(lambda key: names.get(key, key)).value_counts()
    ranked = sorted(((name, int(n)) for name, n in counts.items()), key=lambda p: (-p[1], p[0]))
    if not ranked:
        return None
    labels, values = [name for name, _ in ranked], [n for _, n in ranked]
    return _Draft(
        "attacks_by_governorate",
        b.title("attacks_by_governorate", when=b.when()),
        b.alt("attacks_by_governorate", when=b.when(), points=b.points(labels, values)),
        lambda ax: _rows(ax, labels, values, b.palette["secondary"], b),
        ("rows", labels, values, b.palette["secondary"], b.digits, b.lang),
        lang=b.lang,
    )


def _casualties(table: pd.DataFrame, b: _Briefing) -> _Draft | None:
    """This month against the previous calendar month, or alone when that has no figures. People
    of unknown affiliation get their own bars in a month that has some."""
    summary = _by_month(table)
    before = _month_before(b.month)
    columns = list(CASUALTY_COLUMNS)
    if any(_value(summary, month, c) for month in (b.month, before) for c in UNKNOWN_COLUMNS):
        columns += UNKNOWN_COLUMNS
    current = [_value(summary, b.month, column) for column in columns]
    if all(v is None for v in current):
        return None
    previous = [_value(summary, before, column) for column in columns]
    categories = [b.series(column) for column in columns]
    series = [_Bars(b.when(), current, b.palette["primary"])]
    alt = b.alt("casualties", when=b.when(), points=b.points(categories, current))
    if any(v is not None for v in previous):
        series.insert(0, _Bars(b.when(before), previous, b.palette["muted"]))
        pairs = zip(categories, b.numbers(current), b.numbers(previous), strict=True)
        versus = b.words.separator.join(
            b.alt("versus", label=c, now=now, old=old) for c, now, old in pairs
        )
        alt = b.alt("casualties_compared", when=b.when(), before=b.when(before), points=versus)
    return _Draft(
        "casualties",
        b.title("casualties", when=b.when()),
        alt,
        lambda ax: _columns(ax, series, categories, b),
        ("columns", _series_data(series), categories, b.digits, b.lang),
        lang=b.lang,
    )


def _raids_trend(table: pd.DataFrame, b: _Briefing) -> _Draft | None:
    summary = _by_month(table)
    months = _trend_months(summary, b.month, ["raids", "detained"])
    if not months:
        return None
    raids = [_value(summary, key, "raids") for key in months]
    detained = [_value(summary, key, "detained") for key in months]
    series = [
        _Bars(b.series("raids"), raids, b.palette["secondary"]),
        _Bars(b.series("detained"), detained, b.palette["muted"]),
    ]
    pairs = zip(months, b.numbers(raids), b.numbers(detained), strict=True)
    points = b.alt("raids_separator").join(
        b.alt("raids_point", when=b.when(key), raids=r, detained=d) for key, r, d in pairs
    )
    ticks = [b.words.tick(key, i == 0 or key.endswith("-01")) for i, key in enumerate(months)]
    return _Draft(
        "raids_trend",
        b.title("raids_trend", months=b.words.months(len(months))),
        b.alt("raids_trend", points=points),
        lambda ax: _month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, ticks, b.month, b.digits, b.lang),
        lang=b.lang,
    )


def _camp_population(camps: pd.DataFrame, b: _Briefing) -> _Draft | None:
    """The camps that report the full breakdown, summed by group."""
    if camps.empty:
        return None
    rows = camps[camps["month"] == b.month].dropna(subset=list(POPULATION_GROUPS))
    if rows.empty:
        return None
    labels = [b.series(group) for group in POPULATION_GROUPS]
    values = [int(rows[column].sum()) for column in POPULATION_GROUPS]
    total = b.alt("total", total=format_number(sum(values), b.digits))

    def draw(ax: Axes) -> None:
        _rows(ax, labels, values, b.palette["secondary"], b)
        x, ha = (1 - RIGHT_EDGE, "left") if b.en else (RIGHT_EDGE, "right")
        ax.text(x, 1.02, _shape(total), transform=_above_plot(ax), ha=ha, va="bottom")

    names = b.words.separator.join(b.words.name(n) for n in rows["name"].astype(str))
    return _Draft(
        "camp_population",
        b.title("camp_population", when=b.when()),
        b.alt(
            "camp_population",
            names=names,
            when=b.when(),
            points=b.points(labels, values),
            total=total,
        ),
        draw,
        ("rows_total", labels, values, b.palette["secondary"], b.digits, total, b.lang),
        lang=b.lang,
    )


def _attacks_history(
    summary: pd.DataFrame, b: _Briefing, hidden: frozenset[str] = frozenset()
) -> _Draft | None:
    """The months the inputs have, for the archive page, from the first of them within the last
    `ARCHIVE_MONTHS`, without the `hidden` ones (drafts: not even an empty column); long
    histories label quarters only."""
    earliest = _month_before(b.month, ARCHIVE_MONTHS - 1)
    known = summary.loc[(summary["month"] >= earliest) & (summary["month"] <= b.month), "month"]
    if known.empty:
        return None
    months = [str(m) for m in pd.period_range(known.min(), b.month, freq="M")]
    months = [key for key in months if key not in hidden]
    if len(months) < 2:
        return None
    figures = _by_month(summary)
    values = [_value(figures, key, "attacks") for key in months]
    colors = [b.palette["primary" if key == b.month else "muted"] for key in months]
    every = 1 if len(months) <= 12 else 3
    label = b.series("confirmed_attacks")

    def draw(ax: Axes) -> None:
        _month_columns(ax, [_Bars(label, values, colors)], months, b)
        labels = ax.get_xticklabels()
        for index, tick in enumerate(labels):
            if (len(months) - 1 - index) % every:
                tick.set_visible(False)

    return _Draft(
        "attacks_history",
        b.title("attacks_history", when=b.when(months[0])),
        b.alt("attacks_history", points=b.points([b.when(key) for key in months], values)),
        draw,
        ("history", values, colors, months, b.month, b.digits, every, b.lang, label),
        lang=b.lang,
    )


def archive_chart(
    summary: pd.DataFrame,
    month: str,
    words: ChartWords,
    palette: Palette | None = None,
    cache: Path | None = None,
    hidden: frozenset[str] = frozenset(),
) -> Chart | None:
    """The archive page's trend of confirmed attacks over all months up to `month`, leaving out
    the `hidden` months entirely."""
    b = _Briefing(month, words, {**DEFAULT_PALETTE, **(palette or {})})
    draft = _attacks_history(summary, b, hidden)
    if draft is None:
        return None
    return _rendered_all([draft], b.palette, cache)[0]


def _figure(draft: _Draft) -> Figure:
    from matplotlib.figure import Figure

    if draft.figure is not None:
        return draft.figure()
    fig = Figure(figsize=FIGSIZE_IN, layout="constrained")
    x, ha = (1 - RIGHT_EDGE, "left") if draft.lang == "en" else (RIGHT_EDGE, "right")
    fig.suptitle(_shape(draft.title), x=x, ha=ha, fontsize=12, fontweight="bold")
    draft.draw(fig.add_subplot())
    return fig


def _saved(fig: Figure, **options: object) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, **options)
    return buffer.getvalue()


def build_charts(
    summary: pd.DataFrame,
    attacks: pd.DataFrame,
    camps: pd.DataFrame,
    month: str,
    *,
    governorate_names: dict[str, str],
    words: ChartWords,
    palette: dict[str, str] | None = None,
    extra: Sequence[_Draft] = (),
    cache: Path | None = None,
) -> list[Chart]:
    """The briefing's charts for `month` in the words of an edition, leaving out those without
    data; `extra` drafts (the map) are drawn first, with them.

    With a `cache` folder, a chart whose figures, palette, language and drawing code are
    unchanged is read from it instead of drawn.
    """
    b = _Briefing(month, words, {**DEFAULT_PALETTE, **(palette or {})})
    drafts = [
        *extra,
        _attacks_trend(summary, b),
        _attacks_by_governorate(attacks, governorate_names, b),
        _casualties(summary, b),
        _raids_trend(summary, b),
        _camp_population(camps, b),
    ]
    return _rendered_all([draft for draft in drafts if draft is not None], b.palette, cache)


@functools.cache
def code_version() -> str:
    """A hash of what draws the charts and the map besides their figures: their modules,
    `arabic.py` and `english.py` (month names and numbers are formatted while drawing), the
    shipped fonts and map layers, and the versions of matplotlib and the Arabic shaping
    libraries. Part of every key."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    sources = ("charts", "arabic", "english", "maps", "mapkeys", "maplabels")
    placing = ("input/gazetteer.py", "input/outlines.py")
    for source in [*(f"briefing/{name}.py" for name in sources), *placing]:
        digest.update((package / source).read_bytes())
    for path in sorted((package / "briefing" / "voices").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted((package / "assets" / "geo").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("matplotlib", "arabic-reshaper", "python-bidi", "numpy"):
        digest.update(f"{package}={_version(package)}\0".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def chart_key(draft: _Draft, palette: Palette) -> str | None:
    """The cache key of one chart: its figures as drawn, the palette, the code that draws them;
    None for a draft that does not say what it draws (`data`)."""
    if not draft.data:
        return None
    made_from = repr(
        (CACHE_VERSION, code_version(), draft.id, draft.title, draft.data, sorted(palette.items()))
    )
    return hashlib.sha256(made_from.encode()).hexdigest()


def _cached(draft: _Draft, key: str | None, cache: Path | None) -> Chart | None:
    """The chart stored under `key` (PNG, SVG, and the phone's PNG when the draft has one), or
    None unless every file is there and verified as made for this key (each entry names the key
    it was written under, and is read only for it)."""
    if cache is None or key is None:
        return None
    png, svg, narrow = (read_verified(cache / name, name) for name in _entry_names(key))
    if png is None or svg is None or (draft.narrow and narrow is None):
        return None
    return Chart(draft.id, draft.title, draft.alt, svg, png, narrow if draft.narrow else b"")


def _store(key: str | None, chart: Chart, cache: Path | None) -> None:
    if cache is not None and key is not None:
        entries = zip(_entry_names(key), (chart.png, chart.svg, chart.narrow), strict=True)
        for name, data in entries:
            if data:
                write_verified(cache / name, name, data)


def _entry_names(key: str) -> tuple[str, str, str]:
    return f"{key}.png", f"{key}.svg", f"{key}.narrow.png"


def _rendered_all(drafts: list[_Draft], palette: Palette, cache: Path | None = None) -> list[Chart]:
    """Every draft from the cache, or drawn (and cached) when its key is not there."""
    keys = [chart_key(draft, palette) for draft in drafts]
    found = [_cached(draft, key, cache) for draft, key in zip(drafts, keys, strict=True)]
    missing = [index for index, hit in enumerate(found) if hit is None]
    drawn = _drawn_all([drafts[index] for index in missing], palette)
    for index, chart in zip(missing, drawn, strict=True):
        _store(keys[index], chart, cache)
        found[index] = chart
    return [chart for chart in found if chart is not None]


_PENDING: tuple[list[_Draft], Palette] = ([], {})


def _drawn_all(drafts: list[_Draft], palette: Palette) -> list[Chart]:
    """Every draft drawn, in two forked workers when that is safe: the charts are independent,
    and drawing them is the largest cost of a build that is ours rather than WeasyPrint's."""
    if not drafts:
        return []
    if not _can_fork_workers() or len(drafts) < 2:
        with _chart_style(palette):
            return [_rendered(draft) for draft in drafts]
    global _PENDING
    _PENDING = (drafts, palette)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=2, mp_context=context, initializer=die_with, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(_rendered_pending, range(len(drafts))))
    finally:
        _PENDING = ([], {})


def _can_fork_workers() -> bool:
    """Only a single-threaded main process forks (a preview server or a build worker does not)."""
    return (
        (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and multiprocessing.parent_process() is None
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _rendered_pending(index: int) -> Chart:
    drafts, palette = _PENDING
    with _chart_style(palette):
        return _rendered(drafts[index])


def _rendered(draft: _Draft) -> Chart:
    """PNG (what the page shows) and SVG (for editors) of one figure, laid out once."""
    if text_layout() == "native" and draft.lang != "ar":
        import matplotlib

        with matplotlib.rc_context({"text.language": draft.lang}):
            return _drawn(draft)
    return _drawn(draft)


def _drawn(draft: _Draft) -> Chart:
    fig = _figure(draft)
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


def write_charts(charts: list[Chart], out_dir: Path, png: bool = True) -> list[Path]:
    """Writes `<id>.svg` into `out_dir`, and `<id>.png` beside it for editors (atomically)."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for chart in charts:
        files = {".svg": chart.svg, ".png": chart.png} if png else {".svg": chart.svg}
        for suffix, content in files.items():
            if not content:
                raise ValueError(f"chart {chart.id} has no {suffix} rendering")
            written.append(write_atomic(out_dir / f"{chart.id}{suffix}", content))
    return written
