"""A busy month: above publication.yaml's `pdf_table_limit` the PDF lists only the notable events
and summarises the rest, while the HTML keeps every event (sortable and filterable by an inline
script, and a plain table without it). The example month with a limit of 5 stands in for a month
of hundreds of attacks: the same code decides, in a build that takes seconds."""

from __future__ import annotations

import re
from pathlib import Path

import html5lib
import pypdfium2
import pytest

from reportgen.input.vocabulary import ATTACK_TYPES
from tests.conftest import copy_inputs, expected_in_pdf, normalise, run_cache

MONTH = "2023-11"


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The example month built with `pdf_table_limit: 5`, in Arabic (the edition these tests
    read); its folder and its dataset."""
    from reportgen.publish.build import build_month, load

    inputs = copy_inputs(tmp_path_factory.mktemp("busy"))
    publication = inputs / "publication.yaml"
    text = publication.read_text("utf-8").replace("editions: [ar, en]", "editions: [ar]")
    publication.write_text(text + "pdf_table_limit: 5\n", "utf-8")
    loaded = load(inputs)
    output = tmp_path_factory.mktemp("output")
    build_month(loaded, MONTH, output)
    return output / MONTH, loaded


@pytest.fixture(scope="module")
def pdf_text(busy) -> str:
    pdf = pypdfium2.PdfDocument(busy[0] / f"sitrep-{MONTH}.pdf")
    return normalise(" ".join(page.get_textpage().get_text_range() for page in pdf))


@pytest.fixture(scope="module")
def tree(busy):
    html = (busy[0] / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
    return html5lib.parse(html, namespaceHTMLElements=False)


def _attacks(busy):
    loaded = busy[1]
    return loaded.dataset.of_month("attacks", MONTH), loaded.project.governorates


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _row_key(date: str, governorate: str, location: str, kind: str) -> str:
    return normalise(f"{date} {governorate} {location} {kind}")


PRINTED_ATTACKS = ["a01", "a04", "a08", "a05", "a03"]
"""The five deadliest of the nine confirmed attacks with casualties or claimed (by killed, then
wounded, then claimed; a03 before a07 and a09, with the same toll, by date)."""
PRINTED_RAIDS = ["r05", "r01", "r04", "r08", "r09"]
"""The five most notable of the six raids with a leader caught or ISIS dead (leaders first, then
ISIS dead, then detainees; r10 has fewest detainees)."""


def test_the_pdf_lists_at_most_the_limit_the_deadliest_first(busy, pdf_text: str):
    attacks, governorates = _attacks(busy)
    eligible = (attacks["killed"] > 0) | (attacks["wounded"] > 0) | attacks["claimed"]
    assert eligible.sum() == 9
    for a in attacks.itertuples():
        row = " ".join([a.date.isoformat(), governorates[a.governorate].name_ar, a.location])
        printed = expected_in_pdf(f"{row} {ATTACK_TYPES[a.type]}") in pdf_text
        assert printed == (a.id in PRINTED_ATTACKS), a.id


def test_the_pdf_lists_the_most_notable_raids_and_links_only_their_leaders(busy, tree):
    from reportgen.briefing.render import render_html
    from reportgen.publish.build import briefing_context

    _folder, loaded = busy
    context, _charts = briefing_context(loaded, MONTH, chart_cache=run_cache() / "charts")
    printed = html5lib.parse(render_html(context, medium="print"), namespaceHTMLElements=False)
    raids = next(t for t in printed.iter("table") if t.get("class", "").startswith("raids"))
    ids = [tr.get("id", "").removeprefix("event-") for tr in raids.iter("tr") if tr.get("id")]
    assert sorted(ids) == sorted(PRINTED_RAIDS)
    notable = next(t for t in printed.iter("table") if t.get("class") == "notable")
    links = [a.get("href") for a in notable.iter("a")]
    assert sorted(links) == sorted(f"#event-{raid}" for raid in PRINTED_RAIDS)
    names = [_text(tr.find("td")) for tr in notable.find("tbody").iter("tr")]
    assert "قيادي آخر لم يُكشف اسمه" in names  # r10's leader, named without a link
    screen = next(t for t in tree.iter("table") if t.get("class") == "notable")
    assert len([a for a in screen.iter("a")]) == 6


def test_the_pdf_says_what_it_left_out(pdf_text: str, tree):
    confirmed = (
        "لكثرة الهجمات، يقتصر هذا الجدول في النسخة المطبوعة على أكثرها دمويةً: 5 هجمات من بين"
        " 9 هجمات أسفرت عن قتلى أو جرحى أو تبنّاها التنظيم، ويلخّص الجدول الذي يليه 6 هجمات"
        " أخرى حسب المحافظة ونوع الهجوم. والقائمة الكاملة في النسخة الإلكترونية من التقرير."
    )
    assert expected_in_pdf(confirmed) in pdf_text
    assert ".csv" not in pdf_text
    raids = (
        "لكثرة المداهمات، يقتصر هذا الجدول في النسخة المطبوعة على أبرزها: 5 مداهمات من بين"
        " 6 مداهمات قُتل فيها عناصر من التنظيم أو اعتُقل فيها قياديون، ويلخّص الجدول الذي"
        " يليه 5 مداهمات أخرى حسب المحافظة."
    )
    # pypdfium2 drops the words around «قُتل» (its marks): the tree has the sentence whole.
    start = raids.split(" قُتل فيها")[0]
    assert expected_in_pdf(start) in pdf_text
    assert expected_in_pdf("الذي يليه 5 مداهمات أخرى حسب المحافظة") in pdf_text
    notes = [_text(p) for p in tree.iter("p") if "print-only" in p.get("class", "")]
    assert f"{raids} والقائمة الكاملة في النسخة الإلكترونية من التقرير." in notes
    left_out = "ولأن أياً منها لم يُسفر عن قتلى أو جرحى ولم يتبنّه التنظيم، يلخّصها الجدول التالي"
    assert expected_in_pdf(left_out) + " في النسخة" in pdf_text


def test_a_table_with_no_notable_row_is_not_printed_empty(pdf_text: str):
    # The unconfirmed attacks (none notable) print only their summary, not an empty header.
    start = pdf_text.index(expected_in_pdf("يلخّصها الجدول التالي"))
    assert pdf_text[start:].index("المحافظة هجوم مسلح") < pdf_text[start:].index("التاريخ")


def test_the_summary_counts_equal_the_dataset(busy, tree):
    attacks, governorates = _attacks(busy)
    rest = attacks[~attacks["id"].isin(PRINTED_ATTACKS)]
    expected = {
        (governorates[g].name_ar, ATTACK_TYPES[t]): n
        for (g, t), n in rest.groupby(["governorate", "type"]).size().items()
    }
    found = {}
    for table in tree.iter("table"):
        if "summary" not in table.get("class", ""):
            continue
        headers = [_text(th) for th in table.find("thead").iter("th")]
        if headers[1] == "المداهمات":
            continue
        for row in table.find("tbody").iter("tr"):
            governorate = _text(row.find("th"))
            for header, cell in zip(headers[1:-1], row.findall("td")[:-1], strict=True):
                if int(_text(cell)):
                    found[governorate, header] = found.get((governorate, header), 0) + int(
                        _text(cell)
                    )
    assert found == expected
    assert sum(expected.values()) == 8  # 6 of the 11 confirmed; a12, a13 unconfirmed


def test_the_raid_summary_counts_equal_the_dataset(busy, tree):
    loaded = busy[1]
    raids = loaded.dataset.of_month("raids", MONTH)
    rest = raids[~raids["id"].isin(PRINTED_RAIDS)]
    summary = next(
        t for t in tree.iter("table") if "summary" in t.get("class", "") and "المداهمات" in _text(t)
    )
    rows = {
        _text(r.find("th")): [int(_text(td)) for td in r.findall("td")]
        for r in summary.find("tbody").iter("tr")
    }
    by_governorate = rest.groupby("governorate")["detained"].agg(["size", "sum"])
    assert rows == {
        loaded.project.governorates[g].name_ar: [int(r["size"]), int(r["sum"])]
        for g, r in by_governorate.iterrows()
    }


# --- a summary's total in print -----------------------------------------------------------------

PAGE_CM = 29.7 - 2.2 - 2.0
"""The height of an A4 page's text under print.css's margins."""
_SUMMARY = re.compile(
    r'<div class="[^"]*print-only[^"]*">\s*<table class="summary">.*?</div>', re.S
)


def test_each_summary_total_prints_once_under_its_rows(busy, pdf_text: str):
    html = (busy[0] / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
    tables = [
        html5lib.parse(markup, namespaceHTMLElements=False) for markup in _SUMMARY.findall(html)
    ]
    totals = [" ".join(_text(cell) for cell in t.find(".//tfoot/tr")) for t in tables]
    assert len(totals) == 3
    for total in set(totals):
        assert pdf_text.count(expected_in_pdf(total)) == totals.count(total), total


def test_a_summary_total_never_stands_alone_wherever_the_page_breaks(busy, tmp_path: Path):
    """The largest summary printed lower and lower on a page, so that every row boundary meets
    the page's end once: its total prints once, and with a row above it on its page. (A
    repeated footer printed it under the one row that fit, and again on the next page.)"""
    from reportgen.briefing.render import write_pdf

    html = (busy[0] / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
    markup = max(_SUMMARY.findall(html), key=lambda m: m.count("<tr>"))
    rows = markup.count('<tr><th scope="row">') - 1
    markup = re.sub(
        r'<tfoot><tr><th scope="row">[^<]*<', '<tfoot><tr><th scope="row">TOTAL<', markup
    )
    labels = iter(f"ROW{n}" for n in range(rows))
    markup = re.sub(
        r"(<tbody>.*?</tbody>)",
        lambda m: re.sub(
            r'<th scope="row">[^<]*<', lambda _: f'<th scope="row">{next(labels)}<', m.group(1)
        ),
        markup,
        flags=re.S,
    )
    head = html[: html.index("<body")]
    for tenth in range(int((PAGE_CM - 5) * 10), int(PAGE_CM * 10), 3):
        spacer = f'<div style="height: {tenth / 10}cm"></div>'
        write_pdf(f"{head}<body><main>{spacer}{markup}</main></body></html>", tmp_path / "t.pdf")
        pages = [_labels(page) for page in pypdfium2.PdfDocument(tmp_path / "t.pdf")]
        found = [(index, y) for index, page in enumerate(pages) for y in page.get("TOTAL", [])]
        assert len(found) == 1, (tenth, pages)
        [(index, y)] = found
        above = [label for label, ys in pages[index].items() if label != "TOTAL" and max(ys) > y]
        assert above, (tenth, pages)
        assert sorted(label for page in pages for label in page if label != "TOTAL") == sorted(
            f"ROW{n}" for n in range(rows)
        )


def _labels(page) -> dict[str, list[float]]:
    """Where each Latin label (ROW0…, TOTAL) is printed on `page`: the heights of its baseline."""
    text = page.get_textpage()
    found: dict[str, list[float]] = {}
    for match in re.finditer(r"ROW\d+|TOTAL", text.get_text_range()):
        found.setdefault(match.group(), []).append(text.get_charbox(match.start())[1])
    return found


def test_the_html_has_every_attack_and_raid_in_plain_tables(busy, tree):
    attacks, _ = _attacks(busy)
    event_rows = [
        tbody
        for table in tree.iter("table")
        if table.get("class", "").startswith("attacks")
        for tbody in table.findall("tbody")
    ]
    assert len(event_rows) == len(attacks) == 13
    raids = [
        tbody
        for table in tree.iter("table")
        if table.get("class", "").startswith("raids")
        for tbody in table.findall("tbody")
    ]
    assert len(raids) == 10
    # Without the script nothing is hidden: no `hidden`, and only print.css hides `.screen-only`.
    assert not [tbody for tbody in event_rows + raids if tbody.get("hidden") is not None]
    assert sum("screen-only" in tbody.get("class", "") for tbody in event_rows) == 13 - 5


def test_the_script_is_inline_and_only_adds_controls(tree):
    scripts = list(tree.iter("script"))
    assert len(scripts) == 1
    assert scripts[0].get("src") is None
    assert "table[data-interactive]" in scripts[0].text
    assert not list(tree.iter("select")) and not list(tree.iter("button"))
    assert len([t for t in tree.iter("table") if t.get("data-interactive") is not None]) == 3


def test_every_source_is_linked_in_the_html_and_grouped_by_site(busy, tree):
    loaded = busy[1]
    items = [li for ol in tree.iter("ol") if "by-site" in ol.get("class", "") for li in ol]
    numbers = sorted(int(li.get("id").removeprefix("source-")) for li in items)
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(li.find("a").get("href").startswith("https://") for li in items)
    sites = [_text(h3) for h3 in tree.iter("h3") if h3.get("class") == "source-site"]
    assert len(sites) == len(set(sites)) >= 1
    assert len(items) == len(
        set(loaded.dataset.of_month("attacks", MONTH)["sources"].str.split().sum())
        | set(loaded.dataset.of_month("raids", MONTH)["sources"].str.split().sum())
        | set(loaded.dataset.of_month("sanctions", MONTH)["sources"].str.split().sum())
    )


def test_a_month_under_the_limit_has_no_script(example_build: Path):
    html = (example_build / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert not list(tree.iter("script"))
    classes = {c for element in tree.iter() for c in str(element.get("class", "")).split()}
    assert not {"print-only", "condensed"} & classes
    screen_only = [e for e in tree.iter() if "screen-only" in str(e.get("class", "")).split()]
    assert screen_only
    shown_on_screen = {"evidence", "evidence-list", "edition-link"}
    assert all(shown_on_screen & set(e.get("class").split()) for e in screen_only)


def test_a_limit_below_one_is_refused_where_it_is_written(tmp_path: Path):
    from reportgen.errors import InputError
    from reportgen.publish.build import load

    inputs = copy_inputs(tmp_path)
    with (inputs / "publication.yaml").open("a", encoding="utf-8") as file:
        file.write("pdf_table_limit: 0\n")
    last_line = len((inputs / "publication.yaml").read_text(encoding="utf-8").splitlines())
    with pytest.raises(InputError) as caught:
        load(inputs)
    [problem] = caught.value.problems
    assert (problem.path.endswith("publication.yaml"), problem.line, problem.column) == (
        True,
        last_line,
        18,
    )
    assert problem.field == "pdf_table_limit"


def test_the_pdf_is_printed_from_a_page_without_what_only_the_screen_shows(busy):
    """WeasyPrint parses and styles every element it is given, shown or not: the page sent to
    print has no evidence list, no routine row, no attack row anchor and no source link; every
    link it keeps (evidence links aside, which write_pdf prints as text) has its target."""
    from reportgen.briefing.render import render_html
    from reportgen.publish.build import briefing_context

    _folder, loaded = busy
    context, _charts = briefing_context(loaded, MONTH, chart_cache=run_cache() / "charts")
    screen = render_html(context)
    printed = html5lib.parse(render_html(context, medium="print"), namespaceHTMLElements=False)
    classes = {
        c for e in printed.iter() if isinstance(e.tag, str) for c in e.get("class", "").split()
    }
    assert "screen-only" in screen and not {"screen-only", "evidence", "evidence-list"} & classes
    assert printed.findall(".//table[@class='attacks condensed']/tbody/tr[@id]") == []
    targets = {e.get("id") for e in printed.iter() if isinstance(e.tag, str) and e.get("id")}
    internal = [a.get("href") for a in printed.iter("a") if a.get("href", "").startswith("#")]
    kept = [href for href in internal if not href.startswith("#evidence-")]
    assert kept and all(href[1:] in targets for href in kept)  # the notable leaders' raids
    rows = printed.findall(".//table[@class='attacks condensed']/tbody/tr")
    assert len(rows) == len(PRINTED_ATTACKS)
    numbers = [_text(p) for p in printed.iter("p") if p.get("class") == "source-numbers"]
    assert numbers and all(re.fullmatch(r"[0-9]+(، [0-9]+)*", line) for line in numbers)
