"""What the MkDocs adapter does to MkDocs' own objects: files, pages, their front matter and
contents, the theme's partials. Each a small function the hooks in `plugin.py` call.
"""

from __future__ import annotations

import datetime
import html
import importlib.util
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
from markdown.extensions.toc import slugify as toc_slugify
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink

from . import site
from .render import entity as render_entity

# --- files ---------------------------------------------------------------------------------------

def include_entities(files: Files, entity_paths: dict[str, str], options: site.Options) -> None:
    """Entity pages stay out of the navigation (see DESIGN: Scale); an entity page that could not be
    read (reported already) is left out rather than let MkDocs trip on its front matter."""
    for f in list(files.documentation_pages()):
        if f.src_uri.startswith(options.entities_prefix):
            if f.src_uri in entity_paths:
                f.inclusion = InclusionLevel.NOT_IN_NAV
            else:
                files.remove(f)


def add_generated(files: Files, config: MkDocsConfig, generated: dict[str, str]) -> None:
    """A file for each page the site build generated (path -> markdown)."""
    for path, markdown in generated.items():
        files.append(File.generated(config, path, content=markdown))


def add_page_assets(config: MkDocsConfig) -> None:
    """The site's script and style on every page (once, whatever mkdocs.yml lists already)."""
    for script in site.SCRIPTS:
        if script not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(script)
    for style in site.STYLES:
        if style not in config.extra_css:
            config.extra_css.append(style)


def add_assets(files: Files, config: MkDocsConfig, script: str) -> None:
    """The data files (filled in once every page is read), the graph library, our script and style."""
    for path in site.DATA_FILES:
        files.append(File.generated(config, path, content=""))
    files.append(File.generated(config, site.LIBRARY, abs_src_path=str(vis_network_path())))
    files.append(File.generated(config, site.SCRIPTS[0], content=script))
    for path in site.STYLES:
        files.append(File.generated(config, path, abs_src_path=str(site.HERE / Path(path).name)))


def vis_network_path() -> Path:
    """The vis-network library inside the installed pyvis package (see `site.library_path`)."""
    try:
        return site.library_path()
    except site.SiteError as exc:
        raise PluginError(str(exc)) from None


def source_date(folder: str) -> str:
    """The date builds are stamped with: SOURCE_DATE_EPOCH, else the last commit's, else "" (today)."""
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


# --- pages ---------------------------------------------------------------------------------------

sanitize = site.sanitize  # every page comes from a pull request


def safe_meta(page: Page) -> None:
    """Escape the front-matter values the theme prints unescaped (MkDocs renders without autoescape)."""
    for key in site.ESCAPED_META:
        value = page.meta.get(key)
        if value is not None:
            page.meta[key] = html.escape(str(value))
    for key in site.UNSAFE_META:
        page.meta.pop(key, None)


def safe_title(page: Page) -> None:
    """A title taken from the page's first heading, escaped once (whatever the heading held)."""
    if "title" not in page.meta and page.title:
        page.meta["title"] = html.escape(html.unescape(page.title))


def add_anchors(page: Page, anchors: set[str]) -> None:
    """Make the anchors of a page's generated HTML known to MkDocs' link checks."""
    if anchors and page.present_anchor_ids is not None:
        page.present_anchor_ids.update(anchors)


def finish(output: str) -> str:
    """The final page: the name search's dialog, the global graph's data read before the page's scripts
    (on the pages that draw it), white space compacted."""
    return compact(data_scripts(name_search_dialog(output)))


def add_search_names(site_dir: Path, names: list) -> None:
    """Every entity's names, weighed, in the search index the search plugin wrote."""
    from . import search

    search.add_names(site_dir, names)


