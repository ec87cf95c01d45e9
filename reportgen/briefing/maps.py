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
from dataclasses import dataclass
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

from reportgen.briefing import arabic
from reportgen.briefing.charts import (
    DEFAULT_PALETTE,
    Chart,
    _chart_style,
    _Draft,
    _rendered,
    _shape,
)
from reportgen.briefing.maplabels import Label, Placer
from reportgen.input.gazetteer import Position, locate, places
from reportgen.input.outlines import GEO_DIR, boundaries, containing, pcode_of
from reportgen.input.records import Digits, Month, Project

MAP_ID = "map"
EXTENT = (36.45, 42.55, 33.95, 37.45)
"""lon min, lon max, lat min, lat max: the four north-eastern governorates and a margin."""
MARGIN = 0.3
"""Degrees kept around the governorate of a marker that lies outside `EXTENT`."""
WIDTH_IN = 16 / 2.54
TITLE_IN = 0.32
LEGEND_IN = 0.26
RAID_SIZE = 5.5
ATTRIBUTION = (
    "الحدود الإدارية: مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (OCHA) وقسم الخرائط في الأمم "
    "المتحدة، 2020، برخصة CC BY-IGO 3.0. أسماء الأماكن: GeoNames (CC BY 4.0). الدول المجاورة "
    "والأنهار: Natural Earth. لا تعني الحدود والأسماء المبينة على هذه الخريطة اعترافاً أو قبولاً "
    "رسمياً من الأمم المتحدة."
)
LICENCES = ("CC BY-IGO 3.0", "CC BY 4.0")
"""The licence names in ATTRIBUTION, which print as one left-to-right run each."""
POSITIONS_NOTE = (
    "مواقع الهجمات والمداهمات على الخريطة من الإحداثيات المذكورة في السجل إن وُجدت، وإلا من "
    "المعجم الجغرافي بحسب اسم الموقع ضمن محافظته (أسماء GeoNames، وموقع مخيم الهول من ويكيبيديا)؛ "
    "والحدث الذي لا يُعرف موقعه يوضع عند مركز محافظته ويُرسم بعلامة «موقع تقريبي»."
)
RAID_COLOUR = "#2f3e4c"
LAND = {"neighbour": "#eef0f2", "syria": "#e1e4e7", "edge": "#ffffff", "border": "#9aa3ab"}
WATER = "#7fb0d3"
SHADES = ("#f7f1e3", "#cf9a55")
GOVERNORATE_TEXT = "#5a4a36"
MUTED_TEXT = "#8a939b"
KINDS = ("confirmed", "unconfirmed", "raid")
LABEL_SIZE = 8.5


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

    draft: _Draft
    counts: dict[str, int]
    """Confirmed attacks per governorate key: what the shading shows."""
    markers: tuple[Marker, ...]
    positions_note: str
    attribution: str = ATTRIBUTION


def confirmed_by_governorate(attacks: pd.DataFrame, month: str) -> dict[str, int]:
    """Confirmed attacks of `month` per governorate key, from the dataset's attacks table."""
    if attacks.empty:
        return {}
    rows = attacks[(attacks["month"] == month) & attacks["confirmed"].astype(bool)]
    return {str(k): int(n) for k, n in rows.groupby("governorate").size().items()}


def markers(project: Project, month: Month) -> tuple[Marker, ...]:
    """The month's attacks and raids, grouped where several of a kind share a position."""
    known = places(project.places)
    counted: Counter[tuple[str, Position]] = Counter()
    for event in (*month.attacks, *month.raids):
        kind = "raid" if not hasattr(event, "confirmed") else _attack_kind(event.confirmed)
        governorate = project.governorates[event.governorate]
        counted[kind, locate(event.location, event.lat, event.lon, governorate, known)] += 1
    order = {kind: i for i, kind in enumerate(KINDS)}
    found = [Marker(kind, position, n) for (kind, position), n in counted.items()]
    return tuple(sorted(found, key=lambda m: (order[m.kind], -m.count, m.position.lon)))


def _attack_kind(confirmed: bool) -> str:
    return "confirmed" if confirmed else "unconfirmed"


