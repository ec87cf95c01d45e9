"""ACLED exports to attacks and casualties: `reportgen import acled FILE.csv`.

Both ACLED column sets are read (the older one with `data_id`, the current one with
`civilian_targeting`); only the columns in ACLED_COLUMNS are needed. The mapping of places, event
types and targets is data, in acled.yaml beside this module. See docs/data-format.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from reportgen.editor.importers.rows import Row, missing_columns, parse_date, read_rows
from reportgen.editor.importers.writer import Incoming, Summary, apply, without_summary_months
from reportgen.errors import InputError, Problem
from reportgen.i18n import _
from reportgen.input.loader import load_project
from reportgen.input.records import Governorate

ACLED_COLUMNS = (
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "source",
    "notes",
    "fatalities",
)
SOURCE_PREFIX = "acled:"
MAPPING = Path(__file__).with_name("acled.yaml")


@dataclass(frozen=True)
class Event:
    """One ACLED row that passed every check, before it is filtered and turned into records."""

    row: Row
    event_id: str
    date: Any
    lat: float | None
    lon: float | None
    fatalities: int


def read_acled(
    path: Path,
    gazetteer: Mapping[str, Governorate],
    isis_actors: tuple[str, ...],
    month: str | None = None,
) -> tuple[list[Incoming], Summary, list[Problem]]:
    """The records of `path`'s ISIS events in the gazetteer's governorates (and `month`).

    Returns the records, a summary holding the skipped rows, and warnings; raises InputError
    listing every bad row, before anything is written.
    """
    header, rows = read_rows(path)
    missing_columns(
        path, header, ACLED_COLUMNS, _("not an ACLED export: missing column(s) {columns}")
    )
    events, problems = _checked(rows)
    if problems:
        raise InputError(problems)
    actors = {name.casefold() for name in isis_actors}
    places = _places(gazetteer)
    summary, records, warnings = Summary(), [], []
    for event in events:
        why = _skip_reason(event, actors, places, month)
        if why:
            summary.skipped[why] += 1
            continue
        records += _records(event, places, warnings)
    return records, summary, warnings


def _checked(rows: list[Row]) -> tuple[list[Event], list[Problem]]:
    events, problems = [], []
    for row in rows:
        found = _row_problems(row)
        if found:
            problems += found
            continue
        events.append(
            Event(
                row,
                row.text("event_id_cnty"),
                parse_date(row.values["event_date"]),
                _number(row.text("latitude")),
                _number(row.text("longitude")),
                int(_number(row.text("fatalities")) or 0),
            )
        )
    return events, problems


def _row_problems(row: Row) -> list[Problem]:
    problems = []
    if not row.text("event_id_cnty"):
        message = _("empty: every ACLED event has an id")
        problems.append(row.problem("event_id_cnty", message))
    if parse_date(row.values["event_date"]) is None:
        found = row.text("event_date")
        message = _("expected a date like 02 June 2023, 2023-06-02 or 2-Jun-23, found {value}")
        message = message.format(value=repr(found))
        problems.append(row.problem("event_date", message))
    for column, limit in (("latitude", 90), ("longitude", 180)):
        value = _number(row.text(column))
        unreadable = bool(row.text(column)) and value is None
        if unreadable or (value is not None and abs(value) > limit):
            message = _("expected a number from -{limit} to {limit}, found {value}")
            message = message.format(limit=limit, value=repr(row.text(column)))
            problems.append(row.problem(column, message))
    fatalities = _number(row.text("fatalities"))
    if row.text("fatalities") and (fatalities is None or fatalities < 0 or fatalities % 1):
        found = row.text("fatalities")
        message = _("expected a whole number ≥ 0, found {value}").format(value=repr(found))
        problems.append(row.problem("fatalities", message))
    return problems


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _skip_reason(
    event: Event, actors: set[str], places: dict[tuple[str, str], str], month: str | None
) -> str | None:
    row = event.row
    if not {row.text("actor1").casefold(), row.text("actor2").casefold()} & actors:
        return _("no ISIS actor (isis_actors in publication.yaml)")
    if _governorate(row, places) is None:
        return _("outside the governorates of governorates.yaml")
    if month and event.date.strftime("%Y-%m") != month:
        return _("outside {month}").format(month=month)
    return None


@cache
def _mapping() -> dict[str, Any]:
    return yaml.safe_load(MAPPING.read_text(encoding="utf-8"))


def _places(gazetteer: Mapping[str, Governorate]) -> dict[tuple[str, str], str]:
    """(admin1, admin2 or "") -> governorate key, for the entries the gazetteer has."""
    keys = {g.name_en: g.key for g in gazetteer.values()}
    return {
        (entry["admin1"], entry.get("admin2", "")): keys[entry["governorate"]]
        for entry in _mapping()["governorates"]
        if entry["governorate"] in keys
    }


def _governorate(row: Row, places: dict[tuple[str, str], str]) -> str | None:
    admin1, admin2 = row.text("admin1"), row.text("admin2")
    return places.get((admin1, admin2)) or places.get((admin1, ""))


def _attack_type(row: Row, warnings: list[Problem]) -> str:
    event_type, sub_type = row.text("event_type"), row.text("sub_event_type")
    for entry in _mapping()["types"]:
        if entry["event_type"] == event_type and entry["sub_event_type"] in (sub_type, "*"):
            return entry["type"]
    message = _("no attack type for {event_type} / {sub_type}; imported as 'other'")
    message = message.format(event_type=repr(event_type), sub_type=repr(sub_type))
    warnings.append(replace(row.problem("sub_event_type", message), severity="warning"))
    return "other"


def _target(row: Row) -> str:
    civilian = _mapping()["civilian"]
    if row.text("civilian_targeting") in civilian["civilian_targeting"]:
        return "civilian"
    return "civilian" if row.text("inter2") in civilian["inter2"] else "military"


def _records(
    event: Event, places: dict[tuple[str, str], str], warnings: list[Problem]
) -> list[Incoming]:
    row = event.row
    source_id = SOURCE_PREFIX + event.event_id
    attack_id = f"acled-{event.event_id}"
    month = event.date.strftime("%Y-%m")
    attack = {
        "id": attack_id,
        "date": event.date,
        "governorate": _governorate(row, places),
        "location": row.text("location") or None,
        "lat": event.lat,
        "lon": event.lon,
        "type": _attack_type(row, warnings),
        "target": _target(row),
        "confirmed": False,
        "description": row.text("notes") or None,
        "review": _review(event.event_id, row.text("source")),
    }
    records = [Incoming("attacks", month, source_id, attack)]
    if event.fatalities:
        casualty = {
            "date": event.date,
            "category": "unknown",
            "status": "killed",
            "count": event.fatalities,
            "attack": attack_id,
            "review": _("dead according to ACLED ({id}): set the category").format(
                id=event.event_id
            ),
        }
        records.append(Incoming("casualties", month, source_id, casualty))
    return records


def _review(event_id: str, sources: str) -> str:
    """The review note of an imported attack, in the language of the run (the project's)."""
    note = _(
        "imported from ACLED ({id}): translate the description; check the type, target and place"
    )
    note = note.format(id=event_id)
    if sources:
        message = _("{note}; sources according to ACLED: “{sources}”")
        return message.format(note=note, sources=sources)
    return note


def import_acled(
    inputs: Path, path: Path, month: str | None = None
) -> tuple[Summary, list[Problem]]:
    """Read the ACLED export `path` and merge its records into `inputs`; nothing is written when
    the inputs or a row have a problem."""
    project, _ = load_project(inputs)
    records, summary, warnings = read_acled(
        path, project.governorates, project.publication.isis_actors, month
    )
    summary_months = {key for key, m in project.months.items() if m.is_summary}
    records = without_summary_months(records, summary_months, summary)
    return apply(inputs, records, summary), warnings
