"""The graph on a date: the slider, play, today, the address, the keyboard, what the panel and the legend
say, and what changed between two dates; on a small site whose history is known (conftest.DATED)."""

import pytest

from helpers import address, wait_drawn

pytestmark = pytest.mark.browser

SHOWN = "window.atlasGraphs[0].nodeView.getIds().sort()"


def wait_month(page, month):
    page.wait_for_function("(m) => window.atlasGraphs[0] && window.atlasGraphs[0].time && "
                           "window.atlasGraphs[0].state.month === m", arg=month, timeout=10_000)


def test_the_global_graph_shows_what_held_on_the_date_in_the_address(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "graph/?at=2015-06")
    wait_drawn(page)
    wait_month(page, "2015-06")
    assert page.evaluate(SHOWN) == ["acme", "old"]  # the engine (2016-10) and the new service (2018-06) not yet
    assert page.evaluate("window.atlasGraphs[0].edgeView.getIds().length") == 1  # old made by acme
    slider = page.get_by_role("slider", name="Show the graph as of")
    assert slider.get_attribute("aria-valuetext") == "June 2015"
    assert page.locator(".atlas-time-value").text_content() == "June 2015"
    technology = page.locator("[data-atlas-type='technology']").locator("xpath=ancestor::li").locator(".atlas-count")
    assert technology.text_content() == "1"  # the legend counts what holds on the date
    assert watched.errors == [] and watched.off_host() == []


def test_keyboard_moves_a_month_or_a_year_and_the_address_follows(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "graph/?at=2016-09")
    wait_drawn(page)
    wait_month(page, "2016-09")
    slider = page.get_by_role("slider", name="Show the graph as of")
    slider.focus()
    page.keyboard.press("ArrowRight")
    wait_month(page, "2016-10")
    assert "at=2016-10" in address(page) and slider.get_attribute("aria-valuetext") == "October 2016"
    assert "engine" in page.evaluate(SHOWN)  # released that month
    page.keyboard.press("PageUp")
    wait_month(page, "2017-10")
    page.keyboard.press("PageDown")
    page.keyboard.press("PageDown")
    wait_month(page, "2015-10")
    page.wait_for_function(f"!({SHOWN}).includes('engine')")  # once it has faded out
    assert "at=2015-10" in address(page)
    page.get_by_role("button", name="Today").click()
    page.wait_for_function("window.atlasGraphs[0].state.month === null")
    assert "at=" not in address(page)
    page.wait_for_function(f"({SHOWN}).join() === 'acme,article,engine,new'")  # the old service retired in January 2020
    assert page.locator(".atlas-time-value").text_content().startswith("Today (")


def test_play_walks_through_the_years(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "graph/?at=2014-03")
    wait_drawn(page)
    wait_month(page, "2014-03")
    play = page.locator("[data-time='play']")
    # Play's own timers from here on (a step schedules the next), those still pending
    page.evaluate("""() => { const set = window.setTimeout, clear = window.clearTimeout;
        window.__timers = new Set();
        window.setTimeout = function (fn) {
            const mine = /at step /.test(new Error().stack);
            const id = set.call(window, function () { window.__timers.delete(id); fn(); }, arguments[1]);
            if (mine) window.__timers.add(id);
            return id; };
        window.clearTimeout = function (id) { window.__timers.delete(id); return clear.call(window, id); }; }""")
    play.click()
    assert play.get_attribute("aria-pressed") == "true" and play.text_content() == "Pause"
    page.wait_for_function("window.__timers.size === 1")  # the next step's timer, once the story is here
    page.wait_for_function("window.atlasGraphs[0].state.month > '2015-03'", timeout=20_000)  # on through the years
    page.get_by_role("button", name="Pause").click()
    # paused: the step's timer is cleared, so no step can follow
    assert page.evaluate("window.__timers.size") == 0 and play.get_attribute("aria-pressed") == "false"
    assert page.evaluate("window.atlasGraphs[0].time.playing()") is False


