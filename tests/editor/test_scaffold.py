"""`reportgen new`: a commented month that validates, camps carried forward, no overwrite."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.editor.scaffold import PLACEHOLDER_TITLE, next_month, scaffold_month
from reportgen.errors import InputError
from reportgen.input.loader import load_project

FILES = ["report", "attacks", "raids", "casualties", "sanctions", "camps"]


def test_new_month_has_every_file_with_its_schema_line(inputs):
    written = scaffold_month(inputs, "2023-12")
    assert [p.name for p in written] == [f"{name}.yaml" for name in FILES]
    for path, name in zip(written, FILES, strict=True):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert (
            first == f"# yaml-language-server: $schema=../../reportgen/schemas/{name}.schema.json"
        )


def test_new_month_validates_and_is_a_full_month(inputs):
    scaffold_month(inputs, "2023-12")
    project, warnings = load_project(inputs)
    month = project.months["2023-12"]
    assert not month.is_summary
    assert month.report.title == PLACEHOLDER_TITLE
    assert month.attacks == () and month.raids == ()
    assert [str(w) for w in warnings] == [
        "inputs/2023-12/attacks.yaml:2:1: warning: attacks: no attacks recorded this month",
        "inputs/2023-12/camps.yaml:4:5: warning: camps[0]: review mark: figures carried forward"
        " from 2023-11",
        "inputs/2023-12/report.yaml:4:8: warning: title: still the placeholder written by "
        "`reportgen new`: write the headline",
    ]


def uncomment_example(path: Path) -> None:
    """Replace the file's empty list with its commented example record, as an editor would."""
    lines = path.read_text(encoding="utf-8").splitlines()
    key = next(line for line in lines if line.endswith(": []")).removesuffix(": []")
    example = [line.removeprefix("# ") for line in lines if line.startswith("#   ")]
    path.write_text("\n".join([lines[0], f"{key}:", *example]) + "\n", encoding="utf-8")


def test_commented_examples_are_valid_records(inputs):
    """Uncommenting every example gives records the loader accepts, the casualty's link included."""
    for path in scaffold_month(inputs, "2023-12")[1:5]:
        uncomment_example(path)
    month = load_project(inputs)[0].months["2023-12"]
    (attack,), (raid,), (casualty,), (sanction,) = (
        month.attacks,
        month.raids,
        month.casualties,
        month.sanctions,
    )
    assert (attack.id, attack.date.isoformat(), attack.governorate) == (
        "a01",
        "2023-12-01",
        "deir_ez_zor",
    )
    assert (attack.type, attack.target) == ("armed_attack", "military")
    assert (raid.id, raid.notable[0].outcome) == ("r01", "detained")
    assert (casualty.attack, casualty.category, casualty.status) == ("a01", "military", "killed")
    assert sanction.target_type == "company"


def test_camps_example_when_nothing_to_carry(inputs):
    camps = scaffold_month(inputs, "2022-11")[5]
    assert load_project(inputs)[0].months["2022-11"].camps == ()
    uncomment_example(camps)
    (camp,) = load_project(inputs)[0].months["2022-11"].camps
    assert (camp.name, camp.population.total, camp.repatriations[0].people) == ("مخيم الهول", 0, 1)


def test_camps_carried_forward_for_review(inputs):
    scaffold_month(inputs, "2023-12")
    text = (inputs / "2023-12" / "camps.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[1:5] == [
        "# المخيمات وأرقام السكان منقولة من 2023-11: حدّثها، ثم احذف سطر review من كل مخيم.",
        "camps:",
        '  - name: "مخيم الهول"',
        '    review: "figures carried forward from 2023-11"',
    ]
    camp = load_project(inputs)[0].months["2023-12"].camps[0]
    assert camp.name == "مخيم الهول"
    assert camp.review == "figures carried forward from 2023-11"
    assert (camp.population.total, camp.population.iraqi) == (49432, 24147)
    assert camp.repatriations == ()


def test_carried_camps_read_as_the_loader_reads_them(inputs):
    """YAML 1.2 as in `check`: `no` is a name, not false; only the figures that are numbers move."""
    (inputs / "2023-11" / "camps.yaml").write_text(
        "camps:\n"
        "  - name: no\n"
        "    population: {total: 900}\n"
        "  - name: مخيم روج\n"
        "    population: {}\n"
        "    notes: لا أرقام هذا الشهر\n",
        encoding="utf-8",
    )
    scaffold_month(inputs, "2023-12")
    camps = load_project(inputs)[0].months["2023-12"].camps
    assert [(c.name, c.population.total, c.notes, c.review) for c in camps] == [
        ("no", 900, None, "figures carried forward from 2023-11"),
        ("مخيم روج", None, None, "carried from 2023-11"),
    ]


def test_default_month_follows_the_newest(inputs):
    assert next_month(inputs) == "2023-12"
    scaffold_month(inputs)
    assert next_month(inputs) == "2024-01"
    assert next_month(inputs.parent / "nothing", today=date(2025, 3, 9)) == "2025-03"


def test_existing_month_is_refused_and_left_byte_identical(inputs):
    before = {p.name: p.read_bytes() for p in (inputs / "2023-11").iterdir()}
    with pytest.raises(InputError) as raised:
        scaffold_month(inputs, "2023-11")
    assert [str(p) for p in raised.value.problems] == [
        "inputs/2023-11:1:1: month: 2023-11 already exists; nothing was written "
        "(edit its files, or remove the folder to start again)"
    ]
    assert {p.name: p.read_bytes() for p in (inputs / "2023-11").iterdir()} == before


@pytest.mark.parametrize("month", ["2023-13", "2023-00", "23-12", "2023-1", "2023-12\n", "٢٠٢٣-12"])
def test_malformed_month_is_refused(inputs, month):
    with pytest.raises(InputError) as raised:
        scaffold_month(inputs, month)
    assert str(raised.value.problems[0]).endswith(
        f"month: {month!r} is not a month: expected YYYY-MM, e.g. 2023-12"
    )
    assert not (inputs / month).exists()


def test_cli_new_and_its_refusal(inputs):
    result = CliRunner().invoke(main, ["new"])
    assert result.exit_code == 0
    assert "created inputs/2023-12/report.yaml" in result.output
    again = CliRunner().invoke(main, ["new", "2023-12"])
    assert again.exit_code == 2
    assert "inputs/2023-12:1:1: month: 2023-12 already exists" in again.output
    assert sorted(p.name for p in inputs.iterdir() if p.name.startswith(".")) == []
