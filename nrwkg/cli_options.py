"""The options several `nrwkg` commands share, declared once so that every command spells them alike.

- `--build-dir DIR`: the build folder a command reads (or `nrwkg build` writes); default build/.
- `-o/--output PATH`: where a writer puts its result; `-` means standard output.
- `--format FORMAT`: what a reader prints; every reader offers `json` beside its text form.

A new command adds the groups it needs: `build_dir(sp)`, `output(sp, ...)`, `read_format(sp, ...)`,
and writes its result with `emit(data, args.output)`. Light: nothing heavy is imported here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nrwkg import paths

__all__ = ["build_dir", "output", "read_format", "emit", "emit_json", "STDOUT"]

STDOUT = "-"


def build_dir(sp: argparse.ArgumentParser, help: str = "build folder (default: build)") -> None:
    sp.add_argument("--build-dir", type=Path, default=paths.DEFAULT_BUILD, metavar="DIR", help=help)


def output(sp: argparse.ArgumentParser, help: str, *aliases: str, default: str | None = None) -> None:
    """`-o/--output PATH` (plus old spellings in `aliases`, e.g. `--out`); `-` is standard output."""
    sp.add_argument("-o", "--output", *aliases, dest="output", metavar="PATH", default=default,
                    help=f"{help}; - for standard output")


def read_format(sp: argparse.ArgumentParser, choices: tuple[str, ...] = ("text", "json"),
                default: str | None = "text", help: str | None = None) -> None:
    sp.add_argument("--format", choices=choices, default=default,
                    help=help or f"output format: {', '.join(choices)} (default: {default})")


def emit(data: str | bytes, output: str | None = STDOUT) -> None:
    """Write to standard output (None or `-`) or to the file `output` (its folder is created)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output is None or output == STDOUT:
        sys.stdout.flush()
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


def emit_json(value: object, output: str | None = STDOUT) -> None:
    emit(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n", output)
