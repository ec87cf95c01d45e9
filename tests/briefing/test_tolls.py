"""Issue #8's counting rules end to end: attack tolls count confirmed attacks only; a raid's
casualties are told in the raids paragraph, an unconfirmed attack's in the unconfirmed note."""

from __future__ import annotations

import shutil
from pathlib import Path

import html5lib
import pandas as pd
import pypdfium2
import pytest

from reportgen.publish.build import build_month, load
from tests.briefing.months import arabic, attacks_month, english, facts_of, month_record, said
from tests.conftest import FIXTURES, expected_in_pdf, normalise, render_briefing

BULLET = "خلال هذه الهجمات قُتل عسكريان وأصيب آخر."
ATTACKS = (
    "في شهر تشرين الثاني (نوفمبر)، شنّت خلايا داعش النائمة 3 هجمات مؤكدة في شمال وشرق سوريا،"
    " أسفرت عن مقتل عسكريَّين اثنين وإصابة آخر. وتوزّعت الهجمات على دير الزور (2) والرقة (1)."
    " وسُجّل كذلك هجوم غير مؤكد واحد."
)
RAIDS = (
    "نفّذت قوى الأمن الداخلي في هذا الشهر مداهمةً واحدةً على خلايا داعش النائمة، أسفرت عن"
    " اعتقال 3 أشخاص. وخلال هذه المداهمة قُتل عسكري واحد."
)
UNCONFIRMED = (
    "هجوم واحد لم تتأكد نسبته إلى خلايا داعش، ولا يدخل في الأرقام أعلاه، وقد أسفر عن مقتل"
    " مدنيَّين اثنين."
)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _build(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    output = tmp_path_factory.mktemp(name)
    build_month(load(FIXTURES / name), "2023-11", output)
    return output / "2023-11"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory, "tolls")


@pytest.fixture(scope="module")
def tree(built: Path):
    html = (built / "sitrep-2023-11.html").read_text(encoding="utf-8")
    return html5lib.parse(html, namespaceHTMLElements=False)


@pytest.fixture(scope="module")
def pdf_text(built: Path) -> str:
    pdf = pypdfium2.PdfDocument(built / "sitrep-2023-11.pdf")
    return normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))


def _paragraphs(tree, section: str) -> list[str]:
    return [_text(p) for p in tree.findall(f".//section[@id='{section}']/p")]


def test_bullets_count_the_confirmed_attacks_toll_only(tree):
    bullets = [_text(li) for li in tree.findall(".//section[@id='key-events']/ul/li")]
    assert bullets[1] == BULLET


def test_each_casualty_is_told_where_it_belongs(tree):
    assert _paragraphs(tree, "attacks") == [ATTACKS, UNCONFIRMED]
    assert _paragraphs(tree, "raids") == [RAIDS]


def test_the_civilian_deaths_are_told_only_in_the_unconfirmed_note(tree):
    texts = [_text(e) for e in tree.iter() if e.tag in ("li", "p", "dd", "td", "h3")]
    assert [t for t in texts if "مدنيَّين" in t or "مدنيان" in t] == [UNCONFIRMED]


def test_key_figures_show_the_split_as_numbers(tree):
    figures = {
        _text(div.find("dt")): tuple(_text(span) for span in div.findall("dd/span"))
        for div in tree.findall(".//section[@id='key-figures']/dl/div")
    }
    assert figures["القتلى"] == ("2", "عسكريون 2 · مدنيون 0")
    assert figures["الجرحى"] == ("1", "عسكريون 1 · مدنيون 0")


def test_confirmed_attacks_table_and_chart_agree(tree):
    table = tree.findall(".//section[@id='attacks']//table")[0]
    headers = [_text(th) for th in table.findall("thead/tr/th")]
    rows = [
        dict(zip(headers, (_text(td) for td in tr.findall("td")), strict=True))
        for tr in table.findall("tbody/tr")
        if tr.get("class") != "description"
    ]
    assert sum(int(row["القتلى"]) for row in rows) == 2
    assert sum(int(row["الجرحى"]) for row in rows) == 1
    alts = [img.get("alt") for img in tree.findall(".//img")]
    assert any("قتلى عسكريون: 2، جرحى عسكريون: 1، قتلى مدنيون: 0" in alt for alt in alts)


def _squeezed(text: str) -> str:
    """pypdfium2 splits a word where a vowel mark sits between two letters («عسكري ين»)."""
    return text.replace(" ", "")


def test_the_pdf_says_the_same(pdf_text: str):
    for sentence in (BULLET, ATTACKS, RAIDS, UNCONFIRMED):
        assert _squeezed(expected_in_pdf(sentence)) in _squeezed(pdf_text)
    assert expected_in_pdf("القتلى 2 عسكريون 2 · مدنيون 0") in pdf_text


