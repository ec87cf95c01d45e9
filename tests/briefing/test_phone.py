"""The reader's page in a real browser (Debian's chromium through Selenium and chromedriver), as
a phone 390 CSS pixels wide shows it, and on a desktop: nothing scrolls sideways, and the map
fits the screen at a scale its words can be read at, under a title that wraps."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from reportgen.briefing.maps import LABEL_SIZE, NARROW, WIDE, Layout

MONTH = "2023-11"
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
DESKTOP = {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
LEGIBLE_PX = 10
"""The least size, in CSS pixels, of the map's place names (type at 10 px is still read on a
phone; the page's own text is 16)."""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not driver:
        pytest.fail("chromium and chromedriver are missing: run make setup (as root) or apt-get")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    options.add_argument("--disable-background-networking")
    session = webdriver.Chrome(options=options, service=Service(driver))
    yield session
    session.quit()


def _open(browser, page: Path, metrics: dict[str, object]) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    browser.get(page.as_uri())
    browser.execute_script("return document.fonts.ready.then(() => true)")


def _measure(browser) -> dict[str, object]:
    return browser.execute_script(
        """
        const box = (el) => el && el.getBoundingClientRect().toJSON();
        const figure = document.querySelector("#chart-map");
        const img = figure && figure.querySelector("img");
        const caption = figure && figure.querySelector("figcaption.chart-title");
        return {
          viewport: document.documentElement.clientWidth,
          scrollWidth: document.documentElement.scrollWidth,
          map: box(img),
          source: img && img.currentSrc.slice(0, 22),
          caption: box(caption),
          captionText: caption && caption.textContent.trim(),
          captionLines: caption && Math.round(caption.getBoundingClientRect().height
            / parseFloat(getComputedStyle(caption).lineHeight)),
        };
        """
    )


def _inside(box: dict[str, float], width: int) -> bool:
    return box["left"] >= 0 and box["right"] <= width and box["width"] > 0


def _place_names_px(shown_width: float, layout: Layout) -> float:
    """How large the map's place names are where the map is `shown_width` CSS pixels wide."""
    return shown_width / (layout.width_in * 72) * LABEL_SIZE * layout.label_scale


@pytest.mark.parametrize("suffix", ["", ".en"])
def test_no_page_scrolls_sideways_on_a_phone(browser, example_build: Path, suffix: str):
    _open(browser, example_build / f"sitrep-{MONTH}{suffix}.html", PHONE)
    found = _measure(browser)
    assert found["viewport"] == 390
    assert found["scrollWidth"] <= found["viewport"], found


def test_the_map_and_its_caption_fit_a_phone(browser, example_build: Path):
    _open(browser, example_build / f"sitrep-{MONTH}.html", PHONE)
    found = _measure(browser)
    assert found["scrollWidth"] <= found["viewport"] == 390
    assert _inside(found["map"], 390) and _inside(found["caption"], 390), found
    assert found["source"] == "data:image/png;base64,"  # the phone's rendering
    assert _place_names_px(found["map"]["width"], NARROW) >= LEGIBLE_PX
    assert found["captionText"] == "الهجمات والمداهمات حسب الموقع، تشرين الثاني (نوفمبر) 2023"
    assert found["captionLines"] == 2  # the title wraps rather than running off the screen


def test_a_desktop_shows_the_wide_map(browser, example_build: Path):
    _open(browser, example_build / f"sitrep-{MONTH}.html", DESKTOP)
    found = _measure(browser)
    assert found["scrollWidth"] <= found["viewport"]
    assert _inside(found["map"], 1280) and _inside(found["caption"], 1280)
    assert found["source"] == "data:image/jpeg;base64"
    assert _place_names_px(found["map"]["width"], WIDE) >= LEGIBLE_PX
    assert found["captionLines"] == 1


@pytest.mark.parametrize("suffix", ["", ".en"])
def test_a_phrases_events_show_only_when_its_link_is_followed(
    browser, example_build: Path, suffix: str
):
    """The sentences' evidence lists are hidden until a reader opens one from its phrase: a
    page of identical «الأحداث المعدودة» toggles under the key figures read as broken."""
    _open(browser, example_build / f"sitrep-{MONTH}{suffix}.html", PHONE)
    shown = (
        "return [...document.querySelectorAll('.evidence-list > details')]"
        ".map(d => d.offsetHeight > 0)"
    )
    assert browser.execute_script(shown) and not any(browser.execute_script(shown))
    link = browser.find_element(
        "css selector", "a.evidence-link[href='#evidence-raid-isis-killed']"
    )
    browser.execute_script("arguments[0].click()", link)
    opened = browser.execute_script(
        "const d = document.querySelector('#evidence-raid-isis-killed');"
        "return [d.offsetHeight > 0, d.open, d.querySelector('summary').textContent.trim(),"
        " d.querySelectorAll('li').length]"
    )
    phrase = link.text.strip()
    assert opened[:2] == [True, True]
    assert opened[2].endswith(": " + phrase) and opened[3] == 1
