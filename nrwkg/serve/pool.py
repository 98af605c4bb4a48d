"""A small pool of query worker processes with a hard time limit per query.

A request (admitted by nrwkg.serve.admission, its query checked by nrwkg.serve.safety in the
server process) takes an idle worker, sends it the job and waits at most the time limit for the
reply. A worker that has not answered in time is killed and replaced in the background; the
request gets 503. A worker that dies (a crash, the memory limit) is replaced too; what it wrote to
stderr last (nrwkg.serve.worker_stderr, passed on to the server's stderr) tells which: an
allocation failure answers 503 (the memory limit), a panic of the engine 500 with its message. The pool
remembers how long each query shape (its tokens, without comments and spacing) took, so the
server knows which queries are cheap.

Workers open the store of one build generation: `expect` is the (device, inode) of the build
folder they must find, so a worker started after a new build was swapped in refuses to start
rather than answer from another generation than its pool's. A worker copies a store of at most
`in_memory_quads` quads into its memory before it says it is ready (nrwkg.serve.in_memory), so the
pool, and the server that waits for it, is ready only once every copy is made. A worker that
replaces one (after the time limit, a crash) does not copy: it opens the store on disk and is
ready as soon as before, so the pool is back to its size as fast as without copies (with a copy
a worker's start took 0.49 → 0.89 CPU s on the bundled build, long enough on a busy machine for a
request waiting on a `--timeout 1` pool to get 503); it answers the same, more slowly.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import queue
import select
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from nrwkg.errors import NrwkgError
from nrwkg.serve.crash import cause_of_death
from nrwkg.serve.worker import READY, READY_IN_MEMORY, STALE, Job, Reply, error
from nrwkg.serve.worker_stderr import StderrTail

__all__ = ["WorkerPool"]


def _shape(job: Job) -> str:
    return job.checked.shape if job.checked is not None else job.query

log = logging.getLogger("nrwkg.serve")
_REMEMBER = 4096  # query texts whose run time is kept


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    stderr: StderrTail
    _poller: select.poll = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._poller = select.poll()
        self._poller.register(self.conn.fileno(), select.POLLIN)

    def replied(self, seconds: float) -> bool:
        """Whether the worker's reply (or its end) came within `seconds`. One poll object per worker,
        kept: `Connection.poll` makes a selector on every call (about 4 % of the server process's
        time under 8 clients)."""
        return bool(self._poller.poll(max(0, math.ceil(seconds * 1000))))


class WorkerPool:
    def __init__(self, store_path: str, size: int, timeout: float, memory_mb: int | None = None,
                 expect: tuple[str, int, int] | None = None, in_memory_quads: int = 0):
        self.store_path = store_path
        self.in_memory_quads = in_memory_quads
        self.expect = expect
        self.size = size
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._seconds: OrderedDict[str, float] = OrderedDict()  # query text -> last run time (LRU)
        # One long-lived thread starts every worker: a worker asks the kernel to kill it when the
        # thread that started it ends (PR_SET_PDEATHSIG), so workers never outlive the server.
        self._spawn_requests: queue.Queue[tuple[Future, bool] | None] = queue.Queue()
        threading.Thread(target=self._spawner, name="nrwkg-spawner", daemon=True).start()
        self.in_memory = False  # whether the workers answer from an in-memory copy of the store
        workers = [self._spawn(copy=True) for _ in range(size)]
        for w in workers:
            said = self._ready(w)
            if said is None:
                self.close()
                raise NrwkgError(f"a query worker could not open the store {store_path} (see the log above)")
            self.in_memory = said == READY_IN_MEMORY
            self._idle.put(w)
        log.info("%d query workers answer from %s", size,
                 "an in-memory copy of the store" if self.in_memory else store_path)

    def _spawner(self) -> None:
        while (request := self._spawn_requests.get()) is not None:
            future, copy = request
            try:
                future.set_result(self._start(copy))
            except BaseException as exc:
                future.set_exception(exc)

    def _spawn(self, copy: bool = False) -> _Worker:
        """A new worker (started by the spawner thread); `copy`: it copies a small store into memory."""
        future: Future = Future()
        self._spawn_requests.put((future, copy))
        return future.result()

    def _start(self, copy: bool) -> _Worker:
        from nrwkg.serve import worker

        parent, child = self._context.Pipe()
        stderr = StderrTail(self._context)
        process = self._context.Process(target=worker.main, name="nrwkg-query-worker", daemon=True,
                                        args=(child, self.store_path, self.memory_mb, os.getpid(), self.expect,
                                              stderr.writer, self.in_memory_quads if copy else 0))
        process.start()
        child.close()
        stderr.start()
        w = _Worker(process, parent, stderr)
        with self._lock:
            self._all.add(w)
        return w

    @staticmethod
    def _ready(w: _Worker) -> str | None:
        """Wait for a new worker to open the store (and copy it into memory when it is small): what
        it said (READY or READY_IN_MEMORY), None when it did not start."""
        try:
            said = w.conn.recv() if w.conn.poll(120) else None
        except (EOFError, OSError):
            return None
        return said if said in (READY, READY_IN_MEMORY) else None

    def info(self) -> dict:
        """Ask a worker for the store's graphs and sizes (waits for a worker to be ready)."""
        w = self._idle.get()
        try:
            w.conn.send("info")
            return w.conn.recv()
        finally:
            self._idle.put(w)

    def run(self, job: Job, wait: float | None = None) -> Reply:
        """Run a checked job on an idle worker (waiting at most `wait`, default the time limit, for one)."""
        try:
            w = self._idle.get(timeout=self.timeout if wait is None else max(0.0, wait))
        except queue.Empty:
            return error(503, f"all {self.size} query workers stayed busy for {self.timeout:g} s: "
                              "try again later")
        try:
            started = time.monotonic()
            before = w.stderr.written  # what the worker wrote before this job does not explain its end
            w.conn.send(job)
            if w.replied(self.timeout):
                reply = w.conn.recv()
                self._idle.put(w)
                self._remember(_shape(job), time.monotonic() - started)
                return reply
            self._replace(w, "exceeded the time limit")
            self._remember(_shape(job), float("inf"))
            return error(503, f"the query exceeded the time limit of {self.timeout:g} s and was stopped")
        except (EOFError, OSError):
            return self._died(w, job, before)

    def _died(self, w: _Worker, job: Job, before: int) -> Reply:
        """Replace a worker that ended while running `job` (its stderr held `before` bytes when the job
        was sent); the reply its cause of death calls for."""
        w.process.join(1)
        cause = cause_of_death(w.stderr.text(wait=5, since=before))
        self._replace(w, f"ended (exit code {w.process.exitcode}, cause: {cause.kind}"
                         + (f": {cause.message})" if cause.message else ")"))
        self._remember(_shape(job), float("inf"))
        if cause.kind == "memory" and self.memory_mb:
            return error(503, f"the query exceeded the memory limit of {self.memory_mb} MB and was stopped")
        if cause.kind == "panic":
            return error(500, f"the query engine (pyoxigraph) failed on this query: {cause.message}; "
                              "the worker was replaced")
        return error(500, "the query worker ended unexpectedly (logged on the server)")

    def seconds(self, shape: str) -> float | None:
        """How long a query of this shape (nrwkg.serve.safety.Checked.shape) took when it last ran here."""
        with self._lock:
            return self._seconds.get(shape)

    def _remember(self, shape: str, seconds: float) -> None:
        with self._lock:
            self._seconds[shape] = seconds
            self._seconds.move_to_end(shape)
            while len(self._seconds) > _REMEMBER:
                self._seconds.popitem(last=False)

    def _replace(self, w: _Worker, why: str) -> None:
        log.warning("query worker %s %s: replacing it", w.process.pid, why)
        self._discard(w)
        threading.Thread(target=self._refill, args=(w,), daemon=True).start()

    def _refill(self, dead: _Worker) -> None:
        dead.process.join(5)
        while not self._closed:
            w = self._spawn()
            if self._ready(w) is not None and not self._closed:
                self._idle.put(w)
                return
            self._discard(w)
            if self.expect and w.process.exitcode == STALE:
                log.warning("a new build replaced this one: its pool starts no more workers")
                return
            log.error("a replacement query worker failed to start; retrying in 1 s")
            time.sleep(1)

    def _discard(self, w: _Worker) -> None:
        w.process.kill()
        w.conn.close()
        with self._lock:
            self._all.discard(w)

    def close(self) -> None:
        self._closed = True
        self._spawn_requests.put(None)
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.conn.close()
            w.process.kill()
        for w in workers:
            w.process.join(5)
