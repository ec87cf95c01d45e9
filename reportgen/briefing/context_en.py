"""The English edition's template context: the same facts and layout as context.py, in English.

Sentences come from narrative_en over the facts context.py's Arabic sentences render; editors'
texts from their `NAME_en` counterparts, or `english.UNTRANSLATED` where there is none yet;
governorates from the gazetteer's `name_en`; forces, authorities, countries and camps from
`english.name` (the shipped table plus `name_en` in inputs/actors.yaml).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from reportgen.briefing import english, narrative_en
from reportgen.briefing.charts import Chart
from reportgen.briefing.context import (
    _corrections,
    _cover_uri,
    _social,
    _source_urls,
    arranged_sections,
    chart_item,
    document_info,
    other_editions,
    palette,
    publication_info,
)
from reportgen.briefing.dataset import Dataset
from reportgen.briefing.english import UNTRANSLATED, number
from reportgen.briefing.facts import MonthFacts, month_facts
from reportgen.input.gazetteer import english_name, places
from reportgen.input.records import Month, Project, Quote, Section

LABELS = {
    "draft": "Draft",
    "draft_page": "Draft – not for publication",
    "draft_note": "this report has not been published yet and is not sent to readers.",
    "key_events": "Key events",
    "key_figures": "The month in figures",
    "comma": ", ",
    "attack_columns": ("Date", "Governorate", "Location", "Type", "Killed", "Wounded", "Sources"),
    "raid_columns": ("Date", "Governorate", "Location", "Forces", "Detained", "Sources"),
    "notable_columns": ("Name", "Role", "Outcome", "Date and place"),
    "population_columns": ("Group", "Number", "Share"),
    "total": "Total",
    "confirmed_attacks": "Confirmed attacks",
    "unconfirmed_attacks": "Unconfirmed attacks",
    "raids": "Raids",
    "notable": "Prominent ISIS figures detained or killed",
}
ATTACK_TYPES = {
    "armed_attack": "Armed attack",
    "assassination": "Assassination",
    "ied": "IED",
    "arson": "Arson",
    "grenade": "Grenade",
    "suicide": "Suicide attack",
    "other": "Other",
}
OUTCOMES = {"detained": "Detained", "killed": "Killed"}
POPULATION_GROUPS = {
    "iraqi": "Iraqis",
    "syrian": "Syrians",
    "foreign": "Foreigners from other countries",
}
SECTION_TITLES = {
    "attacks": "ISIS sleeper-cell attacks",
    "raids": "Raids and detentions",
    "sanctions": "Sanctions on ISIS financiers",
    "camps": "Camps",
}
CHARTS_BY_SECTION = {
    "attacks": ("attacks_trend", "attacks_by_governorate", "casualties"),
    "raids": ("raids_trend",),
    "camps": ("camp_population",),
}


def en(arabic: str | None, english_text: str | None) -> str | None:
    """An editor's text in the English edition: its English, the marker, or None."""
    if not arabic:
        return None
    return english_text or UNTRANSLATED


@dataclass
class _Month:
    project: Project
    dataset: Dataset
    record: Month
    facts: MonthFacts

    @property
    def key(self) -> str:
        return self.record.key

    def table(self, name: str) -> pd.DataFrame:
        return self.dataset.of_month(name, self.key)

    def governorate(self, key: str) -> str:
        return self.project.governorates[key].name_en

    def name(self, arabic: str) -> str:
        return english.name(arabic, self.project.names_en)

    def location(self, arabic: str | None, written: str | None, governorate: str) -> str | None:
        """The editor's English, else the place gazetteer's name, else the marker."""
        if not arabic:
            return None
        known = english_name(places(self.project.places), arabic, governorate)
        return written or known or UNTRANSLATED


def build_english_context(
    project: Project, dataset: Dataset, month: str, charts: list[Chart]
) -> dict[str, Any]:
    """Everything the English edition's templates show for `month`, ready to place."""
    record = project.months[month]
    m = _Month(project, dataset, record, month_facts(dataset, record))
    publication = project.publication
    report_name = publication.report_name_en or english.name(publication.report_name)
    report_line = f"{report_name}, {english.month_label(month)}"
    headline = en(record.report.title, record.report.title_en) or ""
    charts_by_id = {chart.id: chart_item(chart) for chart in charts}
    sources = _source_urls(dataset, month)
    generated = _generated(m)
    return {
        "document": document_info(
            project,
            f"{report_line} – {headline}",
            headline,
            lang="en",
            alternates=other_editions(project, month, "en"),
        ),
        "labels": LABELS,
        "palette": palette(project),
        "publication": _publication(project),
        "draft": record.report.status != "published",
        "title": {"report_line": report_line, "headline": headline},
        "corrections": _corrections(record, "en", "western"),
        "cover": _cover(record),
        "highlights": {"generated": generated, "editor": _highlights(record)},
        "social": _social(project, month, "en", f"{report_line} – {headline}", generated, charts),
        "key_figures": _key_figures(m),
        "sections": _sections(m, charts_by_id, sources),
        "positions_note": None,
        "source_sites": None,
        "interactive": False,
        "notes": en(record.report.notes, record.report.notes_en),
        "notes_title": "Methodology and sources" if sources else "Methodology",
        "counting_rule": narrative_en.counting_rule(),
        "sources": [
            {"number": str(i), "number_id": str(i), "url": url} for i, url in enumerate(sources, 1)
        ],
    }


