"""Input problems as values: each names the file, line, column and field, and says how to fix it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from reportgen.i18n import _

Severity = Literal["error", "warning"]
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe for one terminal line: control characters (an escape sequence in a folder name,
    a line break) and bidi controls are shown as `\\x1b`, `\\u202e`, never acted on."""
    return _UNPRINTABLE.sub(lambda found: ascii(found.group())[1:-1], text)


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
