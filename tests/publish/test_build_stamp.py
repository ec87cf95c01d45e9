"""A month is skipped as up to date only when its stamp matches and its files are the ones the
build wrote: the stamp is state outside a build, checked on read like a cache entry."""

from __future__ import annotations

import json
import os
from pathlib import Path

from reportgen.briefing.render import TEMPLATE_DIR
from reportgen.publish.build import STAMP, _is_current, load
from reportgen.publish.fingerprint import month_fingerprint

MONTH = "2023-11"


def test_a_replaced_or_damaged_output_is_not_taken_as_current(built_project: Path):
    target = built_project / "output" / MONTH
    loaded = load(built_project / "inputs")
    fingerprint = month_fingerprint(loaded.project, MONTH, TEMPLATE_DIR, loaded.digests)
    editions = loaded.project.publication.editions
    assert _is_current(target, MONTH, fingerprint, editions)
    pdf = target / f"sitrep-{MONTH}.pdf"
    good = pdf.read_bytes()
    pdf.write_bytes((target / f"sitrep-{MONTH}.en.pdf").read_bytes())  # another edition's file
    assert not _is_current(target, MONTH, fingerprint, editions)
    pdf.write_bytes(good)
    chart = target / "charts" / "map.png"
    chart.write_bytes(chart.read_bytes()[:-1])
    assert not _is_current(target, MONTH, fingerprint, editions)
    chart.unlink()
    assert not _is_current(target, MONTH, fingerprint, editions)


def test_a_stamp_that_is_not_a_file_or_not_json_is_not_current(tmp_path: Path):
    target = tmp_path / MONTH
    target.mkdir()
    for name in (f"sitrep-{MONTH}.pdf", f"sitrep-{MONTH}.html"):
        (target / name).write_bytes(b"x")
    os.mkfifo(target / STAMP)
    assert not _is_current(target, MONTH, "f")  # returns at once: a FIFO is never opened
    (target / STAMP).unlink()
    (target / STAMP).write_text(json.dumps(["f"]))
    assert not _is_current(target, MONTH, "f")
    (target / STAMP).write_text(json.dumps({"fingerprint": "f"}))  # a stamp from before digests
    assert not _is_current(target, MONTH, "f")
