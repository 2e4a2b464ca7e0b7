"""The graphs in a real browser: drawn, clickable, safe, offline, started once per page."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from helpers import address, fetch, graph_state, hold_library, hover, node_screen_position, wait_centre, wait_drawn

pytestmark = pytest.mark.browser


def test_global_graph_draws_every_node_that_holds_today(real_server, watched):
    import datetime

    from graph.dates import holds

    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    data = json.loads(urllib.request.urlopen(real_server.url + "graph.json").read())
    (state,) = graph_state(page)
    today = datetime.date.today().isoformat()
    linked = {end for link in data["links"] for end in (link["source"], link["target"])}
    shown = {n["id"] for n in data["nodes"] if (n["type"] != "source" or n["id"] in linked)  # sources stand apart
             and holds(today, n["start"], n["end"])}
    pairs = {(link["source"], link["target"]) for link in data["links"]  # parallel relations drawn as one edge
             if link["source"] in shown and link["target"] in shown and holds(today, link["since"], link["until"])}
    assert state["nodes"] == len(shown) and state["edges"] == len(pairs)
    assert state["canvases"] == 1
    assert page.locator(".atlas-legend li").count() >= 10
    assert page.get_attribute("[data-atlas-graph]", "aria-label").startswith("Graph of all")
    assert watched.errors == []
    assert watched.off_host() == []


def test_entity_page_graph_hover_and_click(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/isolation-mode/hyper-v-containers/")
    wait_drawn(page)
    (state,) = graph_state(page)
    assert state["centre"] == "hyper-v-containers" and state["nodes"] > 3
    listed = page.locator(".atlas-graph-text li").count()
    # at depth 1 the text alternative lists every neighbour, those that ended before today too
    assert listed == page.evaluate("window.atlasGraphs[0].data.nodes.filter(n => n.hop === 1).length")
    neighbour = page.evaluate("window.atlasGraphs[0].data.nodes.find(n => n.hop === 1 && n.url)")
    pos = node_screen_position(page, neighbour["id"])
    hover(page, pos)
    tip = page.locator(".atlas-tooltip .atlas-tip__summary")
    tip.wait_for(state="visible", timeout=5_000)
    summary = next(n["summary"] for n in json.loads(fetch(real_server.url + "graph.json"))["nodes"]
                   if n["id"] == neighbour["id"])
    expect(tip).to_have_text(summary)  # from the summaries' file, once it is here
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_url("**" + neighbour["url"].replace("../", "").rstrip("/") + "/", timeout=10_000)
    wait_centre(page, neighbour["id"])
    assert watched.errors == [] and watched.off_host() == []


def test_instant_navigation_leaves_exactly_one_graph(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/os-feature/cgroups/")
    wait_drawn(page)
    page.evaluate("window.__sameDocument = true")
    page.locator(".atlas-relations a:not(.atlas-cite)").first.click()
    page.wait_for_function("window.atlasGraphs.length === 1 && window.atlasGraphs[0].data.centre !== 'cgroups'",
                           timeout=10_000)
    wait_drawn(page)
    assert page.evaluate("window.__sameDocument") is True  # Material's instant navigation, not a reload
    assert page.locator(".vis-network").count() == 1
    assert watched.errors == []


def test_back_and_forward_after_instant_navigation(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/os-feature/cgroups/")
    wait_drawn(page)
    page.evaluate("window.__sameDocument = true")
    link = page.locator(".atlas-relations a:not(.atlas-cite)").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_function("window.atlasGraphs.length === 1 && window.atlasGraphs[0].data.centre !== 'cgroups'"
                           " && window.atlasGraphs[0].drawn", timeout=10_000)
    other = page.evaluate("window.atlasGraphs[0].data.centre")
    page.go_back()
    wait_centre(page, "cgroups")  # the page before, with its own graph again
    assert address(page).endswith("kb/os-feature/cgroups/") and page.locator(".vis-network").count() == 1
    page.go_forward()
    wait_centre(page, other)
    assert target.rstrip("/").split("/")[-1] in address(page)
    assert page.locator(".vis-network").count() == 1 and page.evaluate("window.__sameDocument") is True
    assert watched.errors == []


# Counts the graph data scripts loaded by the page's script (after an instant navigation): start.js removes
# each in its load handler, before it does anything with the data, in the same task.
LOADED = """() => { window.__loaded = 0; new MutationObserver(records => {
    for (const r of records) for (const n of r.removedNodes) if (n.tagName === 'SCRIPT' && n.src.includes('/graphs/')) window.__loaded += 1;
}).observe(document.head, {childList: true}); }"""


def test_leaving_the_graph_page_while_its_data_loads(real_server, watched):
    page = watched.page
    release = []
    page.goto(real_server.url + "types/release/")
    page.evaluate("window.__sameDocument = true")
    page.evaluate(LOADED)
    page.route("**/graphs/_global.js", lambda route: release.append(route))  # held until released
    page.locator(".md-nav a[href$='/graph/']").first.click()  # an instant navigation: the page's script loads the data
    page.wait_for_function("document.querySelector('[data-atlas-graph=global]')?.getAttribute('aria-busy') === 'true'")
    page.evaluate("window.__left = document.querySelector('[data-atlas-graph=global]')")
    page.locator("a[href$='types/release/']").first.click()  # leave, instantly, with the data on its way
    page.wait_for_url("**/types/release/")
    for route in release:
        route.continue_()  # the data arrives after the reader has left
    page.wait_for_function("window.__loaded > 0")  # loaded, and its handler has run
    assert page.evaluate("window.atlasGraphs.length") == 0  # no graph was started for the page left behind
    assert page.evaluate("window.__left.isConnected === false && window.__left.childElementCount === 0")  # nor drawn
    assert page.evaluate("Object.keys(window.atlasData)") == []  # nor its data kept
    assert page.locator(".vis-network").count() == 0 and page.evaluate("window.__sameDocument") is True
    page.unroute("**/graphs/_global.js")
    page.go_back()
    wait_drawn(page)
    assert page.evaluate("window.atlasGraphs.length") == 1 and page.locator(".vis-network").count() == 1
    assert page.evaluate("window.__sameDocument") is True and watched.errors == []


def test_palette_switch_recolours(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/os-feature/cgroups/")
    wait_drawn(page)
    read = """() => { const g = window.atlasGraphs[0], css = getComputedStyle(document.body);
        const edge = g.network.body.edges[g.edgeView.getIds()[0]].options.color.color;
        return {scheme: document.body.getAttribute('data-md-color-scheme'), used: g.colours(), edge: edge,
                want: {fg: css.getPropertyValue('--md-default-fg-color').trim(),
                       edge: css.getPropertyValue('--md-default-fg-color--light').trim(),
                       bg: css.getPropertyValue('--md-default-bg-color').trim()}}; }"""
    light = page.evaluate(read)
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'")
    page.wait_for_function("() => window.atlasGraphs[0].colours().bg !== " + json.dumps(light["used"]["bg"]), timeout=5_000)
    dark = page.evaluate(read)
    for state in (light, dark):  # labels, edges and halos take the theme's own colours, in either scheme
        assert {k: state["used"][k] for k in ("fg", "edge", "bg")} == state["want"], state
        assert state["edge"] == state["want"]["edge"]
    assert light["scheme"] == "default" and dark["want"]["bg"] != light["want"]["bg"]


# --- the first frame, drawn before the graph library has loaded (assets/js/preview.js) -----------------

HELD_FRAME = """() => {
    const g = window.atlasGraphs[0], c = document.querySelector('.atlas-preview');
    const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    window.__frame = {pixels: Array.from(pixels), width: c.width, height: c.height, view: g.preview.view};
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked += 1;
    return {drawn: g.drawn, library: typeof vis !== 'undefined', inked: inked, labels: g.labelBoxes.length,
            hidden: c.getAttribute('aria-hidden'), pointer: getComputedStyle(c).pointerEvents};
}"""

COMPARED = """() => {
    const g = window.atlasGraphs[0], f = window.__frame, c = g.network.canvas.frame.canvas;
    const pixels = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let differ = 0, inked = 0;
    for (let i = 0; i < pixels.length; i += 4) {
        const d = Math.max(Math.abs(pixels[i] - f.pixels[i]), Math.abs(pixels[i + 1] - f.pixels[i + 1]),
                           Math.abs(pixels[i + 2] - f.pixels[i + 2]), Math.abs(pixels[i + 3] - f.pixels[i + 3]));
        if (d > 64) differ += 1;
        if (pixels[i + 3] > 0) inked += 1;
    }
    const at = g.network.getViewPosition();
    return {size: [c.width, c.height], held: [f.width, f.height], differ: differ, inked: inked,
            device: [Math.round(c.clientWidth * devicePixelRatio), Math.round(c.clientHeight * devicePixelRatio)],
            scale: [f.view.scale, g.network.getScale()], centre: [f.view.x, f.view.y, at.x, at.y],
            previews: document.querySelectorAll('.atlas-preview').length};
}"""


@pytest.mark.parametrize("path, size, ratio", [
    ("graph/", (1280, 900), 1), ("graph/", (390, 844), 1), ("graph/?hide=organisation&at=2016-06", (1280, 900), 1),
    ("kb/os-feature/cgroups/", (1280, 900), 1), ("", (1280, 900), 1), ("graph/", (1280, 900), 2)])
def test_the_first_frame_shows_what_the_network_then_draws(real_server, sized_page, path, size, ratio):
    """Held back, the library leaves the first frame on screen: drawn, labelled, out of the pointer's
    and the screen reader's way. Released, the network draws the same picture at the same view, and the
    first frame goes; on a screen of two device pixels to the CSS pixel too."""
    page = sized_page(*size, phone=size[0] < 600, ratio=ratio)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    release = hold_library(page)
    page.goto(real_server.url + path)
    page.wait_for_selector(".atlas-preview", state="attached")
    page.wait_for_function("document.querySelector('[data-atlas-first-frame-at]')")
    frame = page.evaluate(HELD_FRAME)
    assert frame["drawn"] is False and frame["library"] is False  # the frame came first
    assert frame["inked"] > 2000 and frame["labels"] >= 5
    assert frame["hidden"] == "true" and frame["pointer"] == "none"
    release()  # asked for once the first frame is on screen
    wait_drawn(page)
    page.wait_for_timeout(200)  # the network's frame settles (no animation at the first view)
    seen = page.evaluate(COMPARED)
    assert seen["previews"] == 0
    assert seen["size"] == seen["held"] == seen["device"]  # a canvas pixel to each device pixel
    assert abs(seen["scale"][0] - seen["scale"][1]) <= 0.005 * seen["scale"][1]
    assert all(abs(a - b) <= 1.0 for a, b in zip(seen["centre"][:2], seen["centre"][2:]))
    assert seen["differ"] <= 0.02 * seen["inked"], seen  # anti-aliasing apart, the same picture
    assert errors == []


def test_without_the_library_the_first_frame_stays_and_says_why(real_server, watched):
    page = watched.page
    page.route("**/vis-network.min.js", lambda route: route.abort())
    page.goto(real_server.url + "graph/")
    page.wait_for_selector("[data-atlas-failed]", state="attached")
    note = page.locator(".atlas-graph-figure [role=status].atlas-empty")
    assert note.text_content() == ("The interactive graph could not be loaded (the graph library did not load): "
                                   "this is a still picture of it.")
    assert page.evaluate("""() => { const c = document.querySelector('.atlas-preview');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let inked = 0; for (let i = 3; i < px.length; i += 4) if (px[i]) inked += 1; return inked; }""") > 2000
    assert page.evaluate("window.atlasGraphs[0].drawn") is False
    assert [e for e in watched.errors if "vis-network" not in e and "ERR_FAILED" not in e] == []  # the blocked file


def test_a_page_without_a_graph_does_not_load_the_library(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "glossary/", wait_until="load")
    page.wait_for_function("Array.isArray(window.atlasGraphs)")  # the page's start has run
    # a graph asks for the library as it starts (a script element, added at once); two frames on, none did
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("window.atlasGraphs.length") == 0
    assert page.locator("script[src*='vis-network']").count() == 0
    assert not [u for u in watched.requests if "vis-network" in u]
    assert page.evaluate("typeof vis") == "undefined" and watched.errors == []
