"""`reportgen init`: a desk's own project, and every command on it with --project."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner

from reportgen.cli import main

ATTACKS = """\
attacks:
  - id: a01
    date: 2024-01-09
    governorate: الحسكة
    location: الشدادي
    type: ied
    target: military
    confirmed: true
    description: انفجرت عبوة ناسفة بدورية قرب الشدادي.
    sources:
      - https://news.example.net/2024/01/09/shaddadi
"""
EXAMPLE_TRACES = ("2023-11", "2022-12", "Binance", "الشحيل", "ذيبان", "مظلوم عبدي")
"""Words only the repository's example months contain."""


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_init_then_new_then_a_filled_month_builds_and_publishes_without_the_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    made = run("init", "desk")
    assert made.exit_code == 0, made.output
    desk = tmp_path / "desk"
    assert sorted(p.name for p in (desk / "inputs").iterdir()) == [
        "README.md",
        "actors.yaml",
        "governorates.yaml",
        "places.csv",
        "publication.yaml",
        "readers.yaml",
    ]
    assert list((desk / "output").iterdir()) == []
    assert (desk / "reportgen" / "schemas" / "report.schema.json").exists()
    assert run("check", "--project", "desk").exit_code == 0

    assert run("new", "2024-01", "--project", "desk").exit_code == 0
    month = desk / "inputs" / "2024-01"
    (month / "attacks.yaml").write_text(ATTACKS, encoding="utf-8")
    report = month / "report.yaml"
    report.write_text(
        re.sub(r"(?m)^title: .*$", "title: عبوة ناسفة في الشدادي", report.read_text("utf-8")),
        encoding="utf-8",
    )
    built = run("build", "--project", "desk")
    assert built.exit_code == 0, built.output
    html = (desk / "output" / "2024-01" / "sitrep-2024-01.html").read_text("utf-8")
    assert "تم تأكيد هجوم واحد" in html or "هجوم واحد" in html
    published = run("publish", "2024-01", "--project", "desk")
    assert published.exit_code == 0, published.output
    assert (month / "published.yaml").exists()

    output = desk / "output"
    assert sorted(p.name for p in output.iterdir() if not p.name.startswith(".")) == [
        "2024-01",
        "feed.xml",
        "index.html",
    ]
    for page in [output / "index.html", output / "feed.xml", *(output / "2024-01").glob("*.html")]:
        text = page.read_text("utf-8")
        assert [trace for trace in EXAMPLE_TRACES if trace in text] == [], page.name
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 1
    assert not (tmp_path / "inputs").exists() and not (tmp_path / "output").exists()


def test_init_never_writes_over_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "desk" / "inputs").mkdir(parents=True)
    result = run("init", "desk")
    assert result.exit_code == 2
    assert "desk/inputs:1:1: already exists; nothing was written" in result.output
    assert list((tmp_path / "desk").iterdir()) == [tmp_path / "desk" / "inputs"]


def test_explicit_inputs_and_output_win_over_the_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    assert run("init", "desk").exit_code == 0
    assert run("new", "2024-01", "--project", "desk", "--inputs", "desk/inputs").exit_code == 0
    result = run("build", "--project", "desk", "--output", "elsewhere", "-q")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "2024-01" / "sitrep-2024-01.pdf").exists()
    assert list((tmp_path / "desk" / "output").iterdir()) == []


def test_the_language_comes_from_the_projects_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REPORTGEN_LANG")
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "C")
    assert run("init", "desk", "--lang", "en").exit_code == 0
    settings = tmp_path / "desk" / "inputs" / "publication.yaml"
    settings.write_text(settings.read_text("utf-8") + "language: en\n", encoding="utf-8")
    assert "ok: all months valid" in run("check", "--project", "desk").output
    settings.write_text(settings.read_text("utf-8").replace("language: en", "language: ar"))
    assert "تم التحقق من جميع الأشهر" in run("check", "--project", "desk").output
