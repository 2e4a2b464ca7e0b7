"""The site pipeline that both adapters share: the MkDocs plugin and the command line.

It owns what a site is made of, over and above the graph stages of `pipeline`: which pages are
entities (gathered from the same file list MkDocs builds from, so `exclude_docs` and the docs folder
are honoured alike), the schema file, the pages the site generates, the views embedded in
narrative pages and their checks, the severities every diagnostic passes through, and the data
files (the global graph and the four exports). Neither adapter decides any of this on its own.

It reads files through plain objects with `src_uri` and `content_bytes` (MkDocs' `File` is one), and
never imports MkDocs.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import export, pipeline
from .load import find_directives
from .model import Diagnostic, Schema
from .render import (CONNECTIONS_PAGE, FACETS_PAGE, GRAPH_PAGE, REFERENCE_DIR, Context, default_url, graph_json,
                     type_index_path)
from .render import entity as entity_pages_render, graphs, indexes, reference
from .validate import CODES, apply_severities
from .views import ViewError, directive_diagnostic, render_directive

ASSETS = "assets/atlas"
LIBRARY = f"{ASSETS}/vis-network.min.js"  # loaded by atlas.js once a page's graphs have drawn their first frame
SCRIPTS = (f"{ASSETS}/atlas.js",)  # what every page loads
STYLES = (f"{ASSETS}/atlas.css",)
GLOBAL_DATA = f"{ASSETS}/graphs/_global.json"
EXPORTS = ("graph.json", "graph.graphml", "graph.ttl", "graph.jsonld")
DATA_FILES = (GLOBAL_DATA, *EXPORTS)
SEVERITIES = ("error", "warn", "info", "ignore")  # info: named, never a failure
HERE = Path(__file__).parent / "assets"
SCRIPT_PARTS = ("base.js", "labels.js", "preview.js", "time.js", "local.js", "global.js", "changes.js", "connections.js", "tables.js",
                "start.js")  # by concern, base first


class SiteError(Exception):
    """Nothing can be built (the schema file cannot be read): the adapters stop with this message."""


class SourceFile(Protocol):
    src_uri: str  # the path under the docs folder, with forward slashes

    @property
    def content_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class Options:
    """What the site pipeline reads of the plugin's configuration (see `graph.config.GraphConfig`)."""

    schema: str = "schema.yml"
    entities_dir: str = "kb"
    checks: Mapping[str, str] = field(default_factory=dict)

    @property
    def entities_prefix(self) -> str:
        return self.entities_dir.strip("/") + "/"


# --- reading ----------------------------------------------------------------------------------

def entity_sources(pages: Iterable[SourceFile], options: Options) -> list[tuple[str, bytes]]:
    """(path, content) of every entity page among `pages` (the site's documentation pages)."""
    prefix = options.entities_prefix
    return [(f.src_uri, f.content_bytes) for f in pages if f.src_uri.startswith(prefix)]


def narrative_sources(pages: Iterable[SourceFile], options: Options) -> list[tuple[str, str]]:
    """(path, text) of every other markdown page: the ones that may embed views."""
    prefix = options.entities_prefix
    return [(f.src_uri, f.content_bytes.decode("utf-8", "replace")) for f in pages
            if not f.src_uri.startswith(prefix) and f.src_uri.endswith(".md")]


