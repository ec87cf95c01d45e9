"""The template context for one month's briefing: every figure formatted, every sentence written.

Templates only place what is here; they never count or compare.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
from markupsafe import Markup, escape

from reportgen import __version__
from reportgen.briefing import arabic, narrative
from reportgen.briefing.charts import DEFAULT_PALETTE, Chart
from reportgen.briefing.dataset import Dataset
from reportgen.briefing.facts import MonthFacts, month_facts
from reportgen.briefing.images import COVER_PIXELS, LOGO_PIXELS, embedded_image
from reportgen.briefing.maps import LICENCES, MAP_ID, MonthMap, page_uri
from reportgen.briefing.vocabulary import ATTACK_TYPES, POPULATION_GROUPS
from reportgen.input.records import Digits, Month, Project, Section

OUTCOMES = {"detained": "اعتُقل", "killed": "قُتل"}
LABELS = {
    "draft": "مسودة",
    "draft_page": "مسودة – ليست للنشر",
    "draft_note": "لم يُنشر هذا التقرير بعد، ولا يُرسل إلى القراء.",
    "key_events": "الأحداث الرئيسية",
    "key_figures": "أرقام الشهر",
    "comma": "، ",
    "attack_columns": ("التاريخ", "المحافظة", "الموقع", "النوع", "القتلى", "الجرحى", "المصادر"),
    "raid_columns": ("التاريخ", "المحافظة", "الموقع", "القوات المشاركة", "المعتقلون", "المصادر"),
    "notable_columns": ("الاسم", "الدور", "المصير", "التاريخ والمكان"),
    "population_columns": ("الفئة", "العدد", "النسبة"),
    "total": "المجموع",
    "confirmed_attacks": "الهجمات المؤكدة",
    "unconfirmed_attacks": "هجمات غير مؤكدة",
    "raids": "المداهمات",
    "notable": "أبرز المعتقلين والقتلى من قياديي التنظيم",
}
"""The Arabic edition's fixed words in the templates (context_en.LABELS for the English)."""
CHARTS_BY_SECTION = {
    "attacks": ("map", "attacks_trend", "attacks_by_governorate", "casualties"),
    "raids": ("raids_trend",),
    "camps": ("camp_population",),
}


def palette(project: Project) -> dict[str, str]:
    return {**DEFAULT_PALETTE, **project.publication.colors}


def build_context(
    project: Project,
    dataset: Dataset,
    month: str,
    charts: list[Chart],
    month_map: MonthMap | None = None,
) -> dict[str, Any]:
    """Everything the briefing templates show for `month`, ready to place."""
    m = project.months[month]
    figures = _Figures(project, dataset, month)
    facts = month_facts(dataset, m)
    charts_by_id = {chart.id: chart_item(chart) for chart in charts}
    map_chart = next((chart for chart in charts if chart.id == MAP_ID), None)
    if month_map is not None and map_chart is not None:
        credit = _credit(month_map.attribution, LICENCES, figures.digits)
        charts_by_id[MAP_ID].update(uri=page_uri(map_chart), credit=credit)
    sections = _sections(project, m, figures, facts, charts_by_id)
    report_line = (
        f"{project.publication.report_name} لشهر {arabic.month_label(month, figures.digits)}"
    )
    generated = _generated_bullets(figures, facts)
    return {
        "document": document_info(
            project,
            f"{report_line} – {m.report.title}",
            m.report.title,
            alternates=other_editions(project, month, "ar"),
        ),
        "labels": LABELS,
        "palette": palette(project),
        "publication": publication_info(project),
        "draft": m.report.status != "published",
        "title": {"report_line": report_line, "headline": m.report.title},
        "corrections": _corrections(m, "ar", figures.digits),
        "cover": _cover(m),
        "highlights": {"generated": generated, "editor": m.report.highlights},
        "social": _social(
            project, month, "ar", f"{report_line} – {m.report.title}", generated, charts
        ),
        "key_figures": _key_figures(figures, facts),
        "sections": sections,
        "positions_note": month_map.positions_note if month_map else None,
        "notes": m.report.notes,
        "notes_title": _notes_title(figures.source_urls),
        "counting_rule": narrative.counting_rule(),
        "sources": _sources(figures.source_urls, figures.digits),
        "source_sites": _source_sites(figures, sections),
        "interactive": _condensed(sections),
    }


