"""Orchestration: validate every month first, then write each month's outputs atomically.

Nothing is written until the inputs have passed. Each output goes to a temporary file in its own
folder and is renamed into place, so a failed or interrupted build leaves the last good files
untouched. A month whose fingerprint (its inputs and those of every month its trends read, the
shared settings, the templates, fonts and the tool itself) matches its last build is skipped.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reportgen import __version__
from reportgen.errors import InputError, Problem
from reportgen.files import atomic_path, remove_stale_temporaries, write_atomic
from reportgen.i18n import N_, _
from reportgen.input.loader import display_path, full_months, load_project
from reportgen.input.records import Project
from reportgen.input.yamlsource import read_regular
from reportgen.publish.fingerprint import (
    TEMPLATE_DIR,
    FileDigests,
    cache_dir,
    input_digests,
    month_fingerprint,
)
from reportgen.publish.gate import refuse_unpublishable
from reportgen.publish.printing import Job, Printer
from reportgen.publish.unchanged import STAMP, read_stamp

if TYPE_CHECKING:
    from reportgen.briefing.chartdraw import Draft
    from reportgen.briefing.charts import Chart
    from reportgen.briefing.dataset import Dataset
    from reportgen.briefing.maps import MonthMap
    from reportgen.briefing.voices import Voice

log = logging.getLogger("reportgen")


STEP_NAMES = {"charts": N_("charts"), "html": N_("HTML"), "pdf": N_("PDF")}
"""The steps a build times, as its progress line names them."""


@dataclass
class BuildResult:
    month: str
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    skipped: bool = False

    def summary(self) -> str:
        if self.skipped:
            return _("{month}: unchanged since its last build, skipped").format(month=self.month)
        steps = _(", ").join(
            _("{step} {seconds}s").format(step=_(STEP_NAMES.get(step, step)), seconds=f"{took:.2f}")
            for step, took in self.timings.items()
        )
        message = _("{month}: built in {seconds}s ({steps})")
        seconds = f"{sum(self.timings.values()):.2f}"
        return message.format(month=self.month, seconds=seconds, steps=steps)


class Loaded:
    """A validated project, the warnings found on the way, its merged dataset, and the digest of
    every input file as it was when loading began (`input_digests`).

    The dataset (and pandas with it) is only made when asked for: a build that finds every month
    up to date never needs it. Fingerprints use the digests, never a later read: a file saved
    while the build runs then differs from its stamp, and the next build redoes that month.
    """

    def __init__(
        self,
        project: Project,
        warnings: tuple[Problem, ...],
        digests: Mapping[str, str] | None = None,
    ):
        self.project = project
        self.warnings = warnings
        self.digests = digests

    @functools.cached_property
    def dataset(self) -> Dataset:
        from reportgen.briefing.dataset import build_dataset

        return build_dataset(self.project)


def load(
    inputs: Path,
    bad_readers: Literal["error", "skip"] = "error",
    known: FileDigests | None = None,
) -> Loaded:
    """The project as `load_project` gives it, with the digests of its files taken first
    (through `known`, which then holds them, when given)."""
    digests = input_digests(inputs, known)
    project, warnings = load_checked(inputs, digests, bad_readers=bad_readers)
    return Loaded(project, tuple(warnings), digests)


def load_checked(
    inputs: Path,
    digests: Mapping[str, str],
    months: list[str] | None = None,
    bad_readers: Literal["error", "skip"] = "error",
) -> tuple[Project, list[Problem]]:
    """`load_project`; when the inputs do not load, the problems also name every file changed
    since its month was published (a deleted file beside what its loss broke)."""
    from reportgen.publish.freeze import recorded_problems

    try:
        return load_project(inputs, months=months, bad_readers=bad_readers)
    except InputError as error:
        found = recorded_problems(inputs.absolute(), digests, months)
        raise InputError([*error.problems, *found]) from None


def resolve_month(project: Project, month: str | None) -> str:
    """`month`, or the newest full month; an InputError when it cannot be built."""
    months = full_months(project)
    if month is None:
        if not months:
            message = _("no full month to build (only summary months)")
            raise _month_problem(project, "", message)
        return months[-1]
    if month not in project.months:
        known = _(", ").join(sorted(project.months)) or _("none")
        message = _("no such month folder (months: {months})").format(months=known)
        raise _month_problem(project, month, message)
    if month not in months:
        message = _("is a summary month: it feeds trends only")
        raise _month_problem(project, month, message)
    return month


def _month_problem(project: Project, month: str, message: str) -> InputError:
    path = display_path(project.inputs / month) if month else display_path(project.inputs)
    return InputError.single(path, 1, 1, "month", f"{month} {message}".strip())


def render_briefing(
    loaded: Loaded,
    month: str,
    templates: Path = TEMPLATE_DIR,
    cache: Path | None = None,
    timings: dict[str, float] | None = None,
    chart_cache: Path | None = None,
    edition: str = "ar",
    voice: Voice | None = None,
    medium: Literal["screen", "print"] = "screen",
) -> tuple[str, list[Chart]]:
    """The reader's HTML of `month` in `edition` (or in `voice`), or with `medium="print"` the
    page its PDF prints; and its charts, in memory. `cache` holds font subsets, `chart_cache`
    drawn charts."""
    from reportgen.briefing.render import render_html

    timings = {} if timings is None else timings
    context, charts = briefing_context(loaded, month, timings, chart_cache, edition, voice)
    with _timed(timings, "html"):
        html = render_html(context, templates, font_cache=cache, medium=medium)
    return html, charts


def briefing_context(
    loaded: Loaded,
    month: str,
    timings: dict[str, float] | None = None,
    chart_cache: Path | None = None,
    edition: str = "ar",
    voice: Voice | None = None,
) -> tuple[dict[str, Any], list[Chart]]:
    """`month`'s template context and charts in `edition` ("ar", "en"), or in `voice`: what its
    page, PDF and email show. Every edition is built by the same builder from the same facts;
    only the voice differs."""
    from reportgen.briefing.voices import voice_for

    voices = [voice or voice_for(loaded.project, edition)]
    return next(editions_contexts(loaded, month, voices, timings, chart_cache))


def editions_contexts(
    loaded: Loaded,
    month: str,
    voices: Sequence[Voice],
    timings: dict[str, float] | None = None,
    chart_cache: Path | None = None,
) -> Iterator[tuple[dict[str, Any], list[Chart]]]:
    """`briefing_context` of each voice in turn, their charts and maps drawn together before the
    first: the chart workers share all of them (both maps at once, first), instead of drawing
    one edition's while the other edition prints."""
    from reportgen.briefing import chartcache
    from reportgen.briefing.context import build_context, palette
    from reportgen.briefing.maps import MAP_ID

    timings = {} if timings is None else timings
    with _timed(timings, "charts"):
        colours = palette(loaded.project)
        planned = [_edition_drafts(loaded, month, voice, colours) for voice in voices]
        drafts = [draft for edition_drafts, _map in planned for draft in edition_drafts]
        order = sorted(range(len(drafts)), key=lambda index: drafts[index].id != MAP_ID)
        drawn = chartcache.rendered_all([drafts[i] for i in order], colours, chart_cache)
        charts = [chart for _index, chart in sorted(zip(order, drawn, strict=True))]
    for voice, (edition_drafts, month_map) in zip(voices, planned, strict=True):
        mine, charts = charts[: len(edition_drafts)], charts[len(edition_drafts) :]
        with _timed(timings, "html"):
            context = build_context(loaded.project, loaded.dataset, month, voice, mine, month_map)
        yield context, mine


