"""Layouts: deterministic, stable when a page is added, and radial around an entity."""

import json
import math

import networkx as nx
import numpy as np
import pytest

from graph import layout


def graph(n: int, extra: int = 0) -> nx.MultiDiGraph:
    base = nx.barabasi_albert_graph(n, 2, seed=3)
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"n{i:04d}" for i in base)
    G.add_edges_from((f"n{u:04d}", f"n{v:04d}") for u, v in base.edges())
    for k in range(extra):
        G.add_edge(f"new{k}", f"n{k:04d}")
    return G


def spread(pos) -> float:
    xy = np.array(list(pos.values()))
    return float(np.linalg.norm(xy.max(axis=0) - xy.min(axis=0)))


@pytest.mark.parametrize("n", [60, 700])  # Kamada-Kawai, then the FFT force layout
def test_same_graph_same_layout(n):
    layout._cache.clear()
    first = layout.compute_layout(graph(n))
    layout._cache.clear()
    assert layout.compute_layout(graph(n)) == first


LAYOUT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from test_layout import graph
from graph import layout
print(json.dumps([layout.compute_layout(graph(n)) for n in (60, 700)], sort_keys=True))
"""


def test_same_layout_in_any_process():
    """Kamada-Kawai (60 nodes) and the FFT force layout (700) give the same positions in two processes that
    hash strings differently."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    outputs = set()
    for hashseed in ("0", "4242"):
        out = subprocess.run([sys.executable, "-c", LAYOUT, str(Path(__file__).parent)], capture_output=True,
                             text=True, env={**os.environ, "PYTHONHASHSEED": hashseed}, timeout=120)
        assert out.returncode == 0, out.stderr
        outputs.add(out.stdout)
    assert len(outputs) == 1
    assert [len(positions) >= n for positions, n in zip(json.loads(outputs.pop()), (60, 700))] == [True, True]


@pytest.mark.parametrize("n", [60, 700])
def test_adding_a_page_moves_the_others_little(n):
    layout._cache.clear()
    before = layout.compute_layout(graph(n))
    after = layout.compute_layout(graph(n, extra=1), previous=before)
    moved = [math.dist(before[k], after[k]) for k in before]
    assert np.median(moved) / spread(before) < 0.05
    assert "new0" in after


def test_the_cache_keeps_a_few_recent_layouts_only():
    layout._cache.clear()
    graphs = [graph(20 + i) for i in range(layout.CACHE_SIZE + 3)]  # a long live-reloading session
    for G in graphs:
        layout.compute_layout(G)
    assert len(layout._cache) == layout.CACHE_SIZE
    recent = layout.compute_layout(graphs[-1])
    assert recent is layout._cache[layout.graph_hash(graphs[-1])]  # a hit is not laid out again
    assert layout.graph_hash(graphs[0]) not in layout._cache  # the oldest went first


def test_radial_rings():
    G = nx.MultiDiGraph([("c", "a"), ("c", "b"), ("a", "x")])
    hops = layout.neighbourhood(G, "c", depth=2)
    assert hops == {"c": 0, "a": 1, "b": 1, "x": 2}
    pos = layout.radial_layout(G, "c", hops)
    assert pos["c"] == (0.0, 0.0)
    assert math.hypot(*pos["x"]) > math.hypot(*pos["a"]) == pytest.approx(math.hypot(*pos["b"]))


def test_neighbourhood_stops_at_a_ring_over_the_limit():
    G = nx.MultiDiGraph([("c", f"n{i}") for i in range(3)] + [(f"n{i}", f"m{i}-{j}") for i in range(3) for j in range(10)])
    assert len(layout.neighbourhood(G, "c", depth=2)) == 34
    assert layout.neighbourhood(G, "c", depth=2, limit=20) == {"c": 0, "n0": 1, "n1": 1, "n2": 1}
