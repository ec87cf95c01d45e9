"""The PDF is tagged for screen readers: structure, title, language, charts' alt text, headers."""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from pathlib import Path

import html5lib
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest

XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def pdf_path(example_build: Path) -> Path:
    return example_build / "sitrep-2023-11.pdf"


def _text(function, element) -> str:
    size = function(element, None, 0)
    buffer = ctypes.create_string_buffer(size)
    function(element, buffer, size)
    return buffer.raw[: max(size - 2, 0)].decode("utf-16-le")


def _children(element) -> list:
    count = pdfium_c.FPDF_StructElement_CountChildren(element)
    found = (pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i) for i in range(count))
    return [child for child in found if child]


def _roots(pdf: pypdfium2.PdfDocument):
    """The top structure elements of every page, in page order."""
    for page in pdf:
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        count = pdfium_c.FPDF_StructTree_CountChildren(tree)
        yield from (pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i) for i in range(count))
        pdfium_c.FPDF_StructTree_Close(tree)


def _kind(element) -> str:
    return _text(pdfium_c.FPDF_StructElement_GetType, element)


def _descendants(element) -> list:
    return [element, *(d for child in _children(element) for d in _descendants(child))]


def _elements(pdf: pypdfium2.PdfDocument) -> list[tuple[str, str]]:
    """Every structure element of every page as (type, alt text), depth first."""
    return [
        (_kind(e), _text(pdfium_c.FPDF_StructElement_GetAltText, e))
        for root in _roots(pdf)
        for e in _descendants(root)
    ]


def test_pdfinfo_reports_a_tagged_pdf_with_its_title(pdf_path: Path):
    assert shutil.which("pdfinfo"), "pdfinfo (poppler-utils) comes with scripts/setup-system.sh"
    info = subprocess.run(["pdfinfo", pdf_path], capture_output=True, text=True, check=True)
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines() if ":" in line)
    assert fields["Tagged"].strip() == "yes"
    assert (
        fields["Title"].strip().startswith("تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023")
    )


def test_the_title_is_shown_instead_of_the_file_name(pdf_path: Path):
    assert b"/DisplayDocTitle true" in _catalogue(pdf_path)


def test_charts_and_cover_carry_the_pages_alt_text(pdf_path: Path, example_build: Path):
    page = html5lib.parse((example_build / "sitrep-2023-11.html").read_text("utf-8"))
    alts = [img.get("alt") for img in page.iter(f"{XHTML}img")]
    figures = [alt for kind, alt in _elements(pypdfium2.PdfDocument(pdf_path)) if kind == "Figure"]
    assert figures == alts
    [trend] = [alt for alt in figures if alt.startswith("عدد الهجمات المؤكدة شهرياً: ")]
    assert trend.startswith("عدد الهجمات المؤكدة شهرياً: كانون الأول (ديسمبر) 2022: 24، ")
    assert trend.endswith("تشرين الثاني (نوفمبر) 2023: 11")
    assert any(alt.startswith("خريطة: ") for alt in figures)
    assert all(figures)


def _tables(pdf: pypdfium2.PdfDocument) -> list[list[str]]:
    """The structure types under each Table element (one per page a table runs over)."""
    tables = []
    for root in _roots(pdf):
        for element in _descendants(root):
            if _kind(element) == "Table":
                tables.append([_kind(d) for d in _descendants(element)[1:]])
    return tables


def test_tables_have_header_cells(pdf_path: Path, example_build: Path):
    page = html5lib.parse((example_build / "sitrep-2023-11.html").read_text("utf-8"))
    html_tables = list(page.iter(f"{XHTML}table"))
    tables = _tables(pypdfium2.PdfDocument(pdf_path))
    assert len(tables) >= len(html_tables) == 5
    assert all("THead" in kinds and "TH" in kinds for kinds in tables)
    header_cells = sum(
        len(table.findall(f"{XHTML}thead/{XHTML}tr/{XHTML}th")) for table in html_tables
    )
    assert sum(kinds.count("TH") for kinds in tables) >= header_cells


def _catalogue(path: Path) -> bytes:
    import re
    import zlib

    raw = path.read_bytes()
    inflated = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"".join(inflated) + raw
