"""A remote SPARQL 1.1 endpoint behind `nrwkg serve --backend URL`, with the part of pyoxigraph's
`Store` interface the workers use (`query`, `named_graphs`), so the server keeps its limits, checks
and formats in front of any store.

A query the server has checked (no SERVICE, LOAD or foreign FROM) is sent as is (protocol POST);
the answer is read completely and parsed by pyoxigraph into the same result objects the embedded
store returns, so rows are counted and serialised the same way. Protocol dataset parameters
(`default-graph-uri`, `named-graph-uri`) are passed on. Any failure of the store is an error, never
a short answer.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox

__all__ = ["RemoteStore", "RemoteError", "open_backend"]

_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
_GRAPH = "application/n-triples, text/turtle;q=0.8"
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


class RemoteError(RuntimeError):
    pass


def open_backend(location: str):
    """The store a worker queries: a remote endpoint for an http(s) URL, else the embedded store."""
    if location.startswith(("http://", "https://")):
        return RemoteStore(location)
    return ox.Store.read_only(location)


class RemoteStore:
    def __init__(self, url: str, timeout: float = 3600.0):
        self.url = url
        self.timeout = timeout  # the server's own time limit ends the worker long before

    def named_graphs(self):
        from nrwkg.query.files import query_text

        answer = self.query(query_text("stats", "named-graphs"))
        return [row["g"] for row in answer if isinstance(row["g"], ox.NamedNode)]

    def query(self, text: str, default_graph=None, named_graphs=None, **_ignored):
        from nrwkg.query.sparql import inspect

        form = inspect(text).form
        fields = [("query", text)]
        fields += [("default-graph-uri", g.value) for g in _as_list(default_graph)]
        fields += [("named-graph-uri", g.value) for g in _as_list(named_graphs)]
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        response, ctype = self._open(fields, _GRAPH if graph_form else _RESULTS)
        try:
            if graph_form:
                rdf_format = {"application/n-triples": ox.RdfFormat.N_TRIPLES,
                              "text/plain": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}.get(ctype)
                if rdf_format is None:
                    raise RemoteError(f"the backend {self.url} answered a {form} with {ctype or 'no media type'}")
                return _Streamed(response, (q.triple for q in ox.parse(response, format=rdf_format)))
            fmt = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                   "application/json": ox.QueryResultsFormat.JSON,
                   "application/sparql-results+xml": ox.QueryResultsFormat.XML}.get(ctype)
            if fmt is None:
                raise RemoteError(f"the backend {self.url} answered a {form} with {ctype or 'no media type'}")
            if form == "ASK":
                answer = ox.parse_query_results(response.read(), format=fmt)
                response.close()
                return answer if isinstance(answer, ox.QueryBoolean) else _virtuoso_ask(answer)
            # pyoxigraph's own solutions, parsed as they arrive (the worker serialises them and stops
            # reading at its row limit); the connection closes with them
            return ox.parse_query_results(response, format=fmt)
        except BaseException:
            response.close()
            raise

    def _open(self, fields, accept: str):
        body = urllib.parse.urlencode(fields).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": "application/x-www-form-urlencoded", "Accept": accept, "User-Agent": "nrwkg"})
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)  # noqa: S310
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(300).decode("utf-8", "replace").split()) or exc.reason
            if exc.code == 400:
                raise SyntaxError(f"the backend refused the query: {detail}") from None
            raise RemoteError(f"the backend {self.url} answered {exc.code}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise RemoteError(f"cannot reach the backend {self.url}: {getattr(exc, 'reason', exc)}") from None
        return response, response.headers.get("Content-Type", "").split(";")[0].strip().lower()


class _Streamed:
    """Rows or triples read from the open answer as the worker iterates (like pyoxigraph's results);
    the connection closes at the end, or when the worker stops early (its row limit)."""

    def __init__(self, response, items, variables=None):
        self._response = response
        self._items = items
        self.variables = variables

    def __iter__(self):
        try:
            yield from self._items
        except (SyntaxError, ValueError, OSError) as exc:
            raise RemoteError(f"the backend's answer broke off or is unreadable: {exc}") from None
        finally:
            self._response.close()


def _as_list(graphs) -> list:
    return list(graphs or [])


def _virtuoso_ask(answer) -> ox.QueryBoolean:
    """Virtuoso 7 answers ASK as one row of `__ASK_RETVAL` 1/0; the client gets a real boolean."""
    rows = list(answer)
    value = rows[0][0].value if rows and rows[0][0] is not None else "0"
    text = '{"head":{},"boolean":%s}' % ("true" if value in ("1", "true") else "false")
    result = ox.parse_query_results(text.encode(), format=ox.QueryResultsFormat.JSON)
    assert isinstance(result, ox.QueryBoolean)  # the JSON above is a boolean result
    return result
