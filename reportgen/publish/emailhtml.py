"""What the email's HTML part may do: show text, tables and `cid:` images, and link to the web.

The check reads the page as a mail client would (elements, attributes, URLs after entity decoding,
CSS after its escapes) and names what it does that mail must not: fetch from elsewhere, run a
script, embed a `data:` URI or a web font. Text is only text: an editor's highlight that mentions
"data:" or "<script" reaches the page escaped and does nothing, so it is never a finding.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import tinycss2

from reportgen.i18n import N_

DATA_URI = N_("a data: URI (mail clients drop them)")
SCRIPT = N_("a script")
WEB_FONT = N_("a web font")
FETCH = N_("an external fetch")
LINK = N_("a link that is not http, https or mailto")

_SCRIPTING = frozenset({"script", "noscript", "template"})
_FETCHING = frozenset(
    {"link", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"}
    | {"audio", "video", "source", "track", "input", "form", "button"}
)
_EMBEDDING_HREF = frozenset({"image", "use", "feimage"})
"""SVG elements whose `href` loads what it points to rather than linking to it."""
_FETCH_ATTRIBUTES = frozenset(
    {"src", "srcset", "background", "poster", "data", "lowsrc", "dynsrc", "codebase", "archive"}
    | {"longdesc", "ping", "manifest", "profile", "xlink:href", "imagesrcset", "icon"}
)
_LINK_ATTRIBUTES = frozenset({"href", "action", "formaction", "cite"})
_LINK_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.I)
_URL_NOISE = re.compile(r"[\t\n\r]")
_CSS_FETCHES = frozenset({"url", "src", "image", "image-set", "-webkit-image-set", "cross-fade"})
_CSS_SCRIPTS = frozenset({"expression", "behavior", "-moz-binding"})


def forbidden_content(page: str) -> list[str]:
    """What a mail client would strip, block or fetch from `page`, named (each name once, in the
    order of `DATA_URI`, `SCRIPT`, `WEB_FONT`, `FETCH`, `LINK`)."""
    audit = _Audit()
    audit.feed(page)
    audit.close()
    order = (DATA_URI, SCRIPT, WEB_FONT, FETCH, LINK)
    return [name for name in order if name in audit.found]


class _Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SCRIPTING:
            self.found.add(SCRIPT)
        elif tag in _FETCHING or (tag == "meta" and any(n == "http-equiv" for n, _ in attrs)):
            self.found.add(FETCH)
        self._in_style = tag == "style"
        for name, value in attrs:
            self._attribute(tag, name, value or "")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found.update(css_findings(data, stylesheet=True))

    def _attribute(self, tag: str, name: str, value: str) -> None:
        if name.startswith("on"):
            self.found.add(SCRIPT)
        elif name == "style":
            self.found.update(css_findings(value, stylesheet=False))
        elif name in _FETCH_ATTRIBUTES or (name == "href" and tag in _EMBEDDING_HREF):
            self.found.update(filter(None, map(_embedded_url, _urls(name, value))))
        elif name in _LINK_ATTRIBUTES:
            self.found.update(filter(None, [_link(value)]))


def _urls(attribute: str, value: str) -> list[str]:
    """The URLs an attribute holds: a `srcset` lists candidates, each a URL and a size."""
    if not attribute.endswith("srcset"):
        return [value]
    return [candidate.split()[0] for candidate in value.split(",") if candidate.split()]


def _scheme(url: str) -> str | None:
    """The scheme of `url` as a browser reads it: surrounding blanks and tabs or line breaks
    anywhere in it ignored."""
    found = _SCHEME.match(_URL_NOISE.sub("", url).strip(" \x00\x0b\x0c"))
    return found.group(1).lower() if found else None


def _embedded_url(url: str) -> str | None:
    """What an image's (or another embedded resource's) URL does, unless it is a `cid:` part."""
    scheme = _scheme(url)
    if scheme == "cid":
        return None
    return {"data": DATA_URI, "javascript": SCRIPT, "vbscript": SCRIPT}.get(scheme or "", FETCH)


def _link(url: str) -> str | None:
    scheme = _scheme(url)
    if scheme in _LINK_SCHEMES or (scheme is None and url.strip().startswith("#")):
        return None
    return {"data": DATA_URI, "javascript": SCRIPT, "vbscript": SCRIPT}.get(scheme or "", LINK)


def css_findings(css: str, *, stylesheet: bool) -> set[str]:
    """What a style sheet (or a style attribute's declarations) fetches, runs or embeds."""
    parse = tinycss2.parse_stylesheet if stylesheet else tinycss2.parse_blocks_contents
    found: set[str] = set()
    _walk(parse(css, skip_comments=True, skip_whitespace=True), found)
    return found


def _walk(nodes: list, found: set[str]) -> None:
    for node in nodes:
        kind = node.type
        if kind == "at-rule" and node.lower_at_keyword in ("font-face", "import"):
            found.add(WEB_FONT)
        if kind in ("qualified-rule", "at-rule") and node.content is not None:
            _walk(tinycss2.parse_blocks_contents(node.content, skip_comments=True), found)
        if kind == "url":
            found.update(filter(None, [_embedded_url(node.value)]))
        elif kind == "function" and node.lower_name in _CSS_FETCHES:
            _function_urls(node, found)
        elif (kind == "function" and node.lower_name in _CSS_SCRIPTS) or (
            kind == "declaration" and node.lower_name in _CSS_SCRIPTS
        ):
            found.add(SCRIPT)
        parts = ("prelude",) if kind in ("qualified-rule", "at-rule") else ("content", "value")
        for part in (*parts, "arguments"):
            inner = getattr(node, part, None)
            if isinstance(inner, list):
                _walk(inner, found)


def _function_urls(node, found: set[str]) -> None:
    """`url("…")` and `image-set("…" 1x)`: their strings are URLs."""
    for argument in node.arguments:
        if argument.type == "string":
            found.update(filter(None, [_embedded_url(argument.value)]))
    if node.lower_name == "url" and not any(a.type == "string" for a in node.arguments):
        found.add(FETCH)
