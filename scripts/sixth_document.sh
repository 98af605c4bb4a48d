#!/usr/bin/env bash
# The sixth-document proof: a new text ingested and accepted whole must leave the build and the test
# suite green. In a temporary `git clone` of this checkout (its committed HEAD; the real graph/ is
# never touched) it runs
#   nrwkg ingest tests/fixtures/ingest/pressemitteilung.txt --id document:pm-beispielstahl …
#   nrwkg accept pm-beispielstahl --all
#   nrwkg build
# and then the clone's test suite against that build; arguments go to pytest (default: the whole
# suite). The press release is made up for the tests (tests/fixtures/ingest/README.md).
#
#   bash scripts/sixth_document.sh                  # the whole suite (slow: about 25 minutes)
#   bash scripts/sixth_document.sh -m "not slow"    # the quick part
#   bash scripts/sixth_document.sh tests/test_golden.py tests/test_views.py
#
# PYTHON names the interpreter (default: .venv/bin/python of this checkout, else python3);
# KEEP=1 keeps the clone and prints where it is.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PYTHON=${PYTHON:-}
if [ -z "$PYTHON" ]; then
  if [ -x "$here/.venv/bin/python" ]; then PYTHON="$here/.venv/bin/python"; else PYTHON=python3; fi
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/nrwkg-sixth.XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then echo "clone kept in $tmp/nrwkg" >&2; else trap 'rm -rf "$tmp"' EXIT; fi
clone="$tmp/nrwkg"
git clone --quiet "$here" "$clone"
cd "$clone"
export PYTHONPATH="$clone"
step() { echo "+ $*" >&2; local t0=$SECONDS; "$@"; echo "  ($((SECONDS - t0)) s)" >&2; }
step "$PYTHON" -m nrwkg ingest tests/fixtures/ingest/pressemitteilung.txt --id document:pm-beispielstahl \
  --type doctype:press-release --source https://example.org/pm-beispielstahl --retrieved 2024-03-12
step "$PYTHON" -m nrwkg accept pm-beispielstahl --all
step "$PYTHON" -m nrwkg check --document pm-beispielstahl
step "$PYTHON" -m nrwkg build
if [ $# -eq 0 ]; then set -- -q; fi
NRWKG_TEST_BUILD="$clone/build" step "$PYTHON" -m pytest -p no:cacheprovider "$@"
