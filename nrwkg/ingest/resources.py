"""The data files beside this package (cue lists, legal forms, units, number words), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["data", "DATA_DIR", "TEMPLATES"]

DATA_DIR = Path(__file__).resolve().parent / "data"
TEMPLATES = Path(__file__).resolve().parent / "templates"


@cache
def data(name: str) -> Any:
    """The parsed YAML file `data/{name}.yaml`."""
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)
