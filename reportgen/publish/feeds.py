"""The archive's Atom feeds: `output/feed.xml` (Arabic) and `output/feed.en.xml` (English).

One entry per published month (its headline, key events as bullets, links to its HTML and PDF)
and one per correction of it (the note and what changed), newest first; only the months the
archive lists, so a draft never appears. Links are absolute under `base_url` (or `website`) in
publication.yaml; without either they are relative to the feed, and the ids are stable
`urn:uuid:` names. Written with the standard library's XML writer, which escapes every text;
Atom needs no more than these few elements.
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from reportgen.briefing.social import FEED_FILES, absolute, plain
from reportgen.files import write_atomic
from reportgen.input.records import Correction, Project

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
WORDS = {
    "ar": {
        "read": "قراءة التقرير",
        "pdf": "PDF",
        "correction": "تصحيح",
        "changed": "ما تغيّر",
        "headline": "العنوان",
        "instead": "بدلاً من",
        "archive": "أرشيف",
    },
    "en": {
        "read": "Read the report",
        "pdf": "PDF",
        "correction": "Correction",
        "changed": "What changed",
        "headline": "Headline",
        "instead": "previously",
        "archive": "Archive",
    },
}


def write_feeds(loaded: Loaded, months: list[str], output: Path) -> list[Path]:
    """Each edition's feed of `months` (the archive's, newest first) into `output`."""
    ET.register_namespace("", ATOM)
    written = []
    for edition in loaded.project.publication.editions:
        tree = feed(loaded, months, edition)
        ET.indent(tree, space=" ")
        data = ET.tostring(tree, encoding="utf-8", xml_declaration=True)
        written.append(write_atomic(output / FEED_FILES[edition], data + b"\n"))
    return written


def feed(loaded: Loaded, months: list[str], edition: str) -> ET.Element:
    """The Atom feed of `months` in `edition`."""
    from reportgen.briefing.voices import edition_file

    project = loaded.project
    entries = []
    for month in months:
        context = _context(loaded, month, edition)
        page = f"{month}/{edition_file(month, edition, 'html')}"
        pdf = f"{month}/{edition_file(month, edition, 'pdf')}"
        record = project.months[month].freeze
        day = record.published if record else _today()
        entries.append((day, 0, _month_entry(project, month, edition, context, page, pdf, day)))
        for number, correction in enumerate(record.corrections if record else (), 1):
            entry = _correction_entry(project, month, edition, context, page, correction, number)
            entries.append((correction.date, number, entry))
    entries.sort(key=lambda item: (item[0], item[1]), reverse=True)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: edition})
    names = _names(project, edition)
    _text(root, "title", names["report"])
    _text(root, "subtitle", f"{names['publisher']} – {names['region']}")
    _text(root, "id", absolute(project, FEED_FILES[edition]) or _urn(project, edition))
    _text(root, "updated", _stamp(entries[0][0] if entries else _today()))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", names["publisher"])
    if project.publication.website:
        _text(author, "uri", project.publication.website)
    _link(root, absolute(project, FEED_FILES[edition]) or FEED_FILES[edition], "self",
          "application/atom+xml")  # fmt: skip
    _link(root, absolute(project, "index.html") or "index.html", "alternate", "text/html")
    _text(root, "generator", "reportgen")
    root.extend(entry for _day, _number, entry in entries)
    return root


def _context(loaded: Loaded, month: str, edition: str) -> dict[str, Any]:
    """The words of the month's page the feed quotes (its title and highlights), and the
    edition's digits."""
    from reportgen.briefing.context import front_matter
    from reportgen.briefing.voices import voice_for

    voice = voice_for(loaded.project, edition)
    return {**front_matter(loaded.project, loaded.dataset, month, voice), "digits": voice.digits}


def _month_entry(
    project: Project,
    month: str,
    edition: str,
    context: dict[str, Any],
    page: str,
    pdf: str,
    day: date,
) -> ET.Element:
    words = WORDS[edition]
    title = context["title"]
    href, pdf_href = absolute(project, page) or page, absolute(project, pdf) or pdf
    bullets = [*context["highlights"]["generated"], *context["highlights"]["editor"]]
    body = Markup("<p><strong>{}</strong></p>").format(title["headline"])
    body += Markup("<ul>{}</ul>").format(
        Markup("").join(Markup("<li>{}</li>").format(b) for b in bullets)
    )
    body += Markup('<p><a href="{}">{}</a> · <a href="{}">{}</a></p>').format(
        href, words["read"], pdf_href, words["pdf"]
    )
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", f"{title['report_line']}: {plain(title['headline'])}")
    _text(entry, "id", href if absolute(project, page) else _urn(project, edition, month))
    _text(entry, "published", _stamp(day))
    _text(entry, "updated", _stamp(day))
    _link(entry, href, "alternate", "text/html")
    _link(entry, pdf_href, "alternate", "application/pdf")
    _text(entry, "summary", " ".join(plain(b) for b in bullets))
    content = _text(entry, "content", str(body))
    content.set("type", "html")
    return entry


def _correction_entry(
    project: Project,
    month: str,
    edition: str,
    context: dict[str, Any],
    page: str,
    correction: Correction,
    number: int,
) -> ET.Element:
    from reportgen.publish.notices import changes

    words = WORDS[edition]
    note = correction.note_en if edition == "en" else correction.note
    note = note or correction.note
    href = absolute(project, page) or page
    lines = changes(correction, edition, context["digits"])
    body = Markup("<p>{}</p>").format(note)
    if lines:
        body += Markup("<p>{}:</p><ul>{}</ul>").format(
            words["changed"], Markup("").join(Markup("<li>{}</li>").format(x) for x in lines)
        )
    body += Markup('<p><a href="{}">{}</a></p>').format(href, words["read"])
    entry = ET.Element(f"{{{ATOM}}}entry")
    _text(entry, "title", f"{words['correction']}: {context['title']['report_line']}")
    base_id = href if absolute(project, page) else _urn(project, edition, month)
    _text(entry, "id", f"{base_id}#correction-{number}")
    _text(entry, "published", _stamp(correction.date))
    _text(entry, "updated", _stamp(correction.date))
    _link(entry, href, "alternate", "text/html")
    _text(entry, "summary", " ".join([note, *lines]))
    content = _text(entry, "content", str(body))
    content.set("type", "html")
    return entry


def _names(project: Project, edition: str) -> dict[str, str]:
    from reportgen.briefing import english

    p = project.publication
    if edition == "en":
        return {
            "report": p.report_name_en or english.name(p.report_name),
            "publisher": p.publisher_en or english.name(p.publisher),
            "region": p.region_en or english.name(p.region),
        }
    return {"report": p.report_name, "publisher": p.publisher, "region": p.region}


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _link(parent: ET.Element, href: str, rel: str, kind: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}link", {"href": href, "rel": rel, "type": kind})


def _stamp(day: date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def _today() -> date:
    return datetime.now(UTC).date()


def _urn(project: Project, edition: str, month: str = "") -> str:
    name = f"reportgen:{project.publication.publisher}:{project.publication.report_name}"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{name}:{edition}:{month}").urn
