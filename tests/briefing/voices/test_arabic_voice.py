"""The Arabic voice's sentences, exact, for 0, 1, 2, 3, 11 and 100 of each counted thing.

Each test states a month's figures; the adapters below make the month of records that has them,
take it through the model and the facts, and ask the Arabic voice for the sentence."""

import pytest
from markupsafe import Markup

from reportgen.briefing.facts import Comparison
from reportgen.input.records import Sanction
from tests.briefing.months import (
    DAY,
    arabic,
    attacks_month,
    camp,
    facts_of,
    month_record,
    raids_month,
    said,
)

REGION = "شمال وشرق سوريا"


def attacks_bullet(month, confirmed, previous_month=None, previous=None, region=REGION,
                   digits="western"):  # fmt: skip
    attacks, _ = attacks_month(confirmed)
    facts = facts_of(month_record(attacks, key=month), previous, previous_month)
    return said(arabic(digits=digits, region=region).attacks_bullet(facts.attacks))


def casualties_bullet(confirmed, mk, mw, ck, cw, digits="western"):
    attacks, casualties = attacks_month(confirmed, toll=(mk, mw, ck, cw))
    facts = facts_of(month_record(attacks, casualties=casualties))
    return said(arabic(digits=digits).casualties_bullet(facts.attacks))


def raids_bullet(raids, detained, isis_killed, roles=(), digits="western"):
    records, casualties = raids_month(raids, detained, isis_killed, roles)
    facts = facts_of(month_record(raids=records, casualties=casualties))
    return said(arabic(digits=digits).raids_bullet(facts.raids))


def _sanctions(authority, target, target_type, reason=None, first=True, same_authority=False):
    sanction = Sanction(DAY, authority, target, target_type, reason)
    before = Sanction(DAY, authority if same_authority else "جهة أخرى", "هدف", "person")
    records = [sanction] if first else [before, sanction]
    return facts_of(month_record(sanctions=records)).sanctions[-1]


def sanction_bullet(authority, target, target_type, reason=None, digits="western", genders=None):
    fact = _sanctions(authority, target, target_type, reason)
    return said(arabic(digits=digits, genders=genders).sanction_bullet(fact))


def sanctions_paragraph(month, authority, target, target_type, reason=None, digits="western",
                        *, first=True, same_authority=False, genders=None):  # fmt: skip
    fact = _sanctions(authority, target, target_type, reason, first, same_authority)
    return said(arabic(digits=digits, genders=genders).sanction_paragraph(fact, month))


def repatriation_bullet(country, people, camp_name, digits="western", genders=None):
    record = camp(camp_name, repatriations=[(country, people)])
    fact = facts_of(month_record(camps=[record])).repatriations[0]
    return said(arabic(digits=digits, genders=genders).repatriation_bullet(fact))


def attacks_paragraph(month, confirmed, unconfirmed, mk, mw, ck, cw, by_governorate=(),
                      claimed=0, region=REGION, digits="western"):  # fmt: skip
    attacks, casualties = attacks_month(
        confirmed, unconfirmed, (mk, mw, ck, cw), by_governorate, claimed
    )
    facts = facts_of(month_record(attacks, casualties=casualties, key=month))
    return said(arabic(digits=digits, region=region).attacks_paragraph(facts.attacks))


def unconfirmed_note(unconfirmed, mk=0, mw=0, ck=0, cw=0, digits="western"):
    attacks, casualties = attacks_month(0, unconfirmed, unconfirmed_toll=(mk, mw, ck, cw))
    facts = facts_of(month_record(attacks, casualties=casualties))
    return said(arabic(digits=digits).unconfirmed_note(facts.attacks))


def raids_paragraph(raids, detained, forces=(), notable_detained=(), isis_killed=0,
                    killed_roles=(), digits="western", tolls=(0, 0, 0, 0),
                    genders=None):  # fmt: skip
    records, casualties = raids_month(
        raids, detained, isis_killed, killed_roles, forces, notable_detained, tolls
    )
    facts = facts_of(month_record(raids=records, casualties=casualties))
    return said(arabic(digits=digits, genders=genders).raids_paragraph(facts.raids))


def camps_paragraph(name, total, iraqi=None, syrian=None, foreign=None, repatriations=(),
                    digits="western", genders=None):  # fmt: skip
    record = camp(name, total, iraqi, syrian, foreign, repatriations)
    fact = facts_of(month_record(camps=[record])).camps[0]
    return said(arabic(digits=digits, genders=genders).camp_paragraph(fact))


def change_phrase(current, previous, digits="western"):
    known = previous is not None
    comparison = Comparison(current, previous, "2023-10" if known else None)
    return said(arabic(digits=digits).change_note(comparison))


def month_reference(month, other, digits="western"):
    return arabic(digits=digits).month_reference(month, other)


def counting_rule():
    return arabic().counting_rule()


def camp_name(name):
    return said(arabic().camp(name))


