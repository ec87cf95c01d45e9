"""The team's incident spreadsheet to attacks and casualties: `reportgen import sheet`.

A small YAML mapping names the sheet's column for each field (docs/sheet-mapping.example.yaml).
Every row is checked before anything is written; records are matched by the sheet's id column.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportgen.editor.importers import decisions as decided
from reportgen.editor.importers.decisions import honour
from reportgen.editor.importers.rows import Problems, Row, missing_columns, open_rows, parse_date
from reportgen.editor.importers.writer import Incoming, Summary, apply, without_summary_months
from reportgen.errors import InputError, Problem
from reportgen.i18n import _
from reportgen.input.loader import display_path, load_project
from reportgen.input.records import Governorate
from reportgen.input.schemacheck import check_structure
from reportgen.input.validation import resolve_governorate
from reportgen.input.vocabulary import ATTACK_TYPES, TARGETS
from reportgen.input.yamlsource import load_yaml

FIELDS = (
    "id",
    "date",
    "governorate",
    "location",
    "lat",
    "lon",
    "type",
    "target",
    "claimed",
    "description",
    "sources",
    "killed",
    "wounded",
)
REQUIRED = ("id", "date", "governorate", "type", "target")
YES, NO = {"true", "yes", "1", "x", "نعم", "✓"}, {"", "false", "no", "0", "لا"}
COLUMNS_OF = {"count": "killed", "attack": "id"}
"""Casualty fields → the mapping's field whose column they come from (to locate a problem)."""


def import_sheet(
    inputs: Path, path: Path, mapping_path: Path, month: str | None = None
) -> tuple[Summary, list[Problem]]:
    """Read the sheet `path` through `mapping_path` and merge its records into `inputs`;
    nothing is written when a row has a problem or the result would not pass `check`."""
    project, _warnings = load_project(inputs)
    mapping = read_mapping(mapping_path)
    records, summary = read_sheet(path, mapping, project.governorates, month)
    summary_months = {key for key, m in project.months.items() if m.is_summary}
    records = without_summary_months(records, summary_months, summary)
    records = honour(records, decided.latest(project), summary)
    summary = apply(inputs, project, records, summary)
    return summary, summary.notes


def read_mapping(path: Path) -> dict[str, Any]:
    """The mapping file, checked against its schema with the same wording as `check`."""
    doc = load_yaml(path, display_path(path))
    problems, _checked = check_structure(doc, "sheet-mapping")
    if problems:
        raise InputError(problems)
    return doc.data


def read_sheet(
    path: Path, mapping: Mapping[str, Any], gazetteer: Mapping[str, Governorate], month: str | None
) -> tuple[list[Incoming], Summary]:
    reader = _Reader(mapping, gazetteer)
    problems, records, summary, seen = Problems(path), [], Summary(), {}
    with open_rows(path) as (header, rows):
        message = _("not the sheet the mapping describes: missing column(s) {columns}")
        missing_columns(path, header, list(reader.columns.values()), message)
        for row in rows:
            summary.rows += 1
            fields, found = reader.fields(row)
            problems.add(found + _duplicate(row, fields, reader.columns["id"], seen))
            if found or problems:
                continue
            if month and fields["date"].strftime("%Y-%m") != month:
                summary.skipped[_("outside {month}").format(month=month)] += 1
                continue
            summary.classes["attack"] += 1
            records += reader.records(fields, row)
    problems.raise_any()
    return records, summary


def _duplicate(
    row: Row, fields: dict[str, Any], column: str, seen: dict[str, int]
) -> list[Problem]:
    key = fields.get("id")
    if key is None:
        return []
    if key in seen:
        message = _("duplicate id {id} (first at row {row})").format(id=repr(key), row=seen[key])
        return [row.problem(column, message)]
    seen[key] = row.line
    return []


