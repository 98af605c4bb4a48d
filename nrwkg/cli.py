"""The `nrwkg` command line: a thin skin over the library functions."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from nrwkg import __version__, paths
from nrwkg import cli_options as options
from nrwkg.errors import NrwkgError

__all__ = ["main", "parser"]

EPILOG = """examples:
  nrwkg build                     compile, validate and write everything to build/
  nrwkg check                     compile and validate only, write nothing
  nrwkg stats                     counts by class and document of the last build
  nrwkg coverage --summary        sentence coverage and fact recall per document
  nrwkg serve --port 8080         SPARQL endpoint, query page and site on http://127.0.0.1:8080/
  nrwkg publish --endpoint http://127.0.0.1:7878/query   put build/ into an oxigraph server, check counts
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
    compiled = build(args.build_dir, reasoner=not args.no_reasoner, incremental=not args.full)
    seconds = time.perf_counter() - started
    n_statements = sum(len(f.statements) for f in compiled.statement_files)
    n_quads = compiled.quad_count  # no rdflib Dataset made for a count, nor the triples read again
    print(f"built {n_quads} quads from {len(compiled.documents)} documents "
          f"and {n_statements} curated statements in {seconds:.1f} s")
    print(f"results are in {args.build_dir.resolve()}/ (start with index.html if present, dataset.trig)")
    return 0


def _check(args: argparse.Namespace) -> int:
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.ingest.store import pending_drafts
    from nrwkg.validate.dataset import validate

    if args.document:
        from nrwkg.ingest.check import check_document

        print(check_document(paths.DATA_ROOT, args.document))
    else:
        compiled = compile_dataset()
        validate(compiled, reasoner=not args.no_reasoner)
        reasoner = "" if args.no_reasoner else ", HermiT"
        print(f"ok: {len(compiled.dataset)} quads, every quote found; SHACL{reasoner} and violation queries pass")
    for path, n in pending_drafts(paths.GRAPH):
        print(f"pending: {path.relative_to(paths.DATA_ROOT)} ({n} draft statements to review; the build ignores "
              f"them until `nrwkg accept {path.stem}`)")
    return 0


def _stats(args: argparse.Namespace) -> int:
    from nrwkg.opened import OpenedBuild
    from nrwkg.stats import compute_stats, format_stats, stats_json

    stats = compute_stats(OpenedBuild.open(args.build_dir).store)
    if args.format == "json":
        options.emit_json(stats_json(stats))
    else:
        print(format_stats(stats))
    return 1 if stats.without_evidence else 0


def _coverage(args: argparse.Namespace) -> int:
    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.coverage import coverage_json, document_coverage, format_coverage

    report = document_coverage(compile_dataset())
    if args.document:
        report = [c for c in report if c.document.endswith("/" + args.document) or c.file == args.document]
        if not report:
            raise NrwkgError(f"unknown document {args.document!r}")
    if args.format == "json":
        options.emit_json(coverage_json(report, list_uncovered=not args.summary))
    else:
        print(format_coverage(report, list_uncovered=not args.summary))
    return 0


def _serve(args: argparse.Namespace) -> int:
    import logging

    from nrwkg.serve import Settings, serve

    level = logging.WARNING if args.quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(message)s", force=True)
    build_dir = _built(args.build_dir)  # a missing build is refused before anything else is said
    if args.malloc == "jemalloc":  # now, while this process has one thread (nrwkg.serve.allocator)
        from nrwkg.serve.allocator import preload_for_workers

        library = preload_for_workers()
        logging.getLogger("nrwkg.serve").info(
            "query workers allocate memory with %s", library or "what LD_PRELOAD names, or the system's allocator")
    settings = Settings(host=args.host, port=args.port, timeout=args.timeout, max_rows=args.max_rows,
                        workers=args.workers, memory_mb=args.memory_limit or None, per_client=args.per_client,
                        queue=args.queue, public_url=args.public_url, backend=args.backend,
                        cache_mb=args.cache_mb, in_memory_quads=args.in_memory_quads)
    serve(build_dir, settings, announce=lambda line: print(line, flush=True))
    return 0


def _publish(args: argparse.Namespace) -> int:
    from nrwkg.publish import publish

    counts = publish(_built(args.build_dir), args.endpoint, store=args.store, isql=args.isql,
                     load_dir=args.load_dir, user=args.user, password=args.password, timeout=args.timeout)
    how = f"Virtuoso's bulk loader at {args.isql}" if args.isql else "the Graph Store Protocol"
    print(f"published {sum(counts.values())} triples in {len(counts)} named graphs through {how}; "
          f"every graph's count at {args.endpoint} matches the build's VoID")
    return 0


