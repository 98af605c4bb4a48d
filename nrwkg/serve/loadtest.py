"""A bounded load test: N concurrent clients on loopback for a fixed time; throughput and latency.

`server_process()` starts `nrwkg serve` in a subprocess on a free port (used by the tests and
scripts/load_test.py), `oxigraph_process()` an Oxigraph server on the same store for comparison;
`run_load()` drives an endpoint with keep-alive HTTP clients, one thread each (`fresh=True`: every
request a query text not sent before); `run_sequence()` sends queries one after the other from
one client; `run_burst()` measures a light client while another client
sends a burst of slow queries.
"""

from __future__ import annotations

import http.client
import itertools
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit

__all__ = ["LoadReport", "Running", "cpu_seconds", "run_load", "run_sequence", "run_burst", "server_process",
           "oxigraph_process"]

_ANNOUNCE = re.compile(r" at (http://\S+/) ")
_RUNS = itertools.count()  # numbers the runs, so that a fresh text is never sent twice in a process
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"  # results, or a graph for CONSTRUCT


@dataclass
class LoadReport:
    clients: int
    seconds: float
    latencies: list[float] = field(default_factory=list)   # seconds, of successful requests
    errors: list[str] = field(default_factory=list)        # one line per failed request
    warm_up_seconds: float = 0.0                          # one sequential pass over the queries
    cpu_seconds: float | None = None                      # CPU time of the server and its workers (if known)

    @property
    def requests(self) -> int:
        return len(self.latencies) + len(self.errors)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in seconds (nearest rank)."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))]

    def add(self, other: LoadReport) -> LoadReport:
        """This report with another run's requests and time added (runs taken in turns with other servers)."""
        self.latencies += other.latencies
        self.errors += other.errors
        self.seconds += other.seconds
        self.warm_up_seconds += other.warm_up_seconds
        if other.cpu_seconds is not None:
            self.cpu_seconds = (self.cpu_seconds or 0.0) + other.cpu_seconds
        return self

    @property
    def cpu_per_request(self) -> float:
        """CPU seconds the server spent per request (NaN when unknown): unlike latency, not
        affected by other work on the machine."""
        return self.cpu_seconds / self.requests if self.cpu_seconds is not None and self.requests else float("nan")

    def summary(self) -> str:
        return (f"{self.clients} clients, {self.seconds:.1f} s after a {self.warm_up_seconds:.1f} s warm-up "
                f"pass: {self.requests} requests, "
                f"{len(self.errors)} errors, {self.throughput:.1f} requests/s, "
                f"p50 {self.percentile(50) * 1000:.1f} ms, p99 {self.percentile(99) * 1000:.1f} ms")


def run_load(url: str, queries: list[str], clients: int = 8, seconds: float = 5.0,
             accept: str = ACCEPT, warm_up: bool = True, fresh: bool = False) -> LoadReport:
    """POST the queries (round-robin, each client starting at a different one) until time is up.

    With `warm_up`, each query is first sent once, untimed (its errors count), so that a server's
    first-time costs are not measured. With `fresh`, each request's text is new (a numbered
    comment line is appended), so that nothing remembered by text can answer it.
    """
    endpoint = urlsplit(url)
    report = LoadReport(clients, seconds)
    lock = threading.Lock()
    run = next(_RUNS)
    forms = [_form(query) for query in queries]  # encoded once, not inside the time a request takes
    if warm_up:
        started = time.perf_counter()
        conn = http.client.HTTPConnection(endpoint.hostname or "127.0.0.1", endpoint.port, timeout=60)
        for form in forms:
            _, error = _post(conn, endpoint.path, form, accept)
            report.errors += [error] if error else []
        conn.close()
        report.warm_up_seconds = time.perf_counter() - started
    deadline = time.perf_counter() + seconds

    def client(index: int) -> None:
        conn = http.client.HTTPConnection(endpoint.hostname or "127.0.0.1", endpoint.port, timeout=60)
        i = index
        while time.perf_counter() < deadline:
            form = forms[i % len(forms)]
            if fresh:  # the comment encoded alone: quote_plus(a + b) == quote_plus(a) + quote_plus(b)
                form += quote_plus(f"\n# run {run} client {index} request {i}")
            elapsed, error = _post(conn, endpoint.path, form, accept)
            i += 1
            with lock:
                if error:
                    report.errors.append(error)
                else:
                    report.latencies.append(elapsed)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    report.seconds = time.perf_counter() - started
    return report


def run_sequence(url: str, queries: list[str], requests: int, accept: str = ACCEPT,
                 fresh: bool = False) -> LoadReport:
    """One client sends `requests` queries (round-robin) one after the other over one keep-alive
    connection, after one untimed request: the latency of a query on an otherwise idle server.
    With `fresh`, each request's text is new (a numbered comment appended)."""
    endpoint = urlsplit(url)
    conn = http.client.HTTPConnection(endpoint.hostname or "127.0.0.1", endpoint.port, timeout=60)
    report = LoadReport(1, 0.0)
    run = next(_RUNS)
    _post(conn, endpoint.path, _form(queries[0] + (f"\n# run {run} warm-up" if fresh else "")), accept)
    started = time.perf_counter()
    for i in range(requests):
        form = _form(queries[i % len(queries)] + (f"\n# run {run} request {i}" if fresh else ""))
        elapsed, error = _post(conn, endpoint.path, form, accept)
        (report.errors.append(error) if error else report.latencies.append(elapsed))
    report.seconds = time.perf_counter() - started
    conn.close()
    return report


