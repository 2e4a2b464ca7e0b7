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
import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from . import export, pipeline
from .load import find_directives
from .model import Diagnostic, Schema
from .render import (CONNECTIONS_PAGE, FACETS_PAGE, GRAPH_PAGE, REFERENCE_DIR, Context, Slots, default_url, graph_json,
                     type_index_path)
from .render import entity as entity_pages_render, graphs, indexes, reference, story
from .render.context import SUMMARY_SHARDS
from .validate import CODES, apply_severities
from .views import ViewError, directive_diagnostic, render_directive

ASSETS = "assets/atlas"
LIBRARY = f"{ASSETS}/vis-network.min.js"  # loaded by atlas.js once a page's graphs have drawn their first frame
SCRIPTS = (f"{ASSETS}/atlas.js",)  # what every page loads
STYLES = (f"{ASSETS}/atlas.css",)
GLOBAL_DATA = f"{ASSETS}/graphs/_global.js"  # a script: read with the page, before the theme's (data_script)
STORY_DATA = f"{ASSETS}/graphs/_story.json"  # Play's captions, asked for only when the date moves
SUMMARY_DATA = tuple(f"{ASSETS}/graphs/_summaries-{k:x}.json" for k in range(SUMMARY_SHARDS))  # a page graph's tooltips
EXPORTS = ("graph.json", "graph.graphml", "graph.ttl", "graph.jsonld")
DATA_FILES = (GLOBAL_DATA, STORY_DATA, *SUMMARY_DATA, *EXPORTS)
ESCAPED_META = ("title", "description", "subtitle")  # front matter a theme prints as it is: escaped first
UNSAFE_META = ("template", "icon", "status")  # front matter that could point a theme at other files or markup
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # where `mkdocs serve` puts the site, when mkdocs.yml names no site_url
SEVERITIES = ("error", "warn", "info", "ignore")  # info: named, never a failure
HERE = Path(__file__).parent / "assets"
SCRIPT_PARTS = ("base.js", "loader.js", "address.js", "search.js", "tooltip.js", "graph.js", "network.js", "labels.js",
                "preview.js", "time.js", "story.js", "full.js", "overview.js", "local.js", "global.js", "changes.js",
                "connections.js", "tables.js", "start.js")  # by concern, base first (base.js says what each holds)


class SiteError(Exception):
    """Nothing can be built (the schema file cannot be read): the adapters stop with this message."""


class SourceFile(Protocol):
    src_uri: str  # the path under the docs folder, with forward slashes
    url: str  # its URL in the site, relative to the site's root

    @property
    def content_bytes(self) -> bytes: ...


@dataclass(frozen=True)
class PageFile:
    """A file given by its content (tests, tools): what the site build reads of MkDocs' `File`."""

    src_uri: str
    content_bytes: bytes
    url: str = ""


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


def docs_prefix(config_file: str | None, docs_dir: str) -> str:
    """How diagnostics name the docs folder: relative to mkdocs.yml's folder, e.g. 'docs/'."""
    root = os.path.dirname(os.path.abspath(config_file or "mkdocs.yml"))
    rel = os.path.relpath(docs_dir, root)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


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
        """The global graph, laid out, its story and the four exports, by path in the site."""
        return {GLOBAL_DATA: data_script("_global", graph_json(graphs.global_data(self.ctx))),
                STORY_DATA: graph_json(story.story(self.ctx, self.url_of(GRAPH_PAGE))),
                **{SUMMARY_DATA[k]: graph_json(part) for k, part in self.ctx.summaries().items()},
                **exports(self.result, self.url_of, self.site_url)}

    def entity_parts(self, node: str) -> entity_pages_render.EntityParts:
        return entity_pages_render.entity_parts(self.ctx, node)

    def make(self, job: Job) -> Any:
        """One job: ("data", "") the data files, or ("page", id) an entity page's parts."""
        kind, node = job
        return self.data_files() if kind == "data" else self.entity_parts(node)


Job = tuple[str, str]  # what the prerendering child makes: ("data", "") or ("page", entity id)
DATA_JOB: Job = ("data", "")


