"""The MkDocs adapter: feeds the knowledge-base pages to the pipeline, adds the generated pages and
assets, renders entity pages, makes front-matter text safe for the theme, and logs diagnostics so
that `mkdocs build --strict` fails on them.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import secrets
from pathlib import Path
from typing import Any

import jinja2
import nh3
from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from . import export, pipeline, render
from .layout import compute_layout
from .load import find_directives
from .prerender import Prerender
from .report import format_text
from .views import ViewError, directive_diagnostic, render_directive
from .validate import CODES

log = get_plugin_logger(__name__)

ASSETS = "assets/atlas"
NAV_TEMPLATE = "partials/nav.html"  # the theme's navigation partial (Material's)
THEME_NAV = "atlas/theme-nav.html"  # the same partial, under the name the cache renders it by
GLOBAL_DATA = f"{ASSETS}/graphs/_global.json"
DATA_FILES = (GLOBAL_DATA, "graph.json", "graph.graphml", "graph.ttl", "graph.jsonld")
ANCHOR = re.compile(r'\sid="([^"]+)"')
SEVERITIES = ("error", "warn", "ignore")


class GraphConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Build the knowledge graph. When off, the pages are plain MkDocs pages."""
    schema = c.Type(str, default="schema.yml")
    """The schema file (entity and relation types), relative to `docs_dir`."""
    entities_dir = c.Type(str, default="kb")
    """The folder under `docs_dir` whose markdown pages are entities (each must have front matter)."""
    checks = c.Type(dict, default={})
    """Severity per check code: `error`, `warn` or `ignore` (e.g. `G207: ignore`)."""
    prerender = c.Type(bool, default=True)
    """Make the layout, the data files and the entity pages' generated parts in a child process on
    another core while MkDocs converts pages (Linux, `mkdocs build`; see graph/prerender.py). The
    output is the same."""
    cache_nav = c.Type(bool, default=True)
    """Render the theme's navigation once per folder for pages outside the navigation (the entity
    pages), instead of once per page: the same bytes, a fraction of the time."""


def _url_parts(url: str) -> tuple[str, ...]:
    """A page URL's folder as MkDocs reads it to make relative links (mkdocs.utils.get_relative_url)."""
    folder, _, last = url.rpartition("/")
    if "." not in last:
        folder = url
    return tuple(part for part in folder.split("/") if part and part != ".")


def vis_network_path() -> Path:
    """The vis-network library shipped inside the installed pyvis package (found, not imported:
    importing pyvis costs a tenth of a second of every build)."""
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise PluginError("the pyvis package is not installed; install the project (pip install -e .)")
    lib = Path(list(spec.submodule_search_locations)[0]) / "templates" / "lib"
    found = sorted(lib.glob("vis-*/vis-network.min.js"))
    if not found:
        raise PluginError("the installed pyvis package carries no vis-network.min.js; reinstall pyvis")
    return found[-1]


