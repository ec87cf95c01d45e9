"""Properties over generated months: any input either loads or fails with located problems, and
every valid month's briefing shows the figures its data adds up to."""

from __future__ import annotations

import copy
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import html5lib
import pypdfium2
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportgen.errors import InputError
from reportgen.input.loader import load_project
from reportgen.input.yamlsource import clean_text, visible_text
from reportgen.publish.build import build_month, load
from tests.conftest import FIXTURES, examples, expected_in_pdf, normalise

MONTH = "2024-02"
GOVERNORATES = {"hasakah": "الحسكة", "raqqa": "الرقة", "deir_ez_zor": "دير الزور"}
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e\u200f\x00\ufeff"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى" + "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"
KEY_FIGURES = {
    "attacks": "الهجمات المؤكدة",
    "killed": "القتلى",
    "wounded": "الجرحى",
    "raids": "المداهمات",
    "detained": "المعتقلون",
    "camp": "سكان المخيمات",
}
EVENT_FILES = ("attacks", "raids", "casualties", "sanctions", "camps")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
FIGURE = "[0-9٠-٩]{1,3}(?:[ ,٬][0-9٠-٩]{3})*(?![0-9٠-٩])"

any_text = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(HIDDEN + ARABIC)),
    min_size=1,
    max_size=30,
).filter(lambda text: visible_text(clean_text(text)))
arabic_text = st.text(st.sampled_from(ARABIC + " "), min_size=1, max_size=24).filter(
    lambda text: text.strip("\u0640 \u064b\u064e\u064f\u0650\u0651\u0652")
)
urls = st.from_regex(r"https?://example\.org/[a-z0-9/-]{0,20}", fullmatch=True)
days = st.integers(1, 29).map(lambda day: f"{MONTH}-{day:02d}")
governorates = st.sampled_from([*GOVERNORATES, *GOVERNORATES.values()])
counts = st.integers(0, 100_000)


@dataclass
class GeneratedMonth:
    files: dict[str, dict[str, Any]]
    """File stem -> YAML data; an event file left out means none this month."""

    def figures(self) -> dict[str, int | None]:
        """The key figures the briefing must show for this data."""
        attacks = self.items("attacks")
        confirmed = {a["id"] for a in attacks if a.get("confirmed", True)}
        casualties = [c for c in self.items("casualties") if c.get("attack") in confirmed]
        populations = [camp.get("population", {}) for camp in self.items("camps")]
        groups = ("iraqi", "syrian", "foreign")
        totals = [
            population["total"]
            if "total" in population
            else sum(population[group] for group in groups if group in population)
            for population in populations
            if "total" in population or any(group in population for group in groups)
        ]
        return {
            "attacks": sum(1 for a in attacks if a.get("confirmed", True)),
            "killed": _casualties(casualties, "killed"),
            "wounded": _casualties(casualties, "wounded"),
            "raids": len(self.items("raids")),
            "detained": sum(r.get("detained", 0) for r in self.items("raids")),
            "camp": sum(totals) if totals else None,
        }

    def items(self, name: str) -> list[dict[str, Any]]:
        return self.files.get(name, {}).get(name) or []

    def write(self, inputs: Path) -> None:
        (inputs / MONTH).mkdir(parents=True)
        shutil.copy(FIXTURES / "valid" / "governorates.yaml", inputs)
        for name, data in self.files.items():
            path = inputs / (f"{name}.yaml" if name == "publication" else f"{MONTH}/{name}.yaml")
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _casualties(casualties: list[dict[str, Any]], status: str) -> int:
    return sum(
        c["count"]
        for c in casualties
        if c["status"] == status and c["category"] in ("military", "civilian")
    )


# --- generated months ---------------------------------------------------------------------------


def _optional(draw, item: dict[str, Any], key: str, strategy) -> None:
    if draw(st.booleans()):
        item[key] = draw(strategy)


