"""What the schemas' keywords say to editors: every keyword the shipped schemas use has its own
message in the editor's language, never jsonschema's English."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from reportgen import i18n
from reportgen.input.schemacheck import HANDLED, check_structure
from reportgen.input.yamlsource import parse_yaml
from tests.conftest import ROOT

APPLICATORS = {"$ref", "$defs", "properties", "items", "prefixItems", "allOf", "if", "then", "else"}
APPLICATORS |= {"patternProperties", "dependentSchemas", "propertyNames", "$schema", "$id"}


def keywords(schema) -> set[str]:
    """The validation keywords of `schema` and of every schema inside it."""
    if isinstance(schema, list):
        return set().union(set(), *map(keywords, schema))
    if not isinstance(schema, dict):
        return set()
    found = set(schema) & set(Draft202012Validator.VALIDATORS)
    for key, value in schema.items():
        if key in ("properties", "$defs", "patternProperties", "dependentSchemas"):
            found |= set().union(set(), *map(keywords, value.values()))
        elif key not in ("enum", "const", "required", "default", "examples"):
            found |= keywords(value)
    return found


def test_every_keyword_the_schemas_use_has_a_message():
    used = set()
    for path in (ROOT / "reportgen" / "schemas").glob("*.schema.json"):
        used |= keywords(json.loads(path.read_text(encoding="utf-8")))
    assert {"type", "minItems", "uniqueItems"} <= used
    assert sorted(used - APPLICATORS - HANDLED) == []


PUBLICATION = (
    "editions: [ar, ar]\nisis_actors: []\nmail:\n  from: a@example.org\n"
    "  smtp: {host: localhost, port: 25, rate: 0}\n"
)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "p.yaml:1:11: editions: 'ar' is listed more than once",
                "p.yaml:2:14: isis_actors: must not be an empty list",
                "p.yaml:5:43: mail.smtp.rate: expected a number of at least 0.1, found 0",
            ],
        ),
        (
            "ar",
            [
                "p.yaml:1:11: editions: القيمة 'ar' مذكورة أكثر من مرة",
                "p.yaml:2:14: isis_actors: يجب ألا تكون القائمة فارغة",
                "p.yaml:5:43: mail.smtp.rate: كان المتوقع عددًا لا يقل عن 0.1، لكن الموجود 0",
            ],
        ),
    ],
)
def test_lists_and_exclusive_bounds_in_both_languages(language, expected):
    i18n.use(language)
    problems, _doc = check_structure(parse_yaml(PUBLICATION.encode(), "p.yaml"), "publication")
    assert [str(p) for p in problems] == expected


def _errors(validator, data) -> list[tuple]:
    return sorted(
        (tuple(map(str, e.absolute_path)), e.validator, repr(e.validator_value), e.message)
        for e in validator.iter_errors(data)
    )


def _spoiled(value, text: str, number: int):
    """`value` with every text replaced by `text` and every number by `number`."""
    if isinstance(value, dict):
        return {key: _spoiled(item, text, number) for key, item in value.items()}
    if isinstance(value, list):
        return [_spoiled(item, text, number) for item in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return number
    return text if isinstance(value, str) else value


@pytest.mark.parametrize("name", ["attacks", "raids", "casualties", "camps", "sanctions", "report"])
def test_inlined_definitions_find_the_errors_the_references_find(name):
    """The validator reads each schema with its `$defs` put in place of the references (a
    lookup per field was 40 % of validating a busy month): the example's file spoiled three
    ways (every text unlike any format, every number negative, every value of the wrong type)
    and the broken fixture's files give the same errors, at the same places, either way; and
    no reference is left to look up."""
    from reportgen.errors import InputError
    from reportgen.input.schemacheck import _inlined, _Validator, schema

    original, inlined = _Validator(schema(name)), _Validator(_inlined(schema(name)))
    example = ROOT / "inputs" / "2023-11" / f"{name}.yaml"
    good = parse_yaml(example.read_bytes(), example.name).data
    documents = [_spoiled(good, "x y!", -5), _spoiled(good, 7, "seven")]
    for path in sorted((ROOT / "tests" / "fixtures" / "broken").rglob(f"{name}.yaml")):
        try:
            documents.append(parse_yaml(path.read_bytes(), path.name).data)
        except InputError:
            continue  # not YAML: never validated
    found = set()
    for data in documents:
        assert _errors(inlined, data) == _errors(original, data)
        found |= {error[1] for error in _errors(original, data)}
    assert {"type", "minimum"} <= found or {"type", "pattern"} <= found, found
    without_definitions = {k: v for k, v in _inlined(schema(name)).items() if k != "$defs"}
    assert "$ref" not in json.dumps(without_definitions)
