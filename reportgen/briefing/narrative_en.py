"""Generated English sentences: the English edition's rendering of `facts.py`.

The counterpart of narrative.py, in the register of the reference outlet's English edition
(«ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria in November, down
from 17 in October»). Every sentence takes the same facts as its Arabic twin, so the editions
state the same figures. Editors' texts come as (Arabic, English) pairs: a missing English text
shows `english.UNTRANSLATED`; names get their English form from `english.name`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.english import (
    UNTRANSLATED,
    be,
    capitalised,
    count,
    isolate_arabic,
    join_and,
    month_name,
    number,
    percent,
)
from reportgen.briefing.english import name as english_name

Names = Mapping[str, str]
REGION = "North and East Syria"
_ATTACK = ("attack", "attacks")
_MILITARY = ("military member", "military personnel")
_CIVILIAN = ("civilian", "civilians")


def text(value: f.Text | None) -> Markup:
    """An editor's text in English, or the untranslated marker."""
    if value is None:
        return Markup("")
    english = value[1]
    return isolate_arabic(_phrase(english)) if english else Markup(UNTRANSLATED)


def _phrase(value: str) -> str:
    return value.strip().rstrip(".").rstrip()


def _name(arabic: str, names: Names | None) -> Markup:
    return isolate_arabic(english_name(arabic, names))


def _month_reference(month: str, other: str) -> str:
    """«October», or «October 2022» when the year differs."""
    return month_name(other) + (f" {other[:4]}" if other[:4] != month[:4] else "")


def attacks_bullet(a: f.Attacks, region: str = REGION) -> Markup:
    """«ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria in November,
    down from 17 in October.»"""
    counted = f"{count(a.confirmed, 'confirmed attack', 'confirmed attacks')}"
    if a.confirmed == 0:
        counted = "no confirmed attacks"
    sentence = Markup("ISIS sleeper cells carried out {} in {} in {}").format(
        counted, region, month_name(a.month)
    )
    if a.previous_month is not None and a.previous_confirmed is not None:
        sentence += _comparison(a.confirmed, a.previous_confirmed, a.month, a.previous_month)
    return sentence + "."


def _comparison(current: int, previous: int, month: str, previous_month: str) -> str:
    when = _month_reference(month, previous_month)
    if current == previous:
        return f", the same number as in {when}"
    before = number(previous) if previous else "none"
    return f", {'up' if current > previous else 'down'} from {before} in {when}"


def _toll_clause(killed: int, wounded: int, noun: tuple[str, str]) -> str | None:
    """«4 military personnel were killed and 5 wounded»."""
    if killed and wounded:
        return f"{count(killed, *noun)} {be(killed)} killed and {number(wounded)} wounded"
    if killed:
        return f"{count(killed, *noun)} {be(killed)} killed"
    if wounded:
        return f"{count(wounded, *noun)} {be(wounded)} wounded"
    return None


def tolls(toll: f.Toll) -> list[str]:
    clauses = (
        _toll_clause(toll.military_killed, toll.military_wounded, _MILITARY),
        _toll_clause(toll.civilian_killed, toll.civilian_wounded, _CIVILIAN),
    )
    return [c for c in clauses if c]


def _these(n: int, noun: str) -> str:
    return f"this {noun}" if n == 1 else f"these {noun}s"


def casualties_bullet(a: f.Attacks) -> Markup | None:
    """«In these attacks, 4 military personnel were killed and 5 wounded, and 7 civilians were
    wounded.»; None without a toll or without confirmed attacks."""
    clauses = tolls(a.toll)
    if not clauses or a.confirmed <= 0:
        return None
    return Markup("In {}, {}.").format(_these(a.confirmed, "attack"), ", and ".join(clauses))


def _killed_isis(r: f.Raids) -> list[Markup]:
    named = [text(role) for role in r.killed_roles if role is not None]
    parts = [_definite(role) for role in named]
    unnamed = len(r.killed_roles) - len(named)
    if unnamed:
        leaders = "an ISIS leader" if unnamed == 1 else count(unnamed, "", "ISIS leaders")
        parts.append(Markup(leaders))
    rest = r.isis_killed - len(r.killed_roles)
    if rest > 0:
        other = "other " if parts else ""
        parts.append(Markup(count(rest, f"{other}ISIS member", f"{other}ISIS members")))
    return parts


def _definite(role: Markup) -> Markup:
    """A role as a definite description after «the killing of»: «the Iraqi zakat emir of
    ISIS», unless the editor already wrote its determiner."""
    if role == UNTRANSLATED or role.lower().startswith(("the ", "a ", "an ", "isis's ")):
        return role
    return Markup("the {}").format(role)


def _raid_outcome(r: f.Raids) -> Markup:
    results: list[Markup] = []
    if r.detained:
        results.append(Markup("the detention of {}").format(count(r.detained, "person", "people")))
    killed = _killed_isis(r)
    if killed:
        results.append(Markup("the killing of {}").format(join_and(killed)))
    if not results:
        return Markup("with no detentions")
    return Markup("resulting in {}").format(join_and(results))


