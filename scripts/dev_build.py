"""Write an unvalidated build from the statement files that currently compile (for development).

Usage: python scripts/dev_build.py OUT_DIR

While curation is in progress some statement files may not compile yet; this copies the data
folders to a temporary root, keeps only the statement files that compile on their own (with the
shared registry), and writes every artefact of `nrwkg build` to OUT_DIR without validation.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from nrwkg import paths
from nrwkg.build import write_build
from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import NrwkgError


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="nrwkg-dev-") as tmp:
        root = Path(tmp)
        for name in ("ontology", "queries"):
            shutil.copytree(paths.DATA_ROOT / name, root / name)
        shutil.copytree(paths.GRAPH, root / "graph", ignore=shutil.ignore_patterns("statements"))
        (root / "graph" / "statements").mkdir()
        for path in sorted((paths.GRAPH / "statements").glob("*.yaml")):
            shutil.copy(path, root / "graph" / "statements")
            try:
                compile_dataset(root)
            except NrwkgError as exc:
                print(f"skipped {path.name}: {exc}", file=sys.stderr)
                (root / "graph" / "statements" / path.name).unlink()
        compiled = compile_dataset(root)
        write_build(compiled, out)
    print(f"dev build written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build-dev")))
