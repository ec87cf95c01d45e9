"""The one template context of a month's briefing, for any edition: the facts put into words by
the edition's voice, every figure with its evidence.

One builder for every edition (Arabic, English, the tests' pseudo-voice): the editions differ only
in their voice, so they show the same sections, tables, map, comparisons and shortening of a busy
month. Templates only place what is here; they never count or compare.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import asdict, fields, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

from reportgen import __version__
from reportgen.briefing import facts as f
from reportgen.briefing.charts import DEFAULT_PALETTE, Chart
from reportgen.briefing.dataset import Dataset
from reportgen.briefing.images import COVER_PIXELS, LOGO_PIXELS, embedded_image
from reportgen.briefing.maps import LICENCES, MAP_ID, MonthMap, page_images
from reportgen.briefing.sections import MonthView, arranged_sections
from reportgen.briefing.social import briefing_metadata
from reportgen.briefing.voices import VOICES, Voice, edition_file
from reportgen.input.records import Month, Project

FIGURES = ("attacks", "killed", "wounded", "raids", "detained", "camp")
"""The key figures, in reading order (right to left in Arabic)."""


def palette(project: Project) -> dict[str, str]:
    return {**DEFAULT_PALETTE, **project.publication.colors}


def build_context(
    project: Project,
    dataset: Dataset,
    month: str,
    voice: Voice,
    charts: list[Chart],
    month_map: MonthMap | None = None,
) -> dict[str, Any]:
    """Everything the briefing templates show for `month` in `voice`'s edition."""
    record = project.months[month]
    facts = dataset.facts[month]
    view = MonthView(project, record, dataset.models[month], facts, voice, cited_sources(record))
    charts_by_id = {chart.id: chart_item(chart) for chart in charts}
    if month_map is not None and MAP_ID in charts_by_id:
        map_chart = next(chart for chart in charts if chart.id == MAP_ID)
        credit = _credit(voice, month_map.attribution)
        charts_by_id[MAP_ID].update(page_images(map_chart), credit=credit)
    sections = arranged_sections(view, charts_by_id)
    front = front_matter(project, dataset, month, voice)
    report_line, headline = front["title"]["report_line"], front["title"]["headline"]
    key_figures = _key_figures(view)
    bullets = front["highlights"]["generated"]
    source_urls = view.sources
    return {
        "document": document_info(
            project,
            voice,
            f"{report_line} – {Markup(headline).striptags()}",
            Markup(headline).striptags(),
            alternates=other_editions(project, month, voice.code),
        ),
        "labels": voice.labels,
        "palette": palette(project),
        "publication": publication_info(project, voice),
        "draft": record.report.status != "published",
        **front,
        "corrections": shown_corrections(record, voice),
        "cover": _cover(record, voice),
        "social": briefing_metadata(
            project,
            month,
            voice.code,
            f"{report_line} – {Markup(headline).striptags()}",
            bullets,
            charts,
        ),
        "key_figures": key_figures,
        "evidence": evidence_blocks(view, [*bullets, *_paragraphs(sections)], key_figures),
        "sections": sections,
        "positions_note": voice.positions_note(_approximate(month_map)) if month_map else None,
        "notes": voice.editor_source(f.text_of(record.report.notes, record.report.notes_en)),
        "notes_title": voice.labels["notes_and_sources" if source_urls else "notes"],
        "counting_rule": voice.counting_rule(),
        "sources": _sources(source_urls, voice),
        "source_sites": _source_sites(view, sections),
        "interactive": _condensed(sections),
    }


def front_matter(project: Project, dataset: Dataset, month: str, voice: Voice) -> dict[str, Any]:
    """`month`'s title and highlights in `voice`'s words: the top of its page, and all that a
    feed entry quotes (without the sections, charts and evidence a page needs)."""
    record = project.months[month]
    headline = voice.editor(f.text_of(record.report.title, record.report.title_en)) or ""
    return {
        "title": {"report_line": voice.report_line(month), "headline": headline},
        "highlights": {
            "generated": voice.bullets(dataset.facts[month]),
            "editor": _highlights(record, voice),
        },
    }


# --- the page's frame ----------------------------------------------------------------------------


def other_editions(project: Project, month: str, edition: str) -> list[dict[str, str]]:
    """Links from `edition`'s page to the month's other editions, each named in its own
    language, as the head's `alternate` links and the masthead's switch show them."""
    return [
        {
            "lang": VOICES[other].lang,
            "href": edition_file(month, other, "html"),
            "label": VOICES[other].edition_label,
        }
        for other in project.publication.editions
        if other != edition and other in VOICES
    ]


