"""Writing what an import or a triage decided: validated as `check` would, then all or nothing.

The new texts are first written into a staged copy of inputs/ (files hard-linked where they do
not change) and the staged project is loaded with the loader itself, `load_project`, for the
months concerned: the same code as `reportgen check`. Any error there (a repeated id, a text
over its limit, a file over the per-file limit, a year outside the project's) stops the write,
each problem located where it came from when it can be (the row of the imported file). Only
then are the files written: every new text to a temporary beside its file, then all renamed into
place, and a new month folder renamed into place whole, so a failure midway leaves the inputs as
they were.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from reportgen.errors import InputError, Problem
from reportgen.input.loader import display_path, load_project

Locate = Callable[[Problem, Path], Problem | None]
"""Turns a problem found in a staged file (with the file's real path) into one located in the
source the text came from; None keeps it where it is."""
_TEMP = ".reportgen-"


def commit(
    inputs: Path,
    texts: Mapping[Path, str],
    months: list[str],
    locate: Locate | None = None,
) -> list[Path]:
    """Write `texts` (path under `inputs` → new text) once the project with them passes the
    loader's checks for `months`; returns the paths written. Raises `InputError` and writes
    nothing otherwise."""
    changed = {path: text for path, text in texts.items() if _current(path) != text}
    if not changed:
        return []
    validate(inputs, changed, months, locate)
    return _write_all(inputs, changed)


def _current(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8") if path.is_file() else None
    except (OSError, UnicodeDecodeError):
        return None


def validate(
    inputs: Path, texts: Mapping[Path, str], months: list[str], locate: Locate | None = None
) -> None:
    """Raise `InputError` with the loader's errors for `months` of `inputs` as it would be with
    `texts` written; warnings are the editor's to see at `check`."""
    inputs = inputs.absolute()
    with tempfile.TemporaryDirectory(prefix="reportgen-stage-") as scratch:
        staged = Path(scratch) / "inputs"
        _stage(inputs, staged)
        for path, text in texts.items():
            target = staged / path.absolute().relative_to(inputs)
            target.parent.mkdir(parents=True, exist_ok=True)
            if target.exists():
                target.unlink()
            target.write_text(text, encoding="utf-8")
        known = [m for m in months if (staged / m).is_dir()]
        try:
            load_project(staged, months=known)
        except InputError as error:
            raise InputError(_relocated(error.problems, staged, inputs, locate)) from None


def _stage(inputs: Path, staged: Path) -> None:
    """A copy of `inputs` for the loader: files linked (copied across file systems), hidden
    folders (.git) left out."""

    def link(source: str, target: str) -> None:
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)

    shutil.copytree(
        inputs,
        staged,
        symlinks=True,
        copy_function=link,
        ignore=lambda folder, names: [n for n in names if n.startswith(".")],
    )


def _relocated(
    problems: tuple[Problem, ...], staged: Path, inputs: Path, locate: Locate | None
) -> list[Problem]:
    staged_display, real_display = display_path(staged), display_path(inputs)
    pattern = re.compile(re.escape(staged_display) + r"(?=/|$)")
    found = []
    for problem in problems:
        path = pattern.sub(real_display, problem.path, count=1)
        moved = replace(problem, path=path, message=pattern.sub(real_display, problem.message))
        real = inputs / Path(path).relative_to(real_display) if path != problem.path else None
        located = locate(moved, real) if locate and real is not None else None
        found.append(located or moved)
    return found


def _write_all(inputs: Path, texts: Mapping[Path, str]) -> list[Path]:
    """Every text to a temporary first, then renamed into place; a month folder that does not
    exist yet is filled under a hidden name and renamed whole."""
    new_folders = sorted({p.parent for p in texts if not p.parent.exists()})
    temporaries: list[tuple[Path, Path]] = []
    folders: list[tuple[Path, Path]] = []
    try:
        for folder in new_folders:
            folder.parent.mkdir(parents=True, exist_ok=True)
            hidden = Path(tempfile.mkdtemp(prefix=f"{_TEMP}{folder.name}.", dir=folder.parent))
            hidden.chmod(0o777 & ~_umask())
            folders.append((hidden, folder))
        for path, text in texts.items():
            hidden_folder = next((h for h, f in folders if f == path.parent), None)
            if hidden_folder is not None:
                (hidden_folder / path.name).write_text(text, encoding="utf-8")
                continue
            fd, name = tempfile.mkstemp(prefix=f"{_TEMP}{path.name}.", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.chmod(name, 0o666 & ~_umask())
            temporaries.append((Path(name), path))
        for temporary, path in temporaries:
            os.replace(temporary, path)
        for hidden, folder in folders:
            hidden.rename(folder)
    finally:
        for temporary, _path in temporaries:
            temporary.unlink(missing_ok=True)
        for hidden, _folder in folders:
            shutil.rmtree(hidden, ignore_errors=True)
    return list(texts)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
