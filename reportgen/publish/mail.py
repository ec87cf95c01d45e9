"""The email edition: one MIME message made from the same context as the briefing.

`multipart/mixed` holds a `multipart/alternative` (plain text, then an HTML part inside a
`multipart/related` with the charts and cover as `cid:` PNG/JPEG parts) and the PDF attached. The
HTML is laid out in tables with inline styles (css-inline), so mail clients that strip `<style>`,
`data:` images and web fonts still show it; nothing in it fetches anything or needs JavaScript.
"""

from __future__ import annotations

import hashlib
import html
import re
from copy import deepcopy
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, Policy
from email.utils import formatdate, parseaddr
from pathlib import Path
from typing import TYPE_CHECKING, Any

import css_inline
from markupsafe import Markup

from reportgen.briefing.arabic import ltr_plain
from reportgen.briefing.render import TEMPLATE_DIR, make_environment, without_evidence_links
from reportgen.files import write_atomic
from reportgen.i18n import _
from reportgen.input.records import Month, Project, Reader
from reportgen.publish.emailhtml import forbidden_content

if TYPE_CHECKING:
    from reportgen.briefing.charts import Chart
    from reportgen.publish.build import Loaded

RLM = "\u200f"
DRAFT_PREFIX = "مسودة: "
_LTR_SPAN = re.compile(r'<span dir="ltr">(.*?)</span>', re.S)
_TAG = re.compile(r"<[^>]+>")


class MailError(Exception):
    """The brief cannot be mailed as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Image:
    cid: str
    data: bytes
    subtype: str
    filename: str


def web_edition(project: Project, month: str) -> str | None:
    """The month's HTML on the outlet's site, laid out as `output/` is: MONTH/sitrep-MONTH.html."""
    website = project.publication.website
    return f"{website.rstrip('/')}/{month}/sitrep-{month}.html" if website else None


def subject(context: dict[str, Any], draft: bool) -> str:
    """The Subject: line: the report line and the headline on one line, however the editor
    broke the headline in report.yaml (a header is one line; the email library folds it)."""
    headline = Markup(context["title"]["headline"]).striptags()
    line = one_line(f"{context['title']['report_line']}: {headline}")
    return f"{DRAFT_PREFIX}{line}" if draft else line


class _Subject(str):
    """A Subject: the email library writes itself as RFC 2047 encoded words with the spaces
    inside them. Its own folding (Python 3.11) can leave a space between two encoded words, where
    RFC 2047 says it is to be ignored, so a long Arabic subject lost a space in mail clients."""

    name = "Subject"

    def fold(self, *, policy: Policy) -> str:
        if self.isascii():
            return policy.fold(self.name, str(self))
        encoded = Header(str(self), "utf-8", header_name=self.name)
        return f"{self.name}: {encoded.encode(linesep=policy.linesep)}{policy.linesep}"


def one_line(text: str) -> str:
    """`text` with every run of white space, line breaks included (U+2028 too), as one space."""
    return " ".join(text.split())


def build_message(
    project: Project,
    month: str,
    context: dict[str, Any],
    charts: list[Chart],
    pdf: Path,
    templates: Path = TEMPLATE_DIR,
) -> EmailMessage:
    """The month's email edition, without recipients (`for_reader` addresses a copy)."""
    m = project.months[month]
    domain = _domain(project)
    images = _images(m, charts, month, domain)
    link = web_edition(project, month)
    body = render_email_html(project, context, images, link, templates)
    message = EmailMessage(policy=SMTP)
    _headers(message, project, context, draft=m.report.status != "published")
    message.set_content(plain_text(context, link))
    message.add_alternative(body, subtype="html")
    html_part = message.get_payload()[1]
    for image in images.values():
        html_part.add_related(
            image.data,
            maintype="image",
            subtype=image.subtype,
            cid=f"<{image.cid}>",
            filename=image.filename,
            disposition="inline",
        )
    message.add_attachment(
        pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name
    )
    message["Content-Language"] = "ar"  # after the parts: making multiparts moves Content-*
    return message


def for_reader(message: EmailMessage, reader: Reader, month: str) -> EmailMessage:
    """A copy of `message` to `reader` alone, with a Message-ID fixed by month and address, so a
    server that sees the same message twice can tell."""
    copy = deepcopy(message)
    for header in ("To", "Message-ID", "Date"):
        del copy[header]
    copy["To"] = Address(display_name=reader.name or "", addr_spec=reader.address)
    copy["Date"] = formatdate(localtime=False)
    digest = hashlib.sha256(f"{month}\0{reader.address.lower()}".encode()).hexdigest()[:20]
    domain = parseaddr(str(message["From"]))[1].rpartition("@")[2] or "localhost"
    copy["Message-ID"] = f"<sitrep-{month}.{digest}@{domain}>"
    return copy


def _headers(message: EmailMessage, project: Project, context: dict[str, Any], draft: bool) -> None:
    mail = project.publication.mail
    sender = mail.sender if mail else project.publication.contact or ""
    name, address = parseaddr(sender)
    if "@" not in address:  # a contact line that is not an address: the .eml is for proofing
        name, address = one_line(project.publication.publisher), "reportgen@localhost"
    message["Subject"] = _Subject(subject(context, draft))
    message["From"] = Address(display_name=name, addr_spec=address) if name else address
    message["Date"] = formatdate(localtime=False)
    if mail and mail.unsubscribe:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe}>"