def sections_html(sections: list[tuple[str, str]], page: Page, config: MkDocsConfig) -> str:
    """The generated sections below an entity's prose (see `render.entity.sections_html`), with headings
    as the toc extension is set to write them, listed in the page's contents."""
    toc_config = config.mdx_configs.get("toc", {}) if config.mdx_configs else {}
    heading = render_entity.Headings(permalink=toc_config.get("permalink"),
                                     slugify=toc_config.get("slugify") or toc_slugify,
                                     separator=toc_config.get("separator", "-"),
                                     permalink_class=toc_config.get("permalink_class", "headerlink"),
                                     permalink_title=toc_config.get("permalink_title", "Permanent link"))
    html_text, anchors = render_entity.sections_html(sections, set(page.present_anchor_ids or ()), heading)
    entries = page.toc.items
    if entries and entries[0].level == 1:  # the theme lists what is under a leading h1
        entries = entries[0].children
    entries += [AnchorLink(title, anchor, 2) for title, anchor in anchors]
    return html_text


# What shows its white space is kept as it is (the theme sets inline code and keys to pre-wrap).
_VERBATIM = ("pre", "textarea", "code", "kbd")
_OPEN = re.compile(r"<(%s)\b" % "|".join(_VERBATIM), re.I)
_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in _VERBATIM}
_LINE_BREAK = re.compile(r"\n\s+")  # from a line break: quick to find (a pattern that may start with a space is four times slower)


def compact(output: str) -> str:
    """The page without the theme's indentation and blank lines: each run of white space that holds a line
    break becomes one line break, so the page renders the same (HTML shows any run of white space as one
    space), at about a sixth fewer bytes. What <pre>, <textarea>, <code> and <kbd> hold is left as it is."""
    out, at = [], 0
    while (found := _OPEN.search(output, at)) is not None:
        out.append(_LINE_BREAK.sub("\n", output[at:found.start()]))
        close = _CLOSE[found.group(1).lower()].search(output, found.end())
        at = close.end() if close else len(output)
        out.append(output[found.start():at])
    out.append(_LINE_BREAK.sub("\n", output[at:]))
    return "".join(out)


def name_search_dialog(output: str) -> str:
    """The theme's search dialog has no accessible name; give it one."""
    return output.replace('<div class="md-search" data-md-component="search" role="dialog">',
                          '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">', 1)


_DATA_SRC = re.compile(r'data-atlas-src="((?:\.\./)*' + re.escape(site.ASSETS) + r'/graphs/_[a-z0-9-]+\.js)"')  # ours only
_SCRIPT = '<script src="{}"></script>'
_SITE_SCRIPT = re.compile(r'<script src="[^"<>]*' + re.escape(site.SCRIPTS[0]) + r'"></script>')
_THEME_SCRIPT = re.compile(r'<script src="[^"<>]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"></script>')


def data_scripts(output: str) -> str:
    """A page whose graph's data is a script (site.data_script) loads it before the site's script, and
    both before the theme's: the site's script then draws the graph's first frame as it runs, while the
    page is still being read, and the theme's script starts after it (assets/js/start.js). Without the
    theme's script in the page, the site's stays where it is; without either, the site's script loads
    the data itself."""
    found = sorted(set(_DATA_SRC.findall(output))) if 'data-atlas-src="' in output else []
    mine = _SITE_SCRIPT.search(output) if found else None
    if mine is None:
        return output
    first = "".join(_SCRIPT.format(src) for src in found) + mine.group(0)
    output = output[:mine.start()] + output[mine.end():]
    theme = _THEME_SCRIPT.search(output)
    at = theme.start() if theme is not None and theme.start() < mine.start() else mine.start()
    return output[:at] + first + output[at:]


# --- the theme's cache ----------------------------------------------------------------------------

NAV_TEMPLATE = "partials/nav.html"  # Material's navigation partial
HEADER_TEMPLATE = "partials/header.html"  # its header: the logo, the page's title, the palette, search
LANGUAGE_TEMPLATE = "partials/language.html"  # its translations: the macro `t`, imported by base.html
# what the header includes; its cache holds where each of them is Material's own (or absent)
HEADER_PARTS = ("partials/logo.html", "partials/palette.html", "partials/javascripts/palette.html",
                "partials/alternate.html", "partials/search.html", "partials/source.html", "partials/tabs.html",
                "partials/tabs-item.html")
