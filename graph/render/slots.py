"""Generated HTML kept out of the markdown engine until the page is converted."""

from __future__ import annotations


class Slots:
    """Generated HTML kept out of the markdown engine: a token goes into the markdown, and the
    HTML replaces it in the converted page. Faster (the markdown engine never parses the HTML) and
    safer (contributor text never meets markdown syntax). The nonce makes tokens unguessable.

    A late slot is filled only in the final page, after search has indexed the content: until
    then it holds a stand-in, empty and excluded from search, or the plain text search should see
    (cheaper to index than the rich HTML, which the page gets in the end)."""

    def __init__(self, nonce: str) -> None:
        self.nonce = nonce
        self.store: dict[str, str] = {}
        self.late: dict[str, str] = {}  # token -> its stand-in until the final page

    def put(self, html_text: str, searchable: bool = True, search_text: str | None = None) -> str:
        """A token for `html_text`. Not `searchable`: a late slot; with `search_text` (HTML), a late
        slot whose stand-in search indexes."""
        token = f"atlasslot{self.nonce}n{len(self.store)}z"  # the z: n1 must not match inside n10
        self.store[token] = html_text
        name = token.replace("atlasslot", "late", 1)
        if search_text is not None:
            self.late[token] = f'<div data-atlas-late="{name}">{search_text}</div>'
        elif not searchable:
            self.late[token] = f'<div data-atlas-late="{name}" data-search-exclude></div>'
        return token

    def fill(self, page_html: str) -> str:
        """Fill the searchable slots; put the stand-ins of the late ones. Newest first: a slot's HTML may
        hold the token of one made while it was rendered (a graph's data inside a view), filled next."""
        for token, html_text in reversed(self.store.items()):
            html_text = self.late.get(token, html_text)
            page_html = page_html.replace(f"<p>{token}</p>", html_text).replace(token, html_text)
        return page_html

    def fill_late(self, page_html: str) -> str:
        """Replace the stand-ins with their HTML (relation lists, graphs, long tables, the entity head)."""
        for token, stand_in in self.late.items():
            page_html = page_html.replace(stand_in, self.store[token], 1)
        return page_html
