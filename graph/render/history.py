"""Dated facts, in order: an entity's history on its page, and the site's timeline.

A dated fact is an attribute whose value is a date (released, retired, ...) or a relation's `since`
or `until`. Each is shown with the date as its source gives it and the citation that states it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .. import dates
from ..model import Attribute, Entity
from .context import Context, esc

TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class DatedFact:
    date: str  # a partial ISO date
    html: str  # what happened, with links
    cite: str  # the citation links

    def sort_key(self) -> tuple:
        return (dates.first_day(self.date), len(self.date), TAGS.sub("", self.html).casefold())


def is_dated(a: Attribute) -> bool:
    """An attribute that dates something: its value a date, and no unit (1754 MB is a size, not a year)."""
    return dates.is_date(a.value) and not a.unit


def dated_facts(ctx: Context, page_url: str, entities: Iterable[Entity], both_ways: bool = False) -> list[DatedFact]:
    """The dated facts of `entities`, in order of date. Relations are listed on their subject only,
    unless `both_ways` (an entity's own history shows the relations dated on other pages too)."""
    facts: list[DatedFact] = []
    chosen = {e.id for e in entities}
    for e in sorted(chosen):
        entity = ctx.entity(e)
        for a in entity.attributes:
            if is_dated(a):
                note = f" ({esc(a.note)})" if a.note else ""
                what = f"{ctx.link(page_url, e)}: {esc(a.name.replace('-', ' '))}{note}"
                facts.append(DatedFact(dates.normal(a.value), what, ctx.cite(page_url, a.citations)))
        relations = [rel for _, _, rel in ctx.G.out_edges(e, data="relation")]
        if both_ways:
            relations += [rel for u, _, rel in ctx.G.in_edges(e, data="relation") if u not in chosen]
        for rel in relations:
            label = esc(ctx.schema.relation_label(rel.type))
            for when, word in ((rel.since, "from"), (rel.until, "until")):
                if when:
                    note = f" ({esc(rel.note)})" if rel.note else ""
                    what = (f"{ctx.link(page_url, rel.subject)} <em>{label}</em> {ctx.link(page_url, rel.target)}, "
                            f"{word} then{note}")
                    facts.append(DatedFact(when, what, ctx.cite(page_url, rel.citations)))
    return sorted(facts, key=DatedFact.sort_key)


def facts_table(facts: list[DatedFact], empty: str = "No dated facts yet.") -> str:
    if not facts:
        return f'<p class="atlas-empty">{esc(empty)}</p>'
    body = "".join(f'<tr><td class="atlas-date" data-date="{esc(f.date)}">{esc(dates.human(f.date))}</td>'
                   f"<td>{f.html}</td><td>{f.cite}</td></tr>" for f in facts)
    return (f'<div class="atlas-timeline"><table><thead><tr><th>When</th><th>What</th><th>Source</th></tr></thead>'
            f"<tbody>{body}</tbody></table></div>")


def life(ctx: Context, page_url: str, node: str) -> str:
    """A sentence on an entity's life (HTML): when it started and ended, as far as the graph dates them. A
    date that follows from a release shows its chain: "Introduced in Linux 4.5, released 14 March 2016",
    with the citation of the relation and of the release's date."""
    attrs = ctx.G.nodes[node]
    start, end = attrs.get("start"), attrs.get("end")
    if not start and not end:
        if attrs["undated"]:
            return ("Its dates are not recorded: the graph shows it at every date, drawn as undated "
                    "(hollow) at past dates.")
        return "No start or end is recorded: the graph shows it at every date."
    parts = []
    if start:
        parts.append(f"Dated from {_when(ctx, page_url, node, 'start')}" if not attrs.get("start_via")
                     else _chain(ctx, page_url, node, "start"))
    else:
        parts.append("No start is recorded")
    if end:
        parts.append(f"it ended {_when(ctx, page_url, node, 'end')}" if not attrs.get("end_via")
                     else "it was " + _chain(ctx, page_url, node, "end", capital=False))
    elif start:
        parts.append("no end is recorded")
    return "; ".join(parts) + "."


def life_citations(ctx: Context, node: str, key: str) -> tuple:
    """The citations of the attribute that dates a node's own start (or end): its page's `released`, say."""
    by = ctx.G.nodes[node][f"{key}_by"]
    return next((a.citations for a in ctx.entity(node).attributes if a.name == by), ())


def _when(ctx: Context, page_url: str, node: str, key: str) -> str:
    """A date of the entity's own, with the citation of the attribute that gives it."""
    by = ctx.G.nodes[node][f"{key}_by"]
    cited = life_citations(ctx, node, key)
    return f"{esc(dates.human(ctx.G.nodes[node][key]))} ({esc(by.replace('-', ' '))}) {ctx.cite(page_url, cited)}"


def _chain(ctx: Context, page_url: str, node: str, key: str, capital: bool = True) -> str:
    """'Introduced in <release>, released <date>', each step cited."""
    from ..build import life_relation

    rel = life_relation(ctx.G, node, key)
    via = ctx.G.nodes[node][f"{key}_via"]
    label = esc(ctx.schema.relation_label(rel.type))
    by = ctx.G.nodes[via]["start_by"]
    cited = life_citations(ctx, via, "start")
    label = label[:1].upper() + label[1:] if capital else label
    return (f"{label} {ctx.link(page_url, via)} {ctx.cite(page_url, rel.citations)}, "
            f"{esc(by.replace('-', ' '))} {esc(dates.human(ctx.G.nodes[via]['start']))} {ctx.cite(page_url, cited)}")


def has_history(ctx: Context, node: str) -> bool:
    """Whether an entity has a history to show: a life, a dated attribute, a dated relation either way, or
    a type that should be dated (its page then says its dates are not recorded)."""
    attrs = ctx.G.nodes[node]
    entity = ctx.entity(node)
    return bool(attrs.get("start") or attrs.get("end") or attrs["undated"]  # undated: say so
                or any(is_dated(a) for a in entity.attributes)
                or any(rel.since or rel.until for _, _, rel in ctx.G.out_edges(node, data="relation"))
                or any(rel.since or rel.until for _, _, rel in ctx.G.in_edges(node, data="relation")))


def history_html(ctx: Context, page_url: str, node: str) -> str:
    """An entity's history: its life, then every dated fact about it, in order, each cited."""
    facts = dated_facts(ctx, page_url, [ctx.entity(node)], both_ways=True)
    return (f'<p class="atlas-life">{life(ctx, page_url, node)}</p>\n'
            + facts_table(facts, "No dated facts about it yet."))
