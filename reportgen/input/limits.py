"""What the inputs may weigh: `Limits` (every size limit, one place) and the checks that hold
them: text length and numbers in any file, and the images and other files a month names (inside
their folder, regular, of a known format, decoded in full, within the pixels and bytes allowed).
"""

from __future__ import annotations

import io
import math
import posixpath
import struct
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from reportgen.errors import Problem, failure_reason
from reportgen.i18n import _
from reportgen.input.schemacheck import describe
from reportgen.input.yamlsource import MAX_BYTES, MAX_NODES, YamlDoc, YamlPath, read_regular

LONG_TEXT_FIELDS = frozenset({"body", "notes", "body_en", "notes_en"})
IMAGE_FORMATS = ("PNG", "JPEG", "WEBP")


@dataclass(frozen=True)
class Limits:
    """Every size limit on the input, in one place. The defaults suit a monthly briefing;
    `limits:` in inputs/publication.yaml changes any of them (docs/data-format.md)."""

    file_bytes: int = MAX_BYTES
    yaml_values: int = MAX_NODES
    text_characters: int = 2_000
    long_text_characters: int = 20_000
    """For the fields in `LONG_TEXT_FIELDS`: section bodies and notes."""
    largest_number: int = 1_000_000_000
    """Figures are summed into 64-bit table columns; this keeps any sum far from overflowing."""
    image_megapixels: int = 40
    image_bytes: int = 20_000_000
    """Images are embedded in the HTML that is sent to readers."""
    first_year: int = 2000
    last_year: int = 2100
    """Month folders outside these years are a typo (`0202-11`), not history to chart."""
    markup_nesting: int = 20
    """Emphasis and links inside each other in a section body; the PDF renderer recurses on it."""
    camp_unspecified_percent: float = 1.0
    """How far a camp's groups may fall short of its total (OCHA's figures leave a few people
    unassigned); the rest is shown as unspecified."""

    def month_problem(self, key: str) -> str | None:
        """Why the month folder `key` (YYYY-MM) is outside the years the project covers."""
        if self.first_year <= int(key[:4]) <= self.last_year:
            return None
        message = _(
            "year {year} is outside {first}–{last}; rename the folder "
            "(or change limits: first_year / last_year in publication.yaml)"
        )
        return message.format(year=key[:4], first=self.first_year, last=self.last_year)


def size_problems(doc: YamlDoc, limits: Limits) -> list[Problem]:
    """Every text longer, and every number larger, than `limits` allows (and NaN, which slips
    through a schema's bounds because it compares false with everything)."""
    problems = []
    for path, value in _leaves(doc.data, ()):
        message = _size_message(path, value, limits)
        if message:
            problems.append(doc.problem(path, message))
    return problems


