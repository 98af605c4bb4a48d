"""Control characters: no curated literal and no source text may hold one (TAB, LF and CR aside).

The exports and the network join lists with U+001F (nrwkg.export.tables.LIST_SEPARATOR): a label
holding it would be cut in two without a word, and the other C0 control characters (U+0000 to
U+001F) and DEL (U+007F) have no place in a label, a quote or a source text either (RDF/XML cannot
even write most of them). So the compiler refuses each of them, naming the file, the line and the
character (`U+001F`), wherever the curated data is read:

- written as such: YAML refuses them itself (turned into an InputError here); a Turtle file, the
  external-identifier table and a source text are searched with one regular expression;
- written as an escape, which YAML's double-quoted scalars (`"\\x1f"`, `"\\u001F"`, `"\\0"`, `"\\b"` …)
  and Turtle strings (`"\\u001F"`, `"\\b"`, `"\\f"`) allow: the value is searched where it is made.
"""

from __future__ import annotations

import re
from pathlib import Path

from nrwkg.errors import InputError

__all__ = ["CONTROL", "ALLOWED", "describe", "message", "refuse_in_text", "escape_line"]

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ALLOWED = "TAB, LF and CR"

# an escape that writes a control character in a YAML double-quoted scalar or a Turtle string
# (not preceded by an escaped backslash): only used to find the line of a refused value
_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\(?:[0abvfe]|x(?:[01][0-9a-fA-F]|7[fF])"
                     r"|u00(?:[01][0-9a-fA-F]|7[fF])|U000000(?:[01][0-9a-fA-F]|7[fF]))")


def describe(ch: str) -> str:
    """`U+001F` for the unit separator."""
    return f"U+{ord(ch):04X}"


def message(ch: str, where: str = "") -> str:
    """The error text for control character `ch` found in `where` (a field, 'a literal', …)."""
    place = f" in {where}" if where else ""
    why = " (U+001F separates the items of a list in the exports)" if ch == "\x1f" else ""
    return f"control character {describe(ch)}{place}: curated text may hold none but {ALLOWED}{why}"


def refuse_in_text(path: Path | str, text: str, where: str = "", first_line: int = 1) -> None:
    """Raise InputError at the line of the first control character written as such in `text`
    (whose first line is line `first_line` of `path`); nothing when there is none."""
    found = CONTROL.search(text)
    if found is not None:
        line = first_line + text.count("\n", 0, found.start())
        raise InputError(path, line, message(found.group(), where))


def escape_line(lines: list[str], first: int = 0, last: int | None = None) -> int | None:
    """The index in `lines` (from `first` to `last`, both included) of the first line holding an
    escape that writes a control character; None when there is none."""
    last = len(lines) - 1 if last is None else min(last, len(lines) - 1)
    for index in range(first, last + 1):
        if _ESCAPE.search(lines[index]):
            return index
    return None
