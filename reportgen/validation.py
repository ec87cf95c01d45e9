"""The rules a schema cannot say: real dates inside the month, unique ids, references between
files, population sums, governorate names, and file paths that stay inside their folder.

Every function takes a document as `schemacheck.check_structure` returns it: the parts that broke
the schema are None and are skipped here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from .errors import Problem
from .records import Governorate
from .schemacheck import describe, suggestion
from .yamlsource import YamlDoc, YamlPath

POPULATION_GROUPS = ("iraqi", "syrian", "foreign")


@dataclass(frozen=True)
class MonthContext:
    key: str
    folder: Path
    folder_display: str
    gazetteer: Mapping[str, Governorate] | None
    """None when governorates.yaml is itself broken: governorate names are then not checked."""


@dataclass(frozen=True)
class Incidents:
    """The ids one events file defines, for casualties to refer to."""

    noun: str
    display: str
    ids: frozenset[str] | None
    """None when that file is broken, so references to it are not checked."""


def entries(doc: YamlDoc, list_key: str) -> list[tuple[YamlPath, dict[str, Any]]]:
    """The well-formed items of the file's top-level list, each with its path."""
    items = enumerate(doc.data.get(list_key) or [])
    return [((list_key, i), item) for i, item in items if item is not None]


def incident_ids(doc: YamlDoc, list_key: str) -> frozenset[str]:
    """Every text id in the file as parsed, well-formed item or not: a reference to a broken item
    is not a second problem."""
    items = doc.data.get(list_key) if isinstance(doc.data, dict) else None
    if not isinstance(items, list):
        return frozenset()
    return frozenset(
        item["id"] for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)
    )


def resolve_governorate(value: str, gazetteer: Mapping[str, Governorate]) -> str | None:
    """The gazetteer key for a key or an Arabic name, else None."""
    name = value.strip()
    if name in gazetteer:
        return name
    return next((g.key for g in gazetteer.values() if g.name_ar == name), None)


def report_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    problems = list(_duplicate_problems(doc, _field_values(doc, "sections", "id"), "section id"))
    written = doc.data.get("month")
    if written is not None and written != month.key:
        message = f"{written} does not match the folder name {month.key}"
        problems.append(doc.problem(("month",), message))
    cover = doc.data.get("cover")
    if cover:
        problem = contained_file_problem(
            doc, ("cover", "image"), cover["image"], month.folder, month.folder_display
        )
        problems.extend([problem] if problem else [])
    return problems


def attack_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    problems = _incident_problems(doc, "attacks", month)
    for path, item in entries(doc, "attacks"):
        if not item.get("sources"):
            message = f"attack '{item['id']}' has no sources"
            problems.append(doc.problem(path, message, severity="warning"))
    return problems


def no_attacks_warning(doc: YamlDoc) -> Problem | None:
    """A warning when a well-formed attacks.yaml lists no attacks."""
    if doc.data.get("attacks"):
        return None
    message = "no attacks recorded this month"
    return doc.problem(("attacks",), message, at_key=True, severity="warning")


def missing_attacks_warning(report_display: str) -> Problem:
    message = "no attacks.yaml in this month folder: the report will show no attacks"
    return Problem(report_display, 1, 1, "", message, "warning")


def raid_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    return _incident_problems(doc, "raids", month)


def casualty_problems(
    doc: YamlDoc, month: MonthContext, attacks: Incidents, raids: Incidents
) -> list[Problem]:
    problems = _date_problems(doc, "casualties", month.key)
    for path, item in entries(doc, "casualties"):
        for incidents in (attacks, raids):
            problem = _reference_problem(doc, path, item, incidents)
            problems.extend([problem] if problem else [])
        if "attack" not in item and "raid" not in item:
            message = "not linked to an attack or a raid (add attack: or raid: with its id)"
            problems.append(doc.problem(path, message, severity="warning"))
    return problems


def sanction_problems(doc: YamlDoc, month: MonthContext) -> list[Problem]:
    return _date_problems(doc, "sanctions", month.key)


