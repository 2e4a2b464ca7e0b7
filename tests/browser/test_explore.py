"""Exploring the graph: filters, search, selection and panel, depth, the address, phone, keyboard."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import expect

from helpers import address, hold_library, node_screen_position, wait_centre, wait_drawn

pytestmark = pytest.mark.browser


def view_counts(page):
    return page.evaluate("[window.atlasGraphs[0].nodeView.length, window.atlasGraphs[0].edgeView.length]")


def test_type_and_relation_filters_hide_and_restore(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    nodes, edges = view_counts(page)
    organisations = page.evaluate("window.atlasGraphs[0].data.nodes.filter(n => n.type === 'organisation').length")
    page.locator(".atlas-filters > summary").click()  # folded: the graph first
    page.locator("[data-atlas-type='organisation']").uncheck()
    assert view_counts(page)[0] == nodes - organisations
    assert "hide=organisation" in address(page)
    page.locator("[data-atlas-type='organisation']").check()
    assert view_counts(page) == [nodes, edges]
    assert "hide=" not in address(page)
    page.locator(".atlas-relation-filter summary").click()
    page.locator("[data-atlas-relation='requires']").uncheck()
    assert view_counts(page)[1] < edges and "hiderel=requires" in address(page)
    page.get_by_role("button", name="Reset").click()
    assert view_counts(page) == [nodes, edges] and "?" not in address(page)
    assert watched.errors == []


def test_search_by_alias_focuses_and_shows_the_panel(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    search = page.get_by_label("Find an entity by name or alias")
    search.fill("control groups")  # an alias of cgroups
    search.press("Enter")
    page.wait_for_function("window.atlasGraphs[0].state.focus === 'cgroups'")
    panel = page.locator(".atlas-panel")
    assert panel.is_visible()
    assert panel.locator("h3").text_content() == "cgroups"
    assert panel.locator(".atlas-panel__relations li").count() >= 2
    assert "focus=cgroups" in address(page)
    search.fill("no such thing at all")
    search.press("Enter")
    assert page.locator(".atlas-status").text_content() == "No entity matches \u201cno such thing at all\u201d."
    assert search.get_attribute("aria-invalid") == "true"


def test_address_round_trips_filters_and_focus(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/?hide=organisation,concept&focus=docker-engine")
    wait_drawn(page)
    state = page.evaluate("(() => { const s = window.atlasGraphs[0].state; "
                          "return [s.focus, Object.keys(s.hiddenTypes).sort()]; })()")
    assert state == ["docker-engine", ["concept", "organisation"]]
    assert not page.locator("[data-atlas-type='organisation']").is_checked()
    assert page.locator("[data-atlas-type='release']").is_checked()
    assert page.locator(".atlas-panel h3").text_content() == "Docker Engine"
    shown = page.evaluate("window.atlasGraphs[0].nodeView.getIds()")
    assert "microsoft" not in shown and "docker-engine" in shown


def test_click_selects_and_panel_links_open_pages(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    pos = node_screen_position(page, "hyper-v")
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("window.atlasGraphs[0].state.focus === 'hyper-v'")
    assert "focus=hyper-v" in address(page)
    page.locator(".atlas-panel a", has_text="Open the page").click()
    page.wait_for_url("**/kb/virtualization/hyper-v/")
    wait_centre(page, "hyper-v")


def test_depth_of_the_local_graph(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/os-feature/time-namespace/")
    wait_drawn(page)
    one = view_counts(page)[0]
    page.get_by_role("button", name="2 hops").click()
    two = view_counts(page)[0]
    assert two > one and "depth=2" in address(page)
    assert page.get_by_role("button", name="2 hops").get_attribute("aria-pressed") == "true"
    page.goto(real_server.url + "kb/os-feature/time-namespace/?depth=2")
    wait_drawn(page)
    assert view_counts(page)[0] == two
    page.get_by_role("button", name="1 hop", exact=True).click()
    assert view_counts(page)[0] == one and "depth" not in address(page)


def test_phone_width(real_server, sized_page):
    page = sized_page(390, 844, phone=True)
    for path in ("graph/", "kb/isolation-mode/hyper-v-containers/"):
        page.goto(real_server.url + path)
        wait_drawn(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        box = page.locator("[data-atlas-graph]").bounding_box()
        assert box["width"] > 300 and box["height"] > 250, path


def test_keyboard_reaches_every_control(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    page.locator(".atlas-search").focus()

    def tab(times):
        reached = []
        for _ in range(times):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("(() => { const e = document.activeElement; "
                                         "return e.getAttribute('data-action') || e.getAttribute('data-atlas-type') || "
                                         "e.getAttribute('data-atlas-graph') || e.tagName; })()"))
            if reached[-1] == "SUMMARY" and page.evaluate("!document.activeElement.parentNode.open"):
                page.keyboard.press("Enter")  # a fold opens from the keyboard too
        return set(reached)

    assert {"fit", "reset", "full", "SUMMARY", "organisation", "global"} <= tab(90)


def test_connections_page_answers_and_shares_the_question(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "connections/")
    page.wait_for_selector("[data-atlas-ready]")
    page.get_by_label("From", exact=True).fill("AKS")  # an alias
    page.get_by_label("To", exact=True).fill("cgroups")
    page.get_by_role("button", name="Connect").click()
    page.wait_for_function("window.atlasConnections.paths.length > 0")
    assert "from=azure-kubernetes-service" in address(page) and "to=cgroups" in address(page)
    first = page.locator(".atlas-path").first.locator("li")
    assert first.count() == len(page.evaluate("window.atlasConnections.paths[0]"))
    assert first.first.locator("a").first.text_content() == "Azure Kubernetes Service"
    assert first.last.locator("a:not(.atlas-cite)").last.text_content() == "cgroups"
    assert first.first.locator("a.atlas-cite").count() >= 1  # every step cites its source
    page.wait_for_function("window.atlasGraphs.some(g => g.kind === 'path' && g.drawn)")
    shared = address(page)
    page.goto(shared)  # the address alone brings back the same answer
    page.wait_for_function("window.atlasConnections && window.atlasConnections.paths.length > 0")
    assert "shortest path" in page.locator(".atlas-status").text_content()
    assert page.get_by_label("From", exact=True).input_value() == "Azure Kubernetes Service"
    assert watched.errors == [] and watched.off_host() == []


def test_type_index_sorts_by_a_key_attribute(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "types/base-image/")
    page.get_by_role("button", name="Size").click()
    names = page.locator("table[data-atlas-sortable] tbody tr td:first-child").all_text_contents()
    assert names[:3] == ["Nano Server base image", "Windows Server Core base image", "Windows base image"]  # 232 MB < 3.38 GB < 8.07 GB
    page.get_by_role("button", name="Size").click()
    names = page.locator("table[data-atlas-sortable] tbody tr td:first-child").all_text_contents()
    assert names[0] == "Windows base image"
    assert page.locator("th", has_text="Size").get_attribute("aria-sort") == "descending"


def test_facets_filter_and_share(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "facets/")
    page.wait_for_selector("[data-atlas-ready]")
    visible = "document.querySelectorAll('[data-atlas-facets-root] tbody tr:not([hidden])').length"
    everything = page.evaluate(visible)
    data = json.loads(urllib.request.urlopen(real_server.url + "graph.json").read())
    page.locator("[data-atlas-key='type:cloud-service']").check()
    assert page.evaluate(visible) == sum(1 for n in data["nodes"] if n["type"] == "cloud-service")
    page.locator("[data-atlas-key='attr:retired=2020-01-31']").check()
    assert page.evaluate(visible) == 1
    assert page.locator("[data-atlas-facets-root] tbody tr:not([hidden]) a").text_content() == "Azure Container Service"
    assert page.locator(".atlas-facets .atlas-status").text_content() == "1 entity"
    shared = address(page)
    page.goto(shared)
    page.wait_for_selector("[data-atlas-ready]")
    assert page.evaluate(visible) == 1
    page.get_by_role("button", name="Clear all facets").click()
    assert page.evaluate(visible) == everything and "f=" not in address(page)


@pytest.mark.theme_search
def test_material_search_finds_an_entity_by_alias(real_server, watched):
    page = watched.page
    page.goto(real_server.url)
    search = page.locator(".md-search__input")
    search.click()

    def ask(query):
        """The whole query at once, then a key released (the theme searches on keyup): one search, for the
        whole query. (Typed key by key on a busy machine, the results of a part of it were seen to stay.)"""
        search.fill(query)
        search.press("End")

    ask("LCOW")
    # the entity comes first, with the alias that matched beneath it
    first = page.locator(".md-search-result__item").first
    expect(first.locator("a").first).to_have_attribute("href", re.compile(r"kb/os-feature/linux-containers-on-windows/$"),
                                                      timeout=10_000)
    assert first.locator("a").nth(1).get_attribute("href").endswith("#atlas-alias-1")
    # an alias of common words, against aliases with a rare word the search reaches by prefix
    # ("Hyper-V vSwitch": "v" is looked up as "v*")
    ask("Hyper-V isolation")
    expect(first.locator("a").first).to_have_attribute("href", re.compile(r"kb/isolation-mode/hyper-v-containers/$"),
                                                      timeout=10_000)
    ask("Kubernetes")
    expect(first.locator("a").first).to_have_attribute("href", re.compile(r"kb/orchestrator/kubernetes/$"),
                                                      timeout=10_000)
    # the title's own entry is not shown a second time under the page's heading
    title_entries = first.locator('a[href$="#atlas-name"]')
    assert title_entries.count() == 1 and not title_entries.is_visible()
    assert first.locator("h1").inner_text() == "Kubernetes"


EVERY_NAME = r"""async () => {
    const worker = document.querySelector('#__config') && JSON.parse(document.querySelector('#__config').textContent).search;
    // (asked with a query, the whole index: the page's own search gets the tests' index without documents)
    const index = await (await fetch('search/search_index.json?whole')).json();
    const graph = await (await fetch('graph.json')).json();
    const w = new Worker(worker);
    const ask = (message) => new Promise((resolve) => { w.onmessage = (e) => resolve(e.data); w.postMessage(message); });
    await ask({type: 0, data: Object.assign({}, index, {options: {suggest: false}})});
    const misses = [];
    let asked = 0;
    for (const node of graph.nodes) {
        const names = (node.type === 'source' ? [] : [node.title]).concat(node.aliases);
        for (const name of names) {
            const found = (await ask({type: 2, data: name})).data.items;
            const first = found.length ? found[0][0].location.split('#')[0] : null;
            asked += 1;
            if (first !== node.url) misses.push(name + ' -> ' + first + ' (not ' + node.url + ')');
        }
    }
    // Every other page's title (a guide, a type's index, the graph...) lists that page first, after
    // only pages with a name that holds all the words searched (another page of the same words, or an
    // entity such as "server virtualization" for "Virtualization").
    const title = {}, names = {};
    for (const d of index.docs) if (!d.location.includes('#')) { title[d.location] = d.title; names[d.location] = [d.title]; }
    for (const node of graph.nodes) names[node.url] = [node.title].concat(node.aliases);
    const words = (s) => s.toLowerCase().split(/[\s\-]+/).filter(Boolean);
    const entityPage = new Set(graph.nodes.map((n) => n.url));
    for (const [url, name] of Object.entries(title)) {
        if (entityPage.has(url)) continue;
        const found = (await ask({type: 2, data: name})).data.items.map((g) => g[0].location.split('#')[0]);
        asked += 1;
        const at = found.indexOf(url);
        const before = at < 0 ? found : found.slice(0, at);
        const wanted = words(name).filter((w) => !['the', 'a', 'an', 'of', 'on', 'about'].includes(w));
        const holds = (u) => (names[u] || []).some((n) => wanted.every((w) => words(n).includes(w) || words(n).some((x) => x.startsWith(w))));
        if (at < 0 || !before.every(holds)) misses.push(name + ' -> ' + found.slice(0, 3).join(', ') + ' (not ' + url + ')');
    }
    w.terminate();
    return {asked: asked, misses: misses};
}"""


def test_the_search_lists_the_entity_first_for_each_of_its_names(real_server, watched):
    """The theme's own search, on the real site: every title (but a source's, which names a document
    about things) and every alias lists its entity first; every other page's title lists that page first."""
    page = watched.page
    page.goto(real_server.url)
    result = page.evaluate(EVERY_NAME)
    assert result["asked"] > 400
    assert result["misses"] == []