def script(tables: dict[str, Any] | None = None) -> str:
    """The site's one script: its parts (graph/assets/js/, one concern each) joined in order, the site's
    type tables (`Context.site_tables`), which every page's own graph reads, after the first (base.js,
    which makes `Atlas`): the last part starts the page's graphs as the script runs (start.js)."""
    parts = [(HERE / "js" / name).read_text(encoding="utf-8") for name in SCRIPT_PARTS]
    if tables is not None:  # JSON is a JavaScript expression; the file is a script, never HTML
        parts.insert(1, f"Atlas.site = {json.dumps(tables, ensure_ascii=True, sort_keys=True)};\n")
    return "\n".join(parts)


def data_sink(name: str, data: Any) -> str:
    """Where a graph's data goes when it is a file of its own: only the global graph's and its story are."""
    for path in (GLOBAL_DATA, STORY_DATA):
        if path.rpartition("/")[2].partition(".")[0] == name:
            return path
    raise ValueError(f"no data file is made for {name}")


# The global graph's data is a script, not a JSON file: its pages load it before their own script and the
# theme's (pages.data_scripts), so the first frame is drawn as the page is read, with no wait for a fetch
# to be answered after the theme's script has run. It puts the data under its name in `atlasData`
# (assets/js/start.js takes it from there, or loads the script itself after an instant navigation). The
# JSON is a string the script parses: a JavaScript engine reads a string and then JSON faster than the same
# text as an object literal (at 10,000 entities, the first frame came 20 to 150 ms sooner). graph_json
# leaves no line break or character that could end a script early; backslashes and quotes are escaped.
DATA_PREFIX = "(window.atlasData=window.atlasData||{})[%s]=JSON.parse('"
DATA_SUFFIX = "');\n"
_ESCAPED = re.compile(r"\\([\\'])")


def data_script(name: str, json_text: str) -> str:
    return DATA_PREFIX % json.dumps(name) + json_text.replace("\\", "\\\\").replace("'", "\\'") + DATA_SUFFIX


def read_data_script(text: str) -> Any:
    """The data in a file written by `data_script` (tests, benchmarks)."""
    head, found, rest = text.partition("]=JSON.parse('")
    if not found or not head.startswith(DATA_PREFIX.partition("[")[0]) or not rest.endswith(DATA_SUFFIX):
        raise ValueError("not a data script")
    return json.loads(_ESCAPED.sub(r"\1", rest[:-len(DATA_SUFFIX)]))


# --- one build of the site ----------------------------------------------------------------------------

