"""Records to the graph."""

from graph.build import build_graph, entities
from graph.load import load_page


def entity(path, text):
    e, diags = load_page(path, text)
    assert not diags
    return e


def test_nodes_edges_and_missing_targets():
    a = entity("kb/a.md", "---\ntitle: A\ntype: t\nsummary: s\nrelations:\n"
                          "  - {type: requires, target: b, source: s}\n  - {type: requires, target: ghost, source: s}\n---\n")
    b = entity("kb/b.md", "---\ntitle: B\ntype: t\nsummary: s\n---\n")
    G, diags = build_graph([b, a])
    assert diags == []
    assert sorted(G.edges()) == [("a", "b"), ("a", "ghost")]
    assert G.nodes["ghost"]["missing"] and not G.nodes["a"]["missing"]
    assert [e.id for e in entities(G)] == ["a", "b"]


def test_parallel_relations_are_kept():
    a = entity("kb/a.md", "---\ntitle: A\ntype: t\nsummary: s\nrelations:\n"
                          "  - {type: requires, target: b, source: s}\n  - {type: uses, target: b, source: s}\n---\n")
    b = entity("kb/b.md", "---\ntitle: B\ntype: t\nsummary: s\n---\n")
    G, _ = build_graph([a, b])
    assert sorted(rel.type for _, _, rel in G.edges(data="relation")) == ["requires", "uses"]


def test_duplicate_id_keeps_the_first_path():
    one = entity("kb/a/x.md", "---\ntitle: First\ntype: t\nsummary: s\n---\n")
    two = entity("kb/b/x.md", "---\ntitle: Second\ntype: t\nsummary: s\n---\n")
    G, diags = build_graph([two, one])
    assert G.nodes["x"]["entity"].title == "First"
    assert [str(d) for d in diags] == [
        "kb/b/x.md:3: G202 id 'x' is already declared by kb/a/x.md (give this page another id (file name or 'id:'))"]
