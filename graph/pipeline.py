"""The one place where the stage order lives: load, build, validate, layout.

Rendering and export are driven by the adapters from the `Result`, since what they write and
where depends on the site generator; `render.Renderer` and `export` are pure and take the result.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from .build import build_graph, entities
from .layout import compute_layout
from .load import load_pages
from .model import Diagnostic, Schema
from .schema import parse_schema
from .validate import apply_severities, validate


@dataclass
class Result:
    schema: Schema
    G: nx.MultiDiGraph
    positions: dict[str, tuple[float, float]]
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def entity_paths(self) -> dict[str, str]:
        """docs path -> entity id, for every page that became a node."""
        return {e.path: e.id for e in entities(self.G)}


def run(pages: Iterable[tuple[str, bytes | str]], schema_text: str, schema_path: str,
        severities: dict[str, str] | None = None, layout: bool = True) -> Result:
    """Run every stage over `pages` ((path relative to docs/, content) pairs). Without `layout`, the
    positions stay empty: the plugin lays the graph out later, on another core or starting from the
    last layout of a live-reloading server (see `layout.compute_layout`)."""
    schema, schema_diags = parse_schema(schema_text, schema_path)
    entities, load_diags = load_pages(pages)
    G, build_diags = build_graph(entities)
    broken = {d.path for d in load_diags if d.severity == "error"}
    # a page that could not be read right is not also called an orphan
    check_diags = [d for d in validate(G, schema) if not (d.code == "G207" and d.path in broken)]
    positions = compute_layout(G) if layout else {}
    diagnostics = apply_severities(schema_diags + load_diags + build_diags + check_diags, severities or {})
    return Result(schema, G, positions, diagnostics)
