"""The Python-Markdown extension of the staged site (see `graph.stage`): it gives a generator's pages
what the plugin gives MkDocs' pages. After a page is converted, its own HTML is sanitised (every page
comes from a pull request) and each `<!-- atlas-html ... -->` block becomes the HTML the site build
made for it. Registered as the markdown extension `atlas_staged` (entry point) and loadable as
`graph.staged`; it never imports a generator.
"""

from __future__ import annotations

import base64
import secrets

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from .site import sanitize
from .stage import STAGED_HTML


class StagedHTML(Postprocessor):
    def run(self, text: str) -> str:
        nonce, found = secrets.token_hex(8), {}

        def keep(match) -> str:  # out of the sanitiser's way (it strips comments), under a token nobody can guess
            token = f"atlasstaged{nonce}n{len(found)}z"
            found[token] = base64.b64decode(match.group(1)).decode("utf-8")
            return token

        text = sanitize(STAGED_HTML.sub(keep, text))
        for token, html_text in found.items():
            text = text.replace(f"<p>{token}</p>", html_text).replace(token, html_text)
        return text


class AtlasStagedExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(StagedHTML(md), "atlas_staged", 0)  # last: after raw HTML is back in place


def makeExtension(**kwargs) -> AtlasStagedExtension:
    return AtlasStagedExtension(**kwargs)
