"""The correction notice: the short message a reader who had a month gets when it is corrected.

Its subject names the correction and the month; its body gives the day, the editor's note, what
changed (the key figures and the headline, before and after) and the corrected report's address.
A reader of `both` editions gets the Arabic notice, then the English one, in one message. Plain
text and a small HTML part, no attachment: the corrected PDF is on the site and in the archive.
"""

from __future__ import annotations

import hashlib
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formataddr, parseaddr
from typing import Any

from markupsafe import Markup, escape

from reportgen.briefing import arabic, english
from reportgen.input.records import Correction, Project, Reader
from reportgen.publish.corrections import FIGURE_LABELS, LABEL

RLM = "\u200f"
WORDS = {
    "ar": {
        "intro": "صُحّح {report} في {day}:",
        "changed": "ما تغيّر:",
        "instead": "{after} بدلاً من {before}",
        "headline": "العنوان",
        "none": "لا شيء",
        "link": "التقرير المصحّح:",
        "why": "تصلك هذه الرسالة لأنك تلقيت هذا التقرير.",
    },
    "en": {
        "intro": "{report} was corrected on {day}:",
        "changed": "What changed:",
        "instead": "{after} (previously {before})",
        "headline": "Headline",
        "none": "none",
        "link": "The corrected report:",
        "why": "You are receiving this because you received this report.",
    },
}


def changes(correction: Correction, edition: str, digits: str = "western") -> list[str]:
    """What the correction changed, one line each: every key figure and the headline."""
    words = WORDS["en" if edition == "en" else "ar"]
    lines = []
    for name, (before, after) in correction.figures.items():
        arabic_label, english_label = FIGURE_LABELS.get(name, (name, name))
        label = english_label if edition == "en" else arabic_label
        shown = words["instead"].format(
            after=_number(after, edition, digits), before=_number(before, edition, digits)
        )
        lines.append(f"{label}: {shown}")
    title = correction.title_en if edition == "en" else correction.title
    if title:
        quoted = ("“{}”", "«{}»")[edition != "en"]
        shown = words["instead"].format(
            after=quoted.format(title[1]), before=quoted.format(title[0])
        )
        lines.append(f"{words['headline']}: {shown}")
    return lines


def _number(value: int | None, edition: str, digits: str) -> str:
    if value is None:
        return WORDS["en" if edition == "en" else "ar"]["none"]
    return english.number(value) if edition == "en" else arabic.format_number(value, digits)


def notice_parts(
    project: Project, month: str, correction: Correction, edition: str, link: str | None
) -> tuple[str, str, str]:
    """The notice in `edition`: subject, plain text and the HTML body's content."""
    words = WORDS[edition]
    digits = project.publication.digits if edition == "ar" else "western"
    report, day = _report_and_day(project, month, correction, edition, digits)
    note = (correction.note_en or correction.note) if edition == "en" else correction.note
    changed = changes(correction, edition, digits)
    lines = [words["intro"].format(report=report, day=day), note]
    if changed:
        lines += ["", words["changed"], *[f"• {line}" for line in changed]]
    if link:
        lines += ["", words["link"], arabic.ltr_plain(link) if edition == "ar" else link]
    lines += ["", words["why"]]
    mark = RLM if edition == "ar" else ""
    text = "\n".join(f"{mark}{line}" if line else "" for line in lines) + "\n"
    subject = f"{LABEL[edition]}: {report}"
    return subject, text, _html(words, report, day, note, changed, link, edition)


def _report_and_day(
    project: Project, month: str, correction: Correction, edition: str, digits: str
) -> tuple[str, str]:
    publication = project.publication
    if edition == "en":
        name = publication.report_name_en or english.name(publication.report_name)
        day = f"{correction.date.day} {english.month_label(correction.date.strftime('%Y-%m'))}"
        return f"{name}, {english.month_label(month)}", day
    day = arabic.format_day_month(correction.date, digits)
    day += " " + arabic.to_digits(str(correction.date.year), digits)
    return f"{publication.report_name} لشهر {arabic.month_label(month, digits)}", day


def _html(
    words: dict[str, str],
    report: str,
    day: str,
    note: str,
    changed: list[str],
    link: str | None,
    edition: str,
) -> Markup:
    direction = "rtl" if edition == "ar" else "ltr"
    align = "right" if edition == "ar" else "left"
    style = f"font-family: Tahoma, 'Noto Sans Arabic', Arial, sans-serif; text-align: {align};"
    parts = [
        Markup('<div dir="{}" lang="{}" style="{}">').format(direction, edition, style),
        Markup("<p><strong>{}</strong></p>").format(words["intro"].format(report=report, day=day)),
        Markup("<p>{}</p>").format(note),
    ]
    if changed:
        items = Markup("").join(Markup("<li>{}</li>").format(line) for line in changed)
        parts.append(Markup("<p>{}</p><ul>{}</ul>").format(words["changed"], items))
    if link:
        parts.append(Markup('<p><a href="{}">{}</a></p>').format(link, words["link"].rstrip(":")))
    parts.append(
        Markup('<p style="color: #5b6670; font-size: 13px;">{}</p></div>').format(words["why"])
    )
    return Markup("").join(parts)


def notice_message(
    project: Project,
    month: str,
    correction: Correction,
    number: int,
    editions: tuple[str, ...],
    reader: Reader,
) -> EmailMessage:
    """Correction `number` of `month` to `reader`, in `editions` (those the month has of the
    reader's), with a Message-ID fixed by month, correction and address."""
    from reportgen.publish.mail import _headers, web_edition

    parts = [
        notice_parts(project, month, correction, e, web_edition(project, month, e))
        for e in editions
    ]
    message = EmailMessage(policy=SMTP)
    _headers(message, project, parts[0][0])
    message["To"] = formataddr((reader.name or "", reader.address))
    digest = hashlib.sha256(f"{month}\0{number}\0{reader.address.lower()}".encode()).hexdigest()
    domain = parseaddr(str(message["From"]))[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = f"<correction-{month}-{number}.{digest[:20]}@{domain}>"
    message.set_content("\n— — —\n\n".join(text for _s, text, _h in parts))
    page = _page(editions[0], [html for _s, _t, html in parts])
    message.add_alternative(page, subtype="html")
    message["Content-Language"] = ", ".join(editions)
    return message


def _page(lang: str, bodies: list[Any]) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    body = Markup("<hr>").join(bodies)
    return str(
        Markup(
            '<!DOCTYPE html>\n<html lang="{}" dir="{}"><head><meta charset="utf-8">'
            "<title>{}</title></head><body>{}</body></html>\n"
        ).format(lang, direction, escape(LABEL[lang]), body)
    )
