"""Run every library query with all its parameters unbound on an in-memory store loaded from a
build's dataset.nq, printing `NAME ROWS` before and after each, and for actor-relations the number
of rows whose ?actor is not an IRI. Run as a child process (`python -m tests.library_unbound
BUILD`): pyoxigraph 0.5.13 aborts the whole process when it panics (README, Known limits), and the
last `running` line then names the query."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from nrwkg.query.library import load_library
from nrwkg.store import load_store, query


def main(build: Path) -> None:
    store = load_store(build / "dataset.nq")
    for qdef in load_library().values():
        print("running", qdef.name, flush=True)
        result = query(store, qdef.text)
        rows = list(result) if isinstance(result, ox.QuerySolutions) else []
        print("done", qdef.name, len(rows), flush=True)
        if qdef.name == "actor-relations":
            print("non-IRI actors", sum(not isinstance(row["actor"], ox.NamedNode) for row in rows), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
