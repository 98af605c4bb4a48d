"""A stored text laid out for reading: blocks (headings, paragraphs, list items) of runs of text.

The stored text stays as it is; this module only decides how each stretch of it is shown. Blank
lines separate blocks; a line starting with `#` is a heading, one starting with `-`, `*` or a PDF
bullet glyph (U+F02D) starts a list item (the lines after it continue the item); Markdown
emphasis (`**`, `*`), `<sub>`/`<sup>` and backslash escapes become formatting, never text.
Every run knows its offsets into the stored text, which passages (evidence quotes) cover it and
whether it lies in a sentence no passage covers.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate

__all__ = ["Run", "Block", "Spans", "layout"]

_LINE = re.compile(r"[^\n]*\n?")
_HEADING = re.compile(r"[ \t]*(#{1,6})[ \t]+")
_ITEM = re.compile(r"[ \t]*(?:[-*+\u2022]|\uf02d)[ \t]+|[ \t]*\uf02d")
# markup inside a line: emphasis runs, sub/sup tags, backslash escapes, stray bullet glyphs
_MARKUP = re.compile(r"\*{1,3}|</?(?:sub|sup)>|\\(?=[^\s])|[\ue000-\uf8ff]|^-{3,}[ \t]*|-{3,}[ \t]*$", re.MULTILINE)


@dataclass
class Run:
    text: str
    start: int
    end: int
    passages: tuple[str, ...] = ()  # ids of the passages covering the run
    bold: bool = False
    italic: bool = False
    script: str = ""  # "sub" or "sup"
    uncovered: bool = False


@dataclass
class Block:
    kind: str  # "h2" … "h6", "p" or "li"
    start: int
    runs: list[Run] = field(default_factory=list)
    anchors: list[tuple[int, str]] = field(default_factory=list)  # (run index, passage id) starting here
    list_start: bool = False  # first item of a list
    list_end: bool = False


def _lines(text: str):
    pos = 0
    for m in _LINE.finditer(text):
        if not m.group(0):
            break
        yield pos, m.group(0)
        pos = m.end()


def _structure(text: str, breaks: dict[int, int]) -> list[tuple[str, int, int, int]]:
    """(kind, start, content start, end) of every block, in text order. A word hyphenated across a
    blank line ("Fach-\n\nkräfte") keeps its block together."""
    blocks: list[list] = []
    current: list | None = None
    carried: list | None = None
    for start, line in _lines(text):
        body = line.rstrip("\n")
        end = start + len(body)
        if not body.strip():
            if current is not None and any(a <= end < b for a, b in breaks.items()):
                carried = current
            current = None
            continue
        if carried is not None:
            carried[3], current, carried = end, carried, None
            continue
        heading = _HEADING.match(body)
        item = _ITEM.match(body)
        if heading:
            level = min(len(heading.group(1)) + 1, 6)
            blocks.append([f"h{level}", start, start + heading.end(), end])
            current = None
        elif item:
            current = ["li", start, start + item.end(), end]
            blocks.append(current)
        elif current is not None:
            current[3] = end  # the line continues the paragraph or list item
        else:
            current = ["p", start, start, end]
            blocks.append(current)
    return [tuple(b) for b in blocks]


def layout(text: str, passages: dict[str, tuple[int, int]], uncovered: list[tuple[int, int]]) -> list[Block]:
    """The text as blocks of runs; `passages` maps a passage id to its (start, end) offsets."""
    from nrwkg.compile.quotes import hyphen_breaks

    breaks = dict(hyphen_breaks(text))
    # every passage's and uncovered sentence's offsets, sorted: each block takes those inside it
    bounds = sorted({x for span in (*passages.values(), *uncovered) for x in span})
    dark_spans = Spans(uncovered)
    blocks = []
    structure = _structure(text, breaks)
    for i, (kind, start, content, end) in enumerate(structure):
        block = Block(kind, start)
        if kind == "li":
            block.list_start = i == 0 or structure[i - 1][0] != "li"
            block.list_end = i == len(structure) - 1 or structure[i + 1][0] != "li"
        cuts = {content, end}
        cuts.update(bounds[bisect_right(bounds, content):bisect_left(bounds, end)])  # content < x < end
        markup = [(content + m.start(), content + m.end()) for m in _MARKUP.finditer(text[content:end])]
        markup += [(a, b) for a, b in breaks.items() if content <= a and b <= end]
        for a, b in markup:
            cuts.update((a, b))
        marks = dict(markup)
        bold = italic = False
        script = ""
        points = sorted(cuts)
        for a, b in zip(points, points[1:], strict=False):
            if a in marks and marks[a] == b:
                token = text[a:b]
                if token.isspace() or token.startswith("-") and not token.startswith("---"):
                    continue  # a line-end hyphenation: skipped, not formatting
                if token.startswith("*"):
                    if len(token) >= 2:
                        bold = not bold
                    if len(token) % 2:
                        italic = not italic
                elif token.startswith("<"):
                    script = "" if token.startswith("</") else token.strip("<>")
                continue
            covering = tuple(pid for pid, (s, e) in passages.items() if s <= a and b <= e)
            dark = _inside(dark_spans, a, b)
            block.runs.append(Run(text[a:b], a, b, covering, bold, italic, script, dark))
        starts = sorted((s, pid) for pid, (s, e) in passages.items() if start <= s < max(end, start + 1))
        for s, pid in starts:
            index = next((k for k, run in enumerate(block.runs) if run.end > s), len(block.runs))
            block.anchors.append((index, pid))
        blocks.append(block)
    _anchor_gaps(blocks, passages)
    return blocks


class Spans:
    """Spans (start, end) sorted by start, with the furthest end reached so far: which of them
    contains a stretch, or overlaps it, is found by bisection instead of a look at every span."""

    def __init__(self, spans):
        ordered = sorted(spans)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def reaching(self, before: int) -> int:
        """The furthest end among the spans that start before `before` (-1 if none does)."""
        k = bisect_left(self.starts, before)
        return self.reach[k - 1] if k else -1


def _inside(spans: Spans, a: int, b: int) -> bool:
    """Whether a span s <= a, b <= e contains [a, b]."""
    return spans.reaching(a + 1) >= b


def _anchor_gaps(blocks: list[Block], passages: dict[str, tuple[int, int]]) -> None:
    """A passage that starts between blocks (on a blank line, before a list marker) is anchored at
    the start of the next block, so that every passage id is on the page exactly once."""
    placed = {pid for block in blocks for _, pid in block.anchors}
    for pid, (s, _) in sorted(passages.items(), key=lambda item: item[1]):
        if pid in placed:
            continue
        target = next((b for b in blocks if b.start >= s), blocks[-1] if blocks else None)
        if target is not None:
            target.anchors.insert(0, (0, pid))
