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


# A life that follows from the graph: an entity introduced in a dated release starts on that release's
# date, and one removed in a dated release ends there, unless its own page dates it.
DERIVED = (("start", "introduced-in"), ("end", "removed-in"))


def add_lifespans(G: nx.MultiDiGraph, schema: Schema) -> None:
    """Give every node its `start` and `end` ("" when there is none).

    Its own first: the first attribute of those the schema names for its type (a source's own
    `published` date counts as one) that holds a date; `start_by` / `end_by` name that attribute.
    Then, for what is still open, the chain: an `introduced-in` relation to a release that has a start
    gives the earliest such start, a `removed-in` one the earliest such date as its end; `start_via` /
    `end_via` name that release, `start_by` / `end_by` the relation. `undated` marks an entity of a type
    the schema dates that has no start even so. Computed here once; the checks, every page, the graph
    data and the exports read the result.
    """
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
        G.nodes[n].update(start=start, end=end, start_by=start_by, end_by=end_by, start_via="", end_via="")
    own = {n: G.nodes[n]["start"] for n in G}  # a chain starts from a release's own date, never another chain
    for n in sorted(G):
        if G.nodes[n]["missing"]:
            continue
        for key, rtype in DERIVED:
            if G.nodes[n][key]:
                continue
            found = sorted((dates.first_day(own[t]), t) for _, t, rel in G.out_edges(n, data="relation")
                           if rel.type == rtype and own.get(t))
            if found:
                via = found[0][1]
                G.nodes[n].update({key: own[via], f"{key}_by": rtype, f"{key}_via": via})
    for n in G:  # of a type that should be dated, and no start at all: drawn and named as undated
        e = G.nodes[n]["entity"]
        G.nodes[n]["undated"] = bool(e is not None and schema.is_dated(e.type) and not G.nodes[n]["start"])


def life_relation(G: nx.MultiDiGraph, node: str, key: str):
    """The relation through which `node`'s start (or end) follows from a release, or None."""
    via = G.nodes[node].get(f"{key}_via")
    if not via:
        return None
    rtype = dict(DERIVED)[key]
    return next(rel for _, t, rel in G.out_edges(node, data="relation") if t == via and rel.type == rtype)
