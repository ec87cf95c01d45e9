"""inputs/places.csv: the editors' own places, with the shipped list's columns, read like every
other input (a regular file within the size limit, hidden characters removed) and checked row by
row. A row that cannot be a place is an error at its line and column; one that can but looks
wrong (coordinates outside its governorate, a governorate no event can name) is a warning.
Malformed CSV (a quote left open, a cell over the csv module's limit) is a located problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from pathlib import Path

from reportgen.errors import Problem, failure_reason
from reportgen.i18n import _
from reportgen.input.gazetteer import governorate_key
from reportgen.input.outlines import misplaced
from reportgen.input.records import Governorate, Place
from reportgen.input.yamlsource import MAX_BYTES, NotRegularFile, clean_text, read_regular

COLUMNS = ("name_en", "name_ar", "lat", "lon", "governorate_key", "kind", "source")
REQUIRED = ("lat", "lon", "governorate_key")
TEXT_LIMIT = 2_000

Row = tuple[int, list[str]]
"""A CSV row and the line it starts on."""


class _BadCsv(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_places(
    path: Path,
    display: str,
    max_bytes: int = MAX_BYTES,
    *,
    governorates: Mapping[str, Governorate] | None = None,
    text_limit: int = TEXT_LIMIT,
) -> tuple[tuple[Place, ...], list[Problem]]:
    """The rows of a places CSV, an error for each row that cannot be a place and a warning for
    each that looks wrong against `governorates` (when given)."""
    try:
        raw = read_regular(path, max_bytes + 1)
        text = raw.decode("utf-8-sig")
    except NotRegularFile as error:
        return (), [Problem(display, 1, 1, "", str(error))]
    except (OSError, UnicodeDecodeError) as error:
        message = _("cannot read the file: {reason}").format(reason=failure_reason(error))
        return (), [Problem(display, 1, 1, "", message)]
    if len(raw) > max_bytes:
        message = _("file is larger than the limit of {limit} bytes")
        return (), [Problem(display, 1, 1, "", message.format(limit=f"{max_bytes:,}"))]
    try:
        rows = list(draw_rows(text))
    except _BadCsv as error:
        return (), [Problem(display, error.line, 1, "", str(error))]
    if not rows or [c.strip() for c in rows[0][1]] != list(COLUMNS):
        message = _("the first line must name the columns {columns}")
        message = message.format(columns=",".join(COLUMNS))
        return (), [Problem(display, 1, 1, "", message)]
    return _places(rows[1:], display, governorates, text_limit)


def draw_rows(text: str) -> Iterator[Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _BadCsv(reader.line_num or start, _csv_message(error)) from error
        yield start, [clean_text(cell) for cell in row]
        start = reader.line_num + 1


def _csv_message(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        message = _("a cell is longer than {limit} characters (a quote left open?)")
        return message.format(limit=f"{csv.field_size_limit():,}")
    return _("not valid CSV: {reason}").format(reason=error)


def _places(
    rows: list[Row],
    display: str,
    governorates: Mapping[str, Governorate] | None,
    text_limit: int,
) -> tuple[tuple[Place, ...], list[Problem]]:
    found: list[Place] = []
    problems: list[Problem] = []
    by_key = {governorate_key(k): g for k, g in (governorates or {}).items()}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        place, problem = _place(dict(zip(COLUMNS, (c.strip() for c in row), strict=False)))
        problem = _long_cell(row, text_limit) or problem
        if problem:
            problems.append(Problem(display, line, _column(row, problem[0]), *problem))
            continue
        found.append(place)
        for name, message in _doubts(place, by_key, governorates is not None):
            column = _column(row, name)
            problems.append(Problem(display, line, column, name, message, "warning"))
    return tuple(found), problems


def _place(row: dict[str, str]) -> tuple[Place | None, tuple[str, str] | None]:
    if not row.get("name_en") and not row.get("name_ar"):
        return None, ("name_en", _("missing value: give name_en, name_ar or both"))
    for name in REQUIRED:
        if not row.get(name):
            return None, (name, _("missing value"))
    for name, bound in (("lat", 90), ("lon", 180)):
        try:
            value = float(row[name])
        except ValueError:
            return None, (name, _("'{value}' is not a number").format(value=row[name]))
        if not -bound <= value <= bound:
            message = _("{value} is outside -{bound} … {bound}")
            return None, (name, message.format(value=value, bound=bound))
    values = {k: v for k, v in row.items() if k in COLUMNS}
    values["lat"], values["lon"] = float(row["lat"]), float(row["lon"])
    return Place(**values), None


def _long_cell(row: list[str], limit: int) -> tuple[str, str] | None:
    for name, cell in zip(COLUMNS, row, strict=False):
        if len(cell) > limit:
            message = _("longer than {limit} characters").format(limit=f"{limit:,}")
            return name, message
    return None


def _doubts(
    place: Place, governorates: Mapping[str, Governorate], known: bool
) -> Iterator[tuple[str, str]]:
    """(column, message) for what looks wrong in a readable row."""
    key = governorate_key(place.governorate_key)
    governorate = governorates.get(key)
    if known and governorate is None:
        message = _(
            "no governorate has the key '{key}' in governorates.yaml: events are looked up in "
            "their own governorate, so this place is never found (keys: {keys})"
        )
        yield "governorate_key", message.format(key=key, keys=_(", ").join(sorted(governorates)))
    elif governorate is not None:
        found = misplaced(place.lat, place.lon, governorate)
        if found:
            yield "lat", found + _("; the map does not use this place")


def _column(row: list[str], name: str) -> int:
    """The 1-based character column where the cell `name` starts in its CSV line (approximate
    when cells are quoted)."""
    index = COLUMNS.index(name)
    return sum(len(cell) + 1 for cell in row[:index]) + 1
