"""The `reportgen` command. With clitext.py (its words), the only module that knows click and
exit statuses."""

from __future__ import annotations

import functools
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import click

from reportgen import i18n
from reportgen.clitext import Group, lang_option, version_option
from reportgen.errors import InputError, Problem, failure_reason, printable
from reportgen.i18n import N_, _, ngettext

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded

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
        _configure_logging(quiet, verbose)
        try:
            return command(*args, **kwargs)
        except InputError as error:
            _print_problems(error.problems)
            count = sum(p.severity == "error" for p in error.problems) or len(error.problems)
            message = ngettext(
                "{count} problem found; nothing was written.",
                "{count} problems found; nothing was written.",
                count,
            )
            click.secho(message.format(count=count), err=True, fg="red")
            sys.exit(EXIT_INPUT)
        except OSError as error:
            click.secho(_os_error_message(error), err=True, fg="red")
            sys.exit(EXIT_SYSTEM)

    return wrapper


def _os_error_message(error: OSError) -> str:
    """One line for a failure of the system (a read-only or full disk, a file where a folder
    should be): which path, what the system said; files already there were not replaced."""
    from reportgen.input.loader import display_path

    reason = failure_reason(error)
    where = f"{display_path(Path(os.fsdecode(error.filename)))}: " if error.filename else ""
    message = _("error: {where}{reason}; the last good output was left as it was")
    return printable(message.format(where=where, reason=reason))


def _about(problems: list[Problem], inputs: Path, months: list[str]) -> list[Problem]:
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


def _print_problems(problems: tuple[Problem, ...] | list[Problem]) -> None:
    for problem in problems:
        colour = "yellow" if problem.severity == "warning" else "red"
        click.secho(str(problem), err=True, fg=colour)


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
    _print_problems([w for w in warnings if (w.path, w.line, w.column, w.message) not in promoted])
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
    _print_problems(loaded.warnings)
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
        _print_problems(done.warnings)
        for unchanged in done.months:
            log.info(_("{month}: unchanged since its last build, skipped").format(month=unchanged))
        _say_built(0, len(done.months), done.drafts, done.index, started)
        return
    from reportgen.input.loader import full_months
    from reportgen.publish.build import load, resolve_month
    from reportgen.publish.unchanged import record_build

    loaded = load(inputs, known=known)
    months = full_months(loaded.project) if all_months else [resolve_month(loaded.project, month)]
    warnings = _about(loaded.warnings, inputs, months)
    _print_problems(warnings)
    count = len(loaded.project.months)
    message = ngettext(
        "validated {count} month in {seconds}s", "validated {count} months in {seconds}s", count
    )
    log.info(message.format(count=count, seconds=f"{time.perf_counter() - started:.2f}"))
    _build(loaded, inputs, output, months, jobs=jobs, force=force, started=started)
    record_build(loaded, output, key, months, warnings, known)


def _build(
    loaded: Loaded,
    inputs: Path,
    output: Path,
    months: list[str],
    *,
    jobs: int = 1,
    force: bool = False,
    started: float | None = None,
) -> None:
    """Build `months` and the archive page, and say what was done."""
    from reportgen.publish.archive import write_index
    from reportgen.publish.build import build_months

    started = time.perf_counter() if started is None else started
    results = build_months(
        inputs, output, months, jobs=jobs, force=force, loaded=loaded, report=_report
    )
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


