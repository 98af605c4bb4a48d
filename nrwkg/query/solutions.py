"""From a pyoxigraph query solution to plain Python values: the one helper for every reader of a store."""

from __future__ import annotations

__all__ = ["text", "integer"]


def text(solution, name: str) -> str:
    """The lexical value of variable `name` (an IRI, a literal's text, a blank node id); "" when unbound."""
    term = solution[name]
    return term.value if term is not None else ""


def integer(solution, name: str) -> int:
    """The value of variable `name` as an int (a COUNT, an offset)."""
    return int(solution[name].value)