def _social(
    project: Project,
    month: str,
    edition: str,
    title: str,
    sentences: Sequence[object],
    charts: list[Chart],
) -> dict[str, Any]:
    """The page's link-preview metadata (publish/social.py)."""
    from reportgen.publish.social import briefing_metadata

    return briefing_metadata(project, month, edition, title, list(sentences), charts)


def _corrections(m: Month, edition: str, digits: Digits) -> list[dict[str, Any]]:
    """The month's dated corrections, shown under the headline (publish/corrections.py)."""
    from reportgen.publish.corrections import briefing_corrections

    return briefing_corrections(m, edition, digits)


class _Figures:
    """This month's and last month's summary rows, with formatting in the publication's digits."""

    def __init__(self, project: Project, dataset: Dataset, month: str):
        self.project = project
        self.dataset = dataset
        self.month = month
        self.digits = project.publication.digits
        self.region = project.publication.region
        self.genders = project.genders
        self.row = dataset.row(month)
        self.previous_month = dataset.previous_month(month)
        self.previous = dataset.row(self.previous_month) if self.previous_month else None
        self.source_urls = _source_urls(dataset, month)

    def source_refs(self, joined: object) -> list[dict[str, str]]:
        """A row's sources (a dataset cell: links joined by spaces) as numbers in the list."""
        urls = str(joined).split() if isinstance(joined, str) else []
        numbers = [self.source_urls.index(url) + 1 for url in urls if url in self.source_urls]
        return [{"number": self.number(i), "number_id": str(i)} for i in numbers]

    def int(self, column: str) -> int:
        value = self.row[column]
        return 0 if pd.isna(value) else int(value)

    def previous_int(self, column: str) -> int | None:
        if self.previous is None or pd.isna(self.previous[column]):
            return None
        return int(self.previous[column])

    def number(self, value: int) -> str:
        return arabic.format_number(value, self.digits)

    def table(self, name: str) -> pd.DataFrame:
        return self.dataset.of_month(name, self.month)

    def governorate(self, key: str) -> str:
        return self.project.governorates[key].name_ar


EDITION_LINKS = {
    "ar": {"lang": "ar", "suffix": "", "label": "النسخة العربية"},
    "en": {"lang": "en", "suffix": ".en", "label": "English edition"},
}


def edition_file(month: str, edition: str, ext: str) -> str:
    """«sitrep-2023-11.html» (Arabic), «sitrep-2023-11.en.pdf» (English)."""
    return f"sitrep-{month}{EDITION_LINKS[edition]['suffix']}.{ext}"


def other_editions(project: Project, month: str, edition: str) -> list[dict[str, str]]:
    """Links from `edition`'s page to the month's other editions, as the head's `alternate`
    links and the masthead's switch show them."""
    return [
        {
            "lang": other,
            "href": edition_file(month, other, "html"),
            "label": EDITION_LINKS[other]["label"],
        }
        for other in project.publication.editions
        if other != edition
    ]


