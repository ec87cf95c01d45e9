"""What a month's briefing must say, worked out from its YAML files alone: the oracle of the
figures-agree properties.

Nothing here calls reportgen's model, facts or dataset. The rules are the ones docs/data-format.md
states: only confirmed attacks are counted; a casualty is counted where its link puts it (a
confirmed attack, an unconfirmed attack, a raid, or nowhere), and a casualty not yet confirmed
(`confirmed: false`) nowhere at all; a toll is military, civilian and
unknown people, ISIS members apart; the ISIS dead of raids are the ISIS casualties linked to raids;
a camp's population is its total, else the sum of its groups; the coalition («التحالف…») takes
part in the raids that other forces lead, and leads a raid only when it is alone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

PEOPLE = ("military", "civilian", "unknown")
CATEGORIES = (*PEOPLE, "isis")
STATUSES = ("killed", "wounded")
GROUPS = ("iraqi", "syrian", "foreign")
Toll = dict[tuple[str, str], int]
"""(category, status) -> people."""


def _read(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None


def _items(folder: Path, name: str) -> list[dict[str, Any]]:
    data = _read(folder / f"{name}.yaml") or {}
    return data.get(name) or []


def _counted(folder: Path) -> list[dict[str, Any]]:
    """The month's casualties that count somewhere: a figure not yet confirmed (`confirmed:
    false`, an ACLED coding convention) is counted nowhere, whatever it is linked to."""
    return [c for c in _items(folder, "casualties") if c.get("confirmed", True) is not False]


def previous_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:])
    return f"{year - 1}-12" if number == 1 else f"{year}-{number - 1:02d}"


@dataclass(frozen=True)
class Event:
    id: str
    date: str
    governorate: str
    """The governorate's key."""
    record: dict[str, Any]
    toll: Toll = field(default_factory=dict)

    def people(self, status: str, categories: Iterable[str] = PEOPLE) -> int:
        return sum(self.toll.get((category, status), 0) for category in categories)


@dataclass(frozen=True)
class Camp:
    name: str
    id: str
    population: int | None
    total_given: bool
    groups: dict[str, int]
    repatriations: list[tuple[str, int]]


@dataclass(frozen=True)
class Figure:
    """A number and the ids of the records it counts (those that add something to it)."""

    value: int
    ids: tuple[str, ...]


def _figure(events: Iterable[Event], value=lambda event: 1) -> Figure:
    pairs = [(event.id, value(event)) for event in events]
    return Figure(sum(v for _, v in pairs), tuple(i for i, v in pairs if v))


def is_coalition(force: str) -> bool:
    return force.strip().startswith("التحالف")


def leaders(forces: Iterable[str]) -> list[str]:
    """The forces that carried out a raid: all but the coalition, or the coalition alone."""
    named = list(dict.fromkeys(force.strip() for force in forces))
    return [force for force in named if not is_coalition(force)] or named


@dataclass(frozen=True)
class Expected:
    month: str
    governorate_names: dict[str, tuple[str, str]]
    """Key -> (Arabic name, English name)."""
    confirmed: list[Event]
    unconfirmed: list[Event]
    raids: list[Event]
    camps: list[Camp]
    sanctions: int
    previous: int | None
    """Confirmed attacks of the calendar month before, when the inputs know them."""
    previous_tolls: dict[str, int | None]
    """The calendar month before's attack tolls by summary column, when known."""
    table_limit: int = 60
    """publication.yaml's `pdf_table_limit`: above it, the PDF lists only the notable events."""
    history: dict[str, dict[str, int | None]] = field(default_factory=dict)
    """The eleven months before, those the inputs have: attacks, raids, detained."""

    def in_trend(self, *columns: str) -> bool:
        """Whether a trend of `columns` is drawn: another month of the last twelve has one."""
        return any(month.get(c) is not None for month in self.history.values() for c in columns)

    # --- attacks ---------------------------------------------------------------------------

    def attacks(self) -> Figure:
        return _figure(self.confirmed)

    def claimed(self) -> Figure:
        return _figure(self.confirmed, lambda e: int(bool(e.record.get("claimed"))))

    def by_governorate(self) -> dict[str, Figure]:
        keys = dict.fromkeys(e.governorate for e in self.confirmed)
        return {k: _figure(e for e in self.confirmed if e.governorate == k) for k in keys}

    def toll(self, events: list[Event], category: str, status: str) -> Figure:
        return _figure(events, lambda e: e.toll.get((category, status), 0))

    def people(self, events: list[Event], status: str) -> Figure:
        return _figure(events, lambda e: e.people(status))

    def tolls(self, events: list[Event], isis: bool = False) -> Toll:
        """The non-zero tolls of `events`, ISIS members among them when asked."""
        found = {
            (c, s): self.toll(events, c, s).value
            for c in (CATEGORIES if isis else PEOPLE)
            for s in STATUSES
        }
        return {key: n for key, n in found.items() if n}

    def change(self) -> tuple[int, int | None] | None:
        """The change from the month before and its percentage (rounded half up, None after a
        month of none), or None when the month before is not known."""
        if self.previous is None:
            return None
        difference = len(self.confirmed) - self.previous
        if not self.previous:
            return difference, None
        share = Fraction(abs(difference) * 100, self.previous)
        return difference, math.floor(share + Fraction(1, 2))

    # --- raids -----------------------------------------------------------------------------

    def raid_count(self) -> Figure:
        return _figure(self.raids)

    def detained(self) -> Figure:
        return _figure(self.raids, lambda e: int(e.record.get("detained", 0)))

    def isis_killed_in_raids(self) -> Figure:
        return self.toll(self.raids, "isis", "killed")

    def notables(self) -> list[dict[str, Any]]:
        """The raids' notables in the briefing's order (raids by date and id)."""
        return [dict(n, raid=e.id) for e in self.raids for n in e.record.get("notable") or ()]

    def forces(self) -> dict[str, tuple[str, ...]]:
        """Each force that carried out raids -> those raids."""
        led: dict[str, list[str]] = {}
        for event in self.raids:
            for force in leaders(event.record.get("forces") or ()):
                led.setdefault(force, []).append(event.id)
        return {force: tuple(ids) for force, ids in led.items()}

    def joined(self, force: str) -> dict[str, tuple[str, ...]]:
        """The coalition's raids among those `force` carried out."""
        found: dict[str, list[str]] = {}
        for event in self.raids:
            named = [f.strip() for f in event.record.get("forces") or ()]
            if force in leaders(named):
                for other in dict.fromkeys(named):
                    if other not in leaders(named):
                        found.setdefault(other, []).append(event.id)
        return {other: tuple(ids) for other, ids in found.items()}

    # --- camps -----------------------------------------------------------------------------

    def camp_population(self) -> Figure | None:
        known = [camp for camp in self.camps if camp.population is not None]
        if not known:
            return None
        return Figure(sum(camp.population for camp in known), tuple(c.id for c in known))

    def repatriated(self) -> list[tuple[str, int, str]]:
        """(country, people, camp name) of every repatriation, camp by camp."""
        return [(c, n, camp.name) for camp in self.camps for c, n in camp.repatriations]

    # --- the key figures -------------------------------------------------------------------

    def key_figures(self) -> dict[str, Figure]:
        """Each key figure with the ids its `data-events` must list."""
        figures = {
            "attacks": self.attacks(),
            "killed": self.people(self.confirmed, "killed"),
            "wounded": self.people(self.confirmed, "wounded"),
            "raids": self.raid_count(),
            "detained": self.detained(),
        }
        population = self.camp_population()
        if population is not None:
            figures["camp"] = population
        return figures

    def evidence(self) -> dict[str, Figure]:
        """The evidence keys a page may link to, with what each counts; camps and forces apart."""
        found = {
            "attacks": self.attacks(),
            "unconfirmed": _figure(self.unconfirmed),
            "claimed": self.claimed(),
            "raids": self.raid_count(),
            "detained": self.detained(),
            "killed": self.people(self.confirmed, "killed"),
            "wounded": self.people(self.confirmed, "wounded"),
        }
        for key, figure in self.by_governorate().items():
            found[f"governorate-{key}"] = figure
        for place, events in (("", self.confirmed), ("unconfirmed-", self.unconfirmed)):
            for c in CATEGORIES:
                for s in STATUSES:
                    found[f"{place}{c}-{s}"] = self.toll(events, c, s)
        for c in CATEGORIES:
            for s in STATUSES:
                found[f"raid-{c}-{s}"] = self.toll(self.raids, c, s)
        return found


def camp_id(name: str) -> str:
    return "camp-" + "-".join(name.split())


def _camp(item: dict[str, Any]) -> Camp:
    population = item.get("population") or {}
    groups = {g: int(population[g]) for g in GROUPS if population.get(g) is not None}
    total = population.get("total")
    known = total is not None or bool(groups)
    return Camp(
        name=item["name"].strip(),
        id=camp_id(item["name"]),
        population=(int(total) if total is not None else sum(groups.values())) if known else None,
        total_given=total is not None,
        groups=groups,
        repatriations=[
            (r["country"].strip(), int(r["people"])) for r in item.get("repatriations") or ()
        ],
    )


def _events(
    items: list[dict[str, Any]], link: str, casualties: list[dict[str, Any]], names: dict[str, str]
) -> list[Event]:
    events = []
    for item in items:
        toll: Toll = {}
        for casualty in casualties:
            if casualty.get(link) == item["id"]:
                key = (casualty["category"], casualty["status"])
                toll[key] = toll.get(key, 0) + int(casualty["count"])
        governorate = names.get(item["governorate"], item["governorate"])
        events.append(Event(item["id"], str(item["date"]), governorate, item, toll))
    return sorted(events, key=lambda e: (e.date, e.id))


def _history(inputs: Path, month: str) -> dict[str, dict[str, int | None]]:
    found = {}
    key = month
    for _ in range(11):
        key = previous_month(key)
        folder = inputs / key
        if not folder.is_dir():
            continue
        report = _read(folder / "report.yaml") or {}
        if "totals" in report:
            totals = report["totals"] or {}
            found[key] = {c: totals.get(c) for c in ("attacks", "raids", "detained")}
        else:
            raids = _items(folder, "raids")
            found[key] = {
                "attacks": sum(1 for a in _items(folder, "attacks") if a.get("confirmed", True)),
                "raids": len(raids),
                "detained": sum(int(r.get("detained", 0)) for r in raids),
            }
    return found


def _month_tolls(folder: Path) -> tuple[int | None, dict[str, int | None]]:
    """A month's confirmed attacks and attack tolls: a summary month's totals, or counted."""
    report = _read(folder / "report.yaml") or {}
    columns = [f"{c}_{s}" for c in ("military", "civilian") for s in STATUSES]
    if "totals" in report:
        totals = report["totals"] or {}
        return totals.get("attacks"), {column: totals.get(column) for column in columns}
    attacks = [a for a in _items(folder, "attacks") if a.get("confirmed", True)]
    ids = {a["id"] for a in attacks}
    tolls: dict[str, int | None] = {f"{c}_{s}": 0 for c in PEOPLE for s in STATUSES}
    for casualty in _counted(folder):
        column = f"{casualty['category']}_{casualty['status']}"
        if casualty.get("attack") in ids and column in tolls:
            tolls[column] += int(casualty["count"])
    return len(attacks), tolls


def expected(inputs: Path, month: str) -> Expected:
    """What `month` of the project in `inputs` must show."""
    folder = inputs / month
    gazetteer = (_read(inputs / "governorates.yaml") or {}).get("governorates") or []
    names = {g["name_ar"]: g["key"] for g in gazetteer} | {g["key"]: g["key"] for g in gazetteer}
    casualties = _counted(folder)
    attacks = _events(_items(folder, "attacks"), "attack", casualties, names)
    before = inputs / previous_month(month)
    previous, previous_tolls = _month_tolls(before) if before.is_dir() else (None, {})
    return Expected(
        month=month,
        governorate_names={g["key"]: (g["name_ar"], g["name_en"]) for g in gazetteer},
        confirmed=[e for e in attacks if e.record.get("confirmed", True)],
        unconfirmed=[e for e in attacks if not e.record.get("confirmed", True)],
        raids=_events(_items(folder, "raids"), "raid", casualties, names),
        camps=[_camp(item) for item in _items(folder, "camps")],
        sanctions=len(_items(folder, "sanctions")),
        previous=previous,
        previous_tolls=previous_tolls,
        table_limit=(_read(inputs / "publication.yaml") or {}).get("pdf_table_limit", 60),
        history=_history(inputs, month),
    )
