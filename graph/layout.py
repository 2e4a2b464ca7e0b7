"""Node positions for the global and the local graphs: computed at build time, deterministic.

The global layout is force-directed: Kamada-Kawai for small graphs, and for large ones
Fruchterman-Reingold with the repulsion computed on a grid by FFT, which lays out 10,000 nodes in
seconds. Every node starts from a position hashed from its id, so adding one page moves the rest
little, and the same graph always gets the same layout. The result is cached by a hash of the
graph's structure, so `mkdocs serve` never lays out an unchanged graph twice.
Local graphs are radial: the entity in the middle, each further hop on a wider ring, made when a
page asks for one (`Layout.local`).
"""

from __future__ import annotations

import hashlib
import math
from collections import OrderedDict
from dataclasses import dataclass

import networkx as nx

from .model import Schema


class _Numpy:
    """numpy, imported on first use: a build forks its prerendering child (graph.prerender) before
    the layout, while the process has one thread; numpy's math library starts threads of its own."""

    def __getattr__(self, name: str):
        import numpy

        globals()["np"] = numpy
        return getattr(numpy, name)


np = _Numpy()

SEED = 20180704
KAMADA_KAWAI_MAX = 400
SEPARATE_MAX = 2000  # nodes: above this, the layout keeps its force-directed spacing
MIN_DISTANCE = 70.0  # pixels between two nodes' centres, after the force layout (see `separate`)
LOCAL_MAX_NODES = 60  # an entity page's graph data stays a few KB
CACHE_SIZE = 4  # layouts kept: `mkdocs serve` returns to a recent graph (an edit undone), rarely to an old one
_cache: OrderedDict[str, dict[str, tuple[float, float]]] = OrderedDict()


def forget() -> None:
    """Drop every layout kept for `mkdocs serve`, so the next one is computed from scratch (benchmarks)."""
    _cache.clear()


def graph_hash(G: nx.MultiDiGraph) -> str:
    """A hash of the nodes and edges (not of titles or prose): what the layout depends on."""
    h = hashlib.sha256()
    for n in sorted(G):
        h.update(f"n {n}\n".encode())
    for u, v in sorted((u, v) for u, v in G.edges()):
        h.update(f"e {u} {v}\n".encode())
    return h.hexdigest()


