"""Entity pages: the generated head (type, summary, aliases, attributes), the relations in both
directions, the local graph, and for a source the facts that cite each of its places."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markdown.extensions.toc import slugify as toc_slugify

from ..model import Entity, Relation, Schema, locator_anchor, paragraph_number
from . import history
from .context import Context, esc, time_control

def alias_anchor(index: int) -> str:
    """The id of an entity's alias on its page, where a search for the alias leads."""
    return f"atlas-alias-{index + 1}"


SOURCE_FIELDS = (("publisher", "Publisher"), ("published", "Published"), ("updated", "Updated"), ("url", "Address"))


@dataclasses.dataclass(frozen=True)
class EntityParts:
    head: str  # HTML above the prose
    body: str  # the page's own markdown
    sections: list[tuple[str, str]]  # (heading, HTML) below the prose
    head_text: str  # what search indexes of the head: its facts as plain paragraphs


def entity_parts(ctx: Context, node: str) -> EntityParts:
    """An entity page in three parts: generated HTML above the prose (type, summary, aliases,
    attributes), the page's own markdown, and generated sections below it (relations, the local
    graph, and for a source what cites it). Only the prose needs the markdown engine."""
    e = ctx.entity(node)
    assert e is not None
    url = ctx.url_of(e.path)
    head = ['<div class="atlas-entity-head">',
            f'<p class="atlas-entity-type">{ctx.type_link(url, e.type)}</p>']
    if e.summary:
        head.append(f'<p class="atlas-summary">{esc(e.summary)}</p>')
    if e.aliases:
        names = ", ".join(f'<span class="atlas-alias" id="{alias_anchor(i)}">{esc(a)}</span>' for i, a in enumerate(e.aliases))
        head.append(f'<p class="atlas-aliases">Also known as: {names}</p>')
    if e.type == Schema.SOURCE_TYPE:
        head.append(source_facts_html(ctx, e))
    head.append("</div>")
    if e.attributes:
        head += ['<div class="atlas-attributes"><table>',
                 "<thead><tr><th>Attribute</th><th>Value</th><th>Source</th></tr></thead><tbody>"]
        for a in e.attributes:
            note = f' <span class="atlas-note">({esc(a.note)})</span>' if a.note else ""
            head.append(f"<tr><td>{esc(a.name.replace('-', ' '))}</td><td>{esc(ctx.value(a))}{note}</td>"
                        f"<td>{ctx.cite(url, a.citations)}</td></tr>")
        head.append("</tbody></table></div>")
    facts = [ctx.type_label(e.type), e.summary, "Also known as: " + ", ".join(e.aliases) if e.aliases else ""]
    if e.type == Schema.SOURCE_TYPE:
        facts += [f"{label}: {e.source_info[key]}" for key, label in SOURCE_FIELDS if e.source_info.get(key)]
    facts += [f"{a.name.replace('-', ' ')}: {ctx.value(a)}" + (f" ({a.note})" if a.note else "")
              for a in e.attributes]
    sections = [("Relations", relations_html(ctx, url, node))]
    if history.has_history(ctx, node):
        sections.append(("History", history.history_html(ctx, url, node)))
    local = ctx.layout.local(node)
    hops, max_depth = local.hops, local.max_depth
    data = ctx.graph_data(url, local.positions, centre=node, hops=hops, lean=True)
    data["maxDepth"] = max_depth
    # the depth buttons and full window: made by the script (assets/js/local.js) from the graph's maxDepth
    controls = '<div class="atlas-toolbar" data-atlas-controls="local"></div>\n'
    neighbourhood = [ctx.graph_block(url, data, f"Graph of {e.title} and the entities linked to it", "local",
                                      controls=controls, below=time_control("Show it as of") if dated(data) else "")]
    ring = sorted((n for n, h in hops.items() if h == 1), key=ctx.sort_title)
    if ring:
        items = "".join(f"<li>{ctx.link(url, n)} <span class=\"atlas-node-type\">"
                        f"{esc(ctx.node_type_label(n))}</span></li>" for n in ring)
        deeper = (" Two and three hops away: choose the depth above, or explore the whole graph."
                  if max_depth > 1 else "")
        neighbourhood.append(f'<details class="atlas-graph-text"><summary>The entities one hop away, as a list'
                             f'</summary><ul>{items}</ul><p>{deeper}</p></details>')
    sections.append(("Neighbourhood", "\n".join(neighbourhood)))
    if e.type == Schema.SOURCE_TYPE:
        sections.append(("What cites it", cited_by_html(ctx, e)))
    return EntityParts("\n".join(head), e.body.strip("\n"), sections,
                       "".join(f"<p>{esc(fact)}</p>" for fact in facts if fact))


@dataclass(frozen=True)
class Headings:
    """How the sections' headings are written: as the markdown's table-of-contents extension writes
    them (its permalink, slugify and separator), so they read like the prose's own."""

    permalink: Any = None  # True for "¶", a string for that symbol, None for none
    slugify: Callable[[str, str], str] = toc_slugify
    separator: str = "-"
    permalink_class: str = "headerlink"
    permalink_title: str = "Permanent link"


