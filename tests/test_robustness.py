"""Nothing poisons the next build: caches and fingerprints that cannot lie, inputs that pass
`check` and still broke `build`, hangs, quietly wrong output, and system errors (issue 9)."""

from __future__ import annotations

import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from PIL import Image

from reportgen.briefing.charts import archive_chart
from reportgen.briefing.dataset import write_csvs
from reportgen.briefing.fonts import font_face_css
from reportgen.briefing.render import TEMPLATE_DIR, write_pdf
from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from reportgen.publish.build import _is_current, build_month, built_status, load
from reportgen.publish.fingerprint import month_fingerprint
from tests.briefing.months import arabic
from tests.conftest import ROOT, render_briefing, republish, unpublish

MONTH = "2023-11"
REPORT = f"inputs/{MONTH}/report.yaml"


def problems_of(inputs: Path) -> list[str]:
    try:
        load_project(inputs)
    except InputError as error:
        return [str(p) for p in error.problems]
    return []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def finishes(call: Callable[[], object], seconds: float = 60) -> object:
    """`call()`'s result; fails (instead of hanging the suite) when it never returns."""
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(call()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert outcome, "blocked: the call never returned"
    return outcome[0]


# --- a poisoned cache ---------------------------------------------------------------------------


def test_a_truncated_font_cache_entry_is_rebuilt_not_embedded(tmp_path: Path):
    text = "ڤ ژ گ"  # Kurdish and Persian letters: outside the shipped web fonts, so subset
    cache = tmp_path / "fonts"
    fresh = font_face_css(text, cache)
    entries = sorted(cache.iterdir())
    assert len(entries) == 4
    for entry in entries:
        entry.write_bytes(entry.read_bytes()[: len(entry.read_bytes()) // 2])
    assert font_face_css(text, cache) == fresh
    assert font_face_css(text, cache) == fresh


def test_a_cache_entry_with_other_content_is_not_trusted(tmp_path: Path):
    text = "ڤ"
    cache = tmp_path / "fonts"
    fresh = font_face_css(text, cache)
    for entry in cache.iterdir():
        entry.write_bytes(b"not a font")
    assert font_face_css(text, cache) == fresh


# --- fingerprints that lie ----------------------------------------------------------------------


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_an_edit_saved_during_a_build_leaves_the_month_stale(inputs: Path, tmp_path: Path):
    """The stamp records what the build read, so the edit saved meanwhile is built next time."""
    output = tmp_path / "output"
    unpublish(inputs, MONTH)
    loaded = load(inputs)
    replace_in(inputs / MONTH / "report.yaml", "title:", "title: عاجل")
    build_month(loaded, MONTH, output)
    assert built_status(output, MONTH) is not None
    assert build_month(loaded, MONTH, output).skipped
    project = load(inputs).project
    fingerprint = month_fingerprint(project, MONTH)
    assert not _is_current(output / MONTH, MONTH, fingerprint, project.publication.editions)


@pytest.mark.parametrize("name", ["logo.png", "assets/logo.png", "actors.yaml", "places.csv"])
def test_a_new_or_replaced_shared_input_file_changes_the_fingerprint(inputs: Path, name: str):
    project = load(inputs).project
    before = month_fingerprint(project, MONTH)
    (inputs / name).parent.mkdir(exist_ok=True)
    (inputs / name).write_bytes(b"first")
    first = month_fingerprint(project, MONTH)
    (inputs / name).write_bytes(b"second")
    assert len({before, first, month_fingerprint(project, MONTH)}) == 3


def test_hidden_files_count_too(inputs: Path):
    project = load(inputs).project
    before = month_fingerprint(project, MONTH)
    (inputs / ".logo.png").write_bytes(b"a logo")
    assert month_fingerprint(project, MONTH) != before


def test_months_outside_the_window_do_not_change_it(inputs: Path):
    project = load(inputs).project
    before = month_fingerprint(project, MONTH)
    (inputs / "2021-01").mkdir()
    (inputs / "2021-01" / "report.yaml").write_text("month: 2021-01\n")
    assert month_fingerprint(project, MONTH) == before


# --- passes check, fails build ------------------------------------------------------------------


def test_deeply_nested_markup_is_a_located_problem(inputs: Path):
    body = "*" * 500 + "نص" + "*" * 500
    section = f'  - id: deep\n    title: عميق\n    body: "{body}"\n\n  - id: tensions'
    replace_in(inputs / MONTH / "report.yaml", "  - id: tensions", section)
    rows = (inputs / MONTH / "report.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(rows, 1) if row.startswith('    body: "*'))
    assert problems_of(inputs) == [
        f"{REPORT}:{line}:11: sections[1].body: bold, italic and links nested 250 deep, "
        "more than the limit of 20; remove the extra * and _"
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "publication.yaml",
            'primary: "#8b1e1e"',
            'primary: "#8b1e1e\\n"',
            "colors.primary: expected a colour #rrggbb, found '#8b1e1e\\n'",
        ),
        (
            f"{MONTH}/report.yaml",
            "month: 2023-11",
            'month: "2023-11\\n"',
            "month: expected a month YYYY-MM, found '2023-11\\n'",
        ),
        (
            f"{MONTH}/attacks.yaml",
            "date: 2023-11-02",
            'date: "2023-11-02\\n"',
            "attacks[0].date: expected a date YYYY-MM-DD, found '2023-11-02\\n'",
        ),
        (
            "governorates.yaml",
            "key: hasakah",
            'key: "hasakah\\n"',
            "governorates[0].key: expected a snake_case key",
        ),
    ],
)
def test_a_final_newline_does_not_pass_a_pattern(
    inputs: Path, file: str, old: str, new: str, expected: str
):
    replace_in(inputs / file, old, new)
    assert any(expected in problem for problem in problems_of(inputs)), problems_of(inputs)


def test_a_block_scalar_colour_is_a_problem(inputs: Path):
    replace_in(inputs / "publication.yaml", 'primary: "#8b1e1e"', "primary: |\n    #8b1e1e")
    rows = (inputs / "publication.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(rows, 1) if "primary: |" in row)
    found = problems_of(inputs)
    assert (
        f"inputs/publication.yaml:{line}:12: colors.primary: expected a colour #rrggbb, found "
        in (found[0][: found[0].index("found ") + 6])
    )


@pytest.mark.parametrize("folder", ["0000-11", "0202-11", "2101-01"])
def test_a_month_folder_outside_the_year_range_is_a_problem(inputs: Path, folder: str):
    shutil.copytree(inputs / "2023-10", inputs / folder)
    replace_in(inputs / folder / "report.yaml", "month: 2023-10", f"month: {folder}")
    message = (
        f"inputs/{folder}:1:1: year {folder[:4]} is outside 2000–2100; rename the folder "
        "(or change limits: first_year / last_year in publication.yaml)"
    )
    assert problems_of(inputs) == [message]


def test_the_year_range_is_a_limit(inputs: Path):
    shutil.copytree(inputs / "2023-10", inputs / "1998-10")
    replace_in(inputs / "1998-10" / "report.yaml", "month: 2023-10", "month: 1998-10")
    (inputs / "publication.yaml").write_text(
        (inputs / "publication.yaml").read_text() + "limits:\n  first_year: 1990\n"
    )
    assert problems_of(inputs) == []


def test_the_archive_chart_is_bounded_by_the_months_that_exist():
    summary = pd.DataFrame({"month": ["2000-01", "2100-11", "2100-12"], "attacks": [1, 2, 3]})
    chart = archive_chart(summary, "2100-12", arabic().chart_words())
    assert chart is not None
    assert "2000" not in chart.alt and "٢٠٠٠" not in chart.alt
    assert chart.title == "الهجمات المؤكدة شهرياً منذ تشرين الثاني (نوفمبر) 2100"


# --- hangs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [f"{MONTH}/raids.yaml", "governorates.yaml"])
def test_a_fifo_in_place_of_a_yaml_file_is_a_located_problem(inputs: Path, name: str):
    (inputs / name).unlink()
    os.mkfifo(inputs / name)
    message = f"inputs/{name}:1:1: not a regular file (a FIFO); put the file itself here"
    assert message in finishes(lambda: problems_of(inputs))


def test_a_fifo_in_place_of_the_cover_is_a_located_problem(inputs: Path):
    (inputs / MONTH / "cover.jpg").unlink()
    os.mkfifo(inputs / MONTH / "cover.jpg")
    rows = (inputs / MONTH / "report.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(rows, 1) if "image:" in row)
    assert finishes(lambda: problems_of(inputs)) == [
        f"{REPORT}:{line}:10: cover.image: 'cover.jpg' is not a regular file; "
        "put the file itself there"
    ]


def test_a_fifo_does_not_freeze_the_preview(inputs: Path):
    from reportgen.editor.previewer import Previewer

    (inputs / MONTH / "raids.yaml").unlink()
    os.mkfifo(inputs / MONTH / "raids.yaml")
    previewer = Previewer(inputs, MONTH, ROOT / "templates", None)
    assert finishes(previewer.rebuild) == 1
    assert "not a regular file (a FIFO)" in previewer.current()[0]


def test_a_fifo_among_shared_files_does_not_block_the_fingerprint(inputs: Path):
    project = load(inputs).project
    os.mkfifo(inputs / "notes.csv")
    assert finishes(lambda: month_fingerprint(project, MONTH))


_SLOW_CHARTS = """
import os, sys, time
from pathlib import Path
from reportgen.briefing import chartcache
from reportgen.publish.build import load, render_briefing

def slow(draft):
    os.write(1, f"{os.getpid()}\\n".encode())  # one write: the two workers never interleave
    time.sleep(600)

chartcache.rendered_chart = slow
assert chartcache._can_fork_workers()
render_briefing(load(Path(sys.argv[1])), "2023-11")
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parent-death signal")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="charts fork workers only with 2 cores")
def test_chart_workers_die_when_the_build_is_killed(tmp_path: Path):
    build = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CHARTS, str(ROOT / "inputs")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    workers: list[int] = []
    try:
        while len(workers) < 2:
            line = build.stdout.readline()
            assert line, "the build ended before its workers drew"
            if line.strip().isdigit():
                workers.append(int(line))
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        survivors = [pid for pid in workers if _alive(pid)]
        for _ in range(300):
            if not survivors:
                break
            threading.Event().wait(0.1)
            survivors = [pid for pid in workers if _alive(pid)]
        assert survivors == []
    finally:
        build.kill()
        build.wait()
        build.stdout.close()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- quietly wrong output -----------------------------------------------------------------------


def _photo(size: tuple[int, int], image_format: str) -> bytes:
    image = Image.effect_noise(size, 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format=image_format, quality=90)
    return out.getvalue()


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
@pytest.mark.parametrize("weasyprint_loaded", [False, True])
def test_a_truncated_cover_is_an_error(
    inputs: Path, image_format: str, weasyprint_loaded: bool, monkeypatch
):
    """Importing WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process."""
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", weasyprint_loaded)
    data = _photo((400, 300), image_format)
    (inputs / MONTH / "cover.jpg").write_bytes(data[: len(data) * 2 // 3])
    line = next(
        i
        for i, row in enumerate((inputs / MONTH / "report.yaml").read_text().splitlines(), 1)
        if "image:" in row
    )
    message = (
        "is not a PNG, JPEG or WebP image"  # libwebp cannot even read a cut WebP's header
        if image_format == "WEBP"
        else "is damaged or cut short: it cannot be decoded in full; save or export it again"
    )
    assert problems_of(inputs) == [f"{REPORT}:{line}:10: cover.image: 'cover.jpg' {message}"]
    assert ImageFile.LOAD_TRUNCATED_IMAGES is weasyprint_loaded


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_a_whole_cover_passes_with_either_truncation_setting(
    inputs: Path, image_format: str, monkeypatch
):
    from PIL import ImageFile

    (inputs / MONTH / "cover.jpg").write_bytes(_photo((400, 300), image_format))
    for setting in (False, True):
        monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", setting)
        assert problems_of(inputs) == []


@pytest.mark.inputs("small")
def test_a_webp_cover_does_not_bloat_the_pdf(inputs: Path, tmp_path: Path):
    (inputs / MONTH / "cover.webp").write_bytes(_photo((2400, 1600), "WEBP"))
    replace_in(inputs / MONTH / "report.yaml", "cover.jpg", "cover.webp")
    republish(inputs, MONTH)
    html, _charts = render_briefing(load(inputs), MONTH, medium="print")  # one edition, as built
    pdf = tmp_path / "briefing.pdf"
    write_pdf(html, pdf, allowed=(TEMPLATE_DIR, inputs / MONTH))
    assert pdf.stat().st_size < 3_000_000
    assert "data:image/webp" not in html and "data:image/jpeg" in html


def test_formulas_in_free_text_are_neutralised_in_the_csvs(inputs: Path, tmp_path: Path):
    attacks = inputs / MONTH / "attacks.yaml"
    text = attacks.read_text(encoding="utf-8")
    first_id = text.split("id: ", 1)[1].split("\n", 1)[0]
    attacks.write_text(text.replace(f"id: {first_id}", 'id: "=HYPERLINK(\\"x\\")"', 1))
    casualties = inputs / MONTH / "casualties.yaml"
    text = casualties.read_text().replace(f"attack: {first_id}", 'attack: "=HYPERLINK(\\"x\\")"')
    casualties.write_text(text)
    replace_in(inputs / MONTH / "report.yaml", "title:", "title: '+")
    report = (inputs / MONTH / "report.yaml").read_text()
    (inputs / MONTH / "report.yaml").write_text(report.replace("\nhighlights", "'\nhighlights", 1))
    written = write_csvs(load(inputs).dataset, tmp_path / "data")
    table = (tmp_path / "data" / "attacks.csv").read_text()
    assert "'=HYPERLINK" in table
    assert not any(cell.startswith(("=", "+", "@")) for cell in _cells(written))
    summary = pd.read_csv(tmp_path / "data" / "summary.csv")
    assert summary["attacks"].dtype.kind in "if"


def _cells(paths: list[Path]) -> list[str]:
    import csv

    return [cell for path in paths for row in csv.reader(path.open()) for cell in row]


def test_a_failed_csv_write_leaves_the_last_good_csv(inputs: Path, tmp_path: Path, monkeypatch):
    dataset = load(inputs).dataset
    data = tmp_path / "data"
    write_csvs(dataset, data)
    before = {path.name: path.read_bytes() for path in data.iterdir()}

    def disk_full(self, path, *args, **kwargs):
        Path(path).write_text("month,atta")
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(pd.DataFrame, "to_csv", disk_full)
    with pytest.raises(OSError):
        write_csvs(dataset, data)
    assert {path.name: path.read_bytes() for path in data.iterdir()} == before


@pytest.mark.parametrize("filler", ["\u3164", "\u115f", "\u00ad", "\u2800", "\u3164 \u00ad"])
def test_a_headline_of_invisible_characters_is_empty(inputs: Path, filler: str):
    report = inputs / MONTH / "report.yaml"
    text = report.read_text(encoding="utf-8")
    title = next(row for row in text.splitlines() if row.startswith("title:"))
    report.write_text(text.replace(title, f'title: "{filler}"'), encoding="utf-8")
    line = text.splitlines().index(title) + 1
    assert problems_of(inputs) == [f"{REPORT}:{line}:8: title: must not be empty"]


def test_a_look_alike_governorate_name_is_a_duplicate(inputs: Path):
    gazetteer = inputs / "governorates.yaml"
    gazetteer.write_text(
        gazetteer.read_text(encoding="utf-8")
        + '  - key: raqqa_2\n    name_ar: "الرق\u00adة"\n    name_en: Raqqa\n'
        + "    lat: 35.9\n    lon: 39.0\n",
        encoding="utf-8",
    )
    found = problems_of(inputs)
    assert len(found) == 1 and "governorates[" in found[0]
    assert "name_ar: duplicate Arabic name" in found[0]


def test_escape_sequences_in_a_folder_name_do_not_reach_the_terminal(inputs: Path):
    (inputs / "2023-1\x1b[2J\x1b]0;owned\x07").mkdir()
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 2
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert (
        "inputs/2023-1\\x1b[2J\\x1b]0;owned\\x07:1:1: not a month folder: month folders are "
        "named YYYY-MM, e.g. 2023-11" in result.output
    )


# --- system errors on output --------------------------------------------------------------------


def test_a_file_where_the_month_folder_should_be_is_one_line_and_exit_1(inputs: Path):
    Path("output").mkdir()
    Path("output", MONTH).write_text("in the way")
    result = CliRunner().invoke(main, ["build", MONTH])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1].startswith(f"error: output/{MONTH}")
    assert Path("output", MONTH).read_text() == "in the way"


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_a_full_disk_is_one_line_exit_1_and_keeps_the_last_good_output(
    built_project: Path, monkeypatch
):
    pdf = Path("output", MONTH, f"sitrep-{MONTH}.pdf")
    before = pdf.read_bytes()

    def disk_full(html, target, allowed=()):
        Path(target).write_bytes(b"%PDF-1.7 trunc")
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr("reportgen.briefing.render.write_pdf", disk_full)
    result = CliRunner().invoke(main, ["build", MONTH, "--force"])
    assert result.exit_code == 1
    last = result.output.strip().splitlines()[-1]
    assert last.startswith(f"error: output/{MONTH}/.sitrep-{MONTH}.pdf.")
    assert last.endswith(": No space left on device; the last good output was left as it was")
    assert "Traceback" not in result.output
    assert pdf.read_bytes() == before


def test_a_read_only_output_is_one_line_and_exit_1(inputs: Path, monkeypatch):
    def read_only(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "output/data")

    monkeypatch.setattr("reportgen.briefing.dataset.write_safe_csv", read_only)
    result = CliRunner().invoke(main, ["data"])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1] == (
        "error: output/data: Permission denied; the last good output was left as it was"
    )


def test_the_preview_stops_while_a_rebuild_is_stuck(inputs: Path, monkeypatch, shared_cache):
    from reportgen.editor import preview

    monkeypatch.setattr(preview, "STOP_WAIT_S", 1.0)
    server = preview.PreviewServer(inputs, MONTH, watched=[inputs], cache=shared_cache)
    server.start()
    release, stuck = threading.Event(), threading.Event()

    def never_done() -> tuple[str, str, None]:
        stuck.set()
        release.wait()
        return "", "released", None

    monkeypatch.setattr(server.previewer, "_built_page", never_done)
    try:
        (inputs / MONTH / "notes.txt").write_text("an edit")
        assert stuck.wait(60), "the watcher never rebuilt"
        finishes(server.stop)
    finally:
        release.set()
