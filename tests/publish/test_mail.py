"""The email edition and its delivery, against a real SMTP server (aiosmtpd) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import email
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from email import policy
from email.message import EmailMessage
from pathlib import Path
from textwrap import dedent

import html5lib
import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from reportgen.briefing.render import TEMPLATE_DIR
from reportgen.cli import main
from reportgen.errors import InputError
from reportgen.input.loader import load_project
from reportgen.publish.mail import MailError, forbidden_content, render_email_html
from tests.conftest import (
    EXAMPLE_INPUTS,
    FIXTURES,
    ROOT,
    built_once,
    copy_inputs,
    run_cache,
    unpublish,
)

pytestmark = pytest.mark.inputs("small")
"""These tests are about builds, not about the example's pages: the small project builds faster."""

READERS = [
    ("amal@example.org", "أمل حسن"),
    ("ben@example.net", "Ben Hall"),
    ("chiara@example.com", None),
    ("dalia@example.org", "داليا"),
    ("emre@example.net", None),
]
MONTH = "2023-11"
XHTML = "{http://www.w3.org/1999/xhtml}"
SUBJECT = (
    "تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023: قائد قوات سوريا الديمقراطية يقول إن "
    "داعش يستفيد من التوترات بين الولايات المتحدة والميليشيات المدعومة من إيران"
)


class Inbox:
    """An aiosmtpd handler that keeps every accepted message. With `hold_at` set, the message of
    that number is held unanswered (the sender waits on DATA) until `release()`, then refused."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.hold_at: int | None = None
        self.holding = threading.Event()
        self._gate: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold_at is not None and len(self.received) + 1 == self.hold_at:
            self._loop = asyncio.get_running_loop()
            self._gate = asyncio.Event()
            self.holding.set()
            await self._gate.wait()
            return "421 closing"
        self.received.append((list(envelope.rcpt_tos), envelope.original_content))
        return "250 OK"

    def release(self) -> None:
        self.hold_at = None
        if self._loop is not None and self._gate is not None:
            self._loop.call_soon_threadsafe(self._gate.set)

    def messages(self) -> list[EmailMessage]:
        return [email.message_from_bytes(raw, policy=policy.default) for _, raw in self.received]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def port() -> int:
    """One port for the module's SMTP servers: publication.yaml then keeps the same settings from
    test to test, and the month is not rebuilt for each."""
    return _free_port()


@pytest.fixture
def inbox(port: int):
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        handler.release()
        controller.stop()


def _readers_yaml(readers=READERS) -> str:
    lines = ["readers:"]
    for address, name in readers:
        lines.append(f"  - address: {address}")
        if name:
            lines.append(f"    name: {name}")
    return "\n".join(lines) + "\n"


def _mail_settings(port: int, extra: str = "") -> str:
    return dedent(
        f"""\
        mail:
          from: مرصد شمال وشرق سوريا <brief@example.org>
          unsubscribe: mailto:unsubscribe@example.org
          smtp:
            host: 127.0.0.1
            port: {port}
            security: none
            rate: 60000
        {extra}"""
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, port: int) -> Path:
    """The small project (every kind of record of the example, a few of each) with readers and
    mail settings (port set per test), built once and with its .eml written; the folder holds
    inputs/ and output/."""
    built = built_once(tmp_path_factory, FIXTURES / "small")
    root = copy_inputs(tmp_path_factory.mktemp("mail"), FIXTURES / "small").parent
    shutil.copytree(built, root / "output" / built.name)
    (root / "inputs" / "readers.yaml").write_text(_readers_yaml(), encoding="utf-8")
    _set_port(root, port)
    result = _run(root, "mail", MONTH)
    assert result.exit_code == 0, result.output
    return root


def _publication_without_mail() -> str:
    """The example's publication.yaml up to its `mail:` settings, which the tests replace."""
    return (EXAMPLE_INPUTS / "publication.yaml").read_text("utf-8").split("\nmail:\n")[0] + "\n"


def _set_port(root: Path, port: int) -> None:
    (root / "inputs" / "publication.yaml").write_text(
        _publication_without_mail() + _mail_settings(port), encoding="utf-8"
    )


