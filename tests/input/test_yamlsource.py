from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.input.yamlsource import field_label, load_yaml, parse_yaml


def parsed(text: str, **limits: int):
    return parse_yaml(text.encode("utf-8"), "f.yaml", **limits)


def problems_of(raw: bytes | str, **limits: int) -> list[str]:
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    with pytest.raises(InputError) as caught:
        parse_yaml(raw, "f.yaml", **limits)
    return [str(p) for p in caught.value.problems]


RECORDS = """\
# comment
attacks:
  - id: a-1
    date: 2023-11-05
    governorate: الحسكة
  - id: a-2
    date: 2023-11-06
"""


def test_values_are_plain_python_and_dates_stay_text():
    doc = parsed(RECORDS)
    assert doc.data == {
        "attacks": [
            {"id": "a-1", "date": "2023-11-05", "governorate": "الحسكة"},
            {"id": "a-2", "date": "2023-11-06"},
        ]
    }


def test_positions_are_one_based_and_keyed_by_path():
    doc = parsed(RECORDS)
    assert doc.position(("attacks", 1, "date")) == (7, 11)
    assert doc.position(("attacks", 1)) == (6, 5)
    assert doc.key_position(("attacks", 0, "governorate")) == (5, 5)
    assert doc.key_position(("attacks",)) == (2, 1)


def test_position_falls_back_to_the_nearest_located_parent():
    doc = parsed(RECORDS)
    assert doc.position(("attacks", 1, "governorate")) == (6, 5)
    assert doc.key_position(("attacks", 1, "governorate")) == (6, 5)
    assert doc.position(("nothing", 5)) == (2, 1)


def test_problem_is_located_at_the_value_or_the_key():
    doc = parsed(RECORDS)
    assert str(doc.problem(("attacks", 1, "date"), "bad")) == "f.yaml:7:11: attacks[1].date: bad"
    at_key = doc.problem(("attacks", 0, "governorate"), "bad", at_key=True, severity="warning")
    assert str(at_key) == "f.yaml:5:5: warning: attacks[0].governorate: bad"


def test_field_label_uses_zero_based_indexes():
    assert field_label(("attacks", 3, "date")) == "attacks[3].date"
    assert field_label(("camps", 0, "repatriations", 2)) == "camps[0].repatriations[2]"
    assert field_label(()) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true", True),
        ("False", False),
        ("yes", "yes"),
        ("NO", "NO"),
        ("on", "on"),
        ("12", 12),
        ("-3", -3),
        ("2.5", 2.5),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        ("1:30", "1:30"),
        ("2023-11-05 10:00:00", "2023-11-05 10:00:00"),
        ("'12'", "12"),
        ("~", None),
        ("", None),
    ],
)
def test_scalars_follow_yaml_1_2(text, expected):
    assert parsed(f"value: {text}\n").data == {"value": expected}


def test_keys_are_always_their_source_text():
    assert parsed("yes: 1\n2: 2\nnull: 3\n").data == {"yes": 1, "2": 2, "null": 3}


def test_empty_and_comment_only_files_have_no_data():
    assert parsed("").data is None
    assert parsed("# yaml-language-server: $schema=x.json\n").data is None


def test_utf8_bom_does_not_shift_columns():
    doc = parse_yaml("\ufeffmonth: 2023-11\n".encode(), "f.yaml")
    assert doc.data == {"month": "2023-11"}
    assert doc.position(("month",)) == (1, 8)


