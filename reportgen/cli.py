"""The `reportgen` command. The only module that knows click and exit statuses."""

from __future__ import annotations

import functools
import inspect
import logging
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import click

from reportgen import i18n
from reportgen.errors import InputError, Problem, printable
from reportgen.i18n import _, ngettext

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


def _lang_option(command: Callable) -> Callable:
    """--lang: read before click parses anything (`_Group.make_context`), so that help, too, is
    in the chosen language; here it is only declared and checked."""
    return click.option(
        "--lang",
        type=click.Choice(i18n.LANGUAGES),
        expose_value=False,
        help="Language of messages and help: ar or en (default: REPORTGEN_LANG, "
        "then language: in publication.yaml, then the locale, then ar).",
    )(command)


def _option_value(args: list[str], name: str) -> str | None:
    """The value of option `name` in `args` as the user typed it, last one winning."""
    found = None
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            found = args[i + 1]
        elif arg.startswith(name + "="):
            found = arg.split("=", 1)[1]
    return found


def _speak(args: list[str]) -> None:
    """Choose this run's language and translate every help text into it."""
    inputs = Path(_option_value(args, "--inputs") or "inputs")
    i18n.use(i18n.choose(_option_value(args, "--lang"), os.environ, inputs))
    _translate_help(main)


def _translate_help(command: click.Command) -> None:
    for item in [command, *command.params]:
        source = item.__dict__.setdefault("_source_help", item.help)
        if source:
            item.help = _(inspect.cleandoc(source))
    for sub in getattr(command, "commands", {}).values():
        _translate_help(sub)


class _Command(click.Command):
    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class _Group(_Command, click.Group):
    command_class = _Command
    group_class = type

    def make_context(self, info_name, args, parent=None, **extra):
        if parent is None:
            _speak(list(args))
        return super().make_context(info_name, args, parent, **extra)


def project_options(command: Callable) -> Callable:
    """--inputs, --output, --lang, --quiet and --verbose, shared by every sub-command."""

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
    @_lang_option
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

    reason = error.strerror or str(error)
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


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
@_lang_option
def main() -> None:
    """Turn monthly YAML inputs into the Arabic sleeper-cell briefing (PDF and HTML).

    Every command works on ./inputs and ./output unless given --inputs and --output.

    \b
    An editor's month:
      reportgen new                start the next month's folder from the last one
      reportgen import acled FILE  start from an ACLED export (or: import sheet)
      reportgen triage MONTH ID    keep, move or drop an imported record (or: the preview)
      reportgen preview            see the briefing change as you edit, in a browser
      reportgen check              validate every month (file:line:column problems)
      reportgen build              build the newest month (a draft until published)
      reportgen publish MONTH      publish a month once no review mark remains
      reportgen mail 2023-11 --send  mail a published month to the readers
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
    from reportgen.input.loader import load_project

    _project, warnings = load_project(inputs, months=[month] if month else None)
    _print_problems(warnings)
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

    summary.csv has one row per month (full and summary months) with a `month` column. Beside
    each CSV: NAME.hxl.csv (HXL hashtags under the header) and NAME.excel.csv (UTF-8 with a
    byte-order mark, for Excel); and events-YYYY-MM.geojson, each month's attacks and raids.

    \b
    Example:
      reportgen data --output /tmp/out
    """
    from reportgen.briefing.dataset import write_csvs
    from reportgen.publish.build import load
    from reportgen.publish.exports import write_exports

    loaded = load(inputs)
    _print_problems(loaded.warnings)
    written = write_csvs(loaded.dataset, output / "data")
    written += write_exports(loaded.dataset, loaded.project.governorates, output / "data")
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
    from reportgen.input.loader import full_months
    from reportgen.publish.build import load, resolve_month

    if month and all_months:
        raise click.UsageError(_("give a MONTH or --all, not both"))
    started = time.perf_counter()
    loaded = load(inputs)
    months = full_months(loaded.project) if all_months else [resolve_month(loaded.project, month)]
    _print_problems(_about(loaded.warnings, inputs, months))
    count = len(loaded.project.months)
    message = ngettext(
        "validated {count} month in {seconds}s", "validated {count} months in {seconds}s", count
    )
    log.info(message.format(count=count, seconds=f"{time.perf_counter() - started:.2f}"))
    _build(loaded, inputs, output, months, jobs=jobs, force=force, started=started)


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
    if drafts:
        message = _("draft, not in the archive: {months} (publish with `reportgen publish`)")
        log.info(message.format(months=_(", ").join(drafts)))
    message = _("{built} built, {unchanged} unchanged, in {seconds}s; archive: {path}")
    seconds = f"{time.perf_counter() - started:.2f}"
    log.info(
        message.format(built=built, unchanged=len(results) - built, seconds=seconds, path=index)
    )


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

    report = publish_month(inputs, month)
    log.info(_("published: {file} says status: published").format(file=display_path(report)))
    loaded = load(inputs)
    _build(loaded, inputs, output, [report.parent.name])