def _publication(project: Project) -> dict[str, Any]:
    publication = project.publication
    info = publication_info(project)
    info["publisher"] = publication.publisher_en or english.name(publication.publisher)
    info["region"] = publication.region_en or english.name(publication.region)
    return info


def _region(m: _Month) -> str:
    publication = m.project.publication
    return publication.region_en or english.name(publication.region)


def _cover(record: Month) -> dict[str, str] | None:
    cover = record.report.cover
    if cover is None or cover.image is None:
        return None
    caption = en(cover.caption, cover.caption_en)
    return {
        "uri": _cover_uri(record),
        "caption": caption,
        "alt": caption or "Cover picture",
    }


def _highlights(record: Month) -> list[str]:
    english_lines = record.report.highlights_en
    return [
        english_lines[i] if i < len(english_lines) else UNTRANSLATED
        for i in range(len(record.report.highlights))
    ]


def _generated(m: _Month) -> list:
    f = m.facts
    names = m.project.names_en
    bullets = [
        narrative_en.attacks_bullet(f.attacks, _region(m)),
        narrative_en.casualties_bullet(f.attacks),
        narrative_en.raids_bullet(f.raids),
    ]
    bullets += [narrative_en.sanction_bullet(s, names) for s in f.sanctions]
    bullets += [narrative_en.repatriation_bullet(r, names) for r in f.repatriations]
    return [bullet for bullet in bullets if bullet]


def _key_figures(m: _Month) -> list[dict[str, str | None]]:
    row = m.dataset.row(m.key)

    def count(column: str) -> int:
        return 0 if pd.isna(row[column]) else int(row[column])

    def split(status: str) -> str | None:
        military, civilian = count(f"military_{status}"), count(f"civilian_{status}")
        if military + civilian == 0:
            return None
        return f"Military {number(military)} · Civilians {number(civilian)}"

    change = narrative_en.change_phrase(m.facts.attacks_change)
    figures = [
        ("attacks", "Confirmed attacks", m.facts.attacks_change.current, change),
        ("killed", "Killed", count("killed"), split("killed")),
        ("wounded", "Wounded", count("wounded"), split("wounded")),
        ("raids", "Raids", count("raids"), None),
        ("detained", "Detained", count("detained"), None),
    ]
    if not pd.isna(row["camp_population"]):
        camps = english.join_and(
            [str(narrative_en.camp_name(c.name, m.project.names_en)) for c in m.facts.camps]
        )
        figures.append(("camp", "Camp population", count("camp_population"), camps))
    return [
        {"id": key, "label": label, "value": number(value), "note": note}
        for key, label, value, note in figures
    ]


def _sections(
    m: _Month, charts: dict[str, dict[str, str]], sources: list[str]
) -> list[dict[str, Any]]:
    built = {
        "attacks": _attacks_section(m, sources),
        "raids": _raids_section(m, sources),
        "sanctions": _sanctions_section(m, sources),
        "camps": _camps_section(m, sources),
    }
    return arranged_sections(
        built, m.record.report.sections, charts, CHARTS_BY_SECTION, _editor_section
    )


def _editor_section(section: Section) -> dict[str, Any]:
    return {
        "kind": "editor",
        "id": section.id,
        "title": en(section.title, section.title_en),
        "body": en(section.body, section.body_en) or "",
        "quotes": [_quote(q) for q in section.quotes],
        "after": section.after,
    }


def _quote(quote: Quote) -> dict[str, str | None]:
    return {
        "text": en(quote.text, quote.text_en),
        "by": en(quote.by, quote.by_en),
        "role": en(quote.role, quote.role_en),
    }


def _refs(sources: list[str], joined: object) -> list[dict[str, str]]:
    urls = str(joined).split() if isinstance(joined, str) else []
    numbers = [sources.index(url) + 1 for url in urls if url in sources]
    return [{"number": str(i), "number_id": str(i)} for i in numbers]


