"""One model of a month's events: every casualty in the event it belongs to, or unattached.

A month's records become events: confirmed attacks, unconfirmed attacks and raids, each holding
the casualties linked to it. A casualty belongs to exactly one event, or to none (`unattached`);
the loader refuses one linked to both an attack and a raid. Every figure of the briefing is then
counted from these sets (`facts.py`), so no sentence, table, chart or edition can count a
casualty where another does not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from reportgen.input.records import Attack, Casualty, Category, Month, Raid, Status

EventKind = Literal["attack", "unconfirmed", "raid"]
PEOPLE: tuple[Category, ...] = ("military", "civilian", "unknown")
"""The categories of a toll: people who are not ISIS members (those are counted apart)."""


@dataclass(frozen=True)
class Event:
    """An attack or a raid with the casualties linked to it."""

    kind: EventKind
    record: Attack | Raid
    casualties: tuple[Casualty, ...] = ()

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def date(self) -> date:
        return self.record.date

    @property
    def governorate(self) -> str:
        return self.record.governorate

    def people(self, category: Category | Iterable[Category], status: Status) -> int:
        """How many of `category` (one or several) were killed or wounded in this event."""
        wanted = {category} if isinstance(category, str) else set(category)
        return sum(c.count for c in self.casualties if c.category in wanted and c.status == status)


@dataclass(frozen=True)
class MonthModel:
    """A full month as events. Events are in the briefing's order: by date, then id."""

    record: Month
    attacks: tuple[Event, ...]
    """Confirmed attacks."""
    unconfirmed: tuple[Event, ...]
    raids: tuple[Event, ...]
    unattached: tuple[Casualty, ...]
    """Casualties linked to no event: counted in no figure."""
    pending: tuple[Casualty, ...] = ()
    """Figures an editor has not confirmed (`confirmed: false`, e.g. ACLED's coded fatalities):
    in no event and no figure until confirmed."""

    @property
    def month(self) -> str:
        return self.record.key

    def events(self) -> tuple[Event, ...]:
        return (*self.attacks, *self.unconfirmed, *self.raids)

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events() if e.id == event_id)


def month_model(record: Month) -> MonthModel:
    """The events of a full month `record`, each with its casualties."""
    by_attack: dict[str, list[Casualty]] = {}
    by_raid: dict[str, list[Casualty]] = {}
    unattached: list[Casualty] = []
    pending: list[Casualty] = []
    for casualty in record.casualties:
        if not casualty.confirmed:
            pending.append(casualty)
        elif casualty.attack is not None:
            by_attack.setdefault(casualty.attack, []).append(casualty)
        elif casualty.raid is not None:
            by_raid.setdefault(casualty.raid, []).append(casualty)
        else:
            unattached.append(casualty)

    def attack(a: Attack) -> Event:
        return Event("attack" if a.confirmed else "unconfirmed", a, tuple(by_attack.get(a.id, ())))

    attacks = [attack(a) for a in _ordered(record.attacks)]
    raids = tuple(Event("raid", r, tuple(by_raid.get(r.id, ()))) for r in _ordered(record.raids))
    known = {a.id for a in record.attacks} | {r.id for r in record.raids}
    orphans = [
        c for key, group in {**by_attack, **by_raid}.items() if key not in known for c in group
    ]
    return MonthModel(
        record,
        attacks=tuple(e for e in attacks if e.kind == "attack"),
        unconfirmed=tuple(e for e in attacks if e.kind == "unconfirmed"),
        raids=raids,
        unattached=(*unattached, *orphans),
        pending=tuple(pending),
    )


def _ordered(records: Iterable[Attack | Raid]) -> list:
    return sorted(records, key=lambda r: (r.date, r.id))