def _report(result) -> None:
    log.info(result.summary())
    for path in result.outputs:
        log.debug(_("wrote {path}").format(path=path))


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@run_options
def init(folder: Path) -> None:
    """Make FOLDER a desk's own project: inputs/ with the settings, governorates, actors,
    places and readers files and a README, and an empty output/; no example months.

    Every command then works on it with --project FOLDER (or --inputs FOLDER/inputs and
    --output FOLDER/output); make with PROJECT=FOLDER.

    \b
    Example:
      reportgen init ~/desk && reportgen new 2024-01 --project ~/desk
    """
    from reportgen.editor.project import init_project
    from reportgen.input.loader import display_path

    for path in init_project(folder):
        log.debug(_("created {path}").format(path=display_path(path)))
    message = _(
        "created the project {folder}: write your names in {settings}, then start a month "
        "with `reportgen new --project {folder}`"
    )
    settings = display_path(folder / "inputs" / "publication.yaml")
    log.info(message.format(folder=display_path(folder), settings=settings))


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
    from reportgen.editor.scaffold import scaffold_month

    for path in scaffold_month(inputs, month):
        log.info(_("created {path}").format(path=path))


@main.group(name="import")
def import_group() -> None:
    """Bring records in from an ACLED export or the team's spreadsheet.

    Imported records are marked for review (triage them with `reportgen triage` or the
    preview's triage page); importing a file again updates what it imported before, honours
    the editors' decisions and never touches a record an editor wrote or edited.
    """


def _month_option(command: Callable) -> Callable:
    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from reportgen.input.loader import MONTH_NAME

        if value is not None and not MONTH_NAME.fullmatch(value):
            message = _("{value} is not a month: expected YYYY-MM, e.g. 2024-06")
            raise click.BadParameter(message.format(value=repr(value)))
        return value

    return click.option(
        "--month",
        callback=check,
        metavar="YYYY-MM",
        help="Import only rows of this month (YYYY-MM).",
    )(command)


@import_group.command(name="acled")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_month_option
@project_options
def import_acled(file: Path, month: str | None, inputs: Path, output: Path) -> None:
    """Write FILE's events in the governorates into attacks.yaml, raids.yaml and casualties.yaml.

    Each row is classified by who attacked whom (rules in acled.yaml, which inputs/acled.yaml
    can change): ISIS against the SDF, the coalition or civilians is an attack candidate, the
    SDF or the coalition against ISIS a raid candidate, an unidentified group against the SDF
    an unconfirmed attack; the rest is skipped, with the reason in the printed table.

    \b
    Example:
      reportgen import acled ~/Downloads/acled-syria.csv --month 2024-06
    """
    from reportgen.editor.importers.acled import import_acled as run

    _report_import(*run(inputs, file, month))


@import_group.command(name="sheet")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--mapping",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="FILE",
    required=True,
    help="YAML file mapping the sheet's columns to fields (see docs/data-format.md).",
)
@_month_option
@project_options
def import_sheet(file: Path, mapping: Path, month: str | None, inputs: Path, output: Path) -> None:
    """Write the team spreadsheet FILE (.csv or .xlsx) into attacks.yaml and casualties.yaml.

    \b
    Example:
      reportgen import sheet incidents.xlsx --mapping docs/sheet-mapping.example.yaml
    """
    from reportgen.editor.importers.sheet import import_sheet as run

    _report_import(*run(inputs, file, mapping, month))


def _report_import(summary, warnings: list[Problem]) -> None:
    _print_problems(warnings)
    for line in [*summary.table(), *summary.lines()]:
        log.info(line)
    for path in summary.written:
        log.debug(_("wrote {path}").format(path=path))


