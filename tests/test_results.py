"""Result formats: the W3C result formats read back to the same terms; tables and Markdown for people."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from nrwkg.query.results import Result, format_result, normalise, to_python

XSD = "http://www.w3.org/2001/XMLSchema#"
TRICKY = ox.Literal('Zitat: „Wir | fordern“\n"zweite" Zeile\t\\', language="de")
ROWS = Result(
    "select",
    ["s", "text", "n", "day"],
    [
        (
            ox.NamedNode("https://w3id.org/nrwkg/id/organization/mwike"),
            TRICKY,
            ox.Literal("700000000", datatype=ox.NamedNode(XSD + "integer")),
            ox.Literal("2023-01-20", datatype=ox.NamedNode(XSD + "date")),
        ),
        (
            ox.NamedNode("http://example.org/no-prefix"),
            None,
            ox.Literal("0.06", datatype=ox.NamedNode(XSD + "decimal")),
            None,
        ),
    ],
)
PREFIXES = {"organization": "https://w3id.org/nrwkg/id/organization/", "xsd": XSD}


@pytest.mark.parametrize(
    "fmt, reader", [("json", ox.QueryResultsFormat.JSON), ("tsv", ox.QueryResultsFormat.TSV)]
)
def test_json_and_tsv_read_back_to_the_same_terms(fmt, reader):
    parsed = ox.parse_query_results(format_result(ROWS, fmt).encode(), format=reader)
    names = [v.value for v in parsed.variables]
    assert names == ROWS.variables
    assert [tuple(s[n] for n in names) for s in parsed] == ROWS.rows


def test_csv_holds_plain_values():
    rows = list(csv.reader(io.StringIO(format_result(ROWS, "csv"), newline="")))
    assert rows[0] == ["s", "text", "n", "day"]
    assert rows[1] == [
        "https://w3id.org/nrwkg/id/organization/mwike",
        TRICKY.value,
        "700000000",
        "2023-01-20",
    ]
    assert rows[2] == ["http://example.org/no-prefix", "", "0.06", ""]


def test_a_table_uses_curies_keeps_one_line_per_row_and_marks_cut_cells():
    text = format_result(ROWS, "table", PREFIXES, max_width=12)
    lines = text.splitlines()
    assert len(lines) == 2 + 2 + 1 and lines[-1] == "(2 rows)"
    assert lines[2].startswith("organization:mwike"[:11] + "…")
    assert "Zitat: „Wir…" in lines[2]


def test_markdown_escapes_pipes_and_newlines():
    text = format_result(ROWS, "md", PREFIXES)
    assert text.splitlines()[2] == (
        '| organization:mwike | Zitat: „Wir \\| fordern“ "zweite" Zeile \\\\ | 700000000 | 2023-01-20 |'
    )


def test_ask_in_every_row_format():
    yes = Result("ask", boolean=True)
    assert json.loads(format_result(yes, "json")) == {"head": {}, "boolean": True}
    assert format_result(yes, "csv") == "ask\r\ntrue\r\n"
    assert format_result(yes, "table").splitlines()[2] == "true"


def test_graphs_as_turtle_ntriples_and_json_ld_are_the_same_graph_in_any_order():
    a, b = ox.NamedNode("https://w3id.org/nrwkg/id/organization/mwike"), ox.NamedNode("http://example.org/p")
    triples = [
        ox.Triple(a, b, TRICKY),
        ox.Triple(a, b, ox.Literal("1", datatype=ox.NamedNode(XSD + "integer"))),
    ]
    forward, backward = Result("graph", triples=triples), Result("graph", triples=triples[::-1])
    nt = format_result(forward, "nt")
    assert nt == format_result(backward, "nt")
    for fmt, rdflib_format in (("ttl", "turtle"), ("jsonld", "json-ld")):
        text = format_result(forward, fmt, PREFIXES)
        assert text == format_result(backward, fmt, PREFIXES)
        assert isomorphic(Graph().parse(data=text, format=rdflib_format), Graph().parse(data=nt, format="nt"))
    assert format_result(forward, "ttl", PREFIXES).startswith("@prefix organization: ")


def test_python_values_and_value_comparison():
    row = ROWS.rows[0]
    assert [to_python(t, PREFIXES) for t in row] == [
        "organization:mwike",
        TRICKY.value,
        700000000,
        datetime.date(2023, 1, 20),
    ]
    six = ox.Literal("6", datatype=ox.NamedNode(XSD + "decimal"))
    assert normalise(six) == normalise(ox.Literal("6.0", datatype=ox.NamedNode(XSD + "decimal")))
    assert normalise(six) != normalise(ox.Literal("6", datatype=ox.NamedNode(XSD + "integer")))
