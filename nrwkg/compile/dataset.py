"""Compile the curated sources into one RDF dataset with a named graph per document."""

from __future__ import annotations

from collections import defaultdict
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
from nrwkg.serialize import GraphMap, graph_map, union_of

__all__ = ["Compiled", "compile_dataset", "DATA_GRAPHS"]


class Compiled:
    """A compiled dataset: `graphs` (named graph IRI → its triples, names sorted) is what the build
    reads; `dataset` is the same as an rdflib Dataset, made on first use only (it costs several
    times the memory). Once it has been made, it is the dataset: `graphs` is read from it."""

    def __init__(self, graphs: dict[URIRef, list], prefixes: Prefixes, ontology: Graph,
                 documents: list[SourceDocument], registry: dict[URIRef, RegistryEntity],
                 statement_files: list[StatementFile]):
        self._graphs: dict[URIRef, list] | None = graphs
        self.quad_count = sum(len(triples) for triples in graphs.values())
        self._dataset: Dataset | None = None
        self.prefixes = prefixes
        self.ontology = ontology
        self.documents = documents
        self.registry = registry
        self.statement_files = statement_files

    @property
    def graphs(self) -> GraphMap:
        """named graph IRI → list of its triples, non-empty graphs only, names sorted (once let go,
        read again from the build's dataset.nq: see let_go_of_triples)."""
        if self._dataset is not None:
            return graph_map(self._dataset)
        if self._graphs is None:
            return self.__dict__["_opened"].graphs
        return self._graphs

    def let_go_of_triples(self) -> None:
        """Called by OpenedBuild.let_go_of_triples (the opened build of this dataset reads them
        again from its files if asked)."""
        if "_opened" in self.__dict__ and self._dataset is None:
            self._graphs = None

    @property
    def dataset(self) -> Dataset:
        if self._dataset is None:
            if self._graphs is None:
                raise RuntimeError("the compiled triples were let go (OpenedBuild.let_go_of_triples)")
            ds = Dataset(default_union=False)
            self.prefixes.bind_to(ds)
            for name, triples in self._graphs.items():
                ds.graph(name).addN((s, p, o, ds.graph(name)) for s, p, o in triples)
            self._dataset = ds
        return self._dataset

    def graph(self, iri: URIRef) -> Graph:
        return self.dataset.graph(iri)

    def data_triples(self) -> set:
        """The union of documents, registry and inferred graphs (what SHACL and HermiT check)."""
        return union_of(self.graphs, DATA_GRAPHS(self))

    def data_graph(self) -> Graph:
        """data_triples() as an rdflib Graph of its own (a copy)."""
        union = Graph()
        for triple in self.data_triples():
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

    graphs: dict[URIRef, set] = defaultdict(set)
    graphs[GRAPH_ONTOLOGY].update(ontology)
    reg = graphs[GRAPH_REGISTRY]
    for doc in documents:
        reg.update(doc.metadata_triples())
    for entity in registry.values():
        reg.update(entity.triples())
    evidence = graphs[GRAPH_EVIDENCE]
    for sfile in files:
        for st in sfile.statements:
            graphs[GRAPH_INFERRED if st.inferred else sfile.document.iri].update(st.triples)
            evidence.update(annotation_triples(st))
    canonicalise_literals(graphs)  # the form the embedded store keeps, in every file (compile/literals.py)
    documents_graphs = [d.iri for d in documents] + [GRAPH_REGISTRY, GRAPH_INFERRED]
    entailed = _entailed(ontology, union_of(graphs, documents_graphs))
    if entailed:
        graphs[GRAPH_ENTAILED] = entailed
    by_name = {name: list(graphs[name]) for name in sorted(graphs) if graphs[name]}
    return Compiled(by_name, prefixes, ontology, documents, registry, files)


def _is_file_of(path: Path, slug: str) -> bool:
    """Whether statements file `path` is that of document:`slug` (read its `document:` line only)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("document:"):
            return line.split(":", 1)[1].strip() == f"document:{slug}"
    return False


def _entailed(ont: Graph, data: set) -> set:
    """The alignment to standard vocabularies (superclasses and superproperties) that `data` does
    not state itself."""
    supers_c = closure(ont, RDFS.subClassOf)
    supers_p = closure(ont, RDFS.subPropertyOf)
    entailed = set()
    for s, p, o in data:
        if p == RDF.type and isinstance(o, URIRef) and o in supers_c:
            for sup in supers_c[o]:
                if (s, RDF.type, sup) not in data:
                    entailed.add((s, RDF.type, sup))
        elif isinstance(p, URIRef) and p in supers_p:
            for sup in supers_p[p]:
                if (s, sup, o) not in data:
                    entailed.add((s, sup, o))
    return entailed
