"""A built site served on 127.0.0.1 at a free port, quietly, and the Chromium that reads it: for the
benchmarks, the README's picture and the browser tests."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path
from typing import Any

# Debian's Chromium; ATLAS_CHROMIUM=bundled uses one that `playwright install` downloaded (where that works)
CHROMIUM = os.environ.get("ATLAS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]


def launch_chromium(playwright: Any) -> Any:
    """A headless Chromium, with the flags this project runs it with everywhere."""
    bundled = CHROMIUM == "bundled"
    return playwright.chromium.launch(executable_path=None if bundled else CHROMIUM, args=CHROMIUM_ARGS, headless=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        """A reader that went away mid-answer (a page closed while it loaded) is no error of the site's."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Server:
    """Serves `directory` until `close()`; `url` ends with a slash."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)
        handler = functools.partial(_Quiet, directory=str(directory))
        self.httpd = _Server(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