def _run(root: Path, *args: str):
    arguments = [*args, "--inputs", str(root / "inputs"), "--output", str(root / "output")]
    return CliRunner().invoke(main, arguments)


def _eml(root: Path) -> EmailMessage:
    raw = (root / "output" / MONTH / f"sitrep-{MONTH}.eml").read_bytes()
    return email.message_from_bytes(raw, policy=policy.default)


def _fresh_log(root: Path) -> Path:
    log = root / "output" / MONTH / "mail-log.jsonl"
    log.unlink(missing_ok=True)
    return log


# --- the message ------------------------------------------------------------------------------


def test_eml_is_multipart_alternative_with_related_images_and_the_pdf(project: Path):
    message = _eml(project)
    assert message.get_content_type() == "multipart/mixed"
    alternative, attachment = message.iter_parts()
    assert alternative.get_content_type() == "multipart/alternative"
    plain, related = alternative.iter_parts()
    assert plain.get_content_type() == "text/plain"
    assert related.get_content_type() == "multipart/related"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"sitrep-{MONTH}.pdf"
    pdf = attachment.get_content()
    assert (
        pdf.startswith(b"%PDF")
        and pdf == (project / "output" / MONTH / attachment.get_filename()).read_bytes()
    )


def test_every_cid_in_the_html_resolves_to_an_image_part(project: Path):
    message = _eml(project)
    html = message.get_body(("html",)).get_content()
    parts = {
        part["Content-ID"].strip("<>"): part
        for part in message.walk()
        if part["Content-ID"] is not None
    }
    cids = re.findall(r'src="cid:([^"]+)"', html)
    assert len(cids) == 7  # the map, five charts and the cover
    for cid in cids:
        assert parts[cid].get_content_maintype() == "image"
        assert parts[cid].get_content()[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0")


def test_the_map_has_its_title_above_and_its_credit_below(project: Path):
    """The map's image draws no title (the page gives it as a caption): the email says it."""
    tree = html5lib.parse(_eml(project).get_body(("html",)).get_content())
    paragraphs = list(tree.iter(f"{XHTML}p"))
    sources = [[img.get("src") for img in p.iter(f"{XHTML}img")] for p in paragraphs]
    [image] = [i for i, found in enumerate(sources) if found and found[0].startswith("cid:map.")]
    title, credit = ("".join(paragraphs[i].itertext()) for i in (image - 1, image + 1))
    assert title == "الهجمات والمداهمات حسب الموقع، تشرين الثاني (نوفمبر) 2023"
    assert credit.startswith("الحدود الإدارية: مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية")
    assert "CC\u00a0BY\u00a04.0" in credit


def test_headers(project: Path):
    message = _eml(project)
    assert message["Subject"] == SUBJECT
    assert message["Content-Language"] == "ar"
    assert message["List-Unsubscribe"] == "<mailto:unsubscribe@example.org>"
    assert message["From"].addresses[0].addr_spec == "brief@example.org"
    assert message["From"].addresses[0].display_name == "مرصد شمال وشرق سوريا"
    assert message["To"] is None and message["Cc"] is None and message["Bcc"] is None


def test_plain_text_has_the_key_events_figures_and_link(project: Path):
    text = _eml(project).get_body(("plain",)).get_content()
    lines = text.splitlines()
    assert lines[0] == "\u200fتقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023"
    assert (
        "\u200f• تم تأكيد 3 هجمات لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر "
        "تشرين الثاني (نوفمبر)، وهو أقل من الشهر الماضي تشرين الأول (أكتوبر) الذي سُجّل "
        "فيه 17 هجوماً."
    ) in lines
    assert "\u200f• المعتقلون: 3" in lines
    assert "\u200f• فرضت وزارة الخزانة الأمريكية عقوبات على شركة \u2066Binance\u2069 بسبب " in text
    assert "\u200f\u2066https://www.example.org/sitrep/2023-11/sitrep-2023-11.html\u2069" in lines
    assert "<" not in text and "&" not in text


def test_email_html_is_laid_out_for_mail_clients(project: Path):
    page = _eml(project).get_body(("html",)).get_content()
    assert forbidden_content(page) == []
    assert not re.search(r"data:|<script|@font-face|<style|<link|url\(", page, re.I)
    tree = html5lib.parse(page)
    outer = tree.find(f".//{XHTML}table")
    assert outer.get("dir") == "rtl" and outer.get("lang") == "ar"
    widths = [int(w) for w in re.findall(r'\bwidth="(\d+)"', page)]
    assert widths and max(widths) <= 640
    assert "max-width: 640px" in page
    cells = tree.findall(f".//{XHTML}td")
    assert all("font-family: Tahoma" in (td.get("style") or "") for td in cells)
    assert "قراءة التقرير كاملًا" in page and 'href="mailto:unsubscribe@example.org"' in page


def test_email_figures_are_the_briefing_figures(project: Path):
    page = _eml(project).get_body(("html",)).get_content()
    briefing = (project / "output" / MONTH / f"sitrep-{MONTH}.html").read_text("utf-8")
    tree = html5lib.parse(briefing)
    for figure in tree.findall(f".//{XHTML}dl/{XHTML}div"):
        label = figure.find(f"{XHTML}dt").text
        value = figure.find(f".//{XHTML}span").text
        assert re.search(rf"<th[^>]*>{re.escape(label)}</th><td[^>]*>{re.escape(value)}", page)


@pytest.mark.parametrize(
    ("snippet", "found"),
    [
        ('<img src="data:image/png;base64,AAAA">', "a data: URI (mail clients drop them)"),
        ("<script>alert(1)</script>", "a script"),
        ("<style>@font-face { src: local(x) }</style>", "a web font"),
        ('<img src="https://tracker.example/p.gif">', "an external fetch"),
        ('<td style="background: url(https://x.example/b.png)">', "an external fetch"),
        ('<link rel="stylesheet" href="https://x.example/s.css">', "an external fetch"),
    ],
)
def test_forbidden_content_is_named(snippet: str, found: str):
    assert forbidden_content(f"<p>ok</p>{snippet}") == [found]


def test_plain_links_and_cid_images_are_allowed():
    page = '<a href="https://www.example.org/">x</a><img src="cid:chart.2023-11@example.org">'
    assert forbidden_content(page) == []


def test_a_template_that_embeds_a_data_uri_fails_the_build(tmp_path: Path):
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATE_DIR, templates)
    brief = templates / "email" / "brief.html.j2"
    brief.write_text(
        brief.read_text("utf-8").replace("{{ cids.cover }}", "{{ cover.uri }}"), "utf-8"
    )
    from reportgen.publish.build import briefing_context, load

    loaded = load(EXAMPLE_INPUTS)
    context, _ = briefing_context(loaded, MONTH, chart_cache=run_cache() / "charts")
    images = {"cover": type("I", (), {"cid": "cover@x"})()}
    with pytest.raises(MailError, match="contains a data: URI"):
        render_email_html(loaded.project, context, images, None, templates)


