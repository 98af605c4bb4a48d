"""Entity linking: find every known name in the text and rank the entities it may stand for.

Longest match first, so a sub-unit (`IG BCE Nordrhein`, `ZVEI-Landesstelle`) is never collapsed
into its parent. A spelling shared by several entities is resolved from the rest of the document
(the entity whose relatives or other names the text also mentions wins) or left for review with
its candidates. Spellings within a small edit distance of a known name are linked as
misspellings and proposed as aliases, except where a predecessor and its successor have similar
names (MWIDE / MWIKE): those are never linked by similarity. Abbreviations the text defines
(`Langer Name (LN)`) become aliases for the rest of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nrwkg.ingest.aliases import AliasIndex
from nrwkg.ingest.knowledge import Entity
from nrwkg.ingest.text import Word, key, words

__all__ = ["Mention", "link", "THRESHOLD"]

THRESHOLD = 0.6  # below it a mention is left for review (entity None, candidates kept)
_ABBR_AFTER = re.compile(r"\s*\(([A-ZÄÖÜ][\w.&/-]{1,11})\)")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    entity: str | None
    score: float
    candidates: list[tuple[str, float]] = field(default_factory=list)
    how: str = "label"  # label, alias, variant, initialism, generic, fuzzy, defined, new, subunit
    proposed: dict | None = None  # a new entity: id, type, label (and parent)
    alias_proposal: bool = False  # a new spelling of a known entity

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "entity": self.entity,
                "score": round(self.score, 3), "candidates": [c for c, _ in self.candidates],
                "candidate_scores": [round(s, 3) for _, s in self.candidates],
                "proposed": self.proposed, "how": self.how, "alias_proposal": self.alias_proposal}


def link(text: str, entities: dict[str, Entity], index: AliasIndex) -> list[Mention]:
    """Every mention of a known entity in `text`, with offsets into it."""
    ws = words(text)
    mentions = _exact(text, ws, entities, index)
    defined = _defined_abbreviations(text, mentions)
    if defined:
        for abbr, ent in defined.items():
            index.add(ent, abbr, "document")
        mentions = _exact(text, ws, entities, index)
    mentions += _fuzzy(text, ws, mentions, entities, index)
    _resolve(mentions, entities)
    return sorted(mentions, key=lambda m: (m.start, -m.end))


_NAMED_IN = ("organization:", "person:", "place:", "site:")


def _exact(text: str, ws: list[Word], entities: dict[str, Entity], index: AliasIndex,
           only: tuple[str, ...] | None = None) -> list[Mention]:
    """Longest matches; inside the name of an instrument, goal or agreement, the actors and places
    it names are mentions too (`Energie- und Wärmestrategie des Landes Nordrhein-Westfalen`)."""
    out = []
    i = 0
    while i < len(ws):
        n, variants = index.longest(ws, i)
        if only is not None:
            variants = [v for v in variants if v.entity.startswith(only)]
            while n and not variants:  # a shorter match of the wanted kinds
                n -= 1
                n, variants = _shorter(index, ws, i, n)
                variants = [v for v in variants if v.entity.startswith(only)]
        if not n:
            i += 1
            continue
        start, end = ws[i].start, ws[i + n - 1].end
        if text.count("(", start, end) > text.count(")", start, end) and text[end:end + 1] == ")":
            end += 1
        surface = text[start:end]
        by_entity: dict[str, float] = {}
        how = {}
        for v in variants:
            score = v.score
            if key(surface) != key(v.alias) and v.how in ("label", "alias", "external"):
                score -= 0.05  # inflected
            if score > by_entity.get(v.entity, 0):
                by_entity[v.entity], how[v.entity] = score, v.how
        ranked = sorted(by_entity.items(), key=lambda kv: (-kv[1], kv[0]))
        best = ranked[0][0]
        out.append(Mention(surface, start, end, best, ranked[0][1], ranked, how[best],
                           alias_proposal=surface not in entities[best].aliases))
        if n > 1 and only is None and not best.startswith(("person:", "place:")):
            inner = ("place:",) if best.startswith(("organization:", "site:")) else _NAMED_IN
            out += [x for x in _exact(text, ws[i:i + n], entities, index, inner)
                    if x.end - x.start < end - start and x.how in ("label", "alias", "variant")]
        i += n
    return out


def _shorter(index: AliasIndex, ws: list[Word], i: int, n: int):
    """The longest match of at most n words at i."""
    if n <= 0:
        return 0, []
    return index.longest(ws[: i + n], i)


def _defined_abbreviations(text: str, mentions: list[Mention]) -> dict[str, str]:
    found = {}
    for m in mentions:
        if m.entity is None or len(m.candidates) > 1:
            continue
        a = _ABBR_AFTER.match(text, m.end)
        if a:
            found[a.group(1)] = m.entity
    return found


def _fuzzy(text: str, ws: list[Word], mentions: list[Mention], entities: dict[str, Entity],
           index: AliasIndex) -> list[Mention]:
    """Capitalised spans not linked yet, within a small edit distance of a known name."""
    from rapidfuzz.distance import Levenshtein

    covered = set()
    for m in mentions:
        covered.update(range(m.start, m.end))
    by_shape: dict[tuple[int, str], list[str]] = {}  # (word count, first letters) → spellings
    for s in index.spellings:
        if len(s) >= 9:
            sw = words(s)
            by_shape.setdefault((len(sw), "".join(w.text[:1] for w in sw)), []).append(s)
    out: list[Mention] = []
    i = 0
    while i < len(ws):
        hit = None
        for n in (3, 2, 1):
            span = ws[i:i + n]
            if len(span) < n or any(w.start in covered for w in span):
                continue
            if not all(w.text[:1].isupper() for w in span) or any(w.text.isupper() for w in span):
                continue
            surface = text[span[0].start:span[-1].end]
            if "\n" in surface or len(surface) < 9:
                continue
            limit = 1 if (n == 1 or len(surface) < 12) else 2
            for s in by_shape.get((n, "".join(w.text[:1] for w in span)), ()):
                d = Levenshtein.distance(surface, s, score_cutoff=limit)
                if 0 < d <= limit and (hit is None or d < hit[1]):
                    hit = (s, d, n, surface, span)
            if hit:
                break
        if not hit:
            i += 1
            continue
        s, d, n, surface, span = hit
        owners = sorted(index.spellings[s])
        score = 0.8 - 0.05 * d
        cands = [(e, score) for e in owners]
        related = any(entities[e].successor or entities[e].predecessor for e in owners)
        entity = owners[0] if len(owners) == 1 and not related else None
        out.append(Mention(surface, span[0].start, span[-1].end, entity, score if entity else 0.0, cands,
                           "fuzzy", alias_proposal=entity is not None))
        i += n
    return out


def _resolve(mentions: list[Mention], entities: dict[str, Entity]) -> None:
    """Shared spellings: the candidate whose relatives or other names the document mentions wins."""
    sure = {m.entity for m in mentions if m.entity and len(m.candidates) == 1}
    for m in mentions:
        if len(m.candidates) < 2:
            continue
        rescored = []
        for ent, score in m.candidates:
            e = entities.get(ent)
            related = e.family() if e else set()
            related |= {c.id for c in entities.values() if c.parent == ent}
            bonus = 0.05 if (ent in sure or related & sure) else 0.0
            rescored.append((ent, score + bonus))
        rescored.sort(key=lambda kv: (-kv[1], kv[0]))
        m.candidates = rescored
        if rescored[0][1] - rescored[1][1] < 0.01:
            m.entity, m.score = None, rescored[0][1] - 0.2  # a tie: left for review
        else:
            m.entity, m.score = rescored[0]
    for m in mentions:
        if m.entity and m.score < 0.6:
            m.entity = None