def camp_problems(doc: YamlDoc) -> list[Problem]:
    problems = []
    for path, item in entries(doc, "camps"):
        population = item.get("population") or {}
        total = population.get("total")
        groups = [population.get(name) for name in POPULATION_GROUPS]
        if total is not None and None not in groups and sum(groups) != total:
            message = f"iraqi + syrian + foreign = {sum(groups)}, but total is {total}"
            problems.append(doc.problem((*path, "population"), message))
    return problems


def gazetteer_problems(doc: YamlDoc) -> list[Problem]:
    return [
        *_duplicate_problems(doc, _field_values(doc, "governorates", "key"), "governorate key"),
        *_duplicate_problems(doc, _field_values(doc, "governorates", "name_ar"), "Arabic name"),
    ]


def publication_problems(doc: YamlDoc, inputs: Path, inputs_display: str) -> list[Problem]:
    if doc.data.get("logo") is None:
        return []
    problem = contained_file_problem(doc, ("logo",), doc.data["logo"], inputs, inputs_display)
    return [problem] if problem else []


def contained_file_problem(
    doc: YamlDoc, path: YamlPath, value: str, base: Path, base_display: str
) -> Problem | None:
    """Why `value` is not an existing file inside `base` (and stays inside through links)."""
    found, where = describe(value), f"the folder {base_display}"
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute():
        return doc.problem(path, f"{found} is an absolute path; give a path inside {where}")
    if posixpath.normpath(value).split("/")[0] == "..":
        return doc.problem(path, f"{found} points outside {where}")
    target = base / value
    if not target.resolve().is_relative_to(base.resolve()):
        return doc.problem(path, f"{found} is a link to a file outside {where}")
    if not target.is_file():
        return doc.problem(path, f"no file {found} in {base_display}")
    return None


def _incident_problems(doc: YamlDoc, list_key: str, month: MonthContext) -> list[Problem]:
    return [
        *_date_problems(doc, list_key, month.key),
        *_duplicate_problems(doc, _field_values(doc, list_key, "id"), "id"),
        *_governorate_problems(doc, list_key, month.gazetteer),
    ]


def _field_values(doc: YamlDoc, list_key: str, name: str) -> list[tuple[YamlPath, Any]]:
    return [((*path, name), item[name]) for path, item in entries(doc, list_key) if name in item]


def _date_problems(doc: YamlDoc, list_key: str, month: str) -> list[Problem]:
    problems = []
    for path, text in _field_values(doc, list_key, "date"):
        try:
            date.fromisoformat(text)
        except ValueError:
            problems.append(doc.problem(path, f"{text} is not a real date"))
            continue
        if text[:7] != month:
            problems.append(doc.problem(path, f"{text} is outside {month}"))
    return problems


def _duplicate_problems(
    doc: YamlDoc, values: Iterable[tuple[YamlPath, Any]], noun: str
) -> Iterator[Problem]:
    first_paths: dict[Any, YamlPath] = {}
    for path, value in values:
        if value in first_paths:
            first_line = doc.position(first_paths[value])[0]
            yield doc.problem(path, f"duplicate {noun} '{value}' (first at line {first_line})")
        else:
            first_paths[value] = path


def _governorate_problems(
    doc: YamlDoc, list_key: str, gazetteer: Mapping[str, Governorate] | None
) -> list[Problem]:
    if gazetteer is None:
        return []
    return [
        doc.problem(path, _unknown_governorate_message(name, gazetteer))
        for path, name in _field_values(doc, list_key, "governorate")
        if resolve_governorate(name, gazetteer) is None
    ]


def _unknown_governorate_message(name: str, gazetteer: Mapping[str, Governorate]) -> str:
    known = ", ".join(f"{g.name_ar} ({g.key})" for g in gazetteer.values()) or "none"
    close = suggestion(name.strip(), [g.name_ar for g in gazetteer.values()] + list(gazetteer))
    hint = f" (did you mean '{close}'?)" if close else ""
    return f"unknown governorate {describe(name)}{hint}; known: {known}"


def _reference_problem(
    doc: YamlDoc, path: YamlPath, item: Mapping[str, Any], incidents: Incidents
) -> Problem | None:
    wanted = item.get(incidents.noun)
    if wanted is None or incidents.ids is None or wanted in incidents.ids:
        return None
    message = f"no {incidents.noun} with id '{wanted}' in {incidents.display}"
    return doc.problem((*path, incidents.noun), message)
