"""Facts about the machine and the libraries a result depends on, HarfBuzz's subsetter above all.

WeasyPrint subsets the embedded fonts with libharfbuzz-subset when it can load it (cffi `dlopen`
of libharfbuzz-subset-0 / libharfbuzz-subset.so.0 in weasyprint/text/ffi.py, `allow_fail=True`)
and HarfBuzz is at least 4.1.0 (weasyprint/pdf/fonts.py, `Font.subset`); otherwise it falls back
to fontTools, which is several times slower and logs "Using fontTools instead of HarfBuzz-Subset".
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

# Variables that change what a fresh process pays: bytecode caching and matplotlib's font cache.
ENVIRONMENT = ("PYTHONDONTWRITEBYTECODE", "MPLCONFIGDIR", "XDG_CACHE_HOME")
PACKAGES = ("reportgen", "weasyprint", "matplotlib", "pandas", "fonttools", "pydyf", "jinja2")


def machine_facts(repo: Path) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": _cpu_model(),
        "memory_gb": _memory_gb(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
        "python": sys.version.split()[0],
        "packages": {name: _version(name) for name in PACKAGES},
        "git": _git(repo),
        "environment": {name: os.environ.get(name) for name in ENVIRONMENT},
    }


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
    except OSError:
        return platform.processor() or None
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    return names[0] if names else None


def _memory_gb() -> float | None:
    try:
        return round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError, AttributeError):
        return None


def _git(repo: Path) -> dict[str, Any]:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
        return done.stdout.strip()

    changed = git("status", "--porcelain", "--", "reportgen", "templates")
    return {"commit": git("rev-parse", "--short", "HEAD"), "reportgen_changed": bool(changed)}


def harfbuzz_subsetter() -> dict[str, Any]:
    """Whether WeasyPrint subsets fonts with HarfBuzz (fast) or fontTools (slow), and why."""
    facts: dict[str, Any] = {
        "find_library": ctypes.util.find_library("harfbuzz-subset"),
        "harfbuzz_version": _harfbuzz_version(),
    }
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
    except Exception as error:  # WeasyPrint itself could not load its libraries
        return {**facts, "weasyprint_uses_it": False, "error": repr(error)}
    loaded = harfbuzz_subset is not None
    recent = bool(harfbuzz.hb_version_atleast(4, 1, 0))
    return {
        **facts,
        "weasyprint_loaded_it": loaded,
        "harfbuzz_at_least_4_1": recent,
        "weasyprint_uses_it": loaded and recent,
    }


def _harfbuzz_version() -> str | None:
    name = ctypes.util.find_library("harfbuzz")
    if name is None:
        return None
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return None
    library.hb_version_string.restype = ctypes.c_char_p
    return library.hb_version_string().decode()
