"""`nrwkg check --document SLUG`: one document's statements compiled and validated alone, in seconds.

The registry and the corpus are read and checked in full; only this document's statements are
compiled. SHACL runs on its graph with the registry, and the violation queries on the result;
problems are reported for the nodes this document's statements describe (the other documents'
nodes are incomplete here, since their statements are left out). HermiT is for the whole graph.
"""

from __future__ import annotations

import time
from pathlib import Path

from rdflib import URIRef

from nrwkg.errors import NrwkgError, ValidationError
from nrwkg.namespaces import SH

__all__ = ["check_document"]



def check_document(root: Path, slug: str) -> str:
    """Raise ValidationError listing this document's problems; return a one-line summary when none."""
    import pyshacl

    from nrwkg.compile.dataset import compile_dataset
    from nrwkg.ontology import SHAPES_FILE, parse_turtle_file
    from nrwkg.serialize import to_nquads
    from nrwkg.store import store_from_nquads
    from nrwkg.validate.checks import run_checks
    from nrwkg.validate.dataset import shacl_data_graph

    started = time.perf_counter()
    compiled = compile_dataset(root, only=slug)
    doc = next((d for d in compiled.documents if d.slug == slug), None)
    if doc is None:
        raise NrwkgError(f"unknown document {slug!r} (not in graph/corpus/documents.yaml)")
    nodes = {s for sf in compiled.statement_files for st in sf.statements for s, _, _ in st.triples}
    nodes.add(doc.iri)
    problems: list[str] = []
    conforms, report, _ = pyshacl.validate(shacl_data_graph(compiled), shacl_graph=parse_turtle_file(
        root / "ontology" / SHAPES_FILE), inference="none", advanced=True)
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            focus = report.value(result, SH.focusNode)
            if focus in nodes:
                path = report.value(result, SH.resultPath)
                problems.append(f"SHACL: {focus} {path or ''}: {report.value(result, SH.resultMessage)}")
    store = store_from_nquads(to_nquads(compiled.dataset))
    names = {str(n) for n in nodes if isinstance(n, URIRef)}
    for result in run_checks(store, root / "queries"):
        for row in result.rows:
            if names & {str(v) for v in row.values()}:
                problems.append(f"{result.name}: " + ", ".join(f"{k}={v}" for k, v in row.items()))
    if problems:
        raise ValidationError(sorted(set(problems)))
    n = sum(len(f.statements) for f in compiled.statement_files)
    return (f"ok: document:{slug}: {n} statements, every quote found; SHACL and violation queries pass for "
            f"its nodes ({time.perf_counter() - started:.1f} s)")
