"""Draft and published: review marks block publishing, drafts are marked and never archived."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import html5lib
import pypdfium2
import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.publish.build import built_status, load
from reportgen.publish.fingerprint import month_fingerprint
from reportgen.publish.release import published_text
from tests.conftest import expected_in_pdf, normalise
from tests.generated import charts_undrawn

CAMP_MARK = (
    "inputs/2023-12/camps.yaml:4:5: camps[0]: review mark: figures carried forward from 2023-11"
)
TITLE_MARK = (
    "inputs/2023-12/report.yaml:4:8: title: still the placeholder written by `reportgen new`:"
    " write the headline"
)


@pytest.fixture(autouse=True)
def _undrawn_charts() -> Iterator[None]:
    """Marks, status and the archive are what these tests read; the charts' pixels are not."""
    with charts_undrawn():
        yield


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def archived(output: Path) -> list[str]:
    tree = html5lib.parse((output / "index.html").read_text(encoding="utf-8"))
    items = tree.findall(".//{*}ol[@class='issues']/{*}li")
    return [li.get("id") for li in items]


def pdf_pages(path: Path) -> list[str]:
    return [normalise(page.get_textpage().get_text_range()) for page in pypdfium2.PdfDocument(path)]


def draft_banner(html: str):
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    return tree.find(".//p[@id='draft-mark']")


def test_a_new_month_builds_as_a_draft_and_cannot_be_published_until_its_marks_are_gone(project):
    assert run("new").exit_code == 0
    built = run("build", "2023-12")
    assert built.exit_code == 0, built.output
    assert "draft, not in the archive: 2023-12" in built.output
    output = project / "output"
    assert (output / "2023-12" / "sitrep-2023-12.pdf").exists()
    assert archived(output) == []
    pages = pdf_pages(output / "2023-12" / "sitrep-2023-12.pdf")
    assert len(pages) > 1
    assert all(expected_in_pdf("مسودة – ليست للنشر") in page for page in pages)
    html = (output / "2023-12" / "sitrep-2023-12.html").read_text(encoding="utf-8")
    banner = draft_banner(html)
    assert " ".join("".join(banner.itertext()).split()).startswith("مسودة – لم يُنشر هذا التقرير")
    assert html.index('id="draft-mark"') < html.index('class="masthead"')

    report = project / "inputs" / "2023-12" / "report.yaml"
    before = report.read_bytes()
    refused = run("publish", "2023-12")
    assert refused.exit_code == 2
    assert CAMP_MARK in refused.output and TITLE_MARK in refused.output
    assert report.read_bytes() == before
    assert archived(output) == []


def test_publish_sets_the_status_then_builds_into_the_archive(project):
    run("new")
    month = project / "inputs" / "2023-12"
    camps = month / "camps.yaml"
    camps.write_text(
        camps.read_text(encoding="utf-8").replace(
            '    review: "figures carried forward from 2023-11"\n', ""
        ),
        encoding="utf-8",
    )
    report = month / "report.yaml"
    text = report.read_text(encoding="utf-8")
    placeholder = text.splitlines()[3]
    headline = "title: هدوء نسبي في دير الزور\ntitle_en: Relative calm in Deir ez-Zor"
    report.write_text(text.replace(placeholder, headline), encoding="utf-8")
    edited = report.read_bytes()

    result = run("publish", "2023-12")
    assert result.exit_code == 0, result.output
    assert report.read_bytes() == edited.replace(
        b"month: 2023-12\n", b"month: 2023-12\nstatus: published\n"
    )
    output = project / "output"
    assert archived(output) == ["month-2023-12"]
    assert built_status(output, "2023-12") == "published"
    html = (output / "2023-12" / "sitrep-2023-12.html").read_text(encoding="utf-8")
    assert draft_banner(html) is None
    pages = pdf_pages(output / "2023-12" / "sitrep-2023-12.pdf")
    assert not any("مسودة" in page for page in pages)


def test_a_publishing_build_refuses_a_published_month_with_marks(project):
    camps = project / "inputs" / "2023-11" / "camps.yaml"
    text = camps.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if line.startswith("  - "))
    lines.insert(first + 1, "    review: true\n")
    camps.write_text("".join(lines), encoding="utf-8")

    result = run("build", "2023-11")
    assert result.exit_code == 2
    assert (
        f"inputs/2023-11/camps.yaml:{first + 1}:5: camps[0]: review mark: check this record"
        " (delete the review line once checked)"
    ) in result.output
    assert (
        "inputs/2023-11/report.yaml:1:1: status: published, but review marks remain (listed)"
    ) in result.output
    assert not (project / "output").exists()


