"""Views of the graph that narrative pages embed with `<!-- atlas:NAME options -->`.

- `atlas:timeline`: every dated fact (attributes with a year or date, relations with since/until),
  optionally between two dates (`from`, `to`) or about one entity type.
- `atlas:table`: the entities of one type with chosen attributes and relations, and bars for a size.
- `atlas:matrix`: pairs of entities linked by chosen relation types, as a grid (hosts and images).
- `atlas:glossary`: every entity's name, aliases and summary, A to Z.
- `atlas:sources`: every source with its publisher, dates and how much of the site cites it.
- `atlas:changes`: what appeared and disappeared between two dates, drawn on the whole graph and listed.
- `atlas:typemap`: the map of the graph by entity type, for a home page.
- `atlas:view`: a block diagram of chosen entities in layers, with the relations between them and
  an interactive graph laid out the same way.

Each returns HTML (every contributor string escaped) and the problems found in its options.
"""

from __future__ import annotations

from typing import Any

from . import dates
from .build import entities as declared
from .model import Attribute, Diagnostic, Schema
from .render.context import drawn_shape
from .render import UNITS_MB, Context, esc, graphs, history, relative_url, type_index_path


class ViewError(Exception):
    pass


def render_directive(r: Context, name: str, options: dict[str, Any], page_url: str) -> str:
    """HTML for one directive; raises ViewError with a message a contributor can act on."""
    views = {"timeline": timeline, "table": table, "view": view, "matrix": matrix, "glossary": glossary,
             "sources": sources, "changes": changes, "typemap": typemap}
    if name not in views:
        raise ViewError(f"unknown view 'atlas:{name}' (use one of: {', '.join(sorted(views))})")
    return views[name](r, options, page_url)


def directive_diagnostic(path: str, line: int, name: str, exc: ViewError) -> Diagnostic:
    return Diagnostic(path, line, "G017", f"'atlas:{name}': {exc}")


def _list(options: dict[str, Any], key: str) -> list[str]:
    value = options.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ViewError(f"{key!r} must be a list of names")
    return value


def _date_option(options: dict[str, Any], key: str) -> str:
    value = options.get(key)
    if value is None:
        return ""
    if not dates.is_date(value):
        raise ViewError(f"{key!r} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {str(value)[:40]!r}")
    return dates.normal(value)


def timeline(r: Context, options: dict[str, Any], page_url: str) -> str:
    """Every dated fact of the site in order; `from` and `to` keep those within two dates, `type` those
    about entities of one type."""
    start, end = _date_option(options, "from"), _date_option(options, "to")
    type_id = options.get("type")
    if type_id is not None and type_id not in r.schema.entity_types:
        raise ViewError(f"'type' must be an entity type of the schema, not {type_id!r}")
    chosen = [e for e in declared(r.G) if type_id is None or e.type == type_id]
    facts = [f for f in history.dated_facts(r, page_url, chosen)
             if (not start or not dates.before(f.date, start)) and (not end or not dates.before(end, f.date))]
    return history.facts_table(facts)


def _in_mb(a: Attribute) -> float | None:
    if isinstance(a.value, bool) or not isinstance(a.value, (int, float)):
        return None
    factor = UNITS_MB.get(a.unit.upper())
    return a.value * factor if factor else None


