"""The English voice: the edition for donors, researchers and journalists, left to right.

Editors' texts come from their `NAME_en` counterparts, or the «[Arabic text not translated]»
marker; governorates from governorates.yaml's `name_en`; locations from the place gazetteer;
forces, authorities, countries and camps from `english.name` (the shipped table plus `name_en` in
inputs/actors.yaml).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.arabic import format_percent
from reportgen.briefing.english import (
    UNTRANSLATED,
    capitalised,
    isolate_arabic,
    join_and,
    month_label,
    number,
    short_month_label,
)
from reportgen.briefing.english import name as english_name
from reportgen.briefing.voices.base import ChartWords, MapWords, Voice
from reportgen.briefing.voices.english_paragraphs import EnglishParagraphs
from reportgen.briefing.voices.english_sentences import counted_noun, spelled
from reportgen.input.gazetteer import english_name as place_name
from reportgen.input.gazetteer import places

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
    "summary_columns": ("Governorate", "Raids", "Detained"),
    "governorate": "Governorate",
    "type": "Type",
    "total": "Total",
    "correction": "Correction",
    "all": "All",
    "confirmed_attacks": "Confirmed attacks",
    "unconfirmed_attacks": "Unconfirmed attacks",
    "raids": "Raids",
    "notable": "Prominent ISIS figures detained or killed",
    "notes": "Methodology",
    "notes_and_sources": "Methodology and sources",
    "cover": "Cover picture",
    "untranslated": UNTRANSLATED,
    "evidence": {"open": "The events counted", "raid": "Raid", "camp": "Camp"},
    "figures": {
        "attacks": "Confirmed attacks",
        "killed": "Killed",
        "wounded": "Wounded",
        "raids": "Raids",
        "detained": "Detained",
        "camp": "Camp population",
    },
    "split": {"military": "Military", "civilian": "Civilians", "unknown": "Unknown"},
    "section_titles": {
        "attacks": "ISIS sleeper-cell attacks",
        "raids": "Raids and detentions",
        "sanctions": "Sanctions on ISIS financiers",
        "camps": "Camps",
    },
    "attack_types": {
        "armed_attack": "Armed attack",
        "assassination": "Assassination",
        "ied": "IED",
        "arson": "Arson",
        "grenade": "Grenade",
        "suicide": "Suicide attack",
        "other": "Other",
    },
    "outcomes": {"detained": "Detained", "killed": "Killed"},
    "population_groups": {
        "iraqi": "Iraqis",
        "syrian": "Syrians",
        "foreign": "Foreigners from other countries",
    },
    "unspecified": "Unspecified",
}

CHART_SERIES = {
    "confirmed_attacks": "Confirmed attacks",
    "raids": "Raids",
    "detained": "Detained",
    "total": "Total",
    "military_killed": "Military killed",
    "military_wounded": "Military wounded",
    "civilian_killed": "Civilians killed",
    "civilian_wounded": "Civilians wounded",
    "unknown_killed": "Unknown killed",
    "unknown_wounded": "Unknown wounded",
    **LABELS["population_groups"],
    "unspecified": LABELS["unspecified"],
}
CHART_TITLES = {
    "attacks_trend": "Confirmed attacks per month, last {months}",
    "attacks_by_governorate": "Confirmed attacks by governorate, {when}",
    "casualties": "Killed and wounded by category, {when}",
    "raids_trend": "Raids and people detained per month, last {months}",
    "camp_population": "Camp population by nationality, {when}",
    "attacks_history": "Confirmed attacks per month since {when}",
}
CHART_ALTS = {
    "attacks_trend": "Confirmed attacks per month: {points}",
    "attacks_by_governorate": "Confirmed attacks by governorate in {when}: {points}",
    "casualties": "Killed and wounded by category in {when}: {points}",
    "casualties_compared": "Killed and wounded by category in {when} against {before}: {points}",
    "versus": "{label}: {now} against {old}",
    "raids_trend": "Raids and detained per month: {points}",
    "raids_point": "{when}: raids {raids}, detained {detained}",
    "raids_separator": "; ",
    "camp_population": "Camp population ({names}) by nationality in {when}: {points}; {total}",
    "total": "Total: {total}",
    "attacks_history": "Confirmed attacks per month: {points}",
}

ATTRIBUTION = (
    "Administrative boundaries: UN Office for the Coordination of Humanitarian Affairs (OCHA) and"
    " the UN Cartographic Section, 2020, under CC BY-IGO 3.0. Place names: GeoNames (CC BY 4.0)."
    " Neighbouring countries and rivers: Natural Earth. The boundaries and names shown on this"
    " map do not imply official endorsement or acceptance by the United Nations."
)
COUNTING_RULE = (
    "The killed and wounded in the key events, the month's figures, the charts and the tables are"
    " the military personnel, civilians and people of unknown affiliation who fell in confirmed"
    " attacks only, not ISIS members; casualties of raids and of unconfirmed attacks are told in"
    " their own paragraphs, and nobody not linked to an attack or a raid is counted in any of them."
)


class EnglishVoice(EnglishParagraphs, Voice):
    code = "en"
    lang = "en"
    direction = "ltr"
    suffix = ".en"
    edition_label = "English edition"
    labels = LABELS

    # --- values ------------------------------------------------------------------------------

    def number(self, n: int) -> str:
        return number(n)

    def percent(self, share: Fraction | float) -> str:
        return format_percent(share, "western")

    def date(self, day: date) -> str:
        return day.isoformat()

    def day(self, day: date) -> str:
        """«14 November 2023»."""
        return f"{day.day} {month_label(day.strftime('%Y-%m'))}"

    def month_label(self, key: str) -> str:
        return month_label(key)

    def isolate(self, text: object) -> Markup:
        return isolate_arabic(text)

    def ltr(self, text: object) -> Markup:
        return Markup.escape(text)

    def editor(self, text: f.Text | None) -> Markup | None:
        if not text or not text[0]:
            return None
        return self.isolate(text[1]) if text[1] else Markup.escape(UNTRANSLATED)

    def editor_source(self, text: f.Text | None) -> str:
        if not text or not text[0]:
            return ""
        return text[1] or UNTRANSLATED

    def governorate(self, key: str) -> str:
        return self.project.governorates[key].name_en

    def location(self, arabic: str | None, english: str | None, governorate: str) -> str | None:
        """The editor's English, else the place gazetteer's name, else the marker."""
        if not arabic:
            return None
        known = place_name(places(self.project.places), arabic, governorate)
        return english or known or UNTRANSLATED

    def _place_label(self, arabic: str | None, english: str | None, governorate: str) -> str | None:
        """A place on the English map: the gazetteer's English name, else the editor's, else
        no label."""
        if not arabic:
            return None
        return place_name(places(self.project.places), arabic, governorate) or english

    def name(self, arabic: str) -> str:
        return english_name(arabic, self.project.names_en)

    def actor(self, name: str) -> Markup:
        return self.isolate(self.name(name))

    def actors(self, names: Sequence[str]) -> Markup:
        return join_and([self.actor(name) for name in names])

    def join(self, items: Sequence[object]) -> Markup:
        return join_and([Markup.escape(item) for item in items])

    def camp(self, name: str) -> Markup:
        """«al-Hol camp» for «مخيم الهول» or «الهول»."""
        bare = name.strip().removeprefix("مخيم").strip()
        return Markup("{} camp").format(self.actor(bare))

    def camps_title(self, camps: Sequence[f.Camp]) -> str:
        if len(camps) == 1:
            return capitalised(Markup(self.camp(camps[0].name)))
        return self.labels["section_titles"]["camps"]

    def chart_words(self) -> ChartWords:
        def tick(key: str, with_year: bool) -> str:
            name = short_month_label(key)
            return f"{name}\n{key[:4]}" if with_year else name

        return ChartWords(
            code=self.code,
            rtl=False,
            digits="western",
            month_label=self.month_label,
            tick=tick,
            months=lambda n: f"{number(n)} {'month' if n == 1 else 'months'}",
            separator="; ",
            no_data="no data",
            series=CHART_SERIES,
            titles=CHART_TITLES,
            alts=CHART_ALTS,
            name=lambda name: str(Markup(self.camp(name)).striptags()),
        )

    def map_words(self, month: str) -> MapWords:
        return MapWords(
            code=self.code,
            rtl=False,
            digits="western",
            title=f"Attacks and raids by location, {self.month_label(month)}",
            alt=(
                "Map: {title}. Confirmed attacks by governorate: {shading}. "
                "Unconfirmed attacks: {unconfirmed}; raids: {raids}."
            ),
            none="none",
            separator="; ",
            legend={
                "confirmed": "Confirmed attack",
                "confirmed_shared": "Confirmed attack (the number: attacks at the place)",
                "unconfirmed": "Unconfirmed attack",
                "raid": "Raid",
                "approximate": "Approximate position (governorate centre)",
            },
            scale_title="Confirmed attacks in the governorate",
            kilometres="{n} km",
            governorate=self.governorate,
            shape=lambda _arabic, english: english,
            place=self._place_label,
            attribution=ATTRIBUTION,
        )

    # --- the page ----------------------------------------------------------------------------

    def publisher(self) -> str:
        publication = self.project.publication
        return publication.publisher_en or self.name(publication.publisher)

    def region(self) -> str:
        publication = self.project.publication
        return publication.region_en or self.name(publication.region)

    def report_name(self) -> str:
        publication = self.project.publication
        return publication.report_name_en or self.name(publication.report_name)

    def report_line(self, month: str) -> str:
        return f"{self.report_name()}, {self.month_label(month)}"

    # --- key figures and notes -----------------------------------------------------------------

    def change_note(self, comparison: f.Comparison) -> Markup | None:
        """«down 6 (35%) from last month», «up 3 from last month» (no percentage after a month
        of none), «no change from last month», or None."""
        if not comparison.known:
            return None
        if comparison.direction == "same":
            return Markup("no change from last month")
        label = f"{comparison.direction} {number(abs(comparison.difference))}"
        if comparison.percent is not None:
            label += f" ({self.percent(comparison.percent)})"
        return Markup("{} from last month").format(label)

    def counting_rule(self) -> Markup:
        return Markup(COUNTING_RULE)

    def condensed_attacks_note(self, shown: int, rest: int, eligible: int) -> Markup:
        if shown:
            sentence = Markup("Because of the number of attacks, the printed table lists only the ")
            if shown < eligible:
                sentence += _first_of(shown, "deadliest")
            sentence += Markup("{} that caused casualties or that ISIS claimed").format(
                counted_noun(eligible, "attack", "attacks")
            )
            if rest:
                sentence += Markup(
                    "; the table after it counts the other {} by governorate and type"
                ).format(spelled(rest))
        else:
            sentence = Markup(
                "Because of the number of attacks, none of which caused casualties or was claimed"
                " by ISIS, the printed edition counts them by governorate and type"
            )
        return sentence + Markup(". The full list is in the online edition of the report.")

    def condensed_raids_note(self, shown: int, rest: int, eligible: int) -> Markup:
        if shown:
            sentence = Markup("Because of the number of raids, the printed table lists only the ")
            if shown < eligible:
                sentence += _first_of(shown, "most notable")
            sentence += Markup("{} in which ISIS members were killed or leaders detained").format(
                counted_noun(eligible, "raid", "raids")
            )
            if rest:
                sentence += Markup(
                    "; the table after it counts the other {} by governorate"
                ).format(spelled(rest))
        else:
            sentence = Markup(
                "Because of the number of raids, the printed edition counts them by governorate"
            )
        return sentence + Markup(". The full list is in the online edition of the report.")

    def condensed_sources_note(self) -> str:
        return (
            "Each event in the tables carries the numbers of its sources, grouped here by the"
            " site that published them; the links themselves are in the online edition."
        )

    def positions_note(self, approximate: int) -> Markup:
        note = Markup(
            "Attacks and raids are placed on the map by the coordinates in their record when it"
            " has them, otherwise by the gazetteer from the location's name within its"
            " governorate (GeoNames names, and the position of al-Hol camp from Wikipedia); an"
            " event whose position is not known is placed at the centre of its governorate and"
            " drawn with the «approximate position» marker."
        )
        if approximate:
            note += Markup(" Events drawn at an approximate position this month: {}.").format(
                number(approximate)
            )
        return note


def _first_of(shown: int, most: str) -> str:
    """«the deadliest of the …», «the 60 deadliest of the …»."""
    return f"{most} of the " if shown == 1 else f"{spelled(shown)} {most} of the "
