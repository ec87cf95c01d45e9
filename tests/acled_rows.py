"""Made-up ACLED exports in both column sets (no real ACLED data: its terms restrict sharing)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

OLD_HEADER = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,"
    "sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,timestamp,iso3"
)
CURRENT_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,"
    "assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,"
    "country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,"
    "notes,fatalities,tags,timestamp"
)
OLD_COLUMNS = OLD_HEADER.split(",")
CURRENT_COLUMNS = CURRENT_HEADER.split(",")

ISIS = "Islamic State (Syria)"
SDF = "SDF: Syrian Democratic Forces"


def event(event_id: str, **values: str) -> dict[str, str]:
    """An ISIS armed clash in Deir ez-Zor with one death, changed by `values`."""
    return {
        "event_id_cnty": event_id,
        "event_date": "2024-06-03",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": ISIS,
        "actor2": SDF,
        "inter1": "Rebel group",
        "inter2": "Rebel group",
        "admin1": "Deir ez Zor",
        "admin2": "Deir ez Zor",
        "location": "Thiban",
        "latitude": "35.0089",
        "longitude": "40.5097",
        "source": "Syrian Observatory for Human Rights; Deir Ezzor 24",
        "notes": "On 3 June 2024, IS militants attacked an SDF checkpoint in Thiban.",
        "fatalities": "1",
        "country": "Syria",
        **values,
    }


def write_export(
    path: Path, rows: list[dict[str, str]], columns: list[str], *, bom: bool, crlf: bool
) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, columns, extrasaction="ignore", lineterminator="\r\n" if crlf else "\n"
    )
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8", newline="")
    return path