def sections_html(sections: list[tuple[str, str]], taken: set[str],
                  headings: Headings = Headings()) -> tuple[str, list[tuple[str, str]]]:
    """The generated sections below an entity's prose, each under an h2 whose anchor avoids `taken`
    (the prose's own): the HTML, and each section's (title, anchor) for the page's contents."""
    out, anchors = [], []
    for title, html_text in sections:
        anchor = base = headings.slugify(title, headings.separator)
        number = 0
        while anchor in taken:  # as the toc extension does: relations, relations_1, ...
            number += 1
            anchor = f"{base}_{number}"
        taken.add(anchor)
        link = ""
        if headings.permalink:
            symbol = "¶" if headings.permalink is True else esc(str(headings.permalink))
            link = (f'<a class="{esc(headings.permalink_class)}" href="#{anchor}" '
                    f'title="{esc(headings.permalink_title)}">{symbol}</a>')
        out.append(f'<h2 id="{anchor}">{esc(title)}{link}</h2>\n{html_text}')
        anchors.append((title, anchor))
    return "\n".join(out), anchors


def dated(data: dict) -> bool:
    """Whether a page's own graph's data holds any date: only then does it get a date control."""
    # a page's own graph is lean: nodes are rows of the fields some node has, edges [from, to, types, spans]
    return "start" in data["fields"] or "end" in data["fields"] or any(len(e) > 3 for e in data["edges"])


def relation_groups(ctx: Context, node: str) -> list[tuple[str, list[tuple[str, Relation]]]]:
    """Relations of `node` in both directions, grouped by the label read from this page."""
    groups: dict[tuple[int, str], list[tuple[str, Relation]]] = {}
    order = list(ctx.schema.relation_types)
    for _, other, rel in ctx.G.out_edges(node, data="relation"):
        known = rel.type in ctx.schema.relation_types
        label = ctx.schema.relation_label(rel.type)
        rank = order.index(rel.type) * 2 if known else len(order) * 2
        groups.setdefault((rank, label), []).append((other, rel))
    for subject, _, rel in ctx.G.in_edges(node, data="relation"):
        if subject == node:
            continue
        known = rel.type in ctx.schema.relation_types
        label = ctx.schema.relation_label(rel.type, inverse=True)
        rank = order.index(rel.type) * 2 + 1 if known else len(order) * 2 + 1
        groups.setdefault((rank, label), []).append((subject, rel))
    out = []
    for (_, label), items in sorted(groups.items()):
        items.sort(key=lambda item: (ctx.sort_title(item[0]), item[1].path, item[1].line))
        out.append((label, items))
    return out


def relations_html(ctx: Context, page_url: str, node: str) -> str:
    groups = relation_groups(ctx, node)
    if not groups:
        return '<p class="atlas-empty">No relations yet.</p>'
    rows = ['<div class="atlas-relations">']
    for label, items in groups:
        rows.append(f'<h3 class="atlas-relation-type">{esc(label)}</h3>')
        rows.append('<ul class="atlas-relation-list">')
        for other, rel in items:
            extra = [x for x in (ctx.qualifiers(rel), rel.note) if x]
            note = f' <span class="atlas-note">({esc("; ".join(extra))})</span>' if extra else ""
            rows.append(f'<li>{ctx.link(page_url, other)}{note} {ctx.cite(page_url, rel.citations)}</li>')
        rows.append("</ul>")
    rows.append("</div>")
    return "\n".join(rows)


def source_facts_html(ctx: Context, e: Entity) -> str:
    info = e.source_info
    url = ctx.url_of(e.path)
    rows = []
    for key, label in SOURCE_FIELDS:
        if not info.get(key):
            continue
        value = esc(info[key])
        if key == "url":
            value = f'<a href="{value}" rel="nofollow noopener">{value}</a>'
        elif key == "publisher" and ctx.named(info[key]):
            value = ctx.link(url, ctx.named(info[key]))
        rows.append(f"<dt>{label}</dt><dd>{value}</dd>")
    if info.get("paragraphs"):
        rows.append(f"<dt>Numbered paragraphs</dt><dd>{info['paragraphs']}</dd>")
    sections = sum(1 for loc in info.get("locators", {}) if paragraph_number(loc) is None)
    if sections:
        rows.append(f"<dt>Sections</dt><dd>{sections}</dd>")
    return f'<dl class="atlas-source">{"".join(rows)}</dl>' if rows else ""


def citing_facts(ctx: Context, source_id: str) -> dict[str, list[str]]:
    """Facts (as HTML list items) that cite `source_id`, by locator ("" for the source as a
    whole); links relative to the source page."""
    src = ctx.entity(source_id)
    assert src is not None
    url = ctx.url_of(src.path)
    by_locator: dict[str, list[tuple[str, str]]] = {}
    for n in sorted(ctx.G):
        e = ctx.entity(n)
        if e is None:
            continue
        for a in e.attributes:
            for c in a.citations:
                if c.source == source_id:
                    text = f"{ctx.link(url, n)}: {esc(a.name.replace('-', ' '))} = {esc(ctx.value(a))}"
                    by_locator.setdefault(c.locator, []).append((e.title.casefold(), text))
        for rel in e.relations:
            for c in rel.citations:
                if c.source == source_id:
                    text = (f"{ctx.link(url, n)} <em>{esc(ctx.schema.relation_label(rel.type))}</em> "
                            f"{ctx.link(url, rel.target)}")
                    by_locator.setdefault(c.locator, []).append((e.title.casefold(), text))
    return {loc: [t for _, t in sorted(items)] for loc, items in by_locator.items()}


def cited_by_html(ctx: Context, e: Entity) -> str:
    """Per locator the source declares, in its order, the facts that cite it."""
    facts = citing_facts(ctx, e.id)
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
