"""Answers remembered by the server: one build generation's successful results, bounded in bytes.

The key is everything an answer depends on besides the store: the canonical query text (as
checked and run, so two texts that differ in a comment are two entries), the result format
chosen by content negotiation, and the dataset parameters (default-graph-uri, named-graph-uri).
Each build generation (nrwkg.serve.generation) has a cache of its own, dropped with it, so a new
build is never answered from the old one's answers. Only complete answers (status 200) are kept:
a query that failed, was refused or went over the row, time or memory limit runs again each time
and gets its error again. The least recently used answers go first when the bytes would exceed
the bound; an answer larger than an eighth of it is never kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nrwkg.serve.worker import Reply

__all__ = ["ResultCache", "Key"]

Key = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # (canonical text, content type, default, named graphs)
_OVERHEAD = 256  # bytes counted per entry besides its body and text (the key, the entry itself)


class ResultCache:
    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._entries: OrderedDict[Key, Reply] = OrderedDict()
        self._sizes: dict[Key, int] = {}
        self._lock = threading.Lock()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: Key) -> Reply | None:
        with self._lock:
            reply = self._entries.get(key)
            if reply is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return reply

    def put(self, key: Key, reply: Reply) -> bool:
        """Remember a complete answer (status 200) unless it is too large; whether it was kept."""
        if reply.status != 200:
            return False
        size = len(reply.body) + len(key[0]) + _OVERHEAD
        if size > self.max_bytes // 8:
            return False
        with self._lock:
            if key in self._entries:
                self.bytes -= self._sizes[key]
            self._entries[key] = reply
            self._entries.move_to_end(key)
            self._sizes[key] = size
            self.bytes += size
            while self.bytes > self.max_bytes:
                old, _ = self._entries.popitem(last=False)
                self.bytes -= self._sizes.pop(old)
        return True

    def __len__(self) -> int:
        return len(self._entries)
