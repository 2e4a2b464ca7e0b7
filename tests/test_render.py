"""What pages show: escaping, links, both directions of every relation, graph data."""

import json
import re

import pytest

from helpers import SCHEMA, base_pages, entity_page_html, page, site_build
from graph import pipeline
from graph.render import Context, default_url, graph_json, relative_url
from graph.render.entity import cited_by_html, relation_groups, relations_html

PAYLOAD = '<img src=x onerror="alert(1)">*em* [l](javascript:alert(2)) {{ x }} </script>'


def page_of(pages: dict[str, str], node: str, schema: str = SCHEMA) -> str:
    """The entity page's HTML as the build makes it."""
    return entity_page_html(site_build(pages, schema), node)


HISTORY = '<h2 id="history">History</h2>'


def renderer(pages, schema=SCHEMA):
    result = pipeline.run({**base_pages(), **pages}.items(), schema, "schema.yml")
    ctx = Context(result.G, result.schema, result.layout, default_url)
    ctx.pages = pages  # what `page_of` builds the same pages from
    return ctx


@pytest.mark.parametrize("from_url, to_url, expected", [
    ("kb/a/", "kb/b/", "../b/"),  # sibling pages
    ("", "kb/b/", "kb/b/"),  # from the home page
    ("./", "types/a/", "types/a/"),  # from the home page, as MkDocs names it
    ("kb/a/", "", "../../"),  # to the home page
    ("kb/a/", "kb/a/#p3", "./#p3"),  # an anchor on the same page
    ("graph/", "graph.json", "../graph.json"),  # a file at the root
    ("kb/a.html", "kb/b.html", "b.html"),  # without directory URLs
])
def test_relative_url(from_url, to_url, expected):
    assert relative_url(from_url, to_url) == expected


