"""Sending the email edition: one message per reader over SMTP, at a set rate, with a send log.

The log (`output/MONTH/mail-log.jsonl`) records what the server has, one JSON line per step, each
written and fsync'd before the next step is taken:

- `sending`: the message is on the wire and its end (the final ".") is about to go. From here
  until the server's reply the server may store the message without the sender knowing.
- `delivered`: the server replied 250 to the end of the message: it has taken it on. Written the
  moment the reply arrives, before anything else is done.
- `refused`: the server refused the reader or the message (a 4xx or 5xx reply); it does not have
  it, and the next run tries again.
- `uncertain`: the connection dropped, or timed out, after the end of the message was sent and
  before the reply came: the server may have stored it.
- `skipped`: the reader's address or name breaks the rules `check` applies (`input.mailbox`); it
  is never sent, and the next run checks it again.

**The resume rule is at most once.** A reader whose last entry is `delivered` is done; `refused`
and `skipped` are tried again; `uncertain`, and a `sending` with nothing after it (the sender was
killed inside that window), are *not* sent again, neither by the reconnect that follows a lost
reply nor by the next run: the server may have the message, and a second copy is what the log
is there to prevent. The run names them and ends with a non-zero status; `--resend-uncertain`
sends them again, under the same Message-ID, which lets servers that drop duplicates do so.

Each message is a `Job`: a reader, the message made for them, and what the log says of it
beyond the address (`kind`: the month's `brief` or a `correction` notice; the `edition`; the
brief's `revision` or the correction's number), so one log holds the month and its corrections,
each resumed on its own. The log's format, its reading (which tolerates damage) and its lock are
`sendlog`'s; who gets which message is `sendplan`'s.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from reportgen.i18n import _, ngettext
from reportgen.input.mailbox import password_env_problem, reader_problem
from reportgen.input.records import Reader, Smtp
from reportgen.publish import sendlog
from reportgen.publish.mail import MailError, for_reader

log = logging.getLogger("reportgen")
LOG_NAME = sendlog.LOG_NAME
read_log = sendlog.read_log
delivered_entries = sendlog.delivered_entries


@dataclass(frozen=True)
class Plan:
    """Who gets the month's message now, who already has it, and who may have it."""

    pending: tuple[Reader, ...]
    delivered: tuple[Reader, ...]
    uncertain: tuple[Reader, ...] = ()


@dataclass(frozen=True)
class Job:
    """One message to one reader, and what its log entries say of it beyond the address."""

    reader: Reader
    message: EmailMessage | None
    """None when no message can be made for this reader (`problem` says why)."""
    entry: Mapping[str, object] = field(default_factory=lambda: {"kind": "brief"})
    problem: str | None = None

    @property
    def key(self) -> sendlog.JobKey:
        return sendlog.job_key({"address": self.reader.address, "kind": "brief", **self.entry})


def job_for(reader: Reader, message: EmailMessage, month: str, entry: Mapping[str, object]) -> Job:
    """The job of sending `message` to `reader`; one without a message when the reader's name or
    address cannot be written in its headers (the send skips it, naming the problem)."""
    try:
        return Job(reader, for_reader(message, reader, month), entry)
    except (ValueError, TypeError) as error:
        return Job(reader, None, entry, str(error))


@dataclass
class Outcome:
    """What one send did, job by job."""

    sent: list[Job] = field(default_factory=list)
    refused: list[Job] = field(default_factory=list)
    uncertain: list[Job] = field(default_factory=list)
    skipped: list[Job] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.refused or self.uncertain or self.skipped)


def plan(readers: tuple[Reader, ...], log_path: Path, resend_uncertain: bool = False) -> Plan:
    states = sendlog.read_states(log_path)
    state = {r: states.get(r.address.lower(), sendlog.RETRY) for r in readers}
    if resend_uncertain:
        state = {r: sendlog.RETRY if s == sendlog.UNCERTAIN else s for r, s in state.items()}
    return Plan(
        tuple(r for r in readers if state[r] == sendlog.RETRY),
        tuple(r for r in readers if state[r] == sendlog.DONE),
        tuple(r for r in readers if state[r] == sendlog.UNCERTAIN),
    )


def password(smtp: Smtp, environ: dict[str, str] | None = None) -> str | None:
    """The password from the environment variable the settings name; None without a user. Only
    a REPORTGEN_… variable is read (`mailbox.password_env_problem`, as `check` says)."""
    environ = dict(os.environ) if environ is None else environ
    if smtp.user is None:
        return None
    problem = password_env_problem(smtp.password_env)
    if problem:
        raise MailError(f"mail.smtp.password_env: {problem}")
    value = environ.get(smtp.password_env)
    if not value:
        message = _(
            "set the SMTP password in the environment variable {name} "
            "(mail.smtp.password_env in publication.yaml) before sending"
        )
        raise MailError(message.format(name=smtp.password_env))
    if not value.isascii():
        message = _(
            "the password in {name} has characters outside ASCII, which SMTP login cannot send"
        )
        raise MailError(message.format(name=smtp.password_env))
    return value


