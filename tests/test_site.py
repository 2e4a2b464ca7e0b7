"""End-to-end builds of tiny sites through MkDocs itself, and of the real site."""

import json
import re
from pathlib import Path

import networkx as nx
import pytest

from helpers import ROOT, graph_cli, mkdocs_build, page

GOOD = {"kb/tech/engine.md": page("Engine", relations="- {type: made-by, target: acme, source: article#p2}\n"
                                                     "- {type: requires, target: cgroups, source: article#p3}"),
        "kb/tech/cgroups.md": page("cgroups", extra="aliases: [control groups]\n")}


def test_tiny_site_builds_with_pages_graph_and_exports(site):
    root = site(GOOD)
    out = mkdocs_build(root, "--strict")
    assert out.returncode == 0, out.stderr
    built = root / "site"
    engine = (built / "kb/tech/engine/index.html").read_text()
    assert 'data-atlas-graph="local"' in engine and "data-atlas-src" not in engine
    local = json.loads(engine.split("<template data-atlas-json>")[1].split("</template>")[0])
    ids = [row[local["fields"].index("id")] for row in local["nodes"]]  # rows of the page's fields
    assert local["centre"] == "engine" and set(ids) >= {"engine", "cgroups", "acme"}
    assert "atlasslot" not in engine  # every slot was filled
    cgroups = (built / "kb/tech/cgroups/index.html").read_text()
    assert "required by" in cgroups and 'href="../engine/"' in cgroups and "control groups" in cgroups
    assert (built / "graph/index.html").is_file() and (built / "types/technology/index.html").is_file()
    assert (built / "reference/checks/index.html").is_file()
    assert (built / "assets/atlas/vis-network.min.js").stat().st_size > 100_000
    # the library is asked for by atlas.js once a graph has drawn its first frame, never by a page
    assert all("vis-network" not in p.read_text() for p in built.rglob("*.html"))
    # the global graph's data is a script its pages load before the site's script, and both before the
    # theme's; a page without it keeps the theme's script first
    from graph.site import read_data_script

    global_page = (built / "graph/index.html").read_text()
    src = global_page.split('data-atlas-src="')[1].split('"')[0]
    scripts = re.findall(r'<script src="([^"]+)"', global_page)
    assert scripts[-3:-1] == [src, "../assets/atlas/atlas.js"] and "/bundle." in scripts[-1], scripts
    assert (built / "graph" / src).resolve().is_file() and "graphs/_global" not in engine
    assert "/bundle." in re.findall(r'<script src="([^"]+)"', engine)[-2]
    # as rows of its fields, edges by index, without the summaries (in the summaries' files) and type tables
    data = read_data_script((built / "graph" / src).resolve().read_text())
    rows = {row[0]: dict(zip(data["fields"], row)) for row in data["nodes"]}
    assert data["fields"][0] == "id" and "summary" not in data["fields"] and "types" not in data
    assert rows["cgroups"]["aliases"] == ["control groups"] and rows["engine"]["url"] == "../kb/tech/engine/"
    ids = list(rows)
    assert sorted((ids[e[0]], ids[e[1]], tuple(e[2])) for e in data["edges"]) == [
        ("article", "acme", ("published-by",)), ("engine", "acme", ("made-by",)), ("engine", "cgroups", ("requires",))]
    from graph.render.context import summary_shard

    doc = json.loads((built / "graph.json").read_text())
    for node in doc["nodes"]:
        shard = json.loads((built / f"assets/atlas/graphs/_summaries-{summary_shard(node['id']):x}.json").read_text())
        assert shard[node["id"]] == node["summary"]
    assert {n["url"] for n in doc["nodes"]} >= {"kb/tech/engine/", "kb/tech/cgroups/"}
    assert nx.read_graphml(built / "graph.graphml").number_of_edges() == 3
    # entity pages stay out of the navigation; type indexes are in it
    home = (built / "index.html").read_text()
    assert "types/technology/" in home and "kb/tech/engine/" not in home


