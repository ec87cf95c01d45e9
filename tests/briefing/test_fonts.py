"""Embedded fonts: the shipped web faces cover what they promise; other text gets a subset."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from reportgen.briefing.fonts import _ARABIC, _LATIN, FACES, WEB_COVERAGE, font_face_css


def _cmap(woff: bytes) -> set[int]:
    return set(TTFont(io.BytesIO(woff)).getBestCmap())


def _embedded(css: str) -> list[bytes]:
    return [base64.b64decode(m) for m in re.findall(r"base64,([A-Za-z0-9+/=]+)", css)]


def test_shipped_web_faces_cover_arabic_and_latin():
    for face in FACES:
        expected = set(_ARABIC) if face.family == "Noto Sans Arabic" else set(_LATIN)
        assert expected <= _cmap(face.web_path.read_bytes()), face.file


def test_text_inside_the_coverage_embeds_the_shipped_faces():
    css = font_face_css("تم تأكيد 11 هجوماً Binance «FinCEN» – 49,432 ٤٩٬٤٣٢")
    assert _embedded(css) == [face.web_path.read_bytes() for face in FACES]
    assert css.count("@font-face") == 4


def test_a_letter_outside_the_coverage_gets_a_subset_that_has_it(tmp_path):
    kurdish = "قامشلۆ ڤ"
    assert not set(kurdish) <= WEB_COVERAGE
    css = font_face_css(f"مخيم {kurdish}", cache_dir=tmp_path)
    arabic_regular = _embedded(css)[0]
    assert {ord("ۆ"), ord("ڤ"), ord("م")} <= _cmap(arabic_regular)
    assert len(list(tmp_path.glob("*.woff"))) == 4
    assert font_face_css(f"مخيم {kurdish}", cache_dir=tmp_path) == css
