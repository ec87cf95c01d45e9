"""The editor's commands: `init`, `new`, `import acled|sheet`, `triage` and `preview`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from reportgen.clicommon import log, print_problems, project_options, run_options
from reportgen.clitext import Command, Group
from reportgen.errors import Problem
from reportgen.i18n import _, ngettext


@click.command(cls=Command)
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


@click.command(cls=Command)
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


@click.group(name="import", cls=Group)
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
    print_problems(warnings)
    for line in [*summary.table(), *summary.lines()]:
        log.info(line)
    for path in summary.written:
        log.debug(_("wrote {path}").format(path=path))


@click.command(cls=Command)
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


@click.command(cls=Command)
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

    serve(inputs, month, port=port, cache=cache_dir(output), leave_process=True)
