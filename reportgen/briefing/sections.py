"""The briefing's sections, registered once: what each reports, from which facts, with which
charts and template. Both editions, the email and the exports read `SECTIONS`; a new section is
a record type, its facts, a template and a line here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportgen.briefing import facts as f
from reportgen.briefing.model import PEOPLE, Event, MonthModel
from reportgen.briefing.voices.base import Voice
from reportgen.input.records import Month, Project, Section


@dataclass(frozen=True)
class MonthView:
    """What a section builder reads: the month's records, events and facts, the edition's voice,
    and the numbering of the sources the month cites."""

    project: Project
    record: Month
    model: MonthModel
    facts: f.MonthFacts
    voice: Voice
    sources: Sequence[str]

    @property
    def condensed_above(self) -> int:
        return self.project.publication.pdf_table_limit

    def source_refs(self, urls: Sequence[str]) -> list[dict[str, str]]:
        """A record's sources as numbers in the month's list (the same numbers in every
        edition)."""
        numbers = [self.sources.index(url) + 1 for url in urls if url in self.sources]
        return [{"number": self.voice.number(i), "number_id": str(i)} for i in numbers]


@dataclass(frozen=True)
class SectionKind:
    id: str
    """The section's id in the page («section-ID» is kept for editors' sections), the name of
    its template (`templates/sections/ID.html.j2`) and an editor section's `after:` value."""
    charts: tuple[str, ...]
    """The charts shown in it, by chart id, in order."""
    build: Callable[[MonthView], dict[str, Any] | None]
    """Its context; None when it has nothing to say this month."""
    tables: tuple[str, ...]
    """The dataset tables its records fill: what `reportgen data` exports for it."""


def event_rows(view: MonthView, events: Sequence[Event], printed: set[str]) -> list[dict]:
    """The table rows of `events`, each with `print`: whether the PDF lists it too."""
    voice = view.voice
    rows = []
    for event in events:
        record = event.record
        row = {
            "id": event.id,
            "anchor": f"event-{event.id}",
            "date": voice.date(record.date),
            "governorate": voice.governorate(record.governorate),
            "location": voice.location(record.location, record.location_en, record.governorate)
            or "",
            "description": voice.editor(f.text_of(record.description, record.description_en)),
            "sources": view.source_refs(record.sources),
            "print": event.id in printed,
        }
        if event.kind == "raid":
            row["forces"] = voice.actors(record.forces)
            row["detained"] = voice.number(record.detained)
        else:
            row["type"] = voice.attack_type(record.type)
            row["killed"] = voice.number(event.people(PEOPLE, "killed"))
            row["wounded"] = voice.number(event.people(PEOPLE, "wounded"))
        rows.append(row)
    return rows


def is_printed_attack(event: Event) -> bool:
    """The attacks a busy month's PDF may list: those with casualties or claimed by ISIS."""
    return any(_attack_weight(event))


def is_printed_raid(event: Event) -> bool:
    """The raids a busy month's PDF may list: ISIS members killed, or a leader caught."""
    leader_caught, isis_killed, _detained = _raid_weight(event)
    return leader_caught or isis_killed > 0


def _attack_weight(event: Event) -> tuple[int, int, bool]:
    """Killed, wounded, claimed: what makes an attack one of the deadliest in print."""
    return (
        event.people(PEOPLE, "killed"),
        event.people(PEOPLE, "wounded"),
        bool(event.record.claimed),
    )


def _raid_weight(event: Event) -> tuple[bool, int, int]:
    """A leader caught, ISIS dead, people detained: what makes a raid one of the most notable."""
    return (bool(event.record.notable), event.people("isis", "killed"), event.record.detained)


def _heaviest(events: Sequence[Event], limit: int, weight: Callable[[Event], tuple]) -> set[str]:
    """The ids of the `limit` events that weigh most (ties in the briefing's order), or of all
    of them when there are no more than `limit`: no printed table is longer than the limit."""
    if len(events) <= limit:
        return {e.id for e in events}
    ranked = sorted(events, key=weight, reverse=True)
    return {e.id for e in ranked[:limit]}


def printed_attacks(view: MonthView, events: Sequence[Event]) -> set[str]:
    """The attacks of one table a busy month's PDF lists: those with casualties or claimed,
    the deadliest `pdf_table_limit` of them when there are more."""
    eligible = [e for e in events if is_printed_attack(e)]
    return _heaviest(eligible, view.condensed_above, _attack_weight)


