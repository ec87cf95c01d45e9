"""The preview's triage page (`/triage`): the month's records that carry review marks, with the
actions of `reportgen triage` (keep as attack, make it a raid, mark unconfirmed, drop with a
reason) and the confirmation of a casualty figure.

The page writes the editor's files, so every write is guarded: the server answers only to its
own host names (no DNS rebinding), a POST must come from the page's own origin (`Origin`) and
carry the session's secret token (a cross-site form cannot read it), and its body is small.
Everything from the YAML is escaped; the page has no script, and its Content-Security-Policy
allows none, nor framing.
"""

from __future__ import annotations

import hmac
import html
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from reportgen import i18n
from reportgen.editor.importers.decisions import class_proposal
from reportgen.editor.triage import confirm_casualty, triage
from reportgen.errors import InputError
from reportgen.i18n import N_, _
from reportgen.input.gazetteer import locate, places
from reportgen.input.loader import load_project
from reportgen.input.records import Attack, Month, Project, Raid
from reportgen.input.vocabulary import CASUALTY_CATEGORIES

MAX_BODY = 16_384
PAGE_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
ACTIONS = {
    "attack": N_("Keep as attack"),
    "raid": N_("Make it a raid"),
    "unconfirmed": N_("Mark unconfirmed"),
}
STATUS_WORDS = {"killed": "قتلى", "wounded": "جرحى"}
CLASS_NAMES = {
    "attack": N_("attack"),
    "raid": N_("raid"),
    "unconfirmed": N_("unconfirmed attack"),
}

_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans Arabic", "Noto Sans", sans-serif; margin: 1.5rem;
  max-width: 60rem; }}