def document_info(
    project: Project,
    title: str,
    description: str,
    lang: str = "ar",
    alternates: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    """The page's metadata (HTML head, PDF info), language, direction and digit settings;
    `alternates` are the page's other editions (lang, href, label)."""
    digits = project.publication.digits if lang == "ar" else "western"
    return {
        "lang": lang,
        "dir": "rtl" if lang == "ar" else "ltr",
        "alternates": alternates or [],
        "title": title,
        "author": project.publication.publisher,
        "description": description,
        "generator": f"reportgen {__version__}",
        "created": _build_date(),
        "digits": digits,
        "page_counter": "arabic-indic" if digits == "arabic_indic" else "decimal",
    }


def _build_date() -> str:
    """SOURCE_DATE_EPOCH when set, so the same inputs give the same bytes."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), UTC) if epoch else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def publication_info(project: Project) -> dict[str, Any]:
    publication = project.publication
    logo = _data_uri(project.inputs / publication.logo, LOGO_PIXELS) if publication.logo else None
    website = publication.website
    label = website.split("://", 1)[-1].rstrip("/") if website else None
    return {**asdict(publication), "logo": logo, "website_label": label}


def _data_uri(path: Path, longest_side: int) -> str:
    """The image inline, decoded and re-encoded within `longest_side` pixels (images.py)."""
    mime, data = embedded_image(path, longest_side)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _cover(m: Month) -> dict[str, str] | None:
    cover = m.report.cover
    if cover is None or cover.image is None:
        return None
    alt = cover.caption or "صورة الغلاف"
    return {
        "uri": _cover_uri(m),
        "caption": cover.caption,
        "alt": alt,
    }


def _cover_uri(m: Month) -> str:
    return _data_uri(m.folder / m.report.cover.image, COVER_PIXELS)


def chart_item(chart: Chart) -> dict[str, str]:
    """The chart as the page shows it: a PNG, because WeasyPrint takes about 0.2 s to draw each
    SVG chart (its text is drawn as paths) and the PDF must come from the same HTML."""
    uri = "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii")
    return {"id": chart.id, "title": chart.title, "alt": chart.alt, "uri": uri}


def _credit(text: str, names: tuple[str, ...], digits: Digits) -> Markup:
    """The map's credit line: licence names («CC BY 4.0») kept whole and left to right, which the
    `text` filter would split before their version number; the rest as `text` isolates it."""
    parts: list[Markup] = []
    rest = text
    while rest:
        found = [(rest.find(name), name) for name in names if name in rest]
        if not found:
            parts.append(arabic.isolate_latin(rest, digits))
            break
        index, name = min(found)
        parts.append(arabic.isolate_latin(rest[:index], digits))
        whole = escape(name.replace(" ", "\u00a0"))
        parts.append(Markup('<span dir="ltr">{}</span>').format(whole))
        rest = rest[index + len(name) :]
    return Markup("").join(parts)


def _generated_bullets(f: _Figures, facts: MonthFacts) -> list:
    a, r = facts.attacks, facts.raids
    bullets = [
        narrative.attacks_bullet(
            a.month, a.confirmed, a.previous_month, a.previous_confirmed, f.region, f.digits
        ),
        narrative.casualties_bullet(a.confirmed, *a.toll.as_tuple(), f.digits),
        narrative.raids_bullet(
            r.raids, r.detained, r.isis_killed, _arabic(r.killed_roles), f.digits
        ),
    ]
    bullets += [
        narrative.sanction_bullet(
            s.authority, s.target, s.target_type, _ar(s.reason), f.digits, f.genders
        )
        for s in facts.sanctions
    ]
    bullets += [
        narrative.repatriation_bullet(r.country, r.people, r.camp, f.digits, f.genders)
        for r in facts.repatriations
    ]
    return [bullet for bullet in bullets if bullet]


def _ar(text: tuple[str, str | None] | None) -> str | None:
    return text[0] if text else None


def _arabic(texts) -> list[str | None]:
    return [_ar(text) for text in texts]


def _key_figures(f: _Figures, facts: MonthFacts) -> list[dict[str, str | None]]:
    change = facts.attacks_change
    figures = [
        ("attacks", "الهجمات المؤكدة", change.current, _change_note(f, change)),
        ("killed", "القتلى", f.int("killed"), _split_note(f, "killed")),
        ("wounded", "الجرحى", f.int("wounded"), _split_note(f, "wounded")),
        ("raids", "المداهمات", f.int("raids"), None),
        ("detained", "المعتقلون", f.int("detained"), None),
    ]
    if not pd.isna(f.row["camp_population"]):
        figures.append(("camp", "سكان المخيمات", f.int("camp_population"), _camp_names(f)))
    return [
        {"id": key, "label": label, "value": f.number(value), "note": note}
        for key, label, value, note in figures
    ]


def _split_note(f: _Figures, status: str) -> str | None:
    """«عسكريون 2 · مدنيون 0»: the military and civilian parts of a toll of confirmed attacks."""
    military, civilian = f.int(f"military_{status}"), f.int(f"civilian_{status}")
    if military + civilian == 0:
        return None
    return f"عسكريون {f.number(military)} · مدنيون {f.number(civilian)}"


def _change_note(f: _Figures, change) -> str | None:
    if change.previous is None:
        return None
    return narrative.change_phrase(change.current, change.previous, f.digits)


def _camp_names(f: _Figures) -> str:
    return arabic.join_and([narrative.camp_name(name) for name in f.table("camps")["name"]])


def _sections(
    project: Project, m: Month, f: _Figures, facts: MonthFacts, charts: dict[str, dict[str, str]]
) -> list[dict[str, Any]]:
    built = {
        "attacks": _attacks_section(f, facts),
        "raids": _raids_section(f, facts),
        "sanctions": _sanctions_section(f, facts),
        "camps": _camps_section(f, facts),
    }
    return arranged_sections(built, m.report.sections, charts, CHARTS_BY_SECTION, _editor_section)


def arranged_sections(
    built: dict[str, dict[str, Any] | None],
    editor_sections: Sequence[Section],
    charts: dict[str, dict[str, str]],
    charts_by_section: dict[str, tuple[str, ...]],
    editor_section: Callable[[Section], dict[str, Any]],
) -> list[dict[str, Any]]:
    """The data sections in their order (those with something to say), each with its charts,
    and after each the editors' sections placed there (`after:`); shared by both editions."""
    sections: list[dict[str, Any]] = []
    for kind, section in built.items():
        if section is not None:
            section["charts"] = [charts[c] for c in charts_by_section.get(kind, ()) if c in charts]
            sections.append(section)
        sections += [editor_section(s) for s in editor_sections if s.after == kind]
    return sections


def _editor_section(section) -> dict[str, Any]:
    return {"kind": "editor", **asdict(section)}


def _attacks_section(f: _Figures, facts: MonthFacts) -> dict[str, Any]:
    a = facts.attacks
    attacks = f.table("attacks")
    confirmed = attacks[attacks["confirmed"].astype(bool)]
    paragraph = narrative.attacks_paragraph(
        a.month,
        a.confirmed,
        a.unconfirmed,
        *a.toll.as_tuple(),
        [(f.governorate(key), n) for key, n in a.by_governorate],
        a.claimed,
        f.region,
        f.digits,
    )
    unconfirmed = attacks[~attacks["confirmed"].astype(bool)]
    condensed = len(attacks) > f.project.publication.pdf_table_limit
    return {
        "kind": "attacks",
        "id": "attacks",
        "title": "هجمات خلايا داعش النائمة",
        "paragraphs": [paragraph],
        "confirmed": _attack_rows(f, confirmed, condensed),
        "unconfirmed": _attack_rows(f, unconfirmed, condensed),
        "confirmed_print": _condensed_attacks(f, confirmed) if condensed else None,
        "unconfirmed_print": _condensed_attacks(f, unconfirmed) if condensed else None,
        "unconfirmed_note": narrative.unconfirmed_note(
            a.unconfirmed, *a.unconfirmed_toll.as_tuple(), f.digits
        ),
    }


def _printed_attacks(attacks: pd.DataFrame) -> pd.Series:
    """The attacks a busy month's PDF still lists: those with casualties or claimed by ISIS."""
    return (attacks["killed"] > 0) | (attacks["wounded"] > 0) | attacks["claimed"].astype(bool)


def _printed_raids(raids: pd.DataFrame, notable: pd.DataFrame) -> pd.Series:
    """The raids a busy month's PDF still lists: ISIS members killed, or a leader caught."""
    return (raids["isis_killed"].fillna(0) > 0) | raids["id"].isin(notable["raid"])


def _attack_rows(f: _Figures, attacks: pd.DataFrame, condensed: bool = False) -> list[dict]:
    """Every attack, each with `print`: whether the PDF lists it too (all of them, unless the
    month passes the publication's `pdf_table_limit`)."""
    printed = _printed_attacks(attacks) if condensed else pd.Series(True, index=attacks.index)
    return [
        {
            "id": a.id,
            "date": arabic.to_digits(a.date.isoformat(), f.digits),
            "governorate": f.governorate(a.governorate),
            "location": _text(a.location) or "",
            "type": ATTACK_TYPES[a.type],
            "killed": f.number(int(a.killed)),
            "wounded": f.number(int(a.wounded)),
            "description": _text(a.description),
            "sources": f.source_refs(a.sources),
            "print": bool(printed[a.Index]),
        }
        for a in attacks.sort_values(["date", "id"]).itertuples()
    ]


def _condensed_attacks(f: _Figures, attacks: pd.DataFrame) -> dict[str, Any] | None:
    """What a busy month's PDF shows in place of the attacks it leaves out: a sentence and their
    count by governorate (rows) and type (columns)."""
    if attacks.empty:
        return None
    rest = attacks[~_printed_attacks(attacks)]
    note = narrative.condensed_attacks_note(len(attacks) - len(rest), len(rest), f.digits)
    types = [t for t in ATTACK_TYPES if t in set(rest["type"])]
    return {
        "note": note,
        "listed": len(rest) < len(attacks),
        "summary": _summary(f, rest, types, ATTACK_TYPES),
    }


def _summary(
    f: _Figures, rest: pd.DataFrame, columns: list[str], labels: dict[str, str]
) -> dict[str, Any] | None:
    """`rest` counted by governorate (most first) and by `columns` of its `type`, with totals."""
    if rest.empty:
        return None
    counts = pd.crosstab(rest["governorate"], rest["type"]).reindex(columns=columns, fill_value=0)
    counts = counts.loc[counts.sum(axis=1).sort_values(ascending=False, kind="stable").index]
    return {
        "columns": [labels[c] for c in columns],
        "rows": [
            {
                "governorate": f.governorate(key),
                "counts": [f.number(int(n)) for n in row],
                "total": f.number(int(row.sum())),
            }
            for key, row in counts.iterrows()
        ],
        "totals": [f.number(int(n)) for n in counts.sum(axis=0)],
        "total": f.number(len(rest)),
    }


def _tolls(f: _Figures, prefix: str) -> tuple[int, int, int, int]:
    """Military killed and wounded, civilian killed and wounded, of the summary columns that
    start with `prefix` ("" for confirmed attacks, "raid_", "unconfirmed_", "other_")."""
    military = f.int(f"{prefix}military_killed"), f.int(f"{prefix}military_wounded")
    civilian = f.int(f"{prefix}civilian_killed"), f.int(f"{prefix}civilian_wounded")
    return (*military, *civilian)


def _forces_by_raids(raids: pd.DataFrame) -> list[str]:
    """Every force named, the one in most raids first (ties in the order first named)."""
    named = [force for r in raids["forces"] if isinstance(r, str) and r for force in r.split("، ")]
    counts = pd.Series(named, dtype=object).value_counts(sort=False)
    return sorted(counts.index, key=lambda force: -counts[force])


def _raids_section(f: _Figures, facts: MonthFacts) -> dict[str, Any]:
    r = facts.raids
    raids = f.table("raids")
    notable = f.table("notable").merge(
        raids[["id", "date", "location", "governorate"]], left_on="raid", right_on="id"
    )
    paragraph = narrative.raids_paragraph(
        r.raids,
        r.detained,
        r.forces,
        [(name[0], _ar(role)) for name, role in r.notable_detained],
        r.isis_killed,
        _arabic(r.killed_roles),
        f.digits,
        r.toll.as_tuple(),
        f.genders,
    )
    condensed = len(raids) > f.project.publication.pdf_table_limit
    printed = _printed_raids(raids, f.table("notable")) if condensed else None
    return {
        "kind": "raids",
        "id": "raids",
        "title": "المداهمات والاعتقالات",
        "paragraphs": [paragraph],
        "raids": _raid_rows(f, raids, printed),
        "raids_print": _condensed_raids(f, raids, printed) if printed is not None else None,
        "notable": [
            {
                "name": n.name,
                "role": _text(n.role) or "",
                "outcome": OUTCOMES[n.outcome],
                "date": arabic.to_digits(n.date.isoformat(), f.digits),
                "place": _text(n.location) or f.governorate(n.governorate),
            }
            for n in notable.itertuples()
        ],
    }


def _raid_rows(
    f: _Figures, raids: pd.DataFrame, printed: pd.Series | None = None
) -> list[dict[str, Any]]:
    """Every raid, each with `print`: whether the PDF lists it too (see `_attack_rows`)."""
    return [
        {
            "id": r.id,
            "date": arabic.to_digits(r.date.isoformat(), f.digits),
            "governorate": f.governorate(r.governorate),
            "location": _text(r.location) or "",
            "forces": _text(r.forces) or "",
            "detained": f.number(int(r.detained)),
            "description": _text(r.description),
            "sources": f.source_refs(r.sources),
            "print": printed is None or bool(printed[r.Index]),
        }
        for r in raids.sort_values(["date", "id"]).itertuples()
    ]


def _condensed_raids(f: _Figures, raids: pd.DataFrame, printed: pd.Series) -> dict[str, Any]:
    """A busy month's raids in print: a sentence, and the raids left out counted by governorate
    with the people detained in them."""
    rest = raids[~printed]
    note = narrative.condensed_raids_note(len(raids) - len(rest), len(rest), f.digits)
    listed = len(rest) < len(raids)
    if rest.empty:
        return {"note": note, "listed": listed, "summary": None}
    grouped = rest.groupby("governorate")["detained"].agg(["size", "sum"])
    grouped = grouped.sort_values("size", ascending=False, kind="stable")
    summary = {
        "rows": [
            {
                "governorate": f.governorate(key),
                "raids": f.number(int(row["size"])),
                "detained": f.number(int(row["sum"])),
            }
            for key, row in grouped.iterrows()
        ],
        "raids": f.number(len(rest)),
        "detained": f.number(int(rest["detained"].sum())),
    }
    return {"note": note, "listed": listed, "summary": summary}


def _sanctions_section(f: _Figures, facts: MonthFacts) -> dict[str, Any] | None:
    sanctions = f.table("sanctions")
    if sanctions.empty:
        return None
    items = []
    for s, fact in zip(sanctions.itertuples(), facts.sanctions, strict=True):
        quote = {"text": s.quote_text, "by": s.quote_by, "role": s.quote_role}
        items.append(
            {
                "paragraph": narrative.sanctions_paragraph(
                    f.month,
                    fact.authority,
                    fact.target,
                    fact.target_type,
                    _ar(fact.reason),
                    f.digits,
                    first=fact.first,
                    same_authority=fact.same_authority,
                    genders=f.genders,
                ),
                "quote": quote if isinstance(s.quote_text, str) else None,
            }
        )
    return {
        "kind": "sanctions",
        "id": "sanctions",
        "title": "العقوبات على ممولي داعش",
        "entries": items,
    }


def _camps_section(f: _Figures, facts: MonthFacts) -> dict[str, Any] | None:
    camps = f.table("camps")
    if camps.empty:
        return None
    title = narrative.camp_name(camps["name"].iloc[0]) if len(camps) == 1 else "المخيمات"
    return {
        "kind": "camps",
        "id": "camps",
        "title": title,
        "camps": [
            _camp_item(f, c, fact) for c, fact in zip(camps.itertuples(), facts.camps, strict=True)
        ],
    }


def _camp_item(f: _Figures, camp, fact) -> dict[str, Any]:
    known, total = fact.groups, fact.total
    paragraph = narrative.camps_paragraph(
        fact.name,
        total,
        known.get("iraqi"),
        known.get("syrian"),
        known.get("foreign"),
        fact.repatriations,
        f.digits,
        f.genders,
    )
    return {
        "name": narrative.camp_name(camp.name),
        "paragraphs": [paragraph],
        "groups": [
            {
                "label": POPULATION_GROUPS[key],
                "value": f.number(value),
                "share": arabic.format_percent(value / total * 100, f.digits) if total else "",
            }
            for key, value in known.items()
        ],
        "total": f.number(total) if total is not None else "",
        "notes": camp.notes if isinstance(camp.notes, str) else None,
    }


def _text(value: object) -> str | None:
    """An optional text cell: pandas turns a missing value into NaN."""
    return value if isinstance(value, str) and value else None


def _source_urls(dataset: Dataset, month: str) -> list[str]:
    """Every link the month's records cite, once each, in the order the briefing shows them."""
    attacks = dataset.of_month("attacks", month).sort_values(["date", "id"])
    confirmed = attacks["confirmed"].astype(bool)
    cited = [
        *attacks[confirmed]["sources"],
        *attacks[~confirmed]["sources"],
        *dataset.of_month("raids", month).sort_values(["date", "id"])["sources"],
        *dataset.of_month("sanctions", month)["sources"],
    ]
    urls: list[str] = []
    for joined in cited:
        urls += [u for u in str(joined or "").split() if u not in urls]
    return urls


def _notes_title(sources: list[str]) -> str:
    """The heading of the closing section, naming what it holds: the counting rule is always
    there, the sources when the month has any."""
    return "ملاحظات منهجية والمصادر" if sources else "ملاحظات منهجية"


def _event_rows(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys = ("confirmed", "unconfirmed", "raids")
    return [row for section in sections for key in keys for row in section.get(key) or ()]


def _condensed(sections: list[dict[str, Any]]) -> bool:
    """Whether the PDF leaves out some events (a busy month): the HTML then gets the few lines
    of script that sort and filter its full tables."""
    return not all(row["print"] for row in _event_rows(sections))


def _source_sites(f: _Figures, sections: list[dict[str, Any]]) -> dict[str, Any] | None:
    """A busy month's sources grouped by site, each marked `print` when a row the PDF lists
    cites it: the PDF shows those numbers under their site, in place of links nobody types
    from paper; the HTML shows every link."""
    if not _condensed(sections):
        return None
    rows = _event_rows(sections)
    shown = {ref["number_id"] for row in rows if row["print"] for ref in row["sources"]}
    left_out = {ref["number_id"] for row in rows if not row["print"] for ref in row["sources"]}
    sites: dict[str, list[dict[str, Any]]] = {}
    for source in _sources(f.source_urls, f.digits):
        printed = source["number_id"] in shown or source["number_id"] not in left_out
        sites.setdefault(_site(source["url"]), []).append({**source, "print": printed})
    return {
        "note": narrative.condensed_sources_note(),
        "sites": [{"site": site, "sources": items} for site, items in sites.items()],
    }


def _site(url: str) -> str:
    return urlsplit(url).netloc.removeprefix("www.")


def _sources(urls: list[str], digits: str) -> list[dict[str, str]]:
    return [
        {"number": arabic.format_number(i, digits), "number_id": str(i), "url": url}
        for i, url in enumerate(urls, 1)
    ]
