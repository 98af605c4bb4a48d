"""A query worker's stderr, passed on to the server's stderr line by line and its tail kept.

The pool gives each worker the write end of a pipe as its stderr (`adopt`, first thing in the
worker); a thread of the server reads the other end until the worker has ended, writes every line
to the server's own stderr (the worker's log lines and Rust's messages stay in the server's log,
as when workers shared it) and keeps the last `keep` bytes, from which nrwkg.serve.crash tells why
a worker died: the pool notes `written` when it sends a job and reads what came after it.
"""

from __future__ import annotations

import os
import sys
import threading

__all__ = ["StderrTail", "adopt"]


class StderrTail:
    def __init__(self, context, keep: int = 256 * 1024):
        self._reader, self.writer = context.Pipe(duplex=False)  # os.pipe() ends on POSIX
        self._keep = keep
        self._tail = bytearray()
        self.written = 0  # bytes read so far
        self._ended = threading.Event()

    def start(self) -> None:
        """Call after the worker started (with `writer` among its arguments): close this process's
        copy of the write end, so the pipe ends when the worker does, and start reading."""
        self.writer.close()
        threading.Thread(target=self._read, name="nrwkg-worker-stderr", daemon=True).start()

    def text(self, wait: float, since: int = 0) -> str:
        """What the worker wrote after the first `since` bytes (as far as the tail still holds it), once
        it has ended (waiting at most `wait` seconds for the end)."""
        self._ended.wait(wait)
        tail = bytes(self._tail)
        return tail[max(0, len(tail) - (self.written - since)):].decode("utf-8", "replace")

    def _read(self) -> None:
        fd = self._reader.fileno()
        pending = b""
        try:
            while chunk := os.read(fd, 65536):
                self._tail += chunk
                del self._tail[:-self._keep]
                self.written += len(chunk)
                lines, _, pending = (pending + chunk).rpartition(b"\n")
                if lines:
                    _forward(lines + b"\n")
            if pending:
                _forward(pending + b"\n")
        except OSError:
            pass
        finally:
            self._reader.close()
            self._ended.set()


def _forward(data: bytes) -> None:
    try:
        sys.stderr.flush()
        os.write(sys.stderr.fileno(), data)
    except (OSError, ValueError, AttributeError):
        pass  # no stderr to pass it on to


def adopt(writer) -> None:
    """In the worker: make the pipe's write end this process's stderr (file descriptor 2, which
    Rust writes to as well as Python)."""
    sys.stderr.flush()
    os.dup2(writer.fileno(), 2)
    writer.close()
