"""Find a curator's quote in a stored text, tolerating how PDFs and Markdown break text.

The stored text and the quote are both normalised: runs of whitespace become one space, the
whitespace after an end-of-line hyphen is dropped, private-use bullet glyphs (U+F02D …), Markdown
emphasis (`*`, `\\`), `<sub>`/`<sup>` tags are dropped, typographic quotes and dashes are unified.
A hyphen may appear between two letters of the quote (end-of-line hyphenation).
Offsets returned refer to the stored text, not to the normalised one.

`display` is the other direction: the text a person reads in a view, page, CSV cell or API
field, made from the stored quote (emphasis markers, heading marks, bullet glyphs, hard line
breaks and end-of-line hyphens removed). The stored quote itself never changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Match", "NormalisedText", "normalise", "display", "hyphen_breaks", "CONTEXT"]

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


_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+\u2022\u25aa\u25cf]|[\ue000-\uf8ff])[ \t]+", re.MULTILINE)
_EOL_HYPHEN = re.compile(r"([^\W_]+)-[ \t]*\n[ \t\n]*(?=([^\W\d_]+))")
_KEEP_HYPHEN_BEFORE = {"und", "oder", "bzw", "sowie", "als", "wie"}
_KEEP_HYPHEN_AFTER = {"nordrhein"}  # "nordrhein-\nwestfälisch" is one hyphenated word
_EMPHASIS = re.compile(r"\*+|\\(?=\S)|</?(?:sub|sup|em|strong|b|i)>")


def _join_hyphen(m: re.Match) -> str:
    before, word = m.group(1), m.group(2)
    if word.lower() in _KEEP_HYPHEN_BEFORE:  # "Planungs- und …": a dropped word, not a break
        return before + "- "
    keep = word[0].isupper() or before[-1].isdigit() or before.lower() in _KEEP_HYPHEN_AFTER
    return before + ("-" if keep else "")  # "Nordrhein-\nWestfalen", "H2-\nready" keep their hyphen


def hyphen_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of `text` a reader skips at an end-of-line hyphenation: the hyphen and the line break
    of "Fach-\n\nkräfte", only the line break of "Nordrhein-\nWestfalen" (offsets into `text`)."""
    spans = []
    for m in _EOL_HYPHEN.finditer(text):
        joined = _join_hyphen(m)
        hyphen = m.start() + len(m.group(1))
        if joined.endswith("- "):
            continue
        spans.append((hyphen + (1 if joined.endswith("-") else 0), m.end()))
    return spans


_GLYPHS = re.compile("[\ue000-\uf02c\uf02e-\uf8ff]")  # private-use glyphs but the bullet U+F02D (see _dropped)


def display(text: str) -> str:
    r"""The stored quote as a person reads it: one line, no Markdown, bullet glyphs or line-end hyphens.

    List items become phrases separated by " – "; the words, their order and all other
    punctuation stay as stored.

    >>> display("Daniela Jansen**  \nStv. Vorsitzende")
    'Daniela Jansen Stv. Vorsitzende'
    >>> display("Förder-\nprogramm für **Nordrhein-\nWestfalen**")
    'Förderprogramm für Nordrhein-Westfalen'
    >>> display("der nordrhein-\nwestfälischen Industrie, (H2-\nready)")
    'der nordrhein-westfälischen Industrie, (H2-ready)'
    >>> display("Potenzial:\n\n- Brachflächen reaktivieren\n- Nachverdichtung ermöglichen")
    'Potenzial: – Brachflächen reaktivieren – Nachverdichtung ermöglichen'
    """
    text = _GLYPHS.sub(" ", text)
    text = _HEADING.sub("", text)
    text = _LIST_ITEM.sub("\u2013 ", text.replace("\uf02d", "\n- ") if "\uf02d" in text else text)
    text = _EOL_HYPHEN.sub(_join_hyphen, text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("\u00ad", "")
    text = " ".join(text.split())
    return text.removeprefix("\u2013 ").strip()


def _pattern(quote: str) -> re.Pattern[str]:
    """What a quote matches: its characters, with an optional hyphen between two letters."""
    parts: list[str] = []
    for k, ch in enumerate(quote):
        parts.append(re.escape(ch))
        nxt = quote[k + 1] if k + 1 < len(quote) else ""
        if ch.isalpha() and nxt.isalpha():
            parts.append("-?")
    return re.compile("".join(parts))


def _joined(text: str) -> tuple[str, list[int] | None]:
    """`text` without every hyphen that sits between two letters, and for each character left the
    index in `text` (None when nothing was taken out)."""
    cut = []
    at = text.find("-", 1)
    while at != -1:
        if at + 1 < len(text) and text[at - 1].isalpha() and text[at + 1].isalpha():
            cut.append(at)
        at = text.find("-", at + 1)
    if not cut:
        return text, None
    pieces: list[str] = []
    index: list[int] = []
    start = 0
    for at in cut:
        pieces.append(text[start:at])
        index.extend(range(start, at))
        start = at + 1
    pieces.append(text[start:])
    index.extend(range(start, len(text)))
    return "".join(pieces), index


def _match_end(text: str, at: int, quote: str) -> int:
    """Where _pattern(quote) matching at `at` ends in `text`, or -1. The match is unique: between two
    letters of the quote a hyphen in the text is taken (the next letter could not match it)."""
    n, last = len(text), len(quote) - 1
    for k, ch in enumerate(quote):
        if at >= n or text[at] != ch:
            return -1
        at += 1
        if k < last and at < n and text[at] == "-" and ch.isalpha() and quote[k + 1].isalpha():
            at += 1
    return at


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
        self._joined: tuple[str, list[int] | None] | None = None

    def _spans(self, wanted: str):
        """The (start, end) offsets in the normalised text of each match of _pattern(wanted), as
        its finditer gives them (leftmost first, not overlapping), without compiling a pattern:
        every match, its hyphens between letters taken out, is an occurrence of the quote so
        taken out in the text so taken out (unless the quote starts or ends with a hyphen)."""
        if wanted[0] == "-" or wanted[-1] == "-":
            yield from (m.span() for m in _pattern(wanted).finditer(self.normalised))
            return
        if self._joined is None:
            self._joined = _joined(self.normalised)
        joined, index = self._joined
        needle = _joined(wanted)[0]
        after, found = 0, joined.find(needle)
        while found != -1:
            start = index[found] if index is not None else found
            if start >= after:
                end = _match_end(self.normalised, start, wanted)
                if end != -1:
                    yield start, end
                    after = end
            found = joined.find(needle, found + 1)

    def find(self, quote: str, occurrence: int = 1) -> Match | None:
        """The `occurrence`-th match of `quote` (1-based), or None when it is not in the text."""
        wanted = normalise(quote)[0].strip()
        if not wanted:
            return None
        for count, (a, b) in enumerate(self._spans(wanted), start=1):
            if count == occurrence:
                start = self.index[a]
                end = self.index[b - 1] + 1
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
        return sum(1 for _ in self._spans(wanted)) if wanted else 0
