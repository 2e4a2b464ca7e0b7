"""`mkdocs serve` as a contributor uses it: an edit is rebuilt and served; a page saved broken is reported
and keeps its last good version on the site; a plugin crash in `python -m graph build` leaves the previous
site as it was."""

import re
import subprocess
import sys

import pytest

from helpers import fetch, graph_cli, page, start_server, wait_for

ENGINE = page("Engine", relations="- {type: made-by, target: acme, source: article#p2}")


@pytest.fixture
def served(site, tmp_path):
    root = site({"kb/engine.md": ENGINE})
    log = open(tmp_path / "serve.log", "w+")
    process = None
    try:
        process, url = start_server([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", "127.0.0.1:PORT"], root,
                                    log, "http://127.0.0.1:PORT/kb/engine/", "About Engine.")
        yield root, url, log
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
        log.close()


def log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_an_edit_is_rebuilt_and_served(served):
    root, url, _ = served
    (root / "docs/kb/engine.md").write_text(ENGINE.replace("About Engine.", "About the new Engine."), encoding="utf-8")
    wait_for(lambda: "About the new Engine." in fetch(url), "the edit to be served")


def test_a_broken_edit_is_reported_and_the_page_keeps_its_last_good_version(served):
    root, url, log = served
    (root / "docs/kb/engine.md").write_text("---\ntitle: [Engine\nsummary: About the broken Engine.\n---\nProse.\n",
                                            encoding="utf-8")
    wait_for(lambda: "G004" in log_text(log), "the problem to be reported")
    text = log_text(log)
    assert re.search(r"docs/kb/engine\.md:\d+: G004 YAML syntax error", text) and "Traceback" not in text
    assert "G000 the site shows the last version of this page that could be read" in text
    page_text = wait_for(lambda: fetch(url), "the page")
    assert "About Engine." in page_text and "broken" not in page_text  # the last good version, still served
    (root / "docs/kb/engine.md").write_text(ENGINE.replace("About Engine.", "About the mended Engine."), encoding="utf-8")
    wait_for(lambda: "About the mended Engine." in fetch(url), "the mended page to be served")


def test_an_edit_to_the_schema_is_reloaded(served):
    """The schema is read again on a rebuild: a relation's new label shows on the page that uses it."""
    root, url, _ = served
    assert "made by" in fetch(url)
    schema = root / "docs/schema.yml"
    schema.write_text(schema.read_text(encoding="utf-8").replace("{label: made by,", "{label: built by,"),
                      encoding="utf-8")
    wait_for(lambda: "built by" in fetch(url), "the schema's new label to be served")


CRASH = """
import sys
from graph import site
def crash(*args, **kwargs):
    raise RuntimeError("a bug in the atlas")
site.build = crash
from graph.cli import main
sys.exit(main(["build"]))
"""


def test_a_plugin_crash_leaves_the_previous_site_as_it_was(site):
    root = site({"kb/engine.md": ENGINE})
    previous = root / "site"
    previous.mkdir()
    (previous / "marker.txt").write_text("previous")
    from helpers import run

    out = run([sys.executable, "-c", CRASH], root)
    assert out.returncode != 0 and "a bug in the atlas" in out.stderr
    assert (previous / "marker.txt").read_text() == "previous"
    assert sorted(p.name for p in root.iterdir()) == ["docs", "mkdocs.yml", "site"]  # no half-built folder left


def test_the_schemas_own_errors_are_reported_at_their_line(site):
    schema = ("entity_types:\n  technology: {label: T, colour: blue, shape: blob}\n  source: {label: S}\n"
              "  organisation: {label: O}\nrelation_types:\n  made-by: {label: made by, to: [organisaton]}\n"
              "  requires: {label: requires}\n  published-by: {label: published by}\n")
    root = site({"kb/engine.md": ENGINE}, schema=schema)
    out = graph_cli(root, "check")
    assert out.returncode == 1
    lines = [line for line in out.stdout.splitlines() if " G100 " in line]
    assert lines == [
        "docs/schema.yml:2: G100 colour 'blue' of 'technology' is not '#rrggbb'",
        "docs/schema.yml:2: G100 shape 'blob' of 'technology' is not known (use one of box, circle, diamond, dot, "
        "ellipse, hexagon, square, star, triangle, triangleDown)",
        "docs/schema.yml:6: G100 'to' of 'made-by' names unknown entity type 'organisaton' (did you mean 'organisation'?)",
    ]
    broken = site({"kb/engine.md": ENGINE}, schema="entity_types: [\n")
    out = graph_cli(broken, "check")
    assert out.returncode == 1 and "docs/schema.yml:1: G100 YAML syntax error" in out.stdout