def run_burst(url: str, slow: str, light: list[str], burst: int = 20, seconds: float = 5.0,
              slow_source: str = "127.0.0.2", light_source: str = "127.0.0.3") -> tuple[LoadReport, LoadReport]:
    """One client (address `slow_source`) keeps `burst` slow queries in flight, each on its own
    connection; another (`light_source`) sends the light queries one after the other. Returns the
    (light, slow) reports; a refused slow query (503) counts as an error of the slow client."""
    endpoint = urlsplit(url)
    light_report, slow_report = LoadReport(1, seconds), LoadReport(burst, seconds)
    slow_form, light_forms = _form(slow), [_form(query) for query in light]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def connection(source: str) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(endpoint.hostname or "127.0.0.1", endpoint.port, timeout=120,
                                          source_address=(source, 0))

    def slow_client() -> None:
        conn = connection(slow_source)
        while time.perf_counter() < deadline:
            elapsed, error = _post(conn, endpoint.path, slow_form, ACCEPT)
            with lock:
                (slow_report.errors.append(error) if error else slow_report.latencies.append(elapsed))
            if error and error.startswith("503") and time.perf_counter() < deadline:
                time.sleep(0.05)  # refused at once: do not spin (a real client would honour Retry-After)
        conn.close()

    threads = [threading.Thread(target=slow_client) for _ in range(burst)]
    for t in threads:
        t.start()
    conn = connection(light_source)
    i = 0
    while time.perf_counter() < deadline:
        elapsed, error = _post(conn, endpoint.path, light_forms[i % len(light_forms)], ACCEPT)
        i += 1
        (light_report.errors.append(error) if error else light_report.latencies.append(elapsed))
    conn.close()
    for t in threads:
        t.join()
    return light_report, slow_report


def _form(query: str) -> str:
    """The form (application/x-www-form-urlencoded) of a query: `query=…`."""
    return urlencode({"query": query})


def _post(conn: http.client.HTTPConnection, path: str, form: str, accept: str) -> tuple[float, str | None]:
    """POST a form (`_form`): (seconds, None) for a 200 read in full, else (seconds, one line saying what
    went wrong). The time runs from the request's first byte to the answer's last."""
    started = time.perf_counter()
    try:
        conn.request("POST", path or "/sparql", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        response = conn.getresponse()
        payload = response.read()
    except (OSError, http.client.HTTPException) as exc:
        conn.close()  # http.client reconnects on the next request
        return time.perf_counter() - started, f"{type(exc).__name__}: {exc}"
    elapsed = time.perf_counter() - started
    return elapsed, None if response.status == 200 else f"{response.status}: {payload[:200]!r}"


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user and system) of a process and its living descendants (Linux /proc; else None:
    also when the process `pid` itself has ended). A thread or a descendant that ends while it is
    read is skipped: `nrwkg serve` ends a thread with each connection, so one may end at any time
    (before, that made the whole figure unknown, printed as `nan`)."""
    import os

    try:
        ticks = os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return None
    total, pending, seen = 0, [pid], set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/stat", encoding="ascii") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (of every thread, ended or not)
        except (OSError, IndexError, ValueError):
            if current == pid:
                return None
            continue
        pending += _children(current)
    return total / ticks


def _children(pid: int) -> list[int]:
    """The child processes of each thread of `pid`; a thread that ends meanwhile has none."""
    import os

    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return []
    children: list[int] = []
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as listed:
                children += [int(child) for child in listed.read().split()]
        except (OSError, ValueError):
            continue
    return children


@dataclass(frozen=True)
class Running:
    url: str   # the base URL, ending in /
    pid: int


@contextmanager
def oxigraph_process(store: Path, log: Path | None = None) -> Iterator[Running]:
    """`oxigraph serve-read-only` (PyPI `oxigraph`, beside this Python) on a store; yield its URL (/query)."""
    import shutil
    import socket
    import urllib.request

    cli = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if cli is None:
        raise RuntimeError("the oxigraph server is not installed: pip install oxigraph")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_file = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen([cli, "serve-read-only", "--location", str(store), "--bind", f"127.0.0.1:{port}"],
                               stdout=log_file, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 60
        while True:  # wait for the server to answer, bounded
            try:
                urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=5).read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the oxigraph server did not start (exit {process.poll()})") from None
                time.sleep(0.1)
        yield Running(url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if not isinstance(log_file, int):
            log_file.close()


@contextmanager
def server_process(build_dir: Path, *args: str, log: Path | None = None) -> Iterator[Running]:
    """Run `nrwkg serve --port 0 ARGS` on the build; yield its URL and pid; stop it (SIGTERM) after."""
    command = [sys.executable, "-m", "nrwkg", "serve", "--build-dir", str(build_dir), "--port", "0", *args]
    log_file = open(log, "wb") if log else subprocess.DEVNULL  # noqa: SIM115 (closed below)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log_file)
    assert process.stdout is not None  # stdout=PIPE
    try:
        line = process.stdout.readline().decode("utf-8", "replace")
        match = _ANNOUNCE.search(line)
        if not match:
            raise RuntimeError(f"nrwkg serve did not start (exit {process.poll()}): {line.strip()!r}"
                               + (f"; see {log}" if log else ""))
        yield Running(match.group(1), process.pid)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()
        if not isinstance(log_file, int):
            log_file.close()
