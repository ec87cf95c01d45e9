"""Orchestration: validate every month first, then write one month's outputs atomically.

Nothing is written until the inputs have passed; each output is written to a temporary file in its
own folder and renamed into place, so a failed build leaves the last good files untouched.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .dataset import Dataset, build_dataset
from .errors import InputError, Problem
from .loader import load_project
from .records import Project
from .render import TEMPLATE_DIR

if TYPE_CHECKING:
    from .charts import Chart

log = logging.getLogger("reportgen")


@dataclass
class BuildResult:
    month: str
    outputs: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """A validated project, its merged dataset, and the warnings found on the way."""

    project: Project
    dataset: Dataset
    warnings: tuple[Problem, ...]


def load(inputs: Path) -> Loaded:
    project, warnings = load_project(inputs)
    return Loaded(project, build_dataset(project), tuple(warnings))


def full_months(project: Project) -> list[str]:
    return sorted(key for key, month in project.months.items() if not month.is_summary)


def resolve_month(project: Project, month: str | None) -> str:
    """`month`, or the newest full month; an InputError when it cannot be built."""
    months = full_months(project)
    if month is None:
        if not months:
            raise _month_problem(project, "", "no full month to build (only summary months)")
        return months[-1]
    if month not in project.months:
        known = ", ".join(sorted(project.months)) or "none"
        raise _month_problem(project, month, f"no such month folder (months: {known})")
    if month not in months:
        raise _month_problem(project, month, "is a summary month: it feeds trends only")
    return month


def _month_problem(project: Project, month: str, message: str) -> InputError:
    path = _display(project.inputs / month) if month else _display(project.inputs)
    return InputError.single(path, 1, 1, "month", f"{month} {message}".strip())


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def render_briefing(
    loaded: Loaded, month: str, templates: Path = TEMPLATE_DIR, cache: Path | None = None
) -> tuple[str, list[Chart]]:
    """The reader's HTML of `month` and its charts, in memory (the preview serves this)."""
    from .charts import build_charts
    from .context import build_context, palette
    from .render import render_html

    project, dataset = loaded.project, loaded.dataset
    charts = build_charts(
        dataset.summary,
        dataset.attacks,
        dataset.camps,
        month,
        governorate_names={k: g.name_ar for k, g in project.governorates.items()},
        digits=project.publication.digits,
        palette=palette(project),
    )
    context = build_context(project, dataset, month, charts)
    return render_html(context, templates, font_cache=cache), charts


def build_month(
    loaded: Loaded,
    month: str,
    output: Path,
    templates: Path = TEMPLATE_DIR,
) -> BuildResult:
    """Charts, HTML and PDF of `month` into `output/month/`."""
    from .charts import write_charts
    from .render import write_pdf

    result = BuildResult(month)
    target = output / month
    with _timed(result, "html"):
        html, charts = render_briefing(loaded, month, templates, output / ".cache" / "fonts")
    target.mkdir(parents=True, exist_ok=True)
    stem = f"sitrep-{month}"
    with _timed(result, "pdf"), _atomic(target / f"{stem}.pdf") as pdf_tmp:
        write_pdf(html, pdf_tmp, allowed=(templates, loaded.project.months[month].folder))
        with _atomic(target / f"{stem}.html") as html_tmp:
            html_tmp.write_text(html, encoding="utf-8")
    result.outputs += [target / f"{stem}.pdf", target / f"{stem}.html"]
    result.outputs += write_charts(charts, target / "charts")
    return result


@contextmanager
def _timed(result: BuildResult, step: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    result.timings[step] = time.perf_counter() - start


@contextmanager
def _atomic(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed over it only if the block succeeds."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
