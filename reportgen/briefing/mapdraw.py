"""Drawing the month's map (planned by maps.py) with matplotlib.

Plain matplotlib on lon/lat (an equirectangular frame stretched by 1/cos of its middle latitude,
which is exact enough at this scale); the shipped GeoJSON is read once per process.
"""

from __future__ import annotations

import functools
import json
import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PatchCollection
from matplotlib.colors import LinearSegmentedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from reportgen.briefing import mapkeys
from reportgen.briefing.chartdraw import shaped
from reportgen.briefing.mapkeys import MUTED_TEXT
from reportgen.briefing.maplabels import Label, Placer
from reportgen.briefing.maps import (
    GOVERNORATE_TEXT,
    LABEL_SIZE,
    LAND,
    RAID_COLOUR,
    RAID_SIZE,
    SHADES,
    WATER,
    WIDE,
    Layout,
    MapSpec,
    Marker,
    _number,
    extent,
)
from reportgen.input.outlines import GEO_DIR, boundaries, pcode_of


@functools.cache
def layers() -> dict[str, Any]:
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


class Drawing:
    """One figure: land, shading, rivers, markers, then labels placed around what is drawn."""

    def __init__(self, spec: MapSpec):
        self.project, self.counts, self.found = spec.project, spec.counts, spec.found
        self.colours, self.words, self.digits = spec.colours, spec.words, spec.words.digits
        self.pcodes = {pcode_of(g): key for key, g in spec.project.governorates.items()}
        counts = spec.counts
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
        shapes = layers()
        patches = [
            PathPatch(path, fc=LAND["neighbour"], ec=LAND["border"], lw=0.5)
            for _props, path in shapes.get("country", [])
        ]
        for pcode, (_props, path) in shapes["governorates"].items():
            key = self.pcodes.get(pcode)
            fill = self.shade(self.counts.get(key, 0)) if key else LAND["syria"]
            patches.append(PathPatch(path, fc=fill, ec=LAND["edge"], lw=0.9 if key else 0.5))
        _add(ax, patches)

    def _water(self, ax) -> None:
        shapes = layers()
        patches = []
        for props, path in shapes.get("river", []):
            style = {"lw": 0.8, "ls": (0, (3, 1.5))} if props.get("schematic") else {"lw": 1.3}
            patches.append(PathPatch(path, fc="none", ec=WATER, capstyle="round", **style))
        for _props, path in shapes.get("lake", []):
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
        for pcode, (props, path) in layers()["governorates"].items():
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
        for props, _path in layers().get("country", []):
            if props.get("name_en") in ("Turkey", "Iraq"):
                x, y = _COUNTRY_POINTS[props["name_en"]]
                name = self.words.shape(props["name_ar"], props["name_en"])
                labels.append(Label(name, x, y, 8.5 * scale, MUTED_TEXT, True, 10))
        return labels


_COUNTRY_POINTS = {"Turkey": (39.6, 37.3), "Iraq": (42.15, 35.3)}
