"""An import writes what `check` accepts or nothing, keeps the editor's anchors and comments,
moves an event whose month changed, and reads hostile files as one located line."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook

from reportgen.cli import main
from reportgen.editor.importers.acled import import_acled
from reportgen.editor.importers.sheet import import_sheet, read_mapping
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from tests.acled_rows import CURRENT_COLUMNS, OLD_COLUMNS, event, write_export
from tests.conftest import ROOT

pytestmark = pytest.mark.inputs("valid")
MAPPING = ROOT / "docs" / "sheet-mapping.example.yaml"
SHEET_HEADER = ["الرقم", "التاريخ", "المحافظة", "المكان", "نوع الهجوم", "الهدف", "تبنّي"]
SHEET_HEADER += ["الوصف", "الرابط", "القتلى", "الجرحى", "خط العرض", "خط الطول"]


def _tree(inputs: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(inputs)): p.read_bytes() for p in sorted(inputs.rglob("*")) if p.is_file()
    }


def _export(tmp_path: Path, rows: list[dict], columns=CURRENT_COLUMNS) -> Path:
    return write_export(tmp_path / "acled.csv", rows, columns, bom=False, crlf=False)


def _refused(inputs: Path, export: Path) -> list[str]:
    before = _tree(inputs)
    with pytest.raises(InputError) as caught:
        import_acled(inputs, export)
    assert _tree(inputs) == before
    assert not [p for p in inputs.iterdir() if p.name.startswith(".")]
    return [str(p) for p in caught.value.problems]


def test_a_row_dated_1999_creates_no_month_and_is_located(inputs, tmp_path):
    export = _export(tmp_path, [event("SYR1"), event("SYR2", event_date="1999-06-03")])
    problems = _refused(inputs, export)
    assert problems == [
        "acled.csv:3:2: event_date: year 1999 is outside 2000–2100; rename the folder (or change"
        " limits: first_year / last_year in publication.yaml) (in inputs/1999-06)"
    ]
    assert not (inputs / "1999-06").exists() and not (inputs / "2024-06").exists()


def test_repeated_event_ids_are_located_and_nothing_is_written(inputs, tmp_path):
    export = _export(tmp_path, [event("SYR1"), event("SYR2"), event("SYR1")])
    assert _refused(inputs, export) == [
        "acled.csv:4:1: event_id_cnty: event id SYR1 is repeated (first at row 2);"
        " export the data again"
    ]


def test_notes_over_the_text_limit_are_located_at_the_row(inputs, tmp_path):
    export = _export(tmp_path, [event("SYR1"), event("SYR2", notes="x" * 2001)])
    [problem] = _refused(inputs, export)
    column = CURRENT_COLUMNS.index("notes") + 1
    assert problem == (
        f"acled.csv:3:{column}: notes: text of 2,001 characters is longer than the limit of"
        " 2,000 (in inputs/2024-06/attacks.yaml:attacks[1].description_en)"
    )


def test_more_events_than_a_file_may_hold_writes_nothing(inputs, tmp_path):
    publication = inputs / "publication.yaml"
    publication.write_text(
        publication.read_text(encoding="utf-8") + "limits:\n  file_bytes: 20000\n",
        encoding="utf-8",
    )
    export = _export(tmp_path, [event(f"SYR{n}") for n in range(60)])
    [problem] = _refused(inputs, export)
    assert "file is larger than the limit of 20,000 bytes" in problem
    assert problem.startswith("acled.csv:2:1: ")


def test_reimport_keeps_anchors_and_comment_lines(inputs, tmp_path):
    export = _export(tmp_path, [event("SYR1"), event("SYR2"), event("SYR3")])
    import_acled(inputs, export)
    path = inputs / "2024-06" / "attacks.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("governorate: deir_ez_zor", "governorate: &dz deir_ez_zor", 1)
    text = text.replace(
        "  - id: acled-SYR2", "    # تحقّق المحرر من هذا الهجوم مع المرصد\n  - id: acled-SYR2"
    )
    hand = (
        "  - id: a-hand\n    date: 2024-06-09\n    governorate: *dz\n    type: ied\n"
        "    target: civilian\n    sources: [https://example.org/1]\n"
    )
    path.write_text(text + hand, encoding="utf-8")
    newer = [event(n, notes=f"Newer notes on {n}.") for n in ("SYR1", "SYR2", "SYR3")]
    summary, _ = import_acled(inputs, _export(tmp_path, newer))
    assert "2024-06 attacks: 0 new, 3 updated, 0 unchanged" in summary.lines()[0]
    after = path.read_text(encoding="utf-8")
    assert "    # تحقّق المحرر من هذا الهجوم مع المرصد\n  - id: acled-SYR2" in after
    assert after.count("&dz") == 1 and "governorate: *dz" in after
    project, _ = load_project(inputs)
    attacks = {a.id: a for a in project.months["2024-06"].attacks}
    assert attacks["a-hand"].governorate == "deir_ez_zor"
    assert attacks["acled-SYR2"].description_en == "Newer notes on SYR2."


def test_an_event_whose_date_moves_month_is_moved_with_its_casualties(inputs, tmp_path):
    import_acled(inputs, _export(tmp_path, [event("SYR1"), event("SYR2")]))
    moved = [event("SYR1"), event("SYR2", event_date="2024-07-01", fatalities="2")]
    import_acled(inputs, _export(tmp_path, moved))
    project, _ = load_project(inputs)
    june, july = project.months["2024-06"], project.months["2024-07"]
    assert [a.id for a in june.attacks] == ["acled-SYR1"]
    assert [c.attack for c in june.casualties] == ["acled-SYR1"]
    assert [a.id for a in july.attacks] == ["acled-SYR2"]
    assert [(c.attack, c.count) for c in july.casualties] == [("acled-SYR2", 2)]


def test_import_into_a_published_month_is_refused(inputs, tmp_path):
    import_acled(inputs, _export(tmp_path, [event("SYR1")]))
    report = inputs / "2024-06" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "status: published\n", encoding="utf-8")
    export = _export(tmp_path, [event("SYR1", notes="Revised."), event("SYR2")])
    assert _refused(inputs, export) == [
        "inputs/2024-06/report.yaml:1:1: status: 2024-06 is published: an import does not change"
        " a published month; import with --month for a draft month (or set status: draft in its"
        " report.yaml to correct it)"
    ]
    summary, _ = import_acled(inputs, _export(tmp_path, [event("SYR1")]))
    assert summary.written == []  # nothing to change: no refusal


def _workbook(path: Path) -> Path:
    workbook = Workbook()
    workbook.active.append(SHEET_HEADER)
    workbook.active.append([1, "2024-06-04", "دير الزور", "ذيبان", "مسلح", "عسكري"] + [None] * 7)
    workbook.save(path)
    return path


def _rewritten(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in entries.items():
            data = change(name, data)
            if data is not None:
                archive.writestr(name, data)
    return target


def _bomb(name: str, data: bytes) -> bytes:
    if name.startswith("xl/worksheets/"):
        entity = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;">]>'
        data = data.replace(b"?>", b"?>" + entity, 1).replace("مسلح".encode(), b"&b;")
    return data


def _cut(good: Path, path: Path) -> Path:
    path.write_bytes(good.read_bytes()[:1500])
    return path


BROKEN_WORKBOOKS = {
    "cut short": _cut,
    "no workbook": lambda good, path: _rewritten(
        good, path, lambda n, d: None if n == "xl/workbook.xml" else d
    ),
    "a DTD with entities": lambda good, path: _rewritten(good, path, _bomb),
}


@pytest.mark.parametrize("breakage", BROKEN_WORKBOOKS.values(), ids=BROKEN_WORKBOOKS.keys())
def test_broken_workbooks_are_one_located_line(inputs, tmp_path, breakage):
    good = _workbook(tmp_path / "good.xlsx")
    broken = breakage(good, tmp_path / "broken.xlsx")
    result = CliRunner().invoke(
        main, ["import", "sheet", str(broken), "--mapping", str(MAPPING), "--inputs", "inputs"]
    )
    assert result.exit_code == 2, result.output
    first = result.output.splitlines()[0]
    assert first.startswith("broken.xlsx:1:1: not a readable Excel workbook (")
    assert "Traceback" not in result.output
    assert not (inputs / "2024-06").exists()


@pytest.mark.parametrize("command", ["acled", "sheet"])
def test_a_fifo_is_refused_without_blocking(inputs, tmp_path, command):
    fifo = tmp_path / ("rows.csv" if command == "acled" else "rows.xlsx")
    os.mkfifo(fifo)
    extra = ["--mapping", str(MAPPING)] if command == "sheet" else []
    script = "from reportgen.cli import main; main()"
    done = subprocess.run(
        [sys.executable, "-c", script, "--lang", "en", "import", command, str(fifo), *extra],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert "not a regular file (a FIFO); put the file itself here" in done.stderr


def test_the_mapping_source_must_be_one_word_without_a_line_break(tmp_path):
    mapping = tmp_path / "map.yaml"
    text = MAPPING.read_text(encoding="utf-8").replace(
        "source: sheet  # imported", 'source: "sheet\\n"  # imported'
    )
    mapping.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_mapping(mapping)
    [problem] = caught.value.problems
    assert problem.field == "source" and problem.line == 5
    assert problem.message == (
        "expected a short lowercase name (a-z, 0-9, _ and -, starting with a letter),"
        " found 'sheet\n'"
    )


def test_a_mapping_that_is_not_a_mapping_is_named_briefly_in_arabic(tmp_path, monkeypatch):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("- " + "عمود " * 500 + "\n", encoding="utf-8")
    monkeypatch.setenv("REPORTGEN_LANG", "ar")
    result = CliRunner().invoke(
        main, ["import", "sheet", str(MAPPING), "--mapping", str(mapping), "--inputs", "inputs"]
    )
    assert result.exit_code == 2
    [line, *_rest] = result.output.splitlines()
    assert line.endswith(
        "map.yaml:1:1: كان المتوقع في أعلى الملف جدولَ مفاتيح"
        " (المفاتيح: source، columns، values، casualties)، لكن الموجود قائمةً"
    )


def test_sheet_rows_repeat_the_decisions_of_the_editors(inputs, tmp_path):
    sheet = _workbook(tmp_path / "s.xlsx")
    import_sheet(inputs, sheet, MAPPING)
    runner = CliRunner()
    result = runner.invoke(
        main, ["triage", "2024-06", "sheet-1", "--as", "drop", "--reason", "duplicate"]
    )
    assert result.exit_code == 0, result.output
    summary, _ = import_sheet(inputs, sheet, MAPPING)
    assert summary.skipped == {"dropped by an editor (decisions.yaml)": 1}
    assert load_project(inputs)[0].months["2024-06"].attacks == ()


def test_both_column_sets_stream_a_large_export_without_listing_every_problem(inputs, tmp_path):
    rows = [event(f"SYR{n}", event_date="someday") for n in range(300)]
    export = _export(tmp_path, rows, OLD_COLUMNS)
    problems = _refused(inputs, export)
    assert len(problems) == 101
    assert problems[-1].endswith(": … and 200 more problems not listed; fix these and import again")
