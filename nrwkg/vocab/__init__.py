"""The vocabularies nrwkg writes, each a closed list of terms: a misspelt term is an error, never an IRI.

Data flow::

    nrwkg/vocab/*.txt (one term a line; `# namespace:` header)  ──► Vocabulary ──► namespaces (ORG, SCHEMA …)
    ontology/*.ttl (every nrw: subject)                          ──► Vocabulary ──► namespaces.NRW
                                                                       └────────► compile: every term in graph/

The term lists of the standard vocabularies are generated from rdflib's bundled vocabularies by
`scripts/vocab_terms.py`, or written by hand where rdflib ships none (oa, sd, formats, spdx); the
ontology's own terms are read from the ontology, so a class is declared in one place.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast

from rdflib import Namespace, URIRef

__all__ = ["Vocabulary", "ClosedVocabulary", "bundled", "by_namespace", "ontology_vocabulary", "VOCAB_DIR"]

VOCAB_DIR = Path(__file__).resolve().parent
NRW_NAMESPACE = "https://w3id.org/nrwkg/ontology#"


@dataclass(frozen=True)
class Vocabulary:
    prefix: str
    namespace: str
    title: str
    terms: frozenset[str]
    source: Path

    def __contains__(self, local: object) -> bool:
        return local in self.terms

    def suggest(self, local: str) -> list[str]:
        """Close matches of a term that is not in the vocabulary (difflib, case-insensitive first)."""
        exact_case = [t for t in sorted(self.terms) if t.lower() == local.lower()]
        close = difflib.get_close_matches(local, sorted(self.terms), n=3, cutoff=0.7)
        return list(dict.fromkeys(exact_case + close))[:3]

    def unknown(self, local: str, prefix: str | None = None) -> str:
        """The message for a term not in the vocabulary, with "did you mean"."""
        prefix = prefix or self.prefix
        hint = ", ".join(f"{prefix}:{t}" for t in self.suggest(local))
        where = f"nrwkg/vocab/{self.source.name}" if self.source.suffix == ".txt" else "ontology/*.ttl"
        message = f"unknown term {prefix}:{local}: not in {self.title} ({where})"
        return message + (f"; did you mean {hint}?" if hint else "")


def _read(path: Path) -> Vocabulary:
    title, namespace, terms = path.stem, None, set()
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("# namespace:"):
            namespace = line.split(":", 1)[1].strip()
        elif number == 1 and line.startswith("#"):
            title = line.lstrip("# ").split(":", 1)[0]
        elif line and not line.startswith("#"):
            terms.add(line)
    if namespace is None:
        raise ValueError(f"{path}: no '# namespace:' header")
    return Vocabulary(path.stem, namespace, title, frozenset(terms), path)


@cache
def bundled() -> dict[str, Vocabulary]:
    """The bundled term lists by their usual prefix (the file name)."""
    return {path.stem: _read(path) for path in sorted(VOCAB_DIR.glob("*.txt"))}


@cache
def by_namespace() -> dict[str, Vocabulary]:
    return {v.namespace: v for v in bundled().values()}


@cache
def ontology_vocabulary(ontology_dir: Path | None = None) -> Vocabulary:
    """The nrw: terms: every nrw: IRI that is the subject of a triple in ontology/*.ttl (not shapes)."""
    import pyoxigraph

    from nrwkg import paths

    ontology_dir = ontology_dir or paths.ONTOLOGY
    terms = set()
    for path in sorted(ontology_dir.glob("*.ttl")):
        if path.name == "shapes.ttl":
            continue
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            subject = quad.subject
            if isinstance(subject, pyoxigraph.NamedNode) and subject.value.startswith(NRW_NAMESPACE):
                terms.add(subject.value[len(NRW_NAMESPACE):])
    return Vocabulary("nrw", NRW_NAMESPACE, "the nrwkg ontology", frozenset(terms), ontology_dir / "nrwkg.ttl")


class ClosedVocabulary(Namespace):
    """An rdflib Namespace whose terms are a closed list, read when first needed: `ORG.heldByy` raises
    AttributeError (and `ORG["heldByy"]` KeyError) with "did you mean org:heldBy"."""

    _prefix: str
    _load: Callable[[], Any]

    def __new__(cls, namespace: str, prefix: str, load):
        ns = cast("ClosedVocabulary", super().__new__(cls, namespace))
        ns._prefix = prefix
        ns._load = load
        return ns

    def term(self, name: str) -> URIRef:
        vocab = self._load()
        if name not in vocab.terms:
            raise KeyError(vocab.unknown(name, self._prefix))
        return URIRef(str(self) + name)

    def __getitem__(self, key: str) -> URIRef:  # type: ignore[override]
        return self.term(key)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self.term(name)
        except KeyError as exc:
            raise AttributeError(exc.args[0]) from None

    def __dir__(self) -> list[str]:
        return sorted(self._load().terms)

    def __repr__(self) -> str:
        return f"ClosedVocabulary({str(self)!r}, {self._prefix!r})"

    def __reduce__(self):  # pickled by prefix: the term list is read again where it is unpickled
        return _restore, (self._prefix,)


def _restore(prefix: str) -> ClosedVocabulary:
    from nrwkg import namespaces

    return namespaces.NRW if prefix == "nrw" else namespaces.closed(prefix)
