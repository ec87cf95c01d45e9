"""ACLED exports to attacks, raids and casualties: `reportgen import acled FILE.csv`.

Both ACLED column sets are read (the older one with `data_id`, the current one with
`civilian_targeting`); only the columns in ACLED_COLUMNS are needed. Rows stream past: each is
checked, classified by who attacked whom (`roles`, rules in acled.yaml, overridable in
inputs/acled.yaml) and kept only when it becomes a record. ACLED's English notes go to
`description_en`; the Arabic `description` stays empty, and the review mark says it needs a
translation.
Editors' decisions (decisions.yaml) are honoured: a dropped row never returns, a row decided into
a class comes in that class. See docs/data-format.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reportgen.editor.importers import decisions as decided
from reportgen.editor.importers.roles import Role, Rules, load_rules
from reportgen.editor.importers.rows import Problems, Row, missing_columns, open_rows, parse_date
from reportgen.editor.importers.writer import (
    Incoming,
    Summary,
    apply,
    without_summary_months,
)
from reportgen.errors import Problem
from reportgen.i18n import _
from reportgen.input.loader import load_project
from reportgen.input.records import Decision, Governorate, Project

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
COLUMNS = {
    "id": "event_id_cnty",
    "date": "event_date",
    "governorate": "admin1",
    "location": "location",
    "lat": "latitude",
    "lon": "longitude",
    "type": "sub_event_type",
    "description_en": "notes",
    "review": "notes",
    "count": "fatalities",
    "forces": "actor1",
    "detained": "notes",
}
"""Each field an import writes → the ACLED column it comes from (to locate a problem)."""


@dataclass(frozen=True)
class Event:
    """One ACLED row that passed every check, before it is turned into records."""

    row: Row
    event_id: str
    date: Any
    lat: float | None
    lon: float | None
    fatalities: int


def read_acled(
    path: Path,
    project: Project,
    rules: Rules,
    month: str | None = None,
) -> tuple[list[Incoming], Summary, list[Problem]]:
    """The records of `path`'s rows that the rules keep, in the gazetteer's governorates (and
    `month`). Returns the records, a summary (rows read, classes, skipped rows with why), and
    warnings; raises InputError listing the bad rows, before anything is written."""
    rules = rules.with_isis(project.publication.isis_actors)
    places = _places(rules, project.governorates)
    decisions = decided.latest(project)
    summary, records, warnings = Summary(), [], []
    problems = Problems(path)
    seen: dict[str, int] = {}
    with open_rows(path) as (header, rows):
        message = _("not an ACLED export: missing column(s) {columns}")
        missing_columns(path, header, ACLED_COLUMNS, message)
        for row in rows:
            summary.rows += 1
            found = _row_problems(row)
            if found or problems:
                problems.add(found)
                continue
            event = _event(row)
            role = rules.role(row.text("actor1"), row.text("actor2"), row.text("assoc_actor_2"))
            why = _skip_reason(event, role, places, month)
            if why:
                summary.skipped[why] += 1
                continue
            problems.add(_repeated(event, seen))
            decision = decisions.get(SOURCE_PREFIX + event.event_id)
            if decision is not None and decision.decision == "drop":
                summary.skipped[_("dropped by an editor (decisions.yaml)")] += 1
                continue
            kind = decision.decision if decision is not None else role.kind
            summary.classes[kind] += 1
            context = _Context(rules, places, project.names_en, warnings)
            records += _records(event, role, kind, decision, context)
    problems.raise_any()
    return records, summary, warnings


def _event(row: Row) -> Event:
    return Event(
        row,
        row.text("event_id_cnty"),
        parse_date(row.values["event_date"]),
        _number(row.text("latitude")),
        _number(row.text("longitude")),
        int(_number(row.text("fatalities")) or 0),
    )


def _repeated(event: Event, seen: dict[str, int]) -> list[Problem]:
    first = seen.setdefault(event.event_id, event.row.line)
    if first == event.row.line:
        return []
    message = _("event id {id} is repeated (first at row {row}); export the data again")
    return [event.row.problem("event_id_cnty", message.format(id=event.event_id, row=first))]


def _row_problems(row: Row) -> list[Problem]:
    problems = []
    if not row.text("event_id_cnty"):
        message = _("empty: every ACLED event has an id")
        problems.append(row.problem("event_id_cnty", message))
    if parse_date(row.values["event_date"]) is None:
        found = row.text("event_date")
        message = _("expected a date like 02 June 2023, 2023-06-02 or 2-Jun-23, found {value}")
        message = message.format(value=repr(found[:60]))
        problems.append(row.problem("event_date", message))
    for column, limit in (("latitude", 90), ("longitude", 180)):
        value = _number(row.text(column))
        unreadable = bool(row.text(column)) and value is None
        if unreadable or (value is not None and abs(value) > limit):
            message = _("expected a number from -{limit} to {limit}, found {value}")
            message = message.format(limit=limit, value=repr(row.text(column)[:60]))
            problems.append(row.problem(column, message))
    fatalities = _number(row.text("fatalities"))
    if row.text("fatalities") and (
        fatalities is None or fatalities < 0 or fatalities % 1 or fatalities > 1_000_000
    ):
        found = row.text("fatalities")[:60]
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
    event: Event, role: Role, places: dict[tuple[str, str], str], month: str | None
) -> str | None:
    if role.skip:
        return role.skip
    if _governorate(event.row, places) is None:
        return _("outside the governorates of governorates.yaml")
    if month and event.date.strftime("%Y-%m") != month:
        return _("outside {month}").format(month=month)
    return None


def _places(rules: Rules, gazetteer: Mapping[str, Governorate]) -> dict[tuple[str, str], str]:
    """(admin1, admin2 or "") -> governorate key, for the entries the gazetteer has."""
    keys = {g.name_en: g.key for g in gazetteer.values()}
    return {
        (entry["admin1"], entry.get("admin2", "")): keys[entry["governorate"]]
        for entry in rules.data.get("governorates") or []
        if entry["governorate"] in keys
    }


def _governorate(row: Row, places: dict[tuple[str, str], str]) -> str | None:
    admin1, admin2 = row.text("admin1"), row.text("admin2")
    return places.get((admin1, admin2)) or places.get((admin1, ""))


@dataclass(frozen=True)
class _Context:
    rules: Rules
    places: dict[tuple[str, str], str]
    names_en: Mapping[str, str]
    warnings: list[Problem]


def _attack_type(row: Row, context: _Context) -> str:
    event_type, sub_type = row.text("event_type"), row.text("sub_event_type")
    for entry in context.rules.data.get("types") or []:
        if entry["event_type"] == event_type and entry["sub_event_type"] in (sub_type, "*"):
            return entry["type"]
    message = _("no attack type for {event_type} / {sub_type}; imported as 'other'")
    message = message.format(event_type=repr(event_type), sub_type=repr(sub_type))
    context.warnings.append(replace(row.problem("sub_event_type", message), severity="warning"))
    return "other"


def _target(row: Row, rules: Rules) -> str:
    civilian = rules.data.get("civilian") or {}
    if row.text("civilian_targeting") in (civilian.get("civilian_targeting") or ()):
        return "civilian"
    return "civilian" if row.text("inter2") in (civilian.get("inter2") or ()) else "military"


def _records(
    event: Event, role: Role, kind: str, decision: Decision | None, context: _Context
) -> list[Incoming]:
    row = event.row
    source_id = SOURCE_PREFIX + event.event_id
    record_id = (decision.id if decision and decision.id else None) or f"acled-{event.event_id}"
    month = event.date.strftime("%Y-%m")
    notes = row.text("notes")
    forces = context.rules.forces(row.text("actor1"), row.text("assoc_actor_1"), context.names_en)
    detained = context.rules.detained(notes) if kind == "raid" else None
    fields = {
        "id": record_id,
        "date": event.date,
        "governorate": _governorate(row, context.places),
        "location": row.text("location") or None,
        "lat": event.lat,
        "lon": event.lon,
        "type": _attack_type(row, context) if kind != "raid" else None,
        "target": _target(row, context.rules) if kind != "raid" else None,
        "forces": forces or None,
        "detained": detained,
        "description_en": notes or None,
    }
    proposal = None if decision else _proposal(event, role, kind)
    parts = [proposal, _(decided.TRANSLATE_NOTE) if notes else None, _sources(row)]
    if kind == "raid":
        parts += _raid_notes(row, forces, detained)
    fields["review"] = decided.review(parts)
    file, shaped = decided.shape(fields, kind)
    records = [Incoming(file, month, source_id, shaped, row.bare(), COLUMNS)]
    if event.fatalities:
        records.append(_casualty(event, record_id, file, context.rules, source_id))
    return records


def _proposal(event: Event, role: Role, kind: str) -> str:
    row = event.row
    actors = _("“{actor1}” against “{actor2}”").format(
        actor1=row.text("actor1"), actor2=row.text("actor2") or "—"
    )
    proposal = _(decided.CLASS_WORDS[kind])
    return f"{_(decided.CLASS_NOTE)}: {proposal} (ACLED {event.event_id}: {actors})"


def _sources(row: Row) -> str | None:
    sources = _(", ").join(s.strip() for s in row.text("source").split(";") if s.strip())
    if not sources:
        return None
    return _("add the source links (according to ACLED: “{sources}”)").format(sources=sources)


def _raid_notes(row: Row, forces: list[str], detained: int | None) -> list[str]:
    notes = []
    if detained is not None:
        message = _("the number detained ({count}) is from ACLED's notes: confirm it")
        notes.append(message.format(count=detained))
    if not forces:
        message = _("the forces are not known from ACLED ({actor}): add them")
        notes.append(message.format(actor=row.text("actor1")))
    return notes


def _casualty(event: Event, record_id: str, file: str, rules: Rules, source_id: str) -> Incoming:
    convention = rules.convention(event.row.text("notes"))
    parts = [_("dead according to ACLED ({id}): set the category").format(id=event.event_id)]
    if convention:
        message = _("{note} ({convention}): counted nowhere until you confirm or correct it")
        parts.append(message.format(note=_(decided.CONVENTION_NOTE), convention=convention))
    casualty = {
        "date": event.date,
        "category": "unknown",
        "status": "killed",
        "count": event.fatalities,
        "attack": record_id if file == "attacks" else None,
        "raid": record_id if file == "raids" else None,
        "confirmed": False if convention else None,
        "review": decided.review(parts),
    }
    month = event.date.strftime("%Y-%m")
    return Incoming("casualties", month, source_id, casualty, event.row.bare(), COLUMNS)


def import_acled(
    inputs: Path, path: Path, month: str | None = None
) -> tuple[Summary, list[Problem]]:
    """Read the ACLED export `path` and merge its records into `inputs`; nothing is written when
    the inputs or a row have a problem, or when the result would not pass `check`."""
    project, _warnings = load_project(inputs)
    records, summary, warnings = read_acled(path, project, load_rules(inputs), month)
    summary_months = {key for key, m in project.months.items() if m.is_summary}
    records = without_summary_months(records, summary_months, summary)
    summary = apply(inputs, project, records, summary)
    return summary, warnings + summary.notes