def condensed_attacks_note(shown, rest, eligible=None, digits="western"):
    eligible = shown if eligible is None else eligible
    return said(arabic(digits=digits).condensed_attacks_note(shown, rest, eligible))


def condensed_raids_note(shown, rest, eligible=None, digits="western"):
    eligible = shown if eligible is None else eligible
    return said(arabic(digits=digits).condensed_raids_note(shown, rest, eligible))


WHERE = "لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر تشرين الثاني (نوفمبر)"
LAST = "الشهر الماضي تشرين الأول (أكتوبر)"
ZAKAT = "أمير الزكاة العراقي في التنظيم"


def test_attacks_bullet_for_the_example_month():
    assert attacks_bullet("2023-11", 11, "2023-10", 17) == (
        f"تم تأكيد 11 هجوماً {WHERE}، وهو أقل من {LAST} الذي سُجّل فيه 17 هجوماً."
    )


@pytest.mark.parametrize(
    ("confirmed", "previous", "expected"),
    [
        (11, 5, f"تم تأكيد 11 هجوماً {WHERE}، وهو أكثر من {LAST} الذي سُجّلت فيه 5 هجمات."),
        (11, 1, f"تم تأكيد 11 هجوماً {WHERE}، وهو أكثر من {LAST} الذي سُجّل فيه هجوم واحد."),
        (11, 2, f"تم تأكيد 11 هجوماً {WHERE}، وهو أكثر من {LAST} الذي سُجّل فيه هجومان."),
        (2, 3, f"تم تأكيد هجومين {WHERE}، وهو أقل من {LAST} الذي سُجّلت فيه 3 هجمات."),
        (11, 11, f"تم تأكيد 11 هجوماً {WHERE}، وهو العدد نفسه المسجل في {LAST}."),
        (1, 3, f"تم تأكيد هجوم واحد {WHERE}، وهو أقل من {LAST} الذي سُجّلت فيه 3 هجمات."),
        (1, 11, f"تم تأكيد هجوم واحد {WHERE}، وهو أقل من {LAST} الذي سُجّل فيه 11 هجوماً."),
        (2, 2, f"تم تأكيد هجومين {WHERE}، وهو العدد نفسه المسجل في {LAST}."),
        (3, 0, f"تم تأكيد 3 هجمات {WHERE}، وهو أكثر من {LAST} الذي لم تُسجَّل فيه أي هجمات."),
        (0, 17, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد 17 هجوماً في {LAST}."),
        (0, 2, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد هجومين في {LAST}."),
        (0, 1, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد هجوم واحد في {LAST}."),
        (0, 0, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، كما في {LAST}."),
    ],
)
def test_attacks_bullet_comparisons(confirmed, previous, expected):
    assert attacks_bullet("2023-11", confirmed, "2023-10", previous) == expected


def test_attacks_bullet_without_a_previous_month():
    assert attacks_bullet("2023-11", 11, None, None) == f"تم تأكيد 11 هجوماً {WHERE}."
    assert attacks_bullet("2023-11", 0, None, None) == f"لم تُسجَّل أي هجمات مؤكدة {WHERE}."


def test_attacks_bullet_names_a_month_that_is_not_the_one_before():
    assert attacks_bullet("2023-11", 11, "2023-08", 17).endswith(
        "، وهو أقل من شهر آب (أغسطس) الذي سُجّل فيه 17 هجوماً."
    )
    assert month_reference("2024-01", "2023-12") == "الشهر الماضي كانون الأول (ديسمبر)"
    assert month_reference("2024-02", "2023-11", "arabic_indic") == (
        "شهر تشرين الثاني (نوفمبر) ٢٠٢٣"
    )


def test_attacks_bullet_in_arabic_indic_digits():
    assert attacks_bullet("2023-11", 11, "2023-10", 17, digits="arabic_indic") == (
        f"تم تأكيد ١١ هجوماً {WHERE}، وهو أقل من {LAST} الذي سُجّل فيه ١٧ هجوماً."
    )


def test_attacks_bullet_escapes_the_region():
    bullet = attacks_bullet("2023-11", 1, None, None, region="<b>NES</b>")
    assert "<b>" not in bullet
    assert '&lt;<span dir="ltr">b</span>&gt;<span dir="ltr">NES</span>' in bullet


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        ((4, 5, 0, 7), "خلال هذه الهجمات قُتل 4 عسكريين وأصيب 5 آخرون، كما أصيب 7 مدنيين."),
        ((4, 5, 0, 0), "خلال هذه الهجمات قُتل 4 عسكريين وأصيب 5 آخرون."),
        ((0, 0, 2, 1), "خلال هذه الهجمات قُتل مدنيان وأصيب آخر."),
        ((3, 0, 0, 0), "خلال هذه الهجمات قُتل 3 عسكريين."),
        ((0, 12, 0, 0), "خلال هذه الهجمات أصيب 12 عسكرياً."),
        ((1, 2, 1, 11),
         "خلال هذه الهجمات قُتل عسكري واحد وأصيب آخران، كما قُتل مدني واحد وأصيب 11 آخرون."),
        ((0, 1, 0, 1), "خلال هذه الهجمات أصيب عسكري واحد، كما أصيب مدني واحد."),
    ],
)  # fmt: skip
def test_casualties_bullet(figures, expected):
    assert casualties_bullet(11, *figures) == expected


@pytest.mark.parametrize(
    ("attacks", "figures", "expected"),
    [
        (1, (2, 0, 0, 0), "خلال هذا الهجوم قُتل عسكريان."),
        (2, (2, 1, 0, 0), "خلال هذين الهجومين قُتل عسكريان وأصيب آخر."),
        (3, (2, 1, 0, 0), "خلال هذه الهجمات قُتل عسكريان وأصيب آخر."),
        (11, (1, 1, 0, 0), "خلال هذه الهجمات قُتل عسكري واحد وأصيب آخر."),
        (2, (0, 2, 0, 0), "خلال هذين الهجومين أصيب عسكريان."),
        (3, (0, 3, 0, 2), "خلال هذه الهجمات أصيب 3 عسكريين، كما أصيب مدنيان."),
        (3, (0, 0, 11, 3), "خلال هذه الهجمات قُتل 11 مدنياً وأصيب 3 آخرون."),
        (3, (0, 0, 1, 2), "خلال هذه الهجمات قُتل مدني واحد وأصيب آخران."),
    ],
)
def test_casualties_bullet_agrees_with_the_number_of_attacks(attacks, figures, expected):
    assert casualties_bullet(attacks, *figures) == expected


def test_casualties_bullet_without_casualties_or_attacks_is_none():
    assert casualties_bullet(3, 0, 0, 0, 0) is None
    assert casualties_bullet(0, 1, 0, 0, 0) is None


def test_casualties_bullet_in_arabic_indic_digits():
    assert casualties_bullet(11, 4, 5, 0, 7, "arabic_indic") == (
        "خلال هذه الهجمات قُتل ٤ عسكريين وأصيب ٥ آخرون، كما أصيب ٧ مدنيين."
    )


RAIDS = "على خلايا داعش النائمة"
TEN = f"تم تنفيذ 10 مداهمات {RAIDS}، أسفرت عن اعتقال 17 شخصاً ومقتل "


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((10, 17, 1, [ZAKAT]), f"{TEN}{ZAKAT}."),
        ((10, 17, 1, [None]), f"{TEN}أحد قياديي داعش."),
        ((10, 17, 1, [""]), f"{TEN}أحد قياديي داعش."),
        ((10, 17, 3, []), f"{TEN}3 عناصر من التنظيم."),
        ((10, 17, 4, [ZAKAT]), f"{TEN}{ZAKAT} و3 عناصر آخرين من التنظيم."),
        ((10, 17, 2, [ZAKAT]), f"{TEN}{ZAKAT} وعنصر آخر من التنظيم."),
        ((10, 17, 2, [ZAKAT, None]), f"{TEN}{ZAKAT} وأحد قياديي داعش."),
        (
            (3, 0, 2, [None, None]),
            f"تم تنفيذ 3 مداهمات {RAIDS}، أسفرت عن مقتل اثنين من قياديي داعش.",
        ),
        ((1, 1, 0, []), f"تم تنفيذ مداهمة واحدة {RAIDS}، أسفرت عن اعتقال شخص واحد."),
        ((2, 2, 0, []), f"تم تنفيذ مداهمتين {RAIDS}، أسفرتا عن اعتقال شخصين."),
        ((4, 0, 0, []), f"تم تنفيذ 4 مداهمات {RAIDS}، دون تسجيل اعتقالات."),
        ((0, 0, 0, []), f"لم تُنفَّذ أي مداهمات {RAIDS} خلال هذا الشهر."),
    ],
)
def test_raids_bullet(args, expected):
    assert raids_bullet(*args) == expected


