"""The build that changes nothing: decided from file metadata and stored digests, before any YAML
is parsed or validated.

After a build, `remember_build` records in the output folder what that build was made from and
what it wrote: the digest of every input file, the code's digest, each month's fingerprint and
the files its stamp names, the archive page's stamp and the months it lists, and the warnings
the build printed. The next `reportgen build` asking for the same thing (same inputs folder,
month or `--all`, language and tool version) first looks there (`unchanged_build`): every input
file and every output is checked by its metadata, and read and digested only when its size,
times or inode changed. When every digest is the recorded one, the project would load, pass the
publishing gate and fingerprint exactly as it did (they are functions of those files), so the
build stops there. Anything else (a changed, added or removed file, a damaged output, another
build that rewrote the archive) sends the build down its full path: load, validate, gate,
fingerprint.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import __version__
from reportgen.errors import Problem
from reportgen.files import write_atomic
from reportgen.input.yamlsource import read_regular
from reportgen.publish.fingerprint import (
    TEMPLATE_DIR,
    FileDigests,
    code_digest,
    input_digests,
    month_fingerprint,
)

if TYPE_CHECKING:
    from reportgen.publish.build import Loaded

RECORD = ".reportgen-unchanged.json"
"""The record of the last builds, in the output folder, by what they were asked for."""
STAMP = ".reportgen-build.json"
"""Each month's build stamp, in its output folder (build.py writes it)."""
INDEX_STAMP = ".reportgen-index"
"""The archive page's stamp (archive.py writes it)."""
DIGESTS = "digests.json"
"""The metadata and digests of the files read, in the cache folder."""
KEPT_REQUESTS = 8


@dataclass(frozen=True)
class Unchanged:
    """What a build that found nothing to do reports: the months it was asked for, the drafts
    among them, and the warnings the inputs had."""

    months: list[str]
    drafts: list[str]
    warnings: list[Problem]
    index: Path


def request_key(inputs: Path, month: str | None, all_months: bool, language: str) -> str:
    """What a build was asked for, as the record's key."""
    asked = "--all" if all_months else month or ""
    return json.dumps([str(inputs.absolute()), asked, language, __version__])


def known_digests(cache: Path) -> FileDigests:
    """The digests recorded under the cache folder `cache`."""
    return FileDigests(cache / DIGESTS)


