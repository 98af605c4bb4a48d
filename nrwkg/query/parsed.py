"""rdflib's parse tree of a canonical query, checked before rdflib evaluates it.

`checked_rdflib_query(text, graphs)` parses the text once, refuses a SERVICE anywhere in the tree
(patterns, filters, sub-queries) and dataset clauses (FROM, FROM NAMED, resolved against the
query's BASE and prefixes) naming anything but a graph of `graphs`, and returns the translated
query: rdflib then evaluates exactly the tree that was checked, never a second reading of the text.
"""

from __future__ import annotations

from collections.abc import Collection

from nrwkg.errors import QueryError

__all__ = ["checked_rdflib_query", "contains"]


def checked_rdflib_query(text: str, graphs: Collection[str]):
    """The rdflib `Query` of a canonical text, or raise QueryError (pyparsing's ParseException on bad syntax)."""
    from rdflib.plugins.sparql.algebra import translatePrologue, translateQuery
    from rdflib.plugins.sparql.parser import parseQuery

    parsed = parseQuery(text)
    prologue_tree, query = parsed[0], parsed[1]
    if contains(query, "ServiceGraphPattern"):
        raise QueryError("SERVICE is not allowed here (it would query another endpoint over the network); "
                         "run the query against that endpoint instead")
    prologue = translatePrologue(prologue_tree, None)
    known = set(graphs)
    for clause in query.datasetClause or []:  # (CompValue.get returns the key when missing)
        keyword = "FROM" if clause.default is not None else "FROM NAMED"
        iri = str(prologue.absolutize(clause.default if clause.default is not None else clause.named))
        if iri not in known:
            raise QueryError(f"{keyword} <{iri}> names no graph of this dataset; only its named graphs "
                             "(documents, ontology, registry, inferred, entailed, evidence) can be used")
    return translateQuery(parsed)


def contains(node, name: str) -> bool:
    """Whether a parse tree holds a node called `name` anywhere."""
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
