"""Words with offsets, slugs, and the inflected forms a German name takes in running text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["Word", "words", "slugify", "key", "forms", "is_capitalised"]

_WORD = re.compile(r"[\w€$%²]+(?:[.&'’][\w]+)*\.?", re.UNICODE)
_SPECIAL = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe", "Ü": "ue",
            "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
            "Æ": "ae", "Œ": "oe", "Ø": "o", "Ł": "l", "Đ": "d", "Þ": "th", "ẞ": "ss"}
# endings a noun or name takes in German running text (genitive, dative plural, weak nouns)
_ENDINGS = ("es", "s", "en", "n", "e", "er", "ern")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of text[start:end]; hyphens and slashes separate words, a trailing period stays
    only on abbreviations (`Mio.`, `e.`), so `NRW.` at a sentence end is the word `NRW`."""
    end = len(text) if end is None else end
    out = []
    for m in _WORD.finditer(text, start, end):
        w = m.group()
        s = m.start()
        if w.endswith(".") and len(w) > 2 and (w[:-1].isupper() or (len(w) > 4 and not w[:-1].islower())):
            w = w[:-1]
        out.append(Word(w, s, s + len(w)))
    return out


def slugify(label: str) -> str:
    """The README's slug rule: lower-case ASCII letters, digits, hyphens; ä → ae, ß → ss, and
    every other Latin letter with a diacritic loses it (ř → r, í → i, é → e, ł → l)."""
    out = []
    for ch in label:
        if ch in _SPECIAL:
            out.append(_SPECIAL[ch])
            continue
        decomposed = unicodedata.normalize("NFKD", ch)
        out.append("".join(c for c in decomposed if not unicodedata.combining(c)))
    ascii_text = "".join(out).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def key(word: str) -> str:
    """The comparison form of a word: lower case, ß as ss, no trailing period."""
    return word.lower().replace("ß", "ss").rstrip(".")


def forms(word: str) -> list[str]:
    """Keys the word may be an inflected form of: itself and itself without a German ending."""
    k = key(word)
    result = [k]
    if len(k) > 3 and not word.isupper():
        for ending in _ENDINGS:
            if k.endswith(ending) and len(k) - len(ending) >= 3:
                result.append(k[: -len(ending)])
    return result


def is_capitalised(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())
