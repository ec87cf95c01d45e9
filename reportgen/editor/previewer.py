"""What the preview shows of one edition: the latest page of a month, rebuilt on demand and
waited on by browsers, or a page of problems (or of a crash) in its place; and the PDF pages of
the latest good page, printed with WeasyPrint and served as images (the `/pages` view).
"""

from __future__ import annotations

import html
import io
import logging
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportgen import i18n
from reportgen.briefing.arabic import isolate_latin
from reportgen.briefing.render import render_html, write_pdf
from reportgen.errors import InputError, Problem, printable
from reportgen.i18n import N_, _, ngettext
from reportgen.publish.build import briefing_context, load, resolve_month

PROBLEMS_TITLE = N_("The briefing could not be built: fix the problems below")
CRASH_TITLE = N_("The briefing could not be built: an internal error in reportgen")
REFRESH_NOTE = N_("This page refreshes by itself once you save the file.")
PAGE_SCALE = 1.25
"""Page images at 90 dpi: an A4 page is 744 × 1052 pixels, legible on a laptop screen."""
PAGES_TITLE = "صفحات PDF"
_MESSAGE_PAGE = """<!doctype html>
<html lang="{lang}" dir="{dir}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans Arabic", "Noto Sans", sans-serif; margin: 2rem; }}
.problems {{ border: 3px solid #b3261e; background: #fdecea; border-radius: 8px; padding: 1rem; }}
.problems h1 {{ color: #b3261e; font-size: 1.4rem; margin-top: 0; }}
.problems pre {{ white-space: pre-wrap; margin: 0.4rem 0; font-size: 0.95rem; }}
.problems ul {{ padding-inline-start: 1.2rem; }}
.problems li {{ margin: 0.4rem 0; }}
.problems .where {{ font-family: "Noto Sans Mono", monospace; font-size: 0.9rem; }}
</style>
</head>
<body>
<section class="problems" role="alert">
<h1>{title}</h1>
{items}
<p>{note}</p>
</section>
</body>
</html>
"""

log = logging.getLogger("reportgen")


def message_page(title: str, items: str) -> str:
    """A page in the editors' language (right to left in Arabic) with `items` (HTML, escaped by
    the caller) in a red box."""
    return _MESSAGE_PAGE.format(
        lang=i18n.current(),
        dir="rtl" if i18n.is_rtl() else "ltr",
        title=html.escape(_(title)),
        items=items,
        note=html.escape(_(REFRESH_NOTE)),
    )


def problems_page(problems: Iterable[Problem]) -> str:
    listed = "\n".join(_problem_item(problem) for problem in problems)
    return message_page(PROBLEMS_TITLE, f"<ul>\n{listed}\n</ul>")


def _problem_item(problem: Problem) -> str:
    """One problem: its location and field isolated left to right (editors copy them into their
    editor), its message in the page's direction."""
    where = f"{problem.path}:{problem.line}:{problem.column}:"
    where += f" {problem.field}:" if problem.field else ""
    label = _("warning: ") if problem.severity == "warning" else ""
    message = printable(label + problem.message)
    shown = isolate_latin(message) if i18n.is_rtl() else html.escape(message)
    where = html.escape(printable(where))
    return f'<li><bdi dir="ltr" class="where">{where}</bdi> <span>{shown}</span></li>'


def crash_page(trace: str) -> str:
    return message_page(CRASH_TITLE, f'<pre dir="ltr">{html.escape(trace)}</pre>')


EDITION_PREFIX = {"ar": "", "en": "/en"}
"""Where each edition is served: the Arabic at /, the English at /en/."""
NO_EDITION_TITLE = N_("This project has no English edition: add en to editions in publication.yaml")
_PAGES_PAGE = """<!doctype html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
body {{ font-family: "Noto Sans Arabic", "Noto Sans", sans-serif; margin: 0; background: #e8e8e8; }}
main {{ padding: 1rem 1rem 3rem; }}
.status {{ text-align: center; color: #444; }}
.page {{ display: block; margin: 0 auto 1rem; max-width: 100%; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.35); }}
.problems {{ border: 3px solid #b3261e; background: #fdecea; border-radius: 8px; padding: 1rem;
  margin: 0 auto 1rem; max-width: 744px; }}
.problems h1 {{ color: #b3261e; font-size: 1.2rem; margin-top: 0; }}
.problems pre {{ white-space: pre-wrap; margin: 0.4rem 0; font-size: 0.9rem; }}
</style>
</head>
<body>
<main>
{problems}
<p class="status">{status}</p>
{pages}
</main>
</body>
</html>
"""


