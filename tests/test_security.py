"""Hostile input: markup and script in every text field, references to the network and to files
outside the project, hidden bidi controls, and inputs too large to handle."""

from __future__ import annotations

import http.server
import io
import re
import struct
import threading
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import html5lib
import pypdfium2
import pytest
import yaml
from PIL import Image

from reportgen.briefing.render import TEMPLATE_DIR, render_html, write_pdf
from reportgen.errors import InputError
from reportgen.input.limits import Limits
from reportgen.input.loader import load_project
from reportgen.input.yamlsource import clean_text, parse_yaml
from reportgen.publish.build import briefing_context, build_month, load
from tests.conftest import (
    FIXTURES,
    copy_inputs,
    normalise,
    render_briefing,
    republish,
)
from tests.generated import charts_undrawn

REPORT = "inputs/2023-11/report.yaml"
SMALL = FIXTURES / "small"
MONTH = "2023-11"
pytestmark = pytest.mark.inputs("valid")  # the limits and paths tests work on the small fixture

NOT_TEXT = {
    "report": {"month", "status", "after", "image"},
    "attacks": {"date", "type", "target"},
    "raids": {"date", "outcome"},
    "casualties": {"date", "category", "status"},
    "sanctions": {"date", "target_type"},
    "camps": set(),
    "governorates": {"key", "pcode"},
    "publication": {
        "digits",
        "editions",
        "language",
        "logo",
        "security",
        "from",
        "host",
        "user",
        "password_env",
        "unsubscribe",
    },
}
"""Keys whose values are dates, choices, paths or keys rather than free text, per file."""
URL_KEYS = {"sources", "website", "base_url"}
HIDDEN = re.compile("[\x00\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a]")
TASHKEEL_TITLE = "تَـقْـرِيـرٌ مُـفَـصَّـلٌ عَنِ الهَجَمَاتِ فِي دَيْـرِ الـزُّورِ"


# --- rewriting a project's YAML -----------------------------------------------------------------


def rewrite_project(
    inputs: Path, text: Callable[[str], str], url: Callable[[str], str], month: str = MONTH
) -> None:
    """Pass every text value of the shared files and of `month` through `text` (web addresses
    through `url`). Ids, references and governorate names change alike, so the month stays valid;
    its record of publication goes (publish it again to build it)."""
    files = [inputs / "governorates.yaml", inputs / "publication.yaml"]
    files += sorted(p for p in (inputs / month).glob("*.yaml") if p.name != "published.yaml")
    keys = {g["key"] for g in _data(inputs / "governorates.yaml")["governorates"]}
    for path in files:
        rewrite = _Rewrite(NOT_TEXT[path.stem], keys, text, url)
        data = rewrite.value(_data(path), ())
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6))
    (inputs / month / "published.yaml").unlink(missing_ok=True)


def _data(path: Path) -> Any:
    return parse_yaml(path.read_bytes(), path.name).data


class _Rewrite:
    def __init__(self, not_text: set[str], governorate_keys: set[str], text, url):
        self.not_text = not_text
        self.governorate_keys = governorate_keys
        self.text = text
        self.url = url

    def value(self, value: Any, path: tuple[str | int, ...]) -> Any:
        if isinstance(value, dict):
            return {key: self.value(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, list):
            return [self.value(item, (*path, i)) for i, item in enumerate(value)]
        if not isinstance(value, str) or "colors" in path:
            return value
        key = next(part for part in reversed(path) if isinstance(part, str))
        if key in self.not_text or (key == "governorate" and value in self.governorate_keys):
            return value
        return self.url(value) if key in URL_KEYS else self.text(value)


# --- a local server that records every request --------------------------------------------------


class _RecordingServer(http.server.ThreadingHTTPServer):
    requests: list[str]


class _Recorder(http.server.BaseHTTPRequestHandler):
    server: _RecordingServer

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[_RecordingServer]:
    """An HTTP server on 127.0.0.1 that answers 404 and records the path of every request."""
    httpd = _RecordingServer(("127.0.0.1", 0), _Recorder)
    httpd.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(f"{_origin(httpd)}/control", timeout=5)
        assert httpd.requests == ["/control"], "the server does not record requests"
        httpd.requests.clear()
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _origin(httpd: _RecordingServer) -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}"


# --- markup, script and outside references in every text field ----------------------------------


