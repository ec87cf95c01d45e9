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

from reportgen.briefing import english
from reportgen.briefing.arabic import count_phrase, format_number, month_label, short_month_label
from reportgen.briefing.fonts import CACHE_VERSION, read_verified, write_verified
from reportgen.briefing.fonts import FONT_DIR as FONTS_DIR
from reportgen.briefing.vocabulary import POPULATION_GROUPS
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
ARCHIVE_MONTHS = 120
"""The archive chart's longest span: ten years of bars stay legible."""
CASUALTY_CATEGORIES = {
    "military_killed": "قتلى عسكريون",
    "military_wounded": "جرحى عسكريون",
    "civilian_killed": "قتلى مدنيون",
    "civilian_wounded": "جرحى مدنيون",
}
CASUALTY_CATEGORIES_EN = {
    "military_killed": "Military killed",
    "military_wounded": "Military wounded",
    "civilian_killed": "Civilians killed",
    "civilian_wounded": "Civilians wounded",
}
POPULATION_GROUPS_EN = {
    "iraqi": "Iraqis",
    "syrian": "Syrians",
    "foreign": "Foreigners from other countries",
}
NO_DATA = "لا تتوفر بيانات"
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


def _month_tick(key: str, with_year: bool, digits: Digits, en: bool = False) -> str:
    if en:
        name, year = english.short_month_label(key), key[:4]
        return f"{name}\n{year}" if with_year else name
    name, year = short_month_label(key, digits).rsplit(" ", 1)
    return f"{name}\n{year}" if with_year else name


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
    ticks = [
        _month_tick(key, i == 0 or key.endswith("-01"), b.digits, b.en)
        for i, key in enumerate(months)
    ]
    _columns(ax, series, ticks, b)
    for key, label in zip(months, ax.get_xticklabels(), strict=True):
        label.set_fontweight("bold" if key == b.month else "normal")


@dataclass(frozen=True)
class _Briefing:
    month: str
    digits: Digits
    palette: Palette
    lang: str = "ar"
    """"en" draws the English edition's charts: English words, left to right."""

    @property
    def en(self) -> bool:
        return self.lang == "en"

    def when(self, month: str | None = None) -> str:
        if self.en:
            return english.month_label(month or self.month)
        return month_label(month or self.month, self.digits)

    def months_phrase(self, count: int) -> str:
        """«12 شهراً», «3 أشهر», «شهرين»: genitive after «آخر»."""
        if self.en:
            return english.count(count, "month", "months")
        return count_phrase(count, "شهر", self.digits, case="genitive")

    def numbers(self, values: Sequence[int | None]) -> list[str]:
        missing = "no data" if self.en else NO_DATA
        return [missing if v is None else format_number(v, self.digits) for v in values]

    def points(self, labels: Sequence[str], values: Sequence[int | None]) -> str:
        pairs = zip(labels, self.numbers(values), strict=True)
        return ("; " if self.en else "، ").join(f"{label}: {text}" for label, text in pairs)

    def words(self, arabic: str, english_text: str) -> str:
        return english_text if self.en else arabic


def _attacks_trend(table: pd.DataFrame, b: _Briefing) -> _Draft | None:
    summary = _by_month(table)
    months = _trend_months(summary, b.month, ["attacks"])
    if not months:
        return None
    values = [_value(summary, key, "attacks") for key in months]
    colors = [b.palette["primary" if key == b.month else "muted"] for key in months]
    series = [_Bars(b.words("الهجمات المؤكدة", "Confirmed attacks"), values, colors)]
    points = b.points([b.when(key) for key in months], values)
    return _Draft(
        "attacks_trend",
        b.words(
            f"الهجمات المؤكدة شهرياً خلال آخر {b.months_phrase(len(months))}",
            f"Confirmed attacks per month, last {b.months_phrase(len(months))}",
        ),
        b.words(f"عدد الهجمات المؤكدة شهرياً: {points}", f"Confirmed attacks per month: {points}"),
        lambda ax: _month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, b.month, b.digits, b.lang),
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
    points = b.points(labels, values)
    return _Draft(
        "attacks_by_governorate",
        b.words(
            f"الهجمات المؤكدة حسب المحافظة، {b.when()}",
            f"Confirmed attacks by governorate, {b.when()}",
        ),
        b.words(
            f"عدد الهجمات المؤكدة حسب المحافظة في {b.when()}: {points}",
            f"Confirmed attacks by governorate in {b.when()}: {points}",
        ),
        lambda ax: _rows(ax, labels, values, b.palette["secondary"], b),
        ("rows", labels, values, b.palette["secondary"], b.digits, b.lang),
        lang=b.lang,
    )


