"""The Arabic language layer: month names, counted nouns, digits, number formats, bidi isolation.

Pure functions: nothing here reads or writes files. Numbers come back as plain strings without
bidi marks; direction is handled in one place, by `ltr` (HTML) and `ltr_plain` (plain text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from typing import Literal

from babel import Locale
from markupsafe import Markup

from reportgen.input.records import Digits, Gender

Case = Literal["nominative", "accusative", "genitive"]

# Hyphen-minus, not U+2212: the shipped Noto faces have no glyph for the minus sign.
MINUS = "-"
LRI, PDI = "\u2066", "\u2069"

MONTHS: tuple[tuple[str, str], ...] = (
    ("كانون الثاني", "يناير"),
    ("شباط", "فبراير"),
    ("آذار", "مارس"),
    ("نيسان", "أبريل"),
    ("أيار", "مايو"),
    ("حزيران", "يونيو"),
    ("تموز", "يوليو"),
    ("آب", "أغسطس"),
    ("أيلول", "سبتمبر"),
    ("تشرين الأول", "أكتوبر"),
    ("تشرين الثاني", "نوفمبر"),
    ("كانون الأول", "ديسمبر"),
)
"""(Levantine, Gregorian) names, January first. Babel's stand-alone LLLL is not used: for ar_SY
it returns the Egyptian names."""


def _month_number(month: int | str) -> int:
    number = int(month.rsplit("-", 1)[-1]) if isinstance(month, str) else month
    if not 1 <= number <= 12:
        raise ValueError(f"not a month: {month!r}")
    return number


def month_name(month: int | str) -> str:
    """11 or "2023-11" → «تشرين الثاني (نوفمبر)»."""
    levantine, gregorian = MONTHS[_month_number(month) - 1]
    return f"{levantine} ({gregorian})"


def month_label(key: str, digits: Digits = "western") -> str:
    """«تشرين الثاني (نوفمبر) 2023» for the key "2023-11"."""
    return f"{month_name(key)} {to_digits(key[:4], digits)}"


def short_month_label(key: str, digits: Digits = "western") -> str:
    """«نوفمبر 2023» for the key "2023-11": the chart-tick label.

    The Gregorian name alone is the shortest form every Arabic reader knows; the Levantine names
    (two words for four of the months) are too wide for a tick.
    """
    return f"{MONTHS[_month_number(key) - 1][1]} {to_digits(key[:4], digits)}"


def format_date(d: date, digits: Digits = "western") -> str:
    """ISO date for tables («2023-11-05»); the caller isolates it with `ltr`."""
    return to_digits(d.isoformat(), digits)


def format_day_month(d: date, digits: Digits = "western") -> str:
    """«14 تشرين الثاني/نوفمبر», the model's day-month form."""
    levantine, gregorian = MONTHS[d.month - 1]
    return f"{to_digits(str(d.day), digits)} {levantine}/{gregorian}"


_TO_ARABIC_INDIC = str.maketrans("0123456789,.%", "٠١٢٣٤٥٦٧٨٩٬٫٪")
_WESTERN_NUMBER = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?%?")


def to_digits(text: str, digits: Digits) -> str:
    """Western digits in `text` → Arabic-Indic ones (with ٬ ٫ ٪ inside numbers) when asked.

    Commas count as a thousands separator only between groups of three digits, so a list such
    as "1,2" keeps its comma.
    """
    if digits == "western":
        return text
    return _WESTERN_NUMBER.sub(lambda m: m.group().translate(_TO_ARABIC_INDIC), text)


def format_number(n: int | float, digits: Digits = "western", decimals: int | None = None) -> str:
    """49432 → «49,432» or «٤٩٬٤٣٢». Negative numbers use the hyphen-minus (see MINUS).

    `decimals` defaults to 0 for integers and integral floats and to 1 for other floats.
    """
    if decimals is None:
        decimals = 0 if float(n).is_integer() else 1
    text = f"{abs(n):,.{decimals}f}"
    sign = MINUS if n < 0 and text.strip("0.,") else ""
    return to_digits(sign + text, digits)


