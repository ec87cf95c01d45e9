"""The editor's loop and the one-shot build against WeasyPrint alone (issue #10).

- `weasyprint_process`: a fresh process that only imports WeasyPrint and prints the example
  month's final HTML (tagged, as `render.write_pdf` prints it): the cold build's yardstick.
- `preview_edits`: a `PreviewServer` (watcher, HTML view, PDF view) in this process; each run
  saves attacks.yaml with one attack more or less confirmed and times how long the HTML view and
  then the PDF view take to show it, from the save. WeasyPrint alone on the same HTML, in the same
  process and with the preview idle, is the PDF view's yardstick.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path
from typing import Any

from scenarios import Setup
from timing import Measurement, process_measurement, run_process, stopwatch

WEASYPRINT_ONLY = (
    "import sys\n"
    "from weasyprint import HTML\n"
    "for number, path in enumerate(sys.argv[2:]):\n"
    "    html = open(path, encoding='utf-8').read()\n"
    "    HTML(string=html).write_pdf(f'{sys.argv[1]}-{number}.pdf', pdf_tags=True)\n"
)
"""Prints each HTML given, one after the other, as `render.write_pdf` prints them (tagged)."""
WAIT_SECONDS = 300.0


def built_html(setup: Setup) -> list[Path]:
    """The HTML a build of the example month sends to print, one file per edition: the page for
    print (what only the screen shows left out, evidence links as plain text), as
    `render.write_pdf` receives it, not the reader's HTML the build writes beside the PDF."""
    from reportgen.briefing.render import render_html
    from reportgen.publish.build import briefing_context, chart_cache, load

    output = setup.fresh_output("html")
    setup.build(output, setup.month, "--force")
    loaded = load(setup.inputs)
    printed = []
    for edition in loaded.project.publication.editions:
        context, _charts = briefing_context(
            loaded, setup.month, chart_cache=chart_cache(output), edition=edition
        )
        path = output / f"printed-{setup.month}-{edition}.html"
        path.write_text(render_html(context, medium="print"), encoding="utf-8")
        printed.append(path)
    return printed


def weasyprint_once(setup: Setup, html: list[Path]) -> Any:
    """A fresh Python that imports WeasyPrint and prints each of `html` one after the other,
    nothing of reportgen: the floor of a build of those editions."""
    target = setup.scratch / "weasyprint-only"
    return run_process([sys.executable, "-c", WEASYPRINT_ONLY, target, *html], setup.scratch)


def weasyprint_process(setup: Setup, html: list[Path], runs: int, warmups: int = 1) -> Measurement:
    """`weasyprint_once`, `runs` times after `warmups`."""
    warm = [weasyprint_once(setup, html) for _ in range(warmups)]
    return process_measurement([weasyprint_once(setup, html) for _ in range(runs)], warm)


def preview_edits(setup: Setup, runs: int, warmups: int = 1) -> dict[str, Measurement]:
    """The preview's HTML and PDF views after each save, and WeasyPrint alone in-process."""
    from weasyprint import HTML

    from reportgen.editor.preview import PreviewServer

    inputs = setup.scratch / "inputs-preview"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.copytree(setup.inputs, inputs)
    attacks = inputs / setup.month / "attacks.yaml"
    original = attacks.read_text("utf-8")
    edited = original.replace("confirmed: false", "confirmed: true", 1)
    server = PreviewServer(inputs, setup.month, cache=setup.fresh_output("preview"))
    html_view, pdf_view = Measurement(), Measurement()
    try:
        server.start()
        server.previewer.want_pages()  # as a browser on /pages does: the PDF view follows
        _wait(lambda: server.previewer.pages_view()[1] > 0)
        for number in range(warmups + runs):
            html_seconds, pdf_seconds = _one_edit(server, attacks, (edited, original)[number % 2])
            into = "warmup" if number < warmups else "runs"
            getattr(html_view, into).append(html_seconds)
            getattr(pdf_view, into).append(pdf_seconds - html_seconds)
        page = server.previewer.current()[0]
        alone = Measurement()
        for number in range(warmups + runs):
            seconds = stopwatch(lambda: HTML(string=page).write_pdf(pdf_tags=True))
            (alone.warmup if number < warmups else alone.runs).append(seconds)
    finally:
        server.stop()
    html_view.extra["definition"] = "save of attacks.yaml → the HTML view's new version"
    pdf_view.extra["definition"] = "the HTML view's new version → the PDF view's new pages"
    alone.extra["definition"] = "WeasyPrint alone on the preview's HTML, in the same process"
    return {
        "preview.html_view": html_view,
        "preview.pdf_view": pdf_view,
        "preview.weasyprint": alone,
    }


def _one_edit(server: Any, attacks: Path, text: str) -> tuple[float, float]:
    """Seconds from the save to the new HTML view, and to its PDF pages."""
    previewer = server.previewer
    html_before, pages_before = previewer.current()[1], previewer.pages_view()[1]
    start = time.perf_counter()
    attacks.write_text(text, "utf-8")
    _wait(lambda: previewer.current()[1] != html_before)
    html_seconds = time.perf_counter() - start
    _wait(lambda: _printed(previewer, pages_before))
    return html_seconds, time.perf_counter() - start


def _printed(previewer: Any, before: int) -> bool:
    page, version = previewer.pages_view()
    return version != before and "يجري" not in page


def _wait(ready: Any) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the preview did not follow the edit")
        time.sleep(0.01)