def test_raids_bullet_escapes_roles_and_converts_digits():
    bullet = raids_bullet(10, 17, 1, ["قيادي <تجريبي>"], "arabic_indic")
    assert bullet == (
        f"تم تنفيذ ١٠ مداهمات {RAIDS}، أسفرت عن اعتقال ١٧ شخصاً ومقتل قيادي &lt;تجريبي&gt;."
    )


def test_sanction_bullet():
    assert sanction_bullet(
        "وزارة الخزانة الأمريكية", "Binance لتبادل العملات الرقمية", "company", "تمويل داعش"
    ) == Markup(
        'فرضت وزارة الخزانة الأمريكية عقوبات على شركة <span dir="ltr">Binance</span>'
        " لتبادل العملات الرقمية بسبب تمويل داعش."
    )


def test_sanction_bullet_targets_and_authorities():
    assert sanction_bullet("مجلس الأمن", "أبو محمد", "person", None) == (
        "فرض مجلس الأمن عقوبات على أبو محمد."
    )
    assert sanction_bullet("الاتحاد الأوروبي", "الهلال", "organisation", "بسبب التجنيد") == (
        "فرض الاتحاد الأوروبي عقوبات على منظمة الهلال بسبب التجنيد."
    )
    assert sanction_bullet("بريطانيا", "شركة النور", "company", None) == (
        "فرضت بريطانيا عقوبات على شركة النور."
    )
    assert "<script>" not in sanction_bullet("OFAC", "<script>", "person", None)


