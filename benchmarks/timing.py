"""Timing helpers: repeated measurements with their median, and child processes with peak memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MB = 1024 * 1024
SPAWN = Path(__file__).resolve().parent / "spawn.py"


@dataclass
class Measurement:
    """Seconds (or another unit) of each timed run; warm-up runs are kept apart and not counted."""

    unit: str = "s"
    runs: list[float] = field(default_factory=list)
    warmup: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.runs) if self.runs else float("nan")

    def to_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "median": round(self.median, 4),
            "runs": [round(value, 4) for value in self.runs],
            "warmup": [round(value, 4) for value in self.warmup],
            **self.extra,
        }


def repeat(measure: Callable[[], float], runs: int, warmups: int = 1) -> Measurement:
    """Call `measure` (which returns the seconds it measured) `warmups` + `runs` times."""
    result = Measurement()
    for _ in range(warmups):
        result.warmup.append(measure())
    for _ in range(runs):
        result.runs.append(measure())
    return result


def stopwatch(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


@dataclass(frozen=True)
class ProcessRun:
    seconds: float
    max_rss_mb: float
    user_seconds: float
    system_seconds: float
    stdout: str
    stderr: str
    load: float = float("nan")
    """The 1-minute load average when the run started: other work on the machine."""


class ProcessFailed(RuntimeError):
    pass


def run_process(args: Sequence[str | Path], cwd: Path) -> ProcessRun:
    """Run `args` to completion through spawn.py: wall time, CPU time and peak RSS.

    Linux's wait4 reports the largest resident set among the child and the descendants it
    waited for, so `build -j 2` reports its largest worker when that is larger than the parent.
    """
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory() as folder:
        stdout, stderr, usage_path = (Path(folder) / name for name in ("out", "err", "usage"))
        with stdout.open("wb") as out, stderr.open("wb") as err:
            command = [sys.executable, SPAWN, usage_path, "--", *args]
            subprocess.run([str(a) for a in command], cwd=cwd, stdout=out, stderr=err)
        usage = json.loads(usage_path.read_text()) if usage_path.exists() else {}
        output, errors = _read(stdout), _read(stderr)
    if usage.get("returncode") != 0:
        tail = "\n".join(errors.strip().splitlines()[-15:])
        status = usage.get("returncode", "no status")
        raise ProcessFailed(f"{' '.join(map(str, args))} exited {status}:\n{tail}")
    return ProcessRun(
        seconds=usage["seconds"],
        max_rss_mb=usage["max_rss_kb"] * 1024 / MB,
        user_seconds=usage["user_seconds"],
        system_seconds=usage["system_seconds"],
        stdout=output,
        stderr=errors,
        load=load,
    )


def _read(path: Path) -> str:
    return path.read_bytes().decode("utf-8", "replace")


def process_measurement(
    runs: Sequence[ProcessRun], warmup: Sequence[ProcessRun] = ()
) -> Measurement:
    """Wall times as the measurement; peak memory and CPU time of each run alongside."""
    return Measurement(
        runs=[r.seconds for r in runs],
        warmup=[r.seconds for r in warmup],
        extra={
            "max_rss_mb": [round(r.max_rss_mb, 1) for r in runs],
            "max_rss_mb_median": round(statistics.median(r.max_rss_mb for r in runs), 1),
            "cpu_seconds": [round(r.user_seconds + r.system_seconds, 3) for r in runs],
            "load_average": [r.load for r in runs],
            "reported_steps": [line for r in runs for line in _step_lines(r.stdout)][:40],
        },
    )


def _step_lines(stdout: str) -> list[str]:
    """reportgen's own "MONTH: built in …s (charts …, html …, pdf …)" lines."""
    return [line.strip() for line in stdout.splitlines() if ": built in " in line]
