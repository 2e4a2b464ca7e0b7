"""The entities' names in the theme's search: an entry per title and per alias, and weights that make a
search for any name of an entity list that entity first.

The theme's search scores an entry by the rarity of the words it matches (BM25 with no length
normalisation: each matched word counts its inverse document frequency, times the field's and the
entry's boost), then by the share of the query's words it matched. An alias of common words ("Hyper-V
isolation") therefore lost to an alias with one rare word that the query also reaches by prefix
("Hyper-V vSwitch": "v" is searched as "v*", which matches "vswitch"). So each name is boosted in inverse
proportion to the weight of its own words, computed here as the search computes it: every name matched
in full then scores the same, and a name matched in part scores less, whatever its words."""

from __future__ import annotations

import html
import json
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# The boost of a name of typical weight. A name is a section of its page, and the search gives a page's
# own entry a larger bonus than a section's for matching every word of a query (1 + 2² against 1 + 1²):
# this is enough for a name matched in full to come before a page that has its words in its title and
# text, and not so much that a name matched in part comes before a guide's or a type's title matched in
# full (checked on this site's search: the browser test, and queries such as "isolation modes").
NAME_BOOST = 8.0
# The title of a page that is not an entity's (a guide, a type's index, the graph) weighs this share of an
# entity's name: it comes before entities whose names share some of its words, and after an entity whose
# name holds all of them ("Virtualization" lists the entity known as "server virtualization" first).
OTHER_PAGES = 0.7
DEFAULT_SEPARATOR = r"[\s\-]+"
TIE = 0.02  # at most 1% between names matched in full: above the search's rounding, below any real difference
K1 = 1.2  # the search's BM25 term-frequency saturation
TAG = re.compile(r"<[^>]*>")
NAME_ANCHOR = "atlas-name"  # the entry of an entity's title; the result list hides it under the page's own


def name_entries(names: Iterable[tuple[str, str, list[str]]]) -> list[dict[str, Any]]:
    """Search entries for each (page address, title, aliases): a section of the page per name, its title
    and each alias, titled with it (search ranks a page by its best entry and weighs titles far above
    text). The theme shows a result's title as HTML: a name is text, so it is escaped, as page titles are.
    Boosts come with `weigh`."""
    from .render.entity import alias_anchor

    out = []
    for url, title, aliases in names:
        if title:
            out.append({"location": f"{url}#{NAME_ANCHOR}", "title": html.escape(title), "text": ""})
        out += [{"location": f"{url}#{alias_anchor(i)}", "title": html.escape(alias), "text": ""}
                for i, alias in enumerate(aliases)]
    return out


def stop_words(site_dir: Path) -> frozenset[str]:
    """The words the theme's search leaves out of its index and queries, read from its worker script;
    none when the script is not found (the weights are then a little less exact, never wrong in kind)."""
    for worker in sorted((site_dir / "assets" / "javascripts" / "workers").glob("search*.js")):
        found = re.search(r"generateStopWordFilter\(\[([^\]]*)\]\)", worker.read_text(encoding="utf-8"))
        if found:
            return frozenset(json.loads(f"[{found.group(1)}]"))
    return frozenset()


class Tokens:
    """Splits a field as the theme's search does: the text between HTML tags, cut at the separator,
    lower-cased, without stop words."""

    def __init__(self, separator: str, stop: frozenset[str]) -> None:
        try:
            re.compile(separator)
        except re.error:  # written for the browser's regular expressions: the theme's default is close
            separator = DEFAULT_SEPARATOR
        self.split = re.compile(f"{TAG.pattern}|{separator}").split  # a tag ends a word, as a separator does
        self.stop = stop
        # lower-casing before cutting is quicker, and the same unless the separator looks at letter case
        self.caseless = not re.search(r"[A-Z]", re.sub(r"\\[A-Za-z]", "", separator))
        # the theme's default separator (white space and hyphens) cuts as str.split does once tags and hyphens
        # are spaces (both know white space as Unicode does): the same words, three times quicker
        self.default = separator == DEFAULT_SEPARATOR

    def cut(self, text: str) -> list[str]:
        """The words of `text`, as they are written."""
        if self.default:
            return (TAG.sub(" ", text) if "<" in text else text).replace("-", " ").split()
        return [w for w in self.split(text) if w]

    def __call__(self, value: Any) -> list[str]:
        parts = value if isinstance(value, list) else [value]
        return [t for part in parts for w in self.cut(str(part or "")) for t in [w.lower()] if t not in self.stop]

    def distinct(self, value: Any) -> set[str]:
        """The words of `value`, each once: quicker, for the words of whole pages."""
        parts = value if isinstance(value, list) else [value]
        words: set[str] = set()
        for part in parts:
            if self.caseless:
                words.update(self.cut(str(part or "").lower()))
            else:
                words.update(w.lower() for w in self.cut(str(part or "")))
        return words - self.stop


