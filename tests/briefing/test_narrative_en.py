"""The English sentences, exact, for 0, 1, 2, 3, 11 and 100 of each counted thing; and both
renderers fed the same facts."""

from __future__ import annotations

import pytest

from reportgen.briefing import facts as f
from reportgen.briefing import narrative_en as en
from reportgen.briefing.english import UNTRANSLATED, month_label

COUNTS = (0, 1, 2, 3, 11, 100)
GOVERNORATES = {"hasakah": "Hasakah", "raqqa": "Raqqa", "deir_ez_zor": "Deir ez-Zor"}


def attacks(confirmed: int = 0, previous: int | None = 17, **fields) -> f.Attacks:
    values = {
        "month": "2023-11",
        "confirmed": confirmed,
        "unconfirmed": 0,
        "previous_month": "2023-10" if previous is not None else None,
        "previous_confirmed": previous,
        "toll": f.Toll(),
        "unconfirmed_toll": f.Toll(),
        "by_governorate": (),
        "claimed": 0,
    }
    return f.Attacks(**{**values, **fields})


def raids(n: int = 0, **fields) -> f.Raids:
    values = {
        "raids": n,
        "detained": 0,
        "isis_killed": 0,
        "forces": (),
        "killed_roles": (),
        "notable_detained": (),
        "toll": f.Toll(),
    }
    return f.Raids(**{**values, **fields})


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "no confirmed attacks in North and East Syria in November, down from 17"),
        (1, "1 confirmed attack in North and East Syria in November, down from 17"),
        (2, "2 confirmed attacks in North and East Syria in November, down from 17"),
        (3, "3 confirmed attacks in North and East Syria in November, down from 17"),
        (11, "11 confirmed attacks in North and East Syria in November, down from 17"),
        (100, "100 confirmed attacks in North and East Syria in November, up from 17"),
    ],
)
def test_attacks_bullet(n, expected):
    assert en.attacks_bullet(attacks(n)) == f"ISIS sleeper cells carried out {expected} in October."


def test_attacks_bullet_comparisons():
    said = [
        en.attacks_bullet(attacks(17)),
        en.attacks_bullet(attacks(3, previous=0)),
        en.attacks_bullet(attacks(3, previous=None)),
        en.attacks_bullet(attacks(3, previous=5, previous_month="2022-08")),
    ]
    opening = "ISIS sleeper cells carried out"
    assert said == [
        f"{opening} 17 confirmed attacks in North and East Syria in November, the same number as"
        " in October.",
        f"{opening} 3 confirmed attacks in North and East Syria in November, up from none in"
        " October.",
        f"{opening} 3 confirmed attacks in North and East Syria in November.",
        f"{opening} 3 confirmed attacks in North and East Syria in November, down from 5 in"
        " August 2022.",
    ]


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "In these attacks, 1 military member was killed and 1 wounded, and 1 civilian was"),
        (
            2,
            (
                "In these attacks, 2 military personnel were killed and 2 wounded, and 2 "
                "civilians were"
            ),
        ),
        (
            3,
            (
                "In these attacks, 3 military personnel were killed and 3 wounded, and 3 "
                "civilians were"
            ),
        ),
        (
            11,
            (
                "In these attacks, 11 military personnel were killed and 11 wounded, and 11 "
                "civilians were"
            ),
        ),
        (
            100,
            (
                "In these attacks, 100 military personnel were killed and 100 wounded, and 100 "
                "civilians were"
            ),
        ),
    ],
)
def test_casualties_bullet(n, expected):
    toll = f.Toll(n, n, 0, n)
    assert en.casualties_bullet(attacks(5, toll=toll)) == f"{expected} wounded."


def test_casualties_bullet_of_one_attack_and_of_none():
    one = attacks(1, toll=f.Toll(4, 5, 0, 0))
    assert (
        en.casualties_bullet(one)
        == "In this attack, 4 military personnel were killed and 5 wounded."
    )
    assert en.casualties_bullet(attacks(3, toll=f.Toll(0, 0, 0, 1))) == (
        "In these attacks, 1 civilian was wounded."
    )
    assert en.casualties_bullet(attacks(0, toll=f.Toll(1, 0, 0, 0))) is None
    assert en.casualties_bullet(attacks(0)) is None


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "No raids were carried out against ISIS sleeper cells this month."),
        (
            1,
            (
                "1 raid was carried out against ISIS sleeper cells, resulting in the detention of "
                "1 person."
            ),
        ),
        (
            2,
            (
                "2 raids were carried out against ISIS sleeper cells, resulting in the detention "
                "of 2 people."
            ),
        ),
        (
            3,
            (
                "3 raids were carried out against ISIS sleeper cells, resulting in the detention "
                "of 3 people."
            ),
        ),
        (
            11,
            (
                "11 raids were carried out against ISIS sleeper cells, resulting in the detention "
                "of 11 people."
            ),
        ),
        (
            100,
            (
                "100 raids were carried out against ISIS sleeper cells, resulting in the "
                "detention of 100 people."
            ),
        ),
    ],
)
def test_raids_bullet(n, expected):
    assert en.raids_bullet(raids(n, detained=n)) == expected