@st.composite
def attacks(draw, text, count: int) -> list[dict[str, Any]]:
    items = []
    for i in range(count):
        item = {
            "id": f"a-{i}",
            "date": draw(days),
            "governorate": draw(governorates),
            "type": draw(st.sampled_from(["armed_attack", "ied", "assassination", "other"])),
            "target": draw(st.sampled_from(["military", "civilian", "infrastructure", "camp"])),
        }
        _optional(draw, item, "location", text)
        _optional(draw, item, "confirmed", st.booleans())
        _optional(draw, item, "claimed", st.booleans())
        _optional(draw, item, "description", text)
        _optional(draw, item, "sources", st.lists(urls, max_size=2))
        items.append(item)
    return items


@st.composite
def raids(draw, text, count: int) -> list[dict[str, Any]]:
    items = []
    for i in range(count):
        item = {"id": f"r-{i}", "date": draw(days), "governorate": draw(governorates)}
        _optional(draw, item, "location", text)
        _optional(draw, item, "forces", st.lists(text, min_size=1, max_size=2))
        _optional(draw, item, "detained", st.integers(0, 50))
        _optional(draw, item, "notable", st.lists(notable(text), max_size=2))
        named = sum(person["outcome"] == "detained" for person in item.get("notable", ()))
        if named > item.get("detained", 0):
            item["detained"] = named  # named detainees are counted in `detained`
        items.append(item)
    return items


@st.composite
def notable(draw, text) -> dict[str, Any]:
    item = {"name": draw(text), "outcome": draw(st.sampled_from(["detained", "killed"]))}
    _optional(draw, item, "role", text)
    return item


