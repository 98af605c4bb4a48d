"""Validate a compiled dataset: SHACL shapes, OWL consistency (HermiT) and the violation queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rdflib import Graph

from nrwkg import paths
from nrwkg.compile.dataset import Compiled
from nrwkg.errors import ValidationError
from nrwkg.namespaces import GRAPH_ENTAILED
from nrwkg.ontology import SHAPES_FILE, parse_turtle_file
from nrwkg.validate.apart import ChecksApart, ChecksHere, start_checks
from nrwkg.validate.background import can_fork, in_child
from nrwkg.validate.reasoner import hermit_inconsistency
from nrwkg.validate.shacl_since import changed_subjects, conforms_since
from nrwkg.validate.shapes import missing_shapes

__all__ = ["validate", "start_validation", "shacl_problems", "shacl_data_graph"]


def shacl_data_graph(compiled: Compiled) -> Graph:
    """Data as SHACL sees it: documents, registry, inferred and the entailed superclasses."""
    data = compiled.data_triples()
    data.update(compiled.graphs.get(GRAPH_ENTAILED, ()))
    data.update(compiled.ontology)  # SKOS concepts (sh:class skos:Concept, skos:inScheme) live there
    graph = Graph()
    graph.addN((s, p, o, graph) for s, p, o in data)
    return graph


def shacl_problems(data: Graph, shapes: Graph, limit: int = 20, inplace: bool = False) -> list[str]:
    """The SHACL violations of `data`. With `inplace`, pySHACL works on `data` itself instead of
    a copy (advanced mode copies the data graph first, for rules that would add to it): for a
    graph made for this check only."""
    import pyshacl  # heavy

    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                           inplace=inplace)
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
    start_validation(compiled, root, reasoner)()


def start_validation(compiled: Compiled, root: Path | None = None, reasoner: bool = True,
                     in_background: bool = False, checks_store=None,
                     since: tuple[Path, Callable[[bytes], bool]] | None = None) -> Callable[[], None]:
    """Run SHACL and the violation queries now (raising ValidationError for their problems) while
    HermiT starts in the background; the function returned waits for HermiT and raises for it.

    HermiT runs in Java, a process of its own: it uses the second core while the caller goes on
    (`nrwkg build` writes its artefacts into the staging folder meanwhile). The violation queries
    run in a Python process of their own on the dataset's files (nrwkg.validate.apart). With
    `in_background`, SHACL and the violation queries run in a forked process too, and the function
    returned raises for their problems as well (the same messages, in the same order).
    `checks_store`: the store of the dataset's files, loaded already with every check (as the
    violation queries load it, nrwkg.validate.apart), for the violation queries of a small dataset.
    `since`: the N-Quads of a previous version of the dataset and what tells whether a dataset of
    that SHA-256 passed: if it did, SHACL validates again only the focus nodes the change can reach
    (nrwkg.validate.shacl_since)."""
    from concurrent.futures import ThreadPoolExecutor

    root = root or paths.DATA_ROOT
    checked = None
    if in_background and can_fork():
        from nrwkg.opened import OpenedBuild

        opened = OpenedBuild.from_compiled(compiled)
        opened.nquads_file()  # written once, here, for the checks' store and the build's
        # forked before HermiT's thread starts
        checked = in_child(lambda: _problems(compiled, root, checks_store, since))
    pool = ThreadPoolExecutor(max_workers=1)
    hermit = pool.submit(hermit_inconsistency, compiled.ontology, compiled.data_triples()) if reasoner else None
    pool.shutdown(wait=False)

    def finish(problems: list[str]) -> None:
        why = hermit.result() if hermit is not None else None
        problems = problems + ([why] if why else [])
        if problems:
            raise ValidationError(problems)

    if checked is not None:
        def finish_both() -> None:
            try:
                problems = checked()
            except BaseException:
                if hermit is not None:
                    hermit.cancel() or hermit.exception()
                raise
            finish(problems)
        return finish_both

    try:
        problems = _problems(compiled, root, checks_store, since)
    except BaseException:
        if hermit is not None:
            hermit.cancel() or hermit.exception()  # never leave Java running behind an error
        raise
    if problems:
        finish(problems)
    return lambda: finish([])


def _problems(compiled: Compiled, root: Path, checks_store=None,
              since: tuple[Path, Callable[[bytes], bool]] | None = None) -> list[str]:
    """The problems SHACL and the violation queries find, in that order. The violation queries read
    only the dataset's files (nrwkg.validate.apart): a large dataset's in a process of their own,
    started first, which runs while SHACL runs here; a small one's here, after SHACL."""
    from nrwkg.opened import OpenedBuild

    opened = OpenedBuild.from_compiled(compiled)
    checks = start_checks(opened.nquads_file(), opened.union_file(), root / "queries", checks_store)
    problems: list[str] = []
    try:
        shapes_path = root / "ontology" / SHAPES_FILE
        if shapes_path.is_file():
            shapes = parse_turtle_file(shapes_path)
            problems += missing_shapes(compiled.ontology, shapes, shapes_path)
            data = shacl_data_graph(compiled)
            changed = changed_subjects(since[0], opened.nquads_file(), since[1]) if since else None
            if conforms_since(data, shapes, changed) is not True:
                problems += shacl_problems(data, shapes, inplace=True)
    except BaseException:
        checks.stop()
        raise
    problems += _check_problems(checks)
    return problems


def _check_problems(checks: ChecksApart | ChecksHere) -> list[str]:
    """The violation queries' problems, found on the dataset's files (nrwkg.validate.apart): for a
    large dataset by a process of their own, so that the checks' store is never held by this process
    nor by a fork of the build."""
    return checks.result()