def test_repatriation_bullet_agrees_with_the_country():
    assert repatriation_bullet("العراق", 776, "الهول") == (
        "أعاد العراق 776 من مواطنيه من مخيم الهول."
    )
    assert repatriation_bullet("فرنسا", 12, "مخيم روج") == "أعادت فرنسا 12 من مواطنيها من مخيم روج."
    assert repatriation_bullet("أستراليا", 1, "روج") == "أعادت أستراليا أحد مواطنيها من مخيم روج."
    assert repatriation_bullet("العراق", 2, "الهول", "arabic_indic") == (
        "أعاد العراق اثنين من مواطنيه من مخيم الهول."
    )
    assert repatriation_bullet("العراق", 776, "الهول", "arabic_indic") == (
        "أعاد العراق ٧٧٦ من مواطنيه من مخيم الهول."
    )


NOVEMBER = "في شهر تشرين الثاني (نوفمبر)، "
GOVERNORATES = [("دير الزور", 6), ("الحسكة", 3), ("الرقة", 2)]


def test_attacks_paragraph_for_the_example_month():
    assert attacks_paragraph("2023-11", 11, 0, 4, 5, 0, 7, GOVERNORATES, 0) == (
        f"{NOVEMBER}شنّت خلايا داعش النائمة 11 هجوماً مؤكداً في شمال وشرق سوريا، أسفرت عن مقتل"
        " 4 عسكريين وإصابة 5 آخرين، إلى جانب إصابة 7 مدنيين."
        " وتوزّعت الهجمات على دير الزور (6) والحسكة (3) والرقة (2)."
    )


def test_attacks_paragraph_claims_and_unconfirmed_attacks():
    unsorted = [("الرقة", 2), ("دير الزور", 6), ("الحسكة", 3), ("حلب", 0)]
    paragraph = attacks_paragraph("2023-11", 11, 3, 4, 5, 0, 7, unsorted, 4)
    assert paragraph.endswith(
        " وتوزّعت الهجمات على دير الزور (6) والحسكة (3) والرقة (2)."
        " وتبنّى تنظيم داعش 4 منها. وسُجّلت كذلك 3 هجمات غير مؤكدة."
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, 0, 0, 0, 0, 0, [("دير الزور", 1)], 1),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجوماً مؤكداً واحداً في شمال وشرق سوريا، دون تسجيل"
         " خسائر بشرية. ووقع الهجوم في دير الزور. وتبنّى تنظيم داعش الهجوم."),
        ((2, 0, 0, 0, 1, 0, [("دير الزور", 1), ("الحسكة", 1)], 0),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجومين مؤكدين في شمال وشرق سوريا، أسفرا عن مقتل"
         " مدني واحد. ووقع أحدهما في دير الزور والآخر في الحسكة."),
        ((3, 0, 2, 0, 0, 0, [("الرقة", 3)], 3),
         f"{NOVEMBER}شنّت خلايا داعش النائمة 3 هجمات مؤكدة في شمال وشرق سوريا، أسفرت عن مقتل"
         " عسكريَّين اثنين. ووقعت جميعها في الرقة. وتبنّى تنظيم داعش جميع هذه الهجمات."),
        ((0, 2, 0, 0, 0, 0, [], 0),
         f"{NOVEMBER}لم تُسجَّل أي هجمات مؤكدة لخلايا داعش النائمة في شمال وشرق سوريا."
         " وسُجّل هجومان غير مؤكدين."),
        ((2, 1, 2, 2, 0, 0, [("دير الزور", 2)], 1),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجومين مؤكدين في شمال وشرق سوريا، أسفرا عن مقتل"
         " عسكريَّين اثنين وإصابة اثنين آخرين. ووقع الهجومان في دير الزور. وتبنّى تنظيم داعش"
         " أحدَهما. وسُجّل كذلك هجوم غير مؤكد واحد."),
        ((2, 0, 0, 0, 2, 2, [("الرقة", 1), ("الحسكة", 1)], 2),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجومين مؤكدين في شمال وشرق سوريا، أسفرا عن مقتل"
         " مدنيَّين اثنين وإصابة اثنين آخرين. ووقع أحدهما في الرقة والآخر في الحسكة."
         " وتبنّى تنظيم داعش الهجومين."),
        ((3, 11, 0, 1, 0, 0, [("الرقة", 1), ("الحسكة", 1), ("دير الزور", 1)], 1),
         f"{NOVEMBER}شنّت خلايا داعش النائمة 3 هجمات مؤكدة في شمال وشرق سوريا، أسفرت عن إصابة"
         " عسكري واحد. وتوزّعت الهجمات على الرقة (1) والحسكة (1) ودير الزور (1)."
         " وتبنّى تنظيم داعش واحداً منها. وسُجّل كذلك 11 هجوماً غير مؤكد."),
        ((11, 3, 11, 0, 0, 0, [("الرقة", 11)], 2),
         f"{NOVEMBER}شنّت خلايا داعش النائمة 11 هجوماً مؤكداً في شمال وشرق سوريا، أسفرت عن"
         " مقتل 11 عسكرياً. ووقعت جميعها في الرقة. وتبنّى تنظيم داعش اثنين منها."
         " وسُجّلت كذلك 3 هجمات غير مؤكدة."),
    ],
)  # fmt: skip
def test_attacks_paragraph_agreement(args, expected):
    assert attacks_paragraph("2023-11", *args) == expected


