"""Reads every month under inputs/, checks it, and hands on records plus warnings.

Each file is parsed (yamlsource), checked against its schema (schemacheck), then against the rules
a schema cannot say (validation), and only a month without errors becomes records (convert).
Problems are collected across all files and months and raised together.

`months` limits which month folders are reported on: every folder is still read (comparisons
need earlier months), but problems in other months are not reported and those months are left
out of the project when broken. Problems in the shared files and in the folder layout are always
reported.

Size limits come from `limits`, changed by `limits:` in publication.yaml (itself read within the
given limits); every YAML file must stay inside its folder, as covers and the logo must.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from reportgen.errors import InputError, Problem
from reportgen.i18n import _
from reportgen.input import convert, mailbox, published, validation
from reportgen.input.gazetteer import (
    Places,
    centre_problems,
    english_name,
    location_problems,
    pcode_problems,
)
from reportgen.input.gazetteer import places as known_places
from reportgen.input.placesfile import read_places
from reportgen.input.records import Gender, Governorate, Month, Place, Project, Publication, Reader
from reportgen.input.schemacheck import check_structure, suggestion
from reportgen.input.translation import (
    arabic_missing_problems,
    unnamed_problems,
    untranslated_problems,
)
from reportgen.input.validation import Incidents, Limits, MonthContext
from reportgen.input.yamlsource import YamlDoc, load_yaml

MONTH_NAME = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
EVENT_FILES = ("attacks", "raids", "casualties", "sanctions", "camps")
MONTH_FILES = ("report", *EVENT_FILES, "decisions")
RECORD_FILES = (published.NAME,)
"""Files a command writes into a month folder: the record of publication."""
SHARED_FILES = ("governorates", "publication", "actors", "readers", "acled")
YAML_SUFFIXES = (".yaml", ".yml")
PLACES_FILE = "places.csv"


def display_path(path: Path) -> str:
    """`path` relative to the current directory when it is under it, else absolute."""
    absolute = path.absolute()
    try:
        candidates = (absolute, path.resolve())
    except (OSError, RuntimeError):
        candidates = (absolute,)
    for candidate in candidates:
        try:
            return candidate.relative_to(Path.cwd()).as_posix()
        except ValueError:
            continue
    return absolute.as_posix()


def month_folders(inputs: Path) -> list[str]:
    """The YYYY-MM folder names under `inputs`, oldest first."""
    if not inputs.is_dir():
        return []
    return sorted(p.name for p in inputs.iterdir() if p.is_dir() and MONTH_NAME.fullmatch(p.name))


def full_months(project: Project) -> list[str]:
    """The months that have a briefing (not summary months), oldest first."""
    return sorted(key for key, month in project.months.items() if not month.is_summary)


def load_project(
    inputs: Path,
    months: list[str] | None = None,
    limits: Limits | None = None,
    *,
    bad_readers: Literal["error", "skip"] = "error",
) -> tuple[Project, list[Problem]]:
    """The validated project and its warnings; `InputError` with every error otherwise.

    With `bad_readers="skip"` a reader with a bad address or name is left out of
    `Project.readers` and its problems go to `Project.unsendable` instead of failing the load, so
    one bad reader does not stop a send to the others."""
    inputs = inputs.absolute()
    if not inputs.is_dir():
        raise InputError.single(display_path(inputs), 1, 1, "", _("no such inputs folder"))
    publication, limits, problems = _publication(inputs, limits or Limits())
    gazetteer, gazetteer_problems = _gazetteer(inputs, limits)
    genders, names_en, gender_problems = _genders(inputs, limits)
    readers, readers_problems, unsendable = _readers(inputs, limits)
    if bad_readers == "error":
        readers_problems, unsendable = readers_problems + unsendable, []
    places, places_problems = _places(inputs, limits, gazetteer)
    problems += gazetteer_problems + gender_problems + readers_problems + places_problems
    problems += list(_read(inputs / "acled.yaml", "acled", limits).problems)
    problems += _layout_problems(inputs, months)
    known = known_places(places)
    loaded: dict[str, Month] = {}
    for key in month_folders(inputs):
        out_of_range = limits.month_problem(key)
        if out_of_range is not None:
            problems.append(Problem(display_path(inputs / key), 1, 1, "", out_of_range))
            continue
        english = names_en if publication and "en" in publication.editions else None
        month, month_problems = _load_month(inputs / key, gazetteer, limits, known, english)
        if months is None or key in months:
            problems += month_problems
        if month is not None:
            loaded[key] = month
    errors = [p for p in problems if p.severity == "error"]
    if errors or publication is None or gazetteer is None or readers is None:
        raise InputError(errors)
    warnings = sorted(p for p in problems if p.severity == "warning")
    project = Project(
        inputs,
        publication,
        gazetteer,
        loaded,
        genders=genders,
        readers=readers,
        unsendable=tuple(sorted(unsendable)),
        places=places,
        names_en=names_en,
    )
    return project, warnings


def project_limits(inputs: Path) -> Limits:
    """The input limits of the project in `inputs`: the defaults, changed by publication.yaml's
    `limits:` when it reads cleanly."""
    _publication_settings, limits, _problems = _publication(inputs.absolute(), Limits())
    return limits


@dataclass(frozen=True)
class _Source:
    """One input file as read. `parsed` is the file as written (None when unreadable); `checked`
    is the same with every part that broke the schema set to None."""

    display: str
    present: bool
    parsed: YamlDoc | None = None
    checked: YamlDoc | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def clean(self) -> bool:
        return self.checked is not None and not self.problems


def _read(path: Path, schema: str, limits: Limits) -> _Source:
    display = display_path(path)
    if not path.exists() and not path.is_symlink():
        return _Source(display, present=False)
    outside = _outside_problem(path, display)
    if outside is not None:
        return _Source(display, True, problems=(outside,))
    try:
        parsed = load_yaml(path, display, max_bytes=limits.file_bytes, max_nodes=limits.yaml_values)
    except InputError as error:
        return _Source(display, True, problems=error.problems)
    if parsed.data is None:
        parsed = replace(parsed, data={})
    problems, checked = check_structure(parsed, schema)
    problems += validation.size_problems(checked, limits)
    return _Source(display, True, parsed, checked, tuple(problems))


def _outside_problem(path: Path, display: str) -> Problem | None:
    """A problem when `path` is a link that leads out of its own folder."""
    try:
        inside = path.resolve().is_relative_to(path.parent.resolve())
    except (OSError, RuntimeError):
        inside = True
    if inside:
        return None
    folder = display_path(path.parent)
    message = _("a link to a file outside the folder {folder}; put the file itself here")
    message = message.format(folder=folder)
    return Problem(display, 1, 1, "", message)


def _publication(inputs: Path, limits: Limits) -> tuple[Publication | None, Limits, list[Problem]]:
    """The publication settings and the limits for every other file."""
    source = _read(inputs / "publication.yaml", "publication", limits)
    if not source.present:
        return Publication(), limits, []
    if source.checked is None:
        return None, limits, list(source.problems)
    if source.clean:
        limits = _with_settings(limits, source.checked.data.get("limits") or {})
    found = validation.publication_problems(source.checked, inputs, display_path(inputs), limits)
    ok = source.clean and not found
    publication = convert.publication_from(source.checked.data) if ok else None
    return publication, limits, [*source.problems, *found]


def _genders(
    inputs: Path, limits: Limits
) -> tuple[dict[str, Gender], dict[str, str], list[Problem]]:
    """The editors' actor lexicon (optional inputs/actors.yaml): genders and English names."""
    source = _read(inputs / "actors.yaml", "actors", limits)
    if not source.clean:
        return {}, {}, list(source.problems)
    data = source.checked.data
    return convert.genders_from(data), convert.english_names_from(data), []


