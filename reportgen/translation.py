"""The English counterparts an English edition needs: a warning for every editor's text without
its `NAME_en`, located like any other problem. While one remains the month cannot be published
(`validation.is_review_mark` counts them), and the English draft shows `english.UNTRANSLATED`."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from .errors import Problem
from .validation import PLACEHOLDER_TITLE
from .yamlsource import YamlDoc, YamlPath

UNTRANSLATED_MESSAGE = "not translated"
TRANSLATED_FIELDS = {
    "report": frozenset({"title", "caption", "notes", "body", "text", "by", "role"}),
    "attacks": frozenset({"location", "description"}),
    "raids": frozenset({"location", "description", "name", "role"}),
    "sanctions": frozenset({"target", "reason", "text", "by", "role"}),
    "camps": frozenset({"notes"}),
}
"""The free-text fields readers see, by file; each may carry `NAME_en`. The headline `reportgen
new` writes is a review mark of its own and asks for no English yet."""
_ARABIC = re.compile("[\u0600-\u06ff]")


PlaceName = Callable[[str, Any], str | None]
"""The gazetteer's English name of a location in a governorate (as written), or None."""


def untranslated_problems(
    doc: YamlDoc, file: str, place_name: PlaceName | None = None
) -> list[Problem]:
    """A warning for each text of `doc` that the English edition shows and has no English for;
    a `location` the place gazetteer names in English (`place_name`) needs none."""
    fields = TRANSLATED_FIELDS.get(file)
    if not fields or not isinstance(doc.data, dict):
        return []
    problems = [
        doc.problem(path, f"{UNTRANSLATED_MESSAGE}: add {path[-1]}_en for the English edition")
        for path in _missing(doc.data, (), fields, place_name)
    ]
    if file == "report":
        problems += _highlights(doc)
    return [_warning(p) for p in problems]


def _warning(problem: Problem) -> Problem:
    from dataclasses import replace

    return replace(problem, severity="warning")


def _missing(
    value: Any, path: YamlPath, fields: frozenset[str], place_name: PlaceName | None = None
) -> list[YamlPath]:
    found: list[YamlPath] = []
    if isinstance(value, dict):
        for key, item in value.items():
            named = key == "location" and place_name and isinstance(item, str)
            if named and place_name(item, value.get("governorate")):
                continue
            needs = (
                key in fields
                and isinstance(item, str)
                and _ARABIC.search(item)
                and item != PLACEHOLDER_TITLE
            )
            if needs and not value.get(f"{key}_en"):
                found.append((*path, key))
            found += _missing(item, (*path, key), fields, place_name)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str) and path[-1:] == ("quotes",) and _ARABIC.search(item):
                found.append((*path, i))
            found += _missing(item, (*path, i), fields, place_name)
    return found


def _highlights(doc: YamlDoc) -> list[Problem]:
    highlights = doc.data.get("highlights") or []
    english = doc.data.get("highlights_en") or []
    return [
        doc.problem(
            ("highlights", i),
            f"{UNTRANSLATED_MESSAGE}: add its English as item {i + 1} of highlights_en",
        )
        for i in range(len(english), len(highlights))
    ]


def is_untranslated(problem: Problem) -> bool:
    return problem.message.startswith(UNTRANSLATED_MESSAGE)