def unchanged_build(output: Path, inputs: Path, key: str, known: FileDigests) -> Unchanged | None:
    """What the last build asked for as `key` reported, when nothing it read or wrote has
    changed since; None when the build must run."""
    record = _records(output).get(key)
    if not isinstance(record, dict) or not inputs.is_dir():
        return None
    try:
        same = (
            record["code"] == code_digest(TEMPLATE_DIR, known)
            and record["inputs"] == _inputs_digest(input_digests(inputs, known))
            and all(
                _outputs_intact(output / month, entry["fingerprint"], entry["files"], known)
                for month, entry in record["months"].items()
            )
            and _index_intact(output, record["index"])
        )
        if not same:
            return None
        found = Unchanged(
            list(record["months"]),
            list(record["drafts"]),
            [Problem(*fields) for fields in record["warnings"]],
            output / "index.html",
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    known.save()
    return found


def record_build(
    loaded: Loaded,
    output: Path,
    key: str,
    months: list[str],
    warnings: list[Problem],
    known: FileDigests,
) -> None:
    """Record what the build of `months` asked for as `key` was made from and wrote, for the
    next build to find unchanged without loading anything (unchanged.py)."""
    from reportgen.briefing.voices import edition_file
    from reportgen.input.loader import full_months
    from reportgen.publish.archive import published_months

    project = loaded.project
    editions = project.publication.editions

    def files(month: str) -> list[str]:
        return [edition_file(month, e, ext) for e in editions for ext in ("pdf", "html")]

    made = {
        m: (month_fingerprint(project, m, TEMPLATE_DIR, loaded.digests), files(m)) for m in months
    }
    drafts = [m for m in months if project.months[m].report.status != "published"]
    candidates = {
        m: files(m)
        for m in reversed(full_months(project))
        if project.months[m].report.status == "published"
    }
    index = index_state(output, candidates, published_months(loaded, output))
    digests = dict(loaded.digests or {})
    remember_build(output, key, digests, made, drafts, warnings, index, known)


def remember_build(
    output: Path,
    key: str,
    digests: dict[str, str],
    months: dict[str, tuple[str, list[str]]],
    drafts: list[str],
    warnings: list[Problem],
    index: dict,
    known: FileDigests,
) -> None:
    """Record the build asked for as `key`: the input `digests` it was made from, each month's
    fingerprint and edition files (`months`), the `drafts` and `warnings` it reported and the
    archive page's state (`index_state`)."""
    record = {
        "code": code_digest(TEMPLATE_DIR, known),
        "inputs": _inputs_digest(digests),
        "months": {m: {"fingerprint": f, "files": files} for m, (f, files) in months.items()},
        "drafts": drafts,
        "warnings": [list(astuple(w)) for w in warnings],
        "index": index,
    }
    records = {k: v for k, v in _records(output).items() if k != key}
    records = dict(list(records.items())[-(KEPT_REQUESTS - 1) :])
    records[key] = record
    output.mkdir(parents=True, exist_ok=True)
    write_atomic(output / RECORD, json.dumps(records, ensure_ascii=False))
    known.save()


def index_state(output: Path, candidates: dict[str, list[str]], listed: list[str]) -> dict:
    """The archive page as a build left it: its stamp, its files, and which of the months that
    say published (`candidates`, with their edition files) it lists, because their output says
    published too."""
    from reportgen.briefing.social import FEED_FILES

    try:
        stamp = (output / INDEX_STAMP).read_text()
    except OSError:
        stamp = None
    return {
        "stamp": stamp,
        "files": [n for n in ("index.html", *FEED_FILES.values()) if (output / n).exists()],
        "candidates": candidates,
        "listed": listed,
    }


def _index_intact(output: Path, state: dict) -> bool:
    """Whether the archive page is as the build left it, and would list the same months."""
    try:
        if (output / INDEX_STAMP).read_text() != state["stamp"]:
            return False
    except OSError:
        return False
    listed = [
        month
        for month, files in state["candidates"].items()
        if _built_published(output / month) and all((output / month / f).exists() for f in files)
    ]
    present = all((output / name).exists() for name in state["files"])
    return listed == state["listed"] and present and "index.html" in state["files"]


def _built_published(target: Path) -> bool:
    stamp = read_stamp(target)
    return stamp is not None and stamp.get("status", "published") == "published"


def _outputs_intact(target: Path, fingerprint: str, needed: list[str], known: FileDigests) -> bool:
    """Whether `target`'s stamp is `fingerprint` and every file it names is as written."""
    stamp = read_stamp(target)
    if stamp is None or stamp.get("fingerprint") != fingerprint:
        return False
    written = stamp.get("outputs")
    if not isinstance(written, dict) or not set(needed) <= set(written):
        return False
    return all(_raw_digest(target / name, known) == digest for name, digest in written.items())


def _raw_digest(path: Path, known: FileDigests) -> str | None:
    found = known.digest(path, ":raw")
    if found is None:
        try:
            data, meta = known.read(path)
        except OSError:
            return None
        found = hashlib.sha256(data).hexdigest()
        known.remember(path, meta, found, ":raw")
    return found


def read_stamp(target: Path) -> dict | None:
    """The build stamp of the month folder `target`; None when there is none that reads."""
    try:
        stamp = json.loads(read_regular(target / STAMP, 1_000_000))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


def _records(output: Path) -> dict:
    try:
        records = json.loads(read_regular(output / RECORD))
    except (OSError, ValueError):
        return {}
    return records if isinstance(records, dict) else {}


def _inputs_digest(digests: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(sorted(digests.items())).encode()).hexdigest()
