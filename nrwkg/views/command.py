"""`nrwkg views`: (re)write the network views of a build, or one ego view for an entity."""

from __future__ import annotations

import argparse
from pathlib import Path

from nrwkg import cli_options as options
from nrwkg import paths
from nrwkg.views import EGO_LIMIT, PAIR_EDGE_LIMIT

__all__ = ["HELP", "DESCRIPTION", "add_arguments", "run"]

HELP = "write the HTML network views of a build (or one entity's ego view)"
DESCRIPTION = f"""\
Write the network views of the last build as HTML under BUILD/views/ and BUILD/index.html: the whole
graph, the actor network, the policy map, one view per source document, one ego view per entity and
the timeline. `nrwkg build` writes them too. Every page works offline (vis-network is shipped in
BUILD/views/lib/), escapes every label, and shows the source sentence of an edge on click.

With --entity, write only the ego view of that entity: everything within --depth steps. ENTITY is a
CURIE (organization:mwike) or a full IRI (https://w3id.org/nrwkg/id/organization/mwike). The page goes
to BUILD/views/ego/KIND/SLUG.html (depth 1, the page every other page links to) or, with --depth N > 1,
to BUILD/views/ego/KIND/SLUG.depth-N.html, so it never replaces the linked page; or to -o PATH (- for
standard output). A page written outside the build folder carries the libraries inline and links back
into the build. --out is the old spelling of -o/--output.

An ego view shows at most {EGO_LIMIT} nodes besides the entity, at every depth, as in the build's views:
the nearest first, and within one step those with the most relations to the nodes already shown,
then the best connected; it says how many it leaves out and links to the entity's page, which lists
every relation. --all-nodes shows every node within --depth steps instead (the page may then be too
large for a browser to draw); without -o it goes to its own file, SLUG.all.html or
SLUG.depth-N.all.html. Every view, with --all-nodes too, shows at most {PAIR_EDGE_LIMIT} edges between
the same two nodes (the first ones); a cut pair's edges say how many they leave out and link the
entity pages of both ends, which list every relation.

examples:
  nrwkg views
  nrwkg views --entity organization:mwike --depth 2
  nrwkg views --entity person:mona-neubaur -o /tmp/neubaur.html
  nrwkg views --entity organization:mwike -o - > mwike.html
  nrwkg views --entity organization:mwike --all-nodes
"""


def add_arguments(sp: argparse.ArgumentParser) -> None:
    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    options.build_dir(sp)
    sp.add_argument("--entity", metavar="ID", help="write only the ego view of this entity (CURIE or IRI)")
    sp.add_argument("--depth", type=int, default=1, help="steps from the entity in an ego view (default: 1)")
    sp.add_argument("--all-nodes", action="store_true",
                    help=f"an ego view without the bound of {EGO_LIMIT} nodes besides the entity")
    options.output(sp, "where to write the ego view (default: inside the build folder)", "--out")


def run(args: argparse.Namespace) -> int:
    from nrwkg.errors import NrwkgError

    if args.entity is not None:
        args.entity = _checked_entity(args.entity)
    paths.require_build(args.build_dir)
    if args.entity is None and (args.output is not None or args.depth != 1 or args.all_nodes):
        raise NrwkgError("-o/--output, --depth and --all-nodes apply to an ego view: give --entity too")
    limit = None if args.all_nodes else EGO_LIMIT
    if args.output == options.STDOUT:
        from nrwkg.views import ego_page

        _, html = ego_page(args.build_dir, args.entity, args.depth, Path.cwd() / "ego.html", limit)
        options.emit(html)
        return 0
    if args.entity is not None:
        from nrwkg.views import write_ego

        out = Path(args.output) if args.output else None
        path = write_ego(args.build_dir, args.entity, args.depth, out, limit)
        print(f"wrote {path}")
        return 0
    from nrwkg.views import write_all

    print(f"wrote the views; start with {write_all(args.build_dir).resolve()}")
    return 0


def _checked_entity(entity: str) -> str:
    """The entity as a CURIE or IRI; an invalid or relative IRI is refused before the build is opened."""
    from nrwkg.errors import NrwkgError
    from nrwkg.iri import check_iri
    from nrwkg.prefixes import load_prefixes

    text = entity[1:-1] if entity.startswith("<") and entity.endswith(">") else entity
    prefix, sep, local = text.partition(":")
    mapping = load_prefixes().mapping
    iri = mapping[prefix] + local if sep and prefix in mapping else text  # not a URIRef: rdflib would warn
    problem = check_iri(iri)
    if problem:
        raise NrwkgError(f"--entity {entity}: {problem}")
    return text