def test_raids_bullet_with_killed_leaders_and_members():
    roles = (("أمير الزكاة", "Iraqi zakat emir of ISIS"), None)
    said = en.raids_bullet(raids(10, detained=17, isis_killed=3, killed_roles=roles))
    assert said == (
        "10 raids were carried out against ISIS sleeper cells, resulting in the detention of 17"
        " people and the killing of the Iraqi zakat emir of ISIS, an ISIS leader and 1 other ISIS"
        " member."
    )
    assert en.raids_bullet(raids(2)) == (
        "2 raids were carried out against ISIS sleeper cells, with no detentions."
    )
    untranslated = en.raids_bullet(raids(1, isis_killed=1, killed_roles=(("أمير", None),)))
    assert untranslated == (
        f"1 raid was carried out against ISIS sleeper cells, resulting in the killing of "
        f"{UNTRANSLATED}."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (
            0,
            (
                "In November, ISIS sleeper cells carried out no confirmed attacks in North and "
                "East Syria."
            ),
        ),
        (
            1,
            (
                "In November, ISIS sleeper cells carried out 1 confirmed attack in North and East "
                "Syria; 1 military member was killed. The attack took place in Hasakah. ISIS "
                "claimed the attack. A further unconfirmed attack was recorded."
            ),
        ),
        (
            2,
            (
                "In November, ISIS sleeper cells carried out 2 confirmed attacks in North and "
                "East Syria; 2 military personnel were killed. Both attacks took place in "
                "Hasakah. ISIS claimed both attacks. A further 2 unconfirmed attacks were "
                "recorded."
            ),
        ),
        (
            3,
            (
                "In November, ISIS sleeper cells carried out 3 confirmed attacks in North and "
                "East Syria; 3 military personnel were killed. All of them took place in Hasakah. "
                "ISIS claimed all of them. A further 3 unconfirmed attacks were recorded."
            ),
        ),
        (
            11,
            (
                "In November, ISIS sleeper cells carried out 11 confirmed attacks in North and "
                "East Syria; 11 military personnel were killed. All of them took place in "
                "Hasakah. ISIS claimed all of them. A further 11 unconfirmed attacks were "
                "recorded."
            ),
        ),
        (
            100,
            (
                "In November, ISIS sleeper cells carried out 100 confirmed attacks in North and "
                "East Syria; 100 military personnel were killed. All of them took place in "
                "Hasakah. ISIS claimed all of them. A further 100 unconfirmed attacks were "
                "recorded."
            ),
        ),
    ],
)
def test_attacks_paragraph(n, expected):
    facts = attacks(
        n, unconfirmed=n, toll=f.Toll(n, 0, 0, 0), by_governorate=(("hasakah", n),), claimed=n
    )
    assert en.attacks_paragraph(facts, GOVERNORATES) == expected


def test_attacks_paragraph_spread_claims_and_no_toll():
    two = attacks(2, by_governorate=(("raqqa", 1), ("hasakah", 1)), claimed=1)
    eleven = attacks(
        11, by_governorate=(("deir_ez_zor", 5), ("hasakah", 4), ("raqqa", 2)), claimed=3
    )
    none = attacks(0, unconfirmed=2)
    assert en.attacks_paragraph(two, GOVERNORATES) == (
        "In November, ISIS sleeper cells carried out 2 confirmed attacks in North and East Syria,"
        " causing no casualties. One took place in Raqqa and the other in Hasakah. ISIS claimed"
        " one of them."
    )
    assert en.attacks_paragraph(eleven, GOVERNORATES) == (
        "In November, ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria,"
        " causing no casualties. The attacks were spread across Deir ez-Zor (5), Hasakah (4) and"
        " Raqqa (2). ISIS claimed 3 of them."
    )
    assert en.attacks_paragraph(none, GOVERNORATES) == (
        "In November, ISIS sleeper cells carried out no confirmed attacks in North and East Syria."
        " 2 unconfirmed attacks were recorded."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (
            1,
            (
                "1 attack not confirmed as the work of ISIS cells is not included in the figures "
                "above; in it, 1 civilian was killed."
            ),
        ),
        (
            2,
            (
                "2 attacks not confirmed as the work of ISIS cells are not included in the "
                "figures above; in them, 2 civilians were killed."
            ),
        ),
        (
            3,
            (
                "3 attacks not confirmed as the work of ISIS cells are not included in the "
                "figures above; in them, 3 civilians were killed."
            ),
        ),
        (
            11,
            (
                "11 attacks not confirmed as the work of ISIS cells are not included in the "
                "figures above; in them, 11 civilians were killed."
            ),
        ),
        (
            100,
            (
                "100 attacks not confirmed as the work of ISIS cells are not included in the "
                "figures above; in them, 100 civilians were killed."
            ),
        ),
    ],
)
def test_unconfirmed_note(n, expected):
    assert (
        en.unconfirmed_note(attacks(0, unconfirmed=n, unconfirmed_toll=f.Toll(0, 0, n, 0)))
        == expected
    )
    assert en.unconfirmed_note(attacks(3)) is None