BASE_TEMPLATE = "base.html"  # the page's frame
# the frame's blocks that read the page only through its folder's links: the theme's configuration for its
# script (base URL, translations), its style sheets, its scripts
BASE_BLOCKS = ("config", "styles", "scripts")
THEIRS = "atlas/theme/"  # where the cache renders a wrapped partial from, under its own name
TITLE = "\x00atlas-title\x00"  # stands for the page's title in a folder's cached header


def _url_parts(url: str) -> tuple[str, ...]:
    """A page URL's folder as MkDocs reads it to make relative links (mkdocs.utils.get_relative_url)."""
    folder, _, last = url.rpartition("/")
    if "." not in last:
        folder = url
    return tuple(part for part in folder.split("/") if part and part != ".")


class _Titled:
    """A page as its folder's cached header is rendered from: its own links, a stand-in title."""

    def __init__(self, page: Page, title: str) -> None:
        self._page, self.title, self.meta = page, title, {"title": title}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


def header_title(page: Any) -> str | None:
    """The title Material's header shows for `page` (its front matter's, else the page's), as it prints it."""
    meta = getattr(page, "meta", None)
    value = meta.get("title") if isinstance(meta, dict) else None
    if not value:
        value = getattr(page, "title", None)
    return value if isinstance(value, str) and TITLE not in value else None