class GraphPlugin(BasePlugin[GraphConfig]):
    def __init__(self) -> None:
        self.result: pipeline.Result | None = None
        self.renderer: render.Renderer | None = None
        self.entity_pages: dict[str, str] = {}  # src_uri -> entity id
        self.page_slots: dict[str, render.Slots] = {}  # src_uri -> generated HTML awaiting its page
        self.pending_parts: dict[str, render.EntityParts] = {}  # src_uri -> generated parts, until on_page_content
        self.previous: dict[str, tuple[float, float]] | None = None
        self.site_url = ""
        self.nonce = ""
        self.build_date = ""
        self.nav_urls: set[str] = set()
        self.prerender: Prerender | None = None
        self.nav_dirs: list[tuple[str, ...]] = []

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        for code, severity in self.config.checks.items():
            if code not in CODES:
                raise PluginError(f"graph plugin: 'checks' names unknown code {code!r}; see reference/checks")
            if severity not in SEVERITIES:
                raise PluginError(f"graph plugin: severity of {code} must be one of {', '.join(SEVERITIES)}")
        for script in (f"{ASSETS}/vis-network.min.js", f"{ASSETS}/atlas.js"):
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        if f"{ASSETS}/atlas.css" not in config.extra_css:
            config.extra_css.append(f"{ASSETS}/atlas.css")
        self.build_date = source_date(os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml")))
        return config

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.config.enabled and self.build_date:
            page.update_date = self.build_date  # the sitemap's lastmod: the commit's date, not today's
        return page

    @event_priority(-50)  # after plugins that add pages of their own, so theirs are seen too
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        prefix = self.config.entities_dir.strip("/") + "/"
        pages = [(f.src_uri, f.content_bytes) for f in files.documentation_pages()
                 if f.src_uri.startswith(prefix)]
        schema_file = os.path.join(config.docs_dir, self.config.schema)
        try:
            schema_text = Path(schema_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise PluginError(f"graph plugin: cannot read the schema file {schema_file}: {exc}") from None
        previous = self.result.positions if self.result is not None else None  # mkdocs serve: keep the picture
        self.result = result = pipeline.run(pages, schema_text, self.config.schema, self.config.checks, layout=False)
        report(result.diagnostics, docs_prefix(config))

        self.entity_pages = result.entity_paths()
        for f in list(files.documentation_pages()):
            if f.src_uri.startswith(prefix):
                if f.src_uri in self.entity_pages:
                    f.inclusion = InclusionLevel.NOT_IN_NAV
                else:  # unreadable (reported above): leave it out rather than let MkDocs trip on it
                    files.remove(f)

        generated: dict[str, str] = {}
        for tid in result.schema.entity_types:
            generated[render.type_index_path(tid)] = ""
        generated[render.GRAPH_PAGE] = ""
        generated[render.CONNECTIONS_PAGE] = ""
        generated[render.FACETS_PAGE] = ""
        generated[f"{render.REFERENCE_DIR}/schema.md"] = ""
        generated[f"{render.REFERENCE_DIR}/checks.md"] = ""
        for src_uri in generated:
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=""))
        url_of = url_lookup(files, config)
        self.nonce = secrets.token_hex(8)
        self.page_slots, self.pending_parts = {}, {}
        self.renderer = r = render.Renderer(result.G, result.schema, result.positions, url_of, sink=self.sink)
        self.previous = previous
        self.site_url = config.site_url or "http://127.0.0.1:8000/"
        self.stop_prerender()
        if self.config.prerender:  # the layout, the data files and entity pages made on another core
            order = [self.entity_pages[f.src_uri] for f in files.documentation_pages()
                     if f.src_uri in self.entity_pages]  # the order MkDocs reads them in
            self.prerender = Prerender.start(r.entity_parts, order, first=self.data_files)

        def set_page(src_uri: str, title: str, make, hide: tuple[str, ...] = ()) -> None:
            f = files.get_file_from_path(src_uri)
            if f is not None and f.generated_by:
                with self.slots_for(src_uri):
                    f.content_string = front_matter(title, hide) + make()
            elif f is not None:
                log.warning(f"docs/{src_uri} exists, so the graph plugin does not generate that page")

        for tid, t in result.schema.entity_types.items():
            set_page(render.type_index_path(tid), t.plural, lambda tid=tid: r.type_index_markdown(tid), hide=("toc",))
        set_page(render.GRAPH_PAGE, "Graph", r.global_markdown, hide=("toc",))
        set_page(render.CONNECTIONS_PAGE, "Connections", r.connections_markdown, hide=("toc",))
        set_page(render.FACETS_PAGE, "Find by property", r.facets_markdown, hide=("toc",))
        set_page(f"{render.REFERENCE_DIR}/schema.md", "Schema", r.schema_markdown)
        set_page(f"{render.REFERENCE_DIR}/checks.md", "Checks", lambda: render.checks_markdown(CODES))

        for path in DATA_FILES:  # their content comes once every page is read: see on_env
            files.append(File.generated(config, path, content=""))
        files.append(File.generated(config, f"{ASSETS}/vis-network.min.js", abs_src_path=str(vis_network_path())))
        here = Path(__file__).parent / "assets"
        for name in ("atlas.js", "atlas.css"):
            files.append(File.generated(config, f"{ASSETS}/{name}", abs_src_path=str(here / name)))
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        targets = [p.url for p in nav.pages]  # every relative link the navigation can hold
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            stack.extend(getattr(item, "children", None) or [])
            if getattr(item, "is_link", False) and item.url and "://" not in item.url:
                targets.append(item.url)
        targets += [str(v) for v in (config.theme.get("logo"), config.theme.get("favicon")) if v]
        self.nav_dirs = [_url_parts(url) for url in targets]
        self.nav_urls = {p.url for p in nav.pages}
        return nav

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """Every page has been read, and nothing written yet: give the data files their content (from
        the prerendering child, or made here), stop the child, and wrap the theme's navigation partial
        in a cache (see `cache_nav`)."""
        if self.config.enabled and self.renderer is not None:
            made = self.prerender.wait(Prerender.FIRST) if self.prerender is not None else None
            if made:
                log.debug("graph plugin: the data files were made on another core")
            for path, text in (made or self.data_files()).items():
                f = files.get_file_from_path(path)
                if f is not None:
                    f.content_string = text
        self.stop_prerender()
        if not (self.config.enabled and self.config.cache_nav) or env.loader is None:
            return None
        try:
            source, _, _ = env.loader.get_source(env, NAV_TEMPLATE)
        except jinja2.TemplateNotFound:  # a theme without that partial: nothing to cache
            return None
        env.loader = jinja2.ChoiceLoader([
            jinja2.DictLoader({NAV_TEMPLATE: "{{ atlas_cached_nav() }}", THEME_NAV: source}), env.loader])
        cache: dict[tuple[str, ...], str] = {}

        @jinja2.pass_context
        def atlas_cached_nav(context: jinja2.runtime.Context) -> str:
            key = self.nav_key(context.get("page"))
            if key is not None and key in cache:
                return cache[key]
            html_text = context.environment.get_template(THEME_NAV).render(context.get_all())
            if key is not None:
                cache[key] = html_text
            return html_text

        env.globals["atlas_cached_nav"] = atlas_cached_nav
        return env

    def nav_key(self, page: Any) -> tuple[str, ...] | None:
        """What the navigation of `page` depends on, or None when that is the page itself.

        A page outside the navigation activates no item in it, so the navigation differs between
        such pages only in its relative links. MkDocs makes those from the page's folder, so two
        pages in the same parent folder get the same links, unless a link leads into a page's own
        folder; such pages are not cached."""
        if not isinstance(page, Page) or page.url in self.nav_urls:
            return None
        own = _url_parts(page.url)
        if any(parts[:len(own)] == own for parts in self.nav_dirs):
            return None
        return own[:-1]

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """An entity page's front matter was read already: spare MkDocs reading it again."""
        if not self.config.enabled or self.renderer is None:
            return None
        eid = self.entity_pages.get(page.file.src_uri)
        if eid is None:
            return None
        e = self.renderer.entity(eid)
        return e.body if e is not None else None

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.renderer is None:
            return None
        eid = self.entity_pages.get(page.file.src_uri)
        if eid is not None:
            e = self.renderer.entity(eid)
            assert e is not None
            # Only these keys reach the theme; every value is escaped text.
            page.meta = {"title": html.escape(e.title), "description": html.escape(e.summary)}
            parts = (self.prerender and self.prerender.take(eid)) or self.renderer.entity_parts(eid)
            self.pending_parts[page.file.src_uri] = parts
            return parts.body  # the generated parts join the page in on_page_content
        safe_meta(page)
        with self.slots_for(page.file.src_uri):
            return self.expand_views(markdown, page, config)

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        slots = self.page_slots.get(page.file.src_uri)
        # Every page comes from a pull request: no scripts, no handlers, in prose or in a heading.
        html_text = sanitize(html_text)
        if "title" not in page.meta and page.title:  # a title taken from the first heading
            page.meta["title"] = html.escape(html.unescape(page.title))  # one escaping, whatever the heading held
        parts = self.pending_parts.pop(page.file.src_uri, None)
        if parts is not None:
            slots = self.page_slots.setdefault(page.file.src_uri, render.Slots(self.nonce))
            head = slots.put(parts.head, search_text=parts.head_text)  # rich HTML after indexing
            below = slots.put(self.sections_html(parts.sections, page, config), searchable=False)
            html_text = f"{head}\n{html_text}\n{below}"
        if slots is None:
            return html_text
        if page.present_anchor_ids is not None:  # so MkDocs' link validation sees generated anchors
            for fragment in slots.store.values():
                if 'id="' in fragment:
                    page.present_anchor_ids.update(ANCHOR.findall(fragment))
        return slots.fill(html_text)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        slots = self.page_slots.pop(page.file.src_uri, None)
        if slots is not None:
            output = slots.fill_late(output)
        # The theme's search dialog has no accessible name; give it one.
        return output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                              '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', 1)

    def data_files(self) -> dict[str, str]:
        """The files of data the site serves: the global graph, laid out, and the four exports. Made
        in the prerendering child when there is one (where numpy may start its threads), else here."""
        assert self.renderer is not None and self.result is not None
        result, r = self.result, self.renderer
        result.positions.update(compute_layout(result.G, self.previous))  # kept for the next serve rebuild
        document = export.graph_document(result.G, result.schema, r.url_of)
        return {GLOBAL_DATA: render.graph_json(r.global_data()),
                "graph.json": export.to_json(document),
                "graph.graphml": export.to_graphml(document),
                "graph.ttl": export.to_turtle(document, result.schema, self.site_url),
                "graph.jsonld": export.to_jsonld(document, result.schema, self.site_url)}

    def sections_html(self, sections: list[tuple[str, str]], page: Page, config: MkDocsConfig) -> str:
        """The generated sections below an entity's prose, each under a heading like the ones markdown
        writes (with the permalink the toc extension is set to add), listed in the page's contents."""
        toc_config = config.mdx_configs.get("toc", {}) if config.mdx_configs else {}
        permalink = toc_config.get("permalink")
        make_slug = toc_config.get("slugify") or toc_slugify
        taken = set(page.present_anchor_ids or ())
        entries = page.toc.items
        if entries and entries[0].level == 1:  # the theme lists what is under a leading h1
            entries = entries[0].children
        out = []
        for title, html_text in sections:
            anchor = base = make_slug(title, toc_config.get("separator", "-"))
            number = 0
            while anchor in taken:  # as the toc extension does: relations, relations_1, ...
                number += 1
                anchor = f"{base}_{number}"
            taken.add(anchor)
            link = ""
            if permalink:
                symbol = "¶" if permalink is True else html.escape(str(permalink))
                link = (f'<a class="{html.escape(toc_config.get("permalink_class", "headerlink"))}" href="#{anchor}" '
                        f'title="{html.escape(toc_config.get("permalink_title", "Permanent link"))}">{symbol}</a>')
            out.append(f'<h2 id="{anchor}">{html.escape(title)}{link}</h2>\n{html_text}')
            entries.append(AnchorLink(title, anchor, 2))
        return "\n".join(out)

    def stop_prerender(self) -> None:
        if self.prerender is not None:
            log.debug(f"graph plugin: {self.prerender.taken} entity pages were made ahead on another core")
            self.prerender.stop()
            self.prerender = None

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_prerender()

    def on_shutdown(self) -> None:
        self.stop_prerender()

    def sink(self, name: str, data: Any) -> str:
        """Where the global graph's data goes: a JSON file the page fetches (see data_files)."""
        path = f"{ASSETS}/graphs/{name}.json"
        if path != GLOBAL_DATA:
            raise PluginError(f"graph plugin: no data file is made for {path}")
        return path

    @contextlib.contextmanager
    def slots_for(self, src_uri: str):
        """Route the HTML rendered meanwhile through slots that `on_page_content` fills for this page."""
        assert self.renderer is not None
        slots = render.Slots(self.nonce)
        self.renderer.slots = slots
        try:
            yield slots
        finally:
            self.renderer.slots = None
            if slots.store:
                self.page_slots[src_uri] = slots

    def expand_views(self, markdown: str, page: Page, config: MkDocsConfig) -> str | None:
        """Replace each `<!-- atlas:NAME ... -->` with the view it asks for."""
        found, problems = find_directives(page.file.src_uri, markdown)
        if not found and not problems:
            return None
        out, last = [], 0
        for start, end, name, options, line in found:
            out.append(markdown[last:start])
            try:
                view = render_directive(self.renderer, name, options, page.file.url)
                out.append("\n\n" + self.renderer.raw(view) + "\n\n")
            except ViewError as exc:
                problems.append(directive_diagnostic(page.file.src_uri, line, name, exc))
            last = end
        out.append(markdown[last:])
        report(problems, docs_prefix(config))
        return "".join(out)

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(os.path.join(config.docs_dir, self.config.schema))
        return server


