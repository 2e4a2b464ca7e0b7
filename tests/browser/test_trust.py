"""Trust in a real browser: markup from contributors stays text everywhere, nothing leaves the host,
and the main pages have no serious accessibility violation in either palette."""

import json
import urllib.request

import pytest

from helpers import PAYLOADS, hover, no_payload_ran, node_screen_position, wait_drawn

pytestmark = pytest.mark.browser

SURFACES = ["kb/evil/", "kb/acme/", "kb/article/", "graph/", "types/technology/", "types/organisation/",
            "reference/schema/", "reference/checks/", "", "connections/?from=evil&to=acme", "facets/"]


def test_no_payload_runs_on_any_surface(hostile_server, watched):
    page = watched.page
    for path in SURFACES:
        page.goto(hostile_server.url + path)
        if path.startswith(("connections", "facets")):
            page.wait_for_selector("[data-atlas-ready]")
        if path.startswith("connections"):  # the answer: the path, as sentences and as a graph
            page.wait_for_function("window.atlasConnections.paths.length > 0")
            assert page.locator(".atlas-path a").first.text_content() == PAYLOADS[0]  # the title, as text
        if page.locator("[data-atlas-graph][data-atlas-graph]:not([hidden])").count() and \
                page.locator("[data-atlas-drawn]").count() == 0:
            wait_drawn(page)
        if page.locator("[data-atlas-drawn]").count():
            for node in page.evaluate("window.atlasGraphs[0].nodeView.getIds()"):
                label = page.evaluate("(id) => window.atlasGraphs[0].byId[id].label", node)
                pos = node_screen_position(page, node)
                hover(page, pos)  # the tooltip shows the node's text
                page.wait_for_function("(label) => { const t = document.querySelector('.atlas-tooltip');"
                                       " return t && !t.hidden && t.textContent.startsWith(label); }", arg=label)
                if path == "graph/":
                    page.mouse.click(pos["x"], pos["y"])  # the side panel shows the node's text
                    page.wait_for_function("(label) => { const h = document.querySelector('.atlas-panel h3');"
                                           " return h && h.textContent === label; }", arg=label)
        no_payload_ran(page)
    assert watched.errors == [] and watched.off_host() == []


def test_no_payload_runs_on_a_page_of_every_view(hostile_server, watched):
    """Glossary, timeline, sources, changes, tables, matrix, block diagram and type map: each shows the
    contributor's text as text, in the file as built and in the browser."""
    built = (hostile_server.directory / "views/index.html").read_text(encoding="utf-8")
    for raw in ("<img src=x", "<svg onload", "<script>window.__pwned"):
        assert raw not in built
    page = watched.page
    page.goto(hostile_server.url + "views/")
    page.wait_for_function("window.atlasGraphs.length > 0 && window.atlasGraphs.every(g => g.drawn)", timeout=20_000)
    no_payload_ran(page)
    glossary = page.locator(".atlas-glossary dt").all_text_contents()
    for alias in PAYLOADS[1:]:  # an alias's own entry, as the same text (the title's own alias has none)
        assert alias in glossary
    assert any(t.startswith(PAYLOADS[0]) for t in glossary)  # the title's entry (the type follows it)
    assert any(PAYLOADS[1] in d for d in page.locator(".atlas-glossary dd").all_text_contents())  # the summary
    tables = " ".join(page.locator("table").all_text_contents())
    assert PAYLOADS[0] in tables and PAYLOADS[1] in tables  # a title; an attribute's value, a publisher
    assert page.locator(".atlas-view figcaption").text_content() == PAYLOADS[0]
    assert page.locator(".atlas-matrix th").first.text_content() == PAYLOADS[1]  # the corner
    assert watched.errors == [] and watched.off_host() == []


