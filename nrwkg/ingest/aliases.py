"""The alias index: every spelling of every known entity, as word-key sequences in a trie.

Each registry label and recorded alias is entered with its variants: the words as written
(hyphen and space are the same), the compound without spaces (`IG BCE` → `IGBCE`), the name with
its regional suffix swapped (`… des Landes Nordrhein-Westfalen`, `… NRW`, `… Nordrhein-Westfalen`,
or none when that is unambiguous), and the initialism of a long name (`Ministerium für Wirtschaft,
Industrie, Klimaschutz und Energie` → `MWIKE`). Looking up running text tries every word with and
without its German ending (`Landes`, `Westfalens`, `Beschäftigten`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nrwkg.ingest.knowledge import Entity
from nrwkg.ingest.text import Word, forms, key, words

__all__ = ["Variant", "AliasIndex"]

_REGION_SUFFIXES = (" des Landes Nordrhein-Westfalen", " des Landes NRW", " Nordrhein-Westfalen", " NRW",
                    " in Nordrhein-Westfalen", " in NRW")
_SMALL = {"für", "und", "der", "des", "die", "das", "in", "im", "von", "zur", "zum", "an", "am", "e"}
SCORES = {"label": 1.0, "alias": 0.95, "external": 0.95, "document": 0.9, "variant": 0.85,
          "initialism": 0.8, "generic": 0.6}


@dataclass(frozen=True)
class Variant:
    entity: str
    alias: str  # the spelling it comes from
    how: str  # label, alias, external, document, variant, initialism, generic
    exact_case: tuple[str, ...] = ()  # words that must match with their case (ABBR)

    @property
    def score(self) -> float:
        return SCORES[self.how]


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    variants: list[Variant] = field(default_factory=list)


def _is_generic(alias: str) -> bool:
    """A single ordinary noun (`Bund`, `Landesregierung`, `Koalitionsvertrag`): context decides."""
    ws = words(alias)
    return len(ws) == 1 and not ws[0].text.isupper() and ws[0].text[:1].isupper() and "." not in ws[0].text


class AliasIndex:
    def __init__(self) -> None:
        self.root = _Node()
        self.spellings: dict[str, set[str]] = {}  # alias spelling → entities (for fuzzy matching)

    @classmethod
    def build(cls, entities: dict[str, Entity]) -> AliasIndex:
        index = cls()
        taken: dict[tuple[str, ...], set[str]] = {}
        for ent in entities.values():
            for alias, source in ent.aliases.items():
                how = "label" if source == "label" else ("external" if source == "external" else "alias")
                if how != "label" and _is_generic(alias):
                    how = "generic"
                index.add(ent.id, alias, how)
                taken.setdefault(_keys(alias), set()).add(ent.id)
        for ent in entities.values():  # derived variants, only where no other entity has them
            for alias in list(ent.aliases):
                for variant, how in _derived(alias):
                    if _is_generic(variant):
                        continue
                    owners = taken.get(_keys(variant), set())
                    if owners - {ent.id}:
                        continue
                    index.add(ent.id, variant, how, source_alias=alias)
        return index

    def add(self, entity: str, alias: str, how: str, source_alias: str | None = None) -> None:
        ws = [w.text for w in words(alias)]
        if not ws:
            return
        exact = tuple(w for w in ws if w.isupper() and len(w) <= 6)
        node = self.root
        for k in (key(w) for w in ws):
            node = node.children.setdefault(k, _Node())
        v = Variant(entity, source_alias or alias, how, exact)
        if v not in node.variants:
            node.variants.append(v)
        if how in ("label", "alias", "external"):
            self.spellings.setdefault(alias, set()).add(entity)

    def longest(self, ws: list[Word], i: int) -> tuple[int, list[Variant]]:
        """The longest alias starting at word i: (number of words, its variants) or (0, [])."""
        best: tuple[int, list[Variant]] = (0, [])
        frontier = [(self.root, i)]
        while frontier:
            node, j = frontier.pop()
            if j > i and node.variants:
                ok = [v for v in node.variants if _case_ok(v, ws[i:j])]
                if ok and j - i > best[0]:
                    best = (j - i, ok)
            if j >= len(ws):
                continue
            for k in dict.fromkeys(forms(ws[j].text)):
                child = node.children.get(k)
                if child is not None:
                    frontier.append((child, j + 1))
            if j + 1 < len(ws) and ws[j].text.isupper() and ws[j + 1].text.isupper() and \
                    ws[j + 1].start - ws[j].end <= 1:  # compound written apart: IG BCE ↔ IGBCE
                child = node.children.get(key(ws[j].text + ws[j + 1].text))
                if child is not None:
                    frontier.append((child, j + 2))
        return best


def _case_ok(v: Variant, span: list[Word]) -> bool:
    if not v.exact_case:
        return True
    texts = {w.text.rstrip(".") for w in span}
    joined = "".join(w.text for w in span)
    return all(e.rstrip(".") in texts or e in joined for e in v.exact_case)


def _keys(alias: str) -> tuple[str, ...]:
    return tuple(key(w.text) for w in words(alias))


_LEGAL = re.compile(r",?\s+(?:e\.\s?V\.|gGmbH|GmbH(?: & Co\. KG)?|AG|SE|KGaA|KG|a\.\s?s\.|eG|mbH)$")


def _derived(alias: str):
    if "|" in alias and " " in alias.strip():
        yield alias.replace("|", ""), "variant"
    short = _LEGAL.sub("", alias)
    if short != alias and len(short) >= 3:
        yield short, "variant"
    for dash in (" - ", " – ", " — "):
        if dash in alias and len(alias.split(dash)[0]) >= 3:
            yield alias.split(dash)[0], "variant"
            yield _LEGAL.sub("", alias.split(dash)[1]), "variant"
    ws = [w.text for w in words(alias)]
    if 2 <= len(ws) <= 3 and all(w.isupper() for w in ws) and "|" not in alias:
        yield "".join(ws), "variant"
    for suffix in _REGION_SUFFIXES:
        if alias.endswith(suffix) and len(alias) > len(suffix) + 3:
            stem = alias[: -len(suffix)]
            yield stem, "variant"
            for other in _REGION_SUFFIXES:
                if other != suffix:
                    yield stem + other, "variant"
            break
    content = [w for w in ws if w[:1].isupper() and w.lower() not in _SMALL]
    if len(content) >= 4 and len(ws) >= 5:
        stem_words = [w.text for w in words(alias.split(" des Landes")[0])]
        initials = "".join(w[0] for w in stem_words if w[:1].isupper() and w.lower() not in _SMALL)
        if len(initials) >= 3:
            yield initials.upper(), "initialism"
