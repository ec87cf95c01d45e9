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


def _elements(pdf: pypdfium2.PdfDocument) -> list[tuple[str, str]]:
    """Every structure element of every page as (type, alt text), depth first."""
    found: list[tuple[str, str]] = []

    def walk(element) -> None:
        found.append(
            (
                _text(pdfium_c.FPDF_StructElement_GetType, element),
                _text(pdfium_c.FPDF_StructElement_GetAltText, element),
            )
        )
        for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child)

    for page in pdf:
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            walk(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i))
        pdfium_c.FPDF_StructTree_Close(tree)
    return found


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
    assert figures[1].startswith("عدد الهجمات المؤكدة شهرياً: كانون الأول (ديسمبر) 2022: 24، ")
    assert figures[1].endswith("تشرين الثاني (نوفمبر) 2023: 11")
    assert all(figures)


def _tables(pdf: pypdfium2.PdfDocument) -> list[list[str]]:
    """The structure types under each Table element (one per page a table runs over)."""
    tables: list[list[str]] = []

    def below(element) -> list[str]:
        kinds = []
        for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                kinds.append(_text(pdfium_c.FPDF_StructElement_GetType, child))
                kinds += below(child)
        return kinds

    def walk(element) -> None:
        if _text(pdfium_c.FPDF_StructElement_GetType, element) == "Table":
            tables.append(below(element))
            return
        for i in range(pdfium_c.FPDF_StructElement_CountChildren(element)):
            child = pdfium_c.FPDF_StructElement_GetChildAtIndex(element, i)
            if child:
                walk(child)

    for page in pdf:
        tree = pdfium_c.FPDF_StructTree_GetForPage(page.raw)
        for i in range(pdfium_c.FPDF_StructTree_CountChildren(tree)):
            walk(pdfium_c.FPDF_StructTree_GetChildAtIndex(tree, i))
        pdfium_c.FPDF_StructTree_Close(tree)
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
