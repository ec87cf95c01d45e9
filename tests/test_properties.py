"""Properties over generated months: any input either loads or fails with located problems.
(That every valid month's briefing shows the figures its data adds up to, in both editions' HTML
and PDF, is tests/briefing/test_figures_agree.py's property.)"""

from __future__ import annotations

import copy
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.input.loader import load_project
from tests.conftest import examples
from tests.generated import GeneratedMonth, months

# --- mutations ----------------------------------------------------------------------------------

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=10),
    st.sampled_from(["", " ", "2024-02-30", "2023-11-05", "http://", "../x.png", "/etc/passwd"]),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
snippets = st.one_of(
    st.binary(max_size=6),
    st.sampled_from(
        [b": ", b"\t", b"&a ", b"*a", b"*b ", b"---\n", b"!!binary ", b"<<: *a\n", b"[", b"{",
         b"\xff\xfe", b'"', b"'", b"\\u202e", b"\n  - ", b"? ", b"%YAML 1.1\n", b"\x00", b"#"]
    ),
)  # fmt: skip


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


@st.composite
def data_mutation(draw, files: dict[str, dict[str, Any]]) -> None:
    """Replace, delete or add one value somewhere in one file's data."""
    name = draw(st.sampled_from(sorted(files)))
    paths = [p for p in _paths(files[name]) if p]
    if not paths:
        files[name] = draw(junk)
        return
    path = draw(st.sampled_from(paths))
    parent = files[name]
    for part in path[:-1]:
        parent = parent[part]
    action = draw(st.sampled_from(["replace", "delete", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(junk)
    elif action == "delete" or not isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[draw(st.sampled_from(["idd", "date", "extra", "Title", ""]))] = draw(junk)


@st.composite
def file_mutation(draw, inputs: Path) -> None:
    """Damage one written file's bytes, or remove, empty, add or misname a file."""
    files = sorted(p for p in inputs.rglob("*.yaml"))
    path = draw(st.sampled_from(files))
    action = draw(st.sampled_from(["insert", "delete", "empty", "stray", "folder"]))
    if action == "insert":
        raw = path.read_bytes()
        at = draw(st.integers(0, len(raw)))
        path.write_bytes(raw[:at] + draw(snippets) + raw[at:])
    elif action == "delete":
        path.unlink()
    elif action == "empty":
        path.write_bytes(b"")
    elif action == "stray":
        stray = path.with_name(draw(st.sampled_from(["attack.yaml", "x.yml"])))
        stray.write_bytes(path.read_bytes())
    else:
        (inputs / draw(st.sampled_from(["drafts", "2024-13", "2024-03"]))).mkdir(exist_ok=True)


# --- properties ---------------------------------------------------------------------------------


def _assert_located(error: InputError, inputs: Path) -> None:
    assert error.problems
    for problem in error.problems:
        assert re.match(r"[^:\s][^:]*:\d+:\d+: ", str(problem)), str(problem)
        assert problem.line >= 1 and problem.column >= 1, str(problem)
        where = (Path.cwd() / problem.path).resolve()
        assert where.is_relative_to(inputs.resolve()), str(problem)
        if where.is_file():
            lines = where.read_bytes().count(b"\n") + 1
            assert problem.line <= lines, str(problem)


@pytest.mark.property
@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(month=months(), data=st.data())
def test_any_month_loads_or_fails_with_located_problems(month: GeneratedMonth, data):
    mutated = copy.deepcopy(month)
    for _ in range(data.draw(st.integers(0, 2), label="data mutations")):
        data.draw(data_mutation(mutated.files))
    file_mutations = data.draw(st.integers(0, 2), label="file mutations")
    changed = file_mutations > 0 or mutated.files != month.files
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        mutated.write(inputs)
        for _ in range(file_mutations):
            data.draw(file_mutation(inputs))
        try:
            load_project(inputs)
        except InputError as error:
            assert changed, f"a valid month was rejected:\n{error}"
            _assert_located(error, inputs)
