"""Memo tables: the results of deterministic computations by a key that holds all their input.

A memo is a dict that remembers which keys a run asked for or added. `nrwkg build` keeps the memos
between builds (nrwkg.buildcache): a later build loads them, finds what is unchanged (the layout
of an ego view whose shape is the same, the sentences of a text that was not edited) and
computes only the rest. Only a computation whose result depends on nothing but its key may keep
its results here: a memo's value is then the same bytes a fresh computation would give, and
every output stays byte-identical to a build from scratch.

    _LAYOUTS = memo("views-layout")      # module level, beside the function it serves
    hit = _LAYOUTS.get(key)              # the key is recorded as used
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["Memo", "memo", "MEMOS"]


class Memo(dict):
    """A dict that records the keys asked for (`get`, `in`, `[]`) or set since `start_run`. Its
    stored entries may be read on first use (`read_on_first_use`): a process of a build then reads
    only the memos it asks for (the dataset files' blocks in the process that writes them)."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name
        self.used: set = set()
        self.added = False  # a key was set since start_run
        self._unread: Callable[[Memo], None] | None = None

    def start_run(self) -> None:
        self.used = set()
        self.added = False
        self._unread = None

    def read_on_first_use(self, read: Callable[[Memo], None]) -> None:
        """`read(self)` adds the stored entries when the memo is first asked or told anything."""
        self._unread = read

    def _read(self) -> None:
        read, self._unread = self._unread, None
        if read is not None:
            read(self)

    def get(self, key, default=None):
        if self._unread is not None:
            self._read()
        if dict.__contains__(self, key):
            self.used.add(key)
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if self._unread is not None:
            self._read()
        found = dict.__contains__(self, key)
        if found:
            self.used.add(key)
        return found

    def __getitem__(self, key):
        if self._unread is not None:
            self._read()
        value = dict.__getitem__(self, key)
        self.used.add(key)
        return value

    def __setitem__(self, key, value) -> None:
        if self._unread is not None:
            self._read()
        dict.__setitem__(self, key, value)
        self.used.add(key)
        self.added = True

    def __len__(self) -> int:
        if self._unread is not None:
            self._read()
        return dict.__len__(self)

    def in_use(self) -> dict[Any, Any]:
        """The entries this run asked for or added: what the next build may need again."""
        return {key: dict.__getitem__(self, key) for key in self.used if dict.__contains__(self, key)}

    def __reduce__(self):  # pickled as a plain dict: a memo is never sent anywhere as itself
        return dict, (dict(self),)


MEMOS: dict[str, Memo] = {}


def memo(name: str) -> Memo:
    """The memo called `name` (one per process, made on first use)."""
    table = MEMOS.get(name)
    if table is None:
        table = MEMOS[name] = Memo(name)
    return table
