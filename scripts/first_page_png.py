"""Render the first page of a PDF to PNG for the README (pypdfium2, no poppler needed)."""

import sys
from pathlib import Path

import pypdfium2


def main(pdf: str, png: str, dpi: int = 70) -> None:
    page = pypdfium2.PdfDocument(pdf)[0]
    image = page.render(scale=dpi / 72).to_pil()
    Path(png).parent.mkdir(parents=True, exist_ok=True)
    image.save(png, optimize=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
