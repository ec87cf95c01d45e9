import math
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from reportgen.briefing import english
from reportgen.briefing.arabic import (
    MONTHS,
    NOUNS,
    agreeing_verb,
    clean_bidi,
    count_phrase,
    format_date,
    format_day_month,
    format_number,
    format_percent,
    format_signed,
    isolate_latin,
    join_and,
    ltr,
    ltr_plain,
    month_label,
    month_name,
    name_gender,
    plural_category,
    round_half_up,
    short_month_label,
    to_digits,
    verb_before,
)
from tests.conftest import examples

COUNTS = [1, 2, 3, 10, 11, 99, 100, 101, 102, 103, 111, 1000]

EXPECTED = {
    "هجوم": [
        "هجوم واحد", "هجومان", "3 هجمات", "10 هجمات", "11 هجوماً", "99 هجوماً", "100 هجوم",
        "101 هجوم", "102 هجوم", "103 هجمات", "111 هجوماً", "1,000 هجوم",
    ],
    "مداهمة": [
        "مداهمة واحدة", "مداهمتان", "3 مداهمات", "10 مداهمات", "11 مداهمةً", "99 مداهمةً",
        "100 مداهمة", "101 مداهمة", "102 مداهمة", "103 مداهمات", "111 مداهمةً", "1,000 مداهمة",
    ],
    "شخص": [
        "شخص واحد", "شخصان", "3 أشخاص", "10 أشخاص", "11 شخصاً", "99 شخصاً", "100 شخص",
        "101 شخص", "102 شخص", "103 أشخاص", "111 شخصاً", "1,000 شخص",
    ],
    "عسكري": [
        "عسكري واحد", "عسكريان", "3 عسكريين", "10 عسكريين", "11 عسكرياً", "99 عسكرياً",
        "100 عسكري", "101 عسكري", "102 عسكري", "103 عسكريين", "111 عسكرياً", "1,000 عسكري",
    ],
    "عنصر": [
        "عنصر واحد", "عنصران", "3 عناصر", "10 عناصر", "11 عنصراً", "99 عنصراً", "100 عنصر",
        "101 عنصر", "102 عنصر", "103 عناصر", "111 عنصراً", "1,000 عنصر",
    ],
}  # fmt: skip


@pytest.mark.parametrize("noun", EXPECTED)
def test_count_phrase_follows_cldr_categories(noun):
    assert [count_phrase(n, noun) for n in COUNTS] == EXPECTED[noun]


def test_plural_categories_come_from_cldr():
    assert [plural_category(n) for n in (0, 1, 2, 3, 11, 100, 101, 102, 103, 49432)] == [
        "zero", "one", "two", "few", "many", "other", "other", "other", "few", "many",
    ]  # fmt: skip


def test_zero_is_left_to_a_negative_sentence():
    with pytest.raises(ValueError, match="لم"):
        count_phrase(0, "هجوم")


@pytest.mark.parametrize(
    ("n", "noun", "case", "expected"),
    [
        (2, "هجوم", "genitive", "هجومين"),
        (2, "شخص", "accusative", "شخصين"),
        (2, "عسكري", "genitive", "عسكريَّين اثنين"),
        (2, "مدني", "accusative", "مدنيَّين اثنين"),
        (2, "عسكري", "nominative", "عسكريان"),
        (2, "عراقي", "accusative", "عراقيَّين اثنين"),
        (2, "مداهمة", "genitive", "مداهمتين"),
        (2, "مداهمة", "nominative", "مداهمتان"),
        (1, "هجوم", "accusative", "هجوماً واحداً"),
        (1, "مداهمة", "accusative", "مداهمةً واحدةً"),
        (1, "شخص", "genitive", "شخص واحد"),
        (3, "عسكري", "nominative", "3 عسكريين"),
        (11, "شخص", "genitive", "11 شخصاً"),
        (100, "هجوم", "accusative", "100 هجوم"),
    ],
)
def test_case_changes_only_the_one_and_two_forms(n, noun, case, expected):
    assert count_phrase(n, noun, case=case) == expected


@pytest.mark.parametrize(
    ("n", "noun", "case", "expected"),
    [
        (1, "هجوم", "accusative", "هجوماً مؤكداً واحداً"),
        (1, "هجوم", "nominative", "هجوم مؤكد واحد"),
        (2, "هجوم", "accusative", "هجومين مؤكدين"),
        (2, "مداهمة", "nominative", "مداهمتان مؤكدتان"),
        (3, "هجوم", "accusative", "3 هجمات مؤكدة"),
        (11, "هجوم", "accusative", "11 هجوماً مؤكداً"),
        (11, "مداهمة", "accusative", "11 مداهمةً مؤكدةً"),
        (100, "هجوم", "accusative", "100 هجوم مؤكد"),
        (3, "عنصر", "genitive", "3 عناصر آخرين"),
        (11, "عنصر", "genitive", "11 عنصراً آخر"),
        (2, "عنصر", "genitive", "عنصرين آخرين"),
    ],
)
def test_adjectives_agree_with_the_counted_noun(n, noun, case, expected):
    adjective = "آخر" if noun == "عنصر" else "مؤكد"
    assert count_phrase(n, noun, case=case, adjective=adjective) == expected