def hostile_text(origin: str) -> str:
    return (
        ' <script>alert("x")</script><img src=x onerror=alert(1)></style><style>*{display:none}'
        '</style><a href="javascript:alert(2)" onclick=alert(4)>j</a><svg onload=alert(5)>'
        f" [j](javascript:alert(3)){fetching_text(origin)} {{{{ 7*7 }}}} &lt;b&gt;"
    )


def fetching_text(origin: str) -> str:
    """The part of `hostile_text` that names something to fetch: from `origin`, or a file."""
    return (
        f" ![i]({origin}/i.png) [l]({origin}/l) <img src=file:///etc/passwd>"
        f"<link rel=stylesheet href={origin}/s.css><style>@import url({origin}/i.css)</style>"
        f"<object data={origin}/o>"
    )


def hostile_url(origin: str) -> Callable[[str], str]:
    return lambda url: f'{origin}/source?of={url}&x="><script>alert(6)</script><b/onclick=alert(7)>'


def _hostile_inputs(tmp: Path, text: Callable[[str], str], origin: str) -> Path:
    """The small project (every kind of record and field of the example, a few of each) with
    `text` after every text field and hostile web addresses."""
    inputs = copy_inputs(tmp, SMALL)
    rewrite_project(inputs, lambda value: value + text(origin), hostile_url(origin))
    return inputs


@pytest.fixture(scope="module")
def hostile_build(
    tmp_path_factory: pytest.TempPathFactory, server: _RecordingServer, shared_cache: Path
) -> tuple[dict[str, str], Path]:
    """Both editions' HTML of the small project with hostile text in every field, and the PDF a
    build prints of its Arabic edition with every reference to fetch in every field, through
    the functions a build calls. (The PDF's text is not what is checked, only what printing
    it reaches: the whole hostile text, 23 pages, would take three times as long to print.)"""
    origin = _origin(server)
    inputs = _hostile_inputs(tmp_path_factory.mktemp("hostile"), hostile_text, origin)
    with charts_undrawn():  # their words are in the page as alt text; the pictures are pixels
        html = {e: render_briefing(load(inputs), MONTH, edition=e)[0] for e in ("ar", "en")}
    tmp = tmp_path_factory.mktemp("fetching")
    inputs = _hostile_inputs(tmp, fetching_text, origin)
    with charts_undrawn():
        context, _charts = briefing_context(load(inputs), MONTH)
    pdf = tmp / f"sitrep-{MONTH}.pdf"
    page = render_html(context, font_cache=shared_cache / "fonts", medium="print")
    write_pdf(page, pdf, allowed=(TEMPLATE_DIR, inputs / MONTH))
    return html, pdf


@pytest.fixture(scope="module", params=["ar", "en"])
def edition(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="module")
def hostile_tree(hostile_build: tuple[dict[str, str], Path], edition: str):
    return html5lib.parse(hostile_build[0][edition], namespaceHTMLElements=False)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _styles(tree) -> list[str]:
    """Each <style> element's text without its @font-face rules (subsets follow the text)."""
    return [re.sub(r"@font-face \{[^}]*\}", "", style.text or "") for style in tree.iter("style")]


@pytest.fixture(scope="module")
def clean_tree(edition: str):
    """The small project's page as its editors wrote it."""
    html, _charts = render_briefing(load(SMALL), MONTH, edition=edition)
    return html5lib.parse(html, namespaceHTMLElements=False)


def _tags(tree) -> set[str]:
    return {element.tag for element in tree.iter() if isinstance(element.tag, str)}


_EDITION_FILE = re.compile(r"sitrep-[0-9]{4}-[0-9]{2}(\.en)?\.html")
"""The relative links a briefing has: to its other edition, beside it, and to the feeds."""
_FEED_FILE = re.compile(r"\.\./feed(\.en)?\.xml")


def test_hostile_markup_adds_no_element_kind(hostile_tree, clean_tree):
    found = _tags(hostile_tree)
    assert found - _tags(clean_tree) == set()
    assert not {"script", "iframe", "svg", "object", "embed", "base"} & found
    for link in hostile_tree.iter("link"):
        rel, href, kind = link.get("rel"), link.get("href"), link.get("type")
        edition = rel == "alternate" and kind is None and _EDITION_FILE.fullmatch(href)
        feed = rel == "alternate" and kind == "application/atom+xml" and _FEED_FILE.fullmatch(href)
        canonical = rel == "canonical" and href.startswith(("https://", "http://"))
        assert edition or feed or canonical, (rel, href)


