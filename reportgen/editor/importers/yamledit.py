"""Editing month files the way an editor would: ruamel.yaml's round trip, values changed in place.

Every write reportgen makes to a file an editor keeps (import, triage) goes through here, so the
editor's comments, anchors and aliases, quoting and indentation survive:

- a record is updated key by key (`update_in_place`): an unchanged value keeps its object (and
  so its anchor, quotes and comments), a changed one gets a plain new value;
- a record taken out of a list (`take`) gives the comment lines that follow it (ruamel keeps
  them on its last key) to the record before it, so no editor's comment line is lost;
- aliases are written as the editor wrote them: an anchored value keeps its one anchor, and a
  value reportgen adds is never written as an alias (`_ignore_aliases`).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

EMPTY_FILE = (
    "# yaml-language-server: $schema=../../reportgen/schemas/{name}.schema.json\n{name}: []\n"
)


def round_trip(text: str) -> YAML:
    """A round-trip YAML that writes lists indented the way `text` indents them."""
    try:
        _, indent, offset = load_yaml_guess_indent(text)
    except Exception:
        indent, offset = None, None
    indent, offset = (indent, offset) if indent and offset is not None else (4, 2)
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    yaml.preserve_quotes = True
    yaml.indent(
        mapping=indent - offset if indent > offset else indent, sequence=indent, offset=offset
    )
    yaml.representer.ignore_aliases = _ignore_aliases
    return yaml


def _ignore_aliases(data: Any) -> bool:
    """Only a value the editor anchored is written as an anchor and aliases; a value reportgen
    put in two places (a date shared by two casualties) is written out twice."""
    anchor = getattr(data, "anchor", None)
    return not (anchor is not None and getattr(anchor, "value", None))


class YamlFile:
    """One month file loaded for editing: its text before, its document, its list."""

    def __init__(self, path: Path, name: str, text: str | None = None):
        self.path, self.name = path, name
        if text is None:
            text = path.read_text(encoding="utf-8") if path.is_file() else None
        self.existed = text is not None
        self.before = text if text is not None else EMPTY_FILE.format(name=name)
        self.yaml = round_trip(self.before)
        doc = self.yaml.load(self.before)
        self.doc = doc if isinstance(doc, CommentedMap) else CommentedMap()
        items = self.doc.get(name)
        if not isinstance(items, CommentedSeq):
            items = CommentedSeq(items or [])
            self.doc[name] = items
        self.items: CommentedSeq = items

    def text(self) -> str:
        """The file as it would be written; its text before when nothing changed."""
        if not len(self.items):
            self._empty_list()
        out = io.StringIO()
        self.yaml.dump(self.doc, out)
        return out.getvalue()

    def _empty_list(self) -> None:
        """An emptied list is written `name: []`, the comment lines that were in it after."""
        lines = []
        entry = self.doc.ca.items.pop(self.name, None) or []
        for part in entry:
            for token in part if isinstance(part, list) else [part]:
                if token is not None:
                    lines += [line.strip() for line in token.value.splitlines() if line.strip()]
        comment = getattr(self.items.ca, "comment", None) or []
        for part in comment:
            for token in part if isinstance(part, list) else [part]:
                if token is not None:
                    lines += [line.strip() for line in token.value.splitlines() if line.strip()]
        items = CommentedSeq()
        items.fa.set_flow_style()
        self.doc[self.name] = self.items = items
        lines = list(dict.fromkeys(line for line in lines if line.startswith("#")))
        if lines:
            text = "\n" + "\n".join(lines) + "\n"
            self.doc.ca.items[self.name] = [None, None, CommentToken(text, CommentMark(0)), None]

    def by_key(self, key: str) -> dict[Any, list[CommentedMap]]:
        """The list's records grouped by the value of `key` (records without it left out)."""
        found: dict[Any, list[CommentedMap]] = {}
        for item in self.items:
            if isinstance(item, dict) and item.get(key) is not None:
                found.setdefault(str(item[key]), []).append(item)
        return found

    def take(self, item: CommentedMap) -> int:
        """Remove `item` from the list, keeping the comment lines that followed it; returns
        where it was."""
        index = next(i for i, other in enumerate(self.items) if other is item)
        trailing = _pop_trailing_comment(item)
        del self.items[index]
        if trailing is not None:
            if index > 0:
                _append_trailing_comment(self.items[index - 1], trailing)
            else:
                _prepend_to_list(self.doc, self.name, trailing)
        return index

    def put(self, item: CommentedMap, index: int | None = None) -> None:
        """Insert `item` at `index`, or after everything the list holds (its comments too)."""
        if index is None or index >= len(self.items):
            self.items.append(item)
        else:
            self.items.insert(index, item)


