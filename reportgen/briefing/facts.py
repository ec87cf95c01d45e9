"""The month's facts: every figure the briefing states, counted once from the month's events.

Each figure is a `Count`: its value and the ids of the records it counts, the evidence a reader
can open beside it. A count, a comparison or a judgement ("one of the two was claimed", "the
coalition took part in these raids") is decided here and only worded by the voices, so the
editions, the key figures, the tables, the charts, the email and the exports cannot disagree.
Names the editors wrote come as `Text` (the Arabic and, when given, the English form);
governorates as gazetteer keys.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from reportgen.briefing.model import PEOPLE, Event, MonthModel
from reportgen.input.records import Camp as CampRecord
from reportgen.input.records import Casualty, Category, Status, TargetType

Text = tuple[str, str | None]
"""An editor's text as (Arabic, English or None when not translated yet)."""
GROUPS = ("iraqi", "syrian", "foreign")
"""A camp's population groups, in the order the briefing lists them."""


@dataclass(frozen=True)
class Count:
    """A figure, the ids of the records it counts (events, camps), and `key`, the name of its
    evidence in the page («evidence-KEY»: the list of those records a reader can open)."""

    value: int
    ids: tuple[str, ...] = ()
    key: str = ""

    def __add__(self, other: Count) -> Count:
        return Count(self.value + other.value, _union(self.ids, other.ids), self.key)

    def named(self, key: str) -> Count:
        return Count(self.value, self.ids, key)


def _union(*groups: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for group in groups for i in group))


def counted(
    events: Iterable[Event], value: Callable[[Event], int] = lambda _e: 1, key: str = ""
) -> Count:
    """The sum of `value` over `events`, with the ids of those that add something."""
    values = [(event.id, value(event)) for event in events]
    return Count(sum(v for _, v in values), tuple(i for i, v in values if v), key)


@dataclass(frozen=True)
class Toll:
    """The people killed and wounded in a set of events, by category; ISIS members apart.
    `place` prefixes the evidence keys («killed», «raid-isis-killed»)."""

    counts: dict[tuple[Category, Status], Count] = field(default_factory=dict)
    place: str = ""
    totals: dict[Status, Count] = field(default_factory=dict)
    """Every person who is not an ISIS member, killed or wounded (with the events in order)."""

    def of(self, category: Category, status: Status) -> Count:
        return self.counts.get((category, status), Count(0, (), self._key(f"{category}-{status}")))

    def people(self, status: Status) -> Count:
        """Every person who is not an ISIS member: military, civilians and the unknown."""
        return self.totals.get(status, Count(0, (), self._key(status)))

    def _key(self, name: str) -> str:
        return f"{self.place}-{name}" if self.place else name

    def any_people(self) -> bool:
        return any(self.of(c, s).value for c in PEOPLE for s in ("killed", "wounded"))


def toll_of(events: Sequence[Event], place: str = "", unattached: Sequence[Casualty] = ()) -> Toll:
    """The toll of `events` (and of `unattached` casualties, which have no event to name)."""
    counts: dict[tuple[Category, Status], Count] = {}
    for category in (*PEOPLE, "isis"):
        for status in ("killed", "wounded"):
            key = f"{place}-{category}-{status}" if place else f"{category}-{status}"
            count = counted(events, lambda e, c=category, s=status: e.people(c, s), key)
            loose = sum(
                x.count for x in unattached if x.category == category and x.status == status
            )
            counts[(category, status)] = Count(count.value + loose, count.ids, key)
    totals = {}
    for status in ("killed", "wounded"):
        key = f"{place}-{status}" if place else status
        count = counted(events, lambda e, s=status: e.people(PEOPLE, s), key)
        loose = sum(x.count for x in unattached if x.category in PEOPLE and x.status == status)
        totals[status] = Count(count.value + loose, count.ids, key)
    return Toll(counts, place, totals)


