"""The merged dataset: every month's records as tidy pandas tables, and the per-month summary.

Full months and summary months meet in `summary`, one row per month; comparisons and trends are read
from it (`previous_month`, `window`), never from loops over records.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path

import pandas as pd

from reportgen.files import write_safe_csv
from reportgen.input.records import TREND_MONTHS, Month, Project, Totals

TOTAL_COLUMNS = [f.name for f in fields(Totals)]
SUMMARY_COLUMNS = [
    "attacks",
    "unconfirmed_attacks",
    "raids",
    "detained",
    "military_killed",
    "military_wounded",
    "civilian_killed",
    "civilian_wounded",
    "isis_killed",
    "isis_wounded",
    "killed",
    "wounded",
    "raid_military_killed",
    "raid_military_wounded",
    "raid_civilian_killed",
    "raid_civilian_wounded",
    "unconfirmed_military_killed",
    "unconfirmed_military_wounded",
    "unconfirmed_civilian_killed",
    "unconfirmed_civilian_wounded",
    "other_military_killed",
    "other_military_wounded",
    "other_civilian_killed",
    "other_civilian_wounded",
    "sanctions",
    "camp_population",
    "camp_iraqi",
    "camp_syrian",
    "camp_foreign",
    "repatriated",
    "attacks_change",
]

COUNTED_IN_PREFIX = {
    "attack": "",
    "raid": "raid_",
    "unconfirmed": "unconfirmed_",
    "other": "other_",
}
"""Where a casualty is counted (the casualties table's `counted_in`) → its summary column prefix."""
CASUALTY_COLUMNS = [
    f"{prefix}{category}_{status}"
    for prefix in COUNTED_IN_PREFIX.values()
    for category in ("military", "civilian")
    for status in ("killed", "wounded")
] + ["isis_killed", "isis_wounded"]

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
    "camps": ["month", "name", "total", "iraqi", "syrian", "foreign", "repatriated", "notes"],
    "repatriations": ["month", "camp", "country", "people"],
}


@dataclass(frozen=True)
class Dataset:
    """All months merged: tables with a `month` column ('YYYY-MM'), and `summary`, a row a month."""

    attacks: pd.DataFrame
    raids: pd.DataFrame
    notable: pd.DataFrame
    casualties: pd.DataFrame
    sanctions: pd.DataFrame
    camps: pd.DataFrame
    repatriations: pd.DataFrame
    summary: pd.DataFrame

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
    casualties = _frame("casualties", _casualty_rows(full))
    casualties["counted_in"] = _counted_in(casualties, full)
    tables = {
        "attacks": _with_casualties(_frame("attacks", _attack_rows(full)), casualties, "attack"),
        "raids": _with_isis_killed(_frame("raids", _raid_rows(full)), casualties),
        "notable": _frame("notable", _notable_rows(full)),
        "casualties": casualties,
        "sanctions": _frame("sanctions", _sanction_rows(full)),
        "camps": _frame("camps", _camp_rows(full)),
        "repatriations": _frame("repatriations", _repatriation_rows(full)),
    }
    summary = _summary(months, tables)
    return Dataset(**tables, summary=summary)


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


def _attack_rows(months: list[Month]) -> list[dict]:
    return [
        {**asdict(a), "month": m.key, "sources": _joined(a.sources)}
        for m in months
        for a in m.attacks
    ]


def _raid_rows(months: list[Month]) -> list[dict]:
    return [
        {
            **{k: v for k, v in asdict(r).items() if k != "notable"},
            "month": m.key,
            "forces": "، ".join(r.forces),
            "sources": _joined(r.sources),
        }
        for m in months
        for r in m.raids
    ]


def _notable_rows(months: list[Month]) -> list[dict]:
    return [
        {"month": m.key, "raid": r.id, **asdict(n)}
        for m in months
        for r in m.raids
        for n in r.notable
    ]


def _casualty_rows(months: list[Month]) -> list[dict]:
    return [{**asdict(c), "month": m.key} for m in months for c in m.casualties]


def _counted_in(casualties: pd.DataFrame, months: list[Month]) -> pd.Series:
    """Where each casualty is counted: "attack" (a confirmed attack), "unconfirmed" (an
    unconfirmed attack), "raid", or "other" (linked to nothing). A casualty belongs to one; a
    figure not yet confirmed (`confirmed: false`, an ACLED coding convention) is counted
    nowhere ("none")."""
    confirmed = {(m.key, a.id): a.confirmed for m in months for a in m.attacks}
    figures = [c.confirmed for m in months for c in m.casualties]

    def place(row: pd.Series) -> str:
        if not figures[row.name]:
            return "none"
        if isinstance(row["attack"], str):
            return "attack" if confirmed.get((row["month"], row["attack"]), True) else "unconfirmed"
        return "raid" if isinstance(row["raid"], str) else "other"

    if casualties.empty:
        return pd.Series([], dtype=object, index=casualties.index)
    return casualties.apply(place, axis=1)


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


def _camp_rows(months: list[Month]) -> list[dict]:
    return [
        {
            "month": m.key,
            "name": c.name,
            **asdict(c.population),
            "repatriated": sum(r.people for r in c.repatriations),
            "notes": c.notes,
        }
        for m in months
        for c in m.camps
    ]