def raids_bullet(r: f.Raids) -> Markup:
    """«10 raids were carried out against ISIS sleeper cells, resulting in the detention of 17
    people and the killing of the Iraqi zakat emir of ISIS.»"""
    if r.raids == 0:
        return Markup("No raids were carried out against ISIS sleeper cells this month.")
    counted = count(r.raids, "raid", "raids")
    return Markup("{} {} carried out against ISIS sleeper cells, {}.").format(
        counted, be(r.raids), _raid_outcome(r)
    )


def is_participant(force: str) -> bool:
    return force.strip().startswith("التحالف")


def raids_paragraph(r: f.Raids, names: Names | None = None) -> Markup:
    """The opening of the raids section: who raided, the outcome, the raids' toll, notables."""
    if r.raids == 0:
        return Markup("No raids were carried out against ISIS sleeper cells this month.")
    leaders = [force for force in r.forces if not is_participant(force)] or list(r.forces)
    participants = [force for force in r.forces if force not in leaders]
    counted = count(r.raids, "raid", "raids")
    if leaders:
        doers = join_and([_name(force, names) for force in leaders])
        opening = Markup("{} carried out {} against ISIS sleeper cells this month").format(
            doers, counted
        )
        opening = Markup(capitalised(str(opening)))
    else:
        opening = Markup("{} {} carried out against ISIS sleeper cells this month").format(
            counted, be(r.raids)
        )
    if participants:
        helpers = join_and([_name(force, names) for force in participants])
        opening += Markup(", with the participation of {}").format(helpers)
    sentences = [Markup("{}, {}.").format(opening, _raid_outcome(r))]
    clauses = tolls(r.toll)
    if clauses:
        during = _these(r.raids, "raid")
        sentences.append(Markup("During {}, {}.").format(during, ", and ".join(clauses)))
    if r.notable_detained:
        sentences.append(_notable_sentence(r.notable_detained))
    return Markup(" ").join(sentences)


NAMED_DETAINEES = 3


def _notable_sentence(notable: Sequence[tuple[f.Text, f.Text | None]]) -> Markup:
    names = [
        Markup("{} ({})").format(text(name), text(role)) if role else text(name)
        for name, role in notable[:NAMED_DETAINEES]
    ]
    if len(notable) > NAMED_DETAINEES:
        return Markup(
            "The most prominent detainees include {}; the full list is in the table below."
        ).format(join_and(names))
    return Markup("The most prominent detainees include {}.").format(join_and(names))


def _governorates_sentence(a: f.Attacks, governorates: Names) -> Markup | None:
    counts = [(governorates.get(g, g), n) for g, n in a.by_governorate if n > 0]
    if not counts:
        return None
    if len(counts) == 1 and counts[0][1] == a.confirmed:
        subject = {1: "The attack", 2: "Both attacks"}.get(a.confirmed, "All of them")
        return Markup("{} took place in {}.").format(subject, counts[0][0])
    if a.confirmed == 2 and len(counts) == 2:
        return Markup("One took place in {} and the other in {}.").format(
            counts[0][0], counts[1][0]
        )
    places = [Markup("{} ({})").format(g, number(n)) for g, n in counts]
    return Markup("The attacks were spread across {}.").format(join_and(places))


def _claimed_sentence(claimed: int, confirmed: int) -> str:
    if claimed >= confirmed:
        which = {1: "the attack", 2: "both attacks"}.get(confirmed, "all of them")
    else:
        which = {1: "one of them", 2: "two of them"}.get(claimed, f"{number(claimed)} of them")
    return f"ISIS claimed {which}."


def attacks_paragraph(a: f.Attacks, governorates: Names, region: str = REGION) -> Markup:
    """The opening of the attacks section: count, toll, governorates, claims, unconfirmed."""
    sentences: list[Markup | str | None] = []
    if a.confirmed == 0:
        first = Markup("In {}, ISIS sleeper cells carried out no confirmed attacks in {}.")
        sentences.append(first.format(month_name(a.month), region))
    else:
        clauses = tolls(a.toll)
        result = (
            Markup("; {}").format(", and ".join(clauses)) if clauses else ", causing no casualties"
        )
        attacks = count(a.confirmed, "confirmed attack", "confirmed attacks")
        first = Markup("In {}, ISIS sleeper cells carried out {} in {}{}.")
        sentences.append(first.format(month_name(a.month), attacks, region, result))
        sentences.append(_governorates_sentence(a, governorates))
        if a.claimed:
            sentences.append(_claimed_sentence(a.claimed, a.confirmed))
    if a.unconfirmed:
        counted = count(a.unconfirmed, "unconfirmed attack", "unconfirmed attacks")
        if a.confirmed:
            counted = "unconfirmed attack" if a.unconfirmed == 1 else counted
            counted = f"a further {counted}"
        sentences.append(capitalised(f"{counted} {be(a.unconfirmed)} recorded."))
    return Markup(" ").join(s for s in sentences if s)