def _casualties(table: pd.DataFrame, b: _Briefing) -> _Draft | None:
    """This month against the previous calendar month, or alone when that has no figures."""
    summary = _by_month(table)
    current = [_value(summary, b.month, column) for column in CASUALTY_CATEGORIES]
    if all(v is None for v in current):
        return None
    before = _month_before(b.month)
    previous = [_value(summary, before, column) for column in CASUALTY_CATEGORIES]
    categories = list((CASUALTY_CATEGORIES_EN if b.en else CASUALTY_CATEGORIES).values())
    series = [_Bars(b.when(), current, b.palette["primary"])]
    alt = b.words(
        f"القتلى والجرحى حسب الفئة في {b.when()}: {b.points(categories, current)}",
        f"Killed and wounded by category in {b.when()}: {b.points(categories, current)}",
    )
    if any(v is not None for v in previous):
        series.insert(0, _Bars(b.when(before), previous, b.palette["muted"]))
        pairs = zip(categories, b.numbers(current), b.numbers(previous), strict=True)
        if b.en:
            versus = "; ".join(f"{c}: {now} against {old}" for c, now, old in pairs)
            alt = f"Killed and wounded by category in {b.when()} against {b.when(before)}: {versus}"
        else:
            versus = "، ".join(f"{c}: {now} مقابل {old}" for c, now, old in pairs)
            alt = f"القتلى والجرحى حسب الفئة في {b.when()} مقارنةً بشهر {b.when(before)}: {versus}"
    return _Draft(
        "casualties",
        b.words(
            f"القتلى والجرحى حسب الفئة، {b.when()}", f"Killed and wounded by category, {b.when()}"
        ),
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
        _Bars(b.words("المداهمات", "Raids"), raids, b.palette["secondary"]),
        _Bars(b.words("المعتقلون", "Detained"), detained, b.palette["muted"]),
    ]
    pairs = zip(months, b.numbers(raids), b.numbers(detained), strict=True)
    if b.en:
        points = "; ".join(f"{b.when(key)}: raids {r}, detained {d}" for key, r, d in pairs)
    else:
        points = "؛ ".join(f"{b.when(key)}: المداهمات {r}، المعتقلون {d}" for key, r, d in pairs)
    return _Draft(
        "raids_trend",
        b.words(
            f"المداهمات والمعتقلون شهرياً خلال آخر {b.months_phrase(len(months))}",
            f"Raids and people detained per month, last {b.months_phrase(len(months))}",
        ),
        b.words(f"المداهمات والمعتقلون شهرياً: {points}", f"Raids and detained per month: {points}"),
        lambda ax: _month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, b.month, b.digits, b.lang),
        lang=b.lang,
    )


