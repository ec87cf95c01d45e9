"""Importing anything either writes nothing or writes months that `check` accepts: hypothesis
over ACLED CSV rows and spreadsheet cells (`make fuzz` runs it with many more examples)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from reportgen.editor.importers.acled import import_acled
from reportgen.editor.importers.sheet import import_sheet
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from tests.acled_rows import CURRENT_COLUMNS, ISIS, OLD_COLUMNS, SDF, event, write_export
from tests.conftest import FIXTURES, ROOT, examples

MAPPING = ROOT / "docs" / "sheet-mapping.example.yaml"
SHEET_HEADER = ["الرقم", "التاريخ", "المحافظة", "المكان", "نوع الهجوم", "الهدف", "تبنّي"]
SHEET_HEADER += ["الوصف", "الرابط", "القتلى", "الجرحى", "خط العرض", "خط الطول"]
XML_SAFE = st.characters(
    blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff\x0b\x0c"
).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
TEXT = st.text(XML_SAFE, max_size=40) | st.sampled_from(["", " ", "x" * 2001, "=1+1", "\u202e"])
DATES = st.dates(date(1990, 1, 1), date(2110, 12, 31)).map(str) | TEXT
ACTORS = st.sampled_from(
    [ISIS, SDF, "Islamic State (International)", "Military Forces of Syria (2000-2024)",
     "Unidentified Armed Group (Syria)", "Civilians (Syria)", ""]
) | TEXT  # fmt: skip
NUMBERS = st.floats(allow_nan=True, allow_infinity=True).map(str) | st.integers(-5, 50).map(str)


def _tree(inputs: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(inputs.rglob("*")) if p.is_file()}


def _imports_safely(run) -> None:
    """`run(inputs)` on a fresh copy of the small project: refused with nothing written, or
    done with every month passing the loader."""
    with tempfile.TemporaryDirectory() as scratch:
        inputs = Path(scratch) / "inputs"
        shutil.copytree(FIXTURES / "valid", inputs)
        before = _tree(inputs)
        try:
            run(inputs, Path(scratch))
        except InputError:
            assert _tree(inputs) == before
            return
        load_project(inputs)


rows = st.lists(
    st.fixed_dictionaries(
        {
            "event_id_cnty": st.sampled_from(["SYR1", "SYR2", "SYR3", ""]) | TEXT,
            "event_date": DATES,
            "actor1": ACTORS,
            "actor2": ACTORS,
            "admin1": st.sampled_from(["Deir ez Zor", "Al-Hasakeh", "Ar Raqqa", "Idleb"]) | TEXT,
            "location": TEXT,
            "latitude": NUMBERS | TEXT,
            "longitude": NUMBERS | TEXT,
            "notes": TEXT,
            "fatalities": st.integers(-1, 12).map(str) | TEXT,
        }
    ),
    min_size=1,
    max_size=5,
)


@pytest.mark.property
@settings(max_examples=examples(15), deadline=None, suppress_health_check=list(HealthCheck))
@given(rows=rows, columns=st.sampled_from([OLD_COLUMNS, CURRENT_COLUMNS]))
def test_acled_import_writes_what_check_accepts_or_nothing(rows, columns):
    def run(inputs: Path, scratch: Path) -> None:
        export = [event(values["event_id_cnty"] or "SYR0", **values) for values in rows]
        path = write_export(scratch / "a.csv", export, columns, bom=False, crlf=False)
        import_acled(inputs, path)

    _imports_safely(run)


CELLS = (
    st.none()
    | st.integers(-3, 3000)
    | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT
    | st.dates(date(1995, 1, 1), date(2105, 1, 1)).map(lambda d: datetime(d.year, d.month, d.day))
    | st.sampled_from(["دير الزور", "Raqqa", "مسلح", "عسكري", "نعم", "https://e.org/1"])
)


@pytest.mark.property
@settings(max_examples=examples(10), deadline=None, suppress_health_check=list(HealthCheck))
@given(cells=st.lists(st.lists(CELLS, min_size=13, max_size=13), min_size=1, max_size=4))
def test_sheet_import_writes_what_check_accepts_or_nothing(cells):
    def run(inputs: Path, scratch: Path) -> None:
        workbook = Workbook()
        workbook.active.append(SHEET_HEADER)
        for row in cells:
            workbook.active.append(row)
        path = scratch / "s.xlsx"
        workbook.save(path)
        import_sheet(inputs, path, MAPPING)

    _imports_safely(run)
