"""A graph you can read at first sight: labels never overlap and are never smaller than 11 px, edge labels
come with the hovered or selected node, the home page opens with a map, and a phone keeps the selected
node in view above its panel."""

import pytest

from helpers import hover, node_screen_position, wait_drawn

pytestmark = pytest.mark.browser

LABELS = "window.atlasGraphs[0].labelBoxes"
OVERLAPS = """(boxes) => { let n = 0;
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) n++; }
    return n; }"""


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_first_view_labels_never_overlap_and_are_legible(real_server, sized_page, width, height):
    page = sized_page(width, height)
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    page.wait_for_function(f"{LABELS} && {LABELS}.length > 0")
    boxes = page.evaluate(LABELS)
    assert page.evaluate(OVERLAPS, boxes) == 0
    assert min(b["size"] for b in boxes) >= 11
    shown = page.evaluate("window.atlasGraphs[0].nodeView.length")
    assert len(boxes) >= min(15, shown)  # the most important ones are named at first sight
    ranks = page.evaluate(f"{LABELS}.map(b => window.atlasGraphs[0].byId[b.id].rank)")
    assert 0 in ranks or 1 in ranks  # the hubs come first


# Each label box the code records, and what the canvas holds there: the pixels of the text's colour inside
# the box, and inside the same box a line further down (the text is drawn in the box, not beside it).
INKED = """() => new Promise((resolve) => { const g = window.atlasGraphs[0], c = g.network.canvas.frame.canvas;
    const ratio = c.width / c.clientWidth, probe = document.createElement('canvas').getContext('2d');
    probe.fillStyle = g.colours().fg; probe.fillRect(0, 0, 1, 1);
    const fg = probe.getImageData(0, 0, 1, 1).data;
    const ink = (x, y, w, h) => { const px = c.getContext('2d').getImageData(Math.round(x * ratio), Math.round(y * ratio),
            Math.max(1, Math.round(w * ratio)), Math.max(1, Math.round(h * ratio))).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4)
            if (px[i + 3] > 160 && Math.max(Math.abs(px[i] - fg[0]), Math.abs(px[i + 1] - fg[1]), Math.abs(px[i + 2] - fg[2])) < 48) n++;
        return n / (ratio * ratio); };
    g.network.once('afterDrawing', () => setTimeout(() => resolve({ratio: ratio, boxes: g.labelBoxes.map(b => ({
        id: b.id, inside: ink(b.x, b.y, b.w, b.h), below: ink(b.x, b.y + b.h, b.w, b.h), w: b.w}))}), 0));
    g.network.redraw(); })"""


@pytest.mark.parametrize("ratio", [1, 2])
def test_labels_are_drawn_where_the_code_records_them(real_server, sized_page, ratio):
    """The legibility tests read the recorded boxes; here the pixels say the text is in them, at either
    device pixel ratio."""
    page = sized_page(1280, 900, ratio=ratio)
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    page.wait_for_function(f"{LABELS} && {LABELS}.length > 0")
    seen = page.evaluate(INKED)
    assert seen["ratio"] == ratio
    boxes = seen["boxes"]
    assert len(boxes) >= 15
    assert [b["id"] for b in boxes if b["inside"] < 5] == [], boxes  # every box holds text
    assert sum(b["inside"] for b in boxes) > 2 * sum(b["below"] for b in boxes)  # in it, not a line away


