"""The live preview: served page, rebuilds on edits, problems shown in the page, clean shutdown."""

from __future__ import annotations

import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reportgen import i18n
from reportgen.briefing.render import without_evidence_links
from reportgen.editor.preview import PreviewServer, with_reload_script
from reportgen.editor.previewer import CRASH_TITLE, PROBLEMS_TITLE, Previewer, problems_page
from reportgen.errors import Problem
from tests.conftest import ROOT

pytestmark = pytest.mark.inputs("small")
"""The small project (every kind of record, a few of each): the preview's mechanics, built and
printed faster than the example's."""

TITLE = "تقرير الخلايا النائمة لشهر تشرين الثاني (نوفمبر) 2023"
THREE = "تم تأكيد 3 هجمات"
FOUR = "تم تأكيد 4 هجمات"
"""What the page says before and after its unconfirmed attack is confirmed."""
ERROR_BOX = 'class="problems"'
POLL_SECONDS = 60.0
"""How long a test waits for the preview before failing: a bound on a hang, not a speed target
(a rebuild on a loaded 2-core machine can take several seconds; `make bench` measures speed)."""
PRINT_SECONDS = 90.0
"""WeasyPrint on a busy machine: how long the PDF view may take to follow."""
HANG_SECONDS = 60.0


def fetch(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def fetch_bytes(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as reply:
            return reply.status, reply.headers.get_content_type(), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get_content_type(), error.read()


def chart_uris(page: str) -> dict[str, str]:
    """Each chart's image as the served page embeds it, by chart id."""
    found = re.findall(
        r'<figure class="chart" id="chart-([a-z_]+)">.*?<img src="([^"]+)"', page, re.S
    )
    return dict(found)


def printed_pages(page: str) -> bool:
    """Whether the PDF view shows pages and is not printing newer ones."""
    return 'class="page"' in page and "يجري" not in page


def pages_version(page: str) -> str:
    return re.findall(r"/pages/1\.jpg\?v=(\d+)", page)[0]


def page_when(url: str, ready: Callable[[str], bool], within: float = POLL_SECONDS) -> str:
    """The page at `url` once `ready` accepts it; fails after `within` seconds."""
    deadline = time.monotonic() + within
    page = ""
    while time.monotonic() < deadline:
        page = without_evidence_links(fetch(url)[1])
        if ready(page):
            return page
        time.sleep(0.05)
    pytest.fail(f"the preview never showed what was expected; last page began: {page[:300]!r}")


def location_of(text: str, fragment: str) -> tuple[int, int]:
    """1-based line and column where `fragment` starts in `text`."""
    offset = text.index(fragment)
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def port_is_open(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture
def inputs(inputs: Path) -> Path:
    """./inputs as the preview is usually given it: a relative path."""
    return inputs.relative_to(inputs.parent)


@pytest.fixture
def preview(inputs: Path, shared_cache: Path) -> Iterator[PreviewServer]:
    """The preview of ./inputs, with the run's chart and font cache (the command line gives it
    output/.cache)."""
    server = PreviewServer(inputs, None, watched=[inputs], cache=shared_cache)
    try:
        server.start()
        yield server
    finally:
        server.stop()


def test_problem_text_is_escaped_in_the_error_page() -> None:
    problem = Problem("inputs/2023-11/report.yaml", 3, 8, "title", "<script>alert(1)</script>")
    page = problems_page([problem])
    assert "<script>" not in page
    assert (
        '<bdi dir="ltr" class="where">inputs/2023-11/report.yaml:3:8: title:</bdi>'
        " <span>&lt;script&gt;alert(1)&lt;/script&gt;</span>"
    ) in page
    assert PROBLEMS_TITLE in page
    assert '<html lang="en" dir="ltr">' in page


def test_the_problem_page_in_arabic_is_right_to_left_with_the_location_isolated() -> None:
    i18n.use("ar")
    message = "2023-12-01 خارج الشهر 2023-11"
    page = problems_page(
        [Problem("inputs/2023-11/attacks.yaml", 6, 11, "attacks[0].date", message)]
    )
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>تعذّر بناء التقرير: صحّح المشكلات التالية</h1>" in page
    assert (
        '<li><bdi dir="ltr" class="where">inputs/2023-11/attacks.yaml:6:11: attacks[0].date:</bdi>'
        ' <span><span dir="ltr">2023-12-01</span> خارج الشهر'
        ' <span dir="ltr">2023-11</span></span></li>'
    ) in page
    assert "تُحدَّث هذه الصفحة تلقائيًا بعد حفظ الملف." in page


def test_reload_script_goes_before_the_end_of_the_body() -> None:
    page = with_reload_script("<html><body><p>نص</p></body></html>", 7)
    assert page.index("<script>") > page.index("<p>")
    assert page.endswith("</script>\n</body></html>")
    assert "since=7" in page


def test_a_crash_becomes_the_page_with_its_traceback(inputs: Path, tmp_path: Path) -> None:
    previewer = Previewer(inputs, None, templates=tmp_path / "no-templates", cache=None)
    assert previewer.rebuild() == 1
    page, version = previewer.current()
    assert CRASH_TITLE in page
    assert "TemplateNotFound" in page
    assert version == 1


def test_preview_follows_edits_and_shows_problems(preview: PreviewServer, inputs: Path) -> None:
    url = preview.url
    page = page_when(url, lambda page: THREE in page)
    assert TITLE in page
    assert page.count("<script>") == 1

    attacks = inputs / "2023-11" / "attacks.yaml"
    original = attacks.read_text(encoding="utf-8")
    one_more = original.replace("confirmed: false", "confirmed: true", 1)
    attacks.write_text(one_more, encoding="utf-8")
    page_when(url, lambda page: FOUR in page)

    broken = one_more.replace("date: 2023-11-09", "date: 2023-12-09", 1)
    line, column = location_of(broken, "2023-12-09")
    attacks.write_text(broken, encoding="utf-8")
    where = f"inputs/2023-11/attacks.yaml:{line}:{column}: "
    page = page_when(url, lambda page: where in page)
    assert ERROR_BOX in page
    assert PROBLEMS_TITLE in page

    attacks.write_text(one_more, encoding="utf-8")
    page = page_when(url, lambda page: FOUR in page)
    assert ERROR_BOX not in page

    port = int(url.rstrip("/").rsplit(":", 1)[1])
    preview.stop()
    assert not port_is_open(port)


def test_an_edit_redraws_only_its_chart_and_the_pdf_view_follows(
    preview: PreviewServer, inputs: Path
) -> None:
    url, pages = preview.url, preview.url + "pages"
    before = chart_uris(page_when(url, lambda page: THREE in page))
    assert len(before) == 6  # the five charts and the map
    first = page_when(pages, printed_pages, PRINT_SECONDS)
    count = first.count('class="page"')
    assert count >= 2
    status, kind, image = fetch_bytes(url + "pages/1.jpg")
    assert (status, kind) == (200, "image/jpeg")
    assert image.startswith(b"\xff\xd8\xff")
    assert fetch_bytes(url + f"pages/{count + 1}.jpg")[0] == 404
    status, kind, pdf = fetch_bytes(url + "briefing.pdf")
    assert (status, kind) == (200, "application/pdf")
    assert pdf.startswith(b"%PDF")

    attacks = inputs / "2023-11" / "attacks.yaml"
    original = attacks.read_text(encoding="utf-8")
    attacks.write_text(original.replace("confirmed: false", "confirmed: true", 1), "utf-8")
    after = chart_uris(page_when(url, lambda page: FOUR in page))
    changed = {key for key in before if after[key] != before[key]}
    assert changed == {"attacks_trend", "attacks_by_governorate", "map"}
    printed = page_when(
        pages,
        lambda page: printed_pages(page) and pages_version(page) != pages_version(first),
        PRINT_SECONDS,
    )
    assert printed.count('class="page"') >= 2

    broken = original.replace("date: 2023-11-09", "date: 2023-12-09", 1)
    attacks.write_text(broken, encoding="utf-8")
    shown = page_when(pages, lambda page: ERROR_BOX in page)
    assert PROBLEMS_TITLE in shown
    assert "inputs/2023-11/attacks.yaml:" in shown
    assert shown.count('class="page"') == printed.count('class="page"')
    assert fetch_bytes(url + "pages/1.jpg")[0] == 200


def test_preview_serves_only_the_page_to_its_own_host(preview: PreviewServer) -> None:
    assert fetch(preview.url + "inputs/2023-11/attacks.yaml")[0] == 404
    assert fetch(preview.url + "version?since=0") == (200, "1")
    assert fetch(preview.url, host="attacker.example")[0] == 403


def test_nothing_is_printed_until_the_pdf_is_asked_for(
    preview: PreviewServer, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportgen.editor import previewer

    printed: list[str] = []
    write_pdf = previewer.write_pdf

    def counted(page, target, allowed=()):
        printed.append(page)
        write_pdf(page, target, allowed)

    monkeypatch.setattr(previewer, "write_pdf", counted)
    page_when(preview.url, lambda page: THREE in page)
    attacks = inputs / "2023-11" / "attacks.yaml"
    text = attacks.read_text(encoding="utf-8")
    attacks.write_text(text.replace("confirmed: false", "confirmed: true", 1), "utf-8")
    page_when(preview.url, lambda page: FOUR in page)
    assert printed == []
    status, kind, pdf = fetch_bytes(preview.url + "briefing.pdf")
    assert (status, kind, pdf[:4]) == (200, "application/pdf", b"%PDF")
    assert len(printed) == 1 and FOUR in without_evidence_links(printed[0])
    assert 'class="evidence-list' in page_when(preview.url, lambda page: FOUR in page)
    assert 'class="evidence-list' not in printed[0]  # the page for print, as a build prints it


def test_serve_exits_cleanly_on_ctrl_c(inputs: Path, shared_cache: Path) -> None:
    script = (
        "import signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "from pathlib import Path\n"
        "from reportgen.editor.preview import serve\n"
        "serve(Path(sys.argv[1]), None, cache=Path(sys.argv[2]), leave_process=True)\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(inputs), str(shared_cache)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert process.stdout
        assert select.select([process.stdout], [], [], HANG_SECONDS)[0], "nothing announced"
        announced = process.stdout.readline()
        assert announced.startswith("preview: http://127.0.0.1:")
        assert fetch(announced.removeprefix("preview: ").strip())[0] == 200
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=POLL_SECONDS)
        assert process.returncode == 0
        assert "Traceback" not in errors
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


ENGLISH = "ISIS sleeper cells carried out three confirmed attacks"
ENGLISH_4 = "ISIS sleeper cells carried out four confirmed attacks"


def browser_dom(url: str) -> str:
    """The page at `url` as headless Chromium shows it, after redirects and scripts."""
    command = [
        "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--dump-dom",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def test_the_preview_serves_both_editions_and_their_pdf_pages(
    preview: PreviewServer, inputs: Path
) -> None:
    url = preview.url
    arabic = page_when(url, lambda page: THREE in page)
    link = re.search(r'<a class="edition-link[^"]*" href="([^"]+)"', arabic).group(1)
    assert link == "sitrep-2023-11.en.html"
    english = browser_dom(url + link)
    assert ENGLISH in english and '<html lang="en" dir="ltr">' in english
    back = re.search(r'<a class="edition-link[^"]*" href="([^"]+)"', english).group(1)
    assert THREE in browser_dom(url + "en/" + back)
    assert fetch(url + "en")[0] == 200

    pages = page_when(url + "en/pages", printed_pages, PRINT_SECONDS)
    assert "/en/pages/1.jpg?v=" in pages
    status, kind, image = fetch_bytes(url + "en/pages/1.jpg")
    assert (status, kind) == (200, "image/jpeg") and image.startswith(b"\xff\xd8\xff")
    status, kind, pdf = fetch_bytes(url + "en/briefing.pdf")
    assert (status, kind, pdf[:4]) == (200, "application/pdf", b"%PDF")
    assert fetch_bytes(url + "sitrep-2023-11.en.pdf")[2] == pdf

    attacks = inputs / "2023-11" / "attacks.yaml"
    text = attacks.read_text(encoding="utf-8")
    attacks.write_text(text.replace("confirmed: false", "confirmed: true", 1), "utf-8")
    page_when(url + "en/", lambda page: ENGLISH_4 in page)
    page_when(url, lambda page: FOUR in page)


def test_a_project_without_english_says_so_at_en(inputs: Path, shared_cache: Path) -> None:
    publication = inputs / "publication.yaml"
    publication.write_text(
        publication.read_text("utf-8").replace("editions: [ar, en]", "editions: [ar]"), "utf-8"
    )
    server = PreviewServer(inputs, None, watched=[inputs], cache=shared_cache)
    try:
        server.start()
        status, page = fetch(server.url + "en/")
        assert status == 200
        assert "This project has no English edition: add en to editions" in page
        assert THREE in fetch(server.url)[1]
    finally:
        server.stop()
