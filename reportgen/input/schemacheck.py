"""Structure checks against the shipped JSON Schemas, reworded for editors.

The schemas decide what is wrong; this module only decides where to point and what to say. Text
formats are named by the `$defs` entry that holds their pattern (`date`, `month`, `url`, ...).
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from reportgen.errors import Problem
from reportgen.i18n import N_, _, ngettext
from reportgen.input import mailbox
from reportgen.input.yamlsource import YamlDoc, YamlPath, visible_text

SCHEMA_NAMES = (
    "report",
    "attacks",
    "raids",
    "casualties",
    "sanctions",
    "camps",
    "governorates",
    "publication",
    "actors",
    "readers",
    "decisions",
    "acled",
)

_TYPE_NOUNS = {
    "string": N_("text"),
    "integer": N_("an integer"),
    "number": N_("a number"),
    "boolean": N_("true or false"),
    "array": N_("a list"),
    "object": N_("a mapping"),
    "null": N_("nothing"),
}
_FORMAT_NOUNS = {
    "date": N_("a date YYYY-MM-DD"),
    "month": N_("a month YYYY-MM"),
    "url": N_("a web address starting with http:// or https://"),
    "color": N_("a colour #rrggbb"),
    "key": N_("a snake_case key (a-z, 0-9 and _, starting with a letter)"),
    "email": N_("an email address such as name@example.org"),
    "unsubscribe": N_("a mailto: address or an https:// web address"),
    "password_env": N_("the name of an environment variable starting with REPORTGEN_"),
    "source": N_("a short lowercase name (a-z, 0-9, _ and -, starting with a letter)"),
}


def describe(value: Any) -> str:
    """A found value as a message quotes it: `'خمسة'`, `-2`, `true`, `nothing`, `a list`."""
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def suggestion(found: str, candidates: list[str]) -> str | None:
    matches = difflib.get_close_matches(found, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


@cache
def schema(name: str) -> dict[str, Any]:
    text = (resources.files("reportgen") / "schemas" / f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    """`pattern` with a final `$` read as the end of the text. In ECMA-262 (which editors'
    language servers follow) `$` is the end; in Python it also matches before a final newline,
    so `"#8b1e1e\\n"` would pass as a colour."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator, pattern: str, instance: Any, _schema: Mapping[str, Any]):
    """The schema's pattern, end-anchored as ECMA-262 reads it; text that must not be empty
    (`\\S`) must have a character that draws something."""
    if not validator.is_type(instance, "string"):
        return
    text = visible_text(instance) if pattern == r"\S" else instance
    if not _anchored(pattern).search(text):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@cache
def _validator(name: str) -> Draft202012Validator:
    return _Validator(_inlined(schema(name)))


def _inlined(root: Mapping[str, Any]) -> dict[str, Any]:
    """`root` with each `{"$ref": "#/$defs/x"}` (beside at most a description) replaced by the
    definition itself: the same checks and errors, without a reference lookup per record and
    field (40 % of validating a month of a thousand attacks). A definition that refers to itself
    keeps its reference."""
    definitions = root.get("$defs", {})

    def resolved(node: Any, within: frozenset[str]) -> Any:
        if isinstance(node, list):
            return [resolved(item, within) for item in node]
        if not isinstance(node, dict):
            return node
        target = node.get("$ref")
        name = target.removeprefix("#/$defs/") if isinstance(target, str) else None
        if name in definitions and name not in within and set(node) <= {"$ref", "description"}:
            described = {key: value for key, value in node.items() if key != "$ref"}
            return {**resolved(definitions[name], within | {name}), **described}
        return {key: resolved(value, within) for key, value in node.items()}

    return resolved(dict(root), frozenset())


def check_structure(doc: YamlDoc, name: str) -> tuple[list[Problem], YamlDoc]:
    """Every way `doc.data` breaks `<name>.schema.json`, sorted, and the document with each
    broken part (a list item, else a top-level value) set to None so later rules check the rest."""
    formats = _format_names(schema(name))
    found: set[Problem] = set()
    cuts: set[YamlPath] = set()
    for error in _validator(name).iter_errors(doc.data):
        found.update(_problems(error, doc, formats))
        cut = _cut(error)
        if cut is not None:
            cuts.add(cut)
    return sorted(found), replace(doc, data=_without(doc.data, cuts))