def format_signed(n: int, digits: Digits = "western") -> str:
    """+6, -6 or 0."""
    sign = "+" if n > 0 else MINUS if n < 0 else ""
    return sign + format_number(abs(n), digits)


def format_percent(x: float | Fraction, digits: Digits = "western", signed: bool = False) -> str:
    """A percentage given in points, rounded to a whole number half up (`round_half_up`):
    35.3 → «35%», 12.5 → «13%» («+13%» when signed), «١٣٪» in Arabic-Indic digits. Negative
    values always carry MINUS; no bidi marks are added (isolate with `ltr`)."""
    whole = round_half_up(x)
    sign = "+" if signed and whole > 0 else MINUS if whole < 0 else ""
    return sign + to_digits(f"{abs(whole):,}%", digits)


def round_half_up(x: float) -> int:
    """`x` to the nearest whole number, halves away from zero (12.5 → 13, -12.5 → -13), as
    readers round; Python's `round` takes halves to the even number (12.5 → 12). `x` is first
    taken to nine decimals, so that 3 / 40 * 100 (7.499999999999999 in binary) rounds as the
    7.5 it stands for."""
    exact = Decimal(repr(float(x))).quantize(Decimal("1e-9"))
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def ltr(value: object) -> Markup:
    """HTML-escape `value` and isolate it left-to-right (the `ltr` Jinja filter)."""
    return Markup('<span dir="ltr">{}</span>').format(value)


def ltr_plain(value: object) -> str:
    """`value` between LRI and PDI, for plain text (charts, PDF metadata)."""
    return f"{LRI}{value}{PDI}"


_LATIN = "A-Za-z\u00c0-\u024f"
_NUM = "[0-9٠-٩]+(?:[,.٬٫][0-9٠-٩]+)*"
_WORD = rf"[0-9]*+[{_LATIN}][{_LATIN}0-9]*(?:[-'’.&/][{_LATIN}0-9]+)*"
_LTR_RUN = re.compile(
    rf"""
    (?<![0-9٠-٩])[0-9٠-٩]{{4}}-[0-9٠-٩]{{2}}(?:-[0-9٠-٩]{{2}})?(?![0-9٠-٩])
    | (?:(?<!\w)[+\-{MINUS}])?{_NUM}[%٪]
    | (?<!\w)[+\-{MINUS}]{_NUM}
    | (?<![{_LATIN}0-9]){_WORD}(?:[.,:]?[ \t]+(?:[0-9]+[ \t]+)*{_WORD})*
    """,
    re.VERBOSE,
)


def isolate_latin(text: object, digits: Digits = "western") -> Markup:
    """Escape free text and isolate its left-to-right runs, leaving the Arabic untouched.

    Runs are Latin-script words with what joins them (spaces, digits, inner punctuation:
    «Al-Monitor», «U.S. Treasury»), ISO dates and months, signed numbers and percentages.
    Sentence punctuation after a run stays outside it, so it lands where the Arabic expects.
    The text first goes through `clean_bidi`: stray controls from pasted text would fight the
    isolates added here. Markup is taken as already processed; None gives empty Markup.
    With Arabic-Indic `digits`, numbers in the Arabic text take them too; Latin runs keep theirs.
    """
    if isinstance(text, Markup):
        return text
    text = clean_bidi("" if text is None else str(text))
    parts: list[Markup] = []
    end = 0
    for match in _LTR_RUN.finditer(text):
        run = match.group()
        if not re.search(f"[{_LATIN}]", run):
            run = to_digits(run, digits)
        parts.append(Markup.escape(to_digits(text[end : match.start()], digits)))
        parts.append(ltr(run))
        end = match.end()
    parts.append(Markup.escape(to_digits(text[end:], digits)))
    return Markup("").join(parts)


