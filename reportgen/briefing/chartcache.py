"""The chart cache: a drawn chart is kept under the hash of everything it shows and of the code
that draws it, verified on read against that key, so a chart whose figures did not change is
never drawn again; and the drawing of the others, in two forked workers when that is safe.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.briefing.chartdraw import Chart, chart_style, rendered_chart
from reportgen.briefing.fonts import CACHE_VERSION, read_verified, write_verified
from reportgen.briefing.fonts import FONT_DIR as FONTS_DIR
from reportgen.processes import die_with

if TYPE_CHECKING:
    from reportgen.briefing.chartdraw import Draft, Palette


@functools.cache
def code_version() -> str:
    """A hash of what draws the charts and the map besides their figures: their modules,
    `arabic.py` and `english.py` (month names and numbers are formatted while drawing), the
    shipped fonts and map layers, and the versions of matplotlib and the Arabic shaping
    libraries. Part of every key."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    sources = (
        "charts",
        "chartdraw",
        "chartcache",
        "arabic",
        "english",
        "maps",
        "mapdraw",
        "mapkeys",
        "maplabels",
    )
    placing = ("input/gazetteer.py", "input/outlines.py")
    for source in [*(f"briefing/{name}.py" for name in sources), *placing]:
        digest.update((package / source).read_bytes())
    for path in sorted((package / "briefing" / "voices").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted((package / "assets" / "geo").rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for path in sorted(FONTS_DIR.glob("*.ttf")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("matplotlib", "arabic-reshaper", "python-bidi", "numpy"):
        digest.update(f"{package}={_version(package)}\0".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "none"


def chart_key(draft: Draft, palette: Palette) -> str | None:
    """The cache key of one chart: its figures as drawn, the palette, the code that draws them;
    None for a draft that does not say what it draws (`data`)."""
    if not draft.data:
        return None
    made_from = repr(
        (CACHE_VERSION, code_version(), draft.id, draft.title, draft.data, sorted(palette.items()))
    )
    return hashlib.sha256(made_from.encode()).hexdigest()


def _cached(draft: Draft, key: str | None, cache: Path | None) -> Chart | None:
    """The chart stored under `key` (PNG, SVG, and the phone's PNG when the draft has one), or
    None unless every file is there and verified as made for this key (each entry names the key
    it was written under, and is read only for it)."""
    if cache is None or key is None:
        return None
    png, svg, narrow = (read_verified(cache / name, name) for name in _entry_names(key))
    if png is None or svg is None or (draft.narrow and narrow is None):
        return None
    return Chart(draft.id, draft.title, draft.alt, svg, png, narrow if draft.narrow else b"")


def _store(key: str | None, chart: Chart, cache: Path | None) -> None:
    if cache is not None and key is not None:
        entries = zip(_entry_names(key), (chart.png, chart.svg, chart.narrow), strict=True)
        for name, data in entries:
            if data:
                write_verified(cache / name, name, data)


def _entry_names(key: str) -> tuple[str, str, str]:
    return f"{key}.png", f"{key}.svg", f"{key}.narrow.png"


def rendered_all(drafts: list[Draft], palette: Palette, cache: Path | None = None) -> list[Chart]:
    """Every draft from the cache, or drawn (and cached) when its key is not there."""
    keys = [chart_key(draft, palette) for draft in drafts]
    found = [_cached(draft, key, cache) for draft, key in zip(drafts, keys, strict=True)]
    missing = [index for index, hit in enumerate(found) if hit is None]
    drawn = _drawn_all([drafts[index] for index in missing], palette)
    for index, chart in zip(missing, drawn, strict=True):
        _store(keys[index], chart, cache)
        found[index] = chart
    return [chart for chart in found if chart is not None]


_PENDING: tuple[list[Draft], Palette] = ([], {})


def _drawn_all(drafts: list[Draft], palette: Palette) -> list[Chart]:
    """Every draft drawn, in two forked workers when that is safe: the charts are independent,
    and drawing them is the largest cost of a build that is ours rather than WeasyPrint's."""
    if not drafts:
        return []
    for draft in drafts:
        if draft.prepare is not None:
            draft.prepare()
    if not _can_fork_workers() or len(drafts) < 2:
        with chart_style(palette):
            return [rendered_chart(draft) for draft in drafts]
    global _PENDING
    _PENDING = (drafts, palette)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(
            max_workers=2, mp_context=context, initializer=die_with, initargs=(os.getpid(),)
        ) as pool:
            return list(pool.map(_rendered_pending, range(len(drafts))))
    finally:
        _PENDING = ([], {})


def _can_fork_workers() -> bool:
    """Only a single-threaded main process forks (a preview server or a build worker does not)."""
    return (
        (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and multiprocessing.parent_process() is None
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _rendered_pending(index: int) -> Chart:
    drafts, palette = _PENDING
    with chart_style(palette):
        return rendered_chart(drafts[index])
