"""Who gets what when a month is mailed: each reader's edition, and the correction notices owed.

From the send log (delivery.py) and readers.yaml: a reader who has not had the month gets it in
their edition (`ar`, `en`, or `both` in one message) as it is now, corrections included; a reader
whose edition the month does not have is not given another one but named in the run's summary
(a `both` reader gets the edition there is, and is named too). A reader who had the month before
a correction gets one notice per correction made since, once: the log records each brief with
the number of corrections it already carried (`revision`) and each notice with its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from reportgen.input.records import Project, Reader
from reportgen.publish import sendlog
from reportgen.publish.delivery import Job, job_for
from reportgen.publish.mail import MonthMail
from reportgen.publish.notices import notice_message


@dataclass(frozen=True)
class SendPlan:
    briefs: tuple[Job, ...]
    """The month, to each reader who has not had it."""
    notices: tuple[Job, ...]
    """Correction notices owed to readers who had the month before a correction."""
    delivered: tuple[Reader, ...]
    """Readers who already had the month."""
    missing: tuple[tuple[Reader, tuple[str, ...]], ...]
    """Readers with the editions of theirs the month does not have."""
    uncertain: tuple[Job, ...] = ()
    """Messages whose reply the server never gave: not sent again unless asked."""

    @property
    def jobs(self) -> list[Job]:
        return [*self.briefs, *self.notices]


def sent_edition(editions: tuple[str, ...]) -> str:
    """How the log names what a reader got: ar, en, or both."""
    return "both" if len(editions) > 1 else editions[0]


def month_plan(
    project: Project,
    month: str,
    mail: MonthMail,
    readers: tuple[Reader, ...],
    log_path: Path,
    resend_uncertain: bool = False,
) -> SendPlan:
    """What a send of `month` to `readers` would do now, given the log at `log_path`: a message
    the log has as uncertain (the server may have it) waits for `resend_uncertain`."""
    record = project.months[month].freeze
    corrections = record.corrections if record else ()
    revision = len(corrections)
    had: dict[str, int] = {}
    noticed: set[tuple[str, int]] = set()
    for entry in sendlog.delivered_entries(log_path):
        address = str(entry.get("address", "")).lower()
        if entry["kind"] == "brief":
            had[address] = max(had.get(address, 0), _int(entry.get("revision")))
        elif entry["kind"] == "correction":
            noticed.add((address, _int(entry.get("correction"))))
    briefs, notices, delivered, missing = [], [], [], []
    composed: dict[tuple[str, ...], EmailMessage | None] = {}
    for reader in readers:
        have = tuple(e for e in reader.editions if e in mail.editions)
        lacking = tuple(e for e in reader.editions if e not in mail.editions)
        if lacking:
            missing.append((reader, lacking))
        address = reader.address.lower()
        if address in had:
            delivered.append(reader)
            for number in range(had[address] + 1, revision + 1):
                if (address, number) in noticed or not have:
                    continue
                message = notice_message(
                    project, month, corrections[number - 1], number, have, reader
                )
                entry = {"kind": "correction", "correction": number, "edition": sent_edition(have)}
                notices.append(Job(reader, message, entry))
            continue
        if not have:
            continue
        if have not in composed:
            composed[have] = mail.message(project, have)
        entry = {"kind": "brief", "edition": sent_edition(have), "revision": revision}
        briefs.append(job_for(reader, composed[have], month, entry))
    states = sendlog.read_job_states(log_path)
    waiting = tuple(
        job
        for job in (*briefs, *notices)
        if states.get(job.key) == sendlog.UNCERTAIN and not resend_uncertain
    )
    return SendPlan(
        tuple(job for job in briefs if job not in waiting),
        tuple(job for job in notices if job not in waiting),
        tuple(delivered),
        tuple(missing),
        waiting,
    )


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
