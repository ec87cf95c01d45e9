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
WORDS = {
    "ar": {
        "draft": DRAFT_PREFIX,
        "rest": "الجداول والمصادر في التقرير الكامل، وملف PDF مرفق بهذه الرسالة.",
        "read": "قراءة التقرير كاملًا",
        "unsubscribe": "إلغاء الاشتراك",
        "quote_open": "«",
        "quote_close": "»",
        "online": "التقرير كاملًا على الموقع:",
        "attached": "التقرير كاملًا بصيغة PDF مرفق بهذه الرسالة.",
    },
    "en": {
        "draft": "Draft: ",
        "rest": "The tables and sources are in the full report; its PDF is attached.",
        "read": "Read the full report",
        "unsubscribe": "Unsubscribe",
        "quote_open": "“",
        "quote_close": "”",
        "online": "The full report online:",
        "attached": "The full report is attached as a PDF.",
    },
}
"""The email's own words in each edition (the briefing's are the context's `labels`)."""
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


def web_edition(project: Project, month: str, edition: str = "ar") -> str | None:
    """The month's HTML on the outlet's site, laid out as `output/` is: MONTH/sitrep-MONTH.html
    under publication.yaml's base_url (else its website)."""
    from reportgen.briefing.social import absolute
    from reportgen.briefing.voices import edition_file

    return absolute(project, f"{month}/{edition_file(month, edition, 'html')}")


def subject(context: dict[str, Any], draft: bool) -> str:
    """The Subject: line: the report line and the headline on one line, however the editor
    broke the headline in report.yaml (a header is one line; the email library folds it)."""
    headline = Markup(context["title"]["headline"]).striptags()
    line = one_line(f"{context['title']['report_line']}: {headline}")
    return f"{WORDS[_lang(context)]['draft']}{line}" if draft else line


def _lang(context: dict[str, Any]) -> str:
    return "en" if context["document"]["lang"] == "en" else "ar"


@dataclass(frozen=True)
class EmailEdition:
    """One edition of the month as the email carries it: its text and HTML parts, the images the
    HTML shows, and the PDF to attach."""

    lang: str
    subject: str
    text: str
    html: str
    images: tuple[Image, ...]
    pdf: Path


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


def email_edition(
    project: Project,
    month: str,
    context: dict[str, Any],
    charts: list[Chart],
    pdf: Path,
    templates: Path = TEMPLATE_DIR,
) -> EmailEdition:
    lang = _lang(context)
    m = project.months[month]
    images = _images(m, charts, month, _domain(project), lang)
    link = web_edition(project, month, lang)
    body = render_email_html(project, context, images, link, templates)
    draft = m.report.status != "published"
    text = plain_text(context, link)
    return EmailEdition(lang, subject(context, draft), text, body, tuple(images.values()), pdf)


def compose(project: Project, editions: list[EmailEdition]) -> EmailMessage:
    """One message carrying `editions` (one, or both for a reader of both): their texts and
    HTML one after the other, each edition's images, and each edition's PDF attached."""
    first = editions[0]
    message = EmailMessage(policy=SMTP)
    _headers(message, project, first.subject)
    message.set_content(EDITION_SEPARATOR.join(e.text for e in editions))
    message.add_alternative(_joined_html([e.html for e in editions]), subtype="html")
    html_part = message.get_payload()[1]
    for image in (image for e in editions for image in e.images):
        html_part.add_related(
            image.data,
            maintype="image",
            subtype=image.subtype,
            cid=f"<{image.cid}>",
            filename=image.filename,
            disposition="inline",
        )
    for edition in editions:
        message.add_attachment(
            edition.pdf.read_bytes(),
            maintype="application",
            subtype="pdf",
            filename=edition.pdf.name,
        )
    # after the parts: making multiparts moves Content-*
    message["Content-Language"] = ", ".join(e.lang for e in editions)
    return message


EDITION_SEPARATOR = "\n\n— — —\n\n"
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


def _joined_html(pages: list[str]) -> str:
    """The first page with the other pages' bodies after its own (each edition's tables carry
    their own direction and language)."""
    first, *others = pages
    extra = "".join(found.group(1) for page in others if (found := _BODY.search(page)))
    head, end, tail = first.rpartition("</body>")
    return f"{head}{extra}{end}{tail}" if end else first + extra


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


def _headers(message: EmailMessage, project: Project, subject_line: str) -> None:
    mail = project.publication.mail
    sender = mail.sender if mail else project.publication.contact or ""
    name, address = parseaddr(sender)
    if "@" not in address:  # a contact line that is not an address: the .eml is for proofing
        name, address = one_line(project.publication.publisher), "reportgen@localhost"
    message["Subject"] = _Subject(subject_line)
    message["From"] = Address(display_name=name, addr_spec=address) if name else address
    message["Date"] = formatdate(localtime=False)
    if mail and mail.unsubscribe:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe}>"


