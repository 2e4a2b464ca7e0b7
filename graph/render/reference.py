"""Reference pages: the schema, and every diagnostic code with an example of the mistake and its fix."""

from __future__ import annotations

from .context import REFERENCE_DIR, Context, esc


def schema_markdown(ctx: Context) -> str:
    url = ctx.url_of(f"{REFERENCE_DIR}/schema.md")
    rows = ['<div class="atlas-schema"><table><thead><tr><th>Entity type</th><th>Id</th><th>Shape</th>'
            '<th>Description</th></tr></thead><tbody>']
    for tid, t in ctx.schema.entity_types.items():
        rows.append(f"<tr><td>{ctx.type_link(url, tid)}</td><td><code>{esc(tid)}</code></td>"
                    f"<td>{esc(t.shape)}</td><td>{esc(t.description)}</td></tr>")
    rows.append("</tbody></table></div>")
    rel = ['<div class="atlas-schema"><table><thead><tr><th>Relation type</th><th>Reads</th><th>Inverse reads</th>'
           '<th>From</th><th>To</th><th>Meaning</th></tr></thead><tbody>']
    for rid, r in ctx.schema.relation_types.items():
        ends = [", ".join(ctx.type_label(t) for t in side) if side is not None else "any"
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
           "Each check's severity (`error`, `warn`, `info` or `ignore`) can be set under the plugin's `checks:` "
           "option in `mkdocs.yml`; `mkdocs build --strict` fails on any error or warning. A note (`info`) is "
           "printed by the build and by `python -m graph check` and fails neither.\n"]
    for code in sorted(codes):
        c = codes[code]
        out.append(f'<h2 id="{esc(code.lower())}">{esc(code)}: {esc(c.title)}</h2>\n')
        out.append(f'<p>Default severity: <strong>{esc(c.severity)}</strong>.</p>\n')
        if c.wrong:
            out.append(f'<div class="atlas-example"><p>Wrong:</p><pre><code>{esc(c.wrong)}</code></pre>'
                       f'<p>Right:</p><pre><code>{esc(c.fix)}</code></pre></div>\n')
    return "\n".join(out)
