"""Safe YAML parsing that remembers where every value came from.

Values are built from PyYAML's composed node graph instead of its constructor, so that each one
keeps its line and column, dates stay the strings the editor typed (the schemas check them), and
scalars follow YAML 1.2 as editors' language servers read them: only `true`/`false` are booleans
(`yes`, `no`, `on`, `off` stay text) and only plain decimals are integers. Mapping keys are always
text.

Every text (keys included) loses the characters `clean_text` removes, so no later stage, and no
reader of the briefing, ever sees a NUL, a bidi override or a lone surrogate from the input.
"""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.error import Mark
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from reportgen.errors import InputError, Problem, Severity, failure_reason
from reportgen.i18n import N_, _
from reportgen.input.yamltexts import translated

YamlPath = tuple[str | int, ...]
Position = tuple[int, int]

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 50
MAX_DIGITS = 300

_TAG = "tag:yaml.org,2002:"
_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp", _TAG + "value"}
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan}
_BOOLS = {"true": True, "false": False}
_UTF8_BOM = b"\xef\xbb\xbf"
_HIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ud800-\udfff\U000e0000-\U000e007f]"
)
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)
"""Unicode's default-ignorable code points (Hangul fillers, soft hyphen, variation selectors,
joiners, ...) and the braille blank: characters that draw nothing."""
_SYNTAX_HINTS = {
    "'\\t'": N_("; indent with spaces, not tabs"),
    "mapping values are not allowed here": N_("; put text that contains ': ' in quotes"),
    "another document": N_("; remove the '---' line"),
    "expected <block end>": N_("; check this line's indentation against the lines above"),
}


def clean_text(text: str) -> str:
    """`text` without control characters (tab and line breaks stay), lone surrogates, tag
    characters, zero-width spaces and every bidi embedding, override, isolate and mark.

    YAML escapes ("\\0", "\\u202e") and pasted text can carry them. A stray override or isolate
    would reorder the rest of the page around the field, and a surrogate cannot even be written
    as UTF-8; the briefing adds its own isolates. ZWJ and ZWNJ (which Arabic and Persian spelling
    uses), tashkeel and tatweel are kept.
    """
    return _HIDDEN.sub("", text)


def visible_text(text: str) -> str:
    """`text` as a reader sees it, for deciding emptiness and sameness: without the characters
    that draw nothing (`_INVISIBLE`), with runs of white space as one space, trimmed. Only for
    comparing: ZWJ and ZWNJ, which are invisible too, stay in the text itself."""
    return " ".join(_INVISIBLE.sub("", text).split())


def field_label(path: YamlPath) -> str:
    """`("attacks", 3, "date")` -> `attacks[3].date`: how problems name a field."""
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else part
    return label


