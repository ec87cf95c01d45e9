"""The facts each generated sentence states, computed once from the month's figures.

Both editions render these: `narrative.py` in Arabic, `narrative_en.py` in English. A count, a
comparison or a judgement ("one of the two was claimed") is decided here and only worded there,
so the two editions cannot disagree. Names the editors wrote come as `Text` (the Arabic and, when
given, the English form); governorates as gazetteer keys.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from reportgen.briefing.dataset import Dataset
from reportgen.input.records import Month, TargetType

Text = tuple[str, str | None]
"""An editor's text as (Arabic, English or None when not translated yet)."""


@dataclass(frozen=True)
class Toll:
    """Military killed and wounded, civilian killed and wounded."""

    military_killed: int = 0
    military_wounded: int = 0
    civilian_killed: int = 0
    civilian_wounded: int = 0

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (
            self.military_killed,
            self.military_wounded,
            self.civilian_killed,
            self.civilian_wounded,
        )


@dataclass(frozen=True)
class Attacks:
    month: str
    confirmed: int
    unconfirmed: int
    previous_month: str | None
    previous_confirmed: int | None
    toll: Toll
    unconfirmed_toll: Toll
    by_governorate: tuple[tuple[str, int], ...]
    """Governorate keys with their confirmed attacks, most first."""
    claimed: int


@dataclass(frozen=True)
class Raids:
    raids: int
    detained: int
    isis_killed: int
    forces: tuple[str, ...]
    """Every force named, the one in most raids first."""
    killed_roles: tuple[Text | None, ...]
    """One per killed notable: its role, or None when unknown."""
    notable_detained: tuple[tuple[Text, Text | None], ...]
    toll: Toll


@dataclass(frozen=True)
class Sanction:
    authority: str
    target: str
    target_type: TargetType
    reason: Text | None
    first: bool
    same_authority: bool
    target_en: str | None = None


@dataclass(frozen=True)
class Repatriation:
    country: str
    people: int
    camp: str


@dataclass(frozen=True)
class Camp:
    name: str
    total: int | None
    groups: dict[str, int]
    """The known population groups (iraqi, syrian, foreign)."""
    repatriations: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Change:
    current: int
    previous: int | None


@dataclass(frozen=True)
class MonthFacts:
    month: str
    attacks: Attacks
    raids: Raids
    sanctions: tuple[Sanction, ...]
    repatriations: tuple[Repatriation, ...]
    camps: tuple[Camp, ...]
    attacks_change: Change


def month_facts(dataset: Dataset, record: Month) -> MonthFacts:
    """Every generated sentence's facts for the month of `record` (its English texts come from
    the record: the dataset's tables are the language-free figures)."""
    month = record.key
    row = dataset.row(month)
    previous_month = dataset.previous_month(month)
    previous = dataset.row(previous_month) if previous_month else None

    def count(column: str) -> int:
        return _int(row[column]) or 0

    previous_attacks = None if previous is None else _int(previous["attacks"])
    return MonthFacts(
        month=month,
        attacks=_attacks(dataset, month, count, previous_month, previous_attacks),
        raids=_raids(dataset, record, count),
        sanctions=_sanctions(dataset.of_month("sanctions", month), record),
        repatriations=tuple(
            Repatriation(r.country, int(r.people), r.camp)
            for r in dataset.of_month("repatriations", month).itertuples()
        ),
        camps=_camps(dataset, month),
        attacks_change=Change(count("attacks"), previous_attacks),
    )


def _int(value: object) -> int | None:
    return None if pd.isna(value) else int(value)


def text_of(value: object, english: object = None) -> Text | None:
    """A text cell and its English counterpart cell; None when the Arabic is missing."""
    if not (isinstance(value, str) and value):
        return None
    return (value, english if isinstance(english, str) and english else None)


def toll_of(count, prefix: str) -> Toll:
    """The toll of the summary columns that start with `prefix` ("", "raid_", "unconfirmed_")."""
    return Toll(*(count(f"{prefix}{c}") for c in _TOLL_COLUMNS))


