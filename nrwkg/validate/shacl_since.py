"""SHACL after a change to a dataset that passed: only the focus nodes the change can reach are
validated again.

Validating a focus node against a shape reads the triples of the focus node and of the nodes its
shape's paths lead to: one step for each level of shapes nested on value nodes (`sh:node`,
`sh:or` …, `sh:qualifiedValueShape`), one more for the types `sh:class` reads there. So when the
previous dataset passed the same shapes, ontology and code (its validation key is among the
verdicts kept in the build cache), a node whose verdict can differ now is one from which a
*changed subject* (the subject of a triple added or removed) is at most that many path steps away,
following the predicates the shapes use as paths. A path in the previous dataset that a removed
triple cut starts, up to the first triple removed, in the current one; that triple's subject is a
changed subject, nearer. Those nodes are validated against the shapes that target them
(`sh:targetClass`, with subclasses, as SHACL reads it), each shape on its own focus nodes; the rest
passed before and read nothing that changed.

Only shapes this reasoning covers qualify: every shape with a target uses `sh:targetClass` and
nothing else, paths are single predicates, constraints come from SHACL Core (no SPARQL, no rules),
nesting is not recursive. A change to the ontology graph, a blank node among the changed subjects
or the nodes they reach, or a focus node that does not conform: each sends the caller to the whole
validation (`conforms_since` says None or False), which gives the messages a build prints.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

from nrwkg.namespaces import GRAPH_EVIDENCE, GRAPH_ONTOLOGY, SH

__all__ = ["changed_subjects", "shape_reach", "conforms_since"]

_SHACL = str(SH)
# SHACL Core terms whose meaning the reach below accounts for; a shapes graph using any other
# sh: term (targets other than classes, SPARQL, rules, paths other than one predicate …) is
# validated whole
_CORE = {_SHACL + name for name in (
    "NodeShape", "PropertyShape", "property", "path", "targetClass", "class", "datatype", "nodeKind",
    "IRI", "Literal", "BlankNode", "BlankNodeOrIRI", "BlankNodeOrLiteral", "IRIOrLiteral",
    "minCount", "maxCount", "minLength", "maxLength", "pattern", "flags", "languageIn", "uniqueLang",
    "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "in", "hasValue", "equals",
    "disjoint", "lessThan", "lessThanOrEquals", "node", "not", "and", "or", "xone",
    "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount", "qualifiedValueShapesDisjoint",
    "message", "description", "name", "severity", "Violation", "Warning", "Info", "order", "group",
    "deactivated")}
_ON_VALUES = (SH.node, SH["not"], SH.qualifiedValueShape)  # one shape each, on a node's values
_LISTS = (SH["and"], SH["or"], SH.xone)  # lists of shapes


def changed_subjects(previous: Path, current: Path, passed: Callable[[bytes], bool]) -> set[URIRef] | None:
    """The subjects of the triples in one of two sorted N-Quads files (nrwkg.serialize) and not in
    the other (nrwkg.storepatch.changed_lines), but those of the evidence graph (SHACL does not read
    it); None when `previous`'s SHA-256 is not one `passed` knows, a file is missing or not sorted,
    a line of the ontology graph changed, or a changed subject is a blank node."""
    from nrwkg.storepatch import changed_lines

    evidence, ontology = _graph_end(GRAPH_EVIDENCE), _graph_end(GRAPH_ONTOLOGY)
    try:
        removed, added = changed_lines(previous, current)
        with open(previous, "rb") as old:
            digest = hashlib.file_digest(old, "sha256").digest()
    except (OSError, ValueError):
        return None
    if not passed(digest):
        return None
    subjects: set[URIRef] = set()
    for line in (*removed, *added):
        if line.endswith(evidence):
            continue
        if line.endswith(ontology) or not line.startswith(b"<"):
            return None
        subjects.add(URIRef(line[1:line.index(b"> ")].decode("utf-8")))
    return subjects


def _graph_end(graph: URIRef) -> bytes:
    return b" <" + str(graph).encode("utf-8") + b"> .\n"


def shape_reach(shapes: Graph) -> tuple[int, set[URIRef]] | None:
    """How many path steps from its focus node a shape with a target reads triples (their subject's
    distance), at most, and the predicates the shapes use as paths; None when the shapes graph
    uses what this module does not account for."""
    for term in {*shapes.predicates(), *shapes.objects(None, RDF.type)}:
        if str(term).startswith(_SHACL) and str(term) not in _CORE:
            return None
    targeted = set(shapes.subjects(SH.targetClass, None))
    if any(not isinstance(shape, URIRef) for shape in targeted):
        return None  # named to pySHACL by IRI
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in shapes or (shape, RDF.type, OWL.Class) in shapes:
            return None  # a class that is a shape targets its instances without sh:targetClass
    paths = set()
    for path in shapes.objects(None, SH.path):
        if not isinstance(path, URIRef):
            return None
        paths.add(path)
    memo: dict = {}
    reach = 0
    for shape in targeted:
        steps = _reach(shapes, shape, memo, set())
        if steps is None:
            return None
        reach = max(reach, steps)
    return reach, paths


def _reach(shapes: Graph, shape, memo: dict, visiting: set) -> int | None:
    """Path steps from the node `shape` is applied to, to the farthest subject whose triples it reads."""
    if shape in memo:
        return memo[shape]
    if shape in visiting:
        return None  # recursive shapes: not accounted for
    visiting.add(shape)
    nested = [*shapes.objects(shape, SH.property)]
    nested += [y for p in _ON_VALUES for y in shapes.objects(shape, p)]
    for p in _LISTS:
        for head in shapes.objects(shape, p):
            nested += list(Collection(shapes, head))
    deepest = 0
    for inner in nested:
        steps = _reach(shapes, inner, memo, visiting)
        if steps is None:
            return None
        deepest = max(deepest, steps)
    visiting.discard(shape)
    # a property shape's constraints apply to the values its path leads to: one step further
    # (its sh:class reads the values' types: their triples, at that step)
    memo[shape] = deepest + 1 if (shape, SH.path, None) in shapes else deepest
    return memo[shape]


def _reaching(data: Graph, subjects: set[URIRef], steps: int, paths: set[URIRef]) -> set | None:
    """The nodes from which one of `subjects` is at most `steps` path steps away (`subjects`
    among them); None if one is a blank node."""
    found = set(subjects)
    frontier = set(subjects)
    for _ in range(steps):
        step = set()
        for node in frontier:
            for source, predicate in data.subject_predicates(node):
                if predicate in paths and source not in found:
                    if not isinstance(source, URIRef):
                        return None
                    step.add(source)
        found |= step
        frontier = step
    return found


def conforms_since(data: Graph, shapes: Graph, subjects: set[URIRef] | None) -> bool | None:
    """True when the focus nodes the changed `subjects` can reach conform to the shapes that
    target them, in the SHACL data graph `data` of a dataset whose previous version passed;
    False when one does not, None when this cannot tell (see the module's docstring)."""
    if subjects is None:
        return None
    reach = shape_reach(shapes)
    if reach is None:
        return None
    steps, paths = reach
    nodes = _reaching(data, subjects, steps, paths)
    if nodes is None:
        return None
    for shape in sorted({URIRef(str(s)) for s in shapes.subjects(SH.targetClass, None)}):
        classes: set = set()
        for target in shapes.objects(shape, SH.targetClass):
            classes.update(data.transitive_subjects(RDFS.subClassOf, target))
        focus = sorted((n for n in nodes if any(t in classes for t in data.objects(n, RDF.type))), key=str)
        if not focus:
            continue
        import pyshacl  # heavy: imported only when a node is validated again

        conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                          inplace=True, use_shapes=[shape], focus_nodes=focus)
        if not conforms:
            return False
    return True