def test_attacks_paragraph_in_arabic_indic_digits():
    paragraph = attacks_paragraph(
        "2023-11", 11, 0, 4, 5, 0, 7, GOVERNORATES, 0, digits="arabic_indic"
    )
    assert "١١ هجوماً مؤكداً" in paragraph
    assert "دير الزور (٦)" in paragraph


FORCES = ["قوات سوريا الديمقراطية", "الأسايش"]


def test_raids_paragraph():
    notable = [("محمد صخر البكر", "المنسق الرئيسي لعملية الهروب"), ("محمد محمود حمادة", None)]
    forces = [*FORCES, "التحالف الدولي"]
    assert raids_paragraph(10, 17, forces, notable, 1, [ZAKAT]) == (
        "نفّذت قوات سوريا الديمقراطية والأسايش في هذا الشهر 10 مداهمات على خلايا داعش"
        " النائمة بمشاركة التحالف الدولي، أسفرت عن اعتقال 17 شخصاً ومقتل"
        f" {ZAKAT}. ومن أبرز المعتقلين:"
        " محمد صخر البكر (المنسق الرئيسي لعملية الهروب) ومحمد محمود حمادة."
    )


@pytest.mark.parametrize(
    ("raids", "tolls", "expected"),
    [
        (1, (1, 0, 0, 0), "وخلال هذه المداهمة قُتل عسكري واحد."),
        (2, (2, 0, 0, 0), "وخلال هاتين المداهمتين قُتل عسكريان."),
        (3, (0, 3, 0, 0), "وخلال هذه المداهمات أصيب 3 عسكريين."),
        (11, (0, 0, 11, 2), "وخلال هذه المداهمات قُتل 11 مدنياً وأصيب آخران."),
        (3, (1, 0, 0, 1), "وخلال هذه المداهمات قُتل عسكري واحد، كما أصيب مدني واحد."),
    ],
)
def test_raids_paragraph_tells_the_raids_own_casualties(raids, tolls, expected):
    paragraph = raids_paragraph(raids, 0, ["قوى الأمن الداخلي"], tolls=tolls)
    assert paragraph.endswith(f"دون تسجيل اعتقالات. {expected}")


@pytest.mark.parametrize(
    ("forces", "opening"),
    [
        (["قسد"], "نفّذت قسد"),
        (["قوى الأمن الداخلي"], "نفّذت قوى الأمن الداخلي"),
        (["جيش الثوار", "قسد"], "نفّذ جيش الثوار وقسد"),
        (["مجلس دير الزور العسكري"], "نفّذ مجلس دير الزور العسكري"),
        (["التحالف الدولي"], "نفّذ التحالف الدولي"),
    ],
)
def test_raids_paragraph_verb_agrees_with_the_first_force(forces, opening):
    assert raids_paragraph(2, 2, forces).startswith(f"{opening} في هذا الشهر مداهمتين")


def test_raids_paragraph_reads_the_editors_lexicon():
    assert raids_paragraph(1, 1, ["حرس الحدود"], genders={"حرس الحدود": "f"}).startswith(
        "نفّذت حرس الحدود في هذا الشهر مداهمةً واحدةً"
    )


def test_raids_paragraph_drops_the_full_stop_of_roles():
    paragraph = raids_paragraph(1, 1, [], [("أبو محمد", "مسؤول مالي.")], 1, ["أمير الزكاة."])
    assert paragraph == (
        "نُفّذت في هذا الشهر مداهمة واحدة على خلايا داعش النائمة، أسفرت عن اعتقال شخص واحد"
        " ومقتل أمير الزكاة. ومن أبرز المعتقلين: أبو محمد (مسؤول مالي)."
    )