def printed_raids(view: MonthView, events: Sequence[Event]) -> set[str]:
    """The raids a busy month's PDF lists: those with a leader caught or ISIS members killed,
    the `pdf_table_limit` most notable of them (leaders first, then ISIS dead, then detainees)
    when there are more."""
    eligible = [e for e in events if is_printed_raid(e)]
    return _heaviest(eligible, view.condensed_above, _raid_weight)


def _condensed(view: MonthView, events: Sequence[Event]) -> bool:
    return len(events) > view.condensed_above


def _attacks_print(
    view: MonthView, events: Sequence[Event], printed: set[str]
) -> dict[str, Any] | None:
    """What a busy month's PDF shows in place of the attacks it leaves out: a sentence and
    their count by governorate (rows) and type (columns)."""
    if not events:
        return None
    voice = view.voice
    rest = [e for e in events if e.id not in printed]
    eligible = sum(1 for e in events if is_printed_attack(e))
    types = [t for t in voice.labels["attack_types"] if any(e.record.type == t for e in rest)]
    return {
        "note": voice.condensed_attacks_note(len(events) - len(rest), len(rest), eligible),
        "listed": len(rest) < len(events),
        "summary": _summary(view, rest, types) if rest else None,
    }


def _summary(view: MonthView, rest: Sequence[Event], types: list[str]) -> dict[str, Any]:
    """`rest` counted by governorate (most first) and type, with totals."""
    voice = view.voice
    cells = Counter((e.governorate, e.record.type) for e in rest)
    by_governorate = Counter(e.governorate for e in rest)
    order = sorted(by_governorate, key=lambda key: -by_governorate[key])
    return {
        "columns": [voice.attack_type(t) for t in types],
        "rows": [
            {
                "governorate": voice.governorate(key),
                "counts": [voice.number(cells[key, t]) for t in types],
                "total": voice.number(by_governorate[key]),
            }
            for key in order
        ],
        "totals": [voice.number(sum(cells[key, t] for key in order)) for t in types],
        "total": voice.number(len(rest)),
    }


def attacks_section(view: MonthView) -> dict[str, Any]:
    voice, a, model = view.voice, view.facts.attacks, view.model
    condensed = _condensed(view, (*model.attacks, *model.unconfirmed))

    def printed(events: Sequence[Event]) -> set[str]:
        return printed_attacks(view, events) if condensed else {e.id for e in events}

    confirmed, unconfirmed = printed(model.attacks), printed(model.unconfirmed)
    return {
        "kind": "attacks",
        "id": "attacks",
        "title": voice.labels["section_titles"]["attacks"],
        "paragraphs": [voice.attacks_paragraph(a)],
        "confirmed": event_rows(view, model.attacks, confirmed),
        "unconfirmed": event_rows(view, model.unconfirmed, unconfirmed),
        "confirmed_print": _attacks_print(view, model.attacks, confirmed) if condensed else None,
        "unconfirmed_print": (
            _attacks_print(view, model.unconfirmed, unconfirmed) if condensed else None
        ),
        "unconfirmed_note": voice.unconfirmed_note(a),
    }


def raids_section(view: MonthView) -> dict[str, Any]:
    voice, model = view.voice, view.model
    condensed = _condensed(view, model.raids)
    printed = printed_raids(view, model.raids) if condensed else {e.id for e in model.raids}
    notable = [
        {
            "name": voice.editor((n.name, n.name_en)) or "",
            "role": voice.editor(f.text_of(n.role, n.role_en)) or "",
            "outcome": voice.outcome(n.outcome),
            "date": voice.date(event.date),
            "place": voice.location(
                event.record.location, event.record.location_en, event.governorate
            )
            or voice.governorate(event.governorate),
            "anchor": f"event-{event.id}",
            "printed": event.id in printed,
        }
        for event in model.raids
        for n in event.record.notable
    ]
    return {
        "kind": "raids",
        "id": "raids",
        "title": voice.labels["section_titles"]["raids"],
        "paragraphs": [voice.raids_paragraph(view.facts.raids)],
        "raids": event_rows(view, model.raids, printed),
        "raids_print": _raids_print(view, printed) if condensed else None,
        "notable": notable,
    }