def _cut(error: ValidationError) -> YamlPath | None:
    path = tuple(error.absolute_path)
    for i, part in enumerate(path):
        if isinstance(part, int):
            return path[: i + 1]
    if path:
        return path[:1]
    return () if error.validator == "type" else None


def _without(data: Any, cuts: set[YamlPath]) -> Any:
    if () in cuts:
        return {}
    if not cuts:
        return data
    data = copy.deepcopy(data)
    for cut in sorted(cuts, key=len):
        if any(cut[:end] in cuts for end in range(1, len(cut))):
            continue
        container = data
        for part in cut[:-1]:
            container = container[part]
        container[cut[-1]] = None
    return data


def _format_names(root: Mapping[str, Any]) -> dict[str, str]:
    return {
        definition["pattern"]: name
        for name, definition in root.get("$defs", {}).items()
        if "pattern" in definition and (name in _FORMAT_NOUNS or name == "text")
    }


def _problems(error: ValidationError, doc: YamlDoc, formats: dict[str, str]) -> Iterator[Problem]:
    path: YamlPath = tuple(error.absolute_path)
    if error.validator == "required":
        for name in _missing(error):
            yield doc.problem(path, _("missing required field '{name}'").format(name=name))
    elif error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for key in _extra_keys(error, allowed):
            yield doc.problem((*path, key), _unknown_key_message(key, allowed), at_key=True)
    else:
        yield doc.problem(path, _message(error, path, formats))


def _missing(error: ValidationError) -> list[str]:
    return [name for name in error.validator_value if name not in error.instance]


def _extra_keys(error: ValidationError, allowed: list[str]) -> list[str]:
    return [key for key in error.instance if key not in allowed]


def _unknown_key_message(key: str, allowed: list[str]) -> str:
    close = suggestion(key, allowed)
    if close:
        return _("unknown key; did you mean '{close}'?").format(close=close)
    return _("unknown key; expected one of: {keys}").format(keys=_(", ").join(allowed))


def _message(error: ValidationError, path: YamlPath, formats: dict[str, str]) -> str:
    value = error.instance
    if error.validator == "type":
        return _type_message(error.schema, value, path)
    if error.validator in ("minimum", "maximum"):
        expected = _expected(error.schema, bounds_zero=True)
        return _("expected {expected}, found {value}").format(
            expected=expected, value=describe(value)
        )
    if error.validator == "enum":
        return _enum_message(error.validator_value, value)
    if error.validator == "pattern":
        return _pattern_message(formats.get(error.validator_value), value)
    if error.validator in _OTHER_MESSAGES:
        return _OTHER_MESSAGES[error.validator](error.validator_value, value)
    return _("does not match its schema ({detail})").format(detail=error.message)


def _min_items_message(low: int, value: Any) -> str:
    if low == 1:
        return _("must not be an empty list")
    message = ngettext(
        "expected a list of at least {count} item, found {found}",
        "expected a list of at least {count} items, found {found}",
        low,
    )
    return message.format(count=low, found=len(value))


def _max_items_message(high: int, value: Any) -> str:
    message = ngettext(
        "expected a list of at most {count} item, found {found}",
        "expected a list of at most {count} items, found {found}",
        high,
    )
    return message.format(count=high, found=len(value))


def _unique_items_message(_unique: bool, value: list[Any]) -> str:
    repeated = next((item for i, item in enumerate(value) if item in value[:i]), None)
    return _("{value} is listed more than once").format(value=describe(repeated))


def _exclusive_minimum_message(low: float, value: Any) -> str:
    message = _("expected a number greater than {low}, found {value}")
    return message.format(low=low, value=describe(value))


def _exclusive_maximum_message(high: float, value: Any) -> str:
    message = _("expected a number less than {high}, found {value}")
    return message.format(high=high, value=describe(value))


def _min_length_message(low: int, value: Any) -> str:
    message = ngettext(
        "expected text of at least {count} character",
        "expected text of at least {count} characters",
        low,
    )
    return message.format(count=low)