def test_raids_paragraph_leaves_a_long_list_of_detainees_to_the_table():
    notable = [(f"قيادي {i}", None) for i in range(1, 6)]
    assert raids_paragraph(10, 17, FORCES, notable).endswith(
        "ومن أبرز المعتقلين: قيادي 1 وقيادي 2 وقيادي 3؛ والقائمة كاملة في الجدول أدناه."
    )


def _two_raids_by(first: tuple[str, ...], second: tuple[str, ...]):
    from reportgen.input.records import Raid

    raids = [Raid(f"r{i}", DAY, "deir_ez_zor", forces=forces, detained=1)
             for i, forces in enumerate((first, second), 1)]  # fmt: skip
    return facts_of(month_record(raids=raids)).raids


TWO_RAIDS = "نُفّذت في هذا الشهر مداهمتان على خلايا داعش النائمة، أسفرتا عن اعتقال شخصين."


@pytest.mark.parametrize(
    ("first", "second", "forces"),
    [
        (("قسد",), ("الأسايش",), "ونفّذت قسد إحداهما، والأسايش الأخرى."),
        (
            ("قسد", "قوى الأمن الداخلي"),
            ("التحالف الدولي",),
            "وشاركت قسد في إحداهما، وقوى الأمن الداخلي في المداهمة نفسها، والتحالف الدولي في"
            " الأخرى.",
        ),
        (("قسد", "الأسايش"), ("قسد",), "وشاركت قسد في كلتيهما، والأسايش في إحداهما."),
        (
            ("قسد", "التحالف الدولي"),
            ("قسد",),
            "ونفّذت قسد كلتيهما (إحداهما بمشاركة التحالف الدولي).",
        ),
        (("التحالف الدولي",), ("قسد",), "ونفّذ التحالف الدولي إحداهما، وقسد الأخرى."),
    ],
)
def test_two_raids_say_which_force_had_which(first, second, forces):
    """Forces that led one raid together share it: «the other» belongs to a different raid."""
    assert said(arabic().raids_paragraph(_two_raids_by(first, second))) == f"{TWO_RAIDS} {forces}"


def test_raids_paragraph_verb_agreement():
    assert raids_paragraph(1, 2, ["التحالف الدولي"]) == (
        "نفّذ التحالف الدولي في هذا الشهر مداهمةً واحدةً على خلايا داعش النائمة،"
        " أسفرت عن اعتقال شخصين."
    )
    assert raids_paragraph(2, 11) == (
        "نُفّذت في هذا الشهر مداهمتان على خلايا داعش النائمة، أسفرتا عن اعتقال 11 شخصاً."
    )
    assert raids_paragraph(0, 0) == "لم تُنفَّذ في هذا الشهر أي مداهمات على خلايا داعش النائمة."
    three = ["قوات مكافحة الإرهاب", "الأسايش", "Coalition"]
    assert raids_paragraph(3, 0, three).startswith(
        'نفّذت قوات مكافحة الإرهاب والأسايش و<span dir="ltr">Coalition</span> في هذا الشهر 3 مداهمات'
    )


def test_camps_paragraph_for_the_example_month():
    assert camps_paragraph("مخيم الهول", 49432, 24147, 18028, 7257, [("العراق", 776)]) == (
        "يبلغ عدد سكان مخيم الهول 49,432 نسمةً، منهم 24,147 عراقياً و18,028 سورياً و7,257"
        " أجنبياً من بلدان أخرى. وخلال هذا الشهر، أعاد العراق 776 من مواطنيه من المخيم."
    )


def test_camps_paragraph_partial_figures():
    assert camps_paragraph("الهول", 49432, None, None, None, [], "arabic_indic") == (
        "يبلغ عدد سكان مخيم الهول ٤٩٬٤٣٢ نسمةً."
    )
    assert camps_paragraph("روج", None, repatriations=[("العراق", 5), ("فرنسا", 2)]) == (
        "خلال هذا الشهر، أعاد العراق 5 من مواطنيه من مخيم روج، وأعادت فرنسا اثنين من مواطنيها."
    )
    assert camps_paragraph("الهول", 3000, 2, None, 1) == (
        "يبلغ عدد سكان مخيم الهول 3,000 نسمة، منهم عراقيان وأجنبي واحد من بلدان أخرى."
    )
    assert camps_paragraph("الهول", None) is None


def test_sanctions_paragraph():
    args = ("2023-11", "وزارة الخزانة الأمريكية", "Binance", "company", "تمويل داعش")
    assert sanctions_paragraph(*args) == Markup(
        "في شهر تشرين الثاني (نوفمبر)، فرضت وزارة الخزانة الأمريكية عقوبات على شركة"
        ' <span dir="ltr">Binance</span> بسبب تمويل داعش.'
    )
    assert sanctions_paragraph(*args, first=False).startswith("كما فرضت وزارة الخزانة")


