"""What a reader must be able to answer from the graph alone, each answer with its quote.

Expected values are read off the source texts (the file and line are named per test); the graph
must state them, with evidence in the right document.
"""

from __future__ import annotations

import pytest

from nrwkg.store import open_store

PREFIXES = """
PREFIX nrw: <https://w3id.org/nrwkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
EVIDENCE = """
  GRAPH <https://w3id.org/nrwkg/graph/evidence> {
    ?ann oa:hasBody ?body ; oa:hasTarget/oa:hasSource ?doc ; oa:hasTarget/oa:hasSelector ?sel .
    ?body rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o . ?sel oa:exact ?quote }
"""


@pytest.fixture(scope="module")
def store(built):
    return open_store(built)


def _rows(store, query: str) -> list[tuple[str, ...]]:
    return [tuple(t.value if t is not None else "" for t in row) for row in store.query(PREFIXES + query)]


def _slug(iri: str) -> str:
    return iri.rsplit("/", 1)[1]


def test_letter_of_intent_has_fifteen_signatories_each_with_post_organisation_and_quote(store):
    # 002_5c0d0ef1a373a4d5.txt, lines 26-101: fifteen signature blocks
    rows = _rows(store, """
      SELECT ?person (SAMPLE(?org) AS ?o) (SAMPLE(?quote) AS ?q) WHERE {
        <https://w3id.org/nrwkg/id/agreement/loi-zukunftsdialog-industrie> nrw:signatory ?person .
        ?post org:heldBy ?person ; org:postIn ?org ;
              nrw:signedAs <https://w3id.org/nrwkg/id/agreement/loi-zukunftsdialog-industrie> .
        BIND(<https://w3id.org/nrwkg/id/agreement/loi-zukunftsdialog-industrie> AS ?s)
        BIND(nrw:signatory AS ?p) BIND(?person AS ?o)
        """ + EVIDENCE + """
      } GROUP BY ?person ORDER BY ?person""")
    people = {_slug(r[0]): _slug(r[1]) for r in rows}
    assert len(people) == 15
    assert people["ralf-stoffels"] == "ihk-nrw"
    assert people["frank-loellgen"] == "ig-bce-nordrhein"
    assert people["mona-neubaur"] == "mwike"
    assert all(r[2] for r in rows), "every signature has its quote"


def test_aluminium_alliance_partners(store):
    # 004_5b5d792fa9a11b03.txt, line 4: "Die Bündnispartner Speira, TRIMET Aluminium, Aluminium
    # Deutschland, IG Metall, IG BCE und das Wirtschaftsministerium NRW unterzeichnen …"
    rows = _rows(store, """
      SELECT DISTINCT ?partner WHERE {
        <https://w3id.org/nrwkg/id/organization/aluminiumbuendnis-nrw> nrw:partner ?partner } ORDER BY ?partner""")
    assert {_slug(r[0]) for r in rows} == {
        "speira", "trimet-aluminium", "aluminium-deutschland", "ig-metall", "ig-bce", "mwide"}


def test_what_the_state_pays_thyssenkrupp_for_and_how_much(store):
    # 001_4dc5cea5d242827b.txt, lines 168-172: "mit bis zu 700 Mio. Euro Landesmitteln … bei der
    # Umstellung auf eine klimaneutrale Stahlproduktion mittels Wasserstoff"
    rows = _rows(store, """
      SELECT DISTINCT ?amount ?max ?bound ?currency ?quote WHERE {
        ?amount a nrw:MonetaryAmount ; nrw:maxValue ?max ; nrw:bound ?bound ; nrw:currency ?currency ;
                nrw:recipientOfFunds|nrw:paysFor ?what .
        FILTER(CONTAINS(STR(?what), "thyssenkrupp"))
        BIND(?amount AS ?s) BIND(nrw:maxValue AS ?p) BIND(?max AS ?o)
        """ + EVIDENCE + """
      } ORDER BY ?amount""")
    assert rows, "no amount paid to thyssenkrupp"
    amount, maximum, bound, currency, quote = rows[0]
    assert float(maximum) == 700_000_000 and bound.endswith("/bound/upper") and currency == "EUR"
    assert "700 Mio. Euro" in quote


def test_targets_carry_deadlines_stated_in_the_texts(store):
    rows = _rows(store, """
      SELECT DISTINCT ?target ?deadline WHERE { ?target a nrw:Target ; nrw:deadline ?deadline } ORDER BY ?target""")
    deadlines = {}
    for target, deadline in rows:
        deadlines.setdefault(_slug(target), set()).add(deadline[:4])
    assert deadlines["erste-klimaneutrale-industrieregion-europas"] == {"2045"}   # 002 line 9, 003
    assert any(d == {"2025"} and "windenergie" in t for t, d in deadlines.items())  # 001: 1,8 % Landesfläche
    assert any(d == {"2035"} for d in deadlines.values())                            # 001: 100 % Wasserstoff


def test_party_statement_demands_and_from_whom(store):
    # 000_76d4b2ea220f4051.txt, lines 11-16: four demands; the talks with Vallourec are demanded of the
    # Landesregierung ("Die Landesregierung muss sofort das Gespräch … suchen")
    rows = _rows(store, """
      SELECT DISTINCT ?stance ?addressee WHERE {
        GRAPH <https://w3id.org/nrwkg/id/document/starker-industriestandort-nrw> {
          ?stance nrw:modality <https://w3id.org/nrwkg/id/modality/demands> }
        OPTIONAL { ?stance nrw:addressee ?addressee }
      } ORDER BY ?stance""")
    assert len({r[0] for r in rows}) >= 4
    assert any(_slug(r[1]) == "landesregierung-nrw" for r in rows)
    objects = {_slug(r[0]) for r in _rows(store, """
      SELECT DISTINCT ?o WHERE { ?s nrw:modality <https://w3id.org/nrwkg/id/modality/demands> ; nrw:object ?o }
      ORDER BY ?o""")}
    assert "transformationsfonds-30-mrd" in objects and "stahlgipfel-nrw" in objects


def test_the_unknown_author_is_inferred_with_a_reason_never_asserted(store):
    asserted = _rows(store, """
      SELECT ?creator WHERE { GRAPH <https://w3id.org/nrwkg/id/document/starker-industriestandort-nrw> {
        <https://w3id.org/nrwkg/id/document/starker-industriestandort-nrw>
          <http://purl.org/dc/terms/creator> ?creator } }
      ORDER BY ?creator""")
    assert asserted == []
    inferred = _rows(store, """
      SELECT ?creator ?reason WHERE {
        GRAPH <https://w3id.org/nrwkg/graph/inferred> {
          <https://w3id.org/nrwkg/id/document/starker-industriestandort-nrw>
          <http://purl.org/dc/terms/creator> ?creator }
        GRAPH <https://w3id.org/nrwkg/graph/evidence> {
          ?ann nrw:inferredBecause ?reason ; oa:hasBody ?b . ?b rdf:object ?creator } } ORDER BY ?creator""")
    assert inferred and "SPD" in inferred[0][1]
    status = _rows(store, """SELECT ?s WHERE { <https://w3id.org/nrwkg/id/document/starker-industriestandort-nrw>
      nrw:authorStatus ?s } ORDER BY ?s""")
    assert status == [("https://w3id.org/nrwkg/id/statement-status/unknown",)]


def test_a_misspelt_name_resolves_to_the_right_person(store):
    # 003_a579cb60607384c4.txt: the foreword is signed "Mona Neubauer"
    rows = _rows(store, """
      SELECT ?person WHERE { GRAPH <https://w3id.org/nrwkg/id/document/industriepolitisches-leitbild-2025> {
        ?person <http://www.w3.org/2004/02/skos/core#altLabel> "Mona Neubauer"@de } } ORDER BY ?person""")
    assert rows == [("https://w3id.org/nrwkg/id/person/mona-neubaur",)]


def test_successor_ministry_is_a_succession_not_a_merge(store):
    rows = _rows(store, """
      SELECT ?event WHERE { ?event a nrw:Succession ;
        org:originalOrganization <https://w3id.org/nrwkg/id/organization/mwide> ;
        org:resultingOrganization <https://w3id.org/nrwkg/id/organization/mwike> } ORDER BY ?event""")
    assert len(rows) == 1
    labels = _rows(store, """SELECT ?org ?label WHERE {
      VALUES ?org { <https://w3id.org/nrwkg/id/organization/mwide> <https://w3id.org/nrwkg/id/organization/mwike> }
      ?org <http://www.w3.org/2004/02/skos/core#prefLabel> ?label FILTER(LANG(?label) = "de") } ORDER BY ?org""")
    assert len({label for _, label in labels}) == 2, "two organisations with their own names"