def compute_layout(G: nx.MultiDiGraph,
                   previous: dict[str, tuple[float, float]] | None = None) -> dict[str, tuple[float, float]]:
    """Positions of every node, in vis-network pixels, rounded so output is byte-stable.

    With `previous` (the last layout, as `mkdocs serve` keeps it), the layout starts from it and
    only settles the change, so adding a page moves the others little. Without it, the same graph
    always gets the same layout."""
    key = graph_hash(G)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    nodes = sorted(G)
    n = len(nodes)
    if n == 0:
        return {}
    index = {node: i for i, node in enumerate(nodes)}
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v})
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    start = seeded_start(nodes)
    warm = previous is not None and sum(1 for node in nodes if node in previous) >= max(2, n // 2)
    if warm:
        start = warm_start(nodes, edges, previous, start)
    if n == 1:
        xy = np.zeros((1, 2))
    elif n <= KAMADA_KAWAI_MAX:  # smooth, readable layouts for small graphs; O(n^2)
        U = nx.Graph()
        U.add_nodes_from(range(n))
        U.add_edges_from(map(tuple, edges))
        raw = nx.kamada_kawai_layout(U, pos={i: tuple(start[i]) for i in range(n)})
        xy = np.array([raw[i] for i in range(n)])
    elif warm:  # settle the change only: few, gentle steps from where everything was
        side = math.sqrt(n) * 1.5
        xy = force_layout(n, edges, start / side, iterations=40, temperature=side / 60)
    else:
        xy = force_layout(n, edges, start)
    xy = scale_to_edge_length(xy, edges, target=150.0)
    if n <= SEPARATE_MAX:  # a big graph is read by zooming in: its labels come as the nodes move apart
        xy = separate(xy, MIN_DISTANCE)
    pos = {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in zip(nodes, xy)}
    _cache[key] = pos
    while len(_cache) > CACHE_SIZE:  # the least recently used goes: a long `mkdocs serve` stays small
        _cache.popitem(last=False)
    return pos


def separate(xy: np.ndarray, min_distance: float, iterations: int = 40) -> np.ndarray:
    """Push apart nodes closer than `min_distance` (pixels), a little at a time: room for the labels
    of a dense core (hubs and their rings), so that more of them fit at the first view. Pairs are
    found with a k-d tree, so a 10,000-node layout takes a fraction of a second; deterministic."""
    from scipy.spatial import cKDTree

    xy = xy.copy()
    n = len(xy)
    if n < 2:
        return xy
    for _ in range(iterations):
        pairs = cKDTree(xy).query_pairs(min_distance, output_type="ndarray")
        if not len(pairs):
            break
        delta = xy[pairs[:, 1]] - xy[pairs[:, 0]]
        dist = np.linalg.norm(delta, axis=1)
        same = dist < 1e-6  # on top of each other: apart along a direction set by their indices
        angle = (pairs[same, 0] * 7 + pairs[same, 1] * 13) % 360 * (math.pi / 180)
        delta[same] = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        dist[same] = 1.0
        push = (delta / dist[:, None]) * ((min_distance - np.minimum(dist, min_distance)) / 2)[:, None] * 0.5
        moved = np.zeros_like(xy)
        np.add.at(moved, pairs[:, 0], -push)
        np.add.at(moved, pairs[:, 1], push)
        xy += moved
    return xy


def seeded_start(nodes: list[str]) -> np.ndarray:
    """A start position per node from a hash of its id: adding a node leaves the others' starts alone."""
    out = np.empty((len(nodes), 2))
    for i, node in enumerate(nodes):
        digest = hashlib.blake2b(f"{SEED}:{node}".encode(), digest_size=8).digest()
        out[i, 0] = int.from_bytes(digest[:4], "big") / 2**32 - 0.5
        out[i, 1] = int.from_bytes(digest[4:], "big") / 2**32 - 0.5
    return out


def warm_start(nodes: list[str], edges: np.ndarray, previous: dict[str, tuple[float, float]],
               cold: np.ndarray) -> np.ndarray:
    """Start positions from the previous layout (in units of the target edge length); a new node
    starts at the middle of its laid-out neighbours, or near its hashed position."""
    index = {node: i for i, node in enumerate(nodes)}
    xy = np.array([previous.get(node, (np.nan, np.nan)) for node in nodes], dtype=float) / 150.0
    known = ~np.isnan(xy[:, 0])
    span = float(np.nanmax(np.abs(xy))) if known.any() else 1.0
    for node in nodes:
        i = index[node]
        if known[i]:
            continue
        neighbours = [j for a, b in edges for j in ((b,) if a == i else (a,) if b == i else ()) if known[j]]
        xy[i] = xy[neighbours].mean(axis=0) + cold[i] * 0.5 if neighbours else cold[i] * 2 * span
    return xy


def scale_to_edge_length(xy: np.ndarray, edges: np.ndarray, target: float) -> np.ndarray:
    """Centre the layout and scale it so the median edge is `target` pixels long."""
    xy = xy - xy.mean(axis=0)
    if len(edges):
        lengths = np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1)
        median = float(np.median(lengths))
    else:
        median = float(np.sqrt(((xy ** 2).sum(axis=1)).mean())) or 1.0
    return xy * (target / median if median > 1e-9 else 1.0)


def force_layout(n: int, edges: np.ndarray, start: np.ndarray, iterations: int = 160,
                 grid: int = 0, temperature: float = 0.0) -> np.ndarray:
    """Fruchterman-Reingold forces with the repulsion computed on a grid by FFT convolution.

    O(n + e + g^2 log g) per iteration instead of O(n^2): a 10,000-node graph takes about a second.
    Deterministic for a given start.
    """
    k = 1.0
    side = math.sqrt(n) * k * 1.5
    xy = start * side
    g = grid or int(min(256, max(32, 2 ** math.ceil(math.log2(math.sqrt(n) * 1.5)))))
    temperature = temperature or side / 8
    cooling = temperature / (iterations + 1)
    gravity = 0.02
    for _ in range(iterations):
        low = xy.min(axis=0) - 1e-6
        extent = float((xy.max(axis=0) - low).max()) * (1 + 1e-6) + 1e-9
        h = extent / g
        cell = np.minimum(((xy - low) / h).astype(np.int64), g - 1)
        density = np.zeros((g, g))
        np.add.at(density, (cell[:, 0], cell[:, 1]), 1.0)
        fx, fy = _repulsion_field(density, h, k)
        disp = np.stack([fx[cell[:, 0], cell[:, 1]], fy[cell[:, 0], cell[:, 1]]], axis=1)
        if len(edges):
            delta = xy[edges[:, 0]] - xy[edges[:, 1]]
            dist = np.linalg.norm(delta, axis=1, keepdims=True) + 1e-9
            pull = delta * dist / k  # |f| = d^2 / k
            np.add.at(disp, edges[:, 0], -pull)
            np.add.at(disp, edges[:, 1], pull)
        disp -= gravity * xy * math.sqrt(n) / side
        length = np.linalg.norm(disp, axis=1, keepdims=True) + 1e-9
        xy = xy + disp / length * np.minimum(length, temperature)
        temperature -= cooling
    return xy


