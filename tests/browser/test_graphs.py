"""The graphs in a real browser: drawn, clickable, safe, offline, started once per page."""

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser


def hover(page, pos):
    page.mouse.move(pos["x"] - 3, pos["y"] - 3)
    page.mouse.move(pos["x"], pos["y"], steps=3)


def wait_drawn(page, count=1):
    page.wait_for_function(
        f"document.querySelectorAll('[data-atlas-drawn=\"true\"]').length === {count}", timeout=20_000)


def wait_centre(page, node):
    """After a navigation: the new page's graph, and only it, is drawn."""
    page.wait_for_function(
        "(id) => window.atlasGraphs.length === 1 && window.atlasGraphs[0].data.centre === id"
        " && window.atlasGraphs[0].drawn", arg=node, timeout=20_000)


def graph_state(page):
    return page.evaluate("""() => window.atlasGraphs.map(g => ({
        centre: g.data.centre, nodes: g.nodeView.length, edges: g.edgeView.length,
        canvases: g.container.querySelectorAll('canvas').length}))""")


def node_screen_position(page, node_id):
    """Where a node is drawn, in page coordinates."""
    page.evaluate("window.atlasGraphs[0].container.scrollIntoView({block: 'center'})")
    return page.evaluate("""(id) => {
        const g = window.atlasGraphs[0];
        const p = g.network.canvasToDOM(g.network.getPosition(id));
        const box = g.container.getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)


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
    assert listed == state["nodes"] - 1  # at depth 1 the text alternative lists every node
    neighbour = page.evaluate("window.atlasGraphs[0].data.nodes.find(n => n.hop === 1 && n.url)")
    pos = node_screen_position(page, neighbour["id"])
    hover(page, pos)
    tip = page.locator(".atlas-tooltip .atlas-tip__summary")
    tip.wait_for(state="visible", timeout=5_000)
    assert tip.text_content() == neighbour["summary"]
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
    assert page.url.endswith("kb/os-feature/cgroups/") and page.locator(".vis-network").count() == 1
    page.go_forward()
    wait_centre(page, other)
    assert target.rstrip("/").split("/")[-1] in page.url
    assert page.locator(".vis-network").count() == 1 and page.evaluate("window.__sameDocument") is True
    assert watched.errors == []


def test_leaving_the_graph_page_while_its_data_loads(real_server, watched):
    page = watched.page
    release = []
    page.route("**/graphs/_global.json", lambda route: release.append(route))  # held until released
    page.goto(real_server.url + "graph/")
    page.wait_for_function("document.querySelector('[data-atlas-graph=global]').getAttribute('aria-busy') === 'true'")
    page.evaluate("window.__sameDocument = true; window.__left = document.querySelector('[data-atlas-graph=global]')")
    page.locator("a[href$='types/release/']").first.click()  # leave, instantly, with the data on its way
    page.wait_for_url("**/types/release/")
    for route in release:
        route.continue_()  # the data arrives after the reader has left
    page.wait_for_timeout(500)
    assert page.evaluate("window.atlasGraphs.length") == 0  # no graph was started for the page left behind
    assert page.evaluate("window.__left.isConnected === false && window.__left.childElementCount === 0")  # nor drawn
    assert page.locator(".vis-network").count() == 0 and page.evaluate("window.__sameDocument") is True
    page.unroute("**/graphs/_global.json")
    page.go_back()
    wait_drawn(page)
    assert page.evaluate("window.atlasGraphs.length") == 1 and page.locator(".vis-network").count() == 1
    assert watched.errors == []


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
