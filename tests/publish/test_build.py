"""Build orchestration: skipping unchanged months, what makes a month stale, atomic outputs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reportgen.briefing.render import without_evidence_links
from reportgen.publish.build import build_month, load
from reportgen.publish.fingerprint import month_fingerprint
from tests.conftest import ROOT, republish


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # fmt: skip


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    target = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", target)
    return target


def test_fingerprint_follows_the_month_its_window_and_the_templates(inputs, templates):
    def fingerprint() -> str:
        return month_fingerprint(load(inputs).project, "2023-11", templates)

    first = fingerprint()
    assert fingerprint() == first
    (templates / "css" / "print.css").write_text("/* changed */", encoding="utf-8")
    after_template = fingerprint()
    assert after_template != first
    neighbour = inputs / "2023-10" / "report.yaml"
    neighbour.write_text(neighbour.read_text(encoding="utf-8").replace("17", "18", 1), "utf-8")
    after_neighbour = fingerprint()
    assert after_neighbour != after_template
    outside = inputs / "2022-11"
    shutil.copytree(inputs / "2022-12", outside)
    (outside / "report.yaml").write_text(
        (outside / "report.yaml").read_text(encoding="utf-8").replace("2022-12", "2022-11"),
        encoding="utf-8",
    )
    assert fingerprint() == after_neighbour


def test_readers_and_mail_settings_rebuild_no_briefing(inputs, templates):
    def fingerprint() -> str:
        return month_fingerprint(load(inputs).project, "2023-11", templates)

    first = fingerprint()
    readers = inputs / "readers.yaml"
    readers.write_text(readers.read_text("utf-8") + "  - address: new@example.org\n", "utf-8")
    publication = inputs / "publication.yaml"
    settings = publication.read_text("utf-8")
    publication.write_text(settings.replace("port: 587", "port: 2525"), "utf-8")
    assert publication.read_text("utf-8") != settings
    assert fingerprint() == first
    publication.write_text(settings.replace("digits: western", "digits: arabic_indic"), "utf-8")
    assert publication.read_text("utf-8") != settings
    assert fingerprint() != first


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_unchanged_month_is_skipped_and_a_data_change_rebuilds(built_project):
    inputs, output = built_project / "inputs", built_project / "output"
    before = _snapshot(output / "2023-11")

    again = build_month(load(inputs), "2023-11", output)
    assert again.skipped and again.outputs == []
    assert _snapshot(output / "2023-11") == before

    camps = inputs / "2023-11" / "camps.yaml"
    camps.write_text(
        camps.read_text(encoding="utf-8").replace("people: 776", "people: 801"), "utf-8"
    )
    republish(inputs)
    rebuilt = build_month(load(inputs), "2023-11", output)
    assert not rebuilt.skipped
    html = (output / "2023-11" / "sitrep-2023-11.html").read_text(encoding="utf-8")
    assert "أعاد العراق 801 من مواطنيه من مخيم الهول." in without_evidence_links(html)


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_failed_pdf_leaves_previous_outputs_byte_identical(built_project, monkeypatch):
    inputs, output = built_project / "inputs", built_project / "output"
    before = _snapshot(output / "2023-11")

    def failing_pdf(html: str, target: Path, allowed=()) -> None:
        target.write_bytes(b"%PDF-1.7 half a file")
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr("reportgen.briefing.render.write_pdf", failing_pdf)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        build_month(load(inputs), "2023-11", output, force=True)
    assert _snapshot(output / "2023-11") == before
    assert list((output / "2023-11").glob(".*.tmp")) == []


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_stale_temporaries_from_a_killed_build_are_removed(inputs, tmp_path):
    output = tmp_path / "out"
    stale = output / "2023-11" / ".sitrep-2023-11.pdf.abc123.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.7 interrupted")
    build_month(load(inputs), "2023-11", output)
    assert not stale.exists()


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_build_killed_mid_pdf_loses_nothing(built_project):
    """A real process, killed while WeasyPrint writes: the last good files stay, and the
    temporary it leaves is gone after the next build."""
    import os
    import signal
    import subprocess
    import sys
    import time

    inputs, output = built_project / "inputs", built_project / "output"
    folder = output / "2023-11"
    before = _snapshot(folder)
    command = [sys.executable, "-m", "reportgen.cli", "build", "2023-11", "--force"]
    command += ["--inputs", str(inputs), "--output", str(output), "-q"]
    process = subprocess.Popen(command, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not list(folder.glob(".sitrep-2023-11.pdf.*.tmp")):
            assert process.poll() is None, "the build ended before its PDF step was seen"
            assert time.monotonic() < deadline
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    leftovers = list(folder.glob(".*.tmp"))
    assert leftovers
    assert {k: v for k, v in _snapshot(folder).items() if not k.endswith(".tmp")} == before

    build_month(load(inputs), "2023-11", output, force=True)
    assert list(folder.glob(".*.tmp")) == []


@pytest.mark.inputs("small")
def test_every_editions_charts_are_drawn_in_one_go_maps_first(inputs, tmp_path, monkeypatch):
    """A cold build hands the chart workers both editions' charts at once, the two maps (the
    longest to draw) first, instead of one edition's while the other prints."""
    from reportgen.briefing import chartcache
    from tests.generated import undrawn

    calls: list[list[tuple[str, str]]] = []

    def recorded(drafts, palette):
        if drafts:
            calls.append([(draft.id, draft.lang) for draft in drafts])
        return undrawn(drafts, palette)

    monkeypatch.setattr(chartcache, "_drawn_all", recorded)
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "cache"))
    build_month(load(inputs), "2023-11", tmp_path / "output")
    [drawn] = calls
    assert drawn[:2] == [("map", "ar"), ("map", "en")]
    charts = sorted(chart for chart, _lang in drawn[2:])
    assert charts == sorted(2 * ["attacks_trend", "attacks_by_governorate", "casualties",
                                 "raids_trend", "camp_population"])  # fmt: skip