def test_no_event_handler_or_script_url_survives(hostile_tree):
    for element in hostile_tree.iter():
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name, value)
            if name in ("href", "src"):
                assert not value.strip().lower().startswith(("javascript:", "file:")), value
    sources = [img.get("src") for img in hostile_tree.iter("img")]
    assert sources and all(src.startswith("data:image/") for src in sources)
    links = [a.get("href") for a in hostile_tree.iter("a")]
    assert all(
        href.startswith(("http://", "https://", "mailto:", "#")) or _EDITION_FILE.fullmatch(href)
        for href in links
    )


def test_style_elements_are_ours(hostile_tree, clean_tree):
    assert _styles(hostile_tree) == _styles(clean_tree)


def test_hostile_text_is_shown_as_text(hostile_tree, server: _RecordingServer):
    payload = " ".join(hostile_text(_origin(server)).split())
    headline = _text(hostile_tree.find(".//h1/span[@class='headline']"))
    assert headline.endswith(payload)
    assert _text(hostile_tree.find(".//figure[@class='cover']/figcaption")).endswith(payload)
    shown = _text(hostile_tree.find(".//body"))
    assert shown.count('<script>alert("x")</script>') >= 20
    assert "{{ 7*7 }}" in shown and "&lt;b&gt;" in shown


def test_nothing_is_fetched_from_the_network_or_outside_files(
    hostile_build: tuple[str, Path], server: _RecordingServer
):
    html, pdf = hostile_build
    assert server.requests == []
    html = " ".join(html.values())
    pages = pypdfium2.PdfDocument(pdf)
    text = " ".join(page.get_textpage().get_text_range() for page in pages)
    assert "root:x:" not in text and "root:x:" not in html
    assert "src=file:///etc/passwd" in text, "the hostile text is not printed as text"


def test_pdf_fetcher_refuses_network_and_outside_files(
    tmp_path: Path, server: _RecordingServer, caplog: pytest.LogCaptureFixture
):
    allowed = tmp_path / "month"
    allowed.mkdir()
    Image.new("RGB", (4, 4), "red").save(allowed / "inside.png")
    origin = _origin(server)
    html = f"""<!DOCTYPE html><html lang="en"><head>
        <link rel="stylesheet" href="{origin}/link.css">
        <style>@import url("{origin}/import.css"); body {{ background: url("{origin}/bg.png") }}
        @font-face {{ font-family: x; src: url("{origin}/font.woff") }}</style></head><body>
        <img src="{origin}/img.png"><img src="file:///etc/passwd"><img src="/etc/hostname">
        <img src="{allowed.as_uri()}/../../../etc/passwd"><object data="{origin}/object"></object>
        <iframe src="{origin}/frame"></iframe>
        <img alt="red" src="{(allowed / "inside.png").as_uri()}">
        </body></html>"""
    write_pdf(html, tmp_path / "out.pdf", allowed=(allowed,))
    assert server.requests == []
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF-")
    refused = " ".join(record.getMessage() for record in caplog.records)
    assert "/etc/passwd" in refused and "inside.png" not in refused


# --- hidden characters ---------------------------------------------------------------------------


def _with_controls(text: str) -> str:
    """`text` opened by an override and an isolate that are never closed, with zero-width and NUL
    characters in the middle."""
    middle = len(text) // 2
    return "\u202e\u2067" + text[:middle] + "\u200b\x00\ufeff\u200f" + text[middle:] + "\u2066"


@pytest.fixture(scope="module")
def controls_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    tmp = tmp_path_factory.mktemp("controls")
    inputs = copy_inputs(tmp, SMALL)
    report = inputs / MONTH / "report.yaml"
    report.write_text(
        re.sub(r"(?m)^title: .*$", f"title: {TASHKEEL_TITLE}", report.read_text("utf-8")), "utf-8"
    )
    rewrite_project(inputs, _with_controls, lambda url: url + "\u202e\u200b")
    republish(inputs, MONTH)
    build_month(load(inputs), MONTH, tmp / "output")
    folder = tmp / "output" / MONTH
    html = (folder / f"sitrep-{MONTH}.html").read_text(encoding="utf-8")
    return html, folder / f"sitrep-{MONTH}.pdf"


