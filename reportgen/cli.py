"""The `reportgen` command. The only module that knows click and exit statuses."""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import click

from .errors import InputError, Problem, printable

EXIT_INPUT = 2
EXIT_SYSTEM = 1
log = logging.getLogger("reportgen")


class _ClickHandler(logging.Handler):
    """Log records to the terminal: warnings and errors to stderr, in colour only on a terminal."""

    COLOURS: ClassVar[dict[int, str]] = {logging.WARNING: "yellow", logging.ERROR: "red"}

    def emit(self, record: logging.LogRecord) -> None:
        colour = self.COLOURS.get(record.levelno)
        text = "\n".join(map(printable, self.format(record).split("\n")))
        click.secho(text, err=record.levelno >= logging.WARNING, fg=colour)


def _configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    root.handlers[:] = [_ClickHandler()]
    root.setLevel(logging.WARNING)
    log.setLevel(level)
    for noisy in ("weasyprint", "fontTools", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def project_options(command: Callable) -> Callable:
    """--inputs, --output, --quiet and --verbose, shared by every sub-command."""

    @click.option(
        "--inputs",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("inputs"),
        show_default=True,
        help="Folder of month folders (YYYY-MM) and the shared YAML files.",
    )
    @click.option(
        "--output",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("output"),
        show_default=True,
        help="Folder the briefings, the archive and the data are written into.",
    )
    @click.option("-q", "--quiet", is_flag=True, help="Print only warnings and problems.")
    @click.option("-v", "--verbose", is_flag=True, help="Also print each step and file written.")
    @functools.wraps(command)
    def wrapper(*args, quiet: bool, verbose: bool, **kwargs):
        _configure_logging(quiet, verbose)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            _print_problems(error.problems)
            count = sum(p.severity == "error" for p in error.problems) or len(error.problems)
            click.secho(f"{count} problem(s) found; nothing was written.", err=True, fg="red")
            sys.exit(EXIT_INPUT)
        except OSError as error:
            click.secho(_os_error_message(error), err=True, fg="red")
            sys.exit(EXIT_SYSTEM)

    return wrapper


def _os_error_message(error: OSError) -> str:
    """One line for a failure of the system (a read-only or full disk, a file where a folder
    should be): which path, what the system said; files already there were not replaced."""
    from .loader import display_path

    reason = error.strerror or str(error)
    where = f"{display_path(Path(os.fsdecode(error.filename)))}: " if error.filename else ""
    return printable(f"error: {where}{reason}; the last good output was left as it was")


def _print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        colour = "yellow" if problem.severity == "warning" else "red"
        click.secho(str(problem), err=True, fg=colour)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Turn monthly YAML inputs into the Arabic sleeper-cell briefing (PDF and HTML).

    Every command works on ./inputs and ./output unless given --inputs and --output.

    \b
    An editor's month:
      reportgen new                start the next month's folder from the last one
      reportgen preview            see the briefing change as you edit, in a browser
      reportgen check              validate every month (file:line:column problems)
      reportgen build              build the newest month and the archive page
    """


@main.command()
@click.argument("month", required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as problems (exit status 2).")
@project_options
def check(month: str | None, strict: bool, inputs: Path, output: Path) -> None:
    """Validate every month, or only MONTH (YYYY-MM), listing each problem as file:line:column.

    Exit status 0 when valid (warnings are printed), 2 when a problem was found.

    \b
    Example:
      reportgen check 2023-11
    """
    from .loader import load_project

    _, warnings = load_project(inputs, months=[month] if month else None)
    _print_problems(warnings)
    if strict and warnings:
        raise InputError(warnings)
    log.info("ok: %s valid (%d warning(s))", month or "all months", len(warnings))


@main.command()
@project_options
def data(inputs: Path, output: Path) -> None:
    """Write the merged dataset as CSV: OUTPUT/data/summary.csv and one file per dataset.

    summary.csv has one row per month (full and summary months) with a `month` column.

    \b
    Example:
      reportgen data --output /tmp/out
    """
    from .build import load
    from .dataset import write_csvs

    loaded = load(inputs)
    _print_problems(loaded.warnings)
    for path in write_csvs(loaded.dataset, output / "data"):
        log.info("wrote %s", path)


@main.command()
@click.argument("month", required=False)
@click.option("--all", "all_months", is_flag=True, help="Build every full month.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Worker processes for --all.",
)
@click.option("--force", is_flag=True, help="Rebuild even when nothing has changed.")
@project_options
def build(
    month: str | None, all_months: bool, jobs: int, force: bool, inputs: Path, output: Path
) -> None:
    """Build MONTH's briefing (default: the newest full month) and the archive page.

    Writes OUTPUT/MONTH/sitrep-MONTH.pdf, sitrep-MONTH.html and charts/, then OUTPUT/index.html.
    A month whose inputs, templates and tool are unchanged since its last build is skipped;
    a change to a month also rebuilds the months whose comparisons and trends include it.

    \b
    Examples:
      reportgen build 2023-11
      reportgen build --all -j 2
    """
    from .archive import write_index
    from .build import build_months, load, resolve_month
    from .loader import full_months

    if month and all_months:
        raise click.UsageError("give a MONTH or --all, not both")
    started = time.perf_counter()
    loaded = load(inputs)
    _print_problems(loaded.warnings)
    log.info(
        "validated %d months in %.2fs", len(loaded.project.months), time.perf_counter() - started
    )
    months = full_months(loaded.project) if all_months else [resolve_month(loaded.project, month)]
    results = build_months(
        inputs, output, months, jobs=jobs, force=force, loaded=loaded, report=_report
    )
    index, written = write_index(loaded, output)
    if written:
        log.debug("wrote %s", index)
    built = sum(not r.skipped for r in results)
    log.info(
        "%d built, %d unchanged, in %.2fs; archive: %s",
        built,
        len(results) - built,
        time.perf_counter() - started,
        index,
    )


def _report(result) -> None:
    log.info(result.summary())
    for path in result.outputs:
        log.debug("wrote %s", path)


@main.command()
@click.argument("month", required=False)
@project_options
def new(month: str | None, inputs: Path, output: Path) -> None:
    """Start MONTH's folder (default: the month after the newest) with every file commented.

    Camps and their last population figures are carried forward, marked for review. An
    existing month is never overwritten.

    \b
    Example:
      reportgen new 2023-12
    """
    from .scaffold import scaffold_month

    for path in scaffold_month(inputs, month):
        log.info("created %s", path)


@main.command()
@click.argument("month", required=False)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port (default: free).")
@project_options
def preview(month: str | None, port: int, inputs: Path, output: Path) -> None:
    """Serve MONTH's briefing on 127.0.0.1 and rebuild it whenever an input or template changes.

    Problems in the inputs show in the page itself; fix the file and the briefing comes back.
    Stop with Ctrl-C.

    \b
    Example:
      reportgen preview 2023-11 --port 8000
    """
    from .preview import serve

    serve(inputs, month, port=port, cache=output / ".cache" / "fonts")


if __name__ == "__main__":
    main()
