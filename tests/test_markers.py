"""The quick loop stays quick: a test module that starts a server, a browser or an external store
marks those tests `slow`, so `pytest -m "not slow"` skips them (`bash scripts/run test` runs all)."""

from __future__ import annotations

import re

from tests.conftest import REPO

# tests.browser: the shared Chromium (its `browser` fixture, its `chromium()` launcher)
STARTS_SOMETHING = re.compile(r"server_process\(|sync_playwright|tests\.browser\b|oxigraph_server\b|virtuoso", re.I)


def test_modules_that_start_servers_or_browsers_mark_their_tests_slow():
    unmarked = [p.name for p in sorted((REPO / "tests").glob("test_*.py"))
                if p.name != "test_markers.py" and STARTS_SOMETHING.search(p.read_text(encoding="utf-8"))
                and "pytest.mark.slow" not in p.read_text(encoding="utf-8")]
    assert not unmarked, f"mark the server, browser and store tests of {unmarked} with @pytest.mark.slow"


def test_the_slow_marker_is_registered():
    assert "slow:" in (REPO / "pyproject.toml").read_text(encoding="utf-8")
