"""Peak memory and time of `reportgen import acled` on large synthetic exports (not a test).

    .venv/bin/python benchmarks/import_size.py [--rows 1000000] [--events 8000 100000]

For each size it writes a made-up ACLED export (current column set) of `--rows` rows, of which
`events` are ISIS events in the briefing's governorates spread over months of 2022–2024 (the
rest are rows of other actors and governorates that the import reads and skips), copies the
example project, and runs the import in a child process: wall time and the child's peak
resident memory (ru_maxrss) are printed, then a second run of the same file (everything
unchanged). Limits are raised so that a busy month fits in one file.
"""

from __future__ import annotations

import argparse
import csv
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.acled_rows import CURRENT_COLUMNS, ISIS, SDF, event  # noqa: E402

MONTHS = [f"{year}-{month:02d}" for year in (2022, 2023, 2024) for month in range(1, 13)]


def write_export(path: Path, rows: int, events: int) -> None:
    every = max(rows // max(events, 1), 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, CURRENT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        made = 0
        for n in range(rows):
            relevant = made < events and n % every == 0
            month = MONTHS[n % len(MONTHS)]
            values = {"event_date": f"{month}-{n % 28 + 1:02d}", "fatalities": str(n % 3)}
            if relevant:
                made += 1
                values["notes"] = f"On day {n}, IS militants attacked an SDF checkpoint." * 3
            else:
                values |= {"actor1": "Military Forces of Turkey", "actor2": SDF}
                values["admin1"] = "Aleppo" if n % 2 else "Idleb"
            values["actor1"] = values.get("actor1", ISIS)
            writer.writerow(event(f"SYR{n}", **values))


def run_import(project: Path, export: Path) -> tuple[float, int, str]:
    script = (
        "import resource, sys; from reportgen.cli import main; "
        "sys.argv = ['reportgen', '--lang', 'en', 'import', 'acled', sys.argv[1], '-q'];\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('peak_kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, str(export)],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak = next(
        int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("peak_kb")
    )
    problems = [line for line in done.stderr.splitlines() if not line.startswith("peak_kb")]
    return seconds, peak, "\n".join(problems[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, nargs="+", default=[8_000, 100_000])
    args = parser.parse_args()
    for events in args.events:
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as scratch:
            project = Path(scratch)
            shutil.copytree(ROOT / "tests" / "fixtures" / "valid", project / "inputs")
            publication = project / "inputs" / "publication.yaml"
            limits = "limits:\n  file_bytes: 100000000\n  yaml_values: 100000000\n"
            publication.write_text(publication.read_text(encoding="utf-8") + limits)
            export = project / "acled.csv"
            started = time.perf_counter()
            write_export(export, args.rows, events)
            size = export.stat().st_size / 1e6
            made = time.perf_counter() - started
            print(f"{args.rows:,} rows, {events:,} events, {size:.0f} MB (written in {made:.0f} s)")
            for attempt in ("first import", "same file again"):
                seconds, peak, problems = run_import(project, export)
                print(f"  {attempt}: {seconds:.1f} s, peak {peak / 1024:.0f} MB {problems}")
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
