"""In-process measurements: each stage of one month's build, and WeasyPrint alone on its HTML.

Each run builds into a fresh output folder, so reportgen's font-subset cache never helps (the
`html_warm_fonts` stage shows what a warm cache saves). Warm-up runs pay the imports and
matplotlib's first use and are kept apart from the median.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from timing import Measurement, stopwatch

RENDER_STEPS = ("charts", "html")  # the steps render_briefing reports into its timings


@dataclass(frozen=True)
class StageRun:
    seconds: dict[str, float]
    html: str


def build_once(inputs: Path, month: str, output: Path, warm_fonts: bool = True) -> StageRun:
    """One build of `month` into `output`, stage by stage, as `reportgen build` does it.

    With `warm_fonts`, the HTML is then rendered once more with the font cache just filled.
    The HTML is the page for print, which a build hands WeasyPrint.
    """
    from reportgen.briefing.render import TEMPLATE_DIR, write_pdf
    from reportgen.publish.archive import write_index
    from reportgen.publish.build import load, render_briefing

    seconds: dict[str, float] = {}
    start = time.perf_counter()
    loaded = load(inputs)
    seconds["load"] = time.perf_counter() - start
    seconds["merge"] = stopwatch(lambda: loaded.dataset)
    cache = output / ".cache" / "fonts"
    steps: dict[str, float] = {}
    html, _ = render_briefing(loaded, month, TEMPLATE_DIR, cache, steps, medium="print")
    seconds.update(steps)
    folder = output / month
    folder.mkdir(parents=True)
    allowed = (TEMPLATE_DIR, loaded.project.months[month].folder)
    seconds["pdf"] = stopwatch(lambda: write_pdf(html, folder / f"sitrep-{month}.pdf", allowed))
    (folder / f"sitrep-{month}.html").write_text(html, encoding="utf-8")
    seconds["archive"] = stopwatch(lambda: write_index(loaded, output))
    if warm_fonts:
        warm: dict[str, float] = {}
        render_briefing(loaded, month, TEMPLATE_DIR, cache, warm, medium="print")
        seconds["html_warm_fonts"] = warm.get("html", float("nan"))
        with_map = sum(warm.values()) + seconds["pdf"]
        without = _render_and_pdf_without_map(loaded, month, cache, folder / "no-map.pdf", allowed)
        seconds["map"] = with_map - without
    return StageRun(seconds, html)


def _render_and_pdf_without_map(
    loaded, month: str, cache: Path, pdf: Path, allowed: tuple[Path, ...]
) -> float:
    """render_briefing (warm font cache) + write_pdf with the map left out: the `map` stage is
    the same with it minus this, so it counts drawing the map beside the charts, placing it in
    the HTML and WeasyPrint drawing its image."""
    from unittest import mock

    from reportgen.briefing.render import TEMPLATE_DIR, write_pdf
    from reportgen.publish.build import render_briefing

    steps: dict[str, float] = {}
    with mock.patch("reportgen.briefing.maps.plan_map", return_value=None):
        html, _ = render_briefing(loaded, month, TEMPLATE_DIR, cache, steps, medium="print")
    return sum(steps.values()) + stopwatch(lambda: write_pdf(html, pdf, allowed))


def stage_measurements(
    inputs: Path, month: str, scratch: Path, runs: int, warmups: int
) -> tuple[dict[str, Measurement], str]:
    """Per-stage measurements over `warmups` + `runs` builds, and the last build's HTML."""
    results: list[StageRun] = []
    for number in range(warmups + runs):
        results.append(build_once(inputs, month, scratch / f"stages-{number}"))
    measured = {}
    for stage in results[-1].seconds:
        values = [r.seconds.get(stage, float("nan")) for r in results]
        measured[stage] = Measurement(runs=values[warmups:], warmup=values[:warmups])
    measured["render_and_pdf"] = _summed(results, warmups, _render_and_pdf)
    measured["whole_inprocess"] = _summed(results, warmups, _whole)
    return measured, results[-1].html


def _render_and_pdf(seconds: dict[str, float]) -> float:
    """render_briefing (every step it reports) + write_pdf: the ratio's numerator."""
    steps = [s for s in seconds if s not in ("load", "merge", "archive", "html_warm_fonts", "map")]
    return sum(seconds[s] for s in steps)


def _whole(seconds: dict[str, float]) -> float:
    """Everything `reportgen build` does for one month after its imports."""
    return sum(value for stage, value in seconds.items() if stage not in ("html_warm_fonts", "map"))


def _summed(
    results: list[StageRun], warmups: int, total: Callable[[dict[str, float]], float]
) -> Measurement:
    values = [total(r.seconds) for r in results]
    return Measurement(runs=values[warmups:], warmup=values[:warmups])


def weasyprint_alone(html: str, runs: int, warmups: int, **options: Any) -> Measurement:
    """`weasyprint.HTML(string=html).write_pdf(**options)` on the final HTML, with nothing of
    reportgen (`pdf_tags=True` measures what tagging the PDF costs)."""
    from weasyprint import HTML

    measured = Measurement()
    for number in range(warmups + runs):
        seconds = stopwatch(lambda: HTML(string=html).write_pdf(**options))
        (measured.warmup if number < warmups else measured.runs).append(seconds)
    return measured


class WarningLog(logging.Handler):
    """Keeps the distinct warnings logged while measuring (WeasyPrint's, fontTools', ...)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: dict[str, int] = {}

    def emit(self, record: logging.LogRecord) -> None:
        key = f"{record.name}: {record.getMessage()}"[:300]
        self.messages[key] = self.messages.get(key, 0) + 1


@contextmanager
def collected_warnings() -> Iterator[WarningLog]:
    """Route every logger's warnings into a `WarningLog` instead of the terminal."""
    handler = WarningLog()
    root = logging.getLogger()
    saved = root.handlers[:]
    root.handlers[:] = [handler]
    try:
        yield handler
    finally:
        root.handlers[:] = saved


def profile_build(inputs: Path, month: str, output: Path, target: Path) -> str:
    """pyinstrument of one in-process build (imports included when it is the process's first)."""
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    try:
        build_once(inputs, month, output, warm_fonts=False)
    finally:
        profiler.stop()
    target.write_text(profiler.output_html(), encoding="utf-8")
    return profiler.output_text(unicode=True, color=False)
