"""No reader-facing text bypasses the voice: the example month built with the pseudo-voice has no
word outside its brackets, in the HTML or in the PDF's text."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pypdfium2
import pytest

from reportgen.briefing.render import TEMPLATE_DIR, write_pdf
from reportgen.publish.build import load
from tests.briefing.voices.pseudo import PseudoVoice, pseudo
from tests.conftest import FIXTURES, reader_and_print_pages
from tests.generated import charts_undrawn

MONTH = "2023-11"
ADDRESS = re.compile(
    r"(?:https?://|mailto:|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S+\.\w{2,4}/\S*"
)
BRACKETED = re.compile(r"\[[^\[\]]*\]")
WORD = re.compile(r"[^\W\d_]+")
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


def unbracketed_words(text: str) -> list[str]:
    """The words of `text` outside any bracketed run (web and mail addresses are not words)."""
    text = ADDRESS.sub(" ", text)
    while BRACKETED.search(text):
        text = BRACKETED.sub(" ", text)
    return WORD.findall(text)


def reader_text(html: str) -> str:
    """What a reader of the page sees or hears: text nodes, the title and shown attributes;
    not styles or scripts, and not the links to other editions (each named in its own language,
    with its own `lang`)."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    document_lang = tree.get("lang")
    found: list[str] = []

    def walk(element, lang: str) -> None:
        if element.tag in ("style", "script"):
            return
        lang = element.get("lang") or lang
        if lang != document_lang:
            return
        found.append(element.text or "")
        found.extend(element.get(name) or "" for name in SHOWN_ATTRIBUTES)
        for child in element:
            walk(child, lang)
            found.append(child.tail or "")

    walk(tree, document_lang)
    return " ".join(found)


@pytest.fixture(scope="module")
def pseudo_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    small = FIXTURES / "small"  # every kind of record and field of the example, a few of each
    loaded = load(small)
    with charts_undrawn():  # their words are the page's alt text; what they draw is pixels
        html, printed = reader_and_print_pages(loaded, MONTH, voice=PseudoVoice(loaded.project))
    pdf = tmp_path_factory.mktemp("pseudo") / "pseudo.pdf"
    write_pdf(printed, pdf, allowed=(TEMPLATE_DIR, small / MONTH))
    pages = pypdfium2.PdfDocument(pdf)
    return html, " ".join(page.get_textpage().get_text_range() for page in pages)


def test_the_pseudo_voice_brackets_and_accents_what_it_says():
    assert pseudo("Confirmed attacks, {when}") == "[Çóñfírméd áttáçkš, {when}]"
    assert unbracketed_words("[Çóñ] 11 [x [y] z] https://example.org/a b") == ["b"]


def test_every_word_of_the_page_comes_from_the_voice(pseudo_build):
    html, _ = pseudo_build
    assert '<html lang="en-XA"' in html
    text = reader_text(html)
    assert "[" in text and WORD.search(text)
    assert unbracketed_words(text) == []


def test_every_word_of_the_pdf_comes_from_the_voice(pseudo_build):
    _, pdf_text = pseudo_build
    assert len(pdf_text) > 2000
    assert unbracketed_words(pdf_text) == []


def test_a_word_that_bypasses_the_voice_is_found(pseudo_build):
    html, _ = pseudo_build
    leaked = html.replace("</h1>", "<p>Total</p></h1>", 1)
    assert unbracketed_words(reader_text(leaked)) == ["Total"]


def test_the_pseudo_edition_is_one_module(tmp_path: Path):
    module = Path(__file__).with_name("pseudo.py")
    lines = [line for line in module.read_text().splitlines() if line.strip()]
    assert len(lines) < 90
