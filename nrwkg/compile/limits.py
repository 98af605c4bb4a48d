"""Input size limits, checked before a file is parsed.

One curated or source file larger than the limit is refused with an error naming it, before any
parsing: a build's memory grows with its input (about 0.5 MB per curated statement, see
scripts/bench_build.py), and a file of a quarter million statements would need far more memory
than a desktop has. The limit is NRWKG_MAX_INPUT_MB megabytes per file (default 8, about 40,000
statements in one statements file); set the variable, or `nrwkg build --max-input-mb`, to change it.
"""

from __future__ import annotations

import os
from pathlib import Path

from nrwkg.errors import InputError, NrwkgError

__all__ = ["DEFAULT_MAX_INPUT_MB", "ENV", "max_input_mb", "check_input_size"]

DEFAULT_MAX_INPUT_MB = 8.0
ENV = "NRWKG_MAX_INPUT_MB"


def max_input_mb() -> float:
    raw = os.environ.get(ENV, "")
    try:
        mb = float(raw) if raw else DEFAULT_MAX_INPUT_MB
    except ValueError:
        raise NrwkgError(f"{ENV}={raw!r} is not a number of megabytes") from None
    if mb <= 0:
        raise NrwkgError(f"{ENV}={raw!r}: the limit must be more than 0 MB")
    return mb


def check_input_size(path: Path) -> None:
    """Raise InputError when `path` is larger than the input limit (before it is read)."""
    limit = max_input_mb()
    size = path.stat().st_size
    if size > limit * 1024 * 1024:
        raise InputError(path, None, f"{size / 1024 / 1024:.2f} MB is more than the input limit of "
                         f"{limit:g} MB per file: split it into smaller files, or raise the "
                         f"limit with {ENV} (or nrwkg build --max-input-mb) if this machine has the memory")