def plan_map(
    project: Project,
    attacks: pd.DataFrame,
    month: str,
    digits: Digits = "western",
    palette: dict[str, str] | None = None,
) -> MonthMap | None:
    """The month's map, ready to draw, or None for a month without attacks or raids."""
    m = project.months[month]
    if not m.attacks and not m.raids:
        return None
    _layers()  # read here, so forked chart workers inherit the geometry instead of reading it
    counts = confirmed_by_governorate(attacks, month)
    found = markers(project, m)
    colours = {**DEFAULT_PALETTE, **(palette or {})}
    names = {key: g.name_ar for key, g in project.governorates.items()}
    title = f"الهجمات والمداهمات حسب الموقع، {arabic.month_label(month, digits)}"
    alt = _alt(title, counts, found, names, digits)
    drawing = _Drawing(project, counts, found, colours, digits)
    figure = functools.partial(drawing.figure, title)
    shown = (sorted(counts.items()), found, sorted(colours.items()), digits)
    data = ("map", *shown, sorted(project.governorates.items()))
    draft = _Draft(MAP_ID, title, alt, draw=_no_axes, figure=figure, png_level=1, data=data)
    approximate = sum(marker.count for marker in found if marker.position.approximate)
    note = POSITIONS_NOTE
    if approximate:
        note += f" عدد الأحداث المرسومة بموقع تقريبي هذا الشهر: {_number(approximate, digits)}."
    return MonthMap(draft, counts, found, note)


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
    with _chart_style({**DEFAULT_PALETTE, **(palette or {})}):
        return _rendered(month_map.draft)


def page_uri(chart: Chart) -> str:
    """The map as the page embeds it: a JPEG (quality 95) made from the PNG. WeasyPrint copies a
    JPEG into the PDF as it is, where it decodes and recompresses a PNG (0.04 s against 0.15 s
    here); the flat colours and text show no visible artefacts at this quality."""
    with Image.open(io.BytesIO(chart.png)) as image:
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, format="JPEG", quality=95)
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _no_axes(_ax: Axes) -> None:
    raise AssertionError("the map draws its own figure")


def _number(value: int, digits: Digits) -> str:
    return arabic.format_number(value, digits)