.record {{ border: 1px solid #bbb; border-radius: 8px; padding: 0.8rem 1rem; margin: 1rem 0; }}
.record h2 {{ font-size: 1.1rem; margin: 0 0 0.4rem; }}
.notes {{ background: #f4f4f4; padding: 0.5rem; border-radius: 4px; }}
.review {{ color: #7a4b00; }}
.done {{ border: 2px solid #2e7d32; background: #edf7ee; padding: 0.6rem 1rem;
  border-radius: 6px; }}
.problems {{ border: 3px solid #b3261e; background: #fdecea; padding: 0.6rem 1rem;
  border-radius: 6px; }}
form {{ display: inline-block; margin: 0.3rem 0.5rem 0.3rem 0; }}
.where {{ font-family: "Noto Sans Mono", monospace; }}
</style>
</head>
<body>
<h1>{title}</h1>
<p><a href="/">{back}</a></p>
{message}
{records}
</body>
</html>
"""


@dataclass(frozen=True)
class Reply:
    status: int
    content: str
    location: str | None = None


class TriagePage:
    """The page and its write endpoint for one preview session."""

    def __init__(self, inputs: Path, month: str | None):
        self.inputs, self.month = inputs, month
        self.token = secrets.token_urlsafe(32)

    def month_key(self, project: Project) -> str:
        from reportgen.publish.build import resolve_month

        return resolve_month(project, self.month)

    def get(self, query: Mapping[str, list[str]]) -> Reply:
        try:
            project, _warnings = load_project(self.inputs)
            month = project.months[self.month_key(project)]
        except InputError as error:
            return Reply(200, self._page(_problems(error), ""))
        done = query.get("done", [""])[0]
        message = f'<p class="done" role="status">{html.escape(done)}</p>' if done else ""
        return Reply(200, self._page(message, self._records(project, month)))

    def post(self, body: bytes, origin: str | None, allowed_origins: set[str]) -> Reply:
        """Apply one action; anything not from this page's own form changes nothing."""
        if origin is None or origin not in allowed_origins:
            return Reply(403, "cross-site request refused\n")
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        given = form.get("token", [""])[0]
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return Reply(403, "missing or wrong token; reload the page\n")
        try:
            project, _warnings = load_project(self.inputs)
            month = self.month_key(project)
            done = self._apply(month, form)
        except InputError as error:
            return Reply(409, self._page(_problems(error), ""))
        except (KeyError, ValueError, IndexError):
            return Reply(400, "incomplete form\n")
        return Reply(303, "", "/triage?" + urlencode({"done": done}))

    def _apply(self, month: str, form: Mapping[str, list[str]]) -> str:
        record = form["record"][0]
        action = form["action"][0]
        if action == "casualty":
            count_text = form.get("count", [""])[0].strip()
            count = int(count_text) if count_text else None
            if count is not None and count < 0:
                raise ValueError(count)
            confirm_casualty(self.inputs, month, record, int(form["casualty"][0]), count)
            return _("{id}: casualty figure confirmed").format(id=record)
        reason = form.get("reason", [""])[0].strip() or None
        if action == "drop" and not reason:
            raise ValueError("reason")
        if action not in (*ACTIONS, "drop"):
            raise ValueError(action)
        outcome = triage(self.inputs, month, record, action, reason)
        words = {
            "attack": _("{id}: kept as an attack"),
            "raid": _("{id}: made a raid"),
            "unconfirmed": _("{id}: marked unconfirmed"),
            "drop": _("{id}: dropped"),
        }
        return words[action].format(id=outcome.record)

    def _page(self, message: str, records: str) -> str:
        return _PAGE.format(
            lang=i18n.current(),
            dir="rtl" if i18n.is_rtl() else "ltr",
            title=html.escape(_("Triage: imported records to review")),
            back=html.escape(_("Back to the briefing")),
            message=message,
            records=records,
        )

    def _records(self, project: Project, month: Month) -> str:
        decided = {d.source_id or d.id: d for d in month.decisions if d.decision != "casualty"}
        shown = []
        for event in (*month.attacks, *month.raids):
            casualties = [
                (index, c)
                for index, c in enumerate(month.casualties)
                if (c.raid if isinstance(event, Raid) else c.attack) == event.id
            ]
            if event.review is None and all(c.review is None for _i, c in casualties):
                continue
            decision = decided.get(event.source_id or event.id)
            shown.append(self._record(project, event, casualties, decision))
        if not shown:
            nothing = _("No record of this month carries a review mark.")
            return f"<p>{html.escape(nothing)}</p>"
        return "\n".join(shown)

    def _record(self, project: Project, event: Attack | Raid, casualties, decision) -> str:
        kind = _kind(event)
        esc = html.escape
        governorate = project.governorates[event.governorate]
        where = locate(event.location, event.lat, event.lon, governorate, places(project.places))
        coordinates = f"{where.lat:.4f}, {where.lon:.4f}"
        if where.approximate:
            coordinates += " (" + _("approximate: the governorate's centre") + ")"
        proposed = class_proposal(event.review) or _(CLASS_NAMES[kind])
        now = _("Now: {kind}").format(kind=_(CLASS_NAMES[kind]))
        proposal = _("Proposed: {proposal}").format(proposal=proposed)
        lines = [
            f'<article class="record" id="record-{esc(event.id)}" data-record="{esc(event.id)}">',
            f"<h2><bdi>{esc(event.id)}</bdi> · {esc(event.date.isoformat())}</h2>",
            "<p>"
            + esc(_("Place: {place}, {governorate}").format(
                place=event.location or "—", governorate=governorate.name_ar))
            + f' · <bdi dir="ltr" class="where">{esc(coordinates)}</bdi></p>',
            f"<p>{esc(now)} · {_arabic(proposal)}</p>",
        ]  # fmt: skip
        if decision is not None:
            said = _("Decided: {decision}").format(decision=decision.decision)
            lines.append(f"<p>{esc(said)}</p>")
        if event.description_en:
            lines.append(f'<p class="notes" dir="ltr" lang="en">{esc(event.description_en)}</p>')
        if event.review:
            lines.append(f'<p class="review" dir="rtl" lang="ar">{_arabic(event.review)}</p>')
        lines.append(self._actions(event.id))
        for index, casualty in casualties:
            lines.append(self._casualty(event.id, index, casualty))
        lines.append("</article>")
        return "\n".join(lines)

    def _hidden(self, record: str, action: str) -> str:
        esc = html.escape
        return (
            f'<input type="hidden" name="token" value="{esc(self.token)}">'
            f'<input type="hidden" name="record" value="{esc(record)}">'
            f'<input type="hidden" name="action" value="{esc(action)}">'
        )

    def _actions(self, record: str) -> str:
        forms = [
            f'<form method="post" action="/triage">{self._hidden(record, action)}'
            f'<button type="submit" name="do" value="{action}">{html.escape(_(label))}</button>'
            "</form>"
            for action, label in ACTIONS.items()
        ]
        reason, drop = html.escape(_("reason")), html.escape(_("Drop"))
        forms.append(
            f'<form method="post" action="/triage">{self._hidden(record, "drop")}'
            f'<input name="reason" required placeholder="{reason}" aria-label="{reason}">'
            f'<button type="submit" name="do" value="drop">{drop}</button>'
            "</form>"
        )
        return "<div>" + "".join(forms) + "</div>"

    def _casualty(self, record: str, index: int, casualty) -> str:
        esc = html.escape
        status = STATUS_WORDS[casualty.status] if i18n.is_rtl() else casualty.status
        category = CASUALTY_CATEGORIES[casualty.category] if i18n.is_rtl() else casualty.category
        figure = _("{count} {status} ({category})").format(
            count=casualty.count, status=status, category=category
        )
        line = f'<p class="casualty" data-casualty="{index}">{esc(figure)}'
        if casualty.review:
            line += f' · <bdi class="review" dir="rtl" lang="ar">{_arabic(casualty.review)}</bdi>'
        if not casualty.confirmed:
            label, confirm = esc(_("figure")), esc(_("Confirm the figure"))
            line += (
                f'<form method="post" action="/triage">{self._hidden(record, "casualty")}'
                f'<input type="hidden" name="casualty" value="{index}">'
                f'<input name="count" type="number" min="0" value="{casualty.count}" '
                f'aria-label="{label}">'
                f'<button type="submit">{confirm}</button></form>'
            )
        return line + "</p>"


_LATIN_RUN = re.compile(r"[A-Za-z0-9][^\u0600-\u06ff؛،]*")


def _arabic(text: str) -> str:
    """Arabic text, escaped, each Latin run (ACLED's actor names, ids, sources) isolated left to
    right whole, parentheses included when they open inside it."""
    out, start = [], 0
    for found in _LATIN_RUN.finditer(text):
        run = found.group().rstrip()
        while run.endswith(")") and run.count(")") > run.count("("):
            run = run[:-1].rstrip()
        end = found.start() + len(run)
        out.append(html.escape(text[start : found.start()]))
        out.append(f'<bdi dir="ltr">{html.escape(run)}</bdi>')
        start = end
    out.append(html.escape(text[start:]))
    return "".join(out)


def _kind(event: Attack | Raid) -> str:
    if isinstance(event, Raid):
        return "raid"
    return "attack" if event.confirmed else "unconfirmed"


def _problems(error: InputError) -> str:
    items = "".join(f"<li>{html.escape(str(p))}</li>" for p in error.problems)
    return f'<div class="problems" role="alert"><ul>{items}</ul></div>'