def test_bidi_controls_zero_width_and_nul_never_reach_the_page(controls_build):
    html, _ = controls_build
    assert HIDDEN.findall(html) == []
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    caption = _data(SMALL / MONTH / "report.yaml")["cover"]["caption"]
    assert _text(tree.find(".//figure[@class='cover']/figcaption")) == " ".join(caption.split())


def arabic_lines(page) -> list[str]:
    """The Arabic letters of each line of `page`, right to left, without marks and tatweel.

    pypdfium2's `get_text_range` cannot be used for vowelled text: a mark that sits above its
    letter comes out as a line of its own and splits the word around it. Letters are instead
    placed by their boxes; a loose box spans the font's ascent and descent, so the letters of one
    line share its bottom.
    """
    textpage = page.get_textpage()
    placed = []
    for i in range(textpage.count_chars()):
        char = textpage.get_text_range(i, 1)
        if ARABIC_LETTER.fullmatch(char):
            _, bottom, right, _ = textpage.get_charbox(i, loose=True)
            placed.append((round(bottom), -right, i, char))
    lines: dict[int, str] = {}
    for bottom, _, _, char in sorted(placed):
        lines[bottom] = lines.get(bottom, "") + char
    return list(lines.values())


def test_title_with_tashkeel_and_tatweel_is_intact(controls_build):
    html, pdf = controls_build
    tree = html5lib.parse(html, namespaceHTMLElements=False)
    assert _text(tree.find(".//h1/span[@class='headline']")) == TASHKEEL_TITLE
    first_page = pypdfium2.PdfDocument(pdf)[0]
    assert set(TASHKEEL_TITLE) <= set(first_page.get_textpage().get_text_range())
    assert normalise(TASHKEEL_TITLE).replace(" ", "") in arabic_lines(first_page)


def test_clean_text_keeps_what_arabic_spelling_needs():
    kept = "مُحَمَّـد\u200cخان\u200dز\tسطر\nثان"
    assert clean_text(kept) == kept
    assert clean_text("\u202ba\u202cb\u2068c\u2069\x1b[2J\x7f\x85\ud800\U000e0041") == "abc[2J"


# --- paths outside their folder -----------------------------------------------------------------


def write(inputs: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def errors_after(inputs: Path, files: dict[str, str | bytes]) -> list[str]:
    write(inputs, files)
    with pytest.raises(InputError) as caught:
        load_project(inputs)
    return [str(problem) for problem in caught.value.problems]


def with_cover(image: str) -> dict[str, str]:
    return {f"{MONTH}/report.yaml": f"month: {MONTH}\ntitle: t\ncover:\n  image: {image}\n"}


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        ("../../etc/passwd", "'../../etc/passwd' points outside the folder inputs/2023-11"),
        (
            "/etc/passwd",
            "'/etc/passwd' is an absolute path; give a path inside the folder inputs/2023-11",
        ),
        (
            "C:\\\\Windows\\\\win.ini",
            "'C:\\Windows\\win.ini' is an absolute path; give a path inside the folder"
            " inputs/2023-11",
        ),
        ("img/../../x.png", "'img/../../x.png' points outside the folder inputs/2023-11"),
        ("passwd.png", "'passwd.png' is a link to a file outside the folder inputs/2023-11"),
        ("etc/passwd", "'etc/passwd' is a link to a file outside the folder inputs/2023-11"),
        ("loop.png", "'loop.png' is a link that leads nowhere (a loop)"),
    ],
)
def test_cover_outside_the_month_folder_is_an_error(inputs: Path, image: str, expected: str):
    folder = inputs / MONTH
    (folder / "passwd.png").symlink_to("/etc/passwd")
    (folder / "etc").symlink_to("/etc")
    (folder / "loop.png").symlink_to(folder / "loop.png")
    image = f'"{image}"' if "\\" in image else image
    assert errors_after(inputs, with_cover(image)) == [f"{REPORT}:4:10: cover.image: {expected}"]


def test_logo_outside_inputs_is_an_error(inputs: Path):
    (inputs / "logo.png").symlink_to("/etc/passwd")
    assert errors_after(inputs, {"publication.yaml": "logo: logo.png\n"}) == [
        "inputs/publication.yaml:1:7: logo: 'logo.png' is a link to a file outside the folder"
        " inputs"
    ]


