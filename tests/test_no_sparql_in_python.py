"""Issue 10.3: no SPARQL text in Python; every query is a file under queries/ read by one loader."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from nrwkg.query.files import query_names, query_text

REPO = Path(__file__).resolve().parents[1]
_QUERY_START = re.compile(
    r"^\s*(PREFIX\s+[\w-]*:\s*<|BASE\s*<|SELECT\s+(DISTINCT\s+|REDUCED\s+)?[?*(]|ASK\s*(WHERE\s*)?\{"
    r"|CONSTRUCT\s*(WHERE\s*)?\{|DESCRIBE\s+[?<*]|(INSERT|DELETE)\s*(DATA\s*)?\{)"
)
_HELP_NAMES = {"HELP", "DESCRIPTION", "EPILOG"}  # --help texts show example queries on purpose


def _query_strings(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                skip.add(id(first.value))
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in _HELP_NAMES for t in node.targets):
            skip.update(id(n) for n in ast.walk(node.value))
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and _QUERY_START.match(node.value)]


def test_no_query_text_in_python_modules():
    found = [f"{path.relative_to(REPO)}:{line}: {text.strip()[:60]!r}"
             for path in sorted((REPO / "nrwkg").rglob("*.py")) for line, text in _query_strings(path)]
    assert not found, "SPARQL in Python; move it to queries/<folder>/<name>.rq:\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["stats", "network", "views", "pages", "export", "checks", "store"])
def test_every_query_file_has_a_summary_and_a_select_orders(folder):
    names = query_names(folder)
    assert names
    for name in names:
        text = query_text(folder, name)
        assert text.startswith("#+ summary: ") and " / " in text.splitlines()[0], f"{folder}/{name}.rq"
        body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
        # a query whose reader sorts its rows itself says so (the rows of a store's ORDER BY on
        # IRIs can cost more than the rest of the query); the library's queries always order theirs
        unordered = re.search(r"^#\+ order: none; \S+\.py sorts ", text, re.MULTILINE)
        if re.search(r"\bSELECT\b", body):
            assert re.search(r"\bORDER BY\b", body) or unordered, f"{folder}/{name}.rq has no ORDER BY"
        if unordered:
            assert not re.search(r"\bORDER BY\b", body), f"{folder}/{name}.rq says it is unordered"


def test_the_loader_names_a_missing_file():
    from nrwkg.errors import QueryError

    with pytest.raises(QueryError, match=r"no query file .*views/no-such-query\.rq"):
        query_text("views", "no-such-query")
