"""`reportgen correct`: a published month changes only through a dated, visible correction.

The editor edits the month's files, then runs `reportgen correct MONTH --note TEXT` (`--note-en`
too where the project has an English edition). The correction is recorded in the month's
published.yaml (publish/freeze.py) with its day, the note, the files that changed, the key
figures and headline before and after, and the record takes the files' new digests. The
briefing shows each correction under its headline (`briefing.context.shown_corrections`, both
editions), the archive beside the month, the feeds as an entry of its own, and
`reportgen mail MONTH --send` sends everyone who had the month a short notice of it
(publish/notices.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportgen.errors import InputError, Problem
from reportgen.files import write_atomic
from reportgen.i18n import _
from reportgen.input.loader import display_path, project_limits
from reportgen.input.records import Correction, Month
from reportgen.input.yamlsource import clean_text, visible_text
from reportgen.publish import freeze
from reportgen.publish.build import load, resolve_month
from reportgen.publish.gate import review_marks

LABEL = {"ar": "تصحيح", "en": "Correction"}
FIGURE_LABELS = {
    "attacks": ("الهجمات المؤكدة", "confirmed attacks"),
    "unconfirmed_attacks": ("الهجمات غير المؤكدة", "unconfirmed attacks"),
    "killed": ("القتلى", "killed"),
    "wounded": ("الجرحى", "wounded"),
    "isis_killed": ("قتلى التنظيم", "ISIS members killed"),
    "raids": ("المداهمات", "raids"),
    "detained": ("المعتقلون", "people detained"),
    "sanctions": ("العقوبات", "sanctions"),
    "camp_population": ("سكان المخيمات", "camp population"),
    "repatriated": ("المُعادون إلى بلدانهم", "people repatriated"),
}
"""How a correction notice names each of freeze.FIGURES, in Arabic and in English."""


@dataclass(frozen=True)
class Corrected:
    """What `correct_month` did: the record it wrote and the correction it added."""

    record: Path
    correction: Correction


def correct_month(
    inputs: Path, month: str, note: str, note_en: str | None = None, today: date | None = None
) -> Corrected:
    """Record a correction of the published `month` as its files are now, dated `today`; an
    InputError, nothing written, when it is not published, nothing changed, a review mark
    remains, or the note is empty, too long, or lacks the English the project needs."""
    loaded = load(inputs)
    month = resolve_month(loaded.project, month)
    m = loaded.project.months[month]
    record_path = m.folder / freeze.FILE
    _refuse_uncorrectable(m, record_path)
    changed = freeze.differences(m.freeze, freeze.month_files(loaded.digests or {}, month))
    if not changed:
        message = _(
            "nothing in {month} changed since it was published or last corrected: edit its "
            "files first, then record the correction"
        ).format(month=month)
        raise InputError.single(display_path(record_path), 1, 1, "", message)
    marks = review_marks(loaded, month)
    if marks:
        raise InputError([_as_error(mark) for mark in marks])
    editions = loaded.project.publication.editions
    note, note_en = _checked_notes(inputs, note, note_en, "en" in editions)
    figures = freeze.key_figures(loaded, month)
    correction = Correction(
        date=today or date.today(),
        note=note,
        note_en=note_en,
        files=tuple(name for name, _how in changed),
        figures={
            name: (before, figures.get(name))
            for name, before in m.freeze.figures.items()
            if name in figures and figures[name] != before
        },
        title=_changed(m.freeze.title, m.report.title),
        title_en=_changed(m.freeze.title_en, m.report.title_en),
    )
    record = freeze.corrected_record(loaded, month, loaded.digests or {}, correction)
    text = freeze.checked_text(m.folder, record)
    return Corrected(write_atomic(record_path, text), correction)


def _changed(before: str | None, after: str | None) -> tuple[str, str] | None:
    return (before, after) if before and after and before != after else None


def _refuse_uncorrectable(m: Month, record_path: Path) -> None:
    report = display_path(m.folder / "report.yaml")
    if m.freeze is None:
        message = _(
            "{month} has not been published: there is nothing to correct (edit it, then "
            "`reportgen publish {month}`)"
        ).format(month=m.key)
        raise InputError.single(report, 1, 1, "status", message)
    if m.report.status != "published":
        message = _(
            "a correction keeps the month published: set status: published again (a "
            "published month is corrected, not withdrawn)"
        )
        raise InputError.single(report, 1, 1, "status", message)


def _as_error(mark: Problem) -> Problem:
    from dataclasses import replace

    return replace(mark, severity="error")


class NoteError(ValueError):
    """A correction note that cannot be recorded; `option` names the command-line option."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def _checked_notes(
    inputs: Path, note: str, note_en: str | None, english: bool
) -> tuple[str, str | None]:
    """The notes as they will be stored: invisible characters removed, within the text limit,
    the English one present where the project has an English edition; a NoteError otherwise."""
    limit = project_limits(inputs).text_characters
    cleaned: dict[str, str | None] = {}
    for option, text in (("--note", note), ("--note-en", note_en)):
        value = " ".join(clean_text(text).split()) if text is not None else None
        if value is not None and not visible_text(value):
            raise NoteError(option, _("the note is empty: say what was corrected"))
        if value is not None and len(value) > limit:
            message = _("the note is longer than {limit} characters; keep it short")
            raise NoteError(option, message.format(limit=f"{limit:,}"))
        cleaned[option] = value
    if english and not cleaned["--note-en"]:
        message = _(
            "this project publishes an English edition: give the note in English too, "
            "with --note-en"
        )
        raise NoteError("--note-en", message)
    return cleaned["--note"] or "", cleaned["--note-en"]
