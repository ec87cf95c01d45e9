"""The English counterparts an English edition needs: a warning for every editor's text without
its `NAME_en`, located like any other problem. While one remains the month cannot be published
(`validation.is_review_mark` counts them), and the English draft shows `english.UNTRANSLATED`."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from reportgen.briefing import english
from reportgen.errors import Problem
from reportgen.i18n import N_, _
from reportgen.input.validation import PLACEHOLDER_TITLE
from reportgen.input.yamlsource import YamlDoc, YamlPath

UNTRANSLATED_MESSAGE = N_("not translated")
"""How every message of this module begins, in English and in the editors' language (the
catalogs translate each message with the same prefix): `is_untranslated` looks for it."""
TRANSLATED_FIELDS = {
    "report": frozenset({"title", "caption", "notes", "body", "text", "by", "role"}),
    "attacks": frozenset({"location", "description"}),
    "raids": frozenset({"location", "description", "name", "role"}),
    "sanctions": frozenset({"target", "reason", "text", "by", "role"}),
    "camps": frozenset({"notes"}),
    "published": frozenset({"note"}),
}
"""The free-text fields readers see, by file (published.yaml: the corrections' notes); each may
carry `NAME_en`. The headline `reportgen new` writes is a review mark of its own and asks for no
English yet."""
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
        doc.problem(
            path,
            _("not translated: add {field}_en for the English edition").format(field=path[-1]),
        )
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


def arabic_missing_problems(doc: YamlDoc, file: str) -> list[Problem]:
    """A warning for each record with an English text (`NAME_en`) and no Arabic one: an
    imported record's ACLED notes, until an editor translates them. The Arabic edition shows
    nothing there, so the month waits for it like for any missing translation."""
    fields = TRANSLATED_FIELDS.get(file)
    items = doc.data.get(file) if isinstance(doc.data, dict) else None
    if not fields or not isinstance(items, list):
        return []
    problems = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        for name in sorted(fields):
            if isinstance(item.get(f"{name}_en"), str) and not item.get(name):
                message = _("not translated: add {field} (Arabic) for the Arabic edition")
                path = (file, index, f"{name}_en")
                problems.append(_warning(doc.problem(path, message.format(field=name))))
    return problems


def _highlights(doc: YamlDoc) -> list[Problem]:
    highlights = doc.data.get("highlights") or []
    english = doc.data.get("highlights_en") or []
    return [
        doc.problem(
            ("highlights", i),
            _("not translated: add its English as item {number} of highlights_en").format(
                number=i + 1
            ),
        )
        for i in range(len(english), len(highlights))
    ]


NAMED_FIELDS = {
    "raids": frozenset({"forces"}),
    "sanctions": frozenset({"authority"}),
    "camps": frozenset({"name", "country"}),
}
"""Names the English sentences name: each needs an English form (`english.NAMES` or
`name_en` in inputs/actors.yaml)."""


def unnamed_problems(doc: YamlDoc, file: str, names: Mapping[str, str]) -> list[Problem]:
    """A warning for each force, authority, country or camp without an English name."""
    fields = NAMED_FIELDS.get(file)
    if not fields or not isinstance(doc.data, dict):
        return []
    known = {**english.NAMES, **names}
    return [
        _warning(
            doc.problem(
                path,
                _(
                    "not translated: no English name for «{name}»; add it to"
                    " inputs/actors.yaml with name_en"
                ).format(name=name),
            )
        )
        for path, name in _names(doc.data, (), fields)
        if not _named(name, known)
    ]


def _named(name: str, known: Mapping[str, str]) -> bool:
    name = " ".join(name.split())
    return name in known or name.removeprefix("مخيم").strip() in known


def _names(value: Any, path: YamlPath, fields: frozenset[str]) -> list[tuple[YamlPath, str]]:
    found: list[tuple[YamlPath, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key in fields and isinstance(item, str) and _ARABIC.search(item):
                found.append(((*path, key), item))
            elif key in fields and isinstance(item, list):
                found += [
                    ((*path, key, i), name)
                    for i, name in enumerate(item)
                    if isinstance(name, str) and _ARABIC.search(name)
                ]
            else:
                found += _names(item, (*path, key), fields)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _names(item, (*path, i), fields)
    return found


def is_untranslated(problem: Problem) -> bool:
    """Whether `problem` asks for an English counterpart, in whichever language it was made."""
    prefixes = (UNTRANSLATED_MESSAGE, _(UNTRANSLATED_MESSAGE))
    return problem.message.startswith(prefixes)
