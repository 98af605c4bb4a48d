"""The network sorts the rows of its queries itself (queries/network/*.rq with `#+ order: none`):
its order must be the one the store's ORDER BY gives, on IRIs beyond ASCII, unbound values and
boolean literals."""

from __future__ import annotations

import pyoxigraph as ox

from nrwkg.network import _rows, _sparql_order

EX = "https://w3id.org/nrwkg/id/organization/"
IRIS = [EX + s for s in ("b", "a", "ä", "z", "Z", "a-b", "a/b", "a%20b", "ß", "日本", "😀", "a.b", "ab")]


def _store() -> ox.Store:
    store = ox.Store()
    p, q = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "q")
    for n, iri in enumerate(IRIS):
        s = ox.NamedNode(iri)
        store.add(ox.Quad(s, p, ox.NamedNode(IRIS[(n * 5) % len(IRIS)])))
        if n % 3:
            store.add(ox.Quad(s, q, ox.Literal(n % 2 == 0)))
        if n % 4 == 0:
            store.add(ox.Quad(s, q, ox.BlankNode(f"b{n}")))
    return store


def test_rows_sorted_in_python_come_in_the_order_of_order_by():
    store = _store()
    query = "SELECT ?s ?o WHERE { ?s <https://w3id.org/nrwkg/id/organization/p> ?o }"
    expected = [tuple(t.value for t in s) for s in store.query(query + " ORDER BY ?s ?o")]
    assert _rows(store.query(query)) == expected


def test_the_sparql_order_of_unbound_blank_iri_and_boolean_values_is_that_of_order_by():
    store = _store()
    query = ("SELECT ?s ?v WHERE { ?s <https://w3id.org/nrwkg/id/organization/p> ?x"
             " OPTIONAL { ?s <https://w3id.org/nrwkg/id/organization/q> ?v } }")
    expected = [tuple(s) for s in store.query(query + " ORDER BY ?v ?s")]
    ours = sorted(store.query(query), key=lambda s: _sparql_order((s["v"], s["s"])))
    assert [tuple(s) for s in ours] == expected
    assert {type(t) for row in expected for t in row} == {type(None), ox.NamedNode, ox.Literal, ox.BlankNode}
