"""Node positions for the global and the local graphs: computed at build time, deterministic.

The global layout is a seeded force-directed layout, cached by a hash of the graph's structure
so an unchanged graph is never laid out twice in one process (`mkdocs serve` rebuilds often).
Local graphs are radial: the entity in the middle, each further hop on a wider ring.
"""

from __future__ import annotations

import hashlib
import math

import networkx as nx

SEED = 20180704
KAMADA_KAWAI_MAX = 400
_cache: dict[str, dict[str, tuple[float, float]]] = {}


def graph_hash(G: nx.MultiDiGraph) -> str:
    """A hash of the nodes and edges (not of titles or prose): what the layout depends on."""
    h = hashlib.sha256()
    for n in sorted(G):
        h.update(f"n {n}\n".encode())
    for u, v in sorted((u, v) for u, v in G.edges()):
        h.update(f"e {u} {v}\n".encode())
    return h.hexdigest()


def compute_layout(G: nx.MultiDiGraph) -> dict[str, tuple[float, float]]:
    """Positions of every node, in vis-network pixels, rounded so output is byte-stable."""
    key = graph_hash(G)
    if key in _cache:
        return _cache[key]
    U = nx.Graph()
    U.add_nodes_from(sorted(G))
    U.add_edges_from(sorted((u, v) for u, v in G.edges() if u != v))
    n = U.number_of_nodes()
    if n == 0:
        return {}
    if n == 1:
        pos = {next(iter(U)): (0.0, 0.0)}
    else:
        if n <= KAMADA_KAWAI_MAX:  # smooth, readable layouts for small graphs; O(n^2)
            start = nx.circular_layout(U)  # deterministic start: sorted node order
            raw = nx.kamada_kawai_layout(U, pos=start)
        else:
            raw = nx.spring_layout(U, seed=SEED, iterations=80)
        scale = 110.0 * math.sqrt(n)
        pos = {node: (round(float(x) * scale, 1), round(float(y) * scale, 1)) for node, (x, y) in raw.items()}
    _cache[key] = pos
    return pos


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int = 1) -> dict[str, int]:
    """Every node within `depth` hops of `centre` (either direction), with its hop count."""
    U = G.to_undirected(as_view=True)
    return dict(nx.single_source_shortest_path_length(U, centre, cutoff=depth))


def radial_layout(G: nx.MultiDiGraph, centre: str, hops: dict[str, int]) -> dict[str, tuple[float, float]]:
    """The centre at the origin, nodes `k` hops away on ring `k`, each ring sorted by id."""
    rings: dict[int, list[str]] = {}
    for node, k in hops.items():
        rings.setdefault(k, []).append(node)
    pos = {centre: (0.0, 0.0)}
    radius = 0.0
    for k in sorted(r for r in rings if r > 0):
        ring = sorted(rings[k])
        radius = max(radius + 170.0, len(ring) * 110.0 / (2 * math.pi))
        offset = 0.5 * (k - 1)
        for i, node in enumerate(ring):
            angle = 2 * math.pi * (i + offset) / len(ring) - math.pi / 2
            pos[node] = (round(radius * math.cos(angle), 1), round(radius * math.sin(angle), 1))
    return pos