def test_sanctions_paragraphs_for_one_and_several_sanctions():
    one = sanctions_paragraph("2023-11", "قطر", "الهدى", "company", "تمويل داعش.")
    assert one == "في شهر تشرين الثاني (نوفمبر)، فرضت قطر عقوبات على شركة الهدى بسبب تمويل داعش."
    second = sanctions_paragraph("2023-11", "مجلس الأمن", "أبو علي", "person", first=False)
    assert second == "كما فرض مجلس الأمن عقوبات على أبو علي."
    again = sanctions_paragraph(
        "2023-11", "قطر", "النور", "organisation", None, first=False, same_authority=True
    )
    assert again == "وفرضت قطر أيضاً عقوبات على منظمة النور."


@pytest.mark.parametrize(
    ("authority", "verb"),
    [("قطر", "فرضت"), ("العراق", "فرض"), ("قوى الأمن الداخلي", "فرضت"), ("مجلس الأمن", "فرض"),
     ("التحالف الدولي", "فرض"), ("وزارة الخزانة الأمريكية", "فرضت"),
     ("قطر والولايات المتحدة", "فرضت")],
)  # fmt: skip
def test_sanction_verb_agrees_with_the_first_authority(authority, verb):
    assert sanction_bullet(authority, "شركة النور", "company") == (
        f"{verb} {authority} عقوبات على شركة النور."
    )


def test_sanction_reason_ending_in_a_full_stop_gives_one_stop():
    bullet = sanction_bullet("قطر", "شركة النور.", "company", " تمويل داعش. ")
    assert bullet == "فرضت قطر عقوبات على شركة النور بسبب تمويل داعش."
    assert sanction_bullet("قطر", "شركة النور.", "company") == "فرضت قطر عقوبات على شركة النور."


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1,), "هجوم واحد لم تتأكد نسبته إلى خلايا داعش، ولا يدخل في الأرقام أعلاه."),
        ((1, 0, 0, 2, 0),
         "هجوم واحد لم تتأكد نسبته إلى خلايا داعش، ولا يدخل في الأرقام أعلاه، وقد أسفر عن"
         " مقتل مدنيَّين اثنين."),
        ((2, 1, 2),
         "هجومان لم تتأكد نسبتهما إلى خلايا داعش، ولا يدخلان في الأرقام أعلاه، وقد أسفرا عن"
         " مقتل عسكري واحد وإصابة اثنين آخرين."),
        ((3, 0, 0, 3, 1),
         "3 هجمات لم تتأكد نسبتها إلى خلايا داعش، ولا تدخل في الأرقام أعلاه، وقد أسفرت عن"
         " مقتل 3 مدنيين وإصابة آخر."),
        ((11, 0, 11, 0, 1),
         "11 هجوماً لم تتأكد نسبتها إلى خلايا داعش، ولا تدخل في الأرقام أعلاه، وقد أسفرت عن"
         " إصابة 11 عسكرياً، إلى جانب إصابة مدني واحد."),
    ],
)  # fmt: skip
def test_unconfirmed_note(args, expected):
    assert unconfirmed_note(*args) == expected


def test_unconfirmed_note_without_unconfirmed_attacks_is_none():
    assert unconfirmed_note(0) is None


def test_counting_rule_is_one_sentence():
    rule = counting_rule()
    assert rule.count(".") == 1 and rule.endswith(".")
    assert "الهجمات المؤكدة وحدها" in rule
    assert "من لم تُحدَّد صفتهم" in rule and "ولا تشمل عناصر التنظيم" in rule


def test_change_phrase():
    assert change_phrase(11, 17) == "انخفاض 6 (35%) عن الشهر الماضي"
    assert change_phrase(23, 17, "arabic_indic") == "ارتفاع ٦ (٣٥٪) عن الشهر الماضي"
    assert change_phrase(3, 0) == "ارتفاع 3 عن الشهر الماضي"
    assert change_phrase(1, 2) == "انخفاض 1 (50%) عن الشهر الماضي"
    assert change_phrase(9, 8) == "ارتفاع 1 (13%) عن الشهر الماضي"
    assert change_phrase(7, 8, "arabic_indic") == "انخفاض ١ (١٣٪) عن الشهر الماضي"
    assert change_phrase(5, 5) == "دون تغيير عن الشهر الماضي"
    assert change_phrase(5, None) is None


@pytest.mark.parametrize(
    ("groups", "with_total", "without_total"),
    [
        ((1, 0, 0), "منهم عراقي واحد.", "يضم مخيم الهول عراقياً واحداً."),
        ((2, 0, 0), "منهم عراقيان.", "يضم مخيم الهول عراقيَّين اثنين."),
        ((0, 3, 0), "منهم 3 سوريين.", "يضم مخيم الهول 3 سوريين."),
        ((0, 0, 11), "منهم 11 أجنبياً من بلدان أخرى.", "يضم مخيم الهول 11 أجنبياً من بلدان أخرى."),
        ((1, 2, 0), "منهم عراقي واحد وسوريان.", "يضم مخيم الهول عراقياً واحداً وسوريَّين اثنين."),
    ],
)
def test_camps_paragraph_counts(groups, with_total, without_total):
    assert camps_paragraph("الهول", 5000, *(g or None for g in groups)) == (
        f"يبلغ عدد سكان مخيم الهول 5,000 نسمة، {with_total}"
    )
    assert camps_paragraph("الهول", None, *(g or None for g in groups)) == without_total


