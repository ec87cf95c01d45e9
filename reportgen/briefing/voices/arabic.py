"""The Arabic voice: the briefing's own language, right to left, in the publication's digits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from fractions import Fraction

from markupsafe import Markup

from reportgen.briefing import facts as f
from reportgen.briefing.arabic import (
    agreeing_verb,
    count_phrase,
    format_day_month,
    format_number,
    format_percent,
    isolate_latin,
    join_and,
    ltr,
    month_label,
    month_name,
    name_gender,
    short_month_label,
    to_digits,
    verb_before,
)
from reportgen.briefing.voices.arabic_sentences import (
    NAMED_DETAINEES,
    ArabicSentences,
    phrase,
    pronoun,
    these,
)
from reportgen.briefing.voices.base import ChartWords, MapWords, Voice
from reportgen.input.records import Digits
from reportgen.input.vocabulary import ATTACK_TYPES, POPULATION_GROUPS

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
    "summary_columns": ("المحافظة", "المداهمات", "المعتقلون"),
    "governorate": "المحافظة",
    "type": "النوع",
    "total": "المجموع",
    "correction": "تصحيح",
    "all": "الكل",
    "confirmed_attacks": "الهجمات المؤكدة",
    "unconfirmed_attacks": "هجمات غير مؤكدة",
    "raids": "المداهمات",
    "notable": "أبرز المعتقلين والقتلى من قياديي التنظيم",
    "notes": "ملاحظات منهجية",
    "notes_and_sources": "ملاحظات منهجية والمصادر",
    "cover": "صورة الغلاف",
    "evidence": {"open": "الأحداث المعدودة", "raid": "مداهمة", "camp": "مخيم"},
    "figures": {
        "attacks": "الهجمات المؤكدة",
        "killed": "القتلى",
        "wounded": "الجرحى",
        "raids": "المداهمات",
        "detained": "المعتقلون",
        "camp": "سكان المخيمات",
    },
    "split": {"military": "عسكريون", "civilian": "مدنيون", "unknown": "مجهولو الصفة"},
    "section_titles": {
        "attacks": "هجمات خلايا داعش النائمة",
        "raids": "المداهمات والاعتقالات",
        "sanctions": "العقوبات على ممولي داعش",
        "camps": "المخيمات",
    },
    "attack_types": ATTACK_TYPES,
    "outcomes": {"detained": "اعتُقل", "killed": "قُتل"},
    "population_groups": POPULATION_GROUPS,
    "unspecified": "غير محدد",
}

CHART_SERIES = {
    "confirmed_attacks": "الهجمات المؤكدة",
    "raids": "المداهمات",
    "detained": "المعتقلون",
    "total": "المجموع",
    "military_killed": "قتلى عسكريون",
    "military_wounded": "جرحى عسكريون",
    "civilian_killed": "قتلى مدنيون",
    "civilian_wounded": "جرحى مدنيون",
    "unknown_killed": "قتلى مجهولو الصفة",
    "unknown_wounded": "جرحى مجهولو الصفة",
    **LABELS["population_groups"],
}
CHART_TITLES = {
    "attacks_trend": "الهجمات المؤكدة شهرياً خلال آخر {months}",
    "attacks_by_governorate": "الهجمات المؤكدة حسب المحافظة، {when}",
    "casualties": "القتلى والجرحى حسب الفئة، {when}",
    "raids_trend": "المداهمات والمعتقلون شهرياً خلال آخر {months}",
    "camp_population": "سكان المخيمات حسب الجنسية، {when}",
    "attacks_history": "الهجمات المؤكدة شهرياً منذ {when}",
}
CHART_ALTS = {
    "attacks_trend": "عدد الهجمات المؤكدة شهرياً: {points}",
    "attacks_by_governorate": "عدد الهجمات المؤكدة حسب المحافظة في {when}: {points}",
    "casualties": "القتلى والجرحى حسب الفئة في {when}: {points}",
    "casualties_compared": "القتلى والجرحى حسب الفئة في {when} مقارنةً بشهر {before}: {points}",
    "versus": "{label}: {now} مقابل {old}",
    "raids_trend": "المداهمات والمعتقلون شهرياً: {points}",
    "raids_point": "{when}: المداهمات {raids}، المعتقلون {detained}",
    "raids_separator": "؛ ",
    "camp_population": "سكان المخيمات ({names}) حسب الجنسية في {when}: {points}، {total}",
    "total": "المجموع: {total}",
    "attacks_history": "عدد الهجمات المؤكدة شهرياً: {points}",
}

COUNTING_RULE = (
    "تشمل أعداد القتلى والجرحى في الأحداث الرئيسية وأرقام الشهر والرسوم والجداول العسكريين"
    " والمدنيين ومن لم تُحدَّد صفتهم ممن سقطوا في الهجمات المؤكدة وحدها، ولا تشمل عناصر التنظيم؛"
    " أما ضحايا المداهمات وضحايا الهجمات غير المؤكدة فيُذكرون في فقرتيهما، ولا يُحسب في أي منها"
    " من لم يُربط بهجوم أو مداهمة."
)


ATTRIBUTION = (
    "الحدود الإدارية: مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية (OCHA) وقسم الخرائط في الأمم "
    "المتحدة، 2020، برخصة CC BY-IGO 3.0. أسماء الأماكن: GeoNames (CC BY 4.0). الدول المجاورة "
    "والأنهار: Natural Earth. لا تعني الحدود والأسماء المبينة على هذه الخريطة اعترافاً أو قبولاً "
    "رسمياً من الأمم المتحدة."
)
POSITIONS_NOTE = (
    "مواقع الهجمات والمداهمات على الخريطة من الإحداثيات المذكورة في السجل إن وُجدت، وإلا من "
    "المعجم الجغرافي بحسب اسم الموقع ضمن محافظته (أسماء GeoNames، وموقع مخيم الهول من ويكيبيديا)؛ "
    "والحدث الذي لا يُعرف موقعه يوضع عند مركز محافظته ويُرسم بعلامة «موقع تقريبي»."
)


class ArabicVoice(ArabicSentences, Voice):
    code = "ar"
    lang = "ar"
    direction = "rtl"
    suffix = ""
    edition_label = "النسخة العربية"
    labels = LABELS

    @property
    def digits(self) -> Digits:
        return self.project.publication.digits

    # --- values ------------------------------------------------------------------------------

    def number(self, n: int) -> str:
        return format_number(n, self.digits)

    def percent(self, share: Fraction | float) -> str:
        return format_percent(share, self.digits)

    def date(self, day: date) -> str:
        return to_digits(day.isoformat(), self.digits)

    def day(self, day: date) -> str:
        """«14 تشرين الثاني/نوفمبر 2023»."""
        return f"{format_day_month(day, self.digits)} {to_digits(str(day.year), self.digits)}"

    def month_label(self, key: str) -> str:
        return month_label(key, self.digits)

    def isolate(self, text: object) -> Markup:
        return isolate_latin(text, self.digits)

    def ltr(self, text: object) -> Markup:
        return ltr(text)

    def editor(self, text: f.Text | None) -> Markup | None:
        return self.isolate(text[0]) if text and text[0] else None

    def editor_source(self, text: f.Text | None) -> str:
        return text[0] if text and text[0] else ""

    def governorate(self, key: str) -> str:
        return self.project.governorates[key].name_ar

    def location(self, arabic: str | None, english: str | None, governorate: str) -> str | None:
        return arabic or None

    def actor(self, name: str) -> Markup:
        return self.isolate(name)

    def actors(self, names: Sequence[str]) -> Markup:
        return Markup(join_and([self.actor(name) for name in names]))

    def join(self, items: Sequence[object]) -> Markup:
        return Markup(join_and([Markup.escape(item) for item in items]))

    def camp(self, name: str) -> Markup:
        """«مخيم الهول» for «الهول» or «مخيم الهول»."""
        name = name.strip()
        return self.isolate(name if name.startswith("مخيم") else f"مخيم {name}")

    def chart_words(self) -> ChartWords:
        digits = self.digits

        def tick(key: str, with_year: bool) -> str:
            name, year = short_month_label(key, digits).rsplit(" ", 1)
            return f"{name}\n{year}" if with_year else name

        return ChartWords(
            code=self.code,
            rtl=True,
            digits=digits,
            month_label=self.month_label,
            tick=tick,
            months=lambda n: count_phrase(n, "شهر", digits, "genitive"),
            separator="، ",
            no_data="لا تتوفر بيانات",
            series=CHART_SERIES,
            titles=CHART_TITLES,
            alts=CHART_ALTS,
            name=lambda name: str(Markup(self.camp(name)).striptags()),
        )

    def map_words(self, month: str) -> MapWords:
        return MapWords(
            code=self.code,
            rtl=True,
            digits=self.digits,
            title=f"الهجمات والمداهمات حسب الموقع، {self.month_label(month)}",
            alt=(
                "خريطة: {title}. الهجمات المؤكدة حسب المحافظة: {shading}. "
                "هجمات غير مؤكدة: {unconfirmed}، مداهمات: {raids}."
            ),
            none="لا شيء",
            separator="، ",
            legend={
                "confirmed": "هجوم مؤكد",
                "confirmed_shared": "هجوم مؤكد (الرقم: عدد الهجمات في الموقع)",
                "unconfirmed": "هجوم غير مؤكد",
                "raid": "مداهمة",
                "approximate": "موقع تقريبي (مركز المحافظة)",
            },
            scale_title="الهجمات المؤكدة في المحافظة",
            kilometres="{n} كم",
            governorate=self.governorate,
            shape=lambda arabic, _english: arabic,
            place=lambda location, _english, _governorate: location,
            attribution=ATTRIBUTION,
        )

    # --- the page ----------------------------------------------------------------------------

    def publisher(self) -> str:
        return self.project.publication.publisher

    def region(self) -> str:
        return self.project.publication.region

    def report_name(self) -> str:
        return self.project.publication.report_name

    def report_line(self, month: str) -> str:
        return f"{self.report_name()} لشهر {self.month_label(month)}"

    # --- section paragraphs --------------------------------------------------------------------

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
                    agreeing_verb("أسفر", confirmed, "هجوم"), Markup("، إلى جانب ").join(tolls)
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
            sentence += Markup("، وقد {} عن {}").format(result, Markup("، إلى جانب ").join(tolls))
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
        total = r.raids.value
        clauses = []
        for index, force in enumerate(r.forces):
            n = force.raids.value
            if total == 2 and n == 1:
                share = "إحداهما" if index == 0 else "الأخرى"
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

        After «منهم» the breakdown is the (nominative) subject: «منهم عراقيان»; the total is the
        object of «يبلغ»: «49,432 نسمةً».
        """
        camp = self.camp(c.name)
        nouns = {
            "iraqi": ("عراقي", ""),
            "syrian": ("سوري", ""),
            "foreign": ("أجنبي", " من بلدان أخرى"),
        }
        case = "nominative" if c.total_given else "accusative"
        parts = " و".join(
            count_phrase(n, nouns[k][0], self.digits, case) + nouns[k][1]
            for k, n in c.groups.items()
            if n
        )
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

    # --- key figures and notes -----------------------------------------------------------------

    def change_note(self, comparison: f.Comparison) -> Markup | None:
        """«انخفاض 6 (35%) عن الشهر الماضي», «ارتفاع 3 عن الشهر الماضي» (no percentage after a
        month of none), «دون تغيير عن الشهر الماضي», or None without a previous month.

        Words carry the direction, not signs: WeasyPrint ignores isolates on inline elements,
        so a signed number printed «6-» in the PDF.
        """
        if not comparison.known:
            return None
        if comparison.direction == "same":
            return Markup("دون تغيير عن الشهر الماضي")
        word = "ارتفاع" if comparison.direction == "up" else "انخفاض"
        label = Markup("{} {}").format(word, self.number(abs(comparison.difference)))
        if comparison.percent is not None:
            label += Markup(" ({})").format(self.percent(comparison.percent))
        return label + " عن الشهر الماضي"

    def counting_rule(self) -> Markup:
        return Markup(COUNTING_RULE)

    def condensed_attacks_note(self, shown: int, rest: int) -> Markup:
        """The printed sentence above a busy month's attack table, which lists only the attacks
        with casualties or claimed by ISIS and leaves the rest to a summary."""
        rest_phrase = count_phrase(rest, "هجوم", self.digits, "accusative", "آخر") if rest else None
        if shown:
            listed = count_phrase(shown, "هجوم", self.digits, "genitive")
            result = agreeing_verb("أسفر", shown, "هجوم")
            sentence = Markup(
                "لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على {} {} عن قتلى أو جرحى"
                " أو تبنّا{} التنظيم"
            ).format(listed, result, pronoun(shown, "هجوم"))
            if rest_phrase:
                sentence += Markup("، ويلخّص الجدول الذي يليه {} حسب المحافظة ونوع الهجوم").format(
                    rest_phrase
                )
        else:
            sentence = Markup(
                "لكثرة الهجمات، ولأن أياً منها لم يُسفر عن قتلى أو جرحى ولم يتبنّه التنظيم،"
                " يلخّصها الجدول التالي في النسخة المطبوعة حسب المحافظة ونوع الهجوم"
            )
        return sentence + Markup(". {}").format(self._full_list())

    def condensed_raids_note(self, shown: int, rest: int) -> Markup:
        """The printed sentence above a busy month's raid table: raids in which ISIS members were
        killed or a leader was caught, the rest summarised by governorate."""
        rest_phrase = (
            count_phrase(rest, "مداهمة", self.digits, "accusative", "آخر") if rest else None
        )
        if shown:
            listed = count_phrase(shown, "مداهمة", self.digits, "genitive")
            its = pronoun(shown, "مداهمة")
            sentence = Markup(
                "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على {} قُتل في{} عناصر من"
                " التنظيم أو اعتُقل في{} قياديون"
            ).format(listed, its, its)
            if rest_phrase:
                sentence += Markup("، ويلخّص الجدول الذي يليه {} حسب المحافظة").format(rest_phrase)
        else:
            sentence = Markup(
                "لكثرة المداهمات، يلخّصها الجدول التالي في النسخة المطبوعة حسب المحافظة"
            )
        return sentence + Markup(". {}").format(self._full_list())

    @staticmethod
    def _full_list() -> Markup:
        """Where the rows left out are: the HTML edition lists every one."""
        return Markup("والقائمة الكاملة في النسخة الإلكترونية من التقرير.")

    def condensed_sources_note(self) -> str:
        return (
            "تحمل كل واقعة في الجداول أرقام مصادرها، وهي هنا مجمّعة حسب الموقع الناشر؛"
            " أما الروابط نفسها فتجدونها في النسخة الإلكترونية من التقرير."
        )

    def positions_note(self, approximate: int) -> Markup:
        note = Markup(POSITIONS_NOTE)
        if approximate:
            note += Markup(" عدد الأحداث المرسومة بموقع تقريبي هذا الشهر: {}.").format(
                self.number(approximate)
            )
        return note
