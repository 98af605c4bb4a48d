"""Debian's Chromium for the browser tests, driven by Playwright (which never downloads a browser of
its own): one path, one set of flags, one module-scoped `browser` fixture.

    from tests.browser import browser, needs_chromium  # noqa: F401  (a fixture)
    pytestmark = [pytest.mark.slow, needs_chromium]  # starts Chromium
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
# headless, and nothing that reaches the network on Chromium's own account (a test counts requests)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}")


@contextmanager
def chromium() -> Iterator:
    """A launched headless Chromium (a Playwright `Browser`), closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched
