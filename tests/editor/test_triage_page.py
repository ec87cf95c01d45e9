"""The preview's triage page in a real browser (Debian's headless Chromium through Selenium), and
its write endpoint against cross-site requests."""

from __future__ import annotations

import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from reportgen.editor.importers.acled import import_acled
from reportgen.editor.preview import PreviewServer
from reportgen.input.loader import load_project
from tests.acled_rows import CURRENT_COLUMNS, ISIS, SDF, event, write_export

pytestmark = pytest.mark.inputs("valid")
WAIT_SECONDS = 60
COMMENT = "  # المحرر: راجعتُ هذه الأحداث مع المرصد\n"


def _browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
    ):
        options.add_argument(argument)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


@pytest.fixture
def imported(inputs: Path, tmp_path: Path) -> Path:
    rows = [
        event("SYR1"),
        event("SYR2", notes="IS militants attacked a QSD patrol near Thiban.", fatalities="2"),
        event("SYR3", actor1=SDF, actor2=ISIS, fatalities="0"),
    ]
    export = write_export(tmp_path / "acled.csv", rows, CURRENT_COLUMNS, bom=False, crlf=False)
    import_acled(inputs, export)
    attacks = inputs / "2024-06" / "attacks.yaml"
    text = attacks.read_text(encoding="utf-8")
    attacks.write_text(text.replace("attacks:\n", "attacks:\n" + COMMENT, 1), encoding="utf-8")
    return export


@pytest.fixture
def server(inputs: Path, imported: Path, shared_cache: Path) -> Iterator[PreviewServer]:
    preview = PreviewServer(inputs, "2024-06", watched=[inputs], cache=shared_cache)
    try:
        preview.start()
        yield preview
    finally:
        preview.stop()


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = _browser()
    try:
        yield driver
    finally:
        driver.quit()


def _status(driver: webdriver.Chrome) -> str:
    """The page's line saying what was done; empty while the page is being replaced (after a
    post, the old page's element can go between finding it and reading it)."""
    try:
        found = driver.find_elements(By.CSS_SELECTOR, "p.done")
        return found[0].text if found else ""
    except StaleElementReferenceException:
        return ""


def test_drop_and_raid_on_the_page_stick_through_a_reimport(
    inputs, imported, server, browser, tmp_path
):
    browser.get(server.url + "triage")
    first = browser.find_element(By.ID, "record-acled-SYR1")
    first.find_element(By.NAME, "reason").send_keys("not ISIS: a tribal dispute")
    first.find_element(By.CSS_SELECTOR, "button[value=drop]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "acled-SYR1" in _status(d))
    assert _status(browser) == "acled-SYR1: dropped"
    assert not browser.find_elements(By.ID, "record-acled-SYR1")

    second = browser.find_element(By.ID, "record-acled-SYR2")
    second.find_element(By.CSS_SELECTOR, "button[value=raid]").click()
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: "acled-SYR2" in _status(d))
    assert _status(browser) == "acled-SYR2: made a raid"
    assert "Now: raid" in browser.find_element(By.ID, "record-acled-SYR2").text

    summary, _ = import_acled(inputs, imported)
    assert summary.skipped["dropped by an editor (decisions.yaml)"] == 1
    month = load_project(inputs)[0].months["2024-06"]
    assert [a.id for a in month.attacks] == []
    assert sorted(r.id for r in month.raids) == ["acled-SYR2", "acled-SYR3"]
    assert [(c.raid, c.attack, c.count) for c in month.casualties] == [("acled-SYR2", None, 2)]
    assert {d.source_id: d.decision for d in month.decisions} == {
        "acled:SYR1": "drop",
        "acled:SYR2": "raid",
    }
    [dropped] = [d for d in month.decisions if d.decision == "drop"]
    assert dropped.reason == "not ISIS: a tribal dispute"
    attacks = (inputs / "2024-06" / "attacks.yaml").read_text(encoding="utf-8")
    assert attacks.endswith("attacks: []\n" + COMMENT.strip() + "\n")  # emptied, comment kept


def _post(url: str, body: str, origin: str | None) -> int:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if origin:
        headers["Origin"] = origin
    request = urllib.request.Request(url, body.encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def _files(inputs: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((inputs / "2024-06").iterdir())}


def test_cross_site_and_tokenless_posts_change_nothing(inputs, server):
    with urllib.request.urlopen(server.url + "triage", timeout=30) as reply:
        page = reply.read().decode("utf-8")
        assert reply.headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in reply.headers["Content-Security-Policy"]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    before = _files(inputs)
    origin = server.url.rstrip("/")
    url = server.url + "triage"
    drop = "record=acled-SYR1&action=drop&reason=x"
    assert _post(url, f"token={token}&{drop}", "http://evil.example") == 403
    assert _post(url, f"token={token}&{drop}", None) == 403
    assert _post(url, drop, origin) == 403
    assert _post(url, f"token=wrong&{drop}", origin) == 403
    assert _files(inputs) == before
    with urllib.request.urlopen(server.url, timeout=30) as reply:
        assert reply.headers["X-Frame-Options"] == "DENY"


def test_a_silent_connection_is_closed(inputs, server, monkeypatch):
    import socket

    from reportgen.editor import preview

    monkeypatch.setattr(preview._Handler, "timeout", 1.0)
    host, port = server.url.split("//")[1].rstrip("/").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(b"GET /triage HTTP/1.1\r\n")
        assert connection.recv(1024) == b""  # closed by the server, not left hanging