def connect(smtp: Smtp, secret: str | None, timeout: float = 60) -> smtplib.SMTP:
    """A logged-in connection: implicit TLS, STARTTLS, or plain for a relay on this machine."""
    context = ssl.create_default_context()
    if smtp.security == "tls":
        client: smtplib.SMTP = smtplib.SMTP_SSL(
            smtp.host, smtp.port, timeout=timeout, context=context
        )
    else:
        client = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
        if smtp.security == "starttls":
            client.starttls(context=context)
    if smtp.user is not None and secret is not None:
        client.login(smtp.user, secret)
    return client


class Before(Protocol):
    """What a send started from (a `Plan`, or sendplan's `SendPlan`): who already had the
    message, and whose message may be on the server already."""

    delivered: Sequence[object]
    uncertain: Sequence[object]


class _Refused(Exception):
    """The server answered a step of the transaction with an error: it does not have the message."""

    def __init__(self, code: int, reply: bytes):
        self.code = code
        super().__init__(f"{code} {reply.decode('utf-8', 'replace')}")


class _Uncertain(Exception):
    """The end of the message was sent and no reply came: the server may have it."""


def send(
    message: EmailMessage,
    month: str,
    readers: tuple[Reader, ...],
    smtp: Smtp,
    log_path: Path,
    *,
    secret: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_sent: Callable[[Reader], None] | None = None,
    resend_uncertain: bool = False,
) -> Outcome:
    """Send `message` (the month's brief) to each reader the log says is still to be sent to."""
    pending = plan(readers, log_path, resend_uncertain).pending
    jobs = [job_for(reader, message, month, {"kind": "brief"}) for reader in pending]
    report = (lambda job: on_sent(job.reader)) if on_sent else None
    return send_jobs(
        jobs, smtp, log_path, secret=secret, sleep=sleep, on_sent=report,
        resend_uncertain=resend_uncertain,
    )  # fmt: skip


def send_jobs(
    jobs: Sequence[Job],
    smtp: Smtp,
    log_path: Path,
    *,
    secret: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_sent: Callable[[Job], None] | None = None,
    resend_uncertain: bool = False,
) -> Outcome:
    """Send each job's message to its reader at the configured rate, one at a time.

    A job the log (read again under its lock) already has delivered is left out, and one it
    has as uncertain unless `resend_uncertain`. A reader with a bad address or name is logged
    as skipped; one the server refuses is logged as refused (a later run tries both again); a
    lost reply is logged as uncertain and not sent again. A connection lost before a message
    was complete is reopened and the message sent again; a server that cannot be reached stops
    the send (`MailError`), the log saying who has it.
    """
    outcome = Outcome()
    with sendlog.locked(log_path) as writer:
        states = sendlog.read_job_states(log_path)
        kept = (sendlog.RETRY, sendlog.UNCERTAIN) if resend_uncertain else (sendlog.RETRY,)
        pending = [job for job in jobs if states.get(job.key, sendlog.RETRY) in kept]
        if not pending:
            return outcome
        session = _Session(smtp, secret, writer)
        try:
            for i, job in enumerate(pending):
                if i:
                    sleep(60.0 / smtp.rate)
                result = session.deliver(job)
                getattr(outcome, result).append(job)
                if result == "sent" and on_sent:
                    on_sent(job)
        except (smtplib.SMTPException, OSError) as error:
            text = _(
                "mail server {server}: {error}; {sent} sent before it stopped are in {log}: "
                "run the same command again to carry on"
            )
            server = f"{smtp.host}:{smtp.port}"
            raise MailError(
                text.format(server=server, error=error, sent=len(outcome.sent), log=log_path)
            ) from error
        finally:
            session.close()
    return outcome