@main.command()
@click.argument("month")
@click.argument("record")
@click.option(
    "--as",
    "decision",
    type=click.Choice(["attack", "raid", "unconfirmed", "drop"]),
    required=True,
    help="What the record is: keep it as an attack, make it a raid, mark it unconfirmed, "
    "or drop it.",
)
@click.option("--reason", help="Why (recorded in the month's decisions.yaml).")
@project_options
def triage(
    month: str, record: str, decision: str, reason: str | None, inputs: Path, output: Path
) -> None:
    """Decide what the imported record RECORD (its id) of MONTH is, and remember it.

    The record moves between attacks.yaml and raids.yaml with its casualties, comments kept;
    the decision goes to MONTH/decisions.yaml, and later imports honour it (a dropped record
    never comes back). The preview's triage page does the same from the browser.

    \b
    Examples:
      reportgen triage 2022-01 acled-SYR1234 --as raid
      reportgen triage 2022-01 acled-SYR1240 --as drop --reason "not ISIS"
    """
    from reportgen.editor.triage import triage as run
    from reportgen.input.loader import display_path

    outcome = run(inputs, month, record, decision, reason)
    messages = {
        "attack": _("{id}: kept as an attack in {file}"),
        "raid": _("{id}: made a raid in {file}"),
        "unconfirmed": _("{id}: marked unconfirmed in {file}"),
        "drop": _("{id}: dropped from {file}"),
    }
    file = display_path(inputs / month / f"{outcome.file}.yaml")
    log.info(messages[decision].format(id=record, file=file))
    if outcome.casualties:
        moved = ngettext(
            "{count} casualty record went with it",
            "{count} casualty records went with it",
            outcome.casualties,
        )
        log.info(moved.format(count=outcome.casualties))
    for path in outcome.written:
        log.debug(_("wrote {path}").format(path=path))


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
    from reportgen.editor.preview import serve
    from reportgen.publish.fingerprint import cache_dir

    serve(inputs, month, port=port, cache=cache_dir(output))


@main.command()
@click.argument("month", required=False)
@click.option("--send", is_flag=True, help="Send to every reader not yet in the send log.")
@click.option("--dry-run", is_flag=True, help="Only say who would receive what (the default).")
@click.option(
    "--resend-uncertain",
    is_flag=True,
    help="With --send, also send to readers whose server reply was lost (they may have it).",
)
@project_options
def mail(
    month: str | None,
    send: bool,
    dry_run: bool,
    resend_uncertain: bool,
    inputs: Path,
    output: Path,
) -> None:
    """Write MONTH's email edition to OUTPUT/MONTH/sitrep-MONTH.eml; with --send, mail it.

    The month is built first when its files are out of date. --send mails one message per
    reader in inputs/readers.yaml through the SMTP server in publication.yaml (the password
    from the environment variable it names), skipping readers in OUTPUT/MONTH/mail-log.jsonl,
    so an interrupted send resumes. Only a published month can be sent; a draft's .eml
    has «مسودة» in its subject, for proofing. Exit status 0 when every reader has it, 1 when
    the server refused some or their reply was lost, 2 when readers.yaml has a problem (the
    other readers are still sent to).

    \b
    Examples:
      reportgen mail 2023-11
      REPORTGEN_SMTP_PASSWORD=... reportgen mail 2023-11 --send
    """
    from reportgen.publish.mail import MailError

    if send and dry_run:
        raise click.UsageError(_("give --send or --dry-run, not both"))
    if resend_uncertain and not send:
        raise click.UsageError(_("--resend-uncertain goes with --send"))
    try:
        _mail(month, send, inputs, output, resend_uncertain)
    except MailError as error:
        raise click.ClickException(str(error)) from None


def _mail(
    month: str | None, send: bool, inputs: Path, output: Path, resend_uncertain: bool
) -> None:
    from reportgen.publish import delivery
    from reportgen.publish.build import load, resolve_month
    from reportgen.publish.gate import refuse_unpublishable
    from reportgen.publish.mail import send_problem, write_email
    from reportgen.publish.sendplan import month_plan

    loaded = load(inputs, bad_readers="skip")
    month = resolve_month(loaded.project, month)
    _print_problems(_about(loaded.warnings, inputs, [month]))
    refuse_unpublishable(loaded, [month])
    if send:
        send_problem(loaded.project, month)
    mail, paths = write_email(loaded, month, output)
    for path in paths:
        log.info(_("wrote {path}").format(path=path))
    project = loaded.project
    log_path = output / month / delivery.LOG_NAME
    plan = month_plan(project, month, mail, project.readers, log_path, resend_uncertain)
    if not send:
        _print_plan(plan, mail, month, log_path)
        complete, text = True, ""
    else:
        complete, text = _send(project, month, log_path, plan, resend_uncertain)
    if project.unsendable:  # exit status 2 even when everyone else has it
        if text:
            log.warning(text)
        _exit_for_readers(project.unsendable)
    if not complete:
        raise click.ClickException(text)
    if text:
        log.info(text)