def _printing_recorded(monkeypatch, events: list[str]) -> None:
    """Builds in this test send their PDFs to a printer that records each one (as "print ar",
    "print en") and each wait for one ("wait"), and prints nothing: these tests are about the
    order of a build's steps, not about its PDFs."""
    from reportgen.publish import printing

    def submit(self, html, pdf, allowed):
        events.append(f"print {'en' if '.en.' in pdf.name else 'ar'}")
        return printing.Job(html, pdf, tuple(allowed), done=True)

    def result(self, job):
        events.append("wait")
        return job.seconds

    monkeypatch.setattr(printing, "can_fork", lambda: False)
    monkeypatch.setattr(printing.Printer, "submit", submit)
    monkeypatch.setattr(printing.Printer, "result", result)


@pytest.mark.inputs("small")
def test_both_editions_go_to_print_before_either_readers_page_is_made(
    inputs, tmp_path, monkeypatch
):
    """The second edition's PDF starts printing as soon as its page for print is made, not
    after the first edition's reader's page (made while both print)."""
    from reportgen.briefing import chartcache, render
    from tests.generated import undrawn

    events: list[str] = []
    real_page = render.render_html

    def page(context, *args, medium="screen", **kwargs):
        if medium == "screen":
            events.append(f"page {context['document']['lang']}")
        return real_page(context, *args, medium=medium, **kwargs)

    monkeypatch.setattr(chartcache, "_drawn_all", undrawn)
    monkeypatch.setattr(render, "render_html", page)
    _printing_recorded(monkeypatch, events)
    build_month(load(inputs), "2023-11", tmp_path / "output")
    assert events == ["print ar", "print en", "page ar", "page en", "wait", "wait"]


@pytest.mark.inputs("small")
def test_the_archive_chart_is_drawn_while_the_month_prints(inputs, tmp_path, monkeypatch):
    """`build` draws the archive's chart (as it will be once the month is built) while the PDFs
    print; writing the archive then finds it drawn."""
    from click.testing import CliRunner

    from reportgen.briefing import chartcache
    from reportgen.cli import main
    from reportgen.publish import archive
    from tests.generated import undrawn

    events: list[str] = []
    real_index = archive.write_index

    def drawn(drafts, palette):
        events.extend(f"draw {draft.id}" for draft in drafts)
        return undrawn(drafts, palette)

    def index(*args, **kwargs):
        events.append("index")
        return real_index(*args, **kwargs)

    monkeypatch.setattr(chartcache, "_drawn_all", drawn)
    monkeypatch.setenv("REPORTGEN_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(archive, "write_index", index)
    _printing_recorded(monkeypatch, events)
    output = tmp_path / "output"
    args = ["build", "2023-11", "--inputs", str(inputs), "--output", str(output)]
    assert CliRunner().invoke(main, args, catch_exceptions=False).exit_code == 0
    assert events.index("print en") < events.index("draw attacks_history") < events.index("wait")
    assert events[events.index("index") :] == ["index"]
    assert "attacks_history" in (output / "index.html").read_text(encoding="utf-8")
