"""Editors' decisions about imported records, and the shapes a record takes for each class.

A decision (inputs/MONTH/decisions.yaml, written by `reportgen triage` and the preview's triage
page) says what an imported record is: kept as an attack, made a raid, marked unconfirmed,
dropped with its reason; or that a casualty figure was confirmed. Imports read every month's
decisions: a dropped row never comes back, and a row decided into a class is imported in that
class (`shape`), without the proposal in its review mark.

Review marks an import writes are parts joined by «؛ » ("; " in English), in the language the
tool speaks; the class proposal is the part starting with `CLASS_NOTE` (in either language),
which a decision removes.
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from reportgen.i18n import N_, _, in_every_language
from reportgen.input.records import Decision, Project

CLASSES = ("attack", "raid", "unconfirmed")
DECISIONS = (*CLASSES, "drop")
CLASS_NOTE = N_("proposed class")
TRANSLATE_NOTE = N_("needs translation")
CLASS_WORDS = {
    "attack": N_("an attack"),
    "raid": N_("a raid"),
    "unconfirmed": N_("an attack not confirmed as ISIS's"),
}
CONVENTION_NOTE = N_("a coding convention of ACLED")
_PART_BREAK = re.compile(r"\s*[؛;]\s*")
EDITOR_VARIABLE = "REPORTGEN_EDITOR"

_COMMON = ("id", "date", "governorate", "location", "location_en", "lat", "lon")
_ATTACK = ("type", "target", "confirmed", "claimed")
_RAID = ("forces", "detained")
_TEXT = ("description", "description_en", "notable", "sources", "review", "source_id")


def review(parts: Iterable[str | None]) -> str | None:
    """The parts of a review mark joined as the tool's language joins them; None if none."""
    joined = _("; ").join(part for part in parts if part)
    return joined or None


def review_parts(text: str | None) -> list[str]:
    """The parts of a review mark, whichever language joined them."""
    return [part for part in _PART_BREAK.split(text or "") if part]


def starts_with(part: str, note: str) -> bool:
    """Whether `part` starts with `note` (a catalog message) in any language."""
    return part.startswith(in_every_language(note))


def without(text: Any, note: str) -> str | None:
    """A review mark without its parts starting with `note`; None when nothing else remains."""
    if not isinstance(text, str):
        return None if text in (None, False, True) else str(text)
    return review(part for part in review_parts(text) if not starts_with(part, note))


def without_class_note(text: Any) -> str | None:
    """A review mark without its class proposal; None when nothing else remains."""
    return without(text, CLASS_NOTE)


def class_proposal(text: str | None) -> str | None:
    """What the class proposal of a review mark says after its label, if it has one."""
    for part in review_parts(text):
        for label in in_every_language(CLASS_NOTE):
            if part.startswith(label):
                return part.removeprefix(label).lstrip(": ")
    return None


def shape(fields: Mapping[str, Any], kind: str) -> tuple[str, dict[str, Any]]:
    """The file and fields of an event record as `kind` (attack, raid or unconfirmed), from the
    fields of either an attack or a raid (what the other class lacks gets a default)."""
    values = {key: fields.get(key) for key in _COMMON}
    if kind == "raid":
        values |= {key: fields.get(key) for key in _RAID}
        file = "raids"
    else:
        values["type"] = fields.get("type") or "armed_attack"
        values["target"] = fields.get("target") or "military"
        values["confirmed"] = kind == "attack"
        values["claimed"] = fields.get("claimed") or None
        file = "attacks"
    values |= {key: fields.get(key) for key in _TEXT}
    if kind != "raid":
        values.pop("notable", None)
    return file, {key: value for key, value in values.items() if value is not None}


def honour(records: list, decisions: Mapping[str, Decision], summary: Any) -> list:
    """`records` (importers' `Incoming`) as the editors decided: a dropped record's rows left
    out (counted as skipped), a record decided into a class reshaped into it, its casualties
    linked to it there."""
    from dataclasses import replace

    from reportgen.i18n import _

    kept = []
    for record in records:
        decision = decisions.get(record.source_id)
        if decision is None or decision.decision not in DECISIONS:
            kept.append(record)
        elif decision.decision == "drop":
            if record.file != "casualties":
                summary.skipped[_("dropped by an editor (decisions.yaml)")] += 1
        elif record.file == "casualties":
            link = record.fields.get("attack") or record.fields.get("raid")
            key = "raid" if decision.decision == "raid" else "attack"
            fields = {k: v for k, v in record.fields.items() if k not in ("attack", "raid")}
            kept.append(replace(record, fields={**fields, key: link}))
        else:
            fields = {**record.fields, "review": without_class_note(record.fields.get("review"))}
            file, shaped = shape(fields, decision.decision)
            kept.append(replace(record, file=file, fields=shaped))
    return kept


def latest(project: Project) -> dict[str, Decision]:
    """Each record's latest class decision (attack, raid, unconfirmed or drop), by source id
    (or by `id:` for a record without one), from every month."""
    found: dict[str, Decision] = {}
    for month in project.months.values():
        for decision in month.decisions:
            if decision.decision == "casualty":
                continue
            key = decision.source_id or f"id:{month.key}/{decision.id}"
            if key not in found or found[key].at <= decision.at:
                found[key] = decision
    return found


def entry(
    decision: str,
    source_id: str | None,
    record_id: str | None,
    reason: str | None = None,
    count: int | None = None,
    by: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """One item of decisions.yaml."""
    when = (now or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {
        "source_id": source_id,
        "id": record_id,
        "decision": decision,
        "reason": " ".join(reason.split()) if reason else None,
        "count": count,
        "by": by if by is not None else editor_name(),
        "at": when,
    }
    return {key: value for key, value in values.items() if value not in (None, "")}


def editor_name() -> str | None:
    """Who is deciding: REPORTGEN_EDITOR, else the login name, when known."""
    name = os.environ.get(EDITOR_VARIABLE, "").strip()
    if name:
        return name
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):
        return None