def test_yaml_file_linking_out_of_its_folder_is_an_error(inputs: Path):
    outside = inputs.parent / "elsewhere.yaml"
    outside.write_text("attacks: []\n", encoding="utf-8")
    (inputs / MONTH / "attacks.yaml").unlink()
    (inputs / MONTH / "attacks.yaml").symlink_to(outside)
    assert errors_after(inputs, {}) == [
        "inputs/2023-11/attacks.yaml:1:1: a link to a file outside the folder inputs/2023-11;"
        " put the file itself here"
    ]


# --- size limits --------------------------------------------------------------------------------


def png_claiming(width: int, height: int) -> bytes:
    """A 1×1 PNG whose header claims `width` × `height`: a decompression bomb's shape, cheap."""
    buffer = io.BytesIO()
    Image.new("L", (1, 1)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(data[12:29]))
    return bytes(data)


def image_bytes(image_format: str, size: tuple[int, int] = (2, 1)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, image_format)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "big.png",
            png_claiming(8000, 6000),
            "'big.png' is 8,000 × 6,000 pixels (48.0 megapixels), larger than the limit of 40"
            " megapixels",
        ),
        (
            "bomb.png",
            png_claiming(20000, 10000),
            "'bomb.png' is larger than the limit of 40 megapixels",
        ),
        ("cover.gif", image_bytes("GIF"), "'cover.gif' is not a PNG, JPEG or WebP image"),
        ("cover.jpg", b"<svg onload='alert(1)'/>", "'cover.jpg' is not a PNG, JPEG or WebP image"),
        ("empty.png", b"", "'empty.png' is not a PNG, JPEG or WebP image"),
    ],
)
def test_cover_must_be_a_small_enough_image(inputs: Path, name: str, content: bytes, expected: str):
    files = {f"{MONTH}/{name}": content, **with_cover(name)}
    assert errors_after(inputs, files) == [f"{REPORT}:4:10: cover.image: {expected}"]


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_cover_within_limits_loads(inputs: Path, image_format: str):
    write(inputs, {f"{MONTH}/cover.img": image_bytes(image_format), **with_cover("cover.img")})
    assert load_project(inputs)[0].months[MONTH].report.cover.image == Path("cover.img")


def test_limits_in_publication_yaml_change_the_limits(inputs: Path):
    png = image_bytes("PNG", (2000, 1000))
    files = {
        "publication.yaml": "limits:\n  image_megapixels: 1\n  image_bytes: 100000\n",
        f"{MONTH}/cover.png": png,
        **with_cover("cover.png"),
    }
    assert errors_after(inputs, files) == [
        f"{REPORT}:4:10: cover.image: 'cover.png' is 2,000 × 1,000 pixels (2.0 megapixels),"
        " larger than the limit of 1 megapixels"
    ]
    files["publication.yaml"] = "limits:\n  image_bytes: 100\n"
    assert errors_after(inputs, files) == [
        f"{REPORT}:4:10: cover.image: 'cover.png' is {len(png):,} bytes, larger than the limit"
        " of 100"
    ]


def test_oversized_yaml_file(inputs: Path):
    padding = "# " + "x" * 1_000_000 + "\n"
    assert errors_after(inputs, {f"{MONTH}/camps.yaml": padding + "camps: []\n"}) == [
        "inputs/2023-11/camps.yaml:1:1: file is larger than the limit of 1,000,000 bytes"
    ]
    files = {
        "publication.yaml": "limits: {file_bytes: 300}\n",
        f"{MONTH}/camps.yaml": "camps: []\n",
    }
    assert errors_after(inputs, files) == [
        "inputs/2023-11/attacks.yaml:1:1: file is larger than the limit of 300 bytes",
        "inputs/2023-11/raids.yaml:1:1: file is larger than the limit of 300 bytes",
        "inputs/2023-11/report.yaml:1:1: file is larger than the limit of 300 bytes",
        "inputs/2023-11/sanctions.yaml:1:1: file is larger than the limit of 300 bytes",
        "inputs/governorates.yaml:1:1: file is larger than the limit of 300 bytes",
    ]


