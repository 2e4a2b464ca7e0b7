"""graph.json and graph.graphml against the contract in DESIGN.md."""

import io
import json

import networkx as nx

from helpers import SCHEMA, base_pages, page
from graph import export, pipeline
from graph.render import default_url


def document(pages):
    result = pipeline.run({**base_pages(), **pages}.items(), SCHEMA, "schema.yml")
    return export.graph_document(result.G, result.schema, default_url)


PAGES = {"kb/x.md": page("X <b>", extra="aliases: [Ex]\nattributes:\n  size: {value: 3, unit: MB, source: article#p4}\n",
                         relations="- {type: made-by, target: acme, source: [article#p2, article], note: n, since: '2014'}\n"
                                   "- {type: requires, target: ghost, source: article#p1}")}


def test_json_contract():
    doc = document(PAGES)
    x = next(n for n in doc["nodes"] if n["id"] == "x")
    assert set(x) == {"id", "title", "type", "summary", "aliases", "url", "attributes", "start", "end"}
    assert x == {"id": "x", "title": "X <b>", "type": "technology", "summary": "About X <b>.", "aliases": ["Ex"],
                 "url": "kb/x/", "attributes": {"size": {"value": 3, "unit": "MB", "note": "",
                                                         "sources": ["article#p4"]}}, "start": None, "end": None}
    assert [n["id"] for n in doc["nodes"]] == ["acme", "article", "x"]  # the missing 'ghost' is not a node
    link = next(l for l in doc["links"] if l["source"] == "x")
    assert link == {"source": "x", "target": "acme", "type": "made-by", "label": "made by",
                    "sources": ["article#p2", "article"], "note": "n", "since": "2014", "until": None}
    assert all(l["target"] != "ghost" for l in doc["links"])


def test_every_node_has_a_lifespan_and_every_link_its_dates():
    doc = document({"kb/y.md": page("Y", extra="attributes:\n  announced: {value: '2017-03', source: article#p1}\n"
                                              "  released: {value: 2018, source: article#p1}\n"
                                              "  retired: {value: '2020-01-31', source: article#p2}\n",
                                    relations="- {type: requires, target: x, since: '2018-10', until: 2019, source: article#p3}"),
                    "kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")})
    nodes = {n["id"]: n for n in doc["nodes"]}
    assert (nodes["y"]["start"], nodes["y"]["end"]) == ("2018", "2020-01-31")  # released comes before announced
    assert (nodes["x"]["start"], nodes["x"]["end"]) == (None, None)  # undated
    assert nodes["article"]["start"] == "2018-07"  # a source starts when it was published
    link = next(l for l in doc["links"] if l["source"] == "y")
    assert (link["since"], link["until"]) == ("2018-10", "2019")
    H = nx.read_graphml(io.BytesIO(export.to_graphml(doc).encode()))
    assert (H.nodes["y"]["start"], H.nodes["y"]["end"]) == ("2018", "2020-01-31")
    assert (H.edges["y", "x"]["since"], H.edges["y", "x"]["until"]) == ("2018-10", "2019")


EXPORTS = """
import json, random, sys
sys.path.insert(0, sys.argv[2])
from helpers import SCHEMA
from graph import export, pipeline
from graph.render import default_url
pages = list(json.loads(sys.stdin.read()).items())
random.Random(int(sys.argv[1])).shuffle(pages)  # the order the files are read in
result = pipeline.run(pages, SCHEMA, "schema.yml")
doc = export.graph_document(result.G, result.schema, default_url)
print(export.to_json(doc), export.to_graphml(doc), export.to_turtle(doc, result.schema, "https://a.example/"),
      export.to_jsonld(doc, result.schema, "https://a.example/"), sep="\\f")
"""


def test_the_exports_are_the_same_in_any_process_and_any_order_of_pages():
    import subprocess
    import sys
    from pathlib import Path

    many = {f"kb/t{i}.md": page(f"T{i}", extra=f"aliases: [A{i}, B{i}]\n",
                                relations=f"- {{type: requires, target: t{(i * 7) % 30}, source: article#p{i % 9 + 1}}}\n"
                                          f"- {{type: made-by, target: acme, source: article#p2, since: '20{10 + i % 9}'}}")
            for i in range(30)}
    pages = {**base_pages(), **PAGES, **many}
    outputs = []
    for seed, hashseed in ((1, "0"), (2, "4242"), (3, "random")):  # a new process each, hashing strings its own way
        out = subprocess.run([sys.executable, "-c", EXPORTS, str(seed), str(Path(__file__).parent)], input=json.dumps(pages),
                             capture_output=True, text=True, env={**__import__("os").environ, "PYTHONHASHSEED": hashseed},
                             timeout=120)
        assert out.returncode == 0, out.stderr
        outputs.append(out.stdout)
    assert len(outputs[0]) > 10_000 and outputs[0] == outputs[1] == outputs[2]


def test_graphml_reads_back_with_networkx():
    doc = document(PAGES)
    H = nx.read_graphml(io.BytesIO(export.to_graphml(doc).encode()))
    assert sorted(H.nodes) == ["acme", "article", "x"]
    assert H.nodes["x"]["title"] == "X <b>"
    assert json.loads(H.nodes["x"]["attributes"])["size"]["value"] == 3
    edges = {(u, v): d for u, v, d in H.edges(data=True)}
    assert edges[("x", "acme")]["type"] == "made-by"
    assert json.loads(edges[("x", "acme")]["sources"]) == ["article#p2", "article"]


def test_graphml_carries_any_text_safely():
    doc = document({"kb/y.md": page('"Y \\x01 <&> \\"q\\""', relations="- {type: made-by, target: acme, source: article#p2}")})
    H = nx.read_graphml(io.BytesIO(export.to_graphml(doc).encode()))
    assert H.nodes["y"]["title"] == 'Y \ufffd <&> "q"'  # a control character XML cannot carry is replaced
    assert H.edges["y", "acme"]["label"] == "made by"
