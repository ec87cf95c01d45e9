"""Generated months for the properties: any month the input format allows, written as an editor
writes it (YAML files in a month folder), and the cases that broke the briefing before.

Casualties of every category and status linked to confirmed attacks, unconfirmed attacks, raids
or nothing (ISIS dead of attacks beside ISIS dead of raids), some of them not yet confirmed
(`confirmed: false`, counted nowhere); raids by one force or several, with the coalition in some
of them only, naming notables killed (with the ISIS casualty the loader requires) and detained;
camps given by a total, by their groups only, or both; months without attacks; and before the
month, none, a summary month (totals) or a full month, the calendar month before or an earlier
one.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from hypothesis import strategies as st
from PIL import Image

from reportgen.briefing import chartcache, chartdraw
from reportgen.input.yamlsource import clean_text, visible_text
from tests.conftest import FIXTURES

MONTH = "2024-02"
PREVIOUS = "2024-01"
"""The calendar month before `MONTH`: the month its attacks are compared with."""
EARLIER = "2023-12"
"""A month before `PREVIOUS`: in the trends, but never compared with."""
GOVERNORATES = {"hasakah": "الحسكة", "raqqa": "الرقة", "deir_ez_zor": "دير الزور"}
FORCES = ("قسد", "الأسايش", "قوى الأمن الداخلي", "قوات مكافحة الإرهاب")
COALITION = "التحالف الدولي"
CAMPS = ("الهول", "مخيم روج", "العريشة")
ROLES_EN = ("military emir", "the zakat emir of ISIS", "financier of the cells")
HIDDEN = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\u200e\u200f\x00\ufeff"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإةى" + "\u064b\u064e\u064f\u0650\u0651\u0652\u0640"
EVENT_FILES = ("attacks", "raids", "casualties", "sanctions", "camps")
GROUPS = ("iraqi", "syrian", "foreign")

any_text = st.text(
    st.one_of(st.characters(exclude_categories=("Cs",)), st.sampled_from(HIDDEN + ARABIC)),
    min_size=1,
    max_size=30,
).filter(lambda text: visible_text(clean_text(text)))
arabic_text = st.text(st.sampled_from(ARABIC + " "), min_size=1, max_size=24).filter(
    lambda text: text.strip("\u0640 \u064b\u064e\u064f\u0650\u0651\u0652")
)
urls = st.from_regex(r"https?://example\.org/[a-z0-9/-]{0,20}", fullmatch=True)
governorates = st.sampled_from([*GOVERNORATES, *GOVERNORATES.values()])
counts = st.integers(0, 100_000)
people = st.integers(1, 12) | st.integers(13, 1500)
"""A casualty's count: mostly a few (the numbers sentences write in words), sometimes many."""


def days(month: str = MONTH):
    return st.integers(1, 28).map(lambda day: f"{month}-{day:02d}")


