"""Where the data folders (ontology/, graph/, queries/) are: in a checkout or inside the wheel."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DATA_ROOT", "ONTOLOGY", "GRAPH", "QUERIES", "DEFAULT_BUILD", "require_build"]

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


def require_build(build_dir: Path | str) -> Path:
    """`build_dir` if it holds a finished build (its dataset.nq); the one "no build found" error otherwise."""
    from nrwkg.errors import NoBuildError

    if not (Path(build_dir) / "dataset.nq").is_file():
        raise NoBuildError(build_dir)
    return Path(build_dir)
