"""The entities' names in the theme's search: an entry per title and alias, weighed as the search weighs
words, so that a search for any name lists its entity first (the browser test runs the theme's own search
on the real site)."""

import json
import math

from graph import search
from helpers import mkdocs_build, page

STOP = frozenset({"the", "for", "with"})


def index(*docs):
    return {"config": {"separator": r"[\s\-]+", "fields": {"title": {"boost": 1000}, "text": {"boost": 1}}},
            "docs": [{"location": loc, "title": title, "text": text} for loc, title, text in docs]}


def test_words_are_cut_as_the_search_cuts_them():
    words = search.Tokens(r"[\s\-]+", STOP)
    assert words("<p>The Hyper-V <b>isolation</b>mode</p>") == ["hyper", "v", "isolation", "mode"]
    assert words.distinct(["A b", "c-D", "a"]) == {"a", "b", "c", "d"}
    # a separator that looks at letter case is applied before lower-casing
    camel = search.Tokens(r"[\s\-]+|(?!\b)(?=[A-Z][a-z])", STOP)
    assert set(camel("isolationModeCase")) == camel.distinct("isolationModeCase") == {"isolation", "mode", "case"}
    # a separator the browser reads but Python does not falls back to the theme's default
    assert search.Tokens("(?<=a+)b", STOP)("x-y z") == ["x", "y", "z"]


def test_the_quick_cut_of_the_default_separator_gives_the_same_words():
    # the default separator cuts by str.split; any other by the regular expression: the same words
    quick = search.Tokens(search.DEFAULT_SEPARATOR, STOP)
    general = search.Tokens(search.DEFAULT_SEPARATOR + "|(?!)", STOP)  # the same separator, not recognised
    assert quick.default and not general.default
    texts = ["<p>The Hyper-V <b>isolation</b>mode</p>", "a<b>c", "un<closed tag", "--lead-and-trail--",
             "tab\there\u00a0nbsp\u2003em\u3000ideo\u2028line\x1fsep\x0bvt", "ÉCOLE İstanbul ﬁle", "", "   ",
             "<a href='x-y'>link-text</a> > < <> x>y", "\u200bzero\ufeffwidth"]
    for text in texts:
        assert quick(text) == general(text), text
        assert quick.distinct(text) == general.distinct(text), text
    assert quick("tab\there\u00a0nbsp") == ["tab", "here", "nbsp"]


def test_every_name_matched_in_full_scores_the_same():
    idx = index(*[(f"p{i}/", "Page", "hyper v isolation containers " * (i % 3) + "vswitch" * (i == 7))
                  for i in range(40)])
    names = [("kb/hvc/", "Hyper-V Containers", ["Hyper-V isolation"]), ("kb/vs/", "Hyper-V virtual switch", ["vSwitch"])]
    entries = search.name_entries(names)
    search.weigh(idx, entries, STOP)
    assert [e["location"] for e in entries] == ["kb/hvc/#atlas-name", "kb/hvc/#atlas-alias-1",
                                                "kb/vs/#atlas-name", "kb/vs/#atlas-alias-1"]
    # the search's weight of a full match: each word's rarity (BM25 with b = 0, one occurrence) times
    # the entry's boost; the same for every name, within the shortest-first tie-break (at most 1%)
    docs = idx["docs"] + entries
    words = search.Tokens(r"[\s\-]+", STOP)

    def idf(t):
        df = sum(t in words.distinct(d[f]) for d in docs for f in ("title", "text"))
        return math.log(1 + abs((len(docs) - df + 0.5) / (df + 0.5)))

    full = [e["boost"] * sum(idf(t) for t in set(words(e["title"]))) for e in entries]
    assert max(full) / min(full) < 1.01
    # a rare word weighs more, so its name gets less boost
    assert entries[3]["boost"] < entries[1]["boost"]


def test_the_shortest_name_matched_in_full_comes_first():
    # searching "AC" looks up "ac*", which matches "acr" in full too
    idx = index(*[(f"p{i}/", "Page", "ac acr " * (i % 2)) for i in range(20)])
    entries = search.name_entries([("kb/a/", "", ["AC"]), ("kb/b/", "", ["ACR"])])
    search.weigh(idx, entries, STOP)
    assert [e["title"] for e in entries] == ["AC", "ACR"]  # no title entry for an empty title


def test_names_are_escaped_and_a_missing_index_is_no_error(tmp_path):
    assert not search.add_names(tmp_path, [("kb/x/", "X", [])])
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text(json.dumps(index(("", "Home", "x"))))
    assert search.add_names(tmp_path, [("kb/x/", "<b>X</b>", ["a & b"])])
    docs = json.loads((tmp_path / "search/search_index.json").read_text())["docs"]
    assert [(d["location"], d["title"]) for d in docs] == [
        ("", "Home"), ("kb/x/#atlas-name", "&lt;b&gt;X&lt;/b&gt;"), ("kb/x/#atlas-alias-1", "a &amp; b"),
        ("#atlas-name", "Home")]  # another page's title is a name too, a little lighter
    assert all(d["boost"] > 0 for d in docs[1:])


def test_the_built_index_holds_titles_and_aliases_but_not_sources_titles(site):
    root = site({"kb/tech/cgroups.md": page("cgroups", extra="aliases: [control groups]\n",
                                            relations="- {type: made-by, target: acme, source: article#p1}")})
    out = mkdocs_build(root, "--strict")
    assert out.returncode == 0, out.stderr
    built = json.loads((root / "site/search/search_index.json").read_text())
    names = {d["location"]: d for d in built["docs"] if "#atlas-" in d["location"]}
    assert names["kb/tech/cgroups/#atlas-name"]["title"] == "cgroups"
    assert names["kb/tech/cgroups/#atlas-alias-1"]["title"] == "control groups"
    assert "kb/acme/#atlas-name" in names and "kb/article/#atlas-name" not in names  # a source's title is not
    # the stop words come from the theme's own search script
    assert "the" in search.stop_words(root / "site")



def test_a_views_graph_data_is_kept_out_of_the_search_index(site):
    """The home page's type map carried its graph's JSON into the index: a wall of tokens such as
    '22h2,"to":"operating' that no reader searches for, and with which the theme's engine failed on
    every search holding a "2" (the real site's "WSL 2" found nothing). Graph data is no text to search."""
    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p1}"),
                 "story.md": "# Story\n\nThe map.\n\n<!-- atlas:typemap -->\n"})
    assert mkdocs_build(root, "--strict").returncode == 0
    index = (root / "site/search/search_index.json").read_text()
    story = (root / "site/story/index.html").read_text()
    assert "data-atlas-json" in story and '"edges":' in story  # the page still carries its data
    assert '\\"edges\\"' not in index and "atlas-json" not in index and "The map." in index
