"""The successors of MkDocs: ProperDocs builds the same site, the command line runs where only it is
installed, and the staged site (graph.stage, graph.staged) that Zensical builds."""

import base64
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from graph.stage import from_source, safe_front_matter, staged_block
from helpers import base_pages, graph_cli, page, run, write_site

GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')


def tiny(root: Path) -> Path:
    pages = {**base_pages(),
             "kb/engine.md": page("Engine", relations="- {type: made-by, target: acme, source: article#p1}"),
             "notes/story.md": "# A story\n\n<!-- atlas:table\ntype: technology\n-->\n"}
    return write_site(root, pages)


def site_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() and p.suffix != ".gz"}


def test_properdocs_builds_the_same_site_but_the_generator_tag(tmp_path):
    root = tiny(tmp_path)
    for generator in ("mkdocs", "properdocs"):
        out = graph_cli(root, "build", "--generator", generator, "--site-dir", str(root / generator))
        assert out.returncode == 0, out.stderr
    assert b"ProperDocs" in (root / "properdocs" / "index.html").read_bytes()
    mk, pd = site_files(root / "mkdocs"), site_files(root / "properdocs")
    assert sorted(mk) == sorted(pd) and "graph.json" in mk and "kb/engine/index.html" in mk
    assert [name for name in mk if mk[name] != pd[name]] == []


def test_the_command_line_runs_where_only_properdocs_is_installed(tmp_path):
    root = tiny(tmp_path / "site")
    shadow = tmp_path / "shadow" / "mkdocs"  # an mkdocs package that cannot be imported, first on the path
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ModuleNotFoundError(\"No module named 'mkdocs'\", name='mkdocs')\n")
    out = run([sys.executable, "-m", "graph", "check"], root, PYTHONPATH=str(shadow.parent))
    assert out.returncode == 0, out.stderr
    assert "3 pages, 2 relations" in out.stderr
    probe = run([sys.executable, "-c", "import graph.config, mkdocs; print(mkdocs.__name__)"], root,
                PYTHONPATH=str(shadow.parent))
    assert probe.stdout.strip() == "properdocs", probe.stderr


@pytest.mark.parametrize("page_url, src, link, expected", [
    ("kb/a/", "kb/a.md", "../b/", "b/"),  # a sibling entity: one '../' less from the source's folder
    ("kb/a/", "kb/a.md", "../../types/x/#top", "../types/x/#top"),  # the anchor kept
    ("kb/a/", "kb/a.md", "../../", "../"),  # the home page
    ("kb/a/", "kb/a.md", "./", "a/"),  # the page itself
    ("kb/a/", "kb/a.md", "#relations", "#relations"),  # anchors, absolute and outside links as they are
    ("kb/a/", "kb/a.md", "https://example.org/x/", "https://example.org/x/"),
    ("kb/a/", "kb/a.md", "../../assets/atlas/x.json", "../assets/atlas/x.json"),  # a file
    ("types/", "types/index.md", "../kb/a/", "../kb/a/"),  # an index page: its URL's folder is its source's
])
def test_links_are_rewritten_to_hold_from_the_source_file(page_url, src, link, expected):
    assert from_source(f'<a href="{link}">x</a>', page_url, src) == f'<a href="{expected}">x</a>'


def test_front_matter_is_escaped_and_unsafe_keys_dropped():
    text = safe_front_matter({"title": "<script>x()</script>", "description": "a & b", "template": "evil.html",
                              "hide": ["toc"]})
    assert text == ('---\n"title": "&lt;script&gt;x()&lt;/script&gt;"\n"description": "a &amp; b"\n'
                    '"hide": ["toc"]\n---\n')


