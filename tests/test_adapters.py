"""One site pipeline, two adapters: `mkdocs build` and `python -m graph check` read the same pages and
report the same problems at the same severities; the plugin's options are honoured by every hook."""

import re
import sys
import textwrap

import pytest

from helpers import graph_cli, logged, mkdocs_build, page, run

GOOD = {"kb/engine.md": page("Engine", relations="- {type: made-by, target: acme, source: article#p2}")}
BAD_VIEW = "# Story\n\n<!-- atlas:table\ntype: base-imag\n-->\n"



def test_check_and_build_report_the_same_problems_with_severities_and_exclusions(site):
    root = site({**GOOD,
                 "kb/orphan.md": page("Orphan"),  # G207, lowered to a warning below... and then ignored
                 "kb/dangling.md": page("Dangling", relations="- {type: requires, target: enginee, source: article#p3}"),
                 "kb/drafts/broken.md": "---\ntitle: [\n---\n",  # excluded from the site: read by neither
                 "story.md": BAD_VIEW,
                 "drafts.md": BAD_VIEW},
                plugin_options="checks: {G207: ignore, G201: warn}",
                extra_config="exclude_docs: |\n  /kb/drafts/\n  /drafts.md\n")
    check = graph_cli(root, "check")
    build = mkdocs_build(root)
    assert build.returncode == 0, build.stderr
    printed = sorted(check.stdout.splitlines())
    assert printed == [
        "docs/kb/dangling.md:6: G201 relation 'requires' points to 'enginee', which no page declares "
        "(did you mean 'engine'?)",
        "docs/story.md:3: G017 'atlas:table': 'type' must be an entity type of the schema, not 'base-imag'",
    ]
    assert logged(build) == printed
    assert "WARNING -  graph: docs/kb/dangling.md:6: G201" in build.stderr  # lowered to a warning
    assert "ERROR   -  graph: docs/story.md:3: G017" in build.stderr


def test_an_ignored_check_is_ignored_wherever_it_is_found(site):
    # G017 is found while pages are rendered, not by the graph checks: it used to bypass the severities
    root = site({**GOOD, "story.md": BAD_VIEW}, plugin_options="checks: {G017: ignore}")
    check = graph_cli(root, "check")
    assert check.returncode == 0 and check.stdout == "", check.stdout
    build = mkdocs_build(root, "--strict")
    assert build.returncode == 0, build.stderr
    assert "G017" not in build.stderr


def test_when_disabled_no_hook_touches_the_pages(site):
    root = site({"story.md": "# Story\n\n<!-- a comment stays -->\n\n<iframe src=\"https://example.org/\"></iframe>\n"},
                plugin_options="enabled: false")
    out = mkdocs_build(root)
    assert out.returncode == 0, out.stderr
    story = (root / "site/story/index.html").read_text()
    assert "<!-- a comment stays -->" in story and "<iframe" in story  # plain MkDocs output
    assert not (root / "site/graph.json").exists() and "assets/atlas" not in story


def test_a_wrong_plugin_option_is_reported_by_mkdocs(site):
    root = site(GOOD, plugin_options="checks: {G207: loud}")
    out = mkdocs_build(root)
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "checks" in out.stderr and "'loud'" in out.stderr and "error" in out.stderr  # MkDocs lists the choices
    root = site(GOOD, plugin_options="checks: {G999: warn}")
    out = mkdocs_build(root)
    assert out.returncode != 0 and "unknown check code 'G999'" in out.stderr
    cli = graph_cli(root, "check")
    assert cli.returncode == 2 and "unknown check code 'G999'" in cli.stderr


@pytest.mark.parametrize("partial,source,expected", [
    ("partials/nav.html", '<nav class="md-nav" data-page="{{ page.title | e }}"></nav>\n', 'data-page="cgroups"'),
    ("partials/header.html", '<header data-page="{{ page.title | e }}"></header>\n', 'data-page="cgroups"'),
    ("partials/search.html", '<div data-page="{{ page.title | e }}"></div>\n', 'data-page="cgroups"'),  # in the header
    # a page template that adds to a block of the frame the cache renders once per folder
    ("main.html", '{% extends "base.html" %}{% block scripts %}{{ super() }}<script data-page="{{ page.title | e }}">'
     '</script>{% endblock %}', 'data-page="cgroups"'),
    ("base.html", '<html><body data-page="{{ page.title | e }}">{% block scripts %}{% endblock %}</body></html>\n',
     'data-page="cgroups"'),
    # the theme's documented way to change its words: the translations are imported without the page
    ("partials/languages/en.html", "{% macro t(key) %}{{ key | upper }}{% endmacro %}\n",
     'placeholder="SEARCH.PLACEHOLDER"'),
])
def test_the_theme_cache_honours_an_overridden_partial(site, tmp_path, partial, source, expected):
    # a custom_dir partial that reads the page itself: caching it per folder would show one page's
    # title on every page of the folder
    pages = {**GOOD, "kb/cgroups.md": page("cgroups", relations="- {type: requires, target: engine, source: article#p1}")}
    outputs = {}
    for cached in ("true", "false"):
        root = site(pages, plugin_options=f"cache_nav: {cached}",
                    extra_config="theme:\n  name: material\n  font: false\n  custom_dir: overrides\n")
        text = (root / "mkdocs.yml").read_text()
        (root / "mkdocs.yml").write_text(text.replace("theme:\n  name: material\n  font: false\n  features: [navigation.instant]\n", "", 1))
        override = root / "overrides" / partial
        override.parent.mkdir(parents=True, exist_ok=True)
        override.write_text(source)
        out = mkdocs_build(root)
        assert out.returncode == 0, out.stderr
        outputs[cached] = {p: (root / "site" / p).read_text() for p in ("kb/engine/index.html", "kb/cgroups/index.html")}
    assert expected in outputs["true"]["kb/cgroups/index.html"]
    assert outputs["true"] == outputs["false"]


