"""The month on a map: where the attacks and raids happened, over the governorates shaded by the
month's confirmed attacks.

Plain matplotlib on lon/lat (an equirectangular frame stretched by 1/cos of its middle latitude,
which is exact enough at this scale); the shipped GeoJSON is read once per process. Governorate
shading comes from the same dataset table as the per-governorate chart, markers from the month's
records placed by `gazetteer.locate`, so a test can hold the two to each other.
"""

from __future__ import annotations

import base64
import functools
import io
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from PIL import Image

from reportgen.briefing import arabic, mapkeys
from reportgen.briefing.chartdraw import chart_style, rendered_chart, shaped
from reportgen.briefing.charts import DEFAULT_PALETTE, Chart, Draft
from reportgen.briefing.mapkeys import MUTED_TEXT
from reportgen.briefing.maplabels import Label, Placer
from reportgen.briefing.voices.base import MapWords
from reportgen.input.gazetteer import Position, locate, places
from reportgen.input.outlines import GEO_DIR, boundaries, containing, pcode_of
from reportgen.input.records import Digits, Month, Project

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
    the charts (build_charts(extra=…)), in their worker processes when they have them."""

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
    _layers()  # read here, so forked chart workers inherit the geometry instead of reading it
    counts = confirmed_by_governorate(attacks, month)
    found = markers(project, m, words)
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    drawing = _Drawing(project, counts, found, colours, words)
    shown = (sorted(counts.items()), found, sorted(colours.items()), words.digits, words.code)
    drawn_words = (words.legend, words.scale_title, words.kilometres, words.rtl)
    named = [(key, words.governorate(key)) for key in sorted(project.governorates)]
    data = ("map", *shown, drawn_words, named, sorted(project.governorates.items()))
    draft = Draft(
        MAP_ID,
        words.title,
        _alt(words, counts, found),
        draw=_no_axes,
        figure=functools.partial(drawing.figure, WIDE),
        narrow=functools.partial(drawing.figure, NARROW),
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


@functools.cache
def _layers() -> dict[str, Any]:
    """Paths of every shape drawn, made once per process from the shipped GeoJSON."""
    neighbours = json.loads((GEO_DIR / "neighbours.geojson").read_text(encoding="utf-8"))
    governorates = {
        f["properties"]["pcode"]: (f["properties"], _path(f["geometry"]))
        for f in boundaries()["features"]
    }
    kinds: dict[str, list[tuple[dict[str, Any], MplPath]]] = {}
    for feature in neighbours["features"]:
        entry = (feature["properties"], _path(feature["geometry"]))
        kinds.setdefault(feature["properties"]["kind"], []).append(entry)
    return {"governorates": governorates, **kinds}


def _path(geometry: dict[str, Any]) -> MplPath:
    """One Path for a (multi)polygon with its holes, or a (multi)line."""
    kind, coordinates = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        rings = coordinates
    elif kind == "MultiPolygon":
        rings = [ring for polygon in coordinates for ring in polygon]
    elif kind == "LineString":
        rings = [coordinates]
    else:
        rings = coordinates
    closed = kind.endswith("Polygon")
    vertices: list[Sequence[float]] = []
    codes: list[int] = []
    for ring in rings:
        vertices += ring
        codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1)
        if closed:
            codes[-1] = MplPath.CLOSEPOLY
    return MplPath(vertices, codes)


def _add(ax, patches: list[PathPatch]) -> None:
    """Patches as one collection, without the per-patch data-limit update add_patch makes
    (the frame is fixed)."""
    ax.add_collection(PatchCollection(patches, match_original=True), autolim=False)


def _marker_size(count: int, busiest: int) -> float:
    """Points across: 5.5 for one event, growing with the square root of the count (so area
    follows it) up to 13 for the month's busiest place, and never too small for its number."""
    if busiest <= 1:
        return 5.5
    size = 5.5 + 7.5 * math.sqrt((count - 1) / (busiest - 1))
    return max(size, 4 + 3 * len(str(count))) if count > 1 else size


def _label_point(path: MplPath) -> tuple[float, float]:
    """The middle of the bounding box of the largest ring: good enough for four big shapes."""
    rings = path.to_polygons(closed_only=False)
    largest = max(rings, key=lambda ring: len(ring))
    xs, ys = largest[:, 0], largest[:, 1]
    return float((xs.min() + xs.max()) / 2), float((ys.min() + ys.max()) / 2)


