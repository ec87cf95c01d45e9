"""Live preview: one month's briefing served on localhost, rebuilt and reloaded as files change.

The process stays warm: everything is imported once, fonts and charts are cached (a chart is drawn
again only when what it shows changes), so a save shows in the HTML view (`/`) within a second. The
PDF view (`/pages`) follows once a browser has opened it (or the PDF): a second thread prints the
newest good page's page for print (what a build prints) with WeasyPrint and serves its pages as
images (pypdfium2), so editors see the page breaks as they write; until then no save costs a
print. Input problems and
crashes become the HTML view itself and a box above the last good pages, so the server outlives
every mistake in the files it watches. Browsers learn about a new version by long-polling
`/version`; the script that does this is added to the served pages only, never to the built HTML.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from reportgen.briefing.fonts import FONT_DIR
from reportgen.briefing.render import TEMPLATE_DIR
from reportgen.editor.previewer import (
    EDITION_PREFIX,
    PAGES_TITLE,
    Previewer,
)
from reportgen.editor.triagepage import MAX_BODY, PAGE_POLICY, TriagePage
from reportgen.i18n import N_, _

ASSET_DIR = FONT_DIR.parent
LONG_POLL_SECONDS = 25.0
WATCH_READY_MS = 200
TRIAGE_LINK = N_("Triage")
SOCKET_TIMEOUT_S = 60.0
"""A connection that sends nothing for this long is closed (a long poll answers within 25 s)."""
FRAME_POLICY = "frame-ancestors 'none'"
"""No other site may frame the preview (it has write actions: clickjacking)."""
STOP_WAIT_S = 5.0
"""How long Ctrl-C waits for a rebuild in progress; the threads are daemons, so the process then
exits without it."""
PDF_WAIT_S = 120.0
"""How long `/briefing.pdf` waits for the newest good page to be printed before it says 404."""
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

_VIEW_LINKS = """<nav class="reportgen-preview-views" dir="rtl" style="position: fixed;
 bottom: 0.5rem; left: 0.5rem; z-index: 1000; background: #fff; border: 1px solid #888;
 border-radius: 6px;
 padding: 0.3rem 0.6rem; font: 14px 'Noto Sans Arabic', 'Noto Sans', sans-serif;">
<a href="{prefix}/">HTML</a> · <a href="{prefix}/pages">{pages}</a> ·
 <a href="{prefix}/briefing.pdf">PDF</a> ·
 <a href="{other}/" lang="{other_lang}">{other_label}</a>
 · <a href="/triage">{triage}</a></nav>
"""
_OTHER = {"ar": ("en", "English"), "en": ("ar", "العربية")}
_EDITION_FILE = re.compile(r"/sitrep-[0-9]{4}-[0-9]{2}(\.en)?\.(html|pdf)")
"""The briefing's links to its other edition, resolved against a preview page."""


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
            previewer.want_pages()
            page, version = previewer.pages_view()
            reloading = with_reload_script(page, version, "pages", edition)
            self._reply(HTTPStatus.OK, "text/html", reloading)
        elif path == "/version":
            seen = _int_or(query.get("since", [""])[0], -1)
            view = "pages" if query.get("view") == ["pages"] else "html"
            if view == "pages":
                previewer.want_pages()
            version = previewer.version_after(seen, LONG_POLL_SECONDS, view)
            self._reply(HTTPStatus.OK, "text/plain", str(version))
        elif (image := self._page_image(previewer, path)) is not None:
            self._reply(HTTPStatus.OK, "image/jpeg", image)
        elif path == "/briefing.pdf" and (pdf := previewer.pdf(PDF_WAIT_S)):
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

    def stop(self) -> bool:
        """Stop serving, watching and printing; whether every thread has ended (a printer in
        the middle of a long PDF may not have)."""
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
        return not any(thread.is_alive() for thread in self._threads)

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
    leave_process: bool = False,
) -> None:
    """Preview `month` (the newest full month when None) until Ctrl-C.

    `ready` receives the page's URL once it is served; by default it is printed as
    `preview: http://127.0.0.1:PORT/`. With `leave_process` (the command line), a printer still
    inside WeasyPrint after Ctrl-C ends the process at once rather than holding its exit.
    """
    server = PreviewServer(inputs, month, templates=templates, host=host, port=port, cache=cache)
    try:
        server.start()
        (ready or _announce)(server.url)
        threading.Event().wait()
    except KeyboardInterrupt:
        log.info(_("preview: stopped"))
    finally:
        stopped = server.stop()
    if leave_process and not stopped:
        _exit_now()


def _exit_now() -> None:
    """Leave without waiting for a printer still inside WeasyPrint: at interpreter shutdown a
    daemon thread in C code (Pango, a buffered stream) makes Python abort instead of exiting."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
