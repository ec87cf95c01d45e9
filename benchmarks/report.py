"""The targets, the printed table and benchmarks/results.json."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS = {
    "stage.load": "load and validate (load)",
    "stage.merge": "merge (build_dataset)",
    "stage.charts": "charts (drafts drawn or read from the cache)",
    "stage.html": "HTML (context + render_html), fresh font cache",
    "stage.html_warm_fonts": "HTML, warm font cache",
    "stage.pdf": "PDF (write_pdf)",
    "stage.archive": "archive page (write_index)",
    "stage.map": "map: render_briefing + write_pdf with it minus without it",
    "stage.render_and_pdf": "render_briefing + write_pdf",
    "stage.whole_inprocess": "whole build in-process (load … archive)",
    "weasyprint_alone": "WeasyPrint alone on the final HTML",
    "weasyprint_tagged": "WeasyPrint alone, tagged PDF (pdf_tags)",
    "tagging": "ratio tagged / untagged WeasyPrint",
    "ratio": "ratio render_briefing + write_pdf / WeasyPrint",
    "ratio_whole": "ratio whole in-process build / WeasyPrint",
    "pdf.webp_cover": "PDF size with a 12 MP WebP cover",
    "process.cold": "cold build, fresh process + fresh output",
    "process.cold_warm_cache": "cold process, warm font cache (same output)",
    "process.no_change": "no-change rebuild, fresh process",
    "process.busy_month": "busy month, fresh process",
    "process.all_j1": "build --all -j 1",
    "process.all_j2": "build --all -j 2",
    "process.weasyprint_only": "WeasyPrint-only process, both editions one after the other",
    "ratio.cold_build": "ratio cold build / WeasyPrint-only floor (same rounds)",
    "ratio.warm_cache": "ratio cold process, warm caches / WeasyPrint-only floor (same rounds)",
    "ratio.no_change": "ratio no-change build / cold build",
    "preview.html_view": "preview: save → HTML view",
    "preview.pdf_view": "preview: HTML view → PDF view",
    "preview.weasyprint": "preview: WeasyPrint alone, same process",
    "ratio.preview_pdf": "ratio preview PDF view / WeasyPrint alone",
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    limit: float
    unit: str
    field: str = "median"

    def evaluate(self, measurements: dict[str, dict[str, Any]]) -> dict[str, Any]:
        value = measurements.get(self.key, {}).get(self.field)
        passed = value is not None and not math.isnan(value) and value <= self.limit
        return {
            "target": self.label,
            "measurement": self.key,
            "field": self.field,
            "limit": self.limit,
            "unit": self.unit,
            "value": value,
            "passed": passed,
        }


TARGETS = (
    Target("process.cold", "cold build of the example month < 3 s", 3.0, "s"),
    Target("ratio", "whole build ≤ 1.5 × WeasyPrint alone", 1.5, "×"),
    Target("process.no_change", "no-change build ≤ 0.15 s", 0.15, "s"),
    Target("ratio.no_change", "no-change build ≤ 1/20 of a cold build", 0.05, "×"),
    Target("ratio.cold_build", "cold build, cold caches ≤ 1.5 × WeasyPrint-only floor", 1.5, "×"),
    Target("ratio.warm_cache", "cold build, warm caches ≤ 1.1 × WeasyPrint-only floor", 1.1, "×"),
    Target("preview.html_view", "preview: HTML view ≤ 1 s after a save", 1.0, "s"),
    Target("ratio.preview_pdf", "preview: PDF view ≤ 1.3 × WeasyPrint alone", 1.3, "×"),
    Target("stage.map", "the map adds ≤ 0.5 s to the example month's build", 0.5, "s"),
    Target("process.busy_month", "1,000-attack month < 10 s", 10.0, "s"),
    Target("process.busy_month", "1,000-attack month < 400 MB", 400.0, "MB", "max_rss_mb_median"),
    Target("process.busy_month", "1,000-attack month PDF < 20 pages", 19, "pages", "pdf_pages"),
    Target(
        "process.busy_month",
        "1,000-attack month English PDF < 20 pages",
        19,
        "pages",
        "pdf_pages_en",
    ),
    Target("pdf.webp_cover", "PDF with a 12 MP WebP cover < 5 MB", 5.0, "MB"),
)


def ratio(numerator: dict[str, Any], denominator: dict[str, Any], note: str) -> dict[str, Any]:
    value = numerator["median"] / denominator["median"]
    return {"unit": "×", "median": round(value, 3), "definition": note}


def evaluate(measurements: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [target.evaluate(measurements) for target in TARGETS]


def table(measurements: dict[str, dict[str, Any]]) -> str:
    rows = [("measurement", "median", "runs", "range", "peak RSS", "load")]
    rows += [_row(key, m) for key, m in measurements.items()]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _row(key: str, m: dict[str, Any]) -> tuple[str, str, str, str, str, str]:
    unit = m.get("unit", "s")
    runs = m.get("runs", [])
    spread = f"{min(runs):.2f}–{max(runs):.2f}" if len(runs) > 1 else ""
    rss = m.get("max_rss_mb_median")
    loads = m.get("load_average") or []
    load = f"{min(loads):.1f}–{max(loads):.1f}" if loads else ""
    return (
        LABELS.get(key, key),
        _number(m.get("median"), unit),
        str(len(runs)) if runs else "",
        spread,
        f"{rss:.0f} MB" if rss is not None else "",
        load,
    )


def _number(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "n/a"
    return f"{value:.2f}×" if unit == "×" else f"{value:.3f} {unit}"


def target_lines(results: list[dict[str, Any]]) -> str:
    lines = []
    for r in results:
        verdict = "PASS" if r["passed"] else "FAIL"
        value = "n/a" if r["value"] is None else f"{r['value']:.2f} {r['unit']}"
        lines.append(f"  [{verdict}] {r['target']}: {value}")
    return "\n".join(lines)


def write_json(path: Path, results: dict[str, Any]) -> None:
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
