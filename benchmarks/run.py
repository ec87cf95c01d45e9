"""`make bench`: time each stage of the example month's build and whole builds; see README.md.

.venv/bin/python benchmarks/run.py            # everything, writes benchmarks/results.json
.venv/bin/python benchmarks/run.py --quick    # fewer runs, no 36-month builds
.venv/bin/python benchmarks/run.py --profile  # only a pyinstrument profile of one build
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))  # the helper modules beside this file

import inprocess  # noqa: E402
import machine  # noqa: E402
import report  # noqa: E402
import scenarios  # noqa: E402
import warm  # noqa: E402
from timing import Measurement, ProcessRun, process_measurement  # noqa: E402

MONTH = "2023-11"
BUSY_MONTH, BUSY_ATTACKS, BUSY_RAIDS = "2023-12", 1000, 300
MANY_FIRST, MANY_COUNT = "2021-01", 36
BUSY_LOAD = 0.8  # a 1-minute load average above this at the start means other work was running


@dataclass(frozen=True)
class Plan:
    """How many runs of each kind: the full benchmark, or --quick."""

    quick: bool
    stage_runs: int
    warmups: int
    process_runs: int
    busy_runs: int

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(quick, stage_runs=2, warmups=1, process_runs=2, busy_runs=1)
        return cls(quick, stage_runs=5, warmups=1, process_runs=3, busy_runs=3)


class Session:
    """Collects measurements and the errors of sections that failed, and tells progress."""

    def __init__(self) -> None:
        self.measurements: dict[str, dict[str, Any]] = {}
        self.errors: dict[str, str] = {}
        self.started = time.perf_counter()

    def say(self, message: str) -> None:
        elapsed = time.perf_counter() - self.started
        print(f"[{elapsed:6.1f}s] {message}", file=sys.stderr, flush=True)

    def record(self, key: str, measurement: Measurement | dict[str, Any]) -> None:
        data = measurement.to_json() if isinstance(measurement, Measurement) else measurement
        self.measurements[key] = data

    def attempt(self, section: str, action: Callable[[], None]) -> None:
        """Run one section; a failure is recorded and reported, and the others still run."""
        self.say(f"{section} …")
        try:
            action()
        except Exception as error:
            self.errors[section] = "".join(traceback.format_exception_only(error)).strip()
            self.say(f"{section} FAILED: {self.errors[section]}")
            traceback.print_exc()


def measure_stages(session: Session, setup: scenarios.Setup, plan: Plan) -> None:
    with inprocess.collected_warnings() as warnings:
        stages, html = inprocess.stage_measurements(
            setup.inputs, MONTH, setup.scratch, plan.stage_runs, plan.warmups
        )
        for name, measured in stages.items():
            session.record(f"stage.{name}", measured)
        session.record("weasyprint_alone", inprocess.weasyprint_alone(html, plan.stage_runs, 1))
        tagged = inprocess.weasyprint_alone(html, plan.stage_runs, 1, pdf_tags=True)
        session.record("weasyprint_tagged", tagged)
    m = session.measurements
    weasyprint = m["weasyprint_alone"]
    render_note = "median of render_briefing + write_pdf (fresh font cache) / WeasyPrint alone"
    whole_note = "median of load + merge + charts + html + pdf + archive / WeasyPrint alone"
    session.record("ratio", report.ratio(m["stage.render_and_pdf"], weasyprint, render_note))
    session.record("ratio_whole", report.ratio(m["stage.whole_inprocess"], weasyprint, whole_note))
    tagging_note = "median of WeasyPrint with pdf_tags / without: what the tagged PDF costs"
    session.record("tagging", report.ratio(m["weasyprint_tagged"], weasyprint, tagging_note))
    m["stage.pdf"]["logged_warnings"] = warnings.messages
    m["stage.pdf"]["html_bytes"] = len(html.encode())


def measure_processes(session: Session, setup: scenarios.Setup, plan: Plan) -> None:
    """Cold build, the WeasyPrint-only floor of both editions and the cold process with warm
    caches, interleaved (one of each per round), so that each ratio compares runs made under
    the same load; then the no-change build against the cold build of the same run."""
    html = warm.built_html(setup)
    warm_output = setup.fresh_output("warm")
    setup.build(warm_output, setup.month, "--force")  # fills the chart and font caches
    rounds: dict[str, list[ProcessRun]] = {"cold": [], "floor": [], "warm": []}
    warmups: dict[str, list[ProcessRun]] = {"cold": [], "floor": [], "warm": []}
    for number in range(plan.warmups + plan.process_runs):
        into = warmups if number < plan.warmups else rounds
        into["cold"].append(setup.build(setup.fresh_output("cold"), setup.month, "--force"))
        into["floor"].append(warm.weasyprint_once(setup, html))
        into["warm"].append(setup.build(warm_output, setup.month, "--force"))
    session.record("process.cold", process_measurement(rounds["cold"], warmups["cold"]))
    session.record("process.cold_warm_cache", process_measurement(rounds["warm"], warmups["warm"]))
    floor = process_measurement(rounds["floor"], warmups["floor"])
    floor.extra["editions"] = [path.name for path in html]
    session.record("process.weasyprint_only", floor)
    session.record("process.no_change", scenarios.no_change_builds(setup, plan.process_runs + 2))
    m = session.measurements
    cold = "cold build (new output folder: cold chart and font caches) / WeasyPrint-only floor"
    session.record("ratio.cold_build", _paired(rounds["cold"], rounds["floor"], cold))
    warm_note = "cold process, warm chart and font caches / WeasyPrint-only floor"
    session.record("ratio.warm_cache", _paired(rounds["warm"], rounds["floor"], warm_note))
    no_change = "no-change build / cold build (medians of this run)"
    session.record(
        "ratio.no_change", report.ratio(m["process.no_change"], m["process.cold"], no_change)
    )


def _paired(runs: list[ProcessRun], floors: list[ProcessRun], note: str) -> dict[str, Any]:
    """The median of the ratios of runs made in the same round, with each round's load."""
    ratios = [run.seconds / floor.seconds for run, floor in zip(runs, floors, strict=True)]
    measured = Measurement(unit="×", runs=ratios)
    measured.extra.update(
        definition=note + " (median of the rounds' ratios)",
        load_average=[run.load for run in runs],
    )
    return measured.to_json()