class _Session:
    """One connection to the server, reopened when it is lost, and the log it writes to."""

    def __init__(self, smtp: Smtp, secret: str | None, log: sendlog.Writer):
        self.smtp, self.secret, self.log = smtp, secret, log
        self.client: smtplib.SMTP | None = None

    def deliver(self, job: Job) -> str:
        """ "sent", "refused", "uncertain" or "skipped": what became of the job's message."""
        reader, message = job.reader, job.message
        problem = reader_problem(reader.address, reader.name) or job.problem
        if problem or message is None:
            log.warning(
                _("{address} skipped: {problem}").format(address=reader.address, problem=problem)
            )
            self.log.append(reader, "skipped", "", problem or "", job.entry)
            return "skipped"
        message_id = str(message["Message-ID"])
        sender = parseaddr(str(message["From"]))[1]
        try:
            reply = self._transaction(job, sender, _wire_bytes(message), message_id)
        except _Refused as error:
            log.warning(_("{address} refused: {error}").format(address=reader.address, error=error))
            self.log.append(reader, "refused", message_id, str(error), job.entry)
            return "refused"
        except _Uncertain as error:
            text = _(
                "{address}: the connection was lost after the message was sent ({error}); the "
                "server may have it, so it is not sent again (--resend-uncertain sends it again)"
            )
            log.warning(text.format(address=reader.address, error=error.__cause__ or error))
            self.log.append(
                reader, "uncertain", message_id, str(error.__cause__ or error), job.entry
            )
            return "uncertain"
        self.log.append(reader, "delivered", message_id, reply, job.entry)
        return "sent"

    def _transaction(self, job: Job, sender: str, data: bytes, message_id: str) -> str:
        """The server's reply to a message it accepted. A connection lost before the end of the
        message went out is reopened once and the message sent again (the server cannot have
        kept an unfinished message)."""
        for attempt in (1, 2):
            client = self._client()
            try:
                return _transaction(
                    client,
                    sender,
                    job.reader.address,
                    data,
                    lambda: self.log.append(job.reader, "sending", message_id, "", job.entry),
                )
            except (smtplib.SMTPServerDisconnected, OSError):
                self.abort()
                if attempt == 2:
                    raise
            except _Refused as error:
                if error.code == 421:  # the server is closing the connection
                    self.abort()
                else:
                    _reset(client)
                raise
            except BaseException:  # uncertain, a log that cannot be written, Ctrl-C: the
                self.abort()  # connection may be mid-message, where QUIT would be message text
                raise
        raise AssertionError("unreachable")

    def _client(self) -> smtplib.SMTP:
        if self.client is None:
            self.client = connect(self.smtp, self.secret)
        return self.client

    def close(self) -> None:
        if self.client is not None:
            _quit(self.client)
            self.client = None

    def abort(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None


def _transaction(
    client: smtplib.SMTP,
    sender: str,
    recipient: str,
    data: bytes,
    before_end: Callable[[], None],
) -> str:
    """MAIL, RCPT, DATA and the message, step by step, so that the moment the end of the message
    leaves is known: `before_end` runs (and logs `sending`) just before it."""
    client.ehlo_or_helo_if_needed()
    options = []
    if client.has_extn("size"):
        options.append(f"SIZE={len(data)}")
    if not data.isascii() and client.has_extn("8bitmime"):
        options.append("BODY=8BITMIME")
    _expect(client.mail(sender, options), 250)
    _expect(client.rcpt(recipient), 250, 251)
    _expect(client.docmd("DATA"), 354)
    client.send(data)
    before_end()
    try:
        client.send(b".\r\n")
        code, reply = client.getreply()
    except (smtplib.SMTPServerDisconnected, OSError) as error:
        raise _Uncertain(str(error)) from error
    _expect((code, reply), 250)
    return f"{code} {reply.decode('utf-8', 'replace')}"


def _expect(reply: tuple[int, bytes], *codes: int) -> None:
    code, text = reply
    if code not in codes:
        raise _Refused(code, text)


_LINE_START_DOT = re.compile(rb"(?m)^\.")


def _wire_bytes(message: EmailMessage) -> bytes:
    """The message as DATA carries it: CRLF lines, a dot doubled at the start of a line, ending
    with CRLF (the final "." is sent apart)."""
    data = message.as_bytes()
    data = re.sub(rb"\r?\n", b"\r\n", data)
    data = _LINE_START_DOT.sub(b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def _reset(client: smtplib.SMTP) -> None:
    with suppress(smtplib.SMTPException, OSError):
        client.rset()


def summary(outcome: Outcome, before: Before, unsendable: int, log_path: Path) -> str:
    """One line: how many readers were sent the message and, when not everyone has it now, what
    became of the others (`before` is the plan the send started from) and what to do."""
    sent = len(outcome.sent)
    if is_complete(outcome, before) and not unsendable:
        message = _("{sent} sent, {delivered} already had it; log: {path}")
        return message.format(sent=sent, delivered=len(before.delivered), path=log_path)
    head = ngettext("{count} sent", "{count} sent", sent).format(count=sent) if sent else None
    others = _(", ").join(_count_parts(outcome, before, unsendable))
    message = _("{sent}; {others}; log: {path}")
    return message.format(sent=head or _("none sent"), others=others, path=log_path)


def is_complete(outcome: Outcome, before: Before) -> bool:
    """Whether every reader the send was for has the message now (by this send or before)."""
    return outcome.complete and not before.uncertain


def _count_parts(outcome: Outcome, before: Before, unsendable: int) -> list[str]:
    skipped = len(outcome.skipped) + unsendable
    uncertain = len(outcome.uncertain) + len(before.uncertain)
    already = len(before.delivered)
    counts = [
        (
            len(outcome.refused),
            ngettext(
                "{count} refused by the server (a later run tries again)",
                "{count} refused by the server (a later run tries again)",
                len(outcome.refused),
            ),
        ),
        (
            uncertain,
            ngettext(
                "{count} uncertain: the connection was lost after the message was sent "
                "(not sent again; --resend-uncertain sends it again)",
                "{count} uncertain: the connection was lost after the messages were sent "
                "(not sent again; --resend-uncertain sends them again)",
                uncertain,
            ),
        ),
        (
            skipped,
            ngettext(
                "{count} skipped for a problem in readers.yaml",
                "{count} skipped for problems in readers.yaml",
                skipped,
            ),
        ),
        (
            already,
            ngettext("{count} already had it", "{count} already had it", already),
        ),
    ]
    return [text.format(count=count) for count, text in counts if count]


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()
