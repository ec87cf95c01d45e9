"""Delivery that tells the truth: one bad reader never stops the others, a server that refuses
everyone is not a success, a lost reply is never a second copy, and a damaged send log never
stops a send. Against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from reportgen.input.records import Reader, Smtp
from reportgen.publish.delivery import password, plan, send
from reportgen.publish.mail import MailError
from tests.conftest import republish
from tests.publish import test_mail
from tests.publish.test_mail import (
    MONTH,
    READERS,
    SUBJECT,
    Inbox,
    _eml,
    _free_port,
    _fresh_log,
    _readers_yaml,
    _run,
)

pytestmark = pytest.mark.inputs("small")
"""These tests are about builds, not about the example's pages: the small project builds faster."""

port, inbox, project = test_mail.port, test_mail.inbox, test_mail.project
"""The mail tests' fixtures: the built example with readers, and a server on 127.0.0.1."""


def _note() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "brief@example.org"
    message["Subject"] = "اختبار"
    message.set_content("نص\n.سطر يبدأ بنقطة\n")
    return message


def _smtp(number: int) -> Smtp:
    return Smtp("127.0.0.1", number, security="none", rate=60000)


def _statuses(log: Path) -> list[tuple[str, str]]:
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines() if line]
    return [(e["address"], e["status"]) for e in entries]


def _received(handler: Inbox) -> list[str]:
    return [rcpt[0] for rcpt, _ in handler.received]


# --- one bad reader ---------------------------------------------------------------------------

BAD_READERS = """\
readers:
  - address: amal@example.org
  - address: ben@example.net
    name: "Ben\\r\\nBcc: everyone@example.com"
  - address: "أمل@example.org"
  - address: chiara@
  - address: dalia@example.org
    name: "Dalia\\u2028Hall"
  - address: emre@example.net
    name: "Emre \\"the desk\\", Istanbul"
"""


def test_bad_readers_are_located_by_check(project: Path):
    readers = project / "inputs" / "readers.yaml"
    readers.write_text(BAD_READERS, encoding="utf-8")
    try:
        result = _run(project, "check")
    finally:
        readers.write_text(_readers_yaml(), encoding="utf-8")
    assert result.exit_code == 2
    shown = str(readers)
    assert [line for line in result.output.splitlines() if "readers.yaml" in line] == [
        f"{shown}:4:11: readers[1].name: a name is one line: remove the line break",
        f"{shown}:5:14: readers[2].address: expected an email address such as "
        "name@example.org, found 'أمل@example.org'; it has non-ASCII characters before the @: "
        "reportgen sends without SMTPUTF8, which many mail servers lack; ask the reader for an "
        "ASCII address",
        f"{shown}:6:14: readers[3].address: expected an email address such as "
        "name@example.org, found 'chiara@'; no domain after the @",
        f"{shown}:8:11: readers[4].name: a name is one line: remove the line break",
    ]


def test_one_bad_reader_is_skipped_and_the_others_get_it_on_every_run(project: Path, inbox):
    handler, _port = inbox
    _fresh_log(project)
    readers = project / "inputs" / "readers.yaml"
    readers.write_text(BAD_READERS, encoding="utf-8")
    try:
        first = _run(project, "mail", MONTH, "--send")
        again = _run(project, "mail", MONTH, "--send")
    finally:
        readers.write_text(_readers_yaml(), encoding="utf-8")
    assert first.exit_code == 2, first.output
    assert "Traceback" not in first.output
    good = ["amal@example.org", "emre@example.net"]
    assert _received(handler) == good
    assert f"{readers}:5:14: readers[2].address: expected an email address" in first.output
    assert "2 sent; 4 skipped for problems in readers.yaml; log:" in first.output
    assert "4 problems in readers.yaml: fix them and run again to reach those readers" in (
        first.output
    )
    [to_emre] = [m for m in handler.messages() if m["To"].addresses[0].username == "emre"]
    assert to_emre["To"].addresses[0].display_name == 'Emre "the desk", Istanbul'
    assert again.exit_code == 2 and _received(handler) == good
    assert "none sent; 4 skipped for problems in readers.yaml, 2 already had it" in again.output


def test_the_sender_applies_the_same_rules_to_readers_it_is_given(tmp_path: Path, inbox):
    """A reader that reaches the sender without `check` (a library caller, a rule that changes)
    is logged as skipped, and the send goes on."""
    handler, port = inbox
    readers = (
        Reader("amal@example.org"),
        Reader("ben@example.net", name="Ben\r\nBcc: x@example.com"),
        Reader("أمل@example.org"),
        Reader("chiara@example.com"),
    )
    log = tmp_path / "log.jsonl"
    outcome = send(_note(), MONTH, readers, _smtp(port), log, sleep=lambda _: None)
    assert [job.reader.address for job in outcome.sent] == [
        "amal@example.org",
        "chiara@example.com",
    ]
    assert [job.reader.address for job in outcome.skipped] == ["ben@example.net", "أمل@example.org"]
    assert _received(handler) == ["amal@example.org", "chiara@example.com"]
    assert ("ben@example.net", "skipped") in _statuses(log)
    assert not outcome.complete


