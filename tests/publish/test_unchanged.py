"""The no-change build: decided from file metadata and the digests recorded by the last build,
before any YAML is parsed, and never when something it read or wrote changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.publish import fingerprint
from reportgen.publish.unchanged import DIGESTS, RECORD
from tests.conftest import unpublish

pytestmark = pytest.mark.inputs("small")
"""A build's mechanics, not the example's pages: the small project builds faster."""

MONTH = "2023-11"
HEAVY = ("matplotlib", "pandas", "weasyprint", "jsonschema", "jinja2", "reportgen.input.loader")
"""What a build that finds nothing to do never imports: no drawing, no tables, no printing,
no validation of the inputs, no templates."""


def run(*args: str):
    return CliRunner().invoke(main, ["--lang", "en", *args], catch_exceptions=False)


@pytest.fixture
def trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written a moment ago are recorded by their metadata too (normally they are read
    again until they are a few seconds old), so the tests reach the metadata path."""
    monkeypatch.setattr(fingerprint, "RACY_SECONDS", 0)


def _imported_by_a_build(project: Path) -> tuple[str, set[str]]:
    code = (
        "import sys\n"
        "from reportgen.cli import main\n"
        "try:\n"
        "    main(['--lang', 'en', 'build'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('imported:', *(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=True
    )
    said, _, imported = done.stdout.rpartition("imported:")
    return done.stderr + said, set(imported.split())


def test_a_no_change_build_loads_nothing_heavy(built_project: Path):
    first, _imported = _imported_by_a_build(built_project)
    assert "0 built, 1 unchanged" in first
    again, imported = _imported_by_a_build(built_project)
    assert f"{MONTH}: unchanged since its last build, skipped" in again
    assert "0 built, 1 unchanged" in again
    assert "validated" not in again  # decided before any month was read
    assert imported == set()


def test_it_says_what_the_full_build_said(built_project: Path, trusted):
    inputs = built_project / "inputs"
    unpublish(inputs)
    attacks = inputs / MONTH / "attacks.yaml"
    marked = attacks.read_text("utf-8").replace("- id: a01\n", "- id: a01\n  review: true\n")
    attacks.write_text(marked, "utf-8")
    assert run("build").exit_code == 0
    (built_project / "output" / RECORD).unlink()
    full = run("build")  # finds the month up to date the long way
    assert full.exit_code == 0, full.output
    quick = run("build")
    assert quick.exit_code == 0
    lines = [line for line in full.output.splitlines() if "validated" not in line]
    assert [line.split(" in ")[0] for line in quick.output.splitlines()] == [
        line.split(" in ")[0] for line in lines
    ]
    assert "review" in quick.output and "draft, not in the archive: 2023-11" in quick.output
    assert "0 built, 1 unchanged" in quick.output


def test_a_published_file_changed_with_its_size_and_mtime_kept_is_refused(
    built_project: Path, trusted
):
    assert run("build").exit_code == 0
    assert run("build").exit_code == 0
    digests = fingerprint.cache_dir(built_project / "output") / DIGESTS
    recorded = json.loads(digests.read_text())
    attacks = built_project / "inputs" / MONTH / "attacks.yaml"
    assert str(attacks.absolute()) in recorded
    before = attacks.stat()
    text = attacks.read_text("utf-8")
    changed = text.replace("id: a01", "id: a09", 1)
    assert changed != text and len(changed) == len(text)
    attacks.write_text(changed, "utf-8")
    os.utime(attacks, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert attacks.stat().st_mtime_ns == before.st_mtime_ns
    refused = run("build")
    assert refused.exit_code == 2
    assert f"inputs/{MONTH}/attacks.yaml:1:1: changed since {MONTH} was published" in (
        refused.output
    )
    attacks.write_text(text, "utf-8")
    assert "0 built, 1 unchanged" in run("build").output


def test_a_damaged_output_or_a_changed_archive_is_built_again(built_project: Path, trusted):
    assert run("build").exit_code == 0
    chart = built_project / "output" / MONTH / "charts" / "map.png"
    chart.write_bytes(chart.read_bytes()[:-1])
    assert "1 built, 0 unchanged" in run("build").output
    assert "0 built, 1 unchanged" in run("build").output
    for name in ("index.html", "feed.en.xml"):
        (built_project / "output" / name).unlink()
        assert "0 built, 1 unchanged" in run("build").output
        assert (built_project / "output" / name).exists()


def test_each_request_and_language_has_its_own_record(built_project: Path, trusted):
    assert run("build").exit_code == 0
    arabic = CliRunner().invoke(main, ["--lang", "ar", "build"], catch_exceptions=False)
    assert "تُخطي" in arabic.output
    assert "0 built, 1 unchanged" in run("build", "--all").output
    records = json.loads((built_project / "output" / RECORD).read_text())
    assert len(records) == 3
    again = CliRunner().invoke(main, ["--lang", "ar", "build"], catch_exceptions=False)
    assert "تُخطي" in again.output and "validated" not in again.output


def test_a_forced_build_builds(built_project: Path):
    assert run("build").exit_code == 0
    assert "1 built, 0 unchanged" in run("build", "--force").output
