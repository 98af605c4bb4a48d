"""nrwkg.serve.crash tells an engine panic from an allocation failure by what the worker wrote to stderr."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from nrwkg.serve.crash import Cause, cause_of_death

PANIC_QUERY = Path(__file__).parent / "fixtures" / "engine-panic" / "order-by-mixed-kinds.rq"
TOTAL_ORDER = "user-provided comparison function does not correctly implement a total order"
RUN = "import sys, pyoxigraph as ox; list(ox.Store().query(open(sys.argv[1]).read()))"


def test_a_real_engine_panic_is_recognised_with_its_message():
    ran = subprocess.run([sys.executable, "-c", RUN, str(PANIC_QUERY)], capture_output=True, timeout=120)
    assert ran.returncode == -signal.SIGABRT  # the panic aborts the whole process
    assert cause_of_death(ran.stderr.decode()) == Cause("panic", TOTAL_ORDER)


def test_an_allocation_failure_is_the_memory_limit():
    assert cause_of_death("memory allocation of 1073741824 bytes failed\n") == Cause("memory")
    later = "thread 'a' panicked at src/x.rs:1:2:\nboom\nmemory allocation of 64 bytes failed\n"
    assert cause_of_death(later) == Cause("panic", "boom")  # the first cause written counts


def test_the_older_panic_format_is_recognised_too():
    text = "thread '<unnamed>' panicked at 'index out of bounds: the len is 1', lib/spareval/src/eval.rs:10:5\n"
    assert cause_of_death(text) == Cause("panic", "index out of bounds: the len is 1")


def test_nothing_recognisable_is_unknown():
    assert cause_of_death("") == Cause("unknown")
    assert cause_of_death("2026-01-01 worker 12: query failed: ...\n") == Cause("unknown")
