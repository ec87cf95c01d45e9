"""The Arabic voice's section openings: the paragraphs that open the attacks, raids, sanctions
and camps sections, worded from the month's facts with the counted phrases and clauses of
`arabic_sentences` (the key-event bullets share them, so a figure reads the same in both)."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.arabic import (
    agreeing_verb,
    count_phrase,
    month_name,
    name_gender,
    verb_before,
)
from reportgen.briefing.voices.arabic_sentences import (
    NAMED_DETAINEES,
    ArabicSentences,
    phrase,
    these,
)


class ArabicParagraphs(ArabicSentences):
    """The section paragraphs of `voices.arabic.ArabicVoice` (a mixin over its sentences: it
    relies on the voice's `digits`, `isolate`, `actor`, `actors`, `linked`, `join`, `camp`,
    `governorate`, `number` and `region`)."""

    def _governorates_sentence(self, a: f.Attacks) -> Markup | None:
        counts = [(self.governorate(g), n) for g, n in a.by_governorate if n.value > 0]
        confirmed = a.confirmed.value
        if not counts:
            return None
        if len(counts) == 1 and counts[0][1].value == confirmed:
            subject = {1: "ووقع الهجوم", 2: "ووقع الهجومان"}.get(confirmed, "ووقعت جميعها")
            return Markup("{} في {}.").format(subject, self.isolate(counts[0][0]))
        if confirmed == 2 and len(counts) == 2:
            one, other = (self.isolate(g) for g, _ in counts)
            return Markup("ووقع أحدهما في {} والآخر في {}.").format(one, other)
        places = [
            Markup("{} ({})").format(self.isolate(g), self.linked(n, self.number(n.value)))
            for g, n in counts
        ]
        return Markup("وتوزّعت الهجمات على {}.").format(self.join(places))

    def _claimed_sentence(self, a: f.Attacks) -> Markup:
        """«وتبنّى تنظيم داعش 4 منها.»"""
        claimed, confirmed = a.claimed.value, a.confirmed.value
        if claimed >= confirmed:
            which = {1: "الهجوم", 2: "الهجومين"}.get(confirmed, "جميع هذه الهجمات")
        else:
            one = "أحدَهما" if confirmed == 2 else "واحداً منها"
            which = {1: one, 2: "اثنين منها"}.get(claimed, f"{self.number(claimed)} منها")
        return Markup("وتبنّى تنظيم داعش {}.").format(self.linked(a.claimed, which))

    @staticmethod
    def _alongside(tolls: list[Markup]) -> Markup:
        """«مقتل أ، إلى جانب إصابة ب، ومقتل ج»: «إلى جانب» once, the rest joined by «و»."""
        if len(tolls) <= 2:
            return Markup("، إلى جانب ").join(tolls)
        return tolls[0] + Markup("، إلى جانب ") + Markup("، و").join(tolls[1:])

    def attacks_paragraph(self, a: f.Attacks) -> Markup:
        """The opening of the attacks section: count, toll, governorates, claims, unconfirmed.

        The object of «شنّت» is accusative and its adjective agrees: «هجوماً مؤكداً واحداً»,
        «3 هجمات مؤكدة», «11 هجوماً مؤكداً»; «أسفر» then agrees with the attacks.
        """
        where = self.isolate(self.region())
        confirmed = a.confirmed.value
        sentences: list[Markup | None] = []
        if confirmed == 0:
            first = Markup("في شهر {}، لم تُسجَّل أي هجمات مؤكدة لخلايا داعش النائمة في {}.")
            sentences.append(first.format(month_name(a.month), where))
        else:
            tolls = self._tolls(a.toll, "genitive")
            isis = self._isis_toll(a.toll, "genitive")
            tolls += [isis] if isis else []
            result = (
                Markup("{} عن {}").format(
                    agreeing_verb("أسفر", confirmed, "هجوم"), self._alongside(tolls)
                )
                if tolls
                else Markup("دون تسجيل خسائر بشرية")
            )
            attacks = self._counted(a.confirmed, "هجوم", "accusative", "مؤكد")
            first = Markup("في شهر {}، شنّت خلايا داعش النائمة {} في {}، {}.")
            sentences.append(first.format(month_name(a.month), attacks, where, result))
            sentences.append(self._governorates_sentence(a))
            if a.claimed.value:
                sentences.append(self._claimed_sentence(a))
        if a.unconfirmed.value:
            n = a.unconfirmed.value
            recorded = verb_before("سُجّل", "سُجّلت", n, "هجوم")
            counted = self._counted(a.unconfirmed, "هجوم", "nominative", "غير مؤكد")
            also = " كذلك" if confirmed else ""
            sentences.append(Markup("و{}{} {}.").format(recorded, also, counted))
        return Markup(" ").join(s for s in sentences if s)

    def unconfirmed_note(self, a: f.Attacks) -> Markup | None:
        """«هجومان لم تتأكد نسبتهما إلى خلايا داعش، ولا يدخلان في الأرقام أعلاه، وقد أسفرا عن
        مقتل مدنيَّين اثنين.»; None without unconfirmed attacks."""
        n = a.unconfirmed.value
        if n <= 0:
            return None
        counted = count_phrase(n, "هجوم", self.digits, "nominative")
        its = {1: "نسبته", 2: "نسبتهما"}.get(n, "نسبتها")
        enter = agreeing_verb("يدخل", n, "هجوم")
        sentence = Markup("{} لم تتأكد {} إلى خلايا داعش، ولا {} في الأرقام أعلاه").format(
            counted, its, enter
        )
        tolls = self._tolls(a.unconfirmed_toll, "genitive")
        isis = self._isis_toll(a.unconfirmed_toll, "genitive")
        tolls += [isis] if isis else []
        if tolls:
            result = agreeing_verb("أسفر", n, "هجوم")
            sentence += Markup("، وقد {} عن {}").format(result, self._alongside(tolls))
        return sentence + "."

    def _coalition(self, force: f.Force) -> Markup:
        """« بمشاركة التحالف الدولي» after a force whose every raid it joined; «، اثنتان منها
        بمشاركة التحالف الدولي،» when it joined only some."""
        parts = []
        for name, count in force.participants:
            with_them = Markup("بمشاركة {}").format(self.actor(name))
            if count.value == force.raids.value:
                parts.append(self.linked(count, with_them))
            else:
                share = {1: "إحداها" if force.raids.value > 2 else "إحداهما", 2: "اثنتان"}
                some = share.get(count.value, self.number(count.value))
                parts.append(Markup("({} {})").format(self.linked(count, some), with_them))
        return Markup(" ").join(parts)

    def _forces_sentence(self, r: f.Raids) -> Markup:
        """Who carried out the raids, each force with its own number and the coalition beside the
        raids it joined: «نفّذت قسد إحداهما بمشاركة التحالف الدولي، والأسايش الأخرى.»"""
        clauses = []
        for index, (force, half) in enumerate(zip(r.forces, r.halves(), strict=True)):
            n = force.raids.value
            if half is not None:
                share = {
                    "both": "كلتيهما",
                    "one": "إحداهما",
                    "same": "المداهمة نفسها",
                    "other": "الأخرى",
                }[half]
            elif index:
                share = {1: "واحدة", 2: "اثنتين"}.get(n, self.number(n))
            else:
                share = {1: "واحدة منها", 2: "اثنتين منها"}.get(n, f"{self.number(n)} منها")
            if r.joint:
                share = Markup("في {}").format(share)
            clause = Markup("{} {}").format(self.actor(force.name), self.linked(force.raids, share))
            coalition = self._coalition(force)
            clauses.append(clause + (Markup(" {}").format(coalition) if coalition else ""))
        feminine = name_gender(r.forces[0].name, "m", self.project.genders) == "f"
        verbs = ("شاركت", "شارك") if r.joint else ("نفّذت", "نفّذ")
        verb = verbs[0] if feminine else verbs[1]
        return Markup("و{} {}.").format(verb, Markup("، و").join(clauses))

    def raids_paragraph(self, r: f.Raids) -> Markup:
        """The opening of the raids section: the raids and what they led to, then who carried
        them out; the raids' own toll; the notable detainees.

        One force (with the coalition in all its raids, or none): «نفّذت قسد في هذا الشهر 3
        مداهمات على خلايا داعش النائمة بمشاركة التحالف الدولي، أسفرت عن …». Otherwise the
        passive «نُفّذت في هذا الشهر …» and a sentence giving each force its raids.
        """
        if r.raids.value == 0:
            return Markup("لم تُنفَّذ في هذا الشهر أي مداهمات على خلايا داعش النائمة.")
        outcome = self._raid_outcome(r.raids, r.detained, r)
        if r.together:
            first = r.forces[0].name
            verb = "نفّذت" if name_gender(first, "m", self.project.genders) == "f" else "نفّذ"
            counted = self._counted(r.raids, "مداهمة", "accusative")
            doers = self.actors([force.name for force in r.forces])
            opening = Markup("{} {} في هذا الشهر {} على خلايا داعش النائمة").format(
                verb, doers, counted
            )
            coalition = self._coalition(r.forces[0])
            opening += Markup(" {}").format(coalition) if coalition else ""
            sentences = [Markup("{}، {}.").format(opening, outcome)]
        else:
            counted = self._counted(r.raids, "مداهمة", "nominative")
            opening = Markup("نُفّذت في هذا الشهر {} على خلايا داعش النائمة").format(counted)
            sentences = [Markup("{}، {}.").format(opening, outcome)]
            if r.forces:
                sentences.append(self._forces_sentence(r))
        clauses = self._tolls(r.toll, "nominative")
        if clauses:
            during = f"خلال {these(r.raids.value, 'مداهمة')}"
            sentences.append(Markup("و{} {}.").format(during, self._also(clauses)))
        if r.detained_notables:
            sentences.append(self._notable_sentence(r.detained_notables))
        return Markup(" ").join(sentences)

    def _notable_sentence(self, notable: Sequence[f.Notable]) -> Markup:
        """The first `NAMED_DETAINEES` notable detainees; a longer list is left to the table."""
        names = []
        for person in notable[:NAMED_DETAINEES]:
            role = person.role[0] if person.role else None
            name = self.isolate(person.name[0])
            if role and phrase(role):
                name = Markup("{} ({})").format(name, self.isolate(phrase(role)))
            names.append(name)
        if len(notable) > NAMED_DETAINEES:
            return Markup("ومن أبرز المعتقلين: {}؛ والقائمة كاملة في الجدول أدناه.").format(
                self.join(names)
            )
        return Markup("ومن أبرز المعتقلين: {}.").format(self.join(names))

    def sanction_paragraph(self, s: f.Sanction, month: str) -> Markup:
        """The first sanction names the month; later ones open with «كما», or say «أيضاً» after
        the authority when it imposed the sanction before too."""
        if s.first:
            return Markup("في شهر {}، {}.").format(month_name(month), self._sanction_clause(s))
        if s.same_authority:
            return Markup("و{}.").format(self._sanction_clause(s, again=True))
        return Markup("كما {}.").format(self._sanction_clause(s))

    def camp_paragraph(self, c: f.Camp) -> Markup | None:
        """Population and repatriations of one camp; None when there is nothing to say.

        After «منهم» the breakdown is the (nominative) subject: «منهم عراقيان», and ends with the
        people the groups leave out: «و50 شخصاً لم تُحدَّد جنسيتهم»; the total is the object of
        «يبلغ»: «49,432 نسمةً».
        """
        camp = self.camp(c.name)
        nouns = {
            "iraqi": ("عراقي", ""),
            "syrian": ("سوري", ""),
            "foreign": ("أجنبي", " من بلدان أخرى"),
        }
        case = "nominative" if c.total_given else "accusative"
        groups = [
            count_phrase(n, nouns[k][0], self.digits, case) + nouns[k][1]
            for k, n in c.groups.items()
            if n
        ]
        if c.unspecified:
            whose = {1: "جنسيته", 2: "جنسيتهما"}.get(c.unspecified, "جنسيتهم")
            people = count_phrase(c.unspecified, "شخص", self.digits, case)
            groups.append(f"{people} لم تُحدَّد {whose}")
        parts = " و".join(groups)
        sentences: list[Markup] = []
        if c.total_given and c.population and c.population.value:
            people = self.linked(
                c.population, count_phrase(c.population.value, "نسمة", self.digits, "accusative")
            )
            about = "نحو " if c.approximate else ""
            sentence = Markup("يبلغ عدد سكان {} {}{}").format(camp, about, people)
            sentences.append(sentence + (Markup("، منهم {}.").format(parts) if parts else "."))
        elif parts:
            sentences.append(Markup("يضم {} {}.").format(camp, parts))
        returned = [(country, people) for country, people in c.repatriations if people.value > 0]
        source = Markup("المخيم") if sentences else camp
        clauses = [
            self._repatriation_clause((country, people), None if i else source)
            for i, (country, people) in enumerate(returned)
        ]
        if clauses:
            lead = "وخلال هذا الشهر، " if sentences else "خلال هذا الشهر، "
            sentences.append(Markup("{}{}.").format(lead, Markup("، و").join(clauses)))
        return Markup(" ").join(sentences) if sentences else None
