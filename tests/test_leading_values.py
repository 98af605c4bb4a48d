"""A leading one-row VALUES block run as pyoxigraph substitutions (nrwkg.query.leading_values).

Each query below is written once without the block; the test puts `VALUES (?x) { (…) }` first in
its WHERE group (as nrwkg.query.sparql.inject_values does) and compares, on a real pyoxigraph
store, the text with the block against the text without it run with `substitutions=`:

- where leading_values accepts the block, both answer alike;
- where it refuses, substituting anyway answers otherwise (or pyoxigraph refuses it): each rule
  keeps a wrong answer out, and the test fails if a rule is dropped or pyoxigraph changes.

Then the library: every query with its default parameters answers byte for byte alike through a
query worker (nrwkg.serve.worker.execute) with and without the substitutions, and the queries
that gain most take them.
"""

from __future__ import annotations

import dataclasses

import pyoxigraph as ox
import pytest

from nrwkg.query.leading_values import Leading, leading_values
from nrwkg.query.prologue import add_prefixes
from nrwkg.query.sparql import canonical, inspect
from nrwkg.serve.examples import load_examples
from nrwkg.serve.safety import check_query
from nrwkg.serve.worker import Job, execute

EX = "http://ex/"
DATA = """
<http://ex/a> <http://ex/p> <http://ex/b> <http://ex/g1> .
<http://ex/a> <http://ex/p> <http://ex/c> <http://ex/g1> .
<http://ex/b> <http://ex/q> <http://ex/a> <http://ex/g2> .
<http://ex/c> <http://ex/q> <http://ex/d> <http://ex/g2> .
<http://ex/b> <http://ex/label> "Bee"@en <http://ex/g2> .
<http://ex/b> <http://ex/size> "2"^^<http://www.w3.org/2001/XMLSchema#integer> <http://ex/g2> .
"""
B, C = "<http://ex/b>", "<http://ex/c>"
P = "PREFIX : <http://ex/>\n"

# (name, query without the block, the value of ?x): the block is taken as substitutions
AGREE = [
    ("union branches binding it by GRAPH and pattern, a FILTER where bound",
     "SELECT ?x ?s WHERE { { GRAPH ?g { ?x :q ?s } FILTER(?x != ?s) } UNION { GRAPH ?g { ?s :p ?x } } }", B),
    ("a FILTER, COALESCE and BIND at the top", "SELECT ?x ?s ?y WHERE { ?s :p ?o . ?x :q ?z "
     "FILTER(COALESCE(?x, :z) != ?o) BIND(STR(?x) AS ?y) }", B),
    ("OPTIONAL at the top", "SELECT ?x ?s ?o WHERE { ?s :p ?o OPTIONAL { ?o :q ?x } }", B),
    ("MINUS at the top", "SELECT ?x ?s ?o WHERE { ?s :p ?o MINUS { ?o :q ?x } }", B),
    ("a SELECT * sub-select", "SELECT ?x ?o WHERE { { SELECT * WHERE { ?x :q ?o } } }", B),
    ("a sub-select projecting it", "SELECT ?x ?o WHERE { { SELECT DISTINCT ?x ?o WHERE { ?x :q ?o } } }", B),
    ("BIND to it in a nested group", "SELECT ?x ?s WHERE { ?x :q ?z { ?s :p ?o BIND(?o AS ?x) } }", B),
    ("a sub-select binding it by AS",
     "SELECT ?x ?s WHERE { ?x :q ?z { SELECT ?s (?o AS ?x) WHERE { ?s :p ?o } } }", B),
    ("a sub-select with its own variable of that name in an expression",
     "SELECT ?x ?o ?y WHERE { ?x :q ?z { SELECT ?o (STR(?x) AS ?y) WHERE { ?x :q ?o } } }", B),
    ("a sub-select with its own variable of that name, limited",
     "SELECT ?x ?o WHERE { :a :p ?o . ?x :q ?z { SELECT ?o WHERE { ?o :q ?x } ORDER BY ?o LIMIT 1 } }", B),
    ("NOT EXISTS in a group that binds it before", "SELECT ?x ?o WHERE { { ?x :q ?o FILTER NOT EXISTS { ?o :p ?x } } }",
     C),
    ("OPTIONAL in a group that binds it before", "SELECT ?x ?o WHERE { { ?s :p ?x OPTIONAL { ?x :q ?o } } }", B),
    ("a union whose every branch binds it, then OPTIONAL", "SELECT ?x ?s ?o WHERE { { { ?x :q ?s } UNION "
     "{ ?s :p ?x } } OPTIONAL { ?x :q ?o } }", C),
    ("ASK", "ASK { ?x :q :a }", B),
    ("CONSTRUCT", "CONSTRUCT { ?x :r ?o } WHERE { ?x :q ?o }", B),
    ("SELECT *", "SELECT * WHERE { ?x :q ?o }", B),
    ("ORDER BY it", "SELECT ?x ?o WHERE { ?x :q ?o } ORDER BY ?x ?o", B),
    ("a prefixed name", "SELECT ?x ?o WHERE { ?x :q ?o }", ":b"),
    ("a literal with a language", "SELECT ?x ?s WHERE { ?s :label ?x }", '"Bee"@en'),
    ("a number", "SELECT ?x ?s WHERE { ?s :size ?x }", "2"),
    ("a typed literal by prefixed name", "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> "
     "SELECT ?x ?s WHERE { ?s :size ?x }", '"2"^^xsd:integer'),
]

