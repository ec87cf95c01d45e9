"""Live preview: one month's briefing served on localhost, rebuilt and reloaded as files change.

The process stays warm: everything is imported once, fonts and charts are cached (a chart is drawn
again only when what it shows changes), so a save shows in the HTML view (`/`) within a second. The
PDF view (`/pages`) follows: a second thread prints the newest good HTML with WeasyPrint and serves
its pages as images (pypdfium2), so editors see the page breaks as they write. Input problems and
crashes become the HTML view itself and a box above the last good pages, so the server outlives
every mistake in the files it watches. Browsers learn about a new version by long-polling
`/version`; the script that does this is added to the served pages only, never to the built HTML.
"""

from __future__ import annotations

import html
import io
import logging
import re
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from reportgen import i18n
from reportgen.briefing.arabic import isolate_latin
from reportgen.briefing.fonts import FONT_DIR
from reportgen.briefing.render import TEMPLATE_DIR, write_pdf
from reportgen.editor.triagepage import MAX_BODY, PAGE_POLICY, TriagePage
from reportgen.errors import InputError, Problem, printable
from reportgen.i18n import N_, _, ngettext
from reportgen.publish.build import load, render_briefing, resolve_month

ASSET_DIR = FONT_DIR.parent
PROBLEMS_TITLE = N_("The briefing could not be built: fix the problems below")
CRASH_TITLE = N_("The briefing could not be built: an internal error in reportgen")
REFRESH_NOTE = N_("This page refreshes by itself once you save the file.")
LONG_POLL_SECONDS = 25.0
WATCH_READY_MS = 200
PAGE_SCALE = 1.25
"""Page images at 90 dpi: an A4 page is 744 × 1052 pixels, legible on a laptop screen."""
PAGES_TITLE = "صفحات PDF"
TRIAGE_LINK = N_("Triage")
SOCKET_TIMEOUT_S = 60.0
"""A connection that sends nothing for this long is closed (a long poll answers within 25 s)."""
FRAME_POLICY = "frame-ancestors 'none'"
"""No other site may frame the preview (it has write actions: clickjacking)."""
STOP_WAIT_S = 5.0
"""How long Ctrl-C waits for a rebuild in progress; the threads are daemons, so the process then
exits without it."""
log = logging.getLogger("reportgen")

_RELOAD_SCRIPT = """<script>
(async () => {{
  for (;;) {{
    try {{
      const since = "{prefix}/version?since={version}&view={view}";
      const reply = await fetch(since, {{cache: "no-store"}});
      if (reply.ok && Number(await reply.text()) !== {version}) return location.reload();
      if (reply.ok) continue;
    }} catch (error) {{}}
    await new Promise((resume) => setTimeout(resume, 1000));
  }}
}})();
</script>
"""

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


_VIEW_LINKS = """<nav class="reportgen-preview-views" dir="rtl" style="position: fixed;
 bottom: 0.5rem; left: 0.5rem; z-index: 1000; background: #fff; border: 1px solid #888;
 border-radius: 6px;
 padding: 0.3rem 0.6rem; font: 14px 'Noto Sans Arabic', 'Noto Sans', sans-serif;">
<a href="{prefix}/">HTML</a> · <a href="{prefix}/pages">{pages}</a> ·
 <a href="{prefix}/briefing.pdf">PDF</a> ·
 <a href="{other}/" lang="{other_lang}">{other_label}</a>
 · <a href="/triage">{triage}</a></nav>
"""
EDITION_PREFIX = {"ar": "", "en": "/en"}
"""Where each edition is served: the Arabic at /, the English at /en/."""
_OTHER = {"ar": ("en", "English"), "en": ("ar", "العربية")}
NO_EDITION_TITLE = N_("This project has no English edition: add en to editions in publication.yaml")
_EDITION_FILE = re.compile(r"/sitrep-[0-9]{4}-[0-9]{2}(\.en)?\.(html|pdf)")
"""The briefing's links to its other edition, resolved against a preview page."""

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


