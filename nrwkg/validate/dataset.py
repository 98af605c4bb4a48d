"""Validate a compiled dataset: SHACL shapes, OWL consistency (HermiT) and the violation queries."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from nrwkg import paths
from nrwkg.compile.dataset import Compiled
from nrwkg.errors import ValidationError
from nrwkg.namespaces import GRAPH_ENTAILED
from nrwkg.ontology import SHAPES_FILE, parse_turtle_file
from nrwkg.validate.checks import run_checks
from nrwkg.validate.reasoner import hermit_inconsistency
from nrwkg.validate.shapes import missing_shapes

__all__ = ["validate", "shacl_problems", "shacl_data_graph"]


def shacl_data_graph(compiled: Compiled) -> Graph:
    """Data as SHACL sees it: documents, registry, inferred and the entailed superclasses."""
    data = compiled.data_graph()
    for t in compiled.dataset.graph(GRAPH_ENTAILED):
        data.add(t)
    for t in compiled.ontology:  # SKOS concepts (sh:class skos:Concept, skos:inScheme) live there
        data.add(t)
    return data


def shacl_problems(data: Graph, shapes: Graph, limit: int = 20) -> list[str]:
    import pyshacl  # heavy

    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    if conforms:
        return []
    from nrwkg.namespaces import SH as sh  # noqa: N811 - reads like the sh: prefix
    problems = []
    for result in sorted(report.subjects(sh.resultSeverity, sh.Violation), key=str):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        shape = report.value(result, sh.sourceShape)
        problems.append(f"SHACL {shape}: {focus} {path or ''}: {message}")
    problems.sort()
    if len(problems) > limit:
        problems = problems[:limit] + [f"… and {len(problems) - limit} more SHACL violations"]
    return problems


def validate(compiled: Compiled, root: Path | None = None, reasoner: bool = True) -> None:
    """Raise ValidationError listing every problem; return quietly when the dataset is valid."""
    from concurrent.futures import ThreadPoolExecutor

    root = root or paths.DATA_ROOT
    problems: list[str] = []
    shapes_path = root / "ontology" / SHAPES_FILE
    with ThreadPoolExecutor(max_workers=1) as pool:
        # HermiT runs in Java, a process of its own: it uses the second core while SHACL and the
        # violation queries run here
        hermit = pool.submit(hermit_inconsistency, compiled.ontology, compiled.data_graph()) if reasoner else None
        if shapes_path.is_file():
            shapes = parse_turtle_file(shapes_path)
            problems += missing_shapes(compiled.ontology, shapes, shapes_path)
            problems += shacl_problems(shacl_data_graph(compiled), shapes)
        problems += _check_problems(compiled, root)
        why = hermit.result() if hermit is not None else None
    if why:
        problems.append(why)
    if problems:
        raise ValidationError(problems)


def _check_problems(compiled: Compiled, root: Path) -> list[str]:
    from nrwkg.opened import OpenedBuild

    problems: list[str] = []
    store = OpenedBuild.from_compiled(compiled).store
    for result in run_checks(store, root / "queries"):
        for row in result.rows[:10]:
            problems.append(f"{result.name}: " + ", ".join(f"{k}={v}" for k, v in row.items()))
        if len(result.rows) > 10:
            problems.append(f"{result.name}: … {len(result.rows) - 10} more rows")
    return problems