# --- delivery ---------------------------------------------------------------------------------


def test_send_delivers_one_message_per_reader_then_nothing_again(project: Path, inbox):
    handler, _port = inbox
    log = _fresh_log(project)
    result = _run(project, "mail", MONTH, "--send")
    assert result.exit_code == 0, result.output
    assert sorted(rcpt for rcpt, _ in handler.received) == sorted([a] for a, _ in READERS)
    for message, (rcpt, _) in zip(handler.messages(), handler.received, strict=True):
        assert [a.addr_spec for a in message["To"].addresses] == rcpt
        assert message["Cc"] is None and message["Bcc"] is None
        assert message["Subject"] == SUBJECT
        assert message.get_body(("html",)).get_content().count("cid:") == 7
        assert [p.get_filename() for p in message.iter_attachments()] == [f"sitrep-{MONTH}.pdf"]
    ids = {m["Message-ID"] for m in handler.messages()}
    assert len(ids) == len(READERS)
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [e["status"] for e in entries] == ["sending", "delivered"] * len(READERS)

    again = _run(project, "mail", MONTH, "--send")
    assert again.exit_code == 0, again.output
    assert len(handler.received) == len(READERS)


def test_dry_run_lists_who_would_receive_what(project: Path):
    log = _fresh_log(project)
    log.write_text('{"address": "ben@example.net", "status": "delivered"}\n', "utf-8")
    result = _run(project, "mail", MONTH)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "would send to “أمل حسن” <amal@example.org> (Arabic)" in lines
    assert "would send to <chiara@example.com> (Arabic)" in lines
    assert not any("ben@example.net" in line for line in lines if line.startswith("would"))
    assert f"1 reader already has it ({log})" in lines
    assert lines[-1] == "dry run: nothing was sent; add --send to send"


