"""Link previews: the Open Graph and Twitter card metadata of the briefing and the archive.

A shared link shows a title, a description and an image only when the page names them with
absolute addresses, so they are made from `base_url` in publication.yaml (where output/ is
published; `website` when it is not set), laid out as output/ is: MONTH/sitrep-MONTH.html, the
charts as MONTH/charts/ID.png (charts/en/ for the English edition). Without either address the
page still carries its title and description, and no relative address is given.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote, urljoin

from markupsafe import Markup

from reportgen.input.records import Project

_TAG = re.compile(r"<[^>]+>")
_ISOLATES = re.compile("[\u2066-\u2069\u200e\u200f]")
DESCRIPTION_CHARACTERS = 300
LOCALES = {"ar": "ar_AR", "en": "en_GB"}
FEED_FILES = {"ar": "feed.xml", "en": "feed.en.xml"}
"""Each edition's Atom feed, beside the archive (publish/feeds.py)."""


def feed_links(project: Project, prefix: str = "") -> list[dict[str, str]]:
    """The `<link rel=alternate>` of each edition's feed, from a page `prefix` below output/."""
    publication = project.publication
    names = {"ar": publication.report_name, "en": publication.report_name_en or "Atom feed"}
    return [
        {"href": prefix + FEED_FILES[edition], "lang": edition, "title": names[edition]}
        for edition in publication.editions
    ]


def base_url(project: Project) -> str | None:
    """Where output/ is served, ending in "/": publication.yaml's base_url, else its website."""
    publication = project.publication
    chosen = publication.base_url or publication.website
    return chosen.rstrip("/") + "/" if chosen else None


def absolute(project: Project, path: str) -> str | None:
    """The address of `path` (relative to output/) on the published site, or None."""
    base = base_url(project)
    return urljoin(base, quote(path)) if base else None


def plain(value: object) -> str:
    """Text from the context (Markup with isolating spans, or plain) as a preview shows it."""
    text = str(value) if isinstance(value, Markup) else html.escape(str(value))
    return " ".join(_ISOLATES.sub("", html.unescape(_TAG.sub("", text))).split())


def summary(sentences: list[object], limit: int = DESCRIPTION_CHARACTERS) -> str:
    """The first sentences, whole, within `limit` characters (the first one cut when longer)."""
    chosen = ""
    for sentence in map(plain, sentences):
        joined = f"{chosen} {sentence}".strip()
        if len(joined) > limit:
            break
        chosen = joined
    if not chosen and sentences:
        chosen = plain(sentences[0])[: limit - 1].rstrip() + "…"
    return chosen


def page_metadata(
    project: Project,
    *,
    title: str,
    description: str,
    page: str,
    image: str | None = None,
    image_alt: str = "",
    lang: str = "ar",
    kind: str = "article",
) -> dict[str, Any]:
    """The `social` context key: what `macros.social_meta` writes into a page's head. `page` and
    `image` are paths relative to output/; the feeds are linked relative to the page."""
    publication = project.publication
    site = publication.publisher_en if lang == "en" and publication.publisher_en else None
    return {
        "title": title,
        "description": description,
        "url": absolute(project, page),
        "image": absolute(project, image) if image else None,
        "image_alt": image_alt,
        "site_name": site or publication.publisher,
        "locale": LOCALES.get(lang, lang),
        "type": kind,
        "card": "summary_large_image" if image else "summary",
        "feeds": feed_links(project, "../" * page.count("/")),
    }


def briefing_metadata(
    project: Project,
    month: str,
    edition: str,
    title: str,
    sentences: list[object],
    charts: list[Any],
) -> dict[str, Any]:
    """A month's page: its headline, its first key events, and its first chart or the map."""
    from reportgen.briefing.context import edition_file

    folder = f"{month}/charts/en" if edition == "en" else f"{month}/charts"
    first = next((chart for chart in charts if getattr(chart, "png", b"")), None)
    return page_metadata(
        project,
        title=title,
        description=summary(sentences) or title,
        page=f"{month}/{edition_file(month, edition, 'html')}",
        image=f"{folder}/{first.id}.png" if first else None,
        image_alt=first.alt if first else "",
        lang=edition,
    )
