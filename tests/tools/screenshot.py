"""The README's picture, taken from the built site in Chromium, so it can be taken again and stays current.

    ./scripts/screenshot [--page graph/] [--out docs/assets/graph.png] [--width 1280 --height 900] [--screen]

Builds the site into a temporary folder, serves it on 127.0.0.1, opens the page in Debian's Chromium
(`ATLAS_CHROMIUM` to use another), waits for its graph to be drawn and saves a picture of the graph
with its controls (of the page, where it has no graph).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from .server import Server, launch_chromium

ROOT = Path(__file__).resolve().parents[2]  # the repository


def build(site: Path, url: str) -> None:
    env = dict(os.environ, ATLAS_SITE_URL=url, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                         cwd=ROOT, capture_output=True, text=True, env=env)
    if out.returncode != 0:
        raise SystemExit(f"the build failed:\n{out.stderr[-3000:]}")


def take(page_path: str, out: Path, width: int, height: int, scheme: str, screen: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="atlas-shot-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        server = Server(site)
        try:
            build(site, server.url)
            with sync_playwright() as p:
                browser = launch_chromium(p)
                page = browser.new_page(viewport={"width": width, "height": height}, color_scheme=scheme)
                page.goto(server.url + page_path)
                page.wait_for_selector("[data-atlas-drawn='true']", timeout=30_000)
                page.wait_for_timeout(400)  # the labels of the first frames
                out.parent.mkdir(parents=True, exist_ok=True)
                if screen:  # the first screen, as a reader sees it
                    page.screenshot(path=str(out))
                else:  # the graph and its controls
                    page.evaluate("document.querySelector('.md-header') && "
                                  "(document.querySelector('.md-header').style.visibility = 'hidden')")
                    figure = page.locator("figure[data-atlas-figure]").first
                    (figure if figure.count() else page).screenshot(path=str(out))
                browser.close()
        finally:
            server.close()
    print(f"wrote {out}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./scripts/screenshot", description=__doc__.split("\n")[0])
    parser.add_argument("--page", default="graph/", help="the page, relative to the site root (default: %(default)s)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "assets" / "graph.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("--screen", action="store_true", help="the whole first screen, not the graph's figure alone")
    args = parser.parse_args(argv)
    take(args.page, Path(args.out), args.width, args.height, args.scheme, args.screen)
    return 0


if __name__ == "__main__":
    sys.exit(main())
