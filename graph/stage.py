"""Staging: the site as a self-contained docs folder that a generator without our plugin builds
(Zensical today, any MkDocs-like generator that runs Python-Markdown extensions).

Everything comes from the one site build (`site.SiteBuild`), as the plugin gets it: the generated
pages, each entity page's parts, the expanded views, the data files, the site's script, style and
graph library. What the plugin puts into the converted HTML goes into the staged markdown as
`<!-- atlas-html BASE64 -->` blocks, which the markdown extension in `graph.staged` puts back after
it has sanitised the page's own HTML. Every front-matter string the theme prints is escaped here.

Links: a generator may resolve a relative `href` against the page's source file rather than its URL
(Zensical does, silently); the staged HTML's links are written relative to the source file's folder,
which is what such a generator expects and what it writes out again relative to the URL.
"""

from __future__ import annotations

import base64
import json
import posixpath
import re
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from . import site
from .load import split_front_matter

STAGED_HTML = re.compile(r"<!-- atlas-html ([A-Za-z0-9+/=]*) -->")  # what the markdown extension puts back
_TOKEN = re.compile(r"atlasslot[0-9a-f]+n\d+z")
_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)"')
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def staged_block(html_text: str) -> str:
    """HTML as a markdown block that no markdown syntax touches (base64 holds no '--' nor '>')."""
    return "\n\n<!-- atlas-html " + base64.b64encode(html_text.encode("utf-8")).decode("ascii") + " -->\n\n"


def from_source(html_text: str, page_url: str, src_path: str) -> str:
    """The HTML's relative links (made for the page at `page_url`) rewritten to hold from the folder of
    its source file `src_path`, where a generator like Zensical resolves them."""
    url_dir = _folder(page_url)
    src_dir = posixpath.dirname(src_path)
    if url_dir == src_dir:  # an index page: the same folder
        return html_text

    def rewrite(found: re.Match) -> str:
        link = found.group(2)
        if not link or link.startswith(("#", "/")) or _SCHEME.match(link):
            return found.group(0)
        path, sep, rest = _split(link)
        target = posixpath.normpath(posixpath.join(url_dir, path)) if path else url_dir or "."
        rel = posixpath.relpath(target, src_dir or ".")
        if path.endswith("/") or not path:
            rel = "./" if rel == "." else rel + "/"
        return f'{found.group(1)}{rel}{sep}{rest}"'

    return _LINK.sub(rewrite, html_text)


def _folder(url: str) -> str:
    url = url[2:] if url.startswith("./") else url
    return url.rsplit("/", 1)[0] if "/" in url else ""


def _split(link: str) -> tuple[str, str, str]:
    at = min((i for i in (link.find("#"), link.find("?")) if i >= 0), default=-1)
    return (link, "", "") if at < 0 else (link[:at], link[at], link[at + 1:])


def safe_front_matter(meta: dict[str, Any]) -> str:
    """Front matter the theme may print as it is: the strings it prints escaped, the keys that could
    reach other templates or markup dropped, each value written as JSON (a YAML scalar or flow node)."""
    out = ["---"]
    if not meta:  # an empty block is not a YAML document to every generator
        return ""
    for key, value in meta.items():
        if not isinstance(key, str) or key in site.UNSAFE_META:
            continue
        if key in site.ESCAPED_META:
            value = site.html.escape(str(value))
        out.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, default=str)}")
    return "\n".join(out + ["---", ""])


def read_meta(text: str) -> tuple[dict[str, Any], str]:
    """A page's front matter (empty when it has none or it cannot be read) and its body."""
    fm, body, _, closed = split_front_matter(text)
    if fm is None or not closed:
        return {}, text
    try:
        meta = yaml.safe_load(fm)
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), body


class Stage:
    """The staged markdown of each page, built from one `SiteBuild` over the files MkDocs gathered."""

    def __init__(self, build: site.SiteBuild) -> None:
        self.build = build

    def page(self, path: str, text: str) -> str | None:
        """The staged markdown of a documentation page (None: the site leaves it out)."""
        build = self.build
        node = build.entity_id(path)
        if node is not None:
            parts = build.entity_parts(node)
            return self._blocks(path, safe_front_matter(build.entity_meta_raw(node)) + build.entity_markdown(path, parts))
        if path.startswith(build.options.entities_prefix):  # an entity page that could not be read
            return None
        meta, body = read_meta(text)
        body = build.expand_views(path, body) or body
        return self._blocks(path, safe_front_matter(meta) + body)

    def generated(self, path: str, markdown: str) -> str:
        meta, body = read_meta(markdown)
        return self._blocks(path, safe_front_matter(meta) + body)

    def _blocks(self, path: str, markdown: str) -> str:
        """Each slot token in the page's markdown replaced by its HTML as a staged block, links rewritten."""
        slots = self.build.slot_html(path)
        if not slots:
            return markdown
        page_url = self.build.url_of(path)

        def block(found: re.Match) -> str:
            html_text = slots.get(found.group(0))
            return found.group(0) if html_text is None else staged_block(from_source(html_text, page_url, path))

        return _TOKEN.sub(block, markdown)


def files_to_stage(build: site.SiteBuild, files: Iterable[Any]) -> dict[str, bytes]:
    """Every file of the staged docs folder, by path: the pages (read, generated), the other files of
    the docs folder, the data files, the site's script, style and library."""
    stage = Stage(build)
    out: dict[str, bytes] = {}
    for f in files:
        inclusion = getattr(f, "inclusion", None)
        if inclusion is not None and not inclusion.is_included():
            continue
        if f.src_uri.endswith(".md"):
            page = stage.page(f.src_uri, f.content_bytes.decode("utf-8", "replace"))
            if page is not None:
                out[f.src_uri] = page.encode("utf-8")
        else:
            out[f.src_uri] = f.content_bytes
    for path, markdown in build.generated.items():
        out[path] = stage.generated(path, markdown).encode("utf-8")
    for path, text in build.data_files().items():
        out[path] = text.encode("utf-8")
    out[site.LIBRARY] = site.library_path().read_bytes()
    out[site.SCRIPTS[0]] = build.script().encode("utf-8")
    for path in site.STYLES:
        out[path] = (site.HERE / Path(path).name).read_bytes()
    return out


def write_folder(out_dir: Path, contents: dict[str, bytes]) -> list[str]:
    """Make the staged folder hold exactly `contents`: a file is written only when it changed, and what
    a previous staging left that this one does not make goes (so a watching server rebuilds only what
    changed). Returns the paths written or removed."""
    changed = []
    existing = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if p.is_file()} if out_dir.exists() else set()
    for path in sorted(existing - contents.keys()):
        (out_dir / path).unlink()
        changed.append(path)
    for path, data in sorted(contents.items()):
        target = out_dir / path
        if path in existing and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        changed.append(path)
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()
    return changed
