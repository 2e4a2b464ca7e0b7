"""What makes builds fast must not change what they produce: the theme cache writes the same
bytes, and the benchmark's plain baseline really has the same navigation as the graph build."""

import filecmp
import os
import re
import sys
import time
from pathlib import Path

import pytest
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from helpers import ROOT, base_pages, page, run, write_site
from graph.pages import ThemeCache, _url_parts


def differences(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    cmp = filecmp.dircmp(a, b)
    out = [f"{a.name}/{n}" for n in cmp.left_only + cmp.right_only]
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    out += [str(a / n) for n in mismatch + errors]
    for sub in cmp.common_dirs:
        out += differences(a / sub, b / sub)
    return out


# the theme as this site dresses it, in another language, with the navigation's tabs in the header
DRESSED = """theme:
  name: material
  font: false
  language: de
  features: [navigation.instant, navigation.tabs, navigation.tabs.sticky, search.suggest, search.share]
  palette:
    - {media: "(prefers-color-scheme: light)", scheme: default, toggle: {icon: material/weather-night, name: Dark}}
    - {media: "(prefers-color-scheme: dark)", scheme: slate, toggle: {icon: material/weather-sunny, name: Light}}
extra_css: [extra/site.css]
extra_javascript: [extra/site.js, {path: extra/module.js, type: module}]
"""


@pytest.mark.parametrize("directory_urls,theme", [(True, "plain"), (False, "plain"), (True, "dressed")])
def test_theme_cache_writes_the_same_bytes(tmp_path, directory_urls, theme):
    # entity pages in several folders and depths, narrative pages in and out of the nav, a nav page
    # inside an entity page's own folder, and a relative link in the nav; titles that differ in one folder,
    # one with characters HTML escapes (the header is cached per folder with a stand-in for the title)
    pages = {**base_pages(),
             "kb/tech/engine.md": page("Engine", relations="- {type: made-by, target: acme, source: article#p2}"),
             "kb/tech/cgroups.md": page("cgroups", relations="- {type: requires, target: engine, source: article#p3}"),
             "kb/tech/quotes.md": page('"Jails & <zones>"'),
             "kb/tech/deep/kernel.md": page("Kernel"),
             "kb/tech/engine/notes.md": page("Notes"),  # in the nav, inside the engine page's folder
             "extra/site.css": "body {}\n", "extra/site.js": "// a script\n", "extra/module.js": "export {};\n",
             "guide/intro.md": "# Intro\n\nText.\n",
             "hidden/aside.md": "# Aside\n\nOutside the nav.\n"}
    nav = ("nav:\n  - Home: index.md\n  - Intro: guide/intro.md\n  - Notes: kb/tech/engine/notes.md\n"
           "  - Types: types/technology.md\n  - Graph: graph.md\n  - Engine link: kb/tech/engine/\n"
           f"use_directory_urls: {str(directory_urls).lower()}\nnot_in_nav: |\n  /hidden/\n")
    sites = {}
    for cached in (True, False):
        root = write_site(tmp_path / f"cache-{cached}", pages, plugin_options=f"cache_nav: {str(cached).lower()}",
                          extra_config=nav)
        if theme == "dressed":
            config = (root / "mkdocs.yml").read_text()
            plain = "theme:\n  name: material\n  font: false\n  features: [navigation.instant]\n"
            assert plain in config
            (root / "mkdocs.yml").write_text(config.replace(plain, DRESSED))
        out = run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")], root)
        assert out.returncode == 0, out.stderr
        sites[cached] = root / "site"
    assert differences(sites[True], sites[False]) == []
    engine = "kb/tech/engine/index.html" if directory_urls else "kb/tech/engine.html"
    text = (sites[True] / engine).read_text()
    assert "Intro" in text  # the navigation is there
    # the header shows each page's own title; the translations are the theme's language's
    def topic(html_text: str) -> str:
        return re.search(r'data-md-component="header-topic">\s*<span class="md-ellipsis">(.*?)</span>', html_text,
                         re.S).group(1).strip()

    quotes = (sites[True] / engine.replace("engine", "quotes")).read_text()
    assert topic(text) == "Engine" and "&amp; &lt;zones&gt;" in topic(quotes) and "<zones>" not in quotes
    assert ('placeholder="Suche"' in text) == (theme == "dressed")
    # the frame's blocks, cached per folder: the scripts' and style sheets' links are relative to the page
    prefix = "../../../" if directory_urls else "../../"
    assert f'<link rel="stylesheet" href="{prefix}assets/stylesheets/main.' in text
    if theme == "dressed":
        assert f'<script src="{prefix}extra/site.js"></script>' in text
        assert f'<link rel="stylesheet" href="{prefix}extra/site.css">' in text


def make_page(src_uri: str) -> Page:
    return Page(None, File(src_uri, "docs", "site", True), {})


def test_navigation_is_shared_by_pages_of_one_folder_only_when_it_cannot_differ():
    plugin = ThemeCache()
    plugin.nav_urls = {"", "types/a/", "kb/x/sub/"}
    plugin.nav_dirs = [_url_parts(u) for u in ("", "types/a/", "kb/x/sub/", "assets/logo.png")]
    one, two = make_page("kb/a/one.md"), make_page("kb/a/two.md")
    assert plugin.key(one) == plugin.key(two) == ("kb", "a")
    assert plugin.key(make_page("kb/b/one.md")) == ("kb", "b")
    assert plugin.key(make_page("kb/x.md")) is None  # a nav page lies in its folder: links differ
    assert plugin.key(make_page("types/a.md")) is None  # in the nav: its item is active
    assert plugin.key(None) is None  # the 404 page and other theme templates
    assert _url_parts("kb/a.html") == ("kb",) and _url_parts("kb/a/") == ("kb", "a") and _url_parts("") == ()


def test_plain_baseline_has_the_same_navigation(tmp_path):
    from tools.synthetic import write_site as write_synthetic

    links = {}
    for kind in ("graph", "plain"):
        root = write_synthetic(tmp_path / kind, 60, ROOT / "docs" / "schema.yml", kind=kind)
        out = run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")], root)
        assert out.returncode == 0, out.stderr
        home = (root / "site/index.html").read_text(encoding="utf-8")
        primary = home[home.index('md-nav--primary'):home.index('md-sidebar--secondary')]
        links[kind] = re.findall(r'<a href="([^"]*)" class="md-nav__link', primary)
        sample = next((root / "site/kb/component").iterdir()) / "index.html"
        assert sample.is_file()
    assert len(links["graph"]) > 20 and links["graph"] == links["plain"]


def test_prerender_and_navigation_cache_change_no_byte_of_a_larger_site(tmp_path):
    import os

    from tools.synthetic import write_site as write_synthetic

    two_cores_on_linux = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2

    sites = []
    for fast in ("true", "false"):
        root = write_synthetic(tmp_path / fast, 150, ROOT / "docs" / "schema.yml")
        config = (root / "mkdocs.yml").read_text()
        options = f"      prerender: {fast}\n      cache_nav: {fast}\n"
        (root / "mkdocs.yml").write_text(config.replace("      schema: schema.yml\n", "      schema: schema.yml\n" + options))
        assert options in (root / "mkdocs.yml").read_text()  # the two builds do differ in these options
        out = run([sys.executable, "-m", "mkdocs", "build", "--verbose", "--site-dir", str(root / "site")], root)
        assert out.returncode == 0, out.stderr
        sites.append(root / "site")
        if fast == "true" and two_cores_on_linux:  # where mkdocs build forks, the child made the data files
            assert "the data files were made on another core" in out.stdout + out.stderr
    assert differences(*sites) == []


def test_prerender_gives_what_the_function_gives_or_nothing(monkeypatch):
    import time

    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    keys = [f"k{i}" for i in range(100)]

    def make(key):
        if key == "k7":
            raise ValueError("the child cannot make this one")
        return {"key": key, "upper": key.upper()}

    worker = prerender.Prerender.start(make, list(reversed(keys)))
    assert worker is not None
    try:
        # made just before the child gives up at k7 (it goes in the order given, here backwards)
        assert worker.wait("k8", timeout=30) == {"key": "k8", "upper": "K8"}
        assert worker.take("k50") == {"key": "k50", "upper": "K50"}
        assert worker.take("k50") is None  # taken once
        assert worker.take("k7") is None and worker.take("k3") is None  # the caller makes these itself
    finally:
        worker.stop()
    assert worker.take("k9") is None


def test_prerender_skips_what_the_caller_has_passed(monkeypatch):
    """The caller says how far it has gone by taking: the child skips what it passed (the caller made it
    itself) and goes on from there; the `last` jobs are made whatever happened."""
    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    gate = os.pipe()  # the child waits on its first job until the caller has passed the first 60 keys

    def make(key):
        if key == "k0":
            os.read(gate[0], 1)
        return key.upper()

    keys = [f"k{i}" for i in range(100)]
    worker = prerender.Prerender.start(make, keys, last=["data"])
    try:
        assert worker.take("k59") is None  # not made yet: the caller makes k0 to k59 itself
        os.write(gate[1], b"x")
        assert worker.wait("data", timeout=30) == "DATA"
        assert worker.wait("k99", timeout=30) == "K99" and worker.take("k60") == "K60"
        worker._read()
        assert not any(f"k{i}" in worker.ready for i in range(1, 60))  # skipped, never made
    finally:
        worker.stop()
        os.close(gate[0])
        os.close(gate[1])


def test_prerender_does_not_fork_a_threaded_process():
    import threading

    from graph import prerender

    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not prerender.can_fork()  # as under `mkdocs serve`
        assert prerender.Prerender.start(str.upper, ["a", "b"]) is None
    finally:
        stop.set()
        thread.join()


def test_prerender_makes_the_first_job_first_and_waits_for_it(monkeypatch):
    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    keys = [f"k{i}" for i in range(100)]

    def make(key):
        return {"graph.json": "{}"} if key == "data" else key.upper()

    worker = prerender.Prerender.start(make, ["data", *keys])
    try:
        assert worker.wait("data", timeout=30) == {"graph.json": "{}"}
        assert worker.failure == ""
    finally:
        worker.stop()


def test_split_map_makes_half_on_another_process_and_gives_the_same_list(monkeypatch):
    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    parent = os.getpid()
    made = prerender.split_map(lambda x: (x * x, os.getpid()), list(range(600)))
    assert [value for value, _ in made] == [x * x for x in range(600)]
    assert {pid for _, pid in made[:300]} == {parent} and parent not in {pid for _, pid in made[300:]}
    # too few items for a child to pay: all made here
    assert {pid for _, pid in prerender.split_map(lambda x: (x, os.getpid()), list(range(10)))} == {parent}


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_split_map_makes_the_half_of_a_failed_child_itself(monkeypatch, how):
    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    parent = os.getpid()

    def square(x):
        if os.getpid() != parent and x == 450:
            if how == "raises":
                raise RuntimeError("no")
            os._exit(3)
        return x * x

    assert prerender.split_map(square, list(range(600))) == [x * x for x in range(600)]


def test_many_pages_load_the_same_on_two_cores(monkeypatch):
    """The same entities and diagnostics, in the same order, with the second half of the pages read by a
    child process or not."""
    from graph import load, prerender

    pages = [(f"kb/p{i:04d}.md", page(f"P {i}", relations=f"- {{type: made-by, target: p{(i + 1) % 600:04d}, "
                                                           f"source: article#p2}}"))
             for i in range(600)]
    pages[100] = ("kb/p0100.md", "---\ntitle: [broken\n---\n")  # a diagnostic in the parent's half
    pages[500] = ("kb/p0500.md", "no front matter")  # and one in the child's
    monkeypatch.setattr(prerender, "can_fork", lambda: True)
    split = load.load_pages(pages)
    monkeypatch.setattr(prerender, "can_fork", lambda: False)
    alone = load.load_pages(pages)
    assert split == alone
    assert len(split[0]) == 598
    assert [d.path for d in split[1] if d.severity == "error"] == ["kb/p0100.md", "kb/p0500.md"]


def test_a_build_gives_the_collector_back_what_it_froze(tmp_path):
    """The plugin keeps what lives as long as the build out of the cycle collector's passes while the pages
    are made (gc.freeze), and gives it back when the build ends, built or failed: `mkdocs serve` builds
    again and again in one process."""
    root = write_site(tmp_path, base_pages())
    script = ("import gc, logging\n"
              "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
              "from mkdocs.exceptions import Abort\n"
              "from graph import plugin\n"
              "frozen = []\n"
              "original = plugin.GraphPlugin.on_page_markdown\n"
              "def watch(self, *args, **kwargs):\n"
              "    frozen.append(gc.get_freeze_count())\n"
              "    return original(self, *args, **kwargs)\n"
              "plugin.GraphPlugin.on_page_markdown = watch\n"
              "build(load_config('mkdocs.yml'))\n"
              "print(min(frozen) > 0, gc.get_freeze_count())\n"
              "def boom(*args, **kwargs):\n    raise RuntimeError('a page failed')\n"
              "plugin.pages.finish = boom\n"
              "try:\n    build(load_config('mkdocs.yml'))\nexcept (Abort, RuntimeError):\n    print('failed')\n"
              "print(gc.get_freeze_count())\n")
    out = run([sys.executable, "-c", script], root)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["True", "0", "failed", "0"], out.stdout


def test_prerender_reports_why_the_child_stopped(monkeypatch):
    from graph import prerender

    monkeypatch.setattr(prerender, "can_fork", lambda: True)

    def broken(key):
        raise RuntimeError("no layout")

    class Clock:
        """The parent's clock, moved on only by its own waits: time the child takes does not count, so
        returning before `timeout` of it means the parent saw the child end."""
        now = 0.0

        def monotonic(self):
            return self.now

        def sleep(self, seconds):
            self.now += seconds
            time.sleep(min(seconds, 0.001))

    clock = Clock()
    worker = prerender.Prerender.start(broken, ["data", "k1"])
    monkeypatch.setattr(prerender, "time", clock)
    try:
        assert worker.wait("data", timeout=30) is None  # the child ended without it
        assert clock.now < 30  # and the build did not wait out the timeout
        assert worker.failure == "RuntimeError: no layout (while making 'data')"
        assert worker.take("k1") is None  # and made nothing after
    finally:
        worker.stop()


def test_pagerank_is_networkx_pagerank_without_scipy():
    """Labels are placed in PageRank order; ours is networkx's computation in numpy, so a build imports
    no scipy in its main process (about 0.4 s of a 1,000-entity build). Same scores, same order."""
    import subprocess

    import networkx as nx

    from graph.render.context import pagerank

    for seed in range(3):
        G = nx.gnm_random_graph(400, 700, seed=seed)
        G.add_nodes_from(range(400, 410))  # with no relation: dangling
        G = nx.relabel_nodes(G, {i: f"n{i:03d}" for i in G})
        ours, theirs = pagerank(G), nx.pagerank(G)
        assert max(abs(ours[n] - theirs[n]) for n in G) < 1e-12
        assert sorted(G, key=lambda n: (-round(ours[n], 12), n)) == sorted(G, key=lambda n: (-round(theirs[n], 12), n))
    code = ("import sys; from helpers import base_pages; from graph import pipeline; from graph.render import Context, "
            "default_url; from helpers import SCHEMA; r = pipeline.run(base_pages().items(), SCHEMA, 'schema.yml'); "
            "Context(r.G, r.schema, r.layout, default_url).ranks(); print('scipy.sparse' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parent, capture_output=True, text=True)
    assert out.stdout.strip() == "False", out.stderr


def test_hidden_characters_in_ascii_text_are_found_as_character_by_character():
    # ASCII text is checked at once (a pattern of its control characters); it must find what the
    # character-by-character rule finds, for every ASCII character, allowed or not
    from graph import text

    for code in range(128):
        sample = f"a{chr(code)}b\t\n{chr(code)}"
        for allow in (frozenset(), text.WHITESPACE):
            expected = [(i, ch, kind) for i, ch in enumerate(sample) if ch not in allow and (kind := text.hidden_kind(ch))]
            assert text.hidden_characters(sample, allow) == expected, repr(chr(code))
        assert text.visible(sample) == "".join(f"<U+{ord(ch):04X}>" if text.hidden_kind(ch) else ch for ch in sample)


def test_skeletons_are_made_as_character_by_character():
    # skeleton() folds with translation tables and skips NFKC and the per-character check for ASCII
    # text: it must give what folding each character gives, for ASCII and other text alike
    import unicodedata

    from graph import text

    def by_character(s: str, cased: bool) -> str:
        s = unicodedata.normalize("NFKC", s)
        s = " ".join("".join(ch for ch in s if not text.hidden_kind(ch) or ch in text.WHITESPACE).split())
        if cased:
            return "".join(text._CASED.get(ch, ch) for ch in s)
        return "".join(text.LOOKALIKES.get(ch, ch) for ch in s.casefold())

    samples = [f"Docker {chr(code)} Engine\t1|0 Il" for code in range(128)]
    samples += ["Dоcker", "ＤＯＣＫＥＲ", "runc\u202egnp", "Hyper\u200bV", "Straße ΟΙ", "a\u3164b  \n c", "ℓinux\u2013kit"]
    for s in samples:
        for cased in (False, True):
            assert text.skeleton(s, cased) == by_character(s, cased), (s, cased)
