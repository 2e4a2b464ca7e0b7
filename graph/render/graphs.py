"""The graph pages: the whole graph with its controls, and the connections between two entities."""

from __future__ import annotations

from typing import Any

from ..layout import global_nodes
from ..model import Schema, paragraph_number
from .context import (CONNECTIONS_PAGE, GRAPH_PAGE, Context, drawn_shape, esc, graph_json, relative_url, time_control,
                      type_index_path)


def global_data(ctx: Context) -> dict[str, Any]:
    """The global graph's data: every node it draws (see `layout.global_nodes`) at its laid-out position, as
    rows (`Context.graph_data`): the first frame waits for this file to be read."""
    positions = ctx.layout.positions
    return ctx.graph_data(ctx.url_of(GRAPH_PAGE), dict(positions), rows=True)


def global_markdown(ctx: Context) -> str:
    url = ctx.url_of(GRAPH_PAGE)
    count = sum(1 for n in global_nodes(ctx.G) if not ctx.G.nodes[n]["missing"])
    data = global_data(ctx, ) if ctx.sink is None else {}  # with a sink, the data is a file of its own
    controls = ('<div class="atlas-toolbar" role="toolbar" aria-label="Graph controls">'
                '<input type="search" class="atlas-search" placeholder="Find an entity by name or alias" '
                'aria-label="Find an entity by name or alias" autocomplete="off" list="atlas-names">'
                '<datalist id="atlas-names"></datalist>'
                '<button type="button" class="md-button" data-action="fit" aria-label="Zoom to fit">'
                '<span class="atlas-wide">Zoom to fit</span><span class="atlas-narrow">Fit</span></button>'
                '<button type="button" class="md-button" data-action="reset">Reset</button></div>\n'  # + full.js's
                + '<div class="atlas-folds">'
                + '<details class="atlas-filters"><summary>Filters</summary><div class="atlas-fold">\n'
                + legend_html(ctx, url) + "\n" + relation_filter_html(ctx) + "</div></details>\n"
                + '<details class="atlas-about"><summary>About this graph</summary><div class="atlas-fold">'
                + f'<p class="atlas-lede">All {count} entities of the atlas and the {ctx.G.number_of_edges()} '
                f'relations between them, as they stand on a date: today unless you move the slider under the '
                f'graph, or press Play to watch the years go by, the month\'s dated facts told in captions with '
                f'their sources (arrow keys move it a month, Page Up and Page Down a year). Ideas have no dates '
                f'and show at every date; a thing whose start no source records yet is drawn hollow at past '
                f'dates. Hover a node for its summary; select it to see its relations, its status on that date '
                f'and a link to its page (double-click opens it). Untick a type under Filters to hide it; type a '
                f'name to find it. Drag to pan, scroll or pinch to zoom; zoomed in, the overview in the corner '
                f'shows where you are. Full window (or the F key) gives the graph the whole screen; Esc leaves '
                f'it. The address keeps what you see, so you can share it.</p></div></details></div>\n')
    aside = ('<aside class="atlas-panel" aria-live="polite" aria-label="Selected entity" hidden></aside>')
    story_src = relative_url(url, ctx.sink("_story", {})) if ctx.sink is not None else ""
    captions = (f'<div class="atlas-captions" data-atlas-story="{esc(story_src)}" role="log" aria-live="polite" '
                f'aria-label="What happened in the months shown" hidden></div>')
    parts = [ctx.raw(part, searchable=False) for part in [
        ctx.graph_block(url, data, f"Graph of all {count} entities and their relations", "global",
                        controls=controls, aside=captions + aside, file_name="_global",
                        below=time_control("Show the graph as of")),
        f'<p class="atlas-graph-text">The same graph as data: '
        f'<a href="{esc(relative_url(url, "graph.json"))}">graph.json</a>, '
        f'<a href="{esc(relative_url(url, "graph.graphml"))}">graph.graphml</a> (for networkx, Gephi, yEd), '
        f'<a href="{esc(relative_url(url, "graph.jsonld"))}">graph.jsonld</a> and '
        f'<a href="{esc(relative_url(url, "graph.ttl"))}">graph.ttl</a> (linked data, for a triple store). '
        f'As text: the index pages of each type, linked from the legend. The sources are not drawn: the facts '
        f'that cite them link them, and their own index lists them.</p>',
    ]]
    return "\n\n".join(parts) + "\n"