def weigh(index: dict[str, Any], entries: list[dict[str, Any]], stop: frozenset[str]) -> None:
    """Boost each name entry in inverse proportion to the weight of its words, so that every name scores
    the same when a search matches it in full, and less when it matches it in part."""
    config = index.get("config") or {}
    fields = list((config.get("fields") or {"title": {}, "text": {}}).keys())
    tokens = Tokens(str(config.get("separator") or DEFAULT_SEPARATOR), stop)
    docs = [d for d in index.get("docs", []) if isinstance(d, dict)] + entries
    words = [tokens(e["title"]) for e in entries]  # each name's words, as the search cuts them
    wanted = {t for ws in words for t in ws}
    df: Counter[str] = Counter()  # documents with the word, counted once per field, as the search counts
    for doc in docs:
        for name in fields:
            df.update(tokens.distinct(doc.get(name)) & wanted)
    n = len(docs)

    def weight(ws: list[str]) -> float:
        """What a full match of these words adds up to: the rarity of each, as the search weighs it, with
        no length normalisation (its BM25 b is 0)."""
        return sum(math.log(1 + abs((n - df[t] + 0.5) / (df[t] + 0.5))) * (K1 + 1) * c / (K1 + c)
                   for t, c in Counter(ws).items())

    weights = [weight(ws) for ws in words]
    typical = statistics.median([w for w in weights if w > 0] or [1.0])
    for entry, ws, w in zip(entries, words, weights):
        # Search looks each word up as a prefix ("ac" as "ac*"), so "ACR" matches a search for "AC" in
        # full too: of names matched in full, the shortest is the one typed, and it comes first.
        shortest_first = 1 + TIE / max(1, sum(map(len, ws)))
        entry["boost"] = round(NAME_BOOST * (typical / w if w > 0 else 1) * shortest_first, 4)


def add_names(site_dir: Path, names: list[tuple[str, str, list[str]]]) -> bool:
    """Append the name entries of `names` ((page address, title, aliases) per entity) and of every other
    page's title, weighed, to the search index the theme wrote in `site_dir` (its JSON format: config, and
    docs with location, title, text and an optional boost); False when there is no index."""
    path = site_dir / "search" / "search_index.json"
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(index, dict) or not isinstance(index.get("docs"), list):
        return False
    # every other page's title is a name too, weighed a little less (OTHER_PAGES); a source's is not
    entity_pages = {url for url, _, _ in names}
    others = [(d["location"], html.unescape(d["title"]), []) for d in index["docs"]
              if isinstance(d, dict) and isinstance(d.get("location"), str) and "#" not in d["location"]
              and d["location"] not in entity_pages and isinstance(d.get("title"), str) and d["title"]]
    entries = name_entries([*names, *others])
    weigh(index, entries, stop_words(site_dir))
    for entry in entries[len(entries) - len(others):]:
        entry["boost"] = round(entry["boost"] * OTHER_PAGES, 4)
    index["docs"].extend(entries)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
    return True


def entity_names(G: Any, url_of: Callable[[str], str]) -> list[tuple[str, str, list[str]]]:
    """(page address, title, aliases) of every entity, in the graph's order. A source's title is left out
    ("" in its place): a source is a document about things, and a search for a thing's name should list
    the thing before a document of the same title; the source's page is still found by its title."""
    from .build import entities
    from .model import Schema

    return [(url_of(e.path), "" if e.type == Schema.SOURCE_TYPE else e.title, list(e.aliases))
            for e in entities(G)]