def test_partial_dates_span_their_whole_month_or_year_as_the_build_reads_them(dated_server, watched):
    """A partial end (2019, 2019-05) ends on its last day, a partial start begins on its first, in the
    browser as in the build (graph.dates)."""
    from graph import dates

    page = watched.page
    page.goto(dated_server.url + "graph/")
    wait_drawn(page)
    values = ["2019", "2019-05", "2020-02", "2100-02", "2019-05-17", "1999-12"]
    seen = page.evaluate("(vs) => vs.map(v => [Atlas.time.firstDay(v), Atlas.time.lastDay(v)])", values)
    expected = [[int("%04d%02d%02d" % dates.first_day(v)), int("%04d%02d%02d" % dates.last_day(v))] for v in values]
    assert seen == expected
    # read as the pattern of `parts` reads them: anything else is no date
    odd = ["2019-5", "19", "2019-05-1", "2019/05", "", None, "2019-05-17x", " 2019", "\uff12\uff10\uff11\uff19",
           "2019-00", "2019-13-40", "201a", "-019", "2019-0a", "2019-05-1a"]
    seen = page.evaluate("""(vs) => vs.map(v => { const p = Atlas.time.parts(v);
        return [Atlas.time.firstDay(v), Atlas.time.lastDay(v),
                p && p[0] * 10000 + (p[1] || 1) * 100 + (p[2] || 1),
                Atlas.time.monthOf(v), p && p[0] * 12 + Math.max(p[1], 1) - 1]; })""", odd + values)
    assert [row[0] for row in seen] == [row[2] for row in seen]
    assert [row[3] for row in seen] == [row[4] for row in seen]
    assert [row[0] is None for row in seen] == [row[1] is None for row in seen]
    # and `parts` reads as the pattern of a partial date does
    pattern = page.evaluate("""(vs) => vs.map(v => [Atlas.time.parts(v) !== null,
        /^(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?$/.test(v || "")])""", odd + values)
    assert all(a == b for a, b in pattern) and sum(a for a, _ in pattern) == len(values) + 2
    assert seen[9][:2] == [20190101, 20191231] and seen[10][:2] == [20191340, 20191340]
    holds = page.evaluate("""() => [[20191231, null, '2019'], [20191231, null, '2019-12'], [20190531, '2018', '2019-05'],
        [20200101, null, '2019'], [20180101, '2018', null], [20171231, '2018', null]]
        .map(([day, start, end]) => Atlas.time.holds(day, start, end))""")
    assert holds == [True, True, True, False, True, False]


def test_the_panel_says_the_status_on_the_date(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "graph/?at=2021-01&focus=old")
    wait_drawn(page)
    wait_month(page, "2021-01")
    panel = page.locator(".atlas-panel")
    assert panel.locator("h3").text_content() == "Old service"
    assert panel.locator(".atlas-panel__status").text_content() == "Retired 31 January 2020."
    assert "old" not in page.evaluate(SHOWN)  # selected, but not on the graph at this date
    page.goto(dated_server.url + "graph/?at=2017-01&focus=engine")
    wait_drawn(page)
    assert page.locator(".atlas-panel__status").text_content() == "Released October 2016."
    page.goto(dated_server.url + "graph/?at=2017-01&focus=acme")
    wait_drawn(page)
    assert page.locator(".atlas-panel__status").text_content() == "No dates recorded: shown at every date."
    search = page.get_by_label("Find an entity by name or alias")
    search.fill("New service")
    search.press("Enter")
    assert page.locator(".atlas-toolbar .atlas-status").text_content() == \
        "New service is not on the graph at this date. Not yet: released June 2018."


def test_an_entity_page_graph_follows_the_date_too(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "kb/new/?at=2018-08")
    wait_drawn(page)
    wait_month(page, "2018-08")
    assert page.evaluate(SHOWN) == ["new", "old"]  # the engine is linked only from May 2019
    history = page.locator("#history ~ .atlas-timeline").first
    assert [d.strip() for d in history.locator("td.atlas-date").all_text_contents()] == ["2018", "June 2018", "May 2019"]


def test_what_changed_between_two_dates(dated_server, watched):
    page = watched.page
    page.goto(dated_server.url + "changes/?from=2015-01&to=2021-01")
    page.wait_for_selector("[data-atlas-compared]")
    lists = page.locator("[data-atlas-changes-lists] section")
    names = [lists.nth(i).locator("li > a:not(.atlas-cite)").first for i in range(4)]

    def items(i):
        return [li.locator("a:not(.atlas-cite)").first.text_content() for li in lists.nth(i).locator("li").all()]

    assert items(0) == ["An article", "Engine", "New service"]  # appeared (the article: published 2018-07)
    assert items(1) == ["Old service"]  # disappeared: retired
    appeared = lists.nth(2).locator("li").all_text_contents()
    assert len(appeared) == 3 and any("Engine made by Acme" in t for t in appeared) and \
        any("New service requires Engine (from May 2019)" in t for t in appeared)
    assert lists.nth(3).locator("li").all_text_contents()[0].startswith("Old service made by Acme")
    assert lists.nth(1).locator("a.atlas-cite").first.get_attribute("href").endswith("kb/article/#p2")  # dated by ¶2
    styles = page.evaluate("""() => { const g = window.atlasGraphs[0];
        return ['engine', 'old', 'acme'].map(id => [g.nodes.get(id).color.border, g.nodes.get(id).shapeProperties]); }""")
    assert styles[0][0] == "#0072b2" and styles[1][0] == "#d55e00" and styles[1][1]["borderDashes"] == [5, 4]
    assert "from=2015-01" in address(page) and "to=2021-01" in address(page)
    page.locator("input[name=to]").fill("2018-07")
    page.get_by_role("button", name="Compare").click()
    page.wait_for_url("**to=2018-07**")
    assert items(0) == ["An article", "Engine", "New service"] and items(1) == []