def test_no_payload_runs_from_the_first_frame(hostile_server, watched):
    """Without the library, graphs stay as their first frame, labels and all: still only text."""
    page = watched.page
    page.route("**/vis-network.min.js", lambda route: route.abort())
    for path in ("graph/", "kb/evil/", "kb/acme/"):
        page.goto(hostile_server.url + path)
        page.wait_for_selector("[data-atlas-failed]", state="attached")
        assert page.evaluate("window.atlasGraphs[0].labelBoxes.length") >= 1  # the payload title, drawn as text
        no_payload_ran(page)
    assert watched.off_host() == []


def test_payloads_read_back_as_the_same_text(hostile_server, watched):
    page = watched.page
    page.goto(hostile_server.url + "kb/evil/")
    title = PAYLOADS[0]
    assert page.locator("h1").first.text_content() == title
    assert page.locator(".atlas-summary").text_content() == PAYLOADS[1]
    assert page.title().startswith(title)
    aliases = page.locator(".atlas-alias").all_text_contents()
    assert aliases == PAYLOADS[2:] + PAYLOADS[:2]
    doc = json.loads(urllib.request.urlopen(hostile_server.url + "graph.json").read())
    evil = next(n for n in doc["nodes"] if n["id"] == "evil")
    assert evil["title"] == title and evil["aliases"] == PAYLOADS[2:] + PAYLOADS[:2]
    page.goto(hostile_server.url + "graph/")
    wait_drawn(page)
    page.locator(".atlas-search").fill(PAYLOADS[3])
    page.locator(".atlas-search").press("Enter")
    page.wait_for_function("window.atlasGraphs[0].state.focus === 'evil'")
    assert page.locator(".atlas-panel h3").text_content() == title
    no_payload_ran(page)
    # Play's captions: the relation dated 2016-10, its words and its source's title as text
    page.goto(hostile_server.url + "graph/?at=2016-10")  # the site's first dated month
    page.wait_for_function("window.atlasGraphs[0] && window.atlasGraphs[0].time")
    page.get_by_role("button", name="Play").click()  # from the month shown: its facts first
    caption = page.locator(".atlas-caption").first
    caption.wait_for()
    page.get_by_role("button", name="Pause").click()
    assert caption.locator(".atlas-caption__text").text_content() == f"Begins: {title} made by Acme"
    assert PAYLOADS[1] in caption.locator(".atlas-cite").first.get_attribute("title")  # the source's title
    no_payload_ran(page)


@pytest.mark.theme_search
def test_material_search_shows_payloads_as_text(hostile_server, watched):
    page = watched.page
    page.goto(hostile_server.url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    for query, shown in (("technology", PAYLOADS[0]), ("javascript", PAYLOADS[2]), ("jinja", PAYLOADS[0])):
        page.locator(".md-search__input").fill("")
        page.keyboard.type(query, delay=20)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)  # search works: it lists results
        titles = page.locator(".md-search-result__item :is(h1, h2)").all_text_contents()
        assert any(shown[:30] in t for t in titles), titles  # the contributor's text, shown as text
        no_payload_ran(page)


def test_prose_html_is_sanitised(hostile_server, watched):
    page = watched.page
    page.goto(hostile_server.url + "kb/evil/")
    assert page.locator("article script").count() == 0
    assert page.locator("article form, article iframe, article object").count() == 0
    assert page.locator("article a", has_text="a link").get_attribute("href") is None
    assert page.locator("article strong", has_text="Bold prose").count() == 1  # markdown still works
    no_payload_ran(page)


@pytest.mark.parametrize("path", ["", "kb/os-feature/cgroups/", "graph/", "types/base-image/", "architecture/",
                                  "compare/", "timeline/", "kb/source/the-next-platform-2018/"])
def test_every_kind_of_page_stays_on_the_host(real_server, watched, path):
    page = watched.page
    page.goto(real_server.url + path)
    page.wait_for_load_state("networkidle")
    assert watched.off_host() == []
    assert watched.errors == []