def billion_laughs(levels: int = 9) -> str:
    lines = [
        "camps:",
        '  - name: &a "lol"',
        "    notes: &l0 [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
    ]
    for level in range(1, levels):
        lines.append(f"  - name: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_stopped_with_a_located_problem(inputs: Path):
    assert errors_after(inputs, {f"{MONTH}/camps.yaml": billion_laughs()}) == [
        "inputs/2023-11/camps.yaml:2:11: more than 100,000 values: aliases (*name) expand too far;"
        " write the values out instead"
    ]
    files = {"publication.yaml": "limits:\n  yaml_values: 30\n", f"{MONTH}/camps.yaml": ""}
    assert errors_after(inputs, files) == [
        "inputs/2023-11/attacks.yaml:16:5: more than 30 values in one file",
        "inputs/governorates.yaml:15:5: more than 30 values in one file",
    ]


def test_text_longer_than_its_limit(inputs: Path):
    report = (
        f"month: {MONTH}\ntitle: {'ع' * 2001}\nsections:\n  - id: s\n    title: {'ع' * 2000}\n"
        f"    body: {'ب' * 20001}\nnotes: {'ن' * 20000}\n"
    )
    assert errors_after(inputs, {f"{MONTH}/report.yaml": report}) == [
        f"{REPORT}:2:8: title: text of 2,001 characters is longer than the limit of 2,000",
        f"{REPORT}:6:11: sections[0].body: text of 20,001 characters is longer than the limit"
        " of 20,000",
    ]
    files = {
        "publication.yaml": "limits: {text_characters: 40, long_text_characters: 35}\n",
        f"{MONTH}/report.yaml": (FIXTURES / "valid" / MONTH / "report.yaml").read_text("utf-8"),
    }
    assert errors_after(inputs, files) == [
        f"{REPORT}:5:5: highlights[0]: text of 42 characters is longer than the limit of 40",
        f"{REPORT}:9:11: sections[0].body: text of 36 characters is longer than the limit of 35",
    ]


def test_numbers_too_large_to_count(inputs: Path):
    casualty = "{date: 2023-11-05, category: military, status: killed, count: %s}"
    casualties = f"casualties:\n  - {casualty % 1000000001}\n  - {casualty % '2.0e+300'}\n"
    raids = (
        f"raids:\n  - {{id: r-1, date: 2023-11-10, governorate: raqqa, detained: {'9' * 400}}}\n"
    )
    governorate = "{key: hasakah, name_ar: الحسكة, name_en: Hasakah, lat: .nan, lon: 1}"
    files = {
        f"{MONTH}/casualties.yaml": casualties,
        f"{MONTH}/raids.yaml": raids,
        "governorates.yaml": f"governorates:\n  - {governorate}\n",
    }
    assert errors_after(inputs, files) == [
        "inputs/2023-11/casualties.yaml:2:67: casualties[0].count: 1000000001 is larger than the"
        " limit of 1,000,000,000",
        "inputs/2023-11/casualties.yaml:3:67: casualties[1].count: 2e+300 is larger than the"
        " limit of 1,000,000,000",
        "inputs/2023-11/raids.yaml:2:63: raids[0].detained: a number of more than 300 digits;"
        " write a smaller number",
        "inputs/governorates.yaml:2:60: governorates[0].lat: expected a number, found nan",
    ]


def test_limits_are_checked_like_any_setting(inputs: Path):
    limits = "limits:\n  text_characters: 0\n  image_pixels: 5\n  image_megapixels: 200\n"
    assert errors_after(inputs, {"publication.yaml": limits}) == [
        "inputs/publication.yaml:2:20: limits.text_characters: expected an integer of at least 1,"
        " found 0",
        "inputs/publication.yaml:3:3: limits.image_pixels: unknown key; did you mean"
        " 'image_megapixels'?",
        "inputs/publication.yaml:4:21: limits.image_megapixels: expected an integer from 1 to 178,"
        " found 200",
    ]


def test_a_field_of_hidden_characters_only_is_empty(inputs: Path):
    report = f'month: {MONTH}\ntitle: "\\u202e\\u200b\\0"\n'
    assert errors_after(inputs, {f"{MONTH}/report.yaml": report}) == [
        f"{REPORT}:2:8: title: must not be empty"
    ]


def test_limits_can_be_given_to_the_loader(inputs: Path):
    with pytest.raises(InputError) as caught:
        load_project(inputs, limits=Limits(text_characters=40, long_text_characters=35))
    assert [str(problem) for problem in caught.value.problems] == [
        f"{REPORT}:5:5: highlights[0]: text of 42 characters is longer than the limit of 40",
        f"{REPORT}:9:11: sections[0].body: text of 36 characters is longer than the limit of 35",
    ]
