"""Break a copy of the curated data on purpose and read the error the compiler gives.

Used by the bad-input tests (compile errors, IRI checks, vocabulary checks): edit one line of a
copied file, find the line a needle stands on, and compile to the InputError it must raise.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nrwkg.compile.dataset import compile_dataset
from nrwkg.errors import InputError

__all__ = ["edit", "line_of", "compile_error"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def compile_error(root: Path) -> InputError:
    with pytest.raises(InputError) as info:
        compile_dataset(root)
    return info.value