class _Reader:
    """Turns rows into attack fields, and fields into records, as one mapping says."""

    def __init__(self, mapping: Mapping[str, Any], gazetteer: Mapping[str, Governorate]):
        self.columns: dict[str, str] = mapping["columns"]
        self.source: str = mapping.get("source", "sheet")
        self.category: str = mapping.get("casualties", "unknown")
        self.gazetteer = gazetteer
        values = mapping.get("values", {})
        self.choices = {
            name: {**{k: k for k in vocabulary}, **{v: k for k, v in vocabulary.items()}}
            | values.get(name, {})
            for name, vocabulary in (("type", ATTACK_TYPES), ("target", TARGETS))
        }

    def fields(self, row: Row) -> tuple[dict[str, Any], list[Problem]]:
        fields, problems = {}, []
        for name, column in self.columns.items():
            value, message = getattr(self, f"_{name}", self._text)(row.values.get(column))
            if message:
                problems.append(row.problem(column, message))
            elif value is not None:
                fields[name] = value
        for name in REQUIRED:
            if name not in fields and not any(p.field == self.columns[name] for p in problems):
                message = _("empty: this field is required")
                problems.append(row.problem(self.columns[name], message))
        return fields, problems

    def records(self, fields: dict[str, Any], row: Row | None = None) -> list[Incoming]:
        source_id, attack_id = f"{self.source}:{fields['id']}", f"{self.source}-{fields['id']}"
        month = fields["date"].strftime("%Y-%m")
        note = _("imported from the sheet ({id}): check and confirm it").format(id=fields["id"])
        attack = {
            "id": attack_id,
            **{k: fields.get(k) for k in ("date", "governorate", "location", "lat", "lon")},
            **{k: fields.get(k) for k in ("type", "target")},
            "confirmed": False,
            "claimed": fields.get("claimed"),
            "description": fields.get("description"),
            "sources": fields.get("sources"),
            "review": note,
        }
        columns = dict(self.columns)
        columns |= {k: self.columns[v] for k, v in COLUMNS_OF.items() if v in self.columns}
        origin = row.bare() if row is not None else None
        records = [Incoming("attacks", month, source_id, attack, origin, columns)]
        for status in ("killed", "wounded"):
            if fields.get(status):
                casualty = {
                    "date": fields["date"],
                    "category": self.category,
                    "status": status,
                    "count": fields[status],
                    "attack": attack_id,
                    "review": note,
                }
                casualty_columns = {**columns, "count": self.columns.get(status, "")}
                incoming = Incoming(
                    "casualties", month, source_id, casualty, origin, casualty_columns
                )
                records.append(incoming)
        return records

    @staticmethod
    def _text(value: Any) -> tuple[Any, str | None]:
        text = _cell(value)
        return (text or None), None

    def _id(self, value: Any) -> tuple[Any, str | None]:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return self._text(value)

    @staticmethod
    def _date(value: Any) -> tuple[Any, str | None]:
        if not _cell(value):
            return None, None
        found = parse_date(value)
        message = _("expected a date, found {value}")
        return (found, None) if found else (None, message.format(value=repr(_cell(value))))

    def _governorate(self, value: Any) -> tuple[Any, str | None]:
        text = _cell(value)
        by_english = {g.name_en.casefold(): g.key for g in self.gazetteer.values()}
        key = resolve_governorate(text, self.gazetteer) or by_english.get(text.casefold())
        if key or not text:
            return key, None
        message = _("unknown governorate {value}; known: {known}")
        return None, message.format(value=repr(text), known=_(", ").join(self.gazetteer))

    def _type(self, value: Any) -> tuple[Any, str | None]:
        return self._choice("type", value)

    def _target(self, value: Any) -> tuple[Any, str | None]:
        return self._choice("target", value)

    def _choice(self, name: str, value: Any) -> tuple[Any, str | None]:
        text = _cell(value)
        if not text or text in self.choices[name]:
            return self.choices[name].get(text), None
        known = _(", ").join(sorted(set(self.choices[name].values())))
        message = _("unknown {name} {value}; expected one of {known} (or add it under values:)")
        return None, message.format(name=name, value=repr(text), known=known)

    @staticmethod
    def _claimed(value: Any) -> tuple[Any, str | None]:
        text = _cell(value).casefold()
        if text in YES or value is True:
            return True, None
        if text in NO or value is False:
            return None, None
        message = _("expected yes or no («نعم» or «لا»), found {value}")
        return None, message.format(value=repr(_cell(value)))

    @staticmethod
    def _sources(value: Any) -> tuple[Any, str | None]:
        links = _cell(value).replace(",", " ").split()
        bad = [link for link in links if not link.startswith(("http://", "https://"))]
        if bad:
            message = _("expected web addresses starting with http:// or https://, found {value}")
            return None, message.format(value=repr(bad[0]))
        return (links or None), None

    @staticmethod
    def _lat(value: Any) -> tuple[Any, str | None]:
        return _number(value, 90)

    @staticmethod
    def _lon(value: Any) -> tuple[Any, str | None]:
        return _number(value, 180)

    @staticmethod
    def _killed(value: Any) -> tuple[Any, str | None]:
        return _count(value)

    @staticmethod
    def _wounded(value: Any) -> tuple[Any, str | None]:
        return _count(value)


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _number(value: Any, limit: int) -> tuple[float | None, str | None]:
    if not _cell(value):
        return None, None
    try:
        number = float(_cell(value))
    except ValueError:
        number = None
    if number is None or not -limit <= number <= limit:
        message = _("expected a number from -{limit} to {limit}, found {value}")
        return None, message.format(limit=limit, value=repr(_cell(value)))
    return number, None


def _count(value: Any) -> tuple[int | None, str | None]:
    if not _cell(value):
        return None, None
    try:
        number = float(_cell(value))
    except ValueError:
        number = -1
    if number < 0 or not number.is_integer():
        message = _("expected a whole number ≥ 0, found {value}")
        return None, message.format(value=repr(_cell(value)))
    return int(number), None
