"""Merging imported records into the month files, in memory, then one validated write.

Records are matched by `source_id` across every month: an event whose date moved into another
month is moved there (with its casualties), never left in both. Each imported record carries
`import_hash`, the fingerprint of what the import wrote; a record whose fields no longer match it
was edited (or written) by an editor and is left alone. Files are edited with ruamel.yaml's round
trip (`yamledit`): comments, anchors and formatting survive, and importing the same export twice
leaves every byte as it was. Records are indexed by source id, so a merge is linear in the
records, not in their product.

Nothing is written until the whole result passes the loader's checks (`transaction.commit`); a
month whose report.yaml says `status: published` is never changed by an import.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from reportgen.editor.importers.rows import Row
from reportgen.editor.importers.transaction import commit
from reportgen.editor.importers.yamledit import YamlFile, plain, record, update_in_place
from reportgen.errors import InputError, Problem
from reportgen.i18n import N_, _, ngettext
from reportgen.input.loader import MONTH_NAME, display_path
from reportgen.input.records import Project

FileName = Literal["attacks", "raids", "casualties"]
EVENT_FILES: tuple[FileName, ...] = ("attacks", "raids")
FILES: tuple[FileName, ...] = ("attacks", "raids", "casualties")
OUTCOMES = ("new", "updated", "unchanged", "edited")
_ITEM = re.compile(r"^(attacks|raids|casualties)\[(\d+)\](?:\.([A-Za-z_]+))?")


@dataclass(frozen=True)
class Incoming:
    """One record an importer wants in `month`'s `file`, identified by its `source_id`; `row`
    and `columns` (field → the source's column) locate a problem in what it came from."""

    file: FileName
    month: str
    source_id: str
    fields: dict[str, Any]
    row: Row | None = None
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Summary:
    """What an import did: rows read, candidates by class, rows skipped (with why), and per
    month and file the records new, updated, unchanged and left alone."""

    counts: dict[tuple[str, str], Counter] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)
    classes: Counter = field(default_factory=Counter)
    rows: int = 0
    written: list[Path] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    def count(self, month: str, file: str, outcome: str) -> None:
        self.counts.setdefault((month, file), Counter())[outcome] += 1

    def lines(self) -> list[str]:
        lines = []
        for (month, file), counts in sorted(self.counts.items()):
            figures = _(", ").join(_(_OUTCOME_WORDS[o]).format(count=counts[o]) for o in OUTCOMES)
            lines.append(f"{month} {file}: {figures}")
        for why, n in sorted(self.skipped.items()):
            skipped = ngettext("skipped {count} row: {why}", "skipped {count} rows: {why}", n)
            lines.append(skipped.format(count=n, why=why))
        return lines or [_("nothing to import")]

    def table(self) -> list[str]:
        """Rows read, candidates per class and skipped rows per reason, as aligned lines."""
        entries = [(_("rows read"), self.rows)]
        entries += [(_(_CLASS_WORDS.get(name, name)), n) for name, n in self.classes.items()]
        entries.append((_("rows skipped"), sum(self.skipped.values())))
        entries += [("  " + why, n) for why, n in sorted(self.skipped.items())]
        width = max(len(label) for label, _n in entries)
        return [f"{label.ljust(width)}  {n:>7,}" for label, n in entries]


_OUTCOME_WORDS = {
    "new": N_("{count} new"),
    "updated": N_("{count} updated"),
    "unchanged": N_("{count} unchanged"),
    "edited": N_("{count} skipped (edited by an editor)"),
}
_CLASS_WORDS = {
    "attack": N_("attack candidates"),
    "raid": N_("raid candidates"),
    "unconfirmed": N_("unconfirmed attack candidates"),
}


