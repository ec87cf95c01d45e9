"""The English edition: both editions of the example month, links between them and from the
archive, the English texts editors add (and the warning, marker and refusal when one is missing),
and build freshness covering both editions."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import html5lib
import pypdfium2
import pytest

from reportgen.briefing.english import UNTRANSLATED
from reportgen.errors import InputError
from reportgen.publish.archive import write_index
from reportgen.publish.build import STAMP, _is_current, load, refuse_unpublishable
from reportgen.publish.release import publish_month
from tests.conftest import EXAMPLE_INPUTS, copy_inputs, normalise, render_briefing

MONTH = "2023-11"


def _pdf_text(path: Path) -> str:
    pdf = pypdfium2.PdfDocument(path)
    return normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))


def _html(path: Path):
    return html5lib.parse(path.read_text(encoding="utf-8"), namespaceHTMLElements=False)


def test_both_editions_of_the_example_month_are_built(example_build: Path):
    arabic, english = (
        _html(example_build / f"sitrep-{MONTH}.html"),
        _html(example_build / f"sitrep-{MONTH}.en.html"),
    )
    assert (arabic.get("lang"), arabic.get("dir")) == ("ar", "rtl")
    assert (english.get("lang"), english.get("dir")) == ("en", "ltr")
    alternates = [
        (link.get("hreflang"), link.get("href"))
        for tree in (arabic, english)
        for link in tree.iter("link")
        if link.get("rel") == "alternate" and link.get("type") is None
    ]
    assert alternates == [("en", f"sitrep-{MONTH}.en.html"), ("ar", f"sitrep-{MONTH}.html")]
    switch = english.find(".//header/a[@class='edition-link screen-only']")
    assert (switch.get("href"), switch.get("hreflang")) == (f"sitrep-{MONTH}.html", "ar")
    arabic_charts = {p.name for p in (example_build / "charts").glob("*.svg")}
    english_charts = {p.name for p in (example_build / "charts" / "en").glob("*.svg")}
    assert english_charts == arabic_charts and "map.svg" in english_charts


def test_the_english_pdf_reads_in_english(example_build: Path):
    text = _pdf_text(example_build / f"sitrep-{MONTH}.en.pdf")
    for sentence in (
        "Sleeper Cell Report, November 2023",
        "ISIS sleeper cells carried out 11 confirmed attacks in North and East Syria in November,"
        " down from 17 in October.",
        "In these attacks, four military personnel were killed and five wounded, and seven"
        " civilians were wounded.",
        "Iraq repatriated 776 of its citizens from al-Hol camp.",
        "SDF commander says ISIS is benefiting from tensions between the US and Iran-backed"
        " militias",
    ):
        assert normalise(sentence) in text, sentence
    assert UNTRANSLATED not in text
    assert "مسودة" not in text


def test_a_missing_english_text_is_a_located_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inputs = copy_inputs(tmp_path)
    attacks = inputs / MONTH / "attacks.yaml"
    lines = attacks.read_text(encoding="utf-8").split("\n")
    dropped = next(i for i, line in enumerate(lines) if line.startswith("    description_en:"))
    del lines[dropped]
    attacks.write_text("\n".join(lines), encoding="utf-8")
    report = inputs / MONTH / "report.yaml"
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("  caption_en:", "  # caption_en:"), encoding="utf-8")
    (inputs / MONTH / "published.yaml").unlink()

    loaded = load(Path("inputs"))

    assert [str(w) for w in loaded.warnings] == [
        f"inputs/{MONTH}/attacks.yaml:{dropped}:18: warning: attacks[0].description: not"
        " translated: add description_en for the English edition",
        f"inputs/{MONTH}/report.yaml:9:12: warning: cover.caption: not translated: add"
        " caption_en for the English edition",
    ]
    with pytest.raises(InputError) as refused:
        refuse_unpublishable(loaded, [MONTH])
    assert [(p.line, p.field) for p in refused.value.problems] == [
        (dropped, "attacks[0].description"),
        (1, "status"),  # published, but marks remain
        (3, "status"),  # published, but no record of publication
        (9, "cover.caption"),
    ]


def test_the_english_draft_marks_untranslated_text_and_publishing_is_refused(tmp_path):
    inputs = copy_inputs(tmp_path)
    report = inputs / MONTH / "report.yaml"
    text = report.read_text(encoding="utf-8").replace("status: published", "status: draft")
    report.write_text(text.replace("title_en:", "# title_en:"), encoding="utf-8")

    html, _ = render_briefing(load(inputs), MONTH, edition="en")

    tree = html5lib.parse(html, namespaceHTMLElements=False)
    headline = tree.find(".//h1/span[@class='headline']")
    assert "".join(headline.itertext()) == UNTRANSLATED
    assert tree.find(".//p[@id='draft-mark']") is not None
    with pytest.raises(InputError) as refused:
        publish_month(inputs, MONTH)
    assert [p.message for p in refused.value.problems if p.field == "title"] == [
        "not translated: add title_en for the English edition"
    ]
    assert report.read_text(encoding="utf-8").count("status: draft") == 1


def test_without_the_english_edition_nothing_asks_for_english(tmp_path):
    inputs = copy_inputs(tmp_path)
    publication = inputs / "publication.yaml"
    text = publication.read_text(encoding="utf-8")
    publication.write_text(text.replace("editions: [ar, en]", "editions: [ar]"), encoding="utf-8")
    attacks = inputs / MONTH / "attacks.yaml"
    lines = attacks.read_text(encoding="utf-8").split("\n")
    attacks.write_text("\n".join(x for x in lines if "_en:" not in x), encoding="utf-8")

    loaded = load(inputs)

    assert loaded.project.publication.editions == ("ar",)
    assert loaded.warnings == ()
    html, _ = render_briefing(loaded, MONTH)
    assert 'hreflang="en"' not in html


def test_a_month_is_current_only_with_every_edition(tmp_path):
    target = tmp_path / MONTH
    target.mkdir()

    def stamp(*names: str) -> None:
        for name in names:
            (target / name).write_text("x")
        written = {p.name: hashlib.sha256(b"x").hexdigest() for p in target.glob("sitrep-*")}
        (target / STAMP).write_text(json.dumps({"fingerprint": "f", "outputs": written}))

    stamp(f"sitrep-{MONTH}.pdf", f"sitrep-{MONTH}.html")
    assert _is_current(target, MONTH, "f", ("ar",))
    assert not _is_current(target, MONTH, "f", ("ar", "en"))
    stamp(f"sitrep-{MONTH}.en.pdf", f"sitrep-{MONTH}.en.html")
    assert _is_current(target, MONTH, "f", ("ar", "en"))


def test_the_archive_lists_both_editions_with_hreflang(example_build: Path, tmp_path):
    output = tmp_path / "output"
    shutil.copytree(example_build, output / MONTH)

    index, written = write_index(load(EXAMPLE_INPUTS), output)

    assert written
    tree = _html(index)
    links = [
        (a.get("hreflang"), a.get("href")) for a in tree.findall(f".//li[@id='month-{MONTH}']//a")
    ]
    assert links == [
        (None, f"{MONTH}/sitrep-{MONTH}.html"),
        ("ar", f"{MONTH}/sitrep-{MONTH}.html"),
        ("ar", f"{MONTH}/sitrep-{MONTH}.pdf"),
        ("en", f"{MONTH}/sitrep-{MONTH}.en.html"),
        ("en", f"{MONTH}/sitrep-{MONTH}.en.pdf"),
    ]


def test_locations_take_their_english_from_the_place_gazetteer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inputs = copy_inputs(tmp_path)
    for name in ("attacks.yaml", "raids.yaml"):
        path = inputs / MONTH / name
        lines = path.read_text(encoding="utf-8").split("\n")
        path.write_text("\n".join(x for x in lines if "location_en:" not in x), encoding="utf-8")

    loaded = load(Path("inputs"))

    assert [str(w) for w in loaded.warnings] == [
        f"inputs/{MONTH}/raids.yaml:9:15: warning: raids[0].location: not translated: add"
        " location_en for the English edition"
    ]
    html, _ = render_briefing(loaded, MONTH, edition="en")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    rows = tree.findall(".//table[@class='attacks']/tbody/tr")
    places = ["".join(tr.findall("td")[2].itertext()) for tr in rows if tr.get("class") is None]
    assert places[:3] == ["Dhiban", "al-Hol camp", "al-Busayrah"]


def test_a_name_without_english_is_a_warning_until_actors_yaml_names_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    inputs = copy_inputs(tmp_path)
    raids = inputs / MONTH / "raids.yaml"
    text = raids.read_text(encoding="utf-8")
    raids.write_text(text.replace("forces: [الأسايش]", "forces: [حرس الحدود]"), encoding="utf-8")
    line = text.split("forces: [الأسايش]")[0].count("\n") + 1

    assert [str(w) for w in load(Path("inputs")).warnings] == [
        f"inputs/{MONTH}/raids.yaml:{line}:14: warning: raids[2].forces[0]: not translated: no"
        " English name for «حرس الحدود»; add it to inputs/actors.yaml with name_en"
    ]
    (inputs / "actors.yaml").write_text(
        "actors:\n  - name: حرس الحدود\n    gender: masculine\n    name_en: the Border Guard\n",
        encoding="utf-8",
    )
    loaded = load(Path("inputs"))
    assert loaded.warnings == ()
    html, _ = render_briefing(loaded, MONTH, edition="en")
    assert "the Border Guard" in html


def test_english_bodies_and_notes_have_the_long_text_limit(tmp_path: Path):
    """`body_en` and `notes_en` are as long as `body` and `notes` may be, not 2,000 characters."""
    inputs = copy_inputs(tmp_path)
    report = inputs / "2023-11" / "report.yaml"
    long_english = "Long English text. " * 200
    lines = report.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("notes_en:"))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith((" ", "\n"))),
        len(lines),
    )
    lines[start:end] = [f"notes_en: {long_english.strip()}\n"]
    report.write_text("".join(lines), encoding="utf-8")
    assert len(long_english) > 2_000
    project = load(inputs).project
    assert project.months["2023-11"].report.notes_en == long_english.strip()
