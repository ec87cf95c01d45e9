"""The README's and docs' internal links lead somewhere: every relative link to an existing file,
and every `#anchor` to a heading of its page as GitHub names it."""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from tests.conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
_PARSER = MarkdownIt("commonmark").enable("table")


def github_anchor(heading: str) -> str:
    """A heading's anchor as GitHub makes it (github-slugger): lower case, every character but
    letters, digits, marks, spaces, hyphens and underscores dropped, spaces made hyphens."""
    kept = (c for c in heading.lower() if unicodedata.category(c)[0] in "LNM" or c in " -_")
    return "".join(kept).replace(" ", "-")


def _text(inline) -> str:
    """A heading's text as GitHub reads it: its words and code, without the markup."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def anchors(page: Path) -> set[str]:
    """Every heading anchor of `page`; a repeated one gets -1, -2, ... as on GitHub."""
    tokens = _PARSER.parse(page.read_text(encoding="utf-8"))
    found: set[str] = set()
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        base = github_anchor(_text(inline))
        anchor, n = base, 0
        while anchor in found:
            n += 1
            anchor = f"{base}-{n}"
        found.add(anchor)
    return found


def links(page: Path) -> list[str]:
    """The target of every link and image of `page`, tables included."""
    found = []
    for token in _PARSER.parse(page.read_text(encoding="utf-8")):
        for child in token.children or []:
            if child.type == "link_open":
                found.append(child.attrs["href"])
            elif child.type == "image":
                found.append(child.attrs["src"])
    return found


def broken_links(page: Path) -> list[str]:
    broken = []
    for target in links(page):
        if _SCHEME.match(target) or target.startswith("//"):
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / unquote(path)).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif anchor and file.suffix == ".md" and unquote(anchor) not in anchors(file):
            broken.append(f"{target}: no such heading")
    return broken


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_internal_link_resolves(page):
    assert len(links(page)) > 0
    assert broken_links(page) == []


def test_the_mail_settings_have_their_heading():
    assert "docs/data-format.md#mail" in links(ROOT / "README.md")
    assert {"mail", "actorsyaml", "how-casualties-are-counted"} <= anchors(
        ROOT / "docs" / "data-format.md"
    )


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("actors.yaml", "actorsyaml"),
        (
            "Importing: ACLED and the team's spreadsheet",
            "importing-acled-and-the-teams-spreadsheet",
        ),
        ("The summary table (`dataset.summary`)", "the-summary-table-datasetsummary"),
        ("governorates.yaml (the gazetteer)", "governoratesyaml-the-gazetteer"),
        ("Exports: CSV, HXL, Excel and GeoJSON", "exports-csv-hxl-excel-and-geojson"),
        ("ملاحظات المحرر", "ملاحظات-المحرر"),
        ("snake_case — a key", "snake_case--a-key"),
    ],
)
def test_anchors_as_github_names_them(heading, anchor):
    assert github_anchor(heading) == anchor


def test_a_link_to_a_missing_file_or_heading_is_found(tmp_path):
    (tmp_path / "other.md").write_text("# Other page\n\n## Its part\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Top\n\n[a](#top) [b](other.md#its-part) [c](#hidden) [d](other.md#nothing)"
        " [e](gone.md)\n\n| x |\n| --- |\n| [f](#missing) |\n\n"
        "```yaml\nkey: value\n### hidden\n",  # a heading swallowed by an unclosed fence
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "#hidden: no such heading",
        "other.md#nothing: no such heading",
        "gone.md: no such file",
        "#missing: no such heading",
    ]
