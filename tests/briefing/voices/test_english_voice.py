"""The English voice's sentences, exact, for 0, 1, 2, 3, 11 and 100 of each counted thing: one to
nine in words, as news style has them. Each test states a month's figures; the month is made of
records and taken through the real model and facts."""

from __future__ import annotations

import pytest

from reportgen.briefing.english import UNTRANSLATED, month_label
from reportgen.briefing.facts import Comparison
from reportgen.input.records import Sanction
from tests.briefing.months import (
    DAY,
    attacks_month,
    camp,
    english,
    facts_of,
    month_record,
    raids_month,
    said,
)

COUNTS = (0, 1, 2, 3, 11, 100)
WORDS = {1: "one", 2: "two", 3: "three", 11: "11", 100: "100"}


def attacks_facts(confirmed=0, previous=17, previous_month="2023-10", **figures):
    attacks, casualties = attacks_month(confirmed, **figures)
    return facts_of(month_record(attacks, casualties=casualties), previous, previous_month)


def raids_facts(raids=0, **figures):
    records, casualties = raids_month(raids, **figures)
    return facts_of(month_record(raids=records, casualties=casualties))


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "no confirmed attacks in North and East Syria in November, down from 17"),
        (1, "one confirmed attack in North and East Syria in November, down from 17"),
        (2, "two confirmed attacks in North and East Syria in November, down from 17"),
        (3, "three confirmed attacks in North and East Syria in November, down from 17"),
        (11, "11 confirmed attacks in North and East Syria in November, down from 17"),
        (100, "100 confirmed attacks in North and East Syria in November, up from 17"),
    ],
)
def test_attacks_bullet(n, expected):
    said_ = said(english().attacks_bullet(attacks_facts(n).attacks))
    assert said_ == f"ISIS sleeper cells carried out {expected} in October."


def test_attacks_bullet_comparisons():
    voice = english()
    cases = [
        attacks_facts(17),
        attacks_facts(3, previous=0),
        attacks_facts(3, previous=None),
        attacks_facts(3, previous=5, previous_month="2022-08"),
        attacks_facts(0, previous=0, previous_month="2029-12"),
    ]
    opening = "ISIS sleeper cells carried out"
    assert [said(voice.attacks_bullet(f.attacks)) for f in cases[:4]] == [
        f"{opening} 17 confirmed attacks in North and East Syria in November, the same number as"
        " in October.",
        f"{opening} three confirmed attacks in North and East Syria in November, up from none in"
        " October.",
        f"{opening} three confirmed attacks in North and East Syria in November.",
        f"{opening} three confirmed attacks in North and East Syria in November, down from five"
        " in August 2022.",
    ]
    assert said(voice.attacks_bullet(cases[4].attacks)) == (
        f"{opening} no confirmed attacks in North and East Syria in November, as in December 2029."
    )


@pytest.mark.parametrize("n", COUNTS[1:])
def test_casualties_bullet(n):
    military, civilians, be = (
        ("military member", "civilian", "was")
        if n == 1
        else ("military personnel", "civilians", "were")
    )
    facts = attacks_facts(5, toll=(n, n, 0, n))
    w = WORDS[n]
    assert said(english().casualties_bullet(facts.attacks)) == (
        f"In these attacks, {w} {military} {be} killed and {w} wounded, and {w} {civilians} {be}"
        " wounded."
    )


def test_casualties_bullet_of_one_attack_and_of_none():
    voice = english()
    assert said(voice.casualties_bullet(attacks_facts(1, toll=(4, 5, 0, 0)).attacks)) == (
        "In this attack, four military personnel were killed and five wounded."
    )
    assert said(voice.casualties_bullet(attacks_facts(3, toll=(0, 0, 0, 1)).attacks)) == (
        "In these attacks, one civilian was wounded."
    )
    assert voice.casualties_bullet(attacks_facts(0).attacks) is None


