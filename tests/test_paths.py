"""Shortest typed paths between two entities, both directions, every step cited."""

import pytest

from graph import pipeline
from graph.paths import resolve, shortest_paths
from helpers import SCHEMA, base_pages, graph_cli, page

# a -> b -> d and a -> c -> d (two equal paths); e stands alone; a and b also share a second relation
PAGES = {
    "kb/a.md": page("A", extra="aliases: [Alpha]\n",
                    relations="- {type: requires, target: b, source: article#p1}\n"
                              "- {type: requires, target: c, source: article#p2}\n"
                              "- {type: made-by, target: acme, source: article#p3}"),
    "kb/b.md": page("B", relations="- {type: requires, target: d, source: article#p4}"),
    "kb/c.md": page("C", relations="- {type: requires, target: d, source: article#p5}"),
    "kb/d.md": page("D", relations="- {type: made-by, target: acme, source: article#p6}"),
    "kb/e.md": page("E"),
}


@pytest.fixture
def result():
    return pipeline.run({**base_pages(), **PAGES}.items(), SCHEMA, "schema.yml", {"G207": "ignore"})


def sentences(result, paths):
    return [[step.sentence(result.G, result.schema) for step in path] for path in paths]


def test_several_equal_paths(result):
    paths = shortest_paths(result.G, "a", "d")
    assert sentences(result, paths) == [["A made by Acme", "Acme makes D"], ["A requires B", "B requires D"],
                                        ["A requires C", "C requires D"]]
    assert [str(c) for c in paths[1][1].citations] == ["article#p4"]


def test_relations_are_followed_backwards_with_the_inverse_label(result):
    paths = shortest_paths(result.G, "d", "a")
    assert sentences(result, paths) == [["D made by Acme", "Acme makes A"], ["D required by B", "B required by A"],
                                        ["D required by C", "C required by A"]]


def test_no_path_and_same_entity(result):
    assert shortest_paths(result.G, "a", "e") == []
    assert shortest_paths(result.G, "a", "a") == []


def test_resolve_by_id_title_or_alias(result):
    assert resolve(result.G, "a") == resolve(result.G, "A") == resolve(result.G, "alpha") == "a"
    assert resolve(result.G, "nobody") is None


def test_cli_path(site):
    root = site(PAGES, plugin_options="checks: {G207: ignore}\n")
    out = graph_cli(root, "path", "Alpha", "D")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == ["3 shortest paths of 2 steps:", "", "1.",
                                       "   A made by Acme [article#p3]", "   Acme makes D [article#p6]", "", "2.",
                                       "   A requires B [article#p1]", "   B requires D [article#p4]", "", "3.",
                                       "   A requires C [article#p2]", "   C requires D [article#p5]"]
    none = graph_cli(root, "path", "A", "E")
    assert none.returncode == 1 and none.stdout == "no path links A and E\n"
    typo = graph_cli(root, "path", "A", "Dd")
    assert typo.returncode == 2 and "no entity is called 'Dd' (did you mean 'd'?)" in typo.stderr
