"""Browser fixtures: build a site once, serve it on 127.0.0.1, drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import ROOT, base_pages, run, write_site  # noqa: E402  (tests/ is not a package)

CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


class Server:
    def __init__(self, directory: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(root: Path, site_dir: Path, server: Server) -> None:
    """Build for the server's address: Material's instant navigation matches the sitemap's port."""
    out = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], root,
              ATLAS_SITE_URL=server.url)
    assert out.returncode == 0, out.stderr


@pytest.fixture(scope="session")
def real_server(tmp_path_factory):
    site = tmp_path_factory.mktemp("real-site")
    server = Server(site)
    build(ROOT, site, server)
    yield server
    server.close()


PAYLOAD = '<img src=x onerror="window.__pwned=1">"\'><script>window.__pwned=2</script>*md* {{ jinja }}'


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    """A tiny site whose front matter is full of markup that must stay text."""
    root = tmp_path_factory.mktemp("hostile")
    quoted = PAYLOAD.replace("'", "''")
    evil = (f"---\ntitle: '{quoted}'\ntype: technology\nsummary: '{quoted}'\naliases: ['{quoted}']\n"
            f"attributes:\n  size: {{value: '{quoted}', unit: '{quoted}', source: article#p1}}\n"
            f"relations:\n  - {{type: made-by, target: acme, source: article#p2, note: '{quoted}'}}\n---\nProse.\n")
    write_site(root, {**base_pages(), "kb/evil.md": evil}, extra_config="site_url: !ENV ATLAS_SITE_URL\n")
    (root / "site").mkdir()
    server = Server(root / "site")
    build(root, root / "site", server)
    yield server
    server.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # ATLAS_CHROMIUM=bundled uses a browser that `playwright install` downloaded (where that works)
    bundled = CHROMIUM == "bundled"
    if not bundled and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=None if bundled else CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


class Watched:
    """A page with every console error and every request recorded."""

    def __init__(self, page) -> None:
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def off_host(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield Watched(page)
    context.close()
