"""Corrections of a published month, and each reader's edition: `reportgen correct`, the note in
the briefing and the archive, and the mail (briefs in each edition, one notice per correction),
against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from datetime import date
from email.message import EmailMessage
from pathlib import Path

import html5lib
import pypdfium2
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from reportgen.briefing import arabic
from reportgen.cli import main
from reportgen.input.records import Correction, Reader
from tests.conftest import FIXTURES, ROOT, built_once, copy_inputs, expected_in_pdf, normalise
from tests.publish.test_mail import Inbox, _free_port, _mail_settings, _publication_without_mail

pytestmark = pytest.mark.inputs("small")
"""These tests are about builds, not about the example's pages: the small project builds faster."""

MONTH = "2023-11"
NOTE = "عدد المعتقلين في مداهمة الشحيل 4 لا 3"
NOTE_EN = "4 people, not 3, were detained in the al-Shuhayl raid"
READERS = """\
readers:
  - address: amal@example.org
    name: أمل حسن
  - address: analyst@example.com
    edition: en
  - address: desk@example.net
    name: مكتب الأخبار
    edition: both
"""


def run(root: Path, *args: str):
    arguments = [*args, "--inputs", str(root / "inputs"), "--output", str(root / "output")]
    return CliRunner().invoke(main, arguments, catch_exceptions=False)


def arabic_day(day: date) -> str:
    return f"{arabic.format_day_month(day)} {day.year}"