@st.composite
def casualties(draw, text, incidents: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """A casualty, linked or not to one of `incidents` (`("attack", item)` or `("raid", item)`),
    on its incident's day when linked."""
    item = {
        "date": draw(days),
        "category": draw(st.sampled_from(["military", "civilian", "isis"])),
        "status": draw(st.sampled_from(["killed", "wounded"])),
        "count": draw(st.integers(1, 40)),
    }
    if incidents and draw(st.booleans()):
        key, incident = draw(st.sampled_from(incidents))
        item[key] = incident["id"]
        item["date"] = incident["date"]
    _optional(draw, item, "note", text)
    return item


def _killed_notables(raid: dict[str, Any]) -> dict[str, Any] | None:
    """The ISIS casualty a raid's killed notables need (check refuses more names than deaths)."""
    named = sum(person["outcome"] == "killed" for person in raid.get("notable", ()))
    if not named:
        return None
    return {
        "date": raid["date"],
        "category": "isis",
        "status": "killed",
        "count": named,
        "raid": raid["id"],
    }


@st.composite
def quotes(draw, text) -> str | dict[str, str]:
    if draw(st.booleans()):
        return draw(text)
    quote = {"text": draw(text)}
    _optional(draw, quote, "by", text)
    _optional(draw, quote, "role", text)
    return quote


@st.composite
def sanctions(draw, text) -> dict[str, Any]:
    item = {
        "date": draw(days),
        "authority": draw(text),
        "target": draw(text),
        "target_type": draw(st.sampled_from(["company", "person", "organisation"])),
    }
    _optional(draw, item, "reason", text)
    _optional(draw, item, "quote", quotes(text))
    _optional(draw, item, "sources", st.lists(urls, max_size=2))
    return item


@st.composite
def camps(draw, text) -> list[dict[str, Any]]:
    names = draw(st.lists(text, max_size=2, unique_by=lambda name: name.strip()))
    items = []
    for name in names:
        groups = {g: draw(counts) for g in ("iraqi", "syrian", "foreign")}
        population = {"total": sum(groups.values()), **groups}
        kept = draw(st.sets(st.sampled_from(sorted(population))))
        item: dict[str, Any] = {"name": name}
        if kept:
            item["population"] = {key: population[key] for key in sorted(kept)}
        repatriation = st.fixed_dictionaries({"country": text, "people": st.integers(1, 500)})
        _optional(draw, item, "repatriations", st.lists(repatriation, max_size=2))
        _optional(draw, item, "notes", text)
        items.append(item)
    return items


@st.composite
def reports(draw, text) -> dict[str, Any]:
    report: dict[str, Any] = {"month": MONTH, "title": draw(text)}
    _optional(draw, report, "highlights", st.lists(text, max_size=2))
    sections = []
    for i in range(draw(st.integers(0, 2))):
        section = {"id": f"s-{i}", "title": draw(text)}
        _optional(draw, section, "body", bodies(text))
        _optional(draw, section, "quotes", st.lists(quotes(text), max_size=2))
        _optional(
            draw, section, "after", st.sampled_from(["attacks", "raids", "sanctions", "camps"])
        )
        sections.append(section)
    if sections:
        report["sections"] = sections
    _optional(draw, report, "notes", text)
    return report


@st.composite
def bodies(draw, text) -> str:
    parts = draw(st.lists(text, min_size=1, max_size=3))
    link = draw(urls)
    return f"**{parts[0]}**\n\n" + " ".join(parts[1:]) + f" [{parts[0].strip() or 'x'}]({link})"


@st.composite
def months(draw, text=any_text) -> GeneratedMonth:
    attack_list = draw(attacks(text, draw(st.integers(0, 5))))
    raid_list = draw(raids(text, draw(st.integers(0, 3))))
    incidents = [("attack", a) for a in attack_list] + [("raid", r) for r in raid_list]
    files: dict[str, dict[str, Any]] = {
        "report": draw(reports(text)),
        "attacks": {"attacks": attack_list},
        "raids": {"raids": raid_list},
        "casualties": {
            "casualties": draw(st.lists(casualties(text, incidents), max_size=5))
            + [_killed_notables(raid) for raid in raid_list if _killed_notables(raid)]
        },
        "sanctions": {"sanctions": draw(st.lists(sanctions(text), max_size=2))},
        "camps": {"camps": draw(camps(text))},
        "publication": {"digits": draw(st.sampled_from(["western", "arabic_indic"]))},
    }
    absent = draw(st.sets(st.sampled_from(EVENT_FILES)))
    for name in absent:
        if not files[name][name]:
            del files[name]
    return GeneratedMonth(files)


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


def _html_figures(html: str) -> dict[str, int | None]:
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    shown = {
        div.get("class").split("figure-")[-1]: "".join(div.find("dd/span").itertext())
        for div in tree.findall(".//dl[@class='figures']/div")
    }
    return {key: _number(shown[key]) if key in shown else None for key in KEY_FIGURES}


def _pdf_figures(pdf: Path) -> dict[str, int | None]:
    pages = pypdfium2.PdfDocument(pdf)
    text = normalise(" ".join(page.get_textpage().get_text_range() for page in pages))
    start = text.index(expected_in_pdf("أرقام الشهر"))
    text = text[start : text.index(expected_in_pdf("هجمات خلايا داعش النائمة"), start)]
    figures = {}
    for key, label in KEY_FIGURES.items():
        found = re.search(rf"{re.escape(expected_in_pdf(label))} ({FIGURE})", text)
        figures[key] = _number(found.group(1)) if found else None
    return figures


def _number(shown: str) -> int:
    return int(re.sub("[ ,٬]", "", shown.translate(DIGITS)))


@pytest.mark.property
@settings(
    max_examples=examples(4),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(month=months(text=arabic_text))
def test_every_valid_month_shows_its_totals_in_html_and_pdf(month: GeneratedMonth):
    with tempfile.TemporaryDirectory() as tmp:
        inputs, output = Path(tmp) / "inputs", Path(tmp) / "output"
        month.write(inputs)
        result = build_month(load(inputs), MONTH, output)
        html = (output / MONTH / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
        expected = month.figures()
        assert _html_figures(html) == expected
        assert _pdf_figures(result.outputs[0]) == expected