def unconfirmed_note(a: f.Attacks) -> Markup | None:
    """The sentence above the unconfirmed attacks' table, with their own toll."""
    n = a.unconfirmed
    if n <= 0:
        return None
    counted = count(n, *_ATTACK)
    verb = "is" if n == 1 else "are"
    sentence = Markup(
        "{} not confirmed as the work of ISIS cells {} not included in the figures above"
    ).format(counted, verb)
    clauses = tolls(a.unconfirmed_toll)
    if clauses:
        sentence += Markup("; in {}, {}").format("it" if n == 1 else "them", ", and ".join(clauses))
    return Markup(capitalised(str(sentence))) + "."


COUNTING_RULE = (
    "The killed and wounded in the key events, the month's figures, the charts and the tables are"
    " the military personnel and civilians who fell in confirmed attacks only; casualties of raids"
    " and of unconfirmed attacks are told in their own paragraphs, and nobody not linked to an"
    " attack or a raid is counted in any of them."
)


def counting_rule() -> Markup:
    return Markup(COUNTING_RULE)


def _sanction_clause(s: f.Sanction, names: Names | None, again: bool = False) -> Markup:
    who = _name(s.authority, names)
    target = isolate_arabic(s.target_en) if s.target_en else _name(s.target, names)
    clause = Markup("{}{} imposed sanctions on {}").format(who, " also" if again else "", target)
    if s.reason:
        clause += Markup(" for {}").format(text(s.reason))
    return clause


def sanction_bullet(s: f.Sanction, names: Names | None = None) -> Markup:
    """«The US Treasury Department imposed sanctions on Binance for …»."""
    return Markup(capitalised(str(_sanction_clause(s, names)))) + "."


def sanctions_paragraph(s: f.Sanction, month: str, names: Names | None = None) -> Markup:
    if s.first:
        return Markup("In {}, {}.").format(month_name(month), _sanction_clause(s, names))
    if s.same_authority:
        return Markup(capitalised(str(_sanction_clause(s, names, again=True)))) + "."
    return Markup("In addition, {}.").format(_sanction_clause(s, names))


def camp_name(camp: str, names: Names | None = None) -> Markup:
    """«al-Hol camp» for «مخيم الهول» or «الهول»."""
    bare = camp.strip().removeprefix("مخيم").strip()
    return Markup("{} camp").format(_name(bare, names))


def _repatriation_clause(
    country: str, people: int, source: Markup | None, names: Names | None
) -> Markup:
    clause = Markup("{} repatriated {} of its citizens").format(
        _name(country, names), number(people)
    )
    return clause + Markup(" from {}").format(source) if source else clause


def repatriation_bullet(r: f.Repatriation, names: Names | None = None) -> Markup:
    """«Iraq repatriated 776 of its citizens from al-Hol camp.»"""
    clause = _repatriation_clause(r.country, r.people, camp_name(r.camp, names), names)
    return Markup(capitalised(str(clause))) + "."


_GROUPS = {
    "iraqi": ("Iraqi", "Iraqis"),
    "syrian": ("Syrian", "Syrians"),
    "foreign": ("person from other countries", "people from other countries"),
}


def camps_paragraph(c: f.Camp, names: Names | None = None) -> Markup | None:
    """«Al-Hol camp has a population of 49,432 people, including 24,147 Iraqis, … During the
    month, Iraq repatriated 776 of its citizens from the camp.»"""
    camp = camp_name(c.name, names)
    parts = join_and([count(n, *_GROUPS[k]) for k, n in c.groups.items() if n])
    sentences: list[Markup] = []
    if c.total:
        people = count(c.total, "person", "people")
        sentence = Markup("{} has a population of {}").format(camp, people)
        sentences.append(sentence + (Markup(", including {}.").format(parts) if parts else "."))
    elif parts:
        sentences.append(Markup("{} holds {}.").format(camp, parts))
    returned = [(country, people) for country, people in c.repatriations if people > 0]
    source = Markup("the camp") if sentences else camp
    clauses = [
        _repatriation_clause(country, people, None if i else source, names)
        for i, (country, people) in enumerate(returned)
    ]
    if clauses:
        sentences.append(Markup("During the month, {}.").format(Markup(", and ").join(clauses)))
    if not sentences:
        return None
    return Markup(" ").join(Markup(capitalised(str(s))) for s in sentences)


def change_phrase(change: f.Change) -> Markup | None:
    """«down 6 (35%) from last month», «up 3 from last month» (no percentage after a month of
    none), «no change from last month», or None; words carry the direction, as in Arabic."""
    if change.previous is None:
        return None
    delta = change.current - change.previous
    if delta == 0:
        return Markup("no change from last month")
    label = f"{'up' if delta > 0 else 'down'} {number(abs(delta))}"
    if change.previous > 0:
        label += f" ({percent(abs(delta) / change.previous * 100)})"
    return Markup("{} from last month").format(label)
