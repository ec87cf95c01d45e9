"""The dataset for partners: HXL-tagged CSV, Excel-ready CSV and GeoJSON, beside the plain CSVs.

`reportgen data` writes what readers may see: the published months and the summary months
(`for_readers`), never a draft, only once every month passes the publishing gate. For every
table of the dataset and for the summary:
- `NAME.hxl.csv`: a row of HXL hashtags under the header (https://hxlstandard.org), governorates
  as English name, Arabic name and OCHA P-code;
- `NAME.excel.csv`: the plain CSV with a UTF-8 byte-order mark, so Excel shows Arabic;
and for every full month `events-YYYY-MM.geojson`, its attacks and raids as points.
Every file is written atomically; text cells that a spreadsheet would run as a formula are
neutralised, numbers stay numbers. docs/data-format.md lists every column and its hashtag.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from reportgen.briefing.dataset import SUMMARY_COLUMNS, Dataset
from reportgen.files import spreadsheet_safe, write_atomic
from reportgen.input.gazetteer import Places, locate
from reportgen.input.gazetteer import places as gazetteer_places
from reportgen.input.records import Governorate, Place

"""Text cells starting with these run as formulas in spreadsheets (OWASP: CSV injection)."""

PLACE = {"location": "#loc+name", "lat": "#geo+lat", "lon": "#geo+lon"}
GOVERNORATE = {
    "governorate": "#adm1+name",
    "governorate_ar": "#adm1+name+i_ar",
    "pcode": "#adm1+code",
}
HASHTAGS: dict[str, dict[str, str]] = {
    "attacks": {
        "month": "#date+month",
        "id": "#event+id",
        "date": "#date+occurred",
        **GOVERNORATE,
        **PLACE,
        "type": "#event+type",
        "target": "#event+target",
        "confirmed": "#status+confirmed",
        "claimed": "#status+claimed",
        "description": "#description",
        "sources": "#meta+source",
        "killed": "#affected+killed",
        "wounded": "#affected+injured",
    },
    "raids": {
        "month": "#date+month",
        "id": "#event+id",
        "date": "#date+occurred",
        **GOVERNORATE,
        **PLACE,
        "forces": "#org+forces",
        "detained": "#affected+detained",
        "description": "#description",
        "sources": "#meta+source",
        "isis_killed": "#affected+killed+isis",
    },
    "notable": {
        "month": "#date+month",
        "raid": "#event+id",
        "name": "#description+name",
        "role": "#description+role",
        "outcome": "#status+outcome",
    },
    "casualties": {
        "month": "#date+month",
        "date": "#date+occurred",
        "category": "#group+category",
        "status": "#status+casualty",
        "count": "#affected+num",
        "attack": "#event+id+attack",
        "raid": "#event+id+raid",
        "note": "#description+note",
    },
    "sanctions": {
        "month": "#date+month",
        "date": "#date+occurred",
        "authority": "#org+authority",
        "target": "#org+sanctioned",
        "target_type": "#org+type",
        "reason": "#description+reason",
        "quote_text": "#description+quote",
        "quote_by": "#contact+name",
        "quote_role": "#contact+role",
        "sources": "#meta+source",
    },
    "camps": {
        "month": "#date+month",
        "name": "#loc+name+camp",
        "total": "#population+total",
        "iraqi": "#population+iraqi",
        "syrian": "#population+syrian",
        "foreign": "#population+foreign",
        "repatriated": "#population+repatriated",
        "notes": "#description+notes",
    },
    "repatriations": {
        "month": "#date+month",
        "camp": "#loc+name+camp",
        "country": "#country+name",
        "people": "#population+repatriated",
    },
    "summary": {
        "month": "#date+month",
        "summary": "#meta+summary",
        **{name: f"#indicator+num+{name}" for name in SUMMARY_COLUMNS},
    },
}


def for_readers(dataset: Dataset, months: list[str]) -> Dataset:
    """`dataset` with only the rows of `months` (gate.readers_months: what readers may see)."""
    from dataclasses import replace

    return replace(
        dataset,
        **{
            name: frame[frame["month"].isin(months)].reset_index(drop=True)
            for name, frame in dataset.tables().items()
        },
    )


def write_exports(
    dataset: Dataset,
    governorates: Mapping[str, Governorate],
    out_dir: Path,
    places: tuple[Place, ...] = (),
) -> list[Path]:
    """Write the HXL and Excel CSVs of every table and each full month's GeoJSON into `out_dir`
    (`places`: the editors' own, inputs/places.csv, which place events as on the map)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in dataset.tables().items():
        written.append(write_atomic(out_dir / f"{name}.excel.csv", excel_csv(frame)))
        hxl = hxl_csv(hxl_table(name, frame, governorates), HASHTAGS[name])
        written.append(write_atomic(out_dir / f"{name}.hxl.csv", hxl))
    for month in sorted(set(dataset.attacks["month"]) | set(dataset.raids["month"])):
        collection = geojson(dataset, governorates, month, places)
        text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
        written.append(write_atomic(out_dir / f"events-{month}.geojson", text))
    return written


def excel_csv(frame: pd.DataFrame) -> str:
    """CSV that Excel opens with Arabic intact: a UTF-8 byte-order mark and CRLF line ends."""
    return "\ufeff" + _csv_text(frame, extra_rows=[], line_end="\r\n")


def hxl_csv(frame: pd.DataFrame, hashtags: Mapping[str, str]) -> str:
    """CSV with the HXL hashtag row under the header."""
    return _csv_text(frame, extra_rows=[[hashtags[column] for column in frame.columns]])


def hxl_table(
    name: str, frame: pd.DataFrame, governorates: Mapping[str, Governorate]
) -> pd.DataFrame:
    """`frame` in the column order of its hashtags, governorate keys as names and P-codes."""
    frame = frame.copy()
    if "governorate" in frame:
        keys = frame["governorate"]
        frame["governorate_ar"] = keys.map(lambda k: governorates[k].name_ar)
        frame["pcode"] = keys.map(lambda k: governorates[k].pcode)
        frame["governorate"] = keys.map(lambda k: governorates[k].name_en)
    return frame.reindex(columns=list(HASHTAGS[name]))


def geojson(
    dataset: Dataset,
    governorates: Mapping[str, Governorate],
    month: str,
    places: tuple[Place, ...] = (),
) -> dict[str, Any]:
    """`month`'s attacks and raids as a FeatureCollection of points with English property keys.

    Each event is where the map draws it (`gazetteer.locate`): at its own coordinates when they
    lie in its governorate (`"position": "reported"`), else at its place in the gazetteer
    (`"place"`), else at its governorate's centre (`"governorate"`). Coordinates the editor
    gave are kept as `reported_lat`/`reported_lon` either way.
    """
    known = gazetteer_places(places)
    features = [
        _feature(kind, row, governorates, known)
        for kind, table in (("attack", dataset.attacks), ("raid", dataset.raids))
        for row in table[table["month"] == month].to_dict("records")
    ]
    return {"type": "FeatureCollection", "features": features}


def _feature(
    kind: str, row: dict[str, Any], governorates: Mapping[str, Governorate], known: Places
) -> dict:
    governorate = governorates[row["governorate"]]
    lat, lon, location = (_value(row.get(key)) for key in ("lat", "lon", "location"))
    position = locate(location, lat, lon, governorate, known)
    skip = {"lat", "lon", "governorate", "month", "sources"}
    properties = {
        "kind": kind,
        "month": row["month"],
        "governorate": governorate.name_en,
        "governorate_ar": governorate.name_ar,
        "pcode": governorate.pcode,
        "position": position.source,
        "reported_lat": lat,
        "reported_lon": lon,
        **{key: _value(value) for key, value in row.items() if key not in skip},
        "sources": str(row["sources"]).split() if _value(row["sources"]) else [],
    }
    geometry = {"type": "Point", "coordinates": [float(position.lon), float(position.lat)]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def _value(value: Any) -> Any:
    """A table cell as JSON: missing values as null, numpy numbers as Python numbers."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _csv_text(frame: pd.DataFrame, extra_rows: list[list[str]], line_end: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=line_end)
    writer.writerow(frame.columns)
    writer.writerows(extra_rows)
    for row in frame.itertuples(index=False):
        writer.writerow(["" if _value(v) is None else spreadsheet_safe(_value(v)) for v in row])
    return buffer.getvalue()