def _domain(project: Project) -> str:
    mail = project.publication.mail
    address = parseaddr(mail.sender)[1] if mail else ""
    return address.rpartition("@")[2] or "reportgen.invalid"


def _images(
    m: Month, charts: list[Chart], month: str, domain: str, lang: str = "ar"
) -> dict[str, Image]:
    """The HTML's images by key, with Content-IDs unique across editions."""
    tag = "" if lang == "ar" else f".{lang}"
    images = {
        chart.id: Image(f"{chart.id}{tag}.{month}@{domain}", chart.png, "png", f"{chart.id}.png")
        for chart in charts
        if chart.png
    }
    cover = m.report.cover
    if cover is not None and cover.image is not None:
        path = m.folder / cover.image
        subtype = _image_subtype(path)
        cid = f"cover{tag}.{month}@{domain}"
        images["cover"] = Image(cid, path.read_bytes(), subtype, f"cover.{subtype}")
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
        **context, cids=cids, web_edition=link, unsubscribe=unsubscribe, mail=WORDS[_lang(context)]
    )
    inlined = css_inline.inline(without_evidence_links(page))
    problems = forbidden_content(inlined)
    if problems:
        message = _("the email HTML contains {problems}; fix templates/email/")
        raise MailError(message.format(problems=_(", ").join(_(name) for name in problems)))
    return inlined


def plain_text(context: dict[str, Any], link: str | None) -> str:
    """The text part: the headline, key events and figures, and where to read the rest. In
    Arabic every line starts with a right-to-left mark, so a line that opens with a digit or a
    Latin name still reads right to left."""
    lang = _lang(context)
    words, labels = WORDS[lang], context["labels"]
    title = context["title"]
    lines = [one_line(title["report_line"]), one_line(_text(title["headline"]))]
    for item in context.get("corrections", ()):
        lines.append(f"{item['label']} ({item['date']}): {_text(item['note'])}")
    lines += ["", labels["key_events"], ""]
    highlights = context["highlights"]
    lines += [f"• {_text(item)}" for item in [*highlights["generated"], *highlights["editor"]]]
    lines += ["", labels["key_figures"], ""]
    for figure in context["key_figures"]:
        note = f" ({_text(figure['note'])})" if figure["note"] else ""
        lines.append(f"• {figure['label']}: {figure['value']}{note}")
    lines.append("")
    if link:
        lines += [words["online"], ltr_plain(link) if lang == "ar" else link]
    lines.append(words["attached"])
    publication = context["publication"]
    lines += ["", "—", publication["publisher"]]
    mark = RLM if lang == "ar" else ""
    text = "\n".join(lines).splitlines()  # an editor's text may hold line breaks of its own
    return "\n".join(f"{mark}{line}" if line.strip() else "" for line in text) + "\n"


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


@dataclass(frozen=True)
class MonthMail:
    """A month's email, one edition per edition the month was built in."""

    month: str
    editions: dict[str, EmailEdition]

    def message(self, project: Project, wanted: tuple[str, ...]) -> EmailMessage | None:
        """The message for a reader of `wanted` editions: those of them the month has, in one
        message; None when it has none of them."""
        chosen = [self.editions[e] for e in wanted if e in self.editions]
        return compose(project, chosen) if chosen else None


def write_email(
    loaded: Loaded, month: str, output: Path, templates: Path = TEMPLATE_DIR
) -> tuple[MonthMail, list[Path]]:
    """Build `month` when its files are out of date (through the publishing gate), then write
    each edition's message: OUTPUT/MONTH/sitrep-MONTH.eml, and sitrep-MONTH.en.eml with the
    English edition."""
    from reportgen.briefing.voices import edition_file
    from reportgen.publish.build import briefing_context, build_month, chart_cache

    build_month(loaded, month, output, templates)
    editions: dict[str, EmailEdition] = {}
    written = []
    for lang in loaded.project.publication.editions:
        context, charts = briefing_context(
            loaded, month, chart_cache=chart_cache(output), edition=lang
        )
        pdf = output / month / edition_file(month, lang, "pdf")
        edition = email_edition(loaded.project, month, context, charts, pdf, templates)
        editions[lang] = edition
        message = compose(loaded.project, [edition])
        written.append(
            write_atomic(output / month / edition_file(month, lang, "eml"), message.as_bytes())
        )
    return MonthMail(month, editions), written