@dataclass(frozen=True)
class Comparison:
    """This month's confirmed attacks against the calendar month before (when the inputs have
    it): the direction and size of the change, decided once for every edition."""

    current: int
    previous: int | None = None
    previous_month: str | None = None

    @property
    def known(self) -> bool:
        return self.previous is not None and self.previous_month is not None

    @property
    def difference(self) -> int:
        return self.current - (self.previous or 0)

    @property
    def direction(self) -> Literal["up", "down", "same"]:
        return "up" if self.difference > 0 else "down" if self.difference < 0 else "same"

    @property
    def percent(self) -> Fraction | None:
        """The change as an exact share of last month's figure; None after a month of none."""
        if not self.previous:
            return None
        return Fraction(abs(self.difference) * 100, self.previous)


@dataclass(frozen=True)
class Attacks:
    month: str
    confirmed: Count
    unconfirmed: Count
    toll: Toll
    """Casualties of confirmed attacks (ISIS members among them apart)."""
    unconfirmed_toll: Toll
    by_governorate: tuple[tuple[str, Count], ...]
    """Governorate keys with their confirmed attacks, most first (ties in the order first seen)."""
    claimed: Count
    comparison: Comparison = Comparison(0)


@dataclass(frozen=True)
class Notable:
    name: Text
    role: Text | None
    raid: str


@dataclass(frozen=True)
class Force:
    """A force that led raids this month, and the forces that took part in some of them."""

    name: str
    raids: Count
    participants: tuple[tuple[str, Count], ...]
    """A participating force (the coalition) and the raids of this force it took part in."""


Half = Literal["both", "one", "same", "other"]
"""Which of a month's two raids a force had (`Raids.halves`)."""


@dataclass(frozen=True)
class Raids:
    raids: Count
    detained: Count
    toll: Toll
    """Casualties linked to raids only: ISIS killed in raids are `toll.of("isis", "killed")`."""
    forces: tuple[Force, ...]
    """Every leading force, the one in most raids first (ties in the order first named)."""
    joint: bool
    """Whether some raid was led by several forces together (their counts then overlap)."""
    killed_notables: tuple[Notable, ...]
    detained_notables: tuple[Notable, ...]

    @property
    def isis_killed(self) -> Count:
        return self.toll.of("isis", "killed")

    def halves(self) -> tuple[Half | None, ...]:
        """In a month of two raids, which of them each force had, as a sentence tells it: both,
        or for the first force with one «one of them», and for a later one the same raid or «the
        other»; None in a month of any other number of raids. (Forces that led a raid together
        have the same one: «the other» for each would be wrong.)"""
        if self.raids.value != 2:
            return tuple(None for _force in self.forces)
        first: tuple[str, ...] | None = None
        halves: list[Half | None] = []
        for force in self.forces:
            if force.raids.value == 2:
                halves.append("both")
            elif first is None:
                first = force.raids.ids
                halves.append("one")
            else:
                halves.append("same" if first and force.raids.ids == first else "other")
        return tuple(halves)

    @property
    def together(self) -> bool:
        """Whether every raid was carried out by all the forces named, each participant (the
        coalition) taking part in all of them: the raids are then told as one."""
        total = self.raids.value
        return bool(self.forces) and all(
            force.raids.value == total
            and [(name, c.value) for name, c in force.participants]
            == [(name, c.value) for name, c in self.forces[0].participants]
            and all(c.value == total for _, c in force.participants)
            for force in self.forces
        )


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
    people: Count
    camp: str


@dataclass(frozen=True)
class Camp:
    name: str
    id: str
    population: Count | None
    """The camp's total, or the sum of its groups when no total is given."""
    total_given: bool
    groups: dict[str, int]
    """The known population groups (iraqi, syrian, foreign)."""
    repatriations: tuple[tuple[str, Count], ...]
    approximate: bool = False

    @property
    def unspecified(self) -> int | None:
        """The people whose nationality the figures leave unspecified: the given total less the
        three groups, when all three are known and fall short of it (check allows
        `limits.camp_unspecified_percent`); None otherwise."""
        if not self.total_given or self.population is None or len(self.groups) < len(GROUPS):
            return None
        rest = self.population.value - sum(self.groups.values())
        return rest if rest > 0 else None