def page_images(pdf: bytes, scale: float = PAGE_SCALE) -> list[bytes]:
    """Each page of `pdf` as a JPEG, rendered by PDFium (a PNG takes eight times as long to
    encode, and the view is for seeing the layout, not for print)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            buffer = io.BytesIO()
            page.render(scale=scale).to_pil().save(buffer, format="JPEG", quality=88)
            images.append(buffer.getvalue())
            page.close()
        return images
    finally:
        document.close()


@dataclass(frozen=True)
class _Printable:
    """What the PDF view prints a good page from, as a build does: the page for print of this
    context (`render_html(medium="print")`), reading only `sources`."""

    context: dict[str, Any]
    sources: tuple[Path, ...]


class Previewer:
    """The latest page of one month and its version, rebuilt on demand and waited on by browsers;
    and the PDF pages of the latest good page, printed by `print_pages` (the second view).

    `cache` is the folder for the font subsets (`fonts/`) and the drawn charts (`charts/`);
    `edition` the briefing's edition (ar or en). A previewer that is not `active` is not rebuilt
    on changes until a browser first asks for its page.
    """

    def __init__(
        self,
        inputs: Path,
        month: str | None,
        templates: Path,
        cache: Path | None,
        edition: str = "ar",
        active: bool = True,
    ):
        self.inputs, self.month, self.templates, self.cache = inputs, month, templates, cache
        self.edition, self.active = edition, active
        self._activating = threading.Lock()
        self._changed = threading.Condition()
        self._page = ""
        self._version = 0
        self._closed = False
        self._problems: list[str] = []
        self._to_print: tuple[int, _Printable] | None = None
        self._pages_wanted = False
        self._printed_from = 0
        self._pdf = b""
        self._pages: list[bytes] = []
        self._pages_version = 0

    def rebuild(self) -> int:
        """Build the page again and publish it; returns the new version."""
        start = time.perf_counter()
        page, outcome, printable = self._built_page()
        with self._changed:
            self._page = page
            self._version += 1
            if printable is None:
                self._problems = [outcome]
                self._pages_version += 1
            else:
                self._problems = []
                self._to_print = (self._version, printable)
            self._changed.notify_all()
            version = self._version
        message = _("preview: {outcome} in {seconds} s (version {version})")
        seconds = f"{time.perf_counter() - start:.2f}"
        log.info(message.format(outcome=outcome, seconds=seconds, version=version))
        return version

    def _built_page(self) -> tuple[str, str, _Printable | None]:
        """The page for the current files, a few words saying what happened, and what its PDF
        is printed from (None when the page shows problems instead of the briefing)."""
        cache = self.cache
        try:
            loaded = load(self.inputs)
            month = resolve_month(loaded.project, self.month)
            if self.edition not in loaded.project.publication.editions:
                return message_page(NO_EDITION_TITLE, ""), _("no such edition"), None
            context, _charts = briefing_context(
                loaded,
                month,
                chart_cache=cache / "charts" if cache else None,
                edition=self.edition,
            )
            page = render_html(context, self.templates, font_cache=self._font_cache())
        except InputError as error:
            for problem in error.problems:
                log.warning("%s", problem)
            count = len(error.problems)
            shown = ngettext("{count} problem shown", "{count} problems shown", count)
            return problems_page(error.problems), shown.format(count=count), None
        except Exception:
            log.exception(_("preview: the build crashed"))
            return crash_page(traceback.format_exc()), _("crash shown"), None
        sources = (self.templates, loaded.project.months[month].folder)
        return page, _("built {month}").format(month=month), _Printable(context, sources)

    def _font_cache(self) -> Path | None:
        return self.cache / "fonts" if self.cache else None

    def current(self) -> tuple[str, int]:
        with self._changed:
            return self._page, self._version

    def activate(self) -> None:
        """Build the page now if it was never built; from now on rebuild it on changes."""
        with self._activating:
            if not self.active:
                self.rebuild()
                self.active = True

    def version_after(self, seen: int, timeout: float, view: str = "html") -> int:
        """The version of `view` (html or pages) once it differs from `seen`, or `seen` after
        `timeout` or on close."""
        current = (lambda: self._pages_version) if view == "pages" else (lambda: self._version)
        with self._changed:
            self._changed.wait_for(lambda: current() != seen or self._closed, timeout)
            return current()

    def want_pages(self) -> None:
        """A browser asked for the PDF view or the PDF: from now on each good page is printed.
        Until then nothing is (an editor who never opens the PDF view pays no printing on each
        save, seconds in a busy month)."""
        with self._changed:
            if not self._pages_wanted:
                self._pages_wanted = True
                self._changed.notify_all()

    def print_pages(self, timeout: float | None = None) -> bool:
        """Print the newest good page to PDF and publish its pages, once there is one not yet
        printed and the PDF view was asked for; False when there was none within `timeout` or
        the previewer closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._should_print(), timeout)
            if self._closed or self._to_print is None or not self._should_print():
                return False
            version, source = self._to_print
        start = time.perf_counter()
        try:
            pdf = io.BytesIO()
            page = render_html(
                source.context, self.templates, font_cache=self._font_cache(), medium="print"
            )
            write_pdf(page, pdf, allowed=source.sources)
            pdf_bytes = pdf.getvalue()
            pages = page_images(pdf_bytes)
        except Exception:
            log.exception(_("preview: printing the PDF failed"))
            pdf_bytes, pages = b"", []
        with self._changed:
            self._printed_from = version
            if pages:
                self._pdf, self._pages = pdf_bytes, pages
            self._pages_version += 1
            self._changed.notify_all()
        message = ngettext(
            "preview: {count} PDF page in {seconds} s (of version {version})",
            "preview: {count} PDF pages in {seconds} s (of version {version})",
            len(pages),
        )
        seconds = f"{time.perf_counter() - start:.2f}"
        log.info(message.format(count=len(pages), seconds=seconds, version=version))
        return True

    def _should_print(self) -> bool:
        return self._pages_wanted and self._has_new_page()

    def _has_new_page(self) -> bool:
        return self._to_print is not None and self._to_print[0] != self._printed_from

    def pages_view(self) -> tuple[str, int]:
        """The PDF view: the problems of the latest save above the last good pages."""
        with self._changed:
            problems, count, version = list(self._problems), len(self._pages), self._pages_version
            printing = self._has_new_page()
            page = self._page if problems else ""
        box = ""
        if problems:
            start = page.find('<section class="problems"')
            end = page.find("</section>", start)
            box = page[start : end + len("</section>")] if start >= 0 and end >= 0 else ""
        status = f"عدد الصفحات: {count}" if count else "لم تُطبع الصفحات بعد"
        if problems and count:
            status += " (آخر نسخة سليمة)"
        if printing:
            status += " · يجري تحديث الصفحات…"
        images = "\n".join(
            f'<img class="page" src="{EDITION_PREFIX[self.edition]}/pages/{n}.jpg?v={version}"'
            f' alt="الصفحة {n}">'
            for n in range(1, count + 1)
        )
        html_page = _PAGES_PAGE.format(
            title=html.escape(PAGES_TITLE), problems=box, status=html.escape(status), pages=images
        )
        return html_page, version

    def page_image(self, number: int) -> bytes | None:
        with self._changed:
            return self._pages[number - 1] if 1 <= number <= len(self._pages) else None

    def pdf(self, timeout: float = 0.0) -> bytes:
        """The PDF of the newest good page, waiting up to `timeout` for it to be printed (asking
        for it, as the PDF view does); empty when none was printed yet."""
        if timeout:
            self.want_pages()
        with self._changed:
            self._changed.wait_for(lambda: self._closed or not self._has_new_page(), timeout)
            return self._pdf

    def close(self) -> None:
        """Release every browser waiting for a new version, and the printer."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
