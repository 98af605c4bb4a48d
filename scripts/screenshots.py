"""Screenshots of the main pages of a build at phone and desktop width, with each page's height.

    python scripts/screenshots.py [BUILD] [--out BUILD/screenshots]

Opens each page from file:// in Debian's Chromium (/usr/bin/chromium, driven by Playwright),
saves a full-page PNG at 390 and 1600 px width and prints the page's height in CSS pixels and
whether anything overflows horizontally.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = (1600, 390)
PAGES = {
    "index": "index.html",
    "actors": "views/actors.html",
    "policy": "views/policy.html",
    "reader": "documents/loi-zukunftsdialog-industrie.html",
    "mona-neubaur": "pages/person/mona-neubaur.html",
}


def measure(page) -> dict:
    return page.evaluate(
        "() => ({height: document.documentElement.scrollHeight, width: document.documentElement.scrollWidth,"
        " viewport: window.innerWidth})"
    )


def shoot(build: Path, out: Path, pages: dict[str, str], fragment: dict[str, str] | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, rel in pages.items():
                    target = build / rel
                    if not target.is_file():
                        continue
                    url = target.resolve().as_uri() + (fragment or {}).get(name, "")
                    page.goto(url)
                    page.wait_for_load_state("load")
                    size = measure(page)
                    shot = out / f"{name}-{width}.png"
                    page.screenshot(path=str(shot), full_page=size["height"] < 30000)
                    rows.append({"page": name, "width": width, "height": size["height"],
                                 "overflow": size["width"] > size["viewport"], "file": str(shot)})
                context.close()
        finally:
            browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("build", nargs="?", type=Path, default=Path("build"))
    ap.add_argument("--out", type=Path, help="folder for the PNG files (default: BUILD/screenshots)")
    args = ap.parse_args(argv)
    reader = args.build / PAGES["reader"]
    fragment = {}
    if reader.is_file():  # open the reader at its first highlighted passage
        anchor = re.search(r'class="anchor" id="(q-\d+-\d+)"', reader.read_text(encoding="utf-8"))
        fragment = {"reader": "#" + anchor.group(1)} if anchor else {}
    for row in shoot(args.build, args.out or args.build / "screenshots", PAGES, fragment):
        print(f"{row['page']:14} {row['width']:5} px wide: {row['height']:7} px tall"
              f"{'  HORIZONTAL OVERFLOW' if row['overflow'] else ''}  {row['file']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