def _built(build_dir: Path) -> Path:
    return paths.require_build(build_dir)


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
                 "the previous build/ untouched. Builds are incremental: the cache beside the build folder "
                 "(.nrwkg-cache-build/ for build/) keeps view layouts, sentence splits and the verdicts of datasets "
                 "that passed, so only what the inputs changed is computed again; the output is the same bytes "
                 "as with --full.")
    options.build_dir(sp, help="output folder (default: build)")
    sp.add_argument("--full", action="store_true",
                    help="compute everything again, ignoring the build cache (which is then rewritten)")
    sp.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check (faster)")
    sp.add_argument("--max-input-mb", type=float, metavar="MB",
                    help="refuse any curated or source file larger than MB megabytes, before parsing it "
                         "(default 8, or the environment variable NRWKG_MAX_INPUT_MB)")
    sp.add_argument("--max-corpus-mb", type=float, metavar="MB",
                    help="refuse a corpus whose statements, registry and texts together exceed MB megabytes "
                         "(default 8, about 2.5 GB of memory; or NRWKG_MAX_CORPUS_MB)")

    sp = command("check", _check, "compile and validate without writing anything; list pending drafts")
    sp.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check")
    sp.add_argument("--document", metavar="SLUG", help="check this document alone, in seconds: its statements "
                    "(quotes, terms, ids), SHACL on its graph with the registry, the violation queries")

    sp = command("stats", _stats, "counts by class and document, and asserted triples without evidence",
                 "Print counts of the last build. Exits non-zero if any asserted triple lacks evidence.")
    options.build_dir(sp)
    options.read_format(sp)

    sp = command("coverage", _coverage, "share of sentences per document that carry an evidence quote",
                 "Split each source text into sentences (spaCy, blank German model with a rule-based "
                 "sentencizer) and report per document the share that carry at least one evidence quote, "
                 "listing every sentence that carries none with its line number; beside it the fact recall: "
                 "sentences every line of which lies in a quote that asserts a relation (not only a label, "
                 "alias, comment, note or mention), listing the others as (text only).")
    sp.add_argument("--document", help="only this document (slug or file name)")
    sp.add_argument("--summary", action="store_true", help="print the shares only, not the uncovered sentences")
    options.read_format(sp)

    sp = command("serve", _serve, "a read-only SPARQL 1.1 endpoint, the query page and the built site",
                 "Serve build/ on http://127.0.0.1:8000/: the SPARQL 1.1 Protocol endpoint /sparql "
                 "(GET/POST; without a query: the service description), the query page /query, and "
                 "the views, pages and exports as files. Read-only; a query that runs longer than "
                 "--timeout or returns more than --max-rows rows fails with an error status; SERVICE, "
                 "LOAD and FROM outside the dataset are refused. Each client may run --per-client queries "
                 "at once, more wait in a bounded queue; after `nrwkg build` the server switches to the "
                 "new build (pages and store together) before its next answer. Example: nrwkg serve --port 8080, then "
                 "curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5' "
                 "http://127.0.0.1:8080/sparql")
    options.build_dir(sp)
    sp.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    sp.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0: any free port)")
    sp.add_argument("--timeout", type=float, default=10.0, help="seconds a query may run (default: 10)")
    sp.add_argument("--max-rows", type=int, default=100_000, help="rows a result may have (default: 100000)")
    sp.add_argument("--workers", type=int, default=4, help="query worker processes (default: 4)")
    sp.add_argument("--memory-limit", type=int, default=2048, metavar="MB",
                    help="address space a query may take in each worker, in MB, beyond the open store "
                         "or its in-memory copy (default: 2048; 0: none)")
    sp.add_argument("--per-client", type=int, default=None, metavar="N",
                    help="queries one client (remote address) may run at once; one worker is kept for cheap "
                         "queries such as ASK {} (default: half the workers)")
    sp.add_argument("--queue", type=int, default=32, metavar="N",
                    help="queries that may wait for a worker, at most --timeout seconds; beyond, or beyond a "
                         "quarter of it for one client, 503 with Retry-After (default: 32)")
    sp.add_argument("--public-url", metavar="URL",
                    help="the endpoint's URL in the service description (sd:endpoint), e.g. behind a proxy "
                         "(default: http://HOST:PORT/sparql of the listening address)")
    sp.add_argument("--cache-mb", type=int, default=64, metavar="MB",
                    help="MB of complete answers remembered per build, by query text, format and graphs; "
                         "dropped when a new build is served; not with --backend (default: 64; 0: none)")
    sp.add_argument("--in-memory-quads", type=int, default=250_000, metavar="N",
                    help="each query worker copies a store of at most N quads into its memory at start "
                         "and answers from the copy (several times faster than the store on disk); the "
                         "copy, about 0.45 KB per quad in each worker, is the store's memory, not counted "
                         "in --memory-limit; a larger store is queried on disk; not with --backend "
                         "(default: 250000; 0: never)")
    sp.add_argument("--quiet", action="store_true", help="do not log each request")
    sp.add_argument("--malloc", choices=("jemalloc", "system"), default="jemalloc",
                    help="the query workers' memory allocator: jemalloc where it is installed (Debian: "
                         "libjemalloc2; about a tenth less CPU per query under load), else the system's "
                         "(default: jemalloc)")
    sp.add_argument("--backend", metavar="URL",
                    help="answer queries from this SPARQL 1.1 endpoint (an oxigraph server, Virtuoso …) "
                         "instead of build/store, with the same limits and refusals; the site still comes "
                         "from --build-dir")

    sp = command("publish", _publish, "put a build into a running triple store and check it holds it all",
                 "Replace every named graph of build/dataset.nq in a running store, through the SPARQL 1.1 "
                 "Graph Store HTTP Protocol (PUT per graph; --store, or derived from an oxigraph server's "
                 "/query URL) or through Virtuoso's bulk loader (--isql HOST:PORT), then count the triples "
                 "of every graph at --endpoint and fail unless each equals the build's VoID "
                 "(build/export/void.ttl). Examples: nrwkg publish --endpoint http://127.0.0.1:7878/query; "
                 "nrwkg publish --endpoint http://127.0.0.1:8890/sparql --isql 127.0.0.1:1111 "
                 "--load-dir /var/lib/virtuoso-opensource-7/import")
    sp.add_argument("--endpoint", required=True, metavar="URL", help="the store's SPARQL query endpoint")
    sp.add_argument("--store", metavar="URL",
                    help="its Graph Store Protocol endpoint (default: /store beside an oxigraph /query)")
    sp.add_argument("--isql", metavar="HOST:PORT", help="load through Virtuoso's SQL port instead (isql-vt)")
    sp.add_argument("--load-dir", type=Path, metavar="DIR",
                    help="with --isql: copy the N-Quads here first (a folder in Virtuoso's DirsAllowed)")
    sp.add_argument("--user", default="dba", help="with --isql: the Virtuoso user (default: dba)")
    sp.add_argument("--password", default="dba", help="with --isql: the password (default: dba)")
    sp.add_argument("--timeout", type=float, default=600.0, help="seconds per request (default: 600)")
    options.build_dir(sp)

    from nrwkg.export import command as export_cmd  # arguments only; the writers load when it runs
    export_cmd.add_arguments(command("export", export_cmd.run, export_cmd.HELP, export_cmd.DESCRIPTION))

    from nrwkg.views import command as views_cmd  # arguments only; the views load when it runs
    views_cmd.add_arguments(command("views", views_cmd.run, views_cmd.HELP, views_cmd.DESCRIPTION))

    from nrwkg.ingest import command as ingest_cmd  # ingest, review, accept: arguments only
    ingest_cmd.add_commands(command)

    from nrwkg.query import command as querycmd  # light module: arguments only, the engines load when a query runs
    querycmd.add_arguments(command("query", lambda args: querycmd.run(args), querycmd.HELP, querycmd.DESCRIPTION))
    return p


def _safe_streams() -> None:
    """German text must never crash the output under an ASCII locale (LC_ALL=C, PYTHONIOENCODING=ascii):
    piped output is written as UTF-8, a terminal that cannot show a character gets an escape."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("_", "-")
        if encoding in ("utf-8", "utf8") or not hasattr(stream, "reconfigure"):
            continue
        if stream.isatty():
            stream.reconfigure(errors="backslashreplace")
        else:
            stream.reconfigure(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    _safe_streams()
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except NrwkgError as exc:
        print(f"nrwkg: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
