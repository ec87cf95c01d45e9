"""Percentages round half up wherever the briefing shows one: 8 → 9 attacks is «13%», and a camp
group of 1,000 in 8,000 is «13%» too (Python's round() prints 12% for both), in both editions."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import html5lib
import pytest

from reportgen.briefing import chartcache
from reportgen.publish.build import load
from tests.conftest import FIXTURES, copy_inputs, render_briefing
from tests.generated import undrawn

MONTH = "2023-11"


def _nine_after_eight(inputs: Path) -> None:
    """2023-10 had 8 confirmed attacks, 2023-11 has 9; al-Hol's 8,000 are 1,000 + 5,000 + 2,000."""
    publication = inputs / "publication.yaml"
    text = publication.read_text("utf-8").replace("digits: arabic_indic", "digits: western")
    publication.write_text(text + "editions: [ar, en]\n", "utf-8")
    october = inputs / "2023-10" / "report.yaml"
    october.write_text(october.read_text("utf-8").replace("attacks: 12", "attacks: 8"), "utf-8")
    attacks = inputs / MONTH / "attacks.yaml"
    more = "".join(
        f"  - id: b-{n}\n    date: 2023-11-{n + 10}\n    governorate: hasakah\n"
        f"    type: armed_attack\n    target: military\n    sources: [https://example.org/b-{n}]\n"
        for n in range(1, 9)
    )
    attacks.write_text(attacks.read_text("utf-8") + more, "utf-8")
    camps = inputs / MONTH / "camps.yaml"
    text = camps.read_text("utf-8")
    for old, new in (("43000", "8000"), ("18000", "1000"), ("18000", "5000"), ("7000", "2000")):
        text = text.replace(old, new, 1)
    camps.write_text(text, "utf-8")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    inputs = copy_inputs(tmp_path_factory.mktemp("percentages"), FIXTURES / "valid")
    _nine_after_eight(inputs)
    loaded = load(inputs)
    with mock.patch.object(chartcache, "rendered_all", undrawn):
        return {
            edition: html5lib.parse(
                render_briefing(loaded, MONTH, edition=edition)[0], namespaceHTMLElements=False
            )
            for edition in ("ar", "en")
        }


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def test_the_change_note_rounds_half_up_in_both_editions(pages):
    notes = {
        edition: _text(tree.find(".//div[@class='figure figure-attacks']//span[@class='note']"))
        for edition, tree in pages.items()
    }
    assert notes == {
        "ar": "ارتفاع 1 (13%) عن الشهر الماضي",
        "en": "up 1 (13%) from last month",
    }


def test_camp_shares_round_half_up_in_both_editions(pages):
    for tree in pages.values():
        rows = tree.findall(".//table[@class='population']/tbody/tr")
        assert [_text(row.findall("td")[2]) for row in rows] == ["13%", "63%", "25%"]
