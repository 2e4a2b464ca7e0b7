"""Every entity's life on the graph: what existed at a date and only that, dates that follow from a
release with their chain, and entities of a dated type without a start drawn as undated."""

import json
import re
import urllib.request

import pytest

from graph import dates
from helpers import wait_drawn

pytestmark = pytest.mark.browser

SHOWN = "window.atlasGraphs[0].nodeView.getIds().sort()"


def wait_month(page, month):
    page.wait_for_function("(m) => window.atlasGraphs[0] && window.atlasGraphs[0].time && "
                           "window.atlasGraphs[0].state.month === m", arg=month, timeout=20_000)


@pytest.mark.parametrize("month", ["2008-06", "2016-10", "2021-03"])
def test_the_real_graph_on_a_date_shows_what_existed_then_and_only_that(real_server, watched, month):
    """Each node's life as graph.json gives it, against what the global graph draws at three dates."""
    with urllib.request.urlopen(real_server.url + "graph.json") as fh:
        nodes = json.load(fh)["nodes"]
    page = watched.page
    page.goto(real_server.url + f"graph/?at={month}")
    wait_drawn(page)
    wait_month(page, month)
    drawn = set(page.evaluate("window.atlasGraphs[0].data.nodes.map(n => n.id)"))
    expected = sorted(n["id"] for n in nodes if n["id"] in drawn and dates.holds(month, n["start"], n["end"]))
    assert page.evaluate(SHOWN) == expected
    dated = [n for n in nodes if n["start"] and n["id"] in drawn]
    assert any(not dates.holds(month, n["start"], n["end"]) for n in dated)  # the date hides something
    assert watched.errors == []


def test_an_undated_entity_is_hollow_at_past_dates_counted_and_explained(lives_server, watched):
    page = watched.page
    page.goto(lives_server.url + "graph/?at=2015-06&focus=mystery")
    wait_drawn(page)
    wait_month(page, "2015-06")
    assert page.evaluate(SHOWN) == ["acme", "mystery", "old"]  # undated: still drawn, never silently present
    style = "(id) => { const g = window.atlasGraphs[0], n = g.nodes.get(id); return [n.color.background, g.colours().bg]; }"
    background, page_bg = page.evaluate(style, "mystery")
    assert background == page_bg  # hollow
    assert page.locator("[data-atlas-undated]").text_content() == "1"
    assert "Its dates are not recorded" in page.locator(".atlas-panel__status").text_content()
    page.get_by_role("button", name="Today").click()
    page.wait_for_function("window.atlasGraphs[0].state.month === null")
    background, page_bg = page.evaluate(style, "mystery")
    assert background != page_bg  # filled at today, like every node
    assert watched.errors == []


def test_a_start_that_follows_from_a_release_shows_its_chain(lives_server, watched):
    """The feature has no date of its own: it was introduced in the engine, released October 2016."""
    page = watched.page
    page.goto(lives_server.url + "kb/feature/")
    life = page.locator(".atlas-life")
    assert re.sub(r"\s+", " ", life.inner_text()) == "Introduced in Engine ¶9, released October 2016 ¶7; no end is recorded."
    assert life.get_by_role("link", name="Engine").evaluate("a => a.href") == lives_server.url + "kb/engine/"
    page.goto(lives_server.url + "graph/?at=2016-09&focus=feature")
    wait_drawn(page)
    wait_month(page, "2016-09")
    assert "feature" not in page.evaluate(SHOWN)  # not yet: the engine came in October
    assert page.locator(".atlas-panel__status").text_content() == \
        "Not yet: introduced in Engine, released October 2016."
    assert watched.errors == []