# The rules whose verdict depends on the palette: checked in each.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
# For those rules, the first entries of a long list, table or glossary stand for the rest: they repeat a few
# styles, and the colour rules cost milliseconds per element (the whole glossary took seconds in each palette).
SAMPLE = {"exclude": [["li:nth-child(n+11)"], ["tr:nth-child(n+11)"], ["dl:nth-of-type(n+3)"],
                      ["dl > :nth-child(n+21)"]]}
# The theme's navigation is the same on every page: its colours are checked on the home page.
SAMPLE_BUT_NAVIGATION = {"exclude": SAMPLE["exclude"] + [[".md-sidebar"], [".md-tabs"]]}


def serious_violations(page, rules: list | None = None, skip: list | None = None, context: dict | None = None) -> list:
    """What axe finds serious or critical on the page as it stands (every rule, only `rules`, or all but
    `skip`, within `context`): rule, impact, the first three places."""
    from axe_playwright_python.sync_playwright import Axe

    options: dict = {"resultTypes": ["violations"]}
    if rules:
        options["runOnly"] = {"type": "rule", "values": rules}
    if skip:
        options["rules"] = {rule: {"enabled": False} for rule in skip}
    if not page.evaluate("typeof window.axe === 'object'"):  # once per page load
        page.evaluate(Axe().axe_script)
    results = page.evaluate("([context, options]) => axe.run(context || document, options)", [context, options])
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results["violations"] if v["impact"] in ("serious", "critical")]


def palette(page) -> str:
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("path", ["", "kb/isolation-mode/hyper-v-containers/", "graph/", "guides/version-compatibility/",
                                  "guides/azure/", "whats-new/", "glossary/", "sources/"])
def test_no_serious_accessibility_violation_in_either_palette(real_server, sized_page, path):
    """Every rule but the colour rules on the whole page; the colour rules in the light palette the reader's
    system asks for, then in dark after the palette toggle. (A dark system's own palette is checked with the
    captions below.)"""
    page = sized_page(1280, 900, scheme="light")
    page.goto(real_server.url + path)
    if page.locator("[data-atlas-graph]").count():
        wait_drawn(page)
    assert palette(page) == "default"
    assert serious_violations(page, skip=COLOUR_RULES) == []
    sample = SAMPLE if path == "" else SAMPLE_BUT_NAVIGATION
    assert serious_violations(page, rules=COLOUR_RULES, context=sample) == []
    page.locator("label[title='Switch to dark mode']").click()  # the theme's palette toggle
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    assert serious_violations(page, rules=COLOUR_RULES, context=sample) == []


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_captions_folds_and_full_window_are_accessible(real_server, sized_page, scheme):
    """What the global graph shows on demand: Play's captions, the open folds, full window."""
    page = sized_page(1280, 900, scheme="dark" if scheme == "slate" else "light")
    page.goto(real_server.url + "graph/?full=1&at=2016-09")
    wait_drawn(page)
    page.wait_for_function("window.atlasGraphs[0].time")
    page.locator("[data-time=slider]").focus()
    page.keyboard.press("ArrowRight")
    page.locator(".atlas-caption").first.wait_for()
    page.locator(".atlas-filters > summary").click()
    assert serious_violations(page) == []
    page.locator(".atlas-filters > summary").click()
    page.locator(".atlas-about > summary").click()
    assert serious_violations(page) == []


# What a crafted link could put in the address: markup, names of object internals, nonsense dates.
HOSTILE_ADDRESSES = [
    "graph/?focus=__proto__&hide=__proto__,constructor&hiderel=toString&at=%3Cscript%3Ewindow.__pwned%3D1%3C/script%3E",
    "graph/?focus=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D2%3E&at=0000-00",
    "graph/?focus=constructor&at=9999-12",
    "kb/evil/?depth=__proto__&at=__proto__",
    "connections/?from=__proto__&to=constructor",
    "connections/?from=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D3%3E&to=evil",
    "facets/?f=__proto__|%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D4%3E|type:technology",
]


