"""The send log, `output/MONTH/mail-log.jsonl`: what the server has of a month's email, one JSON
line per step of each delivery (`delivery` says what the steps are and how a send resumes).

Entries are appended and fsync'd one by one, under a lock that keeps two sends of one month from
running at once. Reading tolerates damage: a line that is not UTF-8 JSON naming an address and a
known status is ignored with a warning that gives its line number, and a line whose only damage
is a stray byte outside the address still counts.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from reportgen.i18n import _
from reportgen.input.records import Reader
from reportgen.input.yamlsource import read_regular
from reportgen.publish.mail import MailError

log = logging.getLogger("reportgen")
LOG_NAME = "mail-log.jsonl"
DONE, RETRY, UNCERTAIN = "done", "retry", "uncertain"
_STATES = {
    "delivered": DONE,
    "refused": RETRY,
    "skipped": RETRY,
    "sending": UNCERTAIN,
    "uncertain": UNCERTAIN,
}


JobKey = tuple[str, str, int]
"""What one message of the log is: the reader's address (lower-cased), its kind (`brief`, or
`correction` for a correction notice) and the correction's number (0 for the brief)."""


def read_entries(path: Path) -> list[dict]:
    """Every readable entry of the log, in order, each with its `kind` (an entry from before
    entries had one is the brief's). Lines that cannot be read are warned about and ignored."""
    try:
        raw = read_regular(path)
    except FileNotFoundError:
        return []
    except OSError as error:
        message = _("cannot read the send log {path}: {error}")
        raise MailError(message.format(path=path, error=error)) from error
    entries = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if not line.strip():
            continue
        entry = _entry(line)
        if entry is None:
            message = _("{path}:{line}: not an entry of the send log (damaged?); ignored")
            log.warning(message.format(path=path, line=number))
            continue
        entries.append(entry)
    return entries


def job_key(entry: dict) -> JobKey:
    number = entry.get("correction") if entry.get("kind") == "correction" else 0
    return entry["address"].lower(), entry["kind"], number if isinstance(number, int) else 0


def read_job_states(path: Path) -> dict[JobKey, str]:
    """Each message's state in the log (DONE, RETRY or UNCERTAIN), from its last entry;
    `delivered` is final."""
    states: dict[JobKey, str] = {}
    for entry in read_entries(path):
        key = job_key(entry)
        if states.get(key) != DONE:
            states[key] = _STATES[entry["status"]]
    return states


def read_states(path: Path) -> dict[str, str]:
    """Each address's state for the month's brief (lower-cased address → DONE, RETRY or
    UNCERTAIN)."""
    return {key[0]: state for key, state in read_job_states(path).items() if key[1] == "brief"}


def delivered_entries(path: Path) -> list[dict]:
    """Every entry that records a message the server accepted."""
    return [entry for entry in read_entries(path) if entry["status"] == "delivered"]


def _entry(line: bytes) -> dict | None:
    """One log line's entry (address, status, kind, …), or None when the line is not one."""
    try:
        entry = json.loads(line.decode("utf-8", errors="replace"))
    except ValueError:
        return None
    if not isinstance(entry, dict):
        return None
    address, status = entry.get("address"), entry.get("status")
    if not isinstance(address, str) or "\ufffd" in address or status not in _STATES:
        return None
    kind = entry.get("kind", "brief")
    return {**entry, "kind": kind if kind in ("brief", "correction") else "brief"}


def read_log(path: Path) -> set[str]:
    """The addresses (lower-cased) the log records as having the month's brief."""
    return {address for address, state in read_states(path).items() if state == DONE}


@dataclass(frozen=True)
class Writer:
    """The locked log of one send, appended to entry by entry."""

    path: Path
    stream: IO[str]

    def append(
        self,
        reader: Reader,
        status: str,
        message_id: str,
        detail: str = "",
        about: Mapping[str, object] | None = None,
    ) -> None:
        """One entry, on disk (fsync'd) before this returns; `about` says which message it is
        (kind, edition, revision or correction)."""
        entry = {
            "address": reader.address,
            "status": status,
            **(about or {}),
            "message_id": message_id,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        if detail:
            entry["detail"] = detail
        try:
            self.stream.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self.stream.flush()
            os.fsync(self.stream.fileno())
        except OSError as error:  # a full disk: stop before anything goes out unrecorded
            message = _("cannot write the send log {path}: {error}; the send stopped here")
            raise MailError(message.format(path=self.path, error=error)) from error


@contextmanager
def locked(path: Path) -> Iterator[Writer]:
    """The log opened for appending, locked: only a regular file (a FIFO would block, a link
    would write elsewhere), created with its folder entry synced."""
    path.parent.mkdir(parents=True, exist_ok=True)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_NOFOLLOW | os.O_CLOEXEC
    existed = path.exists()
    try:
        fd = os.open(path, flags, 0o644)
    except OSError as error:
        message = _("cannot open the send log {path}: {error}")
        raise MailError(message.format(path=path, error=error)) from error
    with os.fdopen(fd, "a", encoding="utf-8") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise MailError(_("the send log {path} is not a regular file").format(path=path))
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            message = _("another send of this month is running ({path} is locked)")
            raise MailError(message.format(path=path)) from None
        if not existed:
            _sync_folder(path.parent)
        _ensure_line_start(path, stream)
        yield Writer(path, stream)


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _ensure_line_start(path: Path, stream: IO[str]) -> None:
    """After a line torn by a kill, start the next entry on a line of its own."""
    with path.open("rb") as existing:
        existing.seek(0, os.SEEK_END)
        if existing.tell() == 0:
            return
        existing.seek(-1, os.SEEK_END)
        if existing.read(1) != b"\n":
            stream.write("\n")
            stream.flush()
