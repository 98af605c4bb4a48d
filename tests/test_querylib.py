"""The query library: headers, parameters, coverage of the competency questions, generated index."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

from nrwkg.errors import QueryError
from nrwkg.query.index import load_categories, update_readme
from nrwkg.query.library import XSD, load_library, parse_query, resolve
from nrwkg.query.sparql import inspect
from tests.query_helpers import library_queries, query_ids

# Each competency question of issue 6 and the library queries that answer it.
COVERAGE = {
    "agreements and their signatories with roles": [
        "agreements",
        "agreement-signatories",
        "agreement-parties",
    ],
    "alliance partners": ["alliance-partners"],
    "posts people hold": ["posts", "std-people-and-posts"],
    "instruments by type": ["instruments-by-type", "instrument-types"],
    "instruments by responsible actor": ["instruments-by-responsible"],
    "instruments by funder": ["instruments-by-funder"],
    "instruments by goal": ["instruments-by-goal"],
    "money by instrument, actor, site and period, with bounds": [
        "money-by-instrument",
        "money-by-actor",
        "money-by-site",
        "money-by-period",
    ],
    "targets by deadline": ["targets-by-deadline"],
    "stances by modality": ["stances-by-modality", "stance-counts"],
    "demands never answered by a commitment": ["demands-unanswered"],
    "actors in several documents and their roles": ["actors-in-several-documents", "actor-relations"],
    "what a given document says": ["document-statements"],
    "the evidence quote behind any triple": ["evidence-for-triple", "is-stated"],
    "sites and places with coordinates": ["sites-and-places", "std-places"],
    "organisational structure": ["sub-organisations", "successions", "std-org-chart"],
    "entities with external identifiers": ["external-ids", "external-id-coverage"],
    "co-occurrence of actors": ["actor-co-occurrence"],
    "a timeline of dated facts": ["timeline"],
    "standard vocabularies only": [
        "std-organisations",
        "std-people-and-posts",
        "std-prov-attribution",
        "std-schema-funders",
        "std-skos-concepts",
        "std-places",
        "std-org-chart",
    ],
}
STANDARD_NAMESPACES = (
    "http://www.w3.org/ns/org#",
    "http://xmlns.com/foaf/0.1/",
    "https://schema.org/",
    "http://www.w3.org/ns/prov#",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "http://www.w3.org/2001/XMLSchema#",
    "https://w3id.org/nrwkg/id/scheme/",
    "https://w3id.org/nrwkg/graph/",  # graph names (data, not vocabulary): where a fact is stated or inferred
)


def test_the_library_has_at_least_30_questions_and_covers_the_issue():
    library = load_library()
    assert len(library) >= 30
    missing = {item: [q for q in names if q not in library] for item, names in COVERAGE.items()}
    assert not {k: v for k, v in missing.items() if v}


@pytest.mark.parametrize("qdef", library_queries(), ids=query_ids())
def test_every_query_has_a_bilingual_summary_tags_and_a_known_category(qdef):
    assert len(qdef.summary_de) > 20 and len(qdef.summary_en) > 20
    assert qdef.summary_de != qdef.summary_en
    assert qdef.tags
    assert qdef.category in {c.name for c in load_categories()}


@pytest.mark.parametrize("qdef", library_queries(), ids=query_ids())
def test_every_select_orders_by_all_projected_variables(qdef):
    info = inspect(qdef.text)
    if info.form != "SELECT":
        return
    assert info.projection, f"{qdef.name}: list the projected variables (no SELECT *)"
    tokens = info.tokens
    order = next(
        (i for i in range(len(tokens) - 1) if tokens[i].keyword == "ORDER" and tokens[i + 1].keyword == "BY"),
        None,
    )
    assert order is not None, f"{qdef.name} has no ORDER BY"
    ordered = {t.text[1:] for t in tokens[order:] if t.kind == "var"}
    assert set(info.projection) <= ordered, f"{qdef.name}: not ordered by {set(info.projection) - ordered}"


@pytest.mark.parametrize("qdef", library_queries(), ids=query_ids())
def test_every_query_is_valid_sparql_for_an_independent_parser(qdef):
    from rdflib.plugins.sparql import prepareQuery

    prepareQuery(qdef.text)  # raises on a syntax error


@pytest.mark.parametrize(
    "qdef",
    [q for q in library_queries() if q.category == "standard"],
    ids=[q.name for q in library_queries() if q.category == "standard"],
)
def test_standard_vocabulary_queries_use_no_nrwkg_term(qdef):
    info = inspect(qdef.text)
    iris = [iri for iri in info.prefixes.values()]
    iris += [t.text[1:-1] for t in info.tokens if t.kind == "iri"]
    assert all(iri.startswith(STANDARD_NAMESPACES) for iri in iris), iris


def test_the_query_index_in_the_readme_is_generated_and_current():
    assert update_readme(load_library(), write=False), "run: python scripts/gen_query_readme.py"


def test_every_category_has_queries():
    used = {q.category for q in library_queries()}
    assert [c.name for c in load_categories() if c.name not in used] == []


# ------------------------------------------------------------------ headers and parameters

HEADER = "#+ summary: Deutsch. / English.\n#+ tags: actors\n"
QUERY = (
    "PREFIX nrw: <https://w3id.org/nrwkg/ontology#>\n"
    "SELECT ?actor ?n WHERE { ?actor nrw:holder ?n } ORDER BY ?actor ?n\n"
)


def test_parameters_are_typed_by_their_default():
    q = parse_query(HEADER + "#+ param: actor = organization:mwike\n#+ param: n = 2\n" + QUERY, "t")
    assert q.params["actor"].type == "iri"
    assert q.params["actor"].default == ox.NamedNode("https://w3id.org/nrwkg/id/organization/mwike")
    assert q.params["n"].type == "integer"
    bound = q.bind({"actor": "<https://w3id.org/nrwkg/id/organization/ig-metall>", "n": "7"})
    assert bound["actor"].value.endswith("/ig-metall")
    assert bound["n"] == ox.Literal("7", datatype=ox.NamedNode(XSD + "integer"))


def test_an_empty_value_or_undef_unbinds_a_parameter():
    q = parse_query(HEADER + "#+ param: actor = organization:mwike\n" + QUERY, "t")
    assert q.bind({"actor": ""}) == {}
    assert q.bind({"actor": "UNDEF"}) == {}
    assert "actor" in q.bind()


@pytest.mark.parametrize(
    "param, value, message",
    [
        ("actor", "foo:bar", "unknown prefix 'foo'"),
        ("actor", "organization:has space", "invalid"),
        ("actor", "just-text", "expected an IRI or a CURIE"),
        ("n", "seven", "expected an integer"),
        ("n", "1.5", "expected an integer"),
    ],
)
def test_a_malformed_value_names_the_parameter(param, value, message):
    q = parse_query(HEADER + "#+ param: actor iri = UNDEF\n#+ param: n integer = UNDEF\n" + QUERY, "t")
    with pytest.raises(QueryError, match=f"parameter {param}: .*{message}"):
        q.bind({param: value})


def test_an_unknown_parameter_is_refused_with_the_known_ones():
    q = parse_query(HEADER + "#+ param: actor iri = UNDEF\n" + QUERY, "t")
    with pytest.raises(QueryError, match=r"unknown parameter 'actr' for query t \(parameters: actor\)"):
        q.bind({"actr": "organization:mwike"})


def test_typed_literal_defaults_and_year_and_string_values():
    q = parse_query(
        HEADER + '#+ param: actor string = "Stahl"@de\n#+ param: n = "2030"^^xsd:gYear\n' + QUERY, "t"
    )
    assert q.params["n"].type == "year"
    assert q.bind({"actor": "Aluminium"})["actor"] == ox.Literal("Aluminium", language="de")
    with pytest.raises(QueryError, match="expected a year"):
        q.bind({"n": "20300"})


@pytest.mark.parametrize(
    "header, message",
    [
        ("#+ summary: nur Deutsch\n", "summary must be"),
        ("#+ sumary: x / y\n", "unknown header '#\\+ sumary:'"),
        ("#+ param: other = organization:mwike\n", "not a variable of the query"),
        ("#+ param: actor = UNDEF\n", "needs a type"),
        ("#+ param: actor integer = organization:mwike\n", "is not of type integer"),
        ("#+ param: actor = organization:mwike\n#+ param: actor = organization:mwike\n", "declared twice"),
        ("#+ param: actor = nope:x\n", "unknown prefix"),
    ],
)
def test_a_broken_header_is_refused_with_file_and_line(tmp_path, header, message):
    path = tmp_path / "broken.rq"
    path.write_text(header + QUERY, encoding="utf-8")
    with pytest.raises(QueryError, match=message) as info:
        resolve(str(path), library={})
    assert str(path) + ":" in str(info.value)


def test_a_parameter_must_be_projected_because_pyoxigraph_binds_only_projected_variables():
    text = HEADER + "#+ param: n = 2\n" + QUERY.replace("SELECT ?actor ?n", "SELECT ?actor")
    with pytest.raises(QueryError, match="must be a projected variable"):
        parse_query(text, "t")


def test_an_unknown_query_name_suggests_the_closest():
    with pytest.raises(QueryError, match="did you mean agreement-signatories"):
        resolve("agreement-signatory")


def test_the_quotes_of_contradictions_are_looked_up_for_every_compared_property():
    """The evidence OPTIONALs start from a VALUES list of the compared properties (so that Oxigraph
    does not join every annotation); a property compared above but missing there loses its quotes."""
    text = load_library()["contradictions"].text
    evidence = text.index("GRAPH <https://w3id.org/nrwkg/graph/evidence>")
    lists = [(m.start(), set(m.group(1).split())) for m in re.finditer(r"VALUES \?property \{([^}]*)\}", text)]
    compared = set().union(*(props for at, props in lists if at < evidence))
    quoted = [props for at, props in lists if at > evidence]
    assert len(quoted) == 2 and all(props == compared for props in quoted), (compared, quoted)


def test_the_quotes_of_document_changes_are_looked_up_for_every_compared_property():
    """The two quote OPTIONALs of document-changes keep only the compared properties (a FILTER IN, so
    that Oxigraph starts from the document's targets); a property a branch compares but missing there
    loses its quotes."""
    text = load_library()["document-changes"].text
    evidence = text.index("GRAPH <https://w3id.org/nrwkg/graph/evidence>")
    compared = set().union(*(set(m.group(1).split())
                             for m in re.finditer(r"VALUES \?property \{([^}]*)\}", text[:evidence])))
    quoted = [{term.strip() for term in m.group(1).split(",")}
              for m in re.finditer(r"FILTER\(\?property IN \(([^)]*)\)\)", text[evidence:])]
    assert len(compared) == 15 and len(quoted) == 2 and all(props == compared for props in quoted), (compared, quoted)
