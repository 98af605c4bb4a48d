"""Wait for the event a test checks, with a bound: never a fixed sleep.

`wait_until(check, seconds, what)` polls `check()` until it returns something true and returns
that value; after `seconds` it fails the test naming `what`. The poll interval only spaces the
checks, it is not a guess at how long the event takes, so a loaded machine makes a test slower,
never wrong.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["wait_until", "cpu_ticks", "alive"]

T = TypeVar("T")


def wait_until(check: Callable[[], T], seconds: float, what: str, interval: float = 0.02) -> T:
    deadline = time.monotonic() + seconds
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds:g} s for {what}")
        time.sleep(interval)


def _stat(pid: int) -> list[str] | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def cpu_ticks(pid: int) -> int:
    """The CPU time (user + system, in clock ticks) process `pid` has used; 0 when it is gone."""
    fields = _stat(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def alive(pid: int) -> bool:
    """Whether `pid` exists and is not a zombie."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"
