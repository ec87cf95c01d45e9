"""The merged dataset: every month's records as tidy pandas tables, and the per-month summary.

Full months and summary months meet in `summary`, one row per month; comparisons and trends are read
from it (`previous_month`, `window`), never from loops over records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from reportgen.briefing.facts import Comparison, MonthFacts, month_facts, summary_row
from reportgen.briefing.model import PEOPLE, MonthModel, month_model
from reportgen.files import write_safe_csv
from reportgen.input.records import TREND_MONTHS, Month, Project

_PLACES = ("", "raid_", "unconfirmed_", "other_")
"""Where a casualty is counted: a confirmed attack (no prefix), a raid, an unconfirmed attack,
or nothing (linked to no event); see facts.summary_row."""
CASUALTY_COLUMNS = [
    f"{prefix}{category}_{status}"
    for prefix in _PLACES
    for category in ("military", "civilian", "unknown")
    for status in ("killed", "wounded")
] + [
    f"{where}isis_{status}"
    for where in ("", "attack_", "raid_")
    for status in ("killed", "wounded")
]
SUMMARY_COLUMNS = [
    "attacks",
    "unconfirmed_attacks",
    "raids",
    "detained",
    *CASUALTY_COLUMNS,
    "killed",
    "wounded",
    "sanctions",
    "camp_population",
    "camp_iraqi",
    "camp_syrian",
    "camp_foreign",
    "repatriated",
    "attacks_change",
]
COUNTED_IN = {"attack": "attack", "unconfirmed": "unconfirmed", "raid": "raid"}
"""An event's kind → the casualties table's `counted_in` (casualties of no event: "other")."""

_TABLE_COLUMNS = {
    "attacks": [
        "month",
        "id",
        "date",
        "governorate",
        "location",
        "lat",
        "lon",
        "type",
        "target",
        "confirmed",
        "claimed",
        "description",
        "sources",
        "killed",
        "wounded",
    ],
    "raids": [
        "month",
        "id",
        "date",
        "governorate",
        "location",
        "lat",
        "lon",
        "forces",
        "detained",
        "description",
        "sources",
        "isis_killed",
    ],
    "notable": ["month", "raid", "name", "role", "outcome"],
    "casualties": [
        "month",
        "date",
        "category",
        "status",
        "count",
        "attack",
        "raid",
        "note",
        "counted_in",
    ],
    "sanctions": [
        "month",
        "date",
        "authority",
        "target",
        "target_type",
        "reason",
        "quote_text",
        "quote_by",
        "quote_role",
        "sources",
    ],
    "camps": [
        "month",
        "name",
        "total",
        "iraqi",
        "syrian",
        "foreign",
        "population",
        "repatriated",
        "notes",
    ],
    "repatriations": ["month", "camp", "country", "people"],
}


@dataclass(frozen=True)
class Dataset:
    """All months merged: tables with a `month` column ('YYYY-MM'), `summary` (a row a month),
    and each full month's events (`models`) and facts (`facts`), the one source of its figures."""

    attacks: pd.DataFrame
    raids: pd.DataFrame
    notable: pd.DataFrame
    casualties: pd.DataFrame
    sanctions: pd.DataFrame
    camps: pd.DataFrame
    repatriations: pd.DataFrame
    summary: pd.DataFrame
    models: dict[str, MonthModel] = field(default_factory=dict)
    facts: dict[str, MonthFacts] = field(default_factory=dict)

    def row(self, month: str) -> pd.Series:
        """The summary row of `month` (a KeyError names the month when it is absent)."""
        return self.summary.set_index("month").loc[month]

    def previous_month(self, month: str) -> str | None:
        """The calendar month before `month`, when the inputs have it."""
        previous = str(pd.Period(month, "M") - 1)
        return previous if previous in set(self.summary["month"]) else None

    def window(self, month: str, size: int = TREND_MONTHS) -> pd.DataFrame:
        """Summary rows of the `size` calendar months ending at `month` that the inputs have."""
        last = pd.Period(month, "M")
        months = {str(last - i) for i in range(size)}
        return self.summary[self.summary["month"].isin(months)].reset_index(drop=True)

    def of_month(self, table: str, month: str) -> pd.DataFrame:
        frame: pd.DataFrame = getattr(self, table)
        return frame[frame["month"] == month].reset_index(drop=True)

    def tables(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in (*_TABLE_COLUMNS, "summary")}


def build_dataset(project: Project) -> Dataset:
    months = [project.months[key] for key in sorted(project.months)]
    full = [m for m in months if not m.is_summary]
    models = {m.key: month_model(m) for m in full}
    facts = {key: month_facts(model) for key, model in models.items()}
    tables = {
        "attacks": _frame("attacks", _attack_rows(models.values())),
        "raids": _frame("raids", _raid_rows(models.values())),
        "notable": _frame("notable", _notable_rows(full)),
        "casualties": _frame("casualties", _casualty_rows(models.values())),
        "sanctions": _frame("sanctions", _sanction_rows(full)),
        "camps": _frame("camps", _camp_rows(full, facts)),
        "repatriations": _frame("repatriations", _repatriation_rows(full)),
    }
    summary = _summary(months, facts)
    compared = {key: f.compared(_comparison(summary, key)) for key, f in facts.items()}
    return Dataset(**tables, summary=summary, models=models, facts=compared)


