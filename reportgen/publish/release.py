"""`reportgen publish`: a month leaves draft once nothing in it is wrong or unconfirmed.

Publishing edits one line of report.yaml (`status: published`, added after `month:` when absent)
and leaves every other byte of the file as the editor wrote it: comments, quoting, line endings.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from reportgen.errors import InputError, Problem
from reportgen.files import write_atomic
from reportgen.i18n import N_, _
from reportgen.input.loader import display_path
from reportgen.input.yamlsource import load_yaml
from reportgen.publish.build import load, resolve_month, review_marks

_VALUE = re.compile(r"""status[ \t]*:[ \t]*("[^"\n]*"|'[^'\n]*'|[^\s#,}]+)""")
_REFUSED = N_(
    "cannot publish while review marks remain (listed): confirm each record and delete its "
    "review line, and write the headline"
)


def publish_month(inputs: Path, month: str) -> Path:
    """Set `status: published` in `month`'s report.yaml and return its path; an InputError with
    every error of the inputs, or every review mark of the month, otherwise (nothing written)."""
    loaded = load(inputs)
    month = resolve_month(loaded.project, month)
    report = loaded.project.months[month].folder / "report.yaml"
    marks = review_marks(loaded, month)
    if marks:
        refused = Problem(display_path(report), 1, 1, "status", _(_REFUSED))
        raise InputError([replace(mark, severity="error") for mark in marks] + [refused])
    if loaded.project.months[month].report.status != "published":
        write_atomic(report, published_text(report))
    return report


def published_text(report: Path) -> bytes:
    """report.yaml's bytes with the status set to published, every other byte unchanged."""
    raw = report.read_bytes()
    doc = load_yaml(report, display_path(report))
    lines = raw.decode("utf-8").splitlines(keepends=True)
    if "status" in doc.data:
        line, column = doc.key_position(("status",))
        text = lines[line - 1]
        found = _VALUE.match(text, column - 1)
        if found is None:
            raise _cannot_edit(report, line, column)
        start, end = found.span(1)
        lines[line - 1] = text[:start] + "published" + text[end:]
    else:
        line, column = doc.key_position(("month",))
        if column != 1:
            raise _cannot_edit(report, line, column)
        ending = re.search(r"\r?\n$", lines[line - 1])
        newline = ending.group() if ending else "\n"
        lines[line - 1] = lines[line - 1].rstrip("\r\n") + newline
        lines.insert(line, f"status: published{newline if ending else ''}")
    return "".join(lines).encode("utf-8")


def _cannot_edit(report: Path, line: int, column: int) -> InputError:
    message = _("cannot set the status here; write `status: published` on a line of its own")
    return InputError.single(display_path(report), line, column, "status", message)
