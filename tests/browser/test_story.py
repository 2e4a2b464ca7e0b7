"""The graph as readers meet it: the global graph fills the first screen, Play tells the story in captions
with their citations, full window (button, key, address, focus) and the overview when zoomed in."""

import pytest

from helpers import address, wait_drawn

pytestmark = pytest.mark.browser

# a dated fact of the real site, and the entity its caption opens
KNOWN = "Windows Server 2016 is released"
KNOWN_NODE = "windows-server-2016"


def ready(page):
    page.wait_for_function("window.atlasGraphs && atlasGraphs[0] && atlasGraphs[0].network && atlasGraphs[0].time",
                           timeout=30_000)


def record_captions(page):
    """From now on, each version of the captions: their text, their citations' links and the nodes lit."""
    page.evaluate("""() => {
        window.seenCaptions = [];
        const box = document.querySelector('.atlas-captions');
        new MutationObserver(() => {
            if (box.hidden) return;
            seenCaptions.push({
                items: [...box.querySelectorAll('.atlas-caption')].map(li => ({
                    text: li.querySelector('.atlas-caption__text').textContent,
                    href: li.querySelector('.atlas-caption__text').getAttribute('href'),
                    cites: [...li.querySelectorAll('.atlas-cite')].map(a => a.getAttribute('href'))})),
                lit: Object.keys(atlasGraphs[0].state.lit),
                month: atlasGraphs[0].time.value()});
        }).observe(box, {childList: true, subtree: true});
    }""")


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_the_graph_fills_the_first_screen(real_server, sized_page, width, height):
    page = sized_page(width, height)
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    canvas = page.locator(".atlas-graph--global").bounding_box()
    time = page.locator(".atlas-time").bounding_box()
    header = page.locator(".md-header").bounding_box()
    # the canvas starts right under the header and the controls, and runs to the date control, which ends
    # on the first screen
    assert canvas["y"] < header["height"] + 110, canvas
    assert canvas["height"] > 0.65 * height, canvas
    assert canvas["y"] + canvas["height"] <= time["y"] + 1
    assert time["y"] + time["height"] <= height
    # the explanation and the filters are one tap away
    about = page.locator(".atlas-about")
    assert not about.evaluate("d => d.open") and not page.locator(".atlas-lede").is_visible()
    about.locator("summary").click()
    assert page.locator(".atlas-lede").is_visible() and "Play" in page.locator(".atlas-lede").text_content()
    page.locator(".atlas-filters > summary").click()
    assert page.locator("[data-atlas-type='organisation']").is_visible()


