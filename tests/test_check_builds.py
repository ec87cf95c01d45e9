"""The property "check passes ⇒ build succeeds" over the inputs the schemas allow, edges included:
any month folder name, colours and dates with a final newline, markup nested deep, text of
invisible characters, and a history reaching far back.

The suite runs a few examples (HTML for most, the PDF for two); `make fuzz` runs many more by
setting REPORTGEN_FUZZ (a multiplier of the example counts).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from reportgen.briefing.charts import archive_chart
from reportgen.briefing.render import write_pdf
from reportgen.errors import InputError
from reportgen.publish.build import load
from tests.briefing.months import arabic
from tests.conftest import ROOT, examples, render_briefing
from tests.generated import MONTH, GeneratedMonth, arabic_text, months

INVISIBLE = "\u3164\u115f\u1160\u00ad\u2800\u200b\u034f\ufe0f\u180e \n"
MONTH_KEY = r"[0-9]{4}-(0[1-9]|1[0-2])"
HEX = st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True)


def mostly(usual: st.SearchStrategy, edge: st.SearchStrategy) -> st.SearchStrategy:
    """`usual` four times in five, else `edge`: most examples then pass `check` and get built."""
    return st.integers(0, 4).flatmap(lambda n: edge if n == 0 else usual)


month_keys = mostly(
    st.from_regex(r"20[0-9]{2}-(0[1-9]|1[0-2])", fullmatch=True),
    st.one_of(
        st.from_regex(MONTH_KEY, fullmatch=True),
        st.sampled_from(["0000-11", "0202-11", "1999-12", "2000-01", "2100-12", "2101-01"]),
    ),
)
colours = mostly(HEX, st.one_of(HEX.map(lambda c: c + "\n"), st.text(max_size=9)))
edge_text = mostly(
    arabic_text,
    st.one_of(
        st.text(st.sampled_from(INVISIBLE), min_size=1, max_size=4),
        st.tuples(arabic_text, st.text(st.sampled_from(INVISIBLE), max_size=3)).map("".join),
    ),
)


@st.composite
def nested(draw, text=arabic_text) -> str:
    """Body markup nested 0 to 60 levels deep: emphasis, strong and links inside each other."""
    body = draw(text)
    for _ in range(draw(st.integers(0, 60))):
        body = draw(
            st.sampled_from(
                [f"*{body}*", f"**{body}**", f"_{body}_", f"[{body}](https://example.org)"]
            )
        )
    return body


@st.composite
def projects(draw) -> tuple[GeneratedMonth, str, str | None, int | None]:
    """A generated month, moved to a drawn key, with schema-allowed edges mixed in; a summary
    month at another drawn key; and a month whose first attack date gets a final newline."""
    month = draw(months(text=arabic_text))
    report = month.files["report"]
    report["title"] = draw(edge_text)
    if draw(st.booleans()):
        report.setdefault("sections", [{"id": "s", "title": draw(arabic_text)}])
        report["sections"][0]["body"] = draw(nested())
    if draw(st.booleans()):
        report["notes"] = draw(nested())
    if draw(st.booleans()):
        names = ["primary", "secondary", "muted", "text", "grid"]
        chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True))
        month.files["publication"]["colors"] = {name: draw(colours) for name in chosen}
    if draw(st.integers(0, 4)) == 0 and month.items("attacks"):
        month.files["attacks"]["attacks"][0]["date"] += "\n"
    key = draw(month_keys)
    history = draw(st.one_of(st.none(), month_keys.filter(lambda k: k != key)))
    attacks = draw(st.integers(0, 50)) if history else None
    return month, key, history, attacks


def _write(inputs: Path, month: GeneratedMonth, key: str, history: str | None, attacks) -> None:
    month.write(inputs)
    folder = inputs / MONTH
    for path in folder.iterdir():
        path.write_text(path.read_text(encoding="utf-8").replace(MONTH, key), encoding="utf-8")
    folder.rename(inputs / key)
    if history:
        (inputs / history).mkdir()
        report = {"month": history, "title": "ملخص", "totals": {"attacks": attacks}}
        (inputs / history / "report.yaml").write_text(
            yaml.safe_dump(report, allow_unicode=True), encoding="utf-8"
        )


def _checked_and_built(case, pdf: bool) -> None:
    month, key, history, attacks = case
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "inputs"
        _write(inputs, month, key, history, attacks)
        try:
            loaded = load(inputs)
        except InputError:
            event("check: problems found")
            assume(not pdf)
            return
        event("check: passed")
        html, _charts = render_briefing(loaded, key, medium="print" if pdf else "screen")
        assert re.search(r"<html[^>]*dir=\"rtl\"", html)
        archive_chart(loaded.dataset.summary, key, arabic().chart_words())
        if pdf:
            target = Path(tmp) / "briefing.pdf"
            write_pdf(html, target, allowed=(ROOT / "templates", inputs / key))
            assert target.read_bytes().startswith(b"%PDF-")


_SETTINGS = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
}


@pytest.mark.property
@settings(max_examples=examples(10), **_SETTINGS)
@given(case=projects())
def test_what_check_passes_renders_as_html(case):
    _checked_and_built(case, pdf=False)


@pytest.mark.property
@settings(max_examples=examples(2), **_SETTINGS)
@given(case=projects())
def test_what_check_passes_prints_as_pdf(case):
    _checked_and_built(case, pdf=True)
