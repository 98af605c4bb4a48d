"""`nrwkg export`: the arguments and the thin function behind them."""

from __future__ import annotations

import argparse
import sys

__all__ = ["HELP", "DESCRIPTION", "add_arguments", "run"]

HELP = ("write the linked-data exports (Turtle, N-Triples, TriG, N-Quads, JSON-LD, RDF/XML, CSV, GEXF, "
        "GraphML, VoID, DCAT)")
DESCRIPTION = """Write exports of the last build (read from BUILD_DIR/dataset.nq). Without -o the files go
to BUILD_DIR/export/ under their usual names, as `nrwkg build` writes them:

  nrwkg.ttl  nrwkg.nt  nrwkg.rdf     union of all named graphs (Turtle, N-Triples, RDF/XML)
  nrwkg.trig nrwkg.nq  nrwkg.jsonld  every named graph: one per document, ontology, registry,
                                     inferred, entailed, evidence (JSON-LD with its context embedded)
  ontology.ttl ontology.rdf          the ontology alone (RDF/XML for Protégé); context.jsonld
  csv/*.csv                          entities, relations, and the tables of queries/export/*.rq
  nrwkg.gexf nrwkg.graphml           the network for Gephi / Cytoscape
  void.ttl dcat.ttl                  dataset description; dcat.ttl lists every file with size and sha256

examples:
  nrwkg export                                   everything into build/export/
  nrwkg export --format ttl -o -                 the union as Turtle on standard output
  nrwkg export --format trig --graph loi-zukunftsdialog-industrie -o loi.trig
  nrwkg export --format nq --graph inferred -o -     only what was inferred
  nrwkg export --format csv -o tables/           the CSV tables into a folder
  nrwkg export --format void --sparql-endpoint https://example.org/sparql -o void.ttl

--graph takes a document slug (or document:slug), ontology, registry, inferred, entailed,
evidence, or a graph IRI; it applies to ttl, nt, trig, nq, jsonld and rdf."""


def add_arguments(sp: argparse.ArgumentParser) -> None:
    from nrwkg import cli_options as options
    from nrwkg.export.formats import DEFAULT_BASE_URL, FORMATS

    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    sp.add_argument("--format", choices=FORMATS, default="all", help="what to write (default: all)")
    sp.add_argument("--graph", metavar="NAME|IRI", help="only this named graph (needs -o)")
    options.output(sp, "a file or a folder (csv, all); default: BUILD_DIR/export/")
    options.build_dir(sp)
    sp.add_argument("--sparql-endpoint", metavar="URL", help="VoID: the SPARQL endpoint that serves the data")
    sp.add_argument("--base-url", default=DEFAULT_BASE_URL,
                    help=f"VoID/DCAT: where the export files are published (default: {DEFAULT_BASE_URL})")


def run(args: argparse.Namespace) -> int:
    from nrwkg.export.bundle import export

    written = export(args.build_dir, args.format, args.graph, args.output, args.base_url,
                     args.sparql_endpoint)
    if written != ["-"]:
        print(f"wrote {len(written)} file(s): " + ", ".join(written), file=sys.stderr)
    return 0