def legend_html(ctx: Context, page_url: str) -> str:
    items = []
    shown = set(global_nodes(ctx.G))
    for tid, t in ctx.schema.entity_types.items():
        count = sum(1 for e in ctx.members(tid) if e.id in shown)
        if not count:
            continue
        href = relative_url(page_url, ctx.url_of(type_index_path(tid)))
        items.append(f'<li><label><input type="checkbox" checked data-atlas-type="{esc(tid)}" '
                     f'aria-label="Show {esc(t.plural)}"> <span class="atlas-swatch atlas-shape-{esc(drawn_shape(t.shape))}" '
                     f'style="--atlas-type-colour: {t.colour}" aria-hidden="true"></span></label>'
                     f'<a href="{esc(href)}">{esc(t.plural)}</a> <span class="atlas-count">{count}</span></li>')
    undated = sum(1 for n in shown if ctx.G.nodes[n]["undated"])
    if undated:  # counted by the script at each date; drawn hollow at past dates
        items.append(f'<li class="atlas-legend__undated"><span class="atlas-swatch atlas-swatch--hollow" '
                     f'aria-hidden="true"></span><span>Undated: no start recorded, drawn hollow at past dates</span> '
                     f'<span class="atlas-count" data-atlas-undated>{undated}</span></li>')
    return f'<ul class="atlas-legend" aria-label="Entity types">{"".join(items)}</ul>'


def relation_filter_html(ctx: Context) -> str:
    """A checkbox per relation type the global graph has, with how many of its edges carry it."""
    counts: dict[str, int] = {}
    for outs in ctx.merged_relations().values():
        for edge in outs:
            for t in edge.types:
                counts[t] = counts.get(t, 0) + 1
    items = []
    for rid, r in ctx.schema.relation_types.items():
        count = counts.get(rid, 0)
        if not count:
            continue
        items.append(f'<li><label><input type="checkbox" checked data-atlas-relation="{esc(rid)}"> '
                     f'{esc(r.label)} <span class="atlas-count">{count}</span></label></li>')
    return (f'<details class="atlas-relation-filter"><summary>Relation types</summary>'
            f'<ul class="atlas-legend" aria-label="Relation types">{"".join(items)}</ul></details>')


def connections_markdown(ctx: Context) -> str:
    """The page that answers "how are these two connected", client-side over graph.json."""
    url = ctx.url_of(CONNECTIONS_PAGE)
    types = {t: {"label": et.label, "colour": et.colour, "shape": drawn_shape(et.shape)}
             for t, et in ctx.schema.entity_types.items()}
    relations = {r: {"label": rt.label, "inverse": rt.inverse} for r, rt in ctx.schema.relation_types.items()}
    sections = {}  # the headings of the named sections that citations give, to show them as the entity pages do
    for e in ctx.members(Schema.SOURCE_TYPE):
        named = {loc.id: loc.title for loc in e.source_info.get("locators", {}).values() if paragraph_number(loc.id) is None}
        if named:
            sections[e.id] = named
    form = (f'<form class="atlas-connections" data-atlas-connections '
            f'data-atlas-root="{esc(relative_url(url, ""))}" '
            f'data-atlas-types="{esc(graph_json(types))}" data-atlas-relations="{esc(graph_json(relations))}" '
            f'data-atlas-sections="{esc(graph_json(sections))}">'
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
    return f"{intro}\n\n{ctx.raw(form)}\n"
