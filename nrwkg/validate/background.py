"""Run a function in a forked process and collect its result later: validation on the second core.

The child inherits the compiled dataset (fork: nothing is copied or pickled on the way in) and
sends back only its result, a list of problems, or the exception it raised. The process ends with
os._exit (multiprocessing's fork start method), so nothing it inherited is closed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

__all__ = ["can_fork", "in_child"]


def can_fork() -> bool:
    return hasattr(os, "fork")


def in_child(work: Callable[[], Any]) -> Callable[[], Any]:
    """Start `work()` in a forked process now; the function returned waits for it and returns its
    result or raises its exception (a RuntimeError with the child's traceback if that cannot be
    sent back as it is)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_run, args=(work, send), daemon=True)
    process.start()
    send.close()
    outcome: list = []

    def result() -> Any:
        if not outcome:
            try:
                outcome.append(receive.recv())
            except EOFError:
                outcome.append(("error", RuntimeError(f"the validation process ended without a word "
                                                      f"(exit status {process.exitcode})")))
            finally:
                receive.close()
                process.join()
        kind, value = outcome[0]
        if kind == "error":
            raise value
        return value

    return result


def _run(work: Callable[[], Any], send) -> None:
    import pickle
    import traceback

    try:
        message: tuple[str, Any] = ("ok", work())
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        message = ("error", exc)
    try:
        pickle.dumps(message)
    except Exception:  # noqa: BLE001 - an exception that does not pickle goes back as text
        message = ("error", RuntimeError(traceback.format_exc()))
    send.send(message)
    send.close()