def _with_settings(limits: Limits, settings: dict[str, float]) -> Limits:
    return replace(
        limits,
        **{
            name: float(value) if name == "camp_unspecified_percent" else int(value)
            for name, value in settings.items()
        },
    )


def _gazetteer(inputs: Path, limits: Limits) -> tuple[dict[str, Governorate] | None, list[Problem]]:
    source = _read(inputs / "governorates.yaml", "governorates", limits)
    if not source.present:
        message = _("missing file: it lists the governorates that attacks and raids refer to")
        return None, [Problem(source.display, 1, 1, "", message)]
    if source.checked is None:
        return None, list(source.problems)
    found = validation.gazetteer_problems(source.checked) + pcode_problems(source.checked)
    ok = source.clean and not found
    warnings = centre_problems(source.checked) if ok else []
    gazetteer = convert.gazetteer_from(source.checked.data) if ok else None
    return gazetteer, [*source.problems, *found, *warnings]


def _readers(
    inputs: Path, limits: Limits
) -> tuple[tuple[Reader, ...] | None, list[Problem], list[Problem]]:
    """inputs/readers.yaml, the mailing list (a project without one has no readers): the readers
    without a problem, the problems of the file as a whole, and those of single readers."""
    source = _read(inputs / "readers.yaml", "readers", limits)
    if not source.present:
        return (), [], []
    if source.checked is None:
        return None, list(source.problems), []
    problems = [*source.problems, *mailbox.readers_problems(source.checked)]
    single = [p for p in problems if p.severity == "error" and _READER_FIELD.match(p.field)]
    whole = [p for p in problems if p not in single]
    if any(p.severity == "error" for p in whole):
        return None, problems, []
    bad = {int(_READER_FIELD.match(p.field).group(1)) for p in single}
    items = [
        item for i, item in enumerate(source.checked.data.get("readers") or []) if i not in bad
    ]
    return convert.readers_from({"readers": items}), whole, single


