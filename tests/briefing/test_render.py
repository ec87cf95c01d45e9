"""The example month end to end: what a reader finds in the HTML and in the PDF's text."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pypdfium2
import pytest

from tests.conftest import BUILD_LOG, expected_in_pdf, normalise

TITLE = "تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023"
HEADLINE = (
    "قائد قوات سوريا الديمقراطية يقول إن داعش يستفيد من التوترات بين الولايات المتحدة "
    "والميليشيات المدعومة من إيران"
)
GENERATED_BULLETS = [
    "تم تأكيد 11 هجوماً لخلايا داعش النائمة في مناطق شمال وشرق سوريا خلال شهر تشرين الثاني"
    " (نوفمبر)، وهو أقل من الشهر الماضي تشرين الأول (أكتوبر) الذي سُجّل فيه 17 هجوماً.",
    "خلال هذه الهجمات قُتل 4 عسكريين وأصيب 5 آخرون، كما أصيب 7 مدنيين.",
    "تم تنفيذ 10 مداهمات على خلايا داعش النائمة، أسفرت عن اعتقال 17 شخصاً ومقتل أمير الزكاة"
    " العراقي في التنظيم.",
    "فرضت وزارة الخزانة الأمريكية عقوبات على شركة Binance بسبب تمويل الإرهاب المتعلق بتنظيم داعش.",
    "أعاد العراق 776 من مواطنيه من مخيم الهول.",
]
KEY_FIGURES = {
    "الهجمات المؤكدة": "11",
    "القتلى": "4",
    "الجرحى": "12",
    "المداهمات": "10",
    "المعتقلون": "17",
    "سكان المخيمات": "49,432",
}
SECTION_HEADINGS = [
    "الأحداث الرئيسية",
    "أرقام الشهر",
    "هجمات خلايا داعش النائمة",
    "المداهمات والاعتقالات",
    "العقوبات على ممولي داعش",
    "التوترات بين الولايات المتحدة والميليشيات المدعومة من إيران",
    "مخيم الهول",
    "حكم محكمة أسترالية بشأن إعادة المواطنين",
    "ملاحظات منهجية والمصادر",
]


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


@pytest.fixture(scope="module")
def html(example_build: Path) -> str:
    return (example_build / "sitrep-2023-11.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tree(html: str):
    return html5lib.parse(html, namespaceHTMLElements=False)


@pytest.fixture(scope="module")
def pdf_text(example_build: Path) -> str:
    pdf = pypdfium2.PdfDocument(example_build / "sitrep-2023-11.pdf")
    pages = [page.get_textpage().get_text_range() for page in pdf]
    return normalise(" ".join(pages))


def test_outputs_are_written(example_build: Path):
    charts = sorted(p.name for p in (example_build / "charts").glob("*.svg"))
    assert charts == [
        "attacks_by_governorate.svg",
        "attacks_trend.svg",
        "camp_population.svg",
        "casualties.svg",
        "map.svg",
        "raids_trend.svg",
    ]
    assert (example_build / "sitrep-2023-11.pdf").read_bytes().startswith(b"%PDF-")


def test_html_is_rtl_arabic_and_valid_html5(html: str):
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(html)
    assert parser.errors == []
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')


def test_html_references_no_other_host_or_file(html: str):
    fetched = re.findall(r'\ssrc="([^"]*)"', html)
    assert fetched and all(url.startswith("data:") for url in fetched)
    assert re.findall(r"url\((?!data:)", html) == []
    ours = re.compile(r"sitrep-\d{4}-\d{2}(\.en)?\.html|\.\./feed(\.en)?\.xml")
    links = [u for u in re.findall(r'\shref="([^"]*)"', html) if not ours.fullmatch(u)]
    assert all(url.startswith(("https://", "http://", "mailto:", "#")) for url in links)
    head_links = re.findall(r"<link [^>]*>", html)
    assert all(
        ('rel="alternate"' in link and "hreflang=" in link) or 'rel="canonical"' in link
        for link in head_links
    )
    assert "file:" not in html and "<script" not in html


def test_title_line_pairs_the_months_correctly(tree):
    title = tree.find(".//h1")
    assert _text(title.find("span[@class='report-line']")) == TITLE
    assert _text(title.find("span[@class='headline']")) == " ".join(HEADLINE.split())


def test_generated_bullets_come_first_with_exact_figures(tree):
    items = tree.findall(".//section[@id='key-events']/ul/li")
    generated = [_text(li) for li in items if li.get("class") == "generated"]
    assert generated == GENERATED_BULLETS
    assert [li.get("class") for li in items[: len(generated)]] == ["generated"] * len(generated)
    assert len(items) == len(GENERATED_BULLETS) + 3


def test_key_figures(tree):
    figures = {
        _text(div.find("dt")): _text(div.find("dd/span[@class='value']"))
        for div in tree.findall(".//dl[@class='figures']/div")
    }
    assert figures == KEY_FIGURES
    change = tree.find(".//div[@class='figure figure-attacks']/dd/span[@class='note']")
    assert _text(change) == "انخفاض 6 (35%) عن الشهر الماضي"
    assert change.findall("span") == []  # words, not signs: nothing for the PDF to reverse


def test_section_headings_in_order(tree):
    headings = [_text(h) for h in tree.findall(".//h2")]
    positions = [headings.index(h) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)


def test_editor_sections_follow_the_section_they_name(tree):
    ids = [s.get("id") for s in tree.findall(".//main/section")]
    assert ids.index("section-tensions") == ids.index("sanctions") + 1
    assert ids.index("camps") < ids.index("section-australia")


def test_sources_are_numbered_links(tree):
    sources = tree.findall(".//ol[@class='sources']/li")
    first = sources[0].find("a")
    assert _text(sources[0].find("span")) == "1"
    assert first.get("href") == "https://www.example.org/news/2023/11/02/dhiban-checkpoint-attack"
    assert any(
        li.find("a").get("href") == "https://home.treasury.gov/news/press-releases/jy1925"
        for li in sources
    )


A01_DESCRIPTION = (
    "هاجم مسلحون من خلايا داعش نقطة عسكرية لقوات سوريا الديمقراطية في بلدة ذيبان بريف دير الزور"
    " الشرقي بالأسلحة الرشاشة، ما أدى إلى مقتل عنصرين وإصابة ثالث."
)
R01_DESCRIPTION = (
    "نفّذت قوات مكافحة الإرهاب بدعم من التحالف الدولي عملية أمنية في حي غويران بمدينة الحسكة،"
    " اعتُقل خلالها ثلاثة مشتبه بهم بينهم المنسق الرئيسي لعملية الهروب من سجن الصناعة."
)


def _source_url(tree, href: str) -> str:
    item = tree.find(f".//ol[@class='sources']/li[@id='{href.removeprefix('#')}']")
    return item.find("a").get("href")


def test_attack_rows_carry_their_description_and_numbered_sources(tree):
    first = tree.find(".//table[@class='attacks']/tbody")
    figures, description = first.findall("tr")
    assert _text(figures.findall("td")[0]) == "2023-11-02"
    assert _text(description) == A01_DESCRIPTION
    (link,) = figures.find("td[@class='sources']").findall("a")
    assert (_text(link), link.get("href")) == ("1", "#source-1")
    assert _source_url(tree, "#source-1") == (
        "https://www.example.org/news/2023/11/02/dhiban-checkpoint-attack"
    )


def test_raids_have_a_table_with_description_and_sources(tree):
    rows = tree.findall(".//section[@id='raids']//table[@class='raids']/tbody")
    assert len(rows) == 10
    figures, description = rows[0].findall("tr")
    cells = [_text(td) for td in figures.findall("td")]
    assert cells[:5] == [
        "2023-11-03",
        "الحسكة",
        "حي غويران، الحسكة",
        "قوات مكافحة الإرهاب والأسايش والتحالف الدولي",
        "3",
    ]
    assert _text(description) == R01_DESCRIPTION
    (link,) = figures.find("td[@class='sources']").findall("a")
    assert (
        _source_url(tree, link.get("href"))
        == "https://www.example.org/news/2023/11/03/ghweiran-raid"
    )


def test_source_numbers_ascend_down_the_page_and_each_resolves(tree):
    refs = [int(a.get("href").removeprefix("#source-")) for a in tree.iter("a")
            if (a.get("href") or "").startswith("#source-")]  # fmt: skip
    listed = [int(li.get("id").removeprefix("source-")) for li in
              tree.findall(".//ol[@class='sources']/li")]  # fmt: skip
    assert refs == sorted(refs) and set(refs) <= set(listed)
    assert len(refs) == 23


def test_pdf_text_has_the_descriptions(pdf_text: str):
    """Whole, not cut; compared without spaces, as the extractor splits a shadda off its word."""
    squeezed = pdf_text.replace(" ", "")
    for description in (A01_DESCRIPTION, R01_DESCRIPTION):
        assert expected_in_pdf(description).replace(" ", "") in squeezed


def test_charts_have_arabic_alt_text_with_figures(tree):
    alts = {
        f.get("id"): f.find(".//img").get("alt") for f in tree.findall(".//figure[@class='chart']")
    }
    assert set(alts) == {
        "chart-map",
        "chart-attacks_trend",
        "chart-attacks_by_governorate",
        "chart-casualties",
        "chart-raids_trend",
        "chart-camp_population",
    }
    assert "تشرين الثاني (نوفمبر) 2023: 11" in alts["chart-attacks_trend"]


def test_quotes_carry_speaker_and_role(tree):
    quotes = tree.findall(".//blockquote[@class='quote']")
    footers = [_text(q.find("footer")) for q in quotes]
    assert "جانيت يلين، وزيرة الخزانة الأمريكية" in footers
    assert "مظلوم عبدي، القائد العام لقوات سوريا الديمقراطية" in footers


@pytest.mark.parametrize("sentence", [TITLE, *GENERATED_BULLETS])
def test_pdf_text_has_the_title_and_bullets(pdf_text: str, sentence: str):
    assert expected_in_pdf(sentence) in pdf_text


def test_pdf_text_has_key_figures_and_headings(pdf_text: str):
    for heading in SECTION_HEADINGS:
        assert expected_in_pdf(heading) in pdf_text
    assert expected_in_pdf("سكان المخيمات 49,432") in pdf_text


def test_pdf_metadata_and_pages(example_build: Path):
    pdf = pypdfium2.PdfDocument(example_build / "sitrep-2023-11.pdf")
    metadata = pdf.get_metadata_dict()
    assert metadata["Title"] == f"{TITLE} – {' '.join(HEADLINE.split())}"
    assert metadata["Author"] == "مرصد شمال وشرق سوريا"
    width, height = pdf[0].get_size()
    assert (round(width), round(height)) == (595, 842)
    assert len(pdf) >= 5
    last_page = normalise(pdf[len(pdf) - 1].get_textpage().get_text_range())
    assert str(len(pdf)) in last_page.split()


def test_pdf_declares_arabic(example_build: Path):
    import zlib

    raw = (example_build / "sitrep-2023-11.pdf").read_bytes()
    streams = re.findall(rb"stream\r?\n(.*?)endstream", raw, re.S)
    catalog = b"".join(_inflate(s, zlib) for s in streams) + raw
    assert b"/Lang (ar)" in catalog


def _inflate(stream: bytes, zlib) -> bytes:
    try:
        return zlib.decompress(stream)
    except zlib.error:
        return b""


def test_weasyprint_logs_no_warnings(example_build: Path):
    """The run's build of the example month (both editions printed in its process) logged
    nothing at warning level: no missing anchor, font, image or unsupported CSS."""
    assert (example_build.parent / BUILD_LOG).read_text(encoding="utf-8") == ""


def test_arabic_indic_digits_everywhere(tmp_path: Path):
    from reportgen.publish.build import build_month, load
    from tests.conftest import FIXTURES, copy_inputs
    from tests.generated import charts_undrawn

    inputs = copy_inputs(tmp_path, FIXTURES / "small")  # every kind of record, a few of each
    settings = inputs / "publication.yaml"
    text = settings.read_text(encoding="utf-8").replace("digits: western", "digits: arabic_indic")
    settings.write_text(text.replace("editions: [ar, en]", "editions: [ar]"), encoding="utf-8")
    with charts_undrawn():  # the charts' drawn digits: test_charts' every drawn label
        build_month(load(inputs), "2023-11", tmp_path / "out")
    folder = tmp_path / "out" / "2023-11"
    tree = html5lib.parse(
        (folder / "sitrep-2023-11.html").read_text(encoding="utf-8"), namespaceHTMLElements=False
    )
    body = tree.find(".//main")
    for link in body.iter("a"):
        if "evidence-link" not in (link.get("class") or ""):
            link.text = ""
    for licence in body.findall(".//p[@class='chart-credit']/span"):
        licence.text = ""  # «CC BY 4.0» is a Latin name, which keeps its digits
    visible = _text(body)
    assert re.findall(r"[0-9]", visible) == []
    assert "تم تأكيد ٣ هجمات" in visible
    assert "٤٩٬٤٣٢" in visible
    pdf = pypdfium2.PdfDocument(folder / "sitrep-2023-11.pdf")
    page_two = normalise(pdf[1].get_textpage().get_text_range())
    assert "٢" in page_two.split()


def test_dates_and_latin_names_are_isolated(tree):
    dates = tree.findall(".//table[@class='attacks']/tbody/tr/td[@class='date']")
    assert dates and all(td.find("span").get("dir") == "ltr" for td in dates)
    assert _text(dates[0]) == "2023-11-02"
    isolated = {_text(span) for span in tree.iter("span") if span.get("dir") == "ltr"}
    assert "Binance" in isolated


def test_the_page_for_print_keeps_every_link_whose_target_it_prints():
    """A month under the table limit prints its sources' links: a row's source numbers and the
    notable leaders still lead to them in the PDF; only evidence links go (write_pdf)."""
    from reportgen.briefing.render import render_html
    from reportgen.publish.build import briefing_context, load
    from tests.conftest import EXAMPLE_INPUTS, run_cache

    charts = run_cache() / "charts"
    context, _charts = briefing_context(load(EXAMPLE_INPUTS), "2023-11", chart_cache=charts)
    printed = html5lib.parse(render_html(context, medium="print"), namespaceHTMLElements=False)
    targets = {e.get("id") for e in printed.iter() if isinstance(e.tag, str) and e.get("id")}
    internal = [a.get("href")[1:] for a in printed.iter("a") if a.get("href", "").startswith("#")]
    kept = [href for href in internal if not href.startswith("evidence-")]
    assert any(h.startswith("source-") for h in kept) and any(h.startswith("event-") for h in kept)
    assert all(href in targets for href in kept)
