"""The first frame answers the reader before the graph library has loaded (preview.js), and the network,
once made, carries on from what the reader did there."""

import pytest

from helpers import address, hold_library, wait_drawn

pytestmark = pytest.mark.browser

# Where the first frame draws a node, in page coordinates (its view: the graph point at the element's
# centre, and the zoom).
ON_FIRST_FRAME = """(id) => {
    const g = window.atlasGraphs[0], box = g.container.getBoundingClientRect(), v = g.view;
    const n = g.byId[id];
    return {x: box.left + box.width / 2 + (n.x - v.x) * v.scale, y: box.top + box.height / 2 + (n.y - v.y) * v.scale};
}"""
HELD = "() => ({library: typeof vis !== 'undefined', network: window.atlasGraphs[0].network !== null})"


def first_frame(page, url):
    release = hold_library(page)
    page.goto(url)
    page.wait_for_function("document.querySelector('[data-atlas-first-frame-at]')")
    page.evaluate("window.atlasGraphs[0].container.scrollIntoView({block: 'center'})")
    return release


def test_hover_and_click_answer_before_the_library_and_carry_over(real_server, watched):
    page = watched.page
    release = first_frame(page, real_server.url + "graph/")
    node = page.evaluate("() => { const g = window.atlasGraphs[0];"
                         " return g.byId.cgroups && g.nodeVisible(g.byId.cgroups) ? 'cgroups' : null; }")
    assert node == "cgroups"
    # the label is in the graph's data, the summary in the site's graph.json (the graph asks for it on a hover)
    want = page.evaluate("""async (id) => { const doc = await (await fetch('../graph.json')).json();
        return [window.atlasGraphs[0].byId[id].label, doc.nodes.find((n) => n.id === id).summary]; }""", node)
    at = page.evaluate(ON_FIRST_FRAME, node)

    page.mouse.move(at["x"] - 6, at["y"] - 6)
    page.mouse.move(at["x"], at["y"], steps=3)  # hover: the summary, from the first frame
    tip = page.locator(".atlas-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    assert tip.locator(".atlas-tip__title").text_content() == want[0]
    page.wait_for_function("(want) => document.querySelector('.atlas-tooltip .atlas-tip__summary')"
                           ".textContent === want", arg=want[1], timeout=5_000)
    assert page.evaluate("window.atlasGraphs[0].hovered") == node

    page.mouse.click(at["x"], at["y"])  # click: selected, its panel open, the address says so
    panel = page.locator(".atlas-panel")
    panel.wait_for(state="visible", timeout=5_000)
    assert panel.locator("h3").text_content() == want[0]
    assert panel.locator(".atlas-panel__summary").text_content() == want[1]
    assert page.evaluate("window.atlasGraphs[0].state.focus") == node and "focus=cgroups" in address(page)
    assert page.evaluate(HELD) == {"library": False, "network": False}  # all of it before the library

    release()
    wait_drawn(page)
    carried = page.evaluate("""() => { const g = window.atlasGraphs[0];
        return {focus: g.state.focus, selected: g.network.getSelectedNodes(), previews: document.querySelectorAll('.atlas-preview').length}; }""")
    assert carried == {"focus": node, "selected": [node], "previews": 0}
    assert page.locator(".atlas-panel h3").text_content() == want[0]
    assert watched.errors == []


def test_drag_and_wheel_move_the_first_frame_and_the_network_starts_there(real_server, watched):
    page = watched.page
    release = first_frame(page, real_server.url + "graph/")
    box = page.evaluate("() => { const b = window.atlasGraphs[0].container.getBoundingClientRect();"
                        " return {x: b.left + b.width / 2, y: b.top + b.height / 2}; }")
    before = page.evaluate("() => ({...window.atlasGraphs[0].view})")
    page.mouse.move(box["x"], box["y"])
    page.mouse.wheel(0, -400)  # zoom in, about the pointer
    page.wait_for_function("(s) => window.atlasGraphs[0].view.scale > s * 1.2", arg=before["scale"], timeout=5_000)
    page.mouse.move(box["x"] + 5, box["y"] + 7)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 60, steps=5)  # drag: the picture follows the pointer
    page.mouse.up()
    view = page.evaluate("() => ({...window.atlasGraphs[0].view})")
    assert view["scale"] > before["scale"] * 1.2
    # the graph point under the pointer moved with it: 115 px right and 53 px down, at the new zoom
    assert abs((before["x"] - view["x"]) * view["scale"] - 115) < 40 and abs((before["y"] - view["y"]) * view["scale"] - 53) < 40
    assert page.evaluate("window.atlasGraphs[0].state.focus") is None  # a drag is not a click
    assert page.evaluate(HELD) == {"library": False, "network": False}

    release()
    wait_drawn(page)
    seen = page.evaluate("() => { const n = window.atlasGraphs[0].network; return {...n.getViewPosition(), scale: n.getScale()}; }")
    assert abs(seen["scale"] - view["scale"]) < 1e-6 * view["scale"]
    assert abs(seen["x"] - view["x"]) < 0.5 and abs(seen["y"] - view["y"]) < 0.5
    assert watched.errors == []


def test_on_an_entity_page_a_click_on_the_first_frame_opens_the_node(real_server, watched):
    page = watched.page
    first_frame(page, real_server.url + "kb/os-feature/cgroups/")
    node = page.evaluate("""() => { const g = window.atlasGraphs[0];
        return g.data.nodes.find(n => n.id !== g.data.centre && n.url && g.nodeVisible(n)).id; }""")
    at = page.evaluate(ON_FIRST_FRAME, node)
    url = page.evaluate("(id) => new URL(window.atlasGraphs[0].byId[id].url, location.href).href", node)
    page.mouse.move(at["x"], at["y"], steps=2)
    page.locator(".atlas-tooltip").wait_for(state="visible", timeout=5_000)
    page.mouse.click(at["x"], at["y"])
    # the node's page is loaded (waiting for "a navigation" would also take the theme's own update of the
    # address, with the scroll position, as one)
    target = url.split("?")[0]
    page.wait_for_url(lambda address: address.split("?")[0] == target, timeout=10_000)


# Whether the theme's script had run when the graph's first frame was drawn: a mutation observer's callback
# runs as the script that drew the frame ends, before the page's next script.
THEME_AT_FIRST_FRAME = """new MutationObserver((records, observer) => {
    if (!document.querySelector('[data-atlas-first-frame-at]')) return;
    window.__themeFirst = typeof window.document$ !== 'undefined';
    observer.disconnect();
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-atlas-first-frame-at']});"""


def test_the_global_graph_is_drawn_before_the_theme_script_runs(real_server, watched):
    """The graph's data comes as a script before the site's, and both before the theme's
    (pages.data_scripts): the first frame is drawn as the page is read, not after the theme has started."""
    page = watched.page
    page.add_init_script(THEME_AT_FIRST_FRAME)
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    assert page.evaluate("window.__themeFirst") is False
    assert page.evaluate("Object.keys(window.atlasData)") == []  # taken by the graph, not kept
    # the theme's own work follows: its stream of pages drives the next page's graph
    page.locator(".md-nav a[href$='/whats-new/']").first.click()
    page.wait_for_function("window.atlasGraphs.length === 1 && window.atlasGraphs[0].kind === 'changes'"
                           " && window.atlasGraphs[0].drawn", timeout=20_000)
    assert watched.errors == []
