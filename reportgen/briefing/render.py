"""HTML and PDF from the templates: one Jinja2 environment, one document, printed by WeasyPrint.

The HTML is self-contained (CSS, fonts, images and charts inlined), so the PDF renderer needs
nothing else: its fetcher answers `data:` URLs and files inside the allowed folders, and no others.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import unquote, urlparse

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reportgen.briefing import arabic, english, markup
from reportgen.briefing.arabic import Digits
from reportgen.briefing.fonts import font_face_css
from reportgen.i18n import _

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
_FONT_SLOT = "/*reportgen:font-faces*/"
_DATA_URI = re.compile(r"data:[^\"')\s]+")
log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=8)
def make_environment(
    templates: Path = TEMPLATE_DIR, digits: Digits = "western", direction: str = "rtl"
) -> Environment:
    """One environment per template folder, digits and direction, kept: Jinja2 compiles each
    template once and compiles it again when its file changes (auto_reload), which a warm preview
    relies on. A left-to-right edition isolates Arabic runs in editors' text where the Arabic
    edition isolates Latin ones."""
    env = Environment(
        loader=FileSystemLoader(templates),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["ltr"] = arabic.ltr
    if direction == "ltr":
        env.filters["text"] = english.isolate_arabic
    else:
        env.filters["text"] = functools.partial(arabic.isolate_latin, digits=digits)
    body_lang = "ar" if direction == "rtl" else "en"
    env.filters["body"] = functools.partial(markup.render_body, digits=digits, lang=body_lang)
    return env


def render_html(
    context: dict[str, Any],
    templates: Path = TEMPLATE_DIR,
    template: str = "briefing.html.j2",
    font_cache: Path | None = None,
    medium: str = "screen",
) -> str:
    """The reader's HTML for `context`, with the fonts it needs embedded. With `medium="print"`,
    the page a PDF prints, as a build hands it to `write_pdf`: the same page without what only
    the screen shows (evidence lists and their links, a busy month's routine events, the
    sources' links), which WeasyPrint then need not parse."""
    document = context["document"]
    env = make_environment(templates, document["digits"], document.get("dir", "rtl"))
    page = env.get_template(template)
    html = page.render(**context, medium=medium, font_faces=Markup(_FONT_SLOT))
    if medium == "print":
        html = without_evidence_links(html)
    visible_text = _DATA_URI.sub("", html)
    return html.replace(_FONT_SLOT, font_face_css(visible_text, font_cache), 1)


def write_pdf(html: str, target: Path | BinaryIO, allowed: Iterable[Path] = ()) -> None:
    """Print `html`, a page for print (`render_html(medium="print")`), to `target` as a tagged
    PDF (structure, language, alt text, table headers, for screen readers); only `data:` URLs
    and files under `allowed` are read."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=None, url_fetcher=_project_fetcher(tuple(allowed)))
    document.write_pdf(target, pdf_identifier=identifier, pdf_tags=True)


_EVIDENCE_LINK = re.compile(r'<a class="evidence-link" href="#evidence-[^"<>]*">(.*?)</a>', re.S)


def without_evidence_links(html: str) -> str:
    """`html` with each counted phrase as plain text: its link opens a list of the events it
    counts, which only the screen has (the PDF and the email print the phrase alone). Our
    evidence links are never nested and hold no other link."""
    return _EVIDENCE_LINK.sub(r"\1", html)


def _project_fetcher(allowed: tuple[Path, ...]):
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = tuple(root.resolve() for root in allowed)

    class ProjectFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = _local_path(url)
            if path is not None and any(path.is_relative_to(root) for root in roots):
                return URLFetcherResponse(url, path.read_bytes())
            message = _("refused to fetch {url}: the briefing reads only project files")
            log.warning(message.format(url=url))
            raise ValueError(f"refused: {url}")

    return ProjectFetcher(allowed_protocols=("data", "file"))


def _local_path(url: str) -> Path | None:
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost"):
        return None
    return Path(unquote(parsed.path)).resolve()
