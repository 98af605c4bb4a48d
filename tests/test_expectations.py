"""Expectations written by hand from the documents (tests/expectations/*.yaml), kept apart from the
regenerated golden files (tests/golden/, scripts/update_golden.py): regenerating those cannot hide a
wrong answer here. Each expectation names the query, its parameters, the document and the verbatim
quote it was read from, and what the answer must hold:

- `row`: some row has these values (a subset of its columns);
- `no_row`: no row has these values;
- `count`: the number of rows (after `where`, a subset of columns every counted row has);
- `answer` (ASK): true or false; `triple` (CONSTRUCT): a triple of CURIEs the graph holds.

Values are compared as `Graph.query` gives them (CURIEs, numbers, text); a number matches a number of
the same value. Every quote must occur in its document's stored text (whitespace, line-end hyphens and
Markdown emphasis aside), so an expectation cannot drift from the text it claims to come from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nrwkg.api import Graph
from tests.conftest import REPO

FOLDER = Path(__file__).parent / "expectations"
DOCUMENTS = {entry["id"]: entry["file"] for entry in
             yaml.safe_load((REPO / "graph" / "corpus" / "documents.yaml").read_text(encoding="utf-8"))}


def _load():
    cases = []
    for path in sorted(FOLDER.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for i, case in enumerate(data["expectations"], start=1):
            cases.append(pytest.param(data["query"], case, id=f"{path.stem}-{i}"))
    return cases


CASES = _load()


def _plain(text: str) -> str:
    text = re.sub(r"-\n(?=[a-zäöüß])", "", text)
    text = text.replace("*", "").replace("\\", "")
    return " ".join(text.split())


def _same(actual, expected) -> bool:
    if isinstance(expected, (int, float)) and not isinstance(expected, bool):
        try:
            return float(actual) == float(expected)
        except (TypeError, ValueError):
            return False
    if isinstance(expected, bool) or expected is None:
        return actual == expected
    return str(actual) == str(expected)


def _matches(row: dict, wanted: dict) -> bool:
    return all(key in row and _same(row[key], value) for key, value in wanted.items())


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph.load(built)


def test_every_library_query_has_a_hand_written_expectation():
    from nrwkg.query.library import load_library

    covered = {yaml.safe_load(p.read_text(encoding="utf-8"))["query"] for p in FOLDER.glob("*.yaml")}
    missing = sorted(set(load_library()) - covered)
    assert missing == [], f"library queries without an expectation in tests/expectations/: {missing}"


@pytest.mark.parametrize("query, case", CASES)
def test_the_quote_is_in_its_document(query, case):
    text = (REPO / "graph" / "corpus" / DOCUMENTS[case["document"]]).read_text(encoding="utf-8")
    assert _plain(case["quote"]) in _plain(text), f"{case['document']} does not say {case['quote']!r}"


@pytest.mark.parametrize("query, case", CASES)
def test_the_answer_holds_what_the_document_says(graph, query, case):
    rows = graph.query(query, **case.get("params", {}))
    if "answer" in case:  # ASK
        assert rows is case["answer"]
    if "triple" in case:  # CONSTRUCT
        assert tuple(case["triple"]) in rows
    if "row" in case:
        assert any(_matches(r, case["row"]) for r in rows), f"no row with {case['row']}"
    if "no_row" in case:
        assert not any(_matches(r, case["no_row"]) for r in rows), f"a row with {case['no_row']}"
    if "count" in case:
        counted = [r for r in rows if _matches(r, case.get("where", {}))]
        assert len(counted) == case["count"]
