"""Every class of the ontology has its SHACL shape: a class without one is a build error, not a test failure."""

from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, Graph

from nrwkg.namespaces import NRW, SH

__all__ = ["missing_shapes"]


def missing_shapes(ontology: Graph, shapes: Graph, shapes_path: Path) -> list[str]:
    """One problem per nrw: class that no sh:NodeShape targets (sh:targetClass)."""
    targeted = set(shapes.objects(None, SH.targetClass))
    classes = sorted((c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NRW))), key=str)
    return [
        f"{shapes_path}: class nrw:{name} has no shape: add nrwsh:{name}Shape a sh:NodeShape ; "
        f"sh:targetClass nrw:{name} (see graph/README.md, 'Adding a class')"
        for c in classes if c not in targeted
        for name in [str(c)[len(str(NRW)):]]
    ]