def child_build(in_child: str, hooks: str = "") -> str:
    """A script that builds the site (`mkdocs build --verbose` into its first argument) with a prerendering
    child whose data job first runs the line `in_child` (the build's own data job does not), after `hooks`."""
    return textwrap.dedent("""\
        import os, sys, time
        from graph import plugin, prerender, site
        prerender.can_fork = lambda: True
        parent = os.getpid()
        made = site.Work.data_files
        def data_files(self):
            if os.getpid() != parent:
                IN_CHILD
            return made(self)
        site.Work.data_files = data_files
        """).replace("IN_CHILD", in_child) + textwrap.dedent(hooks) + textwrap.dedent("""\
        from mkdocs.__main__ import cli
        sys.argv = ["mkdocs", "build", "--verbose", "--site-dir", sys.argv[1]]
        cli()
        """)


SCRIPT = child_build('raise RuntimeError("the layout broke in the child")')


def test_a_failing_prerender_child_is_reported_and_the_build_makes_everything_itself(site):
    root = site(GOOD)
    (root / "build_with_broken_child.py").write_text(SCRIPT)
    out = run([sys.executable, "build_with_broken_child.py", str(root / "site")], root)
    assert out.returncode == 0, out.stderr
    assert ("the prerendering child stopped (RuntimeError: the layout broke in the child (while making "
            "the data files)); the build makes the rest itself") in out.stderr
    plain = mkdocs_build(root, "--site-dir", str(root / "plain"))
    assert plain.returncode == 0, plain.stderr
    for name in ("graph.json", "assets/atlas/graphs/_global.js", "kb/engine/index.html"):
        assert (root / "site" / name).read_bytes() == (root / "plain" / name).read_bytes(), name


SLOW_CHILD = child_build("time.sleep(2)  # a layout that takes longer than reading every page", """\
    import atexit
    events = []
    atexit.register(lambda: print("EVENTS", " | ".join(events)))
    def record(name, hook):
        def wrapped(self, *args, **kwargs):
            result = hook(self, *args, **kwargs)
            events.append(name if name != "on_env" else f"on_env deferred={len(self.deferred)}")
            return result
        return wrapped
    for name in ("on_env", "on_post_page", "write_deferred"):
        setattr(plugin.GraphPlugin, name, record(name, getattr(plugin.GraphPlugin, name)))
    """)


def test_the_pages_are_written_while_the_child_still_makes_the_data_files(site):
    """The build does not wait for the child's layout at on_env: it renders and writes every page, then
    writes the data files the child made meanwhile; the site is byte for byte what a serial build writes."""
    root = site(GOOD)
    (root / "build_with_slow_child.py").write_text(SLOW_CHILD)
    out = run([sys.executable, "build_with_slow_child.py", str(root / "site")], root)
    assert out.returncode == 0, out.stderr
    events = out.stdout.split("EVENTS ", 1)[1].strip().split(" | ")
    assert events[0].startswith("on_env deferred=") and events[0] != "on_env deferred=0", events
    assert events[-1] == "write_deferred" and events.count("write_deferred") == 1
    assert set(events[1:-1]) == {"on_post_page"} and len(events) > 5  # every page before the data files
    assert "the data files were made on another core" in out.stdout + out.stderr
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace(
        "      schema: schema.yml\n", "      schema: schema.yml\n      prerender: false\n"))
    serial = mkdocs_build(root, "--site-dir", str(root / "serial"))
    assert serial.returncode == 0, serial.stderr
    for name in ("graph.json", "graph.jsonld", "assets/atlas/graphs/_global.js", "assets/atlas/graphs/_story.json",
                 "kb/engine/index.html"):
        assert (root / "site" / name).read_bytes() == (root / "serial" / name).read_bytes(), name
