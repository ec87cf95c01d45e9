"""No heading is ever printed without something under it, however empty the month."""

from __future__ import annotations

import html5lib

from reportgen.editor.scaffold import scaffold_month
from reportgen.publish.build import load
from tests.conftest import render_briefing

HEADINGS = ("h2", "h3")


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def empty_headings(html: str) -> list[str]:
    """Every h2/h3 whose section has nothing after it before the next heading of its rank or
    higher."""
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    empty = []
    for section in tree.iter("section"):
        children = list(section)
        for i, child in enumerate(children):
            if child.tag not in HEADINGS:
                continue
            rank = HEADINGS.index(child.tag)
            following = []
            for later in children[i + 1 :]:
                if later.tag in HEADINGS[: rank + 1]:
                    break
                following.append(later)
            if not any(_text(e) or e.find(".//img") is not None for e in following):
                empty.append(_text(child))
    return empty


def test_a_new_month_has_no_empty_heading(inputs):
    scaffold_month(inputs, "2023-12")
    report = inputs / "2023-12" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8")
        + "sections:\n  - id: empty\n    title: قسم بلا نص\n    after: attacks\n",
        encoding="utf-8",
    )
    html, _ = render_briefing(load(inputs), "2023-12")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    headings = [_text(h) for h in tree.iter("h2")]
    assert "ملاحظات منهجية والمصادر" not in headings and "المصادر" not in headings
    assert "قسم بلا نص" not in headings
    assert empty_headings(html) == []


def test_the_example_month_has_no_empty_heading(inputs):
    html, _ = render_briefing(load(inputs), "2023-11")
    assert empty_headings(html) == []
