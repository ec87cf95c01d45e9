"""The month on a map: where the attacks and raids happened, over the governorates shaded by the
month's confirmed attacks.

This module plans the map (its figures, words and cache key) without matplotlib; mapdraw.py
draws it, and is imported only when a map is drawn rather than found in the chart cache.
Governorate shading comes from the same dataset table as the per-governorate chart, markers from
the month's records placed by `gazetteer.locate`, so a test can hold the two to each other.
"""

from __future__ import annotations

import base64
import functools
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reportgen.briefing import arabic
from reportgen.briefing.chartdraw import chart_style, rendered_chart
from reportgen.briefing.charts import DEFAULT_PALETTE, Chart, Draft
from reportgen.briefing.voices.base import MapWords
from reportgen.input.gazetteer import Position, locate, places
from reportgen.input.outlines import containing
from reportgen.input.records import Digits, Month, Project

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MAP_ID = "map"
EXTENT = (36.45, 42.55, 33.95, 37.45)
"""lon min, lon max, lat min, lat max: the four north-eastern governorates and a margin."""
MARGIN = 0.3
"""Degrees kept around the governorate of a marker that lies outside `EXTENT`."""
RAID_SIZE = 5.5
LICENCES = ("CC BY-IGO 3.0", "CC BY 4.0")
"""The licence names in the credit line, which print as one left-to-right run each."""
RAID_COLOUR = "#2f3e4c"
LAND = {"neighbour": "#eef0f2", "syria": "#e1e4e7", "edge": "#ffffff", "border": "#9aa3ab"}
WATER = "#7fb0d3"
SHADES = ("#f7f1e3", "#cf9a55")
GOVERNORATE_TEXT = "#5a4a36"
KINDS = ("confirmed", "unconfirmed", "raid")
LABEL_SIZE = 8.5


@dataclass(frozen=True)
class Layout:
    """One width of the map: the same extent and the same type sizes in points on a wider or a
    narrower figure, so that its words read at the same size wherever it is shown at its width."""

    width_in: float
    legend_columns: int | None
    """None: the legend on one row; else in this many columns."""
    label_scale: float = 1.0
    """The names' size (governorates, countries, places) against the wide map's."""


WIDE = Layout(16 / 2.54, None)
"""The PDF's (16 cm), a desktop's and the email's map."""
NARROW = Layout(3.6, 2, 0.9)
"""A phone's map, shown about 355 CSS pixels wide: 1.37 pixels a point, about the scale of the
wide map at 640 pixels; places are named at 7.65 pt (10.5 pixels), so that the busy stretch of
the Euphrates keeps its names, and the numbers in markers stay 9 pixels high."""


@dataclass(frozen=True)
class Marker:
    """Events of one kind at one position: `kind` is confirmed, unconfirmed or raid."""

    kind: str
    position: Position
    count: int


@dataclass(frozen=True)
class MonthMap:
    """The map of one month before it is drawn, and the figures it shows. `draft` is drawn with
    the charts (chart_drafts(extra=…)), in their worker processes when they have them."""

    draft: Draft
    counts: dict[str, int]
    """Confirmed attacks per governorate key: what the shading shows."""
    markers: tuple[Marker, ...]
    attribution: str
    title: str


def confirmed_by_governorate(attacks: pd.DataFrame, month: str) -> dict[str, int]:
    """Confirmed attacks of `month` per governorate key, from the dataset's attacks table."""
    if attacks.empty:
        return {}
    rows = attacks[(attacks["month"] == month) & attacks["confirmed"].astype(bool)]
    return {str(k): int(n) for k, n in rows.groupby("governorate").size().items()}


def markers(project: Project, month: Month, words: MapWords | None = None) -> tuple[Marker, ...]:
    """The month's attacks and raids, grouped where several of a kind share a position; each
    labelled in the words of `words` (as written, without)."""
    known = places(project.places)
    counted: Counter[tuple[str, Position]] = Counter()
    for event in (*month.attacks, *month.raids):
        kind = "raid" if not hasattr(event, "confirmed") else _attack_kind(event.confirmed)
        governorate = project.governorates[event.governorate]
        position = locate(event.location, event.lat, event.lon, governorate, known)
        if words is not None and position.label:
            label = words.place(position.label, event.location_en, event.governorate)
            position = replace(position, label=label)
        counted[kind, position] += 1
    order = {kind: i for i, kind in enumerate(KINDS)}
    found = [Marker(kind, position, n) for (kind, position), n in counted.items()]
    return tuple(sorted(found, key=lambda m: (order[m.kind], -m.count, m.position.lon)))


def _attack_kind(confirmed: bool) -> str:
    return "confirmed" if confirmed else "unconfirmed"


