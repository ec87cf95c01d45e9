"""The English voice's section openings: the paragraphs that open the attacks, raids, sanctions
and camps sections, worded from the month's facts with the counted phrases and clauses of
`english_sentences` (the key-event bullets share them, so a figure reads the same in both)."""

from __future__ import annotations

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.english import capitalised, join_and, month_name, number
from reportgen.briefing.voices.english_sentences import (
    EnglishSentences,
    be,
    counted_noun,
    spelled,
)

GROUPS = {
    "iraqi": ("Iraqi", "Iraqis"),
    "syrian": ("Syrian", "Syrians"),
    "foreign": ("person from other countries", "people from other countries"),
}
"""A camp's population groups as the camp's sentence counts them."""
UNSPECIFIED = ("person of unspecified nationality", "people of unspecified nationality")
"""The people a camp's total has beyond its three groups."""


class EnglishParagraphs(EnglishSentences):
    """The section paragraphs of `voices.english.EnglishVoice` (a mixin over its sentences: it
    relies on the voice's `linked`, `actor`, `actors`, `camp`, `editor`, `governorate` and
    `region`)."""

    def _governorates_sentence(self, a: f.Attacks) -> Markup | None:
        counts = [(self.governorate(g), n) for g, n in a.by_governorate if n.value > 0]
        if not counts:
            return None
        confirmed = a.confirmed.value
        if len(counts) == 1 and counts[0][1].value == confirmed:
            subject = {1: "The attack", 2: "Both attacks"}.get(confirmed, "All of them")
            return Markup("{} took place in {}.").format(subject, counts[0][0])
        if confirmed == 2 and len(counts) == 2:
            return Markup("One took place in {} and the other in {}.").format(
                counts[0][0], counts[1][0]
            )
        places_ = [Markup("{} ({})").format(g, self.linked(n, number(n.value))) for g, n in counts]
        return Markup("The attacks were spread across {}.").format(join_and(places_))

    def _claimed_sentence(self, a: f.Attacks) -> Markup:
        claimed, confirmed = a.claimed.value, a.confirmed.value
        if claimed >= confirmed:
            which = {1: "the attack", 2: "both attacks"}.get(confirmed, "all of them")
        else:
            which = {1: "one of them", 2: "two of them"}.get(claimed, f"{spelled(claimed)} of them")
        return Markup("ISIS claimed {}.").format(self.linked(a.claimed, which))

    def attacks_paragraph(self, a: f.Attacks) -> Markup:
        """The opening of the attacks section: count, toll, governorates, claims, unconfirmed."""
        sentences: list[Markup | None] = []
        if a.confirmed.value == 0:
            first = Markup("In {}, ISIS sleeper cells carried out no confirmed attacks in {}.")
            sentences.append(first.format(month_name(a.month), self.region()))
        else:
            clauses = self.tolls(a.toll, isis=True)
            result = (
                Markup("; {}").format(self._clauses(clauses))
                if clauses
                else Markup(", causing no casualties")
            )
            attacks = self._count(a.confirmed, "confirmed attack", "confirmed attacks")
            first = Markup("In {}, ISIS sleeper cells carried out {} in {}{}.")
            sentences.append(first.format(month_name(a.month), attacks, self.region(), result))
            sentences.append(self._governorates_sentence(a))
            if a.claimed.value:
                sentences.append(self._claimed_sentence(a))
        n = a.unconfirmed.value
        if n:
            counted = self._count(a.unconfirmed, "unconfirmed attack", "unconfirmed attacks")
            if a.confirmed.value:
                counted = (
                    Markup("a further {}").format(self.linked(a.unconfirmed, "unconfirmed attack"))
                    if n == 1
                    else Markup("a further {}").format(counted)
                )
            sentences.append(capitalised(Markup(Markup("{} {} recorded.").format(counted, be(n)))))
        return Markup(" ").join(s for s in sentences if s)

    def unconfirmed_note(self, a: f.Attacks) -> Markup | None:
        n = a.unconfirmed.value
        if n <= 0:
            return None
        sentence = Markup(
            "{} not confirmed as the work of ISIS cells {} not included in the figures above"
        ).format(counted_noun(n, "attack", "attacks"), "is" if n == 1 else "are")
        clauses = self.tolls(a.unconfirmed_toll, isis=True)
        if clauses:
            sentence += Markup("; in {}, {}").format(
                "it" if n == 1 else "them", self._clauses(clauses)
            )
        return capitalised(Markup(sentence)) + "."

    def _coalition(self, force: f.Force) -> Markup:
        parts = []
        for name, count in force.participants:
            with_them = Markup("with the participation of {}").format(self.actor(name))
            if count.value == force.raids.value:
                parts.append(Markup(", {}").format(self.linked(count, with_them)))
            else:
                some = "one" if count.value == 1 else spelled(count.value)
                parts.append(Markup(" ({} {})").format(self.linked(count, some), with_them))
        return Markup("").join(parts)

    def _forces_sentence(self, r: f.Raids) -> Markup:
        """«The SDF carried out one of them, with the participation of the international
        coalition, and the Asayish the other.»"""
        verb = "took part in" if r.joint else "carried out"
        parts = []
        for index, (force, half) in enumerate(zip(r.forces, r.halves(), strict=True)):
            n = force.raids.value
            if half is not None:
                share = {
                    "both": "both",
                    "one": "one of them",
                    "same": "the same one",
                    "other": "the other",
                }[half]
            else:
                share = spelled(n) if index else f"{spelled(n)} of them"
            tail = self._coalition(force)
            shown = self.linked(force.raids, share)
            if index == 0:
                part = Markup("{} {} {}{}").format(self.actor(force.name), verb, shown, tail)
            else:
                word = "in " if r.joint else ""
                part = Markup("{} {}{}{}").format(self.actor(force.name), word, shown, tail)
            parts.append(part)
        return capitalised(Markup(self._clauses(parts))) + "."

    @staticmethod
    def _clauses(parts: list[Markup]) -> Markup:
        """«A, and B» for two clauses (the first may end in a parenthetical comma); «A, B, and C»
        for more, the comma kept before the last «and» since the clauses hold commas."""
        if len(parts) <= 2:
            return Markup(", and ").join(parts)
        return Markup(", ").join(parts[:-1]) + Markup(", and ") + parts[-1]

    def raids_paragraph(self, r: f.Raids) -> Markup:
        """The opening of the raids section: who raided, the outcome, the toll, notables."""
        if r.raids.value == 0:
            return Markup("No raids were carried out against ISIS sleeper cells this month.")
        counted = self._count(r.raids, "raid", "raids")
        if r.together:
            doers = self.actors([force.name for force in r.forces])
            opening = Markup("{} carried out {} against ISIS sleeper cells this month").format(
                doers, counted
            )
            opening += self._coalition(r.forces[0])
            sentence = Markup("{}, {}.").format(opening, self._raid_outcome(r))
            sentences = [capitalised(Markup(sentence))]
        else:
            opening = Markup("{} {} carried out against ISIS sleeper cells this month").format(
                counted, be(r.raids.value)
            )
            sentence = Markup("{}, {}.").format(opening, self._raid_outcome(r))
            sentences = [capitalised(Markup(sentence))]
            if r.forces:
                sentences.append(self._forces_sentence(r))
        clauses = self.tolls(r.toll)
        if clauses:
            during = self._these(r.raids.value, "raid")
            sentences.append(Markup("During {}, {}.").format(during, self._clauses(clauses)))
        if r.detained_notables:
            sentences.append(self._notable_sentence(r.detained_notables))
        return Markup(" ").join(sentences)

    def sanction_paragraph(self, s: f.Sanction, month: str) -> Markup:
        if s.first:
            return Markup("In {}, {}.").format(month_name(month), self._sanction_clause(s))
        if s.same_authority:
            return capitalised(Markup(self._sanction_clause(s, again=True))) + "."
        return Markup("In addition, {}.").format(self._sanction_clause(s))

    def camp_paragraph(self, c: f.Camp) -> Markup | None:
        """«Al-Hol camp has a population of 49,432 people, including 24,147 Iraqis, … During the
        month, Iraq repatriated 776 of its citizens from the camp.»"""
        camp = self.camp(c.name)
        groups = [counted_noun(n, *GROUPS[k]) for k, n in c.groups.items() if n]
        if c.unspecified:
            groups.append(counted_noun(c.unspecified, *UNSPECIFIED))
        parts = join_and(groups)
        sentences: list[Markup] = []
        if c.total_given and c.population and c.population.value:
            people = self.linked(c.population, counted_noun(c.population.value, "person", "people"))
            about = "about " if c.approximate else ""
            sentence = Markup("{} has a population of {}{}").format(camp, about, people)
            sentences.append(sentence + (Markup(", including {}.").format(parts) if parts else "."))
        elif parts:
            sentences.append(Markup("{} holds {}.").format(camp, parts))
        returned = [(country, people) for country, people in c.repatriations if people.value > 0]
        source = Markup("the camp") if sentences else camp
        clauses = [
            self._repatriation_clause(country, people, None if i else source)
            for i, (country, people) in enumerate(returned)
        ]
        if clauses:
            sentences.append(Markup("During the month, {}.").format(self._clauses(clauses)))
        if not sentences:
            return None
        return Markup(" ").join(capitalised(Markup(s)) for s in sentences)
