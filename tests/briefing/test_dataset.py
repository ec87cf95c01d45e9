"""The merged dataset: tidy tables, the per-month summary, comparisons and windows."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.briefing.dataset import CASUALTY_COLUMNS, build_dataset, write_csvs
from reportgen.publish.build import load
from tests.conftest import EXAMPLE_INPUTS, FIXTURES

NOVEMBER = {
    "attacks": 11,
    "raids": 10,
    "detained": 17,
    "military_killed": 4,
    "military_wounded": 5,
    "civilian_killed": 0,
    "civilian_wounded": 7,
    "isis_killed": 1,
    "killed": 4,
    "wounded": 12,
    "sanctions": 1,
    "camp_population": 49432,
    "camp_iraqi": 24147,
    "camp_syrian": 18028,
    "camp_foreign": 7257,
    "repatriated": 776,
    "attacks_change": -6,
}


@pytest.fixture(scope="module")
def dataset():
    return load(EXAMPLE_INPUTS).dataset


def test_summary_row_of_the_example_month(dataset):
    row = dataset.row("2023-11")
    assert {column: int(row[column]) for column in NOVEMBER} == NOVEMBER
    assert not row["summary"]
    assert int(row["unconfirmed_attacks"]) == 2


def test_summary_months_and_full_months_meet(dataset):
    summary = dataset.summary
    assert list(summary["month"]) == [
        str(p) for p in pd.period_range("2022-12", "2023-11", freq="M")
    ]
    october = dataset.row("2023-10")
    assert october["summary"] and int(october["attacks"]) == 17
    assert pd.isna(october["camp_population"])


def test_previous_month_and_window(dataset):
    assert dataset.previous_month("2023-11") == "2023-10"
    assert dataset.previous_month("2022-12") is None
    assert list(dataset.window("2023-11", 3)["month"]) == ["2023-09", "2023-10", "2023-11"]
    assert len(dataset.window("2023-11")) == 12


def test_attacks_table_carries_linked_casualties(dataset):
    attacks = dataset.of_month("attacks", "2023-11")
    assert int(attacks["killed"].sum()) == 4
    assert int(attacks["wounded"].sum()) == 12
    assert set(attacks["governorate"]) <= {"hasakah", "deir_ez_zor", "raqqa", "aleppo"}


def test_csvs_written_with_the_summary_columns(dataset, tmp_path):
    paths = write_csvs(dataset, tmp_path)
    assert sorted(p.name for p in paths) == sorted(
        f"{name}.csv"
        for name in (
            "attacks", "raids", "notable", "casualties", "sanctions", "camps", "repatriations",
            "summary",
        )
    )  # fmt: skip
    summary = pd.read_csv(tmp_path / "summary.csv")
    row = summary[summary["month"] == "2023-11"].iloc[0]
    totals = ["attacks", "raids", "detained", "military_killed", "military_wounded",
              "civilian_killed", "civilian_wounded"]  # fmt: skip
    assert {c: int(row[c]) for c in totals} == {c: NOVEMBER[c] for c in totals}
    assert len(summary) == 12


def _tolls_project(extra_casualties=()):
    from dataclasses import replace

    project = load(FIXTURES / "tolls").project
    month = project.months["2023-11"]
    month = replace(month, casualties=(*month.casualties, *extra_casualties))
    return replace(project, months={**project.months, "2023-11": month})


def test_each_casualty_is_counted_in_one_place():
    dataset = build_dataset(_tolls_project())
    row = dataset.row("2023-11")
    figures = {column: int(row[column]) for column in [*CASUALTY_COLUMNS, "killed", "wounded"]}
    assert {column: n for column, n in figures.items() if n} == {
        "military_killed": 2,
        "military_wounded": 1,
        "killed": 2,
        "wounded": 1,
        "raid_military_killed": 1,
        "unconfirmed_civilian_killed": 2,
    }
    counted = dataset.of_month("casualties", "2023-11")["counted_in"]
    assert list(counted) == ["attack", "attack", "raid", "unconfirmed"]
    attacks = dataset.of_month("attacks", "2023-11").set_index("id")
    assert list(attacks["killed"]) == [2, 0, 0, 2]


def test_people_of_unknown_affiliation_count_and_unlinked_casualties_stay_out_of_the_tolls():
    from datetime import date

    from reportgen.input.records import Casualty

    extra = (
        Casualty(date(2023, 11, 3), "unknown", "killed", 5, attack="a-1"),  # type: ignore[arg-type]
        Casualty(date(2023, 11, 4), "civilian", "wounded", 3),
        Casualty(date(2023, 11, 3), "isis", "killed", 1, attack="a-1"),
    )
    dataset = build_dataset(_tolls_project(extra))
    row = dataset.row("2023-11")
    assert (int(row["killed"]), int(row["wounded"])) == (7, 1)
    assert int(row["unknown_killed"]) == 5
    assert int(row["other_civilian_wounded"]) == 3
    assert (int(row["isis_killed"]), int(row["attack_isis_killed"])) == (1, 1)
    assert int(row["raid_isis_killed"]) == 0
    attacks = dataset.of_month("attacks", "2023-11").set_index("id")
    assert int(attacks.loc["a-1", "killed"]) == 7


def test_a_figure_not_yet_confirmed_is_counted_nowhere():
    from datetime import date

    from reportgen.input.records import Casualty

    coded = Casualty(date(2023, 11, 3), "civilian", "killed", 10, attack="a-1", confirmed=False)
    dataset = build_dataset(_tolls_project((coded,)))
    row = dataset.row("2023-11")
    assert (int(row["killed"]), int(row["civilian_killed"])) == (2, 0)
    counted = dataset.of_month("casualties", "2023-11")["counted_in"]
    assert list(counted)[-1] == "none"


def test_a_camps_unspecified_people_are_the_total_less_its_three_groups():
    from reportgen.briefing.facts import month_facts
    from reportgen.briefing.model import month_model
    from tests.briefing.months import camp, month_record

    def unspecified(**population):
        record = month_record(camps=[camp("مخيم الهول", **population)])
        return month_facts(month_model(record)).camps[0].unspecified

    assert unspecified(total=65406, iraqi=30000, syrian=20000, foreign=15399) == 7
    assert unspecified(total=65399, iraqi=30000, syrian=20000, foreign=15399) is None
    assert unspecified(iraqi=30000, syrian=20000, foreign=15399) is None
    assert unspecified(total=65406, iraqi=30000, syrian=20000) is None