def plan_map(
    project: Project,
    attacks: pd.DataFrame,
    month: str,
    words: MapWords,
    palette: dict[str, str] | None = None,
) -> MonthMap | None:
    """The month's map in the words of an edition, ready to draw, or None for a month without
    attacks or raids."""
    m = project.months[month]
    if not m.attacks and not m.raids:
        return None
    counts = confirmed_by_governorate(attacks, month)
    found = markers(project, m, words)
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    drawing = MapSpec(project, counts, found, colours, words)
    shown = (sorted(counts.items()), found, sorted(colours.items()), words.digits, words.code)
    drawn_words = (words.legend, words.scale_title, words.kilometres, words.rtl)
    named = [(key, words.governorate(key)) for key in sorted(project.governorates)]
    data = ("map", *shown, drawn_words, named, sorted(project.governorates.items()))
    draft = Draft(
        MAP_ID,
        words.title,
        _alt(words, counts, found),
        draw=_no_axes,
        figure=functools.partial(_figure, drawing, WIDE),
        narrow=functools.partial(_figure, drawing, NARROW),
        prepare=_prepare,
        png_level=1,
        data=data,
        lang=words.code,
    )
    return MonthMap(draft, counts, found, words.attribution, words.title)


def extent(found: Sequence[Marker]) -> tuple[float, float, float, float]:
    """`EXTENT`, grown to take in every marker and the governorate it lies in: an event the data
    export places outside the four governorates (one in another governorate of governorates.yaml)
    is drawn too, with its governorate around it."""
    lon0, lon1, lat0, lat1 = EXTENT
    for marker in found:
        lon, lat = marker.position.lon, marker.position.lat
        if lon0 <= lon <= lon1 and lat0 <= lat <= lat1:
            continue
        outline = containing(lat, lon)
        west, east, south, north = (
            (outline.west, outline.east, outline.south, outline.north)
            if outline
            else (lon, lon, lat, lat)
        )
        lon0, lon1 = min(lon0, west - MARGIN), max(lon1, east + MARGIN)
        lat0, lat1 = min(lat0, south - MARGIN), max(lat1, north + MARGIN)
    return lon0, lon1, lat0, lat1


@dataclass(frozen=True)
class MapSpec:
    """What one month's map shows, as `mapdraw.Drawing` draws it."""

    project: Project
    counts: dict[str, int]
    found: Sequence[Marker]
    colours: dict[str, str]
    words: MapWords


def _figure(spec: MapSpec, layout: Layout) -> Figure:
    from reportgen.briefing.mapdraw import Drawing

    return Drawing(spec).figure(layout)


def _prepare() -> None:
    """Read the shipped geometry before the chart workers are forked, so they inherit it."""
    from reportgen.briefing.mapdraw import layers

    layers()


def draw_map(month_map: MonthMap, palette: dict[str, str] | None = None) -> Chart:
    """The map drawn on its own (the build draws it with the charts instead)."""
    with chart_style({**DEFAULT_PALETTE, **(palette or {})}):
        return rendered_chart(month_map.draft)


def page_uri(chart: Chart) -> str:
    """The map as the page embeds it: a JPEG (quality 95) made from the PNG. WeasyPrint copies a
    JPEG into the PDF as it is, where it decodes and recompresses a PNG (0.04 s against 0.15 s
    here); the flat colours and text show no visible artefacts at this quality."""
    return _jpeg_uri(chart.png)


def page_images(chart: Chart) -> dict[str, str]:
    """What the page's map figure shows besides its alt text and credit: the wide map (`uri`,
    for print and wide screens), the phone's (`narrow_uri`, below 40rem) and the title as a
    `caption` in HTML, since neither image draws it."""
    images = {"uri": page_uri(chart), "caption": chart.title}
    if chart.narrow:
        images["narrow_uri"] = "data:image/png;base64," + base64.b64encode(chart.narrow).decode()
    return images


def _jpeg_uri(png: bytes) -> str:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=95)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _no_axes(_ax: Axes) -> None:
    raise AssertionError("the map draws its own figure")


def _number(value: int, digits: Digits) -> str:
    return arabic.format_number(value, digits)


def _alt(words: MapWords, counts: dict[str, int], found: Sequence[Marker]) -> str:
    digits = words.digits
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shading = words.separator.join(
        f"{words.governorate(k)}: {_number(n, digits)}" for k, n in ranked
    )
    totals = {kind: sum(m.count for m in found if m.kind == kind) for kind in KINDS}
    return words.alt.format(
        title=words.title,
        shading=shading or words.none,
        unconfirmed=_number(totals["unconfirmed"], digits),
        raids=_number(totals["raid"], digits),
    )
