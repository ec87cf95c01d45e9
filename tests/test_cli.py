"""The command line: exit statuses, printed problems, --all -j, the archive page, help texts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from tests.conftest import republish


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _add_full_month(inputs: Path, month: str) -> None:
    """A copy of 2023-11 moved to `month`, so that there are two full months to build; published
    as 2023-11 is."""
    target = inputs / month
    target.mkdir()
    for source in (inputs / "2023-11").iterdir():
        if source.name == "published.yaml":
            continue
        if source.suffix == ".yaml":
            text = source.read_text(encoding="utf-8").replace("2023-11", month)
            (target / source.name).write_text(text, encoding="utf-8")
        else:
            (target / source.name).write_bytes(source.read_bytes())
    republish(inputs, month)


def test_check_passes_on_the_example_data(project):
    result = run("check")
    assert result.exit_code == 0
    assert result.output.strip().endswith("ok: all months valid (0 warnings)")


def test_check_reports_problems_with_locations_and_exit_2(project):
    attacks = project / "inputs" / "2023-11" / "attacks.yaml"
    text = attacks.read_text(encoding="utf-8")
    attacks.write_text(text.replace("date: 2023-11-02", "date: 2023-12-02", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "date: 2023-11-02" in row)
    column = text.splitlines()[line - 1].index("2023-11-02") + 1
    result = run("check")
    assert result.exit_code == 2
    where = f"inputs/2023-11/attacks.yaml:{line}:{column}"
    assert f"{where}: attacks[0].date: 2023-12-02 is outside 2023-11" in result.output
    assert "Traceback" not in result.output


def test_failed_check_writes_nothing(project):
    (project / "inputs" / "2023-11" / "raids.yaml").write_text("raids: [\n", encoding="utf-8")
    result = run("build")
    assert result.exit_code == 2
    assert not (project / "output").exists()


def test_data_writes_the_summary(project):
    result = run("data")
    assert result.exit_code == 0
    summary = (project / "output" / "data" / "summary.csv").read_text(encoding="utf-8")
    assert summary.splitlines()[0].startswith("month,summary,attacks,")


@pytest.mark.inputs("small")  # a build's mechanics, not the example's pages
def test_build_all_in_two_processes_and_the_archive(built_project):
    """The month's cycle: 2023-11 built last month, 2023-12 added; `build --all` builds the new
    one, and the archive lists both."""
    project = built_project
    _add_full_month(project / "inputs", "2023-12")
    result = run("build", "--all", "-j", "2")
    assert result.exit_code == 0, result.output
    assert "2023-12: built in" in result.output and "1 built, 1 unchanged" in result.output
    for month in ("2023-11", "2023-12"):
        folder = project / "output" / month
        assert (folder / f"sitrep-{month}.pdf").read_bytes().startswith(b"%PDF-")
        assert (folder / f"sitrep-{month}.html").exists()

    index = (project / "output" / "index.html").read_text(encoding="utf-8")
    tree = html5lib.parse(index, namespaceHTMLElements=False)
    entries = tree.findall(".//ol[@class='issues']/li")
    assert [li.get("id") for li in entries] == ["month-2023-12", "month-2023-11"]
    links = [a.get("href") for a in entries[1].iter("a")]
    assert links == ["2023-11/sitrep-2023-11.html", "2023-11/sitrep-2023-11.html",
                     "2023-11/sitrep-2023-11.pdf", "2023-11/sitrep-2023-11.en.html",
                     "2023-11/sitrep-2023-11.en.pdf"]  # fmt: skip
    for link in set(links):
        assert (project / "output" / link).exists()
    assert re.findall(r'\ssrc="(?!data:)', index) == []

    again = run("build", "--all", "-j", "2")
    assert "0 built, 2 unchanged" in again.output


def test_build_refuses_a_summary_month(project):
    result = run("build", "2023-10")
    assert result.exit_code == 2
    assert "inputs/2023-10:1:1: month: 2023-10 is a summary month: it feeds trends only" in (
        result.output
    )


@pytest.mark.parametrize("command", ["check", "data", "build", "publish", "new", "preview"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    assert "--inputs" in result.output and "--output" in result.output


def test_main_help_lists_the_commands():
    result = run("--help")
    for command in ("check", "data", "build", "publish", "new", "preview"):
        assert re.search(rf"^\s+{command}\s", result.output, re.M)


def test_build_prints_only_the_warnings_of_the_month_it_builds(built_project):
    later = built_project / "inputs" / "2023-12"
    later.mkdir()
    (later / "report.yaml").write_text("month: 2023-12\ntitle: شهر لاحق\n", encoding="utf-8")
    (later / "attacks.yaml").write_text(
        "attacks:\n  - {id: a-1, date: 2023-12-05, governorate: hasakah, type: ied,"
        " target: camp}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    result = runner.invoke(main, ["build", "2023-11"])
    assert result.exit_code == 0, result.output
    assert "2023-12" not in result.output
    result = runner.invoke(main, ["check", "2023-12"])
    assert "inputs/2023-12/attacks.yaml:2:5: warning: attacks[0]: attack 'a-1' has no sources" in (
        result.output
    )


# --- the console script ---------------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("reportgen")


def test_the_console_script_exits_with_the_commands_status_and_all_its_output(project):
    """`reportgen` leaves without the interpreter's teardown (`cli.run`): its status and every
    line it printed still reach the caller, through a pipe too."""
    missing = project / "nowhere"
    failed = subprocess.run(
        [SCRIPT, "--lang", "en", "check", "--inputs", missing], capture_output=True, text=True
    )
    assert failed.returncode == 2
    assert "nowhere:1:1: no such inputs folder\n1 problem found; nothing was written." in (
        failed.stderr
    )
    checked = subprocess.run(
        [SCRIPT, "--lang", "en", "check"], cwd=project, capture_output=True, text=True
    )
    assert checked.returncode == 0
    assert checked.stdout.strip().endswith("ok: all months valid (0 warnings)")
    helped = subprocess.run([SCRIPT, "--lang", "en", "build", "--help"], capture_output=True)
    assert helped.returncode == 0
    text = helped.stdout.decode()
    assert text.startswith("Usage: reportgen build [OPTIONS] [MONTH]\n")
    assert text.endswith("  -h, --help                Show this message and exit.\n")
    unknown = subprocess.run([SCRIPT, "no-such-command"], capture_output=True, text=True)
    assert unknown.returncode == 2
    assert "no-such-command" in unknown.stderr
