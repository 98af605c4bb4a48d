"""Check a query before it runs: parse it, refuse what could reach outside the dataset or change it.

The check works on rdflib's parse tree, never on the text. The text that oxigraph executes is
the canonical text that was parsed here, so that the two parsers cannot read it differently:

- SPARQL's `\\uXXXX` escapes are expanded first (as the spec asks, before parsing); a text whose
  expansion would produce another escape is refused;
- `\\r\\n` becomes `\\n`, and any other carriage return is refused (oxigraph ends a `#` comment at
  `\\r`, rdflib only at `\\n`: without this a comment could hide a SERVICE from the check).

A query rdflib cannot parse is refused (400), even if oxigraph might accept it: what the check
cannot read, it cannot prove safe. Updates (including LOAD) are refused with 403. As a second,
independent reading, the token-level lexer of nrwkg.query.sparql (which ends comments where oxigraph
does) must find no SERVICE either.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Checked", "Refused", "check_query", "FORMS"]

# parse-tree name -> query form
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT",
         "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Checked:
    text: str                      # the canonical text to execute
    form: str                      # SELECT, ASK, CONSTRUCT or DESCRIBE
    prefixes: tuple[tuple[str, str], ...]  # the query's own PREFIX declarations


class Refused(Exception):
    """A request that is not run; `status` is the HTTP status, the message is one line for the client."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def check_query(text: str, graphs: Collection[str]) -> Checked:
    """The checked query, or raise Refused. `graphs` are the dataset's named-graph IRIs.

    The project's and the standard prefixes are predeclared (nrwkg.query.prologue): a PREFIX the
    text lacks is put in front of its first line; an unknown prefix is refused, naming it."""
    from nrwkg.errors import QueryError
    from nrwkg.query.prologue import add_prefixes

    written = _canonical(text)
    try:
        prepared = add_prefixes(written)
    except QueryError as exc:
        raise Refused(400, str(exc)) from None
    return _check(prepared.text, frozenset(graphs), written, prepared.shift)


def _canonical(text: str) -> str:
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes

    try:
        expanded = expandUnicodeEscapes(text)
    except ValueError as exc:
        raise Refused(400, f"syntax error: {exc}") from None
    if expandUnicodeEscapes(expanded) != expanded:
        raise Refused(400, "syntax error: a \\u escape must not produce another escape")
    expanded = expanded.replace("\r\n", "\n")
    if "\r" in expanded:
        raise Refused(400, "syntax error: a carriage return is only allowed as part of a CRLF line break")
    if not expanded.strip():
        raise Refused(400, "the query is empty")
    return expanded


@lru_cache(maxsize=512)
def _check(text: str, graphs: frozenset[str], written: str = "", shift: int = 0) -> Checked:
    from pyparsing import ParseException
    from rdflib.plugins.sparql.algebra import translatePrologue
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        _refuse_update(text)
        raise Refused(400, _syntax_message(exc, written or text, shift)) from None
    except Exception as exc:  # rdflib raises a few other types on odd input
        raise Refused(400, f"syntax error: {_one_line(str(exc))}") from None
    prologue_tree, query = parsed[0], parsed[1]
    if _contains(query, "ServiceGraphPattern") or _lexer_finds_service(text):
        raise Refused(400, "SERVICE is refused: this endpoint only queries its own dataset")
    try:
        prologue = translatePrologue(prologue_tree, None)
        for clause in query.datasetClause or []:  # (CompValue.get returns the key when missing)
            keyword = "FROM" if clause.default is not None else "FROM NAMED"
            iri = str(prologue.absolutize(clause.default if clause.default is not None else clause.named))
            if iri not in graphs:
                raise Refused(400, f"{keyword} <{iri}> is refused: only this dataset's own graphs can be "
                                   "selected (GET the endpoint for the service description listing them)")
    except Refused:
        raise
    except Exception as exc:
        raise Refused(400, f"syntax error: {_one_line(str(exc))}") from None
    prefixes = tuple((str(d.prefix or ""), str(prologue.absolutize(d.iri)))
                     for d in prologue_tree if d.name == "PrefixDecl")
    return Checked(text, FORMS[query.name], prefixes)


def _lexer_finds_service(text: str) -> bool:
    """Whether the token-level reading finds a SERVICE (a text it cannot read is refused)."""
    from nrwkg.errors import QueryError
    from nrwkg.query.sparql import inspect

    try:
        return bool(inspect(text).services)
    except QueryError as exc:
        raise Refused(400, f"the query could not be checked: {_one_line(str(exc))}") from None


def _refuse_update(text: str) -> None:
    """Raise 403 when the text is a SPARQL update (sent as a query)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:
        return
    names = {getattr(op, "name", "") for op in update.request or []}
    what = "LOAD is refused" if "Load" in names else "updates are refused"
    raise Refused(403, f"{what}: this endpoint is read-only")


def _contains(node, name: str) -> bool:
    """Whether the parse tree holds a node called `name` anywhere (patterns, filters, sub-queries)."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            continue
        if getattr(item, "name", None) == name and isinstance(item, dict):
            return True
        if isinstance(item, dict):
            stack.extend(item.values())
        elif hasattr(item, "__iter__"):
            stack.extend(item)
    return False


def _syntax_message(exc, text: str, shift: int = 0) -> str:
    from nrwkg.query.prologue import syntax_message

    return syntax_message(str(exc), text, shift, exc.lineno, exc.col)


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]