def test_the_status_is_part_of_the_fingerprint(project):
    inputs = project / "inputs"
    published = month_fingerprint(load(inputs).project, "2023-11")
    report = inputs / "2023-11" / "report.yaml"
    report.write_text(
        report.read_text(encoding="utf-8").replace("status: published", "status: draft"),
        encoding="utf-8",
    )
    assert month_fingerprint(load(inputs).project, "2023-11") != published


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            b"# head\nmonth: 2023-12\ntitle: t\n",
            b"# head\nmonth: 2023-12\nstatus: published\ntitle: t\n",
        ),
        (
            b"month: 2023-12\r\ntitle: t\r\n",
            b"month: 2023-12\r\nstatus: published\r\ntitle: t\r\n",
        ),
        (b"title: t\nmonth: 2023-12", b"title: t\nmonth: 2023-12\nstatus: published"),
        (
            b"month: 2023-12\nstatus: draft   # until checked\ntitle: t\n",
            b"month: 2023-12\nstatus: published   # until checked\ntitle: t\n",
        ),
        (
            b'month: 2023-12\nstatus: "draft"\ntitle: t\n',
            b"month: 2023-12\nstatus: published\ntitle: t\n",
        ),
        (
            b"{month: 2023-12, status: draft, title: t}\n",
            b"{month: 2023-12, status: published, title: t}\n",
        ),
    ],
)
def test_publishing_edits_one_line_and_keeps_every_other_byte(tmp_path, before, after):
    report = tmp_path / "report.yaml"
    report.write_bytes(before)
    assert published_text(report) == after


@pytest.mark.parametrize(
    ("stamp", "status"),
    [
        ('{"fingerprint": "f", "status": "draft"}', "draft"),
        ('{"fingerprint": "f", "status": "published"}', "published"),
        ('{"fingerprint": "f"}', "published"),
        ("not json", None),
        (None, None),
    ],
)
def test_built_status_reads_the_stamp(tmp_path, stamp, status):
    if stamp is not None:
        (tmp_path / "2023-11").mkdir()
        (tmp_path / "2023-11" / ".reportgen-build.json").write_text(stamp, encoding="utf-8")
    assert built_status(tmp_path, "2023-11") == status


def test_the_preview_shows_a_draft_with_its_banner(project):
    """The preview renders through render_briefing: drafts, marks and all, with the banner."""
    from reportgen.editor.scaffold import scaffold_month
    from tests.conftest import render_briefing

    scaffold_month(project / "inputs", "2023-12")
    loaded = load(project / "inputs")
    draft, _ = render_briefing(loaded, "2023-12")
    published, _ = render_briefing(loaded, "2023-11")
    assert draft_banner(draft) is not None
    assert draft_banner(published) is None


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            b"month: 2023-12\nstatus: &s draft\ntitle: t\n",
            b"month: 2023-12\nstatus: &s published\ntitle: t\n",
        ),
        (
            b"month: 2023-12\nstatus: !!str draft # c\ntitle: t\n",
            b"month: 2023-12\nstatus: !!str published # c\ntitle: t\n",
        ),
        (
            b"month: 2023-12\nstatus: &s !!str 'draft'\ntitle: t\n",
            b"month: 2023-12\nstatus: &s !!str published\ntitle: t\n",
        ),
        (
            b"month: &m 2023-12\nnotes: *m\ntitle: t\n",
            b"month: &m 2023-12\nstatus: published\nnotes: *m\ntitle: t\n",
        ),
        (
            b"month: 2023-12\nnotes: &d draft\nstatus: *d\ntitle: t\n",
            b"month: 2023-12\nnotes: &d draft\nstatus: published\ntitle: t\n",
        ),
        (
            b"\xef\xbb\xbfmonth: 2023-12\nstatus: draft\ntitle: t\n",
            b"\xef\xbb\xbfmonth: 2023-12\nstatus: published\ntitle: t\n",
        ),
        (
            b"month: 2023-12\ncover: {image: c.jpg, caption: 'status: draft'}\n"
            b"status: draft\ntitle: t\n",
            b"month: 2023-12\ncover: {image: c.jpg, caption: 'status: draft'}\n"
            b"status: published\ntitle: t\n",
        ),
    ],
)
def test_publishing_keeps_anchors_tags_and_comments(tmp_path, before, after):
    report = tmp_path / "report.yaml"
    report.write_bytes(before)
    assert published_text(report) == after


@pytest.mark.parametrize(
    "before",
    [
        b"month: 2023-12\nstatus: &s draft\ntitle: t\nnotes: *s\n",
        b"month: 2023-12\nx: &d draft\nstatus: *d\ntitle: t\n",
        b"month: 2023-12\nstatus: |\n  draft\ntitle: t\n",
    ],
)
def test_publishing_refuses_an_edit_it_cannot_make_in_place(inputs, before):
    from reportgen.errors import InputError

    report = inputs / "report.yaml"
    report.write_bytes(before)
    with pytest.raises(InputError) as error:
        published_text(report)
    assert "cannot set the status here" in str(error.value)
    assert report.read_bytes() == before