def english_day(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def attachments(message: EmailMessage) -> list[str]:
    return [part.get_filename() for part in message.iter_attachments()]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        handler.release()
        controller.stop()


@pytest.fixture
def desk(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, inbox) -> Path:
    """The small project (every kind of record of the example, a few of each), built, with three
    readers (ar, en, both) and a local mail server."""
    built = built_once(tmp_path_factory, FIXTURES / "small")
    root = copy_inputs(tmp_path, FIXTURES / "small").parent
    shutil.copytree(built, root / "output" / built.name)
    (root / "inputs" / "readers.yaml").write_text(READERS, encoding="utf-8")
    settings = _publication_without_mail() + _mail_settings(inbox[1])
    (root / "inputs" / "publication.yaml").write_text(settings, encoding="utf-8")
    return root


def test_each_reader_gets_their_edition_and_a_correction_reaches_them_once(desk: Path, inbox):
    handler, _port = inbox
    output, folder = desk / "output", desk / "inputs" / MONTH

    sent = run(desk, "mail", MONTH, "--send")
    assert sent.exit_code == 0, sent.output
    received = zip(handler.received, handler.messages(), strict=True)
    got = {rcpt[0]: message for (rcpt, _), message in received}
    assert attachments(got["amal@example.org"]) == [f"sitrep-{MONTH}.pdf"]
    assert attachments(got["analyst@example.com"]) == [f"sitrep-{MONTH}.en.pdf"]
    assert attachments(got["desk@example.net"]) == [f"sitrep-{MONTH}.pdf", f"sitrep-{MONTH}.en.pdf"]
    english = got["analyst@example.com"]
    assert english["Content-Language"] == "en"
    assert english["Subject"].startswith("Sleeper Cell Report, November 2023: SDF commander")
    text = english.get_body(("plain",)).get_content()
    assert "ISIS sleeper cells carried out three confirmed attacks" in text and "\u200f" not in text
    assert 'dir="ltr" lang="en"' in english.get_body(("html",)).get_content()
    assert (
        next(english.iter_attachments()).get_content()
        == (output / MONTH / f"sitrep-{MONTH}.en.pdf").read_bytes()
    )
    both = got["desk@example.net"]
    assert both["Content-Language"] == "ar, en"
    both_text = both.get_body(("plain",)).get_content()
    assert "تم تأكيد 3 هجمات" in both_text and "three confirmed attacks" in both_text
    assert (output / MONTH / f"sitrep-{MONTH}.en.eml").exists()

    # A deleted file of the published month is refused, named; restored, it passes again.
    raids = folder / "raids.yaml"
    kept = raids.read_bytes()
    raids.unlink()
    refused = run(desk, "check")
    assert refused.exit_code == 2
    assert f"inputs/{MONTH}/raids.yaml:1:1: deleted since {MONTH} was published" in refused.output
    raids.write_bytes(kept)
    assert run(desk, "check").exit_code == 0

    # Edit a figure, record the correction: the rebuilt pages show it, the archive lists it.
    raids.write_text(kept.decode().replace("detained: 3", "detained: 4", 1), encoding="utf-8")
    corrected = run(desk, "correct", MONTH, "--note", NOTE, "--note-en", NOTE_EN)
    assert corrected.exit_code == 0, corrected.output
    today = date.today()
    html = (output / MONTH / f"sitrep-{MONTH}.html").read_text("utf-8")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    aside = tree.find(".//aside[@id='corrections']")
    assert " ".join("".join(aside.itertext()).split()) == f"تصحيح ({arabic_day(today)}): {NOTE}"
    assert aside.find(".//time").get("datetime") == today.isoformat()
    assert html.index('id="corrections"') < html.index('id="key-events"')
    first_page = pypdfium2.PdfDocument(output / MONTH / f"sitrep-{MONTH}.pdf")[0]
    page = normalise(first_page.get_textpage().get_text_range())
    assert expected_in_pdf(f"تصحيح ({arabic_day(today)}): {NOTE}") in page
    english_pdf = pypdfium2.PdfDocument(output / MONTH / f"sitrep-{MONTH}.en.pdf")[0]
    english_page = " ".join(english_pdf.get_textpage().get_text_range().split())
    assert f"Correction ({english_day(today)}): {NOTE_EN}" in english_page
    index = html5lib.parse((output / "index.html").read_text("utf-8"), namespaceHTMLElements=False)
    listed = index.find(f".//li[@id='month-{MONTH}']//aside")
    assert NOTE in "".join(listed.itertext()) and arabic_day(today) in "".join(listed.itertext())
    assert "figures" in (folder / "published.yaml").read_text("utf-8")
    assert run(desk, "check").exit_code == 0

    # A new reader; the send is killed after the brief and one notice, then resumed.
    readers = desk / "inputs" / "readers.yaml"
    readers.write_text(READERS + "  - address: newcomer@example.org\n", encoding="utf-8")
    before = len(handler.received)
    handler.hold_at = before + 3
    command = [sys.executable, "-m", "reportgen.cli", "mail", MONTH, "--send"]
    command += ["--inputs", str(desk / "inputs"), "--output", str(output)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sender = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert handler.holding.wait(timeout=600), "the sender never reached the third message"
    finally:
        sender.send_signal(signal.SIGKILL)
        sender.communicate()
    handler.release()
    assert len(handler.received) == before + 2
    # The message the kill left unanswered may be on the server: at most once, it waits for
    # --resend-uncertain (the server here had refused it), everything else carries on.
    resumed = run(desk, "mail", MONTH, "--send")
    assert resumed.exit_code == 1, resumed.output
    assert "1 uncertain" in resumed.output
    again = run(desk, "mail", MONTH, "--send", "--resend-uncertain")
    assert again.exit_code == 0, again.output
    notices = [line for line in resumed.output.splitlines() + again.output.splitlines()]
    assert sum(line.startswith("sent correction notice") for line in notices) == 2

    later = list(zip(handler.received[before:], handler.messages()[before:], strict=True))
    by_reader: dict[str, list[EmailMessage]] = {}
    for (rcpt, _raw), message in later:
        by_reader.setdefault(rcpt[0], []).append(message)
    assert sorted(by_reader) == sorted(
        ["amal@example.org", "analyst@example.com", "desk@example.net", "newcomer@example.org"]
    )
    for address in ("amal@example.org", "analyst@example.com", "desk@example.net"):
        (notice,) = by_reader[address]
        assert notice["Subject"].startswith(("تصحيح: ", "Correction: ")), address
        assert attachments(notice) == []
    (brief,) = by_reader["newcomer@example.org"]
    assert attachments(brief) == [f"sitrep-{MONTH}.pdf"]
    assert NOTE in brief.get_body(("plain",)).get_content()
    arabic_notice = by_reader["amal@example.org"][0].get_body(("plain",)).get_content()
    assert arabic_notice.splitlines()[:2] == [
        f"\u200fصُحّح تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023 في {arabic_day(today)}:",
        f"\u200f{NOTE}",
    ]
    assert "\u200f• المعتقلون: 4 بدلاً من 3" in arabic_notice.splitlines()
    english_notice = by_reader["analyst@example.com"][0].get_body(("plain",)).get_content()
    assert f"Sleeper Cell Report, November 2023 was corrected on {english_day(today)}:" in (
        english_notice
    )
    assert "• people detained: 4 (previously 3)" in english_notice.splitlines()
    both_notice = by_reader["desk@example.net"][0].get_body(("plain",)).get_content()
    assert NOTE in both_notice and NOTE_EN in both_notice

    log = output / MONTH / "mail-log.jsonl"
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    notices = [e for e in entries if e.get("kind") == "correction" and e["status"] == "delivered"]
    assert sorted((e["address"], e["correction"]) for e in notices) == [
        ("amal@example.org", 1),
        ("analyst@example.com", 1),
        ("desk@example.net", 1),
    ]
    again = run(desk, "mail", MONTH, "--send")
    assert again.exit_code == 0, again.output
    assert len(handler.received) == before + 4


def test_a_reader_is_told_of_an_edition_the_month_does_not_have(desk: Path):
    from reportgen.publish.build import load
    from reportgen.publish.mail import MonthMail
    from reportgen.publish.sendplan import month_plan

    loaded = load(desk / "inputs")
    arabic_only = MonthMail(MONTH, {"ar": _edition(loaded)})
    plan = month_plan(
        loaded.project, MONTH, arabic_only, loaded.project.readers, desk / "no-log.jsonl"
    )
    assert [(job.reader.address, job.entry["edition"]) for job in plan.briefs] == [
        ("amal@example.org", "ar"),
        ("desk@example.net", "ar"),
    ]
    assert [(r.address, lacking) for r, lacking in plan.missing] == [
        ("analyst@example.com", ("en",)),
        ("desk@example.net", ("en",)),
    ]
    from reportgen.climail import report_missing

    said: list[str] = []
    report_missing(plan, MONTH, said.append)
    assert said == [
        "not sent to <analyst@example.com>: 2023-11 has no English edition",
        "<desk@example.net> gets only what 2023-11 has: it has no English edition",
    ]


def _edition(loaded):
    from reportgen.publish.mail import EmailEdition

    pdf = ROOT / "docs" / "first-page.png"
    return EmailEdition("ar", "s", "t\n", "<html><body>b</body></html>", (), pdf)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["2023-10", "--note", NOTE], "2023-10 is a summary month"),
        (["2023-11", "--note", NOTE, "--note-en", NOTE_EN], "nothing in 2023-11 changed since"),
        (["2023-11", "--note", NOTE], "Invalid value for --note-en: this project publishes"),
        (["2023-11", "--note", "\u200f \u200b", "--note-en", "x"], "the note is empty"),
    ],
)
def test_a_correction_is_refused_without_a_change_or_a_note(project: Path, args, expected):
    record = (project / "inputs" / MONTH / "published.yaml").read_bytes()
    if "changed since" not in expected:
        raids = project / "inputs" / MONTH / "raids.yaml"
        raids.write_text(raids.read_text("utf-8").replace("detained: 3", "detained: 4", 1))
    result = CliRunner().invoke(main, ["correct", *args])
    assert result.exit_code == 2
    assert expected in result.output
    assert (project / "inputs" / MONTH / "published.yaml").read_bytes() == record
    assert not (project / "output").exists()


