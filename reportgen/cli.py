"""The `reportgen` command: the group, `check`, `data`, `build`, `publish` and `correct`; the
editor's commands are in clieditor.py, `mail` in climail.py, what they share in clicommon.py and
their words in clitext.py. These modules alone know click and exit statuses."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportgen import clieditor, climail, i18n
from reportgen.clicommon import (
    about_months,
    log,
    print_problems,
    project_options,
    report_result,
)
from reportgen.clitext import Group, lang_option, version_option
from reportgen.errors import InputError
from reportgen.i18n import _, ngettext

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded
    from reportgen.publish.printing import Printer


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@version_option
@lang_option
def main() -> None:
    """Turn monthly YAML inputs into the Arabic sleeper-cell briefing (PDF and HTML).

    Every command works on ./inputs and ./output unless given --project (a folder holding
    inputs/ and output/, as reportgen init makes it) or --inputs and --output.

    \b
    An editor's month:
      reportgen init DESK          start a desk's own project (then: --project DESK)
      reportgen new                start the next month's folder from the last one
      reportgen import acled FILE  start from an ACLED export (or: import sheet)
      reportgen triage MONTH ID    keep, move or drop an imported record (or: the preview)
      reportgen preview            see the briefing change as you edit, in a browser
      reportgen check              validate every month (file:line:column problems)
      reportgen build              build the newest month (a draft until published)
      reportgen publish MONTH      publish a month once no review mark remains
      reportgen correct MONTH --note TEXT  correct a published month, visibly
      reportgen mail 2023-11 --send  mail a published month to the readers
    """


@main.command()
@click.argument("month", required=False)
@click.option("--strict", is_flag=True, help="Treat warnings as problems (exit status 2).")
@project_options
def check(month: str | None, strict: bool, inputs: Path, output: Path) -> None:
    """Validate every month, or only MONTH (YYYY-MM), listing each problem as file:line:column.

    Exit status 0 when valid (warnings are printed), 2 when a problem was found. A published
    month is also refused as every path to readers refuses it: while a review mark remains, or
    when its files differ from its record of publication (published.yaml).

    \b
    Example:
      reportgen check 2023-11
    """
    from reportgen.publish.build import Loaded, load_checked
    from reportgen.publish.fingerprint import input_digests
    from reportgen.publish.gate import gate_problems

    digests = input_digests(inputs) if inputs.is_dir() else {}
    project, warnings = load_checked(inputs, digests, months=[month] if month else None)
    refused = gate_problems(Loaded(project, tuple(warnings), digests), [month] if month else None)
    promoted = {(p.path, p.line, p.column, p.message) for p in refused}
    print_problems([w for w in warnings if (w.path, w.line, w.column, w.message) not in promoted])
    if refused:
        raise InputError(refused)
    if strict and warnings:
        raise InputError(warnings)
    message = ngettext(
        "ok: {months} valid ({count} warning)",
        "ok: {months} valid ({count} warnings)",
        len(warnings),
    )
    log.info(message.format(months=month or _("all months"), count=len(warnings)))


@main.command()
@project_options
def data(inputs: Path, output: Path) -> None:
    """Write the merged dataset as CSV: OUTPUT/data/summary.csv and one file per dataset.

    Only what readers may see: published months and summary months, never a draft; refused,
    like a build, while a published month has review marks or changed files.
    summary.csv has one row per month with a `month` column. Beside
    each CSV: NAME.hxl.csv (HXL hashtags under the header) and NAME.excel.csv (UTF-8 with a
    byte-order mark, for Excel); and events-YYYY-MM.geojson, each month's attacks and raids.

    \b
    Example:
      reportgen data --output /tmp/out
    """
    from reportgen.briefing.dataset import write_csvs
    from reportgen.publish.build import load
    from reportgen.publish.exports import for_readers, write_exports
    from reportgen.publish.gate import readers_months, refuse_unpublishable

    loaded = load(inputs)
    print_problems(loaded.warnings)
    refuse_unpublishable(loaded)
    dataset = for_readers(loaded.dataset, readers_months(loaded.project))
    project = loaded.project
    written = write_csvs(dataset, output / "data")
    written += write_exports(dataset, project.governorates, output / "data", project.places)
    for path in written:
        log.info(_("wrote {path}").format(path=path))


@main.command()
@click.argument("month", required=False)
@click.option("--all", "all_months", is_flag=True, help="Build every full month.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Processes printing the PDFs (at least one per edition, up to the cores).",
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
    A draft is marked «مسودة» and left out of the archive; a month whose report.yaml says
    published is refused while review marks remain.

    \b
    Examples:
      reportgen build 2023-11
      reportgen build --all -j 2
    """
    from reportgen.publish.fingerprint import cache_dir
    from reportgen.publish.unchanged import known_digests, request_key, unchanged_build

    if month and all_months:
        raise click.UsageError(_("give a MONTH or --all, not both"))
    started = time.perf_counter()
    key = request_key(inputs, month, all_months, i18n.current())
    known = known_digests(cache_dir(output))
    done = None if force else unchanged_build(output, inputs, key, known)
    if done is not None:
        print_problems(done.warnings)
        for unchanged in done.months:
            log.info(_("{month}: unchanged since its last build, skipped").format(month=unchanged))
        _say_built(0, len(done.months), done.drafts, done.index, started)
        return
    from reportgen.input.loader import full_months
    from reportgen.publish.build import load, print_workers, resolve_month
    from reportgen.publish.printing import Printer
    from reportgen.publish.unchanged import record_build

    # The workers fork before the inputs are read (small), and import WeasyPrint meanwhile.
    with Printer(print_workers(jobs, EDITIONS_EXPECTED)) as printer:
        printer.start()
        loaded = load(inputs, known=known)
        months = (
            full_months(loaded.project) if all_months else [resolve_month(loaded.project, month)]
        )
        warnings = about_months(loaded.warnings, inputs, months)
        print_problems(warnings)
        count = len(loaded.project.months)
        message = ngettext(
            "validated {count} month in {seconds}s", "validated {count} months in {seconds}s", count
        )
        log.info(message.format(count=count, seconds=f"{time.perf_counter() - started:.2f}"))
        _build(
            loaded, inputs, output, months, jobs=jobs, force=force, started=started, printer=printer
        )
    record_build(loaded, output, key, months, warnings, known)


