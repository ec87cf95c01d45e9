"""Covers and the logo as the briefing embeds them: decoded in full, bounded in size, and in a
format the PDF can carry as it is (JPEG for photos, PNG for images with transparency).

A WebP or a camera-sized JPEG would otherwise reach WeasyPrint as it is, and a WebP is stored in
the PDF as raw pixels: a few megabytes of input became a PDF of almost a hundred.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportgen.input.limits import IMAGE_FORMATS
from reportgen.input.yamlsource import read_regular

COVER_PIXELS = 1600
"""The longest side of an embedded cover: twice the width it is printed at, at 150 dpi."""
LOGO_PIXELS = 600
JPEG_QUALITY = 85
_ORIENTATION = 0x0112


def embedded_image(path: Path, longest_side: int) -> tuple[str, bytes]:
    """The MIME type and bytes of `path` as the briefing embeds it."""
    from PIL import Image, ImageOps

    data = read_regular(path)
    with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as opened:
        opened.load()
        if _fits_as_it_is(opened, longest_side):
            return Image.MIME[opened.format], data
        image = ImageOps.exif_transpose(opened)
    image.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if _has_transparency(image):
        image.save(out, format="PNG", optimize=True)
        return "image/png", out.getvalue()
    image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return "image/jpeg", out.getvalue()


def _fits_as_it_is(image, longest_side: int) -> bool:
    """A JPEG or PNG small enough, upright, that the PDF can carry as it is."""
    upright = image.getexif().get(_ORIENTATION, 1) == 1
    return image.format in ("JPEG", "PNG") and max(image.size) <= longest_side and upright


def _has_transparency(image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
