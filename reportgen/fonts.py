"""The document's typefaces: shipped Noto faces, embedded in the HTML as subsets of the text used.

Noto Sans Arabic has no Latin letters, so every font list names Noto Sans after it; otherwise Latin
names would fall back to whatever the reader's machine has.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

FONT_DIR = Path(__file__).parent / "assets" / "fonts"
FAMILY_STACK = '"Noto Sans Arabic", "Noto Sans", sans-serif'
# Digits, separators and marks the page may show even when the text does not (numbers, counters).
_ALWAYS = "0123456789٠١٢٣٤٥٦٧٨٩٫٬٪%+-–—.,:;()[]«»/ ،؛؟"


@dataclass(frozen=True)
class Face:
    family: str
    weight: int
    file: str

    @property
    def path(self) -> Path:
        return FONT_DIR / self.file


FACES = (
    Face("Noto Sans Arabic", 400, "NotoSansArabic-Regular.ttf"),
    Face("Noto Sans Arabic", 700, "NotoSansArabic-Bold.ttf"),
    Face("Noto Sans", 400, "NotoSans-Regular.ttf"),
    Face("Noto Sans", 700, "NotoSans-Bold.ttf"),
)


def font_face_css(text: str, cache_dir: Path | None = None) -> str:
    """@font-face rules embedding each face as a WOFF subset holding the glyphs `text` needs.

    fontTools' default layout features cover Arabic shaping (init, medi, fina, rlig, mark, ...);
    hinting is dropped, which halves the size. Subsets are cached in `cache_dir` by the characters
    they cover, so a rebuild with unchanged text reuses them.
    """
    characters = "".join(sorted(set(text) | set(_ALWAYS)))
    return "\n".join(_face_rule(face, characters, cache_dir) for face in FACES)


def _face_rule(face: Face, characters: str, cache_dir: Path | None) -> str:
    data = base64.b64encode(_subset(face, characters, cache_dir)).decode("ascii")
    return (
        f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
        f'font-style: normal; src: url(data:font/woff;base64,{data}) format("woff"); }}'
    )


def _subset(face: Face, characters: str, cache_dir: Path | None) -> bytes:
    key = hashlib.sha256(f"{face.file}\0{characters}".encode()).hexdigest()[:20]
    cached = cache_dir / f"{key}.woff" if cache_dir else None
    if cached and cached.exists():
        return cached.read_bytes()
    data = _subset_woff(face.path, characters)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(data)
    return data


def _subset_woff(path: Path, characters: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