def test_a_send_killed_while_the_server_answers_leaves_that_reader_uncertain(project: Path, inbox):
    """Killed after the third message was complete and before the server's reply: the server
    may have it, so a rerun sends to everyone else, says so and exits 1; --resend-uncertain
    sends it again (at most once unless asked, docs/data-format.md#mail)."""
    handler, _port = inbox
    log = _fresh_log(project)
    handler.hold_at = 3
    command = [sys.executable, "-m", "reportgen.cli", "mail", MONTH, "--send"]
    command += ["--inputs", str(project / "inputs"), "--output", str(project / "output")]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sender = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert handler.holding.wait(timeout=600), "the sender never reached the third reader"
    finally:
        sender.send_signal(signal.SIGKILL)
        sender.communicate()
    handler.release()
    first = [rcpt[0] for rcpt, _ in handler.received]
    assert first == [READERS[0][0], READERS[1][0]]
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert [(e["address"], e["status"]) for e in entries][-1] == (READERS[2][0], "sending")

    result = _run(project, "mail", MONTH, "--send")
    assert result.exit_code == 1, result.output
    received = [rcpt[0] for rcpt, _ in handler.received]
    assert received == [address for address, _ in READERS if address != READERS[2][0]]
    assert "Error: 2 sent; 1 uncertain: the connection was lost after the message was sent" in (
        result.output
    )

    again = _run(project, "mail", MONTH, "--send", "--resend-uncertain")
    assert again.exit_code == 0, again.output
    everyone = sorted(rcpt[0] for rcpt, _ in handler.received)
    assert everyone == sorted(address for address, _ in READERS)
    assert _run(project, "mail", MONTH, "--send").exit_code == 0
    assert len(handler.received) == len(READERS)


def test_a_torn_log_line_is_ignored_and_the_next_entry_starts_a_new_line(project: Path, inbox):
    handler, _port = inbox
    log = _fresh_log(project)
    log.write_text('{"address": "amal@example.org", "status": "delivered"}\n{"addr', "utf-8")
    result = _run(project, "mail", MONTH, "--send")
    assert result.exit_code == 0, result.output
    assert sorted(rcpt[0] for rcpt, _ in handler.received) == sorted(a for a, _ in READERS[1:])
    lines = log.read_text("utf-8").splitlines()
    assert lines[1] == '{"addr' and all(json.loads(line) for line in lines[2:])
    assert f"{log}:2: not an entry of the send log (damaged?); ignored" in result.output


def test_a_draft_is_written_for_proofing_but_never_sent(tmp_path: Path, inbox):
    handler, port = inbox
    copy_inputs(tmp_path, FIXTURES / "small")
    (tmp_path / "inputs" / "readers.yaml").write_text(_readers_yaml(), encoding="utf-8")
    _set_port(tmp_path, port)
    report = tmp_path / "inputs" / MONTH / "report.yaml"
    unpublish(tmp_path / "inputs", MONTH)
    result = _run(tmp_path, "mail", MONTH, "--send")
    assert result.exit_code == 2
    assert (
        f"{report}:3:1: status: 2023-11 is a draft: only a published month is sent to readers "
        "(set status: published once every figure is checked)"
    ) in result.output
    assert handler.received == []
    assert not (tmp_path / "output" / MONTH / "mail-log.jsonl").exists()
    proof = _run(tmp_path, "mail", MONTH)
    assert proof.exit_code == 0, proof.output
    assert _eml(tmp_path)["Subject"] == f"مسودة: {SUBJECT}"