SAFE_ATTRIBUTES = {"*": {"id", "class", "title", "lang", "dir"}, "a": {"href"}, "img": {"src", "alt", "width", "height"},
                   "th": {"style", "align"}, "td": {"style", "align"}, "ol": {"start"}}


def sanitize(html_text: str) -> str:
    """The HTML of an entity page's prose with anything that could run removed (script, handlers,
    javascript: links, forms, frames, styles), keeping what markdown produces."""
    return nh3.clean(html_text, attributes=SAFE_ATTRIBUTES, link_rel=None,
                     url_schemes={"http", "https", "mailto"}, strip_comments=True)


def source_date(folder: str) -> str:
    """The date builds are stamped with: SOURCE_DATE_EPOCH, else the last commit's, else "" (today)."""
    import datetime
    import subprocess

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch:
        try:
            epoch = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True,
                                   text=True, timeout=10).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            epoch = ""
    if not epoch.isdigit():
        return ""
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y-%m-%d")


def safe_meta(page: Page) -> None:
    """Escape the front-matter values the theme prints unescaped (MkDocs renders without autoescape)."""
    for key in ("title", "description", "subtitle"):
        value = page.meta.get(key)
        if value is not None:
            page.meta[key] = html.escape(str(value))
    for key in ("template", "icon", "status"):  # could point the theme at other files or markup
        page.meta.pop(key, None)