@dataclass(frozen=True)
class MonthFacts:
    month: str
    attacks: Attacks
    raids: Raids
    sanctions: tuple[Sanction, ...]
    repatriations: tuple[Repatriation, ...]
    camps: tuple[Camp, ...]
    unattached: Toll = Toll()

    @property
    def camp_population(self) -> Count | None:
        """Every camp with a population, added: what the key figure states and names."""
        known = [c.population for c in self.camps if c.population is not None]
        if not known:
            return None
        total = Count(0, (), "camps")
        for population in known:
            total = total + population
        return total

    def compared(self, comparison: Comparison) -> MonthFacts:
        from dataclasses import replace

        return replace(self, attacks=replace(self.attacks, comparison=comparison))


def month_facts(model: MonthModel) -> MonthFacts:
    """Every figure of the month of `model`, with the records each counts. The comparison with
    the month before is added by `MonthFacts.compared` (it needs the other months)."""
    record = model.record
    return MonthFacts(
        month=model.month,
        attacks=_attacks(model),
        raids=_raids(model),
        sanctions=_sanctions(record.sanctions),
        repatriations=tuple(
            Repatriation(country, people, camp.name)
            for camp in _camps(record.camps)
            for country, people in camp.repatriations
        ),
        camps=_camps(record.camps),
        unattached=toll_of((), "other", model.unattached),
    )


def _attacks(model: MonthModel) -> Attacks:
    confirmed = model.attacks
    governorates: dict[str, list[Event]] = {}
    for event in confirmed:
        governorates.setdefault(event.governorate, []).append(event)
    ranked = sorted(governorates.items(), key=lambda item: -len(item[1]))
    return Attacks(
        month=model.month,
        confirmed=counted(confirmed, key="attacks"),
        unconfirmed=counted(model.unconfirmed, key="unconfirmed"),
        toll=toll_of(confirmed),
        unconfirmed_toll=toll_of(model.unconfirmed, "unconfirmed"),
        by_governorate=tuple(
            (key, counted(events, key=f"governorate-{key}")) for key, events in ranked
        ),
        claimed=counted(confirmed, lambda e: int(e.record.claimed), "claimed"),
        comparison=Comparison(len(confirmed)),
    )


def is_participant(force: str) -> bool:
    """The coalition takes part in raids that local forces lead («بمشاركة التحالف الدولي»)."""
    return force.strip().startswith("التحالف")