def _edition_drafts(
    loaded: Loaded, month: str, voice: Voice, colours: dict[str, str]
) -> tuple[list[Draft], MonthMap | None]:
    """The charts and the map of `month` in `voice`'s words and `colours`, ready to draw; and
    the map's plan."""
    from reportgen.briefing.charts import chart_drafts
    from reportgen.briefing.maps import plan_map

    project, dataset = loaded.project, loaded.dataset
    month_map = plan_map(project, dataset.attacks, month, voice.map_words(month), colours)
    drafts = chart_drafts(
        dataset.summary,
        dataset.attacks,
        dataset.camps,
        month,
        governorate_names={key: voice.governorate(key) for key in project.governorates},
        words=voice.chart_words(),
        palette=colours,
        extra=[month_map.draft] if month_map else [],
    )
    return drafts, month_map


def build_month(
    loaded: Loaded,
    month: str,
    output: Path,
    templates: Path = TEMPLATE_DIR,
    force: bool = False,
    printer: Printer | None = None,
) -> BuildResult:
    """Charts, HTML and PDF of `month` into `output/month/`, unless they are up to date; an
    InputError, nothing written, when the publishing gate refuses the month. The editions print
    in parallel through `printer` (one of their own when None)."""
    refuse_unpublishable(loaded, [month])
    editions = loaded.project.publication.editions
    with _own_printer(printer, print_workers(1, len(editions))) as chosen:
        return _finish_month(_start_month(loaded, month, output, templates, force, chosen), chosen)


