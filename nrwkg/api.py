"""The Python API for notebooks: load a build, run library queries with parameters, get evidence.

    >>> from nrwkg.api import Graph
    >>> g = Graph.load("build")                                   # doctest: +SKIP
    >>> g.query("agreement-signatories")[0]["signatory"]          # doctest: +SKIP
    'person:andreas-ehlert'
    >>> ev = g.evidence("agreement:loi-zukunftsdialog-industrie", "nrw:signatory",
    ...                 "person:mona-neubaur")[0]                   # doctest: +SKIP
    >>> ev.text, ev.url                                           # doctest: +SKIP
    ('Mona Neubaur MdL Ministerin für Wirtschaft, …', 'documents/loi-zukunftsdialog-industrie.html#q-…')

Rows are dicts of Python values: IRIs as CURIEs (`organization:mwike`, full IRIs where no prefix
fits), numbers as int/float, dates as `datetime.date`, text as str, unbound as None.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nrwkg.errors import QueryError
from nrwkg.query.library import QueryDef, load_library, parse_query
from nrwkg.query.results import Result, to_python

__all__ = ["Graph", "Evidence"]


@dataclass(frozen=True)
class Evidence:
    """The quote behind a triple: its document, the text to read, the stored text and its offsets.

    `text` is the quote as a person reads it (no Markdown, line breaks or bullet glyphs), `exact`
    the stored text between `start` and `end`; `url` opens the passage in the document reader,
    relative to the build folder.
    """

    document: str
    text: str
    start: int
    end: int
    stated_as: str = ""  # the predicate the document states (a subproperty of the one asked)
    inferred_because: str | None = None
    exact: str = ""
    url: str = ""

    @property
    def quote(self) -> str:
        """The stored text (as before `text` and `exact` existed): the same as `exact`."""
        return self.exact


class Graph:
    """A built dataset and an engine to query it."""

    def __init__(self, engine, library: dict[str, QueryDef] | None = None):
        self.engine = engine
        self.library = library if library is not None else load_library()
        from nrwkg.prefixes import load_prefixes

        self.prefixes = load_prefixes().mapping

    @classmethod
    def load(cls, build_dir: str | Path = "build", engine: str = "oxigraph") -> Graph:
        """The build in `build_dir` (made by `nrwkg build`), with the pyoxigraph or rdflib engine.

        The pyoxigraph engine queries the store of the build opened once (nrwkg.opened), the same
        object the views, pages, exports and stats read."""
        from nrwkg.query.engines import OxigraphEngine, open_engine

        if engine == "oxigraph":
            from nrwkg.opened import OpenedBuild

            return cls(OxigraphEngine(OpenedBuild.open(Path(build_dir)).store))
        return cls(open_engine(engine, Path(build_dir)))

    @classmethod
    def endpoint(cls, url: str) -> Graph:
        """A remote SPARQL 1.1 endpoint holding the exported dataset."""
        from nrwkg.query.engines import EndpointEngine

        return cls(EndpointEngine(url))

    @property
    def queries(self) -> dict[str, str]:
        """Library query names and their English summaries."""
        return {name: q.summary_en for name, q in self.library.items()}

    def _query_def(self, name_or_text: str) -> QueryDef:
        if name_or_text in self.library:
            return self.library[name_or_text]
        if any(c in name_or_text for c in " \n{"):
            return parse_query(name_or_text, "query")
        raise QueryError(f"unknown query {name_or_text!r} (Graph.queries lists the library)")

    def run(self, name_or_text: str, **params) -> Result:
        """The engine-neutral result (pyoxigraph terms) of a library query or SPARQL text."""
        qdef = self._query_def(name_or_text)
        return self.engine.run(qdef.text, qdef.bind(params))

    def query(self, name_or_text: str, **params):
        """Rows as dicts of Python values; True/False for ASK; (s, p, o) tuples for CONSTRUCT."""
        result = self.run(name_or_text, **params)
        if result.form == "ask":
            return bool(result.boolean)
        if result.form == "graph":
            names, rows = result.as_rows()
            return [tuple(to_python(t, self.prefixes) for t in row) for row in rows]
        return [
            {n: to_python(t, self.prefixes) for n, t in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]

    def dataframe(self, name_or_text: str, **params):
        """The rows as a pandas DataFrame (needs pandas: pip install pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise QueryError("Graph.dataframe needs pandas: pip install pandas") from None
        result = self.run(name_or_text, **params)
        names, rows = result.as_rows()
        return pd.DataFrame([[to_python(t, self.prefixes) for t in row] for row in rows], columns=names)

    def connections(self, a: str, b: str, limit: int = 10):
        """The shortest connections between two actors over membership, partnership, signature and
        post edges (places and goals are no bridges): a list of paths, each a list of
        nrwkg.query.connections.Step (subject, predicate, object, evidence with document and quote)."""
        from nrwkg.query.connections import connections

        return connections(self, a, b, limit)

    def evidence(self, s, p, o) -> list[Evidence]:
        """The quotes that state the triple (s, p, o): CURIEs, IRIs or, for `o`, a literal value."""
        from nrwkg.compile.quotes import display
        from nrwkg.urls import passage_path

        rows = self.query("evidence-for-triple", s=s, p=p, o=o)
        return [
            Evidence(r["document"], display(r["quote"]), r["start"], r["end"], r["stated_as"], r["inferred_because"],
                     r["quote"], passage_path(self._iri(r["document"]), r["start"], r["end"]) or "")
            for r in rows
        ]

    def _iri(self, curie: str) -> str:
        prefix, _, local = curie.partition(":")
        base = self.prefixes.get(prefix)
        return base + local if base and not curie.startswith(("http://", "https://")) else curie