_kernels: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _unit_kernels(g: int) -> tuple[np.ndarray, np.ndarray]:
    """FFTs of the repulsion kernel (x and y parts) on a 2g x 2g grid of unit cells, cached by size.
    For cells of side h the kernel is this one divided by h, so one FFT serves every iteration."""
    if g not in _kernels:
        size = 2 * g
        offsets = np.arange(size, dtype=float)
        offsets[offsets >= g] -= size  # wrap-around offsets: 0..g-1, then -g..-1
        dx = offsets[:, None]
        dy = offsets[None, :]
        r2 = dx ** 2 + dy ** 2
        r2[0, 0] = np.inf  # no force from a node's own cell
        _kernels[g] = (np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2))
    return _kernels[g]


def _repulsion_field(density: np.ndarray, h: float, k: float) -> tuple[np.ndarray, np.ndarray]:
    """The repulsive force k^2/d from every occupied cell, at every cell (linear convolution by FFT)."""
    g = density.shape[0]
    size = 2 * g
    kx, ky = _unit_kernels(g)
    d = np.fft.rfft2(density, s=(size, size)) * (k * k / h)
    fx = np.fft.irfft2(d * kx, s=(size, size))[:g, :g]
    fy = np.fft.irfft2(d * ky, s=(size, size))[:g, :g]
    return fx, fy


def neighbourhood(G: nx.MultiDiGraph, centre: str, depth: int = 1, limit: int = 0) -> dict[str, int]:
    """Every node within `depth` hops of `centre` (either direction), with its hop count.

    With `limit`, stops at the first ring (beyond the first) that would take the count over it:
    the result then holds only whole rings that fit, so a hub's page costs little."""
    hops = {centre: 0}
    frontier = [centre]
    for k in range(1, depth + 1):
        ring: dict[str, None] = {}  # insertion-ordered set
        for node in frontier:
            for other in (*G.succ[node], *G.pred[node]):
                if other not in hops:
                    ring[other] = None
            if limit and k > 1 and len(hops) + len(ring) > limit:
                return hops
        for other in ring:
            hops[other] = k
        frontier = list(ring)
    return hops


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


@dataclass(frozen=True)
class LocalLayout:
    """An entity's neighbourhood as its page draws it: hop counts, radial positions, and the deepest
    depth (1 to 3) that fits."""

    hops: dict[str, int]
    positions: dict[str, tuple[float, float]]
    max_depth: int


class Layout:
    """Where nodes stand: the global picture (`positions`) and each entity's local picture (`local`).

    Both are made when first asked for: `python -m graph check` needs neither, and a build asks for
    the global picture where it is needed (on a second core when the build prerenders)."""

    def __init__(self, G: nx.MultiDiGraph, previous: dict[str, tuple[float, float]] | None = None) -> None:
        self.G = G
        self.previous = previous
        self._positions: dict[str, tuple[float, float]] | None = None

    def computed(self) -> dict[str, tuple[float, float]] | None:
        """The global positions if they were asked for already, else None (nothing is laid out)."""
        return self._positions

    @property
    def positions(self) -> dict[str, tuple[float, float]]:
        """The global graph's positions (see `compute_layout`), from the previous layout if given: every
        node but the sources that no relation links (citations link them, and pages list them)."""
        if self._positions is None:
            self._positions = compute_layout(self.G.subgraph(global_nodes(self.G)), self.previous)
        return self._positions

    def local(self, centre: str) -> LocalLayout:
        """Nodes up to 3 hops from `centre`, keeping the deepest depth that stays within
        LOCAL_MAX_NODES. A hub with more neighbours than that keeps the first ones by title."""
        kept = neighbourhood(self.G, centre, depth=3, limit=LOCAL_MAX_NODES)
        max_depth = max(1, max(kept.values()))
        if len(kept) > LOCAL_MAX_NODES:
            ring = sorted((n for n, h in kept.items() if h == 1), key=lambda n: (self._title(n), n))
            kept = {centre: 0, **{n: 1 for n in ring[:LOCAL_MAX_NODES - 1]}}
        return LocalLayout(kept, radial_layout(self.G, centre, kept), max_depth)

    def _title(self, node: str) -> str:
        entity = self.G.nodes[node].get("entity")
        return (entity.title if entity is not None else node).casefold()


def global_nodes(G: nx.MultiDiGraph) -> list[str]:
    """The nodes the global graph draws: all but the sources that stand apart."""
    def apart(n: str) -> bool:
        entity = G.nodes[n].get("entity")
        return entity is not None and entity.type == Schema.SOURCE_TYPE and G.degree(n) == 0
    return [n for n in G if not apart(n)]


def lay_out(G: nx.MultiDiGraph, previous: dict[str, tuple[float, float]] | None = None) -> Layout:
    """The layout stage: the pictures of `G`, each made when first asked for."""
    return Layout(G, previous)
