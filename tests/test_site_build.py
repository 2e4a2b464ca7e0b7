"""One site build: the plugin and the command line run the same `site.SiteBuild` over the same files, so
they cannot disagree. Each case here was a defect when each adapter had its own way."""

import re

from helpers import SCHEMA, graph_cli, logged, mkdocs_build, page, site_build

GOOD = {"kb/engine.md": page("Engine", relations="- {type: made-by, target: acme, source: article#p2}")}



def test_a_broken_view_after_front_matter_is_reported_at_its_true_line_by_both(site):
    notes = "---\ntitle: Notes\nsubtitle: on engines\n---\n# Notes\n\nSome text.\n\n<!-- atlas:table\ntype: base-imag\n-->\n"
    root = site({**GOOD, "notes.md": notes})
    expected = ["docs/notes.md:9: G017 'atlas:table': 'type' must be an entity type of the schema, not 'base-imag'"]
    assert graph_cli(root, "check").stdout.splitlines() == expected
    assert logged(mkdocs_build(root)) == expected  # the plugin gets the markdown without its front matter


def test_check_honours_enabled_false(site):
    root = site({**GOOD, "story.md": "# Story\n\n<!-- atlas:table\ntype: base-imag\n-->\n"},
                plugin_options="enabled: false")
    out = graph_cli(root, "check")
    assert out.returncode == 0 and out.stdout == ""
    assert "disabled" in out.stderr and "G017" not in out.stderr


HOOKS = '''\
from mkdocs.structure.files import File


def on_files(files, config):
    files.append(File.generated(config, "kb/added.md", content=(
        "---\\ntitle: Added\\ntype: technology\\nsummary: A page a hook adds.\\n"
        "relations:\\n  - {type: requires, target: enginee, source: article#p2}\\n---\\nProse.\\n")))
    return files
'''


def test_a_page_another_plugin_or_hooks_add_is_checked_by_both(site):
    root = site(GOOD, extra_config="hooks: [hooks.py]\n")
    (root / "hooks.py").write_text(HOOKS)
    expected = ["docs/kb/added.md:6: G201 relation 'requires' points to 'enginee', which no page declares "
                "(did you mean 'engine'?)"]
    check = graph_cli(root, "check")
    assert check.stdout.splitlines() == expected and check.returncode == 1
    assert logged(mkdocs_build(root)) == expected


def test_a_hand_written_page_in_place_of_a_generated_one_has_a_code_and_a_severity(site):
    root = site({**GOOD, "graph.md": "# My own graph page\n"})
    expected = ["docs/graph.md:1: G022 this page takes the place of the page the site generates here ('Graph') "
                "(rename it to get the generated page, or set 'G022: ignore' under the plugin's checks to keep yours)"]
    check = graph_cli(root, "check")
    assert check.stdout.splitlines() == expected and check.returncode == 1
    build = mkdocs_build(root, "--strict")
    assert logged(build) == expected and build.returncode != 0
    quiet = site({**GOOD, "graph.md": "# My own graph page\n"}, plugin_options="checks: {G022: ignore}")
    assert graph_cli(quiet, "check").returncode == 0
    assert mkdocs_build(quiet, "--strict").returncode == 0
    assert "My own graph page" in (quiet / "site/graph/index.html").read_text()


def test_export_writes_the_sites_own_address(site, tmp_path):
    root = site(GOOD, extra_config="site_url: https://atlas.example.org/docs/\n")
    out = graph_cli(root, "export", "-o", str(tmp_path / "out"))
    assert out.returncode == 0, out.stderr
    ttl = (tmp_path / "out/graph.ttl").read_text()
    assert "https://atlas.example.org/docs/id/" in ttl and "127.0.0.1" not in ttl
    assert mkdocs_build(root).returncode == 0
    assert (root / "site/graph.ttl").read_text() == ttl  # the same file the site serves


def test_the_build_object_leaves_the_layout_to_the_data_files():
    """Laying out the global graph is the data files' cost (in the prerendering child when the build
    prerenders): making the site build, its generated pages, its views and an entity page's parts must
    not pay it in the build's own process."""
    pages = {**GOOD, "story.md": "# Story\n\n<!-- atlas:table\ntype: technology\n-->\n\n<!-- atlas:timeline -->\n"}
    build = site_build(pages)
    assert build.generated and build.expand_views("story.md", pages["story.md"])
    build.entity_parts("engine")
    assert build.result.layout.computed() is None
    build.data_files()
    assert build.result.layout.computed() is not None


def test_the_build_object_is_the_only_way_to_an_entity_page():
    from helpers import entity_page_html

    html = entity_page_html(site_build(GOOD), "engine")
    assert html.index('class="atlas-entity-head') < html.index("<p>Prose.</p>") < html.index('<h2 id="relations">')
    assert "atlasslot" not in html and "data-atlas-late" not in html  # every slot filled