def test_summary_csv_counts_confirmed_attacks_only(tmp_path: Path):
    from reportgen.briefing.dataset import write_csvs

    write_csvs(load(FIXTURES / "tolls").dataset, tmp_path)
    row = pd.read_csv(tmp_path / "summary.csv").iloc[0]
    assert (row["killed"], row["wounded"], row["civilian_killed"]) == (2, 1, 0)
    assert (row["raid_military_killed"], row["unconfirmed_civilian_killed"]) == (1, 2)


def test_no_confirmed_attacks_but_a_raid_casualty():
    html, _charts = render_briefing(load(FIXTURES / "tolls-no-attacks"), "2023-11")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert "خلال هذه الهجمات" not in html
    assert _paragraphs(tree, "raids") == [
        "نفّذت قوات سوريا الديمقراطية في هذا الشهر مداهمةً واحدةً على خلايا داعش النائمة"
        " بمشاركة التحالف الدولي، أسفرت عن اعتقال شخصين. وخلال هذه المداهمة أصيب عسكريان."
    ]


def test_the_editors_lexicon_reaches_the_sentences(tmp_path: Path):
    inputs = tmp_path / "inputs"
    shutil.copytree(FIXTURES / "tolls", inputs)
    (inputs / "actors.yaml").write_text(
        "actors:\n  - name: قوى الأمن الداخلي\n    gender: masculine\n", encoding="utf-8"
    )
    html, _ = render_briefing(load(inputs), "2023-11")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert _paragraphs(tree, "raids")[0].startswith("نفّذ قوى الأمن الداخلي في هذا الشهر")


def test_counting_rule_opens_the_notes(tree):
    first = tree.find(".//section[@id='notes']/p")
    assert first.get("class") == "counting-rule"
    assert "الهجمات المؤكدة وحدها" in _text(first)


def rendered_chart(tmp_path: Path, files: dict[str, str]):
    inputs = tmp_path / "inputs"
    shutil.copytree(FIXTURES / "tolls", inputs)
    for name, text in files.items():
        (inputs / "2023-11" / name).write_text(text, encoding="utf-8")
    html, _ = render_briefing(load(inputs), "2023-11")
    return html5lib.parse(html, namespaceHTMLElements=False)


RAID = "  - id: r-{0}\n    date: 2023-11-1{0}\n    governorate: الرقة\n    forces: [{1}]\n"


def test_each_force_is_told_with_its_raids_and_the_coalition_beside_the_raids_it_joined(
    tmp_path: Path,
):
    raids = "raids:\n" + "".join(
        RAID.format(i, forces)
        for i, forces in enumerate(
            [
                "التحالف الدولي, الأسايش",
                "قوات سوريا الديمقراطية, التحالف الدولي",
                "قوات سوريا الديمقراطية",
                "قوات سوريا الديمقراطية, الأسايش",
            ]
        )
    )
    tree = rendered_chart(tmp_path, {"raids.yaml": raids, "casualties.yaml": "casualties: []\n"})
    assert _paragraphs(tree, "raids")[0] == (
        "نُفّذت في هذا الشهر 4 مداهمات على خلايا داعش النائمة، دون تسجيل اعتقالات. وشاركت قوات"
        " سوريا الديمقراطية في 3 منها (إحداها بمشاركة التحالف الدولي)، والأسايش في اثنتين"
        " (إحداهما بمشاركة التحالف الدولي)."
    )


def test_a_camp_is_headed_as_the_text_names_it(tmp_path: Path):
    camps = "camps:\n  - name: الهول\n    population:\n      total: 40000\n"
    tree = rendered_chart(tmp_path, {"camps.yaml": camps})
    section = tree.find(".//section[@id='camps']")
    assert _text(section.find("h2")) == "مخيم الهول"
    assert _paragraphs(tree, "camps") == ["يبلغ عدد سكان مخيم الهول 40,000 نسمة."]
    figure = tree.find(".//div[@class='figure figure-camp']/dd/span[@class='note']")
    assert _text(figure) == "مخيم الهول"


def test_three_tolls_are_joined_once_with_alongside_and_as_a_series_in_english():
    attacks, casualties = attacks_month(confirmed=1, toll=(1, 0, 0, 1), unknown=(1, 0))
    facts = facts_of(month_record(attacks=attacks, casualties=casualties), previous=1)
    assert said(arabic().attacks_paragraph(facts.attacks)).split(". ")[0] == (
        "في شهر تشرين الثاني (نوفمبر)، شنّت خلايا داعش النائمة هجوماً مؤكداً واحداً في شمال وشرق"
        " سوريا، أسفر عن مقتل عسكري واحد، إلى جانب إصابة مدني واحد، ومقتل شخص واحد لم تُحدَّد صفته"
    )
    assert said(english().casualties_bullet(facts.attacks)) == (
        "In this attack, one military member was killed, one civilian was wounded, and one person"
        " whose affiliation is not known was killed."
    )
