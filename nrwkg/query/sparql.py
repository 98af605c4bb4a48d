"""Read a SPARQL query at the token level: its form, its dataset clauses, SERVICE, and where to bind.

A small lexer (the terminals of the SPARQL 1.1 grammar: strings, IRIs, prefixed names, variables,
comments, keywords, punctuation) lets the engines inspect a query without executing it:

- `canonical(text)` is the text every engine executes and every check reads: SPARQL's codepoint
  escapes (`\\uXXXX`, `\\UXXXXXXXX`) expanded first, as the SPARQL 1.1 grammar asks (section 19.2),
  so `\\u0053ERVICE` is SERVICE to the check as it is to rdflib, and `"\\u0022"` ends a string for
  every engine (pyoxigraph alone would keep it inside); an expansion that yields another escape is
  refused; CRLF becomes LF and any other carriage return is refused (pyoxigraph ends a `#` comment
  at a CR, rdflib only at a LF).
- `inspect(text)` gives the query form (SELECT, ASK, CONSTRUCT, DESCRIBE), the prefixes, the IRIs of
  FROM / FROM NAMED clauses and whether a SERVICE clause occurs. A keyword inside a string, an IRI or
  a comment is not a keyword, so `"SERVICE"` in a label or `# FROM` in a comment changes nothing;
  SERVICE or FROM glued into a longer name (`SERVICESILENT`, `trueSERVICE`, `SERVICE:x`) counts, as
  pyoxigraph reads keywords without a word boundary.
- `check_local(info, graphs)` refuses what an embedded engine must not do: SERVICE (it would reach
  the network) and dataset clauses naming anything but a graph of the dataset (rdflib would
  dereference `FROM <file:…>` or `FROM <http:…>`).
- `inject_values(text, bindings)` binds parameters for an engine without a binding API (a remote
  endpoint): a `VALUES (?a ?b) { (<iri> "literal") }` block is placed at the start of the query's
  outermost WHERE group, found by the lexer. The values are RDF terms serialised by pyoxigraph
  (N-Triples escaping), never user text, so a value cannot change the query's structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

from nrwkg.errors import QueryError

__all__ = ["Token", "QueryInfo", "UpdateRefused", "canonical", "tokenize", "inspect", "check_local", "inject_values",
           "where_brace_index", "projection_of", "FORMS"]

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"
_TOKENS = [
    ("ws", r"\s+"),
    ("comment", r"#[^\n\r]*"),
    (
        "string",
        r"'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
        r"|'(?:[^'\\\n\r]|\\.)*'|\"(?:[^\"\\\n\r]|\\.)*\"",
    ),
    ("iri", r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    ("var", rf"[?$][{_PN_CHARS}]+"),
    ("bnode", rf"_:[{_PN_CHARS}.]*"),
    (
        "pname",
        rf"(?:[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)?:(?:(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|\\.)(?:(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}}|\\.)*(?:[{_PN_CHARS}:]|%[0-9A-Fa-f]{{2}}|\\.))?)?",
    ),
    ("langtag", r"@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"),
    ("number", r"(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"),
    ("name", r"[A-Za-z_][A-Za-z0-9_]*"),
    ("punct", r"\^\^|&&|\|\||<=|>=|!=|[{}()\[\];,.*=!<>|&/+\-^?]"),
    ("other", r"."),
]
_LEXER = re.compile("|".join(f"(?P<{name}>{rx})" for name, rx in _TOKENS), re.DOTALL)


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def canonical(text: str) -> str:
    """The query with codepoint escapes expanded and line breaks normalised (raises QueryError)."""
    if "\\" in text:
        expanded = _ESCAPE.sub(_codepoint, text)
        if _ESCAPE.search(expanded):
            raise QueryError("syntax error: a \\u escape must not produce another escape")
        text = expanded
    if "\r" in text:
        text = text.replace("\r\n", "\n")
        if "\r" in text:
            raise QueryError("syntax error: a carriage return is only allowed as part of a CRLF line break")
    return text


def _codepoint(match: re.Match) -> str:
    code = int(match.group(1) or match.group(2), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise QueryError(f"syntax error: {match.group()} is not a Unicode code point")
    return chr(code)


class UpdateRefused(QueryError):
    """The text is a SPARQL update (INSERT, DELETE, LOAD …): only queries are accepted."""

    def __init__(self, keyword: str):
        super().__init__(f"{keyword} is an update: the graph is read-only, only queries "
                         f"({', '.join(FORMS)}) are accepted")
        self.keyword = keyword


class Token(NamedTuple):  # a tuple: a long query has thousands, made faster than a frozen dataclass
    kind: str
    text: str
    start: int

    @property
    def keyword(self) -> str:
        return self.text.upper() if self.kind == "name" else ""


@dataclass
class QueryInfo:
    form: str  # SELECT, CONSTRUCT, ASK or DESCRIBE
    prefixes: dict[str, str] = field(default_factory=dict)
    from_graphs: list[str] = field(default_factory=list)  # FROM and FROM NAMED, resolved
    services: list[str] = field(default_factory=list)  # the IRI (or variable) after SERVICE
    variables: set[str] = field(default_factory=set)  # every ?var / $var mentioned
    projection: list[str] | None = None  # SELECT's variables in order; None for SELECT *
    tokens: list[Token] = field(default_factory=list, repr=False)


_SKIPPED = frozenset({"ws", "comment"})
_new_token = tuple.__new__  # Token's fields in order, without NamedTuple's __new__ (a Python call per token)


def tokenize(text: str, shift: int = 0) -> list[Token]:
    """The significant tokens of a query (no whitespace, no comments); `shift` is added to each start.
    (The check of every new query text starts here: tokens are made as plain tuples of Token's class,
    a third of the check's time less than through Token's constructor.)"""
    return [_new_token(Token, (kind or "other", m.group(), m.start() + shift)) for m in _LEXER.finditer(text)
            if (kind := m.lastgroup) not in _SKIPPED]


def inspect(text: str, tokens: list[Token] | None = None) -> QueryInfo:
    """The form, prefixes, dataset clauses and SERVICE clauses of a query (raises QueryError).
    `tokens`: `tokenize(text)` when the caller has them already (the text is not read again)."""
    tokens = tokenize(text) if tokens is None else tokens
    prefixes: dict[str, str] = {}
    i = 0
    while i < len(tokens) and tokens[i].keyword in ("PREFIX", "BASE"):
        if tokens[i].keyword == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text[:-1]] = tokens[i + 2].text[1:-1]
            i += 3
        else:
            i += 2
    first = tokens[i].keyword if i < len(tokens) else ""
    if first in _UPDATES:
        raise UpdateRefused(first)
    if first not in FORMS:
        found = tokens[i].text if i < len(tokens) else "the end of the query"
        raise QueryError(f"syntax error: expected SELECT, CONSTRUCT, ASK or DESCRIBE, found {found!r}")
    info = QueryInfo(first, prefixes, tokens=tokens)
    if first == "SELECT":
        info.projection = _projection(tokens, i + 1)
    for j in range(i, len(tokens)):
        tok = tokens[j]
        if tok.kind == "var":
            info.variables.add(tok.text[1:])
        elif tok.kind not in _MAY_HOLD_KEYWORDS:  # a string, an IRI, a number, punctuation: no keyword
            continue
        elif not _may_hold(tok.text.upper()):  # most names: neither keyword, not even glued into them
            continue
        elif tok.keyword == "SERVICE":
            k = j + 1
            if k < len(tokens) and tokens[k].keyword == "SILENT":
                k += 1
            info.services.append(_resolve(tokens[k], prefixes) if k < len(tokens) else "")
        elif tok.keyword == "FROM":
            k = j + 1
            if k < len(tokens) and tokens[k].keyword == "NAMED":
                k += 1
            if k < len(tokens):
                info.from_graphs.append(_resolve(tokens[k], prefixes))
        elif _glued(tok, "SERVICE"):
            info.services.append(tok.text)
        elif _glued(tok, "FROM"):
            raise QueryError(f"{tok.text!r} could be read as FROM followed by more: write FROM (and NAMED) "
                             "apart from what follows")
    return info


_MAY_HOLD_KEYWORDS = frozenset({"name", "bnode", "langtag", "pname"})  # the kinds _glued reads (keywords: names)


def _may_hold(upper: str) -> bool:
    """Whether a token whose text is `upper` in capitals may be SERVICE or FROM, or hold either glued
    (every test below needs the keyword's letters in the text: the rest skip them)."""
    return "SERVICE" in upper or "FROM" in upper


def _glued(tok: Token, keyword: str) -> bool:
    """Whether `keyword` occurs inside a longer token where pyoxigraph may still read it as the keyword.

    pyoxigraph matches keywords without a word boundary: `SERVICESILENT <u>`, `trueSERVICE <u>` and
    `SERVICE:x` (with an empty prefix) are SERVICE clauses to it, one name or prefixed name to a
    lexer. Names, blank node labels, language tags and the prefix of a prefixed name holding the
    keyword's letters are therefore read as the keyword (the local part of a prefixed name is one
    terminal: `schema:serviceType` is fine)."""
    if tok.kind in ("name", "bnode", "langtag"):
        return keyword in tok.text.upper() and tok.keyword != keyword
    if tok.kind == "pname":
        return keyword in tok.text.split(":", 1)[0].upper()
    return False


def _projection(tokens: list[Token], i: int) -> list[str] | None:
    """The variables a SELECT clause projects (bare or `AS ?alias`), None for `SELECT *`."""
    projected = projection_of(tokens, i)
    return None if projected is None else [name for name, _ in projected]


def projection_of(tokens: list[Token], i: int) -> list[tuple[str, bool]] | None:
    """The variables of the SELECT clause whose first token after SELECT is at index i, in order, each
    with whether it is projected as it is (False: `(expr AS ?alias)`); None for `SELECT *`."""
    out: list[tuple[str, bool]] = []
    depth = 0
    while i < len(tokens) and tokens[i].keyword in ("DISTINCT", "REDUCED"):
        i += 1
    for j in range(i, len(tokens)):
        tok = tokens[j]
        if depth == 0 and (tok.text == "{" or tok.keyword in ("WHERE", "FROM")):
            break
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
        elif tok.text == "*" and depth == 0:
            return None
        elif tok.kind == "var" and (depth == 0 or tokens[j - 1].keyword == "AS"):
            out.append((tok.text[1:], depth == 0))
    return out


def _resolve(tok: Token, prefixes: Mapping[str, str]) -> str:
    if tok.kind == "iri":
        return tok.text[1:-1]
    if tok.kind == "pname":
        prefix, _, local = tok.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return tok.text


def check_local(info: QueryInfo, graphs: Iterable[str]) -> None:
    """Refuse SERVICE and dataset clauses that name anything but a graph of the local dataset."""
    if info.services:
        raise QueryError(
            f"SERVICE is not allowed here (it would query {info.services[0]} over the "
            f"network); run the query against that endpoint instead"
        )
    known = set(graphs)
    for iri in info.from_graphs:
        if iri not in known:
            raise QueryError(
                f"FROM <{iri}> names no graph of this dataset; only its named graphs "
                f"(documents, ontology, registry, inferred, entailed, evidence) can be used"
            )


def inject_values(text: str, bindings: Mapping[str, object]) -> str:
    """The query with one VALUES row binding `bindings` (name -> pyoxigraph term) at the start of
    its outermost WHERE group. Terms are written with `str(term)`: N-Triples syntax, escaped."""
    bound = {k: v for k, v in bindings.items() if v is not None}
    if not bound:
        return text
    for name in bound:
        if not re.fullmatch(rf"[{_PN_CHARS}]+", name):
            raise QueryError(f"invalid parameter name {name!r}")
    info = inspect(text)
    brace = _where_brace(info)
    names = sorted(bound)
    row = " ".join(_term(bound[n]) for n in names)
    block = f"\n  VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}\n"
    return text[: brace + 1] + block + text[brace + 1 :]


def _term(term: object) -> str:
    import pyoxigraph as ox

    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise QueryError(f"cannot bind {term!r}: only IRIs and literals can be parameter values")
    return str(term)


def _where_brace(info: QueryInfo) -> int:
    """Offset of the `{` that opens the outermost WHERE group."""
    tokens = info.tokens
    start = next(i for i, t in enumerate(tokens) if t.keyword == info.form)
    if info.form == "CONSTRUCT" and start + 1 < len(tokens) and tokens[start + 1].keyword == "WHERE":
        raise QueryError(
            "parameters cannot be bound in the short form CONSTRUCT WHERE { … }; "
            "write the template and the WHERE clause separately"
        )
    index = where_brace_index(info)
    if index is None:
        raise QueryError("syntax error: the query has no WHERE group { … }")
    return tokens[index].start


def where_brace_index(info: QueryInfo) -> int | None:
    """Index in `info.tokens` of the `{` that opens the outermost WHERE group (None: there is none,
    or the query is the short form CONSTRUCT WHERE { … }, whose group is its template too)."""
    tokens = info.tokens
    start = next(i for i, t in enumerate(tokens) if t.keyword == info.form)
    skip_template = info.form == "CONSTRUCT"
    if skip_template and start + 1 < len(tokens) and tokens[start + 1].keyword == "WHERE":
        return None
    depth = 0
    for i in range(start + 1, len(tokens)):
        tok = tokens[i]
        if tok.text == "{":
            if depth == 0 and not skip_template:
                return i
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    return None
