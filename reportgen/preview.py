"""Live preview: one month's briefing served on localhost, rebuilt and reloaded as files change.

The page is rebuilt in memory (no PDF) whenever an input, template or asset changes. Input problems
and crashes become the page itself, so the server outlives every mistake in the files it watches.
Browsers learn about a new version by long-polling `/version`; the script that does this is added
to the served page only, never to the built HTML.
"""

from __future__ import annotations

import html
import logging
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

from . import i18n
from .arabic import isolate_latin
from .build import load, render_briefing, resolve_month
from .errors import InputError, Problem, printable
from .fonts import FONT_DIR
from .i18n import N_, _, ngettext
from .render import TEMPLATE_DIR

ASSET_DIR = FONT_DIR.parent
PROBLEMS_TITLE = N_("The briefing could not be built: fix the problems below")
CRASH_TITLE = N_("The briefing could not be built: an internal error in reportgen")
REFRESH_NOTE = N_("This page refreshes by itself once you save the file.")
LONG_POLL_SECONDS = 25.0
WATCH_READY_MS = 200
STOP_WAIT_S = 5.0
"""How long Ctrl-C waits for a rebuild in progress; the threads are daemons, so the process then
exits without it."""
log = logging.getLogger("reportgen")

_RELOAD_SCRIPT = """<script>
(async () => {{
  for (;;) {{
    try {{
      const reply = await fetch("/version?since={version}", {{cache: "no-store"}});
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


def with_reload_script(page: str, version: int) -> str:
    """`page` with the script that reloads it once the preview has a newer version."""
    script = _RELOAD_SCRIPT.format(version=version)
    head, body_end, tail = page.rpartition("</body>")
    return f"{head}{script}{body_end}{tail}" if body_end else page + script


class Previewer:
    """The latest page of one month and its version, rebuilt on demand and waited on by browsers."""

    def __init__(self, inputs: Path, month: str | None, templates: Path, cache: Path | None):
        self.inputs, self.month, self.templates, self.cache = inputs, month, templates, cache
        self._changed = threading.Condition()
        self._page = ""
        self._version = 0
        self._closed = False

    def rebuild(self) -> int:
        """Build the page again and publish it; returns the new version."""
        start = time.perf_counter()
        page, outcome = self._built_page()
        with self._changed:
            self._page = page
            self._version += 1
            self._changed.notify_all()
            version = self._version
        message = _("preview: {outcome} in {seconds} s (version {version})")
        seconds = f"{time.perf_counter() - start:.2f}"
        log.info(message.format(outcome=outcome, seconds=seconds, version=version))
        return version

    def _built_page(self) -> tuple[str, str]:
        """The page for the current files, and a few words saying what happened."""
        try:
            loaded = load(self.inputs)
            month = resolve_month(loaded.project, self.month)
            page, _charts = render_briefing(loaded, month, self.templates, self.cache)
        except InputError as error:
            for problem in error.problems:
                log.warning("%s", problem)
            count = len(error.problems)
            shown = ngettext("{count} problem shown", "{count} problems shown", count)
            return problems_page(error.problems), shown.format(count=count)
        except Exception:
            log.exception(_("preview: the build crashed"))
            return crash_page(traceback.format_exc()), _("crash shown")
        return page, _("built {month}").format(month=month)

    def current(self) -> tuple[str, int]:
        with self._changed:
            return self._page, self._version

    def version_after(self, seen: int, timeout: float) -> int:
        """The version once it differs from `seen`, or `seen` after `timeout` or on close."""
        with self._changed:
            self._changed.wait_for(lambda: self._version != seen or self._closed, timeout)
            return self._version

    def close(self) -> None:
        """Release every browser waiting for a new version."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer

    def do_GET(self) -> None:
        """`/` and `/version`, only for this server's own host name (no DNS rebinding)."""
        if self.headers.get("Host", "").lower() not in self.server.allowed_hosts:
            self._reply(HTTPStatus.FORBIDDEN, "text/plain", "unknown host\n")
            return
        url = urlsplit(self.path)
        previewer = self.server.previewer
        if url.path == "/":
            page, version = previewer.current()
            self._reply(HTTPStatus.OK, "text/html", with_reload_script(page, version))
        elif url.path == "/version":
            seen = _int_or(parse_qs(url.query).get("since", [""])[0], -1)
            version = previewer.version_after(seen, LONG_POLL_SECONDS)
            self._reply(HTTPStatus.OK, "text/plain", str(version))
        else:
            self._reply(HTTPStatus.NOT_FOUND, "text/plain", "not found\n")

    def _reply(self, status: HTTPStatus, content_type: str, text: str) -> None:
        body = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
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

    def __init__(self, address: tuple[str, int], previewer: Previewer):
        super().__init__(address, _Handler)
        self.previewer = previewer
        port = self.server_address[1]
        self.allowed_hosts = {f"{name}:{port}" for name in ("127.0.0.1", "localhost", address[0])}

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that leaves mid-reply is normal; anything else is logged."""
        log.debug(_("preview: a request from %s failed"), client_address, exc_info=True)


class PreviewServer:
    """The preview of one month: HTTP server and file watcher, each in its own thread.

    `watched` defaults to the inputs, the templates and the packaged assets (fonts). Without a
    `cache`, font subsets are kept in a temporary folder for the server's lifetime.
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
        self.previewer = Previewer(inputs, month, templates, cache)
        self.watched = tuple(watched) if watched is not None else (inputs, templates, ASSET_DIR)
        self._httpd = _HTTPServer((host, port), self.previewer)
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
        ]

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> None:
        """Watch first, then build, then serve: no change after `start` goes unnoticed."""
        watcher, http = self._threads
        watcher.start()
        self._watching.wait()
        if failure := self._watch_failure:
            watched = ", ".join(map(str, self.watched))
            message = _("preview: cannot watch {paths}: {error}")
            raise OSError(message.format(paths=watched, error=failure)) from failure
        self.previewer.rebuild()
        http.start()

    def stop(self) -> None:
        self._stop.set()
        self.previewer.close()
        if self._threads[1].is_alive():
            self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(STOP_WAIT_S)
        if self._scratch:
            self._scratch.cleanup()

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
                if batch and not self._stop.is_set():
                    self.previewer.rebuild()
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