class SiteBuild:
    """One build of the site, from the files MkDocs gathered (after every plugin's `on_files`).

    Both adapters make one: the plugin for a build, the command line for `check`, `export`, `path`.
    Everything a site is made of is decided here, once: the diagnostics with their true lines (views
    are checked over each page's whole source, front matter included), the generated pages, each
    entity page's parts and how they join its prose, the data files, the prerendering jobs. It owns
    its rendering context and the slots of every page; the layout is left to whoever first needs it
    (the data files, in the prerendering child when the build prerenders): nothing here reads it.
    """

    def __init__(self, files: Iterable[SourceFile], docs_dir: str, options: Options, site_url: str = "",
                 use_directory_urls: bool = True, previous: pipeline.Positions | None = None,
                 last_good: Mapping[str, bytes] | None = None, schema_text: str | None = None) -> None:
        files = list(files)
        self.options = options
        self.site_url = site_url or DEFAULT_SITE_URL
        if schema_text is None:  # given by tools and tests that hold no docs folder
            schema_text = read_schema(docs_dir, options)
        markdown = [f for f in files if _documentation(f)]
        sources, kept = entity_sources(markdown, options), []
        if last_good is not None:  # a live-reloading server
            sources, kept = keep_last_good(sources, last_good, options)
        self.result = result = build(sources, schema_text, options, previous)
        self.entity_pages = result.entity_paths()  # src_uri -> entity id
        self.good_sources = {path: content for path, content in sources if path in self.entity_pages}
        urls = {f.src_uri: getattr(f, "url", "") or default_url(f.src_uri, use_directory_urls) for f in files}
        self.work = Work(result, urls, self.site_url, use_directory_urls)
        self.url_of = self.work.url_of
        self._nonce = secrets.token_hex(8)  # slot tokens are unguessable; they never reach the output
        self._slots: dict[str, Slots] = {}
        self._ctx = Context(result.G, result.schema, result.layout, self.url_of, sink=data_sink)
        problems: list[Diagnostic] = []
        self.generated: dict[str, str] = {}  # path -> markdown (with front matter) of each generated page
        for page in generated_pages(result.schema):
            if page.path in urls:
                problems.append(Diagnostic(page.path, 1, "G022", f"this page takes the place of the page the site "
                                           f"generates here ({page.title!r})", "rename it to get the generated page, "
                                           "or set 'G022: ignore' under the plugin's checks to keep yours",
                                           severity="warn"))
                continue
            self.generated[page.path] = front_matter(page.title, page.hide) + self._render(page.path, page.make)
        self._views: dict[str, list[str]] = {}  # page -> what each of its views became, in order
        for path, text in narrative_sources(markdown, options):
            problems += self._render_views(path, text)
        self.diagnostics = sorted(result.diagnostics + kept + severities(problems, options), key=Diagnostic.sort_key)

    # --- what the adapters ask for -------------------------------------------------------------

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    def jobs(self, page_order: Iterable[str]) -> list[Job]:
        """The entity pages a prerendering child makes, in the order the build will read them
        (`page_order`: the docs paths in MkDocs' order); the data files (DATA_JOB) come last."""
        return [("page", self.entity_pages[path]) for path in page_order if path in self.entity_pages]

    def data_files(self) -> dict[str, str]:
        return self.work.data_files()

    def entity_id(self, path: str) -> str | None:
        return self.entity_pages.get(path)

    def entity_body(self, path: str) -> str | None:
        """An entity page's prose (its front matter read already), or None for another page."""
        node = self.entity_pages.get(path)
        return self._ctx.entity(node).body if node is not None else None

    def entity_meta(self, node: str) -> dict[str, str]:
        """The only front matter of an entity page that reaches the theme, every value escaped text."""
        return {key: html.escape(value) for key, value in self.entity_meta_raw(node).items()}

    def entity_meta_raw(self, node: str) -> dict[str, str]:
        """What `entity_meta` holds, not yet escaped (for a writer that escapes it itself)."""
        e = self._ctx.entity(node)
        return {"title": e.title, "description": e.summary}

    def entity_parts(self, node: str) -> entity_pages_render.EntityParts:
        return self.work.entity_parts(node)

    def entity_page(self, path: str, parts: entity_pages_render.EntityParts, prose_html: str,
                    sections_html: Callable[[list[tuple[str, str]]], str]) -> str:
        """An entity page's HTML from its prose, converted: the head above (its plain text searchable),
        the generated sections below (kept out of search; `sections_html` writes their headings as the
        generator's table of contents wants them). Fill the page's slots with `fill`, then `fill_late`."""
        slots = self._slots_of(path)
        head = slots.put(parts.head, search_text=parts.head_text)
        below = slots.put(sections_html(parts.sections), searchable=False)
        return f"{head}\n{prose_html}\n{below}"

    def entity_markdown(self, path: str, parts: entity_pages_render.EntityParts) -> str:
        """The same page as `entity_page`, for a generator that converts it without us (the staged site):
        the head and each section a slot around the prose, the sections' headings markdown, so the
        generator's table of contents lists them. Fill the slots with `slot_html`."""
        slots = self._slots_of(path)
        out = [slots.put(parts.head), parts.body]
        for title, html_text in parts.sections:
            out += [f"## {html.escape(title)}", slots.put(html_text)]
        return "\n\n".join(out) + "\n"

    def slot_html(self, path: str) -> dict[str, str]:
        """Each slot of the page by its token, with its HTML whole (the slots made inside it filled): for
        a generator that converts the page without us. The page's slots are kept."""
        slots = self._slots.get(path)
        if slots is None:
            return {}
        return {token: slots.fill_late(slots.fill(html_text)) for token, html_text in slots.store.items()}

    def expand_views(self, path: str, markdown: str) -> str | None:
        """The page's markdown with each `<!-- atlas:NAME ... -->` replaced by what it shows (None when
        it has none). The views were rendered and checked once, over the page's whole source."""
        views = self._views.get(path)
        if not views:
            return None
        found, _ = find_directives(path, markdown)
        if len(found) != len(views):  # the markdown is not the page's source: render it as it is
            self._render_views(path, markdown)
            views = self._views[path]
        out, last = [], 0
        for (start, end, *_), view in zip(found, views):
            out += [markdown[last:start], view]
            last = end
        out.append(markdown[last:])
        return "".join(out)

    def anchors(self, path: str) -> set[str]:
        """The anchors (ids) that generated HTML adds to a page, for the generator's link checks."""
        slots = self._slots.get(path)
        return {a for fragment in slots.store.values() for a in ANCHOR.findall(fragment)} if slots else set()

    def fill(self, path: str, page_html: str) -> str:
        """The converted page with its generated HTML in place (the late slots still stand-ins)."""
        slots = self._slots.get(path)
        return slots.fill(page_html) if slots is not None else page_html

    def fill_late(self, path: str, output: str) -> str:
        """The final page with the late slots filled (after search has indexed the content)."""
        slots = self._slots.pop(path, None)
        return slots.fill_late(output) if slots is not None else output

    def script(self) -> str:
        """The site's script, with this site's type tables."""
        return script(self._ctx.site_tables())

    def search_names(self) -> list[dict[str, Any]]:
        from .search import entity_names

        return entity_names(self.result.G, self.url_of)

    def exports(self, site_url: str = "") -> dict[str, str]:
        return exports(self.result, self.url_of, site_url or self.site_url)

    # --- inside ------------------------------------------------------------------------------------

    def _slots_of(self, path: str) -> Slots:
        return self._slots.setdefault(path, Slots(self._nonce))

    def _render(self, path: str, make: Callable[[Context], Any]) -> Any:
        """`make(ctx)` with the context's generated HTML going to the slots of the page at `path`."""
        self._ctx.slots = self._slots_of(path)
        try:
            return make(self._ctx)
        finally:
            self._ctx.slots = None

    def _render_views(self, path: str, text: str) -> list[Diagnostic]:
        """Render the views of a page's `text` (kept for `expand_views`) and return their problems."""
        found, problems = find_directives(path, text)
        if not found:
            return problems
        page_url = self.url_of(path)
        views = []
        for _, _, name, view_options, line in found:
            try:
                views.append("\n\n" + self._render(path, lambda ctx: ctx.raw(render_directive(ctx, name, view_options,
                                                                                           page_url))) + "\n\n")
            except ViewError as exc:
                problems.append(directive_diagnostic(path, line, name, exc))
                views.append("")
        self._views[path] = views
        return problems


