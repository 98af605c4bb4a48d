"""Real triple stores for the tests and benchmarks, started on 127.0.0.1 with free ports and stopped
again: the `oxigraph` server (PyPI `oxigraph`) and Virtuoso (Debian `virtuoso-opensource-7`).

Each start waits for the store to answer, with a bound; a store that does not start raises
`StoreFailed` with its log, so a test fails (never skips) when a store is missing or broken.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["StoreFailed", "Running", "free_port", "oxigraph_server", "virtuoso_server", "virtuoso_load"]

START_TIMEOUT = 120.0  # seconds; Virtuoso creates its database on the first start


class StoreFailed(RuntimeError):
    pass


@dataclass(frozen=True)
class Running:
    query_url: str            # SPARQL 1.1 Protocol endpoint
    store_url: str | None     # Graph Store Protocol endpoint (None: read-only)
    isql: str | None = None   # host:port of Virtuoso's SQL interface
    log: Path | None = None
    load_dir: Path | None = None  # a folder Virtuoso may read files from (DirsAllowed)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str, hint: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise StoreFailed(f"`{name}` is not installed ({hint})")
    return found


def _wait(url: str, proc: subprocess.Popen, log: Path, what: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    while True:
        try:
            urllib.request.urlopen(probe, timeout=5).read()
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                text = log.read_text(errors="replace") if log.exists() else "(no log)"
                raise StoreFailed(f"{what} did not start (exit {proc.poll()}); its log:\n{text[-4000:]}") from None
            time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def oxigraph_server(workdir: Path, nquads: Path | None = None, union_default_graph: bool = False,
                    read_only: bool = True) -> Iterator[Running]:
    """`oxigraph serve` with `nquads` loaded plainly (`oxigraph load`: named graphs, empty default
    graph), optionally with `--union-default-graph`; read-write when `read_only` is false."""
    cli = _tool("oxigraph", "pip install oxigraph, in the test extra")
    db = workdir / "oxigraph-db"
    if nquads is not None:
        loaded = subprocess.run([cli, "load", "--location", str(db), "--file", str(nquads)],
                                capture_output=True, text=True)
        if loaded.returncode:
            raise StoreFailed(f"oxigraph load failed: {loaded.stderr[-2000:]}")
    port = free_port()
    command = [cli, "serve-read-only" if read_only else "serve", "--location", str(db),
               "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log = workdir / "oxigraph.log"
    with log.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/query", proc, log, "oxigraph server")
        yield Running(base + "/query", None if read_only else base + "/store", log=log)
    finally:
        _stop(proc)


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{isql}
DisableUnixSocket = 1
DirsAllowed = ., {dir}, {load}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
CheckpointInterval = 0
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {dir}
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 10000000
MaxQueryExecutionTime = 600
MaxQueryCostEstimationTime = 0
DefaultGraph =
"""


@contextmanager
def virtuoso_server(workdir: Path, nquads: Path | None = None, buffers: int = 20000) -> Iterator[Running]:
    """A Virtuoso of its own (`virtuoso-t +foreground` with a temporary virtuoso.ini on free ports),
    with `nquads` bulk-loaded through isql (ld_dir + rdf_loader_run). Its SPARQL endpoint
    (/sparql) reads, its Graph Store endpoint (/sparql-graph-crud) is not enabled for writing."""
    binary = _tool("virtuoso-t", "apt-get install virtuoso-opensource-7; scripts/run test does it")
    _tool("isql-vt", "apt-get install virtuoso-opensource-7")
    home = workdir / "virtuoso"
    load = workdir / "virtuoso-load"
    home.mkdir(parents=True, exist_ok=True)
    load.mkdir(parents=True, exist_ok=True)
    isql, http = free_port(), free_port()
    ini = home / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(dir=home, load=load, isql=isql, http=http, buffers=buffers,
                                        dirty=buffers * 3 // 4), encoding="utf-8")
    log = home / "virtuoso.log"
    with (home / "stdout.log").open("wb") as sink:
        proc = subprocess.Popen([binary, "+configfile", str(ini), "+foreground"], cwd=home,
                                stdout=sink, stderr=subprocess.STDOUT)
    running = Running(f"http://127.0.0.1:{http}/sparql", None, f"127.0.0.1:{isql}", log, load)
    try:
        _wait(running.query_url, proc, log, "Virtuoso")
        if nquads is not None:
            virtuoso_load(running.isql, nquads, load)
        yield running
    finally:
        _stop(proc)


def virtuoso_load(isql: str, nquads: Path, load_dir: Path) -> None:
    """Bulk-load an N-Quads file through isql (the graph of each quad is kept)."""
    from nrwkg.publish import virtuoso_bulk_load

    virtuoso_bulk_load(isql, nquads, load_dir)