def table(r: Context, options: dict[str, Any], page_url: str) -> str:
    """The entities of one type, a row each, with chosen attributes and relations (`inverse` for
    relations read from their target), their life (`life: true`), only those with no recorded end
    (`current: true`) or only those with one (`ended: true`), and bars for a size (`bar`)."""
    type_id = options.get("type")
    if type_id not in r.schema.entity_types:
        raise ViewError(f"'type' must be an entity type of the schema, not {type_id!r}")
    attributes = _list(options, "attributes")
    relations, inverse = _list(options, "relations"), _list(options, "inverse")
    for rid in relations + inverse:
        if rid not in r.schema.relation_types:
            raise ViewError(f"unknown relation type {rid!r} in 'relations' or 'inverse'")
    members = sorted(r.members(type_id), key=lambda e: e.title.casefold())
    if options.get("current"):
        members = [e for e in members if not r.G.nodes[e.id].get("end")]
    if options.get("ended"):
        members = [e for e in members if r.G.nodes[e.id].get("end")]
    head = "<th>Name</th>" + "".join(f"<th>{esc(a.replace('-', ' ').capitalize())}</th>" for a in attributes)
    head += "".join(f"<th>{esc(r.schema.relation_label(rid).capitalize())}</th>" for rid in relations)
    head += "".join(f"<th>{esc(r.schema.relation_label(rid, inverse=True).capitalize())}</th>" for rid in inverse)
    if options.get("life"):
        head += "<th>Life</th>"
    rows = []
    for e in members:
        by_name = {a.name: a for a in e.attributes}
        cells = [f"<td>{r.link(page_url, e.id)}</td>"]
        cells.extend(r.attribute_cell(page_url, by_name.get(name)) for name in attributes)
        for rid in relations:
            cells.append(_relation_cell(r, page_url, [(rel.target, rel) for rel in e.relations if rel.type == rid]))
        for rid in inverse:
            cells.append(_relation_cell(r, page_url, [(u, rel) for u, _, rel in r.G.in_edges(e.id, data="relation")
                                                      if rel.type == rid]))
        if options.get("life"):
            start, end = r.G.nodes[e.id].get("start"), r.G.nodes[e.id].get("end")
            text = f"{dates.human(start) if start else '…'} – {dates.human(end) if end else ''}" if start or end else "–"
            cells.append(f'<td data-sort="{esc(start or "")}">{esc(text.strip())}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    html = (f'<div class="atlas-compare"><table data-atlas-sortable><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div>")
    bar = options.get("bar")
    if bar:
        html += bars(r, members, str(bar), page_url)
    return html


def changes(r: Context, options: dict[str, Any], page_url: str) -> str:
    """Two dates side by side: the entities and relations that appeared and disappeared between them,
    drawn on the whole graph in two colour-blind-safe styles and listed with their citations. The
    page's script compares them from the graph's data; `from` is the first date it shows (the second
    is the reader's today), and the address keeps both (`?from=2018-07&to=2026-12`)."""
    start = _date_option(options, "from")
    if not start:
        raise ViewError("'from' is required: the date to compare with today, e.g. 'from: 2018-07'")
    month = start if start.count("-") == 1 else (start + "-01" if "-" not in start else start[:7])
    form = (f'<form class="atlas-toolbar atlas-changes-form" data-atlas-changes-form>'
            f'<label class="atlas-field">From <input type="month" name="from" value="{esc(month)}" required></label>'
            '<label class="atlas-field">To <input type="month" name="to" required></label>'
            '<button type="submit" class="md-button md-button--primary">Compare</button></form>'
            '<p class="atlas-status" role="status" aria-live="polite"></p>'
            '<ul class="atlas-legend atlas-changes-key" aria-label="Key">'
            '<li><span class="atlas-swatch atlas-change-added" aria-hidden="true"></span> appeared between the dates</li>'
            '<li><span class="atlas-swatch atlas-change-removed" aria-hidden="true"></span> disappeared between the dates '
            '(dashed)</li><li><span class="atlas-swatch atlas-change-same" aria-hidden="true"></span> '
            'there at both dates</li></ul>\n')
    lists = ('<div class="atlas-changes" data-atlas-changes-lists aria-live="polite"></div>\n')
    data = graphs.global_data(r) if r.sink is None else {}
    block = r.graph_block(page_url, data, "The whole graph, marked with what changed between the two dates", "changes",
                          controls=form, file_name="_global", below=lists)
    return block.replace('data-atlas-graph="changes"',
                         f'data-atlas-graph="changes" data-atlas-doc="{esc(relative_url(page_url, "graph.json"))}"', 1)


def typemap(r: Context, options: dict[str, Any], page_url: str) -> str:
    """The map of the whole graph: a node per entity type, sized by how many entities it has, an edge
    where relations link two types (the relation types, counted, on hover and in the list), a click
    opening the type's index. The list below it says the same in words."""
    import math

    import networkx as nx

    from .layout import compute_layout

    counts = {t: len(r.members(t)) for t in r.schema.entity_types if t != Schema.SOURCE_TYPE}
    counts = {t: c for t, c in counts.items() if c}
    links: dict[tuple[str, str], dict[str, int]] = {}
    for u, v, rel in r.G.edges(data="relation"):
        a, b = r.entity(u), r.entity(v) if not r.G.nodes[v]["missing"] else None
        if a is None or b is None or a.type not in counts or b.type not in counts or a.type == b.type:
            continue
        pair = (a.type, b.type)
        links.setdefault(pair, {})
        links[pair][rel.type] = links[pair].get(rel.type, 0) + 1
    T = nx.MultiDiGraph()
    T.add_nodes_from(counts)
    T.add_edges_from(links)
    positions = compute_layout(T)
    top = max(counts.values())
    ordered = sorted(counts, key=lambda t: (-counts[t], t))
    nodes = []
    for t in sorted(counts):
        et = r.schema.entity_types[t]
        x, y = positions[t]
        nodes.append({"id": t, "label": f"{et.plural} ({counts[t]})", "type": t, "summary": et.description,
                      "url": relative_url(page_url, r.url_of(type_index_path(t))), "x": round(x * 1.6), "y": round(y * 1.6),
                      "size": round(10 + 22 * math.sqrt(counts[t] / top)), "rank": ordered.index(t)})
    edges = [{"from": a, "to": b, "types": sorted(types),
              "label": ", ".join(f"{r.schema.relation_label(k)} ({types[k]})" for k in sorted(types))}
             for (a, b), types in sorted(links.items())]
    data = {"centre": "", "nodes": nodes, "edges": edges,
            "types": {t: {"label": r.schema.entity_types[t].label, "colour": r.schema.entity_types[t].colour,
                          "shape": drawn_shape(r.schema.entity_types[t].shape)} for t in counts},
            "relationTypes": {}}
    block = r.graph_block(page_url, data, f"Map of the {len(counts)} entity types and the relations between them", "types")
    items = []
    for t in ordered:
        et = r.schema.entity_types[t]
        out = sorted({b for (a, b) in links if a == t} | {a for (a, b) in links if b == t},
                     key=lambda o: r.schema.entity_types[o].plural)
        linked = ", ".join(esc(r.schema.entity_types[o].plural) for o in out)
        items.append(f'<li><a href="{esc(relative_url(page_url, r.url_of(type_index_path(t))))}">{esc(et.plural)}</a> '
                     f'<span class="atlas-count">{counts[t]}</span>'
                     + (f" <span class=\"atlas-note\">linked to {linked}</span>" if linked else "") + "</li>")
    return (block + f'\n<details class="atlas-graph-text"><summary>The map as a list</summary>'
            f'<ul class="atlas-typemap-list">{"".join(items)}</ul></details>')


def _relation_cell(r: Context, page_url: str, items: list) -> str:
    parts = []
    for other, rel in sorted(items, key=lambda item: r.sort_title(item[0])):
        dated = f' <span class="atlas-note">({esc(r.qualifiers(rel))})</span>' if rel.since or rel.until else ""
        parts.append(f"{r.link(page_url, other)}{dated} {r.cite(page_url, rel.citations)}")
    return f"<td>{', '.join(parts) if parts else '–'}</td>"


def matrix(r: Context, options: dict[str, Any], page_url: str) -> str:
    """Pairs of entities as a grid: a row per subject, a column per target of the chosen relation types
    (`relations`: type -> the word a cell shows), each cell the relations that hold, cited. Rows and
    columns in order of their start of life, then title."""
    chosen = options.get("relations")
    if not isinstance(chosen, dict) or not chosen or not all(isinstance(v, str) for v in chosen.values()):
        raise ViewError("'relations' must map relation types to the word a cell shows, e.g. "
                        "{hosts-process-isolated: process}")
    for rid in chosen:
        if rid not in r.schema.relation_types:
            raise ViewError(f"unknown relation type {rid!r} in 'relations'")
    cells: dict[tuple[str, str], list] = {}
    for u, v, rel in r.G.edges(data="relation"):
        if rel.type in chosen and not r.G.nodes[v]["missing"]:
            cells.setdefault((u, v), []).append(rel)
    if not cells:
        raise ViewError("no page declares any of these relations")

    def order(node: str) -> tuple:
        start = r.G.nodes[node].get("start")
        return (dates.first_day(start) or (9999, 0, 0), r.sort_title(node))

    rows = sorted({u for u, _ in cells}, key=order)
    columns = sorted({v for _, v in cells}, key=order)
    corner = esc(str(options.get("corner") or "Host ↓ / image →"))
    head = f'<th scope="col">{corner}</th>' + "".join(f'<th scope="col">{r.link(page_url, c)}</th>' for c in columns)
    body = []
    for row in rows:
        out = [f'<th scope="row">{r.link(page_url, row)}</th>']
        for col in columns:
            rels = sorted(cells.get((row, col), []), key=lambda rel: list(chosen).index(rel.type))
            if not rels:
                out.append('<td class="atlas-matrix-none" aria-label="not supported">–</td>')
                continue
            marks = "<br>".join(f"{esc(chosen[rel.type])} {r.cite(page_url, rel.citations)}" for rel in rels)
            out.append(f'<td class="atlas-matrix-yes">{marks}</td>')
        body.append(f"<tr>{''.join(out)}</tr>")
    legend = "; ".join(f"<em>{esc(word)}</em>: {esc(r.schema.relation_label(rid))}" for rid, word in chosen.items())
    return (f'<div class="atlas-matrix"><table><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
            f'<p class="atlas-note">{legend}; –: not listed as supported.</p>')


def glossary(r: Context, options: dict[str, Any], page_url: str) -> str:
    """Every entity (sources apart) by name, A to Z: its type, aliases and summary; each alias also
    has an entry that points to the name."""
    entries: list[tuple[str, str]] = []  # (sort key, HTML)
    for e in declared(r.G):
        if e.type == Schema.SOURCE_TYPE or e.type not in r.schema.entity_types:
            continue
        also = f'<p class="atlas-aliases">Also: {esc(", ".join(e.aliases))}</p>' if e.aliases else ""
        entries.append((e.title.casefold(), f'<dt id="g-{esc(e.id)}">{r.link(page_url, e.id)} '
                        f'<span class="atlas-node-type">{esc(r.type_label(e.type))}</span></dt>'
                        f"<dd><p>{esc(e.summary)}</p>{also}</dd>"))
        for alias in e.aliases:
            if alias.casefold() != e.title.casefold():
                entries.append((alias.casefold(), f"<dt>{esc(alias)}</dt><dd><p>See {r.link(page_url, e.id)}.</p></dd>"))
    entries.sort(key=lambda item: item[0])
    out, letter = [], None
    for key, html in entries:
        first = key[:1].upper() if key[:1].isalpha() else "#"
        if first != letter:
            if letter is not None:
                out.append("</dl>")
            out.append(f'<h3 id="glossary-{esc(first.lower())}">{esc(first)}</h3><dl class="atlas-glossary">')
            letter = first
        out.append(html)
    if letter is not None:
        out.append("</dl>")
    return "".join(out)


def sources(r: Context, options: dict[str, Any], page_url: str) -> str:
    """Every source: publisher, dates, how many places of it are cited and how many facts cite it."""
    cited: dict[str, int] = {}
    places: dict[str, set[str]] = {}
    for e in declared(r.G):
        for fact in (*e.relations, *e.attributes):
            for c in fact.citations:
                cited[c.source] = cited.get(c.source, 0) + 1
                places.setdefault(c.source, set()).add(c.locator)
    rows = []
    for e in sorted(r.members(Schema.SOURCE_TYPE), key=lambda e: (-cited.get(e.id, 0), e.title.casefold())):
        info = e.source_info
        rows.append(f"<tr><td>{r.link(page_url, e.id)}</td><td>{esc(info.get('publisher', ''))}</td>"
                    f'<td data-sort="{esc(info.get("published", ""))}">{esc(info.get("published", "–"))}</td>'
                    f'<td data-sort="{esc(info.get("updated", ""))}">{esc(info.get("updated", "–"))}</td>'
                    f'<td data-sort="{len(places.get(e.id, ())):06d}">{len(places.get(e.id, ()))}</td>'
                    f'<td data-sort="{cited.get(e.id, 0):06d}">{cited.get(e.id, 0)}</td></tr>')
    return ('<div class="atlas-compare"><table data-atlas-sortable><thead><tr><th>Source</th><th>Publisher</th>'
            '<th>Published</th><th>Updated</th><th>Places cited</th><th>Facts citing it</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def bars(r: Context, members, name: str, page_url: str) -> str:
    values = []
    for e in members:
        a = next((a for a in e.attributes if a.name == name), None)
        mb = _in_mb(a) if a is not None else None
        if mb is not None:
            values.append((e, a, mb))
    if not values:
        raise ViewError(f"no entity of this type has a size attribute {name!r} in KB, MB, GB or TB")
    top = max(v for _, _, v in values) or 1.0
    values.sort(key=lambda item: item[2])
    rows = []
    for e, a, mb in values:
        share = max(0.5, 100.0 * mb / top)
        rows.append(f'<li><span class="atlas-bar-label">{r.link(page_url, e.id)}</span>'
                    f'<span class="atlas-bar" style="--atlas-share: {share:.1f}%" aria-hidden="true"></span>'
                    f'<span class="atlas-bar-value">{esc(r.value(a))}</span></li>')
    return (f'<ul class="atlas-bars" aria-label="{esc(name.replace("-", " "))}, smallest first">{"".join(rows)}</ul>')


def view(r: Context, options: dict[str, Any], page_url: str) -> str:
    title = options.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ViewError("'title' is required: name what the diagram shows")
    layers = options.get("layers")
    if not isinstance(layers, list) or not layers:
        raise ViewError("'layers' must be a list of rows, top first, each a list of ids")
    rows: list[list[str]] = []
    for layer in layers:
        row = [layer] if isinstance(layer, str) else layer
        if not isinstance(row, list) or not all(isinstance(i, str) for i in row):
            raise ViewError("each layer must be a list of ids")
        for node in row:
            if node not in r.G or r.G.nodes[node]["missing"]:
                raise ViewError(f"{node!r} is not the id of any page")
        rows.append(row)
    nodes = [n for row in rows for n in row]
    # The block diagram: one band per layer, one block per entity, coloured by type.
    bands = []
    for row in rows:
        blocks = "".join(
            f'<li class="atlas-block" style="--atlas-type-colour: {r.schema.entity_types[e.type].colour if e.type in r.schema.entity_types else "#888"}">'
            f'{r.link(page_url, e.id)}<span class="atlas-block-type">{esc(r.type_label(e.type))}</span></li>'
            for e in (r.entity(n) for n in row))
        bands.append(f'<ol class="atlas-band">{blocks}</ol>')
    # The relations among the chosen entities, as sentences: the diagram's text alternative.
    sentences = []
    for u, v, rel in sorted(r.G.subgraph(nodes).edges(data="relation"), key=lambda e: (nodes.index(e[0]), e[2].type, nodes.index(e[1]))):
        sentences.append(f"<li>{r.link(page_url, u)} <em>{esc(r.schema.relation_label(rel.type))}</em> "
                         f"{r.link(page_url, v)} {r.cite(page_url, rel.citations)}</li>")
    positions = {}
    for y, row in enumerate(rows):
        for x, node in enumerate(row):
            positions[node] = (round((x - (len(row) - 1) / 2) * 190.0, 1), round(y * 110.0, 1))
    graph = r.graph_block(page_url, r.graph_data(page_url, positions), f"Graph: {title}", "view")
    relations = (f'<details class="atlas-view-relations"><summary>How these parts relate ({len(sentences)} relations)'
                 f'</summary><ul>{"".join(sentences)}</ul></details>') if sentences else ""
    return (f'<figure class="atlas-view"><figcaption>{esc(title)}</figcaption>'
            f'<div class="atlas-blocks">{"".join(bands)}</div></figure>\n\n{relations}\n\n{graph}')