def test_strict_build_fails_on_each_mistake_with_file_and_line(site):
    root = site({**GOOD, "kb/tech/bad.md": page("Bad", relations="- {type: requires, target: cgroup, source: article#p3}")})
    out = mkdocs_build(root, "--strict")
    assert out.returncode != 0
    assert ("docs/kb/tech/bad.md:6: G201 relation 'requires' points to 'cgroup', which no page declares "
            "(did you mean 'cgroups'?)") in out.stderr
    assert "Traceback" not in out.stderr


def test_broken_page_does_not_crash_the_build(site):
    root = site({**GOOD, "kb/tech/broken.md": "---\ntitle: [\n---\nprose"})
    out = mkdocs_build(root)
    assert out.returncode == 0, out.stderr
    assert "docs/kb/tech/broken.md:2: G004 YAML syntax error" in out.stderr
    assert (root / "site/kb/tech/engine/index.html").is_file()


def test_front_matter_title_cannot_inject_markup_into_theme(site):
    root = site({**GOOD, "plain.md": "---\ntitle: <img src=x onerror=alert(1)>\ntemplate: ../../x.html\n---\nText\n",
                 "kb/tech/x.md": page("<script>alert(1)</script>", relations="- {type: made-by, target: acme, source: article#p1}")})
    out = mkdocs_build(root, "--strict")
    assert out.returncode == 0, out.stderr
    for path in ("plain/index.html", "kb/tech/x/index.html", "graph/index.html", "kb/tech/engine/index.html"):
        html = (root / "site" / path).read_text()
        assert "<img src=x" not in html and "<script>alert(1)" not in html, path
    # and the titles are still there, as text: escaped once, in the page's title and heading
    x = (root / "site/kb/tech/x/index.html").read_text()
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt; - Tiny atlas</title>" in x
    assert re.search(r"<h1[^>]*>&lt;script&gt;alert\(1\)&lt;/script&gt;", x) and "&amp;lt;" not in x
    plain = (root / "site/plain/index.html").read_text()
    assert "<title>&lt;img src=x onerror=alert(1)&gt; - Tiny atlas</title>" in plain and "&amp;lt;" not in plain


def test_failed_build_keeps_the_previous_site(site):
    """`python -m graph build` (what ./scripts/build runs) swaps site/ in only after a successful build."""
    root = site(GOOD)
    previous = root / "site"
    previous.mkdir()
    (previous / "marker.txt").write_text("previous")
    bad = root / "docs/kb/tech/bad.md"
    bad.write_text(page("Bad", relations="- {type: requires, target: nowhere, source: article#p3}"))
    out = graph_cli(root, "build")
    assert out.returncode == 1
    assert "G201" in out.stderr and "left as it was" in out.stderr and "Traceback" not in out.stderr
    assert (previous / "marker.txt").read_text() == "previous"
    assert sorted(p.name for p in root.iterdir()) == ["docs", "mkdocs.yml", "site"]
    bad.unlink()
    out = graph_cli(root, "build")
    assert out.returncode == 0, out.stderr
    assert not (previous / "marker.txt").exists() and (previous / "graph.json").is_file()
    assert sorted(p.name for p in root.iterdir()) == ["docs", "mkdocs.yml", "site"]


# Addresses in the shipped scripts that load nothing: licences, project pages, the SVG namespace.
NOT_LOADED = ("http://almende.com", "http://opensource.org/", "http://www.apache.org/licenses/", "http://www.w3.org/2000/svg",
              "https://github.com/", "https://visjs.github.io/")


REMOTE = r"""\s*['"]?\s*((?:https?:)?//[^'")\s]+)"""  # an address on another host, quoted or not