_TOLL_COLUMNS = ("military_killed", "military_wounded", "civilian_killed", "civilian_wounded")


def _attacks(dataset, month, count, previous_month, previous_attacks) -> Attacks:
    attacks = dataset.of_month("attacks", month)
    confirmed = attacks[attacks["confirmed"].astype(bool)]
    by_governorate = confirmed.groupby("governorate").size().sort_values(ascending=False)
    return Attacks(
        month=month,
        confirmed=count("attacks"),
        unconfirmed=count("unconfirmed_attacks"),
        previous_month=previous_month,
        previous_confirmed=previous_attacks,
        toll=toll_of(count, ""),
        unconfirmed_toll=toll_of(count, "unconfirmed_"),
        by_governorate=tuple((str(key), int(n)) for key, n in by_governorate.items()),
        claimed=int(confirmed["claimed"].astype(bool).sum()),
    )


def forces_by_raids(raids: pd.DataFrame) -> list[str]:
    """Every force named, the one in most raids first (ties in the order first named)."""
    named = [force for r in raids["forces"] if isinstance(r, str) and r for force in r.split("، ")]
    counts = pd.Series(named, dtype=object).value_counts(sort=False)
    return sorted(counts.index, key=lambda force: -counts[force])


def _raids(dataset, record: Month, count) -> Raids:
    raids = dataset.of_month("raids", record.key)
    notable = dataset.of_month("notable", record.key)
    known = notable.merge(raids[["id"]], left_on="raid", right_on="id")
    notables = {(r.id, n.name): n for r in record.raids for n in r.notable}
    english = {key: n.role_en for key, n in notables.items()}
    names = {key: n.name_en for key, n in notables.items()}
    return Raids(
        raids=count("raids"),
        detained=count("detained"),
        isis_killed=count("isis_killed"),
        forces=tuple(forces_by_raids(raids)),
        killed_roles=tuple(
            text_of(n.role, english.get((n.raid, n.name)))
            for n in notable.itertuples()
            if n.outcome == "killed"
        ),
        notable_detained=tuple(
            (
                (n.name, names.get((n.raid, n.name))),
                text_of(n.role, english.get((n.raid, n.name))),
            )
            for n in known.itertuples()
            if n.outcome == "detained"
        ),
        toll=toll_of(count, "raid_"),
    )


def _sanctions(sanctions: pd.DataFrame, record: Month) -> tuple[Sanction, ...]:
    authorities = list(sanctions["authority"]) if not sanctions.empty else []
    return tuple(
        Sanction(
            s.authority,
            s.target,
            s.target_type,
            text_of(s.reason, record.sanctions[i].reason_en),
            first=i == 0,
            same_authority=i > 0 and s.authority == authorities[i - 1],
            target_en=record.sanctions[i].target_en,
        )
        for i, s in enumerate(sanctions.itertuples())
    )


def camp_unspecified(camp: Camp) -> int | None:
    """The people of a camp whose nationality the figures leave unspecified: the total less the
    three groups, when all are known and they fall short of it (check allows
    `limits.camp_unspecified_percent`); None otherwise. For the voices to show as «غير محدد»."""
    groups = [camp.groups.get(k) for k in ("iraqi", "syrian", "foreign")]
    if camp.total is None or None in groups:
        return None
    rest = camp.total - sum(groups)
    return rest if rest > 0 else None


def _camps(dataset, month) -> tuple[Camp, ...]:
    repatriations = dataset.of_month("repatriations", month)
    camps = []
    for camp in dataset.of_month("camps", month).itertuples():
        groups = {k: _int(getattr(camp, k)) for k in ("iraqi", "syrian", "foreign")}
        returned = repatriations[repatriations["camp"] == camp.name]
        camps.append(
            Camp(
                camp.name,
                _int(camp.total),
                {k: v for k, v in groups.items() if v is not None},
                tuple((r.country, int(r.people)) for r in returned.itertuples()),
            )
        )
    return tuple(camps)