def import_hash(fields: Mapping[str, Any]) -> str:
    """A fingerprint of a record's fields but `import_hash`, stable across YAML round trips."""
    values = {k: plain(v) for k, v in fields.items() if k != "import_hash" and v is not None}
    text = json.dumps(values, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def with_hash(fields: Mapping[str, Any], source_id: str) -> dict[str, Any]:
    """The fields as an import writes them: no empty values, `source_id`, and `import_hash`."""
    values = {k: v for k, v in fields.items() if v is not None and k != "import_hash"}
    values["source_id"] = source_id
    return {**values, "import_hash": import_hash(values)}


def edited(item: Mapping[str, Any]) -> bool:
    return item.get("import_hash") != import_hash(dict(item))


def without_months(
    incoming: list[Incoming], months: set[str], summary: Summary, why: str
) -> list[Incoming]:
    """`incoming` less the records of `months`, their rows counted as skipped for `why`."""
    dropped = [r for r in incoming if r.month in months and r.file in EVENT_FILES]
    if dropped:
        summary.skipped[why] += len(dropped)
    return [r for r in incoming if r.month not in months]


def without_summary_months(
    incoming: list[Incoming], summary_months: set[str], summary: Summary
) -> list[Incoming]:
    """`incoming` less the records of summary months (totals only), counted as skipped rows."""
    why = _("in a summary month (its report.yaml has totals)")
    return without_months(incoming, summary_months, summary, why)


def apply(inputs: Path, project: Project, incoming: list[Incoming], summary: Summary) -> Summary:
    """Merge `incoming` into the month files under `inputs`, validate the result as `check`
    does, and write the files that change, all or nothing."""
    merge = _Merge(inputs, project, summary)
    for group in _groups(incoming):
        merge.group(group)
    texts = merge.texts()
    _refuse_published(project, texts, inputs, merge.sources)
    months = sorted({path.parent.name for path in texts})
    summary.written += commit(inputs, texts, months, merge.locate)
    return summary


def _groups(incoming: Iterable[Incoming]) -> list[list[Incoming]]:
    grouped: dict[str, list[Incoming]] = {}
    for item in incoming:
        grouped.setdefault(item.source_id, []).append(item)
    return list(grouped.values())


class _Merge:
    """The month files an import touches, loaded once each, and what it does to them."""

    def __init__(self, inputs: Path, project: Project, summary: Summary):
        self.inputs, self.project, self.summary = inputs, project, summary
        self.files: dict[tuple[str, str], YamlFile] = {}
        self.indexes: dict[tuple[str, str], dict[Any, list[Any]]] = {}
        self.sources: dict[str, Incoming] = {}
        self.where, self.hashes = _where(project)
        self.fresh_months: set[str] = set()

    def file(self, month: str, name: str) -> YamlFile:
        key = (month, name)
        if key not in self.files:
            folder = self.inputs / month
            if not folder.exists():
                self.fresh_months.add(month)
            self.files[key] = YamlFile(folder / f"{name}.yaml", name)
            self.indexes[key] = self.files[key].by_key("source_id")
        return self.files[key]

    def existing(self, source_id: str, names: Iterable[str], months: Iterable[str]) -> list:
        """(file, record) of every record with `source_id` in files `names` of `months`."""
        found = []
        for month in sorted(set(months)):
            for name in names:
                file = self.file(month, name)
                found += [(file, item) for item in self.indexes[(month, name)].get(source_id, [])]
        return found

    def group(self, group: list[Incoming]) -> None:
        source_id = group[0].source_id
        for item in group:
            self.sources.setdefault(f"{item.month}/{item.file}/{source_id}", item)
        self.sources.setdefault(source_id, group[0])
        months = {r.month for r in group} | self.where.get(source_id, set())
        events = [r for r in group if r.file in EVENT_FILES]
        casualties = [r for r in group if r.file == "casualties"]
        if events:
            self._merge(events, EVENT_FILES, months)
        self._merge(casualties, ("casualties",), months, main=group[0])

    def _merge(
        self,
        wanted: list[Incoming],
        names: tuple[str, ...],
        months: set[str],
        main: Incoming | None = None,
    ) -> None:
        main = wanted[0] if wanted else main
        source_id = main.source_id
        target = (main.month, wanted[0].file if wanted else names[0])
        records = [with_hash(r.fields, source_id) for r in wanted]
        if records and self._as_written(source_id, names, target, records):
            self.summary.count(*target, "unchanged")
            return
        found = self.existing(source_id, names, months)
        if not wanted and not found:
            return
        if any(edited(item) for _file, item in found):
            self.summary.count(*target, "edited")
            self._note_elsewhere(found, main)
            return
        here = [item for file, item in found if (file.path.parent.name, file.name) == target]
        if len(here) == len(found) and [plain(i) for i in here] == [plain(r) for r in records]:
            if records:
                self.summary.count(*target, "unchanged")
            return
        self.summary.count(*target, "updated" if found else "new")
        self._replace(found, records, self.file(*target))

    def _as_written(
        self, source_id: str, names: tuple[str, ...], target: tuple[str, str], records: list
    ) -> bool:
        """Whether the inputs hold exactly `records` for `source_id`, as an import wrote them
        (their hashes, in order, in the target file and nowhere else): then the files need
        not even be opened. An editor's change since then makes the record the editor's, and
        it would be left alone anyway."""
        written = [(m, f, h) for m, f, h in self.hashes.get(source_id, ()) if f in names]
        return written == [(*target, record["import_hash"]) for record in records]

    def _replace(self, found: list, records: list[dict], target: YamlFile) -> None:
        """Put `records` into `target` in place of `found`: the records already there are
        updated where they stand (their comments with them), those in other files or months are
        moved here, and any left over are taken out."""
        here = [item for file, item in found if file is target]
        for file, item in found:
            if file is not target:
                file.take(item)
        reused = here + [item for file, item in found if file is not target]
        for item in reused[len(records) :]:
            if any(item is other for other in here):
                target.take(item)
        last, placed = None, []
        for offset, fields in enumerate(records):
            item = reused[offset] if offset < len(reused) else record(fields)
            update_in_place(item, fields)
            if offset >= len(here):
                at_end = last is None or (len(target.items) and target.items[-1] is last)
                target.put(item, None if at_end else _index(target, last) + 1)
            placed.append(item)
            last = item
        self._reindex(found, placed, target)

    def _reindex(self, found: list, placed: list, target: YamlFile) -> None:
        """The source-id index after a replacement, updated for this source id only (an
        index rebuilt per record would make a merge quadratic)."""
        source_id = str((placed or [item for _file, item in found])[0].get("source_id"))
        for file, item in found:
            entries = self.indexes[(file.path.parent.name, file.name)].get(source_id, [])
            entries[:] = [other for other in entries if other is not item]
        self.indexes[(target.path.parent.name, target.name)][source_id] = placed

    def _note_elsewhere(self, found: list, main: Incoming) -> None:
        months = sorted({file.path.parent.name for file, _item in found} - {main.month})
        if not months or main.row is None:
            return
        message = _(
            "the source now dates this event in {month}; the record in {where} was edited by "
            "an editor and is left there: move it by hand if the new date is right"
        ).format(month=main.month, where=_(", ").join(months))
        column = main.columns.get("date", "")
        self.summary.notes.append(replace(main.row.problem(column, message), severity="warning"))

    def texts(self) -> dict[Path, str]:
        """Every touched file's new text; a new month's other files as `reportgen new` makes
        them."""
        from reportgen.editor.scaffold import carried_camps, month_files

        texts = {}
        for (_month, _name), file in self.files.items():
            text = file.text()
            if text != file.before or (not file.existed and file.items):
                texts[file.path] = text
        for month in sorted(self.fresh_months):
            if not any(path.parent.name == month for path in texts):
                continue
            folder = self.inputs / month
            for name, text in month_files(month, carried_camps(self.inputs, month)).items():
                texts.setdefault(folder / name, text)
        return texts

    def locate(self, problem: Problem, real: Path) -> Problem | None:
        """A problem in a file the import would write, located at the row it came from."""
        month, name = real.parent.name, real.stem
        wanted = None
        if MONTH_NAME.fullmatch(real.name):
            month, name, wanted = real.name, "", "date"
        found = _ITEM.match(problem.field)
        file = self.files.get((month, name))
        origin = None
        if found and file is not None and int(found.group(2)) < len(file.items):
            item = file.items[int(found.group(2))]
            source_id = item.get("source_id") if isinstance(item, dict) else None
            origin = self.sources.get(f"{month}/{name}/{source_id}")
        if origin is None:
            origin = next((i for i in self.sources.values() if i.month == month), None)
        if origin is None or origin.row is None:
            return None
        column = origin.columns.get(wanted or (found.group(3) if found else None) or "", "")
        where = f"{problem.path}:{problem.field}" if problem.field else problem.path
        message = _("{message} (in {file})").format(message=problem.message, file=where)
        return Problem(
            display_path(origin.row.path),
            origin.row.line,
            origin.row.problem(column, "").column,
            column,
            message,
            problem.severity,
        )


def _index(file: YamlFile, item: Any) -> int:
    return next(i for i, other in enumerate(file.items) if other is item)


def _where(project: Project) -> tuple[dict[str, set[str]], dict[str, list[tuple]]]:
    """source id → the months whose records carry it, and → (month, file, import_hash) of each
    of its records, in file order."""
    months: dict[str, set[str]] = {}
    hashes: dict[str, list[tuple]] = {}
    for key, month in sorted(project.months.items()):
        for file in FILES:
            for item in getattr(month, file):
                if item.source_id:
                    months.setdefault(item.source_id, set()).add(key)
                    hashes.setdefault(item.source_id, []).append((key, file, item.import_hash))
    return months, hashes


def _refuse_published(
    project: Project, texts: Mapping[Path, str], inputs: Path, sources: Mapping[str, Incoming]
) -> None:
    published = sorted(
        {
            path.parent.name
            for path in texts
            if (m := project.months.get(path.parent.name)) and m.report.status == "published"
        }
    )
    if not published:
        return
    problems = []
    for month in published:
        report = display_path(inputs / month / "report.yaml")
        message = _(
            "{month} is published: an import does not change a published month; import with "
            "--month for a draft month (or set status: draft in its report.yaml to correct it)"
        ).format(month=month)
        problems.append(Problem(report, 1, 1, "status", message))
    raise InputError(problems)