def css_loads(css: str) -> list[str]:
    """The remote addresses a style sheet loads from: url(...), @import "..." and image-set("...")."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return (re.findall(r"url\(" + REMOTE, css, flags=re.I) + re.findall(r"@import" + REMOTE, css, flags=re.I)
            + re.findall(r"image-set\([^)]*?['\"]((?:https?:)?//[^'\"]+)", css, flags=re.I))


def html_loads(text: str) -> list[str]:
    """The remote addresses a page loads from: any attribute that fetches (src, srcset, data, poster,
    background, a <link>'s href but the canonical address, a refresh), and what its style sheets
    and style attributes load. Links out (<a href>) load nothing."""
    found = []
    for tag in re.findall(r"<[a-zA-Z][^>]*>", text):
        name = tag[1:].split(None, 1)[0].rstrip("/>").lower()
        for attribute, value in re.findall(r"""\s([a-zA-Z:-]+)\s*=\s*["']([^"']*)["']""", tag):
            attribute = attribute.lower()
            addresses = re.findall(r"(?:https?:)?//[^\s,]+", value) if attribute == "srcset" else [value.strip()]
            fetches = attribute in ("src", "srcset", "data", "poster", "background") or (
                attribute == "href" and name == "link" and 'rel="canonical"' not in tag) or (
                attribute == "content" and "refresh" in tag.lower())
            if fetches:
                found += [a for a in addresses if re.match(r"^(?:[^:]*url=)?\s*(https?:)?//", a, flags=re.I)]
            if attribute == "style":
                found += css_loads(value)
    for style in re.findall(r"<style[^>]*>(.*?)</style>", text, flags=re.S | re.I):
        found += css_loads(style)
    return found


def test_the_remote_asset_check_finds_every_way_to_load_from_another_host():
    assert css_loads('@import "https://fonts.example.org/a.css";') == ["https://fonts.example.org/a.css"]
    assert css_loads("@import url(//cdn.example.org/b.css) screen;") == ["//cdn.example.org/b.css"]
    assert css_loads("a { background: image-set('https://x.example.org/c.png' 1x); }") == ["https://x.example.org/c.png"]
    assert css_loads("/* url(https://a.example.org/) */ a { background: url('../local.png') }") == []
    for tag in ('<img src="https://a.example.org/x.png">', '<img srcset="a.png 1x, https://a.example.org/x.png 2x">',
                '<link rel="stylesheet" href="//a.example.org/x.css">', '<video poster="https://a.example.org/p.png">',
                '<object data="https://a.example.org/x.svg"></object>', '<p style="background:url(https://a.example.org/)">',
                '<style>@import "https://a.example.org/x.css";</style>',
                '<meta http-equiv="refresh" content="0; url=https://a.example.org/">'):
        assert len(html_loads(tag)) == 1, tag
    for tag in ('<a href="https://a.example.org/">', '<link rel="canonical" href="https://a.example.org/">',
                '<img src="../x.png">', '<script src="assets/x.js"></script>'):
        assert html_loads(tag) == [], tag


def test_real_site_builds_strict_and_has_no_remote_assets(real_site):
    for html_file in real_site.rglob("*.html"):
        assert html_loads(html_file.read_text(encoding="utf-8")) == [], html_file
    for css in real_site.rglob("*.css"):  # the theme's and ours: fonts and images from the host only
        remote = css_loads(css.read_text(encoding="utf-8"))
        assert remote == [], f"{css}: {remote[:3]}"
    for js in (real_site / "assets/atlas").rglob("*.js"):  # ours and the graph library: no address to load
        text = js.read_text(encoding="utf-8", errors="replace")
        remote = {a for a in re.findall(r"https?://[^\s\"'`)<>]+", text) if not a.startswith(NOT_LOADED)}
        assert remote == set(), f"{js}: {sorted(remote)[:5]}"
    # the theme's bundle fetches only for features this site leaves off: a repository's facts (repo_url)
    # and diagrams (mermaid)
    pages = [p.read_text() for p in real_site.rglob("*.html")]
    assert not any("md-source" in p or 'class="mermaid"' in p for p in pages)


def test_the_checks_reference_shows_every_codes_wrong_and_right_example(real_site):
    import html

    from graph.validate import CODES

    text = (real_site / "reference/checks/index.html").read_text(encoding="utf-8")
    for code, c in CODES.items():
        section = text.split(f'<h2 id="{code.lower()}">', 1)[1].split("<h2 ", 1)[0]
        examples = re.findall(r"<p>Wrong:</p><pre><code>(.*?)</code></pre><p>Right:</p><pre><code>(.*?)</code></pre>",
                              section, flags=re.S)
        assert [(html.unescape(w), html.unescape(r)) for w, r in examples] == [(c.wrong, c.fix)], code


def test_narrative_pages_are_sanitised_and_heading_titles_escaped(site):
    root = site({**GOOD, "story.md": "# Story &lt;img src=x onerror=alert(1)&gt;\n\n"
                                     "Text <script>alert(2)</script> <b onclick=\"alert(3)\">bold</b>\n\n"
                                     "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n"
                                     "<table><tr><td style=\"white-space:pre;color:red;text-align:center\">x</td></tr></table>\n\n"
                                     "    indented code\n        more\n\nRun `a\n   b` now.\n"})
    out = mkdocs_build(root, "--strict")
    assert out.returncode == 0, out.stderr
    story = (root / "site/story/index.html").read_text()
    assert "<script>alert(2)" not in story and "onclick" not in story and "<b>bold</b>" in story
    # a table cell keeps its alignment, and no other style
    assert 'style="text-align:right"' in story and 'style="text-align:center"' in story
    assert "white-space:pre" not in story and "color:red" not in story
    # the page is compact: no indentation and no blank line, but in what shows its white space
    assert "<pre><code>indented code\n    more\n</code></pre>" in story and "<code>a\n   b</code>" in story
    outside = re.sub(r"<(pre|code)\b.*?</\1>", "VERBATIM", story, flags=re.S)
    assert "\n " not in outside and "\n\n" not in outside
    home = (root / "site/index.html").read_text()  # the navigation shows the heading's title as text
    assert "<img src=x" not in home and "Story &lt;img src=x onerror=alert(1)&gt;" in home


def same_graph(a, b) -> bool:
    """Whether two RDF graphs are the same, each blank node (a relation's statement) known by what it
    says. rdflib's general isomorphism took 7 minutes on this site's 640 statements; a statement's own
    triples identify it here (two alike would be counted twice, as they should)."""
    from collections import Counter

    import rdflib

    def canonical(g):
        said = {}
        for s, p, o in g:
            if isinstance(s, rdflib.BNode) and not isinstance(o, rdflib.BNode):
                said.setdefault(s, set()).add((p, o))
        name = {node: frozenset(pairs) for node, pairs in said.items()}
        return Counter((name.get(s, s), p, name.get(o, o)) for s, p, o in g)

    return len(a) == len(b) and canonical(a) == canonical(b)


def test_the_built_sites_exports_read_back(real_server):
    """The data files a reader downloads from the site itself: graph.json as networkx reads node-link
    data, graph.graphml with networkx, graph.ttl and graph.jsonld with rdflib, all of them the same graph."""
    import rdflib

    real_site = real_server.directory
    doc = json.loads((real_site / "graph.json").read_text(encoding="utf-8"))
    G = nx.node_link_graph(doc, directed=True, multigraph=True, edges="links")
    assert G.number_of_nodes() == len(doc["nodes"]) >= 150 and G.number_of_edges() == len(doc["links"]) >= 400
    H = nx.read_graphml(real_site / "graph.graphml")
    assert set(H.nodes) == set(G.nodes) and H.number_of_edges() == G.number_of_edges()
    ttl = rdflib.Graph().parse(real_site / "graph.ttl", format="turtle")
    jsonld = rdflib.Graph().parse(real_site / "graph.jsonld", format="json-ld")
    assert same_graph(ttl, jsonld)
    statements = set(ttl.subjects(rdflib.RDF.type, rdflib.RDF.Statement))
    assert len(statements) == len(doc["links"])
    dated = [n for n in doc["nodes"] if n["start"]]
    node = rdflib.URIRef(real_server.url + "id/" + dated[0]["id"])
    assert str(ttl.value(node, rdflib.URIRef(real_server.url + "schema/start"))) == dated[0]["start"]