_MARKS = re.compile("[\u064b-\u0652\u0670]")
_INVISIBLE = re.compile(
    "[\x00\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def clean_bidi(text: str) -> str:
    """Remove NUL, bidi controls and zero-width characters from free text.

    All embeddings, overrides, isolates and LRM/RLM/ALM marks go, balanced or not: the briefing
    adds its own isolates. ZWJ/ZWNJ (legitimate in Arabic), tashkeel and tatweel are kept.
    """
    return _INVISIBLE.sub("", text)


def join_and(items: Sequence[str]) -> str:
    """«أ»، «أ وب»، «أ وب وج»: «و» before every item after the first, no comma (Arabic has no
    serial comma). Markup stays Markup."""
    if any(isinstance(item, Markup) for item in items):
        return Markup(" و").join(Markup.escape(item) for item in items)
    return " و".join(items)


@dataclass(frozen=True)
class Noun:
    """The forms a counted noun takes.

    `dual` is nominative (…ان); `plural` is the form after 3–10, which is genitive by iḍāfa
    (so sound masculine plurals are stored as …ين: «4 عسكريين»); `accusative` is the
    singular with tanween used after 11–99 and for a single accusative object.
    """

    singular: str
    dual: str
    plural: str
    accusative: str
    gender: Gender = "m"
    human: bool = False


_TANWEEN: dict[Gender, str] = {"m": "اً", "f": "ً"}


def _noun(singular: str, dual: str, plural: str, gender: Gender = "m", human: bool = False) -> Noun:
    return Noun(singular, dual, plural, singular + _TANWEEN[gender], gender, human)


NOUNS: dict[str, Noun] = {
    noun.singular: noun
    for noun in (
        _noun("هجوم", "هجومان", "هجمات"),
        _noun("مداهمة", "مداهمتان", "مداهمات", "f"),
        _noun("عملية", "عمليتان", "عمليات", "f"),
        _noun("شهر", "شهران", "أشهر"),
        _noun("عقوبة", "عقوبتان", "عقوبات", "f"),
        _noun("مخيم", "مخيمان", "مخيمات"),
        _noun("نسمة", "نسمتان", "نسمات", "f"),
        _noun("شخص", "شخصان", "أشخاص", human=True),
        _noun("عسكري", "عسكريان", "عسكريين", human=True),
        _noun("مدني", "مدنيان", "مدنيين", human=True),
        _noun("عنصر", "عنصران", "عناصر", human=True),
        _noun("قيادي", "قياديان", "قياديين", human=True),
        _noun("مواطن", "مواطنان", "مواطنين", human=True),
        _noun("عراقي", "عراقيان", "عراقيين", human=True),
        _noun("سوري", "سوريان", "سوريين", human=True),
        _noun("أجنبي", "أجنبيان", "أجانب", human=True),
    )
}


@dataclass(frozen=True)
class Adjective:
    """An adjective's forms after a counted noun; non-human plurals take the feminine singular."""

    masculine: str
    feminine: str
    masculine_accusative: str
    feminine_accusative: str
    dual_masculine: str
    dual_feminine: str
    human_plural: str


def _adjective(masculine: str) -> Adjective:
    feminine = masculine + "ة"
    return Adjective(
        masculine=masculine,
        feminine=feminine,
        masculine_accusative=masculine + "اً",
        feminine_accusative=feminine + "ً",
        dual_masculine=masculine + "ان",
        dual_feminine=masculine + "تان",
        human_plural=masculine + "ين",
    )


ADJECTIVES: dict[str, Adjective] = {
    "مؤكد": _adjective("مؤكد"),
    "آخر": Adjective("آخر", "أخرى", "آخر", "أخرى", "آخران", "أخريان", "آخرين"),
    # «غير» governs the genitive, so the adjective after it never takes the accusative or the
    # nominative dual: «هجومان غير مؤكدين», «11 هجوماً غير مؤكد».
    "غير مؤكد": Adjective(
        "غير مؤكد",
        "غير مؤكدة",
        "غير مؤكد",
        "غير مؤكدة",
        "غير مؤكدين",
        "غير مؤكدتين",
        "غير مؤكدين",
    ),
}


@cache
def plural_category(n: int) -> str:
    """CLDR's Arabic plural category of `n`: zero, one, two, few, many or other."""
    return Locale("ar").plural_form(n)


def _oblique(dual: str, case: Case) -> str:
    if case == "nominative" or not dual.endswith("ان"):
        return dual
    return dual.removesuffix("ان") + "ين"


_SHADDA_FATHA = "\u064e\u0651"


def _unambiguous_dual(noun: Noun, case: Case) -> str:
    """The dual as a reader cannot take it for a plural.

    An oblique dual of a nisba noun is spelt like its sound plural (عسكريين: two soldiers, or
    soldiers), so it is vowelled and followed by the number: «عسكريَّين اثنين».
    """
    dual = _oblique(noun.dual, case)
    if dual != noun.plural:
        return dual
    two = "اثنتين" if noun.gender == "f" else "اثنين"
    return f"{noun.singular}{_SHADDA_FATHA}ين {two}"


def _with_adjective(n: int, noun: Noun, adjective: Adjective, case: Case) -> str:
    feminine = noun.gender == "f"
    category = plural_category(n)
    if category == "two":
        return _oblique(adjective.dual_feminine if feminine else adjective.dual_masculine, case)
    if category == "few":
        return adjective.human_plural if noun.human and not feminine else adjective.feminine
    if category == "many" or (category == "one" and case == "accusative"):
        return adjective.feminine_accusative if feminine else adjective.masculine_accusative
    return adjective.feminine if feminine else adjective.masculine


def count_phrase(
    n: int,
    noun: str,
    digits: Digits = "western",
    case: Case = "nominative",
    adjective: str | None = None,
) -> str:
    """A number with its counted noun (a key of `NOUNS`), in CLDR's Arabic plural categories.

    one → «هجوم واحد»; two → the dual alone («هجومان»); few → number + plural («3 هجمات»);
    many → number + tanween singular («11 هجوماً»); other → number + singular («100 هجوم»,
    «101 هجوم», as CLDR has it). `case` is the case of the whole phrase in its sentence. With
    a written number only the one and two forms change: after 3–10 the noun is genitive by
    iḍāfa, after 11–99 an accusative tamyīz, after 100 genitive, whatever the number's own case.
    So «أسفرت عن اعتقال شخصين» (genitive), «شنّت هجوماً واحداً» (accusative).
    `adjective` (a key of `ADJECTIVES`) is agreed with the noun: «11 هجوماً مؤكداً».
    Zero has no counted form here (the caller writes a «لم …» sentence): it raises ValueError.
    """
    if n <= 0:
        raise ValueError(f"count_phrase needs a positive count, not {n}; write a «لم …» sentence")
    forms = NOUNS[noun]
    category = plural_category(n)
    number = format_number(n, digits)
    if category == "one":
        one = "واحد" if forms.gender == "m" else "واحدة"
        if case == "accusative":
            phrase = f"{forms.accusative} {one}{_TANWEEN[forms.gender]}"
        else:
            phrase = f"{forms.singular} {one}"
    elif category == "two":
        phrase = _unambiguous_dual(forms, case)
    elif category == "few":
        phrase = f"{number} {forms.plural}"
    elif category == "many":
        phrase = f"{number} {forms.accusative}"
    else:
        phrase = f"{number} {forms.singular}"
    if adjective is None:
        return phrase
    agreed = _with_adjective(n, forms, ADJECTIVES[adjective], case)
    if category == "one":
        head, one = phrase.rsplit(" ", 1)
        return f"{head} {agreed} {one}"
    return f"{phrase} {agreed}"


@dataclass(frozen=True)
class Verb:
    """A past-tense verb in the forms it takes after (never before) a counted subject."""

    masculine: str
    feminine: str
    dual_masculine: str
    dual_feminine: str
    human_plural: str


VERBS: dict[str, Verb] = {
    "أسفر": Verb("أسفر", "أسفرت", "أسفرا", "أسفرتا", "أسفروا"),
    "يدخل": Verb("يدخل", "تدخل", "يدخلان", "تدخلان", "يدخلون"),
}


def verb_before(masculine: str, feminine: str, n: int, noun: str) -> str:
    """A verb placed before a counted subject: singular, agreeing in gender with what is counted
    («سُجّل هجومان», «سُجّل 11 هجوماً»), but feminine before a non-human plural
    («سُجّلت 3 هجمات»)."""
    counted = NOUNS[noun]
    plural = plural_category(n) == "few" and not counted.human
    return feminine if counted.gender == "f" or plural else masculine


def agreeing_verb(verb: str, n: int, noun: str) -> str:
    """`verb` agreed with a subject of `n` × `noun` that precedes it («11 هجوماً … أسفرت»).

    Non-human plurals take the feminine singular; a masculine human plural the plural.
    """
    forms, counted = VERBS[verb], NOUNS[noun]
    feminine = counted.gender == "f"
    category = plural_category(n)
    if category == "one":
        return forms.feminine if feminine else forms.masculine
    if category == "two":
        return forms.dual_feminine if feminine else forms.dual_masculine
    return forms.human_plural if counted.human and not feminine else forms.feminine


_MASCULINE_NAMES = frozenset({"العراق", "الأردن", "لبنان", "السودان", "المغرب", "اليمن"})

GENDERS: dict[str, Gender] = {
    **dict.fromkeys(_MASCULINE_NAMES, "m"),
    "قسد": "f",
    "الأسايش": "f",
    "الأمم المتحدة": "f",
    "داعش": "m",
}
"""The shipped actor lexicon: names whose gender no rule of `name_gender` finds. Editors extend
or override it with inputs/actors.yaml (records.Project.genders)."""

_FEMININE_FIRST_WORDS = frozenset({"قوات", "قوى", "وزارة"})
_MASCULINE_FIRST_WORDS = frozenset({"التحالف", "مجلس", "جيش"})
_NEXT_ACTOR = re.compile(r"\s+و(?=\S)")


_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def _country_names() -> frozenset[str]:
    """Arabic country names (CLDR via Babel): feminine unless the lexicon says otherwise."""
    territories = Locale("ar").territories
    return frozenset(
        _MARKS.sub("", name)
        for code, name in territories.items()
        if not code.isdigit() and code not in _NOT_COUNTRIES
    )


def name_gender(name: str, default: Gender, genders: Mapping[str, Gender] | None = None) -> Gender:
    """The grammatical gender of a country, authority or force, for a verb placed before it.

    The first actor named decides («قطر والولايات المتحدة» → that of قطر). In order: the editors'
    `genders` (inputs/actors.yaml), the shipped `GENDERS`; names starting قوات/قوى/وزارة are
    feminine and التحالف/مجلس/جيش masculine; country names are feminine; a first word ending in
    ة or ات (هيئة، الولايات) or a one-word name ending in ا is feminine. Anything else takes
    `default`.
    """
    name = " ".join(_MARKS.sub("", clean_bidi(name)).split())
    first_actor = _NEXT_ACTOR.split(name, maxsplit=1)[0]
    lexicon = {**GENDERS, **(genders or {})}
    for candidate in (name, first_actor):
        if candidate in lexicon:
            return lexicon[candidate]
    words = first_actor.split()
    first = words[0] if words else ""
    if first in _FEMININE_FIRST_WORDS:
        return "f"
    if first in _MASCULINE_FIRST_WORDS:
        return "m"
    if first_actor in _country_names():
        return "f"
    if first.endswith(("ة", "ات")) or (len(words) == 1 and first.endswith("ا")):
        return "f"
    return default
