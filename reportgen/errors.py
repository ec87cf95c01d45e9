"""Input problems as values: each names the file, line, column and field, and says how to fix it."""

from __future__ import annotations

import errno
import re
from dataclasses import dataclass
from typing import Literal

from reportgen.i18n import N_, _

Severity = Literal["error", "warning"]
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe for one terminal line: control characters (an escape sequence in a folder name,
    a line break) and bidi controls are shown as `\\x1b`, `\\u202e`, never acted on."""
    return _UNPRINTABLE.sub(lambda found: ascii(found.group())[1:-1], text)


_SYSTEM_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EPERM: N_("Operation not permitted"),
    errno.EROFS: N_("Read-only file system"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EDQUOT: N_("Disk quota exceeded"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.EISDIR: N_("Is a directory"),
    errno.EEXIST: N_("File exists"),
    errno.ENOTEMPTY: N_("Directory not empty"),
    errno.ENAMETOOLONG: N_("File name too long"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.EMFILE: N_("Too many open files"),
    errno.EBUSY: N_("Device or resource busy"),
    errno.EIO: N_("Input/output error"),
    errno.EXDEV: N_("Invalid cross-device link"),
}
"""What the system says for the failures an editor meets, as Linux says it in English."""


def failure_reason(error: Exception) -> str:
    """Why a file could not be read or written, in the editor's language: the system's reason
    for an `OSError`, the encoding for a `UnicodeDecodeError`; the words of whatever else failed
    (a CSV reader, a workbook reader) kept, in parentheses, where this tool has no translation."""
    if isinstance(error, OSError) and error.errno in _SYSTEM_REASONS:
        return _(_SYSTEM_REASONS[error.errno])
    if isinstance(error, OSError):
        return _("the system refused ({reason})").format(reason=error.strerror or error)
    if isinstance(error, UnicodeDecodeError):
        return _("not valid UTF-8; save the file with UTF-8 encoding")
    return _("its content cannot be read ({reason})").format(reason=error)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong (or suspicious) in the input, located to the character."""

    path: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        label = _("warning: ") if self.severity == "warning" else ""
        field = f"{self.field}: " if self.field else ""
        return printable(f"{where}: {label}{field}{self.message}")


class InputError(Exception):
    """The input cannot be built; carries every problem found in the run, not just the first."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def single(cls, path: str, line: int, column: int, field: str, message: str) -> InputError:
        return cls([Problem(path, line, column, field, message)])
