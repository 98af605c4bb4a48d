"""The prefixes of graph/prefixes.ttl: expand CURIEs and prepare Turtle snippets."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from nrwkg import paths
from nrwkg.errors import InputError
from nrwkg.iri import ID_BASE, check_iri

__all__ = ["Prefixes", "load_prefixes", "compact_iri", "resource_curie"]


def compact_iri(iri: str, mapping: dict[str, str]) -> str | None:
    """The CURIE of `iri` by the longest namespace of `mapping` (prefix -> namespace) that leaves a
    non-empty local name (the first such prefix on a tie); None when no namespace fits. The one
    IRI-to-CURIE rule of nrwkg."""
    best: str | None = None
    for prefix, ns in mapping.items():
        if iri.startswith(ns) and len(iri) > len(ns) and (best is None or len(ns) > len(mapping[best])):
            best = prefix
    return None if best is None else f"{best}:{iri[len(mapping[best]):]}"


def resource_curie(iri: str) -> str | None:
    """`kind:slug` for a resource IRI (https://w3id.org/nrwkg/id/kind/slug), `nrw:Term` for an ontology
    term, None otherwise: the rule for ids, whatever kinds prefixes.ttl declares."""
    from nrwkg.vocab import NRW_NAMESPACE

    if iri.startswith(ID_BASE):
        kind, _, slug = iri[len(ID_BASE):].partition("/")
        return f"{kind}:{slug}"
    if iri.startswith(NRW_NAMESPACE):
        return "nrw:" + iri[len(NRW_NAMESPACE):]
    return None


class Prefixes:
    def __init__(self, mapping: dict[str, str], source: Path):
        self.mapping = dict(sorted(mapping.items()))
        self.source = source
        # one line, so that line numbers inside a snippet shift by exactly one
        self.turtle_header = " ".join(f"@prefix {p}: <{ns}> ." for p, ns in self.mapping.items()) + "\n"

    def expand(self, curie: str) -> URIRef | None:
        """The IRI of `prefix:local`, or None when the prefix is unknown or the text is not a CURIE."""
        prefix, sep, local = curie.partition(":")
        if not sep or prefix not in self.mapping or not local or local.startswith("//"):
            return None
        return URIRef(self.mapping[prefix] + local)

    def compact(self, iri: str) -> str:
        """`prefix:local` by the longest namespace that fits, else `<iri>`."""
        return compact_iri(iri, self.mapping) or f"<{iri}>"

    def bind_to(self, graph: Graph) -> None:
        for prefix, ns in self.mapping.items():
            graph.bind(prefix, ns, override=True, replace=True)


@cache
def load_prefixes(path: Path | None = None) -> Prefixes:
    path = path or paths.GRAPH / "prefixes.ttl"
    from nrwkg.ontology import parse_turtle_file  # strict: a prefix IRI must be absolute and valid

    g = parse_turtle_file(path, Graph(bind_namespaces="none"))
    mapping = {p: str(ns) for p, ns in g.namespaces() if p}
    for prefix, ns in mapping.items():
        problem = check_iri(ns, resource=False)
        if problem:
            raise InputError(path, _line_of(path, f"{prefix}:"), f"prefix {prefix}: {problem}")
    return Prefixes(mapping, path)


def _line_of(path: Path, needle: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line and line.lstrip().startswith("@prefix"):
            return number
    return None
