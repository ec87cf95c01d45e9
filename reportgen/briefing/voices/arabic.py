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
    short_month_label,
    to_digits,
)
from reportgen.briefing.voices.arabic_paragraphs import ArabicParagraphs
from reportgen.briefing.voices.arabic_sentences import pronoun
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
    "unspecified": LABELS["unspecified"],
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


class ArabicVoice(ArabicParagraphs, Voice):
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

    def condensed_attacks_note(self, shown: int, rest: int, eligible: int) -> Markup:
        """The printed sentence above a busy month's attack table, which lists only the attacks
        with casualties or claimed by ISIS (`eligible`), the deadliest `shown` of them when the
        table would be longer than the limit, and leaves the rest to a summary."""
        rest_phrase = count_phrase(rest, "هجوم", self.digits, "accusative", "آخر") if rest else None
        if shown:
            sentence = Markup("لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على ")
            if shown < eligible:
                sentence += Markup("أكثرها دمويةً: {} من بين ").format(
                    count_phrase(shown, "هجوم", self.digits, "genitive")
                )
            sentence += Markup("{} {} عن قتلى أو جرحى أو تبنّا{} التنظيم").format(
                count_phrase(eligible, "هجوم", self.digits, "genitive"),
                agreeing_verb("أسفر", eligible, "هجوم"),
                pronoun(eligible, "هجوم"),
            )
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

    def condensed_raids_note(self, shown: int, rest: int, eligible: int) -> Markup:
        """The printed sentence above a busy month's raid table: raids in which ISIS members were
        killed or a leader was caught (`eligible`), the `shown` most notable of them when the
        table would be longer than the limit, the rest summarised by governorate."""
        rest_phrase = (
            count_phrase(rest, "مداهمة", self.digits, "accusative", "آخر") if rest else None
        )
        if shown:
            sentence = Markup("لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على ")
            if shown < eligible:
                sentence += Markup("أبرزها: {} من بين ").format(
                    count_phrase(shown, "مداهمة", self.digits, "genitive")
                )
            its = pronoun(eligible, "مداهمة")
            sentence += Markup("{} قُتل في{} عناصر من التنظيم أو اعتُقل في{} قياديون").format(
                count_phrase(eligible, "مداهمة", self.digits, "genitive"), its, its
            )
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
