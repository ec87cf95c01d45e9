"""What a briefing is made from, as digests: every input file's, the code's, and the fingerprint
of a month or of the archive page that a build compares with its last stamp.

Digests may be taken through a `FileDigests` record (path → size, mtime, ctime, inode, digest)
kept in the output's cache: a file whose metadata did not change is not read again, which is
what lets a build that changes nothing decide so in milliseconds. A file modified in the last
seconds before it was read is never recorded by its metadata (its next change could keep the
same timestamp), so it is read again next time.

This module imports nothing heavy (no YAML parser, Jinja2, pandas, matplotlib or WeasyPrint):
the no-change build (`unchanged.py`) runs on it alone.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import stat
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen import __version__
from reportgen.briefing.fonts import CACHE_VERSION, FONT_DIR
from reportgen.files import write_atomic

if TYPE_CHECKING:
    from reportgen.input.records import Project

PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = PACKAGE_DIR.parent / "templates"
"""The shipped templates (render.TEMPLATE_DIR, named here without importing Jinja2)."""

NOT_IN_BRIEFINGS = frozenset({"readers.yaml"})
"""Input files no briefing reads: a change to them rebuilds nothing."""
PUBLICATION = "publication.yaml"
BRIEFING_PART = ":briefing"
"""Suffix of the digest of what the briefings read of a file (publication.yaml without `mail:`)."""
TEXT_SUFFIXES = frozenset({".yaml", ".yml", ".csv", ".json", ".md", ".txt", ".svg"})
"""Files whose digest ignores CR before LF: version control may check text out with either
line ending (Git's autocrlf), and a published month's record must hold on every checkout."""
RACY_SECONDS = 2.0
"""A file modified this recently when read is not recorded by its metadata."""
MONTH_NAME = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
"""loader.MONTH_NAME, without importing the loader (a test keeps them equal)."""


class FileDigests:
    """Digests of files by their path, reusing the digest recorded for a file whose size,
    modification and change times and inode are as recorded. `path` is where the record is
    kept (None: nothing is kept); `save` writes it when something new was digested."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.entries: dict[str, list] = {}
        self.changed = False
        if path is not None:
            try:
                entries = json.loads(path.read_bytes())
            except (OSError, ValueError):
                entries = {}
            self.entries = entries if isinstance(entries, dict) else {}

    def digest(self, path: Path, derived: str = "") -> str | None:
        """The digest recorded for `path` (its `derived` part, say `:briefing`) when the file's
        metadata is the recorded one; None when it must be read."""
        entry = self.entries.get(str(path) + derived)
        try:
            meta = _meta(os.stat(path))
        except OSError:
            return None
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == meta:
            return entry[1]
        return None

    def remember(self, path: Path, meta: list[int] | None, digest: str, derived: str = "") -> None:
        key = str(path) + derived
        if meta is None:
            self.changed |= self.entries.pop(key, None) is not None
        elif self.entries.get(key) != [meta, digest]:
            self.entries[key] = [meta, digest]
            self.changed = True

    def read(self, path: Path) -> tuple[bytes, list[int] | None]:
        """The bytes of the regular file `path` and the metadata to record them by (None when
        the file is too recent to be trusted by its metadata); OSError for anything else."""
        kind = os.stat(path).st_mode
        if not stat.S_ISREG(kind):
            raise OSError(f"not a regular file: {path}")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as stream:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OSError(f"not a regular file: {path}")
            data = stream.read()
        recent = time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_SECONDS * 1e9
        return data, None if recent else _meta(info)

    def file_digest(self, path: Path) -> str:
        """`file_digest` of `path`, read only when its metadata changed."""
        found = self.digest(path)
        if found is None:
            data, meta = self.read(path)
            found = file_digest(data, path.suffix)
            self.remember(path, meta, found)
        return found

    def save(self) -> None:
        if self.path is not None and self.changed:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, json.dumps(self.entries, separators=(",", ":")))
            self.changed = False


def _meta(info: os.stat_result) -> list[int]:
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


CACHE_VARIABLE = "REPORTGEN_CACHE"


def cache_dir(output: Path) -> Path:
    """Where font subsets, drawn charts and file digests are kept: `output/.cache`, or the
    folder the environment variable REPORTGEN_CACHE names (one cache for several outputs, or
    kept between CI runs). Entries are content-addressed and verified on read, or keyed by
    absolute path, so sharing one is safe."""
    chosen = os.environ.get(CACHE_VARIABLE)
    return Path(chosen) if chosen else output / ".cache"


def input_digests(inputs: Path, known: FileDigests | None = None) -> dict[str, str]:
    """SHA-256 of every regular file under `inputs`, hidden ones too (a logo may be one), by path
    relative to `inputs` (text files with their line endings as LF); and of publication.yaml
    without its `mail:` settings, under `publication.yaml:briefing`, so that a new mail server
    rebuilds no briefing. FIFOs and devices are never opened. With `known`, a file whose
    metadata is as recorded there is not read."""
    known = known or FileDigests()
    digests: dict[str, str] = {}
    root = inputs.absolute()
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            path = Path(folder, name)
            relative = path.relative_to(root).as_posix()
            found = known.digest(path)
            briefing = known.digest(path, BRIEFING_PART) if relative == PUBLICATION else ""
            if found is None or briefing is None:
                try:
                    data, meta = known.read(path)
                except OSError:
                    continue
                found = file_digest(data, path.suffix)
                known.remember(path, meta, found)
                if relative == PUBLICATION:
                    briefing = _without_mail_digest(data)
                    known.remember(path, meta, briefing, BRIEFING_PART)
            digests[relative] = found
            if relative == PUBLICATION:
                digests[relative + BRIEFING_PART] = briefing
    return digests


