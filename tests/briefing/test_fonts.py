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


def test_characters_no_face_draws_call_for_no_subset(tmp_path, monkeypatch):
    """The page's own sort arrows (⇅ ▲ ▼) and an emoji are in no shipped face: a subset could not
    hold them, so the shipped faces are embedded and nothing is made."""
    made = _subsets_made(monkeypatch)
    css = font_face_css("الهجمات ⇅ ▲ ▼ 🙂 Attacks", cache_dir=tmp_path)
    assert _embedded(css) == [face.web_path.read_bytes() for face in FACES]
    assert made == [] and list(tmp_path.iterdir()) == []
    font_face_css("ڤ ▲", cache_dir=tmp_path)
    assert len(made) == 4


# --- the subset cache trusts an entry only under the key it was written for --------------------


def _subsets_made(monkeypatch) -> list[str]:
    from reportgen.briefing import fonts

    made: list[str] = []
    subset = fonts.subset_woff

    def counted(path, characters):
        made.append(path.name)
        return subset(path, characters)

    monkeypatch.setattr(fonts, "subset_woff", counted)
    return made


def _entries(folder) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.woff"))}


def test_swapped_subset_entries_are_made_again_not_used(tmp_path, monkeypatch):
    made = _subsets_made(monkeypatch)
    text = "مخيم قامشلۆ ڤ"
    css = font_face_css(text, cache_dir=tmp_path)
    entries = _entries(tmp_path)
    names = list(entries)
    (tmp_path / names[0]).write_bytes(entries[names[1]])
    (tmp_path / names[1]).write_bytes(entries[names[0]])
    assert font_face_css(text, cache_dir=tmp_path) == css
    assert len(made) == 6  # four made first, then the two whose entries were swapped
    assert _entries(tmp_path) == entries


def test_a_valid_entry_of_another_text_is_not_used_in_place_of_this_one(tmp_path, monkeypatch):
    made = _subsets_made(monkeypatch)
    other = tmp_path / "other"
    font_face_css("مخيم ڤ", cache_dir=other)
    css = font_face_css("مخيم ۆ", cache_dir=tmp_path)
    for (name, _), substitute in zip(
        _entries(tmp_path).items(), _entries(other).values(), strict=True
    ):
        (tmp_path / name).write_bytes(substitute)  # valid entries, stored under other keys
    assert font_face_css("مخيم ۆ", cache_dir=tmp_path) == css
    assert len(made) == 12
    assert {ord("ۆ")} <= _cmap(_embedded(css)[0])


def test_with_a_cache_secret_an_entry_sealed_without_it_is_made_again(tmp_path, monkeypatch):
    made = _subsets_made(monkeypatch)
    text = "مخيم قامشلۆ"
    monkeypatch.delenv("REPORTGEN_CACHE_SECRET", raising=False)
    css = font_face_css(text, cache_dir=tmp_path)  # sealed without a secret, as anyone can
    monkeypatch.setenv("REPORTGEN_CACHE_SECRET", "kept in the CI's secrets")
    assert font_face_css(text, cache_dir=tmp_path) == css
    assert font_face_css(text, cache_dir=tmp_path) == css
    assert len(made) == 8


def test_a_fifo_in_the_cache_is_not_waited_on(tmp_path, monkeypatch):
    import os

    made = _subsets_made(monkeypatch)
    text = "مخيم ۆ"
    font_face_css(text, cache_dir=tmp_path)
    victim = next(iter(_entries(tmp_path)))
    (tmp_path / victim).unlink()
    os.mkfifo(tmp_path / victim)
    font_face_css(text, cache_dir=tmp_path)
    assert len(made) == 5 and (tmp_path / victim).is_file()
