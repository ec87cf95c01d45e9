"""Triage of imported records: what `reportgen triage` and the preview's triage page do.

A decision rewrites the month's files as an editor would (ruamel.yaml round trip, comments and
anchors kept; `importers.yamledit`), moves the record's casualties with it, drops the class
proposal from its review mark, and records the decision in the month's decisions.yaml, which
later imports honour. Like an import, the result is validated with the loader and written all
or nothing (`importers.transaction`); a published month is refused.

An imported record that no editor has edited gets a new `import_hash`, so a later import keeps
updating it in its new class; one already edited stays the editor's. Confirming a casualty
figure makes that casualty the editor's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from reportgen.editor.importers import decisions as decided
from reportgen.editor.importers.transaction import commit
from reportgen.editor.importers.writer import edited, import_hash
from reportgen.editor.importers.yamledit import (
    YamlFile,
    plain,
    record,
    rename_key,
    update_in_place,
)
from reportgen.errors import InputError, Problem
from reportgen.i18n import _
from reportgen.input.loader import display_path, load_project
from reportgen.input.records import Project


@dataclass
class Outcome:
    """What a triage did, for the command line and the page."""

    record: str
    decision: str
    file: str
    casualties: int = 0
    written: list[Path] = field(default_factory=list)


def month_project(inputs: Path, month: str) -> Project:
    """The project, refusing a month that does not exist or is published."""
    project, _warnings = load_project(inputs)
    folder = inputs / month
    if month not in project.months:
        message = _("no such month folder (months: {months})")
        message = message.format(months=_(", ").join(sorted(project.months)) or _("none"))
        raise InputError.single(display_path(folder), 1, 1, "", message)
    if project.months[month].report.status == "published":
        message = _(
            "{month} is published: triage does not change a published month "
            "(set status: draft in its report.yaml to correct it)"
        ).format(month=month)
        raise InputError.single(display_path(folder / "report.yaml"), 1, 1, "status", message)
    return project


class _Month:
    """The month's event, casualty and decision files, loaded for editing."""

    def __init__(self, inputs: Path, month: str):
        folder = inputs / month
        self.inputs, self.month = inputs, month
        self.files = {
            name: YamlFile(folder / f"{name}.yaml", name)
            for name in ("attacks", "raids", "casualties", "decisions")
        }

    def find(self, record_id: str) -> tuple[YamlFile, CommentedMap]:
        found = [
            (self.files[name], item)
            for name in ("attacks", "raids")
            for item in self.files[name].items
            if isinstance(item, dict) and str(item.get("id")) == record_id
        ]
        if len(found) == 1:
            return found[0]
        where = display_path(self.inputs / self.month)
        if not found:
            message = _("no attack or raid with id {id} in {month}").format(
                id=repr(record_id), month=where
            )
        else:
            message = _(
                "{id} is both an attack and a raid in {month}; rename one of them first"
            ).format(id=repr(record_id), month=where)
        raise InputError.single(where, 1, 1, "", message)

    def casualties_of(self, noun: str, record_id: str, source_id: Any) -> list[CommentedMap]:
        return [
            item
            for item in self.files["casualties"].items
            if isinstance(item, dict)
            and (
                str(item.get(noun)) == record_id
                or (source_id is not None and item.get("source_id") == source_id)
            )
        ]

    def decide(self, entry: dict[str, Any]) -> None:
        """Record `entry` in decisions.yaml, replacing an earlier one for the same record."""
        file = self.files["decisions"]
        key = ("source_id", entry["source_id"]) if "source_id" in entry else ("id", entry["id"])
        same_kind = entry["decision"] == "casualty"
        for item in file.items:
            if (
                isinstance(item, dict)
                and item.get(key[0]) == key[1]
                and (item.get("decision") == "casualty") == same_kind
            ):
                update_in_place(item, entry)
                return
        file.put(record(entry))

    def write(self) -> list[Path]:
        texts = {
            file.path: file.text()
            for file in self.files.values()
            if file.text() != file.before or (not file.existed and file.items)
        }
        return commit(self.inputs, texts, [self.month])


