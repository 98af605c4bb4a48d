"""Check a query before it runs: refuse what could reach outside the dataset or change it.

The check reads the canonical text (`nrwkg.query.sparql.canonical`: SPARQL's `\\uXXXX` escapes
expanded first, as the spec asks; CRLF made LF, any other carriage return refused), and that
canonical text is what oxigraph executes, so the check and the engine read the same characters.
On it, the SPARQL lexer of `nrwkg.query.sparql` (strings, IRIs, comments and keywords as oxigraph
delimits them) finds:

- an update (INSERT, DELETE, LOAD …) sent as a query: 403, the endpoint is read-only;
- SERVICE anywhere outside a string, an IRI or a comment: 400;
- FROM / FROM NAMED naming anything but a graph of this dataset (a relative IRI never matches): 400.

The check takes well under a millisecond (rdflib's parser took 0.1-0.5 s per new text) and its
answers are remembered by text. Syntax errors are reported by oxigraph when the query runs (400).
A query without any variable or blank node is `ground`: it can only look up fixed terms, so the
server may run it in the lane it keeps for cheap queries (`ASK {}`, a look-up of one IRI). A ground
ASK, SELECT or CONSTRUCT without property-path operators is `bounded`: each of its patterns is
one index look-up and its expressions work on constants of the text, so its work is bounded by
the length of the text and the server runs it itself, without a round trip to a worker.
A query whose WHERE group starts with a one-row VALUES block (how a client without a binding API
binds parameters) carries that block as substitutions too, where they mean the same
(`nrwkg.query.leading_values`): a worker on a pyoxigraph store runs it so, several times faster.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

from nrwkg.query.leading_values import Leading

__all__ = ["Checked", "Refused", "check_query", "FORMS"]

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Checked:
    text: str                      # the canonical text to execute
    form: str                      # SELECT, ASK, CONSTRUCT or DESCRIBE
    prefixes: tuple[tuple[str, str], ...]  # the query's own PREFIX declarations
    ground: bool = False           # no variable anywhere: only fixed terms are looked up
    shape: str = ""                # the significant tokens, one space apart: texts that differ only in
                                   # comments and spacing have the same shape (and cost about the same)
    bounded: bool = False          # ground, no property path or operator that could walk the graph: its
                                   # work is bounded by the length of its text (run without a worker)
    own_dataset: bool = False      # FROM or FROM NAMED: the query's dataset, not the store's union default graph
    leading: Leading | None = None  # a leading one-row VALUES block a pyoxigraph store may take as
                                   # substitutions instead (nrwkg.query.leading_values: only where both agree)


class Refused(Exception):
    """A request that is not run; `status` is the HTTP status, the message is one line for the client."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def check_query(text: str, graphs: Collection[str]) -> Checked:
    """The checked query, or raise Refused. `graphs` are the dataset's named-graph IRIs.

    The project's and the standard prefixes are predeclared (nrwkg.query.prologue): a PREFIX the
    text lacks is put in front of its first line; an unknown prefix is refused, naming it."""
    return _check(text, graphs if isinstance(graphs, frozenset) else frozenset(graphs))


@lru_cache(maxsize=4096)
def _check(text: str, graphs: frozenset[str]) -> Checked:
    from nrwkg.errors import QueryError
    from nrwkg.query.leading_values import leading_values
    from nrwkg.query.prologue import add_prefixes
    from nrwkg.query.sparql import UpdateRefused, canonical, inspect

    try:
        canon = canonical(text)
        if not canon.strip():
            raise Refused(400, "the query is empty")
        prepared = add_prefixes(canon)
        canon = prepared.text
        info = inspect(canon, prepared.tokens)
    except UpdateRefused as update:
        what = "LOAD is refused" if update.keyword == "LOAD" else "updates are refused"
        raise Refused(403, f"{what}: this endpoint is read-only") from None
    except QueryError as exc:
        raise Refused(400, _one_line(str(exc))) from None
    if info.services:
        raise Refused(400, "SERVICE is refused: this endpoint only queries its own dataset")
    clauses = _dataset_clauses(info)
    for keyword, iri in clauses:
        if iri not in graphs:
            raise Refused(400, f"{keyword} <{iri}> is refused: only this dataset's own graphs can be "
                               "selected (GET the endpoint for the service description listing them)")
    texts = list(map(_TEXT, info.tokens))  # (map and itemgetter: no Python call per token)
    ground = not _UNKNOWNS.intersection(map(_KIND, info.tokens)) and "[" not in texts
    bounded = ground and info.form in ("ASK", "SELECT", "CONSTRUCT") and "SERVICE" not in canon.upper() and not any(
        t.kind == "punct" and t.text in _WALKS for t in info.tokens)  # (the server process has the network)
    shape = " ".join(texts)
    leading = None if ground else leading_values(info, canon)
    return Checked(canon, info.form, tuple(info.prefixes.items()), ground=ground, shape=shape, bounded=bounded,
                   own_dataset=bool(clauses), leading=leading)


_KIND, _TEXT = itemgetter(0), itemgetter(1)  # a token's kind and text (nrwkg.query.sparql.Token)
_UNKNOWNS = frozenset({"var", "bnode"})  # the kinds of token that make a query not ground (and `[`)
_WALKS = {"*", "+", "?", "/", "|", "^", "!", "!="}  # path operators (and the few expressions that share them)


def _dataset_clauses(info) -> list[tuple[str, str]]:
    """(FROM or FROM NAMED, IRI) of each dataset clause, IRIs resolved against the prefixes only."""
    from nrwkg.query.sparql import _resolve

    tokens, out = info.tokens, []
    for j, tok in enumerate(tokens):
        if tok.kind == "name" and tok.keyword == "FROM":
            k = j + 1
            named = k < len(tokens) and tokens[k].keyword == "NAMED"
            k += named
            iri = _resolve(tokens[k], info.prefixes) if k < len(tokens) else ""
            out.append(("FROM NAMED" if named else "FROM", iri))
    return out


def _one_line(message: str) -> str:
    return " ".join(message.split())[:300]