def front_matter(title: str, hide: tuple[str, ...] = ()) -> str:
    """Front matter of a generated page; JSON strings are valid YAML scalars."""
    extra = f"hide: {json.dumps(list(hide))}\n" if hide else ""
    return f"---\ntitle: {json.dumps(title)}\n{extra}---\n"


def url_lookup(files: Files, config: MkDocsConfig):
    """`url_of(src_uri)`: a file's URL relative to the site root."""
    cache: dict[str, str] = {}

    def url_of(src_uri: str) -> str:
        if src_uri not in cache:
            f = files.get_file_from_path(src_uri)
            if f is not None:
                cache[src_uri] = f.url
            else:  # a path the files do not know: the URL MkDocs would give it
                cache[src_uri] = render.default_url(src_uri, config.use_directory_urls)
        return cache[src_uri]

    return url_of


def docs_prefix(config: MkDocsConfig) -> str:
    """How diagnostics name the docs folder: relative to mkdocs.yml's folder, e.g. 'docs/'."""
    root = os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml"))
    rel = os.path.relpath(config.docs_dir, root)
    return "" if rel == "." else rel.replace(os.sep, "/") + "/"


def report(diagnostics, prefix: str) -> None:
    for d in diagnostics:
        line = format_text(d, prefix)
        (log.error if d.severity == "error" else log.warning)(line)