def _alt(
    title: str,
    counts: dict[str, int],
    found: Sequence[Marker],
    names: dict[str, str],
    digits: Digits,
) -> str:
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shading = "، ".join(f"{names.get(k, k)}: {_number(n, digits)}" for k, n in ranked) or "لا شيء"
    totals = {kind: sum(m.count for m in found if m.kind == kind) for kind in KINDS}
    return (
        f"خريطة: {title}. الهجمات المؤكدة حسب المحافظة: {shading}. "
        f"هجمات غير مؤكدة: {_number(totals['unconfirmed'], digits)}، "
        f"مداهمات: {_number(totals['raid'], digits)}."
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
        digits: Digits,
    ):
        self.project, self.counts, self.found = project, counts, found
        self.colours, self.digits = colours, digits
        self.pcodes = {pcode_of(g): key for key, g in project.governorates.items()}
        self.top = max(counts.values(), default=0)
        self.cmap = LinearSegmentedColormap.from_list("shades", list(SHADES))

    def figure(self, title: str) -> Figure:
        lon0, lon1, lat0, lat1 = extent(self.found)
        stretch = 1 / math.cos(math.radians((lat0 + lat1) / 2))
        map_height = WIDTH_IN * (lat1 - lat0) * stretch / (lon1 - lon0)
        height = map_height + TITLE_IN + LEGEND_IN
        fig = Figure(figsize=(WIDTH_IN, height))
        FigureCanvasAgg(fig)
        fig.text(0.99, 1 - 0.06 / height, _shape(title), ha="right", va="top", fontsize=12)
        fig.texts[-1].set_fontweight("bold")
        ax = fig.add_axes((0, LEGEND_IN / height, 1, map_height / height))
        ax.set_xlim(lon0, lon1)
        ax.set_ylim(lat0, lat1)
        ax.set_aspect(stretch)
        ax.set_axis_off()
        ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes, color=LAND["neighbour"]))
        self._land(ax)
        self._water(ax)
        obstacles = self._markers(ax)
        obstacles += self._keys(ax, fig)
        Placer(ax, obstacles).place(self._labels())
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
        number = _shape(_number(marker.count, self.digits))
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

    def _keys(self, ax, fig: Figure) -> list[Bbox]:
        """Legend, shading scale and scale bar; their extents, which labels must avoid."""
        self._legend(ax)
        boxes = self._scale(ax)
        boxes += self._scale_bar(ax)
        return boxes

    def _legend(self, ax):
        present = {m.kind for m in self.found}
        entries = [
            (kind, label)
            for kind, label in (
                ("confirmed", self._confirmed_label()),
                ("unconfirmed", "هجوم غير مؤكد"),
                ("raid", "مداهمة"),
            )
            if kind in present
        ]
        handles = [
            Line2D([], [], linestyle="none", **self._style(k, RAID_SIZE if k == "raid" else 6))
            for k, _ in entries
        ]
        labels = [label for _, label in entries]
        if any(m.position.approximate for m in self.found):
            ring = {"marker": "o", "ms": 9, "mfc": "none", "mec": "#444444", "mew": 0.8}
            handles.append(Line2D([], [], linestyle="none", **ring))
            labels.append("موقع تقريبي (مركز المحافظة)")
        return ax.figure.legend(
            list(reversed(handles)),
            [_shape(label) for label in reversed(labels)],
            loc="lower right",
            bbox_to_anchor=(0.995, 0),
            ncols=len(handles),
            fontsize=7.5,
            frameon=False,
            markerfirst=False,
            handletextpad=0.3,
            columnspacing=1.4,
            borderaxespad=0.2,
        )

    def _confirmed_label(self) -> str:
        shared = any(m.count > 1 for m in self.found if m.kind != "raid")
        return "هجوم مؤكد (الرقم: عدد الهجمات في الموقع)" if shared else "هجوم مؤكد"

    def _scale(self, ax) -> list[Bbox]:
        """The shading's key: one swatch per count from 0 to the month's highest (5 at most)."""
        steps = sorted({0, self.top, *range(0, self.top + 1, max(1, math.ceil(self.top / 4)))})
        x0, y0, w, h = 0.012, 0.9, 0.03, 0.022
        title = "الهجمات المؤكدة في المحافظة"
        texts = [
            ax.text(
                x0,
                y0 + h + 0.01,
                _shape(title),
                transform=ax.transAxes,
                fontsize=7.5,
                ha="left",
                va="bottom",
                color=MUTED_TEXT,
            )
        ]
        for i, value in enumerate(steps):
            x = x0 + i * (w + 0.004)
            swatch = Rectangle(
                (x, y0),
                w,
                h,
                transform=ax.transAxes,
                fc=self.shade(value),
                ec=LAND["border"],
                lw=0.4,
            )
            ax.add_patch(swatch)
            texts.append(
                ax.text(
                    x + w / 2,
                    y0 - 0.006,
                    _shape(_number(value, self.digits)),
                    transform=ax.transAxes,
                    fontsize=7,
                    ha="center",
                    va="top",
                    color=MUTED_TEXT,
                )
            )
        renderer = ax.figure.canvas.get_renderer()
        corner = ax.transAxes.transform((x0, y0))
        far = ax.transAxes.transform((x0 + len(steps) * (w + 0.004), y0 + h))
        return [t.get_window_extent(renderer) for t in texts] + [Bbox([corner, far])]

    def _scale_bar(self, ax) -> list[Bbox]:
        """50 km along the parallel at the bottom left."""
        (lon0, _lon1), (lat0, _lat1) = ax.get_xlim(), ax.get_ylim()
        y = lat0 + 0.12
        length = 50 / (111.32 * math.cos(math.radians(y)))
        x0 = lon0 + 0.15
        x1 = x0 + length
        ax.plot([x0, x1], [y, y], color="#444444", lw=1.2, solid_capstyle="butt")
        for x in (x0, x1):
            ax.plot([x, x], [y - 0.025, y + 0.025], color="#444444", lw=1)
        text = _shape(f"{_number(50, self.digits)} كم")
        label = ax.text((x0 + x1) / 2, y + 0.04, text, ha="center", va="bottom", fontsize=7)
        renderer = ax.figure.canvas.get_renderer()
        ends = ax.transData.transform([(x0, y - 0.03), (x1, y + 0.03)])
        return [label.get_window_extent(renderer), Bbox(ends)]

    def _labels(self) -> list[Label]:
        """Governorates first (large, muted), then places with events, busiest first."""
        labels = []
        for pcode, (props, path) in _layers()["governorates"].items():
            if self.pcodes.get(pcode) is not None and props.get("ne"):
                x, y = _label_point(path)
                labels.append(Label(props["name_ar"], x, y, 9.5, GOVERNORATE_TEXT, True, 10))
        for props, _path in _layers().get("country", []):
            if props.get("name_en") in ("Turkey", "Iraq"):
                x, y = _COUNTRY_POINTS[props["name_en"]]
                labels.append(Label(props["name_ar"], x, y, 8.5, MUTED_TEXT, True, 10))
        per_place: Counter[tuple[str, float, float]] = Counter()
        for marker in self.found:
            position = marker.position
            if position.label and not position.approximate:
                per_place[position.label, position.lon, position.lat] += marker.count
        for (text, x, y), _ in sorted(per_place.items(), key=lambda item: (-item[1], item[0])):
            labels.append(Label(text, x, y, LABEL_SIZE, self.colours["text"], False, 6))
        return labels


_COUNTRY_POINTS = {"Turkey": (39.6, 37.3), "Iraq": (42.15, 35.3)}
