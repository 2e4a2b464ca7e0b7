"""What a change does to the knowledge graph: two built graphs in, the facts added, removed and changed out.

A pure stage over two `pipeline.Result`s (reading them at git refs is `graph.review`'s business).
Facts are compared by what they are, not by where they are written: an entity by its id, an
attribute by (entity, name), a relation by (subject, type, target) and its place among relations of
that type and target. So moving a line changes nothing, and a relation whose target changed while
it kept a citation reads as retargeted rather than as one removed and one added.

Every change is told in words a reviewer reads ("uses containerd, since 2016-04 [docker-1-11#p3]"),
and the citations that moved are listed by source and locator too. Three formats: text for a
terminal, markdown for a job summary or a pull request comment, JSON for programs. Contributor text
is printed through `text.visible`, and escaped in markdown, so it cannot hide or fake anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field

import networkx as nx

from .build import entities
from .model import Attribute, Entity, Relation, Schema
from .text import WHITESPACE, visible

ARROW = "→"


@dataclass(frozen=True)
class Change:
    """One fact of one entity that is new, gone or different."""

    verb: str  # added, removed, changed, retargeted, citation moved
    kind: str  # entity, field, attribute, relation, source
    fact: str  # the fact in words, e.g. "uses containerd, since 2016-04", or "released 2016 → 2017"
    citations: tuple[str, ...] = ()  # as the fact cites now (or cited, when removed)
    before_citations: tuple[str, ...] = ()  # when the citations changed: what they were
    path: str = ""  # where the fact is written (the head's page; the base's when removed)
    line: int = 0


@dataclass(frozen=True)
class EntityChanges:
    id: str
    title: str
    type: str
    status: str  # added, removed, changed
    path: str  # the page, relative to the docs folder
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class LocatorChanges:
    """A source's locator whose citing facts changed."""

    citation: str  # source#locator
    gained: tuple[str, ...]  # "Docker Engine: uses containerd"
    lost: tuple[str, ...]


@dataclass
class GraphDiff:
    base: str  # how to name each side: a ref, or "the working tree"
    head: str
    entities: list[EntityChanges] = field(default_factory=list)
    locators: list[LocatorChanges] = field(default_factory=list)
    problems: dict[str, dict[str, int]] = field(default_factory=dict)  # side -> errors, warnings

    def __bool__(self) -> bool:
        return bool(self.entities or self.locators)

    def counts(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0}
        for e in self.entities:
            out[e.status] += 1
        return out


# --- comparing ----------------------------------------------------------------------------------

def _title(G: nx.MultiDiGraph, node: str) -> str:
    entity = G.nodes[node]["entity"] if node in G else None
    return entity.title if entity is not None else node


def _cites(citations) -> tuple[str, ...]:
    return tuple(str(c) for c in citations)


def _value(a: Attribute) -> str:
    return f"{a.value} {a.unit}".strip() if a.unit else str(a.value)


def _relation_words(rel: Relation, G: nx.MultiDiGraph, schema: Schema) -> str:
    dated = (f", since {rel.since}" if rel.since else "") + (f", until {rel.until}" if rel.until else "")
    return f"{schema.relation_label(rel.type)} {_title(G, rel.target)}{dated}"


def _dates(rel: Relation) -> str:
    return ", ".join(f"{k} {v}" for k, v in (("since", rel.since), ("until", rel.until)) if v) or "undated"


def _relations_by_key(e: Entity) -> dict[tuple[str, str, int], Relation]:
    """Relations keyed (type, target, n): the n-th of that type and target on the page (G208 warns of n > 0)."""
    out: dict[tuple[str, str, int], Relation] = {}
    seen: dict[tuple[str, str], int] = {}
    for rel in e.relations:
        n = seen.get((rel.type, rel.target), 0)
        seen[(rel.type, rel.target)] = n + 1
        out[(rel.type, rel.target, n)] = rel
    return out


def _life(schema: Schema, e: Entity, name: str) -> str:
    etype = schema.entity_types.get(e.type)
    if etype is None:
        return ""
    return " (its start)" if name in etype.start else " (its end)" if name in etype.end else ""


def _source_fields(e: Entity) -> dict[str, str]:
    info = e.source_info
    out = {k: str(info[k]) for k in ("publisher", "published", "updated", "url", "paragraphs") if k in info}
    for loc in info.get("locators", {}).values():
        if loc.id.startswith("p") and loc.id[1:].isdigit():
            continue  # paragraphs are counted above
        out[f"section {loc.id}"] = loc.title
    return out


