"""nrwkg.store (imported by the server's workers, and by `load_store` in a process of its own) does
not load rdflib: it reads the graphs' IRIs from nrwkg.graph_iris, the same IRIs nrwkg.namespaces
gives as rdflib terms."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nrwkg import graph_iris
from nrwkg.namespaces import GRAPH_ENTAILED, GRAPH_EVIDENCE, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_REGISTRY
from nrwkg.store import UNCOPIED_GRAPH

ROOT = Path(__file__).resolve().parents[1]


def test_the_store_module_loads_without_rdflib():
    probe = "import sys, nrwkg.store; print('rdflib' in sys.modules)"
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"


def test_the_graph_iris_are_the_namespaces_ones():
    assert [graph_iris.ONTOLOGY, graph_iris.REGISTRY, graph_iris.INFERRED, graph_iris.ENTAILED, graph_iris.EVIDENCE] \
        == [str(g) for g in (GRAPH_ONTOLOGY, GRAPH_REGISTRY, GRAPH_INFERRED, GRAPH_ENTAILED, GRAPH_EVIDENCE)]
    assert UNCOPIED_GRAPH.value == str(GRAPH_EVIDENCE)
