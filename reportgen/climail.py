"""`reportgen mail`: the email edition written, and sent once to each reader."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from reportgen.clicommon import EXIT_INPUT, about_months, log, print_problems, project_options
from reportgen.clitext import Command
from reportgen.errors import Problem
from reportgen.i18n import N_, _, ngettext


@click.command(cls=Command)
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
    print_problems(about_months(loaded.warnings, inputs, [month]))
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
    print_problems(problems)
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
    report_missing(plan, month, log.warning)
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


def report_missing(plan, month: str, say: Callable[[str], None]) -> None:
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
    report_missing(plan, month, click.echo)
    if plan.delivered:
        count = len(plan.delivered)
        message = ngettext(
            "{count} reader already has it ({path})",
            "{count} readers already have it ({path})",
            count,
        )
        click.echo(message.format(count=count, path=log_path))
    click.echo(_("dry run: nothing was sent; add --send to send"))
