"""Merging imported records into a month's attacks.yaml and casualties.yaml.

Records are matched by `source_id`. Each imported record carries `import_hash`, the fingerprint of
what the import wrote; a record whose fields no longer match it was edited (or written) by an
editor and is left alone. Files are read and written with ruamel.yaml's round trip, so comments
and formatting survive, and a file is only written when its text changes: importing the same
export twice leaves every byte as it was.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.util import load_yaml_guess_indent

from reportgen.editor.scaffold import scaffold_month
from reportgen.files import write_atomic
from reportgen.i18n import N_, _, ngettext

FileName = Literal["attacks", "casualties"]
FILES: tuple[FileName, ...] = ("attacks", "casualties")
OUTCOMES = ("new", "updated", "unchanged", "edited")


@dataclass(frozen=True)
class Incoming:
    """One record an importer wants in `month`'s `file`, identified by its `source_id`."""

    file: FileName
    month: str
    source_id: str
    fields: dict[str, Any]


@dataclass
class Summary:
    """What an import did, per month and file, and the rows it skipped (with why)."""

    counts: dict[tuple[str, str], Counter] = field(default_factory=dict)
    skipped: Counter = field(default_factory=Counter)
    written: list[Path] = field(default_factory=list)

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


_OUTCOME_WORDS = {
    "new": N_("{count} new"),
    "updated": N_("{count} updated"),
    "unchanged": N_("{count} unchanged"),
    "edited": N_("{count} skipped (edited by an editor)"),
}


def import_hash(fields: dict[str, Any]) -> str:
    """A fingerprint of a record's fields but `import_hash`, stable across YAML round trips."""
    plain = {k: _plain(v) for k, v in fields.items() if k != "import_hash"}
    text = json.dumps(plain, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def without_summary_months(
    incoming: list[Incoming], summary_months: set[str], summary: Summary
) -> list[Incoming]:
    """`incoming` less the records of summary months (totals only), counted as skipped rows."""
    dropped = [r for r in incoming if r.month in summary_months]
    if dropped:
        rows = sum(r.file == "attacks" for r in dropped)
        summary.skipped[_("in a summary month (its report.yaml has totals)")] += rows
    return [r for r in incoming if r.month not in summary_months]


def apply(inputs: Path, incoming: list[Incoming], summary: Summary) -> Summary:
    """Merge `incoming` into the month files under `inputs`; write only the files that change.

    A month folder that does not exist yet is created as `reportgen new` creates it; its files
    with imported records start with the schema line and the records, without the example.
    """
    plans: dict[Path, str] = {}
    months = sorted({record.month for record in incoming})
    fresh = [month for month in months if not (inputs / month).exists()]
    for month in months:
        for file in FILES:
            records = [r for r in incoming if r.month == month and r.file == file]
            path = inputs / month / f"{file}.yaml"
            if not records:
                continue
            before = _current_text(inputs, month, file)
            after, outcomes = _merged_outcomes(before, file, records)
            for outcome in outcomes:
                summary.count(month, file, outcome)
            if after != before:
                plans[path] = after
    for month in fresh:
        summary.written += scaffold_month(inputs, month)
    for path, text in plans.items():
        write_atomic(path, text)
        if path not in summary.written:
            summary.written.append(path)
    return summary


def _current_text(inputs: Path, month: str, file: str) -> str:
    path = inputs / month / f"{file}.yaml"
    if path.is_file():
        return path.read_text(encoding="utf-8")
    return (
        f"# yaml-language-server: $schema=../../reportgen/schemas/{file}.schema.json\n{file}: []\n"
    )


def _yaml(text: str) -> YAML:
    """A round-trip YAML that writes lists indented the way `text` indents them."""
    _, indent, offset = load_yaml_guess_indent(text)
    indent, offset = (indent, offset) if indent and offset is not None else (4, 2)
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(
        mapping=indent - offset if indent > offset else indent, sequence=indent, offset=offset
    )
    yaml.representer.ignore_aliases = lambda *_: True
    return yaml


def _merged_outcomes(text: str, file: str, records: list[Incoming]) -> tuple[str, list[str]]:
    """The file's new text, and the outcome of each group of records with one source id."""
    yaml = _yaml(text)
    doc = yaml.load(text) or CommentedMap()
    items = doc.get(file)
    if not isinstance(items, CommentedSeq) or not items:
        items = CommentedSeq(items or [])
    outcomes = []
    for source_id in dict.fromkeys(r.source_id for r in records):
        group = [_item(r) for r in records if r.source_id == source_id]
        outcomes.append(_merge_group(items, source_id, group))
    if not items and file in doc:
        return text, outcomes
    doc[file] = items
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue(), outcomes


def _item(record: Incoming) -> CommentedMap:
    fields = {k: v for k, v in record.fields.items() if v is not None}
    fields["source_id"] = record.source_id
    return CommentedMap({**fields, "import_hash": import_hash(fields)})


def _merge_group(items: CommentedSeq, source_id: str, wanted: list[CommentedMap]) -> str:
    """Bring the items of `source_id` to `wanted`; returns the outcome for the summary."""
    places = [i for i, item in enumerate(items) if _source_id(item) == source_id]
    if not places:
        items.extend(wanted)
        return "new"
    if any(_edited(items[i]) for i in places):
        return "edited"
    if [_plain(items[i]) for i in places] == [_plain(w) for w in wanted]:
        return "unchanged"
    for i in reversed(places[1:]):
        del items[i]
    first = places[0]
    del items[first]
    for offset, item in enumerate(wanted):
        items.insert(first + offset, item)
    return "updated"


def _source_id(item: Any) -> str | None:
    return item.get("source_id") if isinstance(item, dict) else None


def _edited(item: CommentedMap) -> bool:
    return item.get("import_hash") != import_hash(dict(item))


def _plain(value: Any) -> Any:
    """JSON-ready value: ruamel's dates, floats, strings and collections as plain Python."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)