def test_a_draft_cannot_be_corrected(project: Path):
    assert CliRunner().invoke(main, ["new", "2023-12"]).exit_code == 0
    result = CliRunner().invoke(main, ["correct", "2023-12", "--note", NOTE])
    assert result.exit_code == 2
    assert (
        "inputs/2023-12/report.yaml:1:1: status: 2023-12 has not been published: there is "
        "nothing to correct (edit it, then `reportgen publish 2023-12`)"
    ) in result.output


def test_briefing_corrections_in_each_edition_and_digit_style():
    from reportgen.briefing.context import shown_corrections
    from reportgen.input.records import Freeze, Month, Report
    from tests.briefing.months import arabic, english

    correction = Correction(date(2023, 12, 12), "صُحّح عدد المعتقلين", "Detainees corrected")
    record = Freeze(MONTH, date(2023, 12, 5), "reportgen 0", {}, corrections=(correction,))
    month = Month(MONTH, Path("x"), Report(MONTH, "t"), freeze=record)
    assert shown_corrections(month, arabic(digits="arabic_indic")) == [
        {
            "label": "تصحيح",
            "date": "١٢ كانون الأول/ديسمبر ٢٠٢٣",
            "iso": "2023-12-12",
            "note": "صُحّح عدد المعتقلين",
        }
    ]
    assert shown_corrections(month, english())[0]["date"] == "12 December 2023"
    assert shown_corrections(month, english())[0]["note"] == "Detainees corrected"


