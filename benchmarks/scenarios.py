"""Whole builds as a user runs them: `reportgen build` in a fresh process, imports included."""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass, field
from pathlib import Path

import synthetic
from timing import Measurement, ProcessRun, process_measurement, run_process


@dataclass
class Setup:
    """Where the scenarios run: a scratch folder holding a copy of the example inputs."""

    scratch: Path
    inputs: Path
    month: str
    reportgen: Path = field(default_factory=lambda: Path(sys.prefix) / "bin" / "reportgen")
    _counter: itertools.count = field(default_factory=itertools.count)

    def fresh_output(self, name: str) -> Path:
        return self.scratch / f"out-{name}-{next(self._counter)}"

    def build(self, output: Path, *args: str, inputs: Path | None = None) -> ProcessRun:
        command = [self.reportgen, "build", *args, "--inputs", inputs or self.inputs]
        return run_process([*command, "--output", output], cwd=self.scratch)


def cold_builds(setup: Setup, runs: int, warmups: int = 1) -> Measurement:
    """`build MONTH --force` into a fresh output folder each time: no font cache to help."""

    def once() -> ProcessRun:
        return setup.build(setup.fresh_output("cold"), setup.month, "--force")

    warm = [once() for _ in range(warmups)]
    return process_measurement([once() for _ in range(runs)], warm)


def warm_cache_builds(setup: Setup, runs: int) -> Measurement:
    """`build MONTH --force` again and again into one output folder: its font cache is warm."""
    output = setup.fresh_output("warm")
    first = setup.build(output, setup.month, "--force")
    repeated = [setup.build(output, setup.month, "--force") for _ in range(runs)]
    return process_measurement(repeated, [first])


def no_change_builds(setup: Setup, runs: int) -> Measurement:
    """`build MONTH` on an output that is up to date: it should skip, and quickly."""
    output = setup.fresh_output("nochange")
    first = setup.build(output, setup.month)
    repeated = [setup.build(output, setup.month) for _ in range(runs)]
    measured = process_measurement(repeated, [first])
    measured.extra["skipped"] = all("unchanged" in run.stdout for run in repeated)
    measured.extra["last_output"] = repeated[-1].stdout.strip().splitlines()[-2:]
    return measured


def busy_month(setup: Setup, runs: int, attacks: int, raids: int, month: str) -> Measurement:
    """A month of `attacks` attacks and `raids` raids added to the example inputs, built cold."""
    inputs = setup.scratch / "inputs-busy"
    folder = synthetic.busy_month_inputs(setup.inputs, inputs, month, attacks, raids)
    outputs = [setup.fresh_output("busy") for _ in range(runs)]
    measured = process_measurement(
        [setup.build(output, month, inputs=inputs) for output in outputs]
    )
    sizes = {p.name: p.stat().st_size for p in sorted(folder.glob("*.yaml"))}
    measured.extra.update(month=month, attacks=attacks, raids=raids, input_bytes=sizes)
    measured.extra["pdf_pages"] = _pages(outputs[-1] / month / f"sitrep-{month}.pdf")
    measured.extra["pdf_pages_en"] = _pages(outputs[-1] / month / f"sitrep-{month}.en.pdf")
    return measured


def _pages(pdf: Path) -> int | None:
    """The PDF's page count (None when the build wrote none)."""
    import pypdfium2

    return len(pypdfium2.PdfDocument(pdf)) if pdf.exists() else None


def all_months(setup: Setup, inputs: Path, months: list[str], jobs: int) -> Measurement:
    """`build --all -j JOBS` over `months` full months into a fresh output folder (once)."""
    run = setup.build(setup.fresh_output(f"all-j{jobs}"), "--all", "-j", str(jobs), inputs=inputs)
    measured = process_measurement([run])
    measured.extra.update(
        months=len(months),
        jobs=jobs,
        seconds_per_month=round(run.seconds / len(months), 3),
        last_output=run.stdout.strip().splitlines()[-1:],
    )
    return measured


def many_months_inputs(setup: Setup, first: str, count: int) -> tuple[Path, list[str]]:
    inputs = setup.scratch / "inputs-many"
    months = synthetic.full_months_inputs(setup.inputs, inputs, first, count)
    return inputs, months


def webp_cover_pdf(setup: Setup, size: tuple[int, int] = (4000, 3000)) -> dict[str, object]:
    """The example month with a large WebP photo as its cover: the PDF's size in MB (a WebP
    reached the PDF as raw pixels before covers were normalised to a bounded JPEG)."""
    import io
    import shutil

    from PIL import Image

    inputs = setup.scratch / "inputs-webp"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.copytree(setup.inputs, inputs)
    image = Image.effect_noise(size, 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=90)
    (inputs / setup.month / "cover.webp").write_bytes(out.getvalue())
    report = inputs / setup.month / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("cover.jpg", "cover.webp"), "utf-8")
    # A published month's files are frozen: the changed cover makes this copy a draft again.
    (inputs / setup.month / "published.yaml").unlink(missing_ok=True)
    report.write_text(report.read_text("utf-8").replace("status: published", "status: draft"))
    output = setup.fresh_output("webp")
    setup.build(output, setup.month, "--force", inputs=inputs)
    pdf = output / setup.month / f"sitrep-{setup.month}.pdf"
    return {
        "unit": "MB",
        "median": round(pdf.stat().st_size / 1e6, 2),
        "cover_mb": round(len(out.getvalue()) / 1e6, 2),
        "definition": f"PDF size with a {size[0]} × {size[1]} WebP cover",
    }