def test_aliases_are_expanded():
    assert parsed("a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_duplicate_keys_are_reported_with_the_first_line():
    text = "attacks:\n  - id: a-1\n    date: 2023-11-05\n    date: 2023-11-06\nattacks: []\n"
    assert problems_of(text) == [
        "f.yaml:4:5: attacks[0].date: duplicate key 'date' (first at line 3)",
        "f.yaml:5:1: attacks: duplicate key 'attacks' (first at line 1)",
    ]


def test_non_utf8_names_the_byte_and_its_position():
    assert problems_of("title: ok\nnote: caf\xe9\n".encode("latin-1")) == [
        "f.yaml:2:10: not valid UTF-8: byte 0xe9 at offset 19; save the file with UTF-8 encoding"
    ]


def test_column_of_a_bad_byte_counts_characters_not_bytes():
    raw = "title: عنوان ".encode() + b"\xff\n"
    assert problems_of(raw)[0].startswith("f.yaml:1:14: not valid UTF-8: byte 0xff")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'title: "unclosed\n',
            "f.yaml:2:1: invalid YAML: found unexpected end of stream"
            " (while scanning a quoted scalar at line 1, column 8)",
        ),
        (
            "title: a: b\n",
            "f.yaml:1:9: invalid YAML: mapping values are not allowed here;"
            " put text that contains ': ' in quotes",
        ),
        (
            "attacks:\n\t- id: a\n",
            "f.yaml:2:1: invalid YAML: found character '\\t' that cannot start any token;"
            " indent with spaces, not tabs",
        ),
        (
            "a: 1\n---\nb: 2\n",
            "f.yaml:2:1: invalid YAML: expected a single document in the stream,"
            " but found another document; remove the '---' line",
        ),
        (
            "a: [1, 2\n",
            "f.yaml:2:1: invalid YAML: expected ',' or ']', but got '<stream end>'"
            " (while parsing a flow sequence at line 1, column 4)",
        ),
    ],
)
def test_syntax_errors_point_at_the_problem(text, expected):
    assert problems_of(text) == [expected]


def test_control_characters_are_rejected():
    assert problems_of("title: a\x07b\n") == [
        "f.yaml:1:9: character U+0007 is not allowed in YAML; remove it"
    ]


def test_unsupported_tags_and_merge_keys():
    assert problems_of("a: !!binary aGk=\nb: !custom x\n<<: {c: 1}\n") == [
        "f.yaml:1:4: a: unsupported YAML tag !!binary; remove the tag",
        "f.yaml:2:4: b: unsupported YAML tag !custom; remove the tag",
        "f.yaml:3:1: merge keys (<<) are not supported; write the fields out",
    ]


def test_complex_keys_are_rejected():
    assert problems_of("? [a, b]\n: 1\n") == [
        "f.yaml:1:3: a key must be plain text, not a list or mapping"
    ]


def test_alias_bomb_stops_at_the_node_limit():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    assert problems_of("\n".join(lines) + "\n") == [
        "f.yaml:1:20: more than 100,000 values: aliases (*name) expand too far;"
        " write the values out instead"
    ]


def test_node_limit_is_configurable():
    assert problems_of("[1, 2, 3, 4]\n", max_nodes=3)[0].startswith(
        "f.yaml:1:8: more than 3 values"
    )


def test_recursive_alias_is_rejected():
    assert problems_of("a: &a [1, *a]\n") == [
        "f.yaml:1:4: an alias (*name) refers to a value that contains it"
    ]


def test_deep_nesting_is_rejected_without_a_traceback():
    assert problems_of("[" * 60 + "]" * 60) == ["f.yaml:1:52: nested more than 50 levels deep"]
    assert problems_of("[" * 5000) == ["f.yaml:1:1: the YAML is nested too deeply to read"]


def test_load_yaml_reads_a_file(tmp_path: Path):
    path = tmp_path / "report.yaml"
    path.write_text("month: 2023-11\n", encoding="utf-8")
    assert load_yaml(path, "inputs/report.yaml").data == {"month": "2023-11"}


def test_load_yaml_rejects_oversized_files(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path, "big.yaml", max_bytes=100)
    assert str(caught.value) == "big.yaml:1:1: file is larger than the limit of 100 bytes"


def test_load_yaml_reports_unreadable_paths(tmp_path: Path):
    with pytest.raises(InputError) as caught:
        load_yaml(tmp_path, "folder.yaml")
    assert str(caught.value) == "folder.yaml:1:1: cannot read the file: Is a directory"


@given(st.text(max_size=200))
def test_any_text_parses_or_raises_input_error(text: str):
    try:
        parse_yaml(text.encode("utf-8", errors="surrogatepass"), "f.yaml")
    except InputError as error:
        assert error.problems


@given(st.binary(max_size=200))
def test_any_bytes_parse_or_raise_input_error(raw: bytes):
    try:
        parse_yaml(raw, "f.yaml")
    except InputError as error:
        assert error.problems
