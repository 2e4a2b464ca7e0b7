"""What pages show, by kind of page: entity pages, type indexes and facets, the graph pages, the
reference pages. Strings, no disk; every kind renders from one `Context` (the built graph and where
pages live), which holds the pieces they share.

Generated markdown carries contributor text only inside raw HTML blocks (or slots, see `Slots`),
which the markdown engine leaves alone, so markdown syntax in a title stays text.
"""

from .context import (CONNECTIONS_PAGE, FACETS_PAGE, GRAPH_PAGE, REFERENCE_DIR, TYPES_DIR, UNITS_MB, Context,
                      default_url, esc, graph_json, relative_url, sort_key, type_index_path)
from .entity import EntityParts, entity_parts
from .slots import Slots

__all__ = ["CONNECTIONS_PAGE", "FACETS_PAGE", "GRAPH_PAGE", "REFERENCE_DIR", "TYPES_DIR", "UNITS_MB", "Context",
           "EntityParts", "Slots", "default_url", "entity_parts", "esc", "graph_json",
           "relative_url", "sort_key", "type_index_path"]
