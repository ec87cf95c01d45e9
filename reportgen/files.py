"""Writing outputs so that a reader never sees half a file, and a failed build loses nothing."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

_TEMP_SUFFIX = ".tmp"
_PUBLISHED_MODE = 0o666
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _umask() -> int:
    """The process umask (mkstemp creates files 0600, published files follow the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path`, renamed over it only if the block succeeds."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=_TEMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        tmp.chmod(_PUBLISHED_MODE & ~_umask())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def write_atomic(path: Path, content: bytes | str) -> Path:
    with atomic_path(path) as tmp:
        if isinstance(content, str):
            tmp.write_text(content, encoding="utf-8")
        else:
            tmp.write_bytes(content)
    return path


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Temporaries left by a build that was killed before it could clean up."""
    stale = [p for p in folder.glob(f".*{_TEMP_SUFFIX}") if p.is_file()] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return stale


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+1`, `@SUM`, a
    leading tab or CR) with a `'` in front, as OWASP recommends; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def write_safe_csv(frame: pd.DataFrame, path: Path) -> Path:
    """`frame` as UTF-8 CSV at `path`, written atomically, every text cell `spreadsheet_safe`.
    The one way reportgen writes a CSV that people open in a spreadsheet."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or str(safe[column].dtype) in ("string", "str"):
            safe[column] = safe[column].map(spreadsheet_safe)
    safe.columns = [spreadsheet_safe(str(name)) for name in safe.columns]
    with atomic_path(path) as tmp:
        safe.to_csv(tmp, index=False, encoding="utf-8")
    return path
