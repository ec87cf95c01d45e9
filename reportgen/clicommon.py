"""What every `reportgen` command shares: the project and run options, the printing of
problems (exit status 2) and system errors (exit status 1), and the log on the terminal."""

from __future__ import annotations

import functools
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

import click

from reportgen.clitext import lang_option
from reportgen.errors import InputError, Problem, failure_reason, printable
from reportgen.i18n import _, ngettext

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


def configure_logging(quiet: bool, verbose: bool) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    root = logging.getLogger()
    root.handlers[:] = [_ClickHandler()]
    root.setLevel(logging.WARNING)
    log.setLevel(level)
    for noisy in ("weasyprint", "fontTools", "matplotlib"):
        logging.getLogger(noisy).setLevel(logging.ERROR)


def project_options(command: Callable) -> Callable:
    """--project, --inputs, --output, --lang, --quiet and --verbose, shared by every sub-command
    that works on a project."""

    @click.option(
        "--project",
        type=click.Path(file_okay=False, path_type=Path),
        help="The project folder (as reportgen init makes it): its inputs/ and output/, "
        "unless --inputs or --output say otherwise.",
    )
    @click.option(
        "--inputs",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIRECTORY",
        default=Path("inputs"),
        show_default=True,
        help="Folder of month folders (YYYY-MM) and the shared YAML files.",
    )
    @click.option(
        "--output",
        type=click.Path(file_okay=False, path_type=Path),
        metavar="DIRECTORY",
        default=Path("output"),
        show_default=True,
        help="Folder the briefings, the archive and the data are written into.",
    )
    @run_options
    @functools.wraps(command)
    def wrapper(*args, project: Path | None, **kwargs):
        if project is not None:
            ctx = click.get_current_context()
            for name in ("inputs", "output"):
                if ctx.get_parameter_source(name) is click.core.ParameterSource.DEFAULT:
                    kwargs[name] = project / name
        return command(*args, **kwargs)

    return wrapper


def run_options(command: Callable) -> Callable:
    """--lang, --quiet and --verbose, and the printing of problems (exit 2) and system errors
    (exit 1)."""

    @click.option("-q", "--quiet", is_flag=True, help="Print only warnings and problems.")
    @click.option("-v", "--verbose", is_flag=True, help="Also print each step and file written.")
    @lang_option
    @functools.wraps(command)
    def wrapper(*args, quiet: bool, verbose: bool, **kwargs):
        configure_logging(quiet, verbose)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            print_problems(error.problems)
            count = sum(p.severity == "error" for p in error.problems) or len(error.problems)
            message = ngettext(
                "{count} problem found; nothing was written.",
                "{count} problems found; nothing was written.",
                count,
            )
            click.secho(message.format(count=count), err=True, fg="red")
            sys.exit(EXIT_INPUT)
        except OSError as error:
            click.secho(os_error_message(error), err=True, fg="red")
            sys.exit(EXIT_SYSTEM)

    return wrapper


def os_error_message(error: OSError) -> str:
    """One line for a failure of the system (a read-only or full disk, a file where a folder
    should be): which path, what the system said; files already there were not replaced."""
    from reportgen.input.loader import display_path

    reason = failure_reason(error)
    where = f"{display_path(Path(os.fsdecode(error.filename)))}: " if error.filename else ""
    message = _("error: {where}{reason}; the last good output was left as it was")
    return printable(message.format(where=where, reason=reason))


def about_months(problems: list[Problem], inputs: Path, months: list[str]) -> list[Problem]:
    """`problems` less those in the folders of months the command is not about (a build of
    2020-05 does not print 2022-02's warnings); problems in shared files stay."""
    from reportgen.input.loader import MONTH_NAME, display_path

    prefix = display_path(inputs).rstrip("/") + "/"
    kept = []
    for problem in problems:
        folder = problem.path[len(prefix) :].split("/", 1)[0]
        inside = problem.path.startswith(prefix) and MONTH_NAME.fullmatch(folder)
        if not inside or folder in months:
            kept.append(problem)
    return kept


def print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        colour = "yellow" if problem.severity == "warning" else "red"
        click.secho(str(problem), err=True, fg=colour)


def report_result(result) -> None:
    log.info(result.summary())
    for path in result.outputs:
        log.debug(_("wrote {path}").format(path=path))
