"""The publishing gate: the one check every path to readers goes through.

`build` (one month or `--all`), the archive and its feeds, `mail` (proof or `--send`), `data`,
`publish`, `correct` and `check` all ask `refuse_unpublishable` before they write anything a
reader could get. A month is refused when its report says published while a review mark remains
(a record's `review:`, the placeholder headline, a text without its English in a project with an
English edition), and when a published month's files are no longer those its record of
publication (published.yaml) names. Every problem is located and says the way out, and all of
them are listed at once, as `check` lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from reportgen.errors import InputError, Problem
from reportgen.i18n import _
from reportgen.input.loader import display_path, full_months
from reportgen.input.records import Project
from reportgen.input.reviewmarks import is_review_mark

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded


def review_marks(loaded: Loaded, month: str) -> list[Problem]:
    """The review marks (and the placeholder headline) left in `month`'s files."""
    folder = display_path(loaded.project.months[month].folder) + "/"
    return [w for w in loaded.warnings if w.path.startswith(folder) and is_review_mark(w)]


def gate_problems(loaded: Loaded, months: Iterable[str] | None = None) -> list[Problem]:
    """Every reason `months` (every full month when None) may not reach readers."""
    from reportgen.publish.fingerprint import input_digests
    from reportgen.publish.freeze import freeze_problems

    project = loaded.project
    digests = loaded.digests if loaded.digests is not None else input_digests(project.inputs)
    chosen = full_months(project) if months is None else [m for m in months if m in project.months]
    chosen = list(dict.fromkeys(chosen))
    problems: list[Problem] = []
    for month in chosen:
        problems += freeze_problems(project, month, digests)
        marks = review_marks(loaded, month)
        if marks and project.months[month].report.status == "published":
            problems += [replace(mark, severity="error") for mark in marks]
            problems.append(_published_problem(project, month))
    return problems


def refuse_unpublishable(loaded: Loaded, months: Iterable[str] | None = None) -> None:
    """An InputError listing every reason `months` (every full month when None) may not reach
    readers; nothing when they may."""
    problems = gate_problems(loaded, months)
    if problems:
        raise InputError(problems)


def _published_problem(project: Project, month: str) -> Problem:
    report = display_path(project.months[month].folder / "report.yaml")
    message = _(
        "published, but review marks remain (listed): confirm each record and delete its "
        "review line, or set status: draft"
    )
    return Problem(report, 1, 1, "status", message)


def readers_months(project: Project) -> list[str]:
    """The months readers may see the figures of, oldest first: every published full month, and
    the summary months (history the published briefings already compare with). Drafts never."""
    return sorted(
        key
        for key, month in project.months.items()
        if month.is_summary or month.report.status == "published"
    )
