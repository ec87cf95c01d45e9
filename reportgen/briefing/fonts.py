"""The document's typefaces: shipped Noto faces, embedded in the HTML as WOFF.

Noto Sans Arabic has no Latin letters, so every font list names Noto Sans after it; otherwise Latin
names would fall back to whatever the reader's machine has.

Each face also ships as a small WOFF covering Modern Standard Arabic and Latin-1 (`WEB_COVERAGE`,
made by scripts/make_web_fonts.py): a page whose text stays inside it embeds those files as they
are. Text outside it (a Kurdish or Persian letter in a name, say) gets a subset made for that
page, cached by the characters it covers. A cache entry carries the key it was stored under and a
hash of that key with what was written, both checked on every read (`read_verified`).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import io
import os
from dataclasses import dataclass
from pathlib import Path

from reportgen.files import write_atomic

FONT_DIR = Path(__file__).resolve().parents[1] / "assets" / "fonts"
WEB_DIR = FONT_DIR / "web"

_ARABIC = [*range(0x060C, 0x061D), *range(0x061E, 0x0620), *range(0x0621, 0x066E), 0x0670]
_LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x100)]
_MARKS = [0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069]
_PUNCTUATION = [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC]
WEB_COVERAGE = frozenset(chr(c) for c in (*_ARABIC, *_LATIN, *_MARKS, *_PUNCTUATION))
_IGNORED = frozenset("\n\r\t")
CACHE_VERSION = 3
"""The format of cache entries; part of every cache key and of each briefing's fingerprint."""
_CACHE_MAGIC = f"reportgen-cache-{CACHE_VERSION}\n".encode()
CACHE_SECRET_VARIABLE = "REPORTGEN_CACHE_SECRET"
CACHE_ENTRY_LIMIT = 256 * 1024 * 1024
"""No entry we write comes near this; a larger file in the cache folder is not read."""


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    file: str

    @property
    def path(self) -> Path:
        return FONT_DIR / self.file

    @property
    def web_path(self) -> Path:
        return WEB_DIR / self.file.replace(".ttf", ".woff")


FACES = (
    Face("Noto Sans Arabic", 400, "NotoSansArabic-Regular.ttf"),
    Face("Noto Sans Arabic", 700, "NotoSansArabic-Bold.ttf"),
    Face("Noto Sans", 400, "NotoSans-Regular.ttf"),
    Face("Noto Sans", 700, "NotoSans-Bold.ttf"),
)


def font_face_css(text: str, cache_dir: Path | None = None) -> str:
    """@font-face rules embedding each face as WOFF, covering every character of `text`."""
    extra = set(text) - WEB_COVERAGE - _IGNORED
    if extra:
        extra &= _drawable(tuple(_stamp(face.path) for face in FACES))
    if not extra:
        return _web_rules(tuple(_stamp(face.web_path) for face in FACES))
    characters = "".join(sorted(WEB_COVERAGE | extra))
    return "\n".join(_face_rule(face, _subset(face, characters, cache_dir)) for face in FACES)


@functools.lru_cache(maxsize=2)
def _drawable(_stamps: tuple[tuple[int, int], ...]) -> frozenset[str]:
    """Every character one of the shipped faces draws. A character none of them has (the sort
    arrows of the page's own CSS, an emoji in a note) falls back to the reader's fonts whatever
    we embed, so it calls for no subset."""
    from fontTools.ttLib import TTFont

    codes = (code for face in FACES for code in TTFont(face.path, lazy=True).getBestCmap())
    return frozenset(map(chr, codes))


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


@functools.lru_cache(maxsize=2)
def _web_rules(_stamps: tuple[tuple[int, int], ...]) -> str:
    """The shipped WOFFs' rules, encoded once per process (and again if a file changes)."""
    return "\n".join(_face_rule(face, face.web_path.read_bytes()) for face in FACES)


def _face_rule(face: Face, woff: bytes) -> str:
    data = base64.b64encode(woff).decode("ascii")
    return (
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: normal; src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


def _subset(face: Face, characters: str, cache_dir: Path | None) -> bytes:
    made_from = f"{CACHE_VERSION}\0{face.file}\0{characters}".encode()
    key = f"font-{hashlib.sha256(made_from).hexdigest()}.woff"
    cached = cache_dir / key if cache_dir else None
    data = read_verified(cached, key) if cached else None
    if data is not None:
        return data
    data = subset_woff(face.path, characters)
    if cached:
        write_verified(cached, key, data)
    return data


def read_verified(path: Path, key: str) -> bytes | None:
    """The content of the cache entry stored under `key`, or None when the entry is missing,
    short, not what was written (a build killed mid-write, a full disk, a hand edit) or was
    written under another key (an entry swapped or copied from elsewhere, valid as it may be):
    such an entry is made again, never used. Only a regular file is read (a FIFO would block)."""
    from reportgen.input.yamlsource import read_regular

    try:
        raw = read_regular(path, CACHE_ENTRY_LIMIT + 1)
    except OSError:
        return None
    head = _entry_head(key)
    stored, digest, data = raw[: len(head)], raw[len(head) : len(head) + 32], raw[len(head) + 32 :]
    if stored != head or not hmac.compare_digest(_seal(head, data), digest):
        return None
    return data


def write_verified(path: Path, key: str, data: bytes) -> None:
    """A cache entry: the format tag and `key`, their seal with `data` (`_seal`), then `data`,
    written atomically."""
    head = _entry_head(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, head + _seal(head, data) + data)


def _seal(head: bytes, data: bytes) -> bytes:
    """HMAC-SHA-256 of an entry's head and content, keyed with `REPORTGEN_CACHE_SECRET` when it is
    set: a cache folder others can write (a CI cache restored from another branch) can then hold
    no entry they made, since they cannot seal it. Without a secret the seal still binds the
    content to its key, so a damaged, swapped or copied entry is never used."""
    secret = os.environ.get(CACHE_SECRET_VARIABLE, "").encode()
    return hmac.new(secret, head + data, hashlib.sha256).digest()


def _entry_head(key: str) -> bytes:
    if "\n" in key or not key.isascii():
        raise ValueError(f"a cache key is one line of ASCII: {key!r}")
    return _CACHE_MAGIC + key.encode("ascii") + b"\n"


def subset_woff(path: Path, characters: str) -> bytes:
    """A WOFF of `path` holding the glyphs `characters` need, Arabic shaping included.

    fontTools' default layout features cover Arabic (init, medi, fina, rlig, mark, ...); hinting
    is dropped, which halves the size.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    font = TTFont(path, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
