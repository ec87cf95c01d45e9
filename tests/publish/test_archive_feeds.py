"""The archive is for readers only: its listing, chart, Atom feeds and link previews show published
months and their corrections, never a draft."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import feedparser
import html5lib
import pytest

from reportgen.publish.archive import write_index
from reportgen.publish.build import load
from reportgen.publish.corrections import correct_month

MONTH = "2023-11"
BASE = "https://www.example.org/sitrep/"
DRAFT_MENTIONS = (
    "2023-09/",
    "2023-12/",
    "sitrep-2023-09",
    "sitrep-2023-12",
    "month-2023-09",
    "month-2023-12",
    "أيلول (سبتمبر) 2023",
    "سبتمبر 2023",
    "كانون الأول (ديسمبر) 2023",
    "ديسمبر 2023",
    "September 2023",
    "December 2023",
)


def _draft_months(inputs: Path) -> None:
    """2023-09 (a summary month in the example) becomes a draft full month between the summary
    months, and 2023-12 a draft copy of the published month after it, figures and all."""
    september = inputs / "2023-09"
    (september / "report.yaml").write_text(
        "month: 2023-09\nstatus: draft\ntitle: مسودة أيلول\n", encoding="utf-8"
    )
    attacks = (inputs / MONTH / "attacks.yaml").read_text("utf-8").split("\n  - id: a02")[0]
    (september / "attacks.yaml").write_text(attacks.replace("2023-11", "2023-09"), "utf-8")
    december = inputs / "2023-12"
    december.mkdir()
    for source in (inputs / MONTH).iterdir():
        if source.name == "published.yaml":
            continue
        if source.suffix == ".yaml":
            text = source.read_text("utf-8").replace("2023-11", "2023-12")
            (december / source.name).write_text(text.replace("status: published", "status: draft"))
        else:
            (december / source.name).write_bytes(source.read_bytes())


@pytest.fixture
def archive(built_project: Path) -> Path:
    """The example with draft months around its published one, a correction of the published
    month, and the archive and feeds written."""
    inputs = built_project / "inputs"
    _draft_months(inputs)
    raids = inputs / MONTH / "raids.yaml"
    raids.write_text(raids.read_text("utf-8").replace("detained: 3", "detained: 4", 1), "utf-8")
    correct_month(inputs, MONTH, "صُحّح عدد المعتقلين", "Detainees corrected", date(2024, 1, 15))
    output = built_project / "output"
    write_index(load(inputs), output)
    return output


def test_the_archive_and_feeds_never_mention_a_draft(archive: Path):
    for name in ("index.html", "feed.xml", "feed.en.xml"):
        text = (archive / name).read_text("utf-8")
        found = [mention for mention in DRAFT_MENTIONS if mention in text]
        assert found == [], name
    index = html5lib.parse((archive / "index.html").read_text("utf-8"), namespaceHTMLElements=False)
    assert [li.get("id") for li in index.findall(".//ol[@class='issues']/li")] == [f"month-{MONTH}"]
    chart = index.find(".//figure[@id='chart-attacks_history']/img")
    assert "آب (أغسطس) 2023" in chart.get("alt") and "تشرين الأول (أكتوبر) 2023" in chart.get("alt")


def _feed(output: Path, name: str):
    parsed = feedparser.parse((output / name).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize(
    ("name", "lang", "title", "correction"),
    [
        ("feed.xml", "ar", "تقرير الخلايا النائمة", "تصحيح: تقرير الخلايا النائمة لشهر"),
        ("feed.en.xml", "en", "Sleeper Cell Report", "Correction: Sleeper Cell Report, November"),
    ],
)
def test_each_edition_has_a_valid_atom_feed(archive, name, lang, title, correction):
    parsed = _feed(archive, name)
    feed = parsed.feed
    assert feed.title == title and feed.language == lang
    assert feed.id == f"{BASE}{name}" and feed.updated == "2024-01-15T00:00:00Z"
    assert feed.author and any(link.rel == "self" for link in feed.links)
    assert [entry.title.startswith(correction) for entry in parsed.entries] == [True, False]
    fix, month = parsed.entries
    assert len({fix.id, month.id}) == 2
    assert fix.updated == "2024-01-15T00:00:00Z" and month.published == "2023-12-05T00:00:00Z"
    suffix = ".en" if lang == "en" else ""
    links = {(link.rel, link.type): link.href for link in month.links}
    assert links == {
        ("alternate", "text/html"): f"{BASE}{MONTH}/sitrep-{MONTH}{suffix}.html",
        ("alternate", "application/pdf"): f"{BASE}{MONTH}/sitrep-{MONTH}{suffix}.pdf",
    }
    for href in links.values():
        assert (archive / href.removeprefix(BASE)).exists()
    bullets = re.findall(r"<li>(.*?)</li>", month.content[0].value)
    assert len(bullets) >= 5
    assert "11" in bullets[0] and "18" in month.summary
    note = "Detainees corrected" if lang == "en" else "صُحّح عدد المعتقلين"
    assert note in fix.summary and fix.link == f"{BASE}{MONTH}/sitrep-{MONTH}{suffix}.html"


def _meta(tree, name: str) -> str | None:
    for element in tree.iter("meta"):
        if name in (element.get("property"), element.get("name")):
            return element.get("content")
    return None


def test_the_archive_and_the_briefing_carry_link_previews(archive: Path, example_build: Path):
    index = html5lib.parse((archive / "index.html").read_text("utf-8"), namespaceHTMLElements=False)
    assert _meta(index, "og:url") == f"{BASE}index.html"
    assert _meta(index, "og:type") == "website"
    image = _meta(index, "og:image")
    assert image == f"{BASE}{MONTH}/charts/map.png"
    assert (archive / image.removeprefix(BASE)).read_bytes().startswith(b"\x89PNG")
    assert _meta(index, "twitter:card") == "summary_large_image"
    feeds = [
        link.get("href") for link in index.iter("link") if link.get("type", "").endswith("atom+xml")
    ]
    assert feeds == ["feed.xml", "feed.en.xml"]

    for suffix, image_path in (("", "charts/map.png"), (".en", "charts/en/map.png")):
        page = (example_build / f"sitrep-{MONTH}{suffix}.html").read_text("utf-8")
        tree = html5lib.parse(page, namespaceHTMLElements=False)
        assert _meta(tree, "og:url") == f"{BASE}{MONTH}/sitrep-{MONTH}{suffix}.html"
        assert _meta(tree, "og:image") == f"{BASE}{MONTH}/{image_path}"
        assert (example_build / image_path).exists()
        assert _meta(tree, "og:title") == tree.find(".//title").text
        description = _meta(tree, "og:description")
        assert description and "11" in description and "<" not in description
        assert len(description) <= 300


def test_without_an_address_no_relative_url_is_given(built_project: Path):
    publication = built_project / "inputs" / "publication.yaml"
    text = publication.read_text("utf-8")
    text = re.sub(r"(?m)^(website|base_url): .*\n", "", text)
    publication.write_text(text, "utf-8")
    from reportgen.briefing.social import page_metadata

    project = load(built_project / "inputs").project
    social = page_metadata(project, title="t", description="d", page="index.html", image="x.png")
    assert social["url"] is None and social["image"] is None
