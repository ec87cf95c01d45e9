"""The email HTML check judges what the page does, never what its text says."""

from __future__ import annotations

import pytest

from reportgen.publish.emailhtml import forbidden_content

DATA, SCRIPT, FONT, FETCH, LINK = (
    "a data: URI (mail clients drop them)",
    "a script",
    "a web font",
    "an external fetch",
    "a link that is not http, https or mailto",
)


@pytest.mark.parametrize(
    "text",
    [
        "data: from ACLED, javascript: and vbscript: in a highlight",
        "&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;",
        "@font-face, @import and url(https://tracker.example/p.gif) written as text",
        "<a href='https://example.org/data:x'>a link whose path says data:</a>",
        "<td style=\"font-family: Tahoma; content: 'data: url(x)'\">cell</td>",
        '<img src="cid:map.2023-11@example.org" alt="data: javascript: <script>">',
    ],
)
def test_text_that_mentions_forbidden_things_is_only_text(text: str):
    assert forbidden_content(f"<p>{text}</p>") == []


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('<img src=" DATA:image/png;base64,AAAA">', DATA),
        ('<a href="data:text/html,x">x</a>', DATA),
        ('<a href="java&#x09;script:alert(1)">x</a>', SCRIPT),
        ('<a href="  JavaScript:alert(1)">x</a>', SCRIPT),
        ('<p onmouseover="x()">x</p>', SCRIPT),
        ("<noscript><p>x</p></noscript>", SCRIPT),
        ('<div style="width: expression(alert(1))">', SCRIPT),
        ('<div style="behavior: url(x.htc)">', SCRIPT),
        ("<style>@import 'https://x.example/s.css';</style>", FONT),
        ('<td style="background: u\\72l(https://x.example/b.png)">', FETCH),
        ("<td style=\"background-image: image-set('https://x.example/a.png' 1x)\">", FETCH),
        ('<td background="https://x.example/b.png">', FETCH),
        ('<img srcset="cid:a 1x, https://x.example/b.png 2x">', FETCH),
        ('<svg><image href="https://x.example/y.png"/></svg>', FETCH),
        ('<iframe src="cid:x"></iframe>', FETCH),
        ('<meta http-equiv="refresh" content="0;url=https://x.example/">', FETCH),
        ('<a href="file:///etc/passwd">x</a>', LINK),
    ],
)
def test_what_the_html_does_is_named(snippet: str, found: str):
    assert found in forbidden_content(f"<p>ok</p>{snippet}")


def test_links_anchors_and_cid_images_are_allowed():
    page = (
        '<a href="https://www.example.org/">x</a> <a href="mailto:desk@example.org">m</a> '
        '<a href="#top">t</a> <img src="cid:chart.2023-11@example.org" width="600">'
        '<td style="font-family: Tahoma, Arial; color: #8b1e1e">cell</td>'
    )
    assert forbidden_content(page) == []