def test_a_user_without_the_password_variable_is_told_which_to_set(
    project: Path, port: int, monkeypatch
):
    publication = project / "inputs" / "publication.yaml"
    publication.write_text(
        publication.read_text("utf-8") + "    user: brief@example.org\n", encoding="utf-8"
    )
    monkeypatch.delenv("REPORTGEN_SMTP_PASSWORD", raising=False)
    try:
        result = _run(project, "mail", MONTH, "--send")
    finally:
        _set_port(project, port)
    assert result.exit_code == 1
    assert (
        "Error: set the SMTP password in the environment variable REPORTGEN_SMTP_PASSWORD "
        "(mail.smtp.password_env in publication.yaml) before sending"
    ) in result.output


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_tls_and_login_with_the_password_from_the_environment(
    project: Path, port: int, security: str, monkeypatch: pytest.MonkeyPatch
):
    import ssl

    import trustme
    from aiosmtpd.smtp import AuthResult

    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(server_context)
    client_context = ssl.create_default_context()
    authority.configure_trust(client_context)
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: client_context)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"s3cret pass")

    if security == "starttls":
        tls = {"tls_context": server_context, "require_starttls": True}
    else:  # aiosmtpd only knows a session is encrypted when STARTTLS made it so
        tls = {"ssl_context": server_context, "auth_require_tls": False}
    handler = Inbox()
    tls_port = _free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=tls_port,
        authenticator=authenticator,
        auth_required=True,
        **tls,
    )
    controller.start()
    settings = _mail_settings(tls_port).replace("security: none", f"security: {security}")
    settings += "    user: brief@example.org\n    password_env: REPORTGEN_BRIEF_SECRET\n"
    (project / "inputs" / "publication.yaml").write_text(
        _publication_without_mail() + settings, encoding="utf-8"
    )
    monkeypatch.setenv("REPORTGEN_BRIEF_SECRET", "s3cret pass")
    _fresh_log(project)
    try:
        result = _run(project, "mail", MONTH, "--send")
    finally:
        controller.stop()
        _set_port(project, port)
    assert result.exit_code == 0, result.output
    assert logins == [(b"brief@example.org", b"s3cret pass")]
    assert sorted(rcpt[0] for rcpt, _ in handler.received) == sorted(a for a, _ in READERS)


def test_an_unreachable_server_is_reported_not_raised(project: Path, port: int):
    closed = _free_port()
    _set_port(project, closed)
    _fresh_log(project)
    try:
        result = _run(project, "mail", MONTH, "--send")
    finally:
        _set_port(project, port)
    assert result.exit_code == 1
    assert f"Error: mail server 127.0.0.1:{closed}: [Errno 111] Connection refused" in result.output


# --- input checks ------------------------------------------------------------------------------


def _errors(inputs: Path) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    return [str(p) for p in caught.value.problems]


@pytest.mark.inputs("valid")
def test_readers_load_with_their_editions(inputs: Path):
    (inputs / "readers.yaml").write_text(
        "readers:\n  - address: amal@example.org\n    name: أمل\n"
        "  - address: ben@example.net\n    edition: en\n",
        encoding="utf-8",
    )
    project, _ = load_project(inputs)
    assert [(r.address, r.name, r.edition) for r in project.readers] == [
        ("amal@example.org", "أمل", "ar"),
        ("ben@example.net", None, "en"),
    ]


@pytest.mark.inputs("valid")
def test_bad_and_repeated_addresses_are_located(inputs: Path):
    (inputs / "readers.yaml").write_text(
        dedent(
            """\
            readers:
              - address: amal@example.org
              - address: amal at example.org
              - address: ben@example
              - address: Amal@Example.org
              - name: بلا عنوان
            """
        ),
        encoding="utf-8",
    )
    assert _errors(inputs) == [
        "inputs/readers.yaml:3:14: readers[1].address: expected an email address such as "
        "name@example.org, found 'amal at example.org'; it has a space, a line break or a "
        "control character in it",
        "inputs/readers.yaml:4:14: readers[2].address: expected an email address such as "
        "name@example.org, found 'ben@example'; the domain needs a dot, as in example.org",
        "inputs/readers.yaml:5:14: readers[3].address: Amal@Example.org is already listed on "
        "line 2; list each reader once",
        "inputs/readers.yaml:6:5: readers[4]: missing required field 'address'",
    ]


