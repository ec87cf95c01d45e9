"""Printing PDFs in worker processes: the editions of a month (and, with `build --all -j`, the
months) print in parallel while the main process draws and renders the next one.

The workers are forked when printing is first needed, before the main process has made the
dataset or drawn a chart, so each starts small and imports WeasyPrint while the main process
works. They die with it (`processes.die_with`). Jobs and results go through pipes, so the main
process keeps no thread and may still fork its chart workers. Each PDF is written by its worker
atomically (a temporary file renamed into place), as the main process would write it: a
failed print leaves the last good PDF. Where forking is not safe (a process with threads, such
as the preview server, or a worker itself), or there is one core, the PDFs print in process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from reportgen import i18n
from reportgen.errors import InputError
from reportgen.processes import die_with


@dataclass
class Job:
    """One PDF to print; `seconds` (the printing time) once done, or `error`."""

    html: str
    pdf: Path
    allowed: tuple[Path, ...]
    done: bool = False
    seconds: float = 0.0
    error: BaseException | None = None


@dataclass
class _Worker:
    process: Any
    conn: Connection
    job: Job | None = None


@dataclass
class Printer:
    """Up to `workers` printing processes, started by `start` or the first `submit`."""

    workers: int
    queue: deque[Job] = field(default_factory=deque)
    running: list[_Worker] = field(default_factory=list)

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def parallel(self) -> bool:
        return self.workers > 1 and can_fork()

    def start(self) -> None:
        """Fork the workers now, so that they import WeasyPrint while this process works."""
        if self.parallel and not self.running:
            context = multiprocessing.get_context("fork")
            for _ in range(self.workers):
                mine, theirs = context.Pipe()
                process = context.Process(
                    target=_serve, args=(theirs, os.getpid(), i18n.current()), daemon=True
                )
                process.start()
                theirs.close()
                self.running.append(_Worker(process, mine))

    def submit(self, html: str, pdf: Path, allowed: Iterable[Path]) -> Job:
        """Print `html` to `pdf`, a temporary file the caller renames into place once every
        PDF it waits for has printed; in a worker when there are some, else now."""
        job = Job(html, pdf, tuple(allowed))
        if not self.parallel:
            job.seconds = _print(job.html, job.pdf, job.allowed)
            job.done = True
            return job
        self.start()
        self.queue.append(job)
        self._dispatch()
        return job

    def result(self, job: Job) -> float:
        """The seconds `job` took, once done; its error raised here when it failed."""
        while not job.done:
            busy = {w.conn: w for w in self.running if w.job is not None}
            for conn in wait(list(busy)):
                self._receive(busy[conn])
            self._dispatch()
        if job.error is not None:
            raise job.error
        return job.seconds

    def close(self) -> None:
        """Stop the workers at once: those printing are killed (their temporary file is left for
        the next build to remove), and so are the idle ones, which hold nothing and may still
        be importing WeasyPrint (a build that stops early does not wait for that)."""
        for worker in self.running:
            worker.process.kill()
        for worker in self.running:
            worker.process.join()
            worker.conn.close()
        self.running.clear()

    def _dispatch(self) -> None:
        for worker in self.running:
            if worker.job is None and self.queue:
                worker.job = self.queue.popleft()
                job = worker.job
                worker.conn.send((job.html, str(job.pdf), [str(p) for p in job.allowed]))

    def _receive(self, worker: _Worker) -> None:
        job, worker.job = worker.job, None
        assert job is not None
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            kind, value = "error", RuntimeError(f"the process printing {job.pdf} died")
        if kind == "ok":
            job.seconds = value
        elif kind == "input":
            job.error = InputError(value)
        else:
            job.error = value
        job.done = True


def can_fork() -> bool:
    """Only a single-threaded main process on more than one core forks printing workers."""
    return (
        (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
        and multiprocessing.parent_process() is None
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _print(html: str, pdf: Path, allowed: tuple[Path, ...]) -> float:
    from reportgen.briefing import render

    start = time.perf_counter()
    render.write_pdf(html, pdf, allowed=allowed)
    return time.perf_counter() - start


def _serve(conn: Connection, parent: int, language: str) -> None:
    """A worker: print each job received until told to stop, answering ("ok", seconds),
    ("input", problems) or ("error", exception)."""
    die_with(parent)
    i18n.use(language)
    import weasyprint  # noqa: F401  (imported while the main process renders the first page)

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        html, pdf, allowed = job
        try:
            answer: tuple[str, Any] = ("ok", _print(html, Path(pdf), tuple(map(Path, allowed))))
        except InputError as error:
            answer = ("input", list(error.problems))
        except Exception as error:
            answer = ("error", _picklable(error))
        conn.send(answer)


def _picklable(error: Exception) -> Exception:
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"{type(error).__name__}: {error}")
    return error