def test_play_tells_the_story_with_citations(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/?at=2016-01")  # months before the known fact, to today
    ready(page)
    captions = page.locator(".atlas-captions")
    assert captions.get_attribute("aria-live") == "polite" and captions.is_hidden()
    page.evaluate("atlasGraphs[0].story.pace = 0.01")  # the same steps, quicker
    record_captions(page)
    page.get_by_role("button", name="Play").click()
    page.wait_for_function("document.querySelector('[data-time=play]').getAttribute('aria-pressed') === 'false'"
                           " && atlasGraphs[0].time.value() === Atlas.time.thisMonth()", timeout=60_000)
    seen = page.evaluate("seenCaptions")
    months = [s["month"] for s in seen]
    assert months == sorted(months) and len(set(months)) > 20  # in order, month after month
    assert min(months) >= 2016 * 12
    known = [s for s in seen if any(i["text"].startswith(KNOWN) for i in s["items"])]
    assert known, [i["text"] for s in seen for i in s["items"]][:40]
    item = next(i for i in known[0]["items"] if i["text"].startswith(KNOWN))
    assert item["cites"] and all("kb/source/" in href for href in item["cites"])  # with its citations
    assert item["href"].endswith(f"/{KNOWN_NODE}/")  # opens to its entity
    assert KNOWN_NODE in known[0]["lit"]  # and the node it names is lit
    assert known[0]["month"] == 2016 * 12 + 9
    # at today Play stops, its last captions stay
    assert captions.is_visible() and "at=" not in address(page)
    # a caption opens its entity
    page.locator(".atlas-caption__text").first.click()
    page.wait_for_url("**/kb/**")
    assert watched.errors == []


def test_stepping_the_date_tells_that_month_and_pause_keeps_it(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/?at=2016-09")
    ready(page)
    slider = page.locator("[data-time=slider]")
    slider.focus()
    page.keyboard.press("ArrowRight")  # a month on: October 2016
    captions = page.locator(".atlas-captions")
    captions.locator(".atlas-caption").first.wait_for()
    assert KNOWN in captions.text_content()
    assert page.evaluate(f"atlasGraphs[0].state.lit['{KNOWN_NODE}'] === true")
    assert page.evaluate(f"atlasGraphs[0].nodes.get('{KNOWN_NODE}').borderWidth") == 4  # drawn lit
    page.get_by_role("button", name="Close the captions").click()
    assert captions.is_hidden() and page.evaluate("Object.keys(atlasGraphs[0].state.lit).length") == 0
    # Play, then Pause as soon as a caption shows: it stays, and Play is stopped
    page.get_by_role("button", name="Play").click()
    captions.locator(".atlas-caption").first.wait_for()
    page.get_by_role("button", name="Pause").click()
    text = captions.text_content()
    assert page.evaluate("atlasGraphs[0].time.playing()") is False
    assert captions.is_visible() and captions.text_content() == text  # kept; no step is due (no timer runs)
    # back to today: nothing to tell
    page.get_by_role("button", name="Today").click()
    assert captions.is_hidden()
    assert watched.errors == []


def test_full_window_button_key_address_and_focus(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    button = page.locator("[data-action=full]")
    figure = page.locator("[data-atlas-figure=global]")
    button.click()
    box = figure.bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 1280, 900)
    assert "full=1" in address(page) and button.get_attribute("aria-pressed") == "true"
    assert figure.get_attribute("aria-modal") == "true"
    assert page.evaluate("document.querySelector('[data-atlas-figure=global]').contains(document.activeElement)")
    for _ in range(30):  # the focus stays inside
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('[data-atlas-figure=global]').contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.querySelector('[data-atlas-figure=global]').contains(document.activeElement)")
    # the network takes the window's size
    page.wait_for_function("atlasGraphs[0].container.querySelector('canvas').clientWidth > 1000")
    page.keyboard.press("Escape")
    assert "full=" not in address(page) and button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("document.activeElement.getAttribute('data-action')") == "full"  # focus back
    assert figure.bounding_box()["width"] < 1280
    # the F key, from the graph
    page.locator(".atlas-graph--global").focus()
    page.wait_for_function("document.activeElement === document.querySelector('.atlas-graph--global')")
    page.keyboard.press("f")
    assert "full=1" in address(page)
    # the address keeps it
    page.reload()
    wait_drawn(page)
    assert figure.bounding_box()["height"] == 900 and button.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Escape")
    assert "full=" not in address(page)
    # typing an f in the search box types it
    page.locator(".atlas-search").fill("")
    page.locator(".atlas-search").press("f")
    assert "full=" not in address(page) and page.locator(".atlas-search").input_value() == "f"
    assert watched.errors == []


def test_full_window_on_an_entity_page(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "kb/container-runtime/containerd/?full=1")
    wait_drawn(page)
    figure = page.locator("[data-atlas-figure=local]")
    assert figure.bounding_box()["height"] == 900
    page.keyboard.press("Escape")
    assert figure.bounding_box()["height"] < 900 and "full=" not in address(page)
    assert watched.errors == []


def test_the_overview_shows_where_you_are_when_zoomed_in(real_server, watched):
    page = watched.page
    page.goto(real_server.url + "graph/")
    wait_drawn(page)
    ready(page)
    overview = page.locator(".atlas-overview")
    assert overview.is_hidden()  # the whole graph on screen: nothing to show
    page.evaluate("""() => { const n = atlasGraphs[0].network;
        n.moveTo({position: {x: 0, y: 0}, scale: n.getScale() * 5, animation: false}); }""")
    overview.wait_for(state="visible")
    # what it draws: the dots and the view's frame in the accent colour
    drawn = page.evaluate("""() => { const c = atlasGraphs[0].overview, d = c.getContext('2d')
        .getImageData(0, 0, c.width, c.height).data; let ink = 0;
        for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++; return ink; }""")
    assert drawn > 200
    before = page.evaluate("atlasGraphs[0].network.getViewPosition()")
    box = overview.bounding_box()
    page.mouse.click(box["x"] + 8, box["y"] + 8)  # the top left corner of the graph
    page.wait_for_function("(b) => { const p = atlasGraphs[0].network.getViewPosition();"
                           " return p.x < b.x - 50 && p.y < b.y - 50; }", arg=before)
    page.get_by_role("button", name="Zoom to fit").click()
    overview.wait_for(state="hidden")
    assert watched.errors == []
