"""Publish a build into a running triple store, then check that the store holds exactly the build.

Two ways in:

- the SPARQL 1.1 Graph Store HTTP Protocol (`publish_graph_store`): every named graph of
  `build/dataset.nq` is replaced as a whole with `PUT STORE?graph=IRI` (N-Triples); works with the
  `oxigraph` server (`http://HOST:PORT/store`), Fuseki, GraphDB, RDF4J and others;
- Virtuoso's bulk loader through its SQL port (`virtuoso_bulk_load`): the graphs of the file are
  cleared, then `ld_dir` + `rdf_loader_run` load the N-Quads (the file must be in a folder listed in
  the server's `DirsAllowed`).

`verify_counts` then asks the store's SPARQL endpoint for the triples of every graph and compares
them with the VoID description the build wrote (`build/export/void.ttl`); any difference is a
`PublishError` listing every graph that differs.
"""

from __future__ import annotations

import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from nrwkg.errors import NrwkgError
from nrwkg.store import select

__all__ = ["PublishError", "publish", "publish_graph_store", "virtuoso_bulk_load", "void_counts",
           "store_counts", "verify_counts"]

_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
_VOID = """
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX sd: <http://www.w3.org/ns/sparql-service-description#>
SELECT ?g ?n WHERE { ?d sd:name ?g ; void:triples ?n }
"""


class PublishError(NrwkgError):
    """The store refused the data, or holds something other than the build afterwards."""


def publish(build_dir: Path, endpoint: str, store: str | None = None, isql: str | None = None,
            load_dir: Path | None = None, user: str = "dba", password: str = "dba",
            timeout: float = 600.0) -> dict[str, int]:
    """Push `build_dir` into a store (Graph Store Protocol at `store`, or Virtuoso's bulk loader at
    `isql`), then verify every graph's triple count at the SPARQL `endpoint`; returns the counts."""
    build_dir = Path(build_dir)
    nquads = build_dir / "dataset.nq"
    if not nquads.is_file():
        raise PublishError(f"no build found in {build_dir}/: run `nrwkg build` first (or pass --build-dir)")
    expected = void_counts(_void_file(build_dir))
    if isql:
        virtuoso_bulk_load(isql, nquads, load_dir, user=user, password=password, timeout=timeout)
    else:
        publish_graph_store(nquads, store or _store_url(endpoint), timeout=timeout)
    return verify_counts(endpoint, expected, timeout=timeout)


def _void_file(build_dir: Path) -> Path:
    path = build_dir / "export" / "void.ttl"
    if not path.is_file():
        raise PublishError(f"no VoID description at {path}: run `nrwkg build` (or `nrwkg export`) first")
    return path


def _store_url(endpoint: str) -> str:
    """The oxigraph server's convention: /query reads, /store is the Graph Store endpoint."""
    if endpoint.endswith("/query"):
        return endpoint[: -len("/query")] + "/store"
    raise PublishError(f"cannot guess the Graph Store endpoint of {endpoint}: pass --store URL")


def _graphs(nquads: Path) -> dict[str, list[ox.Triple]]:
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in ox.parse(path=str(nquads), format=ox.RdfFormat.N_QUADS):
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise PublishError(f"{nquads}: a triple outside any named graph: {quad.triple}")
        graphs[quad.graph_name.value].append(quad.triple)
    return graphs


