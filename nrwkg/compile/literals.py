"""One literal, one form: every typed literal of the dataset in the form the embedded store keeps.

pyoxigraph stores typed values, not their text: `"51.0"^^xsd:decimal` comes back as `"51"`,
`"7"^^xsd:nonNegativeInteger` as `"7"^^xsd:integer`. If the build wrote the other form, the published
files, rdflib and Jena would show one literal and the embedded store (and `nrwkg serve`) another.
So the build asks pyoxigraph for the form it keeps and writes that everywhere (XSD 1.1 canonical
lexical forms; the integer subtypes as xsd:integer).
"""

from __future__ import annotations

from collections.abc import MutableMapping

import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, XSD

__all__ = ["canonical_forms", "canonicalise_literals"]

_AS_WRITTEN = {str(XSD.string), str(RDF.langString)}


def canonical_forms(literals) -> dict[Literal, Literal]:
    """The literals whose stored form differs from the written one, mapped to the stored form."""
    typed = sorted({lit for lit in literals if lit.datatype is not None and str(lit.datatype) not in _AS_WRITTEN},
                   key=lambda lit: (str(lit.datatype), str(lit)))
    store = ox.Store()
    predicate = ox.NamedNode("urn:nrwkg:value")
    subjects = [ox.NamedNode(f"urn:nrwkg:literal:{i}") for i in range(len(typed))]
    store.extend(ox.Quad(s, predicate, ox.Literal(str(lit), datatype=ox.NamedNode(str(lit.datatype))))
                 for s, lit in zip(subjects, typed, strict=True))
    changed = {}
    for subject, lit in zip(subjects, typed, strict=True):
        (quad,) = list(store.quads_for_pattern(subject, predicate, None, None))
        stored = quad.object
        assert isinstance(stored, ox.Literal)  # the store keeps a literal a literal
        if stored.value != str(lit) or stored.datatype.value != str(lit.datatype):
            changed[lit] = Literal(stored.value, datatype=URIRef(stored.datatype.value))
    return changed


def canonicalise_literals(ds: Dataset | MutableMapping[URIRef, set]) -> int:
    """Rewrite every typed literal of `ds` (objects of any graph) to its stored form; the count.
    `ds` is an rdflib Dataset or a mapping of graph names to sets of triples (changed in place)."""
    if not isinstance(ds, Dataset):
        return _canonicalise_sets(ds)
    objects = {o for _s, _p, o, _g in ds.quads((None, None, None, None)) if isinstance(o, Literal)}
    changed = canonical_forms(objects)
    if not changed:
        return 0
    n = 0
    for graph in list(ds.graphs()):
        stale = [(s, p, o) for s, p, o in graph if isinstance(o, Literal) and o in changed]
        for s, p, o in stale:
            graph.remove((s, p, o))
            graph.add((s, p, changed[o]))
        n += len(stale)
    return n


def _canonicalise_sets(graphs: MutableMapping[URIRef, set]) -> int:
    # only a typed literal may change: the others (most of the dataset) are neither hashed nor
    # looked up (hashing an rdflib Literal is slow)
    typed = {name: [t for t in triples if _may_change(t[2])] for name, triples in graphs.items()}
    changed = canonical_forms({o for candidates in typed.values() for _s, _p, o in candidates})
    if not changed:
        return 0
    n = 0
    for name, triples in graphs.items():
        stale = [(s, p, o) for s, p, o in typed[name] if o in changed]
        triples.difference_update(stale)
        triples.update((s, p, changed[o]) for s, p, o in stale)
        n += len(stale)
    return n


def _may_change(term) -> bool:
    if not isinstance(term, Literal):
        return False
    datatype = term.datatype
    return datatype is not None and str(datatype) not in _AS_WRITTEN