# (date, start, end): a partial start means its first day, a partial end its last (graph/dates.py)
HOLDS = [("2019-12", "2019", "2019"), ("2019-12-31", None, "2019"), ("2020-01", None, "2019"),
         ("2019-05-31", "2019-05", "2019-05"), ("2019-06", "2019-05", "2019-05"), ("2019-04", "2019-05", None),
         ("2016-03-13", "2016-03-14", None), ("2016-03-14", "2016-03-14", "2016-03-14"), ("2024-02", "2024-02-29", None),
         ("2000", None, None), ("2018-07", "2018-07-01", "2018")]
# (date, since, until, life of one end, life of the other)
EDGES = [("2017-06", "2016", None, ("2014-03", "2020-01-31"), ("2016-10", None)),
         ("2016-09", "2016", None, ("2014-03", "2020-01-31"), ("2016-10", None)),  # an end not yet there
         ("2020-02", None, None, ("2014-03", "2020-01-31"), (None, None)),  # an end gone
         ("2019-05", None, "2019-04", (None, None), (None, None)), ("2019-04-30", None, "2019-04", (None, None), (None, None))]


def test_the_browser_and_python_say_the_same_about_what_holds_on_a_date(dated_server, watched):
    """One rule, two languages: `Atlas.time` against `graph.dates` on one table of cases."""
    from graph import dates

    page = watched.page
    page.goto(dated_server.url)
    page.wait_for_function("window.Atlas && window.Atlas.time")
    js_holds = page.evaluate("(cases) => cases.map(([at, s, e]) => Atlas.time.holds(Atlas.time.firstDay(at), s, e))",
                             [list(c) for c in HOLDS])
    assert js_holds == [dates.holds(*c) for c in HOLDS]
    assert True in js_holds and False in js_holds
    script = """(cases) => cases.map(([at, since, until, a, b]) => Atlas.time.edgeHolds(Atlas.time.firstDay(at),
        {from: "a", to: "b", spans: [[since, until]]},
        {a: {start: a[0], end: a[1]}, b: {start: b[0], end: b[1]}}))"""
    js_edges = page.evaluate(script, [[at, s, u, list(a), list(b)] for at, s, u, a, b in EDGES])
    assert js_edges == [dates.in_force(at, s, u, a, b) for at, s, u, a, b in EDGES] == [True, False, False, False, True]


def test_a_new_date_fades_nodes_in_and_out_where_they_stand(dated_server, watched):
    """What starts fades in and what ends fades out, each at its own place; nothing else moves."""
    page = watched.page
    page.goto(dated_server.url + "graph/?at=2016-09")
    wait_drawn(page)
    wait_month(page, "2016-09")
    assert "engine" not in page.evaluate(SHOWN)
    # the engine's opacity at each frame the network draws while it is on the graph
    page.evaluate("""() => { const g = window.atlasGraphs[0]; window.__opacity = [];
        g.network.on('afterDrawing', () => { if (g.nodeView.get('engine'))
            window.__opacity.push(g.nodeView.get('engine').opacity); }); }""")
    before = page.evaluate("window.atlasGraphs[0].network.getPositions()")
    slider = page.get_by_role("slider", name="Show the graph as of")
    slider.focus()
    page.keyboard.press("ArrowRight")  # October 2016: the engine is released
    wait_month(page, "2016-10")
    page.wait_for_function("window.__opacity.length > 0 && window.__opacity[window.__opacity.length - 1] === 1",
                           timeout=5_000)
    rising = page.evaluate("window.__opacity")
    assert any(0 < o < 1 for o in rising) and rising == sorted(rising), rising  # faded in, never back
    after = page.evaluate("window.atlasGraphs[0].network.getPositions()")
    assert {k: after[k] for k in before} == before and "engine" in after  # the others stayed where they were
    engine = after["engine"]
    page.evaluate("window.__opacity = []")
    page.keyboard.press("ArrowLeft")  # back to September: it fades out, then leaves
    wait_month(page, "2016-09")
    page.wait_for_function("!window.atlasGraphs[0].nodeView.get('engine')")
    falling = page.evaluate("window.__opacity")
    assert any(0 < o < 1 for o in falling) and falling == sorted(falling, reverse=True)
    assert page.evaluate("window.atlasGraphs[0].network.getPositions()") == before
    # off the graph now; where it will stand again is where it stood
    assert page.evaluate("(({x, y}) => ({x, y}))(window.atlasGraphs[0].byId.engine)") == engine