def _own_printer(given: Printer | None, workers: int) -> AbstractContextManager[Printer]:
    """`given`, left open for the caller who started it; else a printer of `workers` of our
    own, stopped when done."""
    return nullcontext(given) if given is not None else Printer(workers)


def print_workers(jobs: int, editions: int) -> int:
    """How many processes print: `jobs`, and at least one per edition up to the cores."""
    return max(jobs, min(os.cpu_count() or 1, editions))


@dataclass
class _Edition:
    edition: str
    pdf: Path
    html: str
    charts: list[Chart]
    charts_dir: Path
    job: Job


@dataclass
class _Started:
    """A month whose editions are printing: what is left to write once they are printed."""

    loaded: Loaded
    result: BuildResult
    fingerprint: str = ""
    editions: list[_Edition] = field(default_factory=list)
    pdfs: ExitStack = field(default_factory=ExitStack)


def _start_month(
    loaded: Loaded, month: str, output: Path, templates: Path, force: bool, printer: Printer
) -> _Started:
    """Render each edition of `month` and send its PDF to print, unless the month is up to date
    (its result then says skipped). The PDFs go to temporaries, renamed into place together once
    every edition has printed (`_finish_month`)."""
    from reportgen.briefing.voices import VOICES, edition_file, voice_for

    started = _Started(loaded, BuildResult(month))
    target = output / month
    started.fingerprint = month_fingerprint(loaded.project, month, templates, loaded.digests)
    editions = loaded.project.publication.editions
    if not force and _is_current(target, month, started.fingerprint, editions):
        started.result.skipped = True
        return started
    printer.start()
    allowed = (templates, loaded.project.months[month].folder)
    target.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(target)
    try:
        voices = [voice_for(loaded.project, edition) for edition in editions]
        contexts = editions_contexts(
            loaded, month, voices, started.result.timings, chart_cache(output)
        )
        sent = []
        for edition, (context, charts) in zip(editions, contexts, strict=True):
            printed = _page(context, templates, output, started.result.timings, "print")
            pdf = target / edition_file(month, edition, "pdf")
            job = printer.submit(printed, started.pdfs.enter_context(atomic_path(pdf)), allowed)
            sent.append((edition, context, charts, pdf, job))
        for edition, context, charts, pdf, job in sent:
            html = _page(context, templates, output, started.result.timings)
            folder = target / "charts" / edition if VOICES[edition].suffix else target / "charts"
            started.editions.append(_Edition(edition, pdf, html, charts, folder, job))
    except BaseException:
        _abandon(started, printer)
        raise
    return started


def _page(
    context: dict[str, Any],
    templates: Path,
    output: Path,
    timings: dict[str, float],
    medium: Literal["screen", "print"] = "screen",
) -> str:
    """The edition's page for `medium`: the reader's HTML, or the page its PDF prints (the same
    context, what only the screen shows left out; sent to print before the reader's page is
    made)."""
    from reportgen.briefing.render import render_html

    with _timed(timings, "html"):
        return render_html(context, templates, font_cache=_font_cache(output), medium=medium)