def test_the_extension_sanitises_the_prose_and_puts_the_generated_html_back():
    source = ("**Prose** <script>window.x=1</script> [a](javascript:alert(1))\n"
              + staged_block('<div class="atlas-graph" onclick="ours()">generated</div>')
              + "<!-- atlas-html " + base64.b64encode(b"<b>x</b>").decode() + " --> inline\n")
    out = markdown.markdown(source, extensions=["atlas_staged"])
    assert "<strong>Prose</strong>" in out and "<script" not in out and "javascript:" not in out
    assert '<div class="atlas-graph" onclick="ours()">generated</div>' in out  # ours, as made
    assert "<b>x</b>" in out and "atlas-html" not in out


@pytest.mark.parametrize("broken, line", [
    (page("Broken", relations="- {type: made-by, target: acmee, source: article#p1}"), "docs/kb/broken.md:6: G201"),
    (page("Alone"), "docs/kb/broken.md:3: G207"),  # a warning fails it too, as it fails a strict build
])
def test_staging_runs_the_checks_first(tmp_path, broken, line):
    root = tiny(tmp_path)
    (root / "docs" / "kb" / "broken.md").write_text(broken)
    out = graph_cli(root, "stage", str(tmp_path / "out"))
    assert out.returncode == 1
    assert line in out.stderr
    assert not (tmp_path / "out").exists()


def test_staging_writes_every_page_view_and_data_file(tmp_path):
    root = tiny(tmp_path)
    (root / "docs" / "picture.png").write_bytes(b"\x89PNG")  # the docs folder's other files, as they are
    out = graph_cli(root, "stage", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    docs = tmp_path / "out" / "docs"
    for path in ("picture.png", "schema.yml", "graph.md", "types/technology.md", "reference/checks.md", "graph.json", "graph.graphml",
                 "assets/atlas/atlas.js", "assets/atlas/vis-network.min.js", "assets/atlas/graphs/_global.js"):
        assert (docs / path).is_file(), path
    engine = (docs / "kb" / "engine.md").read_text()
    assert engine.startswith('---\n"title": "Engine"\n') and "## Relations" in engine
    assert "atlasslot" not in engine and "<!-- atlas-html " in engine
    story = (docs / "notes" / "story.md").read_text()
    assert "<!-- atlas:table" not in story and "<!-- atlas-html " in story
    assert (tmp_path / "out" / "zensical.yml").is_file()


def test_zensical_builds_the_staged_site_and_a_failure_leaves_the_previous_one(tmp_path):
    root = tiny(tmp_path)
    out = graph_cli(root, "build", "--generator", "zensical")
    assert out.returncode == 0, out.stdout + out.stderr
    site = root / "site"
    engine = (site / "kb" / "engine" / "index.html").read_text()
    assert 'href="../acme/"' in engine and "atlas-graph" in engine  # relations, right from the URL; local graph
    assert (site / "graph.json").read_bytes() == (root / ".atlas-stage" / "docs" / "graph.json").read_bytes()
    before = site_files(site)
    (root / "docs" / "notes" / "story.md").write_text("# A story\n\n[gone](missing.md)\n")  # a strict warning
    out = graph_cli(root, "build", "--generator", "zensical")
    assert out.returncode == 1 and "left as it was" in out.stderr
    assert site_files(site) == before


def test_the_staged_site_is_served_and_staged_again_on_an_edit(tmp_path):
    from helpers import fetch, start_server, wait_for

    root = tiny(tmp_path)
    log = open(tmp_path / "serve.log", "w+")
    process, url = start_server([sys.executable, "-m", "graph", "stage", ".atlas-stage", "--serve", "--dev-addr",
                                 "127.0.0.1:PORT"], root, log, "http://127.0.0.1:PORT/kb/engine/", "About Engine.")
    try:
        engine = root / "docs" / "kb" / "engine.md"
        engine.write_text(engine.read_text().replace("About Engine.", "About the new Engine."))
        wait_for(lambda: "About the new Engine." in fetch(url), "the edit to be staged and served")
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0  # and the server with it
        log.close()
    wait_for(lambda: fetch(url) == "", "the server to stop")