@dataclass
class GeneratedMonth:
    files: dict[str, dict[str, Any]]
    """File stem -> YAML data; an event file left out means none this month."""
    before: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Months before this one: month -> file stem -> YAML data."""

    def items(self, name: str) -> list[dict[str, Any]]:
        return self.files.get(name, {}).get(name) or []

    def write(self, inputs: Path) -> None:
        (inputs / MONTH).mkdir(parents=True)
        shutil.copy(FIXTURES / "valid" / "governorates.yaml", inputs)
        for name, data in self.files.items():
            path = inputs / (f"{name}.yaml" if name == "publication" else f"{MONTH}/{name}.yaml")
            _dump(path, data)
        for month, files in self.before.items():
            (inputs / month).mkdir()
            for name, data in files.items():
                _dump(inputs / month / f"{name}.yaml", data)


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _optional(draw, item: dict[str, Any], key: str, strategy) -> None:
    if draw(st.booleans()):
        item[key] = draw(strategy)


@st.composite
def attacks(draw, text, count: int, month: str = MONTH, prefix: str = "a") -> list[dict]:
    items = []
    for i in range(count):
        item = {
            "id": f"{prefix}-{i}",
            "date": draw(days(month)),
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
def forces(draw, text) -> list[str]:
    """One force or several, the coalition beside them (or alone) in some raids."""
    leaders = draw(st.lists(st.sampled_from(FORCES) | text, max_size=2))
    named = leaders + ([COALITION] if draw(st.booleans()) else [])
    return draw(st.permutations(named)) if named else [draw(st.sampled_from(FORCES))]


@st.composite
def raids(draw, text, count: int) -> list[dict[str, Any]]:
    items = []
    for i in range(count):
        item = {"id": f"r-{i}", "date": draw(days()), "governorate": draw(governorates)}
        _optional(draw, item, "location", text)
        _optional(draw, item, "forces", forces(text))
        _optional(draw, item, "detained", st.integers(0, 50))
        _optional(draw, item, "notable", st.lists(notable(text), max_size=3))
        named = sum(person["outcome"] == "detained" for person in item.get("notable", ()))
        if named > item.get("detained", 0):
            item["detained"] = named  # named detainees are counted in `detained`
        items.append(item)
    return items


@st.composite
def notable(draw, text) -> dict[str, Any]:
    item = {"name": draw(text), "outcome": draw(st.sampled_from(["detained", "killed"]))}
    _optional(draw, item, "role", text)
    if "role" in item:
        _optional(draw, item, "role_en", st.sampled_from(ROLES_EN))
    return item


@st.composite
def casualties(draw, text, incidents: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """A casualty, linked or not to one of `incidents` (`("attack", item)` or `("raid", item)`),
    on its incident's day when linked."""
    item = {
        "date": draw(days()),
        "category": draw(st.sampled_from(["military", "civilian", "unknown", "isis"])),
        "status": draw(st.sampled_from(["killed", "wounded"])),
        "count": draw(people),
    }
    if incidents and draw(st.integers(0, 3)):
        key, incident = draw(st.sampled_from(incidents))
        item[key] = incident["id"]
        item["date"] = incident["date"]
    _optional(draw, item, "note", text)
    _unconfirmed_sometimes(draw, item)
    return item


def _unconfirmed_sometimes(draw, casualty: dict[str, Any]) -> None:
    """Now and then a figure not yet confirmed (counted nowhere) or one confirmed in so many
    words, as the importer and the triage page write them."""
    confirmed = draw(st.sampled_from([None, None, None, False, True]))
    if confirmed is not None:
        casualty["confirmed"] = confirmed


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
        "date": draw(days()),
        "authority": draw(text),
        "target": draw(text),
        "target_type": draw(st.sampled_from(["company", "person", "organisation"])),
    }
    _optional(draw, item, "reason", text)
    _optional(draw, item, "quote", quotes(text))
    _optional(draw, item, "sources", st.lists(urls, max_size=2))
    return item


def _words(name: str) -> tuple[str, ...]:
    return tuple(name.split())


@st.composite
def camps(draw, text) -> list[dict[str, Any]]:
    """Camps given by a total, by their groups only, by both, or without a population."""
    names = draw(st.lists(st.sampled_from(CAMPS) | text, max_size=3, unique_by=_words))
    items = []
    for name in names:
        groups = {g: draw(counts) for g in GROUPS}
        some = draw(st.sets(st.sampled_from(GROUPS), min_size=1))
        given = {
            "none": (),
            "total": ("total",),
            "groups": tuple(some),
            "total and groups": ("total", *some),
        }[draw(st.sampled_from(["none", "total", "groups", "total and groups"]))]
        population = {"total": sum(groups.values()), **groups}
        item: dict[str, Any] = {"name": name}
        if given:
            item["population"] = {key: population[key] for key in sorted(given)}
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
def publications(draw) -> dict[str, Any]:
    publication: dict[str, Any] = {"digits": draw(st.sampled_from(["western", "arabic_indic"]))}
    _optional(draw, publication, "pdf_table_limit", st.integers(1, 3))
    return publication


