"""`reportgen publish`: a month leaves draft once nothing in it is wrong or unconfirmed.

Publishing edits one line of report.yaml (`status: published`, added after `month:` when absent)
and leaves every other byte of the file as the editor wrote it: comments, quoting, line endings,
anchors. It then records the month as published in its folder's published.yaml (freeze.py), after
which its files change only through `reportgen correct`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

from reportgen.errors import InputError, Problem
from reportgen.files import write_atomic
from reportgen.i18n import N_, _
from reportgen.input.loader import display_path
from reportgen.input.yamlsource import YamlDoc, load_yaml
from reportgen.publish import freeze
from reportgen.publish.build import load, resolve_month
from reportgen.publish.fingerprint import file_digest
from reportgen.publish.gate import refuse_unpublishable, review_marks

_PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*[ \t]+)+")
"""An anchor and/or a tag before a scalar (`&s `, `!!str `)."""
_UTF8_BOM = b"\xef\xbb\xbf"
_REFUSED = N_(
    "cannot publish while review marks remain (listed): confirm each record and delete its "
    "review line, and write the headline"
)


def publish_month(inputs: Path, month: str, today: date | None = None) -> tuple[Path, Path | None]:
    """Set `status: published` in `month`'s report.yaml and record the month's files in its
    published.yaml (publish/freeze.py); returns report.yaml's path and the record's, None when
    the month already had one. An InputError with every error of the inputs, every review mark
    of the month, or every file changed since it was published, otherwise (nothing written)."""
    loaded = load(inputs)
    month = resolve_month(loaded.project, month)
    m = loaded.project.months[month]
    report = m.folder / "report.yaml"
    marks = review_marks(loaded, month)
    if marks:
        refused = Problem(display_path(report), 1, 1, "status", _(_REFUSED))
        raise InputError([replace(mark, severity="error") for mark in marks] + [refused])
    if m.freeze is not None:
        refuse_unpublishable(loaded, [month])
        return report, None
    digests = dict(loaded.digests or {})
    text = published_text(report) if m.report.status != "published" else None
    if text is not None:
        digests[f"{month}/report.yaml"] = file_digest(text, report.suffix)
    record = freeze.new_record(loaded, month, digests, today or date.today())
    record_text = freeze.checked_text(m.folder, record)
    if text is not None:
        write_atomic(report, text)
    return report, write_atomic(m.folder / freeze.FILE, record_text)


def published_text(report: Path) -> bytes:
    """report.yaml's bytes with the status set to published, every other byte unchanged: only
    the status value's own characters are replaced, so an anchor or tag written before it and a
    comment after it stay (`status: &s draft` -> `status: &s published`). The result is parsed
    and checked against the schema again; an edit that would change anything else (an alias
    elsewhere reusing the status's anchor) is refused."""
    raw = report.read_bytes()
    display = display_path(report)
    doc = load_yaml(report, display)
    bom = _UTF8_BOM if raw.startswith(_UTF8_BOM) else b""
    text = raw[len(bom) :].decode("utf-8")
    if "status" in doc.data:
        span = _status_span(text)
        if span is None:
            raise _cannot_edit(report, *doc.key_position(("status",)))
        start, end = span
        edited = text[:start] + "published" + text[end:]
    else:
        edited = _with_status_line(report, doc, text)
    result = bom + edited.encode("utf-8")
    _refuse_side_effects(report, doc, result)
    return result


def _status_span(text: str) -> tuple[int, int] | None:
    """Where the top-level `status` value's scalar starts and ends in `text` (after its anchor
    and tag, if any, or the alias `*name` itself); None when it is a block or a collection."""
    import yaml

    events = iter(yaml.parse(text, Loader=yaml.SafeLoader))
    root = next((e for e in events if isinstance(e, yaml.NodeEvent)), None)
    if not isinstance(root, yaml.MappingStartEvent):
        return None
    for key in events:
        if isinstance(key, yaml.MappingEndEvent):
            return None
        _skip_node(key, events)
        value = next(events)
        if isinstance(key, yaml.ScalarEvent) and key.value == "status":
            if isinstance(value, yaml.AliasEvent):
                return value.start_mark.index, value.end_mark.index
            if not isinstance(value, yaml.ScalarEvent) or value.style in ("|", ">"):
                return None
            start, end = value.start_mark.index, value.end_mark.index
            properties = _PROPERTIES.match(text, start, end)
            start = properties.end() if properties else start
            return None if "\n" in text[start:end] else (start, end)
        _skip_node(value, events)
    return None


def _skip_node(first, events) -> None:
    """Consume the rest of the node that `first` starts (a whole list or mapping)."""
    import yaml

    depth = 1 if isinstance(first, yaml.CollectionStartEvent) else 0
    while depth:
        event = next(events)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _with_status_line(report: Path, doc: YamlDoc, text: str) -> str:
    """`text` with `status: published` on a line of its own after the top-level `month:`."""
    lines = text.splitlines(keepends=True)
    line, column = doc.key_position(("month",))
    if column != 1:
        raise _cannot_edit(report, line, column)
    ending = re.search(r"\r?\n$", lines[line - 1])
    newline = ending.group() if ending else "\n"
    lines[line - 1] = lines[line - 1].rstrip("\r\n") + newline
    lines.insert(line, f"status: published{newline if ending else ''}")
    return "".join(lines)


def _refuse_side_effects(report: Path, before: YamlDoc, edited: bytes) -> None:
    """An InputError unless `edited` reads as `before` with only the status changed, and passes
    the schema `check` applies to report.yaml."""
    from reportgen.input.schemacheck import check_structure
    from reportgen.input.yamlsource import parse_yaml

    display = display_path(report)
    after = parse_yaml(edited, display)
    expected = {**before.data, "status": "published"}
    problems, _checked = check_structure(after, "report")
    if after.data != expected or problems:
        raise _cannot_edit(report, *before.key_position(("status",)))


def _cannot_edit(report: Path, line: int, column: int) -> InputError:
    message = _(
        "cannot set the status here; write `status: draft` on a line of its own "
        "(no alias, and no anchor that another field reuses)"
    )
    return InputError.single(display_path(report), line, column, "status", message)