def measure_preview(session: Session, setup: scenarios.Setup, plan: Plan) -> None:
    for key, measured in warm.preview_edits(setup, plan.stage_runs).items():
        session.record(key, measured)
    m = session.measurements
    note = "median PDF view after a save / WeasyPrint alone on that HTML, in the same process"
    session.record(
        "ratio.preview_pdf", report.ratio(m["preview.pdf_view"], m["preview.weasyprint"], note)
    )


def measure_busy_month(session: Session, setup: scenarios.Setup, plan: Plan) -> None:
    measured = scenarios.busy_month(setup, plan.busy_runs, BUSY_ATTACKS, BUSY_RAIDS, BUSY_MONTH)
    session.record("process.busy_month", measured)


def measure_many_months(session: Session, setup: scenarios.Setup) -> None:
    inputs, months = scenarios.many_months_inputs(setup, MANY_FIRST, MANY_COUNT)
    for jobs in (1, 2):
        session.say(f"build --all -j {jobs} over {len(months)} months …")
        session.record(f"process.all_j{jobs}", scenarios.all_months(setup, inputs, months, jobs))


def run_benchmark(plan: Plan, setup: scenarios.Setup) -> dict[str, Any]:
    session = Session()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    session.attempt("stages in-process", lambda: measure_stages(session, setup, plan))
    session.attempt("fresh processes", lambda: measure_processes(session, setup, plan))
    session.attempt("warm preview", lambda: measure_preview(session, setup, plan))
    session.attempt("busy month", lambda: measure_busy_month(session, setup, plan))
    session.attempt(
        "webp cover", lambda: session.record("pdf.webp_cover", scenarios.webp_cover_pdf(setup))
    )
    if not plan.quick:
        session.attempt("36 months", lambda: measure_many_months(session, setup))
    targets = report.evaluate(session.measurements)
    return {
        "machine": machine.machine_facts(REPO),
        "harfbuzz_subset": machine.harfbuzz_subsetter(),
        "settings": {
            "month": MONTH,
            "load_average_at_start": load_at_start,
            "quick": plan.quick,
            "stage_runs": plan.stage_runs,
            "warmups": plan.warmups,
            "process_runs": plan.process_runs,
            "busy_month": {"month": BUSY_MONTH, "attacks": BUSY_ATTACKS, "raids": BUSY_RAIDS},
            "many_months": {"first": MANY_FIRST, "count": MANY_COUNT, "run": not plan.quick},
            "bench_seconds": round(time.perf_counter() - session.started, 1),
        },
        "measurements": session.measurements,
        "targets": targets,
        "errors": session.errors,
    }