# (name, query without the block, the value of ?x): refused, and a substitution would answer otherwise
DIFFER = [
    ("OPTIONAL in a group that does not bind it", "SELECT ?x ?s WHERE { { ?s :p ?o OPTIONAL { ?o :q ?x } } }", B),
    ("MINUS in a group that does not bind it", "SELECT ?x ?s WHERE { { ?s :p ?o MINUS { ?o :q ?x } } }", B),
    ("a FILTER in a union branch that does not bind it",
     "SELECT ?x ?s WHERE { { ?s :p ?o FILTER(?x != ?o) } UNION { ?s :q ?x } }", B),
    ("NOT EXISTS in a group that does not bind it",
     "SELECT ?x ?s WHERE { { ?s :p ?o FILTER NOT EXISTS { ?x :q ?s } } }", C),
    ("BIND in a nested group", "SELECT ?x ?s ?y WHERE { { ?s :p ?o BIND(STR(?x) AS ?y) } }", B),
    ("BOUND at the top", "SELECT ?x ?s WHERE { ?s :p ?o FILTER(BOUND(?x)) }", B),
    ("BOUND in the projection", "SELECT ?x ?s (BOUND(?x) AS ?b) WHERE { ?s :p ?o }", B),
    ("BOUND in HAVING", "SELECT ?x ?s WHERE { ?s :p ?o } GROUP BY ?x ?s HAVING(BOUND(?x))", B),
    ("a sub-select with LIMIT",
     "SELECT ?x ?o WHERE { { SELECT ?x ?o WHERE { ?x :q ?o } ORDER BY DESC(?o) LIMIT 1 } }", B),
    ("BIND to it at the top (an error with the block)", "SELECT ?x ?s WHERE { ?s :p ?o BIND(?o AS ?x) }", B),
    ("a sub-select projecting it and an expression over it",
     "SELECT ?x ?y WHERE { { SELECT ?x (COALESCE(?x, :none) AS ?y) WHERE { { ?x :q ?o } UNION { ?s :p ?o } } } }", B),
    ("not projected", "SELECT ?o WHERE { ?x :q ?o }", B),
    ("a SELECT * sub-select with an OPTIONAL that does not bind it before",
     "SELECT ?x ?s WHERE { { SELECT * WHERE { ?s :p ?o OPTIONAL { ?o :q ?x } } } }", B),
    ("an optional group binding it only after the OPTIONAL",
     "SELECT ?x ?s WHERE { { ?s :p ?o OPTIONAL { ?o :q ?x } ?s ?any ?x } }", B),
]


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(input=DATA, format=ox.RdfFormat.N_QUADS)
    return store


def _with_block(query: str, value: str) -> str:
    brace = query.index("{", query.index("WHERE")) if "WHERE" in query else query.index("{")
    return f"{query[:brace + 1]} VALUES (?x) {{ ({value}) }} {query[brace + 1:]}"


def _prepared(text: str):
    prepared = add_prefixes(canonical(P + text))
    return prepared.text, inspect(prepared.text, prepared.tokens)


