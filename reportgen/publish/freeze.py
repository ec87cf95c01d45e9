"""Publishing freezes a month: `published.yaml` in its folder records what readers got.

The record holds the SHA-256 of every file of the month folder as published (text files with
their line endings as LF, so a checkout with CRLF still matches), the tool's version, the day,
the headline and the key figures, and every correction since. It lives beside the inputs so it
travels with them in version control. Afterwards every path to readers (publish/gate.py) refuses
a month whose files differ from the record, naming each file and the two ways out: restore the
published file, or `reportgen correct`, which records a dated correction and the new digests.

Hidden files (an editor's swap file, `.DS_Store`) and backups ending in `~` are not the month's
files; everything else in the folder is, whatever its name, since a briefing may read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from reportgen import __version__
from reportgen.errors import InputError, Problem
from reportgen.i18n import N_, _
from reportgen.input import published
from reportgen.input.loader import display_path
from reportgen.input.records import Correction, Freeze, Month, Project
from reportgen.input.yamlsource import parse_yaml

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded

FILE = published.FILE
FIGURES = (
    "attacks",
    "unconfirmed_attacks",
    "killed",
    "wounded",
    "isis_killed",
    "raids",
    "detained",
    "sanctions",
    "camp_population",
    "repatriated",
)
"""The summary columns a record keeps, so a correction can say which figures it changed."""
HEADER = (
    "# yaml-language-server: $schema=../../reportgen/schemas/published.schema.json\n"
    "# سجل النشر: تكتبه reportgen publish وreportgen correct، فلا تحرّره يدوياً.\n"
    "# The record of publication, written by reportgen publish and reportgen correct: do not\n"
    "# edit it. To change a published month, edit its files, then run\n"
    '#   reportgen correct YYYY-MM --note "what was corrected"\n'
)


def tool_version() -> str:
    return f"reportgen {__version__}"


def month_files(digests: Mapping[str, str], month: str) -> dict[str, str]:
    """The digests (as `fingerprint.input_digests` took them) of `month`'s own files, by their name
    inside its folder, the record itself left out."""
    prefix = f"{month}/"
    return {
        name[len(prefix) :]: digest
        for name, digest in sorted(digests.items())
        if name.startswith(prefix) and _is_month_file(name[len(prefix) :])
    }


def _is_month_file(name: str) -> bool:
    parts = name.split("/")
    return (
        name != FILE
        and ":" not in name
        and not any(part.startswith(".") for part in parts)
        and not parts[-1].endswith("~")
        and not parts[-1].startswith("#")
    )


def differences(record: Freeze, files: Mapping[str, str]) -> list[tuple[str, str]]:
    """(name, how) for each file that is not as recorded: how is changed, deleted or added."""
    found = []
    for name in sorted(set(record.files) | set(files)):
        if name not in files:
            found.append((name, "deleted"))
        elif name not in record.files:
            found.append((name, "added"))
        elif files[name] != record.files[name]:
            found.append((name, "changed"))
    return found


def freeze_problems(project: Project, month: str, digests: Mapping[str, str]) -> list[Problem]:
    """An error for each file of `month` that differs from its record of publication, and for a
    month that says published but has no record."""
    m = project.months[month]
    folder = display_path(m.folder)
    if m.freeze is None:
        if m.report.status != "published" or m.is_summary:
            return []
        return [_unrecorded_problem(m, folder)]
    problems = []
    for name, how in differences(m.freeze, month_files(digests, month)):
        message = _(_CHANGE_MESSAGES[how]).format(
            month=month, day=m.freeze.published.isoformat(), record=f"{folder}/{FILE}"
        )
        problems.append(Problem(f"{folder}/{name}", 1, 1, "", message))
    return problems


_CHANGE_MESSAGES = {
    "changed": N_(
        "changed since {month} was published ({day}, recorded in {record}): restore the "
        "published file, or publish the change as a correction: "
        'reportgen correct {month} --note "…"'
    ),
    "deleted": N_(
        "deleted since {month} was published ({day}, recorded in {record}): restore the "
        'file, or publish its removal as a correction: reportgen correct {month} --note "…"'
    ),
    "added": N_(
        "added since {month} was published ({day}, recorded in {record}): remove it, or "
        'publish the addition as a correction: reportgen correct {month} --note "…"'
    ),
}


def recorded_problems(
    inputs: Path, digests: Mapping[str, str], months: list[str] | None = None
) -> list[Problem]:
    """The freeze problems of `months` (all when None) read straight from their records, for
    when the inputs do not load: a deleted file then shows as deleted beside what its loss
    broke. A record that cannot be read is left to the loader's own report."""
    from reportgen.input.loader import month_folders

    problems: list[Problem] = []
    for month in month_folders(inputs):
        path = inputs / month / FILE
        if (months is not None and month not in months) or not path.is_file():
            continue
        try:
            data = parse_yaml(path.read_bytes(), display_path(path)).data
            record = published.freeze_from(data)
        except (InputError, OSError, KeyError, TypeError, ValueError, AttributeError):
            continue
        folder = display_path(inputs / month)
        for name, how in differences(record, month_files(digests, month)):
            message = _(_CHANGE_MESSAGES[how]).format(
                month=month, day=record.published.isoformat(), record=f"{folder}/{FILE}"
            )
            problems.append(Problem(f"{folder}/{name}", 1, 1, "", message))
    return problems


