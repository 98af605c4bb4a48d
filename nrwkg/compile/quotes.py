"""Find a curator's quote in a stored text, tolerating how PDFs and Markdown break text.

The stored text and the quote are both normalised: runs of whitespace become one space, the
whitespace after an end-of-line hyphen is dropped, private-use bullet glyphs (U+F02D …), Markdown
emphasis (`*`, `\\`), `<sub>`/`<sup>` tags are dropped, typographic quotes and dashes are unified.
A hyphen may appear between two letters of the quote (end-of-line hyphenation).
Offsets returned refer to the stored text, not to the normalised one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Match", "NormalisedText", "normalise", "CONTEXT"]

CONTEXT = 32  # characters of prefix and suffix kept in a TextQuoteSelector

_DROP_SPANS = re.compile(r"</?(?:sub|sup)>")
_TRANSLATE = {
    "„": '"', "“": '"', "”": '"', "«": '"', "»": '"', "‚": "'", "‘": "'", "’": "'",
    "–": "-", "—": "-", "\u00ad": "", "\u00a0": " ", "*": "", "\\": "",
}


def _dropped(ch: str) -> bool:
    return "\ue000" <= ch <= "\uf8ff"


def normalise(text: str) -> tuple[str, list[int]]:
    """Return the normalised text and, for each of its characters, the index in `text`."""
    keep = [True] * len(text)
    for m in _DROP_SPANS.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = False
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if not keep[i] or _dropped(ch):
            i += 1
            continue
        ch = _TRANSLATE.get(ch, ch)
        if ch == "":
            i += 1
            continue
        if ch.isspace():
            j = i
            while j < n and (text[j].isspace() or not keep[j] or _dropped(text[j])):
                j += 1
            hyphen_break = out and out[-1] == "-" and "\n" in text[i:j]
            if not hyphen_break and out and out[-1] != " ":
                out.append(" ")
                index.append(i)
            i = j
            continue
        out.append(ch)
        index.append(i)
        i += 1
    return "".join(out), index


def _pattern(quote: str) -> re.Pattern[str]:
    parts: list[str] = []
    for k, ch in enumerate(quote):
        parts.append(re.escape(ch))
        nxt = quote[k + 1] if k + 1 < len(quote) else ""
        if ch.isalpha() and nxt.isalpha():
            parts.append("-?")
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Match:
    start: int  # offset into the stored text
    end: int
    exact: str  # the stored text between start and end
    prefix: str
    suffix: str


class NormalisedText:
    """A stored text prepared for repeated quote look-ups."""

    def __init__(self, text: str):
        self.text = text
        self.normalised, self.index = normalise(text)

    def find(self, quote: str, occurrence: int = 1) -> Match | None:
        """The `occurrence`-th match of `quote` (1-based), or None when it is not in the text."""
        wanted = normalise(quote)[0].strip()
        if not wanted:
            return None
        for count, m in enumerate(_pattern(wanted).finditer(self.normalised), start=1):
            if count == occurrence:
                start = self.index[m.start()]
                end = self.index[m.end() - 1] + 1
                return Match(
                    start=start,
                    end=end,
                    exact=self.text[start:end],
                    prefix=self.text[max(0, start - CONTEXT):start],
                    suffix=self.text[end:end + CONTEXT],
                )
        return None

    def count(self, quote: str) -> int:
        wanted = normalise(quote)[0].strip()
        return sum(1 for _ in _pattern(wanted).finditer(self.normalised)) if wanted else 0