def test_camp_figures_use_the_many_form():
    assert count_phrase(49432, "نسمة", case="accusative") == "49,432 نسمةً"
    assert count_phrase(24147, "عراقي") == "24,147 عراقياً"
    assert count_phrase(7257, "أجنبي", "arabic_indic") == "٧٬٢٥٧ أجنبياً"


def test_every_noun_has_consistent_forms():
    for noun in NOUNS.values():
        assert noun.dual.endswith("ان")
        assert noun.accusative.startswith(noun.singular)


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [(1, "هجوم", "أسفر"), (1, "مداهمة", "أسفرت"), (2, "هجوم", "أسفرا"), (2, "مداهمة", "أسفرتا"),
     (11, "هجوم", "أسفرت"), (100, "مداهمة", "أسفرت"), (3, "شخص", "أسفروا")],
)  # fmt: skip
def test_verbs_agree_with_a_preceding_subject(n, noun, expected):
    assert agreeing_verb("أسفر", n, noun) == expected


def test_month_table_pairs_levantine_and_gregorian_names():
    assert len(MONTHS) == 12
    assert MONTHS[9] == ("تشرين الأول", "أكتوبر")
    assert month_name(11) == "تشرين الثاني (نوفمبر)"
    assert month_name("2023-10") == "تشرين الأول (أكتوبر)"
    assert month_name("2024-01") == "كانون الثاني (يناير)"
    assert month_name("12") == "كانون الأول (ديسمبر)"
    with pytest.raises(ValueError):
        month_name(13)


def test_month_labels():
    assert month_label("2023-11") == "تشرين الثاني (نوفمبر) 2023"
    assert month_label("2023-11", "arabic_indic") == "تشرين الثاني (نوفمبر) ٢٠٢٣"
    assert short_month_label("2023-11") == "نوفمبر 2023"
    assert short_month_label("2024-05", "arabic_indic") == "مايو ٢٠٢٤"


def test_dates():
    assert format_date(date(2023, 11, 5)) == "2023-11-05"
    assert format_date(date(2023, 11, 5), "arabic_indic") == "٢٠٢٣-١١-٠٥"
    assert format_day_month(date(2023, 11, 14)) == "14 تشرين الثاني/نوفمبر"
    assert format_day_month(date(2023, 8, 3), "arabic_indic") == "٣ آب/أغسطس"


def test_numbers():
    assert format_number(49432) == "49,432"
    assert format_number(49432, "arabic_indic") == "٤٩٬٤٣٢"
    assert format_number(2.5, "arabic_indic") == "٢٫٥"
    assert format_number(12.0) == "12"
    assert format_number(-1234) == "-1,234"
    assert format_number(1234.567, decimals=2) == "1,234.57"


def test_signed_numbers_and_percentages():
    assert format_signed(6) == "+6"
    assert format_signed(-6) == "-6"
    assert format_signed(0) == "0"
    assert format_signed(-6, "arabic_indic") == "-٦"
    assert format_percent(35.3) == "35%"
    assert format_percent(35.3, signed=True) == "+35%"
    assert format_percent(-35.3) == "-35%"
    assert format_percent(35, "arabic_indic", signed=True) == "+٣٥٪"
    assert format_percent(0.2, signed=True) == "0%"


def test_percentages_round_half_up_as_readers_do():
    assert format_percent(1 / 8 * 100) == "13%"  # round() would print 12%
    assert format_percent(12.5, "arabic_indic") == "١٣٪"
    assert format_percent(12.5, signed=True) == "+13%"
    assert format_percent(-12.5) == "-13%"
    assert format_percent(2.5) == "3%" and format_percent(0.5) == "1%"
    assert format_percent(3 / 40 * 100) == "8%"  # 7.499999999999999 in binary
    assert format_percent(12.4999) == "12%" and format_percent(87.5) == "88%"
    assert english.percent(12.5) == "13%" and english.percent(62.5, signed=True) == "+63%"


@pytest.mark.property
@settings(max_examples=examples(200))
@given(part=st.integers(0, 10**6), whole=st.integers(1, 10**6))
def test_a_share_rounds_as_its_exact_fraction(part: int, whole: int):
    exact = Fraction(part * 100, whole)
    assert round_half_up(part / whole * 100) == math.floor(exact + Fraction(1, 2))


def test_to_digits_converts_numbers_inside_text():
    assert to_digits("2023-11-05", "arabic_indic") == "٢٠٢٣-١١-٠٥"
    assert to_digits("نحو 49,432 نسمة و3.5% و1,2", "arabic_indic") == "نحو ٤٩٬٤٣٢ نسمة و٣٫٥٪ و١,٢"
    assert to_digits("FinCEN 2019", "western") == "FinCEN 2019"


def test_ltr_escapes_and_isolates():
    assert ltr("+35%") == Markup('<span dir="ltr">+35%</span>')
    assert ltr("<b>&") == Markup('<span dir="ltr">&lt;b&gt;&amp;</span>')
    assert ltr(Markup("<i>x</i>")) == Markup('<span dir="ltr"><i>x</i></span>')
    assert ltr_plain("-6") == "\u2066-6\u2069"