@pytest.mark.parametrize("address", HOSTILE_ADDRESSES)
def test_hostile_values_in_the_address_change_nothing(hostile_server, watched, address):
    page = watched.page
    page.goto(hostile_server.url + address)
    if page.locator("[data-atlas-graph]:not(.atlas-graph--path)").count():
        wait_drawn(page)
    if "connections" in address or "facets" in address:
        page.wait_for_selector("[data-atlas-ready]")
    page.wait_for_timeout(200)  # let any deferred work of the address run
    no_payload_ran(page)
    assert watched.errors == [], watched.errors  # no script error, no failed request
    if address.startswith("graph/"):
        assert page.evaluate("window.atlasGraphs[0].nodeView.length") > 0
        assert page.locator(".atlas-panel").is_hidden()  # nothing is selected by a name that is no node


def test_a_test_page_starts_with_nothing_the_last_test_stored(real_server, browser, shared_context):
    """The tests' shared context forgets, after each test, what its pages stored: a palette chosen in one
    test must not be the next test's."""
    from conftest import Pages

    first = Pages(browser, shared_context, real_search=False)
    page = first.new()
    page.goto(real_server.url)
    page.locator("label[title='Switch to dark mode']").click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.evaluate("localStorage.setItem('left-behind', '1'); document.cookie = 'left=behind'")
    first.close()
    second = Pages(browser, shared_context, real_search=False)
    try:
        page = second.new()
        page.goto(real_server.url)
        assert palette(page) == "default"
        assert page.evaluate("[localStorage.getItem('left-behind'), document.cookie]") == [None, ""]
    finally:
        second.close()


def test_a_page_kept_for_the_next_test_keeps_nothing_of_the_last_one(real_server, browser, shared_context):
    """The shared context's pages are kept for the next test: the next test gets the page on about:blank,
    at its own viewport, without the last test's routes, listeners and session storage; a page given an
    init script is not kept (an init script cannot be taken back)."""
    from conftest import Pages

    first = Pages(browser, shared_context, real_search=False)
    page = first.new(width=700, height=500)
    heard: list[str] = []
    page.on("request", lambda r: heard.append(r.url))
    page.route("**/vis-network.min.js", lambda route: route.abort())
    page.goto(real_server.url + "graph/")
    page.wait_for_selector("[data-atlas-failed]", state="attached")  # the library was refused
    page.evaluate("sessionStorage.setItem('left-behind', '1')")
    first.close()
    second = Pages(browser, shared_context, real_search=False)
    try:
        again = second.new()
        assert again is page and again.url == "about:blank"
        assert again.viewport_size == {"width": 1280, "height": 900}
        count = len(heard)
        again.goto(real_server.url + "graph/")
        again.wait_for_selector("[data-atlas-drawn]", state="attached")  # the library loads: the route is gone
        assert len(heard) == count  # and so is the listener
        assert again.evaluate("sessionStorage.getItem('left-behind')") is None  # and what the tab stored
        again.add_init_script("window.leftBehind = 1")
    finally:
        second.close()
    third = Pages(browser, shared_context, real_search=False)
    try:
        fresh = third.new()
        assert fresh is not page and page.is_closed()
        fresh.goto(real_server.url)
        assert fresh.evaluate("window.leftBehind") is None
    finally:
        third.close()


def test_a_data_script_gives_the_browser_the_data_as_written(watched):
    """The global graph's data file (site.data_script): quotes, backslashes, line separators and markup in
    its strings reach the page's script as they were, and run nothing."""
    from graph.render import graph_json
    from graph.site import data_script

    value = {"labels": PAYLOADS + ["a'b\\'c\\\\'d\"e\\u0041\u2028\u2029\n</script>"], "n": [1, 2.5, None, True]}
    page = watched.page
    page.goto("about:blank")
    page.evaluate(data_script("_global", graph_json(value)))
    assert page.evaluate("window.atlasData._global") == value
    no_payload_ran(page)
