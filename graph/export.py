"""Exports for people and programs: `graph.json`, `graph.graphml`, and as linked data `graph.ttl` and
`graph.jsonld` (the contract is in DESIGN.md).

All four are sorted and carry no timestamps, so the same pages give the same bytes.
"""

from __future__ import annotations

import json
import re
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
            "start": G.nodes[n].get("start") or None, "end": G.nodes[n].get("end") or None,
        })
    for u, v, rel in G.edges(data="relation"):
        if G.nodes[v]["missing"]:
            continue
        links.append({"source": u, "target": v, "type": rel.type, "label": schema.relation_label(rel.type),
                      "sources": [str(c) for c in rel.citations], "note": rel.note,
                      "since": rel.since or None, "until": rel.until or None})
    links.sort(key=lambda l: (l["source"], l["type"], l["target"], l["sources"]))
    return {"nodes": nodes, "links": links}


def to_json(document: dict[str, Any]) -> str:
    return dumps_by_line(document)


def dumps_by_line(document: dict[str, Any]) -> str:
    """A JSON object with sorted keys, each item of its top-level lists on a line of its own: as
    easy to diff and read as indented JSON, and written by the fast (C) encoder."""
    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    fields = []
    for key in sorted(document):
        value = document[key]
        if isinstance(value, list) and value:
            fields.append(f"{one(key)}: [\n" + ",\n".join(one(item) for item in value) + "\n]")
        else:
            fields.append(f"{one(key)}: {one(value)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"


NODE_KEYS = ("title", "type", "summary", "url", "aliases", "attributes", "start", "end")
EDGE_KEYS = ("type", "label", "sources", "note", "since", "until")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text for XML: escaped, and without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;")


def to_graphml(document: dict[str, Any]) -> str:
    """GraphML of the same document (readable by networkx, Gephi and yEd). Lists and mappings are
    JSON strings; keys and order are stable. Written directly: linear in the size of the graph."""
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for i, key in enumerate(NODE_KEYS):
        out.append(f'  <key id="n{i}" for="node" attr.name="{key}" attr.type="string" />')
    for i, key in enumerate(EDGE_KEYS):
        out.append(f'  <key id="e{i}" for="edge" attr.name="{key}" attr.type="string" />')
    out.append('  <graph edgedefault="directed">')
    for node in document["nodes"]:
        values = (node["title"], node["type"], node["summary"], node["url"],
                  json.dumps(node["aliases"], ensure_ascii=False),
                  json.dumps(node["attributes"], ensure_ascii=False, sort_keys=True),
                  node["start"] or "", node["end"] or "")
        data = "".join(f'<data key="n{i}">{_xml(v)}</data>' for i, v in enumerate(values))
        out.append(f'    <node id="{_xml(node["id"])}">{data}</node>')
    for j, link in enumerate(document["links"]):
        values = (link["type"], link["label"], json.dumps(link["sources"], ensure_ascii=False), link["note"],
                  link["since"] or "", link["until"] or "")
        data = "".join(f'<data key="e{i}">{_xml(v)}</data>' for i, v in enumerate(values))
        out.append(f'    <edge id="e{j}" source="{_xml(link["source"])}" target="{_xml(link["target"])}">{data}</edge>')
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


RDF_PREFIXES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def _xsd_type(date: str) -> str:
    """The XML Schema type of a partial date: gYear, gYearMonth or date."""
    return {1: "xsd:gYear", 2: "xsd:gYearMonth", 3: "xsd:date"}[date.count("-") + 1]


def _base(base: str) -> str:
    return base if base.endswith("/") else base + "/"


def _citation_iri(base: str, citation: str) -> str:
    source, _, anchor = citation.partition("#")
    return f"{base}id/{source}" + (f"#{anchor}" if anchor else "")


_TTL_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_TTL_SPECIAL = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029]')
_IRI_SAFE = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")


def _ttl_escape(match: re.Match) -> str:
    ch = match.group()
    return _TTL_ESCAPES.get(ch) or f"\\u{ord(ch):04X}"


def _ttl_string(text: Any) -> str:
    return '"' + _TTL_SPECIAL.sub(_ttl_escape, str(text)) + '"'


def _ttl_iri(iri: str) -> str:
    if _IRI_SAFE.fullmatch(iri):
        return f"<{iri}>"
    return "<" + "".join(c if c.isalnum() or c in "-._~:/?#[]@!$&'()*+,;=%" else f"%{ord(c):02X}" for c in iri) + ">"


