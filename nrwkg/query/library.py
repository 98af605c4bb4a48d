"""The query library: the competency questions in queries/*.rq, their headers and parameters.

Each library query is a stand-alone SPARQL file whose stem is its name. Its header (comment lines
starting with `#+`, before the query) says what it answers and what can be bound:

    #+ summary: Deutsche Zusammenfassung. / English summary.
    #+ tags: category, more, tags
    #+ param: actor = organization:mwike
    #+ param: type iri = UNDEF

`param: NAME [TYPE] = DEFAULT` declares the variable ?NAME as a parameter. DEFAULT is written as in
SPARQL (a CURIE with the prefixes of graph/prefixes.ttl or the query, `<IRI>`, a number,
`"text"`, `"text"@de`, `"2030"^^xsd:gYear`) or `UNDEF`: unbound, so the query ranges over every
value. TYPE (iri, string, integer, decimal, year, date, term) follows from the default and must be
given with UNDEF. Values are bound through the engine's binding API, never spliced into the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyoxigraph as ox

from nrwkg import paths
from nrwkg.errors import QueryError
from nrwkg.query.sparql import inspect

__all__ = ["Param", "QueryDef", "load_library", "parse_query", "resolve", "TYPES", "XSD"]

XSD = "http://www.w3.org/2001/XMLSchema#"
TYPES = ("iri", "string", "integer", "decimal", "year", "date", "term")
_DATATYPE_TYPES = {
    XSD + "integer": "integer",
    XSD + "decimal": "decimal",
    XSD + "gYear": "year",
    XSD + "date": "date",
    XSD + "string": "string",
}
_HEADER = re.compile(r"^#\+\s*([a-z_]+)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)(?:\s+([a-z]+))?\s*=\s*(.+)$")
_LITERAL = re.compile(r'^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z]+(?:-[A-Za-z0-9]+)*)|\^\^(\S+))?$')
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(?:\d+\.\d*|\.\d+|\d+)$")
_YEAR = re.compile(r"^-?\d{4}$")
_DATE = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")
_SCHEMES = ("http://", "https://", "urn:")


@dataclass(frozen=True)
class Param:
    name: str
    type: str  # one of TYPES
    default: ox.NamedNode | ox.Literal | None  # None: unbound unless given
    language: str | None = None  # for string parameters whose default has a language tag

    def parse(self, value: object, prefixes: dict[str, str]) -> ox.NamedNode | ox.Literal | None:
        """The RDF term for a value given on the command line or from Python (None = unbound)."""
        if value is None:
            return None
        if isinstance(value, (ox.NamedNode, ox.Literal)):
            return value
        text = str(value) if not isinstance(value, bool) else str(value).lower()
        if text in ("", "UNDEF"):
            return None
        try:
            return _parse_as(self.type, text, prefixes, self.language)
        except ValueError as exc:
            raise QueryError(f"parameter {self.name}: {exc}") from None

    @property
    def default_text(self) -> str:
        return "UNDEF" if self.default is None else _show(self.default)


@dataclass
class QueryDef:
    name: str
    text: str
    path: Path | None = None
    summary_de: str = ""
    summary_en: str = ""
    tags: list[str] = field(default_factory=list)
    params: dict[str, Param] = field(default_factory=dict)
    form: str = "SELECT"
    prefixes: dict[str, str] = field(default_factory=dict)

    @property
    def category(self) -> str:
        return self.tags[0] if self.tags else "other"

    def bind(self, given: Mapping[str, object] | None = None) -> dict[str, ox.NamedNode | ox.Literal]:
        """Defaults overridden by `given` (name -> text or term); unknown names raise QueryError."""
        given = dict(given or {})
        unknown = sorted(set(given) - set(self.params))
        if unknown:
            known = ", ".join(self.params) or "none"
            raise QueryError(f"unknown parameter {unknown[0]!r} for query {self.name} (parameters: {known})")
        out = {}
        for name, param in self.params.items():
            term = param.parse(given[name], self.prefixes) if name in given else param.default
            if term is not None:
                out[name] = term
        return out


def load_library(directory: Path | None = None) -> dict[str, QueryDef]:
    """Every `*.rq` directly in `directory` (default: queries/), by name."""
    from nrwkg.query.files import query_names, query_path, query_text

    directory = directory or paths.QUERIES
    return {
        name: parse_query(query_text("", name, directory), name, query_path("", name, directory))
        for name in query_names("", directory)
    }


def resolve(ref: str, library: dict[str, QueryDef] | None = None, stdin_text: str | None = None) -> QueryDef:
    """A query by library name, by file path, or `-` (the text given as stdin_text)."""
    if ref == "-":
        return parse_query(stdin_text or "", "stdin")
    library = load_library() if library is None else library
    if ref in library:
        return library[ref]
    path = Path(ref)
    if path.is_file():
        return parse_query(path.read_text(encoding="utf-8"), path.stem, path)
    hint = _closest(ref, library)
    raise QueryError(
        f"unknown query {ref!r}: not a library query nor a file"
        f"{f' (did you mean {hint}?)' if hint else ''}; `nrwkg query --list` shows the library"
    )


def _closest(ref: str, library: dict[str, QueryDef]) -> str:
    import difflib

    match = difflib.get_close_matches(ref, list(library), n=1)
    return match[0] if match else ""


def parse_query(text: str, name: str, path: Path | None = None) -> QueryDef:
    """Read the `#+` header of a query and check it; raises QueryError naming the file and line."""
    from nrwkg.prefixes import load_prefixes

    where = str(path) if path else name
    info = inspect(text)
    prefixes = {**load_prefixes().mapping, **info.prefixes}
    qdef = QueryDef(name, text, path, form=info.form, prefixes=prefixes)
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = m.groups()
        try:
            _header(qdef, key, value, info.variables, info.projection)
        except (QueryError, ValueError) as exc:
            raise QueryError(f"{where}:{lineno}: {exc}") from None
    return qdef


def _header(qdef: QueryDef, key: str, value: str, variables: set[str], projection: list[str] | None) -> None:
    if key == "summary":
        de, sep, en = value.partition(" / ")
        if not sep or " / " in en:
            raise QueryError("summary must be 'Deutsch. / English.' (one ' / ' between the two)")
        qdef.summary_de, qdef.summary_en = de.strip(), en.strip()
    elif key == "tags":
        qdef.tags = [t.strip() for t in value.split(",") if t.strip()]
    elif key == "param":
        param = _param(value, qdef.prefixes)
        if param.name not in variables:
            raise QueryError(f"parameter {param.name!r} is not a variable of the query (?{param.name})")
        if projection is not None and param.name not in projection:
            raise QueryError(
                f"parameter {param.name!r} must be a projected variable of the SELECT "
                f"(pyoxigraph binds only projected variables; aggregate queries GROUP BY it)"
            )
        if param.name in qdef.params:
            raise QueryError(f"parameter {param.name!r} is declared twice")
        qdef.params[param.name] = param
    else:
        raise QueryError(f"unknown header '#+ {key}:' (known: summary, tags, param)")


def _param(value: str, prefixes: dict[str, str]) -> Param:
    m = _PARAM.match(value)
    if not m:
        raise QueryError("a parameter is declared as 'param: NAME [TYPE] = DEFAULT'")
    name, declared, default_text = m.group(1), m.group(2), m.group(3).strip()
    if declared and declared not in TYPES:
        raise QueryError(f"unknown parameter type {declared!r} (types: {', '.join(TYPES)})")
    if default_text == "UNDEF":
        if not declared:
            raise QueryError(f"parameter {name!r} with default UNDEF needs a type ({', '.join(TYPES)})")
        return Param(name, declared, None)
    default = _parse_term(default_text, prefixes)
    inferred = _type_of(default)
    if declared and declared != inferred and declared != "term":
        raise QueryError(f"parameter {name!r}: default {default_text} is not of type {declared}")
    language = default.language if isinstance(default, ox.Literal) else None
    return Param(name, declared or inferred, default, language)


def _type_of(term: ox.NamedNode | ox.Literal) -> str:
    if isinstance(term, ox.NamedNode):
        return "iri"
    if term.language:
        return "string"
    return _DATATYPE_TYPES.get(term.datatype.value, "term")


def _parse_term(text: str, prefixes: dict[str, str]) -> ox.NamedNode | ox.Literal:
    """A term in SPARQL syntax: <IRI>, CURIE, number or quoted literal (raises ValueError)."""
    m = _LITERAL.match(text)
    if m:
        lexical = _unescape(m.group(1))
        if m.group(2):
            return ox.Literal(lexical, language=m.group(2))
        if m.group(3):
            return _literal(lexical, _iri(m.group(3), prefixes))
        return ox.Literal(lexical)
    if _INTEGER.match(text):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "integer"))
    if _DECIMAL.match(text):
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "decimal"))
    return _iri(text, prefixes)


def _parse_as(kind: str, text: str, prefixes: dict[str, str], language: str | None):
    if kind == "iri":
        return _iri(text, prefixes)
    if kind == "string":
        return ox.Literal(text, language=language) if language else ox.Literal(text)
    if kind == "integer":
        if not _INTEGER.match(text):
            raise ValueError(f"expected an integer, got {text!r}")
        return ox.Literal(str(int(text)), datatype=ox.NamedNode(XSD + "integer"))
    if kind == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueError(f"expected a number, got {text!r}") from None
        if not number.is_finite() or not _DECIMAL.match(text):
            raise ValueError(f"expected a decimal number such as 1000000 or 0.5, got {text!r}")
        return ox.Literal(text.lstrip("+"), datatype=ox.NamedNode(XSD + "decimal"))
    if kind == "year":
        if not _YEAR.match(text):
            raise ValueError(f"expected a year such as 2030, got {text!r}")
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "gYear"))
    if kind == "date":
        if not _DATE.match(text):
            raise ValueError(f"expected a date such as 2023-01-20, got {text!r}")
        return ox.Literal(text, datatype=ox.NamedNode(XSD + "date"))
    # term: an IRI or CURIE if it looks like one, else a SPARQL literal, else a plain string
    if text.startswith("<") or _looks_like_iri(text, prefixes):
        return _iri(text, prefixes)
    try:
        return _parse_term(text, prefixes)
    except ValueError:
        return ox.Literal(text)


def _looks_like_iri(text: str, prefixes: dict[str, str]) -> bool:
    prefix, sep, _ = text.partition(":")
    return bool(sep) and (prefix in prefixes or text.startswith(_SCHEMES)) and " " not in text


def _iri(text: str, prefixes: dict[str, str]) -> ox.NamedNode:
    from nrwkg.namespaces import check_iri

    if text.startswith("<") and text.endswith(">"):
        iri = text[1:-1]
    else:
        prefix, sep, local = text.partition(":")
        if not sep:
            raise ValueError(f"expected an IRI or a CURIE such as organization:mwike, got {text!r}")
        if prefix in prefixes:
            iri = prefixes[prefix] + local
        elif text.startswith(_SCHEMES):
            iri = text
        else:
            raise ValueError(f"unknown prefix {prefix!r} in {text!r} (prefixes: see graph/prefixes.ttl)")
    problem = check_iri(iri)
    if problem:
        raise ValueError(problem)
    try:
        return ox.NamedNode(iri)
    except ValueError as exc:
        raise ValueError(f"invalid IRI <{iri}>: {exc}") from None


def _literal(lexical: str, datatype: ox.NamedNode) -> ox.Literal:
    try:
        return ox.Literal(lexical, datatype=datatype)
    except ValueError as exc:
        raise ValueError(f"invalid literal {lexical!r}^^<{datatype.value}>: {exc}") from None


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), text)


def _show(term: ox.NamedNode | ox.Literal) -> str:
    from nrwkg.prefixes import load_prefixes

    if isinstance(term, ox.NamedNode):
        return load_prefixes().compact(term.value)
    if term.language or term.datatype.value in (XSD + "string", XSD + "integer", XSD + "decimal"):
        return term.value if not term.language else str(term)
    return term.value