def test_graph_json_has_no_markup_characters():
    text = graph_json({"label": "</script><script>alert(1)</script>", "x": "a&b\u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"label": "</script><script>alert(1)</script>", "x": "a&b\u2028"}


def test_a_data_script_reads_back_and_holds_no_markup():
    from graph.site import data_script, read_data_script

    value = {"label": PAYLOAD, "x": 'a"b\\c\u2028\u2029\\\'\\\\\'', "n": [1, 2.5, None]}
    text = data_script("_global", graph_json(value))
    assert text.startswith('(window.atlasData=window.atlasData||{})["_global"]=JSON.parse(\'') and text.endswith("');\n")
    assert read_data_script(text) == value
    assert "<" not in text and "\u2028" not in text
    with pytest.raises(ValueError):
        read_data_script('{"a": 1}')


def test_data_scripts_come_before_the_sites_script_and_both_before_the_themes():
    from graph.pages import data_scripts

    theme = '<script src="../assets/javascripts/bundle.0123abcd.min.js"></script>'
    mine = '<script src="../assets/atlas/atlas.js"></script>'
    graph = '<div data-atlas-graph="global" data-atlas-src="../assets/atlas/graphs/_global.js"></div>'
    data = '<script src="../assets/atlas/graphs/_global.js"></script>'
    assert data_scripts(f"<body>{graph}{theme}{mine}</body>") == f"<body>{graph}{data}{mine}{theme}</body>"
    assert data_scripts(f"<body>{graph}{mine}</body>") == f"<body>{graph}{data}{mine}</body>"  # another theme
    assert data_scripts(f"<body>{graph}{theme}</body>") == f"<body>{graph}{theme}</body>"  # no site script
    assert data_scripts(f"<body>{theme}{mine}</body>") == f"<body>{theme}{mine}</body>"  # no graph data
    text = "<pre><code>data-atlas-src=&quot;x.js&quot;</code></pre>"  # a contributor's text is no page tag
    assert data_scripts(f"<body>{text}{theme}{mine}</body>") == f"<body>{text}{theme}{mine}</body>"
    for other in ("https://elsewhere.example/assets/atlas/graphs/_global.js", "../x/assets/atlas/graphs/_global.js",
                  "../assets/atlas/graphs/_global.json"):  # only the site's own data scripts are loaded
        tag = graph.replace("../assets/atlas/graphs/_global.js", other)
        assert data_scripts(f"<body>{tag}{theme}{mine}</body>") == f"<body>{tag}{theme}{mine}</body>"
    root = graph.replace("../assets", "assets")  # the home page's own
    assert data_scripts(f"<body>{root}{theme}{mine}</body>") == (
        f'<body>{root}<script src="assets/atlas/graphs/_global.js"></script>{mine}{theme}</body>')


def test_relations_in_both_directions_with_inverse_labels():
    r = renderer({"kb/engine.md": page("Engine", relations="- {type: requires, target: cgroups, source: article#p3}\n"
                                                          "- {type: made-by, target: acme, source: article#p6}"),
                  "kb/cgroups.md": page("cgroups")})
    groups = dict(relation_groups(r, "cgroups"))
    assert [other for other, _ in groups["required by"]] == ["engine"]
    assert [other for other, _ in dict(relation_groups(r, "acme"))["makes"]] == ["engine"]
    html = relations_html(r, "kb/cgroups/", "cgroups")
    assert '<h3 class="atlas-relation-type">required by</h3>' in html
    assert '<a href="../engine/">Engine</a>' in html
    assert '<a class="atlas-cite" href="../article/#p3" title="An article, paragraph 3">¶3</a>' in html


def test_contributor_text_is_escaped_everywhere():
    r = renderer({"kb/x.md": page("X", extra=f"aliases: ['{PAYLOAD}']\nattributes:\n  size: {{value: '{PAYLOAD}', "
                                              f"source: article#p1, note: '{PAYLOAD}'}}\n",
                                  relations=f"- {{type: made-by, target: acme, source: article#p2, note: '{PAYLOAD}'}}")})
    md = page_of(r.pages, "x")
    assert "<img" not in md and "</script><" not in md
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in md
    # contributor text sits only inside raw HTML blocks, where markdown syntax stays text
    block = md.split('<h2 id="relations">')[0]
    assert block.count("*em*") == 3


def test_local_graph_carries_only_the_neighbourhood():
    r = renderer({"kb/a.md": page("A", relations="- {type: requires, target: b, source: article#p1}"),
                  "kb/b.md": page("B", relations="- {type: requires, target: c, source: article#p1}"),
                  "kb/c.md": page("C", relations="- {type: made-by, target: acme, source: article#p1}")})
    md = page_of(r.pages, "a")
    data = json.loads(md.split("<template data-atlas-json>")[1].split("</template>")[0])
    assert data["centre"] == "a" and data["maxDepth"] == 3
    nodes = [dict(zip(data["fields"], row)) for row in data["nodes"]]  # rows of the page's fields
    assert {n["id"]: n["hop"] for n in nodes} == {"a": 0, "b": 1, "c": 2, "acme": 3}
    ids = [n["id"] for n in nodes]
    assert [[ids[e[0]], ids[e[1]], e[2]] for e in data["edges"]] == [["a", "b", ["requires"]], ["b", "c", ["requires"]],
                                                                      ["c", "acme", ["made-by"]]]  # ends by index
    assert next(n for n in nodes if n["id"] == "b")["url"] == "../b/"
    # what the site's script and the summaries' files hold is not repeated on every page
    assert "relationTypes" not in data and "types" not in data and "summary" not in data["fields"]
    assert r.site_tables()["relationTypes"]["requires"] == {"label": "requires", "inverse": "required by"}
    assert r.site_tables()["types"]["technology"]["label"] == "Technology"


def test_a_page_whose_only_dates_are_its_relations_has_a_date_control():
    pages = {"kb/a.md": page("A", relations="- {type: requires, target: b, source: article#p1, since: '2017-02'}"),
             "kb/b.md": page("B"), "kb/c.md": page("C", relations="- {type: requires, target: d, source: article#p1}"),
             "kb/d.md": page("D")}
    assert 'data-atlas-time' in page_of(pages, "a") and 'data-atlas-time' in page_of(pages, "b")
    assert 'data-atlas-time' not in page_of(pages, "c")  # nothing dated within its reach


def test_summaries_are_in_the_file_the_script_hashes_each_id_to():
    from graph.render.context import SUMMARY_SHARDS, summary_shard

    r = renderer({"kb/a.md": page("A", relations="- {type: requires, target: nowhere, source: article#p1}")})
    shards = r.summaries()
    assert sorted(shards) == list(range(SUMMARY_SHARDS))
    assert shards[summary_shard("a")]["a"] == "About A."
    assert shards[summary_shard("nowhere")]["nowhere"] == "No page declares this id."
    assert sum(len(s) for s in shards.values()) == len(r.G)
    # FNV-1a, as assets/js/tooltip.js computes it (tests/browser checks the two agree on the real site)
    assert [summary_shard(x) for x in ("a", "docker-engine", "windows-server-2016")] == \
        [_fnv(x) % SUMMARY_SHARDS for x in ("a", "docker-engine", "windows-server-2016")]


def _fnv(text: str) -> int:
    h = 2166136261
    for byte in text.encode():
        h ^= byte
        h = (h * 16777619) % 2 ** 32
    return h


def test_parallel_relations_are_merged_into_one_edge():
    r = renderer({"kb/a.md": page("A", relations="- {type: requires, target: b, source: article#p1}\n"
                                                 "- {type: made-by, target: acme, source: article#p1}"),
                  "kb/b.md": page("B", relations="- {type: requires, target: a, source: article#p1}")})
    r.G.add_edge("a", "b", relation=r.G.edges["a", "b", 0]["relation"].__class__(
        subject="a", type="made-by", target="b", citations=(), note="", since="", until="", path="kb/a.md", line=9))
    data = r.graph_data("graph/", {"a": (0, 0), "b": (1, 1)})
    assert data["edges"] == [{"from": "a", "to": "b", "types": ["made-by", "requires"]},
                             {"from": "b", "to": "a", "types": ["requires"]}]


def test_local_graph_depth_is_capped_to_keep_pages_small():
    from graph import layout

    spokes = "\n".join(f"- {{type: requires, target: n{i}, source: article#p1}}" for i in range(10))
    pages = {"kb/hub.md": page("Hub", relations=spokes)}
    for i in range(10):
        leaves = "\n".join(f"- {{type: requires, target: l{i}-{j}, source: article#p1}}" for j in range(20))
        pages[f"kb/n{i}.md"] = page(f"N{i}", relations=leaves)
    r = renderer(pages)
    local = r.layout.local("hub")
    assert local.max_depth == 1 and len(local.hops) == 11  # 2 hops would be 211 nodes, over the cap
    assert layout.LOCAL_MAX_NODES < 211


def test_source_page_lists_facts_by_paragraph():
    r = renderer({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")})
    html = cited_by_html(r, r.entity("article"))
    assert html.count('<h3 id="p') == 10
    p2 = html.split('<h3 id="p2">')[1].split("<h3")[0]
    assert '<a href="../x/">X</a> <em>made by</em> <a href="../acme/">Acme</a>' in p2


def test_sections_are_cited_by_heading_and_listed_on_the_source_page():
    doc = page("Doc", type_="source", extra="publisher: P\npublished: 2020\nurl: https://example.org/d\n"
                                            "sections: {modes: Isolation <modes>, versions: Versions}\n",
               relations="- {type: published-by, target: acme, source: doc#versions}")
    r = renderer({"kb/doc.md": doc, "kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#modes}")})
    html = relations_html(r, "kb/x/", "x")
    assert ('<a class="atlas-cite" href="../doc/#s-modes" title="Doc, section “Isolation &lt;modes&gt;”">'
            '§ Isolation &lt;modes&gt;</a>') in html
    listing = cited_by_html(r, r.entity("doc"))
    modes = listing.split('<h3 id="s-modes">')[1].split("<h3")[0]
    assert modes.startswith('Isolation &lt;modes&gt; <a class="atlas-external" href="https://example.org/d#modes"')
    assert '<a href="../x/">X</a> <em>made by</em> <a href="../acme/">Acme</a>' in modes
    versions = listing.split('<h3 id="s-versions">')[1]
    assert '<a href="./">Doc</a> <em>published by</em>' in versions


def test_a_source_links_its_publisher_to_the_page_of_that_name():
    from graph.render.entity import source_facts_html

    doc = page("Doc", type_="source", extra="publisher: ACME\npublished: 2020\nurl: https://example.org/d\n")
    r = renderer({"kb/doc.md": doc, "kb/other.md": page("Other", type_="source", extra="publisher: Nobody\n")})
    assert '<dt>Publisher</dt><dd><a href="../acme/">Acme</a></dd>' in source_facts_html(r, r.entity("doc"))
    assert "<dt>Publisher</dt><dd>Nobody</dd>" in source_facts_html(r, r.entity("other"))


def test_a_slot_made_while_another_was_rendered_is_filled_inside_it():
    from graph.render import Slots

    slots = Slots("n0nce")
    inner = slots.put("<template>data</template>", searchable=False)  # a graph's data, inside a view
    outer = slots.put(f"<figure>{inner}</figure>")
    page_html = slots.fill(f"<p>{outer}</p>")
    assert "atlasslot" not in page_html and "<figure>" in page_html and "<template>" not in page_html
    assert slots.fill_late(page_html) == "<figure><template>data</template></figure>"


def test_slots_keep_generated_html_out_of_markdown_and_search():
    from graph.render import Slots

    slots = Slots("abc")
    tokens = [slots.put(f"<b>{i}</b>", searchable=i != 10) for i in range(12)]
    page_html = "".join(f"<p>{t}</p>" for t in tokens)
    first = slots.fill(page_html)
    assert "<b>1</b>" in first and "<b>11</b>" in first and "<b>10</b>" not in first  # n1 does not eat n10
    assert 'data-search-exclude' in first
    assert slots.fill_late(first) == "".join(f"<b>{i}</b>" for i in range(12))


def test_entity_history_lists_its_dated_facts_in_order_both_ways():
    pages = {"kb/x.md": page("X", extra="attributes:\n  released: {value: '2016-10', source: article#p1}\n"
                                        "  retired: {value: '2020-01-31', source: article#p2}\n",
                             relations="- {type: made-by, target: acme, source: article#p3, since: '2018'}"),
             "kb/y.md": page("Y", relations="- {type: requires, target: x, source: article#p4, until: '2019-05'}")}
    r = renderer(pages)
    md = page_of(r.pages, "x")
    history = md.split(HISTORY)[1].split("<h2 ")[0]
    life = history.split('<p class="atlas-life">')[1].split("</p>")[0]
    assert re.sub(r"<[^>]+>", "", life) == "Dated from October 2016 (released) ¶1; it ended 31 January 2020 (retired) ¶2."
    rows = [row for row in history.split("<tr>")[2:]]
    assert [row.split("</td>")[0].split(">")[-1] for row in rows] == ["October 2016", "2018", "May 2019", "31 January 2020"]
    assert '<a href="../y/">Y</a> <em>requires</em> <a href="./">X</a>, until then' in history  # declared on Y's page
    assert "No start or end is recorded" in page_of(r.pages, "y").split(HISTORY)[1]


DATED = SCHEMA.replace("end: retired, timeless: true}", "end: retired}").replace(
    "  requires: {label: requires, inverse: required by}",
    "  requires: {label: requires, inverse: required by}\n  introduced-in: {label: introduced in, inverse: introduced}\n"
    "  removed-in: {label: removed in, inverse: removed}")


def test_a_life_that_follows_from_a_release_shows_its_chain_with_both_citations():
    pages = {"kb/linux-4-5.md": page("Linux 4.5", extra="attributes:\n  released: {value: '2016-03-14', source: article#p1}\n"),
             "kb/linux-6-1.md": page("Linux 6.1", extra="attributes:\n  released: {value: '2022-12', source: article#p5}\n"),
             "kb/cgroup-v2.md": page("cgroup v2", relations="- {type: introduced-in, target: linux-4-5, source: article#p2}\n"
                                                     "- {type: removed-in, target: linux-6-1, source: article#p4}"),
             "kb/own.md": page("Own", extra="attributes:\n  announced: {value: '2015', source: article#p3}\n",
                               relations="- {type: introduced-in, target: linux-4-5, source: article#p2}"),
             "kb/nothing.md": page("Nothing", relations="- {type: requires, target: own, source: article#p2}")}
    r = renderer(pages, schema=DATED)
    G = r.G
    assert (G.nodes["cgroup-v2"]["start"], G.nodes["cgroup-v2"]["start_by"], G.nodes["cgroup-v2"]["start_via"]) == \
        ("2016-03-14", "introduced-in", "linux-4-5")
    assert (G.nodes["cgroup-v2"]["end"], G.nodes["cgroup-v2"]["end_via"]) == ("2022-12", "linux-6-1")
    assert (G.nodes["own"]["start"], G.nodes["own"]["start_via"]) == ("2015", "")  # its own date wins
    life = page_of(r.pages, "cgroup-v2", DATED).split('<p class="atlas-life">')[1].split("</p>")[0]
    assert re.sub(r"<[^>]+>", "", life) == ("Introduced in Linux 4.5 ¶2, released 14 March 2016 ¶1; "
                                            "it was removed in Linux 6.1 ¶4, released December 2022 ¶5.")
    assert '<a href="../linux-4-5/">Linux 4.5</a>' in life
    node = r.node_data("kb/cgroup-v2/", "cgroup-v2", (0, 0))
    assert (node["start"], node["startBy"]) == ("2016-03-14", "introduced in Linux 4.5, released")
    assert "undated" not in node
    assert r.node_data("kb/nothing/", "nothing", (0, 0))["undated"] == 1
    assert "Its dates are not recorded" in page_of(r.pages, "nothing", DATED).split(HISTORY)[1]


def test_the_story_tells_each_dated_fact_in_words_with_its_citations():
    """Play's captions (render.story): lives in words, what a release brought told with it, relations that
    began or ended; each with the places cited; contributor text as text, for the script to show as text."""
    from graph.render.story import story

    pages = {"kb/linux-4-5.md": page("Linux 4.5", extra="attributes:\n  released: {value: '2016-03-14', source: article#p1}\n"),
             "kb/linux-6-1.md": page("Linux 6.1", extra="attributes:\n  released: {value: '2022-12', source: article#p5}\n"),
             "kb/cgroup-v2.md": page("cgroup v2", relations="- {type: introduced-in, target: linux-4-5, source: article#p2}\n"
                                                     "- {type: removed-in, target: linux-6-1, source: article#p4}"),
             "kb/pid.md": page("PID namespace", relations="- {type: introduced-in, target: linux-4-5, source: article#p3}"),
             "kb/own.md": page(PAYLOAD.replace('"', "'"), extra="attributes:\n  retired: {value: '2020', source: article#p3}\n"
                               "  announced: {value: '2015-06', source: article#p6}\n",
                               relations="- {type: requires, target: pid, source: article#p2, since: '2017-02', until: 2019}")}
    ctx = renderer(pages, schema=DATED)
    told = story(ctx, "graph/")
    facts = [(f["date"], f["text"], f["nodes"], [told["places"][i][0] for i in f["cites"]]) for f in told["facts"]]
    title = PAYLOAD.replace('"', "'")
    assert facts == [
        ("2015-06", f"{title} is announced", ["own"], ["¶6"]),
        ("2016-03-14", "Linux 4.5 is released, introducing cgroup v2 and PID namespace", ["linux-4-5", "cgroup-v2", "pid"],
         ["¶1", "¶2", "¶3"]),
        ("2017-02", f"Begins: {title} requires PID namespace", ["own", "pid"], ["¶2"]),
        ("2019", f"Ends: {title} requires PID namespace", ["own", "pid"], ["¶2"]),
        ("2020", f"{title} is retired", ["own"], ["¶3"]),
        ("2022-12", "Linux 6.1 is released, removing cgroup v2", ["linux-6-1", "cgroup-v2"], ["¶5", "¶4"]),
    ]
    place = told["places"][told["facts"][1]["cites"][0]]
    assert place == ["¶1", "An article, paragraph 1", "../kb/article/#p1"]  # a link from the graph page


def test_a_quantity_is_no_date_in_the_history():
    """1754 MB is a size, though 1754 reads as a year: an attribute with a unit dates nothing."""
    pages = {"kb/x.md": page("X", extra="attributes:\n  size: {value: 1754, unit: MB, source: article#p1}\n"
                                        "  released: {value: '2016-10', source: article#p2}\n")}
    html = page_of(pages, "x", DATED)
    history = html.split(HISTORY)[1]
    assert "October 2016" in history and "1754" not in history
