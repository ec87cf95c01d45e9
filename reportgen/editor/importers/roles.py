"""Who attacked whom in an ACLED row, by the rules of acled.yaml (shipped, or inputs/acled.yaml).

Each actor name is put on a side (isis, sdf, coalition, civilians, government, unidentified);
the first rule whose sides match the row's actor1 and actor2 says what the row is: an attack,
a raid, an unconfirmed attack, or a row to skip with its reason. A raid's forces come from
actor1 and assoc_actor_1 (coalition participation), named as inputs/actors.yaml names them.
Fatality figures that the notes call one of ACLED's coding conventions, and detention counts
in the notes, are found by the rules' regular expressions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from reportgen.errors import InputError
from reportgen.i18n import N_, _
from reportgen.input.loader import display_path
from reportgen.input.schemacheck import check_structure
from reportgen.input.yamlsource import load_yaml

SHIPPED = Path(__file__).with_name("acled.yaml")
OVERRIDE = "acled.yaml"
"""inputs/acled.yaml: the editors' parts of the rules, each replacing the shipped part."""
SKIP_REASONS = {
    "government": N_("ISIS and government or pro-government forces: outside this report's scope"),
}
NO_ISIS = N_("no ISIS actor (sides: isis in the import rules, isis_actors in publication.yaml)")
NO_RULE = N_("no rule of the import rules for these actors")
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}


@dataclass(frozen=True)
class Role:
    """What a row is: its class (attack, raid, unconfirmed), or why it is skipped."""

    kind: str | None
    skip: str | None = None
    sides: tuple[str, str] = ("", "")


@cache
def shipped_rules() -> dict[str, Any]:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def load_rules(inputs: Path) -> Rules:
    """The shipped rules with the parts inputs/acled.yaml gives replacing theirs."""
    rules = dict(shipped_rules())
    path = inputs / OVERRIDE
    if path.exists() or path.is_symlink():
        doc = load_yaml(path, display_path(path))
        problems, _checked = check_structure(doc, "acled")
        problems += _pattern_problems(doc)
        if problems:
            raise InputError(problems)
        rules.update(doc.data or {})
    return Rules(rules)


def _pattern_problems(doc) -> list:
    problems = []
    for key in ("conventions", "detained"):
        for index, pattern in enumerate((doc.data or {}).get(key) or []):
            try:
                re.compile(pattern)
            except (re.error, TypeError) as error:
                message = _("not a regular expression: {reason}").format(reason=error)
                problems.append(doc.problem((key, index), message))
    return problems


class Rules:
    def __init__(self, data: Mapping[str, Any], extra_isis: Sequence[str] = ()):
        self.data = data
        self.sides: dict[str, list[str]] = {
            side: [str(name).casefold() for name in names]
            for side, names in (data.get("sides") or {}).items()
        }
        self.sides.setdefault("isis", [])
        self.conventions = [re.compile(p, re.IGNORECASE) for p in data.get("conventions") or []]
        self.detentions = [re.compile(p, re.IGNORECASE) for p in data.get("detained") or []]
        self._sides: dict[str, str] = {}
        self._roles: dict[tuple[str, str, str], Role] = {}
        """An export repeats a few hundred actor names over its rows: each is matched once."""

    def with_isis(self, names: Sequence[str]) -> Rules:
        """These rules with publication.yaml's isis_actors added to the ISIS spellings."""
        rules = Rules(self.data)
        rules.sides["isis"] = rules.sides["isis"] + [n.casefold() for n in names]
        return rules

    def side(self, actor: str) -> str:
        """The side an actor name is on ("none" for no actor, "other" for one on no side)."""
        if actor not in self._sides:
            self._sides[actor] = self._side(actor)
        return self._sides[actor]

    def _side(self, actor: str) -> str:
        name = " ".join(actor.split()).casefold()
        if not name:
            return "none"
        for side, patterns in self.sides.items():
            if any(fnmatchcase(name, pattern) for pattern in patterns):
                return side
        return "other"

    def role(self, actor1: str, actor2: str, associated2: str = "") -> Role:
        key = (actor1, actor2, associated2)
        if key not in self._roles:
            self._roles[key] = self._role(actor1, actor2, associated2)
        return self._roles[key]

    def _role(self, actor1: str, actor2: str, associated2: str) -> Role:
        side1 = self.side(actor1)
        sides2 = {self.side(actor2)} | {self.side(a) for a in _split(associated2)} - {"none"}
        sides2 = sides2 or {"none"}
        for rule in self.data.get("roles") or []:
            if _matches(rule.get("actor1"), {side1}) and _matches(rule.get("actor2"), sides2):
                side2 = next(iter(sorted(sides2)))
                if "skip" in rule:
                    reason = str(rule["skip"])
                    shown = _(SKIP_REASONS[reason]) if reason in SKIP_REASONS else reason
                    return Role(None, shown, (side1, side2))
                return Role(str(rule["class"]), None, (side1, side2))
        isis = "isis" in {side1} | sides2
        return Role(None, _(NO_RULE) if isis else _(NO_ISIS), (side1, ""))

    def forces(self, actor1: str, associated1: str, actors: Mapping[str, str]) -> list[str]:
        """The forces named by actor1 and assoc_actor_1, as actors.yaml names them (its English
        names `actors` map name → name_en), each once, in order."""
        by_english = {english.casefold(): name for name, english in actors.items()}
        found: list[str] = []
        for actor in [actor1, *_split(associated1)]:
            name = " ".join(actor.split()).casefold()
            for entry in self.data.get("forces") or []:
                if fnmatchcase(name, str(entry["acled"]).casefold()):
                    force = entry["name"]
                    if force not in actors:
                        force = by_english.get(str(entry.get("name_en", "")).casefold(), force)
                    if force not in found:
                        found.append(force)
                    break
        return found

    def convention(self, notes: str) -> str | None:
        """The sentence of `notes` that calls its fatality figure a coding convention."""
        for pattern in self.conventions:
            found = pattern.search(notes)
            if found:
                return _sentence(notes, found.start(), found.end())
        return None

    def detained(self, notes: str) -> int | None:
        for pattern in self.detentions:
            found = pattern.search(notes)
            if found:
                word = found.group("n").casefold()
                return int(word) if word.isdigit() else NUMBERS.get(word)
        return None


def _matches(wanted: Any, sides: set[str]) -> bool:
    if wanted is None:
        return True
    names = [wanted] if isinstance(wanted, str) else list(wanted)
    return bool(set(names) & sides)


def _split(names: str) -> list[str]:
    return [name.strip() for name in names.split(";") if name.strip()]


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around `start`…`end` (ACLED ends its conventions with a full stop)."""
    begin = max(text.rfind(". ", 0, start) + 2, text.rfind("[", 0, start) + 1, 0)
    stop = text.find(".", end)
    return " ".join(text[begin : stop if stop >= 0 else len(text)].split()).strip(" []")