def leaders_and_participants(forces: Sequence[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    leaders = tuple(f for f in forces if not is_participant(f)) or tuple(forces)
    return leaders, tuple(f for f in forces if f not in leaders)


def _raids(model: MonthModel) -> Raids:
    raids = model.raids
    led: dict[str, list[Event]] = {}
    as_written = {r.id: i for i, r in enumerate(model.record.raids)}
    for event in sorted(raids, key=lambda e: as_written[e.id]):
        for force in leaders_and_participants(event.record.forces)[0]:
            led.setdefault(force, []).append(event)
    for events in led.values():
        events.sort(key=lambda e: (e.date, e.id))
    ranked = sorted(led.items(), key=lambda item: -len(item[1]))
    notables = [(n, event.id) for event in raids for n in event.record.notable]
    return Raids(
        raids=counted(raids, key="raids"),
        detained=counted(raids, lambda e: e.record.detained, "detained"),
        toll=toll_of(raids, "raid"),
        forces=tuple(
            _force(name, events, f"force-{index}") for index, (name, events) in enumerate(ranked, 1)
        ),
        joint=any(len(leaders_and_participants(e.record.forces)[0]) > 1 for e in raids),
        killed_notables=tuple(_notable(n, raid) for n, raid in notables if n.outcome == "killed"),
        detained_notables=tuple(
            _notable(n, raid) for n, raid in notables if n.outcome == "detained"
        ),
    )


def _force(name: str, events: list[Event], key: str) -> Force:
    participants: dict[str, list[Event]] = {}
    for event in events:
        for other in leaders_and_participants(event.record.forces)[1]:
            participants.setdefault(other, []).append(event)
    return Force(
        name,
        counted(events, key=key),
        tuple(
            (other, counted(group, key=f"{key}-with-{index}"))
            for index, (other, group) in enumerate(participants.items(), 1)
        ),
    )


def _notable(notable, raid: str) -> Notable:
    return Notable(
        name=(notable.name, notable.name_en),
        role=text_of(notable.role, notable.role_en),
        raid=raid,
    )


def text_of(value: str | None, english: str | None = None) -> Text | None:
    """An editor's text and its English counterpart; None when the Arabic is missing."""
    if not value:
        return None
    return (value, english or None)


def _sanctions(records) -> tuple[Sanction, ...]:
    return tuple(
        Sanction(
            s.authority,
            s.target,
            s.target_type,
            text_of(s.reason, s.reason_en),
            first=i == 0,
            same_authority=i > 0 and s.authority == records[i - 1].authority,
            target_en=s.target_en,
        )
        for i, s in enumerate(records)
    )


def camp_id(name: str) -> str:
    """A camp's id in the page and in `data-events`: «camp-الهول», «camp-مخيم-روج»."""
    return "camp-" + "-".join(name.split())


def _camps(records: Sequence[CampRecord]) -> tuple[Camp, ...]:
    camps = []
    for record in records:
        population = record.population
        groups = {k: getattr(population, k) for k in GROUPS if getattr(population, k) is not None}
        total = population.total if population.total is not None else sum(groups.values())
        known = population.total is not None or bool(groups)
        ident = camp_id(record.name)
        camps.append(
            Camp(
                record.name,
                ident,
                Count(total, (ident,), ident) if known else None,
                total_given=population.total is not None,
                groups=groups,
                repatriations=tuple(
                    (r.country, Count(r.people, (ident,), ident)) for r in record.repatriations
                ),
                approximate=record.approximate,
            )
        )
    return tuple(camps)


TOLL_PLACES = {"": "attacks", "raid_": "raids", "unconfirmed_": "unconfirmed", "other_": "other"}
"""The summary's column prefix of each place a casualty is counted in."""


def summary_row(facts: MonthFacts) -> dict[str, int | None]:
    """The month's row of the dataset's summary table (docs/architecture.md lists the columns):
    the same counts the briefing states, so trends, exports and sentences agree."""
    a, r = facts.attacks, facts.raids
    tolls = {
        "": a.toll,
        "raid_": r.toll,
        "unconfirmed_": a.unconfirmed_toll,
        "other_": facts.unattached,
    }
    row: dict[str, int | None] = {
        "attacks": a.confirmed.value,
        "unconfirmed_attacks": a.unconfirmed.value,
        "raids": r.raids.value,
        "detained": r.detained.value,
    }
    for prefix, toll in tolls.items():
        for category in PEOPLE:
            for status in ("killed", "wounded"):
                row[f"{prefix}{category}_{status}"] = toll.of(category, status).value
    every_toll = tolls.values()
    for status in ("killed", "wounded"):
        row[f"isis_{status}"] = sum(t.of("isis", status).value for t in every_toll)
        row[f"attack_isis_{status}"] = a.toll.of("isis", status).value
        row[f"raid_isis_{status}"] = r.toll.of("isis", status).value
        row[status] = a.toll.people(status).value
    population = facts.camp_population
    row["sanctions"] = len(facts.sanctions)
    row["camp_population"] = population.value if population else None
    for group in GROUPS:
        values = [c.groups[group] for c in facts.camps if group in c.groups]
        row[f"camp_{group}"] = sum(values) if values else None
    row["repatriated"] = sum(rep.people.value for rep in facts.repatriations)
    return row
