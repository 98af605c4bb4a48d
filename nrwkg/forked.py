"""Artefact writers in processes of their own (nrwkg.build): forked when their turn comes, or
forked when the build starts and handed their inputs when their turn comes.

A writer forked when its turn comes starts from everything the build's process holds by then,
and imports what it needs itself, on a core that has other work by then. A writer that names the
modules it needs in `starts_early` gets its process when the build starts instead, while the
build's process compiles the dataset on one core: it imports them on the other, then waits. When
its turn comes it is sent the folders and the parts of the opened build it reads (`shared_reads`,
pickled) and writes from those. The views of the bundled corpus: numpy, igraph and pyvis (which
imports IPython) take about 0.3 CPU s, and the network's pickle 0.9 MB, 6 ms to write and 6 ms
to read.

Either way the process ends with os._exit: nothing it inherited is closed there (a database
whose background threads stayed in the build's process would wait for them forever). It saves
the memos it filled (nrwkg.buildcache) and sends back None, or its failure.
"""

from __future__ import annotations

import gc
import importlib
import traceback
from collections.abc import Callable
from pathlib import Path

from nrwkg.errors import NrwkgError
from nrwkg.kept import kept_from

__all__ = ["Early", "start", "start_early", "join"]

Child = tuple  # (the process, the end of the pipe its outcome comes through): what `join` awaits


def start(write: Callable, opened, staging: Path, cache=None) -> Child:
    """`write(opened, staging)` in a process forked now."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_child, args=(write, opened, staging, send, cache), daemon=True)
    process.start()
    send.close()
    return process, receive


class Early:
    """A writer's process forked at the build's start: it imports the writer's `starts_early`
    modules and waits for `hand_over` (or `stop`)."""

    def __init__(self, write: Callable, cache=None):
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        self.write = write
        inbox, self._inbox = ctx.Pipe(duplex=False)
        self._receive, send = ctx.Pipe(duplex=False)
        self.process = ctx.Process(target=_early_child, daemon=True,
                                   args=(write, tuple(getattr(write, "starts_early", ())), inbox, send, cache))
        self.process.start()
        inbox.close()
        send.close()

    def hand_over(self, staging: Path, previous: Path | None, parts: dict) -> Child:
        """Send the process the folder to write, the previous build folder files may be kept from
        (nrwkg.kept) and the opened build's `parts` (name → value); `join` awaits it."""
        try:
            self._inbox.send((staging, previous, parts))
        except OSError:  # it has ended already (an import failed): `join` reads what it said
            pass
        finally:
            self._inbox.close()
        return self.process, self._receive

    def stop(self) -> None:
        """The build needs it no more (a larger dataset, a failure, nothing to write)."""
        self._inbox.close()
        self._receive.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()


def start_early(writers, cache=None) -> dict[Callable, Early]:
    """An Early process for each of `writers` that has `starts_early`."""
    return {write: Early(write, cache) for write in writers if getattr(write, "starts_early", ())}


def _early_child(write: Callable, modules: tuple[str, ...], inbox, send, cache) -> None:
    """Runs in the process forked at the build's start."""
    from nrwkg.opened import OpenedBuild

    try:
        for module in modules:
            importlib.import_module(module)
        staging, previous, parts = inbox.recv()
    except EOFError:  # stopped before its turn
        send.close()
        return
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        _report(send, exc)
        return
    gc.freeze()  # the parts live as long as the process: the collector need not walk them (0.06 CPU s)
    with kept_from(previous, staging):
        _child(write, OpenedBuild.from_parts(staging, parts), staging, send, cache)


def _child(write: Callable, opened, staging: Path, send, cache=None) -> None:
    """Runs in the writer's process: the writer, then the memos it filled are saved to `cache`."""
    try:
        write(opened, staging)
        if cache is not None:
            cache.save()
        send.send(None)
    except BaseException as exc:  # noqa: BLE001 - everything goes back to the parent
        _report(send, exc)
    finally:
        send.close()


def _report(send, exc: BaseException) -> None:
    try:
        send.send((isinstance(exc, NrwkgError), f"{exc}", traceback.format_exc()))
    finally:
        send.close()


def join(child: Child) -> None:
    """Wait for a writer's process; raise its failure here (NrwkgError as it was, anything else as
    a RuntimeError with its traceback)."""
    process, receive = child
    try:
        outcome = receive.recv()
    except EOFError:
        outcome = (False, "the process ended without a word", "")
    process.join()
    if outcome is None and process.exitcode == 0:
        return
    known, message, trace = outcome or (False, f"exit status {process.exitcode}", "")
    if known:
        raise NrwkgError(message)
    raise RuntimeError(f"{message}\n{trace}")
