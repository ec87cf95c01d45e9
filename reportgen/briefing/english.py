"""English language helpers for the English edition: month names, counted nouns (CLDR plural
rules via Babel), numbers, the English form of proper names, and right-to-left isolation of any
Arabic left inside English text. Like arabic.py, it never touches files."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from babel import Locale
from babel.dates import get_month_names
from babel.numbers import format_decimal
from markupsafe import Markup

from reportgen.briefing.arabic import format_percent

LOCALE = Locale("en")
UNTRANSLATED = "[Arabic text not translated]"
"""What the English edition shows where an editor's text has no English counterpart yet; a
month showing it cannot be published (`publish.untranslated`)."""

NAMES: Mapping[str, str] = {
    "شمال وشرق سوريا": "North and East Syria",
    "قوات سوريا الديمقراطية": "the Syrian Democratic Forces (SDF)",
    "قسد": "the SDF",
    "الأسايش": "the Asayish",
    "قوى الأمن الداخلي": "the Internal Security Forces",
    "قوات مكافحة الإرهاب": "the counter-terrorism forces",
    "التحالف الدولي": "the international coalition",
    "التحالف الدولي ضد داعش": "the international coalition against ISIS",
    "وزارة الخزانة الأمريكية": "the US Treasury Department",
    "مجلس الأمن": "the UN Security Council",
    "الاتحاد الأوروبي": "the European Union",
    "المملكة المتحدة": "the United Kingdom",
    "الولايات المتحدة": "the United States",
    "العراق": "Iraq",
    "فرنسا": "France",
    "ألمانيا": "Germany",
    "بلجيكا": "Belgium",
    "هولندا": "the Netherlands",
    "أستراليا": "Australia",
    "كندا": "Canada",
    "روسيا": "Russia",
    "كازاخستان": "Kazakhstan",
    "أوزبكستان": "Uzbekistan",
    "طاجيكستان": "Tajikistan",
    "قيرغيزستان": "Kyrgyzstan",
    "تركيا": "Turkey",
    "السودان": "Sudan",
    "الهول": "al-Hol",
    "روج": "Roj",
    "مرصد الخلايا النائمة": "Sleeper Cell Monitor",
    "مرصد شمال وشرق سوريا": "North and East Syria Monitor",
    "تقرير الخلايا النائمة": "Sleeper Cell Report",
}
"""English forms of the proper names the briefing's sentences use (forces, authorities,
countries, camps); `inputs/actors.yaml` may add more with `name_en`."""

_ARABIC_RUN = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+(?:[\s،]+[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+)*"
)


def month_name(key: str) -> str:
    """«November» for 2023-11."""
    return get_month_names("wide", locale=LOCALE)[int(key[5:7])]


def month_label(key: str) -> str:
    """«November 2023»."""
    return f"{month_name(key)} {key[:4]}"


def short_month_label(key: str) -> str:
    return get_month_names("abbreviated", locale=LOCALE)[int(key[5:7])]


def number(n: int | float) -> str:
    """Western digits with thousands separators: «49,432»."""
    return format_decimal(n, locale=LOCALE)


def percent(x: float, signed: bool = False) -> str:
    """Rounded half up as the Arabic edition rounds (`arabic.format_percent`): «35%», 12.5 →
    «13%», «+13%»."""
    return format_percent(x, "western", signed)


def count(n: int, singular: str, plural: str) -> str:
    """«1 attack», «2 attacks»: the noun by CLDR's English plural rule."""
    noun = singular if LOCALE.plural_form(n) == "one" else plural
    return f"{number(n)} {noun}"


def be(n: int) -> str:
    return "was" if LOCALE.plural_form(n) == "one" else "were"


def join_and(items: Sequence[str]) -> str:
    """«A», «A and B», «A, B and C» (the house style has no serial comma)."""
    items = list(items)
    if len(items) <= 1:
        return Markup("").join(items)
    return Markup(", ").join(items[:-1]) + Markup(" and ") + items[-1]


def isolate_arabic(text: object) -> Markup:
    """Escape `text` and isolate any Arabic run right-to-left inside left-to-right English."""
    if isinstance(text, Markup):
        return text
    text = "" if text is None else str(text)
    parts: list[Markup] = []
    end = 0
    for match in _ARABIC_RUN.finditer(text):
        parts.append(Markup.escape(text[end : match.start()]))
        parts.append(Markup('<span dir="rtl">{}</span>').format(match.group()))
        end = match.end()
    parts.append(Markup.escape(text[end:]))
    return Markup("").join(parts)


def name(arabic: str, names: Mapping[str, str] | None = None) -> str:
    """The English form of a proper name, or the name as written when none is known."""
    arabic = arabic.strip()
    known = {**NAMES, **(names or {})}
    return known.get(arabic, arabic)


def capitalised(text: str) -> str:
    """The first letter upper-case; in Markup the first letter of its text, after any opening
    tags (a sentence may open with a link or an isolate)."""
    if isinstance(text, Markup):
        raw = str(text)
        index = 0
        while index < len(raw) and raw[index] == "<":
            index = raw.index(">", index) + 1
        return Markup(raw[:index] + raw[index : index + 1].upper() + raw[index + 1 :])
    return text[:1].upper() + text[1:]
