"""The one place where the stage order lives: load, build (with each entity's lifespan), validate, lay out.

Rendering and export read the `Result`; what they write and where is the site pipeline's business
(`graph.site`), which both adapters (the MkDocs plugin, the command line) share.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from .build import add_lifespans, build_graph, entities
from .layout import Layout, lay_out
from .load import load_pages
from .model import Diagnostic, Schema
from .schema import parse_schema
from .validate import apply_severities, validate

Positions = dict[str, tuple[float, float]]


@dataclass
class Result:
    schema: Schema
    G: nx.MultiDiGraph
    layout: Layout
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def positions(self) -> Positions:
        """The global graph's node positions."""
        return self.layout.positions

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def entity_paths(self) -> dict[str, str]:
        """docs path -> entity id, for every page that became a node."""
        return {e.path: e.id for e in entities(self.G)}


def run(pages: Iterable[tuple[str, bytes | str]], schema_text: str, schema_path: str,
        severities: dict[str, str] | None = None, previous: Positions | None = None) -> Result:
    """Run every stage over `pages` ((path relative to docs/, content) pairs). `previous` is the last
    layout of a live-reloading server, to start the new one from (see `layout.compute_layout`)."""
    schema, schema_diags = parse_schema(schema_text, schema_path)
    entities, load_diags = load_pages(pages)
    G, build_diags = build_graph(entities)
    add_lifespans(G, schema)
    broken = {d.path for d in load_diags if d.severity == "error"}
    # a page that could not be read right is not also called an orphan
    check_diags = [d for d in validate(G, schema) if not (d.code == "G207" and d.path in broken)]
    layout = lay_out(G, previous)
    diagnostics = apply_severities(schema_diags + load_diags + build_diags + check_diags, severities or {})
    return Result(schema, G, layout, diagnostics)