def _leaves(value: Any, path: YamlPath) -> Iterator[tuple[YamlPath, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _leaves(item, (*path, i))
    else:
        yield path, value


def _size_message(path: YamlPath, value: Any, limits: Limits) -> str | None:
    if isinstance(value, str):
        long = bool(path) and path[-1] in LONG_TEXT_FIELDS
        return _text_message(value, limits.long_text_characters if long else limits.text_characters)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_message(value, limits.largest_number)
    return None


def _text_message(text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    message = _("text of {length} characters is longer than the limit of {limit}")
    return message.format(length=f"{len(text):,}", limit=f"{limit:,}")


def _number_message(number: float, limit: int) -> str | None:
    if isinstance(number, float) and math.isnan(number):
        return _("expected a number, found nan")
    if abs(number) <= limit:
        return None
    message = _("{value} is larger than the limit of {limit}")
    return message.format(value=describe(number), limit=f"{limit:,}")


def image_file_problem(
    doc: YamlDoc, path: YamlPath, value: str, base: Path, base_display: str, limits: Limits
) -> Problem | None:
    """Why `value` is not a PNG, JPEG or WebP image inside `base` within the size limits."""
    problem = contained_file_problem(doc, path, value, base, base_display)
    if problem is not None:
        return problem
    message = _image_message(base / value, limits)
    return doc.problem(path, f"{describe(value)} {message}") if message else None


def contained_file_problem(
    doc: YamlDoc, path: YamlPath, value: str, base: Path, base_display: str
) -> Problem | None:
    """Why `value` is not an existing file inside `base` (and stays inside through links)."""
    message = _contained_file_message(value, base)
    if message is None:
        return None
    return doc.problem(path, message.format(value=describe(value), folder=base_display))


def _contained_file_message(value: str, base: Path) -> str | None:
    if PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute():
        return _("{value} is an absolute path; give a path inside the folder {folder}")
    if posixpath.normpath(value).split("/")[0] == "..":
        return _("{value} points outside the folder {folder}")
    target = base / value
    try:
        inside = target.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):
        return _("{value} is a link that leads nowhere (a loop)")
    if not inside:
        return _("{value} is a link to a file outside the folder {folder}")
    if target.exists() and not target.is_file():
        return _("{value} is not a regular file; put the file itself there")
    if not target.is_file():
        return _("no file {value} in {folder}")
    return None


def _image_message(file: Path, limits: Limits) -> str | None:
    try:
        data = read_regular(file, limits.image_bytes + 1)
    except OSError as error:
        return _("cannot be read: {reason}").format(reason=failure_reason(error))
    if len(data) > limits.image_bytes:
        size = file.stat().st_size
        message = _("is {size} bytes, larger than the limit of {limit}")
        return message.format(size=f"{size:,}", limit=f"{limits.image_bytes:,}")
    from PIL import Image

    try:
        dimensions = image_dimensions(data)
    except Image.DecompressionBombError:
        message = _("is larger than the limit of {limit} megapixels")
        return message.format(limit=limits.image_megapixels)
    if dimensions is None:
        return _("is not a PNG, JPEG or WebP image")
    width, height = dimensions
    if width * height > limits.image_megapixels * 1_000_000:
        return _(
            "is {width} × {height} pixels ({megapixels} megapixels), "
            "larger than the limit of {limit} megapixels"
        ).format(
            width=f"{width:,}",
            height=f"{height:,}",
            megapixels=f"{width * height / 1e6:.1f}",
            limit=limits.image_megapixels,
        )
    if not image_decodes(data):
        return _("is damaged or cut short: it cannot be decoded in full; save or export it again")
    return None


def image_dimensions(data: bytes) -> tuple[int, int] | None:
    """Width and height from the image's header, without decoding its pixels; None when `data`
    is not a PNG, JPEG or WebP image. Pillow's own bomb check still raises above ~179 MP, which
    is why the schema caps `limits.image_megapixels` at 178."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                return image.size
        except (OSError, ValueError, EOFError, SyntaxError):
            return None


def image_decodes(data: bytes) -> bool:
    """Whether the image is whole and every pixel decodes.

    WeasyPrint turns Pillow's process-wide `LOAD_TRUNCATED_IMAGES` on when it is imported, and
    then a JPEG or PNG cut short decodes as a grey smear without complaint; so the stream's own
    end is checked too (a JPEG's end-of-image marker after its last scan, a PNG's chunks through
    IEND), and the setting is left as it is. A WebP cut short fails to decode either way.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=IMAGE_FORMATS) as image:
                image.load()
                image_format = image.format
        except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombError):
            return False
    if image_format == "JPEG":
        return data.rfind(b"\xff\xd9") > data.rfind(b"\xff\xda")
    if image_format == "PNG":
        return _png_is_whole(data)
    return True


def _png_is_whole(data: bytes) -> bool:
    """Whether every chunk is complete with a matching CRC, up to and including IEND."""
    offset = 8
    while offset + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[offset : offset + 8])
        end = offset + 12 + length
        if end > len(data):
            return False
        body = data[offset + 4 : end - 4]
        if zlib.crc32(body) != struct.unpack(">I", data[end - 4 : end])[0]:
            return False
        if kind == b"IEND":
            return True
        offset = end
    return False
