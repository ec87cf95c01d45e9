"""Rows of a CSV or Excel file, streamed one at a time, each with the line it starts on.

CSV is read as UTF-8 with or without a byte-order mark, with any line ends; an Excel workbook's
first sheet is read with calamine (a Rust reader: a large sheet in seconds, and a DTD's entities
are never expanded). Only a regular file is opened (a FIFO would block), and every way a file can
be unreadable (cut short, no workbook, not UTF-8, a cell larger than the CSV limit) is one located
problem, never a traceback. Problems point at `FILE:ROW:COLUMN` (the header is row 1).

Rows are yielded, not listed: an importer keeps only the rows it turns into records, so a
million-row export costs the memory of its relevant rows, not of the file.
"""

from __future__ import annotations

import csv
import io
import os
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportgen.errors import InputError, Problem
from reportgen.i18n import _, ngettext
from reportgen.input.loader import display_path
from reportgen.input.yamlsource import NotRegularFile, read_regular

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%b-%y", "%d-%B-%y", "%d-%b-%Y", "%d %b %Y", "%m/%d/%Y")
"""ISO, ACLED's `02 June 2023`, and what a pass through Excel makes of them (`9-May-20`)."""
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
MAX_PROBLEMS = 100
"""Problems listed at most; a file of a million bad rows says how many more there are."""
CSV_FIELD_LIMIT = 1_000_000
"""Characters one CSV cell may have (the csv module's default is 131,072)."""


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

    def bare(self) -> Row:
        """Where the row is, without its values: what a record keeps to locate a problem."""
        return Row(self.path, self.line, self.header, {})


@dataclass
class Problems:
    """Problems collected while rows stream past, at most `limit` of them kept."""

    path: Path
    limit: int = MAX_PROBLEMS
    found: list[Problem] = field(default_factory=list)
    more: int = 0
    first_unlisted: int = 0

    def add(self, problems: Sequence[Problem]) -> None:
        room = max(self.limit - len(self.found), 0)
        self.found += problems[:room]
        if len(problems) > room and not self.more:
            self.first_unlisted = problems[room].line
        self.more += len(problems) - min(room, len(problems))

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self) -> None:
        if not self.found:
            return
        problems = list(self.found)
        if self.more:
            message = ngettext(
                "… and {count} more problem not listed; fix these and import again",
                "… and {count} more problems not listed; fix these and import again",
                self.more,
            )
            line = self.first_unlisted
            problems.append(
                Problem(display_path(self.path), line, 1, "", message.format(count=self.more))
            )
        raise InputError(problems)


@contextmanager
def open_rows(path: Path) -> Iterator[tuple[tuple[str, ...], Iterator[Row]]]:
    """The header and a stream of the rows of a .csv or .xlsx file (empty rows left out).

    Reading problems (the file cannot be opened, decoded or parsed) raise `InputError` located
    at the row where they happen, from the stream itself."""
    display = display_path(path)
    try:
        lines = _xlsx_lines(path) if path.suffix.lower() in EXCEL_SUFFIXES else _csv_lines(path)
        first = next(lines, None)
    except InputError:
        raise
    except NotRegularFile as error:
        raise InputError.single(display, 1, 1, "", str(error)) from None
    except OSError as error:
        raise _cannot_read(display, 1, error.strerror or str(error)) from None
    if first is None:
        raise InputError.single(display, 1, 1, "", _("the file is empty"))
    header = tuple(str(name or "").strip() for name in first[1])
    try:
        yield header, _rows(path, header, lines)
    finally:
        lines.close()


def _rows(path: Path, header: tuple[str, ...], lines: Iterator) -> Iterator[Row]:
    for line, values in lines:
        if any(str(v if v is not None else "").strip() for v in values):
            cells = [*values, *[None] * (len(header) - len(values))]
            yield Row(path, line, header, dict(zip(header, cells, strict=False)))


def _cannot_read(display: str, line: int, reason: str) -> InputError:
    message = _("cannot read the file: {reason}").format(reason=reason)
    return InputError.single(display, line, 1, "", message)


def _opened(path: Path) -> io.BufferedReader:
    """`path` opened for reading if it is a regular file: a FIFO, device or socket is refused
    before it is opened (it would block), and checked again through the descriptor."""
    kind = os.stat(path).st_mode
    if not stat.S_ISREG(kind):
        read_regular(path, 0)  # raises the loader's message for what it is
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        read_regular(path, 0)
    return os.fdopen(fd, "rb")


def _csv_lines(path: Path) -> Iterator[tuple[int, list[str]]]:
    display = display_path(path)
    handle = io.TextIOWrapper(_opened(path), encoding="utf-8-sig", newline="")
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        reader = csv.reader(handle)
        start = 1
        while True:
            try:
                values = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as error:
                message = _("not valid UTF-8 (byte 0x{byte}); save the file as UTF-8 CSV")
                message = message.format(byte=f"{error.object[error.start]:02x}")
                raise _located(display, reader.line_num + 1, message) from None
            except csv.Error as error:
                raise _cannot_read(display, start, str(error)) from None
            yield start, values
            start = reader.line_num + 1
    finally:
        csv.field_size_limit(previous)
        handle.close()


def _located(display: str, line: int, message: str) -> InputError:
    return InputError.single(display, line, 1, "", message)


def _xlsx_lines(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from python_calamine import CalamineError, CalamineWorkbook

    display = display_path(path)
    with _opened(path) as handle:
        try:
            workbook = CalamineWorkbook.from_filelike(handle)
            sheet = workbook.get_sheet_by_index(0)
            rows = sheet.iter_rows()
        except (CalamineError, ValueError, OSError) as error:
            raise _not_a_workbook(display, error) from None
    number = 0
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except (CalamineError, ValueError) as error:
            raise _not_a_workbook(display, error, number + 1) from None
        number += 1
        yield number, [_excel_value(v) for v in values]


def _not_a_workbook(display: str, error: Exception, line: int = 1) -> InputError:
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    message = _(
        "not a readable Excel workbook ({reason}); open it in Excel or LibreOffice and save it "
        "again as .xlsx, or export it as CSV"
    ).format(reason=reason)
    return _located(display, line, message)


def _excel_value(value: Any) -> Any:
    """A cell as the importers read it: empty text is no value."""
    return None if value == "" else value


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
    return _parsed_text_date(str(value or "").strip())


@lru_cache(maxsize=8192)
def _parsed_text_date(text: str) -> date | None:
    """Exports repeat a few hundred dates over many rows: each is parsed once."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
