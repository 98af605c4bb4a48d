"""Sentences with offsets (spaCy's blank German pipeline with its rule-based sentencizer, as
`nrwkg coverage` splits them), boilerplate lines dropped, and repeated paragraphs marked so that a
paragraph the text repeats yields its facts once."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nrwkg.coverage import sentences as split
from nrwkg.ingest.dates import is_boilerplate

__all__ = ["Sentence", "sentences"]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    repeat_of: int | None = None  # start of the first occurrence when the text repeats itself


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", " ", s).strip().lower()


def sentences(text: str) -> list[Sentence]:
    out = []
    seen: dict[str, int] = {}
    for s in split(text):
        if is_boilerplate(s.text) or all(is_boilerplate(line) for line in s.text.splitlines() if line.strip()):
            continue
        key = _norm(s.text)
        first = seen.get(key) if len(key) > 20 else None
        if first is None:
            seen[key] = s.start
        out.append(Sentence(s.start, s.end, text[s.start:s.end], first))
    return out
