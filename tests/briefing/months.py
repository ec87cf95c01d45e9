"""Small months for the voices' tests, made of real records and taken through the real model and
facts: a test states a month's figures, and gets the facts every edition words."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

from reportgen.briefing.facts import Comparison, MonthFacts, month_facts
from reportgen.briefing.model import month_model
from reportgen.briefing.render import without_evidence_links
from reportgen.briefing.voices.arabic import ArabicVoice
from reportgen.briefing.voices.english import EnglishVoice
from reportgen.input.records import (
    Attack,
    Camp,
    Casualty,
    Governorate,
    Month,
    Notable,
    Population,
    Project,
    Publication,
    Raid,
    Repatriation,
    Report,
    Sanction,
)

MONTH = "2023-11"
GOVERNORATES = {
    "hasakah": Governorate("hasakah", "الحسكة", "Hasakah", 36.5, 40.7),
    "raqqa": Governorate("raqqa", "الرقة", "Raqqa", 35.9, 39.0),
    "deir_ez_zor": Governorate("deir_ez_zor", "دير الزور", "Deir ez-Zor", 35.3, 40.1),
    "aleppo": Governorate("aleppo", "حلب", "Aleppo", 36.2, 37.2),
}
BY_NAME = {g.name_ar: key for key, g in GOVERNORATES.items()}
DAY = date(2023, 11, 5)
Toll = tuple[int, int, int, int]
"""Military killed and wounded, civilian killed and wounded."""


def _casualties(toll: Toll, **link: str) -> list[Casualty]:
    kinds = (("military", "killed"), ("military", "wounded"), ("civilian", "killed"))
    kinds += (("civilian", "wounded"),)
    return [
        Casualty(DAY, category, status, n, **link)
        for (category, status), n in zip(kinds, toll, strict=True)
        if n
    ]


def attacks_month(
    confirmed: int = 0,
    unconfirmed: int = 0,
    toll: Toll = (0, 0, 0, 0),
    by_governorate: Sequence[tuple[str, int]] = (),
    claimed: int = 0,
    unconfirmed_toll: Toll = (0, 0, 0, 0),
    unknown: tuple[int, int] = (0, 0),
    isis: tuple[int, int] = (0, 0),
) -> tuple[list[Attack], list[Casualty]]:
    """`confirmed` attacks spread over `by_governorate` (Arabic names; the rest in Hasakah), the
    first `claimed` of them claimed, their whole toll on the first; and `unconfirmed` others."""
    places = [BY_NAME[name] for name, n in by_governorate for _ in range(n)]
    places += ["hasakah"] * (confirmed - len(places))
    attacks = [
        Attack(f"a{i:03d}", DAY, places[i - 1], "armed_attack", "military", claimed=i <= claimed)
        for i in range(1, confirmed + 1)
    ]
    attacks += [
        Attack(f"u{i:03d}", DAY, "hasakah", "armed_attack", "military", confirmed=False)
        for i in range(1, unconfirmed + 1)
    ]
    casualties = _casualties(toll, attack="a001") if confirmed else []
    if confirmed:
        for status, n in zip(("killed", "wounded"), unknown, strict=True):
            casualties += [Casualty(DAY, "unknown", status, n, attack="a001")] if n else []
        for status, n in zip(("killed", "wounded"), isis, strict=True):
            casualties += [Casualty(DAY, "isis", status, n, attack="a001")] if n else []
    if unconfirmed:
        casualties += _casualties(unconfirmed_toll, attack="u001")
    return attacks, casualties


def raids_month(
    raids: int = 0,
    detained: int = 0,
    isis_killed: int = 0,
    killed_roles: Sequence[str | None] = (),
    forces: Sequence[str] = (),
    notable_detained: Sequence[tuple[str, str | None]] = (),
    toll: Toll = (0, 0, 0, 0),
) -> tuple[list[Raid], list[Casualty]]:
    """`raids` raids, every one by all of `forces`; the detainees, notables and tolls on the
    first."""
    notables = [Notable(name, "detained", role) for name, role in notable_detained]
    notables += [Notable(f"قيادي مقتول {i}", "killed", role) for i, role in enumerate(killed_roles)]
    result = [
        Raid(
            f"r{i:03d}",
            DAY,
            "deir_ez_zor",
            forces=tuple(forces),
            detained=detained if i == 1 else 0,
            notable=tuple(notables) if i == 1 else (),
        )
        for i in range(1, raids + 1)
    ]
    casualties = _casualties(toll, raid="r001") if raids else []
    if isis_killed:
        casualties.append(Casualty(DAY, "isis", "killed", isis_killed, raid="r001"))
    return result, casualties


def month_record(
    attacks: Sequence[Attack] = (),
    raids: Sequence[Raid] = (),
    casualties: Sequence[Casualty] = (),
    sanctions: Sequence[Sanction] = (),
    camps: Sequence[Camp] = (),
    key: str = MONTH,
) -> Month:
    report = Report(key, "عنوان")
    return Month(
        key,
        Path("inputs") / key,
        report,
        tuple(attacks),
        tuple(raids),
        tuple(casualties),
        tuple(sanctions),
        tuple(camps),
    )


def facts_of(
    record: Month, previous: int | None = None, previous_month: str | None = "2023-10"
) -> MonthFacts:
    facts = month_facts(month_model(record))
    known = previous is not None and previous_month is not None
    comparison = Comparison(
        facts.attacks.confirmed.value,
        previous if known else None,
        previous_month if known else None,
    )
    return facts.compared(comparison)


def project(
    digits: str = "western",
    region: str = "شمال وشرق سوريا",
    genders: Mapping[str, str] | None = None,
    names_en: Mapping[str, str] | None = None,
) -> Project:
    publication = replace(Publication(), digits=digits, region=region)
    return Project(
        Path("inputs"),
        publication,
        GOVERNORATES,
        {},
        genders=genders or {},
        names_en=names_en or {},
    )


def arabic(**settings) -> ArabicVoice:
    return ArabicVoice(project(**settings))


def english(**settings) -> EnglishVoice:
    return EnglishVoice(project(**settings))


def camp(
    name: str,
    total: int | None = None,
    iraqi: int | None = None,
    syrian: int | None = None,
    foreign: int | None = None,
    repatriations: Sequence[tuple[str, int]] = (),
) -> Camp:
    return Camp(
        name,
        Population(total, iraqi, syrian, foreign),
        tuple(Repatriation(country, n) for country, n in repatriations),
    )


def said(markup: object) -> str | None:
    """A sentence as readers read it: the evidence links a counted phrase carries taken off."""
    return None if markup is None else without_evidence_links(str(markup))