def file_digest(data: bytes, suffix: str) -> str:
    """The SHA-256 of a file's bytes, a text file's with CRLF read as LF."""
    if suffix.lower() in TEXT_SUFFIXES:
        data = data.replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def _without_mail_digest(data: bytes) -> str:
    """The digest of publication.yaml's settings other than `mail:`; of the bytes themselves
    when they do not parse (the build then fails on them anyway)."""
    import yaml

    try:
        settings = yaml.safe_load(data)
    except (yaml.YAMLError, ValueError):
        settings = None
    if not isinstance(settings, dict):
        return hashlib.sha256(data).hexdigest()
    settings.pop("mail", None)
    canonical = json.dumps(settings, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def month_fingerprint(
    project: Project,
    month: str,
    templates: Path = TEMPLATE_DIR,
    digests: Mapping[str, str] | None = None,
) -> str:
    """A hash of everything `month`'s briefing is made from: every input file outside the month
    folders (settings, logo, gazetteer, any shared file), every file of the month folders its
    trends read, its draft or published status (a draft carries the «مسودة» mark), and the tool.
    `digests` are the inputs as loaded (read now when None)."""
    from reportgen.input.records import TREND_MONTHS

    window = set(months_back(month, TREND_MONTHS))
    status = project.months[month].report.status
    return fingerprint(project.inputs, window, templates, digests, extra=f"status={status}")


def index_fingerprint(
    project: Project,
    published: list[str],
    templates: Path,
    digests: Mapping[str, str] | None = None,
) -> str:
    """A hash of everything the archive page is made from: all months, and which are published."""
    return fingerprint(project.inputs, None, templates, digests, extra=",".join(published))


def fingerprint(
    inputs: Path,
    window: set[str] | None,
    templates: Path,
    digests: Mapping[str, str] | None,
    extra: str = "",
    known: FileDigests | None = None,
) -> str:
    """The fingerprint of the input files of the month folders in `window` (None: every month
    folder) and every file outside them, of the code (`code_digest`) and of `extra`."""
    digest = hashlib.sha256(f"{__version__}\0{CACHE_VERSION}\0{extra}".encode())
    inputs_digests = input_digests(inputs, known) if digests is None else digests
    for name, one in sorted(_briefing_inputs(inputs_digests).items()):
        top = name.split("/", 1)[0]
        in_month = "/" in name and MONTH_NAME.fullmatch(top)
        if not in_month or window is None or top in window:
            digest.update(f"inputs/{name}\0{one}\0".encode())
    digest.update(code_digest(templates, known).encode())
    return digest.hexdigest()


def code_digest(templates: Path = TEMPLATE_DIR, known: FileDigests | None = None) -> str:
    """A hash of what makes a briefing besides its inputs: the templates, the fonts, the
    package's modules, schemas and map layers (by name and content)."""
    if known is None:
        return _code_digest(templates)
    digest = hashlib.sha256()
    for name, path in _code_files(templates):
        digest.update(f"{name}\0{known.file_digest(path)}\0".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=8)
def _code_digest_cached(templates: Path, signature: tuple) -> str:
    digest = hashlib.sha256()
    for name, path in _code_files(templates):
        digest.update(f"{name}\0{hashlib.sha256(path.read_bytes()).hexdigest()}\0".encode())
    return digest.hexdigest()


def _code_digest(templates: Path) -> str:
    """The code digest, computed once per process while no file's metadata changes."""
    files = _code_files(templates)
    signature = tuple((name, *_meta(path.stat())) for name, path in files)
    newest = max((meta[2] for _name, *meta in signature), default=0)
    if time.time_ns() - newest < RACY_SECONDS * 1e9:
        return _code_digest_cached.__wrapped__(templates, signature)
    return _code_digest_cached(templates, signature)


def _code_files(templates: Path) -> list[tuple[str, Path]]:
    sources = [
        ("templates", templates, _tree(templates)),
        ("fonts", FONT_DIR, _tree(FONT_DIR)),
        ("package", PACKAGE_DIR, _tree(PACKAGE_DIR, "*.py")),
        ("package", PACKAGE_DIR, _tree(PACKAGE_DIR / "schemas")),
        ("package", PACKAGE_DIR, _tree(PACKAGE_DIR / "assets" / "geo")),
    ]
    return [
        (f"{kind}/{path.relative_to(root).as_posix()}", path)
        for kind, root, paths in sources
        for path in paths
    ]


def _briefing_inputs(digests: Mapping[str, str]) -> dict[str, str]:
    """The digests of what briefings read: readers.yaml left out, publication.yaml without its
    mail settings."""
    chosen = {name: d for name, d in digests.items() if name not in NOT_IN_BRIEFINGS}
    if PUBLICATION + BRIEFING_PART in chosen:
        chosen[PUBLICATION] = chosen.pop(PUBLICATION + BRIEFING_PART)
    return chosen


def months_back(month: str, count: int) -> list[str]:
    """`month` and the `count - 1` calendar months before it, as YYYY-MM keys."""
    year, number = map(int, month.split("-"))
    index = year * 12 + number - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index, index - count, -1)]


def _tree(folder: Path, pattern: str = "*") -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
