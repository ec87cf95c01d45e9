"""A published month stays as published: its record (published.yaml) and the gate that checks it."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from reportgen.cli import main
from reportgen.publish.freeze import FIGURES
from tests.conftest import EXAMPLE_INPUTS
from tests.generated import charts_undrawn

MONTH = "2023-11"
RECORD = f"inputs/{MONTH}/published.yaml"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def changed(name: str) -> str:
    return (
        f"inputs/{MONTH}/{name}:1:1: changed since {MONTH} was published (2023-12-05, recorded"
        f" in {RECORD}): restore the published file, or publish the change as a correction:"
        f' reportgen correct {MONTH} --note "…"'
    )


def deleted(name: str) -> str:
    return (
        f"inputs/{MONTH}/{name}:1:1: deleted since {MONTH} was published (2023-12-05, recorded"
        f" in {RECORD}): restore the file, or publish its removal as a correction:"
        f' reportgen correct {MONTH} --note "…"'
    )


def test_the_example_month_carries_its_record_and_it_matches_the_files():
    record = yaml.safe_load((EXAMPLE_INPUTS / MONTH / "published.yaml").read_text("utf-8"))
    assert record["month"] == MONTH and record["tool"].startswith("reportgen ")
    names = sorted(p.name for p in (EXAMPLE_INPUTS / MONTH).iterdir() if p.name != "published.yaml")
    assert sorted(record["files"]) == names, "run reportgen publish 2023-11 after editing it"
    for name, digest in record["files"].items():
        data = (EXAMPLE_INPUTS / MONTH / name).read_bytes()
        if name.endswith(".yaml"):
            data = data.replace(b"\r\n", b"\n")
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} changed: publish it again"
    assert list(record["figures"]) == list(FIGURES)
    assert record["figures"]["attacks"] == 11


@pytest.mark.parametrize("name", ["raids.yaml", "camps.yaml", "cover.jpg"])
def test_a_deleted_file_of_a_published_month_is_refused_by_check_and_build(project, name):
    (project / "inputs" / MONTH / name).unlink()
    for command in (["check"], ["check", MONTH], ["build", MONTH], ["build", "--all"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert deleted(name) in result.output
    assert not (project / "output").exists()


def test_an_edited_figure_is_refused_on_every_path_to_readers(built_project):
    output = built_project / "output"
    before = {p: p.read_bytes() for p in (output / MONTH).iterdir() if p.is_file()}
    raids = built_project / "inputs" / MONTH / "raids.yaml"
    raids.write_text(raids.read_text("utf-8").replace("detained: 3", "detained: 4", 1), "utf-8")
    for command in (["check"], ["build"], ["mail", MONTH], ["mail", MONTH, "--send"], ["data"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert changed("raids.yaml") in result.output, command
    assert {p: p.read_bytes() for p in (output / MONTH).iterdir() if p.is_file()} == before
    assert not (output / "data").exists()


def test_a_checkout_with_crlf_line_endings_still_matches(project):
    for path in (project / "inputs" / MONTH).glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert run("check").exit_code == 0


def test_hidden_files_and_backups_are_not_the_months_files_but_new_files_are(project):
    folder = project / "inputs" / MONTH
    (folder / ".report.yaml.swp").write_bytes(b"\0swap")
    (folder / "report.yaml~").write_text("old", "utf-8")
    assert run("check").exit_code == 0
    (folder / "photo.jpg").write_bytes(b"new")
    result = run("check")
    assert result.exit_code == 2
    assert (
        f"inputs/{MONTH}/photo.jpg:1:1: added since {MONTH} was published (2023-12-05, recorded"
        f" in {RECORD}): remove it, or publish the addition as a correction:"
    ) in result.output


@pytest.mark.inputs("small")  # publishing builds the month: the small project builds faster
def test_a_published_month_without_its_record_is_refused_until_it_is_published_again(project):
    record = project / RECORD
    kept = record.read_text("utf-8")
    record.unlink()
    result = run("check")
    assert result.exit_code == 2
    assert (
        f"inputs/{MONTH}/report.yaml:3:1: status: published, but its record of publication"
        f" {RECORD} is missing: restore it (from version control), or run"
        f" `reportgen publish {MONTH}` to record the month as it is now"
    ) in result.output

    published = run("publish", MONTH)
    assert published.exit_code == 0, published.output
    assert f"recorded the month's files as published in {RECORD}" in published.output
    again = yaml.safe_load(record.read_text("utf-8"))
    assert again["files"] == yaml.safe_load(kept)["files"]
    assert again["published"] == date.today()
    assert run("check").exit_code == 0


def test_publishing_a_changed_published_month_again_is_refused(project):
    report = project / "inputs" / MONTH / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("title: ", "title: عاجل: ", 1), "utf-8")
    record = (project / RECORD).read_bytes()
    result = run("publish", MONTH)
    assert result.exit_code == 2
    assert changed("report.yaml") in result.output
    assert (project / RECORD).read_bytes() == record


def test_publish_records_the_files_as_they_are_written(project):
    assert run("new", "2023-12").exit_code == 0
    folder = project / "inputs" / "2023-12"
    (folder / "camps.yaml").write_text(
        (folder / "camps.yaml")
        .read_text("utf-8")
        .replace('    review: "figures carried forward from 2023-11"\n', ""),
        "utf-8",
    )
    text = (folder / "report.yaml").read_text("utf-8")
    placeholder = text.splitlines()[3]
    (folder / "report.yaml").write_text(
        text.replace(placeholder, "title: &t هدوء\ntitle_en: Calm"), "utf-8"
    )
    with charts_undrawn():  # publishing builds the month; the record is what is read here
        result = run("publish", "2023-12")
    assert result.exit_code == 0, result.output
    record = yaml.safe_load((folder / "published.yaml").read_text("utf-8"))
    for name, digest in record["files"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert "status: published" in (folder / "report.yaml").read_text("utf-8")
    assert record["title"] == "هدوء" and record["title_en"] == "Calm"
    assert run("check").exit_code == 0


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("month: 2023-11", "month: 2023-10", "month: 2023-10 does not match the folder name"),
        ("published: 2023-12-05", "published: 2023-02-30", "2023-02-30 is not a real date"),
        ("  report.yaml: ", "  ../report.yaml: ", "../report.yaml is not a file of this month"),
        ("tool: reportgen", "tool: \n  - reportgen", "tool: expected"),
    ],
)
def test_a_damaged_record_is_a_located_problem(project, old, new, expected):
    record = project / RECORD
    record.write_text(record.read_text("utf-8").replace(old, new, 1), "utf-8")
    result = run("check")
    assert result.exit_code == 2
    line = next(line for line in result.output.splitlines() if line.startswith(RECORD))
    assert expected in line


def test_the_record_keeps_the_status_line_of_report_yaml_in_place(project):
    """publish's one-line edit and the record agree: the record's digest is of the edited file."""
    report = Path(project / "inputs" / MONTH / "report.yaml")
    assert report.read_text("utf-8").splitlines()[2] == "status: published"


def test_mail_refuses_a_published_month_with_a_review_mark_like_build(built_project):
    """The issue's case: build refused it, while mail --send mailed it and wrote an unmarked PDF."""
    output = built_project / "output"
    before = {p.name: p.read_bytes() for p in (output / MONTH).iterdir() if p.is_file()}
    (built_project / RECORD).unlink()
    camps = built_project / "inputs" / MONTH / "camps.yaml"
    text = camps.read_text("utf-8")
    camps.write_text(text.replace("  - name:", "  - review: true\n    name:", 1), "utf-8")
    outputs = {}
    for command in (["build", MONTH], ["mail", MONTH], ["mail", MONTH, "--send"], ["data"]):
        result = run(*command)
        assert result.exit_code == 2, command
        outputs[" ".join(command)] = result.output
    for output_text in outputs.values():
        assert f"inputs/{MONTH}/camps.yaml:" in output_text
        assert "review mark: check this record (delete the review line once checked)" in output_text
        assert (
            f"inputs/{MONTH}/report.yaml:1:1: status: published, but review marks remain (listed)"
        ) in output_text
    refusals = {
        command: [line for line in text.splitlines() if ": warning: " not in line]
        for command, text in outputs.items()
    }
    refusals = {
        command: [x for x in lines if x.startswith("inputs/")]
        for command, lines in refusals.items()
    }
    assert len({tuple(lines) for lines in refusals.values()}) == 1, refusals
    assert {p.name: p.read_bytes() for p in (output / MONTH).iterdir() if p.is_file()} == before
