"""Golden results: every library query's answer on the bundled graph, kept as a file, so that a
change in the data or a query shows as a diff. Regenerate with `python scripts/update_golden.py`.

The answers are pinned to the corpus they were made from, the documents of golden/documents.tsv: a
build that holds further documents (a sixth one ingested and accepted, scripts/sixth_document.sh)
legitimately answers otherwise, and the comparison is skipped there, naming the documents it adds.
A document missing or changed is still a diff."""

# ruff: noqa: F811  (fixtures imported from tests.query_helpers)
from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from nrwkg.query.results import to_golden
from tests.query_helpers import library_queries, oxigraph_engine, query_ids  # noqa: F401

GOLDEN = Path(__file__).parent / "golden"
HINT = "the answer changed: if that is intended, run `python scripts/update_golden.py` and review the diff"


def _documents(tsv: str) -> set[str]:
    return {line.split("\t")[0] for line in tsv.splitlines()[1:] if line}


@pytest.fixture(scope="module")
def added_documents(oxigraph_engine) -> list[str]:  # noqa: F811
    """The build's documents beyond those the golden answers were made from."""
    [qdef] = [q for q in library_queries() if q.name == "documents"]
    _, now = to_golden(oxigraph_engine.run(qdef.text, qdef.bind()))
    return sorted(_documents(now) - _documents((GOLDEN / "documents.tsv").read_text(encoding="utf-8")))


@pytest.mark.parametrize("qdef", library_queries(), ids=query_ids())
def test_the_answer_on_the_bundled_graph_is_the_golden_one(qdef, oxigraph_engine, added_documents):  # noqa: F811
    if added_documents:
        pytest.skip(f"golden answers are for the documents of golden/documents.tsv; this build adds {added_documents}")
    suffix, text = to_golden(oxigraph_engine.run(qdef.text, qdef.bind()))
    path = GOLDEN / f"{qdef.name}.{suffix}"
    assert path.exists(), f"no expected result {path.name}: {HINT}"
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), text.splitlines(), "expected", "now", lineterm="", n=1
        )
        pytest.fail(f"{HINT}\n" + "\n".join(list(diff)[:40]))


def test_every_golden_file_belongs_to_a_library_query():
    names = {q.name for q in library_queries()}
    assert (
        sorted(
            p.name for p in GOLDEN.glob("*.*") if p.name.split(".")[0] not in names and p.name != "README.md"
        )
        == []
    )