def publish_graph_store(nquads: Path, store: str, timeout: float = 600.0) -> list[str]:
    """Replace every named graph of `nquads` in the store with a Graph Store Protocol PUT."""
    if not store.startswith(("http://", "https://")):
        raise PublishError(f"the Graph Store endpoint must be an http(s) URL, got {store!r}")
    done = []
    for graph, triples in sorted(_graphs(nquads).items()):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
        url = store + ("&" if "?" in store else "?") + urllib.parse.urlencode({"graph": graph})
        request = urllib.request.Request(url, data=body, method="PUT",
                                         headers={"Content-Type": "application/n-triples",
                                                  "User-Agent": "nrwkg"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(500).decode("utf-8", "replace").split()) or exc.reason
            raise PublishError(f"{store} refused graph <{graph}> ({exc.code}): {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise PublishError(f"cannot reach the Graph Store endpoint {store}: "
                               f"{getattr(exc, 'reason', exc)}") from None
        done.append(graph)
    return done


def virtuoso_bulk_load(isql: str, nquads: Path, load_dir: Path | None = None, user: str = "dba",
                       password: str = "dba", timeout: float = 600.0) -> None:
    """Replace the graphs of `nquads` in Virtuoso through its SQL port `isql` (host:port): clear
    them, then bulk-load the file (copied into `load_dir` first, if given: a folder in the
    server's DirsAllowed)."""
    isql_cli = shutil.which("isql-vt") or shutil.which("isql-v")
    if not isql_cli:
        raise PublishError("Virtuoso's isql (isql-vt) is not installed: apt-get install virtuoso-opensource-7")
    source = Path(nquads).resolve()
    if load_dir is not None:
        load_dir = Path(load_dir).resolve()
        load_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, load_dir / source.name)
        source = load_dir / source.name
    graphs = sorted(_graphs(source))
    clear = "".join(f"SPARQL CLEAR GRAPH <{g}>;\n" for g in graphs)
    script = (
        "log_enable(3, 1);\n" + clear +
        f"DELETE FROM DB.DBA.load_list WHERE ll_file = '{_sql(str(source))}';\n"
        f"ld_dir('{_sql(str(source.parent))}', '{_sql(source.name)}', 'urn:nrwkg:no-default-graph');\n"
        "rdf_loader_run();\n"
        "checkpoint;\n"
        f"SELECT 'LOAD-ERROR', ll_error FROM DB.DBA.load_list WHERE ll_file = '{_sql(str(source))}' "
        "AND ll_error IS NOT NULL;\n"
    )
    try:
        run = subprocess.run([isql_cli, isql, user, password, "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF",
                              "ERRORS=STDOUT"], input=script, capture_output=True, text=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired:
        raise PublishError(f"Virtuoso at {isql} did not finish loading within {timeout:.0f} s") from None
    output = run.stdout + run.stderr
    problems = [line for line in output.splitlines() if "Error" in line or "LOAD-ERROR" in line]
    if run.returncode or problems:
        raise PublishError(f"Virtuoso at {isql} did not load {source}: "
                           + ("; ".join(problems[:5]) or output[-500:].strip()))


def _sql(text: str) -> str:
    if "\n" in text or "\\" in text:
        raise PublishError(f"unusable path for Virtuoso's loader: {text!r}")
    return text.replace("'", "''")


def void_counts(void: Path) -> dict[str, int]:
    """The triples of every named graph as the VoID description states them."""
    store = ox.Store()
    store.load(path=str(void), format=ox.RdfFormat.TURTLE)
    counts = {row["g"].value: int(row["n"].value) for row in select(store, _VOID)}
    if not counts:
        raise PublishError(f"{void} describes no named graph (no sd:name with void:triples)")
    return counts


def store_counts(endpoint: str, timeout: float = 600.0) -> dict[str, int]:
    """The triples of every named graph in the store, as its SPARQL endpoint counts them."""
    from nrwkg.errors import QueryError
    from nrwkg.query.engines import EndpointEngine

    try:
        result = EndpointEngine(endpoint, timeout=timeout).select(_COUNTS)
    except QueryError as exc:
        raise PublishError(str(exc)) from None
    return {row[0].value: int(row[1].value) for row in result.rows
            if isinstance(row[0], ox.NamedNode) and row[1] is not None}


def verify_counts(endpoint: str, expected: dict[str, int], timeout: float = 600.0) -> dict[str, int]:
    """Fail unless every graph of `expected` holds exactly that many triples at `endpoint`."""
    found = store_counts(endpoint, timeout=timeout)
    wrong = [f"<{g}>: {found.get(g, 0)} triples in the store, {n} in the build"
             for g, n in sorted(expected.items()) if found.get(g, 0) != n]
    if wrong:
        raise PublishError(f"{endpoint} does not hold the build ({len(wrong)} of {len(expected)} graphs "
                           "differ):\n" + "\n".join(f"  - {w}" for w in wrong))
    return {g: found[g] for g in expected}
