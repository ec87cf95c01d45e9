import pytest
from markupsafe import Markup

from reportgen.narrative import (
    attacks_bullet,
    attacks_paragraph,
    camps_paragraph,
    casualties_bullet,
    change_phrase,
    month_reference,
    raids_bullet,
    raids_paragraph,
    repatriation_bullet,
    sanction_bullet,
    sanctions_paragraph,
)

WHERE = "لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر تشرين الثاني (نوفمبر)"
LAST = "الشهر الماضي تشرين الأول (أكتوبر)"
ZAKAT = "أمير الزكاة العراقي في التنظيم"


def test_attacks_bullet_for_the_example_month():
    assert attacks_bullet("2023-11", 11, "2023-10", 17) == (
        f"تم تأكيد 11 هجوماً {WHERE}، وهو أقل من {LAST} حيث كان عدد الهجمات 17."
    )


@pytest.mark.parametrize(
    ("confirmed", "previous", "expected"),
    [
        (11, 5, f"تم تأكيد 11 هجوماً {WHERE}، وهو أكثر من {LAST} حيث كان عدد الهجمات 5."),
        (11, 11, f"تم تأكيد 11 هجوماً {WHERE}، وهو العدد نفسه المسجل في {LAST}."),
        (1, 3, f"تم تأكيد هجوم واحد {WHERE}، وهو أقل من {LAST} حيث كان عدد الهجمات 3."),
        (2, 2, f"تم تأكيد هجومين {WHERE}، وهو العدد نفسه المسجل في {LAST}."),
        (3, 0, f"تم تأكيد 3 هجمات {WHERE}، وهو أكثر من {LAST} الذي لم تُسجَّل فيه أي هجمات."),
        (0, 17, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد 17 هجوماً في {LAST}."),
        (0, 2, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد هجومين في {LAST}."),
        (0, 1, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}، بعد هجوم واحد في {LAST}."),
        (0, 0, f"لم تُسجَّل أي هجمات مؤكدة {WHERE}."),
    ],
)
def test_attacks_bullet_comparisons(confirmed, previous, expected):
    assert attacks_bullet("2023-11", confirmed, "2023-10", previous) == expected


def test_attacks_bullet_without_a_previous_month():
    assert attacks_bullet("2023-11", 11, None, None) == f"تم تأكيد 11 هجوماً {WHERE}."
    assert attacks_bullet("2023-11", 0, None, None) == f"لم تُسجَّل أي هجمات مؤكدة {WHERE}."


def test_attacks_bullet_names_a_month_that_is_not_the_one_before():
    assert attacks_bullet("2023-11", 11, "2023-08", 17).endswith(
        "، وهو أقل من شهر آب (أغسطس) حيث كان عدد الهجمات 17."
    )
    assert month_reference("2024-01", "2023-12") == "الشهر الماضي كانون الأول (ديسمبر)"
    assert month_reference("2024-02", "2023-11", "arabic_indic") == (
        "شهر تشرين الثاني (نوفمبر) ٢٠٢٣"
    )


def test_attacks_bullet_in_arabic_indic_digits():
    assert attacks_bullet("2023-11", 11, "2023-10", 17, digits="arabic_indic") == (
        f"تم تأكيد ١١ هجوماً {WHERE}، وهو أقل من {LAST} حيث كان عدد الهجمات ١٧."
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
    assert casualties_bullet(*figures) == expected


def test_casualties_bullet_without_casualties_is_none():
    assert casualties_bullet(0, 0, 0, 0) is None


def test_casualties_bullet_in_arabic_indic_digits():
    assert casualties_bullet(4, 5, 0, 7, "arabic_indic") == (
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
        " وتوزّعت الهجمات على دير الزور (6)، الحسكة (3)، والرقة (2)."
    )


def test_attacks_paragraph_claims_and_unconfirmed_attacks():
    unsorted = [("الرقة", 2), ("دير الزور", 6), ("الحسكة", 3), ("حلب", 0)]
    paragraph = attacks_paragraph("2023-11", 11, 3, 4, 5, 0, 7, unsorted, 4)
    assert paragraph.endswith(
        " وتوزّعت الهجمات على دير الزور (6)، الحسكة (3)، والرقة (2)."
        " وتبنّى تنظيم داعش 4 منها. وبلغ عدد الهجمات غير المؤكدة 3."
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1, 0, 0, 0, 0, 0, [("دير الزور", 1)], 1),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجوماً مؤكداً واحداً في شمال وشرق سوريا، دون تسجيل"
         " خسائر بشرية. ووقع الهجوم في دير الزور. وتبنّى تنظيم داعش الهجوم."),
        ((2, 0, 0, 0, 1, 0, [("دير الزور", 1), ("الحسكة", 1)], 0),
         f"{NOVEMBER}شنّت خلايا داعش النائمة هجومين مؤكدين في شمال وشرق سوريا، أسفرا عن مقتل"
         " مدني واحد. وتوزّع الهجومان على دير الزور (1) والحسكة (1)."),
        ((3, 0, 2, 0, 0, 0, [("الرقة", 3)], 3),
         f"{NOVEMBER}شنّت خلايا داعش النائمة 3 هجمات مؤكدة في شمال وشرق سوريا، أسفرت عن مقتل"
         " عسكريين. ووقعت جميعها في الرقة. وتبنّى تنظيم داعش جميع هذه الهجمات."),
        ((0, 2, 0, 0, 0, 0, [], 0),
         f"{NOVEMBER}لم تُسجَّل أي هجمات مؤكدة لخلايا داعش النائمة في شمال وشرق سوريا."
         " وبلغ عدد الهجمات غير المؤكدة 2."),
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
    assert raids_paragraph(10, 17, FORCES, notable, 1, [ZAKAT]) == (
        "كما نفّذت قوات سوريا الديمقراطية والأسايش في هذا الشهر 10 مداهمات على خلايا داعش"
        f" النائمة، أسفرت عن اعتقال 17 شخصاً ومقتل {ZAKAT}. ومن أبرز المعتقلين:"
        " محمد صخر البكر (المنسق الرئيسي لعملية الهروب) ومحمد محمود حمادة."
    )


def test_raids_paragraph_leaves_a_long_list_of_detainees_to_the_table():
    notable = [(f"قيادي {i}", None) for i in range(1, 6)]
    assert raids_paragraph(10, 17, FORCES, notable).endswith(
        "ومن أبرز المعتقلين: قيادي 1، قيادي 2، قيادي 3؛ والقائمة كاملة في الجدول أدناه."
    )


def test_raids_paragraph_verb_agreement():
    assert raids_paragraph(1, 2, ["التحالف الدولي"]) == (
        "كما نفّذ التحالف الدولي في هذا الشهر مداهمةً واحدةً على خلايا داعش النائمة،"
        " أسفرت عن اعتقال شخصين."
    )
    assert raids_paragraph(2, 11) == (
        "كما نُفّذت في هذا الشهر مداهمتان على خلايا داعش النائمة، أسفرتا عن اعتقال 11 شخصاً."
    )
    assert raids_paragraph(0, 0) == "لم تُنفَّذ في هذا الشهر أي مداهمات على خلايا داعش النائمة."
    three = ["قوات مكافحة الإرهاب", "الأسايش", "Coalition"]
    assert raids_paragraph(3, 0, three).startswith(
        'كما نفّذت قوات مكافحة الإرهاب والأسايش و<span dir="ltr">Coalition</span> في هذا الشهر'
        " 3 مداهمات"
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
        "وفي شهر تشرين الثاني (نوفمبر) أيضاً، فرضت وزارة الخزانة الأمريكية عقوبات على شركة"
        ' <span dir="ltr">Binance</span> بسبب تمويل داعش.'
    )
    assert sanctions_paragraph(*args, first=False).startswith("كما فرضت وزارة الخزانة")


def test_change_phrase():
    assert change_phrase(11, 17) == Markup(
        '<span dir="ltr">-6</span> (<span dir="ltr">-35%</span>) عن الشهر الماضي'
    )
    assert change_phrase(23, 17, "arabic_indic") == Markup(
        '<span dir="ltr">+٦</span> (<span dir="ltr">+٣٥٪</span>) عن الشهر الماضي'
    )
    assert change_phrase(3, 0) == Markup('<span dir="ltr">+3</span> عن الشهر الماضي')
    assert change_phrase(5, 5) == "دون تغيير عن الشهر الماضي"
    assert change_phrase(5, None) is None
