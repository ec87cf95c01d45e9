"""The Arabic voice's sentences: key-event bullets and section openings, worded after the model
report, from the month's facts.

Counted nouns follow `arabic.count_phrase`, so after 3–10 the noun is a genitive plural: the
journalistic «قُتل 4 عسكريين» of the model is also the grammatical one (عسكريين is the
muḍāf ilayh of the number, not its subject). «آخرون/آخرين» after a bare number describes the
number and takes its case: «وأصيب 5 آخرون» but «وإصابة 5 آخرين». Every value from the YAML
goes through `isolate` (escaped, Latin names isolated).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.arabic import (
    Case,
    agreeing_verb,
    count_phrase,
    format_number,
    month_name,
    name_gender,
    to_digits,
    verb_before,
)

_VERBS = {"nominative": ("قُتل", "أصيب"), "genitive": ("مقتل", "إصابة")}
_THESE = {
    "هجوم": ("هذا الهجوم", "هذين الهجومين", "هذه الهجمات"),
    "مداهمة": ("هذه المداهمة", "هاتين المداهمتين", "هذه المداهمات"),
}
_ITS = {"هجوم": ("ه", "هما", "ها"), "مداهمة": ("ها", "هما", "ها")}
_TARGET_PREFIX: dict[str, str] = {"company": "شركة", "organisation": "منظمة", "person": ""}
NAMED_DETAINEES = 3


def previous_key(key: str) -> str:
    year, month = int(key[:4]), int(key[5:7])
    return f"{year - 1}-12" if month == 1 else f"{year}-{month - 1:02d}"


def these(n: int, noun: str) -> str:
    """«هذا الهجوم», «هذين الهجومين», «هذه الهجمات» (after a preposition) for `n` of `noun`."""
    one, two, many = _THESE[noun]
    return {1: one, 2: two}.get(n, many)


def pronoun(n: int, noun: str) -> str:
    """The attached pronoun that refers back to `n` × `noun`: «تبنّاه», «تبنّاهما», «تبنّاها»."""
    one, two, many = _ITS[noun]
    return {1: one, 2: two}.get(n, many)


def phrase(text: str) -> str:
    """Editors' text placed inside a sentence: trimmed, without the full stop it may end with
    (the sentence adds its own)."""
    return text.strip().rstrip(".。۔").rstrip()


class ArabicSentences:
    """The sentences of `voices.arabic.ArabicVoice` (a mixin: it relies on the voice's `digits`,
    `isolate`, `actor`, `linked` and `camp`)."""

    # --- counted phrases -----------------------------------------------------------------------

    def _counted(self, count: f.Count, noun: str, case: Case, adjective: str | None = None):
        return self.linked(count, count_phrase(count.value, noun, self.digits, case, adjective))

    def _others(self, n: int, case: Case) -> str:
        plural = "آخرون" if case == "nominative" else "آخرين"
        forms = {1: "آخر", 2: "آخران" if case == "nominative" else "اثنين آخرين"}
        return forms.get(n, f"{format_number(n, self.digits)} {plural}")

    def _people(self, count: f.Count, category: str, case: Case) -> Markup:
        """«4 عسكريين», «مدنيَّين اثنين», «5 أشخاص لم تُحدَّد صفتهم»."""
        if category != "unknown":
            noun = {"military": "عسكري", "civilian": "مدني"}[category]
            return self._counted(count, noun, case)
        whose = {1: "صفته", 2: "صفتهما"}.get(count.value, "صفتهم")
        return Markup("{} لم تُحدَّد {}").format(self._counted(count, "شخص", case), whose)

    def _toll_group(self, toll: f.Toll, category: str, case: Case) -> Markup | None:
        """«قُتل 4 عسكريين وأصيب 5 آخرون» (nominative) or «مقتل 4 عسكريين وإصابة 5 آخرين».

        The passive verbs precede their subject, so they stay singular whatever the count.
        """
        kill, wound = _VERBS[case]
        killed, wounded = toll.of(category, "killed"), toll.of(category, "wounded")
        parts: list[Markup] = []
        if killed.value:
            parts.append(Markup("{} {}").format(kill, self._people(killed, category, case)))
        if wounded.value:
            who = (
                self.linked(wounded, self._others(wounded.value, case))
                if killed.value
                else self._people(wounded, category, case)
            )
            parts.append(Markup("{} {}").format(wound, who))
        return Markup(" و").join(parts) if parts else None

    def _tolls(self, toll: f.Toll, case: Case) -> list[Markup]:
        groups = (self._toll_group(toll, c, case) for c in ("military", "civilian", "unknown"))
        return [group for group in groups if group]

    def _isis_toll(self, toll: f.Toll, case: Case) -> Markup | None:
        """«مقتل 3 من عناصر التنظيم وإصابة اثنين آخرين» (ISIS members killed or wounded)."""
        kill, wound = _VERBS[case]
        killed, wounded = toll.of("isis", "killed"), toll.of("isis", "wounded")
        parts: list[Markup] = []
        if killed.value:
            members = self._counted(killed, "عنصر", case)
            parts.append(Markup("{} {} من التنظيم").format(kill, members))
        if wounded.value:
            who = (
                self.linked(wounded, self._others(wounded.value, case))
                if killed.value
                else Markup("{} من التنظيم").format(self._counted(wounded, "عنصر", case))
            )
            parts.append(Markup("{} {}").format(wound, who))
        return Markup(" و").join(parts) if parts else None

    @staticmethod
    def _also(clauses: Sequence[Markup]) -> Markup:
        """«أ، كما ب، وج»: the second group added with «كما», any further with «و»."""
        if len(clauses) <= 1:
            return Markup("").join(clauses)
        rest = Markup("، و").join(clauses[1:])
        return Markup("{}، كما {}").format(clauses[0], rest)

    # --- key events ----------------------------------------------------------------------------

    def month_reference(self, month: str, other: str) -> str:
        """How `month`'s text names an earlier month `other`.

        «الشهر الماضي تشرين الأول (أكتوبر)» for the calendar month before; otherwise «شهر آب
        (أغسطس)», with the year when it differs, since «الماضي» would then be wrong.
        """
        if other == previous_key(month):
            return f"الشهر الماضي {month_name(other)}"
        year = f" {to_digits(other[:4], self.digits)}" if other[:4] != month[:4] else ""
        return f"شهر {month_name(other)}{year}"

    def _comparison(self, comparison: f.Comparison, reference: str) -> Markup:
        current, previous = comparison.current, comparison.previous or 0
        if previous == current:
            return Markup("، وهو العدد نفسه المسجل في {}").format(reference)
        if previous == 0:
            return Markup("، وهو أكثر من {} الذي لم تُسجَّل فيه أي هجمات").format(reference)
        more_or_less = "أكثر" if current > previous else "أقل"
        recorded = verb_before("سُجّل", "سُجّلت", previous, "هجوم")
        counted = count_phrase(previous, "هجوم", self.digits, "nominative")
        return Markup("، وهو {} من {} الذي {} فيه {}").format(
            more_or_less, reference, recorded, counted
        )

    def attacks_bullet(self, a: f.Attacks) -> Markup:
        """The key-events bullet on confirmed attacks, compared with the month before when known.

        «تأكيد» is a maṣdar governing the genitive, hence «تم تأكيد هجومين».
        """
        where = Markup("لخلايا داعش النائمة في مناطق {} خلال شهر {}").format(
            self.isolate(self.region()), month_name(a.month)
        )
        c = a.comparison
        reference = self.month_reference(a.month, c.previous_month) if c.known else ""
        if a.confirmed.value == 0:
            sentence = Markup("لم تُسجَّل أي هجمات مؤكدة {}").format(where)
            if c.known and c.previous:
                before = count_phrase(c.previous, "هجوم", self.digits, "genitive")
                sentence += Markup("، بعد {} في {}").format(before, reference)
            elif c.known:
                sentence += Markup("، كما في {}").format(reference)
            return sentence + "."
        counted = self._counted(a.confirmed, "هجوم", "genitive")
        sentence = Markup("تم تأكيد {} {}").format(counted, where)
        if c.known:
            sentence += self._comparison(c, reference)
        return sentence + "."

    def casualties_bullet(self, a: f.Attacks) -> Markup | None:
        """«خلال هذه الهجمات قُتل 4 عسكريين وأصيب 5 آخرون، كما أصيب 7 مدنيين.»: the toll of
        the confirmed attacks; None without a toll or without confirmed attacks."""
        clauses = self._tolls(a.toll, "nominative")
        if not clauses or a.confirmed.value <= 0:
            return None
        return Markup("خلال {} {}.").format(these(a.confirmed.value, "هجوم"), self._also(clauses))

    def _some_of(self, n: int, group: str) -> str:
        """«أحد قياديي داعش», «اثنين من قياديي داعش», «3 من قياديي داعش» (accusative/genitive)."""
        return {1: f"أحد {group}", 2: f"اثنين من {group}"}.get(
            n, f"{format_number(n, self.digits)} من {group}"
        )

    def _isis_killed(self, r: f.Raids) -> Markup | None:
        """ISIS members killed in raids for «مقتل …»: roles verbatim, then unnamed leaders, then
        the rest, joined by «و» alone (a comma would read «أحد قياديي داعش» as apposition)."""
        roles = [n.role[0] if n.role else None for n in r.killed_notables]
        named = [self.isolate(phrase(role)) for role in roles if role and phrase(role)]
        parts: list[object] = list(named)
        if len(roles) > len(named):
            parts.append(self._some_of(len(roles) - len(named), "قياديي داعش"))
        rest = r.isis_killed.value - len(roles)
        if rest > 0:
            other = "آخر" if parts else None
            members = count_phrase(rest, "عنصر", self.digits, "genitive", other)
            parts.append(f"{'عنصر آخر' if rest == 1 and other else members} من التنظيم")
        if not parts:
            return None
        return self.linked(r.isis_killed, Markup(" و").join(parts))

    def _raid_outcome(self, raids: f.Count, detained: f.Count, r: f.Raids | None) -> Markup:
        results: list[Markup] = []
        if detained.value:
            results.append(Markup("اعتقال {}").format(self._counted(detained, "شخص", "genitive")))
        killed = self._isis_killed(r) if r is not None else None
        if killed:
            results.append(Markup("مقتل {}").format(killed))
        if not results:
            return Markup("دون تسجيل اعتقالات")
        verb = agreeing_verb("أسفر", raids.value, "مداهمة")
        return Markup("{} عن {}").format(verb, self.join(results))

    def raids_bullet(self, r: f.Raids) -> Markup:
        """The key-events bullet on raids: detentions, and ISIS members killed in raids (the
        notables by their role, «أمير الزكاة العراقي في التنظيم», or «أحد قياديي داعش»)."""
        if r.raids.value == 0:
            return Markup("لم تُنفَّذ أي مداهمات على خلايا داعش النائمة خلال هذا الشهر.")
        outcome = self._raid_outcome(r.raids, r.detained, r)
        counted = self._counted(r.raids, "مداهمة", "genitive")
        return Markup("تم تنفيذ {} على خلايا داعش النائمة، {}.").format(counted, outcome)

    def _sanction_clause(self, s: f.Sanction, again: bool = False) -> Markup:
        """«فرضت وزارة الخزانة الأمريكية عقوبات على شركة X بسبب …»; the verb agrees with the
        authority it precedes; `again` adds «أيضاً» after the authority."""
        verb = "فرضت" if name_gender(s.authority, "m", self.project.genders) == "f" else "فرض"
        prefix = _TARGET_PREFIX[s.target_type]
        target = phrase(s.target)
        named = self.isolate(target)
        if prefix and not target.startswith(prefix):
            named = Markup("{} {}").format(prefix, named)
        who = self.isolate(s.authority) + (" أيضاً" if again else "")
        clause = Markup("{} {} عقوبات على {}").format(verb, who, named)
        reason = s.reason[0] if s.reason else None
        if reason and phrase(reason):
            because = "" if phrase(reason).startswith(("بسبب", "على خلفية")) else "بسبب "
            clause += Markup(" {}{}").format(because, self.isolate(phrase(reason)))
        return clause

    def sanction_bullet(self, s: f.Sanction) -> Markup:
        return self._sanction_clause(s) + "."

    def _repatriation_clause(self, r: f.Repatriation | tuple, source: Markup | None) -> Markup:
        """«أعاد العراق 776 من مواطنيه من مخيم الهول».

        Country names are feminine except the few masculine by usage (العراق، الأردن، لبنان …),
        so «أعادت فرنسا … من مواطنيها» but «أعاد العراق … من مواطنيه».
        """
        country, people = (r.country, r.people) if isinstance(r, f.Repatriation) else r
        feminine = name_gender(country, "f", self.project.genders) == "f"
        verb, their = ("أعادت", "مواطنيها") if feminine else ("أعاد", "مواطنيه")
        clause = Markup("{} {} {}").format(
            verb, self.isolate(country), self.linked(people, self._some_of(people.value, their))
        )
        return clause + Markup(" من {}").format(source) if source else clause

    def repatriation_bullet(self, r: f.Repatriation) -> Markup:
        return self._repatriation_clause(r, self.camp(r.camp)) + "."
