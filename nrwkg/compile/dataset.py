"""Compile the curated sources into one RDF dataset with a named graph per document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, Graph, URIRef

from nrwkg import paths
from nrwkg.compile.corpus import SourceDocument, load_corpus
from nrwkg.compile.evidence import annotation_triples
from nrwkg.compile.limits import check_corpus_size
from nrwkg.compile.literals import canonicalise_literals
from nrwkg.compile.registry import RegistryEntity, load_external_ids, load_registry
from nrwkg.compile.statements import StatementFile, Vocabulary, load_statement_file
from nrwkg.compile.vocabulary import term_check
from nrwkg.errors import InputError
from nrwkg.namespaces import (
    GRAPH_ENTAILED,
    GRAPH_EVIDENCE,
    GRAPH_INFERRED,
    GRAPH_ONTOLOGY,
    GRAPH_REGISTRY,
    ID,
    SKOS,
)
from nrwkg.ontology import closure, load_ontology, terms
from nrwkg.prefixes import Prefixes, load_prefixes

__all__ = ["Compiled", "compile_dataset", "DATA_GRAPHS"]


@dataclass
class Compiled:
    dataset: Dataset
    prefixes: Prefixes
    ontology: Graph
    documents: list[SourceDocument]
    registry: dict[URIRef, RegistryEntity]
    statement_files: list[StatementFile]

    def graph(self, iri: URIRef) -> Graph:
        return self.dataset.graph(iri)

    def data_graph(self) -> Graph:
        """The union of documents, registry and inferred graphs (what SHACL and HermiT check)."""
        union = Graph()
        for iri in DATA_GRAPHS(self):
            for triple in self.dataset.graph(iri):
                union.add(triple)
        return union


def DATA_GRAPHS(compiled: Compiled) -> list[URIRef]:  # noqa: N802 - reads as a constant list
    return [d.iri for d in compiled.documents] + [GRAPH_REGISTRY, GRAPH_INFERRED]


def compile_dataset(root: Path | None = None, only: str | None = None) -> Compiled:
    """Read ontology/ and graph/ under `root` and return the checked dataset (raises InputError).

    With `only` (a document slug), only that document's statements are compiled (`nrwkg check
    --document`): the registry and the corpus are still read and checked in full."""
    root = root or paths.DATA_ROOT
    graph_dir = root / "graph"
    check_corpus_size(graph_dir)  # before anything is parsed
    prefixes = load_prefixes(graph_dir / "prefixes.ttl")
    ontology = load_ontology(root / "ontology")
    nrw_terms, classes, concepts = terms(ontology)
    document_types = frozenset(t for t in ontology.subjects(SKOS.inScheme, URIRef(f"{ID}scheme/document-type"))
                               if isinstance(t, URIRef))
    documents = load_corpus(graph_dir / "corpus", prefixes, document_types)
    external = load_external_ids(graph_dir / "reference" / "external-ids.tsv")
    registry = load_registry(graph_dir / "registry", prefixes, set(classes), external)
    by_iri = {str(d.iri): d for d in documents}
    vocab = Vocabulary(nrw_terms, frozenset(registry) | concepts | frozenset(d.iri for d in documents),
                       term_check(prefixes))
    files: list[StatementFile] = []
    claimed: dict[str, Path] = {}
    for path in sorted((graph_dir / "statements").glob("*.yaml")):
        if only is not None and not _is_file_of(path, only):
            continue
        sfile = load_statement_file(path, by_iri, prefixes, vocab)
        key = str(sfile.document.iri)
        if key in claimed:
            raise InputError(path, 1, f"{key} already has a statements file: {claimed[key].name}")
        claimed[key] = path
        files.append(sfile)

    ds = Dataset(default_union=False)
    prefixes.bind_to(ds)
    _add(ds, GRAPH_ONTOLOGY, ontology)
    reg = ds.graph(GRAPH_REGISTRY)
    for doc in documents:
        for t in doc.metadata_triples():
            reg.add(t)
    for entity in registry.values():
        for t in entity.triples():
            reg.add(t)
    evidence = ds.graph(GRAPH_EVIDENCE)
    for sfile in files:
        for st in sfile.statements:
            target = ds.graph(GRAPH_INFERRED if st.inferred else sfile.document.iri)
            for t in st.triples:
                target.add(t)
            for t in annotation_triples(st):
                evidence.add(t)
    canonicalise_literals(ds)  # the form the embedded store keeps, in every file (compile/literals.py)
    compiled = Compiled(ds, prefixes, ontology, documents, registry, files)
    _entail(compiled)
    return compiled


def _is_file_of(path: Path, slug: str) -> bool:
    """Whether statements file `path` is that of document:`slug` (read its `document:` line only)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("document:"):
            return line.split(":", 1)[1].strip() == f"document:{slug}"
    return False


def _add(ds: Dataset, iri: URIRef, graph: Graph) -> None:
    target = ds.graph(iri)
    for t in graph:
        target.add(t)


def _entail(compiled: Compiled) -> None:
    """Materialise the alignment to standard vocabularies (superclasses and superproperties)."""
    ont = compiled.ontology
    supers_c = closure(ont, RDFS.subClassOf)
    supers_p = closure(ont, RDFS.subPropertyOf)
    data = compiled.data_graph()
    entailed = compiled.dataset.graph(GRAPH_ENTAILED)
    for s, p, o in data:
        if p == RDF.type and isinstance(o, URIRef) and o in supers_c:
            for sup in supers_c[o]:
                if (s, RDF.type, sup) not in data:
                    entailed.add((s, RDF.type, sup))
        elif isinstance(p, URIRef) and p in supers_p:
            for sup in supers_p[p]:
                if (s, sup, o) not in data:
                    entailed.add((s, sup, o))
