"""The English voice's sentences, in the register of the reference outlet's English edition
(«ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria in November, down
from 17 in October»). Counts of one to nine are written in words, as news style has them («five
people whose affiliation is not known»); figures, tables and percentages keep digits.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.english import LOCALE, capitalised, join_and, month_name, number

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_NOUNS = {
    "military": ("military member", "military personnel"),
    "civilian": ("civilian", "civilians"),
    "unknown": (
        "person whose affiliation is not known",
        "people whose affiliation is not known",
    ),
    "isis": ("ISIS member", "ISIS members"),
}
NAMED_DETAINEES = 3


def spelled(n: int) -> str:
    """«five», «11»: news style writes one to nine in words."""
    return WORDS[n] if 0 <= n < len(WORDS) else number(n)


def be(n: int) -> str:
    return "was" if LOCALE.plural_form(n) == "one" else "were"


def counted_noun(n: int, singular: str, plural: str) -> str:
    """«one attack», «two attacks», «11 attacks»: CLDR's English plural rule."""
    noun = singular if LOCALE.plural_form(n) == "one" else plural
    return f"{spelled(n)} {noun}"


def phrase(value: str) -> str:
    return value.strip().rstrip(".").rstrip()


class EnglishSentences:
    """The sentences of `voices.english.EnglishVoice` (a mixin: it relies on the voice's
    `linked`, `actor`, `actors`, `camp`, `editor`, `governorate` and `region`)."""

    def _count(self, count: f.Count, singular: str, plural: str) -> Markup:
        return self.linked(count, counted_noun(count.value, singular, plural))

    def month_reference(self, month: str, other: str) -> str:
        """«October», or «October 2022» when the year differs."""
        return month_name(other) + (f" {other[:4]}" if other[:4] != month[:4] else "")

    def _comparison(self, c: f.Comparison, month: str) -> str:
        when = self.month_reference(month, c.previous_month)
        if c.current == c.previous:
            return f", as in {when}" if c.current == 0 else f", the same number as in {when}"
        before = spelled(c.previous) if c.previous else "none"
        return f", {'up' if c.direction == 'up' else 'down'} from {before} in {when}"

    def attacks_bullet(self, a: f.Attacks) -> Markup:
        """«ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria in
        November, down from 17 in October.»"""
        if a.confirmed.value == 0:
            attacks: object = "no confirmed attacks"
        else:
            attacks = self._count(a.confirmed, "confirmed attack", "confirmed attacks")
        sentence = Markup("ISIS sleeper cells carried out {} in {} in {}").format(
            attacks, self.region(), month_name(a.month)
        )
        if a.comparison.known:
            sentence += self._comparison(a.comparison, a.month)
        return sentence + "."

    def _toll_clause(self, toll: f.Toll, category: str) -> Markup | None:
        """«four military personnel were killed and five wounded»."""
        killed, wounded = toll.of(category, "killed"), toll.of(category, "wounded")
        noun = _NOUNS[category]
        if killed.value and wounded.value:
            return Markup("{} {} killed and {} wounded").format(
                self._count(killed, *noun),
                be(killed.value),
                self.linked(wounded, spelled(wounded.value)),
            )
        if killed.value:
            return Markup("{} {} killed").format(self._count(killed, *noun), be(killed.value))
        if wounded.value:
            return Markup("{} {} wounded").format(self._count(wounded, *noun), be(wounded.value))
        return None

    def tolls(self, toll: f.Toll, isis: bool = False) -> list[Markup]:
        categories = ("military", "civilian", "unknown", *(("isis",) if isis else ()))
        clauses = (self._toll_clause(toll, category) for category in categories)
        return [clause for clause in clauses if clause]

    @staticmethod
    def _these(n: int, noun: str) -> str:
        return f"this {noun}" if n == 1 else f"these {noun}s"

    def casualties_bullet(self, a: f.Attacks) -> Markup | None:
        """«In these attacks, four military personnel were killed and five wounded, and seven
        civilians were wounded.»; None without a toll or without confirmed attacks."""
        clauses = self.tolls(a.toll)
        if not clauses or a.confirmed.value <= 0:
            return None
        return Markup("In {}, {}.").format(
            self._these(a.confirmed.value, "attack"), self._clauses(clauses)
        )

    def _killed_isis(self, r: f.Raids) -> list[Markup]:
        named = [self.editor(n.role) for n in r.killed_notables if n.role is not None]
        parts = [self._definite(role) for role in named]
        unnamed = len(r.killed_notables) - len(named)
        if unnamed:
            leaders = "an ISIS leader" if unnamed == 1 else f"{spelled(unnamed)} ISIS leaders"
            parts.append(Markup(leaders))
        rest = r.isis_killed.value - len(r.killed_notables)
        if rest > 0:
            other = "other " if parts else ""
            parts.append(Markup(counted_noun(rest, f"{other}ISIS member", f"{other}ISIS members")))
        return parts

    def _definite(self, role: Markup) -> Markup:
        """A role as a definite description after «the killing of»: «the Iraqi zakat emir of
        ISIS», unless the editor already wrote its determiner."""
        if role == Markup.escape(self.labels["untranslated"]) or str(role).lower().startswith(
            ("the ", "a ", "an ", "isis's ")
        ):
            return role
        return Markup("the {}").format(role)

    def _raid_outcome(self, r: f.Raids) -> Markup:
        results: list[Markup] = []
        if r.detained.value:
            people = self._count(r.detained, "person", "people")
            results.append(Markup("the detention of {}").format(people))
        killed = self._killed_isis(r)
        if killed:
            results.append(
                Markup("the killing of {}").format(self.linked(r.isis_killed, join_and(killed)))
            )
        if not results:
            return Markup("with no detentions")
        return Markup("resulting in {}").format(join_and(results))

    def raids_bullet(self, r: f.Raids) -> Markup:
        """«10 raids were carried out against ISIS sleeper cells, resulting in the detention of
        17 people and the killing of the Iraqi zakat emir of ISIS.»"""
        if r.raids.value == 0:
            return Markup("No raids were carried out against ISIS sleeper cells this month.")
        counted = self._count(r.raids, "raid", "raids")
        sentence = Markup("{} {} carried out against ISIS sleeper cells, {}.").format(
            counted, be(r.raids.value), self._raid_outcome(r)
        )
        return capitalised(Markup(sentence))

    def _sanction_clause(self, s: f.Sanction, again: bool = False) -> Markup:
        who = self.actor(s.authority)
        target = self.isolate(s.target_en) if s.target_en else self.actor(s.target)
        clause = Markup("{}{} imposed sanctions on {}").format(
            who, " also" if again else "", target
        )
        if s.reason:
            clause += Markup(" for {}").format(self._text(s.reason))
        return clause

    def _text(self, text: f.Text) -> Markup:
        shown = self.editor(text)
        return Markup(phrase(str(shown))) if shown is not None else Markup("")

    def sanction_bullet(self, s: f.Sanction) -> Markup:
        return capitalised(Markup(self._sanction_clause(s))) + "."

    def _repatriation_clause(self, country: str, people: f.Count, source: Markup | None) -> Markup:
        clause = Markup("{} repatriated {} of its citizens").format(
            self.actor(country), self.linked(people, spelled(people.value))
        )
        return clause + Markup(" from {}").format(source) if source else clause

    def repatriation_bullet(self, r: f.Repatriation) -> Markup:
        """«Iraq repatriated 776 of its citizens from al-Hol camp.»"""
        clause = self._repatriation_clause(r.country, r.people, self.camp(r.camp))
        return capitalised(Markup(clause)) + "."

    def _notable_sentence(self, notable: Sequence[f.Notable]) -> Markup:
        names = []
        for person in notable[:NAMED_DETAINEES]:
            name = self.editor(person.name)
            names.append(
                Markup("{} ({})").format(name, self._text(person.role)) if person.role else name
            )
        if len(notable) > NAMED_DETAINEES:
            return Markup(
                "The most prominent detainees include {}; the full list is in the table below."
            ).format(join_and(names))
        return Markup("The most prominent detainees include {}.").format(join_and(names))
