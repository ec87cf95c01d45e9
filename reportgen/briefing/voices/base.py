"""What every voice provides: an edition's words for the month's facts.

A voice puts facts into words and labels, nothing else: it never counts, compares, reads files or
decides what a section shows (the facts and the context builder do). The context builder asks
the same questions of every voice, so editions cannot drift apart; a new language is a new
subclass and a line in `voices.VOICES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any, ClassVar

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.arabic import to_digits
from reportgen.input.records import Digits, Project


class Voice:
    """An edition's language. Subclasses set the class attributes and implement the methods
    that raise NotImplementedError; the helpers here are shared."""

    code: ClassVar[str]
    """The edition's code in publication.yaml's `editions` and in file names."""
    lang: ClassVar[str]
    """The language tag of its pages."""
    direction: ClassVar[str] = "ltr"
    suffix: ClassVar[str] = ""
    """What its files add before the extension: «sitrep-2023-11.en.pdf»."""
    edition_label: ClassVar[str]
    """How a link to this edition names it, in its own language."""
    labels: ClassVar[Mapping[str, Any]]
    """The fixed words of the templates (headings, column names, the draft mark)."""

    def __init__(self, project: Project):
        self.project = project

    @property
    def digits(self) -> Digits:
        return "western"

    # --- evidence --------------------------------------------------------------------------

    @staticmethod
    def linked(count: f.Count, phrase: object) -> Markup:
        """`phrase` as a link to the evidence of `count` (the records it counts): the page lists
        them under «evidence-KEY», which the link opens; the PDF prints the phrase alone."""
        if not count.key or not count.ids:
            return Markup("{}").format(phrase)
        return Markup('<a class="evidence-link" href="#evidence-{}">{}</a>').format(
            count.key, phrase
        )

    def evidence_heading(self, phrase: str | None) -> str:
        """What a list of counted events is headed with: «الأحداث المعدودة: 11 هجوماً» for the
        phrase that opens it, the bare label in a key figure (whose label says what it counts)."""
        label = self.labels["evidence"]["open"]
        return f"{label}: {phrase}" if phrase else label

    # --- values ------------------------------------------------------------------------------

    def number(self, n: int) -> str:
        raise NotImplementedError

    def reference(self, n: int) -> str:
        """A source's number in the edition's digits («1219», «١٢١٩»): a label, not a quantity,
        so without a thousands separator."""
        return to_digits(str(n), self.digits)

    def percent(self, share: Fraction | float) -> str:
        raise NotImplementedError

    def share(self, part: int, whole: int) -> str:
        """`part` as a share of `whole` in a table: «16%»; «<1%» for a share that is not none
        but would round to «0%»."""
        exact = Fraction(part * 100, whole)
        if part and exact < Fraction(1, 2):
            return "<" + self.percent(1)
        return self.percent(exact)

    def date(self, day: date) -> str:
        return day.isoformat()

    def day(self, day: date) -> str:
        """A day as a sentence names it («14 November 2023»)."""
        raise NotImplementedError

    def month_label(self, key: str) -> str:
        raise NotImplementedError

    def isolate(self, text: object) -> Markup:
        """Text in a sentence of this edition, any run in the other direction isolated."""
        raise NotImplementedError

    def editor(self, text: f.Text | None) -> Markup | None:
        """An editor's text as this edition shows it (None when there is none)."""
        raise NotImplementedError

    def editor_source(self, text: f.Text | None) -> str:
        """An editor's Markdown body as this edition shows it, unescaped (the `body` filter
        renders it)."""
        raise NotImplementedError

    def governorate(self, key: str) -> str:
        raise NotImplementedError

    def location(self, arabic: str | None, english: str | None, governorate: str) -> str | None:
        raise NotImplementedError

    def actor(self, name: str) -> Markup:
        """A force, authority or country as a sentence names it."""
        raise NotImplementedError

    def actors(self, names: Sequence[str]) -> Markup:
        raise NotImplementedError

    def camp(self, name: str) -> Markup:
        """A camp as headings and sentences name it: «مخيم الهول», «al-Hol camp»."""
        raise NotImplementedError

    def attack_type(self, kind: str) -> str:
        return self.labels["attack_types"][kind]

    def outcome(self, outcome: str) -> str:
        return self.labels["outcomes"][outcome]

    def population_group(self, group: str) -> str:
        return self.labels["population_groups"][group]

    # --- the page ----------------------------------------------------------------------------

    def publisher(self) -> str:
        raise NotImplementedError

    def region(self) -> str:
        raise NotImplementedError

    def report_line(self, month: str) -> str:
        """«تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023»."""
        raise NotImplementedError

    # --- sentences ---------------------------------------------------------------------------

    def bullets(self, facts: f.MonthFacts) -> list[Markup]:
        """The generated key events: attacks, their toll, raids, sanctions, repatriations."""
        a, r = facts.attacks, facts.raids
        items = [self.attacks_bullet(a), self.casualties_bullet(a), self.raids_bullet(r)]
        items += [self.sanction_bullet(s) for s in facts.sanctions]
        items += [self.repatriation_bullet(rep) for rep in facts.repatriations]
        return [item for item in items if item]

    def attacks_bullet(self, a: f.Attacks) -> Markup:
        raise NotImplementedError

    def casualties_bullet(self, a: f.Attacks) -> Markup | None:
        raise NotImplementedError

    def raids_bullet(self, r: f.Raids) -> Markup:
        raise NotImplementedError

    def sanction_bullet(self, s: f.Sanction) -> Markup:
        raise NotImplementedError

    def repatriation_bullet(self, r: f.Repatriation) -> Markup:
        raise NotImplementedError

    def attacks_paragraph(self, a: f.Attacks) -> Markup:
        raise NotImplementedError

    def unconfirmed_note(self, a: f.Attacks) -> Markup | None:
        raise NotImplementedError

    def raids_paragraph(self, r: f.Raids) -> Markup:
        raise NotImplementedError

    def sanction_paragraph(self, s: f.Sanction, month: str) -> Markup:
        raise NotImplementedError

    def camp_paragraph(self, camp: f.Camp) -> Markup | None:
        raise NotImplementedError

    def camps_title(self, camps: Sequence[f.Camp]) -> str:
        """The camps section's heading: the camp's name when there is one."""
        if len(camps) == 1:
            return self.camp(camps[0].name)
        return self.labels["section_titles"]["camps"]

    # --- key figures and notes -----------------------------------------------------------------

    def change_note(self, comparison: f.Comparison) -> Markup | None:
        raise NotImplementedError

    def split_note(self, toll: f.Toll, status: str) -> str | None:
        """«عسكريون 2 · مدنيون 0»: the categories of a key figure's killed or wounded."""
        parts = [
            (self.labels["split"][category], toll.of(category, status).value)
            for category in ("military", "civilian", "unknown")
        ]
        if not any(value for _, value in parts):
            return None
        shown = [(label, value) for label, value in parts[:2]]
        if parts[2][1]:
            shown.append(parts[2])
        return " · ".join(f"{label} {self.number(value)}" for label, value in shown)

    def camps_note(self, camps: Sequence[f.Camp]) -> Markup:
        """The camps a population figure adds: «مخيم الهول ومخيم روج»."""
        return self.join([self.camp(c.name) for c in camps if c.population is not None])

    def join(self, items: Sequence[object]) -> Markup:
        raise NotImplementedError

    def counting_rule(self) -> Markup:
        raise NotImplementedError

    def condensed_attacks_note(self, shown: int, rest: int, eligible: int) -> Markup:
        """The printed note above a busy month's attack table: it lists `shown` of the
        `eligible` attacks with casualties or claimed by ISIS (the deadliest, when fewer) and
        counts the `rest` in a summary."""
        raise NotImplementedError

    def condensed_raids_note(self, shown: int, rest: int, eligible: int) -> Markup:
        """The same for raids: `eligible` raids with ISIS dead or a leader caught."""
        raise NotImplementedError

    def condensed_sources_note(self) -> str:
        raise NotImplementedError

    def positions_note(self, approximate: int) -> Markup:
        """The methodology note on where the map draws events, with how many this month are
        drawn at an approximate position."""
        raise NotImplementedError

    def chart_words(self) -> ChartWords:
        raise NotImplementedError

    def map_words(self, month: str) -> MapWords:
        raise NotImplementedError