class _Drawing:
    """One figure: land, shading, rivers, markers, then labels placed around what is drawn."""

    def __init__(
        self,
        project: Project,
        counts: dict[str, int],
        found: Sequence[Marker],
        colours: dict[str, str],
        words: MapWords,
    ):
        self.project, self.counts, self.found = project, counts, found
        self.colours, self.words, self.digits = colours, words, words.digits
        self.pcodes = {pcode_of(g): key for key, g in project.governorates.items()}
        self.top = max(counts.values(), default=0)
        self.cmap = LinearSegmentedColormap.from_list("shades", list(SHADES))

    def figure(self, layout: Layout = WIDE) -> Figure:
        """The map at `layout`'s width, untitled: the page gives its title as a caption, which
        wraps on a phone where a drawn title was cut."""
        lon0, lon1, lat0, lat1 = extent(self.found)
        stretch = 1 / math.cos(math.radians((lat0 + lat1) / 2))
        width = layout.width_in
        map_height = width * (lat1 - lat0) * stretch / (lon1 - lon0)
        fig = Figure(figsize=(width, map_height))
        FigureCanvasAgg(fig)
        entries = self._legend_entries()
        legend = mapkeys.legend(fig, entries, layout.legend_columns, self.words.rtl) + 0.04
        height = map_height + legend
        fig.set_size_inches(width, height)
        ax = fig.add_axes((0, legend / height, 1, map_height / height))
        ax.set_xlim(lon0, lon1)
        ax.set_ylim(lat0, lat1)
        ax.set_aspect(stretch)
        ax.set_axis_off()
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, color=LAND["neighbour"]))
        self._land(ax)
        self._water(ax)
        obstacles = self._markers(ax)
        obstacles += self._keys(ax, obstacles)
        Placer(ax, obstacles).place(self._labels(layout.label_scale))
        return fig

    def shade(self, count: int) -> str:
        return to_hex(self.cmap(count / self.top if self.top else 0))

    def _land(self, ax) -> None:
        layers = _layers()
        patches = [
            PathPatch(path, fc=LAND["neighbour"], ec=LAND["border"], lw=0.5)
            for _props, path in layers.get("country", [])
        ]
        for pcode, (_props, path) in layers["governorates"].items():
            key = self.pcodes.get(pcode)
            fill = self.shade(self.counts.get(key, 0)) if key else LAND["syria"]
            patches.append(PathPatch(path, fc=fill, ec=LAND["edge"], lw=0.9 if key else 0.5))
        _add(ax, patches)

    def _water(self, ax) -> None:
        layers = _layers()
        patches = []
        for props, path in layers.get("river", []):
            style = {"lw": 0.8, "ls": (0, (3, 1.5))} if props.get("schematic") else {"lw": 1.3}
            patches.append(PathPatch(path, fc="none", ec=WATER, capstyle="round", **style))
        for _props, path in layers.get("lake", []):
            patches.append(PathPatch(path, fc=WATER, ec=WATER, lw=0.3))
        _add(ax, patches)

    def _markers(self, ax) -> list[Bbox]:
        """Draws every marker; their extents in display units, which labels must avoid.

        Where kinds share a position the confirmed attacks sit on it, the unconfirmed ones to
        the upper right and the raids to the lower left, just clear of the confirmed marker."""
        busiest = max((m.count for m in self.found), default=1)
        sizes = {id(m): _marker_size(m.count, busiest) for m in self.found}
        taken = {
            (m.position.lon, m.position.lat): sizes[id(m)]
            for m in self.found
            if m.kind == "confirmed"
        }
        boxes = []
        for marker in self.found:
            x, y = marker.position.lon, marker.position.lat
            size = sizes[id(marker)] if marker.kind != "raid" else RAID_SIZE
            below = taken.get((x, y))
            if below is not None and marker.kind != "confirmed":
                x, y = self._beside(ax, x, y, (below + size) / 2 * 0.75, marker.kind == "raid")
            ax.plot([x], [y], linestyle="none", zorder=4, **self._style(marker.kind, size))
            if marker.count > 1 and marker.kind != "raid":
                self._count(ax, x, y, marker)
            if marker.position.approximate:
                ring = {"marker": "o", "ms": size + 6, "mfc": "none", "mec": "#444444"}
                ax.plot([x], [y], linestyle="none", zorder=3, mew=0.8, **ring)
            boxes.append(self._box(ax, x, y, size + 2))
        return boxes

    def _count(self, ax, x: float, y: float, marker: Marker) -> None:
        colour = "white" if marker.kind == "confirmed" else self.colours["primary"]
        number = shaped(_number(marker.count, self.digits))
        ax.text(
            x, y, number, ha="center", va="center_baseline", fontsize=6.5, zorder=5, color=colour
        )

    def _beside(
        self, ax, x: float, y: float, distance: float, lower_left: bool
    ) -> tuple[float, float]:
        """A point `distance` pt diagonally from (x, y), so one marker does not hide another."""
        px, py = ax.transData.transform((x, y))
        step = distance * ax.figure.dpi / 72 * (-1 if lower_left else 1)
        return tuple(ax.transData.inverted().transform((px + step, py + step)))

    @staticmethod
    def _box(ax, x: float, y: float, size_pt: float) -> Bbox:
        px, py = ax.transData.transform((x, y))
        half = size_pt / 2 * ax.figure.dpi / 72
        return Bbox.from_extents(px - half, py - half, px + half, py + half)

    def _style(self, kind: str, size: float) -> dict[str, Any]:
        primary = self.colours["primary"]
        if kind == "confirmed":
            return {"marker": "o", "ms": size, "mfc": primary, "mec": "white", "mew": 0.8}
        if kind == "unconfirmed":
            return {"marker": "o", "ms": size, "mfc": "white", "mec": primary, "mew": 1.3}
        return {"marker": "^", "ms": size, "mfc": RAID_COLOUR, "mec": "white", "mew": 0.6}

    def _keys(self, ax, markers: list[Bbox]) -> list[Bbox]:
        """Shading scale (clear of the `markers`) and scale bar; their extents, which labels
        must avoid. The legend is under the map, drawn with the figure."""
        title = self.words.scale_title
        boxes = mapkeys.shading_scale(
            ax, self.top, self.shade, self.digits, LAND["border"], markers, title
        )
        kilometres = self.words.kilometres.format(n=_number(50, self.digits))
        (lon0, _lon1), (lat0, _lat1) = ax.get_xlim(), ax.get_ylim()
        boxes += mapkeys.scale_bar(ax, lon0, lat0, kilometres)
        return boxes

    def _legend_entries(self) -> list[tuple[Line2D, str]]:
        """The legend's keys in reading order."""
        present = {m.kind for m in self.found}
        entries = [
            (Line2D([], [], linestyle="none", **self._style(k, RAID_SIZE if k == "raid" else 6)), t)
            for k, t in (
                ("confirmed", self._confirmed_label()),
                ("unconfirmed", self.words.legend["unconfirmed"]),
                ("raid", self.words.legend["raid"]),
            )
            if k in present
        ]
        if any(m.position.approximate for m in self.found):
            ring = {"marker": "o", "ms": 9, "mfc": "none", "mec": "#444444", "mew": 0.8}
            approximate = self.words.legend["approximate"]
            entries.append((Line2D([], [], linestyle="none", **ring), approximate))
        return entries

    def _confirmed_label(self) -> str:
        shared = any(m.count > 1 for m in self.found if m.kind != "raid")
        return self.words.legend["confirmed_shared" if shared else "confirmed"]

    def _labels(self, scale: float = 1.0) -> list[Label]:
        """Governorates first (large, muted), then places with events, busiest first, then the
        neighbouring countries where room is left (a country's name beside a place read as
        one name on the phone's map); `scale` sizes the type."""
        labels = []
        for pcode, (props, path) in _layers()["governorates"].items():
            key = self.pcodes.get(pcode)
            if key is not None and props.get("ne"):
                x, y = _label_point(path)
                name = self.words.shape(props["name_ar"], props.get("name_en") or key)
                labels.append(Label(name, x, y, 9.5 * scale, GOVERNORATE_TEXT, True, 10))
        per_place: Counter[tuple[str, float, float]] = Counter()
        for marker in self.found:
            position = marker.position
            if position.label and not position.approximate:
                per_place[position.label, position.lon, position.lat] += marker.count
        for (text, x, y), _ in sorted(per_place.items(), key=lambda item: (-item[1], item[0])):
            labels.append(
                Label(text, x, y, LABEL_SIZE * scale, self.colours["text"], False, 6 * scale)
            )
        for props, _path in _layers().get("country", []):
            if props.get("name_en") in ("Turkey", "Iraq"):
                x, y = _COUNTRY_POINTS[props["name_en"]]
                name = self.words.shape(props["name_ar"], props["name_en"])
                labels.append(Label(name, x, y, 8.5 * scale, MUTED_TEXT, True, 10))
        return labels


_COUNTRY_POINTS = {"Turkey": (39.6, 37.3), "Iraq": (42.15, 35.3)}