def with_reload_script(page: str, version: int, view: str = "html", edition: str = "ar") -> str:
    """`page` with the view links and the script that reloads it once the preview has a newer
    version of `view` (html or pages) of `edition`."""
    prefix = EDITION_PREFIX[edition]
    other, label = _OTHER[edition]
    links = _VIEW_LINKS.format(
        pages=PAGES_TITLE,
        prefix=prefix,
        other=EDITION_PREFIX[other],
        other_lang=other,
        other_label=label,
        triage=html.escape(_(TRIAGE_LINK)),
    )
    script = links + _RELOAD_SCRIPT.format(version=version, view=view, prefix=prefix)
    head, body_end, tail = page.rpartition("</body>")
    return f"{head}{script}{body_end}{tail}" if body_end else page + script


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
        self._to_print: tuple[int, str, tuple[Path, ...]] | None = None
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
                self._to_print = (self._version, page, printable)
            self._changed.notify_all()
            version = self._version
        message = _("preview: {outcome} in {seconds} s (version {version})")
        seconds = f"{time.perf_counter() - start:.2f}"
        log.info(message.format(outcome=outcome, seconds=seconds, version=version))
        return version

    def _built_page(self) -> tuple[str, str, tuple[Path, ...] | None]:
        """The page for the current files, a few words saying what happened, and the folders
        the PDF may read (None when the page shows problems instead of the briefing)."""
        cache = self.cache
        try:
            loaded = load(self.inputs)
            month = resolve_month(loaded.project, self.month)
            if self.edition not in loaded.project.publication.editions:
                return message_page(NO_EDITION_TITLE, ""), _("no such edition"), None
            page, _charts = render_briefing(
                loaded,
                month,
                self.templates,
                cache / "fonts" if cache else None,
                chart_cache=cache / "charts" if cache else None,
                edition=self.edition,
            )
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
        return page, _("built {month}").format(month=month), sources

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

    def print_pages(self, timeout: float | None = None) -> bool:
        """Print the newest good page to PDF and publish its pages, once there is one not yet
        printed; False when there was none within `timeout` or the previewer closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._has_new_page(), timeout)
            if self._closed or self._to_print is None or not self._has_new_page():
                return False
            version, page, allowed = self._to_print
        start = time.perf_counter()
        try:
            pdf = io.BytesIO()
            write_pdf(page, pdf, allowed=allowed)
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

    def pdf(self) -> bytes:
        with self._changed:
            return self._pdf

    def close(self) -> None:
        """Release every browser waiting for a new version, and the printer."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    timeout = SOCKET_TIMEOUT_S

    def do_GET(self) -> None:
        """Each edition's views (the Arabic at /, the English at /en/), only for this server's
        own host name (no DNS rebinding)."""
        if self.headers.get("Host", "").lower() not in self.server.allowed_hosts:
            self._reply(HTTPStatus.FORBIDDEN, "text/plain", "unknown host\n")
            return
        url = urlsplit(self.path)
        if url.path == "/en":
            self._redirect("/en/")
            return
        edition, path = ("en", url.path[3:]) if url.path.startswith("/en/") else ("ar", url.path)
        previewer = self.server.previewers[edition]
        previewer.activate()
        query = parse_qs(url.query)
        if url.path == "/triage":
            reply = self.server.triage.get(query)
            self._reply(HTTPStatus(reply.status), "text/html", reply.content, PAGE_POLICY)
        elif path == "/":
            page, version = previewer.current()
            self._reply(
                HTTPStatus.OK, "text/html", with_reload_script(page, version, "html", edition)
            )
        elif path == "/pages":
            page, version = previewer.pages_view()
            reloading = with_reload_script(page, version, "pages", edition)
            self._reply(HTTPStatus.OK, "text/html", reloading)
        elif path == "/version":
            seen = _int_or(query.get("since", [""])[0], -1)
            view = "pages" if query.get("view") == ["pages"] else "html"
            version = previewer.version_after(seen, LONG_POLL_SECONDS, view)
            self._reply(HTTPStatus.OK, "text/plain", str(version))
        elif (image := self._page_image(previewer, path)) is not None:
            self._reply(HTTPStatus.OK, "image/jpeg", image)
        elif path == "/briefing.pdf" and (pdf := previewer.pdf()):
            self._reply(HTTPStatus.OK, "application/pdf", pdf)
        elif found := _EDITION_FILE.fullmatch(path):
            target = EDITION_PREFIX["en" if found.group(1) else "ar"]
            self._redirect(f"{target}/" if found.group(2) == "html" else f"{target}/briefing.pdf")
        else:
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", "not found\n")

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self._security_headers(FRAME_POLICY)
        self.end_headers()

    def do_POST(self) -> None:
        """`/triage` only: the triage page's actions (see triagepage for the guards)."""
        length = _int_or(self.headers.get("Content-Length", ""), -1)
        host_ok = self.headers.get("Host", "").lower() in self.server.allowed_hosts
        if not host_ok or urlsplit(self.path).path != "/triage" or not 0 <= length <= MAX_BODY:
            self._reply(HTTPStatus.FORBIDDEN, "text/plain", "refused\n")
            return
        body = self.rfile.read(length)
        origins = {f"http://{host}" for host in self.server.allowed_hosts}
        reply = self.server.triage.post(body, self.headers.get("Origin"), origins)
        if reply.location:
            self.send_response(HTTPStatus.SEE_OTHER)
            self.send_header("Location", reply.location)
            self.send_header("Content-Length", "0")
            self._security_headers(PAGE_POLICY)
            self.end_headers()
            return
        kind = "text/html" if reply.content.startswith("<!doctype") else "text/plain"
        self._reply(HTTPStatus(reply.status), kind, reply.content, PAGE_POLICY)

    def _security_headers(self, policy: str) -> None:
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "same-origin")

    def _page_image(self, previewer: Previewer, path: str) -> bytes | None:
        """`/pages/N.jpg`: page N of the latest PDF."""
        folder, _, name = path.rpartition("/")
        number, dot, suffix = name.partition(".")
        if folder != "/pages" or not dot or suffix != "jpg" or not number.isdigit():
            return None
        return previewer.page_image(int(number))

    def _reply(
        self,
        status: HTTPStatus,
        content_type: str,
        content: str | bytes,
        policy: str = FRAME_POLICY,
    ) -> None:
        body = content.encode("utf-8") if isinstance(content, str) else content
        self.send_response(status)
        text = content_type.startswith("text/")
        self.send_header("Content-Type", f"{content_type}; charset=utf-8" if text else content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self._security_headers(policy)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        log.debug("preview: %s " + format, self.address_string(), *args)


def _int_or(text: str, default: int) -> int:
    try:
        return int(text)
    except ValueError:
        return default


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], previewers: dict[str, Previewer]):
        super().__init__(address, _Handler)
        self.previewers = previewers
        self.triage = TriagePage(previewers["ar"].inputs, previewers["ar"].month)
        port = self.server_address[1]
        self.allowed_hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", address[0])}

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that leaves mid-reply is normal; anything else is logged."""
        log.debug(_("preview: a request from %s failed"), client_address, exc_info=True)


class PreviewServer:
    """The preview of one month: HTTP server, file watcher and PDF printer, each in its own
    thread.

    `watched` defaults to the inputs, the templates and the packaged assets (fonts). `cache` holds
    font subsets and drawn charts (`output/.cache` from the command line); without one they are
    kept in a temporary folder for the server's lifetime.
    """

    def __init__(
        self,
        inputs: Path,
        month: str | None = None,
        *,
        templates: Path = TEMPLATE_DIR,
        host: str = "127.0.0.1",
        port: int = 0,
        cache: Path | None = None,
        watched: Sequence[Path] | None = None,
    ):
        self._scratch = None
        if cache is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="reportgen-preview-")
            cache = Path(self._scratch.name)
        self.previewers = {
            edition: Previewer(inputs, month, templates, cache, edition, active=edition == "ar")
            for edition in EDITION_PREFIX
        }
        self.previewer = self.previewers["ar"]
        self.watched = tuple(watched) if watched is not None else (inputs, templates, ASSET_DIR)
        self._httpd = _HTTPServer((host, port), self.previewers)
        self._stop = threading.Event()
        self._watching = threading.Event()
        self._watch_failure: Exception | None = None
        self._threads = [
            threading.Thread(target=self._watch, name="preview-watch", daemon=True),
            threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.1},
                name="preview-http",
                daemon=True,
            ),
            *(
                threading.Thread(
                    target=self._print, args=(previewer,), name=f"preview-pdf-{e}", daemon=True
                )
                for e, previewer in self.previewers.items()
            ),
        ]

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Watch first, then build, then serve: no change after `start` goes unnoticed."""
        watcher, http, *printers = self._threads
        watcher.start()
        self._watching.wait()
        if failure := self._watch_failure:
            watched = ", ".join(map(str, self.watched))
            message = _("preview: cannot watch {paths}: {error}")
            raise OSError(message.format(paths=watched, error=failure)) from failure
        self.previewer.rebuild()
        http.start()
        for printer in printers:
            printer.start()

    def stop(self) -> None:
        self._stop.set()
        for previewer in self.previewers.values():
            previewer.close()
        if self._threads[1].is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(STOP_WAIT_S)
        if self._scratch:
            self._scratch.cleanup()

    def _print(self, previewer: Previewer) -> None:
        """Print each new good page of `previewer` to PDF pages, newest first, until stopped."""
        while not self._stop.is_set():
            previewer.print_pages()

    def _watch(self) -> None:
        """Rebuild after each batch of changes; an empty batch only says the watcher is live.

        A failure before the watcher is live is left for `start` to raise.
        """
        changes = watch(
            *self.watched,
            stop_event=self._stop,
            rust_timeout=WATCH_READY_MS,
            yield_on_timeout=True,
        )
        try:
            for batch in changes:
                self._watching.set()
                for previewer in self.previewers.values():
                    if batch and previewer.active and not self._stop.is_set():
                        previewer.rebuild()
        except Exception as error:
            if self._watching.is_set():
                log.error(_("preview: stopped watching files: {error}").format(error=error))
            self._watch_failure = error
        finally:
            self._watching.set()


def _announce(url: str) -> None:
    print(f"preview: {url}", flush=True)


def serve(
    inputs: Path,
    month: str | None,
    *,
    templates: Path = TEMPLATE_DIR,
    host: str = "127.0.0.1",
    port: int = 0,
    cache: Path | None = None,
    ready: Callable[[str], None] | None = None,
) -> None:
    """Preview `month` (the newest full month when None) until Ctrl-C.

    `ready` receives the page's URL once it is served; by default it is printed as
    `preview: http://127.0.0.1:PORT/`.
    """
    server = PreviewServer(inputs, month, templates=templates, host=host, port=port, cache=cache)
    try:
        server.start()
        (ready or _announce)(server.url)
        threading.Event().wait()
    except KeyboardInterrupt:
        log.info(_("preview: stopped"))
    finally:
        server.stop()