def test_a_notice_says_what_changed_in_each_language():
    from reportgen.input.loader import load_project
    from reportgen.publish.notices import notice_parts
    from tests.conftest import EXAMPLE_INPUTS

    project, _warnings = load_project(EXAMPLE_INPUTS)
    correction = Correction(
        date(2023, 12, 12),
        NOTE,
        NOTE_EN,
        ("raids.yaml", "report.yaml"),
        {"detained": (17, 18), "attacks": (11, None)},
        ("عنوان قديم", "عنوان جديد"),
        ("Old", "New"),
    )
    link = "https://www.example.org/2023-11/sitrep-2023-11.html"
    subject, text, html = notice_parts(project, MONTH, correction, "ar", link)
    assert subject == "تصحيح: تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023"
    assert text.splitlines() == [
        "\u200fصُحّح تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023"
        " في 12 كانون الأول/ديسمبر 2023:",
        f"\u200f{NOTE}",
        "",
        "\u200fما تغيّر:",
        "\u200f• المعتقلون: 18 بدلاً من 17",
        "\u200f• الهجمات المؤكدة: لا شيء بدلاً من 11",
        "\u200f• العنوان: «عنوان جديد» بدلاً من «عنوان قديم»",
        "",
        "\u200fالتقرير المصحّح:",
        f"\u200f\u2066{link}\u2069",
        "",
        "\u200fتصلك هذه الرسالة لأنك تلقيت هذا التقرير.",
    ]
    assert 'dir="rtl" lang="ar"' in html and f'href="{link}"' in html
    subject, text, _html = notice_parts(project, MONTH, correction, "en", None)
    assert subject == "Correction: Sleeper Cell Report, November 2023"
    assert text.splitlines()[:7] == [
        "Sleeper Cell Report, November 2023 was corrected on 12 December 2023:",
        NOTE_EN,
        "",
        "What changed:",
        "• people detained: 18 (previously 17)",
        "• confirmed attacks: none (previously 11)",
        "• Headline: “New” (previously “Old”)",
    ]


def test_reader_editions_load_with_both(inputs: Path):
    from reportgen.input.loader import load_project

    (inputs / "readers.yaml").write_text(READERS, encoding="utf-8")
    project, _warnings = load_project(inputs)
    assert [r.editions for r in project.readers] == [("ar",), ("en",), ("ar", "en")]
    assert project.readers[2] == Reader("desk@example.net", "مكتب الأخبار", "both")
