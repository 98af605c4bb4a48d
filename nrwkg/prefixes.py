"""The prefixes of graph/prefixes.ttl: expand CURIEs and prepare Turtle snippets."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

from nrwkg import paths
from nrwkg.errors import InputError
from nrwkg.iri import check_iri

__all__ = ["Prefixes", "load_prefixes"]


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
        for prefix, ns in sorted(self.mapping.items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"

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