def _exit_for_readers(problems: tuple[Problem, ...]) -> None:
    """The problems of the readers a send left out, then exit status 2 (an input problem)."""
    _print_problems(problems)
    count = len(problems)
    message = ngettext(
        "{count} problem in readers.yaml: fix it and run again to reach that reader",
        "{count} problems in readers.yaml: fix them and run again to reach those readers",
        count,
    )
    click.secho(message.format(count=count), err=True, fg="red")
    sys.exit(EXIT_INPUT)


def _send(project, month: str, log_path: Path, plan, resend_uncertain: bool) -> tuple[bool, str]:
    """Whether every reader the send tried has their message now, and the summary line."""
    from reportgen.publish import delivery

    smtp = project.publication.mail.smtp  # send_problem made sure there is one
    outcome = delivery.send_jobs(
        plan.jobs,
        smtp,
        log_path,
        secret=delivery.password(smtp),
        on_sent=_report_sent,
        resend_uncertain=resend_uncertain,
    )
    _report_missing(plan, month, log.warning)
    notices = sum(job.entry.get("kind") == "correction" for job in outcome.sent)
    if notices:
        message = ngettext(
            "{count} correction notice sent", "{count} correction notices sent", notices
        )
        log.info(message.format(count=notices))
    text = delivery.summary(outcome, plan, len(project.unsendable), log_path)
    return delivery.is_complete(outcome, plan), text


EDITION_NAMES = {
    "ar": N_("Arabic"),
    "en": N_("English"),
    "both": N_("Arabic and English"),
}


def _report_sent(job) -> None:
    address = job.reader.address
    if job.entry.get("kind") == "correction":
        message = _("sent correction notice {number} to {address}")
        log.info(message.format(number=job.entry["correction"], address=address))
    else:
        log.info(_("sent to {address}").format(address=address))


def _report_missing(plan, month: str, say: Callable[[str], None]) -> None:
    """Tell of each reader whose edition the month does not have: never silently another."""
    for reader, lacking in plan.missing:
        names = _(", ").join(_(EDITION_NAMES[e]) for e in lacking)
        if len(lacking) == len(reader.editions):
            message = _("not sent to <{address}>: {month} has no {editions} edition")
        else:
            message = _("<{address}> gets only what {month} has: it has no {editions} edition")
        say(message.format(address=reader.address, month=month, editions=names))


def _print_plan(plan, mail, month: str, log_path: Path) -> None:
    from reportgen.publish.sendplan import sent_edition

    for edition in mail.editions.values():
        click.echo(_("subject: “{subject}”").format(subject=edition.subject))
    for job in plan.briefs:
        reader = job.reader
        edition = _(EDITION_NAMES[job.entry.get("edition", sent_edition(reader.editions))])
        message = _("would send to “{name}” <{address}> ({edition})")
        if not reader.name:
            message = _("would send to <{address}> ({edition})")
        click.echo(message.format(name=reader.name, address=reader.address, edition=edition))
    for job in plan.notices:
        message = _("would send correction notice {number} to <{address}>")
        click.echo(message.format(number=job.entry["correction"], address=job.reader.address))
    for job in plan.uncertain:
        message = _(
            "not sent again to <{address}>: the connection was lost after the message was sent, "
            "so the server may have it (--send --resend-uncertain sends it again)"
        )
        click.echo(message.format(address=job.reader.address))
    _report_missing(plan, month, click.echo)
    if plan.delivered:
        count = len(plan.delivered)
        message = ngettext(
            "{count} reader already has it ({path})",
            "{count} readers already have it ({path})",
            count,
        )
        click.echo(message.format(count=count, path=log_path))
    click.echo(_("dry run: nothing was sent; add --send to send"))


if __name__ == "__main__":
    main()
