"""`nrwkg query`: list the query library, run a query by name, file or stdin, print the result."""

from __future__ import annotations

import argparse
import sys

from nrwkg.errors import QueryError

__all__ = ["add_arguments", "run", "HELP", "DESCRIPTION"]

HELP = "run a library query (or a SPARQL file, or - for stdin) and print the result"
DESCRIPTION = """Run a query of the library (queries/*.rq, by name), a SPARQL file, or `-` (stdin)
against the last build, with parameters bound through the engine's binding API.

examples:
  nrwkg query --list                                  the library, with summaries and parameters
  nrwkg query agreement-signatories                   who signed which agreement, in which post
  nrwkg query stances-by-modality --param modality=modality:commits
  nrwkg query evidence-for-triple --param s=agreement:loi-zukunftsdialog-industrie \\
        --param p=nrw:signatory --param o=person:mona-neubaur
  nrwkg query money-by-actor --format csv -o money.csv
  nrwkg query std-org-chart --format ttl              a CONSTRUCT result as Turtle
  echo 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' | nrwkg query -
  echo 'SELECT ?m WHERE { GRAPH ?g { ?m a nrw:Ministry } }' | nrwkg query -   prefixes predeclared
  nrwkg query --prefixes                              the predeclared prefixes
  nrwkg query documents --engine rdflib               rdflib's engine instead of pyoxigraph
  nrwkg query documents --endpoint http://127.0.0.1:7878/query

A parameter value is a CURIE (organization:mwike), an <IRI>, a number, a year or text, as the
query declares it; an empty value (--param type=) leaves the parameter unbound (all values).

The prefixes of graph/prefixes.ttl and the standard ones (rdf, rdfs, owl, xsd, skos, dcterms, dc,
foaf, org, prov, schema, oa, geo, dcat, void, sh) are predeclared: a query need not declare them,
and a PREFIX it declares itself wins. An unknown prefix or a syntax error is reported in one line
with its line and column."""


def add_arguments(sp: argparse.ArgumentParser) -> None:
    from nrwkg import cli_options as options
    from nrwkg.query.results import FORMATS

    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    sp.add_argument(
        "query", nargs="?", metavar="NAME|FILE|-", help="library query name, .rq file, or - for stdin"
    )
    sp.add_argument("--list", action="store_true", help="list the library queries and their parameters")
    sp.add_argument("--prefixes", action="store_true", help="list the predeclared prefixes")
    sp.add_argument(
        "--markdown", action="store_true", help="with --list: the Markdown index of queries/README.md"
    )
    sp.add_argument(
        "--lang", choices=("de", "en"), default="en", help="language of summaries in --list (default: en)"
    )
    sp.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a declared parameter (repeatable)",
    )
    sp.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="output format (default: table for rows, ttl for CONSTRUCT)",
    )
    sp.add_argument(
        "--engine",
        choices=("oxigraph", "rdflib"),
        default="oxigraph",
        help="embedded engine (default: oxigraph)",
    )
    sp.add_argument(
        "--endpoint", metavar="URL", help="run against a SPARQL 1.1 endpoint instead of the build"
    )
    options.build_dir(sp)
    options.output(sp, "write the result to this file (default: standard output)")
    sp.add_argument(
        "--max-width",
        type=int,
        default=80,
        metavar="N",
        help="table format: cut cells longer than N characters with … (0: never; default 80)",
    )


def run(args: argparse.Namespace) -> int:
    from nrwkg.query import library as querylib

    if args.list:
        library = querylib.load_library()
        from nrwkg.query.index import library_markdown, library_text

        sys.stdout.write(library_markdown(library) if args.markdown else library_text(library, args.lang))
        return 0
    if args.prefixes:
        from nrwkg.query.prologue import predeclared

        sys.stdout.write("".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(predeclared().items())))
        return 0
    if not args.query:
        raise QueryError("name a query (see `nrwkg query --list`), a .rq file, or - for stdin")
    stdin_text = sys.stdin.read() if args.query == "-" else None
    qdef = querylib.resolve(args.query, stdin_text=stdin_text)
    bindings = qdef.bind(_params(args.param))
    from nrwkg.query.engines import open_engine
    from nrwkg.query.results import format_result

    engine = open_engine(args.engine, args.build_dir, args.endpoint)
    result = engine.run(qdef.text, bindings)
    fmt = args.format or ("ttl" if result.form == "graph" else "table")
    from nrwkg.cli_options import emit

    emit(format_result(result, fmt, qdef.prefixes, args.max_width), args.output)
    return 0


def _params(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value.strip()
    return out
