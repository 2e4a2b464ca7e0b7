"""Views of the graph that narrative pages embed with `<!-- atlas:NAME options -->`.

- `atlas:timeline`: every dated fact (attributes with a year or date, relations with since/until).
- `atlas:table`: the entities of one type with chosen attributes and relations, and bars for a size.
- `atlas:view`: a block diagram of chosen entities in layers, with the relations between them and
  an interactive graph laid out the same way.

Each returns HTML (every contributor string escaped) and the problems found in its options.
"""

from __future__ import annotations

import re
from typing import Any

from .model import Attribute, Diagnostic
from .build import entities as declared
from .render import UNITS_MB, Context, esc

DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


class ViewError(Exception):
    pass


def render_directive(r: Context, name: str, options: dict[str, Any], page_url: str) -> str:
    """HTML for one directive; raises ViewError with a message a contributor can act on."""
    views = {"timeline": timeline, "table": table, "view": view}
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


def _date_text(value: str) -> str:
    m = DATE.match(value)
    if not m:
        return value
    year, month, day = m.groups()
    if month and 1 <= int(month) <= 12:
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}" if day else f"{MONTHS[int(month) - 1]} {year}"
    return year


def timeline(r: Context, options: dict[str, Any], page_url: str) -> str:
    rows: list[tuple[str, str, str, str]] = []  # (sort key, date, event html, citation html)
    for e in declared(r.G):
        for a in e.attributes:
            text = str(a.value)
            if isinstance(a.value, (int, str)) and DATE.match(text):
                note = f" ({esc(a.note)})" if a.note else ""
                event = f"{r.link(page_url, e.id)}: {esc(a.name.replace('-', ' '))}{note}"
                rows.append((text, _date_text(text), event, r.cite(page_url, a.citations)))
        for rel in e.relations:
            label = esc(r.schema.relation_label(rel.type))
            for when, word in ((rel.since, "from"), (rel.until, "until")):
                if when and DATE.match(when):
                    note = f" ({esc(rel.note)})" if rel.note else ""
                    event = f"{r.link(page_url, e.id)} <em>{label}</em> {r.link(page_url, rel.target)}, {word} then{note}"
                    rows.append((when, _date_text(when), event, r.cite(page_url, rel.citations)))
    if not rows:
        return '<p class="atlas-empty">No dated facts yet.</p>'
    rows.sort(key=lambda row: (row[0], re.sub("<[^>]+>", "", row[2]).casefold()))
    body = "".join(f'<tr><td class="atlas-date">{esc(date)}</td><td>{event}</td><td>{cite}</td></tr>'
                   for _, date, event, cite in rows)
    return (f'<div class="atlas-timeline"><table><thead><tr><th>When</th><th>What</th><th>Source</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def _in_mb(a: Attribute) -> float | None:
    if isinstance(a.value, bool) or not isinstance(a.value, (int, float)):
        return None
    factor = UNITS_MB.get(a.unit.upper())
    return a.value * factor if factor else None


def table(r: Context, options: dict[str, Any], page_url: str) -> str:
    type_id = options.get("type")
    if type_id not in r.schema.entity_types:
        raise ViewError(f"'type' must be an entity type of the schema, not {type_id!r}")
    attributes = _list(options, "attributes")
    relations = _list(options, "relations")
    for rid in relations:
        if rid not in r.schema.relation_types:
            raise ViewError(f"unknown relation type {rid!r} in 'relations'")
    members = sorted(r.members(type_id), key=lambda e: e.title.casefold())
    head = "<th>Name</th>" + "".join(f"<th>{esc(a.replace('-', ' ').capitalize())}</th>" for a in attributes)
    head += "".join(f"<th>{esc(r.schema.relation_types[rid].label.capitalize())}</th>" for rid in relations)
    rows = []
    for e in members:
        by_name = {a.name: a for a in e.attributes}
        cells = [f"<td>{r.link(page_url, e.id)}</td>"]
        cells.extend(r.attribute_cell(page_url, by_name.get(name)) for name in attributes)
        for rid in relations:
            items = [f"{r.link(page_url, rel.target)} {r.cite(page_url, rel.citations)}"
                     for rel in e.relations if rel.type == rid]
            cells.append(f"<td>{', '.join(items) if items else '–'}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    html = (f'<div class="atlas-compare"><table data-atlas-sortable><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody>'
            f"</table></div>")
    bar = options.get("bar")
    if bar:
        html += bars(r, members, str(bar), page_url)
    return html


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
