"""Sending the email edition: one message per reader over SMTP, at a set rate, with a send log.

The log (`output/MONTH/mail-log.jsonl`) gets one JSON line per delivered address, appended and
flushed to disk as soon as the server has accepted the message, before the next one is sent: a
send that is interrupted, killed or run again skips everyone already in the log. The only window
for a duplicate is between the server's acceptance and that write. A torn last line (the process
killed while writing it) is ignored on reading. A lock on the log keeps two sends of one month
from running at once.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import smtplib
import ssl
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import IO

from reportgen.i18n import _
from reportgen.input.records import Reader, Smtp
from reportgen.publish.mail import MailError, for_reader

log = logging.getLogger("reportgen")
LOG_NAME = "mail-log.jsonl"


@dataclass(frozen=True)
class Plan:
    """Who gets the month's message now, and who already has it."""

    pending: tuple[Reader, ...]
    delivered: tuple[Reader, ...]


@dataclass(frozen=True)
class Job:
    """One message to one reader, and what its log entry says beyond the address: the `kind`
    (brief or correction), the edition, the correction's number or the brief's revision."""

    reader: Reader
    message: EmailMessage
    entry: Mapping[str, object] = field(default_factory=dict)


def delivered_entries(path: Path) -> list[dict]:
    """Every entry the log records as delivered; an entry from before entries had a `kind` is
    the brief's."""
    if not path.exists():
        return []
    delivered = []
    for line in path.read_text("utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("status") == "delivered":
            delivered.append({"kind": "brief", **entry})
    return delivered


def read_log(path: Path) -> set[str]:
    """The addresses (lower-cased) the log records as having had the brief."""
    return {
        str(entry.get("address", "")).lower()
        for entry in delivered_entries(path)
        if entry["kind"] == "brief"
    }


def plan(readers: tuple[Reader, ...], log_path: Path) -> Plan:
    done = read_log(log_path)
    pending = tuple(r for r in readers if r.address.lower() not in done)
    delivered = tuple(r for r in readers if r.address.lower() in done)
    return Plan(pending, delivered)


def password(smtp: Smtp, environ: dict[str, str] | None = None) -> str | None:
    """The password from the environment variable the settings name; None without a user."""
    environ = dict(os.environ) if environ is None else environ
    if smtp.user is None:
        return None
    value = environ.get(smtp.password_env)
    if not value:
        message = _(
            "set the SMTP password in the environment variable {name} "
            "(mail.smtp.password_env in publication.yaml) before sending"
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
) -> list[Reader]:
    """Send `message` to each reader not yet in the log, one message each; the readers sent to."""
    jobs = [Job(r, for_reader(message, r, month)) for r in plan(readers, log_path).pending]
    report = (lambda job: on_sent(job.reader)) if on_sent else None
    done = send_jobs(jobs, smtp, log_path, secret=secret, sleep=sleep, on_sent=report)
    return [job.reader for job in done]


def send_jobs(
    jobs: list[Job],
    smtp: Smtp,
    log_path: Path,
    *,
    secret: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
    on_sent: Callable[[Job], None] | None = None,
) -> list[Job]:
    """Send each job's message to its reader at the configured rate, logging each delivery with
    the job's entry as it happens; the jobs sent.

    A reader the server refuses is logged as refused and skipped (a later run tries again);
    a lost connection is reopened once.
    """
    sent: list[Job] = []
    if not jobs:
        return sent
    interval = 60.0 / smtp.rate
    with _locked_log(log_path) as stream:
        try:
            client = connect(smtp, secret)
        except (smtplib.SMTPException, OSError) as error:
            message = _("mail server {server}: {error}")
            raise MailError(
                message.format(server=f"{smtp.host}:{smtp.port}", error=error)
            ) from error
        try:
            for i, job in enumerate(jobs):
                if i:
                    sleep(interval)
                client, delivered = _deliver(client, job, smtp, secret, stream)
                if delivered:
                    sent.append(job)
                    if on_sent:
                        on_sent(job)
        except (smtplib.SMTPException, OSError) as error:
            message = _(
                "mail server {server}: {error}; {sent} sent before it stopped are in {log}: "
                "run the same command again to carry on"
            )
            server = f"{smtp.host}:{smtp.port}"
            message = message.format(server=server, error=error, sent=len(sent), log=log_path)
            raise MailError(message) from error
        finally:
            _quit(client)
    return sent


def _deliver(
    client: smtplib.SMTP, job: Job, smtp: Smtp, secret: str | None, stream: IO[str]
) -> tuple[smtplib.SMTP, bool]:
    """The connection to go on with, and whether the server accepted the message."""
    message, reader = job.message, job.reader
    try:
        client.send_message(message, to_addrs=[reader.address])
    except smtplib.SMTPServerDisconnected:
        client = connect(smtp, secret)
        client.send_message(message, to_addrs=[reader.address])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        log.warning(_("{address} refused: {error}").format(address=reader.address, error=error))
        _append(stream, job, "refused", str(message["Message-ID"]), str(error))
        return client, False
    _append(stream, job, "delivered", str(message["Message-ID"]))
    return client, True


def _append(stream: IO[str], job: Job, status: str, message_id: str, detail: str = "") -> None:
    entry = {
        "address": job.reader.address,
        "status": status,
        **job.entry,
        "message_id": message_id,
        "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if detail:
        entry["detail"] = detail
    stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
    stream.flush()
    os.fsync(stream.fileno())


@contextmanager
def _locked_log(path: Path) -> Iterator[IO[str]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        try:
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = _("another send of this month is running ({path} is locked)")
            raise MailError(message.format(path=path)) from None
        _ensure_line_start(path, stream)
        yield stream


def _ensure_line_start(path: Path, stream: IO[str]) -> None:
    """After a line torn by a kill, start the next entry on a line of its own."""
    size = path.stat().st_size
    if size and path.read_bytes()[-1:] != b"\n":
        stream.write("\n")
        stream.flush()


def _quit(client: smtplib.SMTP) -> None:
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()