def _entity_changes(old: Entity | None, new: Entity | None, base: nx.MultiDiGraph, head: nx.MultiDiGraph,
                    schema: Schema) -> list[Change]:
    """The changes of one entity: everything it declares when it is added or removed."""
    out: list[Change] = []
    now = new or old
    G = head if new is not None else base

    def add(verb: str, kind: str, fact: str, cites=(), before=(), at: tuple[str, int] | None = None) -> None:
        out.append(Change(verb, kind, fact, tuple(cites), tuple(before), *(at or (now.path, now.line))))

    if old is None or new is None:
        verb = "added" if old is None else "removed"
        add(verb, "entity", f"{now.type} {now.title!r}: {now.summary}")
        for alias in now.aliases:
            add(verb, "field", f"alias {alias!r}", at=(now.path, now.lines.get(f"alias:{alias}", now.line)))
        for name, v in _source_fields(now).items():
            add(verb, "source", f"{name}: {v}")
        for a in now.attributes:
            add(verb, "attribute", f"{a.name} {_value(a)}{_life(schema, now, a.name)}", _cites(a.citations),
                at=(a.path, a.line))
        for rel in now.relations:
            add(verb, "relation", _relation_words(rel, G, schema), _cites(rel.citations), at=(rel.path, rel.line))
        return out

    if old.path != new.path:
        add("changed", "field", f"page {old.path} {ARROW} {new.path}")
    for key in ("title", "type", "summary"):
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            add("changed", "field", f"{key} {a!r} {ARROW} {b!r}", at=(new.path, new.line_of(key)))
    for alias in old.aliases:
        if alias not in new.aliases:
            add("removed", "field", f"alias {alias!r}", at=(old.path, old.lines.get(f"alias:{alias}", old.line)))
    for alias in new.aliases:
        if alias not in old.aliases:
            add("added", "field", f"alias {alias!r}", at=(new.path, new.lines.get(f"alias:{alias}", new.line)))
    was, now_fields = _source_fields(old), _source_fields(new)
    for name in sorted(set(was) | set(now_fields)):
        a, b = was.get(name), now_fields.get(name)
        if a == b:
            continue
        verb = "added" if a is None else "removed" if b is None else "changed"
        add(verb, "source", f"{name}: {a} {ARROW} {b}" if verb == "changed" else f"{name}: {a if b is None else b}")

    old_attrs = {a.name: a for a in old.attributes}
    new_attrs = {a.name: a for a in new.attributes}
    for name in sorted(set(old_attrs) | set(new_attrs)):
        a, b = old_attrs.get(name), new_attrs.get(name)
        life = _life(schema, new, name)
        if b is None:
            add("removed", "attribute", f"{name} {_value(a)}{life}", _cites(a.citations), at=(old.path, a.line))
        elif a is None:
            add("added", "attribute", f"{name} {_value(b)}{life}", _cites(b.citations), at=(b.path, b.line))
        else:
            at = (b.path, b.line)
            if _value(a) != _value(b):
                add("changed", "attribute", f"{name} {_value(a)} {ARROW} {_value(b)}{life}", _cites(b.citations), at=at)
            if a.note != b.note:
                add("changed", "attribute", f"{name}: note {a.note!r} {ARROW} {b.note!r}", _cites(b.citations), at=at)
            if _cites(a.citations) != _cites(b.citations):
                add("citation moved", "attribute", f"{name} {_value(b)}", _cites(b.citations), _cites(a.citations), at)

    old_rels, new_rels = _relations_by_key(old), _relations_by_key(new)
    gone = [k for k in old_rels if k not in new_rels]
    came = [k for k in new_rels if k not in old_rels]
    for k in [k for k in old_rels if k in new_rels]:
        a, b = old_rels[k], new_rels[k]
        at = (b.path, b.line)
        words = _relation_words(b, head, schema)
        if (a.since, a.until) != (b.since, b.until):
            label = f"{schema.relation_label(b.type)} {_title(head, b.target)}"
            add("changed", "relation", f"{label}: {_dates(a)} {ARROW} {_dates(b)}", _cites(b.citations), at=at)
        if a.note != b.note:
            add("changed", "relation", f"{words}: note {a.note!r} {ARROW} {b.note!r}", _cites(b.citations), at=at)
        if _cites(a.citations) != _cites(b.citations):
            add("citation moved", "relation", words, _cites(b.citations), _cites(a.citations), at)
    # a relation of one type that lost its target and gained another, citing what it cited: retargeted
    for k in list(gone):
        a = old_rels[k]
        match = next((c for c in came if c[0] == k[0] and set(_cites(new_rels[c].citations)) & set(_cites(a.citations))),
                     None)
        if match is None:
            continue
        b = new_rels[match]
        gone.remove(k)
        came.remove(match)
        before = _cites(a.citations) if _cites(a.citations) != _cites(b.citations) else ()
        add("retargeted", "relation", f"{_relation_words(a, base, schema)} {ARROW} {_relation_words(b, head, schema)}",
            _cites(b.citations), before, (b.path, b.line))
    for k in gone:
        a = old_rels[k]
        add("removed", "relation", _relation_words(a, base, schema), _cites(a.citations), at=(old.path, a.line))
    for k in came:
        b = new_rels[k]
        add("added", "relation", _relation_words(b, head, schema), _cites(b.citations), at=(b.path, b.line))
    return out