def _camp_population(camps: pd.DataFrame, b: _Briefing) -> _Draft | None:
    """The camps that report the full breakdown, summed by group."""
    if camps.empty:
        return None
    rows = camps[camps["month"] == b.month].dropna(subset=list(POPULATION_GROUPS))
    if rows.empty:
        return None
    labels = list((POPULATION_GROUPS_EN if b.en else POPULATION_GROUPS).values())
    values = [int(rows[column].sum()) for column in POPULATION_GROUPS]
    total = f"{b.words('المجموع', 'Total')}: {format_number(sum(values), b.digits)}"

    def draw(ax: Axes) -> None:
        _rows(ax, labels, values, b.palette["secondary"], b)
        x, ha = (1 - RIGHT_EDGE, "left") if b.en else (RIGHT_EDGE, "right")
        ax.text(x, 1.02, _shape(total), transform=_above_plot(ax), ha=ha, va="bottom")

    if b.en:
        names = ", ".join(str(english.name(n)) for n in rows["name"].astype(str))
        title = f"Camp population by nationality, {b.when()}"
        alt = f"Camp population ({names}) by nationality in {b.when()}: "
        return _Draft(
            "camp_population",
            title,
            alt + f"{b.points(labels, values)}; {total}",
            draw,
            ("rows_total", labels, values, b.palette["secondary"], b.digits, total, b.lang),
            lang="en",
        )
    names = "، ".join(rows["name"].astype(str))
    return _Draft(
        "camp_population",
        f"سكان المخيمات حسب الجنسية، {b.when()}",
        f"سكان المخيمات ({names}) حسب الجنسية في {b.when()}: {b.points(labels, values)}، {total}",
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

    def draw(ax: Axes) -> None:
        _month_columns(ax, [_Bars("الهجمات المؤكدة", values, colors)], months, b)
        labels = ax.get_xticklabels()
        for index, label in enumerate(labels):
            if (len(months) - 1 - index) % every:
                label.set_visible(False)

    return _Draft(
        "attacks_history",
        f"الهجمات المؤكدة شهرياً منذ {b.when(months[0])}",
        f"عدد الهجمات المؤكدة شهرياً: {b.points([b.when(key) for key in months], values)}",
        draw,
        ("history", values, colors, months, b.month, b.digits, every, b.lang),
        lang=b.lang,
    )


def archive_chart(
    summary: pd.DataFrame,
    month: str,
    digits: Digits = "western",
    palette: Palette | None = None,
    cache: Path | None = None,
    hidden: frozenset[str] = frozenset(),
) -> Chart | None:
    """The archive page's trend of confirmed attacks over all months up to `month`, leaving out
    the `hidden` months entirely."""
    b = _Briefing(month, digits, {**DEFAULT_PALETTE, **(palette or {})})
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
    digits: Digits = "western",
    palette: dict[str, str] | None = None,
    extra: Sequence[_Draft] = (),
    lang: str = "ar",
    cache: Path | None = None,
) -> list[Chart]:
    """The briefing's charts for `month` in the edition `lang`, leaving out those without data;
    `extra` drafts (the map) are drawn first, with them.

    With a `cache` folder, a chart whose figures, palette, language and drawing code are
    unchanged is read from it instead of drawn.
    """
    b = _Briefing(month, digits, {**DEFAULT_PALETTE, **(palette or {})}, lang)
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
    sources = ("charts", "arabic", "english", "maps", "maplabels")
    for source in [*(f"briefing/{name}.py" for name in sources), "input/gazetteer.py"]:
        digest.update((package / source).read_bytes())
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
    return hashlib.sha256(made_from.encode()).hexdigest()[:32]


def _cached(key: str | None, cache: Path | None) -> tuple[bytes, bytes] | None:
    """The PNG and SVG stored under `key`, or None unless both are there and verified."""
    if cache is None or key is None:
        return None
    png, svg = read_verified(cache / f"{key}.png"), read_verified(cache / f"{key}.svg")
    return None if png is None or svg is None else (png, svg)


def _store(key: str | None, chart: Chart, cache: Path | None) -> None:
    if cache is not None and key is not None:
        write_verified(cache / f"{key}.png", chart.png)
        write_verified(cache / f"{key}.svg", chart.svg)


def _rendered_all(drafts: list[_Draft], palette: Palette, cache: Path | None = None) -> list[Chart]:
    """Every draft from the cache, or drawn (and cached) when its key is not there."""
    keys = [chart_key(draft, palette) for draft in drafts]
    found: list[tuple[bytes, bytes] | None] = [_cached(key, cache) for key in keys]
    missing = [index for index, hit in enumerate(found) if hit is None]
    drawn = _drawn_all([drafts[index] for index in missing], palette)
    for index, chart in zip(missing, drawn, strict=True):
        _store(keys[index], chart, cache)
        found[index] = (chart.png, chart.svg)
    return [
        Chart(draft.id, draft.title, draft.alt, hit[1], hit[0])
        for draft, hit in zip(drafts, found, strict=True)
        if hit is not None
    ]


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
    return Chart(draft.id, draft.title, draft.alt, svg, png)


def _rgb_png(fig: Figure, level: int = 6) -> bytes:
    """The figure at `PNG_DPI` as an RGB PNG: the page is white, and an alpha channel would make
    WeasyPrint split every chart into colour and mask images when it writes the PDF."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = FigureCanvasAgg(fig)
    fig.set_dpi(PNG_DPI)
    canvas.draw()
    image = Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(PNG_DPI, PNG_DPI), compress_level=level)
    return buffer.getvalue()


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
