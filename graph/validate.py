"""Every check of the graph, one function each, registered with its code. Never changes the graph.

`CODES` documents every diagnostic code, including those the loader and builder report, with its
default severity and an example of the mistake and its fix; the checks reference page is made
from it.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import networkx as nx

from . import dates
from .build import entities
from .model import Citation, Diagnostic, Entity, Schema, closest
from .schema import allows
from .text import confusable, plain, skeleton, visible


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    severity: str  # default: "error" or "warn"
    wrong: str = ""  # an example of the mistake (front matter)
    fix: str = ""  # the same, fixed


CODES: dict[str, Code] = {c.code: c for c in [
    Code("G000", "While serving, a page that cannot be read is shown as it last could be", "warn",
         "(mkdocs serve, a page saved with its front matter broken)", "fix the problems reported for the page"),
    Code("G001", "The file is not valid UTF-8", "error", "(bytes that are not UTF-8)", "save the file as UTF-8"),
    Code("G002", "The page is empty or has no front matter", "error", "Docker Engine runs containers.",
         "---\ntitle: Docker Engine\ntype: container-runtime\nsummary: ...\n---\nDocker Engine runs containers."),
    Code("G003", "The front matter is not closed", "error", "---\ntitle: Docker Engine\n\nProse...",
         "---\ntitle: Docker Engine\n---\nProse..."),
    Code("G004", "YAML syntax error", "error", "title: Docker: the engine", "title: \"Docker: the engine\""),
    Code("G005", "The front matter is not a mapping", "error", "- title\n- type", "title: ...\ntype: ..."),
    Code("G006", "A key is given twice", "error", "title: A\ntitle: B", "title: B"),
    Code("G007", "The file starts with a byte-order mark", "warn", "(BOM) ---", "---"),
    Code("G010", "A required field is missing or empty", "error", "title: cgroups\ntype: os-feature",
         "title: cgroups\ntype: os-feature\nsummary: Linux kernel feature that limits a group of processes."),
    Code("G011", "A field has the wrong kind of value", "error", "aliases: 3", "aliases: [Hyper-V isolation]"),
    Code("G012", "An id is not a slug", "error", "id: ../Hyper V", "id: hyper-v"),
    Code("G013", "Unknown key", "warn", "sumary: ...", "summary: ..."),
    Code("G014", "A citation is not of the form source-id#locator", "error", "source: paragraph 16",
         "source: the-next-platform-2018#p16"),
    Code("G015", "An attribute has no value", "error", "size: {unit: MB}", "size: {value: 232, unit: MB, source: ...}"),
    Code("G016", "A source's url is not an http(s) address", "error", "url: javascript:alert(1)",
         "url: https://example.org/article"),
    Code("G017", "A generated view is written wrong", "error", "<!-- atlas:table type: base-imag -->",
         "<!-- atlas:table\ntype: base-image\nattributes: [size]\n-->"),
    Code("G018", "A placeholder (TODO) is left to fill in", "error", "summary: TODO one plain-text sentence",
         "summary: A Linux container runtime built on cgroups and namespaces."),
    Code("G019", "A page is larger than 1 MB", "warn", "(a page of 5 MB)", "several smaller pages"),
    Code("G020", "A relation's date is not a date", "error", "since: autumn 2016", "since: '2016-10'"),
    Code("G021", "A relation ends before it begins", "error", "since: '2019'\nuntil: '2016'",
         "since: '2016'\nuntil: '2019'"),
    Code("G022", "A page written by hand takes the place of a page the site generates", "warn",
         "docs/graph.md   # the global graph's page is generated at graph.md",
         "docs/about-the-graph.md   # or keep it, with 'G022: ignore' under the plugin's checks"),
    Code("G023", "Text holds a character readers cannot see: a bidirectional control, an invisible or a control "
                 "character", "error",
         'title: "runc\\u202Egnp.exe"     # drawn as runcexe.png\n'
         'aliases: ["Docker\\u200BEngine"]  # a zero-width space: looks like DockerEngine',
         "title: runc\naliases: [DockerEngine]"),
    Code("G100", "The schema file is invalid", "error", "shape: blob", "shape: dot"),
    Code("G101", "Unknown entity type", "error", "type: runtime", "type: container-runtime"),
    Code("G102", "Unknown relation type", "error", "- type: require", "- type: requires"),
    Code("G103", "The schema does not allow this relation between these types", "error",
         "# on an organisation's page\n- type: release-of\n  target: windows-server",
         "- type: makes ... (or declare the relation on the release's page)"),
    Code("G104", "A relation points to its own page", "error", "# on cgroups.md\n- type: requires\n  target: cgroups",
         "- type: requires\n  target: kernel-namespaces"),
    Code("G201", "A relation points to an id no page declares", "error", "target: powershel", "target: powershell"),
    Code("G202", "Two pages declare the same id", "error", "# a.md and b.md both\nid: docker", "id: docker-engine"),
    Code("G203", "A citation names a source no source page declares", "error", "source: next-platform#p3",
         "source: the-next-platform-2018#p3"),
    Code("G204", "A citation names a paragraph or section the source does not declare", "error",
         "source: the-next-platform-2018#p99\nsource: k8s-windows#versions", "source: the-next-platform-2018#p29\n"
         "source: k8s-windows#version-compatibility   # a key under 'sections:' of the source page"),
    Code("G205", "A relation cites no source", "error", "- type: requires\n  target: cgroups",
         "- type: requires\n  target: cgroups\n  source: the-next-platform-2018#p3"),
    Code("G206", "An attribute cites no source", "error", "size: {value: 232, unit: MB}",
         "size: {value: 232, unit: MB, source: the-next-platform-2018#p16}"),
    Code("G207", "An entity has no relations at all (an orphan)", "warn", "relations: []",
         "relations:\n  - type: made-by\n    target: microsoft\n    source: ..."),
    Code("G208", "The same relation is declared twice", "warn",
         "- {type: requires, target: cgroups, ...}\n- {type: requires, target: cgroups, ...}",
         "keep one, citing both sources: 'sources: [a#p1, b#p2]'"),
    Code("G210", "An attribute that dates a life holds no date", "error",
         "released: {value: soon, source: ...}   # the schema names 'released' as a start",
         "released: {value: '2018-10-02', source: ...}"),
    Code("G211", "A relation is dated outside the life of one of its ends", "warn",
         "# on a page released in 2018\n- {type: supports, target: x, since: '2016', until: '2017', source: ...}",
         "- {type: supports, target: x, since: '2018', source: ...}   # or correct the release date"),
    Code("G212", "An entity ends before it starts", "error",
         "released: {value: '2019', ...}\nend-of-support: {value: '2016', ...}",
         "released: {value: '2016', ...}\nend-of-support: {value: '2019', ...}"),
    Code("G213", "An entity of a dated type has no start, so past dates show it as undated", "warn",
         "title: Azure Container Instances\ntype: cloud-service\nattributes: {}",
         "attributes:\n  general-availability: {value: '2018-04', source: ...}\n"
         "# or, for a feature: relations: [{type: introduced-in, target: a dated release, source: ...}]"),
    Code("G214", "A title, alias or id looks like another entity's (a confusable)", "warn",
         "# kb/powershell.md has the id powershell; on another page\nid: p0wershell",
         "id: powershell-7   # a name readers can tell apart, or a relation to the page that exists"),
    Code("G209", "A source page has no address or no date", "warn",
         "title: Version compatibility\ntype: source", "title: Version compatibility\ntype: source\n"
         "url: https://learn.microsoft.com/...\npublished: 2016-09\nupdated: 2025-01-20"),
]}

Check = Callable[[nx.MultiDiGraph, Schema], Iterator[Diagnostic]]
CHECKS: list[tuple[str, Check]] = []


def check(code: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        assert code in CODES, code
        CHECKS.append((code, fn))
        return fn
    return register


def _relations(G: nx.MultiDiGraph):
    for entity in entities(G):
        yield from entity.relations


def one_of(options) -> str:
    names = sorted(options)
    if len(names) > 12:
        return "see the schema reference page for the types"
    return "use one of: " + ", ".join(names)


@check("G101")
def unknown_entity_types(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G101: a page declares a type the schema does not have."""
    for e in entities(G):
        if e.type and e.type not in schema.entity_types:
            near = closest(e.type, schema.entity_types)
            yield e.diagnostic("type", "G101", f"unknown entity type {e.type!r}",
                               f"did you mean {near!r}?" if near else one_of(schema.entity_types))