def _citing(G: nx.MultiDiGraph, schema: Schema) -> dict[str, dict[tuple, str]]:
    """citation -> {the fact's identity: the fact in words} for every fact that cites it."""
    out: dict[str, dict[tuple, str]] = {}
    for e in entities(G):
        for a in e.attributes:
            for c in _cites(a.citations):
                out.setdefault(c, {})[(e.id, "attribute", a.name)] = f"{e.title}: {a.name} {_value(a)}"
        for (rtype, target, n), rel in _relations_by_key(e).items():
            for c in _cites(rel.citations):
                out.setdefault(c, {})[(e.id, "relation", rtype, target, n)] = \
                    f"{e.title}: {_relation_words(rel, G, schema)}"
    return out


def diff_graphs(base: nx.MultiDiGraph, head: nx.MultiDiGraph, schema: Schema,
                base_name: str = "base", head_name: str = "head") -> GraphDiff:
    """What changed from `base` to `head` (two built graphs), grouped by entity, sorted by id; and every
    locator whose citing facts changed. `schema` (the head's) gives the relations their words."""
    old = {e.id: e for e in entities(base)}
    new = {e.id: e for e in entities(head)}
    out = GraphDiff(base_name, head_name)
    for eid in sorted(set(old) | set(new)):
        a, b = old.get(eid), new.get(eid)
        changes = _entity_changes(a, b, base, head, schema)
        if changes:
            now = b or a
            status = "added" if a is None else "removed" if b is None else "changed"
            out.entities.append(EntityChanges(eid, now.title, now.type, status, now.path, tuple(changes)))
    was, now = _citing(base, schema), _citing(head, schema)
    for citation in sorted(set(was) | set(now)):
        a, b = was.get(citation, {}), now.get(citation, {})
        gained = tuple(sorted(b[k] for k in b.keys() - a.keys()))
        lost = tuple(sorted(a[k] for k in a.keys() - b.keys()))
        if gained or lost:
            out.locators.append(LocatorChanges(citation, gained, lost))
    return out


# --- formats ------------------------------------------------------------------------------------

def _summary(d: GraphDiff) -> str:
    if not d:
        return f"no change to the knowledge graph from {d.base} to {d.head}"
    c = d.counts()
    n = len(d.entities)
    facts = sum(len(e.changes) for e in d.entities)
    sources = len({loc.citation.split("#")[0] for loc in d.locators})
    return (f"{n} entit{'y' if n == 1 else 'ies'} ({c['added']} added, {c['changed']} changed, {c['removed']} "
            f"removed), {facts} fact{'' if facts == 1 else 's'}; citations changed at {len(d.locators)} "
            f"locator{'' if len(d.locators) == 1 else 's'} of {sources} source{'' if sources == 1 else 's'}")


def _problems(d: GraphDiff) -> list[str]:
    """A warning for each side whose pages have errors: a page that cannot be read is not in its graph."""
    return [f"{name} has {p['errors']} error{'' if p['errors'] == 1 else 's'} (run 'python -m graph check'): "
            "a page that cannot be read is missing from its graph and shows here as removed or added"
            for name, p in ((d.base, d.problems.get("base", {})), (d.head, d.problems.get("head", {})))
            if p.get("errors")]


def _cited(ch: Change) -> str:
    if ch.before_citations:
        return f" [{', '.join(ch.before_citations) or 'uncited'} {ARROW} {', '.join(ch.citations) or 'uncited'}]"
    return f" [{', '.join(ch.citations)}]" if ch.citations else ""