@dataclass(frozen=True)
class ChartWords:
    """An edition's words on its charts: what `charts.py` draws and says in alt text. Titles and
    alt texts are format strings over the chart's own values."""

    code: str
    """The edition; also matplotlib's `text.language` for the drawn text."""
    rtl: bool
    digits: Digits
    month_label: Callable[[str], str]
    tick: Callable[[str, bool], str]
    """A month's tick label, with its year under it when asked."""
    months: Callable[[int], str]
    """«12 شهراً», «12 months»: a span of months after «آخر» / «last»."""
    separator: str
    """Between the items of an alt text's list."""
    no_data: str
    series: Mapping[str, str]
    """Drawn names: confirmed_attacks, raids, detained, total, and the casualty categories
    (military_killed, …, unknown_wounded), population groups (iraqi, syrian, foreign) and
    the people of unspecified nationality (unspecified)."""
    titles: Mapping[str, str]
    alts: Mapping[str, str]
    name: Callable[[str], str]
    """A camp's name as the alt text names it."""


@dataclass(frozen=True)
class MapWords:
    """An edition's words on its map: the title and alt text, the legend, the key, the names."""

    code: str
    rtl: bool
    digits: Digits
    title: str
    """The map's title for the month (shown above it, and in its alt text)."""
    alt: str
    """A format string over {title}, {shading}, {unconfirmed}, {raids}."""
    none: str
    """What the alt text says of a month with no confirmed attack in any governorate."""
    separator: str
    legend: Mapping[str, str]
    """confirmed, confirmed_shared, unconfirmed, raid, approximate."""
    scale_title: str
    kilometres: str
    """A format string over {n}: «50 كم», «50 km»."""
    governorate: Callable[[str], str]
    """A governorate key's name (in the alt text)."""
    shape: Callable[[str, str], str]
    """The label of a shape of the map layers (a governorate, a neighbouring country) from
    its Arabic and English names there."""
    place: Callable[[str | None, str | None, str], str | None]
    """A place's label from the Arabic name the map found it by (the gazetteer's, or the
    event's location), the event's English location and its governorate key (None: none)."""
    attribution: str
