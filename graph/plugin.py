"""The MkDocs adapter: hooks that hand MkDocs' files and pages to the one site build (`site.SiteBuild`)
and put what it makes where MkDocs wants it. Every hook honours `enabled` first. Diagnostics are logged
under the plugin's logger, so `mkdocs build --strict` fails on them. Loads under ProperDocs too.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import pages, site
from .config import GraphConfig
from .prerender import Prerender, make_folders, reap
from .report import format_text

log = get_plugin_logger(__name__)


class GraphPlugin(BasePlugin[GraphConfig]):
    def __init__(self) -> None:
        self.build: site.SiteBuild | None = None
        self.prerender: Prerender | None = None  # makes the data files and entity pages' parts on another core
        self.pending: dict[str, Any] = {}  # src_uri -> an entity page's parts, until on_page_content
        self.deferred: list[Any] = []  # the data files, while the prerendering child makes them (on_env)
        self.folders = 0  # the child that makes the pages' folders (prerender.make_folders)
        self.theme = pages.ThemeCache()
        self.build_date = self.prefix = ""
        self.serving = False
        self.last_good: dict[str, bytes] = {}  # mkdocs serve: each entity page's last readable content

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        pages.add_page_assets(config)
        self.build_date = pages.source_date(os.path.dirname(os.path.abspath(config.config_file_path or "mkdocs.yml")))
        self.prefix = site.docs_prefix(config.config_file_path, config.docs_dir)
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
        self.deferred = []
        previous = self.build.result.layout.computed() if self.build is not None else None  # serve: keep the picture
        try:
            self.build = build = site.SiteBuild(files, config.docs_dir, self.config.options(), config.site_url,
                                                config.use_directory_urls, previous,
                                                self.last_good if self.serving else None)
        except site.SiteError as exc:
            raise PluginError(f"atlas plugin: {exc}") from None
        self.report(build.diagnostics)
        if self.serving:
            self.last_good = build.good_sources
        pages.include_entities(files, build.entity_pages, self.config.options())
        pages.add_generated(files, config, build.generated)
        pages.add_assets(files, config, build.script())
        # What exists now lives until the build ends (the graph, its entities, MkDocs' files and config): the
        # cycle collector need not scan it again at each of its full passes while the pages are made (at
        # 10,000 entities those passes cost seconds). Given back to the collector when the build ends.
        gc.freeze()
        if self.config.prerender:  # the entity pages from where the build is, then the data files, on another core
            # and before them, in a child of its own, the folders MkDocs will write the pages into
            self.folders = make_folders(sorted({os.path.dirname(f.abs_dest_path) for f in files.documentation_pages()}))
            self.prerender = Prerender.start(build.work.make, build.jobs(f.src_uri for f in files.documentation_pages()),
                                             last=[site.DATA_JOB])
        return files

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if self.config.enabled and self.config.cache_nav:
            self.theme.learn(nav, config)
        return None

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        """Every page has been read, and nothing written yet. The data files: where a prerendering child
        makes them, they leave the files MkDocs writes now (nothing the pages' rendering does reads them)
        and are written after every page (`on_post_build`), so the child works on while the pages are
        rendered on this core; else they are made here. Cache the navigation."""
        if not self.config.enabled or self.build is None:
            return None
        if self.prerender is not None:
            self.deferred = [files.get_file_from_path(path) for path in site.DATA_FILES]
            for file in self.deferred:
                files.remove(file)
        else:
            for path, text in self.build.data_files().items():
                files.get_file_from_path(path).content_string = text
        return env if self.config.cache_nav and self.theme.install(env, config) else None

    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """An entity page's front matter was read already: spare MkDocs reading it again."""
        if not self.config.enabled or self.build is None:
            return None
        return self.build.entity_body(page.file.src_uri)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.build is None:
            return None
        node = self.build.entity_id(page.file.src_uri)
        if node is None:
            pages.safe_meta(page)
            return self.build.expand_views(page.file.src_uri, markdown)
        page.meta = self.build.entity_meta(node)
        parts = self.from_prerender(("page", node)) or self.build.entity_parts(node)
        self.pending[page.file.src_uri] = parts
        return parts.body  # the generated parts join the page in on_page_content

    def on_page_content(self, html_text: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.build is None:
            return None
        html_text = pages.sanitize(html_text)  # every page comes from a pull request
        pages.safe_title(page)
        parts = self.pending.pop(page.file.src_uri, None)
        if parts is not None:
            html_text = self.build.entity_page(page.file.src_uri, parts, html_text,
                                               lambda sections: pages.sections_html(sections, page, config))
        pages.add_anchors(page, self.build.anchors(page.file.src_uri))
        return self.build.fill(page.file.src_uri, html_text)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled or self.build is None:
            return None
        return pages.finish(self.build.fill_late(page.file.src_uri, output))

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.enabled and self.build is not None:
            pages.add_search_names(Path(config.site_dir), self.build.search_names())
            self.write_deferred()
        gc.unfreeze()

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.config.enabled:
            server.watch(os.path.join(config.docs_dir, self.config.schema))
        return server

    def on_build_error(self, *, error: Exception) -> None:
        self.stop_prerender()
        self.deferred = []
        gc.unfreeze()

    def on_shutdown(self) -> None:
        self.stop_prerender()

    # --- helpers ------------------------------------------------------------------------------

    def report(self, diagnostics) -> None:
        for d in diagnostics:
            {"error": log.error, "info": log.info}.get(d.severity, log.warning)(format_text(d, self.prefix))

    def from_prerender(self, job: site.Job, wait: bool = False) -> Any | None:
        """What the prerendering child made for `job`, if anything; its failure is logged once."""
        if self.prerender is None:
            return None
        value = self.prerender.wait(job, self.wait_budget()) if wait else self.prerender.take(job)
        if self.prerender.failure:
            log.warning(f"atlas plugin: the prerendering child stopped ({self.prerender.failure}); "
                        "the build makes the rest itself")
            self.stop_prerender()
        elif wait and value is None:
            log.info("atlas plugin: the prerendering child did not make the data files in time; making them here")
        return value

    def write_deferred(self) -> None:
        """The data files `on_env` left to the prerendering child: from it (waiting as long as the work
        takes), or made here if it failed or ran out of time; then the child is stopped (it has made
        every page's parts it got to, and the build has read every page)."""
        if not self.deferred or self.build is None:
            return
        made = self.from_prerender(site.DATA_JOB, wait=True)
        if made:
            log.debug("atlas plugin: the data files were made on another core")
        made = made or self.build.data_files()
        self.stop_prerender()
        for file in self.deferred:
            file.content_string = made[file.src_uri]
            file.copy_file()
        self.deferred = []

    def wait_budget(self) -> float:
        """How long to wait for the data files: a few seconds, and more for a larger graph (laying out
        10,000 nodes and writing the exports takes a few seconds on this kind of machine)."""
        G = self.build.result.G if self.build is not None else None
        return 10.0 + (G.number_of_nodes() + G.number_of_edges() if G is not None else 0) / 1000.0

    def stop_prerender(self) -> None:
        reap(self.folders)
        self.folders = 0
        if self.prerender is not None:
            log.debug(f"atlas plugin: {self.prerender.taken} results were made ahead on another core")
            self.prerender.stop()
            self.prerender = None
