"""Shared fixtures: a copy of the inputs to work on, the example month built once per worker, the
size of property runs, and text helpers for PDFs."""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import hypothesis
import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_INPUTS = ROOT / "inputs"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

_MARKS = re.compile(r"[\u064B-\u065F\u0670\u0640]")  # tashkeel and tatweel
_CONTROLS = re.compile(r"[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]")
_LAM_ALEF = re.compile(r"ل([اأإآى])")
_PUNCTUATION = re.compile(r"[()\[\].,،؛:«»\"“”]")


def normalise(text: str) -> str:
    """Text as a PDF extractor gives it back, in a form both sides of a comparison agree on.

    pypdfium2 returns Arabic in logical order, but it gives a lam-alef ligature back as alef-lam,
    lets marks split off, and moves mirrored parentheses and sentence-final stops; so marks, bidi
    controls and punctuation go, and lam-alef is written the way the extractor writes it.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROLS.sub("", _MARKS.sub("", text))
    text = _PUNCTUATION.sub(" ", text)
    return " ".join(text.split())


def expected_in_pdf(sentence: str) -> str:
    """`sentence` as pypdfium2 extracts it from our PDF (lam-alef ligatures come out reversed)."""
    return normalise(_LAM_ALEF.sub(r"\1ل", unicodedata.normalize("NFKC", sentence)))


@pytest.fixture(autouse=True)
def english_messages(monkeypatch: pytest.MonkeyPatch):
    """Tests read the tool's messages in English, its source language, unless a test asks for
    Arabic (`REPORTGEN_LANG=ar`, `--lang ar`, or `i18n.use("ar")`): the CLI would otherwise speak
    Arabic, the default of publication.yaml."""
    from reportgen import i18n

    monkeypatch.setenv("REPORTGEN_LANG", "en")
    i18n.reset()
    yield
    i18n.reset()


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder of this test run that every xdist worker shares (each worker's base temporary
    folder sits in the run's own), so what one worker makes the others reuse."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def only_one_worker(folder: Path) -> Iterator[None]:
    """Hold `folder`'s lock: the first worker to come makes what is inside, the others wait."""
    with open(folder / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One chart and font cache for every build of the run, shared by its workers as CI shares
    one between runs (entries are written atomically and sealed): the example month's charts are
    drawn once, not once per test or worker. Tests of the caches themselves pass their own
    folders."""
    from reportgen.publish.fingerprint import CACHE_VARIABLE

    folder = shared_folder(tmp_path_factory, "cache")
    previous = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if previous is None:
        del os.environ[CACHE_VARIABLE]
    else:
        os.environ[CACHE_VARIABLE] = previous


def republish(inputs: Path, month: str = "2023-11") -> None:
    """Record `month` as published again after a test changed its files, as a maintainer would
    after changing the example: drop its published.yaml and let `reportgen publish` write it."""
    from reportgen.publish.release import publish_month

    (inputs / month / "published.yaml").unlink(missing_ok=True)
    publish_month(inputs, month)


def unpublish(inputs: Path, month: str = "2023-11") -> None:
    """Make the example's published `month` a draft again (its record removed, `status: draft`),
    for tests that edit its files for reasons of their own."""
    (inputs / month / "published.yaml").unlink(missing_ok=True)
    report = inputs / month / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("status: published", "status: draft"), encoding="utf-8")


def copy_inputs(tmp_path: Path, source: Path = EXAMPLE_INPUTS) -> Path:
    target = tmp_path / "inputs"
    shutil.copytree(source, target)
    return target


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "inputs(name): the folder of tests/fixtures/ that the `inputs` fixture copies "
        "(default: the example project)",
    )
    config.addinivalue_line(
        "markers", "property: a hypothesis property; `make fuzz` runs these with FUZZ× examples"
    )


@pytest.fixture
def inputs(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the example project's inputs as ./inputs, the test running in its parent folder
    (so problems read `inputs/...`); a module or test marked `pytest.mark.inputs("valid")` gets
    that fixture folder instead."""
    marker = request.node.get_closest_marker("inputs")
    source = FIXTURES / marker.args[0] if marker else EXAMPLE_INPUTS
    monkeypatch.chdir(tmp_path)
    return copy_inputs(tmp_path, source)


@pytest.fixture
def project(inputs: Path) -> Path:
    """The folder that holds ./inputs (and ./output once something is built)."""
    return inputs.parent


FUZZ = int(os.environ.get("REPORTGEN_FUZZ", "1"))
"""`make fuzz` sets REPORTGEN_FUZZ: how many times the suite's examples each property runs."""


def examples(count: int) -> int:
    """A property's number of examples: `count` in the suite, FUZZ times more under make fuzz."""
    return count * FUZZ


hypothesis.settings.register_profile("suite", derandomize=True)
if FUZZ == 1:
    # The suite runs the same examples every time, so a failure in CI fails alike on any machine
    # and the suite's time does not depend on the draw; `make fuzz` draws new ones.
    hypothesis.settings.load_profile("suite")


def built_once(tmp_path_factory: pytest.TempPathFactory, source: Path) -> Path:
    """`source`'s month 2023-11 built once for the whole run into a folder the workers share
    (tests read it or copy it, never change it); returns output/2023-11. What the build logged
    at warning level or above, WeasyPrint's included, is in `BUILD_LOG` beside it."""
    from reportgen.publish.build import build_month, load
    from reportgen.publish.printing import Printer
    from reportgen.publish.unchanged import STAMP

    output = shared_folder(tmp_path_factory, f"built-{source.name}")
    with only_one_worker(output):
        if not (output / "2023-11" / STAMP).is_file():
            with _warnings_written_to(output / BUILD_LOG):
                # printed in this process, where the log is kept
                build_month(load(source), "2023-11", output, printer=Printer(1))
    return output / "2023-11"


BUILD_LOG = "warnings.log"


@contextmanager
def _warnings_written_to(path: Path) -> Iterator[None]:
    """Every record logged at warning level or above while inside, one line each, into `path`."""
    handler = logging.FileHandler(path, mode="w", encoding="utf-8", delay=False)
    handler.setLevel(logging.WARNING)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
        handler.close()


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example month, built once for the run; returns output/2023-11."""
    return built_once(tmp_path_factory, EXAMPLE_INPUTS)


def render_briefing(loaded, month: str, **options):
    """`reportgen.publish.build.render_briefing` with the run's font and chart caches, as a
    build passes its own: (html, charts)."""
    from reportgen.publish import build

    options.setdefault("cache", run_cache() / "fonts")
    options.setdefault("chart_cache", run_cache() / "charts")
    return build.render_briefing(loaded, month, **options)


def reader_and_print_pages(loaded, month: str, **options) -> tuple[str, str]:
    """The reader's page of `month` and the page its PDF prints, from one context made with the
    run's caches (`briefing_context`'s options: edition, voice)."""
    from reportgen.briefing.render import render_html
    from reportgen.publish.build import briefing_context

    context, _charts = briefing_context(
        loaded, month, chart_cache=run_cache() / "charts", **options
    )
    fonts = run_cache() / "fonts"
    return (
        render_html(context, font_cache=fonts),
        render_html(context, font_cache=fonts, medium="print"),
    )


def run_cache() -> Path:
    """The run's chart and font cache (`shared_cache`): charts in charts/, fonts in fonts/."""
    from reportgen.publish.fingerprint import CACHE_VARIABLE

    return Path(os.environ[CACHE_VARIABLE])


def copy_built_example(root: Path, example_build: Path) -> Path:
    """The example project under `root` (inputs/ and output/) with the example month already
    built, as the session built it: a build or `mail` there finds it up to date."""
    copy_inputs(root)
    shutil.copytree(example_build, root / "output" / example_build.name)
    return root


@pytest.fixture
def built_project(
    request: pytest.FixtureRequest, project: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`project` with its month 2023-11 already built into its output/ (built once for the run:
    the example, or the fixture folder of an `inputs` mark)."""
    marker = request.node.get_closest_marker("inputs")
    built = built_once(tmp_path_factory, FIXTURES / marker.args[0] if marker else EXAMPLE_INPUTS)
    shutil.copytree(built, project / "output" / built.name)
    return project