@pytest.mark.parametrize("n", COUNTS[1:])
def test_camps_paragraph(n):
    people, iraqis = ("person", "Iraqi") if n == 1 else ("people", "Iraqis")
    camp = f.Camp("مخيم الهول", n, {"iraqi": n, "foreign": n}, (("العراق", n),))
    assert en.camps_paragraph(camp) == (
        f"Al-Hol camp has a population of {n} {people}, including {n} {iraqis} and {n} {people}"
        f" from other countries. During the month, Iraq repatriated {n} of its citizens from the"
        " camp."
    )


def test_camps_paragraph_without_total_or_figures():
    assert en.camps_paragraph(f.Camp("الهول", None, {"syrian": 2}, ())) == (
        "Al-Hol camp holds 2 Syrians."
    )
    assert en.camps_paragraph(f.Camp("روج", None, {}, (("فرنسا", 10),))) == (
        "During the month, France repatriated 10 of its citizens from Roj camp."
    )
    assert en.camps_paragraph(f.Camp("روج", None, {}, ())) is None
    assert en.camps_paragraph(f.Camp("الهول", 0, {}, ())) is None


def test_sanctions_and_repatriations():
    sanction = f.Sanction(
        "وزارة الخزانة الأمريكية", "Binance", "company", ("x", "terrorist financing"), True, False
    )
    again = f.Sanction("وزارة الخزانة الأمريكية", "X Co", "company", None, False, True)
    other = f.Sanction("مجلس الأمن", "Y", "person", ("x", None), False, False)
    assert en.sanctions_paragraph(sanction, "2023-11") == (
        "In November, the US Treasury Department imposed sanctions on Binance for terrorist"
        " financing."
    )
    assert en.sanctions_paragraph(again, "2023-11") == (
        "The US Treasury Department also imposed sanctions on X Co."
    )
    assert en.sanctions_paragraph(other, "2023-11") == (
        f"In addition, the UN Security Council imposed sanctions on Y for {UNTRANSLATED}."
    )
    assert en.sanction_bullet(sanction) == (
        "The US Treasury Department imposed sanctions on Binance for terrorist financing."
    )
    assert en.repatriation_bullet(f.Repatriation("العراق", 776, "مخيم الهول")) == (
        "Iraq repatriated 776 of its citizens from al-Hol camp."
    )


def test_raids_paragraph_names_forces_toll_and_notables():
    facts = raids(
        10,
        detained=17,
        forces=("قوات سوريا الديمقراطية", "الأسايش", "التحالف الدولي"),
        notable_detained=((("أ", "Ali"), ("ب", "cell leader")), (("ج", None), None)),
        toll=f.Toll(1, 0, 0, 2),
    )
    assert en.raids_paragraph(facts) == (
        "The Syrian Democratic Forces (SDF) and the Asayish carried out 10 raids against ISIS"
        " sleeper cells this month, with the participation of the international coalition,"
        " resulting in the detention of 17 people. During these raids, 1 military member was"
        f" killed, and 2 civilians were wounded. The most prominent detainees include Ali (cell"
        f" leader) and {UNTRANSLATED}."
    )
    assert en.raids_paragraph(raids(1, detained=1)) == (
        "1 raid was carried out against ISIS sleeper cells this month, resulting in the detention"
        " of 1 person."
    )


def test_change_phrase_and_month_names():
    changes = [
        f.Change(11, 17),
        f.Change(9, 8),
        f.Change(7, 8),
        f.Change(5, 5),
        f.Change(3, 0),
        f.Change(3, None),
    ]
    assert [en.change_phrase(c) for c in changes] == [
        "down 6 (35%) from last month",
        "up 1 (13%) from last month",
        "down 1 (13%) from last month",
        "no change from last month",
        "up 3 from last month",
        None,
    ]
    assert month_label("2023-11") == "November 2023"


def test_a_target_takes_its_english_from_the_editor():
    sanction = f.Sanction("مجلس الأمن", "شركة س", "company", None, True, False, "the S Company")
    assert en.sanctions_paragraph(sanction, "2023-11") == (
        "In November, the UN Security Council imposed sanctions on the S Company."
    )


def test_arabic_names_left_in_english_are_isolated():
    sanction = f.Sanction("هيئة مجهولة", "شركة س", "company", None, True, False)
    assert en.sanctions_paragraph(sanction, "2023-11") == (
        'In November, <span dir="rtl">هيئة مجهولة</span> imposed sanctions on'
        ' <span dir="rtl">شركة س</span>.'
    )