def _unrecorded_problem(m: Month, folder: str) -> Problem:
    message = _(
        "published, but its record of publication {record} is missing: restore it (from "
        "version control), or run `reportgen publish {month}` to record the month as it is now"
    ).format(record=f"{folder}/{FILE}", month=m.key)
    return Problem(
        f"{folder}/report.yaml", _status_line(m.folder / "report.yaml"), 1, "status", message
    )


def _status_line(report: Path) -> int:
    try:
        lines = report.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if line.startswith("status:")), 1)


def key_figures(loaded: Loaded, month: str) -> dict[str, int | None]:
    """The month's key figures as readers see them (FIGURES of its summary row)."""
    import pandas as pd

    row = loaded.dataset.row(month)
    return {name: None if pd.isna(row[name]) else int(row[name]) for name in FIGURES}


def new_record(loaded: Loaded, month: str, digests: Mapping[str, str], day: date) -> Freeze:
    """The record of `month` as its files are now (`digests`), published on `day`."""
    report = loaded.project.months[month].report
    return Freeze(
        month=month,
        published=day,
        tool=tool_version(),
        files=month_files(digests, month),
        figures=key_figures(loaded, month),
        title=report.title,
        title_en=report.title_en,
    )


def corrected_record(
    loaded: Loaded, month: str, digests: Mapping[str, str], correction: Correction
) -> Freeze:
    """`month`'s record with `correction` added and the files and figures as they are now."""
    record = loaded.project.months[month].freeze
    assert record is not None
    now = new_record(loaded, month, digests, record.published)
    return replace(now, published=record.published, corrections=(*record.corrections, correction))


def record_text(record: Freeze) -> str:
    """published.yaml's text: a header saying what it is, then the record."""
    data: dict[str, object] = {
        "month": record.month,
        "published": record.published,
        "tool": record.tool,
        "title": record.title,
    }
    if record.title_en:
        data["title_en"] = record.title_en
    data["figures"] = dict(record.figures)
    data["files"] = dict(record.files)
    if record.corrections:
        data["corrections"] = [_correction_data(c) for c in record.corrections]
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1_000_000)
    return HEADER + body


def _correction_data(correction: Correction) -> dict[str, object]:
    data: dict[str, object] = {"date": correction.date, "note": correction.note}
    if correction.note_en:
        data["note_en"] = correction.note_en
    if correction.files:
        data["files"] = list(correction.files)
    if correction.figures:
        data["figures"] = {name: list(pair) for name, pair in correction.figures.items()}
    if correction.title:
        data["title"] = list(correction.title)
    if correction.title_en:
        data["title_en"] = list(correction.title_en)
    return data


def checked_text(folder: Path, record: Freeze) -> str:
    """FOLDER/published.yaml's text for `record`, once it has passed the checks `check` applies
    to the file; an InputError otherwise."""
    from reportgen.input.schemacheck import check_structure

    path = folder / FILE
    text = record_text(record)
    doc = parse_yaml(text.encode("utf-8"), display_path(path))
    problems, checked = check_structure(doc, published.NAME)
    problems += published.published_problems(checked, folder.name)
    if problems:
        raise InputError(problems)
    return text