@dataclass(frozen=True)
class YamlDoc:
    """One parsed file: plain Python `data` plus the 1-based (line, column) of every value."""

    display: str
    data: Any
    positions: Mapping[YamlPath, Position]
    key_positions: Mapping[YamlPath, Position]

    def position(self, path: YamlPath) -> Position:
        """Where the value at `path` starts, else where its nearest located parent starts."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(path[:end])
            if found:
                return found
        return (1, 1)

    def key_position(self, path: YamlPath) -> Position:
        """Where the mapping key naming `path` starts (the value's position for list items)."""
        return self.key_positions.get(path) or self.position(path)

    def problem(
        self,
        path: YamlPath,
        message: str,
        *,
        at_key: bool = False,
        severity: Severity = "error",
    ) -> Problem:
        line, column = self.key_position(path) if at_key else self.position(path)
        return Problem(self.display, line, column, field_label(path), message, severity)


def load_yaml(
    path: Path, display: str, *, max_bytes: int = MAX_BYTES, max_nodes: int = MAX_NODES
) -> YamlDoc:
    """Read and parse one file; every failure is an `InputError` located in `display`."""
    try:
        raw = read_regular(path, max_bytes + 1)
    except NotRegularFile as error:
        raise InputError.single(display, 1, 1, "", str(error)) from None
    except OSError as error:
        message = _("cannot read the file: {reason}").format(reason=failure_reason(error))
        raise InputError.single(display, 1, 1, "", message) from None
    if len(raw) > max_bytes:
        message = _("file is larger than the limit of {limit} bytes").format(limit=f"{max_bytes:,}")
        raise InputError.single(display, 1, 1, "", message)
    return parse_yaml(raw, display, max_nodes=max_nodes)


class NotRegularFile(OSError):
    """An input path that is a FIFO, device or socket: opening it could block forever."""


def read_regular(path: Path, limit: int | None = None) -> bytes:
    """Up to `limit` bytes of `path` (all when None), which must be a regular file. A FIFO,
    device or socket is refused before it is opened; the file is then opened non-blocking and
    checked again through the descriptor, so one put in its place meanwhile cannot hang a build."""
    kind = os.stat(path).st_mode
    if stat.S_ISDIR(kind):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(kind):
        raise NotRegularFile(_not_regular(kind))
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as stream:
        kind = os.fstat(fd).st_mode
        if not stat.S_ISREG(kind):
            raise NotRegularFile(_not_regular(kind))
        return stream.read() if limit is None else stream.read(limit)


def _not_regular(mode: int) -> str:
    message = _("not a regular file ({kind}); put the file itself here")
    return message.format(kind=_kind(mode))


def _kind(mode: int) -> str:
    kinds = [
        (stat.S_ISFIFO, N_("a FIFO")),
        (stat.S_ISSOCK, N_("a socket")),
        (stat.S_ISCHR, N_("a device")),
        (stat.S_ISBLK, N_("a device")),
    ]
    return _(next((name for test, name in kinds if test(mode)), N_("not a file")))


def parse_yaml(raw: bytes, display: str, *, max_nodes: int = MAX_NODES) -> YamlDoc:
    text = _decoded_text(raw, display)
    root = _composed_root(text, display)
    if root is None:
        return YamlDoc(display, None, {(): (1, 1)}, {})
    builder = _Builder(display, max_nodes)
    data = builder.value(root, (), 0)
    if builder.problems:
        raise InputError(builder.problems)
    return YamlDoc(display, data, builder.positions, builder.key_positions)


def _decoded_text(raw: bytes, display: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _byte_position(raw, error.start)
        message = _(
            "not valid UTF-8: byte 0x{byte} at offset {offset}; save the file with UTF-8 encoding"
        ).format(byte=f"{raw[error.start]:02x}", offset=error.start)
        raise InputError.single(display, line, column, "", message) from None


def _byte_position(raw: bytes, offset: int) -> Position:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    if line_start == 0 and raw.startswith(_UTF8_BOM):
        line_start = len(_UTF8_BOM)
    prefix = raw[line_start:offset].decode("utf-8", errors="replace")
    return raw.count(b"\n", 0, offset) + 1, len(prefix) + 1


_FAST_LOADER = getattr(yaml, "CSafeLoader", None)
_BRACKETS = re.compile(r"[^\[\]{}]+")


def _fast_root(text: str) -> Node | None:
    """The node graph composed by libyaml (about twenty times faster), for text the pure-Python
    reader accepts and whose flow nesting is shallow; None means: compose it in Python, which
    also gives every error its message and position."""
    if _FAST_LOADER is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    depth = deepest = 0
    for bracket in _BRACKETS.sub("", text):
        depth += 1 if bracket in "[{" else -1
        deepest = max(depth, deepest)
    if deepest > MAX_DEPTH:
        return None
    loader = _FAST_LOADER(text)
    try:
        return loader.get_single_node()
    except Exception:
        return None
    finally:
        loader.dispose()


def _composed_root(text: str, display: str) -> Node | None:
    fast = _fast_root(text)
    if fast is not None:
        return fast
    loader = None
    try:
        loader = yaml.SafeLoader(text)
        return loader.get_single_node()
    except yaml.reader.ReaderError as error:
        line, column = _text_position(text, error.position)
        message = _("character U+{code} is not allowed in YAML; remove it")
        message = message.format(code=f"{error.character:04X}")
        raise InputError.single(display, line, column, "", message) from None
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, display) from None
    except yaml.YAMLError as error:
        message = _("invalid YAML ({problem})").format(problem=error)
        raise InputError.single(display, 1, 1, "", message) from None
    except RecursionError:
        message = _("the YAML is nested too deeply to read")
        raise InputError.single(display, 1, 1, "", message) from None
    finally:
        if loader is not None:
            loader.dispose()


def _text_position(text: str, index: int) -> Position:
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def _syntax_error(error: yaml.MarkedYAMLError, display: str) -> InputError:
    mark = error.problem_mark or error.context_mark
    line, column = _mark_position(mark) if mark else (1, 1)
    return InputError.single(display, line, column, "", _syntax_message(error))


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's problem, with its context and where that began, in the editor's language; where
    PyYAML's words have no translation they are kept, in parentheses."""
    original = error.problem or error.context or ""
    texts = [translated(text) for text in (error.problem, error.context) if text]
    if None in texts:
        return _("invalid YAML ({problem})").format(problem=_pyyaml_words(error))
    problem = texts[0] if texts else _("cannot be read")
    if error.context and error.problem and original.startswith("but "):
        message = _("invalid YAML: {context}, {problem}").format(context=texts[1], problem=problem)
    elif error.context and error.problem and error.context_mark:
        line, column = _mark_position(error.context_mark)
        message = _("invalid YAML: {problem} ({context} at line {line}, column {column})")
        message = message.format(problem=problem, context=texts[1], line=line, column=column)
    else:
        message = _("invalid YAML: {problem}").format(problem=problem)
    hint = next((_(hint) for found, hint in _SYNTAX_HINTS.items() if found in original), "")
    return message + hint


def _pyyaml_words(error: yaml.MarkedYAMLError) -> str:
    return ", ".join(text for text in (error.context, error.problem) if text)


def _mark_position(mark: Mark) -> Position:
    return mark.line + 1, mark.column + 1


class _Builder:
    """Turns composed nodes into plain values, recording positions and counting every value built
    (aliases included), so that an alias bomb stops at `max_nodes` instead of eating memory."""

    def __init__(self, display: str, max_nodes: int):
        self.display = display
        self.max_nodes = max_nodes
        self.built = 0
        self.seen: set[int] = set()
        self.aliased = False
        self.open_nodes: set[int] = set()
        self.positions: dict[YamlPath, Position] = {}
        self.key_positions: dict[YamlPath, Position] = {}
        self.problems: list[Problem] = []

    def value(self, node: Node, path: YamlPath, depth: int) -> Any:
        self._count(node)
        self.positions[path] = _mark_position(node.start_mark)
        if isinstance(node, ScalarNode):
            return self._scalar(node, path)
        self._enter(node, depth)
        try:
            self._check_collection_tag(node, path)
            if isinstance(node, SequenceNode):
                items = enumerate(node.value)
                return [self.value(item, (*path, i), depth + 1) for i, item in items]
            return self._mapping(node, path, depth)
        finally:
            self.open_nodes.discard(id(node))

    def _count(self, node: Node) -> None:
        self.built += 1
        if id(node) in self.seen:
            self.aliased = True
        self.seen.add(id(node))
        if self.built > self.max_nodes:
            message = _("more than {limit} values in one file")
            if self.aliased:
                message = _(
                    "more than {limit} values: aliases (*name) expand too far; "
                    "write the values out instead"
                )
            message = message.format(limit=f"{self.max_nodes:,}")
            raise self._fatal(node, message)

    def _enter(self, node: Node, depth: int) -> None:
        if id(node) in self.open_nodes:
            message = _("an alias (*name) refers to a value that contains it")
            raise self._fatal(node, message)
        if depth > MAX_DEPTH:
            raise self._fatal(
                node, _("nested more than {limit} levels deep").format(limit=MAX_DEPTH)
            )
        self.open_nodes.add(id(node))

    def _fatal(self, node: Node, message: str) -> InputError:
        line, column = _mark_position(node.start_mark)
        return InputError.single(self.display, line, column, "", message)

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node, path)
            if key is None:
                continue
            key_path = (*path, key)
            where = _mark_position(key_node.start_mark)
            if key in result:
                first_line = self.key_positions[key_path][0]
                message = _("duplicate key '{key}' (first at line {line})")
                message = message.format(key=key, line=first_line)
                self.problems.append(Problem(self.display, *where, field_label(key_path), message))
                continue
            self.key_positions[key_path] = where
            result[key] = self.value(value_node, key_path, depth + 1)
        return result

    def _key(self, node: Node, path: YamlPath) -> str | None:
        self._count(node)
        where = _mark_position(node.start_mark)
        if not isinstance(node, ScalarNode):
            message = _("a key must be plain text, not a list or mapping")
            self.problems.append(Problem(self.display, *where, field_label(path), message))
            return None
        if node.tag == _TAG + "merge":
            message = _("merge keys (<<) are not supported; write the fields out")
            self.problems.append(Problem(self.display, *where, field_label(path), message))
            return None
        return clean_text(node.value)

    def _scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        text = clean_text(node.value)
        if node.tag in _TEXT_TAGS:
            return text
        if node.tag == _TAG + "null":
            return None
        if node.tag == _TAG + "bool":
            return _BOOLS.get(text.lower(), text)
        if node.tag == _TAG + "int":
            return self._int(node, text, path)
        if node.tag == _TAG + "float":
            return _float_or_text(text)
        self._unsupported_tag(node, path)
        return text

    def _int(self, node: ScalarNode, text: str, path: YamlPath) -> int | str:
        """The integer; Python refuses to read one of more than 4,300 digits, so a number of
        more than `MAX_DIGITS` is a problem, not a traceback."""
        if not _INT.fullmatch(text):
            return text
        if len(text.lstrip("+-")) > MAX_DIGITS:
            where = _mark_position(node.start_mark)
            message = _("a number of more than {limit} digits; write a smaller number")
            message = message.format(limit=MAX_DIGITS)
            self.problems.append(Problem(self.display, *where, field_label(path), message))
            return 0
        return int(text)

    def _check_collection_tag(self, node: Node, path: YamlPath) -> None:
        expected = _TAG + ("seq" if isinstance(node, SequenceNode) else "map")
        if node.tag != expected:
            self._unsupported_tag(node, path)

    def _unsupported_tag(self, node: Node, path: YamlPath) -> None:
        where = _mark_position(node.start_mark)
        tag = node.tag.replace(_TAG, "!!")
        message = _("unsupported YAML tag {tag}; remove the tag").format(tag=tag)
        self.problems.append(Problem(self.display, *where, field_label(path), message))


def _float_or_text(text: str) -> float | str:
    if _FLOAT.fullmatch(text):
        return float(text)
    return _SPECIAL_FLOATS.get(text.lower(), text)