SAFE_ATTRIBUTES = {"*": {"id", "class", "title", "lang", "dir"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
                   "th": {"style", "align"}, "td": {"style", "align"}, "ol": {"start"}}


def sanitize(html_text: str) -> str:
    """The HTML of a page's prose with anything that could run removed (script, handlers,
    javascript: links, forms, frames, styles), keeping what markdown produces: of a table cell's style,
    only its alignment. Every page comes from a pull request."""
    import nh3

    return nh3.clean(html_text, attributes=SAFE_ATTRIBUTES, link_rel=None, filter_style_properties={"text-align"},
                     url_schemes={"http", "https", "mailto"}, strip_comments=True)


def library_path() -> Path:
    """The vis-network library shipped inside the installed pyvis package (found, not imported:
    importing pyvis costs a tenth of a second of every build)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise SiteError("the pyvis package is not installed; install the project (pip install -e .)")
    lib = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise SiteError("the installed pyvis package carries no vis-network.min.js; reinstall pyvis")
    return found[-1]


def _documentation(f: SourceFile) -> bool:
    """A markdown page that the build includes (not one `exclude_docs` or `draft_docs` leaves out)."""
    page = f.is_documentation_page() if hasattr(f, "is_documentation_page") else f.src_uri.endswith(".md")
    inclusion = getattr(f, "inclusion", None)
    return page and (inclusion is None or inclusion.is_included())


ANCHOR = re.compile(r'\sid="([^"]+)"')


def front_matter(title: str, hide: tuple[str, ...] = ()) -> str:
    """Front matter of a generated page; JSON strings are valid YAML scalars."""
    extra = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    return f"---\ntitle: {json.dumps(title)}\n{extra}---\n"