def format_text(d: GraphDiff, prefix: str = "") -> str:
    """For a terminal: one block per entity, one line per change; `prefix` names the docs folder."""
    lines = [f"warning: {p}" for p in _problems(d)]
    for e in d.entities:
        lines.append(f"{visible(e.title)} ({visible(e.id)}), {e.status}: {prefix}{e.path}")
        lines += [f"  {ch.verb}: {visible(ch.fact)}{_cited(ch)}" for ch in e.changes]
    if d.locators:
        lines.append("Sources whose locators gained or lost citations:")
        for loc in d.locators:
            lines.append(f"  {loc.citation}:")
            lines += [f"    gained: {visible(f)}" for f in loc.gained] + [f"    lost: {visible(f)}" for f in loc.lost]
    lines.append(_summary(d))
    return "\n".join(lines) + "\n"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def md(text: str) -> str:
    """Contributor text made inert in GitHub markdown: one line, every markup character escaped, `<` and
    `&` as entities (no HTML, no link, no mention), hidden characters written out as `<U+202E>`."""
    text = _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace("@", "&#64;")
    return "".join(f"&lt;U+{ord(ch):04X}&gt;" if visible(ch) != ch else ch for ch in text)


def _md_code(text: str) -> str:
    return f"`{visible(text)}`" if re.fullmatch(r"[A-Za-z0-9#./:_ -]+", text) else md(text)


def _md_cited(ch: Change) -> str:
    def cites(cs: tuple[str, ...]) -> str:
        return ", ".join(_md_code(c) for c in cs) or "uncited"
    if ch.before_citations:
        return f" \\[{cites(ch.before_citations)} {ARROW} {cites(ch.citations)}\\]"
    return f" \\[{cites(ch.citations)}\\]" if ch.citations else ""


def format_markdown(d: GraphDiff, page_of: Callable[[str], str] | None = None, site_url: str = "",
                    artifact_url: str = "", prefix: str = "") -> str:
    """For a job summary or a pull request comment. `page_of(path)` gives an entity page's address in the
    built site (relative to its root); with `site_url` the headings link there, else the address is
    shown, in the site `artifact_url` offers for download when given."""
    out = ["### What this change does to the knowledge graph", "", md(_summary(d)) + f" ({md(d.base)} {ARROW} {md(d.head)})", ""]
    out += [f"> [!WARNING]\n> {md(p)}\n" for p in _problems(d)]
    if artifact_url and page_of and any(e.status != "removed" for e in d.entities):
        out += [f"The built site is the [site artifact]({artifact_url}); each entity's page in it is named below.", ""]
    for e in d.entities:
        heading = md(e.title)
        where = f"`{prefix}{e.path}`" if _md_code(e.path).startswith("`") else md(prefix + e.path)
        if page_of and e.status != "removed":
            page = page_of(e.path)
            if site_url:
                heading = f"[{heading}]({site_url.rstrip('/')}/{page})"
            file = page + "index.html" if page.endswith("/") or not page else page  # in the artifact
            where += f", page `{file}`" if re.fullmatch(r"[A-Za-z0-9._/-]*", file) else ""
        out += [f"#### {heading} ({_md_code(e.id)}), {e.status}", "", f"{where}", ""]
        out += [f"- **{ch.verb}**: {md(ch.fact)}{_md_cited(ch)}" for ch in e.changes]
        out.append("")
    if d.locators:
        out += ["#### Sources whose locators gained or lost citations", ""]
        for loc in d.locators:
            parts = [f"gained {md(f)}" for f in loc.gained] + [f"lost {md(f)}" for f in loc.lost]
            out.append(f"- {_md_code(loc.citation)}: " + "; ".join(parts))
        out.append("")
    return "\n".join(out)


def format_json(d: GraphDiff, page_of: Callable[[str], str] | None = None, prefix: str = "") -> str:
    """For programs: the diff as data; hidden characters are kept, as JSON escapes (`\\u202e`)."""
    data = {"base": d.base, "head": d.head, "summary": {**d.counts(), "locators": len(d.locators)},
            "problems": d.problems,
            "entities": [{**{k: v for k, v in asdict(e).items() if k != "changes"}, "path": prefix + e.path,
                          "page": page_of(e.path) if page_of and e.status != "removed" else None,
                          "changes": [{**asdict(ch), "path": prefix + ch.path} for ch in e.changes]}
                         for e in d.entities],
            "locators": [asdict(loc) for loc in d.locators]}
    text = json.dumps(data, indent=1, ensure_ascii=False)
    return "".join(json.dumps(ch)[1:-1] if ch not in WHITESPACE and visible(ch) != ch else ch for ch in text) + "\n"


FORMATS: Mapping[str, str] = {"text": "for a terminal", "markdown": "for a job summary", "json": "for programs"}
