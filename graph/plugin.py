"""The MkDocs adapter: hooks that hand MkDocs' files and pages to the site pipeline (`graph.site`)
and put back what it makes. Every hook honours `enabled` first. Diagnostics are logged under the
plugin's logger, so `mkdocs build --strict` fails on them.
"""

from __future__ import annotations

import html
import os
import secrets
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import pages, pipeline, render, search, site
from .config import GraphConfig
from .prerender import Prerender
from .report import format_text

log = get_plugin_logger(__name__)


class GraphPlugin(BasePlugin[GraphConfig]):
    def __init__(self) -> None:
        self.options = site.Options()
        self.result: pipeline.Result | None = None
        self.ctx: render.Context | None = None  # renders the generated pages and views, through slots
        self.work: site.Work | None = None  # makes the data files and entity pages' parts (see prerender)
        self.entity_pages: dict[str, str] = {}  # src_uri -> entity id
        self.slots = pages.PageSlots("")
        self.pending_parts: dict[str, render.EntityParts] = {}  # src_uri -> parts, until on_page_content
        self.prerender: Prerender | None = None
        self.nav = pages.NavCache()
        self.build_date = ""
        self.prefix = ""
        self.serving = False
        self.last_good: dict[str, bytes] = {}  # mkdocs serve: each entity page's last readable content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        self.options = self.config.options()
        for script in site.SCRIPTS:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        for style in site.STYLES:
            if style not in config.extra_css:
                config.extra_css.append(style)
        self.build_date = pages.source_date(os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml")))
        self.prefix = pages.docs_prefix(config)
        return config

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page | None:
        if self.config.enabled and self.build_date:
            page.update_date = self.build_date  # the sitemap's lastmod: the commit's date, not today's
        return None

    @event_priority(-50)  # after plugins that add pages of their own, so theirs are seen too
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.stop_prerender()
        try:
            schema_text = site.read_schema(config.docs_dir, self.options)
        except site.SiteError as exc:
            raise PluginError(f"atlas plugin: {exc}") from None
        previous = self.result.layout.computed() if self.result is not None else None  # mkdocs serve: keep the picture
        sources, kept = site.entity_sources(files.documentation_pages(), self.options), []
        if self.serving:  # a page broken while its author types keeps its last good version
            sources, kept = site.keep_last_good(sources, self.last_good, self.options)
        self.result = result = site.build(sources, schema_text, self.options, previous)
        self.report(sorted(result.diagnostics + kept, key=lambda d: d.sort_key()))
        if self.serving:
            built = result.entity_paths()
            self.last_good = {path: content for path, content in sources if path in built}
        self.entity_pages = result.entity_paths()
        pages.include_entities(files, self.entity_pages, self.options)
        generated, by_hand = pages.add_generated(files, config, site.generated_pages(result.schema))
        for path in by_hand:
            log.warning(f"{self.prefix}{path} exists, so the atlas plugin does not generate that page")
        pages.add_assets(files, config)

        urls = pages.url_table(files)
        site_url = config.site_url or "http://127.0.0.1:8000/"
        self.work = site.Work(result, urls, site_url, config.use_directory_urls)
        self.ctx = render.Context(result.G, result.schema, result.layout, self.work.url_of, sink=site.data_sink)
        self.slots, self.pending_parts = pages.PageSlots(secrets.token_hex(8)), {}
        for page in generated:
            self.ctx.slots = self.slots.open(page.path)
            files.get_file_from_path(page.path).content_string = pages.front_matter(page.title, page.hide) + page.make(self.ctx)
            self.ctx.slots = None
        if self.config.prerender:  # the data files, then entity pages last to first, on another core
            order = [self.entity_pages[f.src_uri] for f in files.documentation_pages() if f.src_uri in self.entity_pages]
            self.prerender = Prerender.start(self.work.make, [site.Work.DATA, *reversed(order)])
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.config.enabled and self.config.cache_nav:
            self.nav.learn(nav, config)
        return None

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """Every page has been read, and nothing written yet: give the data files their content (from
        the prerendering child, or made here), stop the child, cache the navigation."""
        if not self.config.enabled or self.work is None:
            return None
        made = self.from_prerender(site.Work.DATA, wait=True)
        if made:
            log.debug("atlas plugin: the data files were made on another core")
        for path, text in (made or self.work.data_files()).items():
            files.get_file_from_path(path).content_string = text
        self.stop_prerender()
        if self.config.cache_nav and self.nav.install(env, config):
            return env
        return None

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """An entity page's front matter was read already: spare MkDocs reading it again."""
        if not self.config.enabled or self.ctx is None or page.file.src_uri not in self.entity_pages:
            return None
        e = self.ctx.entity(self.entity_pages[page.file.src_uri])
        return e.body if e is not None else None

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.ctx is None or self.work is None:
            return None
        eid = self.entity_pages.get(page.file.src_uri)
        if eid is not None:
            e = self.ctx.entity(eid)
            assert e is not None
            # Only these keys reach the theme; every value is escaped text.
            page.meta = {"title": html.escape(e.title), "description": html.escape(e.summary)}
            parts = self.from_prerender(eid) or self.work.entity_parts(eid)
            self.pending_parts[page.file.src_uri] = parts
            return parts.body  # the generated parts join the page in on_page_content
        pages.safe_meta(page)
        self.ctx.slots = self.slots.open(page.file.src_uri)
        try:
            expanded, problems = site.expand_views(self.ctx, page.file.src_uri, page.file.url, markdown, self.options)
        finally:
            self.ctx.slots = None
        self.report(problems)
        return expanded

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        # Every page comes from a pull request: no scripts, no handlers, in prose or in a heading.
        html_text = pages.sanitize(html_text)
        if "title" not in page.meta and page.title:  # a title taken from the first heading
            page.meta["title"] = html.escape(html.unescape(page.title))  # one escaping, whatever the heading held
        parts = self.pending_parts.pop(page.file.src_uri, None)
        if parts is not None:
            slots = self.slots.open(page.file.src_uri)
            head = slots.put(parts.head, search_text=parts.head_text)  # rich HTML after indexing
            below = slots.put(pages.sections_html(parts.sections, page, config), searchable=False)
            html_text = f"{head}\n{html_text}\n{below}"
        return self.slots.fill(page.file.src_uri, html_text, page)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        output = pages.name_search_dialog(self.slots.fill_late(page.file.src_uri, output))
        if page.file.src_uri == site.GRAPH_PAGE:  # the one page whose graph fetches its data
            output = pages.preload_data(output)
        return pages.compact(output)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.result is None or self.work is None:
            return
        search.add_names(Path(config.site_dir), search.entity_names(self.result.G, self.work.url_of))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(os.path.join(config.docs_dir, self.options.schema))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_prerender()

    def on_shutdown(self) -> None:
        self.stop_prerender()

    # --- helpers ------------------------------------------------------------------------------

    def report(self, diagnostics) -> None:
        for d in diagnostics:
            {"error": log.error, "info": log.info}.get(d.severity, log.warning)(format_text(d, self.prefix))

    def from_prerender(self, key: str, wait: bool = False) -> Any | None:
        """What the prerendering child made for `key`, if anything; its failure is logged once."""
        if self.prerender is None:
            return None
        value = self.prerender.wait(key, self.wait_budget()) if wait else self.prerender.take(key)
        if self.prerender.failure:
            log.warning(f"atlas plugin: the prerendering child stopped ({self.prerender.failure}); "
                        "the build makes the rest itself")
            self.stop_prerender()
        elif wait and value is None:
            log.info("atlas plugin: the prerendering child did not make the data files in time; making them here")
        return value

    def wait_budget(self) -> float:
        """How long to wait for the data files: a few seconds, and more for a larger graph (laying out
        10,000 nodes and writing the exports takes a few seconds on this kind of machine)."""
        G = self.result.G if self.result is not None else None
        size = G.number_of_nodes() + G.number_of_edges() if G is not None else 0
        return 10.0 + size / 1000.0

    def stop_prerender(self) -> None:
        if self.prerender is not None:
            log.debug(f"atlas plugin: {self.prerender.taken} results were made ahead on another core")
            self.prerender.stop()
            self.prerender = None