@pytest.mark.inputs("valid")
def test_unencrypted_smtp_is_only_for_this_machine(inputs: Path):
    publication = inputs / "publication.yaml"
    publication.write_text(
        publication.read_text("utf-8")
        + "mail:\n  from: brief@example.org\n  smtp:\n    host: smtp.example.org\n"
        "    security: none\n",
        encoding="utf-8",
    )
    [problem] = _errors(inputs)
    assert problem.startswith("inputs/publication.yaml:")
    assert problem.endswith(
        "mail.smtp.security: security: none sends the password and the brief unencrypted; "
        "use starttls or tls, or none only with host: localhost"
    )


@pytest.mark.inputs("valid")
@pytest.mark.parametrize(
    ("sender", "reason"),
    [("brief at example.org", "it has no @"), ("a, b@example.org", "it has no @")],
)
def test_the_sender_must_be_an_address(inputs: Path, sender: str, reason: str):
    publication = inputs / "publication.yaml"
    publication.write_text(
        publication.read_text("utf-8") + f"mail:\n  from: '{sender}'\n", encoding="utf-8"
    )
    [problem] = _errors(inputs)
    assert problem.endswith(
        f"mail.from: expected an address, or a name and <address>, found '{sender}'; {reason}"
    )


def _note() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "brief@example.org"
    message["Subject"] = "اختبار"
    message.set_content("نص\n")
    return message


def test_messages_are_spaced_by_the_rate(tmp_path: Path, inbox):
    from reportgen.input.records import Reader, Smtp
    from reportgen.publish.delivery import send

    handler, port = inbox
    pauses: list[float] = []
    readers = tuple(Reader(address) for address, _ in READERS[:3])
    smtp = Smtp("127.0.0.1", port, security="none", rate=20)
    sent = send(_note(), MONTH, readers, smtp, tmp_path / "log.jsonl", sleep=pauses.append)
    assert [job.reader for job in sent.sent] == list(readers)
    assert pauses == [3.0, 3.0]
    assert len(handler.received) == 3


def test_a_refused_reader_is_logged_and_tried_again_next_time(tmp_path: Path, inbox):
    from reportgen.input.records import Reader, Smtp
    from reportgen.publish.delivery import read_log, send

    handler, port = inbox
    refuse = {"ben@example.net"}

    async def handle_RCPT(server, session, envelope, address, options):
        if address in refuse:
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    handler.handle_RCPT = handle_RCPT
    readers = tuple(Reader(address) for address, _ in READERS[:3])
    smtp = Smtp("127.0.0.1", port, security="none", rate=6000)
    log = tmp_path / "log.jsonl"
    first = send(_note(), MONTH, readers, smtp, log, sleep=lambda _: None)
    assert [job.reader.address for job in first.sent] == ["amal@example.org", "chiara@example.com"]
    assert [job.reader.address for job in first.refused] == ["ben@example.net"]
    entries = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    entries = [e for e in entries if e["status"] != "sending"]
    assert [(e["address"], e["status"]) for e in entries] == [
        ("amal@example.org", "delivered"),
        ("ben@example.net", "refused"),
        ("chiara@example.com", "delivered"),
    ]
    assert read_log(log) == {"amal@example.org", "chiara@example.com"}
    refuse.clear()
    second = send(_note(), MONTH, readers, smtp, log, sleep=lambda _: None)
    assert [job.reader.address for job in second.sent] == ["ben@example.net"]
    assert sorted(rcpt[0] for rcpt, _ in handler.received) == sorted(r.address for r in readers)


def test_a_second_send_of_the_same_month_waits_for_none(tmp_path: Path, inbox):
    import fcntl

    from reportgen.input.records import Reader, Smtp
    from reportgen.publish.delivery import send

    handler, port = inbox
    log = tmp_path / "log.jsonl"
    smtp = Smtp("127.0.0.1", port, security="none", rate=6000)
    with log.open("a") as running:
        fcntl.flock(running.fileno(), fcntl.LOCK_EX)
        with pytest.raises(MailError, match=r"another send of this month is running \("):
            send(_note(), MONTH, (Reader("amal@example.org"),), smtp, log)
    assert handler.received == []
