"""Shared fixtures: the example month built once per session, and text helpers for PDFs."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_INPUTS = ROOT / "inputs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # tashkeel and tatweel
_CONTROLS = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]")
_LAM_ALEF = re.compile(r"ل([اأإآى])")
_PUNCTUATION = re.compile(r"[()\[\].,،؛:«»\"“”]")


def normalise(text: str) -> str:
    """Text as a PDF extractor gives it back, in a form both sides of a comparison agree on.

    pypdfium2 returns Arabic in logical order, but it gives a lam-alef ligature back as alef-lam,
    lets marks split off, and moves mirrored parentheses and sentence-final stops; so marks, bidi
    controls and punctuation go, and lam-alef is written the way the extractor writes it.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROLS.sub("", _MARKS.sub("", text))
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


def expected_in_pdf(sentence: str) -> str:
    """`sentence` as pypdfium2 extracts it from our PDF (lam-alef ligatures come out reversed)."""
    return normalise(_LAM_ALEF.sub(r"\1ل", unicodedata.normalize("NFKC", sentence)))


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch):
    """Tests read the tool's messages in English, its source language, unless a test asks for
    Arabic (`REPORTGEN_LANG=ar`, `--lang ar`, or `i18n.use("ar")`): the CLI would otherwise speak
    Arabic, the default of publication.yaml."""
    from reportgen import i18n

    monkeypatch.setenv("REPORTGEN_LANG", "en")
    i18n.reset()
    yield
    i18n.reset()


def copy_inputs(tmp_path: Path, source: Path = EXAMPLE_INPUTS) -> Path:
    target = tmp_path / "inputs"
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example month built once into a temporary output folder; returns output/2023-11."""
    from reportgen.publish.build import build_month, load

    output = tmp_path_factory.mktemp("output")
    build_month(load(EXAMPLE_INPUTS), "2023-11", output)
    return output / "2023-11"
