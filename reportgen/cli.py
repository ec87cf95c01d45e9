"""The `reportgen` command. The only module that knows click and exit statuses."""

from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Callable
from pathlib import Path

import click

from .errors import InputError, Problem

EXIT_INPUT = 2
log = logging.getLogger("reportgen")


def project_options(command: Callable) -> Callable:
    """--inputs and --output, shared by every sub-command."""

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
        help="Folder the briefings and data are written into.",
    )
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except InputError as error:
            _print_problems(error.problems)
            count = sum(p.severity == "error" for p in error.problems)
            click.secho(f"{count} problem(s) found; nothing was written.", err=True, fg="red")
            sys.exit(EXIT_INPUT)

    return wrapper


def _print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        colour = "yellow" if problem.severity == "warning" else "red"
        click.secho(str(problem), err=True, fg=colour)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Turn monthly YAML inputs into the Arabic sleeper-cell briefing (PDF and HTML).

    \b
    Example:
      reportgen check              validate every month in ./inputs
      reportgen build 2023-11      write output/2023-11/sitrep-2023-11.{pdf,html}
    """
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    for noisy in ("weasyprint", "fontTools", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


@main.command()
@click.argument("month", required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as problems (exit status 2).")
@project_options
def check(month: str | None, strict: bool, inputs: Path, output: Path) -> None:
    """Validate every month, or only MONTH (YYYY-MM), and list each problem as file:line:column.

    \b
    Example:
      reportgen check 2023-11
    """
    from .loader import load_project

    _, warnings = load_project(inputs, months=[month] if month else None)
    _print_problems(warnings)
    if strict and warnings:
        raise InputError(warnings)
    click.echo(f"ok: {month or 'all months'} valid ({len(warnings)} warning(s))")


@main.command()
@project_options
def data(inputs: Path, output: Path) -> None:
    """Write the merged dataset as CSV: output/data/summary.csv and one file per dataset.

    \b
    Example:
      reportgen data --output /tmp/out
    """
    from .build import load
    from .dataset import write_csvs

    loaded = load(inputs)
    _print_problems(loaded.warnings)
    for path in write_csvs(loaded.dataset, output / "data"):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("month", required=False)
@project_options
def build(month: str | None, inputs: Path, output: Path) -> None:
    """Build MONTH's briefing (default: the newest full month) into OUTPUT/MONTH/.

    \b
    Example:
      reportgen build 2023-11
    """
    from .build import build_month, load, resolve_month

    loaded = load(inputs)
    _print_problems(loaded.warnings)
    month = resolve_month(loaded.project, month)
    result = build_month(loaded, month, output)
    steps = ", ".join(f"{step} {seconds:.2f}s" for step, seconds in result.timings.items())
    for path in result.outputs:
        click.echo(f"wrote {path}")
    click.echo(f"{month}: built ({steps})")
