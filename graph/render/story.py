"""The story Play tells: the global graph's dated facts, in order, each in plain words with its citations.

An entity's life (its start and end, see `build.add_lifespans`) and every relation's `since` and `until`
become captions: "Windows Server 2016 is released", "Begins: Azure Kubernetes Service uses containerd". What
starts or ends through a dated release is told with that release: "Linux 4.5 is released, introducing
cgroup v2". The global graph shows the
captions of the months it passes while Play runs or the reader steps the date (assets/js/story.js). The
file is asked for only then, so it costs the first frame nothing. Words are text, never markup: the
script puts them on the page as text.
"""

from __future__ import annotations

from typing import Any

from .. import dates
from ..build import life_relation
from ..layout import global_nodes
from ..model import Citation
from ..schema import Schema
from .context import Context
from .history import life_citations

# How a life attribute reads after the entity's name; another reads "<name>: <attribute>".
WORDS = {
    "released": "is released",
    "general-availability": "becomes generally available",
    "announced": "is announced",
    "introduced": "is introduced",
    "founded": "is founded",
    "end-of-support": "reaches the end of its support",
    "retired": "is retired",
    "removed": "is removed",
    "dissolved": "is dissolved",
}


def story(ctx: Context, page_url: str) -> dict[str, Any]:
    """{"facts": [...], "places": [...]}: each fact's `date` (a partial ISO date, as its source gives it),
    `text`, `nodes` (the entities it names, the one it is about first) and `cites` (indexes into `places`,
    each a cited place as [label, title, link from `page_url`], see `Context.citations`), in order of date."""
    G = ctx.G
    drawn = {n for n in global_nodes(G) if not G.nodes[n]["missing"]
             and G.nodes[n]["entity"].type != Schema.SOURCE_TYPE}
    facts: list[dict[str, Any]] = []
    places: dict[tuple[str, str, str], int] = {}  # each cited place once: many facts cite the same

    def add(date: str, text: str, nodes: list[str], citations: tuple[Citation, ...], order: int = 1) -> None:
        cites = [places.setdefault((c["label"], c["title"], c.get("href", "")), len(places))
                 for c in ctx.citations(page_url, citations)]
        facts.append({"date": date, "text": text, "nodes": nodes, "cites": list(dict.fromkeys(cites)), "order": order})

    # What a release brought: entities whose start (end) follows from it are told in its own caption,
    # "Linux 4.5 is released, introducing cgroup v2", each step cited.
    brought: dict[str, list[tuple[str, str, tuple[Citation, ...]]]] = {}  # release -> (key, entity, citations)
    for n in sorted(drawn, key=ctx.sort_title):
        for key in ("start", "end"):
            via = G.nodes[n].get(f"{key}_via") if G.nodes[n].get(key) else ""
            if via in drawn:  # a chain starts from a release's own date (build.add_lifespans)
                brought.setdefault(via, []).append((key, n, life_relation(G, n, key).citations))
    told = {(n, key) for items in brought.values() for key, n, _ in items}
    for n in sorted(drawn):
        attrs, title = G.nodes[n], ctx.entity(n).title
        for key in ("start", "end"):
            if not attrs.get(key):
                continue
            by, via = attrs[f"{key}_by"], attrs.get(f"{key}_via")
            if (n, key) in told:
                continue  # told with the release
            if via:  # the date follows from a release the graph does not draw: both steps cited
                add(attrs[key], f"{title}, {ctx.schema.relation_label(by)} {ctx.entity(via).title}", [n, via],
                    life_relation(G, n, key).citations + life_citations(ctx, via, "start"))
                continue
            cited = life_citations(ctx, n, key)
            words = WORDS.get(by)
            text = f"{title} {words}" if words else f"{title}: {by.replace('-', ' ')}"
            nodes = [n]
            if key == "start":
                for verb, k in (("introducing", "start"), ("removing", "end")):
                    items = [(m, c) for kk, m, c in brought.get(n, ()) if kk == k]
                    if items:
                        names = [ctx.entity(m).title for m, _ in items]
                        text += f", {verb} " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1
                                                  else names[0])
                        nodes += [m for m, _ in items]
                        cited = tuple(cited) + tuple(c for _, cs in items for c in cs)
            add(attrs[key], text, nodes, cited, 0)
    for u, v, rel in sorted(G.edges(data="relation"), key=lambda x: (x[0], x[1], x[2].type)):
        if u not in drawn or v not in drawn:
            continue
        sentence = f"{ctx.entity(u).title} {ctx.schema.relation_label(rel.type)} {ctx.entity(v).title}"
        if rel.since:
            add(dates.normal(rel.since), f"Begins: {sentence}", [u, v], rel.citations)
        if rel.until:
            add(dates.normal(rel.until), f"Ends: {sentence}", [u, v], rel.citations)
    # by date; on a day, lives (what started or ended) before relations
    facts.sort(key=lambda f: (dates.first_day(f["date"]), len(f["date"]), f.pop("order"), f["text"].casefold(),
                              f["nodes"]))
    return {"facts": facts, "places": [list(place) for place in places]}
