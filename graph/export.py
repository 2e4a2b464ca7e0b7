"""Exports for people and programs: `graph.json` and `graph.graphml` (contract in DESIGN.md).

Both are sorted and carry no timestamps, so the same pages give the same bytes.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

import networkx as nx

from .model import Schema


def graph_document(G: nx.MultiDiGraph, schema: Schema, url_of: Callable[[str], str]) -> dict[str, Any]:
    """The `graph.json` document: declared entities as nodes, relations between them as links."""
    nodes, links = [], []
    for n in sorted(G):
        if G.nodes[n]["missing"]:
            continue
        e = G.nodes[n]["entity"]
        nodes.append({
            "id": e.id, "title": e.title, "type": e.type, "summary": e.summary, "aliases": list(e.aliases),
            "url": url_of(e.path),
            "attributes": {a.name: {"value": a.value, "unit": a.unit, "note": a.note,
                                    "sources": [str(c) for c in a.citations]} for a in e.attributes},
        })
    for u, v, rel in G.edges(data="relation"):
        if G.nodes[v]["missing"]:
            continue
        rtype = schema.relation_types.get(rel.type)
        link = {"source": u, "target": v, "type": rel.type, "label": rtype.label if rtype else rel.type,
                "sources": [str(c) for c in rel.citations], "note": rel.note}
        if rel.since:
            link["since"] = rel.since
        if rel.until:
            link["until"] = rel.until
        links.append(link)
    links.sort(key=lambda l: (l["source"], l["type"], l["target"], l["sources"]))
    return {"nodes": nodes, "links": links}


def to_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def to_graphml(document: dict[str, Any]) -> str:
    """GraphML of the same document; lists and mappings become JSON strings, keys are stable."""
    H = nx.MultiDiGraph()
    for node in document["nodes"]:
        H.add_node(node["id"], title=node["title"], type=node["type"], summary=node["summary"],
                   url=node["url"], aliases=json.dumps(node["aliases"], ensure_ascii=False),
                   attributes=json.dumps(node["attributes"], ensure_ascii=False, sort_keys=True))
    for i, link in enumerate(document["links"]):
        H.add_edge(link["source"], link["target"], key=f"e{i}", type=link["type"], label=link["label"],
                   sources=json.dumps(link["sources"], ensure_ascii=False), note=link["note"],
                   since=link.get("since", ""), until=link.get("until", ""))
    buffer = io.BytesIO()
    nx.write_graphml(H, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue().decode("utf-8")
