"""The briefing's charts: what each shows (its figures, title and alt text in the edition's words)
as drafts, drawn by `chartdraw` and kept by `chartcache`; as SVG and PNG.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.briefing import chartcache
from reportgen.briefing.arabic import format_number
from reportgen.briefing.chartdraw import (
    RIGHT_EDGE,
    Chart,
    Draft,
    Palette,
    above_plot,
    draw_columns,
    draw_month_columns,
    draw_rows,
    shaped,
)
from reportgen.briefing.voices.base import ChartWords
from reportgen.files import write_atomic
from reportgen.input.records import TREND_MONTHS, Digits

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

DEFAULT_PALETTE = {
    "primary": "#8b1e1e",
    "secondary": "#4a6274",
    "muted": "#b9c0c7",
    "text": "#222222",
    "grid": "#e3e6ea",
}
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


def _month_before(month: str, count: int = 1) -> str:
    year, number = map(int, month.split("-"))
    index = year * 12 + number - 1 - count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


Figures = dict[str, dict[str, Any]]
"""The summary table's rows by month: looked up a few hundred times a build, cheaper than pandas."""


def _by_month(summary: pd.DataFrame) -> Figures:
    return {row["month"]: row for row in summary.to_dict("records")}


def _value(figures: Figures, month: str, column: str) -> int | None:
    value = figures.get(month, {}).get(column)
    import pandas as pd

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


def _attacks_trend(table: pd.DataFrame, b: _Briefing) -> Draft | None:
    summary = _by_month(table)
    months = _trend_months(summary, b.month, ["attacks"])
    if not months:
        return None
    values = [_value(summary, key, "attacks") for key in months]
    colors = [b.palette["primary" if key == b.month else "muted"] for key in months]
    series = [_Bars(b.series("confirmed_attacks"), values, colors)]
    points = b.points([b.when(key) for key in months], values)
    ticks = [b.words.tick(key, i == 0 or key.endswith("-01")) for i, key in enumerate(months)]
    return Draft(
        "attacks_trend",
        b.title("attacks_trend", months=b.words.months(len(months))),
        b.alt("attacks_trend", points=points),
        lambda ax: draw_month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, ticks, b.month, b.digits, b.lang),
        lang=b.lang,
    )


def _series_data(series: Sequence[_Bars]) -> list[tuple[str, list[int | None], str | list[str]]]:
    return [(bars.label, bars.values, bars.color) for bars in series]


def _attacks_by_governorate(
    attacks: pd.DataFrame, names: dict[str, str], b: _Briefing
) -> Draft | None:
    if attacks.empty:
        return None
    confirmed = attacks[(attacks["month"] == b.month) & attacks["confirmed"].astype(bool)]
    counts = confirmed["governorate"].map(lambda key: names.get(key, key)).value_counts()
    ranked = sorted(((name, int(n)) for name, n in counts.items()), key=lambda p: (-p[1], p[0]))
    if not ranked:
        return None
    labels, values = [name for name, _ in ranked], [n for _, n in ranked]
    return Draft(
        "attacks_by_governorate",
        b.title("attacks_by_governorate", when=b.when()),
        b.alt("attacks_by_governorate", when=b.when(), points=b.points(labels, values)),
        lambda ax: draw_rows(ax, labels, values, b.palette["secondary"], b),
        ("rows", labels, values, b.palette["secondary"], b.digits, b.lang),
        lang=b.lang,
    )


def _casualties(table: pd.DataFrame, b: _Briefing) -> Draft | None:
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
    return Draft(
        "casualties",
        b.title("casualties", when=b.when()),
        alt,
        lambda ax: draw_columns(ax, series, categories, b),
        ("columns", _series_data(series), categories, b.digits, b.lang),
        lang=b.lang,
    )


def _raids_trend(table: pd.DataFrame, b: _Briefing) -> Draft | None:
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
    return Draft(
        "raids_trend",
        b.title("raids_trend", months=b.words.months(len(months))),
        b.alt("raids_trend", points=points),
        lambda ax: draw_month_columns(ax, series, months, b),
        ("month_columns", _series_data(series), months, ticks, b.month, b.digits, b.lang),
        lang=b.lang,
    )


def _camp_population(camps: pd.DataFrame, b: _Briefing) -> Draft | None:
    """The camps that report the full breakdown, summed by group."""
    if camps.empty:
        return None
    rows = camps[camps["month"] == b.month].dropna(subset=list(POPULATION_GROUPS))
    if rows.empty:
        return None
    labels = [b.series(group) for group in POPULATION_GROUPS]
    values = [int(rows[column].sum()) for column in POPULATION_GROUPS]
    unspecified = _unspecified(rows)
    if unspecified:
        labels.append(b.series("unspecified"))
        values.append(unspecified)
    total = b.alt("total", total=format_number(sum(values), b.digits))

    def draw(ax: Axes) -> None:
        draw_rows(ax, labels, values, b.palette["secondary"], b)
        x, ha = (1 - RIGHT_EDGE, "left") if b.en else (RIGHT_EDGE, "right")
        ax.text(x, 1.02, shaped(total), transform=above_plot(ax), ha=ha, va="bottom")

    names = b.words.separator.join(b.words.name(n) for n in rows["name"].astype(str))
    return Draft(
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


def _unspecified(rows: pd.DataFrame) -> int:
    """The people of unspecified nationality in camps whose total exceeds their three groups
    (`facts.Camp.unspecified`): drawn as a bar of their own, so the chart adds up to the camps'
    population as the key figure and the tables state it."""
    given = rows.dropna(subset=["total"])
    rest = given["total"] - given[list(POPULATION_GROUPS)].sum(axis=1)
    return int(rest[rest > 0].sum())


def _attacks_history(
    summary: pd.DataFrame, b: _Briefing, hidden: frozenset[str] = frozenset()
) -> Draft | None:
    """The months the inputs have, for the archive page, from the first of them within the last
    `ARCHIVE_MONTHS`, without the `hidden` ones (drafts: not even an empty column); long
    histories label quarters only."""
    earliest = _month_before(b.month, ARCHIVE_MONTHS - 1)
    known = summary.loc[(summary["month"] >= earliest) & (summary["month"] <= b.month), "month"]
    if known.empty:
        return None
    import pandas as pd

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
        draw_month_columns(ax, [_Bars(label, values, colors)], months, b)
        labels = ax.get_xticklabels()
        for index, tick in enumerate(labels):
            if (len(months) - 1 - index) % every:
                tick.set_visible(False)

    return Draft(
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
    return chartcache.rendered_all([draft], b.palette, cache)[0]


def chart_drafts(
    summary: pd.DataFrame,
    attacks: pd.DataFrame,
    camps: pd.DataFrame,
    month: str,
    *,
    governorate_names: dict[str, str],
    words: ChartWords,
    palette: dict[str, str],
    extra: Sequence[Draft] = (),
) -> list[Draft]:
    """The briefing's charts for `month` in the words of an edition, ready to draw (with
    `chartcache.rendered_all`, which reads unchanged ones from the cache), leaving out those
    without data; `extra` drafts (the map) first."""
    b = _Briefing(month, words, palette)
    drafts = [
        *extra,
        _attacks_trend(summary, b),
        _attacks_by_governorate(attacks, governorate_names, b),
        _casualties(summary, b),
        _raids_trend(summary, b),
        _camp_population(camps, b),
    ]
    return [draft for draft in drafts if draft is not None]


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