def _domain(project: Project) -> str:
    mail = project.publication.mail
    address = parseaddr(mail.sender)[1] if mail else ""
    return address.rpartition("@")[2] or "reportgen.invalid"


def _images(m: Month, charts: list[Chart], month: str, domain: str) -> dict[str, Image]:
    images = {
        chart.id: Image(f"{chart.id}.{month}@{domain}", chart.png, "png", f"{chart.id}.png")
        for chart in charts
        if chart.png
    }
    cover = m.report.cover
    if cover is not None and cover.image is not None:
        path = m.folder / cover.image
        subtype = _image_subtype(path)
        data = path.read_bytes()
        images["cover"] = Image(f"cover.{month}@{domain}", data, subtype, f"cover.{subtype}")
    return images


def _image_subtype(path: Path) -> str:
    from PIL import Image as PILImage

    with PILImage.open(path) as image:
        return (image.format or "png").lower()


def render_email_html(
    project: Project,
    context: dict[str, Any],
    images: dict[str, Image],
    link: str | None,
    templates: Path = TEMPLATE_DIR,
) -> str:
    """The HTML part: the email template, its CSS inlined, checked for what mail must not hold."""
    document = context["document"]
    env = make_environment(templates, document["digits"], document.get("dir", "rtl"))
    cids = {key: f"cid:{image.cid}" for key, image in images.items()}
    mail = project.publication.mail
    unsubscribe = mail.unsubscribe if mail else None
    page = env.get_template("email/brief.html.j2").render(
        **context, cids=cids, web_edition=link, unsubscribe=unsubscribe
    )
    inlined = css_inline.inline(without_evidence_links(page))
    problems = forbidden_content(inlined)
    if problems:
        message = _("the email HTML contains {problems}; fix templates/email/")
        raise MailError(message.format(problems=_(", ").join(_(name) for name in problems)))
    return inlined


def plain_text(context: dict[str, Any], link: str | None) -> str:
    """The text part: the headline, key events and figures, and where to read the rest. Every
    line starts with a right-to-left mark, so a line that opens with a digit or a Latin name
    still reads right to left."""
    title = context["title"]
    lines = [one_line(title["report_line"]), one_line(_text(title["headline"])), ""]
    lines += ["الأحداث الرئيسية", ""]
    highlights = context["highlights"]
    lines += [f"• {_text(item)}" for item in [*highlights["generated"], *highlights["editor"]]]
    lines += ["", "أرقام الشهر", ""]
    for figure in context["key_figures"]:
        note = f" ({_text(figure['note'])})" if figure["note"] else ""
        lines.append(f"• {figure['label']}: {figure['value']}{note}")
    lines.append("")
    if link:
        lines += ["التقرير كاملًا على الموقع:", ltr_plain(link)]
    lines.append("التقرير كاملًا بصيغة PDF مرفق بهذه الرسالة.")
    publication = context["publication"]
    lines += ["", "—", publication["publisher"]]
    text = "\n".join(lines).splitlines()  # an editor's text may hold line breaks of its own
    return "\n".join(f"{RLM}{line}" if line.strip() else "" for line in text) + "\n"


def _text(value: object) -> str:
    """Markup from the context as plain text, its left-to-right spans as Unicode isolates."""
    markup = str(value) if isinstance(value, Markup) else html.escape(str(value))
    isolated = _LTR_SPAN.sub(lambda m: ltr_plain(m.group(1)), markup)
    return html.unescape(_TAG.sub("", isolated))


def send_problem(project: Project, month: str) -> None:
    """Raise when `month` cannot be sent: a draft (an InputError at its status line), no mail
    server in publication.yaml, or no readers."""
    from reportgen.errors import InputError
    from reportgen.input.loader import display_path

    m = project.months[month]
    if m.report.status != "published":
        report = m.folder / "report.yaml"
        line = _status_line(report)
        message = _(
            "{month} is a draft: only a published month is sent to readers "
            "(set status: published once every figure is checked)"
        ).format(month=month)
        raise InputError.single(display_path(report), line, 1, "status", message)
    mail = project.publication.mail
    if mail is None or mail.smtp is None:
        raise MailError(
            _(
                "no mail server: add mail: with from: and smtp: (host, port, security, user) "
                "to publication.yaml (docs/data-format.md)"
            )
        )
    if not project.readers and not project.unsendable:  # the problems of those say the rest
        raise MailError(_("no readers: list them in inputs/readers.yaml (docs/data-format.md)"))


def _status_line(report: Path) -> int:
    for number, line in enumerate(report.read_text("utf-8").splitlines(), 1):
        if line.startswith("status:"):
            return number
    return 1


def write_email(
    loaded: Loaded, month: str, output: Path, templates: Path = TEMPLATE_DIR
) -> tuple[EmailMessage, Path]:
    """Build `month` when its files are out of date, then write OUTPUT/MONTH/sitrep-MONTH.eml."""
    from reportgen.publish.build import briefing_context, build_month

    build_month(loaded, month, output, templates)
    context, charts = briefing_context(loaded, month)
    pdf = output / month / f"sitrep-{month}.pdf"
    message = build_message(loaded.project, month, context, charts, pdf, templates)
    path = write_atomic(output / month / f"sitrep-{month}.eml", message.as_bytes())
    return message, path