def test_people_of_unknown_affiliation_are_counted_and_told():
    facts = attacks_facts(1, unknown=(5, 0))
    voice = english()
    assert said(voice.casualties_bullet(facts.attacks)) == (
        "In this attack, five people whose affiliation is not known were killed."
    )
    assert said(voice.attacks_paragraph(facts.attacks)) == (
        "In November, ISIS sleeper cells carried out one confirmed attack in North and East Syria;"
        " five people whose affiliation is not known were killed. The attack took place in"
        " Hasakah."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "No raids were carried out against ISIS sleeper cells this month."),
        (
            1,
            "One raid was carried out against ISIS sleeper cells, resulting in the detention of"
            " one person.",
        ),
        (
            2,
            "Two raids were carried out against ISIS sleeper cells, resulting in the detention of"
            " two people.",
        ),
        (
            3,
            "Three raids were carried out against ISIS sleeper cells, resulting in the detention"
            " of three people.",
        ),
        (
            11,
            "11 raids were carried out against ISIS sleeper cells, resulting in the detention of"
            " 11 people.",
        ),
        (
            100,
            "100 raids were carried out against ISIS sleeper cells, resulting in the detention of"
            " 100 people.",
        ),
    ],
)
def test_raids_bullet(n, expected):
    assert said(english().raids_bullet(raids_facts(n, detained=n).raids)) == expected


def test_raids_bullet_with_killed_leaders_and_members():
    voice = english()
    facts = raids_facts(10, detained=17, isis_killed=3, killed_roles=("أمير الزكاة", None))
    assert said(voice.raids_bullet(facts.raids)) == (
        "10 raids were carried out against ISIS sleeper cells, resulting in the detention of 17"
        f" people and the killing of {UNTRANSLATED}, an ISIS leader and one other ISIS"
        " member."
    )
    assert said(voice.raids_bullet(raids_facts(2).raids)) == (
        "Two raids were carried out against ISIS sleeper cells, with no detentions."
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (
            0,
            "In November, ISIS sleeper cells carried out no confirmed attacks in North and East"
            " Syria.",
        ),
        (
            1,
            "In November, ISIS sleeper cells carried out one confirmed attack in North and East"
            " Syria; one military member was killed. The attack took place in Hasakah. ISIS"
            " claimed the attack. A further unconfirmed attack was recorded.",
        ),
        (
            2,
            "In November, ISIS sleeper cells carried out two confirmed attacks in North and East"
            " Syria; two military personnel were killed. Both attacks took place in Hasakah. ISIS"
            " claimed both attacks. A further two unconfirmed attacks were recorded.",
        ),
        (
            11,
            "In November, ISIS sleeper cells carried out 11 confirmed attacks in North and East"
            " Syria; 11 military personnel were killed. All of them took place in Hasakah. ISIS"
            " claimed all of them. A further 11 unconfirmed attacks were recorded.",
        ),
    ],
)
def test_attacks_paragraph(n, expected):
    facts = attacks_facts(n, unconfirmed=n, toll=(n, 0, 0, 0), claimed=n)
    assert said(english().attacks_paragraph(facts.attacks)) == expected


def test_attacks_paragraph_spread_claims_and_no_toll():
    voice = english()
    two = attacks_facts(2, by_governorate=(("الرقة", 1), ("الحسكة", 1)), claimed=1)
    eleven = attacks_facts(
        11, by_governorate=(("دير الزور", 5), ("الحسكة", 4), ("الرقة", 2)), claimed=3
    )
    none = attacks_facts(0, unconfirmed=2)
    assert said(voice.attacks_paragraph(two.attacks)) == (
        "In November, ISIS sleeper cells carried out two confirmed attacks in North and East"
        " Syria, causing no casualties. One took place in Raqqa and the other in Hasakah. ISIS"
        " claimed one of them."
    )
    assert said(voice.attacks_paragraph(eleven.attacks)) == (
        "In November, ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria,"
        " causing no casualties. The attacks were spread across Deir ez-Zor (5), Hasakah (4) and"
        " Raqqa (2). ISIS claimed three of them."
    )
    assert said(voice.attacks_paragraph(none.attacks)) == (
        "In November, ISIS sleeper cells carried out no confirmed attacks in North and East Syria."
        " Two unconfirmed attacks were recorded."
    )


