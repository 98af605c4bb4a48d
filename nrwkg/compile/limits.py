"""Input size limits, checked before anything is parsed.

A build's memory grows linearly with its input: about 0.3 GB per MB of curated statements and
source texts (the bundled corpus, 0.6 MB, peaks at about 0.28 GB, 10 times it at about 1.3 GB;
see scripts/bench_build.py). Two limits keep a build from swapping the machine, each refused with an error before
parsing:

- one file larger than NRWKG_MAX_INPUT_MB megabytes (default 8; `nrwkg build --max-input-mb`);
- all statements, registry and corpus files together larger than NRWKG_MAX_CORPUS_MB megabytes
  (default 8, about 16 times the bundled corpus, a build of about 2.5 GB; `--max-corpus-mb`).

A file of a quarter million statements (about 50 MB) is refused by both.
"""

from __future__ import annotations

import os
from pathlib import Path

from nrwkg.errors import InputError, NrwkgError

__all__ = ["DEFAULT_MAX_INPUT_MB", "DEFAULT_MAX_CORPUS_MB", "ENV", "CORPUS_ENV", "max_input_mb",
           "check_input_size", "check_corpus_size"]

DEFAULT_MAX_INPUT_MB = 8.0
DEFAULT_MAX_CORPUS_MB = 8.0
ENV = "NRWKG_MAX_INPUT_MB"
CORPUS_ENV = "NRWKG_MAX_CORPUS_MB"


def _limit(env: str, default: float) -> float:
    raw = os.environ.get(env, "")
    try:
        mb = float(raw) if raw else default
    except ValueError:
        raise NrwkgError(f"{env}={raw!r} is not a number of megabytes") from None
    if mb <= 0:
        raise NrwkgError(f"{env}={raw!r}: the limit must be more than 0 MB")
    return mb


def max_input_mb() -> float:
    return _limit(ENV, DEFAULT_MAX_INPUT_MB)


def check_corpus_size(graph_dir: Path) -> None:
    """Raise InputError when statements, registry and corpus files together exceed the limit."""
    limit = _limit(CORPUS_ENV, DEFAULT_MAX_CORPUS_MB)
    files = [p for sub in ("statements", "registry", "corpus") for p in sorted((graph_dir / sub).glob("*"))
             if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    if size > limit * 1024 * 1024:
        raise InputError(graph_dir, None, f"the corpus holds {size / 1024 / 1024:.2f} MB of statements, registry "
                         f"and texts, more than the limit of {limit:g} MB (a build needs about 0.3 GB of memory per "
                         f"MB): raise it with {CORPUS_ENV} (or nrwkg build --max-corpus-mb) if this machine has "
                         "the memory")


def check_input_size(path: Path) -> None:
    """Raise InputError when `path` is larger than the input limit (before it is read)."""
    limit = max_input_mb()
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise InputError(path, None, f"{size / 1024 / 1024:.2f} MB is more than the input limit of "
                         f"{limit:g} MB per file: split it into smaller files, or raise the "
                         f"limit with {ENV} (or nrwkg build --max-input-mb) if this machine has the memory")