@check("G102")
def unknown_relation_types(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G102: a relation has a type the schema does not have."""
    for rel in _relations(G):
        if rel.type not in schema.relation_types:
            near = closest(rel.type, schema.relation_types)
            yield rel.diagnostic("G102", f"unknown relation type {rel.type!r}",
                                 f"did you mean {near!r}?" if near else one_of(schema.relation_types))


@check("G103")
def disallowed_relations(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G103: the relation type does not allow these entity types at its ends."""
    for rel in _relations(G):
        rtype = schema.relation_types.get(rel.type)
        target = G.nodes[rel.target]
        if rtype is None or target["missing"]:
            continue
        subject_type, target_type = G.nodes[rel.subject]["entity"].type, target["entity"].type
        if subject_type not in schema.entity_types or target_type not in schema.entity_types:
            continue
        if not allows(rtype, subject_type, target_type):
            if rtype.sources is not None and subject_type not in rtype.sources:
                hint = f"{rel.type!r} goes from {', '.join(rtype.sources)}"
            else:
                hint = f"{rel.type!r} goes to {', '.join(rtype.targets or ())}"
            yield rel.diagnostic("G103", f"relation {rel.type!r} cannot link a {subject_type} to a {target_type} "
                                         f"({rel.target!r})", hint)


@check("G104")
def self_relations(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G104: a relation points to the page that declares it."""
    for rel in _relations(G):
        rtype = schema.relation_types.get(rel.type)
        if rel.target == rel.subject and not (rtype and rtype.allow_self):
            yield rel.diagnostic("G104", f"relation {rel.type!r} points to this page itself", "point it to another id")


@check("G201")
def dangling_relations(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G201: a relation points to an id that no page declares."""
    declared = [n for n in G if not G.nodes[n]["missing"]]
    for rel in _relations(G):
        if G.nodes[rel.target]["missing"]:
            near = closest(rel.target, declared)
            yield rel.diagnostic("G201", f"relation {rel.type!r} points to {rel.target!r}, which no page declares",
                                 f"did you mean {near!r}?" if near else "add a page with that id, or fix the target")


def _citations(G: nx.MultiDiGraph) -> Iterator[Citation]:
    for e in entities(G):
        for attribute in e.attributes:
            yield from attribute.citations
        for rel in e.relations:
            yield from rel.citations


@check("G203")
def unknown_sources(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G203: a citation names an id that is not a source page."""
    sources = sorted(e.id for e in entities(G) if e.type == Schema.SOURCE_TYPE)
    for c in _citations(G):
        if c.source not in sources:
            is_page = c.source in G and not G.nodes[c.source]["missing"]
            message = (f"citation {str(c)!r} names {c.source!r}, which is not a source page" if is_page
                       else f"citation {str(c)!r} names a source no page declares")
            near = closest(c.source, sources)
            if near:
                hint = f"did you mean {near!r}?"
            elif sources:
                hint = "cite a source page: " + ", ".join(repr(s) for s in sources[:3])
            else:
                hint = "add a page with 'type: source' for it"
            yield Diagnostic(c.path, c.line, "G203", message, hint)


@check("G204")
def unknown_locators(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G204: a citation names a paragraph or section that its source page does not declare."""
    for c in _citations(G):
        if not c.locator or c.source not in G or G.nodes[c.source]["missing"]:
            continue
        source = G.nodes[c.source]["entity"]
        if source.type != Schema.SOURCE_TYPE:
            continue
        locators = source.source_info.get("locators", {})
        if c.locator in locators:
            continue
        count = source.source_info.get("paragraphs")
        if c.paragraph is not None and count:
            message = f"citation {str(c)!r} names paragraph {c.paragraph}, but {c.source!r} has paragraphs 1 to {count}"
            hint = "check the paragraph number"
        else:
            message = f"citation {str(c)!r} names {c.locator!r}, which {c.source!r} does not declare"
            sections = [name for name in locators if name not in _paragraphs(count)]
            near = difflib.get_close_matches(c.locator, sections, n=3, cutoff=0.5)
            if near:
                hint = "did you mean " + " or ".join(repr(n) for n in near) + "?"
            elif sections:
                hint = "its sections: " + ", ".join(repr(n) for n in sections[:6]) + (", ..." if len(sections) > 6 else "")
            elif count:
                hint = f"it has paragraphs p1 to p{count}"
            else:
                hint = f"declare the section under 'sections:' on {source.path}"
        yield Diagnostic(c.path, c.line, "G204", message, hint)


def _paragraphs(count: int | None) -> set[str]:
    return {f"p{n}" for n in range(1, (count or 0) + 1)}


@check("G205")
def uncited_relations(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G205: a relation has no citation."""
    for rel in _relations(G):
        if not rel.citations:
            yield rel.diagnostic("G205", f"relation {rel.type!r} to {rel.target!r} cites no source",
                                 "add 'source: source-id#pN'")


@check("G206")
def uncited_attributes(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G206: an attribute has no citation."""
    for e in entities(G):
        for a in e.attributes:
            if not a.citations:
                yield Diagnostic(a.path, a.line, "G206", f"attribute {a.name!r} cites no source",
                                 "add 'source: source-id#pN'")


@check("G209")
def undated_sources(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G209: a source page gives no address or no publication date, so a reader cannot check it."""
    for e in entities(G):
        if e.type != Schema.SOURCE_TYPE:
            continue
        missing = [key for key in ("url", "published") if not e.source_info.get(key)]
        if missing:
            what = " and no ".join({"url": "address ('url')", "published": "publication date ('published')"}[k]
                                   for k in missing)
            hint = " and ".join({"url": "add 'url: https://...', the document's address",
                                 "published": "add 'published: YYYY-MM-DD' (or YYYY-MM, YYYY), the date it shows"}[k]
                                for k in missing)
            yield e.diagnostic("type", "G209", f"source {e.id!r} has no {what}", hint)


@check("G210")
def undated_life_attributes(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G210: an attribute the schema names as a start or end of its type's life holds no date."""
    for e in entities(G):
        etype = schema.entity_types.get(e.type)
        if etype is None:
            continue
        for a in e.attributes:
            kind = "start" if a.name in etype.start else "end" if a.name in etype.end else ""
            if kind and not dates.is_date(a.value):
                yield Diagnostic(a.path, a.line, "G210", f"attribute {a.name!r} dates the {kind} of a {e.type}'s life, "
                                 f"but {str(a.value)[:40]!r} is not a date", "write it YYYY, YYYY-MM or YYYY-MM-DD, quoted")


@check("G212")
def ends_before_start(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G212: an entity's end is dated before its start."""
    for e in entities(G):
        start, end = G.nodes[e.id].get("start"), G.nodes[e.id].get("end")
        if start and end and dates.before(end, start):
            yield e.diagnostic("type", "G212", f"{e.id!r} ends ({end}) before it starts ({start})",
                               "check the dates of its start and end attributes")


@check("G213")
def undated_entities(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G213: an entity of a type the schema dates (not `timeless`) has no start, own or by its chain."""
    for e in entities(G):
        if not G.nodes[e.id]["undated"]:
            continue
        etype = schema.entity_types[e.type]
        article = "an" if e.type[0] in "aeiou" else "a"
        yield e.diagnostic("type", "G213", f"{e.id!r} is {article} {e.type} with no start: at past dates the graph draws it "
                           "as undated", f"add one of {', '.join(etype.start)} with its date and source, or an "
                           "'introduced-in' relation to a dated release")


@check("G211")
def relations_outside_lifespans(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G211: a dated relation holds only at dates when one of its ends did not exist (a warning)."""
    for rel in _relations(G):
        if not (rel.since or rel.until) or G.nodes[rel.target]["missing"]:
            continue
        for node in (rel.subject, rel.target):
            start, end = G.nodes[node].get("start"), G.nodes[node].get("end")
            if (rel.until and start and dates.before(rel.until, start)) or \
                    (rel.since and end and dates.before(end, rel.since)):
                span = f"{start or '…'} to {end or '…'}"
                yield rel.diagnostic("G211", f"relation {rel.type!r} to {rel.target!r} is dated "
                                     f"{rel.since or '…'} to {rel.until or '…'}, outside the life of {node!r} ({span})",
                                     "check the relation's 'since'/'until' and the entity's dates")
                break


@check("G207")
def orphans(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G207: an entity has no relation in either direction. A source is linked by the facts that cite
    it, not by relations, so it is never an orphan."""
    for e in entities(G):
        if G.degree(e.id) == 0 and e.type != Schema.SOURCE_TYPE:
            yield e.diagnostic("type", "G207", f"{e.id!r} has no relations, so the graph shows it alone",
                               "add at least one relation under 'relations:'")


@check("G208")
def repeated_relations(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G208: the same (type, target) is declared twice on one page."""
    for e in entities(G):
        seen: set[tuple[str, str]] = set()
        for rel in e.relations:
            key = (rel.type, rel.target)
            if key in seen:
                yield rel.diagnostic("G208", f"relation {rel.type!r} to {rel.target!r} is declared twice",
                                     "keep one and list every citation under 'sources:'")
            seen.add(key)


def _names(e: Entity) -> Iterator[tuple[str, str, int]]:
    """(kind, name, line) of each name an entity is known by: its id, title and aliases."""
    yield "id", e.id, e.line_of("id")
    yield "title", e.title, e.line_of("title")
    for alias in e.aliases:
        yield "alias", alias, e.lines.get(f"alias:{alias}", e.line_of("aliases"))


@check("G214")
def confusable_names(G: nx.MultiDiGraph, schema: Schema) -> Iterator[Diagnostic]:
    """G214: a title, alias or id of one entity looks like one of another's (see `graph.text.skeleton`).
    The name written with look-alikes (a digit for a letter, a Cyrillic letter, a hidden character) is
    reported; when both names or neither are (capital I and small l), the later page's."""
    by_skeleton: dict[str, list[tuple[Entity, str, str, int]]] = {}
    for e in entities(G):
        for kind, name, line in _names(e):
            for key in {skeleton(name), "\0" + skeleton(name, cased=True)}:
                by_skeleton.setdefault(key, []).append((e, kind, name, line))
    looks_like: dict[tuple[str, int, str], tuple[Entity, str, list]] = {}  # name -> (entity, kind, others)
    for group in by_skeleton.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a[0].id == b[0].id or not confusable(a[2], b[2]):
                    continue
                suspects = [x for x in (a, b) if not plain(x[2])]
                if len(suspects) != 1:
                    suspects = [max(a, b, key=lambda x: x[0].path)]
                for suspect in suspects:
                    other = b if suspect is a else a
                    e, kind, name, line = suspect
                    looks_like.setdefault((e.path, line, name), (e, kind, []))[2].append(other)
    for (path, line, name), (e, kind, others) in looks_like.items():
        o, k, n, _ = min(others, key=lambda x: (x[1] != kind, x[0].path, x[2]))  # a name of the same kind first
        yield Diagnostic(path, line, "G214", f"{kind} {visible(name)!r} looks like {visible(n)!r}, the {k} of {o.path}",
                         f"did you mean {visible(n)!r}? if this is another thing, give it a name readers can tell apart")


def validate(G: nx.MultiDiGraph, schema: Schema) -> list[Diagnostic]:
    """Run every registered check; diagnostics in file order."""
    found: list[Diagnostic] = []
    for _, fn in CHECKS:
        found.extend(fn(G, schema))
    return sorted(found, key=Diagnostic.sort_key)


def apply_severities(diags: list[Diagnostic], severities: dict[str, str]) -> list[Diagnostic]:
    """Set each diagnostic's severity from its code's default and the site's overrides; drop 'ignore'."""
    out = []
    for d in diags:
        default = CODES[d.code].severity if d.code in CODES else d.severity
        severity = severities.get(d.code, default)
        if severity == "ignore":
            continue
        out.append(replace(d, severity=severity))
    return sorted(out, key=Diagnostic.sort_key)