def test_edge_labels_come_with_the_hovered_or_selected_node(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    page.evaluate("window.atlasGraphs[0].network.moveTo({scale: 0.3})")  # far out: no edge has room for its label
    page.wait_for_function("window.atlasGraphs[0].edgeLabelBoxes.length === 0")
    page.evaluate("window.atlasGraphs[0].focusOn('docker-engine')")
    page.evaluate("window.atlasGraphs[0].network.moveTo({scale: 0.3})")
    page.wait_for_function("window.atlasGraphs[0].edgeLabelBoxes.length > 0")
    ends = page.evaluate("""window.atlasGraphs[0].edgeLabelBoxes.map(b => {
        const e = window.atlasGraphs[0].data.edges[b.id]; return [e.from, e.to]; })""")
    assert all("docker-engine" in pair for pair in ends)  # only the selected node's edges
    assert "docker-engine" in [b["id"] for b in page.evaluate(LABELS)]  # and its own label, always
    page.evaluate("window.atlasGraphs[0].select(null, false)")
    pos = node_screen_position(page, "containerd")
    hover(page, pos)
    page.wait_for_function("window.atlasGraphs[0].hovered === 'containerd'")
    page.wait_for_function("window.atlasGraphs[0].edgeLabelBoxes.length > 0")
    assert "containerd" in [b["id"] for b in page.evaluate(LABELS)]


def test_zooming_in_names_more_nodes_and_their_edges(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    in_view = """() => { const g = window.atlasGraphs[0], r = g.container.getBoundingClientRect();
        return g.nodeView.getIds().filter(id => { const p = g.network.canvasToDOM(g.network.getPosition(id));
            return p.x >= 0 && p.y >= 0 && p.x <= r.width && p.y <= r.height; }).length; }"""
    first, first_edges = len(page.evaluate(LABELS)), len(page.evaluate("window.atlasGraphs[0].edgeLabelBoxes"))
    first_in_view = page.evaluate(in_view)
    drawn = page.evaluate("""() => new Promise((resolve) => { const g = window.atlasGraphs[0];
        g.network.once('afterDrawing', () => setTimeout(() => resolve([g.labelBoxes, g.edgeLabelBoxes]), 0));
        g.network.moveTo({scale: 2.5, position: {x: 0, y: 0}}); })""")
    boxes, edges = drawn
    now_in_view = page.evaluate(in_view)
    assert page.evaluate(OVERLAPS, boxes + edges) == 0  # node and edge labels alike
    assert len(edges) > first_edges  # edges long enough to hold their labels show them
    # zoomed in, a greater share of the nodes in view have room for their names
    assert first > 0 and len(boxes) / now_in_view > first / first_in_view, (first, first_in_view, len(boxes), now_in_view)


def test_the_home_page_opens_with_a_map_of_the_types(real_server, watched):
    page = watched.page
    page.goto(real_server.url)
    wait_drawn(page)
    graph = page.locator("[data-atlas-graph='types']")
    assert graph.get_attribute("tabindex") == "0" and graph.get_attribute("aria-label").startswith("Map of the")
    nodes = page.evaluate("window.atlasGraphs[0].data.nodes.map(n => [n.id, n.size, n.url])")
    sizes = {n: s for n, s, _ in nodes}
    assert sizes["release"] > sizes["execution-mode"]  # sized by how many entities the type holds
    page.keyboard.press("Tab")
    for _ in range(60):  # the map is reached by keyboard
        if page.evaluate("document.activeElement && document.activeElement.getAttribute('data-atlas-graph')") == "types":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('data-atlas-graph')") == "types"
    alternative = page.locator(".atlas-typemap-list a")
    assert alternative.count() == len(nodes)  # the same map as a list of links
    box = page.evaluate("""(() => { const g = window.atlasGraphs[0], p = g.network.canvasToDOM(g.network.getPosition('release')),
        r = g.container.getBoundingClientRect(); g.container.scrollIntoView({block: 'center'}); return 1; })()""")
    pos = node_screen_position(page, "release")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_url("**/types/release/")
    assert watched.errors == [] and watched.off_host() == []


def test_on_a_phone_the_panel_is_a_sheet_that_leaves_the_selected_node_in_view(real_server, sized_page):
    page = sized_page(390, 844, phone=True)
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    assert not page.locator(".atlas-filters").evaluate("d => d.open")  # folded: the graph first
    toolbar = page.locator(".atlas-toolbar").first.bounding_box()
    assert toolbar["height"] < 60  # the search and buttons on one row
    pos = node_screen_position(page, "docker-engine")
    page.touchscreen.tap(pos["x"], pos["y"])
    page.wait_for_function("window.atlasGraphs[0].state.focus !== null")
    focus = page.evaluate("window.atlasGraphs[0].state.focus")
    panel = page.locator(".atlas-panel").bounding_box()
    assert panel["y"] + panel["height"] == pytest.approx(844, abs=2) and panel["width"] == pytest.approx(390, abs=2)
    node = page.evaluate("""(id) => {
        const g = window.atlasGraphs[0], p = g.network.canvasToDOM(g.network.getPosition(id)),
              r = g.container.getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }""", focus)
    assert 0 < node["y"] < panel["y"] and 0 < node["x"] < 390  # above the sheet, on screen
