"""Index pages: a sortable table per entity type, and every entity with facets to narrow them."""

from __future__ import annotations

from ..build import entities as declared
from .context import FACETS_PAGE, Context, esc, type_index_path


def type_index_markdown(ctx: Context, type_id: str) -> str:
    """A sortable table of the type's entities with their key attributes (those most members have)."""
    etype = ctx.schema.entity_types[type_id]
    url = ctx.url_of(type_index_path(type_id))
    members = sorted(ctx.members(type_id), key=lambda e: e.title.casefold())
    parts = [ctx.raw(f"<p class=\"atlas-type-description\">{esc(etype.description)}</p>")
             if etype.description else ""]
    if not members:
        parts.append(ctx.raw('<p class="atlas-empty">No pages of this type yet.</p>'))
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
        cells = [f'<td data-sort="{esc(e.title.casefold())}">{ctx.link(url, e.id)}</td>']
        cells.extend(ctx.attribute_cell(url, by_name.get(name)) for name in columns)
        degree = ctx.G.degree(e.id)
        cells.append(f'<td data-sort="{degree:08d}">{degree}</td><td>{esc(e.summary)}</td>')
        rows.append(f"<tr>{''.join(cells)}</tr>")
    parts.append(ctx.raw(f'<div class="atlas-index"><table data-atlas-sortable>'
                          f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>",
                          searchable=False))
    return "\n\n".join(p for p in parts if p) + "\n"


def facets_markdown(ctx: Context) -> str:
    """Every entity, with facets to narrow them: type, attribute values, relations."""
    url = ctx.url_of(FACETS_PAGE)
    entities = sorted(declared(ctx.G), key=lambda e: e.title.casefold())
    groups: list[tuple[str, list[tuple[str, str, list[str]]]]] = []  # (group, [(key, label, ids)])
    by_type = [(f"type:{t}", et.plural, [e.id for e in entities if e.type == t])
               for t, et in ctx.schema.entity_types.items()]
    groups.append(("Type", [f for f in by_type if f[2]]))
    values: dict[tuple[str, str], list[str]] = {}
    for e in entities:
        for a in e.attributes:
            values.setdefault((a.name, ctx.value(a)), []).append(e.id)
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
            if not ctx.G.nodes[rel.target]["missing"]:
                pairs.setdefault((rel.type, rel.target), []).append(e.id)
    relation_facets = []
    for (rtype, target), ids in sorted(pairs.items(), key=lambda item: (-len(set(item[1])), item[0]))[:40]:
        if len(set(ids)) < 2:
            continue
        label = ctx.schema.relation_label(rtype)
        relation_facets.append((f"rel:{rtype}>{target}", f"{label} {ctx.entity(target).title}",
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
    rows = "".join(f'<tr data-atlas-facets="{" ".join(index[e.id])}"><td>{ctx.link(url, e.id)}</td>'
                   f'<td>{esc(ctx.type_label(e.type))}</td><td>{esc(e.summary)}</td></tr>' for e in entities)
    html_text = (f'<div class="atlas-facets" data-atlas-facets-root>{"".join(controls)}'
                 f'<p class="atlas-status" role="status" aria-live="polite">{len(entities)} entities</p>'
                 f'<button type="button" class="md-button" data-action="clear-facets">Clear all facets</button>'
                 f'<div class="atlas-index"><table data-atlas-sortable><thead><tr><th scope="col" aria-sort="ascending">Name</th>'
                 f'<th scope="col">Type</th><th scope="col">Summary</th></tr></thead><tbody>{rows}</tbody></table></div></div>')
    intro = ("Narrow the entities down by type, by the value of an attribute, or by a relation they share: "
             "within a group, any ticked facet matches; across groups, all must. The address keeps the "
             "choice, so you can share it.")
    return f"{intro}\n\n{ctx.raw(html_text, searchable=False)}\n"