class ThemeCache:
    """Parts of Material's pages rendered once for many pages, for the same bytes.

    The navigation and the header, once per folder for the pages outside the navigation (the entity
    pages). Such a page activates no item in the navigation, so the navigation differs between them
    only in its relative links, and the header in those links and the page's title. MkDocs makes the
    links from the page's folder, so two pages in the same parent folder get the same links, unless a
    link leads into a page's own folder; such pages are not cached. The header is cached with a stand-in
    for the title, checked against the header rendered for the folder's first page.

    Three blocks of the frame (`base.html`: the configuration for the theme's script, the style sheets and
    the scripts), once per folder for the same pages: they read the page only through its folder's links.

    The translations (`lang.t`), once per key, in the language of the build that installs the cache:
    Material's macro makes its whole table of a language at every call, about twenty times a page.

    This holds for Material's own partials, which read the page only through those links and its title;
    a theme or `custom_dir` override of a partial may read more, so that partial's cache stays off."""

    def __init__(self) -> None:
        self.nav_urls: set[str] = set()
        self.nav_dirs: list[tuple[str, ...]] = []

    def learn(self, nav: Navigation, config: MkDocsConfig) -> None:
        """Every relative link the navigation can hold."""
        targets = [p.url for p in nav.pages]
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            stack.extend(getattr(item, "children", None) or [])
            if getattr(item, "is_link", False) and item.url and "://" not in item.url:
                targets.append(item.url)
        targets += [str(v) for v in (config.theme.get("logo"), config.theme.get("favicon")) if v]
        self.nav_dirs = [_url_parts(url) for url in targets]
        self.nav_urls = {p.url for p in nav.pages}

    def key(self, page: Any) -> tuple[str, ...] | None:
        """What the navigation and the header of `page` depend on, or None when that is the page itself."""
        if not isinstance(page, Page) or page.url in self.nav_urls:
            return None
        own = _url_parts(page.url)
        if any(parts[:len(own)] == own for parts in self.nav_dirs):
            return None
        return own[:-1]

    def install(self, env: jinja2.Environment, config: MkDocsConfig) -> bool:
        """Wrap the theme's partials in the cache, those that are Material's own; whether any was."""
        if config.theme.name != "material" or env.loader is None:
            return False
        loader = env.loader

        def own(name: str, absent_too: bool = False) -> bool:
            try:
                _, filename, _ = loader.get_source(env, name)
            except jinja2.TemplateNotFound:
                return absent_too
            return is_materials_own(filename)

        wrapped: dict[str, str] = {}
        if own(NAV_TEMPLATE):
            wrapped[NAV_TEMPLATE] = "{{ atlas_cached_nav() }}"
        if own(HEADER_TEMPLATE) and all(own(name, absent_too=True) for name in HEADER_PARTS):
            wrapped[HEADER_TEMPLATE] = "{{ atlas_cached_header() }}"
        if own(LANGUAGE_TEMPLATE):  # it imports the language's table without the page: one key, one answer
            wrapped[LANGUAGE_TEMPLATE] = "{% set t = atlas_translate %}"  # `lang.t` calls the cache itself
        if not wrapped and not own(BASE_TEMPLATE):
            return False
        env.loader = jinja2.ChoiceLoader([
            jinja2.DictLoader({**wrapped, **{THEIRS + name: loader.get_source(env, name)[0] for name in wrapped}}),
            loader])
        navs: dict[tuple[str, ...], str] = {}
        headers: dict[tuple[str, ...], list[str] | None] = {}
        translations: dict[str, str] = {}  # one language a build
        language_module = env.get_template(THEIRS + LANGUAGE_TEMPLATE).make_module({"config": config}) \
            if LANGUAGE_TEMPLATE in wrapped else None

        def theirs(name: str, context: jinja2.runtime.Context, **changed: Any) -> str:
            return context.environment.get_template(THEIRS + name).render({**context.get_all(), **changed})

        @jinja2.pass_context
        def atlas_cached_nav(context: jinja2.runtime.Context) -> str:
            key = self.key(context.get("page"))
            if key is not None and key in navs:
                return navs[key]
            html_text = theirs(NAV_TEMPLATE, context)
            if key is not None:
                navs[key] = html_text
            return html_text

        @jinja2.pass_context
        def atlas_cached_header(context: jinja2.runtime.Context) -> str:
            page = context.get("page")
            key = self.key(page)
            title = header_title(page) if key is not None else None
            parts = headers.get(key) if title is not None else None
            if parts is not None:
                return title.join(parts)
            html_text = theirs(HEADER_TEMPLATE, context)
            if title is not None and key not in headers:  # the folder's first page
                parts = theirs(HEADER_TEMPLATE, context, page=_Titled(page, TITLE)).split(TITLE)
                headers[key] = parts if len(parts) == 2 and title.join(parts) == html_text else None
            return html_text

        def atlas_translate(key: Any) -> str:
            key = str(key)
            if key not in translations:
                translations[key] = str(language_module.t(key))
            return translations[key]

        env.globals.update(atlas_cached_nav=atlas_cached_nav, atlas_cached_header=atlas_cached_header,
                           atlas_translate=atlas_translate)
        if own(BASE_TEMPLATE):  # Jinja keeps the compiled frame, and every page reads its blocks from it
            frame = env.get_template(BASE_TEMPLATE)
            for name in BASE_BLOCKS:
                if name in frame.blocks:
                    frame.blocks[name] = self._cached_block(frame.blocks[name])
        return True

    def _cached_block(self, block: Callable[..., Iterator[str]]) -> Callable[..., Iterator[str]]:
        """A block of the frame rendered once per folder for the pages outside the navigation. A page's
        own template that overrides the block replaces it (or calls it through `super()`)."""
        blocks: dict[tuple[str, ...], str] = {}

        def cached(context: jinja2.runtime.Context, *args: Any, **kwargs: Any) -> Iterator[str]:
            key = self.key(context.get("page"))
            if key is None:
                yield from block(context, *args, **kwargs)
                return
            if key not in blocks:
                blocks[key] = "".join(block(context, *args, **kwargs))
            yield blocks[key]

        return cached


def is_materials_own(filename: str | None) -> bool:
    """Whether a template file is the one inside the installed Material theme (not an override)."""
    spec = importlib.util.find_spec("material")
    if not filename or spec is None or not spec.submodule_search_locations:
        return False
    package = Path(list(spec.submodule_search_locations)[0]).resolve()
    try:
        Path(filename).resolve().relative_to(package)
    except ValueError:
        return False
    return True
