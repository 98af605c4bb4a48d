"""A one-row VALUES block at the start of a query's WHERE group, read as pyoxigraph substitutions.

A client without a binding API binds a query's parameters the way `nrwkg.query.sparql.inject_values`
does: `VALUES (?old ?new) { (<…> <…>) }` first in the outermost WHERE group. pyoxigraph joins such a
block late, after it evaluated the rest for every value (`document-changes`: 26 ms as text, 10 ms
with `substitutions=`). `leading_values` gives the text without the block and the block's terms as
substitutions, but only where both mean the same. They do not always: a substitution puts the value
into every pattern and expression, where the block is a join at the top. The two agree when every
use of a bound variable sees it bound anyway; `leading_values` accepts a query only when it can see
that from the tokens (and returns None otherwise, to run the text as it is):

- the block has one row, every value an absolute IRI, a prefixed name of a declared prefix, or a
  string, number or boolean literal (no UNDEF, no blank node, no signed number);
- SELECT projects each bound variable as it is (`SELECT *` too): pyoxigraph refuses a substitution
  of a variable not projected, and an `AS ?v` would rebind it;
- no `AS ?v` beside the block in the WHERE group (an error with the block), no second VALUES block
  naming it, no BOUND over it (pyoxigraph decides BOUND from the patterns: false for a substituted
  variable no pattern binds);
- a sub-select that projects it projects it as it is and has no LIMIT, OFFSET, GROUP BY, HAVING
  or aggregate (joining it with one value must be the same as evaluating it with that value); one
  that does not project it is a scope of its own, where a variable of that name is another;
- in a group nested in the WHERE group, a FILTER may use it only where a triple pattern or
  `GRAPH ?v` of that same group (or a group joined there) binds it, and a BIND expression never (a
  nested group is evaluated on its own: there the variable is unbound, under a substitution it is
  not); an EXISTS group sees what binds it in the group around it;
- a pattern inside OPTIONAL, MINUS or EXISTS may use it only where the group around that
  OPTIONAL/MINUS/EXISTS binds it before (or is the WHERE group, where the block binds it first).

The block is taken only where a triple pattern or GRAPH uses one of its variables: a substitution
lets pyoxigraph look the value up in an index; a value used in expressions only (a threshold in a
FILTER) gains nothing and was measured slower (actor-co-occurrence 15.0 ms with the block, 18.5 ms
substituted).

Everything at the level of the WHERE group itself (the block comes first, so every later part
sees the value) and outside it (projection, ORDER BY, the CONSTRUCT template) is fine.
tests/test_leading_values.py shows, for each rule, a query whose answer the substitution would
change, and the library's queries answering alike both ways.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nrwkg.query.sparql import QueryInfo, Token, projection_of, where_brace_index

__all__ = ["Leading", "leading_values"]

_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
_SINGULAR = {"OPTIONAL", "MINUS", "EXISTS"}  # groups not joined as they are with the group around them
_ASKS_UNBOUND = {"BOUND"}  # pyoxigraph answers BOUND(?v) from the patterns: false for a substituted ?v they never bind
_AGGREGATING = {"LIMIT", "OFFSET", "GROUP", "HAVING", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@dataclass(frozen=True)
class Leading:
    text: str                                   # the query with the block blanked out (offsets kept)
    bindings: tuple[tuple[str, object], ...]    # (variable name, pyoxigraph term), in the block's order


def leading_values(info: QueryInfo, text: str) -> Leading | None:
    """The query without its leading one-row VALUES block and the block's bindings, or None when
    the query has no such block or a substitution could answer otherwise (module docstring)."""
    if info.form not in ("SELECT", "ASK", "CONSTRUCT"):
        return None
    tokens = info.tokens
    where = where_brace_index(info)
    if where is None or where + 1 >= len(tokens) or tokens[where + 1].keyword != "VALUES":
        return None
    block = _block(tokens, where + 1, info.prefixes)
    if block is None:
        return None
    end, bindings = block
    names = {name for name, _ in bindings}
    if len(names) != len(bindings) or not _projected(tokens, info, names):
        return None
    if _reading(tokens, where, end, names) != "patterns":
        return None  # a use a substitution could change, or uses in expressions only (nothing to gain)
    first, last = tokens[where + 1].start, tokens[end].start + len(tokens[end].text)
    blank = re.sub(r"[^\n]", " ", text[first:last])
    return Leading(text[:first] + blank + text[last:], tuple(bindings))


def _block(tokens: list[Token], i: int, prefixes: dict[str, str]) -> tuple[int, list[tuple[str, object]]] | None:
    """(index of the block's last token, bindings) of `VALUES …` at i, if it is one row of plain terms."""
    i += 1
    if i < len(tokens) and tokens[i].kind == "var":
        names, i = [tokens[i].text[1:]], i + 1
        if i >= len(tokens) or tokens[i].text != "{":
            return None
        terms, i = _terms(tokens, i + 1, "}", prefixes)
        return (i, list(zip(names, terms, strict=True))) if terms is not None and len(terms) == 1 else None
    if i >= len(tokens) or tokens[i].text != "(":
        return None
    names = []
    i += 1
    while i < len(tokens) and tokens[i].kind == "var":
        names.append(tokens[i].text[1:])
        i += 1
    if not names or i + 2 >= len(tokens) or tokens[i].text != ")" or tokens[i + 1].text != "{" \
            or tokens[i + 2].text != "(":
        return None
    terms, i = _terms(tokens, i + 3, ")", prefixes)
    if terms is None or len(terms) != len(names) or i + 1 >= len(tokens) or tokens[i + 1].text != "}":
        return None
    return i + 1, list(zip(names, terms, strict=True))


def _terms(tokens: list[Token], i: int, close: str, prefixes: dict[str, str]) -> tuple[list[object] | None, int]:
    """The terms from i up to the token `close` (its index returned), or None for anything else."""
    import pyoxigraph as ox

    written: list[str] = []
    while i < len(tokens) and tokens[i].text != close:
        tok = tokens[i]
        if tok.kind == "iri" or tok.kind == "pname":
            iri = _iri(tok, prefixes)
            if iri is None:
                return None, i
            written.append(f"<{iri}>")
        elif tok.kind == "number" or tok.keyword in ("TRUE", "FALSE"):
            written.append(tok.text.lower() if tok.kind == "name" else tok.text)
        elif tok.kind == "string":
            literal = tok.text
            if i + 1 < len(tokens) and tokens[i + 1].kind == "langtag":
                literal += tokens[i + 1].text
                i += 1
            elif i + 2 < len(tokens) and tokens[i + 1].text == "^^":
                datatype = _iri(tokens[i + 2], prefixes)
                if datatype is None:
                    return None, i
                literal += f"^^<{datatype}>"
                i += 2
            written.append(literal)
        else:  # UNDEF, a blank node, a sign, a second row: not one row of plain terms
            return None, i
        i += 1
    if i >= len(tokens) or not written:
        return None, i
    try:  # Turtle reads terms as SPARQL writes them (the same string escapes and numbers)
        quads = ox.parse(input="".join(f"<urn:s> <urn:p> {term} .\n" for term in written), format=ox.RdfFormat.TURTLE)
        return [quad.object for quad in quads], i
    except SyntaxError:
        return None, i


def _iri(tok: Token, prefixes: dict[str, str]) -> str | None:
    """An IRI token or a prefixed name of a declared prefix as an absolute IRI (None otherwise: a
    relative IRI depends on BASE; a prefixed name with escapes is left to the engine)."""
    if tok.kind == "iri":
        iri = tok.text[1:-1]
    elif tok.kind == "pname" and "\\" not in tok.text and tok.text.split(":", 1)[0] in prefixes:
        prefix, _, local = tok.text.partition(":")
        iri = prefixes[prefix] + local
    else:
        return None
    return iri if _ABSOLUTE.match(iri) and "\\" not in iri else None


def _projected(tokens: list[Token], info: QueryInfo, names: set[str]) -> bool:
    """Whether the outermost SELECT projects every name as a plain variable (always true for ASK and
    CONSTRUCT, and for SELECT *)."""
    if info.form != "SELECT" or info.projection is None:
        return True
    start = next(i for i, t in enumerate(tokens) if t.keyword == "SELECT")
    return names <= _plain_projection(tokens, start, names, len(tokens))


def _plain_projection(tokens: list[Token], select: int, names: set[str], end: int) -> set[str]:
    """Which of `names` the SELECT clause at index `select` projects as they are (not `expr AS ?v`):
    with `SELECT *`, each of them its query (up to the index `end`) mentions."""
    projected = projection_of(tokens, select + 1)
    if projected is None:
        return {t.text[1:] for t in tokens[select:end] if t.kind == "var"} & names
    return {name for name, plain in projected if plain} & names


@dataclass
class _Group:
    kind: str                      # "where", "optional", "minus", "exists", "graph", "subquery" or "group"
    start: int                     # index of its `{`
    parent: _Group | None
    parens: list[str] = field(default_factory=list)   # the keyword before each open parenthesis
    bound_at: dict[str, int] = field(default_factory=dict)  # name -> where it is bound for certain: its first
                                   # triple pattern or GRAPH here, or a group joined here that binds it
    branches: set[str] | None = None  # while a UNION is read: the names every branch so far binds


def _reading(tokens: list[Token], where: int, block_end: int, names: set[str]) -> str:
    """"unsafe" unless every use of the names sees them bound under both readings; then "patterns"
    if a triple pattern or GRAPH of the WHERE group uses one, else "expressions"."""
    uses: list[tuple[_Group, int, bool]] = []  # (group, token index, in an expression)
    group = _Group("where", where, None)
    i = block_end + 1
    while i < len(tokens):
        tok = tokens[i]
        text, keyword = tok.text, tok.keyword
        if text == "{":
            kind = _kind(tokens, i)
            if kind == "subquery":
                close = _group_end(tokens, i)
                if close is None:
                    return "unsafe"
                way = _subselect(tokens, i + 1, close, names)
                if way == "refuse":
                    return "unsafe"
                if way == "skip":  # a scope of its own: its variables of these names are others
                    i = close + 1
                    continue
            group = _Group(kind, i, group)
            if kind == "subquery":
                while i + 1 < len(tokens) and tokens[i + 1].text != "{":  # its SELECT clause (checked)
                    i += 1
        elif text == "}":
            if group.parent is None:
                break
            _close(group, tokens, i)
            group = group.parent
        elif text == "(":
            group.parens.append(tokens[i - 1].keyword if tokens[i - 1].kind == "name" else "")
        elif text == ")":
            if group.parens:
                group.parens.pop()
        elif keyword == "VALUES" and any(t.kind == "var" and t.text[1:] in names for t in _values_vars(tokens, i)):
            return "unsafe"
        elif keyword == "BIND" and group.parent is not None and _mentions(tokens, i, names):
            return "unsafe"
        elif tok.kind == "var" and text[1:] in names and group.kind != "subquery":  # (not its modifiers)
            name = text[1:]
            if tokens[i - 1].keyword == "AS":
                if group.parent is None:  # a second binding beside the block's: an error with the block
                    return "unsafe"
                i += 1  # a BIND in a nested group binds it there: joined as any binding (not counted)
                continue
            if _ASKS_UNBOUND & set(group.parens):
                return "unsafe"
            in_expression = bool(group.parens)
            if not in_expression:
                group.bound_at.setdefault(name, i)
            uses.append((group, i, in_expression))
        i += 1
    for used_in, index, in_expression in uses:
        name = tokens[index].text[1:]
        if in_expression and not _binds(used_in, name, None):
            return "unsafe"
        if not in_expression and not _reaches(used_in, name):
            return "unsafe"
    select = next(j for j, t in enumerate(tokens) if t.kind == "name" and t.keyword in ("SELECT", "ASK", "CONSTRUCT"))
    if _asks_unbound(tokens, select, where, names) or _asks_unbound(tokens, i + 1, len(tokens), names):
        return "unsafe"
    return "patterns" if any(not in_expression for _, _, in_expression in uses) else "expressions"


def _close(group: _Group, tokens: list[Token], close: int) -> None:
    """At the `}` of a group: what it binds for certain becomes bound in the group around it, if it
    is joined there as it is (a group, GRAPH, a sub-select) — for a UNION, what all branches bind."""
    around = group.parent
    if around is None or group.kind not in ("group", "graph", "subquery"):
        return
    bound = set(group.bound_at)
    after_union = tokens[group.start - 1].keyword == "UNION"
    before_union = close + 1 < len(tokens) and tokens[close + 1].keyword == "UNION"
    if after_union or before_union:
        around.branches = bound if not after_union or around.branches is None else around.branches & bound
        if before_union:
            return
        bound, around.branches = around.branches or set(), None
    for name in bound:
        around.bound_at.setdefault(name, group.start)


def _reaches(group: _Group, name: str) -> bool:
    """Whether each OPTIONAL or MINUS between the group and the WHERE group sits in a group that
    binds the name before it, and each EXISTS in a group that binds it (or sees it bound)."""
    while group.parent is not None:
        if group.kind in ("optional", "minus") and not _binds(group.parent, name, group.start):
            return False
        if group.kind == "exists" and not _binds(group.parent, name, None):
            return False
        group = group.parent
    return True


def _binds(group: _Group, name: str, before: int | None) -> bool:
    """Whether the name is bound for certain in the group (by a part that comes before the token
    index `before`, if given). The WHERE group binds it first, by the block; an EXISTS group sees
    the bindings of the solution it tests, so what binds the name in the group around it counts."""
    if group.parent is None:
        return True
    at = group.bound_at.get(name)
    if at is not None and (before is None or at < before):
        return True
    return group.kind == "exists" and _binds(group.parent, name, None)


def _kind(tokens: list[Token], i: int) -> str:
    if i + 1 < len(tokens) and tokens[i + 1].keyword == "SELECT":
        return "subquery"
    before = tokens[i - 1].keyword
    if before in _SINGULAR:
        return before.lower()
    if i >= 2 and tokens[i - 2].keyword == "GRAPH":
        return "graph"
    return "group"


def _values_vars(tokens: list[Token], i: int) -> list[Token]:
    out = []
    for tok in tokens[i + 1:]:
        if tok.text == "{":
            break
        out.append(tok)
    return out


def _mentions(tokens: list[Token], i: int, names: set[str]) -> bool:
    """Whether the parenthesised part that starts after tokens[i] names one of `names`."""
    depth = 0
    for j in range(i + 1, len(tokens)):
        tok = tokens[j]
        if tok.text == "(":
            depth += 1
        elif tok.text == ")":
            depth -= 1
            if depth == 0:
                return False
        elif tok.kind == "var" and tok.text[1:] in names and tokens[j - 1].keyword != "AS":
            return True
    return False


def _group_end(tokens: list[Token], brace: int) -> int | None:
    """Index of the `}` closing the group that opens at `brace`."""
    depth = 0
    for j in range(brace, len(tokens)):
        if tokens[j].text == "{":
            depth += 1
        elif tokens[j].text == "}":
            depth -= 1
            if depth == 0:
                return j
    return None


def _subselect(tokens: list[Token], select: int, close: int, names: set[str]) -> str:
    """How to read a sub-select (SELECT at `select`, its group closing at `close`): "skip" when it
    projects none of the names (its variables of those names are others: pyoxigraph does not
    substitute them either), "read" when it projects the ones it names as they are and neither
    limits nor aggregates (so joining it with a value is evaluating it with that value), else
    "refuse"."""
    clause = next((j for j in range(select, close) if tokens[j].text == "{"), close)
    head = tokens[select:clause]
    if not _plain_projection(tokens, select, names, close):
        return "skip"
    depth = 0
    for tok in head:  # `(expr AS ?v)` over one: evaluated where the sub-select may leave it unbound
        depth += (tok.text == "(") - (tok.text == ")")
        if depth and tok.kind == "var" and tok.text[1:] in names:
            return "refuse"
    if any(t.keyword in _AGGREGATING for t in tokens[select:close]):
        return "refuse"
    return "read"


def _asks_unbound(tokens: list[Token], start: int, end: int, names: set[str]) -> bool:
    """Whether the tokens from start to end (the projection, the solution modifiers) ask BOUND of a
    name, or bind one by AS (neither is done in the WHERE group, where the rules above look)."""
    parens: list[str] = []
    for j in range(start, end):
        tok = tokens[j]
        if tok.text == "(":
            parens.append(tokens[j - 1].keyword)
        elif tok.text == ")" and parens:
            parens.pop()
        elif tok.kind == "var" and tok.text[1:] in names and (_ASKS_UNBOUND & set(parens)
                                                               or tokens[j - 1].keyword == "AS"):
            return True
    return False