@st.composite
def months(draw, text=any_text) -> GeneratedMonth:
    attack_list = draw(attacks(text, draw(st.sampled_from([0, 0, 1, 2]) | st.integers(0, 6))))
    raid_list = draw(raids(text, draw(st.integers(0, 4))))
    incidents = [("attack", a) for a in attack_list] + [("raid", r) for r in raid_list]
    files: dict[str, dict[str, Any]] = {
        "report": draw(reports(text)),
        "attacks": {"attacks": attack_list},
        "raids": {"raids": raid_list},
        "casualties": {
            "casualties": draw(st.lists(casualties(text, incidents), max_size=8))
            + [_killed_notables(raid) for raid in raid_list if _killed_notables(raid)]
        },
        "sanctions": {"sanctions": draw(st.lists(sanctions(text), max_size=2))},
        "camps": {"camps": draw(camps(text))},
        "publication": draw(publications()),
    }
    absent = draw(st.sets(st.sampled_from(EVENT_FILES)))
    for name in absent:
        if not files[name][name]:
            del files[name]
    return GeneratedMonth(files)


TOTALS = (
    "attacks",
    "raids",
    "detained",
    "military_killed",
    "military_wounded",
    "civilian_killed",
    "civilian_wounded",
)


@st.composite
def months_before(draw, text=arabic_text) -> dict[str, dict[str, dict[str, Any]]]:
    """What the inputs hold before the month: nothing, or the calendar month before (or an
    earlier one, which is never compared with) as a summary month or a full month."""
    kind = draw(st.sampled_from(["none", "summary", "summary", "full"]))
    if kind == "none":
        return {}
    month = draw(st.sampled_from([PREVIOUS, PREVIOUS, EARLIER]))
    report: dict[str, Any] = {"month": month, "title": draw(text)}
    if kind == "summary":
        given = draw(st.sets(st.sampled_from(TOTALS)))
        figures = st.sampled_from([0, 0, 1, 2]) | st.integers(0, 12)
        totals = {key: draw(figures) for key in TOTALS if key in given or key == "attacks"}
        if draw(st.integers(0, 5)) == 0:
            del totals["attacks"]  # a summary month that does not know its attacks
        report["totals"] = totals
        return {month: {"report": report}}
    attack_list = draw(attacks(text, draw(st.sampled_from([0, 0, 1, 2, 3])), month, "p"))
    tolls = [
        {
            "date": attack["date"],
            "category": draw(st.sampled_from(["military", "civilian", "unknown"])),
            "status": draw(st.sampled_from(["killed", "wounded"])),
            "count": draw(st.integers(1, 9)),
            "attack": attack["id"],
        }
        for attack in attack_list
        if draw(st.booleans())
    ]
    for casualty in tolls:
        _unconfirmed_sometimes(draw, casualty)
    return {
        month: {
            "report": report,
            "attacks": {"attacks": attack_list},
            "casualties": {"casualties": tolls},
        }
    }


@st.composite
def histories(draw, text=arabic_text) -> GeneratedMonth:
    """A generated month and what comes before it."""
    month = draw(months(text=text))
    month.before = draw(months_before(text))
    return month


# --- rendering without drawing ------------------------------------------------------------------


def _blank_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, format="PNG")
    return buffer.getvalue()


BLANK_PNG = _blank_png()
BLANK_SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>'


def undrawn(drafts: list, palette: dict, cache: object = None) -> list[chartdraw.Chart]:
    """The charts with their data (the alt text) and a blank picture: drawing is what takes
    time, and the page still embeds a picture for each chart (the map as a JPEG made from it)."""
    return [
        chartdraw.Chart(
            draft.id,
            draft.title,
            draft.alt,
            BLANK_SVG,
            BLANK_PNG,
            BLANK_PNG if draft.narrow else b"",
        )
        for draft in drafts
    ]


@contextmanager
def charts_undrawn() -> Iterator[None]:
    with mock.patch.object(chartcache, "rendered_all", undrawn):
        yield