def _repatriation_rows(months: list[Month]) -> list[dict]:
    return [
        {"month": m.key, "camp": c.name, "country": r.country, "people": r.people}
        for m in months
        for c in m.camps
        for r in c.repatriations
    ]


def _linked_sums(casualties: pd.DataFrame, link: str, categories: tuple[str, ...]) -> pd.DataFrame:
    counted = casualties["counted_in"] != "none"
    frame = casualties[counted & casualties[link].notna() & casualties["category"].isin(categories)]
    sums = frame.pivot_table(
        index=["month", link], columns="status", values="count", aggfunc="sum", fill_value=0
    )
    return sums.reindex(columns=["killed", "wounded"], fill_value=0)


def _with_casualties(attacks: pd.DataFrame, casualties: pd.DataFrame, link: str) -> pd.DataFrame:
    """Each attack's toll: its military and civilian casualties (ISIS members are not a toll)."""
    tolls = ("military", "civilian")
    sums = _linked_sums(casualties, link, tolls).rename_axis(index=["month", "id"])
    merged = attacks.drop(columns=["killed", "wounded"]).join(sums, on=["month", "id"])
    merged[["killed", "wounded"]] = merged[["killed", "wounded"]].fillna(0).astype("Int64")
    return merged


def _with_isis_killed(raids: pd.DataFrame, casualties: pd.DataFrame) -> pd.DataFrame:
    sums = _linked_sums(casualties, "raid", ("isis",)).rename_axis(index=["month", "id"])
    killed = sums["killed"].rename("isis_killed")
    merged = raids.drop(columns=["isis_killed"]).join(killed, on=["month", "id"])
    merged["isis_killed"] = merged["isis_killed"].fillna(0).astype("Int64")
    return merged


def _full_month_figures(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    attacks = tables["attacks"]
    confirmed = attacks["confirmed"].astype(bool)
    by_month = pd.DataFrame(
        {
            "attacks": attacks[confirmed].groupby("month").size(),
            "unconfirmed_attacks": attacks[~confirmed].groupby("month").size(),
            "raids": tables["raids"].groupby("month").size(),
            "detained": tables["raids"].groupby("month")["detained"].sum(),
            "sanctions": tables["sanctions"].groupby("month").size(),
            "camp_population": tables["camps"].groupby("month")["total"].sum(min_count=1),
            "camp_iraqi": tables["camps"].groupby("month")["iraqi"].sum(min_count=1),
            "camp_syrian": tables["camps"].groupby("month")["syrian"].sum(min_count=1),
            "camp_foreign": tables["camps"].groupby("month")["foreign"].sum(min_count=1),
            "repatriated": tables["repatriations"].groupby("month")["people"].sum(),
        }
    )
    return by_month.join(_casualty_figures(tables["casualties"]), how="outer")


def _casualty_figures(casualties: pd.DataFrame) -> pd.DataFrame:
    """Per month: `{prefix}{category}_{status}` for military and civilian casualties by where
    they are counted (no prefix for confirmed attacks), and `isis_*` wherever they are linked.
    Other categories (e.g. unknown) reach none of these columns."""
    frame = casualties[casualties["counted_in"] != "none"].copy()
    frame["prefix"] = frame["counted_in"].map(COUNTED_IN_PREFIX)
    frame.loc[frame["category"] == "isis", "prefix"] = ""
    frame = frame[frame["category"].isin(["military", "civilian", "isis"])]
    if frame.empty:
        return pd.DataFrame(index=pd.Index([], name="month"))
    frame["column"] = frame["prefix"] + frame["category"] + "_" + frame["status"]
    return frame.pivot_table(index="month", columns="column", values="count", aggfunc="sum")


def _summary(months: list[Month], tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    figures = _full_month_figures(tables)
    full_keys = [m.key for m in months if not m.is_summary]
    figures = figures.reindex(full_keys)
    counted = ["attacks", "unconfirmed_attacks", "raids", "detained", "sanctions", "repatriated"]
    counted += CASUALTY_COLUMNS
    figures = figures.reindex(columns=list(dict.fromkeys([*figures.columns, *counted])))
    figures[counted] = figures[counted].fillna(0)
    totals = pd.DataFrame(
        [asdict(m.report.totals) for m in months if m.is_summary],
        index=[m.key for m in months if m.is_summary],
        columns=TOTAL_COLUMNS,
    )
    summary = pd.concat([figures, totals]).sort_index().rename_axis("month").reset_index()
    summary.insert(1, "summary", summary["month"].isin(totals.index))
    summary["killed"] = summary["military_killed"] + summary["civilian_killed"]
    summary["wounded"] = summary["military_wounded"] + summary["civilian_wounded"]
    summary = summary.reindex(columns=["month", "summary", *SUMMARY_COLUMNS])
    summary[SUMMARY_COLUMNS] = summary[SUMMARY_COLUMNS].astype("Float64").round().astype("Int64")
    summary["attacks_change"] = _change_from_previous_month(summary, "attacks")
    return summary


def _change_from_previous_month(summary: pd.DataFrame, column: str) -> pd.Series:
    values = summary.set_index(pd.PeriodIndex(summary["month"], freq="M"))[column]
    previous = values.reindex(values.index - 1)
    return pd.Series(values.to_numpy() - previous.to_numpy(), index=summary.index, dtype="Int64")
