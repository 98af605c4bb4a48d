"""SPARQL engines with one interface: run a query with bound parameters, get a `Result`.

- `OxigraphEngine` (default): the pyoxigraph store of a build (`build/store`). Its default graph is
  the de-duplicated union of all named graphs (see `nrwkg.store`; the library queries read the named graphs anyway,
  so they answer alike on stores whose default graph is empty or a bag union).
  Parameters are bound with `substitutions=`.
- `RdflibEngine`: rdflib's own SPARQL engine over `build/dataset.nq`, loaded into a Dataset whose
  default graph is the union of the named graphs (rdflib yields each triple of the union once).
  Parameters are bound with `initBindings`. rdflib would dereference `FROM <file:…>` /
  `FROM <http:…>` and follow SERVICE; both are refused before rdflib sees the query, and graph
  loading is switched off (`SPARQL_LOAD_GRAPHS = False`).
- `EndpointEngine`: any SPARQL 1.1 endpoint over HTTP (protocol POST, urlencoded; `Accept` by query
  form; Virtuoso's one-row answer to ASK read as a boolean). Parameters are
  bound by a VALUES block placed at the start of the outermost WHERE group by the SPARQL lexer
  (`nrwkg.query.sparql.inject_values`); the values are RDF terms checked by their parsers and written
  in N-Triples syntax, so a value can never become query syntax.

Every engine runs the canonical text of a query (`nrwkg.query.sparql.canonical`: codepoint escapes
expanded, as SPARQL asks, before any check), so `S\\u0045RVICE` is read as SERVICE by the check
too, and the text an endpoint receives means what it means to the embedded engines. The embedded
engines refuse SERVICE (no network at run time) and dataset clauses naming anything but a graph of
the dataset; the rdflib engine checks the parse tree it then evaluates as well. None of them has
a time limit of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from nrwkg.errors import QueryError
from nrwkg.query.prologue import add_prefixes, syntax_message
from nrwkg.query.results import Result, from_pyoxigraph
from nrwkg.query.sparql import QueryInfo, canonical, check_local, inject_values, inspect
from nrwkg.store import query as store_query

__all__ = ["Engine", "OxigraphEngine", "RdflibEngine", "EndpointEngine", "open_engine", "ENGINES"]

ENGINES = ("oxigraph", "rdflib")
Bindings = Mapping[str, ox.NamedNode | ox.Literal]
_FORMS = {"select": ("SELECT",), "ask": ("ASK",), "construct": ("CONSTRUCT", "DESCRIBE")}


class Engine(Protocol):
    name: str

    def run(self, query: str, bindings: Bindings | None = None) -> Result: ...
    def select(self, query: str, bindings: Bindings | None = None) -> Result: ...
    def ask(self, query: str, bindings: Bindings | None = None) -> Result: ...
    def construct(self, query: str, bindings: Bindings | None = None) -> Result: ...


class _Base:
    name = "engine"

    def run(self, query: str, bindings: Bindings | None = None) -> Result:
        raise NotImplementedError

    def select(self, query: str, bindings: Bindings | None = None) -> Result:
        return self._expect("select", query, bindings)

    def ask(self, query: str, bindings: Bindings | None = None) -> Result:
        return self._expect("ask", query, bindings)

    def construct(self, query: str, bindings: Bindings | None = None) -> Result:
        return self._expect("construct", query, bindings)

    def _expect(self, form: str, query: str, bindings: Bindings | None) -> Result:
        info = inspect(canonical(query))
        if info.form not in _FORMS[form]:
            raise QueryError(f"expected a {form.upper()} query, got {info.form}")
        return self.run(query, bindings)


class OxigraphEngine(_Base):
    name = "oxigraph"

    def __init__(self, store: ox.Store):
        self.store = store
        self._graphs: set[str] | None = None

    @classmethod
    def from_build(cls, build_dir: Path) -> OxigraphEngine:
        from nrwkg.store import open_store

        return cls(open_store(_require_build(build_dir)))

    def graphs(self) -> set[str]:
        if self._graphs is None:
            self._graphs = {g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)}
        return self._graphs

    def run(self, query: str, bindings: Bindings | None = None) -> Result:
        written = canonical(query)
        prologue = add_prefixes(written)  # the project's prefixes predeclared; the query's own win
        text = prologue.text
        info = inspect(text)
        check_local(info, self.graphs())
        subs: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
            ox.Variable(k): v for k, v in (bindings or {}).items() if v is not None}
        try:
            answer = store_query(self.store, text, own_dataset=bool(info.from_graphs), substitutions=subs)
            return from_pyoxigraph(answer)
        except SyntaxError as exc:
            raise QueryError(syntax_message(str(exc), written, prologue.shift)) from None
        except (OSError, ValueError, TypeError, RuntimeError) as exc:
            raise QueryError(f"query failed: {_one_line(exc)}") from None


class RdflibEngine(_Base):
    name = "rdflib"

    def __init__(self, dataset):
        self.dataset = dataset

    @classmethod
    def from_build(cls, build_dir: Path) -> RdflibEngine:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(_require_build(build_dir) / "dataset.nq", format="nquads")
        return cls(ds)

    @classmethod
    def from_nquads(cls, data: str | bytes) -> RdflibEngine:
        from rdflib import Dataset

        ds = Dataset(default_union=True)
        ds.parse(data=data, format="nquads")
        return cls(ds)

    def graphs(self) -> set[str]:
        from rdflib import URIRef
        from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

        return {
            str(g.identifier)
            for g in self.dataset.graphs()
            if isinstance(g.identifier, URIRef) and g.identifier != DATASET_DEFAULT_GRAPH_ID
        }

    def run(self, query: str, bindings: Bindings | None = None) -> Result:
        import rdflib.plugins.sparql as rdflib_sparql
        from pyparsing import ParseException

        from nrwkg.query.parsed import checked_rdflib_query

        written = canonical(query)
        prologue = add_prefixes(written)
        text = prologue.text
        info: QueryInfo = inspect(text)
        graphs = self.graphs()
        check_local(info, graphs)
        rdflib_sparql.SPARQL_LOAD_GRAPHS = False
        init = {k: _to_rdflib(v) for k, v in (bindings or {}).items() if v is not None}
        try:
            prepared = checked_rdflib_query(text, graphs)  # the tree checked is the tree evaluated
            answer = self.dataset.query(prepared, initBindings=init)
            return _from_rdflib(answer)
        except ParseException as exc:
            raise QueryError(syntax_message(str(exc), written, prologue.shift, exc.lineno, exc.col)) from None
        except QueryError:
            raise
        except Exception as exc:  # rdflib raises many kinds; report them as one line
            raise QueryError(f"query failed in rdflib: {type(exc).__name__}: {_one_line(exc)}") from None


class EndpointEngine(_Base):
    """A SPARQL 1.1 endpoint: the canonical query text is sent, with an Accept header for its form."""

    name = "endpoint"
    ACCEPT = {  # by query form: results for SELECT and ASK, RDF for CONSTRUCT and DESCRIBE
        "results": "application/sparql-results+json, application/sparql-results+xml;q=0.8",
        "graph": "application/n-triples, text/turtle;q=0.9, application/n-quads;q=0.8",
    }

    def __init__(self, url: str, timeout: float = 60.0):
        if not url.startswith(("http://", "https://")):
            raise QueryError(f"--endpoint must be an http(s) URL, got {url!r}")
        self.url = url
        self.timeout = timeout

    def run(self, query: str, bindings: Bindings | None = None) -> Result:
        import urllib.error
        import urllib.parse
        import urllib.request

        text = inject_values(add_prefixes(canonical(query)).text, dict(bindings or {}))
        form = inspect(text).form
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        body = urllib.parse.urlencode({"query": text}).encode("utf-8")
        request = urllib.request.Request(
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": self.ACCEPT["graph" if graph_form else "results"],
                "User-Agent": "nrwkg",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                data = response.read()
                ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        except urllib.error.HTTPError as exc:
            detail = _one_line(exc.read(500).decode("utf-8", "replace")) or exc.reason
            raise QueryError(f"endpoint {self.url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise QueryError(f"cannot reach endpoint {self.url}: {reason}") from None
        result = _parse_http(data, ctype, self.url)
        return _ask_as_boolean(result) if form == "ASK" else result


def open_engine(
    engine: str = "oxigraph", build_dir: Path | None = None, endpoint: str | None = None
) -> Engine:
    """The engine by name; `endpoint` (a URL) wins over `engine`."""
    from nrwkg import paths

    if endpoint:
        return EndpointEngine(endpoint)
    build_dir = Path(build_dir) if build_dir is not None else paths.DEFAULT_BUILD
    if engine == "oxigraph":
        return OxigraphEngine.from_build(build_dir)
    if engine == "rdflib":
        return RdflibEngine.from_build(build_dir)
    raise QueryError(f"unknown engine {engine!r} (engines: {', '.join(ENGINES)}, or --endpoint URL)")


def _require_build(build_dir: Path) -> Path:
    from nrwkg.paths import require_build

    return require_build(build_dir)


def _one_line(exc: object) -> str:
    return " ".join(str(exc).split())


# ------------------------------------------------------------------ term conversion


def _to_rdflib(term):
    from rdflib import Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)  # rdflib keeps "x" and "x"^^xsd:string apart; RDF 1.1 does not
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise QueryError(f"cannot bind {term!r}")


def _from_rdflib_term(term):
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unexpected term in rdflib result: {term!r}")


def _from_rdflib(answer) -> Result:
    if answer.type == "ASK":
        return Result("ask", boolean=bool(answer.askAnswer))
    if answer.type == "SELECT":
        names = [str(v) for v in answer.vars]
        rows = [tuple(_from_rdflib_term(row[i]) for i in range(len(names))) for row in answer]
        return Result("select", names, rows)
    triples = [ox.Triple(*(_from_rdflib_term(t) for t in triple)) for triple in answer]
    return Result("graph", triples=triples)


def _ask_as_boolean(result: Result) -> Result:
    """Virtuoso 7 answers ASK with one row of one variable (`__ASK_RETVAL`, 1 or 0), not a boolean."""
    if result.form == "ask":
        return result
    if result.form == "select" and len(result.variables) == 1 and len(result.rows) <= 1:
        value = result.rows[0][0] if result.rows else None
        if value is None or isinstance(value, ox.Literal) and value.value in ("0", "1", "true", "false"):
            return Result("ask", boolean=value is not None and value.value in ("1", "true"))
    raise QueryError("the endpoint answered an ASK query with something other than a boolean")


def _parse_http(data: bytes, ctype: str, url: str) -> Result:
    results = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    }
    graphs = {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/turtle": ox.RdfFormat.TURTLE,
        "text/plain": ox.RdfFormat.N_TRIPLES,
        "application/n-quads": ox.RdfFormat.N_QUADS,
    }
    try:
        if ctype in results:
            if results[ctype] == ox.QueryResultsFormat.JSON:
                data = _plain_json_results(data)
            return from_pyoxigraph(ox.parse_query_results(data, format=results[ctype]))
        if ctype in graphs:
            return Result("graph", triples=[q.triple for q in ox.parse(data, format=graphs[ctype])])
    except (SyntaxError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise QueryError(f"endpoint {url} sent an unreadable {ctype} answer: {_one_line(exc)}") from None
    raise QueryError(f"endpoint {url} answered with unsupported media type {ctype or 'none'!r}")


def _plain_json_results(data: bytes) -> bytes:
    """SPARQL JSON results with only the members the standard defines (head.vars, results.bindings or
    boolean): endpoints add their own (Comunica, Virtuoso, Stardog …), which pyoxigraph's reader
    refuses. Virtuoso's `typed-literal` term type is read as `literal`."""
    import json

    doc = json.loads(data)
    plain: dict = {"head": {"vars": list(doc.get("head", {}).get("vars", []))}}
    if "boolean" in doc:
        plain["boolean"] = doc["boolean"]
    else:
        bindings = []
        for row in doc["results"]["bindings"]:
            bindings.append({name: _plain_term(term) for name, term in row.items()})
        plain["results"] = {"bindings": bindings}
    return json.dumps(plain).encode("utf-8")


def _plain_term(term: dict) -> dict:
    kind = "literal" if term.get("type") == "typed-literal" else term.get("type")
    out = {"type": kind, "value": term["value"] if kind != "triple" else None}
    if kind == "triple":
        out["value"] = {k: _plain_term(v) for k, v in term["value"].items()}
    for key in ("xml:lang", "datatype"):
        if key in term:
            out[key] = term[key]
    return out
