"""Where the data folders (ontology/, graph/, queries/) are: in a checkout or inside the wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_ROOT", "ONTOLOGY", "GRAPH", "QUERIES", "DEFAULT_BUILD"]

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent

if (_CHECKOUT / "ontology").is_dir() and (_CHECKOUT / "graph").is_dir():
    DATA_ROOT = _CHECKOUT
else:  # installed from a wheel: the folders are carried in nrwkg/_data
    DATA_ROOT = _PACKAGE / "_data"

ONTOLOGY = DATA_ROOT / "ontology"
GRAPH = DATA_ROOT / "graph"
QUERIES = DATA_ROOT / "queries"
DEFAULT_BUILD = Path("build")
