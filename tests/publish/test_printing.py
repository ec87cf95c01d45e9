"""The editions of a month print in parallel worker processes, and a failed print replaces
nothing of the month. Run in a fresh interpreter: only a single-threaded process forks them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

MONTH = "2023-11"
pytestmark = [
    pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core prints in process"),
    pytest.mark.inputs("small"),  # a build's mechanics: the small project prints faster
]

_BUILD = """
import os, sys
from pathlib import Path
from reportgen.publish import printing
from reportgen.publish.build import build_month, load

original = printing._print
fail = sys.argv[3]

def spy(html, pdf, allowed):
    print("printed", os.getpid(), Path(pdf).name, flush=True)
    if fail and fail in Path(pdf).name:
        raise OSError(28, "No space left on device", str(pdf))
    return original(html, pdf, allowed)

printing._print = spy
print("main", os.getpid(), flush=True)
try:
    build_month(load(Path(sys.argv[1])), "2023-11", Path(sys.argv[2]), force=True)
except OSError as error:
    print("failed", error.strerror, flush=True)
"""


def _build(project: Path, fail: str = "") -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _BUILD, str(project / "inputs"), str(project / "output"), fail],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return [line.split() for line in done.stdout.splitlines()]


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_each_edition_prints_in_its_own_worker(built_project: Path):
    lines = _build(built_project)
    main = next(int(line[1]) for line in lines if line[0] == "main")
    printed = sorted(
        (line[2].split(".")[1:-2], int(line[1])) for line in lines if line[0] == "printed"
    )
    assert [name for name, _pid in printed] == [
        [f"sitrep-{MONTH}", "en", "pdf"],
        [f"sitrep-{MONTH}", "pdf"],
    ]
    pids = {pid for _name, pid in printed}
    assert len(pids) == 2 and main not in pids
    target = built_project / "output" / MONTH
    assert "ISIS" in _pdf_text(target / f"sitrep-{MONTH}.en.pdf")
    assert "داعش" in _pdf_text(target / f"sitrep-{MONTH}.pdf")
    assert not list(target.glob(".*.tmp"))


def test_a_failed_edition_replaces_no_file_of_the_month(built_project: Path):
    target = built_project / "output" / MONTH
    before = {p: p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}
    lines = _build(built_project, fail=".en.pdf")
    assert ["failed", "No", "space", "left", "on", "device"] in lines
    after = {p: p.read_bytes() for p in sorted(target.rglob("*")) if p.is_file()}
    assert after == before


_CHILDREN_AT_LOAD = """
import multiprocessing, sys
from reportgen.cli import main
from reportgen.publish import build

read = build.load

def load(*args, **kwargs):
    print("printing workers while the inputs are read:", len(multiprocessing.active_children()))
    sys.exit(7)  # as a build stopped by a problem in its inputs

build.load = load
try:
    main(["--lang", "en", "build", "--force", "--inputs", sys.argv[1], "--output", sys.argv[2]])
except SystemExit as done:
    print("exit", done.code, "workers left:", len(multiprocessing.active_children()))
"""


def test_the_printing_workers_start_before_the_inputs_are_read(project: Path):
    """They import WeasyPrint while the main process validates (a busy month's second), and
    are forked before the dataset exists, so they do not carry it; a build stopped while they
    start leaves none behind."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILDREN_AT_LOAD, "inputs", "output"],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert "printing workers while the inputs are read: 2" in done.stdout, done.stderr
    assert "exit 7 workers left: 0" in done.stdout