def triage(
    inputs: Path,
    month: str,
    record_id: str,
    decision: str,
    reason: str | None = None,
    *,
    by: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Keep `record_id` as an attack, make it a raid, mark it unconfirmed, or drop it."""
    if decision not in decided.DECISIONS:
        raise ValueError(decision)
    month_project(inputs, month)
    files = _Month(inputs, month)
    file, item = files.find(record_id)
    source_id = item.get("source_id")
    noun = "raid" if file.name == "raids" else "attack"
    linked = files.casualties_of(noun, record_id, source_id)
    if decision == "drop":
        file.take(item)
        for casualty in linked:
            files.files["casualties"].take(casualty)
        target = file.name
    else:
        target = _reclassify(files, file, item, decision)
        new_noun = "raid" if decision == "raid" else "attack"
        for casualty in linked:
            _relink(casualty, noun, new_noun)
    entry = decided.entry(decision, source_id, record_id, reason, by=by, now=now)
    files.decide(entry)
    written = files.write()
    return Outcome(record_id, decision, target, len(linked), written)


def _reclassify(files: _Month, file: YamlFile, item: CommentedMap, kind: str) -> str:
    fields = {key: plain(value) for key, value in item.items()}
    fields["review"] = decided.without_class_note(item.get("review"))
    target, shaped = decided.shape(fields, kind)
    _rehash(item, shaped)
    if target == file.name:
        update_in_place(item, shaped)
    else:
        file.take(item)
        update_in_place(item, shaped)
        files.files[target].put(item)
    return target


def _rehash(item: CommentedMap, fields: dict[str, Any]) -> None:
    """An import's record nobody edited stays the import's (a fresh hash); an edited one
    keeps its stale hash, and so stays the editor's."""
    if "import_hash" not in item:
        return
    if edited(item):
        fields["import_hash"] = item["import_hash"]
    else:
        values = {k: v for k, v in fields.items() if k != "import_hash"}
        fields["import_hash"] = import_hash(values)


def _relink(casualty: CommentedMap, old: str, new: str) -> None:
    if old == new or old not in casualty:
        return
    hashed = "import_hash" in casualty and not edited(casualty)
    rename_key(casualty, old, new)
    if hashed:
        casualty["import_hash"] = import_hash(dict(casualty))


def confirm_casualty(
    inputs: Path,
    month: str,
    record_id: str,
    index: int,
    count: int | None = None,
    *,
    by: str | None = None,
    now: datetime | None = None,
) -> Outcome:
    """Confirm (or correct to `count`) the figure of the `index`-th casualty of casualties.yaml,
    which must belong to `record_id`: it is then counted, and it is the editor's."""
    month_project(inputs, month)
    files = _Month(inputs, month)
    _file, item = files.find(record_id)
    casualties = files.files["casualties"].items
    casualty = casualties[index] if 0 <= index < len(casualties) else None
    if not isinstance(casualty, dict) or record_id not in (
        str(casualty.get("attack")),
        str(casualty.get("raid")),
    ):
        where = display_path(files.files["casualties"].path)
        message = _("casualty {index} is not one of {id}'s; reload the page").format(
            index=index, id=repr(record_id)
        )
        raise InputError([Problem(where, 1, 1, "", message)])
    fields = {key: plain(value) for key, value in casualty.items()}
    fields.pop("confirmed", None)
    if count is not None:
        fields["count"] = count
    fields["review"] = _without_convention(casualty.get("review"))
    update_in_place(casualty, fields)
    source_id = item.get("source_id")
    entry = decided.entry(
        "casualty", source_id, record_id, count=int(casualty["count"]), by=by, now=now
    )
    files.decide(entry)
    return Outcome(record_id, "casualty", "casualties", 1, files.write())


def _without_convention(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    return decided.without(text, decided.CONVENTION_NOTE)
