"""What every kind of page is rendered from: the built graph, where pages live, and the small pieces
they share (links, citations, attribute values, graph data for vis-network).

Every string that comes from a page's front matter is escaped here, once, on its way into HTML;
graph data is JSON that cannot close its script element, and the browser script puts its text
into the DOM with `textContent` only.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..build import entities as declared
from ..layout import Layout
from ..model import Attribute, Citation, Entity, Relation, Schema
from .slots import Slots

esc = html.escape  # quotes too: safe in text and in double-quoted attributes

GRAPH_PAGE = "graph.md"
CONNECTIONS_PAGE = "connections.md"
FACETS_PAGE = "facets.md"
TYPES_DIR = "types"
REFERENCE_DIR = "reference"
UNITS_MB = {"KB": 1 / 1024, "MB": 1.0, "GB": 1024.0, "TB": 1024.0 ** 2}  # sizes, to compare and sort them


def graph_json(data: Any) -> str:
    """Compact JSON (keys in the order they were built, which is fixed); `<`, `>` and `&` written as
    escapes, so no reading of it as HTML can end early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


@functools.lru_cache(maxsize=65536)
def relative_url(from_url: str, to_url: str) -> str:
    """The link from the page at `from_url` to `to_url`; both relative to the site root."""
    to_url, _, anchor = to_url.partition("#")
    if from_url.startswith("./"):  # MkDocs calls the home page './'
        from_url = from_url[2:]
    base = from_url.split("/")[:-1]  # the page's folder: 'kb/a/' -> ['kb', 'a']; 'kb/a.html' -> ['kb']
    target = to_url.split("/")
    common = 0
    while common < len(base) and common < len(target) - 1 and base[common] == target[common]:
        common += 1
    rel = "/".join([".."] * (len(base) - common) + target[common:])
    if rel == "" or rel.startswith("#"):
        rel = "./" + rel
    return rel + (f"#{anchor}" if anchor else "")