_READER_FIELD = re.compile(r"readers\[([0-9]+)\]")


def _places(
    inputs: Path, limits: Limits, gazetteer: dict[str, Governorate] | None
) -> tuple[tuple[Place, ...], list[Problem]]:
    """The editors' own places (inputs/places.csv, optional), for villages the gazetteer lacks."""
    path = inputs / PLACES_FILE
    if not path.exists() and not path.is_symlink():
        return (), []
    display = display_path(path)
    limit = limits.text_characters
    return read_places(path, display, limits.file_bytes, governorates=gazetteer, text_limit=limit)


def _layout_problems(inputs: Path, months: list[str] | None) -> list[Problem]:
    problems = _unknown_file_problems(inputs, SHARED_FILES)
    for entry in sorted(inputs.iterdir()):
        hidden = entry.name.startswith(".")
        if entry.is_dir() and not hidden and not MONTH_NAME.fullmatch(entry.name):
            message = _("not a month folder: month folders are named YYYY-MM, e.g. 2023-11")
            problems.append(Problem(display_path(entry), 1, 1, "", message))
    known = month_folders(inputs)
    for key in months or ():
        if key not in known:
            message = _("no such month folder (months: {months})")
            message = message.format(months=_(", ").join(known) or _("none"))
            problems.append(Problem(display_path(inputs / key), 1, 1, "", message))
    return problems


def _unknown_file_problems(folder: Path, names: Iterable[str]) -> list[Problem]:
    expected = [f"{name}.yaml" for name in names]
    problems = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix in YAML_SUFFIXES and entry.name not in expected:
            close = suggestion(entry.name, expected)
            message = (
                _("unknown file; did you mean '{close}'?")
                if close
                else _("unknown file; expected: {files}")
            )
            message = message.format(close=close, files=_(", ").join(expected))
            problems.append(Problem(display_path(entry), 1, 1, "", message))
    return problems


def _load_month(
    folder: Path,
    gazetteer: dict[str, Governorate] | None,
    limits: Limits,
    known: Places,
    english: Mapping[str, str] | None = None,
) -> tuple[Month | None, list[Problem]]:
    """One month folder. `english` (the editors' English names, when the English edition is on)
    also warns of every text and name of a full month without its English (summary months show
    none)."""
    sources = {
        name: _read(folder / f"{name}.yaml", name, limits) for name in MONTH_FILES + RECORD_FILES
    }
    problems = [p for source in sources.values() for p in source.problems]
    summary = sources["report"].checked is not None and "totals" in sources["report"].checked.data
    if english is not None and not summary:
        problems += [
            p
            for name, source in sources.items()
            if source.checked is not None
            for p in untranslated_problems(source.checked, name, _place_name(gazetteer, known))
            + unnamed_problems(source.checked, name, english)
        ]
    problems += _unknown_file_problems(folder, MONTH_FILES + RECORD_FILES)
    if sources[published.NAME].checked is not None:
        problems += published.published_problems(sources[published.NAME].checked, folder.name)
    context = MonthContext(folder.name, folder, display_path(folder), gazetteer, limits)
    report = sources["report"].checked
    if not sources["report"].present:
        message = _("missing file: every month folder needs a report.yaml with month and title")
        problems.append(Problem(sources["report"].display, 1, 1, "", message))
    if report is not None:
        problems += validation.report_problems(report, context)
    if report is not None and "totals" in report.data:
        problems += _summary_month_problems(sources)
    else:
        problems += _full_month_problems(sources, context)
        problems += _location_warnings(sources, gazetteer, known)
    if any(p.severity == "error" for p in problems) or gazetteer is None:
        return None, problems
    return _month(folder, sources, gazetteer), problems


