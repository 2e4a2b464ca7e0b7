"""Records to the graph: one node per entity, one edge per declared relation.

A relation to an id that no page declares is kept, its target node marked `missing`, so that
validation can report it (networkx's `add_edge` would otherwise create the node silently).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from . import dates
from .model import Diagnostic, Entity, Schema


def build_graph(entities: Iterable[Entity]) -> tuple[nx.MultiDiGraph, list[Diagnostic]]:
    """Build `G`: nodes carry `entity`, edges carry `relation` and are keyed by declaration order.

    The first page (by path) to declare an id keeps it; later ones are reported (G202) and left out.
    """
    G = nx.MultiDiGraph()
    diags: list[Diagnostic] = []
    kept: list[Entity] = []
    for entity in sorted(entities, key=lambda e: e.path):
        if entity.id in G:
            first = G.nodes[entity.id]["entity"]
            diags.append(entity.diagnostic(
                "id", "G202", f"id {entity.id!r} is already declared by {first.path}",
                "give this page another id (file name or 'id:')"))
            continue
        G.add_node(entity.id, entity=entity, missing=False)
        kept.append(entity)
    for entity in kept:
        for relation in entity.relations:
            if relation.target not in G:
                G.add_node(relation.target, entity=None, missing=True)
            G.add_edge(entity.id, relation.target, relation=relation)
    return G, diags


def entities(G: nx.MultiDiGraph) -> list[Entity]:
    """The declared entities of `G`, sorted by id."""
    return [G.nodes[n]["entity"] for n in sorted(G) if not G.nodes[n]["missing"]]


def add_lifespans(G: nx.MultiDiGraph, schema: Schema) -> None:
    """Give every node its `start` and `end`: the first attribute of those the schema names for its
    type (a source's own `published` date counts as one) that holds a date; "" when there is none.
    `start_by` and `end_by` name the attributes that gave them."""
    for n in G:
        e = G.nodes[n]["entity"]
        etype = schema.entity_types.get(e.type) if e is not None else None
        start = end = start_by = end_by = ""
        if e is not None and etype is not None:
            values = {a.name: a.value for a in e.attributes}
            values.update((k, v) for k, v in e.source_info.items() if k in ("published", "updated"))
            start_by = next((name for name in etype.start if dates.is_date(values.get(name))), "")
            end_by = next((name for name in etype.end if dates.is_date(values.get(name))), "")
            start = dates.normal(values[start_by]) if start_by else ""
            end = dates.normal(values[end_by]) if end_by else ""
        G.nodes[n].update(start=start, end=end, start_by=start_by, end_by=end_by)