def read_schema(docs_dir: str, options: Options) -> str:
    """The schema file's text; SiteError when it cannot be read (no page can be checked then)."""
    path = os.path.join(docs_dir, options.schema)
    try:
        with open(path, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise SiteError(f"cannot read the schema file {path} ({exc.__class__.__name__}): set 'schema:' of the "
                        "atlas plugin in mkdocs.yml to the schema file, relative to the docs folder") from None


def keep_last_good(pages: list[tuple[str, bytes]], last_good: Mapping[str, bytes],
                   options: Options) -> tuple[list[tuple[str, bytes]], list[Diagnostic]]:
    """For a live-reloading server: an entity page edited into one that cannot be read (its front matter
    broken) is built from its last good version instead, so it does not vanish while its author types;
    its problems are still reported, with a warning that says so."""
    from .load import load_page

    out, found = [], []
    for path, content in pages:
        if path in last_good and content != last_good[path]:
            entity, problems = load_page(path, content)
            if entity is None:
                out.append((path, last_good[path]))
                found += problems
                found.append(Diagnostic(path, 1, "G000", "the site shows the last version of this page that could be "
                                        "read, until the problems above are fixed", severity="warn"))
                continue
        out.append((path, content))
    return out, severities(found, options)


def build(pages: Iterable[tuple[str, bytes | str]], schema_text: str, options: Options,
          previous: pipeline.Positions | None = None) -> pipeline.Result:
    """Every stage of the graph pipeline over the entity pages, with the site's severities."""
    return pipeline.run(pages, schema_text, options.schema, dict(options.checks), previous)


def severities(diagnostics: Iterable[Diagnostic], options: Options) -> list[Diagnostic]:
    """Every diagnostic, whoever found it, at the severity the site sets for its code."""
    return apply_severities(list(diagnostics), dict(options.checks))


def unknown_checks(checks: Mapping[str, str]) -> list[str]:
    """The codes in a site's `checks:` that no check has."""
    return sorted(code for code in checks if code not in CODES)


# --- the generated pages ------------------------------------------------------------------------

@dataclass(frozen=True)
class GeneratedPage:
    path: str  # under the docs folder
    title: str
    make: Callable[[Context], str]  # its markdown
    hide: tuple[str, ...] = ()  # what the theme hides (Material's `hide:`)


def generated_pages(schema: Schema) -> list[GeneratedPage]:
    """Every page the site makes from the graph: an index per entity type, the graph pages, the
    reference pages. A page of the same path written by hand wins."""
    out = [GeneratedPage(type_index_path(tid), t.plural, _type_index(tid), ("toc",))
           for tid, t in schema.entity_types.items()]
    out += [GeneratedPage(GRAPH_PAGE, "Graph", graphs.global_markdown, ("toc",)),
            GeneratedPage(CONNECTIONS_PAGE, "Connections", graphs.connections_markdown, ("toc",)),
            GeneratedPage(FACETS_PAGE, "Find by property", indexes.facets_markdown, ("toc",)),
            GeneratedPage(f"{REFERENCE_DIR}/schema.md", "Schema", reference.schema_markdown),
            GeneratedPage(f"{REFERENCE_DIR}/checks.md", "Checks", lambda ctx: reference.checks_markdown(CODES))]
    return out


def _type_index(type_id: str) -> Callable[[Context], str]:
    return lambda ctx: indexes.type_index_markdown(ctx, type_id)


# --- views in narrative pages -----------------------------------------------------------------------

def expand_views(ctx: Context, path: str, page_url: str, markdown: str,
                 options: Options) -> tuple[str | None, list[Diagnostic]]:
    """The page with each `<!-- atlas:NAME ... -->` replaced by the view it asks for (None when it has
    none), and the problems found (G017), at the site's severities."""
    found, problems = find_directives(path, markdown)
    if not found and not problems:
        return None, []
    out, last = [], 0
    for start, end, name, view_options, line in found:
        out.append(markdown[last:start])
        try:
            out.append("\n\n" + ctx.raw(render_directive(ctx, name, view_options, page_url)) + "\n\n")
        except ViewError as exc:
            problems.append(directive_diagnostic(path, line, name, exc))
        last = end
    out.append(markdown[last:])
    return "".join(out), severities(problems, options)


def check_views(ctx: Context, pages: Iterable[tuple[str, str]], options: Options) -> list[Diagnostic]:
    """The problems of every view in `pages`, without keeping what they draw."""
    found: list[Diagnostic] = []
    for path, text in pages:
        found += expand_views(ctx, path, ctx.url_of(path), text, options)[1]
    return found


# --- what a build makes ----------------------------------------------------------------------------

def exports(result: pipeline.Result, url_of: Callable[[str], str], site_url: str) -> dict[str, str]:
    """The graph as data for programs, by file name (see `export`)."""
    document = export.graph_document(result.G, result.schema, url_of)
    return {"graph.json": export.to_json(document),
            "graph.graphml": export.to_graphml(document),
            "graph.ttl": export.to_turtle(document, result.schema, site_url),
            "graph.jsonld": export.to_jsonld(document, result.schema, site_url)}


class Work:
    """What a build makes from the built graph alone: the data files and each entity page's parts.

    Pure: it reads the result and a fixed table of page URLs, and keeps its own rendering context,
    so it can run in another process (`graph.prerender`) and give exactly what the build would make."""

    def __init__(self, result: pipeline.Result, urls: Mapping[str, str], site_url: str,
                 use_directory_urls: bool = True) -> None:
        self.result = result
        self.site_url = site_url
        self._urls = dict(urls)
        self._directory_urls = use_directory_urls
        self.ctx = Context(result.G, result.schema, result.layout, self.url_of)

    def url_of(self, path: str) -> str:
        url = self._urls.get(path)
        return url if url is not None else default_url(path, self._directory_urls)

    def data_files(self) -> dict[str, str]:
        """The global graph, laid out, and the four exports, by path in the site."""
        return {GLOBAL_DATA: graph_json(graphs.global_data(self.ctx)), **exports(self.result, self.url_of, self.site_url)}

    def entity_parts(self, node: str) -> entity_pages_render.EntityParts:
        return entity_pages_render.entity_parts(self.ctx, node)

    def make(self, key: str) -> Any:
        """One job by name: DATA (the data files) or an entity id (its page's parts)."""
        return self.data_files() if key == self.DATA else self.entity_parts(key)

    DATA = "\0data"


def script() -> str:
    """The site's one script: its parts (graph/assets/js/, one concern each) joined in order."""
    return "\n".join((HERE / "js" / name).read_text(encoding="utf-8") for name in SCRIPT_PARTS)


def data_sink(name: str, data: Any) -> str:
    """Where a graph's data goes when it is a file of its own: only the global graph's is."""
    path = f"{ASSETS}/graphs/{name}.json"
    if path != GLOBAL_DATA:
        raise ValueError(f"no data file is made for {path}")
    return path