def _place_name(gazetteer: dict[str, Governorate] | None, known: Places):
    """The gazetteer's English name of a location in a governorate as the editor wrote it."""

    def name_en(location: str, governorate: object) -> str | None:
        if not gazetteer or not isinstance(governorate, str):
            return None
        key = validation.resolve_governorate(governorate, gazetteer)
        return english_name(known, location, key) if key else None

    return name_en


def _summary_month_problems(sources: dict[str, _Source]) -> list[Problem]:
    message = _(
        "a summary month (report.yaml has totals) cannot have event files; "
        "remove this file or the totals"
    )
    return [
        Problem(sources[name].display, 1, 1, "", message)
        for name in EVENT_FILES
        if sources[name].present
    ]


def _full_month_problems(sources: dict[str, _Source], context: MonthContext) -> list[Problem]:
    docs = {name: source.checked for name, source in sources.items()}
    problems: list[Problem] = []
    if docs["attacks"]:
        problems += validation.attack_problems(docs["attacks"], context)
    if sources["attacks"].clean:
        problems += filter(None, [validation.no_attacks_warning(docs["attacks"])])
    elif not sources["attacks"].present and sources["report"].present:
        problems.append(validation.missing_attacks_warning(sources["report"].display))
    if docs["raids"]:
        problems += validation.raid_problems(docs["raids"], context)
    if sources["raids"].clean and (
        sources["casualties"].clean or not sources["casualties"].present
    ):
        display = sources["casualties"].display
        problems += validation.killed_notable_problems(docs["raids"], docs["casualties"], display)
    for name in EVENT_FILES:
        if docs[name]:
            problems += validation.review_mark_problems(docs[name], name)
            problems += arabic_missing_problems(docs[name], name)
    problems += validation.source_id_problems(docs)
    if docs["casualties"]:
        attacks = _incidents(sources["attacks"], "attack")
        raids = _incidents(sources["raids"], "raid")
        problems += validation.casualty_problems(docs["casualties"], context, attacks, raids)
        if _published(docs["report"]):
            problems += validation.unknown_casualty_warnings(docs["casualties"])
    if docs["sanctions"]:
        problems += validation.sanction_problems(docs["sanctions"], context)
    if docs["camps"]:
        problems += validation.camp_problems(docs["camps"], context.limits)
    return problems


def _published(report: YamlDoc | None) -> bool:
    return (
        bool(report) and isinstance(report.data, dict) and report.data.get("status") == "published"
    )


def _location_warnings(
    sources: dict[str, _Source], gazetteer: dict[str, Governorate] | None, known: Places
) -> list[Problem]:
    """Attacks and raids whose location the place gazetteer does not know (map positions)."""
    if gazetteer is None:
        return []
    return [
        problem
        for name in ("attacks", "raids")
        if sources[name].checked is not None
        for problem in location_problems(
            sources[name].checked, name, gazetteer, known, validation.resolve_governorate
        )
    ]


def _incidents(source: _Source, noun: str) -> Incidents:
    if not source.present:
        return Incidents(noun, source.display, frozenset())
    ids = validation.incident_ids(source.parsed, f"{noun}s") if source.parsed else None
    checked = source.checked
    dates = validation.incident_dates(checked, f"{noun}s") if checked else {}
    return Incidents(noun, source.display, ids, dates)


def _month(folder: Path, sources: dict[str, _Source], gazetteer: dict[str, Governorate]) -> Month:
    data = {name: source.checked.data if source.checked else {} for name, source in sources.items()}
    record = sources[published.NAME]
    return Month(
        key=folder.name,
        folder=folder,
        report=convert.report_from(data["report"]),
        attacks=convert.attacks_from(data["attacks"], gazetteer),
        raids=convert.raids_from(data["raids"], gazetteer),
        casualties=convert.casualties_from(data["casualties"]),
        sanctions=convert.sanctions_from(data["sanctions"]),
        camps=convert.camps_from(data["camps"]),
        freeze=published.freeze_from(record.checked.data) if record.present else None,
        decisions=convert.decisions_from(data["decisions"]),
    )
