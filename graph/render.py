"""What pages show: entity pages, type indexes, the global graph, reference pages. Strings, no disk.

Every string that comes from a page's front matter is escaped here, once, on its way into HTML;
graph data is JSON that cannot close its script element, and the browser script puts its text
into the DOM with `textContent` only. Generated markdown carries contributor text only inside raw
HTML blocks, which the markdown engine leaves alone, so markdown syntax in a title stays text.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import posixpath
from collections.abc import Callable
from typing import Any

import networkx as nx

from .build import entities as declared
from .layout import neighbourhood, radial_layout
from .model import Attribute, Citation, Entity, Relation, Schema, locator_anchor, paragraph_number

esc = html.escape  # quotes too: safe in text and in double-quoted attributes

GRAPH_PAGE = "graph.md"
CONNECTIONS_PAGE = "connections.md"
FACETS_PAGE = "facets.md"
TYPES_DIR = "types"
REFERENCE_DIR = "reference"
LOCAL_MAX_NODES = 60  # an entity page's graph data stays a few KB
SOURCE_FIELDS = (("publisher", "Publisher"), ("published", "Published"), ("updated", "Updated"), ("url", "Address"))
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


def type_index_path(type_id: str) -> str:
    return f"{TYPES_DIR}/{type_id}.md"


class Slots:
    """Generated HTML kept out of the markdown engine: a token goes into the markdown, and the
    HTML replaces it in the converted page. Faster (the markdown engine never parses the HTML) and
    safer (contributor text never meets markdown syntax). The nonce makes tokens unguessable.

    A late slot is filled only in the final page, after search has indexed the content: until
    then it holds a stand-in, empty and excluded from search, or the plain text search should see
    (cheaper to index than the rich HTML, which the page gets in the end)."""

    def __init__(self, nonce: str) -> None:
        self.nonce = nonce
        self.store: dict[str, str] = {}
        self.late: dict[str, str] = {}  # token -> its stand-in until the final page

    def put(self, html_text: str, searchable: bool = True, search_text: str | None = None) -> str:
        """A token for `html_text`. Not `searchable`: a late slot; with `search_text` (HTML), a late
        slot whose stand-in search indexes."""
        token = f"atlasslot{self.nonce}n{len(self.store)}z"  # the z: n1 must not match inside n10
        self.store[token] = html_text
        name = token.replace("atlasslot", "late", 1)
        if search_text is not None:
            self.late[token] = f'<div data-atlas-late="{name}">{search_text}</div>'
        elif not searchable:
            self.late[token] = f'<div data-atlas-late="{name}" data-search-exclude></div>'
        return token

    def fill(self, page_html: str) -> str:
        """Fill the searchable slots; put the stand-ins of the late ones."""
        for token, html_text in self.store.items():
            html_text = self.late.get(token, html_text)
            page_html = page_html.replace(f"<p>{token}</p>", html_text).replace(token, html_text)
        return page_html

    def fill_late(self, page_html: str) -> str:
        """Replace the stand-ins with their HTML (relation lists, graphs, long tables, the entity head)."""
        for token, stand_in in self.late.items():
            page_html = page_html.replace(stand_in, self.store[token], 1)
        return page_html


@dataclasses.dataclass(frozen=True)
class EntityParts:
    head: str  # HTML above the prose
    body: str  # the page's own markdown
    sections: list[tuple[str, str]]  # (heading, HTML) below the prose
    head_text: str  # what search indexes of the head: its facts as plain paragraphs


class Renderer:
    """Renders pages of one built graph. `url_of(path)` maps a docs path to its site URL.

    With `slots`, generated HTML goes through `slots` (see `Slots`); with `sink(name, data)`, the
    global graph's data goes to a file (the sink returns its URL) that the page fetches. Without
    them, both are written inline (what tests read). Other graphs always ride in their page.
    """

    def __init__(self, G: nx.MultiDiGraph, schema: Schema, positions: dict[str, tuple[float, float]],
                 url_of: Callable[[str], str], sink: Callable[[str, Any], str] | None = None) -> None:
        self.G, self.schema, self.positions, self.url_of = G, schema, positions, url_of
        self.sink = sink
        self.slots: Slots | None = None
        self._node_static: dict[str, tuple[dict[str, Any], str | None]] = {}  # node -> (fields, page URL)
        self._merged: dict[str, list[tuple[str, list[str]]]] | None = None
        self._members: dict[str, list[Entity]] | None = None

    def raw(self, html_text: str, searchable: bool = True) -> str:
        """HTML as a markdown block: a slot token, or the HTML itself. Not `searchable`: kept out of
        the search index (lists of links and graphs would make every neighbour match a query)."""
        return self.slots.put(html_text, searchable) if self.slots is not None else html_text

    # --- small pieces -------------------------------------------------------------------

    def entity(self, node: str) -> Entity | None:
        return None if self.G.nodes[node]["missing"] else self.G.nodes[node]["entity"]

    def link(self, page_url: str, node: str) -> str:
        e = self.entity(node)
        if e is None:
            return f'<span class="atlas-missing" title="no page declares this id">{esc(node)}</span>'
        return f'<a href="{esc(relative_url(page_url, self.url_of(e.path)))}">{esc(e.title)}</a>'

    def type_label(self, type_id: str) -> str:
        t = self.schema.entity_types.get(type_id)
        return t.label if t else type_id

    def type_link(self, page_url: str, type_id: str) -> str:
        if type_id not in self.schema.entity_types:
            return f'<span class="atlas-type-badge">{esc(type_id)}</span>'
        href = relative_url(page_url, self.url_of(type_index_path(type_id)))
        colour = self.schema.entity_types[type_id].colour
        return (f'<a class="atlas-type-badge" href="{esc(href)}" style="--atlas-type-colour: {colour}">'
                f'{esc(self.type_label(type_id))}</a>')

    def cite(self, page_url: str, citations: tuple[Citation, ...]) -> str:
        """Links to the cited places on their source pages: `¶16` for a numbered paragraph, `§` and
        the heading for a named section, with the source's title on hover."""
        parts = []
        for c in citations:
            source = self.entity(c.source) if c.source in self.G else None
            if source is None:
                parts.append(f'<span class="atlas-cite atlas-missing">{esc(str(c))}</span>')
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
            parts.append(f'<a class="atlas-cite" href="{esc(href)}" title="{esc(source.title + where)}">'
                         f'{esc(label)}</a>')
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

    # --- relations ----------------------------------------------------------------------

    def relation_groups(self, node: str) -> list[tuple[str, list[tuple[str, Relation]]]]:
        """Relations of `node` in both directions, grouped by the label read from this page."""
        groups: dict[tuple[int, str], list[tuple[str, Relation]]] = {}
        order = list(self.schema.relation_types)
        for _, other, rel in self.G.out_edges(node, data="relation"):
            rtype = self.schema.relation_types.get(rel.type)
            label = rtype.label if rtype else rel.type
            rank = order.index(rel.type) * 2 if rtype else len(order) * 2
            groups.setdefault((rank, label), []).append((other, rel))
        for subject, _, rel in self.G.in_edges(node, data="relation"):
            if subject == node:
                continue
            rtype = self.schema.relation_types.get(rel.type)
            label = rtype.inverse if rtype else f"{rel.type} (inverse)"
            rank = order.index(rel.type) * 2 + 1 if rtype else len(order) * 2 + 1
            groups.setdefault((rank, label), []).append((subject, rel))
        out = []
        for (_, label), items in sorted(groups.items()):
            items.sort(key=lambda item: (self.sort_title(item[0]), item[1].path, item[1].line))
            out.append((label, items))
        return out

    def sort_title(self, node: str) -> str:
        e = self.entity(node)
        return (e.title if e else node).casefold()

    def relations_html(self, page_url: str, node: str) -> str:
        groups = self.relation_groups(node)
        if not groups:
            return '<p class="atlas-empty">No relations yet.</p>'
        rows = ['<div class="atlas-relations">']
        for label, items in groups:
            rows.append(f'<h3 class="atlas-relation-type">{esc(label)}</h3>')
            rows.append('<ul class="atlas-relation-list">')
            for other, rel in items:
                extra = [x for x in (self.qualifiers(rel), rel.note) if x]
                note = f' <span class="atlas-note">({esc("; ".join(extra))})</span>' if extra else ""
                rows.append(f'<li>{self.link(page_url, other)}{note} {self.cite(page_url, rel.citations)}</li>')
            rows.append("</ul>")
        rows.append("</div>")
        return "\n".join(rows)

    # --- graph data ---------------------------------------------------------------------

    def node_data(self, page_url: str, node: str, pos: tuple[float, float]) -> dict[str, Any]:
        if node not in self._node_static:  # what does not depend on the page, made once per node
            e = self.entity(node)
            fields = {"id": node, "label": e.title if e else node,
                      "type": e.type if e and e.type in self.schema.entity_types else "",
                      "summary": e.summary if e else "No page declares this id."}
            if e is not None and e.aliases:
                fields["aliases"] = list(e.aliases)
            self._node_static[node] = (fields, self.url_of(e.path) if e is not None else None)
        fields, target = self._node_static[node]
        data = {**fields, "x": round(pos[0]), "y": round(pos[1])}
        if target is not None:
            data["url"] = relative_url(page_url, target)
        return data

    def graph_data(self, page_url: str, nodes: dict[str, tuple[float, float]], centre: str = "",
                   hops: dict[str, int] | None = None) -> dict[str, Any]:
        """Nodes with positions; relations between them, parallel ones (same direction) merged."""
        merged = self.merged_relations()
        edges = [{"from": u, "to": v, "types": types} for u in sorted(nodes)
                 for v, types in merged.get(u, ()) if v in nodes]
        node_list = []
        for n in sorted(nodes):
            item = self.node_data(page_url, n, nodes[n])
            if hops is not None:
                item["hop"] = hops[n]
            node_list.append(item)
        relation_types = sorted({t for edge in edges for t in edge["types"]})
        entity_types = sorted({n["type"] for n in node_list if n["type"]})
        return {
            "centre": centre,
            "nodes": node_list,
            "edges": edges,
            "types": {t: {"label": self.schema.entity_types[t].label, "colour": self.schema.entity_types[t].colour,
                          "shape": self.schema.entity_types[t].shape} for t in entity_types},
            "relationTypes": {t: ({"label": self.schema.relation_types[t].label,
                                   "inverse": self.schema.relation_types[t].inverse}
                                  if t in self.schema.relation_types else {"label": t, "inverse": f"{t} (inverse)"})
                              for t in relation_types},
        }

    def merged_relations(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Each node's relations out, as (target, sorted types): parallel ones merged. Made once."""
        if self._merged is None:
            merged: dict[str, dict[str, set[str]]] = {}
            for u, v, rel in self.G.edges(data="relation"):
                merged.setdefault(u, {}).setdefault(v, set()).add(rel.type)
            self._merged = {u: sorted((v, sorted(types)) for v, types in out.items()) for u, out in merged.items()}
        return self._merged

    def graph_block(self, page_url: str, data: dict[str, Any], name: str, kind: str, controls: str = "",
                    aside: str = "", file_name: str = "") -> str:
        # The global graph's data is a file the page fetches (with a sink); every other graph's rides
        # in the page, as JSON text in a <template>: inert, never rendered, no script to re-run on
        # Material's instant navigation, and graph_json leaves no "<" or "&" that could end it early.
        if self.sink is not None and file_name:
            source, inline = f' data-atlas-src="{esc(relative_url(page_url, self.sink(file_name, data)))}"', ""
        else:
            source, inline = "", f'<template data-atlas-json>{graph_json(data)}</template>'
        return (f'<figure class="atlas-graph-figure" data-atlas-figure="{kind}">\n'
                f'{controls}<div class="atlas-stage">{inline}<div class="atlas-graph atlas-graph--{kind}" '
                f'data-atlas-graph="{kind}" role="img" aria-label="{esc(name)}" tabindex="0"'
                f'{source}></div>{aside}</div>\n'
                f'</figure>')

    # --- pages --------------------------------------------------------------------------

    def entity_parts(self, node: str) -> EntityParts:
        """An entity page in three parts: generated HTML above the prose (type, summary, aliases,
        attributes), the page's own markdown, and generated sections below it (relations, the local
        graph, and for a source what cites it). Only the prose needs the markdown engine."""
        e = self.entity(node)
        assert e is not None
        url = self.url_of(e.path)
        head = ['<div class="atlas-entity-head">',
                f'<p class="atlas-entity-type">{self.type_link(url, e.type)}</p>']
        if e.summary:
            head.append(f'<p class="atlas-summary">{esc(e.summary)}</p>')
        if e.aliases:
            names = ", ".join(f'<span class="atlas-alias">{esc(a)}</span>' for a in e.aliases)
            head.append(f'<p class="atlas-aliases">Also known as: {names}</p>')
        if e.type == Schema.SOURCE_TYPE:
            head.append(self.source_facts_html(e))
        head.append("</div>")
        if e.attributes:
            head += ['<div class="atlas-attributes"><table>',
                     "<thead><tr><th>Attribute</th><th>Value</th><th>Source</th></tr></thead><tbody>"]
            for a in e.attributes:
                note = f' <span class="atlas-note">({esc(a.note)})</span>' if a.note else ""
                head.append(f"<tr><td>{esc(a.name.replace('-', ' '))}</td><td>{esc(self.value(a))}{note}</td>"
                            f"<td>{self.cite(url, a.citations)}</td></tr>")
            head.append("</tbody></table></div>")
        facts = [self.type_label(e.type), e.summary, "Also known as: " + ", ".join(e.aliases) if e.aliases else ""]
        if e.type == Schema.SOURCE_TYPE:
            facts += [f"{label}: {e.source_info[key]}" for key, label in SOURCE_FIELDS if e.source_info.get(key)]
        facts += [f"{a.name.replace('-', ' ')}: {self.value(a)}" + (f" ({a.note})" if a.note else "")
                  for a in e.attributes]
        sections = [("Relations", self.relations_html(url, node))]
        hops, max_depth = self.local_hops(node)
        positions = radial_layout(self.G, node, hops)
        data = self.graph_data(url, positions, centre=node, hops=hops)
        data["maxDepth"] = max_depth
        buttons = "".join(
            f'<button type="button" class="md-button atlas-depth-button" data-depth="{d}" '
            f'aria-pressed="{"true" if d == 1 else "false"}"{"" if d <= max_depth else " disabled"}>'
            f'{d} hop{"s" if d > 1 else ""}</button>' for d in (1, 2, 3))
        controls = (f'<div class="atlas-toolbar" role="group" aria-label="Depth of the graph">'
                    f'<span class="atlas-toolbar-label">Depth:</span>{buttons}</div>\n')
        neighbourhood = [self.graph_block(url, data, f"Graph of {e.title} and the entities linked to it", "local",
                                          controls=controls)]
        ring = sorted((n for n, h in hops.items() if h == 1), key=self.sort_title)
        if ring:
            items = "".join(f"<li>{self.link(url, n)} <span class=\"atlas-node-type\">"
                            f"{esc(self.node_type_label(n))}</span></li>" for n in ring)
            deeper = (" Two and three hops away: choose the depth above, or explore the whole graph."
                      if max_depth > 1 else "")
            neighbourhood.append(f'<details class="atlas-graph-text"><summary>The entities one hop away, as a list'
                                 f'</summary><ul>{items}</ul><p>{deeper}</p></details>')
        sections.append(("Neighbourhood", "\n".join(neighbourhood)))
        if e.type == Schema.SOURCE_TYPE:
            sections.append(("What cites it", self.cited_by_html(e)))
        return EntityParts("\n".join(head), e.body.strip("\n"), sections,
                           "".join(f"<p>{esc(fact)}</p>" for fact in facts if fact))

    def entity_markdown(self, node: str) -> str:
        """The whole markdown of an entity page (its parts joined, the generated ones as raw HTML;
        the sections below the prose kept out of search)."""
        parts = self.entity_parts(node)
        out = [self.raw(parts.head), parts.body]
        for title, html_text in parts.sections:
            out += [f"## {title}", self.raw(html_text, searchable=False)]
        return "\n\n".join(p for p in out if p) + "\n"

    def local_hops(self, node: str) -> tuple[dict[str, int], int]:
        """Nodes up to 3 hops away, keeping the deepest depth that stays within LOCAL_MAX_NODES.

        A hub with more neighbours than that keeps the first ones by title; its relations section
        lists them all."""
        kept = neighbourhood(self.G, node, depth=3, limit=LOCAL_MAX_NODES)
        max_depth = max(1, max(kept.values()))
        if len(kept) > LOCAL_MAX_NODES:
            ring = sorted((n for n, h in kept.items() if h == 1), key=lambda n: (self.sort_title(n), n))
            kept = {node: 0, **{n: 1 for n in ring[:LOCAL_MAX_NODES - 1]}}
        return kept, max_depth

    def node_type_label(self, node: str) -> str:
        e = self.entity(node)
        return self.type_label(e.type) if e else "missing page"

    def source_facts_html(self, e: Entity) -> str:
        info = e.source_info
        rows = []
        for key, label in SOURCE_FIELDS:
            if not info.get(key):
                continue
            value = esc(info[key])
            if key == "url":
                value = f'<a href="{value}" rel="nofollow noopener">{value}</a>'
            rows.append(f"<dt>{label}</dt><dd>{value}</dd>")
        if info.get("paragraphs"):
            rows.append(f"<dt>Numbered paragraphs</dt><dd>{info['paragraphs']}</dd>")
        sections = sum(1 for loc in info.get("locators", {}) if paragraph_number(loc) is None)
        if sections:
            rows.append(f"<dt>Sections</dt><dd>{sections}</dd>")
        return f'<dl class="atlas-source">{"".join(rows)}</dl>' if rows else ""

    def citing_facts(self, source_id: str) -> dict[str, list[str]]:
        """Facts (as HTML list items) that cite `source_id`, by locator ("" for the source as a
        whole); links relative to the source page."""
        src = self.entity(source_id)
        assert src is not None
        url = self.url_of(src.path)
        by_locator: dict[str, list[tuple[str, str]]] = {}
        for n in sorted(self.G):
            e = self.entity(n)
            if e is None:
                continue
            for a in e.attributes:
                for c in a.citations:
                    if c.source == source_id:
                        text = f"{self.link(url, n)}: {esc(a.name.replace('-', ' '))} = {esc(self.value(a))}"
                        by_locator.setdefault(c.locator, []).append((e.title.casefold(), text))
            for rel in e.relations:
                for c in rel.citations:
                    if c.source == source_id:
                        text = (f"{self.link(url, n)} <em>{esc(self.schema.relation_label(rel.type))}</em> "
                                f"{self.link(url, rel.target)}")
                        by_locator.setdefault(c.locator, []).append((e.title.casefold(), text))
        return {loc: [t for _, t in sorted(items)] for loc, items in by_locator.items()}

    def cited_by_html(self, e: Entity) -> str:
        """Per locator the source declares, in its order, the facts that cite it."""
        facts = self.citing_facts(e.id)
        out = ['<div class="atlas-cited-by">']
        if "" in facts:
            out.append('<h3 id="whole">The source as a whole</h3>')
            out.append("<ul>" + "".join(f"<li>{t}</li>" for t in facts[""]) + "</ul>")
        for locator in e.source_info.get("locators", {}).values():
            items = facts.get(locator.id, [])
            heading = esc(locator.title)
            if locator.url:
                heading += f' <a class="atlas-external" href="{esc(locator.url)}" rel="nofollow noopener">(read it)</a>'
            out.append(f'<h3 id="{esc(locator_anchor(locator.id))}">{heading}</h3>')
            if items:
                out.append("<ul>" + "".join(f"<li>{t}</li>" for t in items) + "</ul>")
            else:
                out.append('<p class="atlas-empty">No fact cites this place.</p>')
        out.append("</div>")
        return "\n".join(out)

    def type_index_markdown(self, type_id: str) -> str:
        """A sortable table of the type's entities with their key attributes (those most members have)."""
        etype = self.schema.entity_types[type_id]
        url = self.url_of(type_index_path(type_id))
        members = sorted(self.members(type_id), key=lambda e: e.title.casefold())
        parts = [self.raw(f"<p class=\"atlas-type-description\">{esc(etype.description)}</p>")
                 if etype.description else ""]
        if not members:
            parts.append(self.raw('<p class="atlas-empty">No pages of this type yet.</p>'))
            return "\n\n".join(p for p in parts if p) + "\n"
        counts: dict[str, int] = {}
        for e in members:
            for a in e.attributes:
                counts[a.name] = counts.get(a.name, 0) + 1
        columns = sorted(counts, key=lambda name: (-counts[name], name))[:4]
        head = ('<th scope="col" aria-sort="ascending">Name</th>'
                + "".join(f'<th scope="col">{esc(name.replace("-", " ").capitalize())}</th>' for name in columns)
                + '<th scope="col">Relations</th><th scope="col">Summary</th>')
        rows = []
        for e in members:
            by_name = {a.name: a for a in e.attributes}
            cells = [f'<td data-sort="{esc(e.title.casefold())}">{self.link(url, e.id)}</td>']
            cells.extend(self.attribute_cell(url, by_name.get(name)) for name in columns)
            degree = self.G.degree(e.id)
            cells.append(f'<td data-sort="{degree:08d}">{degree}</td><td>{esc(e.summary)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        parts.append(self.raw(f'<div class="atlas-index"><table data-atlas-sortable>'
                              f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
                              searchable=False))
        return "\n\n".join(p for p in parts if p) + "\n"

    def facets_markdown(self) -> str:
        """Every entity, with facets to narrow them: type, attribute values, relations."""
        url = self.url_of(FACETS_PAGE)
        entities = sorted(declared(self.G), key=lambda e: e.title.casefold())
        groups: list[tuple[str, list[tuple[str, str, list[str]]]]] = []  # (group, [(key, label, ids)])
        by_type = [(f"type:{t}", et.plural, [e.id for e in entities if e.type == t])
                   for t, et in self.schema.entity_types.items()]
        groups.append(("Type", [f for f in by_type if f[2]]))
        values: dict[tuple[str, str], list[str]] = {}
        for e in entities:
            for a in e.attributes:
                values.setdefault((a.name, self.value(a)), []).append(e.id)
        names: dict[str, int] = {}
        for name, _ in values:
            names[name] = names.get(name, 0) + 1
        attribute_facets = [(f"attr:{name}={value}", f"{name.replace('-', ' ')}: {value}", ids)
                            for (name, value), ids in sorted(values.items())
                            if names[name] <= 12]
        if attribute_facets:
            groups.append(("Attribute", attribute_facets))
        pairs: dict[tuple[str, str], list[str]] = {}
        for e in entities:
            for rel in e.relations:
                if not self.G.nodes[rel.target]["missing"]:
                    pairs.setdefault((rel.type, rel.target), []).append(e.id)
        relation_facets = []
        for (rtype, target), ids in sorted(pairs.items(), key=lambda item: (-len(set(item[1])), item[0]))[:40]:
            if len(set(ids)) < 2:
                continue
            label = self.schema.relation_types[rtype].label if rtype in self.schema.relation_types else rtype
            relation_facets.append((f"rel:{rtype}>{target}", f"{label} {self.entity(target).title}",
                                    sorted(set(ids))))
        if relation_facets:
            groups.append(("Relation", sorted(relation_facets, key=lambda f: f[1].casefold())))
        index: dict[str, list[str]] = {e.id: [] for e in entities}
        controls = []
        number = 0
        for group, facets in groups:
            boxes = []
            for key, label, ids in facets:
                fid = f"f{number}"
                number += 1
                for i in ids:
                    index[i].append(fid)
                boxes.append(f'<li><label><input type="checkbox" data-atlas-facet="{fid}" data-atlas-group="{esc(group)}" '
                              f'data-atlas-key="{esc(key)}"> {esc(label)} <span class="atlas-count">{len(set(ids))}</span>'
                              f'</label></li>')
            controls.append(f'<fieldset class="atlas-facet-group"><legend>{esc(group)}</legend>'
                            f'<ul class="atlas-legend">{"".join(boxes)}</ul></fieldset>')
        rows = "".join(f'<tr data-atlas-facets="{" ".join(index[e.id])}"><td>{self.link(url, e.id)}</td>'
                       f'<td>{esc(self.type_label(e.type))}</td><td>{esc(e.summary)}</td></tr>' for e in entities)
        html_text = (f'<div class="atlas-facets" data-atlas-facets-root>{"".join(controls)}'
                     f'<p class="atlas-status" role="status" aria-live="polite">{len(entities)} entities</p>'
                     f'<button type="button" class="md-button" data-action="clear-facets">Clear all facets</button>'
                     f'<div class="atlas-index"><table data-atlas-sortable><thead><tr><th scope="col" aria-sort="ascending">Name</th>'
                     f'<th scope="col">Type</th><th scope="col">Summary</th></tr></thead><tbody>{rows}</tbody></table></div></div>')
        intro = ("Narrow the entities down by type, by the value of an attribute, or by a relation they share: "
                 "within a group, any ticked facet matches; across groups, all must. The address keeps the "
                 "choice, so you can share it.")
        return f"{intro}\n\n{self.raw(html_text, searchable=False)}\n"

    def members(self, type_id: str) -> list[Entity]:
        """The entities of a type, by id (grouped once for all types)."""
        if self._members is None:
            self._members = {}
            for e in declared(self.G):
                self._members.setdefault(e.type, []).append(e)
        return self._members.get(type_id, [])

    def legend_html(self, page_url: str) -> str:
        items = []
        for tid, t in self.schema.entity_types.items():
            count = len(self.members(tid))
            if not count:
                continue
            href = relative_url(page_url, self.url_of(type_index_path(tid)))
            items.append(f'<li><label><input type="checkbox" checked data-atlas-type="{esc(tid)}" '
                         f'aria-label="Show {esc(t.plural)}"> <span class="atlas-swatch atlas-shape-{esc(t.shape)}" '
                         f'style="--atlas-type-colour: {t.colour}" aria-hidden="true"></span></label>'
                         f'<a href="{esc(href)}">{esc(t.plural)}</a> <span class="atlas-count">{count}</span></li>')
        return f'<ul class="atlas-legend" aria-label="Entity types">{"".join(items)}</ul>'

    def global_data(self) -> dict[str, Any]:
        """The global graph's data: every node at its laid-out position (the origin until laid out)."""
        return self.graph_data(self.url_of(GRAPH_PAGE), {n: self.positions.get(n, (0.0, 0.0)) for n in self.G})

    def global_markdown(self) -> str:
        url = self.url_of(GRAPH_PAGE)
        count = sum(1 for n in self.G if not self.G.nodes[n]["missing"])
        data = self.global_data() if self.sink is None else {}  # with a sink, the data is a file of its own
        controls = ('<div class="atlas-toolbar" role="toolbar" aria-label="Graph controls">'
                    '<input type="search" class="atlas-search" placeholder="Find an entity by name or alias" '
                    'aria-label="Find an entity by name or alias" autocomplete="off" list="atlas-names">'
                    '<datalist id="atlas-names"></datalist>'
                    '<button type="button" class="md-button" data-action="fit">Zoom to fit</button>'
                    '<button type="button" class="md-button" data-action="reset">Reset</button></div>\n'
                    + self.legend_html(url) + "\n" + self.relation_filter_html() + "\n")
        aside = ('<aside class="atlas-panel" aria-live="polite" aria-label="Selected entity" hidden></aside>')
        parts = [self.raw(part, searchable=False) for part in [
            f'<p class="atlas-lede">All {count} entities of the atlas and the {self.G.number_of_edges()} relations '
            f'between them. Hover a node for its summary; select it to see its relations and a link to its page '
            f'(double-click opens it). Untick a type to hide it; type a name to find it. Drag to pan, scroll or '
            f'pinch to zoom. The address keeps what you see, so you can share it.</p>',
            self.graph_block(url, data, f"Graph of all {count} entities and their relations", "global",
                             controls=controls, aside=aside, file_name="_global"),
            f'<p class="atlas-graph-text">The same graph as data: '
            f'<a href="{esc(relative_url(url, "graph.json"))}">graph.json</a>, '
            f'<a href="{esc(relative_url(url, "graph.graphml"))}">graph.graphml</a> (for networkx, Gephi, yEd), '
            f'<a href="{esc(relative_url(url, "graph.jsonld"))}">graph.jsonld</a> and '
            f'<a href="{esc(relative_url(url, "graph.ttl"))}">graph.ttl</a> (linked data, for a triple store). '
            f'As text: the index pages of each type, linked from the legend.</p>',
        ]]
        return "\n\n".join(parts) + "\n"

    def relation_filter_html(self) -> str:
        """A checkbox per relation type the global graph has, with how many of its edges carry it."""
        counts: dict[str, int] = {}
        for outs in self.merged_relations().values():
            for _, types in outs:
                for t in types:
                    counts[t] = counts.get(t, 0) + 1
        items = []
        for rid, r in self.schema.relation_types.items():
            count = counts.get(rid, 0)
            if not count:
                continue
            items.append(f'<li><label><input type="checkbox" checked data-atlas-relation="{esc(rid)}"> '
                         f'{esc(r.label)} <span class="atlas-count">{count}</span></label></li>')
        return (f'<details class="atlas-relation-filter"><summary>Relation types</summary>'
                f'<ul class="atlas-legend" aria-label="Relation types">{"".join(items)}</ul></details>')

    def connections_markdown(self) -> str:
        """The page that answers "how are these two connected", client-side over graph.json."""
        url = self.url_of(CONNECTIONS_PAGE)
        types = {t: {"label": et.label, "colour": et.colour, "shape": et.shape}
                 for t, et in self.schema.entity_types.items()}
        relations = {r: {"label": rt.label, "inverse": rt.inverse} for r, rt in self.schema.relation_types.items()}
        form = (f'<form class="atlas-connections" data-atlas-connections '
                f'data-atlas-root="{esc(relative_url(url, ""))}" '
                f'data-atlas-types="{esc(graph_json(types))}" data-atlas-relations="{esc(graph_json(relations))}">'
                '<div class="atlas-toolbar">'
                '<label class="atlas-field">From <input type="search" name="from" class="atlas-search" '
                'list="atlas-connection-names" autocomplete="off" required placeholder="e.g. Azure Kubernetes Service">'
                '</label>'
                '<label class="atlas-field">To <input type="search" name="to" class="atlas-search" '
                'list="atlas-connection-names" autocomplete="off" required placeholder="e.g. cgroups"></label>'
                '<datalist id="atlas-connection-names"></datalist>'
                '<button type="submit" class="md-button md-button--primary">Connect</button></div>'
                '<p class="atlas-status" role="status" aria-live="polite"></p>'
                '<div class="atlas-paths"></div>'
                '<figure class="atlas-graph-figure" data-atlas-figure="path" hidden><div class="atlas-stage">'
                '<div class="atlas-graph atlas-graph--path" role="img" aria-label="The paths, as a graph" '
                'tabindex="0"></div></div></figure></form>')
        intro = ("Pick two entities, by name or alias, to see the shortest chains of relations that link them. "
                 "Each step is a relation from the knowledge graph, read in the direction you travel it, with "
                 "its source. The address keeps the question, so you can share the answer.")
        return f"{intro}\n\n{self.raw(form)}\n"

    def schema_markdown(self) -> str:
        url = self.url_of(f"{REFERENCE_DIR}/schema.md")
        rows = ['<div class="atlas-schema"><table><thead><tr><th>Entity type</th><th>Id</th><th>Shape</th>'
                '<th>Description</th></tr></thead><tbody>']
        for tid, t in self.schema.entity_types.items():
            rows.append(f"<tr><td>{self.type_link(url, tid)}</td><td><code>{esc(tid)}</code></td>"
                        f"<td>{esc(t.shape)}</td><td>{esc(t.description)}</td></tr>")
        rows.append("</tbody></table></div>")
        rel = ['<div class="atlas-schema"><table><thead><tr><th>Relation type</th><th>Reads</th><th>Inverse reads</th>'
               '<th>From</th><th>To</th><th>Meaning</th></tr></thead><tbody>']
        for rid, r in self.schema.relation_types.items():
            ends = [", ".join(self.type_label(t) for t in side) if side is not None else "any"
                    for side in (r.sources, r.targets)]
            rel.append(f"<tr><td><code>{esc(rid)}</code></td><td>{esc(r.label)}</td><td>{esc(r.inverse)}</td>"
                       f"<td>{esc(ends[0])}</td><td>{esc(ends[1])}</td><td>{esc(r.description)}</td></tr>")
        rel.append("</tbody></table></div>")
        return ("The schema lives in one file the site owns; every page is checked against it.\n\n"
                "## Entity types\n\n" + "\n".join(rows) + "\n\n## Relation types\n\n"
                "Each relation is declared once, on the page of its subject, and shown on both pages: "
                "as written on the subject's page and with its inverse label on the target's.\n\n"
                + "\n".join(rel) + "\n")


def checks_markdown(codes: dict) -> str:
    """The reference page of every diagnostic code, with an example of the mistake and the fix."""
    out = ["Every problem the build finds is printed as `path:line: CODE message (hint)`. "
           "Codes starting `G0` come from reading a page, `G1` from the schema, `G2` from the graph. "
           "Each check's severity (`error`, `warn` or `ignore`) can be set under the plugin's `checks:` "
           "option in `mkdocs.yml`; `mkdocs build --strict` fails on any error or warning.\n"]
    for code in sorted(codes):
        c = codes[code]
        out.append(f'<h2 id="{esc(code.lower())}">{esc(code)}: {esc(c.title)}</h2>\n')
        out.append(f'<p>Default severity: <strong>{esc(c.severity)}</strong>.</p>\n')
        if c.wrong:
            out.append(f'<div class="atlas-example"><p>Wrong:</p><pre><code>{esc(c.wrong)}</code></pre>'
                       f'<p>Right:</p><pre><code>{esc(c.fix)}</code></pre></div>\n')
    return "\n".join(out)
