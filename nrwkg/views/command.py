"""`nrwkg views`: (re)write the network views of a build, or one ego view for an entity."""

from __future__ import annotations

import argparse
from pathlib import Path

from nrwkg import paths

__all__ = ["HELP", "DESCRIPTION", "add_arguments", "run"]

HELP = "write the HTML network views of a build (or one entity's ego view)"
DESCRIPTION = """\
Write the network views of the last build as HTML under BUILD/views/ and BUILD/index.html: the whole
graph, the actor network, the policy map, one view per source document, one ego view per entity and
the timeline. `nrwkg build` writes them too. Every page works offline (vis-network is shipped in
BUILD/views/lib/), escapes every label, and shows the source sentence of an edge on click.

With --entity, write only the ego view of that entity: everything within --depth steps. ENTITY is a
CURIE (organization:mwike) or a full IRI (https://w3id.org/nrwkg/id/organization/mwike). The page goes
to BUILD/views/ego/KIND/SLUG.html, or to --out; a page written outside the build folder carries the
libraries inline and links back into the build.

examples:
  nrwkg views
  nrwkg views --entity organization:mwike --depth 2
  nrwkg views --entity person:mona-neubaur --out /tmp/neubaur.html
"""


def add_arguments(sp: argparse.ArgumentParser) -> None:
    sp.formatter_class = argparse.RawDescriptionHelpFormatter
    sp.add_argument(
        "--build-dir", type=Path, default=paths.DEFAULT_BUILD, help="build folder (default: build)"
    )
    sp.add_argument("--entity", metavar="ID", help="write only the ego view of this entity (CURIE or IRI)")
    sp.add_argument("--depth", type=int, default=1, help="steps from the entity in an ego view (default: 1)")
    sp.add_argument("--out", type=Path, help="where to write the ego view (default: inside the build folder)")


def run(args: argparse.Namespace) -> int:
    from nrwkg.errors import NrwkgError

    if args.entity is not None:
        args.entity = _checked_entity(args.entity)
    if not (args.build_dir / "dataset.nq").is_file():
        raise NrwkgError(f"no build found in {args.build_dir}/: run `nrwkg build` first")
    if args.entity is None and (args.out is not None or args.depth != 1):
        raise NrwkgError("--out and --depth apply to an ego view: give --entity too")
    if args.entity is not None:
        from nrwkg.views import write_ego

        path = write_ego(args.build_dir, args.entity, args.depth, args.out)
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