def _max_length_message(high: int, value: Any) -> str:
    message = ngettext(
        "expected text of at most {count} character, found {found}",
        "expected text of at most {count} characters, found {found}",
        high,
    )
    return message.format(count=high, found=len(value))


def _const_message(expected: Any, value: Any) -> str:
    message = _("expected {expected}, found {value}")
    return message.format(expected=describe(expected), value=describe(value))


def _one_of_message(forms: list[Mapping[str, Any]], value: Any) -> str:
    keys = [f["required"][0] for f in forms if list(f) == ["required"] and len(f["required"]) == 1]
    if len(keys) == len(forms):
        return _("expected exactly one of {keys}").format(keys=_(", ").join(keys))
    return _("not one of the forms this field allows (see docs/data-format.md)")


_OTHER_MESSAGES = {
    "oneOf": _one_of_message,
    "minItems": _min_items_message,
    "maxItems": _max_items_message,
    "uniqueItems": _unique_items_message,
    "exclusiveMinimum": _exclusive_minimum_message,
    "exclusiveMaximum": _exclusive_maximum_message,
    "minLength": _min_length_message,
    "maxLength": _max_length_message,
    "const": _const_message,
}
"""What the other keywords a schema may use say, by keyword (the common ones are above)."""
HANDLED = frozenset({"type", "required", "additionalProperties", "minimum", "maximum", "enum"})
HANDLED |= {"pattern", *_OTHER_MESSAGES}


def _type_message(subschema: Mapping[str, Any], value: Any, path: YamlPath) -> str:
    if not path:
        keys = _(", ").join(subschema.get("properties", {}))
        message = _("expected a mapping at the top of the file (keys: {keys}), found {value}")
        return message.format(keys=keys, value=describe(value))
    expected = _expected(subschema, bounds_zero=False)
    message = _("expected {expected}, found {value}").format(
        expected=expected, value=describe(value)
    )
    if _types(subschema) == ["string"] and isinstance(value, int | float):
        message += _(" (put it in quotes: '{value}')").format(value=describe(value))
    return message


def _types(subschema: Mapping[str, Any]) -> list[str]:
    declared = subschema.get("type", [])
    types = [declared] if isinstance(declared, str) else list(declared)
    return [t for t in types if t != "null"] or types


def _expected(subschema: Mapping[str, Any], *, bounds_zero: bool) -> str:
    """What the field takes; a lower bound of 0 is only worth saying when the value is negative."""
    return _(" or ").join(_type_noun(t, subschema, bounds_zero) for t in _types(subschema))


def _type_noun(type_name: str, subschema: Mapping[str, Any], bounds_zero: bool) -> str:
    low, high = subschema.get("minimum"), subschema.get("maximum")
    if low == 0 and high is None and not bounds_zero:
        low = None
    if type_name in ("integer", "number") and low is not None and high is not None:
        noun = _(_TYPE_NOUNS[type_name])
        return _("{noun} from {low} to {high}").format(noun=noun, low=low, high=high)
    if type_name in ("integer", "number") and low is not None:
        return _("{noun} of at least {low}").format(noun=_(_TYPE_NOUNS[type_name]), low=low)
    return _(_TYPE_NOUNS[type_name])


def _enum_message(allowed: list[Any], value: Any) -> str:
    message = _("expected one of: {allowed}; found {value}")
    message = message.format(allowed=_(", ").join(map(str, allowed)), value=describe(value))
    close = suggestion(value, [str(a) for a in allowed]) if isinstance(value, str) else None
    return message + _(" (did you mean '{close}'?)").format(close=close) if close else message


def _pattern_message(format_name: str | None, value: Any) -> str:
    if format_name == "text":
        return _("must not be empty")
    explained = _explained(format_name, value)
    if explained:
        return explained
    noun = _(_FORMAT_NOUNS.get(format_name or "", N_("text in the expected format")))
    return _("expected {expected}, found {value}").format(expected=noun, value=describe(value))


def _explained(format_name: str | None, value: Any) -> str | None:
    """What is wrong with an address or a password variable, from the rules behind their
    patterns (`mailbox`), which the sender applies too."""
    explain = {"email": mailbox.address_problem, "password_env": mailbox.password_env_problem}
    if format_name in explain and isinstance(value, str):
        return explain[format_name](value)
    return None