def _report(result) -> None:
    log.info(result.summary())
    for path in result.outputs:
        log.debug(_("wrote {path}").format(path=path))


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
        "--month", callback=check, help="Import only rows of this month (YYYY-MM)."
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
    from reportgen.publish.build import cache_dir

    serve(inputs, month, port=port, cache=cache_dir(output))


@main.command()
@click.argument("month", required=False)
@click.option("--send", is_flag=True, help="Send to every reader not yet in the send log.")
@click.option("--dry-run", is_flag=True, help="Only say who would receive what (the default).")
@project_options
def mail(month: str | None, send: bool, dry_run: bool, inputs: Path, output: Path) -> None:
    """Write MONTH's email edition to OUTPUT/MONTH/sitrep-MONTH.eml; with --send, mail it.

    The month is built first when its files are out of date. --send mails one message per
    reader in inputs/readers.yaml through the SMTP server in publication.yaml (the password
    from the environment variable it names), skipping readers in OUTPUT/MONTH/mail-log.jsonl,
    so an interrupted send resumes. Only a published month can be sent; a draft's .eml
    has «مسودة» in its subject, for proofing.

    \b
    Examples:
      reportgen mail 2023-11
      REPORTGEN_SMTP_PASSWORD=... reportgen mail 2023-11 --send
    """
    from reportgen.publish.mail import MailError

    if send and dry_run:
        raise click.UsageError(_("give --send or --dry-run, not both"))
    try:
        _mail(month, send, inputs, output)
    except MailError as error:
        raise click.ClickException(str(error)) from None


def _mail(month: str | None, send: bool, inputs: Path, output: Path) -> None:
    from reportgen.publish import delivery
    from reportgen.publish.build import load, resolve_month
    from reportgen.publish.mail import send_problem, write_email

    loaded = load(inputs)
    month = resolve_month(loaded.project, month)
    _print_problems(_about(loaded.warnings, inputs, [month]))
    if send:
        send_problem(loaded.project, month)
    message, path = write_email(loaded, month, output)
    log.info(_("wrote {path}").format(path=path))
    project = loaded.project
    log_path = output / month / delivery.LOG_NAME
    plan = delivery.plan(project.readers, log_path)
    if not send:
        _print_plan(plan, message["Subject"], log_path)
        return
    smtp = project.publication.mail.smtp  # send_problem made sure there is one
    secret = delivery.password(smtp)
    sent = delivery.send(
        message,
        month,
        project.readers,
        smtp,
        log_path,
        secret=secret,
        on_sent=lambda r: log.info(_("sent to {address}").format(address=r.address)),
    )
    message = _("{sent} sent, {delivered} already had it; log: {path}")
    log.info(message.format(sent=len(sent), delivered=len(plan.delivered), path=log_path))


def _print_plan(plan, subject: str, log_path: Path) -> None:
    click.echo(_("subject: {subject}").format(subject=subject))
    for reader in plan.pending:
        name = f"{reader.name} " if reader.name else ""
        edition = _("Arabic") if reader.edition == "ar" else _("Arabic: no English edition yet")
        message = _("would send to {name}<{address}> ({edition})")
        click.echo(message.format(name=name, address=reader.address, edition=edition))
    if plan.delivered:
        count = len(plan.delivered)
        message = ngettext(
            "{count} reader already has it ({path})",
            "{count} readers already have it ({path})",
            count,
        )
        click.echo(message.format(count=count, path=log_path))
    click.echo(_("dry run: nothing was sent; add --send to send"))


def extract_messages(fileobj, keywords, comment_tags, options):
    """Babel's extractor for this file (babel.cfg): the `_()` calls, and every command's and
    option's help text as click shows it, so the catalogs cover `--help` too."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in sorted(_help_texts(main)):
        yield 0, None, text, []


def _help_texts(command: click.Command) -> set[str]:
    texts = set()
    for item in [command, *command.params]:
        source = item.__dict__.get("_source_help", getattr(item, "help", None))
        if source:
            texts.add(inspect.cleandoc(source))
    for sub in getattr(command, "commands", {}).values():
        texts |= _help_texts(sub)
    return texts


if __name__ == "__main__":
    main()
