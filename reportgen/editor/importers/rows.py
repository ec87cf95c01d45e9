"""Rows of a CSV or Excel file, each with the line it starts on, and the values importers share.

CSV is read as UTF-8 with or without a byte-order mark, with any line ends; an Excel workbook's
first sheet is read with openpyxl. Problems point at `FILE:ROW:COLUMN` (the header is row 1).
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, Problem, failure_reason
from reportgen.i18n import _
from reportgen.input.loader import display_path

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%B-%y", "%d-%b-%Y", "%d %b %Y", "%m/%d/%Y")
"""ISO, ACLED's `02 June 2023`, and what a pass through Excel makes of them (`9-May-20`)."""


@dataclass(frozen=True)
class Row:
    """One data row: its values by column name, and where it is in the file."""

    path: Path
    line: int
    header: tuple[str, ...]
    values: dict[str, Any]

    def text(self, column: str) -> str:
        value = self.values.get(column)
        return "" if value is None else str(value).strip()

    def problem(self, column: str, message: str) -> Problem:
        index = self.header.index(column) + 1 if column in self.header else 1
        return Problem(display_path(self.path), self.line, index, column, message)


def _failure(error: Exception) -> str:
    if isinstance(error, zipfile.BadZipFile):
        return _("not an .xlsx workbook")
    return failure_reason(error)


def read_rows(path: Path) -> tuple[tuple[str, ...], list[Row]]:
    """The header and the rows of a .csv or .xlsx file (empty rows left out)."""
    reader = _xlsx_rows if path.suffix.lower() in (".xlsx", ".xlsm") else _csv_rows
    try:
        lines = list(reader(path))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, zipfile.BadZipFile) as error:
        message = _("cannot read the file: {reason}").format(reason=_failure(error))
        raise InputError.single(display_path(path), 1, 1, "", message) from error
    if not lines:
        raise InputError.single(display_path(path), 1, 1, "", _("the file is empty"))
    header = tuple(str(name or "").strip() for name in lines[0][1])
    rows = [
        Row(path, line, header, dict(zip(header, values, strict=False)))
        for line, values in lines[1:]
        if any(str(v or "").strip() for v in values)
    ]
    return header, rows


def missing_columns(path: Path, header: Sequence[str], needed: Sequence[str], message: str) -> None:
    """One problem listing every needed column the header lacks; `message` (translated) says
    what the file is not, with a `{columns}` placeholder."""
    missing = [name for name in needed if name not in header]
    if missing:
        message = message.format(columns=_(", ").join(missing))
        raise InputError.single(display_path(path), 1, 1, "", message)


def parse_date(value: Any) -> date | None:
    """A date from a cell in one of DATE_FORMATS, or an Excel date cell; None otherwise."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        start = 1
        for values in reader:
            yield start, values
            start = reader.line_num + 1


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values)
    finally:
        workbook.close()