def test_camp_name_always_says_camp():
    assert camp_name("الهول") == "مخيم الهول"
    assert camp_name(" مخيم روج ") == "مخيم روج"


# --- a busy month's tables in print ---------------------------------------------------------

FULL_ATTACKS = "والقائمة الكاملة في النسخة الإلكترونية من التقرير."
PRINT_ONLY = "لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على"


@pytest.mark.parametrize(
    ("shown", "rest", "expected"),
    [
        (
            1,
            1,
            f"{PRINT_ONLY} هجوم واحد أسفر عن قتلى أو جرحى أو تبنّاه التنظيم، ويلخّص الجدول الذي"
            " يليه هجوماً آخر واحداً حسب المحافظة ونوع الهجوم.",
        ),
        (
            2,
            2,
            f"{PRINT_ONLY} هجومين أسفرا عن قتلى أو جرحى أو تبنّاهما التنظيم، ويلخّص الجدول الذي"
            " يليه هجومين آخرين حسب المحافظة ونوع الهجوم.",
        ),
        (
            490,
            410,
            f"{PRINT_ONLY} 490 هجوماً أسفرت عن قتلى أو جرحى أو تبنّاها التنظيم، ويلخّص الجدول"
            " الذي يليه 410 هجمات أخرى حسب المحافظة ونوع الهجوم.",
        ),
        (
            3,
            11,
            f"{PRINT_ONLY} 3 هجمات أسفرت عن قتلى أو جرحى أو تبنّاها التنظيم، ويلخّص الجدول الذي"
            " يليه 11 هجوماً آخر حسب المحافظة ونوع الهجوم.",
        ),
        (5, 0, f"{PRINT_ONLY} 5 هجمات أسفرت عن قتلى أو جرحى أو تبنّاها التنظيم."),
        (
            0,
            100,
            "لكثرة الهجمات، ولأن أياً منها لم يُسفر عن قتلى أو جرحى ولم يتبنّه التنظيم، يلخّصها"
            " الجدول التالي في النسخة المطبوعة حسب المحافظة ونوع الهجوم.",
        ),
    ],
)
def test_condensed_attacks_note_agrees_with_both_counts(shown, rest, expected):
    assert condensed_attacks_note(shown, rest) == f"{expected} {FULL_ATTACKS}"


@pytest.mark.parametrize(
    ("shown", "eligible", "listed"),
    [
        (60, 570, "60 هجوماً من بين 570 هجوماً أسفرت عن قتلى أو جرحى أو تبنّاها"),
        (1, 3, "هجوم واحد من بين 3 هجمات أسفرت عن قتلى أو جرحى أو تبنّاها"),
        (2, 3, "هجومين من بين 3 هجمات أسفرت عن قتلى أو جرحى أو تبنّاها"),
        (3, 11, "3 هجمات من بين 11 هجوماً أسفرت عن قتلى أو جرحى أو تبنّاها"),
    ],
)
def test_condensed_attacks_note_says_when_it_lists_only_the_deadliest(shown, eligible, listed):
    assert condensed_attacks_note(shown, 940, eligible) == (
        f"{PRINT_ONLY} أكثرها دمويةً: {listed} التنظيم، ويلخّص الجدول الذي يليه 940 هجوماً آخر"
        f" حسب المحافظة ونوع الهجوم. {FULL_ATTACKS}"
    )


def test_condensed_raids_note_says_when_it_lists_only_the_most_notable():
    assert condensed_raids_note(60, 240, 75) == (
        "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على أبرزها: 60 مداهمةً من بين"
        " 75 مداهمةً قُتل فيها عناصر من التنظيم أو اعتُقل فيها قياديون، ويلخّص الجدول الذي يليه"
        " 240 مداهمةً أخرى حسب المحافظة. والقائمة الكاملة في النسخة الإلكترونية من التقرير."
    )
    assert condensed_raids_note(1, 1, 2).startswith(
        "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على أبرزها: مداهمة واحدة من بين"
        " مداهمتين قُتل فيهما عناصر"
    )


def test_condensed_raids_note():
    assert condensed_raids_note(2, 298, digits="arabic_indic") == (
        "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على مداهمتين قُتل فيهما عناصر"
        " من التنظيم أو اعتُقل فيهما قياديون، ويلخّص الجدول الذي يليه ٢٩٨ مداهمةً أخرى حسب"
        " المحافظة. والقائمة الكاملة في النسخة الإلكترونية من التقرير."
    )