EDITIONS_EXPECTED = 2
"""How many editions `build` starts printing workers for before it has read the project (which
says how many it has): the Arabic and the English."""


def _build(
    loaded: Loaded,
    inputs: Path,
    output: Path,
    months: list[str],
    *,
    jobs: int = 1,
    force: bool = False,
    started: float | None = None,
    printer: Printer | None = None,
) -> None:
    """Build `months` and the archive page, and say what was done."""
    from reportgen.publish.archive import draw_chart_ahead, write_index
    from reportgen.publish.build import build_months

    started = time.perf_counter() if started is None else started
    results = build_months(
        inputs, output, months, jobs=jobs, force=force, loaded=loaded, report=report_result,
        printer=printer, meanwhile=lambda: draw_chart_ahead(loaded, output, months),
    )  # fmt: skip
    index, written = write_index(loaded, output)
    if written:
        log.debug(_("wrote {path}").format(path=index))
    built = sum(not r.skipped for r in results)
    drafts = [m for m in months if loaded.project.months[m].report.status != "published"]
    _say_built(built, len(results) - built, drafts, index, started)


def _say_built(built: int, unchanged: int, drafts: list[str], index: Path, started: float) -> None:
    if drafts:
        message = _("draft, not in the archive: {months} (publish with `reportgen publish`)")
        log.info(message.format(months=_(", ").join(drafts)))
    message = _("{built} built, {unchanged} unchanged, in {seconds}s; archive: {path}")
    seconds = f"{time.perf_counter() - started:.2f}"
    log.info(message.format(built=built, unchanged=unchanged, seconds=seconds, path=index))


@main.command()
@click.argument("month")
@project_options
def publish(month: str, inputs: Path, output: Path) -> None:
    """Mark MONTH published (status: published in its report.yaml), then build it.

    Refused, with each mark's file:line:column, while the inputs have errors or the month still
    carries review marks (`review:` on a record, or the headline `reportgen new` wrote). Only
    published months appear in the archive page, OUTPUT/index.html.

    \b
    Example:
      reportgen publish 2023-12
    """
    from reportgen.input.loader import display_path
    from reportgen.publish.build import load
    from reportgen.publish.release import publish_month

    report, record = publish_month(inputs, month)
    log.info(_("published: {file} says status: published").format(file=display_path(report)))
    if record is not None:
        message = _(
            "recorded the month's files as published in {file}; from now on, change them "
            'with `reportgen correct {month} --note "…"`'
        )
        log.info(message.format(file=display_path(record), month=report.parent.name))
    loaded = load(inputs)
    _build(loaded, inputs, output, [report.parent.name])


@main.command()
@click.argument("month")
@click.option("--note", required=True, help="What was corrected, as readers will read it.")
@click.option(
    "--note-en", help="The note in English (required when the project has an English edition)."
)
@project_options
def correct(month: str, note: str, note_en: str | None, inputs: Path, output: Path) -> None:
    """Record a correction of the published MONTH, whose files you have edited, then build it.

    The correction is dated today and kept in MONTH/published.yaml with the files and figures
    that changed. The briefing shows it under the headline and the archive beside the month;
    `reportgen mail MONTH --send` then sends a short notice of it to every reader who had the
    month. Refused while nothing changed or a review mark remains.

    \b
    Example:
      reportgen correct 2023-11 --note "المعتقلون في مداهمة الشحيل 4 لا 3" --note-en "…"
    """
    from reportgen.input.loader import display_path
    from reportgen.publish.build import load
    from reportgen.publish.corrections import NoteError, correct_month

    try:
        done = correct_month(inputs, month, note, note_en)
    except NoteError as error:
        raise click.BadParameter(str(error), param_hint=error.option) from None
    files = _(", ").join(done.correction.files)
    message = _("corrected {month} ({day}; changed: {files}); recorded in {record}")
    record = display_path(done.record)
    log.info(
        message.format(
            month=month, day=done.correction.date.isoformat(), files=files, record=record
        )
    )
    loaded = load(inputs)
    _build(loaded, inputs, output, [done.record.parent.name])
    message = _("send the notice to the readers who had it: reportgen mail {month} --send")
    log.info(message.format(month=done.record.parent.name))


for command in (
    clieditor.init,
    clieditor.new,
    clieditor.import_group,
    clieditor.triage,
    clieditor.preview,
    climail.mail,
):
    main.add_command(command)


def run() -> None:
    """The console script: `main`, then an exit without the interpreter's teardown.

    Once a command is done and its exit handlers have run (logs flushed, workers joined),
    Python would still free every object the command made, one by one: 0.3 s after a busy
    month's build, which the editor waits for and nothing needs. A command that leaves a thread
    running (none should) exits as usual, which waits for it. Tests call `main` itself."""
    import atexit
    import os
    import sys
    import threading

    try:
        main()
    except SystemExit as done:
        status = done.code
    else:
        status = 0
    if threading.active_count() > 1:
        sys.exit(status)
    if isinstance(status, str):
        print(status, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            status = status or 1
    os._exit(status or 0)


if __name__ == "__main__":
    run()
