"""Browser fixtures: tiny sites built once, served on 127.0.0.1, and Debian's Chromium (the real site's
server, `real_server`, is tests/conftest.py's, shared with the other tests)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from helpers import PAYLOADS, ROOT, SCHEMA, base_pages, build_strict, hostile_site, serving, write_site  # noqa: E402  (tests/ is not a package)
from tools.server import CHROMIUM, launch_chromium  # noqa: E402


@pytest.fixture(scope="session")
def hostile_server(tmp_path_factory):
    root = hostile_site(tmp_path_factory.mktemp("hostile"))
    with serving(root / "site", lambda server: build_strict(root, root / "site", server.url)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if CHROMIUM != "bundled" and not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium)")
    with sync_playwright() as p:
        b = launch_chromium(p)
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
        page.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    def off_host(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(("http://127.0.0.1:", "data:", "blob:"))]


# A new browser context costs Chromium about a second of CPU (a new profile and its services) and its first
# page about as much again: most tests take a page in one context per worker, which forgets what the page
# stored when the test ends. Tests that need a context of their own (a phone, another pixel ratio) get one.
@pytest.fixture(scope="session")
def shared_context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


# A new page costs Chromium about a second of CPU more than loading a page in one already open (a new
# renderer for the site, the driver's set-up): the shared context's pages are kept for the next test, once
# they are back on about:blank without the test's listeners and routes. A page whose test changed what
# cannot be undone (an init script, an exposed function, its default timeouts, its headers) is closed.
IDLE: list = []  # this worker's pages ready for another test
KEEP = 2  # at most so many idle pages
LASTING = ("add_init_script", "expose_function", "expose_binding", "set_default_timeout",
           "set_default_navigation_timeout", "set_extra_http_headers", "route_from_har")


def _listeners(page) -> dict[str, list]:
    """The page's event listeners by event (the driver's own among them)."""
    emitter = page._impl_obj
    return {event: list(emitter.listeners(event)) for event in emitter.event_names()}


def _guard(page) -> None:
    """Mark the page as spent when its test calls one of LASTING."""
    if getattr(page, "_atlas_guarded", False):
        return
    for name in LASTING:
        def spend(*args, _call=getattr(page, name), **kwargs):
            page._atlas_spent = True
            return _call(*args, **kwargs)
        setattr(page, name, spend)
    page._atlas_spent = False
    page._atlas_guarded = True


EMPTY_INDEXES: dict[str, dict] = {}  # a search index's address: the index without its documents


class Pages:
    """Pages for one test: in the shared context (forgotten after the test) or in contexts of their own."""

    def __init__(self, browser, shared, real_search: bool) -> None:
        self.browser, self.shared, self.real_search = browser, shared, real_search
        self.pages: list = []
        self.contexts: list = []
        self.origins: set[str] = set()

    def new(self, width: int = 1280, height: int = 900, phone: bool = False, ratio: float = 1,
            scheme: str = "light"):
        if phone or ratio != 1:
            self.contexts.append(self.browser.new_context(
                viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone,
                device_scale_factor=ratio, color_scheme=scheme))
            page = self.contexts[-1].new_page()
        else:
            page = IDLE.pop() if IDLE else self.shared.new_page()
            _guard(page)
            self.pages.append((page, _listeners(page)))
            if page.viewport_size != {"width": width, "height": height}:
                page.set_viewport_size({"width": width, "height": height})
            page.emulate_media(color_scheme=scheme)
        page.on("request", lambda r: self.origins.add("/".join(r.url.split("/")[:3])))
        if not self.real_search:
            page.route("**/search/search_index.json", self.empty_index)
        return page

    @staticmethod
    def empty_index(route) -> None:
        """The theme's search index without its documents: every page load builds the index in a worker
        (about a second of CPU on the real site), which only the tests of the theme's search need. A site's
        index is read once per run (each served site is built once, at an address of its own)."""
        url = route.request.url
        if url not in EMPTY_INDEXES:
            EMPTY_INDEXES[url] = {**route.fetch().json(), "docs": []}
        route.fulfill(json=EMPTY_INDEXES[url])

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        if not self.pages:
            return
        for page, before in self.pages:
            if not page.is_closed():
                self.put_back(page, before)
        # what the shared context's pages stored (the palette chosen, a site's settings) is forgotten, once
        # no page of the test's is left on its site
        origins = sorted(o for o in self.origins if o.startswith("http"))
        if origins:  # a page to speak to the browser through: an idle one, or one opened for it
            page = next((p for p in IDLE if not p.is_closed()), None) or self.shared.new_page()
            cdp = self.shared.new_cdp_session(page)
            for origin in origins:
                cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            cdp.detach()
            if page not in IDLE:
                page.close()
        self.shared.clear_cookies()

    @staticmethod
    def put_back(page, before: dict[str, list]) -> None:
        """The page, on about:blank without what its test added, among the idle pages; or closed."""
        if page._atlas_spent or len(IDLE) >= KEEP:
            page.close()
            return
        try:
            page.unroute_all(behavior="ignoreErrors")
            emitter = page._impl_obj
            for event, now in _listeners(page).items():
                for listener in now:
                    if listener not in before.get(event, ()):
                        emitter.remove_listener(event, listener)
            page.mouse.move(0, 0)  # nothing of the next page is hovered where this test left the pointer
            # a tab's session storage outlives its pages (the context's storage is cleared in `close`)
            page.evaluate("() => { try { sessionStorage.clear(); } catch (e) {} }")
            page.goto("about:blank")
        except Exception:  # a page the test left unusable
            if not page.is_closed():
                page.close()
            return
        IDLE.append(page)


@pytest.fixture
def pages(request, browser, shared_context):
    """Pages for this test (`pages.new(width, height, phone, ratio, scheme)`); a test marked `theme_search`
    gets the real search index, the others one without documents."""
    made = Pages(browser, shared_context, real_search=request.node.get_closest_marker("theme_search") is not None)
    yield made
    made.close()


@pytest.fixture
def sized_page(pages):
    """A function giving a page with the viewport asked for (a phone's also touch and mobile) and device
    pixel ratio."""
    return pages.new


@pytest.fixture
def watched(pages):
    return Watched(pages.new())


BIG_SITE = 1600


@pytest.fixture(scope="session")
def big_server(tmp_path_factory):
    """A synthetic knowledge base of 1,600 entities: a global graph over the size where it draws lighter
    (graph.js: BIG, 1,500 nodes)."""
    from tools.synthetic import write_site as write_synthetic

    root = write_synthetic(tmp_path_factory.mktemp("big"), BIG_SITE, ROOT / "docs" / "schema.yml")
    with serving(root / "site", lambda server: build_strict(root, root / "site", server.url)) as server:
        yield server


def page_text(title: str, extra: str, relations: str) -> str:
    return f"---\ntitle: {title}\ntype: technology\nsummary: About {title}.\n{extra}relations:\n" + \
        "".join(f"  {line}\n" for line in relations.splitlines()) + "---\nProse.\n"


# A small history: an old service retired in January 2020, replaced from 2018 by a new one that requires
# an engine from May 2019; the engine is released in October 2016 and made by Acme (undated).
DATED = {
    "kb/old.md": page_text("Old service", "attributes:\n  released: {value: '2014-03', source: article#p1}\n"
                           "  retired: {value: '2020-01-31', source: article#p2}\n",
                           "- {type: requires, target: new, source: article#p3, since: '2018'}\n"
                           "- {type: made-by, target: acme, source: article#p4}"),
    "kb/new.md": page_text("New service", "attributes:\n  released: {value: '2018-06', source: article#p5}\n",
                           "- {type: requires, target: engine, source: article#p6, since: '2019-05'}"),
    "kb/engine.md": page_text("Engine", "attributes:\n  released: {value: '2016-10', source: article#p7}\n",
                              "- {type: made-by, target: acme, source: article#p8}"),
    "changes.md": "# What changed\n\n<!-- atlas:changes\nfrom: 2015-01\n-->\n",
}


@pytest.fixture(scope="session")
def dated_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("dated")
    write_site(root, {**base_pages(), **DATED}, extra_config="site_url: !ENV ATLAS_SITE_URL\n")
    with serving(root / "site", lambda server: build_strict(root, root / "site", server.url)) as server:
        yield server


# Lives that follow from the graph, and one left undated: a feature introduced in the engine's release
# (so from October 2016), and a tool of a dated type whose start no page records.
DATED_SCHEMA = SCHEMA.replace("end: retired, timeless: true}", "end: retired}").replace(
    "  requires: {label: requires, inverse: required by}",
    "  requires: {label: requires, inverse: required by}\n  introduced-in: {label: introduced in, inverse: introduced}")
LIVES = {
    **DATED,
    "kb/feature.md": page_text("Feature", "", "- {type: introduced-in, target: engine, source: article#p9}"),
    "kb/mystery.md": page_text("Mystery tool", "", "- {type: made-by, target: acme, source: article#p10}"),
}


@pytest.fixture(scope="session")
def lives_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("lives")
    write_site(root, {**base_pages(), **LIVES}, schema=DATED_SCHEMA, plugin_options="checks: {G213: ignore}",
               extra_config="site_url: !ENV ATLAS_SITE_URL\n")
    with serving(root / "site", lambda server: build_strict(root, root / "site", server.url)) as server:
        yield server