def record(fields: Mapping[str, Any]) -> CommentedMap:
    """A new record of plain values, in the order given."""
    return CommentedMap({key: value for key, value in fields.items() if value is not None})


def update_in_place(item: CommentedMap, fields: Mapping[str, Any]) -> None:
    """Make `item` hold exactly `fields` (None meaning absent), in `fields`' order for new keys;
    values that do not change keep their object, and every comment stays."""
    wanted = {key: value for key, value in fields.items() if value is not None}
    for key in [k for k in item if k not in wanted]:
        _delete_key(item, key)
    keys = list(wanted)
    for position, key in enumerate(keys):
        value = wanted[key]
        if key in item:
            if plain(item[key]) != plain(value):
                item[key] = value
            continue
        before = [k for k in keys[:position] if k in item]
        at = list(item).index(before[-1]) + 1 if before else 0
        if at >= len(item):
            last = list(item)[-1] if len(item) else None
            item.insert(at, key, value)
            if last is not None:
                _move_key_comment(item, last, key)
        else:
            item.insert(at, key, value)


def rename_key(item: CommentedMap, old: str, new: str) -> None:
    """`old` becomes `new` at the same place, with its value and comments."""
    position = list(item).index(old)
    value = item[old]
    comment = item.ca.items.pop(old, None)
    del item[old]
    item.insert(position, new, value)
    if comment is not None:
        item.ca.items[new] = comment


def _delete_key(item: CommentedMap, key: str) -> None:
    keys = list(item)
    comment = item.ca.items.pop(key, None)
    del item[key]
    token = comment[2] if comment and len(comment) > 2 else None
    if token is None or not keys:
        return
    index = keys.index(key)
    neighbour = keys[index - 1] if index > 0 else (keys[1] if len(keys) > 1 else None)
    if neighbour is not None:
        _add_post_comment(item, neighbour, token)


def _move_key_comment(item: CommentedMap, source: str, target: str) -> None:
    """The comment lines after `source`'s value go after `target`'s (now the last key)."""
    entry = item.ca.items.get(source)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    token = entry[2]
    if not token.value.startswith("\n"):
        return  # a comment on the key's own line stays with it
    entry[2] = None
    _add_post_comment(item, target, token)


def _add_post_comment(item: CommentedMap, key: str, token: CommentToken) -> None:
    entry = item.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    if entry[2] is None:
        value = token.value if token.value.startswith("\n") else "\n" + token.value.lstrip()
        entry[2] = CommentToken(value, token.start_mark or CommentMark(0), None)
    else:
        entry[2].value = entry[2].value.rstrip("\n") + "\n" + token.value.lstrip("\n")


def _last_key(item: Any) -> Any:
    return list(item)[-1] if isinstance(item, dict) and len(item) else None


def _pop_trailing_comment(item: Any) -> CommentToken | None:
    """The full-line comments after the record (kept by ruamel on its last key), taken off it."""
    last = _last_key(item)
    entry = item.ca.items.get(last) if last is not None else None
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    token = entry[2]
    value = token.value
    if "\n" not in value:
        return None
    own_line, _, rest = value.partition("\n")
    if not rest.strip():
        return None
    if own_line.strip():
        token.value = own_line + "\n"
    else:
        entry[2] = None
    return CommentToken("\n" + rest, token.start_mark or CommentMark(0), None)


def _append_trailing_comment(item: Any, token: CommentToken) -> None:
    last = _last_key(item)
    if last is None:
        return
    _add_post_comment(item, last, token)


def _prepend_to_list(doc: CommentedMap, key: str, token: CommentToken) -> None:
    """Comment lines that followed the first record go before the list's new first record."""
    entry = doc.ca.items.setdefault(key, [None, None, None, None])
    while len(entry) < 4:
        entry.append(None)
    if entry[3] is None:
        entry[3] = []
    text = token.value.lstrip("\n")
    entry[3].append(CommentToken(text, CommentMark(0), None))


def plain(value: Any) -> Any:
    """JSON-ready value: ruamel's dates, floats, strings and collections as plain Python."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)