# --- what the server says ---------------------------------------------------------------------


def test_every_reader_refused_is_a_failure_that_says_none_was_sent(project: Path, inbox):
    handler, _port = inbox
    log = _fresh_log(project)

    async def handle_RCPT(server, session, envelope, address, options):
        return "451 4.3.0 try again later"

    handler.handle_RCPT = handle_RCPT
    result = _run(project, "mail", MONTH, "--send")
    assert result.exit_code == 1, result.output
    assert handler.received == []
    assert f"Error: none sent; 5 refused by the server (a later run tries again); log: {log}" in (
        result.output
    )
    assert {status for _, status in _statuses(log)} == {"refused"}


def test_some_refused_is_a_failure_too(tmp_path: Path, inbox):
    handler, port = inbox

    async def handle_DATA(server, session, envelope):
        return "554 5.7.1 rejected" if "ben@example.net" in envelope.rcpt_tos else "250 OK"

    handler.handle_DATA = handle_DATA
    readers = tuple(Reader(a) for a, _ in READERS[:3])
    outcome = send(_note(), MONTH, readers, _smtp(port), tmp_path / "log", sleep=lambda _: None)
    assert [job.reader.address for job in outcome.refused] == ["ben@example.net"]
    assert len(outcome.sent) == 2 and not outcome.complete


class StoreThenDrop(Inbox):
    """Stores the message of `drop` and closes the connection instead of answering 250: the
    sender cannot know the server has it."""

    def __init__(self, drop: str) -> None:
        super().__init__()
        self.drop = drop

    async def handle_DATA(self, server, session, envelope) -> str:
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        if envelope.rcpt_tos == [self.drop]:
            self.drop = ""
            server.transport.abort()
        return "250 OK"


def test_a_lost_reply_after_the_server_stored_the_message_is_not_sent_again(tmp_path: Path):
    from aiosmtpd.controller import Controller

    handler = StoreThenDrop("ben@example.net")
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        readers = tuple(Reader(a) for a, _ in READERS[:3])
        smtp, log = _smtp(controller.port), tmp_path / "log.jsonl"
        first = send(_note(), MONTH, readers, smtp, log, sleep=lambda _: None)
        again = send(_note(), MONTH, readers, smtp, log, sleep=lambda _: None)
        assert plan(readers, log).uncertain == (readers[1],)
        resent = send(_note(), MONTH, readers, smtp, log, resend_uncertain=True)
    finally:
        controller.stop()
    assert [job.reader.address for job in first.sent] == ["amal@example.org", "chiara@example.com"]
    assert [job.reader.address for job in first.uncertain] == ["ben@example.net"]
    assert again.sent == [] and again.uncertain == []
    assert [job.reader.address for job in resent.sent] == ["ben@example.net"]
    assert _received(handler) == [
        "amal@example.org",
        "ben@example.net",
        "chiara@example.com",
        "ben@example.net",
    ]
    statuses = _statuses(log)
    assert statuses[2:4] == [("ben@example.net", "sending"), ("ben@example.net", "uncertain")]


class DropBeforeTheEnd(Inbox):
    """Closes the connection at the RCPT of `drop`, once: the message was never complete."""

    def __init__(self, drop: str) -> None:
        super().__init__()
        self.drop = drop

    async def handle_RCPT(self, server, session, envelope, address, options) -> str:
        if address == self.drop:
            self.drop = ""
            server.transport.abort()
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_connection_lost_before_the_message_was_complete_is_resent_at_once(tmp_path: Path):
    from aiosmtpd.controller import Controller

    handler = DropBeforeTheEnd("ben@example.net")
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        readers = tuple(Reader(a) for a, _ in READERS[:3])
        log = tmp_path / "log.jsonl"
        outcome = send(_note(), MONTH, readers, _smtp(controller.port), log, sleep=lambda _: None)
    finally:
        controller.stop()
    assert outcome.complete and [job.reader for job in outcome.sent] == list(readers)
    assert _received(handler) == [a for a, _ in READERS[:3]]
    body = handler.messages()[0].get_body(("plain",)).get_content()
    assert ".سطر يبدأ بنقطة" in body.splitlines()  # a leading dot survives the DATA escaping


# --- the send log -----------------------------------------------------------------------------


