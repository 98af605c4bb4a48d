#!/usr/bin/env bash
# The sixth-document proof: a new text ingested and accepted whole must leave the build and the test
# suite green. In a temporary `git clone` of this checkout (its committed HEAD; the real graph/ is
# never touched) it runs
#   nrwkg ingest tests/fixtures/sixth-document/pressemitteilung-probenhuette.txt --id document:pm-probenhuette …
#   nrwkg accept pm-probenhuette --all
#   nrwkg build
# and then the clone's test suite against that build; arguments go to pytest (default: the whole
# suite). The press release is made up for this proof (tests/fixtures/sixth-document/README.md) and
# shares no name with the ingest tests' fixtures.
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
# the Node tools of the cross-tool tests, as `scripts/run test` installed them here
if [ -d "$here/tests/node/node_modules" ]; then ln -s "$here/tests/node/node_modules" tests/node/node_modules; fi
step "$PYTHON" -m nrwkg ingest tests/fixtures/sixth-document/pressemitteilung-probenhuette.txt \
  --id document:pm-probenhuette --type doctype:press-release --source https://example.org/pm-probenhuette \
  --retrieved 2024-06-03
step "$PYTHON" -m nrwkg accept pm-probenhuette --all
step "$PYTHON" -m nrwkg check --document pm-probenhuette
step "$PYTHON" -m nrwkg build
if [ $# -eq 0 ]; then set -- -q; fi
NRWKG_TEST_BUILD="$clone/build" step "$PYTHON" -m pytest -p no:cacheprovider "$@"