def _raids_print(view: MonthView, printed: set[str]) -> dict[str, Any]:
    """A busy month's raids in print: a sentence, and the raids left out counted by governorate
    with the people detained in them."""
    voice = view.voice
    raids = view.model.raids
    rest = [e for e in raids if e.id not in printed]
    eligible = sum(1 for e in raids if is_printed_raid(e))
    note = voice.condensed_raids_note(len(raids) - len(rest), len(rest), eligible)
    listed = len(rest) < len(raids)
    if not rest:
        return {"note": note, "listed": listed, "summary": None}
    counts = Counter(e.governorate for e in rest)
    detained = Counter()
    for event in rest:
        detained[event.governorate] += event.record.detained
    order = sorted(counts, key=lambda key: -counts[key])
    summary = {
        "rows": [
            {
                "governorate": voice.governorate(key),
                "raids": voice.number(counts[key]),
                "detained": voice.number(detained[key]),
            }
            for key in order
        ],
        "raids": voice.number(len(rest)),
        "detained": voice.number(sum(detained.values())),
    }
    return {"note": note, "listed": listed, "summary": summary}


def sanctions_section(view: MonthView) -> dict[str, Any] | None:
    voice = view.voice
    if not view.facts.sanctions:
        return None
    entries = []
    for fact, record in zip(view.facts.sanctions, view.record.sanctions, strict=True):
        entries.append(
            {
                "paragraph": voice.sanction_paragraph(fact, view.record.key),
                "quote": quote_item(voice, record.quote) if record.quote else None,
            }
        )
    return {
        "kind": "sanctions",
        "id": "sanctions",
        "title": voice.labels["section_titles"]["sanctions"],
        "entries": entries,
    }


def quote_item(voice: Voice, quote) -> dict[str, Any]:
    return {
        "text": voice.editor(f.text_of(quote.text, quote.text_en)),
        "by": voice.editor(f.text_of(quote.by, quote.by_en)),
        "role": voice.editor(f.text_of(quote.role, quote.role_en)),
    }


def camps_section(view: MonthView) -> dict[str, Any] | None:
    voice, camps = view.voice, view.facts.camps
    if not camps:
        return None
    items = []
    for camp, record in zip(camps, view.record.camps, strict=True):
        items.append(
            {
                "name": voice.camp(camp.name),
                "anchor": camp.id,
                "paragraphs": [p for p in [voice.camp_paragraph(camp)] if p],
                "groups": population_rows(voice, camp),
                "total": voice.number(camp.population.value) if camp.population else "",
                "notes": voice.editor(f.text_of(record.notes, record.notes_en)),
            }
        )
    return {"kind": "camps", "id": "camps", "title": voice.camps_title(camps), "camps": items}


def population_rows(voice: Voice, camp: f.Camp) -> list[dict[str, Any]]:
    """A camp's population table: its groups, then the people of unspecified nationality when
    the groups fall short of the total. Shares are of the whole population: the total, or the
    three groups' sum when no total is given; none when only some groups are known."""
    whole = camp.total_given or len(camp.groups) == len(f.GROUPS)
    base = camp.population.value if whole and camp.population else None
    rows = [(voice.population_group(key), value, "") for key, value in camp.groups.items()]
    if camp.unspecified:
        rows.append((voice.labels["unspecified"], camp.unspecified, "unspecified"))
    return [
        {
            "label": label,
            "value": voice.number(value),
            "share": voice.share(value, base) if base else "",
            "kind": kind,
        }
        for label, value, kind in rows
    ]


SECTIONS: tuple[SectionKind, ...] = (
    SectionKind(
        "attacks",
        ("map", "attacks_trend", "attacks_by_governorate", "casualties"),
        attacks_section,
        ("attacks", "casualties"),
    ),
    SectionKind("raids", ("raids_trend",), raids_section, ("raids", "notable")),
    SectionKind("sanctions", (), sanctions_section, ("sanctions",)),
    SectionKind("camps", ("camp_population",), camps_section, ("camps", "repatriations")),
)
"""The data sections, in the briefing's order."""


def arranged_sections(view: MonthView, charts: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The data sections that have something to say, each with its charts, and after each the
    editors' sections placed there (`after:`)."""
    sections: list[dict[str, Any]] = []
    for kind in SECTIONS:
        section = kind.build(view)
        if section is not None:
            section["charts"] = [charts[c] for c in kind.charts if c in charts]
            sections.append(section)
        sections += [
            editor_section(view.voice, s) for s in view.record.report.sections if s.after == kind.id
        ]
    return sections


def editor_section(voice: Voice, section: Section) -> dict[str, Any]:
    return {
        "kind": "editor",
        "id": section.id,
        "title": voice.editor(f.text_of(section.title, section.title_en)),
        "body": voice.editor_source(f.text_of(section.body, section.body_en)),
        "quotes": [quote_item(voice, q) for q in section.quotes],
        "after": section.after,
    }
