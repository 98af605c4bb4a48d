"""The node and edge sets of each network view, computed from the store with SPARQL alone.

Written from the definition of the network and of each view in the issue, not from
nrwkg.network or nrwkg.views, so that the browser tests can compare what a page draws with what
the data says. A node is a resource typed with an nrw: class in an asserted graph (not a stance);
an edge is a distinct (subject, predicate, object) between two nodes in a document, registry or
inferred graph, or one per stance from its holder to its object (or, when it has no object that
is a node, to its addressee).
"""

from __future__ import annotations

PREFIXES = """
PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
_NOT_ASSERTED = "<https://w3id.org/nrwkg/graph/entailed>, <https://w3id.org/nrwkg/graph/ontology>"


def _node(v: str) -> str:
    """A group pattern that holds when ?v is a node of the network."""
    return f"""
    FILTER EXISTS {{ GRAPH ?g_{v} {{ ?{v} a ?c_{v} }} FILTER(?g_{v} NOT IN ({_NOT_ASSERTED}))
                     FILTER(STRSTARTS(STR(?c_{v}), STR(nrw:))) }}
    FILTER(STRSTARTS(STR(?{v}), "https://w3id.org/nrwkg/id/")
           && !STRSTARTS(STR(?{v}), "https://w3id.org/nrwkg/id/annotation/"))
    FILTER NOT EXISTS {{ ?{v} a nrw:Stance }}
    """


NODES = PREFIXES + f"SELECT DISTINCT ?n WHERE {{ ?n a ?any . {_node('n')} }}"

# Every edge: plain relations (?p bound) and stances (?st bound), with the type of the target.
EDGES = (
    PREFIXES
    + f"""
SELECT DISTINCT ?s ?p ?st ?o WHERE {{
  {{
    GRAPH ?g {{ ?s ?p ?o }}
    FILTER(?g NOT IN ({_NOT_ASSERTED}, <https://w3id.org/nrwkg/graph/evidence>))
    FILTER(?p != rdf:type && isIRI(?o))
    {_node("s")} {_node("o")}
  }} UNION {{
    ?st a nrw:Stance ; nrw:holder ?s .
    {_node("s")}
    {{ ?st nrw:object ?o . {_node("o")} }}
    UNION
    {{ ?st nrw:addressee ?o . {_node("o")}
       FILTER(NOT EXISTS {{ ?st nrw:object ?x }}
              || EXISTS {{ ?st nrw:object ?y . FILTER NOT EXISTS {{ {{ ?y ?yp ?yo }} {_node("y")} }} }}) }}
  }}
}}"""
)

# The class a network node is drawn as: the first nrw: class in an asserted graph.
NODE_TYPES = (
    PREFIXES
    + f"""
SELECT ?n (MIN(STR(?c)) AS ?type) WHERE {{
  GRAPH ?g {{ ?n a ?c }} FILTER(?g NOT IN ({_NOT_ASSERTED})) FILTER(STRSTARTS(STR(?c), STR(nrw:)))
}} GROUP BY ?n"""
)

# What a document supports: the triples of its graph and the statements quoted from it.
DOCUMENT_TRIPLES = (
    PREFIXES
    + """
SELECT ?s ?p ?o ?doc WHERE {
  { GRAPH ?doc { ?s ?p ?o } }
  UNION
  { GRAPH <https://w3id.org/nrwkg/graph/evidence> {
      ?a oa:hasBody ?b ; oa:hasTarget ?t . ?t oa:hasSource ?doc .
      ?b rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o } }
}"""
)

ACTOR_PREDICATES = {
    "https://w3id.org/nrwkg/ontology#" + p
    for p in ("party", "signatory", "signedAs", "partner", "establishes")
} | {
    "http://www.w3.org/ns/org#" + p
    for p in (
        "heldBy",
        "postIn",
        "subOrganizationOf",
        "hasMember",
        "originalOrganization",
        "resultingOrganization",
    )
}
POLICY_PREDICATES = {
    "https://w3id.org/nrwkg/ontology#" + p
    for p in (
        "servesGoal",
        "partOf",
        "responsible",
        "fundedBy",
        "beneficiary",
        "hasAmount",
        "payer",
        "recipientOfFunds",
        "paysFor",
        "establishes",
        "agreedMeasure",
    )
}
POLICY_TYPES = {
    "https://w3id.org/nrwkg/ontology#" + c
    for c in ("PolicyInstrument", "Measure", "Goal", "Target", "MonetaryAmount")
}


def _rows(store, query: str, **bindings) -> list[tuple[str, ...]]:
    import pyoxigraph as ox

    subs = {ox.Variable(k): ox.NamedNode(v) for k, v in bindings.items()}
    return [
        tuple(t.value if t is not None else "" for t in row) for row in store.query(query, substitutions=subs)
    ]


def edges(store) -> set[tuple[str, str, str]]:
    """(source, predicate or stance, target) of every network edge."""
    return {(s, p or st, o) for s, p, st, o in _rows(store, EDGES)}


def selection(store, view: str, **bindings) -> tuple[set[str], set[tuple[str, str, str]]]:
    """(nodes, edges) of a view: all, actors, policy, document (doc=IRI), ego (center=IRI, depth 1)."""
    all_edges = edges(store)
    if view == "all":
        return {n for (n,) in _rows(store, NODES)}, all_edges
    if view == "actors":
        chosen = {e for e in all_edges if e[1] in ACTOR_PREDICATES}
        return {n for s, _, o in chosen for n in (s, o)}, chosen
    if view == "policy":
        types = dict(_rows(store, NODE_TYPES))
        nodes = {n for (n,) in _rows(store, NODES)}
        chosen = {
            e
            for e in all_edges
            if e[1] in POLICY_PREDICATES or ("/id/stance/" in e[1] and types.get(e[2]) in POLICY_TYPES)
        }
        return {n for s, _, o in chosen for n in (s, o)} | {
            n for n in nodes if types.get(n) in POLICY_TYPES
        }, chosen
    if view == "document":
        said = {(s, p, o) for s, p, o, _ in _rows(store, DOCUMENT_TRIPLES, **bindings)}
        subjects = {s for s, _, _ in said}
        chosen = {
            (s, p or st, o)
            for s, p, st, o in _rows(store, EDGES)
            if (p and (s, p, o) in said) or (st and st in subjects)
        }
        return {n for s, _, o in chosen for n in (s, o)}, chosen
    if view == "ego":
        center = bindings["center"]
        nodes = (
            {center}
            | {o for s, _, o in all_edges if s == center}
            | {s for s, _, o in all_edges if o == center}
        )
        return nodes, {e for e in all_edges if e[0] in nodes and e[2] in nodes}
    raise ValueError(view)
