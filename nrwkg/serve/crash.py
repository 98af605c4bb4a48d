"""Why a query worker died, read from what it wrote to stderr before it ended.

pyoxigraph is Rust: a failed allocation (the worker's memory limit) prints "memory allocation of N
bytes failed" and aborts; a panic inside the engine (pyoxigraph 0.5.13 panics in ORDER BY over
values of mixed kinds: "user-provided comparison function does not correctly implement a total
order") prints "thread '…' panicked at FILE:LINE:COLUMN:" and the message, then aborts too. Both
end the process with SIGABRT, so the signal alone cannot tell them apart; the text can.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Cause", "cause_of_death"]

_ALLOCATION = re.compile(r"memory allocation of \d+ bytes failed")
# Rust ≥ 1.73: "thread 'name' (id) panicked at FILE:LINE:COL:\nMESSAGE"; before: "panicked at 'MESSAGE', FILE"
_PANIC = re.compile(r"thread '[^'\n]*'(?: \(\d+\))? panicked at (?:'(?P<old>[^\n]*)', [^\n]*|[^\n]*:\n(?P<new>[^\n]*))")


@dataclass(frozen=True)
class Cause:
    kind: str  # "memory" (an allocation failed), "panic" (the engine panicked) or "unknown"
    message: str = ""  # the panic message


def cause_of_death(stderr: str) -> Cause:
    """The cause a worker's stderr output since its last job was sent shows: the first panic or
    allocation failure in it (printing a panic's backtrace may fail to allocate afterwards)."""
    allocation = _ALLOCATION.search(stderr)
    panic = _PANIC.search(stderr)
    if allocation is not None and (panic is None or allocation.start() < panic.start()):
        return Cause("memory")
    if panic is not None:
        return Cause("panic", " ".join((panic["old"] or panic["new"] or "").split())[:300])
    return Cause("unknown")
