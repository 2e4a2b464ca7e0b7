"""A global graph of 1,600 entities (over graph.js's BIG): styled by type through groups, arrowheads only when zoomed in."""

import datetime
import json
import re
import urllib.request

import pytest

from graph import dates
from conftest import BIG_SITE
from helpers import ROOT, wait_drawn

pytestmark = pytest.mark.browser

STYLE = """() => {
    const g = window.atlasGraphs[0];
    const shown = new Set(g.nodeView.getIds());
    const sample = g.data.nodes.filter(n => n.type && shown.has(n.id)).slice(0, 50);
    return {
        nodes: g.nodeView.length, total: g.data.nodes.length,
        arrows: g.network.body.edges[g.edgeView.getIds()[0]].options.arrows.to.enabled,
        scale: g.network.getScale(),
        mismatched: sample.filter(n => {
            const o = g.network.body.nodes[n.id].options;
            return o.shape !== g.data.types[n.type].shape || o.color.background !== g.data.types[n.type].colour;
        }).map(n => n.id),
    };
}"""


def test_big_global_graph_is_styled_by_type_and_draws_arrowheads_once_zoomed_in(big_server, watched):
    page = watched.page
    page.goto(big_server.url + "graph/")
    wait_drawn(page)
    state = page.evaluate(STYLE)
    # what holds today, as the build's own date code reads the data file (not the page's script)
    data = json.loads(urllib.request.urlopen(big_server.url + "graph.json").read())
    linked = {end for link in data["links"] for end in (link["source"], link["target"])}
    today = datetime.date.today().isoformat()
    expected = sum(1 for n in data["nodes"] if (n["type"] != "source" or n["id"] in linked)  # sources stand apart
                   and dates.holds(today, n["start"], n["end"]))
    assert state["total"] == BIG_SITE  # the synthetic source stands apart: not drawn
    assert state["nodes"] == expected < BIG_SITE  # what holds today: some have ended
    big = int(re.search(r"var BIG = (\d+);", (ROOT / "graph/assets/js/graph.js").read_text()).group(1))
    assert state["total"] > big  # drawn as a big graph
    assert state["mismatched"] == []  # each node has its type's shape and colour
    assert state["arrows"] is (state["scale"] >= 0.4)  # arrowheads only from the zoom where they are not specks
    page.evaluate("window.atlasGraphs[0].network.moveTo({scale: 1.2})")
    page.wait_for_function("() => { const g = window.atlasGraphs[0];"
                           " return g.network.body.edges[g.edgeView.getIds()[0]].options.arrows.to.enabled; }",
                           timeout=10_000)
    page.evaluate("window.atlasGraphs[0].network.moveTo({scale: 0.1})")
    page.wait_for_function("() => { const g = window.atlasGraphs[0];"
                           " return !g.network.body.edges[g.edgeView.getIds()[0]].options.arrows.to.enabled; }",
                           timeout=10_000)
    assert watched.errors == [] and watched.off_host() == []


def test_small_graphs_keep_their_arrowheads(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    state = page.evaluate(STYLE)
    assert state["arrows"] is True and state["mismatched"] == []


# Counts the closed figures of each Path2D the page makes.
FIGURES = """(() => {
    const count = new WeakMap(), close = Path2D.prototype.closePath;
    window.__figures = {total: 0, most: 0};
    Path2D.prototype.closePath = function () {
        const n = (count.get(this) || 0) + 1;
        count.set(this, n);
        window.__figures.total += 1;
        window.__figures.most = Math.max(window.__figures.most, n);
        return close.call(this);
    };
})();"""


def test_the_big_first_frame_draws_its_figures_in_small_paths(big_server, watched):
    """Chromium's closePath looks back over every figure already in its path: drawn as one path, the
    first frame's nodes cost the square of their number (preview.js, FIGURES)."""
    page = watched.page
    page.add_init_script(FIGURES)
    page.goto(big_server.url + "graph/")
    page.wait_for_function("document.querySelector('[data-atlas-first-frame-at]') !== null", timeout=20_000)
    drawn = page.evaluate("window.atlasGraphs[0].data.nodes.filter(window.atlasGraphs[0].nodeVisible).length")
    figures = page.evaluate("window.__figures")
    assert figures["total"] >= drawn > 1000  # every node is a closed figure
    assert 1 < figures["most"] <= 64  # a few dozen to a path, not a thousand
    assert watched.errors == []