def document_info(
    project: Project,
    voice: Voice,
    title: str,
    description: str,
    alternates: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The page's metadata (HTML head, PDF info), language, direction and digit settings;
    `alternates` are the page's other editions (lang, href, label)."""
    digits = voice.digits
    return {
        "lang": voice.lang,
        "dir": voice.direction,
        "alternates": alternates or [],
        "title": title,
        "author": voice.publisher(),
        "description": description,
        "generator": f"reportgen {__version__}",
        "created": _build_date(),
        "digits": digits,
        "page_counter": "arabic-indic" if digits == "arabic_indic" else "decimal",
    }


def _build_date() -> str:
    """SOURCE_DATE_EPOCH when set, so the same inputs give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def publication_info(project: Project, voice: Voice) -> dict[str, Any]:
    publication = project.publication
    logo = _data_uri(project.inputs / publication.logo, LOGO_PIXELS) if publication.logo else None
    website = publication.website
    label = website.split("://", 1)[-1].rstrip("/") if website else None
    return {
        **asdict(publication),
        "publisher": voice.publisher(),
        "region": voice.region(),
        "logo": logo,
        "website_label": label,
    }


def _data_uri(path: Path, longest_side: int) -> str:
    """The image inline, decoded and re-encoded within `longest_side` pixels (images.py)."""
    mime, data = embedded_image(path, longest_side)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _cover(record: Month, voice: Voice) -> dict[str, Any] | None:
    cover = record.report.cover
    if cover is None or cover.image is None:
        return None
    caption = voice.editor(f.text_of(cover.caption, cover.caption_en))
    return {
        "uri": _data_uri(record.folder / cover.image, COVER_PIXELS),
        "caption": caption,
        "alt": Markup(caption).striptags() if caption else voice.labels["cover"],
    }


def shown_corrections(record: Month, voice: Voice) -> list[dict[str, Any]]:
    """The month's dated corrections as the briefing, the archive and the email show them under
    the headline, oldest first: label, day as readers read it, ISO day, note."""
    if record.freeze is None:
        return []
    return [
        {
            "label": voice.labels["correction"],
            "date": voice.day(correction.date),
            "iso": correction.date.isoformat(),
            "note": voice.editor((correction.note, correction.note_en)),
        }
        for correction in record.freeze.corrections
    ]


def _highlights(record: Month, voice: Voice) -> list[Any]:
    english = record.report.highlights_en
    return [
        voice.editor((text, english[i] if i < len(english) else None))
        for i, text in enumerate(record.report.highlights)
    ]


def chart_item(chart: Chart) -> dict[str, str]:
    """The chart as the page shows it: a PNG, because WeasyPrint takes about 0.2 s to draw each
    SVG chart (its text is drawn as paths) and the PDF must come from the same HTML."""
    uri = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
    return {"id": chart.id, "title": chart.title, "alt": chart.alt, "uri": uri}


def _credit(voice: Voice, text: str) -> Markup:
    """The map's credit line: licence names («CC BY 4.0») kept whole and left to right, which
    the `text` filter would split before their version number; the rest isolated as text."""
    parts: list[Markup] = []
    rest = text
    while rest:
        found = [(rest.find(name), name) for name in LICENCES if name in rest]
        if not found:
            parts.append(voice.isolate(rest))
            break
        index, name = min(found)
        parts.append(voice.isolate(rest[:index]))
        whole = escape(name.replace(" ", "\u00a0"))
        parts.append(Markup('<span dir="ltr">{}</span>').format(whole))
        rest = rest[index + len(name) :]
    return Markup("").join(parts)


def _approximate(month_map: MonthMap) -> int:
    return sum(marker.count for marker in month_map.markers if marker.position.approximate)


# --- key figures and their evidence ----------------------------------------------------------


def _key_figures(view: MonthView) -> list[dict[str, Any]]:
    voice, facts = view.voice, view.facts
    a, r = facts.attacks, facts.raids
    figures: list[tuple[str, f.Count, Any]] = [
        ("attacks", a.confirmed, voice.change_note(a.comparison)),
        ("killed", a.toll.people("killed"), voice.split_note(a.toll, "killed")),
        ("wounded", a.toll.people("wounded"), voice.split_note(a.toll, "wounded")),
        ("raids", r.raids, None),
        ("detained", r.detained, None),
    ]
    population = facts.camp_population
    if population is not None:
        figures.append(("camp", population, voice.camps_note(facts.camps)))
    return [
        {
            "id": key,
            "label": voice.labels["figures"][key],
            "value": voice.number(count.value),
            "note": note,
            "events": " ".join(count.ids),
            "evidence": count.key if count.ids else None,
        }
        for key, count, note in figures
    ]


def fact_counts(facts: f.MonthFacts) -> dict[str, f.Count]:
    """Every count of the month's facts by its evidence key."""
    found: dict[str, f.Count] = {}

    def walk(value: Any) -> None:
        if isinstance(value, f.Count):
            if value.key and value.ids:
                found.setdefault(value.key, value)
        elif isinstance(value, f.Toll):
            for count in value.counts.values():
                walk(count)
            for status in ("killed", "wounded"):
                walk(value.people(status))
        elif is_dataclass(value):
            for field in fields(value):
                walk(getattr(value, field.name))
        elif isinstance(value, tuple | list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)

    walk(facts)
    population = facts.camp_population
    if population is not None:
        walk(population)
    return found


def evidence_blocks(
    view: MonthView, texts: list[Any], key_figures: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The evidence the generated sentences link to and the key figures open: for each, the
    records it counts. A key figure's own block sits in its cell; the others follow the key
    figures."""
    counts = fact_counts(view.facts)
    phrases = {key: phrase for text in texts for key, phrase in _linked_phrases(str(text))}
    in_figures = {figure["evidence"] for figure in key_figures if figure["evidence"]}
    wanted = [*in_figures, *phrases]
    blocks = {}
    for key in wanted:
        if key in counts and key not in blocks:
            phrase = phrases.get(key) if key not in in_figures else None
            heading = view.voice.evidence_heading(phrase)
            blocks[key] = {**_evidence(view, counts[key]), "heading": heading}
    for figure in key_figures:
        figure["evidence_block"] = blocks.get(figure["evidence"]) if figure["evidence"] else None
    return [block for key, block in blocks.items() if key not in in_figures]


_EVIDENCE_LINK = re.compile(r'<a class="evidence-link" href="#evidence-([^"]+)">(.*?)</a>', re.S)


def _linked_phrases(html: str) -> list[tuple[str, str]]:
    """The evidence keys the sentences in `html` link to, each with the phrase that links to
    it as text («11 هجوماً»): what its list of events is headed with."""
    return [(key, Markup(inner).striptags()) for key, inner in _EVIDENCE_LINK.findall(html)]


def _evidence(view: MonthView, count: f.Count) -> dict[str, Any]:
    voice = view.voice
    events = {event.id: event for event in view.model.events()}
    camps = {camp.id: camp for camp in view.facts.camps}
    rows = []
    for ident in count.ids:
        if ident in events:
            event = events[ident]
            record = event.record
            kind = (
                voice.labels["evidence"]["raid"]
                if event.kind == "raid"
                else voice.attack_type(record.type)
            )
            place = voice.location(record.location, record.location_en, record.governorate)
            rows.append(
                {
                    "href": f"#event-{ident}",
                    "date": voice.date(record.date),
                    "place": voice.governorate(record.governorate),
                    "location": place,
                    "kind": kind,
                }
            )
        elif ident in camps:
            rows.append({"href": f"#{ident}", "camp": voice.camp(camps[ident].name)})
    return {"id": f"evidence-{count.key}", "key": count.key, "rows": rows}


def _paragraphs(sections: list[dict[str, Any]]) -> list[Any]:
    """Every generated sentence of the sections that may link to evidence."""
    found: list[Any] = []
    for section in sections:
        found += section.get("paragraphs") or []
        found += [section["unconfirmed_note"]] if section.get("unconfirmed_note") else []
        found += [entry["paragraph"] for entry in section.get("entries") or []]
        for camp in section.get("camps") or []:
            found += camp["paragraphs"]
    return found


# --- sources ---------------------------------------------------------------------------------


def cited_sources(record: Month) -> list[str]:
    """Every link the month's records cite, once each, in the order the briefing shows them:
    confirmed attacks, unconfirmed attacks, raids (each by date and id), sanctions."""
    attacks = sorted(record.attacks, key=lambda a: (a.date, a.id))
    ordered = [
        *(a.sources for a in attacks if a.confirmed),
        *(a.sources for a in attacks if not a.confirmed),
        *(r.sources for r in sorted(record.raids, key=lambda r: (r.date, r.id))),
        *(s.sources for s in record.sanctions),
    ]
    return list(dict.fromkeys(url for urls in ordered for url in urls))


def _sources(urls: list[str] | tuple[str, ...], voice: Voice) -> list[dict[str, str]]:
    return [
        {"number": voice.reference(i), "number_id": str(i), "url": url}
        for i, url in enumerate(urls, 1)
    ]


def _event_rows(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("confirmed", "unconfirmed", "raids")
    return [row for section in sections for key in keys for row in section.get(key) or ()]


def _condensed(sections: list[dict[str, Any]]) -> bool:
    """Whether the PDF leaves out some events (a busy month): the HTML then gets the few lines
    of script that sort and filter its full tables."""
    return not all(row["print"] for row in _event_rows(sections))


def _source_sites(view: MonthView, sections: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A busy month's sources grouped by site, each marked `print` when a row the PDF lists
    cites it: the PDF shows those numbers under their site, in place of links nobody types
    from paper; the HTML shows every link."""
    if not _condensed(sections):
        return None
    rows = _event_rows(sections)
    shown = {ref["number_id"] for row in rows if row["print"] for ref in row["sources"]}
    left_out = {ref["number_id"] for row in rows if not row["print"] for ref in row["sources"]}
    sites: dict[str, list[dict[str, Any]]] = {}
    for source in _sources(view.sources, view.voice):
        printed = source["number_id"] in shown or source["number_id"] not in left_out
        sites.setdefault(_site(source["url"]), []).append({**source, "print": printed})
    return {
        "note": view.voice.condensed_sources_note(),
        "sites": [{"site": site, "sources": items} for site, items in sites.items()],
    }


def _site(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.")