def _comparison(summary: pd.DataFrame, month: str) -> Comparison:
    """Confirmed attacks of `month` against the calendar month before, when the inputs have it."""
    figures = summary.set_index("month")["attacks"]
    previous_month = str(pd.Period(month, "M") - 1)
    previous = figures.get(previous_month)
    known = previous is not None and not pd.isna(previous)
    return Comparison(
        int(figures[month]),
        int(previous) if known else None,
        previous_month if known else None,
    )


def write_csvs(dataset: Dataset, out_dir: Path) -> list[Path]:
    """Write summary.csv and one CSV per dataset into `out_dir`; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in dataset.tables().items():
        written.append(write_safe_csv(frame, out_dir / f"{name}.csv"))
    return written


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=_TABLE_COLUMNS[name])


def _joined(values: tuple[str, ...]) -> str:
    return " ".join(values)


def _attack_rows(models: Iterable[MonthModel]) -> list[dict]:
    """Each attack with its toll: the people killed and wounded in it (ISIS members apart)."""
    return [
        {
            **asdict(event.record),
            "month": model.month,
            "sources": _joined(event.record.sources),
            "killed": event.people(PEOPLE, "killed"),
            "wounded": event.people(PEOPLE, "wounded"),
        }
        for model in models
        for event in (*model.attacks, *model.unconfirmed)
    ]


def _raid_rows(models: Iterable[MonthModel]) -> list[dict]:
    return [
        {
            **{k: v for k, v in asdict(event.record).items() if k != "notable"},
            "month": model.month,
            "forces": "، ".join(event.record.forces),
            "sources": _joined(event.record.sources),
            "isis_killed": event.people("isis", "killed"),
        }
        for model in models
        for event in model.raids
    ]


def _notable_rows(months: list[Month]) -> list[dict]:
    return [
        {"month": m.key, "raid": r.id, **asdict(n)}
        for m in months
        for r in m.raids
        for n in r.notable
    ]


def _casualty_rows(models: Iterable[MonthModel]) -> list[dict]:
    """Every casualty with `counted_in`: the kind of event it belongs to, "other" (linked to
    none), or "none" (a figure not yet confirmed, counted nowhere)."""
    rows = []
    for model in models:
        counted_in = {
            id(c): COUNTED_IN[event.kind] for event in model.events() for c in event.casualties
        }
        counted_in |= {id(c): "none" for c in model.pending}
        rows += [
            {**asdict(c), "month": model.month, "counted_in": counted_in.get(id(c), "other")}
            for c in model.record.casualties
        ]
    return rows


def _sanction_rows(months: list[Month]) -> list[dict]:
    rows = []
    for m in months:
        for s in m.sanctions:
            quote = s.quote
            rows.append(
                {
                    **{k: v for k, v in asdict(s).items() if k != "quote"},
                    "month": m.key,
                    "quote_text": quote.text if quote else None,
                    "quote_by": quote.by if quote else None,
                    "quote_role": quote.role if quote else None,
                    "sources": _joined(s.sources),
                }
            )
    return rows


def _camp_rows(months: list[Month], facts: dict[str, MonthFacts]) -> list[dict]:
    """Each camp's figures as given, and `population`: its total, or the sum of its groups."""
    return [
        {
            "month": m.key,
            "name": c.name,
            **asdict(c.population),
            "population": fact.population.value if fact.population else None,
            "repatriated": sum(r.people for r in c.repatriations),
            "notes": c.notes,
        }
        for m in months
        for c, fact in zip(m.camps, facts[m.key].camps, strict=True)
    ]


def _repatriation_rows(months: list[Month]) -> list[dict]:
    return [
        {"month": m.key, "camp": c.name, "country": r.country, "people": r.people}
        for m in months
        for c in m.camps
        for r in c.repatriations
    ]


def _summary(months: list[Month], facts: dict[str, MonthFacts]) -> pd.DataFrame:
    """A row a month: a full month's counts from its facts, a summary month's totals as given."""
    rows = []
    for m in months:
        if m.is_summary:
            totals = asdict(m.report.totals)
            known = [totals[c] for c in ("military_killed", "civilian_killed")]
            wounded = [totals[c] for c in ("military_wounded", "civilian_wounded")]
            totals["killed"] = None if None in known else sum(known)
            totals["wounded"] = None if None in wounded else sum(wounded)
            rows.append({"month": m.key, "summary": True, **totals})
        else:
            rows.append({"month": m.key, "summary": False, **summary_row(facts[m.key])})
    summary = pd.DataFrame(rows, columns=["month", "summary", *SUMMARY_COLUMNS])
    summary["summary"] = summary["summary"].astype(bool)
    summary[SUMMARY_COLUMNS] = summary[SUMMARY_COLUMNS].astype("Float64").round().astype("Int64")
    summary["attacks_change"] = _change_from_previous_month(summary, "attacks")
    return summary


def _change_from_previous_month(summary: pd.DataFrame, column: str) -> pd.Series:
    values = summary.set_index(pd.PeriodIndex(summary["month"], freq="M"))[column]
    previous = values.reindex(values.index - 1)
    return pd.Series(values.to_numpy() - previous.to_numpy(), index=summary.index, dtype="Int64")