def test_isolate_latin_wraps_latin_dates_signed_numbers_and_percentages():
    text = "<script>alert(1)</script> فشلت Binance في إبلاغ FinCEN قبل 2025-01-31 بزيادة +35%."
    html = str(isolate_latin(text))
    assert "<script>" not in html
    assert "&lt;" in html
    for run in ("Binance", "FinCEN", "2025-01-31", "+35%"):
        assert f'<span dir="ltr">{run}</span>' in html
    assert html.endswith("</span>.")


def test_isolate_latin_keeps_multiword_names_and_leaves_arabic_and_plain_numbers():
    assert isolate_latin("وفق بيانات RIC، قال Al-Monitor") == Markup(
        'وفق بيانات <span dir="ltr">RIC</span>، قال <span dir="ltr">Al-Monitor</span>'
    )
    assert isolate_latin("وزارة U.S. Treasury Department.") == Markup(
        'وزارة <span dir="ltr">U.S. Treasury Department</span>.'
    )
    assert isolate_latin("أعادت العراق 776 من مواطنيها") == Markup("أعادت العراق 776 من مواطنيها")
    assert isolate_latin("AT&T") == Markup('<span dir="ltr">AT&amp;T</span>')
    assert isolate_latin(None) == Markup("")


def test_isolate_latin_drops_pasted_bidi_controls():
    assert isolate_latin("\u202bشركة\u202c") == Markup("شركة")


def test_clean_bidi():
    text = "\u202bأ\u202c\u2066ب\u2069\u200bج\x00د\ufeff\u200eه"
    assert clean_bidi(text) == "أبجده"
    kept = "مُحَمَّد\u200cـــ\u200d"
    assert clean_bidi(kept) == kept


def test_join_and():
    assert join_and([]) == ""
    assert join_and(["أ"]) == "أ"
    assert join_and(["أ", "ب"]) == "أ وب"
    assert join_and(["أ", "ب", "ج"]) == "أ وب وج"
    assert join_and(["دير الزور (5)", "الحسكة (4)", "الرقة (2)"]) == (
        "دير الزور (5) والحسكة (4) والرقة (2)"
    )
    joined = join_and([isolate_latin("Binance"), "<ج>"])
    assert joined == Markup('<span dir="ltr">Binance</span> و&lt;ج&gt;')


@pytest.mark.parametrize(
    ("name", "default", "expected"),
    [
        ("العراق", "f", "m"), ("فرنسا", "f", "f"), ("السويد", "f", "f"), ("أستراليا", "m", "f"),
        ("وزارة الخزانة الأمريكية", "m", "f"), ("الولايات المتحدة", "m", "f"),
        ("مجلس الأمن", "m", "m"), ("الاتحاد الأوروبي", "m", "m"),
        ("قوات سوريا الديمقراطية", "m", "f"), ("الأسايش", "m", "f"),
        ("قسد", "m", "f"), ("قوى الأمن الداخلي", "m", "f"), ("قطر", "m", "f"),
        ("عُمان", "m", "f"), ("التحالف الدولي", "f", "m"), ("جيش الثوار", "f", "m"),
        ("مجلس دير الزور العسكري", "f", "m"), ("قطر والولايات المتحدة", "m", "f"),
        ("العراق والولايات المتحدة", "f", "m"), ("الاتحاد الأوروبي", "f", "f"),
        ("مكتب مراقبة الأصول الأجنبية", "m", "m"),
    ],
)  # fmt: skip
def test_name_gender(name, default, expected):
    assert name_gender(name, default) == expected


def test_name_gender_reads_the_editors_lexicon_first():
    genders = {"الأسايش": "m", "حرس الحدود": "f"}
    assert name_gender("الأسايش", "f", genders) == "m"
    assert name_gender("حرس الحدود", "m", genders) == "f"
    assert name_gender("حرس الحدود", "m") == "m"
    assert name_gender("حرس الحدود والتحالف الدولي", "m", genders) == "f"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "هجوم غير مؤكد واحد"), (2, "هجومان غير مؤكدين"), (3, "3 هجمات غير مؤكدة"),
     (11, "11 هجوماً غير مؤكد"), (100, "100 هجوم غير مؤكد")],
)  # fmt: skip
def test_the_adjective_after_ghair_stays_genitive(n, expected):
    assert count_phrase(n, "هجوم", adjective="غير مؤكد") == expected


@pytest.mark.parametrize(
    ("n", "noun", "expected"),
    [(1, "هجوم", "سُجّل"), (2, "هجوم", "سُجّل"), (3, "هجوم", "سُجّلت"), (11, "هجوم", "سُجّل"),
     (1, "مداهمة", "سُجّلت"), (3, "عسكري", "سُجّل")],
)  # fmt: skip
def test_verb_before_a_counted_subject(n, noun, expected):
    assert verb_before("سُجّل", "سُجّلت", n, noun) == expected
