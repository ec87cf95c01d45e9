"""The governorates' outlines (assets/geo/syria-adm1.geojson, read once per process) and where a
point lies against them: inside its governorate, how far outside, in which other one.

Coordinates an editor gives (an event's `lat`/`lon`, a row of inputs/places.csv) are checked
against the outline of the governorate they are filed under (`misplaced`); the map and the data
export only use coordinates that pass (`holds`), so the two never disagree about an event. The
shipped outlines are simplified, so a point within `TOLERANCE_KM` of its governorate counts as
inside. Plain Python on lon/lat: a point is tested against the few edges of its latitude band.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import i18n
from reportgen.i18n import _
from reportgen.input.records import Governorate

GEO_DIR = Path(__file__).resolve().parents[1] / "assets" / "geo"
TOLERANCE_KM = 3.0
_BANDS = 256
_KM_PER_DEGREE = 111.2

Point = tuple[float, float]
"""(lon, lat), as GeoJSON orders them."""
Edge = tuple[float, float, float, float]


@functools.cache
def boundaries() -> dict[str, Any]:
    """syria-adm1.geojson, read once per process."""
    return json.loads((GEO_DIR / "syria-adm1.geojson").read_text(encoding="utf-8"))


def boundary_pcodes() -> dict[str, str]:
    """P-code → the boundary file's governorate key (SY08 → hasakah)."""
    return {f["properties"]["pcode"]: f["properties"]["key"] for f in boundaries()["features"]}


def _key(value: str) -> str:
    return value.strip().lower().replace("-", "_")


def pcode_of(governorate: Governorate) -> str | None:
    """The governorate's P-code as given, else the boundary whose key matches its key."""
    if governorate.pcode:
        return governorate.pcode
    by_key = {_key(k): p for p, k in boundary_pcodes().items()}
    return by_key.get(_key(governorate.key))


@dataclass(frozen=True)
class Outline:
    """One governorate's outline: its rings' edges, grouped by latitude band for quick tests."""

    pcode: str
    key: str
    name_en: str
    name_ar: str
    edges: tuple[Edge, ...]
    south: float
    north: float
    bands: tuple[tuple[Edge, ...], ...]
    west: float = 0.0
    east: float = 0.0

    def contains(self, lon: float, lat: float) -> bool:
        """Even-odd rule over every ring (holes and islands included)."""
        if not self.south <= lat < self.north:
            return False
        inside = False
        for x1, y1, x2, y2 in self.bands[self._band(lat)]:
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def distance_km(self, lon: float, lat: float) -> float:
        """0 inside, else the distance to the nearest edge (locally flat: fine at this scale)."""
        if self.contains(lon, lat):
            return 0.0
        scale = math.cos(math.radians(lat))
        return _KM_PER_DEGREE * min(_segment_distance(lon, lat, e, scale) for e in self.edges)

    def _band(self, lat: float) -> int:
        return min(_BANDS - 1, int((lat - self.south) / (self.north - self.south) * _BANDS))


def _segment_distance(lon: float, lat: float, edge: Edge, scale: float) -> float:
    x1, y1, x2, y2 = edge
    ax, ay, bx, by = (x1 - lon) * scale, y1 - lat, (x2 - lon) * scale, y2 - lat
    dx, dy = bx - ax, by - ay
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / length))
    return math.hypot(ax + t * dx, ay + t * dy)


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        yield from polygon


def _outline(feature: dict[str, Any]) -> Outline:
    edges = [
        (ring[i][0], ring[i][1], ring[(i + 1) % len(ring)][0], ring[(i + 1) % len(ring)][1])
        for ring in _rings(feature["geometry"])
        for i in range(len(ring))
    ]
    south = min(min(e[1], e[3]) for e in edges)
    north = max(max(e[1], e[3]) for e in edges) + 1e-9
    height = (north - south) / _BANDS
    bands: list[list[Edge]] = [[] for _ in range(_BANDS)]
    for edge in edges:
        low, high = sorted((edge[1], edge[3]))
        first = int((low - south) / height)
        last = min(_BANDS - 1, int((high - south) / height))
        for band in range(first, last + 1):
            bands[band].append(edge)
    properties = feature["properties"]
    return Outline(
        properties["pcode"],
        properties["key"],
        properties["name_en"],
        properties["name_ar"],
        tuple(edges),
        south,
        north,
        tuple(tuple(b) for b in bands),
        min(min(e[0], e[2]) for e in edges),
        max(max(e[0], e[2]) for e in edges),
    )


@functools.cache
def outlines() -> dict[str, Outline]:
    """Every governorate's outline by P-code."""
    return {f["properties"]["pcode"]: _outline(f) for f in boundaries()["features"]}


def outline_of(governorate: Governorate) -> Outline | None:
    pcode = pcode_of(governorate)
    return outlines().get(pcode) if pcode else None


@functools.lru_cache(maxsize=65536)
def _holds(pcode: str, lat: float, lon: float) -> bool:
    outline = outlines()[pcode]
    if outline.contains(lon, lat):
        return True
    margin = TOLERANCE_KM / _KM_PER_DEGREE
    lon_margin = margin / max(math.cos(math.radians(lat)), 0.01)
    if not (
        outline.south - margin <= lat <= outline.north + margin
        and outline.west - lon_margin <= lon <= outline.east + lon_margin
    ):
        return False  # far from the outline's box: no need to measure
    return outline.distance_km(lon, lat) <= TOLERANCE_KM


def holds(governorate: Governorate, lat: float, lon: float) -> bool:
    """Whether (lat, lon) lies in `governorate` (within the tolerance); True for a governorate
    without an outline, which nothing can be checked against."""
    pcode = pcode_of(governorate)
    return pcode not in outlines() or _holds(pcode, lat, lon)


def containing(lat: float, lon: float) -> Outline | None:
    """The governorate the point is in, if it is in Syria."""
    return next((o for o in outlines().values() if o.contains(lon, lat)), None)


def misplaced(lat: float, lon: float, governorate: Governorate) -> str | None:
    """What looks wrong with coordinates filed under `governorate`, or None when they lie in it:
    lat and lon swapped (when swapping puts the point inside), else how far outside it is and
    where it is instead. An import repeats its villages: each point is measured once."""
    if holds(governorate, lat, lon):
        return None
    return _misplaced(lat, lon, governorate, i18n.current())


@functools.lru_cache(maxsize=4096)
def _misplaced(lat: float, lon: float, governorate: Governorate, _language: str) -> str:
    outline = outline_of(governorate)
    assert outline is not None  # holds() is True without one
    where = _("lat {lat}, lon {lon} is outside {name} ({key})").format(
        lat=lat, lon=lon, name=governorate.name_ar, key=governorate.key
    )
    if abs(lon) <= 90 and holds(governorate, lon, lat):
        swapped = _("; swapped (lat {lon}, lon {lat}) it is inside: are lat and lon swapped?")
        return where + swapped.format(lat=lat, lon=lon)
    km = outline.distance_km(lon, lat)
    found = containing(lat, lon)
    distance = _("{km} km from its border").format(km=f"{km:,.0f}")
    if found is not None:
        other = found.name_ar if i18n.current() == "ar" else found.name_en
        return where + _(": {distance}, in {other}").format(distance=distance, other=other)
    return where + _(": {distance}, outside Syria").format(distance=distance)
