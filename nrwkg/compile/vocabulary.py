"""Every term of a vocabulary used in graph/ must exist in that vocabulary.

nrw: terms are checked against the ontology (statements.py), every other vocabulary of
graph/prefixes.ttl against its bundled term list (nrwkg/vocab/*.txt): `dcterms:tittle` or
`org:heldby` fail the build with file, line and "did you mean". A prefix of prefixes.ttl that is
neither a resource kind, nor nrw:, nor a vocabulary with a term list is an error itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from nrwkg.errors import InputError
from nrwkg.iri import ID_BASE
from nrwkg.prefixes import Prefixes
from nrwkg.vocab import NRW_NAMESPACE, Vocabulary, by_namespace

__all__ = ["TermCheck", "term_check"]


@dataclass(frozen=True)
class TermCheck:
    """The standard vocabularies graph/ may use, by namespace, with the prefix prefixes.ttl gives each."""

    vocabularies: tuple[tuple[str, str, Vocabulary], ...]  # (namespace, prefix, vocabulary), longest first

    def problem(self, iri: str) -> str | None:
        """Why `iri` is not a term of its vocabulary, or None (also for IRIs of no known vocabulary)."""
        for namespace, prefix, vocab in self.vocabularies:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                return None if local in vocab.terms else vocab.unknown(local, prefix)
        return None


def term_check(prefixes: Prefixes) -> TermCheck:
    """The check for the vocabularies of prefixes.ttl; a prefix without a term list raises InputError."""
    known = by_namespace()
    found = []
    for prefix, namespace in prefixes.mapping.items():
        if namespace.startswith(ID_BASE) or namespace == NRW_NAMESPACE:
            continue
        vocab = known.get(namespace)
        if vocab is None:
            raise InputError(prefixes.source, _line(prefixes, prefix),
                             f"prefix {prefix}: <{namespace}> is no vocabulary with a bundled term list "
                             f"(nrwkg/vocab/*.txt: {', '.join(sorted(v.namespace for v in known.values()))})")
        found.append((namespace, prefix, vocab))
    found.sort(key=lambda item: -len(item[0]))
    return TermCheck(tuple(found))


def _line(prefixes: Prefixes, prefix: str) -> int | None:
    for number, line in enumerate(prefixes.source.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split()[:2] == ["@prefix", f"{prefix}:"]:
            return number
    return None