def test_a_damaged_log_is_read_around_with_its_line_numbers(project: Path, inbox, caplog):
    handler, _port = inbox
    log = _fresh_log(project)
    log.write_bytes(
        b'{"address": "amal@example.org", "status": "delivered", "detail": "250 \xff ok"}\n'
        b"\xff\xfe not json at all\n"
        b'["ben@example.net", "delivered"]\n'
        b'{"address": "chiara@example.com", "status": "shipped"}\n'
        b'{"address": "dal\xffia@example.org", "status": "delivered"}\n'
    )
    result = _run(project, "mail", MONTH, "--send")
    assert result.exit_code == 0, result.output
    assert sorted(_received(handler)) == sorted(a for a, _ in READERS[1:])
    for line in (2, 3, 4, 5):
        assert f"{log}:{line}: not an entry of the send log (damaged?); ignored" in result.output
    assert f"{log}:1:" not in result.output


@pytest.mark.parametrize("kind", ["fifo", "directory", "symlink"])
def test_a_log_that_is_not_a_file_is_refused_without_waiting(tmp_path: Path, inbox, kind: str):
    handler, port = inbox
    log = tmp_path / "log.jsonl"
    if kind == "fifo":
        os.mkfifo(log)
    elif kind == "directory":
        log.mkdir()
    else:
        (tmp_path / "elsewhere.jsonl").write_text("")
        log.symlink_to(tmp_path / "elsewhere.jsonl")
    with pytest.raises(MailError, match="send log"):
        send(_note(), MONTH, (Reader("amal@example.org"),), _smtp(port), log)
    assert handler.received == []
    if kind == "symlink":
        assert (tmp_path / "elsewhere.jsonl").read_text() == ""


# --- the password variable --------------------------------------------------------------------


@pytest.mark.parametrize("name", ["HOME", "AWS_SECRET_ACCESS_KEY", "reportgen_x", "REPORTGEN_"])
def test_the_password_is_read_only_from_a_reportgen_variable(name: str):
    smtp = Smtp("smtp.example.org", user="brief@example.org", password_env=name)
    with pytest.raises(MailError, match="starting with REPORTGEN_"):
        password(smtp, {name: "secret"})
    allowed = Smtp("smtp.example.org", user="brief", password_env="REPORTGEN_SMTP_PASSWORD")
    assert password(allowed, {"REPORTGEN_SMTP_PASSWORD": "secret"}) == "secret"


# --- last: it rebuilds the month ------------------------------------------------------------


def _first_item(text: str, key: str, item: str) -> str:
    """`text` with `item` first in the list under `key`, indented as that list is."""
    indent = re.search(rf"^{key}:\n( *)- ", text, re.M).group(1)
    return text.replace(f"{key}:\n", f"{key}:\n{indent}- {item}\n", 1)


def test_a_headline_over_two_lines_and_scary_text_in_highlights_still_mail(project: Path):
    """A `|` block headline is one Subject line; "data:", "javascript:" and "<script" written
    as text are text, escaped in the HTML, and never stop `mail`."""
    report = project / "inputs" / MONTH / "report.yaml"
    original = report.read_text("utf-8")
    first, rest = SUBJECT.split(": ", 1)[1].split(" ", 1)
    changed = original.replace(f"title: {first} {rest}\n", f"title: |\n  {first}\n  {rest}\n", 1)
    scary = "'data: javascript:alert(1) <script>x</script> @font-face url(x)'"
    changed = _first_item(
        _first_item(changed, "highlights", scary), "highlights_en", "'data: javascript:'"
    )
    assert changed.count("title: |") == 1 and "data: javascript" in changed
    record = project / "inputs" / MONTH / "published.yaml"
    recorded = record.read_bytes()
    report.write_text(changed, encoding="utf-8")
    try:
        republish(project / "inputs")
        result = _run(project, "mail", MONTH)
        message = _eml(project)
    finally:
        report.write_text(original, encoding="utf-8")
        record.write_bytes(recorded)
    assert result.exit_code == 0, result.output
    assert message["Subject"] == SUBJECT
    raw = (project / "output" / MONTH / f"sitrep-{MONTH}.eml").read_bytes()
    header = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")
    assert all(line.startswith(" ") for line in header.split("Subject: ", 1)[1].split("\r\n")[1:3])
    html = message.get_body(("html",)).get_content()
    assert '&lt;<span dir="ltr">script</span>&gt;' in html
    assert "<script" not in html
    text = message.get_body(("plain",)).get_content()
    assert "data: javascript:alert(1) <script>x</script>" in text.replace("\u2066", "").replace(
        "\u2069", ""
    )


def test_a_log_that_cannot_be_written_stops_the_send_and_says_so(
    tmp_path: Path, inbox, monkeypatch
):
    from reportgen.publish import sendlog

    handler, port = inbox
    calls = []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 3:  # the second reader's "sending"
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(sendlog.os, "fsync", full_disk)
    readers = tuple(Reader(a) for a, _ in READERS[:3])
    log = tmp_path / "log.jsonl"
    with pytest.raises(MailError, match=r"cannot write the send log .*log\.jsonl: .*No space"):
        send(_note(), MONTH, readers, _smtp(port), log, sleep=lambda _: None)
    assert _received(handler) == ["amal@example.org"]  # the second message was never finished
