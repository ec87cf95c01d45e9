"""reportgen import: ACLED exports and the team's spreadsheet into a month's YAML."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pypdfium2
import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from reportgen.cli import main
from reportgen.editor.importers.acled import import_acled
from reportgen.editor.importers.sheet import import_sheet
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from reportgen.publish.build import build_month, load
from tests.acled_rows import CURRENT_COLUMNS, OLD_COLUMNS, event, write_export
from tests.conftest import EXAMPLE_INPUTS, ROOT, expected_in_pdf, normalise

MAPPING = ROOT / "docs" / "sheet-mapping.example.yaml"
IED = {
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Remote explosive/landmine/IED",
}


pytestmark = pytest.mark.inputs("valid")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    return normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))


COLUMN_SETS = {
    "older export, BOM and CRLF, Excel dates": (
        OLD_COLUMNS,
        {"bom": True, "crlf": True},
        {"event_date": "03 June 2024", "admin1": "Deir-ez-Zor", "inter2": "7"},
        {"event_date": "5-Jun-24", "admin1": "Al-Hasakeh", **IED},
    ),
    "current export": (
        CURRENT_COLUMNS,
        {"bom": False, "crlf": False},
        {"civilian_targeting": "Civilian targeting"},
        {"event_date": "2024-06-05", "admin1": "Al Hasakeh", **IED},
    ),
}


@pytest.mark.parametrize("columns", COLUMN_SETS.values(), ids=COLUMN_SETS.keys())
def test_import_build_reimport_edit_and_update(inputs, tmp_path, columns):
    header, style, first, second = columns
    export = tmp_path / "acled.csv"
    rows = [event("SYR1", **first), event("SYR2", **second, fatalities="0")]
    rows.append(event("SYR3", event_date="2024-06-20", actor1="Military Forces of Syria"))
    write_export(export, [*rows, event("SYR4", admin1="Idleb")], header, **style)
    summary, warnings = import_acled(inputs, export)
    assert summary.lines() == [
        "2024-06 attacks: 2 new, 0 updated, 0 unchanged, 0 skipped (edited by an editor)",
        "2024-06 casualties: 1 new, 0 updated, 0 unchanged, 0 skipped (edited by an editor)",
        "skipped 1 row: no ISIS actor (sides: isis in the import rules, isis_actors in"
        " publication.yaml)",
        "skipped 1 row: outside the governorates of governorates.yaml",
    ]
    assert summary.rows == 4 and summary.classes == {"attack": 2}
    assert warnings == []
    project, _ = load_project(inputs)
    attacks = project.months["2024-06"].attacks
    assert [(a.id, a.date.isoformat(), a.governorate, a.type, a.target) for a in attacks] == [
        ("acled-SYR1", "2024-06-03", "deir_ez_zor", "armed_attack", "civilian"),
        ("acled-SYR2", "2024-06-05", "hasakah", "ied", "military"),
    ]
    assert all(a.confirmed for a in attacks)  # ISIS against the SDF: an attack candidate
    assert attacks[0].source_id == "acled:SYR1" and (attacks[0].lat, attacks[0].lon) == (
        35.0089,
        40.5097,
    )
    assert attacks[0].review == (
        "proposed class: an attack (ACLED SYR1: “Islamic State (Syria)” against “SDF: Syrian"
        " Democratic Forces”); needs translation; add the source links (according to ACLED:"
        " “Syrian Observatory for Human Rights, Deir Ezzor 24”)"
    )
    assert attacks[0].description is None
    assert attacks[0].description_en.startswith("On 3 June 2024, IS militants")
    [casualty] = project.months["2024-06"].casualties
    assert (casualty.category, casualty.status, casualty.count, casualty.attack) == (
        "unknown",
        "killed",
        1,
        "acled-SYR1",
    )

    build_month(load(inputs), "2024-06", tmp_path / "out")
    pdf = _pdf_text(tmp_path / "out" / "2024-06" / "sitrep-2024-06.pdf")
    assert expected_in_pdf("ذيبان") in pdf or "Thiban" in pdf
    assert "IS militants" not in pdf  # the Arabic edition shows no English notes

    month = inputs / "2024-06"
    before = _snapshot(month)
    again, _ = import_acled(inputs, export)
    assert _snapshot(month) == before
    assert again.written == []
    assert again.lines()[:2] == [
        "2024-06 attacks: 0 new, 0 updated, 2 unchanged, 0 skipped (edited by an editor)",
        "2024-06 casualties: 0 new, 0 updated, 1 unchanged, 0 skipped (edited by an editor)",
    ]

    path = month / "attacks.yaml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace(
        "    description_en: On 3 June 2024, IS militants attacked an SDF checkpoint in Thiban.\n",
        "    # ترجمة المحرر\n    description: هاجم عناصر التنظيم حاجزاً في ذيبان.\n",
        1,
    )
    assert edited != text
    path.write_text(edited, encoding="utf-8")

    newer = [
        event("SYR1", **first, notes="Updated notes.", fatalities="4"),
        event("SYR2", **second, notes="IED hit a car near Hasakah.", fatalities="2"),
        event("SYR5", event_date="2024-06-25", event_type="Riots", sub_event_type="Mob violence"),
    ]
    write_export(export, newer, header, **style)
    updated, warnings = import_acled(inputs, export)
    assert updated.lines() == [
        "2024-06 attacks: 1 new, 1 updated, 0 unchanged, 1 skipped (edited by an editor)",
        "2024-06 casualties: 2 new, 1 updated, 0 unchanged, 0 skipped (edited by an editor)",
    ]
    assert [(w.line, w.field, w.message, w.severity) for w in warnings] == [
        (4, "sub_event_type", "no attack type for 'Riots' / 'Mob violence'; imported as 'other'",
         "warning")
    ]  # fmt: skip
    text = path.read_text(encoding="utf-8")
    assert "    # ترجمة المحرر\n    description: هاجم عناصر التنظيم حاجزاً في ذيبان.\n" in text
    assert text.startswith("# yaml-language-server: $schema=../../reportgen/schemas/attacks")
    assert "مثال" not in text  # the example record of `reportgen new` is for hand-written files
    project, _ = load_project(inputs)
    by_id = {a.id: a for a in project.months["2024-06"].attacks}
    assert by_id["acled-SYR1"].description == "هاجم عناصر التنظيم حاجزاً في ذيبان."
    assert by_id["acled-SYR2"].description_en == "IED hit a car near Hasakah."
    assert by_id["acled-SYR5"].type == "other"
    counts = {(c.attack, c.count) for c in project.months["2024-06"].casualties}
    assert counts == {("acled-SYR1", 4), ("acled-SYR2", 2), ("acled-SYR5", 1)}


def test_a_file_that_is_not_an_acled_export_lists_every_missing_column(inputs, tmp_path):
    columns = [c for c in CURRENT_COLUMNS if c not in ("event_date", "admin1", "fatalities")]
    export = write_export(tmp_path / "other.csv", [event("SYR1")], columns, bom=False, crlf=False)
    with pytest.raises(InputError) as caught:
        import_acled(inputs, export)
    assert str(caught.value) == (
        f"{export.name}:1:1: not an ACLED export: missing column(s) event_date, admin1, fatalities"
    )


def test_bad_rows_are_located_and_nothing_is_written(inputs, tmp_path):
    rows = [
        event("SYR1"),
        event("SYR2", event_date="June 31st", latitude="north"),
        event("", fatalities="two"),
    ]
    export = write_export(tmp_path / "bad.csv", rows, OLD_COLUMNS, bom=True, crlf=True)
    with pytest.raises(InputError) as caught:
        import_acled(inputs, export)
    date_column = OLD_COLUMNS.index("event_date") + 1
    assert [str(p) for p in caught.value.problems] == [
        f"{export.name}:3:{date_column}: event_date: expected a date like 02 June 2023,"
        " 2023-06-02 or 2-Jun-23, found 'June 31st'",
        f"{export.name}:3:23: latitude: expected a number from -90 to 90, found 'north'",
        f"{export.name}:4:3: event_id_cnty: empty: every ACLED event has an id",
        f"{export.name}:4:29: fatalities: expected a whole number ≥ 0, found 'two'",
    ]
    assert not (inputs / "2024-06").exists()


SPELLINGS = [
    ({"admin1": "Deir-ez-Zor"}, "deir_ez_zor"),
    ({"admin1": "Deir ez Zor"}, "deir_ez_zor"),
    ({"admin1": "Al-Hasakeh"}, "hasakah"),
    ({"admin1": "Al Hasakeh"}, "hasakah"),
    ({"admin1": "Ar-Raqqa"}, "raqqa"),
    ({"admin1": "Ar Raqqa"}, "raqqa"),
    ({"admin1": "Aleppo", "admin2": "Menbij"}, "aleppo"),
    ({"admin1": "Aleppo", "admin2": "Jebel Saman"}, None),
]


@pytest.mark.parametrize(("place", "key"), SPELLINGS)
def test_acled_spellings_of_governorates(tmp_path, monkeypatch, place, key):
    inputs = shutil.copytree(EXAMPLE_INPUTS, tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    export = write_export(
        tmp_path / "a.csv", [event("SYR9", **place)], CURRENT_COLUMNS, bom=False, crlf=False
    )
    summary, _ = import_acled(inputs, export, month="2024-06")
    if key is None and "Aleppo" in place.values():
        assert summary.skipped == {"outside the governorates of governorates.yaml": 1}
        assert not (inputs / "2024-06").exists()
    else:
        [attack] = load_project(inputs)[0].months["2024-06"].attacks
        assert attack.governorate == key


def test_month_option_and_isis_actors_from_publication(inputs, tmp_path):
    publication = inputs / "publication.yaml"
    publication.write_text(
        publication.read_text(encoding="utf-8") + "isis_actors: [ISIS cell]\n", encoding="utf-8"
    )
    rows = [
        event("SYR1", actor2="ISIS cell"),
        event("SYR2", actor1="ISIS cell", event_date="2024-07-01"),
        event("SYR3"),
    ]
    export = write_export(tmp_path / "a.csv", rows, CURRENT_COLUMNS, bom=False, crlf=False)
    summary, _ = import_acled(inputs, export, month="2024-06")
    assert summary.skipped == {"outside 2024-06": 1}
    attacks = load_project(inputs)[0].months["2024-06"].attacks
    assert [a.id for a in attacks] == ["acled-SYR1", "acled-SYR3"]  # isis_actors adds a name
    assert not (inputs / "2024-07").exists()


def test_cli_prints_the_summary_and_exits_2_on_a_bad_file(inputs, tmp_path):
    export = write_export(tmp_path / "a.csv", [event("SYR1")], OLD_COLUMNS, bom=True, crlf=False)
    runner = CliRunner()
    result = runner.invoke(main, ["import", "acled", str(export), "--inputs", str(inputs)])
    assert result.exit_code == 0, result.output
    assert "2024-06 attacks: 1 new, 0 updated, 0 unchanged" in result.output
    export.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(main, ["import", "acled", str(export), "--inputs", str(inputs)])
    assert result.exit_code == 2
    assert "not an ACLED export: missing column(s) event_id_cnty" in result.output
    result = runner.invoke(main, ["import", "acled", str(export), "--month", "2024-6"])
    assert result.exit_code == 2
    assert "'2024-6' is not a month: expected YYYY-MM" in result.output


SHEET_HEADER = ["الرقم", "التاريخ", "المحافظة", "المكان", "نوع الهجوم", "الهدف", "تبنّي"]
SHEET_HEADER += ["الوصف", "الرابط", "القتلى", "الجرحى", "خط العرض", "خط الطول"]


def _sheet(path: Path, rows: list[list]) -> Path:
    workbook = Workbook()
    workbook.active.append(SHEET_HEADER)
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_sheet_import_maps_arabic_columns_and_is_idempotent(inputs, tmp_path):
    rows = [
        [1, datetime(2024, 6, 4), "دير الزور", "ذيبان", "مسلح", "عسكري", "نعم", "هجوم على حاجز",
         "https://example.org/1", 2, None, 35.0, 40.5],
        [2, "2024-06-07", "Raqqa", "الرقة", "عبوة ناسفة", "مدنيون", "", "", "", 0, 3, None, None],
    ]  # fmt: skip
    sheet = _sheet(tmp_path / "incidents.xlsx", rows)
    summary, _ = import_sheet(inputs, sheet, MAPPING)
    assert summary.lines() == [
        "2024-06 attacks: 2 new, 0 updated, 0 unchanged, 0 skipped (edited by an editor)",
        "2024-06 casualties: 2 new, 0 updated, 0 unchanged, 0 skipped (edited by an editor)",
    ]
    month = load_project(inputs)[0].months["2024-06"]
    first, second = month.attacks
    assert (first.id, first.governorate, first.type, first.target, first.claimed) == (
        "sheet-1",
        "deir_ez_zor",
        "armed_attack",
        "military",
        True,
    )
    assert first.sources == ("https://example.org/1",) and not first.confirmed
    assert (second.governorate, second.type, second.target) == ("raqqa", "ied", "civilian")
    assert [(c.attack, c.status, c.count, c.category) for c in month.casualties] == [
        ("sheet-1", "killed", 2, "unknown"),
        ("sheet-2", "wounded", 3, "unknown"),
    ]
    before = _snapshot(inputs / "2024-06")
    import_sheet(inputs, sheet, MAPPING)
    assert _snapshot(inputs / "2024-06") == before


def test_sheet_rows_with_problems_stop_the_import(inputs, tmp_path):
    rows = [[1, "2024-13-07", "Idlib", "", "قصف", "عسكري", "ربما", "", "www.x", -1, None, 99, None]]
    sheet = _sheet(tmp_path / "bad.xlsx", rows)
    with pytest.raises(InputError) as caught:
        import_sheet(inputs, sheet, MAPPING)
    assert [(p.line, p.column, p.field) for p in caught.value.problems] == [
        (2, 2, "التاريخ"),
        (2, 3, "المحافظة"),
        (2, 5, "نوع الهجوم"),
        (2, 7, "تبنّي"),
        (2, 9, "الرابط"),
        (2, 10, "القتلى"),
        (2, 12, "خط العرض"),
    ]
    assert caught.value.problems[2].message == (
        "unknown type 'قصف'; expected one of armed_attack, arson, assassination, grenade, ied,"
        " other, suicide (or add it under values:)"
    )
    assert not (inputs / "2024-06").exists()


def test_existing_files_keep_their_comments_and_layout(tmp_path, monkeypatch):
    inputs = shutil.copytree(EXAMPLE_INPUTS, tmp_path / "inputs")
    monkeypatch.chdir(tmp_path)
    report = inputs / "2023-11" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    attacks = inputs / "2023-11" / "attacks.yaml"
    original = attacks.read_text(encoding="utf-8")
    casualties = inputs / "2023-11" / "casualties.yaml"
    flush_left = "# كتبه المحرر\ncasualties:\n- date: 2023-11-02  # الحاجز\n  category: military\n"
    flush_left += "  status: killed\n  count: 2\n  attack: a01\n"
    flush_left += "- date: 2023-11-13\n  category: isis\n  status: killed\n"
    flush_left += "  count: 1\n  raid: r05\n"
    casualties.write_text(flush_left, encoding="utf-8")
    export = write_export(
        tmp_path / "a.csv",
        [event("SYR7", event_date="2023-11-28")],
        CURRENT_COLUMNS,
        bom=False,
        crlf=False,
    )
    import_acled(inputs, export)
    after = attacks.read_text(encoding="utf-8")
    assert after.startswith(original)
    assert after[len(original) :].startswith("  - id: acled-SYR7\n    date: 2023-11-28\n")
    text = casualties.read_text(encoding="utf-8")
    assert text.startswith(flush_left)
    assert text[len(flush_left) :].startswith("- date: 2023-11-28\n  category: unknown\n")


def test_rows_of_a_summary_month_are_skipped(inputs, tmp_path):
    export = write_export(
        tmp_path / "a.csv",
        [event("SYR1", event_date="2023-10-04"), event("SYR2")],
        CURRENT_COLUMNS,
        bom=False,
        crlf=False,
    )
    before = sorted(p.name for p in (inputs / "2023-10").iterdir())
    summary, _ = import_acled(inputs, export)
    assert summary.skipped == {"in a summary month (its report.yaml has totals)": 1}
    assert sorted(p.name for p in (inputs / "2023-10").iterdir()) == before
    assert (inputs / "2024-06" / "attacks.yaml").is_file()


@pytest.mark.parametrize("command", ["acled", "sheet"])
def test_import_commands_have_help_with_an_example(command):
    result = CliRunner().invoke(main, ["import", command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "--month" in result.output
    assert "--inputs" in result.output
