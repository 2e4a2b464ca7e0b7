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

    Parallel relations between the same two entities give separate paths. Sorted, so stable."""
    if a == b:
        return []
    U = nx.Graph()
    U.add_nodes_from(n for n in G if not G.nodes[n]["missing"])
    U.add_edges_from((u, v) for u, v in G.edges() if u != v and not G.nodes[v]["missing"])
    if a not in U or b not in U or not nx.has_path(U, a, b):
        return []
    out: list[list[Step]] = []
    for nodes in sorted(nx.all_shortest_paths(U, a, b)):
        expanded: list[list[Step]] = [[]]
        for start, end in zip(nodes, nodes[1:]):
            options = [Step(start, end, rel, True) for rel in _relations(G, start, end)] + \
                      [Step(start, end, rel, False) for rel in _relations(G, end, start)]
            expanded = [path + [step] for path in expanded for step in options]
            if len(expanded) > limit:
                expanded = expanded[:limit]
        out.extend(expanded)
        if len(out) >= limit:
            break
    return out[:limit]


def _relations(G: nx.MultiDiGraph, u: str, v: str) -> list[Relation]:
    if not G.has_edge(u, v):
        return []
    return sorted((attrs["relation"] for attrs in G[u][v].values()), key=lambda r: (r.type, r.line))
