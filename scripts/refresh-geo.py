#!/usr/bin/env python3
"""Copies the map layers the package ships from a prepared geo folder into reportgen/assets/geo/.

Usage: python scripts/refresh-geo.py /work/shared/geo

The folder is the one `make_geo.py` writes (see its README). Only what the briefing's map reads is
copied: the governorates, the neighbours and rivers, and the place gazetteer, plus LICENCES.md,
which keeps the sources, licences and the attribution the map prints. Builds never read the source
folder; run this again when the data is regenerated and commit the result.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import sys
from pathlib import Path

FILES = ("syria-adm1.geojson", "neighbours.geojson", "places-ne-syria.csv")
PLACE_COLUMNS = ["name_en", "name_ar", "lat", "lon", "governorate_key", "kind", "source"]
TARGET = Path(__file__).resolve().parent.parent / "reportgen" / "assets" / "geo"


def check(source: Path) -> list[str]:
    """What is wrong with `source`, so a half-made folder is never copied."""
    problems = [
        f"missing {name}" for name in (*FILES, "README.md") if not (source / name).is_file()
    ]
    if problems:
        return problems
    adm1 = json.loads((source / "syria-adm1.geojson").read_text(encoding="utf-8"))
    if not all("pcode" in f["properties"] for f in adm1["features"]):
        problems.append("syria-adm1.geojson: features without a pcode")
    with (source / "places-ne-syria.csv").open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    if header != PLACE_COLUMNS:
        problems.append(f"places-ne-syria.csv: columns {header}, expected {PLACE_COLUMNS}")
    return problems


def refresh(source: Path, target: Path = TARGET) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILES:
        written.append(Path(shutil.copyfile(source / name, target / name)))
    shutil.copyfile(source / "README.md", target / "LICENCES.md")
    written.append(target / "LICENCES.md")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the geo folder, e.g. /work/shared/geo")
    args = parser.parse_args()
    problems = check(args.source)
    if problems:
        print("\n".join(f"{args.source}: {p}" for p in problems), file=sys.stderr)
        return 1
    for path in refresh(args.source):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
