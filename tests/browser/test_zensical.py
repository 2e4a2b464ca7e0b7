"""The tests that matter most, on the site Zensical builds from the staged folder (graph.stage): the
graph draws and follows the address, an entity page shows its relations and local graph, hostile
front matter stays text, no request leaves the host, no console error."""

import sys

import pytest

from graph.site import GLOBAL_DATA, LIBRARY, SCRIPTS, STYLES
from helpers import PAYLOADS, ROOT, address, hostile_site, no_payload_ran, run, serving, wait_drawn

pytestmark = pytest.mark.browser


def zensical_build(root, site_dir, server) -> None:
    out = run([sys.executable, "-m", "graph", "build", "--generator", "zensical", "--site-dir", str(site_dir),
               "--stage-dir", str(site_dir.parent / f"{site_dir.name}-stage")], root, ATLAS_SITE_URL=server.url)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.fixture(scope="session")
def zensical_real(tmp_path_factory):
    site = tmp_path_factory.mktemp("zensical-real") / "site"
    with serving(site, lambda server: zensical_build(ROOT, site, server)) as server:
        yield server


@pytest.fixture(scope="session")
def zensical_hostile(tmp_path_factory):
    root = hostile_site(tmp_path_factory.mktemp("zensical-hostile"))
    with serving(root / "site", lambda server: zensical_build(root, root / "site", server)) as server:
        yield server


def test_every_page_and_data_file_of_the_mkdocs_site(real_server, zensical_real):
    def pages(folder):
        return {p.relative_to(folder).as_posix() for p in folder.rglob("index.html")}

    mkdocs_site, zensical_site = real_server.directory, zensical_real.directory
    assert pages(zensical_site) == pages(mkdocs_site) and len(pages(mkdocs_site)) > 400
    # the RDF exports name the site's address, which differs between the two servers
    for name in ("graph.json", "graph.graphml", GLOBAL_DATA, LIBRARY, *SCRIPTS, *STYLES):
        assert (zensical_site / name).read_bytes() == (mkdocs_site / name).read_bytes(), name


def test_the_graph_draws_and_follows_the_address(zensical_real, watched):
    page = watched.page
    page.goto(zensical_real.url + "graph/?at=2016-10&focus=containerd")
    wait_drawn(page)
    assert page.evaluate("window.atlasGraphs[0].state.focus") == "containerd"
    assert page.locator(".atlas-panel h3").text_content() == "containerd"
    assert page.evaluate("window.atlasGraphs[0].nodeView.getIds().length") > 50
    assert "at=2016-10" in address(page)
    assert watched.errors == [] and watched.off_host() == []


def test_an_entity_page_shows_its_relations_and_local_graph(zensical_real, watched):
    page = watched.page
    page.goto(zensical_real.url + "kb/container-runtime/containerd/")
    wait_drawn(page)
    assert page.locator("h2#relations").count() == 1
    link = page.locator(".atlas-relations a[href$='/docker-engine/']").first
    link.click()  # a relation's link leads to its page (the links hold from the URL)
    page.wait_for_function("document.querySelector('h1') && document.querySelector('h1').textContent === 'Docker Engine'")
    wait_drawn(page)
    assert page.evaluate("window.atlasGraphs[0].data.centre") == "docker-engine"
    assert watched.errors == [] and watched.off_host() == []


@pytest.mark.parametrize("path", ["", "graph/", "kb/os-feature/cgroups/", "types/base-image/", "timeline/",
                                  "connections/", "whats-new/"])
def test_every_kind_of_page_stays_on_the_host_without_errors(zensical_real, watched, path):
    page = watched.page
    page.goto(zensical_real.url + path)
    page.wait_for_load_state("networkidle")
    assert watched.off_host() == []
    assert watched.errors == []


def test_hostile_front_matter_stays_text(zensical_hostile, watched):
    page = watched.page
    for path in ("kb/evil/", "kb/article/", "graph/", "types/technology/", ""):
        page.goto(zensical_hostile.url + path)
        if page.locator("[data-atlas-graph]").count():
            wait_drawn(page)
        no_payload_ran(page)
    page.goto(zensical_hostile.url + "kb/evil/")
    assert page.locator("h1").first.text_content() == PAYLOADS[0]
    assert page.title().startswith(PAYLOADS[0])
    assert page.locator(".atlas-summary").text_content() == PAYLOADS[1]
    assert page.locator("article script").count() == 0
    assert page.locator("article a", has_text="a link").get_attribute("href") is None
    assert watched.errors == [] and watched.off_host() == []