@pytest.mark.parametrize("n", COUNTS[1:])
def test_unconfirmed_note(n):
    facts = attacks_facts(0, unconfirmed=n, unconfirmed_toll=(0, 0, n, 0))
    attack, be, it, civilians = (
        ("attack", "is", "it", "civilian was")
        if n == 1
        else ("attacks", "are", "them", "civilians were")
    )
    w = WORDS[n]
    assert said(english().unconfirmed_note(facts.attacks)) == (
        f"{w.capitalize()} {attack} not confirmed as the work of ISIS cells {be} not included in"
        f" the figures above; in {it}, {w} {civilians} killed."
    )
    assert english().unconfirmed_note(attacks_facts(3).attacks) is None


@pytest.mark.parametrize("n", COUNTS[1:])
def test_camps_paragraph(n):
    people, iraqis = ("person", "Iraqi") if n == 1 else ("people", "Iraqis")
    record = camp("مخيم الهول", n, iraqi=n, foreign=n, repatriations=[("العراق", n)])
    fact = facts_of(month_record(camps=[record])).camps[0]
    w = WORDS[n]
    assert said(english().camp_paragraph(fact)) == (
        f"Al-Hol camp has a population of {w} {people}, including {w} {iraqis} and {w} {people}"
        f" from other countries. During the month, Iraq repatriated {w} of its citizens from the"
        " camp."
    )


def test_camps_paragraph_without_total_or_figures():
    voice = english()

    def paragraph(record):
        return said(voice.camp_paragraph(facts_of(month_record(camps=[record])).camps[0]))

    assert paragraph(camp("الهول", syrian=2)) == "Al-Hol camp holds two Syrians."
    assert paragraph(camp("روج", repatriations=[("فرنسا", 10)])) == (
        "During the month, France repatriated 10 of its citizens from Roj camp."
    )
    assert paragraph(camp("روج")) is None


def test_sanctions_and_repatriations():
    voice = english()
    records = [
        Sanction(
            DAY,
            "وزارة الخزانة الأمريكية",
            "Binance",
            "company",
            "x",
            reason_en="terrorist financing",
        ),
        Sanction(DAY, "وزارة الخزانة الأمريكية", "X Co", "company"),
        Sanction(DAY, "مجلس الأمن", "Y", "person", "x"),
    ]
    first, again, other = facts_of(month_record(sanctions=records)).sanctions
    assert said(voice.sanction_paragraph(first, "2023-11")) == (
        "In November, the US Treasury Department imposed sanctions on Binance for terrorist"
        " financing."
    )
    assert said(voice.sanction_paragraph(again, "2023-11")) == (
        "The US Treasury Department also imposed sanctions on X Co."
    )
    assert said(voice.sanction_paragraph(other, "2023-11")) == (
        f"In addition, the UN Security Council imposed sanctions on Y for {UNTRANSLATED}."
    )
    assert said(voice.sanction_bullet(first)) == (
        "The US Treasury Department imposed sanctions on Binance for terrorist financing."
    )
    record = camp("مخيم الهول", repatriations=[("العراق", 776)])
    repatriation = facts_of(month_record(camps=[record])).repatriations[0]
    assert said(voice.repatriation_bullet(repatriation)) == (
        "Iraq repatriated 776 of its citizens from al-Hol camp."
    )


def test_raids_paragraph_names_forces_toll_and_notables():
    facts = raids_facts(
        10,
        detained=17,
        forces=("قوات سوريا الديمقراطية", "الأسايش", "التحالف الدولي"),
        notable_detained=(("أ", "ب"), ("ج", None)),
        toll=(1, 0, 0, 2),
    )
    assert said(english().raids_paragraph(facts.raids)) == (
        "The Syrian Democratic Forces (SDF) and the Asayish carried out 10 raids against ISIS"
        " sleeper cells this month, with the participation of the international coalition,"
        " resulting in the detention of 17 people. During these raids, one military member was"
        f" killed, and two civilians were wounded. The most prominent detainees include"
        f" {UNTRANSLATED} ({UNTRANSLATED}) and {UNTRANSLATED}."
    )
    assert said(english().raids_paragraph(raids_facts(1, detained=1).raids)) == (
        "One raid was carried out against ISIS sleeper cells this month, resulting in the"
        " detention of one person."
    )