def default_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to the site root) MkDocs gives the page at `src_uri`."""
    stem = posixpath.splitext(src_uri)[0]
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def sort_key(a: Attribute) -> str:
    """A text key that sorts attribute values sensibly: numbers (sizes in one unit) before text."""
    value = a.value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        factor = UNITS_MB.get(a.unit.upper(), 1.0)
        return f"0{value * factor:020.6f}"
    return "1" + str(value).casefold()


# Shapes vis-network writes a label inside; labels are drawn beside shapes (assets/js/labels.js), so
# these are drawn as the nearest shape that leaves the label outside, in the graph and its legend alike.
OUTSIDE_SHAPES = {"box": "square", "ellipse": "dot", "circle": "dot", "text": "dot", "database": "square"}


def pagerank(U: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-6, max_iter: int = 100) -> dict[str, float]:
    """PageRank of an undirected graph without self-loops, computed as networkx's nx.pagerank does (the
    same power iteration, damping, dangling nodes and stopping rule) with numpy alone: networkx's own
    needs scipy, whose import costs a small build more than the ranking does."""
    import numpy as np

    nodes = list(U)
    index = {n: i for i, n in enumerate(nodes)}
    N = len(nodes)
    pairs = np.array([(index[u], index[v]) for u, v in U.edges()], dtype=np.int64).reshape(-1, 2)
    src = np.concatenate([pairs[:, 0], pairs[:, 1]])  # each edge both ways
    dst = np.concatenate([pairs[:, 1], pairs[:, 0]])
    degree = np.bincount(src, minlength=N).astype(float)
    inverse = np.divide(1.0, degree, out=np.zeros(N), where=degree > 0)
    dangling = degree == 0
    x = np.full(N, 1.0 / N)
    for _ in range(max_iter):
        last = x
        x = alpha * (np.bincount(dst, weights=last[src] * inverse[src], minlength=N) + last[dangling].sum() / N) \
            + (1 - alpha) / N
        if np.abs(x - last).sum() < N * tol:
            return dict(zip(nodes, map(float, x)))
    raise nx.PowerIterationFailedConvergence(max_iter)


def drawn_shape(shape: str) -> str:
    return OUTSIDE_SHAPES.get(shape, shape)


def type_index_path(type_id: str) -> str:
    return f"{TYPES_DIR}/{type_id}.md"


SUMMARY_SHARDS = 16  # the summaries' files: a hover asks for one, a sixteenth of the site's summaries


def summary_shard(node: str) -> int:
    """Which summaries' file holds a node's: FNV-1a of its id (assets/js/tooltip.js computes the same)."""
    h = 0x811C9DC5
    for byte in node.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h % SUMMARY_SHARDS


@dataclass(frozen=True)
class MergedEdge:
    """The relations from one node to another, as the graph draws them: one edge."""

    source: str
    target: str
    types: list[str]  # sorted, each once
    spans: list[tuple[str | None, str | None]] | None  # each relation's (since, until), when any is dated

    @classmethod
    def of(cls, source: str, target: str, relations: list[Relation]) -> MergedEdge:
        spans = sorted({(r.since or None, r.until or None) for r in relations}, key=lambda s: (s[0] or "", s[1] or ""))
        dated = any(since or until for since, until in spans)
        return cls(source, target, sorted({r.type for r in relations}), spans if dated else None)

    def data(self) -> dict[str, Any]:
        """As vis-network data: an edge holds at a date when any of its relations does."""
        item: dict[str, Any] = {"from": self.source, "to": self.target, "types": self.types}
        if self.spans is not None:
            item["spans"] = [list(span) for span in self.spans]
        return item


class Context:
    """One built graph, ready to render. `url_of(path)` maps a docs path to its site URL.

    With `slots`, generated HTML goes through `slots` (see `Slots`); with `sink(name, data)`, the
    global graph's data goes to a file (the sink returns its URL) that the page fetches. Without
    them, both are written inline (what tests read). Other graphs always ride in their page.
    """

    def __init__(self, G: nx.MultiDiGraph, schema: Schema, layout: Layout,
                 url_of: Callable[[str], str], sink: Callable[[str, Any], str] | None = None) -> None:
        self.G, self.schema, self.layout, self.url_of = G, schema, layout, url_of
        self.sink = sink
        self.slots: Slots | None = None
        self._node_static: dict[str, tuple[dict[str, Any], str | None]] = {}  # node -> (fields, page URL)
        self._merged: dict[str, list[MergedEdge]] | None = None
        self._members: dict[str, list[Entity]] | None = None
        self._names: dict[str, str] | None = None
        self._ranks: dict[str, int] | None = None

    def raw(self, html_text: str, searchable: bool = True) -> str:
        """HTML as a markdown block: a slot token, or the HTML itself. Not `searchable`: kept out of
        the search index (lists of links and graphs would make every neighbour match a query)."""
        return self.slots.put(html_text, searchable) if self.slots is not None else html_text

    # --- entities and types -----------------------------------------------------------------

    def entity(self, node: str) -> Entity | None:
        return None if self.G.nodes[node]["missing"] else self.G.nodes[node]["entity"]

    def members(self, type_id: str) -> list[Entity]:
        """The entities of a type, by id (grouped once for all types)."""
        if self._members is None:
            self._members = {}
            for e in declared(self.G):
                self._members.setdefault(e.type, []).append(e)
        return self._members.get(type_id, [])

    def named(self, name: str) -> str | None:
        """The id of the page called `name` (its title or an alias, in any case), if exactly one page
        is: a source's publisher links to it."""
        if self._names is None:
            found: dict[str, set[str]] = {}
            for e in declared(self.G):
                for known in (e.title, *e.aliases):
                    found.setdefault(known.casefold(), set()).add(e.id)
            self._names = {name: ids.pop() for name, ids in found.items() if len(ids) == 1}
        return self._names.get(name.strip().casefold())

    def sort_title(self, node: str) -> str:
        e = self.entity(node)
        return (e.title if e else node).casefold()

    def type_label(self, type_id: str) -> str:
        t = self.schema.entity_types.get(type_id)
        return t.label if t else type_id

    def node_type_label(self, node: str) -> str:
        e = self.entity(node)
        return self.type_label(e.type) if e else "missing page"

    # --- small pieces of HTML ----------------------------------------------------------------

    def link(self, page_url: str, node: str) -> str:
        e = self.entity(node)
        if e is None:
            return f'<span class="atlas-missing" title="no page declares this id">{esc(node)}</span>'
        return f'<a href="{esc(relative_url(page_url, self.url_of(e.path)))}">{esc(e.title)}</a>'

    def type_link(self, page_url: str, type_id: str) -> str:
        if type_id not in self.schema.entity_types:
            return f'<span class="atlas-type-badge">{esc(type_id)}</span>'
        href = relative_url(page_url, self.url_of(type_index_path(type_id)))
        colour = self.schema.entity_types[type_id].colour
        return (f'<a class="atlas-type-badge" href="{esc(href)}" style="--atlas-type-colour: {colour}">'
                f'{esc(self.type_label(type_id))}</a>')

    def citations(self, page_url: str, citations: tuple[Citation, ...]) -> list[dict[str, str]]:
        """The cited places as data: `label` (`¶16` for a numbered paragraph, `§` and the heading for a
        named section, else "source"), `title` (the source's title and the place) and `href` (the place
        on its source page, from `page_url`; none for a source no page declares)."""
        out = []
        for c in citations:
            source = self.entity(c.source) if c.source in self.G else None
            if source is None:
                out.append({"label": str(c), "title": "no page declares this source"})
                continue
            locator = source.source_info.get("locators", {}).get(c.locator)
            if c.paragraph is not None:
                label, where = f"¶{c.paragraph}", f", paragraph {c.paragraph}"
            elif c.locator:
                heading = locator.title if locator is not None else c.locator
                label, where = f"§ {heading}", f", section “{heading}”"
            else:
                label, where = "source", ""
            href = relative_url(page_url, self.url_of(source.path) + (f"#{c.anchor}" if c.anchor else ""))
            out.append({"label": label, "title": source.title + where, "href": href})
        return out

    def cite(self, page_url: str, citations: tuple[Citation, ...]) -> str:
        """Links to the cited places on their source pages (see `citations`), the source's title on hover."""
        parts = [f'<a class="atlas-cite" href="{esc(c["href"])}" title="{esc(c["title"])}">{esc(c["label"])}</a>'
                 if "href" in c else f'<span class="atlas-cite atlas-missing">{esc(c["label"])}</span>'
                 for c in self.citations(page_url, citations)]
        return " ".join(parts) if parts else '<span class="atlas-uncited">uncited</span>'

    @staticmethod
    def value(attribute: Attribute) -> str:
        value = attribute.value
        text = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        return f"{text} {attribute.unit}".strip()

    def attribute_cell(self, page_url: str, a: Attribute | None) -> str:
        """A table cell with an attribute's value, note and citation, and a key to sort it by."""
        if a is None:
            return '<td data-sort="">–</td>'
        note = f' <span class="atlas-note">({esc(a.note)})</span>' if a.note else ""
        return f'<td data-sort="{esc(sort_key(a))}">{esc(self.value(a))}{note} {self.cite(page_url, a.citations)}</td>'

    @staticmethod
    def qualifiers(rel: Relation) -> str:
        bits = []
        if rel.since:
            bits.append(f"since {rel.since}")
        if rel.until:
            bits.append(f"until {rel.until}")
        return ", ".join(bits)

    # --- graph data for vis-network ------------------------------------------------------------

    # What a page's own graph leaves out: what only the global graph uses (its search and side panel),
    # and the summary, which the tooltip asks for from the summaries' files (`summaries`) when it is needed.
    LEAN = ("aliases", "startBy", "endBy", "summary")
    # A lean node's fields in the order of its row, what every node has first (assets/js/graph.js reads
    # them by the page's `fields`).
    ROW = ("id", "label", "type", "x", "y", "hop", "rank", "url", "start", "end", "undated")
    # The global graph's rows (`rows`): a lean row's fields, then what only the global graph uses; its
    # summaries too are in the summaries' files, asked for by a hover or a selection.
    ROWS = ROW + ("startBy", "endBy", "aliases")

    def node_data(self, page_url: str, node: str, pos: tuple[float, float],
                  omit: tuple[str, ...] = ()) -> dict[str, Any]:
        """A node as vis-network data, without the fields `omit` names (`LEAN`: what only the global graph
        uses, so a page's own graph stays small)."""
        if node not in self._node_static:  # what does not depend on the page, made once per node
            e = self.entity(node)
            fields = {"id": node, "label": e.title if e else node,
                      "type": e.type if e and e.type in self.schema.entity_types else "",
                      "summary": e.summary if e else "No page declares this id."}
            if e is not None and e.aliases:
                fields["aliases"] = list(e.aliases)
            fields["rank"] = self.ranks().get(node, len(self.G))
            attrs = self.G.nodes[node]
            for key, by in (("start", "startBy"), ("end", "endBy")):  # its life, where dated (see graph.dates)
                if attrs.get(key):
                    fields[key] = attrs[key]
                    fields[by] = self.life_words(node, key)
            if attrs["undated"]:
                fields["undated"] = 1  # drawn as undated at past dates (see assets/js/time.js)
            self._node_static[node] = (fields, self.url_of(e.path) if e is not None else None)
        fields, target = self._node_static[node]
        data = {k: v for k, v in fields.items() if k not in omit} if omit else dict(fields)
        data.update(x=round(pos[0]), y=round(pos[1]))
        if target is not None:
            data["url"] = relative_url(page_url, target)
        return data

    def life_words(self, node: str, key: str) -> str:
        """What dates a node's start (or end), as the panel says it before the date: "released", or
        the chain of a date that follows from a release, "introduced in Linux 4.5, released"."""
        attrs = self.G.nodes[node]
        by = attrs[f"{key}_by"].replace("-", " ")
        via = attrs.get(f"{key}_via")
        if not via:
            return by
        label = self.schema.relation_label(attrs[f"{key}_by"])
        e = self.entity(via)
        return f"{label} {e.title if e else via}, {self.G.nodes[via]['start_by'].replace('-', ' ')}"

    def ranks(self) -> dict[str, int]:
        """Each node's place in order of importance (0 first): PageRank over the relations taken both
        ways, ties by id. Labels are placed in this order (see assets/js/labels.js). Made once."""
        if self._ranks is None:
            U = nx.Graph()
            U.add_nodes_from(self.G)
            U.add_edges_from((u, v) for u, v in self.G.edges() if u != v)
            score = pagerank(U) if U.number_of_edges() else {n: 0.0 for n in U}
            ordered = sorted(U, key=lambda n: (-round(score[n], 12), n))
            self._ranks = {n: i for i, n in enumerate(ordered)}
        return self._ranks

    def graph_data(self, page_url: str, nodes: dict[str, tuple[float, float]], centre: str = "",
                   hops: dict[str, int] | None = None, lean: bool = False, rows: bool = False) -> dict[str, Any]:
        """Nodes with positions; relations between them, parallel ones (same direction) merged. `lean`: a
        page's own graph (see `LEAN`); `rows`: every field but the summary, in the same compact form."""
        merged = self.merged_relations()
        edges = [edge.data() for u in sorted(nodes) for edge in merged.get(u, ()) if edge.target in nodes]
        omit = self.LEAN if lean else ("summary",) if rows else ()
        node_list = []
        for n in sorted(nodes):
            item = self.node_data(page_url, n, nodes[n], omit)
            if hops is not None:
                item["hop"] = hops[n]
            node_list.append(item)
        if lean or rows:  # the site's type tables are in its script (`site_tables`); a node is a row of
            # `fields` (trailing empty cells left off), and an edge names its ends by index
            index = {n["id"]: i for i, n in enumerate(node_list)}
            fields = [f for f in (self.ROW if lean else self.ROWS) if any(f in n for n in node_list)]
            table = []
            for n in node_list:
                row = [n.get(f) for f in fields]
                while row and row[-1] is None:
                    row.pop()
                table.append(row)
            return {"centre": centre, "fields": fields, "nodes": table,
                    "edges": [[index[e["from"]], index[e["to"]], e["types"], *([e["spans"]] if "spans" in e else [])]
                              for e in edges]}
        relation_types = sorted({t for edge in edges for t in edge["types"]})
        entity_types = sorted({n["type"] for n in node_list if n["type"]})
        return {
            "centre": centre,
            "nodes": node_list,
            "edges": edges,
            "types": {t: {"label": self.schema.entity_types[t].label, "colour": self.schema.entity_types[t].colour,
                          "shape": drawn_shape(self.schema.entity_types[t].shape)} for t in entity_types},
            "relationTypes": {t: {"label": self.schema.relation_label(t), "inverse": self.schema.relation_label(t, True)}
                              for t in relation_types},
        }

    def site_tables(self) -> dict[str, Any]:
        """Every entity type's label, colour and shape and every relation type's labels: what a page's own
        graph reads from the site's script instead of carrying it (see `graph_data`'s `lean`)."""
        return {"types": {t: {"label": et.label, "colour": et.colour, "shape": drawn_shape(et.shape)}
                          for t, et in sorted(self.schema.entity_types.items())},
                "relationTypes": {t: {"label": self.schema.relation_label(t), "inverse": self.schema.relation_label(t, True)}
                                  for t in sorted(self.schema.relation_types)}}

    def summaries(self) -> dict[int, dict[str, str]]:
        """Every node's summary, by the file that holds it (`summary_shard`): the tooltip of a page's own
        graph asks for one file when a node is first hovered."""
        out: dict[int, dict[str, str]] = {k: {} for k in range(SUMMARY_SHARDS)}
        for node in sorted(self.G):
            e = self.entity(node)
            out[summary_shard(node)][node] = e.summary if e else "No page declares this id."
        return out

    def merged_relations(self) -> dict[str, list[MergedEdge]]:
        """Each node's relations out, parallel ones (same target) merged into one edge. Made once."""
        if self._merged is None:
            merged: dict[str, dict[str, list[Relation]]] = {}
            for u, v, rel in self.G.edges(data="relation"):
                merged.setdefault(u, {}).setdefault(v, []).append(rel)
            self._merged = {u: [MergedEdge.of(u, v, rels) for v, rels in sorted(out.items())]
                            for u, out in merged.items()}
        return self._merged

    def graph_block(self, page_url: str, data: dict[str, Any], name: str, kind: str, controls: str = "",
                    aside: str = "", file_name: str = "", below: str = "") -> str:
        # The global graph's data is a file the page fetches (with a sink); every other graph's rides
        # in the page, as JSON text in a <template>: inert, never rendered, no script to re-run on
        # Material's instant navigation, and graph_json leaves no "<" or "&" that could end it early.
        if self.sink is not None and file_name:
            source, inline = f' data-atlas-src="{esc(relative_url(page_url, self.sink(file_name, data)))}"', ""
        else:
            source, inline = "", f'<template data-atlas-json>{graph_json(data)}</template>'
            if self.slots is not None:  # the data is no text to search: only the final page carries it
                inline = self.slots.put(inline, searchable=False)
        return (f'<figure class="atlas-graph-figure" data-atlas-figure="{kind}">\n'
                f'{controls}<div class="atlas-stage">{inline}<div class="atlas-graph atlas-graph--{kind}" '
                f'data-atlas-graph="{kind}" role="img" aria-label="{esc(name)}" tabindex="0"'
                f'{source}></div>{aside}</div>\n'
                f'{below}</figure>')


def time_control(label: str) -> str:
    """The date control under a graph: a slider by month from the graph's earliest date to today, a
    play button that walks through the years, and a button back to today. The script makes its parts
    (assets/js/time.js, from the label given here), fills in the range (today is the reader's) and shows
    it only when the graph has dates; the page carries only this placeholder."""
    return f'<div class="atlas-time" data-atlas-time="{esc(label)}" hidden></div>\n'