def to_turtle(document: dict[str, Any], schema: Schema, base: str) -> str:
    """The graph as Turtle: `{base}id/{id}` per entity, `{base}schema/{type}` per entity and relation
    type; labels, summaries, aliases, page URLs, attributes, each entity's start and end of life
    (`atlas:start`, `atlas:end`, typed xsd:gYear, gYearMonth or date), one triple per relation, and each
    relation's citations, note and dates (`atlas:since`, `atlas:until`) on a reified rdf:Statement. Written directly (linear in size);
    the tests read it back with rdflib."""
    base = _base(base)
    lines = [f"@prefix atlas: <{base}schema/> .", f"@prefix entity: <{base}id/> ."]
    lines += [f"@prefix {name}: <{iri}> ." for name, iri in RDF_PREFIXES.items()]
    lines.append("")
    for tid, t in schema.entity_types.items():
        lines.append(f"atlas:{tid} a rdfs:Class ; rdfs:label {_ttl_string(t.label)}@en .")
    for rid, r in schema.relation_types.items():
        lines.append(f"atlas:{rid} a rdf:Property ; rdfs:label {_ttl_string(r.label)}@en ; "
                     f"atlas:inverseLabel {_ttl_string(r.inverse)}@en .")
    out_links: dict[str, list[dict[str, Any]]] = {}
    for link in document["links"]:
        out_links.setdefault(link["source"], []).append(link)
    for node in document["nodes"]:
        parts = [f"entity:{node['id']} a atlas:{node['type']}", f"rdfs:label {_ttl_string(node['title'])}",
                 f"rdfs:comment {_ttl_string(node['summary'])}", f"foaf:page {_ttl_iri(base + node['url'])}"]
        if node["aliases"]:
            parts.append("skos:altLabel " + ", ".join(_ttl_string(a) for a in node["aliases"]))
        for link in out_links.get(node["id"], []):
            parts.append(f"atlas:{link['type']} entity:{link['target']}")
        for key in ("start", "end"):
            if node[key]:
                parts.append(f"atlas:{key} {_ttl_string(node[key])}^^{_xsd_type(node[key])}")
        for name, attribute in sorted(node["attributes"].items()):
            inner = [f"rdfs:label {_ttl_string(name)}", f"rdf:value {_ttl_string(attribute['value'])}"]
            if attribute["unit"]:
                inner.append(f"atlas:unit {_ttl_string(attribute['unit'])}")
            if attribute["sources"]:
                inner.append("dcterms:source " + ", ".join(_ttl_iri(_citation_iri(base, c)) for c in attribute["sources"]))
            parts.append("atlas:attribute [ " + " ; ".join(inner) + " ]")
        lines.append(" ;\n    ".join(parts) + " .")
    for link in document["links"]:
        parts = ["[] a rdf:Statement", f"rdf:subject entity:{link['source']}", f"rdf:predicate atlas:{link['type']}",
                 f"rdf:object entity:{link['target']}"]
        if link["sources"]:
            parts.append("dcterms:source " + ", ".join(_ttl_iri(_citation_iri(base, c)) for c in link["sources"]))
        if link["note"]:
            parts.append(f"rdfs:comment {_ttl_string(link['note'])}")
        for key in ("since", "until"):
            if link[key]:
                parts.append(f"atlas:{key} {_ttl_string(link[key])}^^{_xsd_type(link[key])}")
        lines.append(" ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"


def to_jsonld(document: dict[str, Any], schema: Schema, base: str) -> str:
    """The same graph as JSON-LD, with the same IRIs as `to_turtle`."""
    base = _base(base)
    # compact IRIs where they are the same IRIs as the turtle's: entity: for entities and cited places, site:
    # for pages (ids and anchors are slugs, so nothing in them needs escaping)
    context = {"atlas": f"{base}schema/", "entity": f"{base}id/", "site": base, **RDF_PREFIXES}
    graph: list[dict[str, Any]] = []
    for tid, t in schema.entity_types.items():
        graph.append({"@id": f"atlas:{tid}", "@type": "rdfs:Class", "rdfs:label": {"@value": t.label, "@language": "en"}})
    for rid, r in schema.relation_types.items():
        graph.append({"@id": f"atlas:{rid}", "@type": "rdf:Property",
                      "rdfs:label": {"@value": r.label, "@language": "en"},
                      "atlas:inverseLabel": {"@value": r.inverse, "@language": "en"}})
    out_links: dict[str, list[dict[str, Any]]] = {}
    for link in document["links"]:
        out_links.setdefault(link["source"], []).append(link)
    for node in document["nodes"]:
        item: dict[str, Any] = {"@id": f"entity:{node['id']}", "@type": f"atlas:{node['type']}",
                                "rdfs:label": node["title"], "rdfs:comment": node["summary"],
                                "foaf:page": {"@id": "site:" + node["url"]}}
        if node["aliases"]:
            item["skos:altLabel"] = list(node["aliases"])
        for key in ("start", "end"):
            if node[key]:
                item[f"atlas:{key}"] = {"@value": node[key], "@type": _xsd_type(node[key])}
        for link in out_links.get(node["id"], []):
            item.setdefault(f"atlas:{link['type']}", []).append({"@id": f"entity:{link['target']}"})
        attributes = []
        for name, attribute in sorted(node["attributes"].items()):
            value: dict[str, Any] = {"rdfs:label": name, "rdf:value": str(attribute["value"])}
            if attribute["unit"]:
                value["atlas:unit"] = attribute["unit"]
            if attribute["sources"]:
                value["dcterms:source"] = [{"@id": f"entity:{c}"} for c in attribute["sources"]]
            attributes.append(value)
        if attributes:
            item["atlas:attribute"] = attributes
        graph.append(item)
    for link in document["links"]:
        statement: dict[str, Any] = {"@type": "rdf:Statement", "rdf:subject": {"@id": f"entity:{link['source']}"},
                                     "rdf:predicate": {"@id": f"atlas:{link['type']}"},
                                     "rdf:object": {"@id": f"entity:{link['target']}"}}
        if link["sources"]:
            statement["dcterms:source"] = [{"@id": f"entity:{c}"} for c in link["sources"]]
        if link["note"]:
            statement["rdfs:comment"] = link["note"]
        for key in ("since", "until"):
            if link[key]:
                statement[f"atlas:{key}"] = {"@value": link[key], "@type": _xsd_type(link[key])}
        graph.append(statement)
    return dumps_by_line({"@context": context, "@graph": graph})