def test_connections_says_so_when_the_graph_cannot_load(real_server, watched):
    page = watched.page
    page.route("**/graph.json", lambda route: route.fulfill(status=503, body="down for maintenance"))
    page.goto(real_server.url + "connections/")
    page.wait_for_selector("[data-atlas-ready='failed']")
    status = page.locator(".atlas-connections .atlas-status").text_content()
    assert status.startswith("The graph could not be loaded (503") and "Loading" not in status


def test_tables_and_facets_work_without_the_graph_library(real_server, watched):
    page = watched.page
    page.route("**/vis-network.min.js", lambda route: route.abort())
    page.goto(real_server.url + "facets/")
    page.wait_for_selector("[data-atlas-ready]")  # the facets started
    visible = "document.querySelectorAll('[data-atlas-facets-root] tbody tr:not([hidden])').length"
    everything = page.evaluate(visible)
    page.locator("[data-atlas-key='type:organisation']").check()
    assert 0 < page.evaluate(visible) < everything
    page.get_by_role("button", name="Name").click()  # the table's columns sort
    assert page.locator("th", has_text="Name").get_attribute("aria-sort") == "descending"


def test_the_site_and_the_command_line_find_the_same_paths(real_server, watched):
    """Path finding is written twice, in Python and in the page's script, to one specification
    (graph/paths.py): on the real knowledge base both give the same paths for a spread of pairs."""
    import os

    from graph.cli import read_site
    from graph.paths import shortest_paths
    from helpers import ROOT

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        G = read_site("mkdocs.yml").result.G
    finally:
        os.chdir(cwd)
    ids = sorted(n for n in G if not G.nodes[n]["missing"])
    pairs = [(ids[i], ids[(i * 7 + 3) % len(ids)]) for i in range(0, len(ids), max(1, len(ids) // 120))]
    expected = [[[[s.start, s.end, s.relation.type, s.forward, [str(c) for c in s.relation.citations]] for s in path]
                 for path in shortest_paths(G, a, b, 10)] for a, b in pairs]
    page = watched.page
    page.goto(real_server.url + "connections/")
    page.wait_for_selector("[data-atlas-ready]")
    found = page.evaluate("""async (pairs) => {
        const form = document.querySelector('[data-atlas-connections]');
        const doc = await (await fetch(form.getAttribute('data-atlas-root') + 'graph.json')).json();
        const index = Atlas.pathIndex(doc, JSON.parse(form.getAttribute('data-atlas-relations')));
        return pairs.map(([a, b]) => Atlas.shortestPaths(index, a, b, 10).map(path => path.map(
            s => [s.start, s.end, s.link.type, s.forward, s.link.sources])));
    }""", [list(p) for p in pairs])
    assert len(pairs) >= 40 and sum(1 for paths in expected if len(paths) > 1) >= 5  # several with many paths
    assert found == expected


def test_a_box_changed_while_the_library_loads_counts(real_server, watched):
    """The legend is there before the network: a box the reader unticks in that time is honoured, and the
    boxes show what the address hid from the first frame on."""
    page = watched.page
    release = hold_library(page)
    page.goto(real_server.url + "graph/?hide=concept")
    page.wait_for_selector(".atlas-preview", state="attached")
    assert not page.locator("[data-atlas-type='concept']").is_checked()  # ticked as the address says
    page.locator(".atlas-filters > summary").click()
    page.locator("[data-atlas-type='organisation']").uncheck()
    release()
    wait_drawn(page)
    shown = page.evaluate("window.atlasGraphs[0].nodeView.get().map(n => window.atlasGraphs[0].byId[n.id].type)")
    assert shown and "organisation" not in shown and "concept" not in shown
    assert "hide=concept%2Corganisation" in address(page) or "hide=concept,organisation" in address(page)
    assert watched.errors == []


def test_a_search_asked_for_while_the_library_loads_is_run(real_server, watched):
    page = watched.page
    release = hold_library(page)
    page.goto(real_server.url + "graph/")
    page.wait_for_selector(".atlas-preview", state="attached")
    search = page.get_by_label("Find an entity by name or alias")
    search.fill("control groups")
    search.press("Enter")
    release()
    page.wait_for_function("window.atlasGraphs[0].drawn && window.atlasGraphs[0].state.focus === 'cgroups'")
    assert page.locator(".atlas-panel h3").text_content() == "cgroups" and "focus=cgroups" in address(page)
    assert watched.errors == []


def relation_labels() -> dict[str, tuple[str, str]]:
    """Each relation type's label, read from its subject, and its inverse, read from its target."""
    import yaml

    from helpers import ROOT

    schema = yaml.safe_load((ROOT / "docs/schema.yml").read_text(encoding="utf-8"))
    return {rid: (rt["label"], rt["inverse"]) for rid, rt in schema["relation_types"].items()}


def test_the_panel_reads_each_relation_from_the_selected_node(real_server, watched):
    """A relation the node is the subject of shows its label; one it is the target of, the inverse."""
    labels = relation_labels()
    data = json.loads(urllib.request.urlopen(real_server.url + "graph.json").read())
    titles = {n["id"]: n["title"] for n in data["nodes"]}
    node = "hyper-v"
    expected = {(labels[link["type"]][0], titles[link["target"]]) for link in data["links"] if link["source"] == node}
    expected |= {(labels[link["type"]][1], titles[link["source"]]) for link in data["links"] if link["target"] == node}
    page = watched.page
    page.goto(real_server.url + f"graph/?focus={node}")
    wait_drawn(page)
    page.wait_for_selector(".atlas-panel__relations li")
    shown = page.evaluate("""() => [...document.querySelectorAll('.atlas-panel__relations li')].map(li =>
        [li.querySelector('.atlas-panel__label').textContent.trim(), li.querySelector('[data-atlas-select]').textContent])""")
    shown = {tuple(item) for item in shown}
    assert shown <= expected, shown - expected
    inverse_only = {label for _, label in labels.values()} - {label for label, _ in labels.values()}
    assert any(label in inverse_only for label, _ in shown)  # read from the target: the inverse, not the label
    assert any(label not in inverse_only for label, _ in shown)


def test_the_connections_steps_read_backward_steps_with_the_inverse(real_server, watched):
    labels = relation_labels()
    page = watched.page
    page.goto(real_server.url + "connections/?from=cgroups&to=azure-kubernetes-service")
    page.wait_for_function("window.atlasConnections && window.atlasConnections.paths.length > 0")
    steps = page.evaluate("window.atlasConnections.paths.map(p => p.map(s => [s.link.type, s.forward]))")
    shown = [page.locator(".atlas-path").nth(i).locator(":scope > li > em").all_text_contents() for i in range(len(steps))]
    assert shown == [[labels[t][0] if forward else labels[t][1] for t, forward in path] for path in steps]
    assert any(not forward for path in steps for _, forward in path)  # a step read backwards is among them


def test_relation_facets_keep_the_entities_with_that_relation(real_server, watched):
    """A relation facet (`rel:type>target`) keeps the entities that declare it; two in the group, either."""
    data = json.loads(urllib.request.urlopen(real_server.url + "graph.json").read())
    titles = {n["id"]: n["title"] for n in data["nodes"] if n["url"]}
    page = watched.page
    page.goto(real_server.url + "facets/")
    page.wait_for_selector("[data-atlas-ready]")
    keys = page.evaluate("[...document.querySelectorAll('[data-atlas-key^=\"rel:\"]')].map(b => b.dataset.atlasKey)")
    assert len(keys) >= 5
    shown = "[...document.querySelectorAll('[data-atlas-facets-root] tbody tr:not([hidden]) td:first-child')].map(t => t.textContent)"

    def having(key):
        rtype, target = key[4:].split(">")
        return {titles[link["source"]] for link in data["links"]
                if link["type"] == rtype and link["target"] == target and link["source"] in titles}

    page.locator(f"[data-atlas-key='{keys[0]}']").check()
    assert set(page.evaluate(shown)) == having(keys[0]) and len(having(keys[0])) >= 2
    page.locator(f"[data-atlas-key='{keys[1]}']").check()
    assert set(page.evaluate(shown)) == having(keys[0]) | having(keys[1])  # within a group, any
    assert "rel%3A" in address(page) or "rel:" in address(page)  # the address keeps the choice


def test_a_page_graphs_tooltip_takes_its_summary_from_the_summaries_file(real_server, watched):
    """A page's own graph carries no summaries: the hover asks for the file its id hashes to, the same file
    the build put it in, and the tip shows it."""
    from graph.render.context import summary_shard

    page = watched.page
    doc = json.loads(urllib.request.urlopen(real_server.url + "graph.json").read())
    ids = [n["id"] for n in doc["nodes"]]
    page.goto(real_server.url + "kb/container-runtime/containerd/")
    wait_drawn(page)
    assert page.evaluate("(ids) => ids.map(Atlas.summaryShard)", ids) == [summary_shard(i) for i in ids]
    node = page.evaluate("window.atlasGraphs[0].data.nodes.find(n => n.hop === 1).id")
    assert page.evaluate("(id) => window.atlasGraphs[0].byId[id].summary", node) is None  # not in the page
    asked = []
    page.on("request", lambda r: asked.append(r.url) if "_summaries-" in r.url else None)
    pos = node_screen_position(page, node)
    page.mouse.move(pos["x"] - 3, pos["y"] - 3)
    page.mouse.move(pos["x"], pos["y"], steps=3)
    want = next(n["summary"] for n in doc["nodes"] if n["id"] == node)
    page.wait_for_function("(want) => { const s = document.querySelector('.atlas-tip__summary');"
                           " return s && s.textContent === want; }", arg=want)
    assert asked == [real_server.url + f"assets/atlas/graphs/_summaries-{summary_shard(node):x}.json"]
    assert watched.errors == []
