"""Regenerate the query index in queries/README.md from the `#+` headers of queries/*.rq.

Usage: python scripts/gen_query_readme.py [--check]

With --check, write nothing and exit 1 when the README is out of date.
"""

from __future__ import annotations

import sys

from nrwkg.query.index import update_readme
from nrwkg.query.library import load_library


def main(argv: list[str]) -> int:
    check = "--check" in argv
    current = update_readme(load_library(), write=not check)
    if current:
        print("queries/README.md is up to date")
        return 0
    print("queries/README.md is out of date" if check else "queries/README.md regenerated")
    return 1 if check else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