def _answer(store: ox.Store, text: str, substitutions: dict | None = None):
    result = store.query(text, substitutions=substitutions or {}, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        return sorted(tuple(str(term) for term in row) for row in result)
    return sorted(str(triple) for triple in result)


@pytest.mark.parametrize(("name", "query", "value"), AGREE, ids=[case[0] for case in AGREE])
def test_taken_as_substitutions_where_both_agree(store, name, query, value):
    text, info = _prepared(_with_block(query, value))
    leading = leading_values(info, text)
    assert leading is not None, f"{name}: the block should be taken as substitutions"
    assert "VALUES" not in leading.text and len(leading.text) == len(text)
    substitutions = {ox.Variable(n): term for n, term in leading.bindings}
    assert _answer(store, leading.text, substitutions) == _answer(store, text)
    assert _answer(store, text) not in ([], False), "a case whose answer is empty shows nothing"


@pytest.mark.parametrize(("name", "query", "value"), DIFFER, ids=[case[0] for case in DIFFER])
def test_refused_where_a_substitution_would_answer_otherwise(store, name, query, value):
    text, info = _prepared(_with_block(query, value))
    assert leading_values(info, text) is None, f"{name}: a substitution changes the answer here"
    plain, _ = _prepared(query)
    turtle = f"@prefix : <{EX}> . <urn:s> <urn:p> {value} ."
    term = next(iter(ox.parse(input=turtle, format=ox.RdfFormat.TURTLE))).object
    substituted = _outcome(store, plain, {ox.Variable("x"): term})  # an error: the block must run as it is
    assert substituted != _outcome(store, text), f"{name}: both answer alike, so the rule keeps nothing out"


def _outcome(store: ox.Store, text: str, substitutions: dict | None = None):
    try:
        return _answer(store, text, substitutions)
    except (SyntaxError, ValueError, TypeError, RuntimeError) as exc:
        return type(exc)


def test_a_value_used_in_expressions_only_is_left_in_its_block():
    text, info = _prepared(_with_block("SELECT ?x ?s WHERE { ?s :p ?o FILTER(?o != ?x) }", B))
    assert leading_values(info, text) is None


@pytest.mark.parametrize("block", [
    "VALUES (?x) { (<http://ex/b>) (<http://ex/c>) }",  # two rows
    "VALUES ?x { <http://ex/b> <http://ex/c> }",
    "VALUES (?x) { (UNDEF) }",
    "VALUES (?x) { (<b>) }",  # a relative IRI: its meaning depends on BASE
    "VALUES (?x) { (-2) }",
    "VALUES (?x ?x) { (<http://ex/b> <http://ex/c>) }",
    "VALUES (?x) { (_:b) }",
])
def test_only_one_row_of_plain_terms(block):
    text, info = _prepared(f"SELECT ?x ?o WHERE {{ {block} ?x :q ?o }}")
    assert leading_values(info, text) is None


def test_a_block_not_first_or_a_second_block_naming_it_is_not_taken():
    for query in ("SELECT ?x ?o WHERE { ?x :q ?o VALUES (?x) { (:b) } }",
                  "SELECT ?x ?o WHERE { VALUES (?x) { (:b) } ?x :q ?o { VALUES ?x { :b :c } } }",
                  "SELECT ?x ?o WHERE { ?x :q ?o } VALUES (?x) { (:b) }"):
        text, info = _prepared(query)
        assert leading_values(info, text) is None, query


def test_the_single_variable_form_and_offsets_kept():
    text, info = _prepared("SELECT ?x ?o\nWHERE {\n  VALUES ?x { :b }\n  ?x :q ?o }")
    leading = leading_values(info, text)
    assert leading is not None and leading.bindings == (("x", ox.NamedNode(EX + "b")),)
    assert leading.text.count("\n") == text.count("\n") and leading.text.index("?x :q") == text.index("?x :q")


@pytest.fixture(scope="module")
def built_store(built):
    from nrwkg.store import open_store

    return open_store(built)


def test_library_answers_alike_with_and_without_substitutions(built_store):
    graphs = frozenset(g.value for g in built_store.named_graphs() if isinstance(g, ox.NamedNode))
    taken = []
    for example in load_examples():
        checked = check_query(example["query"], graphs)
        if checked.leading is None:
            continue
        taken.append(example["name"])
        for accept in ("application/sparql-results+json", "text/tab-separated-values"):
            substituted = execute(built_store, graphs, Job(checked.text, accept, checked=checked))
            as_sent = execute(built_store, graphs,
                              Job(checked.text, accept, checked=dataclasses.replace(checked, leading=None)))
            assert substituted.status == 200, (example["name"], substituted.body[:300])
            assert substituted.body == as_sent.body, example["name"]
    # the parameters of these are used where a substitution means what the block means
    assert {"document-changes", "evidence-for-triple", "document-statements"} <= set(taken)
    # a value used in expressions only is not taken (no index look-up to gain)
    assert not {"find-entity", "actor-co-occurrence", "actors-in-several-documents"} & set(taken)


def test_a_worker_runs_the_text_as_sent_when_pyoxigraph_refuses_the_substitutions(built_store):
    """Should pyoxigraph refuse the substituted form (here: a variable the SELECT does not project,
    which leading_values itself never passes), the worker answers the text as sent, not an error."""
    graphs = frozenset(g.value for g in built_store.named_graphs() if isinstance(g, ox.NamedNode))
    iri = "https://w3id.org/nrwkg/id/organization/mwike"
    block = f"VALUES (?s) {{ (<{iri}>) }}"
    checked = check_query(f"SELECT ?label WHERE {{ {block} GRAPH ?g {{ ?s rdfs:label ?label }} }} ORDER BY ?label",
                          graphs)
    assert checked.leading is None  # not projected: refused by the rules
    refused = Leading(checked.text.replace(block, " " * len(block)), (("s", ox.NamedNode(iri)),))
    with pytest.raises(RuntimeError):  # pyoxigraph's own refusal, which the fallback is for
        built_store.query(refused.text, substitutions={ox.Variable("s"): ox.NamedNode(iri)})
    as_sent = execute(built_store, graphs, Job(checked.text, "text/tab-separated-values", checked=checked))
    fallen_back = execute(built_store, graphs, Job(checked.text, "text/tab-separated-values",
                                                   checked=dataclasses.replace(checked, leading=refused)))
    assert as_sent.status == fallen_back.status == 200
    assert fallen_back.body == as_sent.body and as_sent.body.count(b"\n") > 1