def test_change_phrase_and_month_names():
    voice = english()
    changes = [
        Comparison(11, 17, "2023-10"),
        Comparison(5, 5, "2023-10"),
        Comparison(3, 0, "2023-10"),
        Comparison(9, 8, "2023-10"),
        Comparison(7, 8, "2023-10"),
        Comparison(3),
    ]
    assert [said(voice.change_note(c)) for c in changes] == [
        "down 6 (35%) from last month",
        "no change from last month",
        "up 3 from last month",
        "up 1 (13%) from last month",
        "down 1 (13%) from last month",
        None,
    ]
    assert month_label("2023-11") == "November 2023"


def test_a_target_takes_its_english_from_the_editor():
    record = Sanction(DAY, "مجلس الأمن", "شركة س", "company", target_en="the S Company")
    fact = facts_of(month_record(sanctions=[record])).sanctions[0]
    assert said(english().sanction_paragraph(fact, "2023-11")) == (
        "In November, the UN Security Council imposed sanctions on the S Company."
    )


def test_arabic_names_left_in_english_are_isolated():
    record = Sanction(DAY, "هيئة مجهولة", "شركة س", "company")
    fact = facts_of(month_record(sanctions=[record])).sanctions[0]
    assert said(english().sanction_paragraph(fact, "2023-11")) == (
        'In November, <span dir="rtl">هيئة مجهولة</span> imposed sanctions on'
        ' <span dir="rtl">شركة س</span>.'
    )


# --- a busy month's tables in print ---------------------------------------------------------

FULL_LIST = ". The full list is in the online edition of the report."


@pytest.mark.parametrize(
    ("shown", "rest", "eligible", "expected"),
    [
        (
            60,
            940,
            570,
            "lists only the 60 deadliest of the 570 attacks that caused casualties or that ISIS"
            " claimed; the table after it counts the other 940",
        ),
        (
            1,
            99,
            3,
            "lists only the deadliest of the three attacks that caused casualties or that ISIS"
            " claimed; the table after it counts the other 99",
        ),
        (
            5,
            0,
            5,
            "lists only the five attacks that caused casualties or that ISIS claimed",
        ),
    ],
)
def test_condensed_attacks_note_says_which_attacks_it_lists(shown, rest, eligible, expected):
    note = said(english().condensed_attacks_note(shown, rest, eligible))
    tail = " by governorate and type" if rest else ""
    assert (
        note == f"Because of the number of attacks, the printed table {expected}{tail}{FULL_LIST}"
    )


def test_condensed_raids_note_says_when_it_lists_only_the_most_notable():
    assert said(english().condensed_raids_note(60, 240, 75)) == (
        "Because of the number of raids, the printed table lists only the 60 most notable of the"
        " 75 raids in which ISIS members were killed or leaders detained; the table after it"
        f" counts the other 240 by governorate{FULL_LIST}"
    )


# --- which of two raids -----------------------------------------------------------------------

TWO_RAIDS = (
    "Two raids were carried out against ISIS sleeper cells this month, resulting in the"
    " detention of two people."
)


@pytest.mark.parametrize(
    ("first", "second", "forces"),
    [
        (("قسد",), ("الأسايش",), "The SDF carried out one of them, and the Asayish the other."),
        (
            ("قسد", "قوى الأمن الداخلي"),
            ("التحالف الدولي",),
            "The SDF took part in one of them, the Internal Security Forces in the same one, and"
            " the international coalition in the other.",
        ),
        (
            ("قسد", "الأسايش"),
            ("قسد",),
            "The SDF took part in both, and the Asayish in one of them.",
        ),
    ],
)
def test_two_raids_say_which_force_had_which(first, second, forces):
    from reportgen.input.records import Raid

    raids = [Raid(f"r{i}", DAY, "deir_ez_zor", forces=f, detained=1)
             for i, f in enumerate((first, second), 1)]  # fmt: skip
    facts = facts_of(month_record(raids=raids)).raids
    assert said(english().raids_paragraph(facts)) == f"{TWO_RAIDS} {forces}"
