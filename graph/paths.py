"""How are two entities connected: the shortest typed paths between them, in either direction.

Relations are followed both ways (Docker Engine requires cgroups; cgroups is required by Docker
Engine), so every path reads as a chain of sentences, each step with its citations.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .model import Citation, Entity, Relation, Schema, closest


@dataclass(frozen=True)
class Step:
    start: str  # the id this step starts from
    end: str
    relation: Relation
    forward: bool  # True: start is the relation's subject

    def sentence(self, G: nx.MultiDiGraph, schema: Schema) -> str:
        label = schema.relation_label(self.relation.type, inverse=not self.forward)
        return f"{title(G, self.start)} {label} {title(G, self.end)}"

    @property
    def citations(self) -> tuple[Citation, ...]:
        return self.relation.citations


def title(G: nx.MultiDiGraph, node: str) -> str:
    entity = G.nodes[node].get("entity")
    return entity.title if entity else node


def resolve(G: nx.MultiDiGraph, name: str) -> str | None:
    """An entity id from an id, a title or an alias (case-insensitive)."""
    if name in G and not G.nodes[name]["missing"]:
        return name
    wanted = name.strip().casefold()
    for node in sorted(G):
        e: Entity | None = G.nodes[node]["entity"]
        if e and (e.title.casefold() == wanted or any(a.casefold() == wanted for a in e.aliases)):
            return node
    return None


def suggest(G: nx.MultiDiGraph, name: str) -> str:
    names = {}
    for node in G:
        e = G.nodes[node]["entity"]
        if e:
            names[e.title] = node
            names[node] = node
    near = closest(name, names)
    return f"did you mean {near!r}?" if near else "give an id, a title or an alias"


def shortest_paths(G: nx.MultiDiGraph, a: str, b: str, limit: int = 10) -> list[list[Step]]:
    """Up to `limit` shortest paths from `a` to `b`, every relation usable in both directions.

    The specification, which the connections page's script (assets/js/connections.js) follows
    step for step, so the site and `python -m graph path` give the same answer: relations link
    declared entities only, a node's neighbours are taken in order of id, and the paths come in
    that order, depth first from `a`; between two entities, the relations from the first come
    before those from the second, each by type and then by citations. Parallel relations give
    separate paths."""
    if a == b or a not in G or b not in G:
        return []
    neighbours = _neighbours(G)
    from_a, from_b = _distances(neighbours, a), _distances(neighbours, b)
    if b not in from_a:
        return []
    length = from_a[b]
    out: list[list[Step]] = []

    def walk(node: str, path: list[Step]) -> None:
        if node == b:
            out.append(path)
            return
        for other in neighbours[node]:
            if from_a.get(other) == from_a[node] + 1 and from_b.get(other) == length - from_a[other]:
                for step in _steps(G, node, other):
                    walk(other, path + [step])
                    if len(out) >= limit:
                        return

    walk(a, [])
    return out


def _neighbours(G: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Each declared entity's neighbours through relations either way, by id."""
    out: dict[str, set[str]] = {n: set() for n in G if not G.nodes[n]["missing"]}
    for u, v in G.edges():
        if u != v and u in out and v in out:
            out[u].add(v)
            out[v].add(u)
    return {n: sorted(others) for n, others in out.items()}


def _distances(neighbours: dict[str, list[str]], start: str) -> dict[str, int]:
    distance = {start: 0}
    queue = [start]
    for node in queue:
        for other in neighbours[node]:
            if other not in distance:
                distance[other] = distance[node] + 1
                queue.append(other)
    return distance


def _steps(G: nx.MultiDiGraph, u: str, v: str) -> list[Step]:
    """Every relation between u and v as a step from u: those u declares first, each group by type
    and then by citations."""
    def ordered(x: str, y: str) -> list[Relation]:
        rels = [attrs["relation"] for attrs in G[x][y].values()] if G.has_edge(x, y) else []
        return sorted(rels, key=lambda r: (r.type, ",".join(str(c) for c in r.citations)))

    return [Step(u, v, rel, True) for rel in ordered(u, v)] + [Step(u, v, rel, False) for rel in ordered(v, u)]
