"""The printed page as a reader sees it: where WeasyPrint puts things, read back from the PDF."""

from __future__ import annotations

from pathlib import Path

import html5lib
import pypdfium2
import pytest

from tests.conftest import expected_in_pdf, normalise

MONTH = "2023-11"


def _key_figure_labels(html: Path) -> list[str]:
    tree = html5lib.parse(html.read_text(encoding="utf-8"), namespaceHTMLElements=False)
    section = tree.find(".//section[@id='key-figures']")
    return [" ".join("".join(dt.itertext()).split()) for dt in section.iter("dt")]


def _place(page, label: str) -> tuple[float, float] | None:
    """Where `label` is first printed on `page`: the middle of its width and its top, in PDF
    points (y grows upwards; a label that wraps keeps the top of its first line)."""
    text = page.get_textpage()
    match = text.search(expected_in_pdf(label)).get_next()
    if match is None:
        return None
    start, count = match
    boxes = [text.get_charbox(i) for i in range(start, start + count)]
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    return (left + right) / 2, max(b[3] for b in boxes)


def _grid(pdf: Path, labels: list[str]) -> list[tuple[float, float]]:
    """Where each key figure's label is printed, on the page that has them all."""
    for page in pypdfium2.PdfDocument(pdf):
        text = normalise(page.get_textpage().get_text_range())
        if all(normalise(expected_in_pdf(label)) in text for label in labels):
            places = [_place(page, label) for label in labels]
            if all(places):
                return places
    raise AssertionError(f"no page of {pdf.name} prints every key figure")


def draw_rows(places: list[tuple[float, float]]) -> list[list[int]]:
    """The figures' indexes row by row from the top, each row as printed from left to right."""
    rows: list[list[tuple[float, float, int]]] = []
    for x, y, index in sorted(((x, y, i) for i, (x, y) in enumerate(places)), key=lambda p: -p[1]):
        if rows and rows[-1][0][1] - y < 6:
            rows[-1].append((x, y, index))
        else:
            rows.append([(x, y, index)])
    return [[index for _, _, index in sorted(row)] for row in rows]


@pytest.mark.parametrize(("edition", "suffix"), [("ar", ""), ("en", ".en")])
def test_the_key_figures_read_in_the_editions_direction(example_build: Path, edition, suffix):
    labels = _key_figure_labels(example_build / f"sitrep-{MONTH}{suffix}.html")
    assert len(labels) == 6
    rows = draw_rows(_grid(example_build / f"sitrep-{MONTH}{suffix}.pdf", labels))
    if edition == "ar":
        # «الهجمات المؤكدة» top right, «القتلى» beside it to the left, «الجرحى» top left.
        assert labels[:3] == ["الهجمات المؤكدة", "القتلى", "الجرحى"]
        assert rows == [[2, 1, 0], [5, 4, 3]]
    else:
        assert labels[0] == "Confirmed attacks"
        assert rows == [[0, 1, 2], [3, 4, 5]]
