"""The `nrwkg` command line: a thin skin over the library functions."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from nrwkg import __version__, paths
from nrwkg.errors import NrwkgError

__all__ = ["main", "parser"]

EPILOG = """examples:
  nrwkg build                     compile, validate and write everything to build/
  nrwkg check                     compile and validate only, write nothing
  nrwkg stats                     counts by class and document of the last build
  nrwkg coverage --summary        share of sentences per document with an evidence quote
  nrwkg serve --port 8080         SPARQL endpoint, query page and site on http://127.0.0.1:8080/
  nrwkg query --list              the query library; nrwkg query NAME runs one
  nrwkg export --format ttl -o -  the union as Turtle on stdout (nrwkg export: all formats)
  nrwkg views --entity organization:mwike --depth 2   the network around one entity as HTML
"""


def _build(args: argparse.Namespace) -> int:
    import os

    from nrwkg.build import build
    from nrwkg.compile.limits import CORPUS_ENV, ENV

    for value, option, env in ((args.max_input_mb, "--max-input-mb", ENV),
                               (args.max_corpus_mb, "--max-corpus-mb", CORPUS_ENV)):
        if value is not None:
            if value <= 0:
                raise NrwkgError(f"{option} must be more than 0, not {value:g}")
            os.environ[env] = str(value)
    started = time.perf_counter()
    compiled = build(args.build_dir, reasoner=not args.no_reasoner)
    seconds = time.perf_counter() - started
    n_statements = sum(len(f.statements) for f in compiled.statement_files)
    n_quads = sum(len(g) for g in compiled.dataset.graphs())
    print(f"built {n_quads} quads from {len(compiled.documents)} documents "
          f"and {n_statements} curated statements in {seconds:.1f} s")
    print(f"results are in {args.build_dir.resolve()}/ (start with index.html if present, dataset.trig)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.validate.dataset import validate

    compiled = compile_dataset()
    validate(compiled, reasoner=not args.no_reasoner)
    reasoner = "" if args.no_reasoner else ", HermiT"
    print(f"ok: {len(compiled.dataset)} quads, every quote found; SHACL{reasoner} and violation queries pass")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from nrwkg.opened import OpenedBuild
    from nrwkg.stats import compute_stats, format_stats

    stats = compute_stats(OpenedBuild.open(args.build_dir).store)
    print(format_stats(stats))
    return 1 if stats.without_evidence else 0


def _coverage(args: argparse.Namespace) -> int:
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.coverage import document_coverage, format_coverage

    report = document_coverage(compile_dataset())
    if args.document:
        report = [c for c in report if c.document.endswith("/" + args.document) or c.file == args.document]
        if not report:
            raise NrwkgError(f"unknown document {args.document!r}")
    print(format_coverage(report, list_uncovered=not args.summary))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import logging

    from nrwkg.serve import Settings, serve

    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(message)s", force=True)
    settings = Settings(host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
                        workers=args.workers, memory_mb=args.memory_limit or None)
    serve(_built(args.build_dir), settings, announce=lambda line: print(line, flush=True))
    return 0


def _built(build_dir: Path) -> Path:
    from nrwkg.opened import require_build

    return require_build(build_dir)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="nrwkg", description="A knowledge graph of North Rhine-Westphalia's industrial policy.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"nrwkg {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, func, help: str, description: str | None = None) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help, description=description or help)
        sp.set_defaults(func=func)
        return sp

    sp = command("build", _build, "compile, validate and write the dataset and all artefacts to build/",
                 "Compile graph/ and ontology/, check every quote, SHACL shapes, OWL consistency (HermiT) "
                 "and queries/checks/*-violation.rq, then write build/ atomically: a failing build leaves "
                 "the previous build/ untouched.")
    sp.add_argument("--build-dir", type=Path, default=paths.DEFAULT_BUILD, help="output folder (default: build)")
    sp.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check (faster)")
    sp.add_argument("--max-input-mb", type=float, metavar="MB",
                    help="refuse any curated or source file larger than MB megabytes, before parsing it "
                         "(default 8, or the environment variable NRWKG_MAX_INPUT_MB)")
    sp.add_argument("--max-corpus-mb", type=float, metavar="MB",
                    help="refuse a corpus whose statements, registry and texts together exceed MB megabytes "
                         "(default 8, about 4 GB of memory; or NRWKG_MAX_CORPUS_MB)")

    sp = command("check", _check, "compile and validate without writing anything")
    sp.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check")

    sp = command("stats", _stats, "counts by class and document, and asserted triples without evidence",
                 "Print counts of the last build. Exits non-zero if any asserted triple lacks evidence.")
    sp.add_argument("--build-dir", type=Path, default=paths.DEFAULT_BUILD, help="build folder (default: build)")

    sp = command("coverage", _coverage, "share of sentences per document that carry an evidence quote",
                 "Split each source text into sentences (spaCy, blank German model with a rule-based "
                 "sentencizer) and report per document the share that carry at least one evidence quote, "
                 "listing every sentence that carries none with its line number.")
    sp.add_argument("--document", help="only this document (slug or file name)")
    sp.add_argument("--summary", action="store_true", help="print the shares only, not the uncovered sentences")

    sp = command("serve", _serve, "a read-only SPARQL 1.1 endpoint, the query page and the built site",
                 "Serve build/ on http://127.0.0.1:8000/: the SPARQL 1.1 Protocol endpoint /sparql "
                 "(GET/POST; without a query: the service description), the query page /query, and "
                 "the views, pages and exports as files. Read-only; a query that runs longer than "
                 "--timeout or returns more than --max-rows rows fails with an error status; SERVICE, "
                 "LOAD and FROM outside the dataset are refused. Example: nrwkg serve --port 8080, then "
                 "curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5' "
                 "http://127.0.0.1:8080/sparql")
    sp.add_argument("--build-dir", type=Path, default=paths.DEFAULT_BUILD,
                    help="build folder (default: build)")
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port)")
    sp.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    sp.add_argument("--max-rows", type=int, default=100_000, help="rows a result may have (default: 100000)")
    sp.add_argument("--workers", type=int, default=4, help="query worker processes (default: 4)")
    sp.add_argument("--memory-limit", type=int, default=2048, metavar="MB",
                    help="address space a query may take in each worker, in MB, beyond the open store "
                         "(default: 2048; 0: none)")
    sp.add_argument("--quiet", action="store_true", help="do not log each request")

    from nrwkg.export import command as export_cmd  # arguments only; the writers load when it runs
    export_cmd.add_arguments(command("export", export_cmd.run, export_cmd.HELP, export_cmd.DESCRIPTION))

    from nrwkg.views import command as views_cmd  # arguments only; the views load when it runs
    views_cmd.add_arguments(command("views", views_cmd.run, views_cmd.HELP, views_cmd.DESCRIPTION))

    from nrwkg.query import command as querycmd  # light module: arguments only, the engines load when a query runs
    querycmd.add_arguments(command("query", lambda args: querycmd.run(args), querycmd.HELP, querycmd.DESCRIPTION))
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NrwkgError as exc:
        print(f"nrwkg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
