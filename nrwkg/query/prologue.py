"""Predeclared prefixes and one-line syntax errors for queries written by hand.

A query may use the project's prefixes (graph/prefixes.ttl) and the standard ones (rdf, rdfs, owl,
xsd, skos, dcterms, dc, foaf, org, prov, schema, oa, geo, dcat, void, sh) without declaring them:
`add_prefixes` puts a `PREFIX` for each one the query uses but does not declare in front of the
text, on its first line (so line numbers stay as written). A prefix the query declares itself wins.
A prefix that is neither declared nor known is an error that names it, with line and column.

`syntax_message` turns an engine's parse error (pyoxigraph's "error at L:C: expected one of …", a
pyparsing exception with line and column) into one line with the position in the text as written
and the words found there, never the parser's grammar dump.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from nrwkg.errors import QueryError

__all__ = ["STANDARD", "Prepared", "predeclared", "add_prefixes", "syntax_message", "position"]

STANDARD = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "sh": "http://www.w3.org/ns/shacl#",
}
_ENGINE_POSITION = re.compile(r"error at (\d+):(\d+)")
_LINE_COL = re.compile(r"\(line:(\d+), col:(\d+)\)")


@dataclass(frozen=True)
class Prepared:
    text: str  # the query with the PREFIX declarations it lacked in front
    shift: int  # characters added in front of line 1
    tokens: list = field(default_factory=list, compare=False, repr=False)  # tokenize(text), for inspect


@cache
def predeclared() -> dict[str, str]:
    """The standard prefixes and the project's (the project's win where both name one)."""
    from nrwkg.prefixes import load_prefixes

    return {**STANDARD, **load_prefixes().mapping}


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def add_prefixes(text: str, known: dict[str, str] | None = None) -> Prepared:
    """The query with a PREFIX for every predeclared prefix it uses without declaring it."""
    from nrwkg.query.sparql import tokenize

    known = predeclared() if known is None else known
    tokens = tokenize(text)
    declared: set[str] = set()
    for i, tok in enumerate(tokens):
        if tok.kind == "name" and tok.keyword == "PREFIX" and i + 1 < len(tokens) and tokens[i + 1].kind == "pname":
            declared.add(tokens[i + 1].text.split(":", 1)[0])
    missing: dict[str, None] = {}
    for i, tok in enumerate(tokens):
        if tok.kind != "pname" or (i and tokens[i - 1].keyword == "PREFIX"):
            continue
        prefix = tok.text.split(":", 1)[0]
        if prefix in declared or prefix in missing:
            continue
        if prefix not in known:
            line, column = position(text, tok.start)
            raise QueryError(
                f"unknown prefix {prefix + ':'!r} at line {line}, column {column}: declare it "
                f"(PREFIX {prefix}: <…>) or use a predeclared one (nrwkg query --prefixes lists them)"
            )
        missing[prefix] = None
    header = "".join(f"PREFIX {p}: <{known[p]}> " for p in missing)
    if header:  # the header's tokens, then the text's moved behind it: the text is not read twice
        tokens = tokenize(header) + [tok._replace(start=tok.start + len(header)) for tok in tokens]
    return Prepared(header + text, len(header), tokens)


def syntax_message(message: str, text: str, shift: int = 0, line: int | None = None,
                   column: int | None = None) -> str:
    """One line: "syntax error at line L, column C, near '…'" for the text as written."""
    if line is None:
        found = _ENGINE_POSITION.search(message) or _LINE_COL.search(message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
    if line is None or column is None:
        return "syntax error: " + " ".join(message.split())[:200]
    if line == 1:
        column = max(1, column - shift)
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    near = source[column - 1:column + 19].strip() or "the end of the line"
    if line >= len(lines) and not source[column - 1:].strip() and text.rstrip().endswith(source.rstrip()):
        near = "the end of the query"
    return f"syntax error at line {line}, column {column}, near {near!r}"
