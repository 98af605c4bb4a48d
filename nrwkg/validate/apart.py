"""The violation queries in a Python process of their own, on the dataset's files: the memory of
that process is the checks' store and little else.

The validation runs in a fork of the build (nrwkg.validate.background), which carries every page
of the compiled dataset: a store loaded there came on top of them (x100: the fork's resident set
2.9 GB, of which 1.3 GB were the build's; with the store apart 1.5 GB, the checks' process at most
1.45 GB). A process started afresh (nrwkg.validate.apart.main, given
NQUADS UNION QUERIES) loads the store from the N-Quads and union files the
build wrote before the validation started, runs queries/checks/*-violation.rq and writes back the
problems they found, or the exception that stopped it, pickled on its standard output. A small
dataset (at most APART_ABOVE_BYTES of N-Quads: the bundled corpus) is checked by the caller itself
(ChecksHere, `start_checks`), with the same store, queries and exceptions.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

__all__ = ["check_problems_apart", "start_check_problems_apart", "start_checks", "ChecksApart", "ChecksHere",
           "APART_ABOVE_BYTES"]

# N-Quads of at most this many bytes are checked by the caller itself (ChecksHere): the checks' store
# of the bundled corpus (9 MB) is small, and a process of its own cost its start, its imports and a
# pickle on the way back (0.1 of its 0.4 CPU s).
APART_ABOVE_BYTES = 32 << 20


def check_problems_apart(nquads: Path, union: Path | None, queries_dir: Path) -> list[str]:
    """The problems of the violation queries (nrwkg.validate.checks.check_problems) on the store of
    `nquads` and `union` (nrwkg.store.load_store), found by a process of their own."""
    return start_check_problems_apart(nquads, union, queries_dir).result()


class ChecksApart:
    """The process of the violation queries, started; `result()` waits for its problems (or raises
    its exception), `stop()` ends it unheard (when the caller fails first)."""

    def __init__(self, command: list[str]):
        self._process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._stopped = False

    def result(self) -> list[str]:
        if self._stopped:
            raise RuntimeError("the violation queries' process was stopped before its answer")
        out, err = self._process.communicate()
        try:
            kind, value = pickle.loads(out)
        except Exception:  # noqa: BLE001 - no answer: what the process said on stderr explains it
            said = err.decode("utf-8", errors="replace").strip()
            raise RuntimeError(f"the violation queries' process ended without an answer "
                               f"(exit status {self._process.returncode}): {said}") from None
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        self._stopped = True
        self._process.kill()
        self._process.communicate()


class ChecksHere:
    """The violation queries on a small dataset, run by the caller itself when `result()` is asked
    (with the same store and queries as the process of ChecksApart, and the same exceptions)."""

    def __init__(self, nquads: Path, union: Path | None, queries_dir: Path, store=None):
        self._args = (str(nquads), str(union or ""), str(queries_dir))
        self._store = store  # the store of those files, loaded already as _answer loads it
        self._stopped = False

    def result(self) -> list[str]:
        if self._stopped:
            raise RuntimeError("the violation queries were stopped before their answer")
        if self._store is not None:
            from nrwkg.validate.checks import check_problems

            return check_problems(self._store, Path(self._args[2]))
        return _answer(*self._args)

    def stop(self) -> None:
        self._stopped = True


def start_checks(nquads: Path, union: Path | None, queries_dir: Path, store=None) -> ChecksApart | ChecksHere:
    """The violation queries of `nquads` and `union`: in a process of their own, started now, when
    the N-Quads take more than APART_ABOVE_BYTES; else run by the caller when it asks for them, on
    `store` when given (the store of those files loaded with every check, as `_answer` loads it:
    `load_store(nquads, union)`), else on a store loaded then."""
    if nquads.stat().st_size > APART_ABOVE_BYTES:
        return start_check_problems_apart(nquads, union, queries_dir)
    return ChecksHere(nquads, union, queries_dir, store)


def start_check_problems_apart(nquads: Path, union: Path | None, queries_dir: Path) -> ChecksApart:
    """check_problems_apart started now (it reads only the files), to be heard later."""
    # this nrwkg, wherever it was imported from (a folder already on the path keeps its place)
    root = str(Path(__file__).resolve().parents[2])
    start = (f"import sys; {root!r} in sys.path or sys.path.insert(0, {root!r}); "
             f"import {__name__} as m; m.main(sys.argv[1:])")
    return ChecksApart([sys.executable, "-c", start, str(nquads), str(union or ""), str(queries_dir)])


def _answer(nquads: str, union: str, queries_dir: str) -> list[str]:
    from nrwkg.store import load_store
    from nrwkg.validate.checks import check_problems

    store = load_store(Path(nquads), Path(union) if union else None)
    return check_problems(store, Path(queries_dir))


def main(argv: list[str]) -> None:
    import traceback

    try:
        message: tuple[str, Any] = ("ok", _answer(*argv))
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the caller
        message = ("error", exc)
    try:
        written = pickle.dumps(message)
    except Exception:  # noqa: BLE001 - an exception that does not pickle goes back as text
        written = pickle.dumps(("error", RuntimeError(traceback.format_exc())))
    sys.stdout.buffer.write(written)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