def print_summary(results: dict[str, Any]) -> None:
    facts, hb = results["machine"], results["harfbuzz_subset"]
    packages = facts["packages"]
    print(
        f"\nreportgen benchmark, {facts['date']}: {facts['cpu_count']} CPUs, "
        f"Python {facts['python']}, WeasyPrint {packages['weasyprint']}, "
        f"matplotlib {packages['matplotlib']}, git {facts['git']['commit']}"
        f"{' (reportgen/ changed)' if facts['git']['reportgen_changed'] else ''}; "
        f"load average {results['settings']['load_average_at_start'][0]} at start, "
        f"{facts['load_average'][0]} at end"
    )
    subsetter = "HarfBuzz (libharfbuzz-subset)" if hb.get("weasyprint_uses_it") else "fontTools"
    print(
        f"WeasyPrint subsets fonts with {subsetter}; HarfBuzz {hb.get('harfbuzz_version')}, "
        f"find_library('harfbuzz-subset') = {hb.get('find_library')}\n"
    )
    print(report.table(results["measurements"]))
    print("\nTargets:")
    print(report.target_lines(results["targets"]))
    busy = results["settings"]["load_average_at_start"][0]
    if busy >= BUSY_LOAD:
        print(f"\nNote: load average {busy} at start: other work shared the CPUs; expect noise.")
    for section, error in results["errors"].items():
        print(f"\nsection '{section}' failed: {error}")


def run_profile(setup: scenarios.Setup) -> None:
    """Two profiles: the first build of the process (imports included), then a warm one."""
    profiles = (
        ("profile.html", "first build, imports included"),
        ("profile-warm.html", "second build, imports done"),
    )
    for name, label in profiles:
        output = setup.fresh_output("profile")
        text = inprocess.profile_build(setup.inputs, MONTH, output, HERE / name)
        print(f"\n=== {label}: benchmarks/{name} ===\n")
        print("\n".join(text.splitlines()[:60]))


def run_busy_only(setup: scenarios.Setup) -> int:
    """Measure the busy month alone and put it into results.json beside the last full run,
    with the load, date and commit it was measured at (`busy_month_run`)."""
    target = HERE / "results.json"
    results = json.loads(target.read_text(encoding="utf-8"))
    load = [round(x, 2) for x in os.getloadavg()]
    measured = scenarios.busy_month(setup, 1, BUSY_ATTACKS, BUSY_RAIDS, BUSY_MONTH)
    results["measurements"]["process.busy_month"] = measured.to_json()
    facts = machine.machine_facts(REPO)
    results["busy_month_run"] = {
        "date": facts["date"],
        "git": facts["git"],
        "load_average_at_start": load,
        "load_average_at_end": facts["load_average"],
    }
    results["targets"] = report.evaluate(results["measurements"])
    report.write_json(target, results)
    print(report.table({"process.busy_month": results["measurements"]["process.busy_month"]}))
    print(report.target_lines([t for t in results["targets"] if "busy" in t["measurement"]]))
    print(f"load average {load[0]} at start; wrote {target.relative_to(REPO)}")
    return 0


def run_processes_only(setup: scenarios.Setup, plan: Plan) -> int:
    """The fresh-process figures alone (cold, floor, warm caches interleaved; no-change), printed
    with their load averages and written to benchmarks/results-processes.json."""
    session = Session()
    session.attempt("fresh processes", lambda: measure_processes(session, setup, plan))
    targets = [t for t in report.evaluate(session.measurements) if t["value"] is not None]
    facts = machine.machine_facts(REPO)
    target = HERE / "results-processes.json"
    results = {"machine": facts, "measurements": session.measurements, "targets": targets}
    report.write_json(target, {**results, "errors": session.errors})
    print(report.table(session.measurements))
    print(report.target_lines(targets))
    print(f"load average {facts['load_average'][0]} at end; wrote {target.relative_to(REPO)}")
    return 1 if session.errors else 0


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    quick = "fewer runs, no 36-month builds; writes benchmarks/results-quick.json"
    profile = "instead of benchmarking, profile one build into benchmarks/profile.html"
    parser.add_argument("--quick", action="store_true", help=quick)
    parser.add_argument("--profile", action="store_true", help=profile)
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    busy = "only the busy month (one run): update its entry and targets in benchmarks/results.json"
    parser.add_argument("--busy", action="store_true", help=busy)
    processes = "only the fresh-process figures (cold, floor, warm, no-change), interleaved"
    parser.add_argument("--processes", action="store_true", help=processes)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="reportgen-bench-"))
    try:
        inputs = shutil.copytree(REPO / "inputs", scratch / "inputs")
        setup = scenarios.Setup(scratch, inputs, MONTH)
        if args.profile:
            run_profile(setup)
            return 0
        if args.busy:
            return run_busy_only(setup)
        if args.processes:
            return run_processes_only(setup, Plan.make(args.quick))
        results = run_benchmark(Plan.make(args.quick), setup)
    finally:
        if args.keep:
            print(f"scratch kept in {scratch}", file=sys.stderr)
        else:
            shutil.rmtree(scratch, ignore_errors=True)
    target = HERE / ("results-quick.json" if args.quick else "results.json")
    report.write_json(target, results)
    print_summary(results)
    print(f"\nwrote {target.relative_to(REPO)}")
    return 1 if results["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