def _finish_month(started: _Started, printer: Printer) -> BuildResult:
    """Wait for the month's PDFs; then put them in place and write its HTML, charts and stamp.
    When one fails, no file of the month is replaced."""
    result = started.result
    if result.skipped:
        return result
    try:
        for edition in started.editions:
            seconds = printer.result(edition.job)
            result.timings["pdf"] = result.timings.get("pdf", 0.0) + seconds
    except BaseException:
        _abandon(started, printer)
        raise
    started.pdfs.close()
    from reportgen.briefing.charts import write_charts
    from reportgen.briefing.voices import edition_file

    target = started.editions[0].pdf.parent
    for edition in started.editions:
        edition.charts_dir.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(edition.charts_dir)
        html = target / edition_file(result.month, edition.edition, "html")
        result.outputs += [edition.pdf, write_atomic(html, edition.html)]
        result.outputs += write_charts(edition.charts, edition.charts_dir)
    status = started.loaded.project.months[result.month].report.status
    stamp = {"fingerprint": started.fingerprint, "version": __version__, "status": status}
    stamp["outputs"] = _digests(target, result.outputs)
    write_atomic(target / STAMP, json.dumps(stamp))
    return result


def _abandon(started: _Started, printer: Printer) -> None:
    """Stop the printing and remove the month's temporary PDFs, replacing nothing."""
    printer.close()
    started.pdfs.__exit__(RuntimeError, RuntimeError("abandoned"), None)


def _digests(target: Path, paths: list[Path]) -> dict[str, str] | None:
    """SHA-256 of each file a build wrote, by its path under `target`; None when one cannot be
    read back (the next build then redoes the month)."""
    digests = {}
    for path in paths:
        try:
            digests[path.relative_to(target).as_posix()] = hashlib.sha256(
                read_regular(path)
            ).hexdigest()
        except (OSError, ValueError):
            return None
    return digests


def build_months(
    inputs: Path,
    output: Path,
    months: list[str],
    *,
    jobs: int = 1,
    force: bool = False,
    templates: Path = TEMPLATE_DIR,
    loaded: Loaded | None = None,
    report: Callable[[BuildResult], None] | None = None,
    printer: Printer | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[BuildResult]:
    """Build `months`, their PDFs printed by `jobs` processes (at least one per edition, up to
    the cores; or by `printer`, the caller's), shared by every month: the next month is drawn
    and rendered while the last one prints, and `meanwhile` runs while the last one prints.
    Nothing is written while the publishing gate refuses any month (the archive lists them
    all)."""
    report = report or (lambda _result: None)
    loaded = loaded or load(inputs)
    refuse_unpublishable(loaded, [*months, *full_months(loaded.project)])
    results: list[BuildResult] = []
    editions = len(loaded.project.publication.editions)
    with _own_printer(printer, print_workers(jobs, editions)) as printer:
        printing: list[_Started] = []
        for month in [*months, None]:
            if month is not None:
                printing.append(_start_month(loaded, month, output, templates, force, printer))
            elif meanwhile is not None and any(not m.result.skipped for m in printing):
                meanwhile()
            while len(printing) > (1 if month is not None else 0):
                results.append(_finish_month(printing.pop(0), printer))
                report(results[-1])
    return results


def built_status(output: Path, month: str) -> str | None:
    """The status (draft or published) `month`'s files in `output` were built with; None when
    there is no build. Builds from before drafts existed carry no draft mark: published."""
    stamp = read_stamp(output / month)
    return stamp.get("status", "published") if stamp is not None else None


def _is_current(
    target: Path, month: str, fingerprint: str, editions: tuple[str, ...] = ("ar",)
) -> bool:
    """Whether the stamp matches `fingerprint` and every edition's PDF and HTML, and every other
    file the build wrote, is there as it was written (a file replaced or edited since, say by
    another month's copy, is not taken for the month's output)."""
    from reportgen.briefing.voices import edition_file

    stamp = read_stamp(target)
    if stamp is None or stamp.get("fingerprint") != fingerprint:
        return False
    written = stamp.get("outputs")
    needed = {edition_file(month, e, ext) for e in editions for ext in ("pdf", "html")}
    if not isinstance(written, dict) or not needed <= set(written):
        return False
    for name, digest in written.items():
        try:
            data = read_regular(target / name)
        except OSError:
            return False
        if hashlib.sha256(data).hexdigest() != digest:
            return False
    return True


def _font_cache(output: Path) -> Path:
    return cache_dir(output) / "fonts"


def chart_cache(output: Path) -> Path:
    """Drawn charts by the hash of what they show (chartcache.chart_key); safe to delete."""
    return cache_dir(output) / "charts"


@contextmanager
def _timed(timings: dict[str, float], step: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[step] = timings.get(step, 0.0) + time.perf_counter() - start
