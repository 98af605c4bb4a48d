"""`nrwkg build`: compile, validate and write everything under build/, atomically.

Outputs are written into a fresh folder beside build/ and swapped in only when every step has
succeeded, so a failing build leaves the previous build/ exactly as it was.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from nrwkg.compile.dataset import Compiled, compile_dataset
from nrwkg.export import write_exports
from nrwkg.pages import write_ontology_docs, write_pages
from nrwkg.serialize import to_nquads, to_trig
from nrwkg.store import STORE_DIR, store_from_nquads
from nrwkg.validate.dataset import validate
from nrwkg.views import write_views

__all__ = ["build", "write_build", "write_dataset", "ARTEFACTS"]


def write_dataset(compiled: Compiled, out: Path) -> None:
    """The dataset: one named graph per document plus ontology, registry, inferred, entailed, evidence."""
    nquads = to_nquads(compiled.dataset)
    (out / "dataset.nq").write_text(nquads, encoding="utf-8")
    (out / "dataset.trig").write_text(to_trig(compiled.dataset, compiled.prefixes), encoding="utf-8")
    store = store_from_nquads(nquads, out / STORE_DIR)
    del store


# Each artefact writer takes the compiled dataset and the output folder; later steps may read
# what earlier ones wrote.
ARTEFACTS: list[Callable[[Compiled, Path], None]] = [
    write_dataset, write_exports, write_pages, write_ontology_docs,
    write_views,  # last: index.html links what the others wrote
]


def build(build_dir: Path, root: Path | None = None, reasoner: bool = True,
          artefacts: list[Callable[[Compiled, Path], None]] | None = None) -> Compiled:
    compiled = compile_dataset(root)
    validate(compiled, root, reasoner=reasoner)
    write_build(compiled, build_dir, artefacts)
    return compiled


def write_build(compiled: Compiled, build_dir: Path,
                artefacts: list[Callable[[Compiled, Path], None]] | None = None) -> None:
    """Write the artefacts of an already validated dataset into build_dir, atomically."""
    build_dir = build_dir.resolve()
    build_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{build_dir.name}.partial-", dir=build_dir.parent))
    try:
        for write in artefacts if artefacts is not None else ARTEFACTS:
            write(compiled, staging)
        _swap(staging, build_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap(staging: Path, build_dir: Path) -> None:
    old = None
    if build_dir.exists():
        old = build_dir.with_name(f".{build_dir.name}.old-{staging.name.rsplit('-', 1)[-1]}")
        build_dir.rename(old)
    staging.rename(build_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