def _attacks_section(m: _Month, sources: list[str]) -> dict[str, Any]:
    attacks = m.table("attacks")
    records = {a.id: a for a in m.record.attacks}
    confirmed = attacks[attacks["confirmed"].astype(bool)]
    unconfirmed = attacks[~attacks["confirmed"].astype(bool)]
    names = {key: g.name_en for key, g in m.project.governorates.items()}
    return {
        "kind": "attacks",
        "id": "attacks",
        "title": SECTION_TITLES["attacks"],
        "paragraphs": [narrative_en.attacks_paragraph(m.facts.attacks, names, _region(m))],
        "confirmed": _attack_rows(m, confirmed, records, sources),
        "unconfirmed": _attack_rows(m, unconfirmed, records, sources),
        "unconfirmed_note": narrative_en.unconfirmed_note(m.facts.attacks),
        "confirmed_print": None,
        "unconfirmed_print": None,
    }


def _attack_rows(m: _Month, attacks: pd.DataFrame, records, sources) -> list[dict[str, Any]]:
    rows = []
    for a in attacks.sort_values(["date", "id"]).itertuples():
        record = records[a.id]
        rows.append(
            {
                "date": a.date.isoformat(),
                "governorate": m.governorate(a.governorate),
                "location": m.location(record.location, record.location_en, a.governorate) or "",
                "type": ATTACK_TYPES[a.type],
                "killed": number(int(a.killed)),
                "wounded": number(int(a.wounded)),
                "description": en(record.description, record.description_en),
                "sources": _refs(sources, a.sources),
                "print": True,
            }
        )
    return rows


def _raids_section(m: _Month, sources: list[str]) -> dict[str, Any]:
    raids = m.table("raids")
    records = {r.id: r for r in m.record.raids}
    rows = []
    for r in raids.sort_values(["date", "id"]).itertuples():
        record = records[r.id]
        rows.append(
            {
                "date": r.date.isoformat(),
                "governorate": m.governorate(r.governorate),
                "location": m.location(record.location, record.location_en, r.governorate) or "",
                "forces": english.join_and([m.name(force) for force in record.forces]),
                "detained": number(int(r.detained)),
                "description": en(record.description, record.description_en),
                "sources": _refs(sources, r.sources),
                "print": True,
            }
        )
    notable = [
        {
            "name": en(n.name, n.name_en) or "",
            "role": en(n.role, n.role_en) or "",
            "outcome": OUTCOMES[n.outcome],
            "date": raid.date.isoformat(),
            "place": m.location(raid.location, raid.location_en, raid.governorate)
            or m.governorate(raid.governorate),
        }
        for raid in m.record.raids
        for n in raid.notable
    ]
    return {
        "kind": "raids",
        "id": "raids",
        "title": SECTION_TITLES["raids"],
        "paragraphs": [narrative_en.raids_paragraph(m.facts.raids, m.project.names_en)],
        "raids": rows,
        "raids_print": None,
        "notable": notable,
    }


def _sanctions_section(m: _Month, sources: list[str]) -> dict[str, Any] | None:
    if not m.facts.sanctions:
        return None
    names = m.project.names_en
    entries = []
    for fact, record in zip(m.facts.sanctions, m.record.sanctions, strict=True):
        q = record.quote
        entries.append(
            {
                "paragraph": narrative_en.sanctions_paragraph(fact, m.key, names),
                "quote": _quote(q) if q else None,
            }
        )
    return {
        "kind": "sanctions",
        "id": "sanctions",
        "title": SECTION_TITLES["sanctions"],
        "entries": entries,
    }


def _camps_section(m: _Month, sources: list[str]) -> dict[str, Any] | None:
    if not m.facts.camps:
        return None
    names = m.project.names_en
    records = {c.name: c for c in m.record.camps}
    title = (
        english.capitalised(narrative_en.camp_name(m.facts.camps[0].name, names))
        if len(m.facts.camps) == 1
        else SECTION_TITLES["camps"]
    )
    items = []
    for camp in m.facts.camps:
        record = records.get(camp.name)
        total = camp.total
        items.append(
            {
                "name": english.capitalised(narrative_en.camp_name(camp.name, names)),
                "paragraphs": [narrative_en.camps_paragraph(camp, names)],
                "groups": [
                    {
                        "label": POPULATION_GROUPS[key],
                        "value": number(value),
                        "share": english.percent(value / total * 100) if total else "",
                    }
                    for key, value in camp.groups.items()
                ],
                "total": number(total) if total is not None else "",
                "notes": en(record.notes, record.notes_en) if record else None,
            }
        )
    return {"kind": "camps", "id": "camps", "title": title, "camps": items}
