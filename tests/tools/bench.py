"""Benchmarks: how fast and how big, against plain MkDocs and pyvis, at 100 to 10,000 entities.

    ./scripts/bench            # N = 100, 1,000, 5,000, 10,000 (long)
    ./scripts/bench --quick    # N = 100 and 1,000, plus the layout at 10,000 nodes (a few minutes)

Every figure is a ratio or a measure taken in the same run on the same machine, so it can be
compared with the budgets in DESIGN.md. Results go to `bench-results/bench.json`, and, with
`--page`, to the docs page that shows them (docs/reference/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Any

from .server import CHROMIUM, Server, launch_chromium

ROOT = Path(__file__).resolve().parents[2]  # the repository
SCHEMA = ROOT / "docs" / "schema.yml"
PYVIS_TIMEOUT = 60.0  # seconds; pyvis beyond that is reported as "over"

BUDGETS = {
    "plugin_ratio_1000": ("build time with the graph / plain build with the same nav, at 1,000 entities", 1.15, "x"),
    "plugin_ratio_10000": ("build time with the graph / plain build with the same nav, at 10,000 entities", 1.15, "x"),
    "size_ratio_1000": ("site size with the graph / plain site with the same nav, at 1,000 entities", 1.5, "x"),
    "size_ratio_10000": ("site size with the graph / plain site with the same nav, at 10,000 entities", 1.5, "x"),
    "build_seconds_10000": ("full build of 10,000 entities", 60.0, "s"),
    "bytes_per_entity_10000": ("site size per entity at 10,000", 40 * 1024, "B"),
    "layout_seconds_10000": ("layout of 10,000 nodes, 20,000 edges", 5.0, "s"),
    "first_draw_1000": ("global graph first draw at 1,000 (its first frame on screen)", 0.5, "s"),
    "first_draw_10000": ("global graph first draw at 10,000 (its first frame on screen)", 2.0, "s"),
    "first_frame_after_fcp_1000": ("global graph's first frame after the page's first contentful paint, same page "
                                   "view, at 1,000", 150.0, "ms"),
    "first_frame_after_fcp_10000": ("global graph's first frame after the page's first contentful paint, same page "
                                    "view, at 10,000", 400.0, "ms"),
    "date_change_1000": ("global graph: a change of the date to the next frame, at 1,000", 100.0, "ms"),
    "date_change_10000": ("global graph: a change of the date to the next frame, at 10,000", 500.0, "ms"),
    "long_task_1000": ("global graph page: its longest main-thread task, at 1,000 (limit: the home page's + 100 ms, "
                       "or 200 ms)", None, "ms"),
    "long_task_10000": ("global graph page: its longest main-thread task, at 10,000 (limit: the home page's + 100 ms, "
                        "or 200 ms)", None, "ms"),
    "hover_1000": ("global graph: a hover answered, from the pointer's move, at 1,000", 100.0, "ms"),
    "hover_10000": ("global graph: a hover answered, from the pointer's move, at 10,000", 100.0, "ms"),
    "peak_memory_10000": ("peak memory of a 10,000-entity build (with its prerendering child)", 2 * 1024 ** 3, "B"),
    "label_overlap": ("labels overlapping another at the first view (this site and 1,000; phone and desktop)", 0, "%"),
}

# Where the graph's time goes in a timed build: the seconds spent in each of the plugin's hooks (and
# in a few named steps inside them), on the build's own core. Each hook is wrapped once, before the
# configuration is loaded; the wrapping costs microseconds per call. The search plugin is timed too:
# it indexes what the pages hold, so it grows with what the graph adds to them.
PROFILED = (
    ("graph.plugin", "GraphPlugin", ("on_config", "on_files", "on_nav", "on_env", "on_page_read_source",
                                     "on_page_markdown", "on_page_content", "on_post_page", "on_post_build")),
    ("graph.site", "SiteBuild", ("__init__", "entity_parts", "entity_page", "fill", "fill_late", "search_names")),
    ("graph.pipeline", None, ("run",)),
    ("graph.pages", None, ("sanitize", "compact", "add_search_names", "sections_html")),
    ("graph.prerender", "Prerender", ("wait", "take")),
    ("material.plugins.search.plugin", "SearchPlugin", ("on_page_context", "on_post_build")),
    # MkDocs' own work, in both builds: a page's markdown converted, a page's template rendered (the theme's)
    ("mkdocs.structure.pages", "Page", ("render",)),
    ("jinja2.environment", "Template", ("render",)),
)

BUILD_SCRIPT = """
import functools, importlib, json, resource, sys, time, logging
start = time.perf_counter()
spent, inside = {}, set()
def timed(name, fn):
    @functools.wraps(fn)  # keeps the hook's priority (an attribute of the function)
    def wrapper(*args, **kwargs):
        if name in inside:  # called inside itself (a template rendered in a template): counted once
            return fn(*args, **kwargs)
        inside.add(name)
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            inside.discard(name)
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - t
    return wrapper
if sys.argv[3] in ("profile", "plain"):
    for module, owner, names in %r:
        if sys.argv[3] == "plain" and module.startswith("graph."):
            continue  # a plain build does not import the plugin
        t = time.perf_counter()
        try:
            holder = importlib.import_module(module)
        except ImportError:
            continue
        if module == "graph.plugin":
            spent["import of the plugin"] = time.perf_counter() - t
        holder = getattr(holder, owner) if owner else holder
        for name in names:
            label = (owner or module.rsplit(".", 1)[-1]) + "." + name
            setattr(holder, name, timed(label, getattr(holder, name)))
from mkdocs.commands.build import build
from mkdocs.config import load_config
logging.getLogger("mkdocs").setLevel(logging.ERROR)
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
# the build's own peak plus its prerendering child's: an upper bound of the two together
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": time.perf_counter() - start, "peak_bytes": peak * 1024,
                  "profile": {k: round(v, 3) for k, v in sorted(spent.items())}}))
""" % (PROFILED,)


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def timed_build(root: Path, site: Path, config: str = "mkdocs.yml", profile: str = "") -> dict[str, Any]:
    """One build in a fresh process: its wall-clock seconds, peak memory and (with `profile`, "profile" or
    "plain" for a build without the plugin) the seconds spent in each of the hooks and steps of PROFILED."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    out = subprocess.run([sys.executable, "-c", BUILD_SCRIPT, str(root / config), str(site),
                          profile or "-"],
                         capture_output=True, text=True, env=env, cwd=root)
    if out.returncode != 0:
        raise RuntimeError(f"build of {root} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


NO_PRERENDER = "mkdocs-no-prerender.yml"


def without_prerender(root: Path) -> str:
    """Beside the graph site's mkdocs.yml, the same with `prerender: false`; its file name."""
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / NO_PRERENDER).write_text(text.replace("  - atlas:\n", "  - atlas:\n      prerender: false\n", 1),
                                     encoding="utf-8")
    return NO_PRERENDER


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def stage_times(root: Path) -> dict[str, float]:
    """Each pipeline stage, in this process, on the site at `root`."""
    from graph import build as build_stage, export, layout, load, render, schema as schema_stage, validate
    from graph.render import graphs

    docs = root / "docs"
    pages = [(p.relative_to(docs).as_posix(), p.read_bytes()) for p in sorted((docs / "kb").rglob("*.md"))]
    times: dict[str, float] = {}

    def clock(name, fn, *args):
        start = time.perf_counter()
        value = fn(*args)
        times[name] = round(time.perf_counter() - start, 3)
        return value

    schema, _ = schema_stage.parse_schema(SCHEMA.read_text(encoding="utf-8"), "schema.yml")
    entities, _ = clock("load", load.load_pages, pages)
    G, _ = clock("build", build_stage.build_graph, entities)
    clock("lives", build_stage.add_lifespans, G, schema)  # every entity's start and end, as the pipeline gives them
    clock("validate", validate.validate, G, schema)
    layout.forget()
    laid_out = layout.lay_out(G)
    clock("layout", lambda: laid_out.positions)
    ctx = render.Context(G, schema, laid_out, render.default_url, sink=lambda name, data: f"g/{name}.json")

    def render_all():
        for e in build_stage.entities(G):
            render.entity_parts(ctx, e.id)  # what the build makes of each page (the join is the generator's)
        graphs.global_markdown(ctx)

    clock("render", render_all)
    clock("export", lambda: export.to_graphml(export.graph_document(G, schema, render.default_url)))
    times["nodes"], times["edges"] = G.number_of_nodes(), G.number_of_edges()
    return times


def largest_inline_graph(site: Path) -> int:
    """The most graph data one entity page carries (the JSON in its <template data-atlas-json>)."""
    opening, best = "<template data-atlas-json>", 0
    for page in (site / "kb").rglob("index.html"):
        text = page.read_text(encoding="utf-8")
        start = text.find(opening)
        if start >= 0:
            best = max(best, text.find("</template>", start) - start - len(opening))
    return best


def pyvis_page(graph_json: Path, out: Path) -> Path:
    """pyvis's default HTML for the same graph, with its remote scripts pointed at local copies."""
    from pyvis.network import Network

    from graph.pages import vis_network_path

    doc = json.loads(graph_json.read_text(encoding="utf-8"))
    net = Network(height="750px", width="100%", directed=True, cdn_resources="remote")
    for node in doc["nodes"]:
        net.add_node(node["id"], label=node["title"], title=node["summary"], group=node["type"])
    for link in doc["links"]:
        net.add_edge(link["source"], link["target"], title=link["label"])
    out.mkdir(parents=True, exist_ok=True)
    net.write_html(str(out / "index.html"), notebook=False)
    shutil.copy(vis_network_path(), out / "vis-network.min.js")
    html = (out / "index.html").read_text(encoding="utf-8")
    html = re.sub(r'<script src="https?://[^"]*vis-network[^"]*"[^>]*></script>',
                  '<script src="vis-network.min.js"></script>', html)
    html = re.sub(r'<link[^>]*href="https?://[^"]*"[^>]*/?>', "", html)
    html = re.sub(r'<script[^>]*src="https?://[^"]*"[^>]*>\s*</script>', "", html)
    # note the first frame drawn, as our page does
    html = html.replace("drawGraph();", "drawGraph(); network.once('afterDrawing', function () {"
                        " window.__firstDraw = performance.now(); });", 1)
    (out / "index.html").write_text(html, encoding="utf-8")
    return out


def frame_runs(browser, url: str, frames: list[str], runs: int, timeout: float) -> list[list[float]] | None:
    """For each of `runs` page views, the time in ms from navigation start of each script of `frames` (each
    gives a time in ms, or null before its frame), read once every one of them is drawn (the page's first
    contentful paint may come after the graph's first frame); None when a page view goes over `timeout`."""
    found: list[list[float]] = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.goto(url, wait_until="commit")
            page.wait_for_function(" && ".join(f"({frame}) !== null" for frame in frames), timeout=timeout * 1000,
                                   polling=50)
            found.append([page.evaluate(js) for js in frames])
        except Exception:  # a timeout: the page did not draw in time
            return None
        finally:
            page.close()
    return found


def first_draws(browser, url: str, frames: list[str], runs: int, timeout: float) -> list[float | None]:
    """For each script of `frames`, the median time in seconds from navigation start to that frame over
    `runs` page views (see `frame_runs`); all None when a page view goes over `timeout`."""
    found = frame_runs(browser, url, frames, runs, timeout)
    return [None] * len(frames) if found is None else medians(found)


def medians(found: list[list[float]]) -> list[float]:
    """Each frame's median over the page views, in seconds."""
    return [round(statistics.median(view[i] for view in found) / 1000.0, 3) for i in range(len(found[0]))]


def mark(stage: str) -> str:
    """When the page's script marked a stage of its graph's start (assets/js/base.js, `mark`), in ms."""
    return (f"(() => {{ const e = performance.getEntriesByName('atlas:{stage}')[0];"
            f" return e ? e.startTime : null; }})()")


FIRST_FRAME_STAGES = ("data", "graph")  # marked before the first frame: its data taken, the graph made


def our_frames(browser, url: str, runs: int = 5, timeout: float = 30.0) -> dict[str, Any]:
    """The global graph's frames in the same page views: the page's own first contentful paint, the graph's
    first frame, the network's; the first frame's lag behind that paint (median of each view's lag); and
    where the first frame's time went (`first_frame_stages_ms`, medians of each view's own): until its data
    was read (from navigation start), making the graph from it, then drawing the frame."""
    found = frame_runs(browser, url, [FCP, OUR_DRAW, OUR_READY, *map(mark, FIRST_FRAME_STAGES)], runs, timeout)
    if found is None:
        return {"first_draw_seconds": None, "interactive_seconds": None, "fcp_seconds": None,
                "first_frame_after_fcp_ms": None, "first_frame_stages_ms": None}
    fcp, first, ready = medians(found)[:3]
    return {"fcp_seconds": fcp, "first_draw_seconds": first, "interactive_seconds": ready,
            "first_frame_after_fcp_ms": round(statistics.median(view[1] - view[0] for view in found), 1),
            "first_frame_stages_ms": {
                "data": round(statistics.median(view[3] for view in found), 1),
                "graph": round(statistics.median(view[4] - view[3] for view in found), 1),
                "frame": round(statistics.median(view[1] - view[4] for view in found), 1)}}


DATE_CHANGE = """async (steps) => {
    const g = window.atlasGraphs[0];
    const times = [];
    for (const step of steps) {
        await new Promise((resolve) => setTimeout(resolve, 150));  // let the last change settle
        const took = await new Promise((resolve) => {
            const start = performance.now();
            g.network.once('afterDrawing', () => resolve(performance.now() - start));
            g.setDate(g.time.value() + step);
        });
        times.push(took);
    }
    return times;
}"""


LABELS = """() => { const g = window.atlasGraphs[0], boxes = g.labelBoxes || [];
    let overlapping = new Set();
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) { overlapping.add(i); overlapping.add(j); }
    }
    return {drawn: boxes.length, nodes: g.nodeView.length, overlapping: overlapping.size,
            smallest: boxes.length ? Math.min(...boxes.map(b => b.size)) : null}; }"""
VIEWPORTS = ((390, 844), (1280, 900))


def label_figures(browser, url: str) -> dict[str, Any]:
    """At the global graph's first view, per viewport: labels drawn, the share of them that overlap
    another, and the smallest on screen (px)."""
    out = {}
    for width, height in VIEWPORTS:
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            page.goto(url)
            page.wait_for_function("window.atlasGraphs && window.atlasGraphs[0] && window.atlasGraphs[0].drawn "
                                   "&& window.atlasGraphs[0].labelBoxes", timeout=60_000)
            page.wait_for_timeout(300)
            f = page.evaluate(LABELS)
            f["overlap_share"] = round(f["overlapping"] / f["drawn"], 3) if f["drawn"] else 0.0
            out[f"{width}x{height}"] = f
        finally:
            page.close()
    return out


def date_changes(browser, url: str) -> float | None:
    """Median milliseconds from a change of the global graph's date to the next drawn frame, over ten
    changes of a month to a few years, back and forth."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(url)
        page.wait_for_function("window.atlasGraphs && window.atlasGraphs[0] && window.atlasGraphs[0].drawn "
                               "&& window.atlasGraphs[0].time", timeout=60_000)
        times = page.evaluate(DATE_CHANGE, [-1, -12, -36, 24, -60, 1, 12, -24, 60, 36])
        return round(statistics.median(times), 1)
    except Exception:  # no date control (an undated site) or a timeout
        return None
    finally:
        page.close()


# The global graph's first frame on screen (drawn before the graph library has loaded, preview.js),
# and the network's own first frame, from which the graph answers the reader (interactive).
OUR_DRAW = ("(() => { const e = document.querySelector('[data-atlas-first-frame-at]');"
            " return e ? Number(e.getAttribute('data-atlas-first-frame-at')) : null; })()")
OUR_READY = ("(() => { const e = document.querySelector('[data-atlas-drawn-at]');"
             " return e ? Number(e.getAttribute('data-atlas-drawn-at')) : null; })()")
FCP = ("(() => { const e = performance.getEntriesByName('first-contentful-paint')[0];"
       " return e ? e.startTime : null; })()")
PYVIS_DRAW = "window.__firstDraw === undefined ? null : window.__firstDraw"


# Every main-thread task over 50 ms (the browser's "long task"), from the page's very start.
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => { for (const t of list.getEntries()) window.__longTasks.push([t.startTime, t.duration]); })
    .observe({type: 'longtask', buffered: true});"""
WINDOW_MS = 6000  # the first seconds of a page view, in which its longest task is taken


def longest_tasks(browser, url: str, runs: int) -> float | None:
    """The longest main-thread task in the first WINDOW_MS of a page view (0 when none is over 50 ms), the
    median over `runs` page views; None when the page never settles."""
    found = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.add_init_script(LONG_TASKS)
            page.goto(url, wait_until="commit")
            page.wait_for_function("document.readyState === 'complete'", timeout=60_000)
            page.wait_for_function(f"performance.now() > {WINDOW_MS}", timeout=60_000, polling=250)
            found.append(page.evaluate(f"Math.max(0, ...window.__longTasks.filter(t => t[0] < {WINDOW_MS}).map(t => t[1]))"))
        except Exception:
            return None
        finally:
            page.close()
    return round(statistics.median(found), 1)


# When the global graph's tooltip first shows, and when the pointer first moved over the graph (the input's
# own time stamp, taken as the hardware event came, before the page could run anything).
HOVER_WATCH = """window.__tipAt = null; window.__movedAt = null;
addEventListener('pointermove', (ev) => { if (window.__movedAt === null) window.__movedAt = ev.timeStamp; }, true);
new MutationObserver(() => {
    const t = document.querySelector('.atlas-tooltip');
    if (window.__tipAt === null && t && !t.hidden) window.__tipAt = performance.now();
}).observe(document, {subtree: true, childList: true, attributes: true, attributeFilter: ['hidden']});"""
# Where, on screen, the first frame draws its most important node (a view is {x, y, scale}: the graph point
# at the element's centre, and the zoom).
NODE_ON_SCREEN = """() => {
    const g = window.atlasGraphs[0];
    g.container.scrollIntoView({block: 'center'});  // below the fold on a big site's page
    const box = g.container.getBoundingClientRect();
    const view = g.network ? {...g.network.getViewPosition(), scale: g.network.getScale()} : g.view;
    const n = g.data.nodes.filter(g.nodeVisible).sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9))[0];
    return {x: box.left + box.width / 2 + (n.x - view.x) * view.scale,
            y: box.top + box.height / 2 + (n.y - view.y) * view.scale,
            network: Boolean(g.network)};
}"""


def hover_answers(browser, url: str, runs: int) -> dict[str, float] | None:
    """How soon the global graph answers a hover: the pointer is put on its most important node as soon as
    its first frame is on screen. `after_first_frame`: ms from that frame to the tooltip (the test driver's
    own reaction included); `latency`: ms from the pointer's move to the tooltip. Medians over `runs`."""
    after, latency = [], []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        try:
            page.add_init_script(HOVER_WATCH)
            page.goto(url, wait_until="commit")
            page.wait_for_function("document.querySelector('[data-atlas-first-frame-at]') && window.atlasGraphs[0]",
                                   timeout=60_000, polling="raf")
            at = page.evaluate(NODE_ON_SCREEN)
            for i in range(1000):
                page.mouse.move(at["x"] + (i % 2) * 0.5, at["y"])
                if page.evaluate("window.__tipAt !== null"):
                    break
            f = page.evaluate("""() => ({tip: window.__tipAt, moved: window.__movedAt,
                first: Number(document.querySelector('[data-atlas-first-frame-at]').getAttribute('data-atlas-first-frame-at'))})""")
            if f["tip"] is None:
                return None
            after.append(f["tip"] - f["first"])
            latency.append(f["tip"] - f["moved"])
        except Exception:
            return None
        finally:
            page.close()
    return {"after_first_frame": round(statistics.median(after), 1), "latency": round(statistics.median(latency), 1)}


def task_budget(home_ms: float | None) -> float | None:
    """The longest task a graph page may have: 100 ms more than the same site's home page, or 200 ms."""
    return None if home_ms is None else max(home_ms + 100.0, 200.0)


STRAY = 0.2  # a round whose build (plain, or with the graph) is this far from that build's median is run again


def stray_rounds(times: list[float]) -> list[int]:
    """The rounds whose build took more than STRAY more or less than the median of the same build."""
    if len(times) < 3:  # with two, neither is the odd one out
        return []
    middle = statistics.median(times)
    return [i for i, seconds in enumerate(times) if abs(seconds - middle) > STRAY * middle]


def run(sizes: list[int], runs: int, quick: bool, work: Path, big_runs: tuple[int, ...] = (10000,)) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from .synthetic import write_site

    results: dict[str, Any] = {"machine": machine(), "sizes": [], "budgets": {}}
    results["machine"]["reference_seconds"] = [reference_seconds()]
    with sync_playwright() as p:
        browser = launch_chromium(p)
        for n in sizes:
            row: dict[str, Any] = {"entities": n}
            say(f"N={n}: writing the synthetic knowledge base")
            on, off, bare = work / f"on-{n}", work / f"off-{n}", work / f"bare-{n}"
            write_site(on, n, SCHEMA)
            write_site(off, n, SCHEMA, kind="plain")
            write_site(bare, n, SCHEMA, kind="bare")
            # short builds are the noisiest: 2 runs - 1 rounds up to 1,000 (five by default)
            repeat = runs if n in big_runs else 2 * runs - 1 if n <= 1000 else 1
            on_times, off_times, bare_times, serial_times, peak, profiles, plain_profiles = [], [], [], [], 0, [], []
            serial = without_prerender(on) if n <= 5000 else None

            def one_round(i: int) -> tuple:
                """A round: the plain build and the build with the graph (the plain one first in every other
                round, so that a machine speeding up or slowing down during the run favours neither), then
                the entity pages alone (and without prerendering), one after the other, so that a slow spell
                of the machine hits all of them."""
                def plain_build() -> dict[str, Any]:
                    say(f"N={n}: plain build, same nav {i + 1}/{repeat}")
                    return timed_build(off, off / "site", profile="plain")

                def graph_build() -> dict[str, Any]:
                    say(f"N={n}: build with the graph {i + 1}/{repeat}")
                    return timed_build(on, on / "site", profile="profile")

                if i % 2 == 0:
                    plain = plain_build()
                    measured = graph_build()
                else:
                    measured = graph_build()
                    plain = plain_build()
                off_s = plain["seconds"]
                if "plain_site_bytes" not in row:
                    row["plain_site_bytes"] = site_bytes(off / "site")
                measured["plain_profile"] = plain["profile"]
                say(f"N={n}: plain build of the entity pages alone {i + 1}/{repeat}")
                bare_s = timed_build(bare, bare / "site")["seconds"]
                serial_s = None
                if serial:
                    say(f"N={n}: build with the graph, without prerendering {i + 1}/{repeat}")
                    serial_s = timed_build(on, on / "site-serial", serial)["seconds"]
                return off_s, measured, bare_s, serial_s

            rounds = [one_round(i) for i in range(repeat)]
            # a round in which either build strays from that build's median by more than STRAY was run while
            # the machine changed speed: it is run again (at most as many times as there are rounds), and the
            # page says so. Either build: a rule that looked at one alone would favour one side.
            rerun = []
            for _ in range(repeat):
                strays = sorted(set(stray_rounds([r[0] for r in rounds])) |
                                set(stray_rounds([r[1]["seconds"] for r in rounds])))
                if not strays:
                    break
                for i in strays:
                    rerun.append([round(rounds[i][0], 3), round(rounds[i][1]["seconds"], 3)])
                    rounds[i] = one_round(i)
            row["rerun_seconds"] = rerun  # [plain, with the graph] of each round run again
            for off_s, measured, bare_s, serial_s in rounds:
                off_times.append(off_s)
                on_times.append(measured["seconds"])
                profiles.append(measured["profile"])
                plain_profiles.append(measured["plain_profile"])
                peak = max(peak, measured["peak_bytes"])
                bare_times.append(bare_s)
                if serial_s is not None:
                    serial_times.append(serial_s)
            row["build_on_seconds"] = round(statistics.median(on_times), 3)
            row["build_off_seconds"] = round(statistics.median(off_times), 3)
            row["build_bare_seconds"] = round(statistics.median(bare_times), 3)
            row["plugin_ratio"] = round(row["build_on_seconds"] / row["build_off_seconds"], 3)
            # the spread: every build's time, and the ratio of each round (a build with the graph over the
            # plain build just before it), so that a change of 10% shows against the machine's own noise
            row["build_on_runs"] = [round(s, 3) for s in on_times]
            row["build_off_runs"] = [round(s, 3) for s in off_times]
            row["ratio_runs"] = [round(a / b, 3) for a, b in zip(on_times, off_times)]
            row["profile"] = {k: round(statistics.median(p.get(k, 0.0) for p in profiles), 3)
                              for k in sorted({k for p in profiles for k in p})}
            row["plain_profile"] = {k: round(statistics.median(p.get(k, 0.0) for p in plain_profiles), 3)
                                    for k in sorted({k for p in plain_profiles for k in p})}
            row["bare_ratio"] = round(row["build_on_seconds"] / row["build_bare_seconds"], 3)
            if serial_times:
                row["build_no_prerender_seconds"] = round(statistics.median(serial_times), 3)
                row["prerender_ratio"] = round(row["build_on_seconds"] / row["build_no_prerender_seconds"], 3)
                shutil.rmtree(on / "site-serial", ignore_errors=True)
            row["peak_memory_bytes"] = peak
            row["site_bytes"] = site_bytes(on / "site")
            row["bytes_per_entity"] = round(row["site_bytes"] / n)
            row["size_ratio"] = round(row["site_bytes"] / row["plain_site_bytes"], 3)
            row["largest_page_graph_bytes"] = largest_inline_graph(on / "site")
            row["global_graph_bytes"] = (on / "site/assets/atlas/graphs/_global.js").stat().st_size
            say(f"N={n}: pipeline stages")
            row["stages"] = stage_times(on)
            say(f"N={n}: first draw in Chromium")
            server = Server(on / "site")
            try:
                row.update(our_frames(browser, server.url + "graph/"))
                say(f"N={n}: the longest main-thread task, the global graph page and the home page")
                row["longest_task_ms"] = longest_tasks(browser, server.url + "graph/", 3)
                row["home_longest_task_ms"] = longest_tasks(browser, server.url, 3)
                row["task_budget_ms"] = task_budget(row["home_longest_task_ms"])
                say(f"N={n}: from the first frame until hover answers")
                row["hover_ms"] = hover_answers(browser, server.url + "graph/", 3)
                say(f"N={n}: a change of the date, to the next frame")
                row["date_change_ms"] = date_changes(browser, server.url + "graph/")
                if n == 1000:
                    say(f"N={n}: labels at the first view")
                    row["labels"] = label_figures(browser, server.url + "graph/")
            finally:
                server.close()
            if n <= (1000 if quick else 5000):
                say(f"N={n}: first draw of pyvis's default page (capped at {PYVIS_TIMEOUT:.0f} s)")
                server = Server(pyvis_page(on / "site/graph.json", work / f"pyvis-{n}"))
                try:
                    row["pyvis_first_draw_seconds"] = first_draws(browser, server.url, [PYVIS_DRAW], 1, PYVIS_TIMEOUT)[0]
                finally:
                    server.close()
            else:
                row["pyvis_first_draw_seconds"] = None
            pv = row["pyvis_first_draw_seconds"]
            # like with like: pyvis's first frame against our network's (the same library)
            row["pyvis_ratio"] = round(pv / row["interactive_seconds"], 1) if pv and row["interactive_seconds"] else None
            results["sizes"].append(row)
            say(f"N={n}: " + ", ".join(f"{k}={v}" for k, v in row.items() if k != "stages"))
            shutil.rmtree(off / "site", ignore_errors=True)
            shutil.rmtree(bare / "site", ignore_errors=True)
        say("this site: labels at the first view")
        real = work / "this-site"
        out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(real)], cwd=ROOT,
                             capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        if out.returncode == 0:
            server = Server(real)
            try:
                results["site_labels"] = label_figures(browser, server.url + "graph/")
                frames = our_frames(browser, server.url + "graph/")
                results["site_first_draw_seconds"] = frames["first_draw_seconds"]
                results["site_interactive_seconds"] = frames["interactive_seconds"]
                results["site_first_frame_after_fcp_ms"] = frames["first_frame_after_fcp_ms"]
            finally:
                server.close()
        browser.close()
    if 10000 not in sizes:
        say("layout alone at 10,000 nodes")
        results["layout_10000"] = layout_alone(10000)
    results["machine"]["reference_seconds"].append(reference_seconds())
    results["budgets"] = check_budgets(results)
    return results


def layout_alone(n: int) -> dict[str, float]:
    from graph import build as build_stage, layout, load, schema as schema_stage
    from .synthetic import generate

    schema, _ = schema_stage.parse_schema(SCHEMA.read_text(encoding="utf-8"), "schema.yml")
    entities, _ = load.load_pages(generate(n, schema).items())
    G, _ = build_stage.build_graph(entities)
    layout.forget()
    start = time.perf_counter()
    layout.compute_layout(G)
    return {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "seconds": round(time.perf_counter() - start, 3)}


def check_budgets(results: dict[str, Any]) -> dict[str, Any]:
    by_n = {row["entities"]: row for row in results["sizes"]}
    measured = {
        "plugin_ratio_1000": by_n.get(1000, {}).get("plugin_ratio"),
        "plugin_ratio_10000": by_n.get(10000, {}).get("plugin_ratio"),
        "size_ratio_1000": by_n.get(1000, {}).get("size_ratio"),
        "size_ratio_10000": by_n.get(10000, {}).get("size_ratio"),
        "build_seconds_10000": by_n.get(10000, {}).get("build_on_seconds"),
        "bytes_per_entity_10000": by_n.get(10000, {}).get("bytes_per_entity"),
        "layout_seconds_10000": (by_n.get(10000, {}).get("stages", {}).get("layout")
                                 or results.get("layout_10000", {}).get("seconds")),
        "first_draw_1000": by_n.get(1000, {}).get("first_draw_seconds"),
        "first_draw_10000": by_n.get(10000, {}).get("first_draw_seconds"),
        "first_frame_after_fcp_1000": by_n.get(1000, {}).get("first_frame_after_fcp_ms"),
        "first_frame_after_fcp_10000": by_n.get(10000, {}).get("first_frame_after_fcp_ms"),
        "date_change_1000": by_n.get(1000, {}).get("date_change_ms"),
        "date_change_10000": by_n.get(10000, {}).get("date_change_ms"),
        "peak_memory_10000": by_n.get(10000, {}).get("peak_memory_bytes"),
        "long_task_1000": by_n.get(1000, {}).get("longest_task_ms"),
        "long_task_10000": by_n.get(10000, {}).get("longest_task_ms"),
        "hover_1000": (by_n.get(1000, {}).get("hover_ms") or {}).get("latency"),
        "hover_10000": (by_n.get(10000, {}).get("hover_ms") or {}).get("latency"),
        "label_overlap": _worst_overlap([results.get("site_labels"), by_n.get(1000, {}).get("labels")]),
    }
    spread = {f"plugin_ratio_{n}": by_n.get(n, {}).get("ratio_runs") for n in (1000, 10000)}
    out = {}
    limits = {f"long_task_{n}": by_n.get(n, {}).get("task_budget_ms") for n in (1000, 10000)}  # same run's home page
    for key, (label, limit, unit) in BUDGETS.items():
        value = measured[key]
        limit = limits.get(key, limit)
        out[key] = {"label": label, "limit": limit, "unit": unit, "value": value,
                    "holds": None if value is None or limit is None else value <= limit}
        if spread.get(key):
            out[key]["runs"] = spread[key]
    return out


def measured_text(b: dict[str, Any]) -> str:
    """A budget's figure, with the spread of its runs where there were several (median, then range)."""
    text = human(b["value"], b["unit"])
    runs = b.get("runs") or []
    if len(runs) > 1:
        text += (f" (median of {len(runs)} rounds; {human(min(runs), b['unit'])} to "
                 f"{human(max(runs), b['unit'])})")
    return text


def _worst_overlap(figures: list[dict[str, Any] | None]) -> float | None:
    shares = [f["overlap_share"] for viewports in figures if viewports for f in viewports.values()]
    return round(100 * max(shares), 1) if shares else None


def reference_seconds() -> float:
    """How long a fixed piece of Python takes on this machine now (the sum of the squares below 10**7): the
    same machine ran it between 0.75 s and 1.5 s as the load of its host changed. Taken at the start and at
    the end of a run, it tells whether two runs' absolute figures (seconds, milliseconds) can be compared;
    the ratios of a run compare builds of that run."""
    start = time.perf_counter()
    sum(i * i for i in range(10 ** 7))
    return round(time.perf_counter() - start, 3)


def machine() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "unknown"
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.system(),
            "machine": platform.machine(), "chromium": chromium,
            **{name: version(name) for name in ("mkdocs", "mkdocs-material", "networkx", "pyvis", "numpy")}}


def speed_text(m: dict[str, Any]) -> str:
    """The machine's speed during the run, where it was measured (`reference_seconds`)."""
    taken = m.get("reference_seconds") or []
    if len(taken) != 2:
        return ""
    return (f" Its speed during the run: a fixed Python loop (the sum of the squares below 10⁷) took {taken[0]:g} s "
            f"at the start and {taken[1]:g} s at the end (on this machine, between 0.75 s and 1.5 s as its host's "
            f"load changed). Absolute figures of two runs compare only at like speeds; the ratios compare builds "
            f"of the same run.")


def human(value: Any, unit: str) -> str:
    if value is None:
        return "not measured"
    if unit == "B":
        return f"{value / 1024 ** 3:.2f} GiB" if value >= 1024 ** 3 else (
            f"{value / 1024 ** 2:.1f} MiB" if value >= 1024 ** 2 else f"{value / 1024:.1f} KiB")
    return f"{value:g} {unit}" if unit != "x" else f"{value:g}×"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A markdown table's lines: the header, its rule, a line per row of cells."""
    return ["| " + " | ".join(cells) + " |" for cells in [header, ["---"] * len(header), *rows]]


def report(results: dict[str, Any]) -> str:
    lines = []
    for b in (results["budgets"][key] for key in BUDGETS if key in results["budgets"]):
        verdict = {True: "holds", False: "FAILS", None: "not measured"}[b["holds"]]
        lines.append(f"{verdict:>12}  {b['label']}: {measured_text(b)} (budget {human(b['limit'], b['unit'])})")
    return "\n".join(lines)


def tasks_text(row: dict[str, Any]) -> str:
    if "longest_task_ms" not in row:
        return "not measured"
    return f"{human(row['longest_task_ms'], 'ms')} / {human(row.get('home_longest_task_ms'), 'ms')}"


def hover_text(row: dict[str, Any]) -> str:
    hover = row.get("hover_ms")
    if not hover:
        return "not measured"
    return f"{human(hover['after_first_frame'], 'ms')} / {human(hover['latency'], 'ms')}"


def page(results: dict[str, Any]) -> str:
    """The benchmarks docs page: budgets, a table per size, and bars of build time."""
    m = results["machine"]
    out = ["---", "title: Benchmarks", "---", "# Benchmarks", "",
           "How fast and how big Container Atlas is, measured by `./scripts/bench` on synthetic knowledge bases "
           "(valid pages for the real schema, about two relations per entity, a heavy-tailed degree distribution). "
           "Every figure comes from one run on one machine; ratios compare builds made in that same run.", "",
           "Three builds of the same entity pages are timed, alternating, and the median taken:", "",
           "- **with the graph**: the plugin on, as this site is built;",
           "- **plain, same nav**: MkDocs and the theme alone, with the navigation the plugin would give: "
           "an index page per type that lists its entities as links, and a page of the same title for each "
           "other page in the nav. This is the budget's baseline: the cost of the graph, not of the navigation;",
           "- **bare**: MkDocs alone on the entity pages, outside the nav and with nothing that links to them: "
           "the least a build of these pages can cost.", "",
           "Two savings of the plugin count in its favour, and the plain builds do not have them: it renders the "
           "theme's navigation, header, style sheets and scripts once per folder for the entity pages, which are outside the nav, and each of "
           "its translations once (`cache_nav`), and "
           "it makes the data files (with the layout) and the entity pages' generated parts in a child process on a "
           "second core while MkDocs converts pages, and the folders MkDocs writes the pages into in another "
           "(`prerender`, Linux). Both are on by default, and the site is byte "
           "for byte the same without them. Two more are always on: from 500 entity pages, a child process on the "
           "second core reads half of their front matter (Linux), and what the build keeps to its end (the graph, "
           "MkDocs' files and configuration) is left out of Python's cycle collection from the graph's build to "
           "the end of the build (`gc.freeze`), so the collector's full passes do not scan it again while the pages "
           "are made. The build times are wall-clock times of the whole build in a fresh "
           "process, MkDocs' and the plugin's imports included. Builds are repeated at the budgets' sizes: in five "
           "rounds up to 1,000 entities (short builds, whose ratio the machine's noise moves most) and three at "
           "10,000; once at the others.", "",
           "Prerendering is kept only because it pays for its complexity: up to 5,000 entities the build is timed a "
           "fourth time, with the graph and `prerender: false`, in the same alternation (the table's last columns).", "",
           "The global graph is timed in Chromium from the start of the page's navigation, median of five page views: "
           "**first draw** when its first frame is on screen (drawn by the page's own script from the positions "
           "the build computed, before the graph library has loaded; the page loads the graph's data as a script before "
           "its own script and the theme's, so the frame is drawn as the page is read), **after first paint** how long "
           "that frame came after "
           "the page's own first contentful paint (the header and text, in the same page view: the floor a graph "
           "drawn by the page can reach), **interactive** when the library's network "
           "has drawn the same picture (the first frame already answers hover, click, drag and the wheel; the network adds "
           "search, the filters and the date). pyvis is compared with the latter. The **longest task** is the longest "
           "the page's main thread was busy at once in a page view's first six seconds (median of three), during which "
           "nothing on the page answers, beside the same site's home page, the theme's own cost; **hover answers** "
           "puts the pointer on the graph's most important node as soon as its first frame is on screen and times "
           "the tooltip, from that frame (the test driver's reaction included) and from the pointer's move.",
           "",
           f"Machine: {m['cpus']} CPUs, {m['system']} {m['machine']}, Python {m['python']}, MkDocs {m['mkdocs']}, "
           f"Material {m['mkdocs-material']}, networkx {m['networkx']}, pyvis {m['pyvis']}, {m['chromium']}."
           + speed_text(m), "",
           "## Budgets", "", "| Budget | Measured | Limit | Verdict |", "| --- | --- | --- | --- |"]
    for b in (results["budgets"][key] for key in BUDGETS if key in results["budgets"]):
        verdict = {True: "holds", False: "**fails**", None: "not measured"}[b["holds"]]
        out.append(f"| {b['label']} | {measured_text(b)} | {human(b['limit'], b['unit'])} | {verdict} |")
    out += ["", "## By size", "",
            "| Entities | With the graph | Per entity | Plain, same nav | Ratio | Bare | Ratio to bare | "
            "Site per entity | Largest page graph | Peak memory | First draw | After first paint | Interactive | Date change | "
            "Longest task: graph page / home page | Hover answers: after the first frame / after the move | pyvis first draw | "
            "Without prerender | With / without |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in results["sizes"]:
        pv = row.get("pyvis_first_draw_seconds")
        pv_text = (f"{pv:g} s ({row['pyvis_ratio']:g}× ours)" if pv and row.get("pyvis_ratio")
                   else (f"over {PYVIS_TIMEOUT:.0f} s" if "pyvis_first_draw_seconds" in row and pv is None
                         and row["entities"] <= 5000 else "not run"))
        fd = row.get("first_draw_seconds")
        ready = row.get("interactive_seconds")
        bare = (f"{row['build_bare_seconds']:g} s | {row['bare_ratio']:g}×" if "build_bare_seconds" in row
                else "not measured | –")
        out.append(f"| {row['entities']:,} | {row['build_on_seconds']:g} s | "
                   f"{1000 * row['build_on_seconds'] / row['entities']:.1f} ms | {row['build_off_seconds']:g} s | "
                   f"{row['plugin_ratio']:g}× | {bare} | {human(row['bytes_per_entity'], 'B')} | "
                   f"{human(row['largest_page_graph_bytes'], 'B')} | {human(row['peak_memory_bytes'], 'B')} | "
                   f"{fd if fd is not None else 'over 30'} s | {human(row.get('first_frame_after_fcp_ms'), 'ms')} | {ready if ready is not None else 'over 30'} s | "
                   f"{human(row.get('date_change_ms'), 'ms')} | {tasks_text(row)} | {hover_text(row)} | {pv_text} | " +
                   (f"{row['build_no_prerender_seconds']:g} s | {row['prerender_ratio']:g}× |"
                    if "build_no_prerender_seconds" in row else "not measured | – |"))
    spread = [row for row in results["sizes"] if len(row.get("ratio_runs") or []) > 1]
    if spread:
        out += ["", "## Spread of the builds", "",
                "Each round builds the plain site and the site with the graph, one after the other: the plain one "
                "first in the first, third and fifth rounds, second in the others, so that a machine speeding up or "
                "slowing down during the run favours neither. The ratio of a round is the build with the graph over "
                "the plain build; the table's ratio is the median build over the median build. A round in which "
                f"either build took more than {STRAY:.0%} more or less than that build's median was run again (the "
                "machine changed speed during it); the last column gives the builds of the rounds run again.", "",
                "| Entities | Rounds | With the graph | Plain, same nav | Ratio of each round | Range | Run again |",
                "| --- | --- | --- | --- | --- | --- | --- |"]
        for row in spread:
            runs = row["ratio_runs"]
            rerun = row.get("rerun_seconds") or [[s, None] for s in row.get("rerun_plain_seconds") or []]
            out.append(f"| {row['entities']:,} | {len(runs)} | " +
                       ", ".join(f"{s:g} s" for s in row["build_on_runs"]) + " | " +
                       ", ".join(f"{s:g} s" for s in row["build_off_runs"]) + " | " +
                       ", ".join(f"{r:g}×" for r in runs) + f" | {min(runs):g}× to {max(runs):g}× | " +
                       ("; ".join(f"plain {a:g} s" + (f", with the graph {b:g} s" if b is not None else "") for a, b in rerun)
                        if rerun else "none") + " |")
    sized = [row for row in results["sizes"] if row.get("plain_site_bytes")]
    if sized:
        out += ["", "## Site size", ""] + table(
            ["Entities", "With the graph", "Plain, same nav", "Ratio", "Per entity, with the graph", "Per entity, plain"],
            [[f"{row['entities']:,}", human(row["site_bytes"], "B"), human(row["plain_site_bytes"], "B"),
              f"{row['size_ratio']:g}×", human(row["bytes_per_entity"], "B"),
              human(round(row["plain_site_bytes"] / row["entities"]), "B")] for row in sized])
    profiled = [row for row in results["sizes"] if row.get("profile")]
    if profiled:
        names = sorted({k for row in profiled for k in row["profile"]})
        out += ["", "## Where the build's time goes", "",
                "Seconds spent on the build's own core in each of the plugin's hooks (`GraphPlugin.*`), in steps "
                "inside them, and in the search plugin's hooks, in the same timed builds as above (median over the "
                "rounds). Steps are inside hooks, so the rows overlap: `SiteBuild.__init__` is most of `on_files`, "
                "`pipeline.run` (load, build, validate) most of that; `SiteBuild.entity_parts` counts the entity "
                "pages whose parts the build made itself, the prerendering child having made the others on the "
                "second core; `Prerender.wait` is the time the build waited for the child's data files, after every page. "
                "MkDocs' own work is timed in both builds: `Page.render` converts a page's markdown, `Template.render` "
                "renders a page's template (the theme's), and the plain build's figures follow, for the same steps.", "",
                "| Step | " + " | ".join(f"{row['entities']:,}" for row in profiled) + " |",
                "| --- |" + " --- |" * len(profiled)]
        for name in names:
            out.append(f"| `{name}` | " + " | ".join(
                f"{row['profile'][name]:g} s" if name in row["profile"] else "–" for row in profiled) + " |")
        plain_names = sorted({k for row in profiled for k in row.get("plain_profile", {})})
        for name in plain_names:
            out.append(f"| `{name}`, plain build | " + " | ".join(
                f"{row['plain_profile'][name]:g} s" if name in row.get("plain_profile", {}) else "–"
                for row in profiled) + " |")
        out.append("| the whole build, with the graph | " +
                   " | ".join(f"{row['build_on_seconds']:g} s" for row in profiled) + " |")
        out.append("| the graph's share: with the graph less plain, same nav | " +
                   " | ".join(f"{row['build_on_seconds'] - row['build_off_seconds']:.3g} s" for row in profiled) + " |")
    out += ["", "## Pipeline stages", "", "| Entities | Load | Build | Validate | Layout | Render | Export |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for row in results["sizes"]:
        s = row["stages"]
        out.append(f"| {row['entities']:,} | " + " | ".join(f"{s[k]:g} s" for k in
                   ("load", "build", "validate", "layout", "render", "export")) + " |")
    label_rows = [("this site", results.get("site_labels"))] + [
        (f"{row['entities']:,} synthetic entities", row.get("labels")) for row in results["sizes"] if row.get("labels")]
    if any(figures for _, figures in label_rows):
        out += ["", "## Labels at the first view", "",
                "On the global graph's first view, before any zoom: how many node labels are drawn, the share that "
                "overlap another label (the design asks for none) and the smallest on screen (at least 11 px).", "",
                "| Graph | Viewport | Nodes shown | Labels drawn | Overlapping | Smallest |", "| --- | --- | --- | --- | --- | --- |"]
        for name, figures in label_rows:
            # in the order measured (phone, then desktop), also when read back from the saved figures (sorted)
            for viewport, f in sorted((figures or {}).items(), key=lambda item: int(item[0].split("x")[0])):
                out.append(f"| {name} | {viewport} | {f['nodes']:,} | {f['drawn']} | {100 * f['overlap_share']:.0f}% | "
                           f"{f['smallest'] if f['smallest'] is not None else '–'} px |")
    staged = [row for row in results["sizes"] if row.get("first_frame_stages_ms")]
    if staged:
        out += ["", "## Where the first frame's time goes", "",
                "In the same page views as the first draw, from the marks the page's script sets as it starts the "
                "graph (medians of each view's own figures): when its data had been read, from the start of the "
                "navigation (the page, its data script and the site's script received and run up to the graph); how "
                "long making the graph from the data took (its indexes, dates and label order); and how long drawing "
                "its first frame took (what is shown, its shapes and its labels), beside the page's own "
                "first contentful paint.", ""] + table(
            ["Entities", "Data read", "Graph made", "First frame drawn", "First draw", "First contentful paint"],
            [[f"{row['entities']:,}", "at " + human(row["first_frame_stages_ms"]["data"], "ms"),
              human(row["first_frame_stages_ms"]["graph"], "ms"), human(row["first_frame_stages_ms"]["frame"], "ms"),
              human(row["first_draw_seconds"], "s"), human(row["fcp_seconds"], "s")] for row in staged])
    if results.get("site_first_draw_seconds") is not None:
        out += ["", f"This site's global graph draws its first frame in {results['site_first_draw_seconds']:g} s, "
                f"and answers the reader from {results['site_interactive_seconds']:g} s."]
    if "layout_10000" in results:
        lay = results["layout_10000"]
        out += ["", f"Layout alone at {lay['nodes']:,} nodes and {lay['edges']:,} edges: {lay['seconds']:g} s."]
    top = max(row["build_on_seconds"] for row in results["sizes"])
    out += ["", "## Build time", "", '<ul class="atlas-bars" aria-label="Build time with the graph, by size">']
    for row in results["sizes"]:
        share = 100.0 * row["build_on_seconds"] / top
        out.append(f'<li><span class="atlas-bar-label">{row["entities"]:,} entities</span>'
                   f'<span class="atlas-bar" style="--atlas-share: {share:.1f}%" aria-hidden="true"></span>'
                   f'<span class="atlas-bar-value">{row["build_on_seconds"]:g} s</span></li>')
    out += ["</ul>", "", "## Rerun", "", "```sh", "./scripts/bench --quick --page   # 100 and 1,000 entities, a few minutes",
            "./scripts/bench --page           # up to 10,000 entities, five rounds up to 1,000, three at 10,000: half an hour or more", "```", "",
            "The figures are written to `bench-results/bench.json`; `--page` rewrites this page from them, and "
            "`./scripts/bench --from bench-results/bench.json --page` rewrites it without measuring again. "
            "Run nothing else meanwhile: on a small machine one build can vary by 15%, which is why every "
            "ratio compares builds of the same run, taken in turn.", ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./scripts/bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1,000 only, plus the layout at 10,000")
    parser.add_argument("--sizes", type=lambda s: [int(x) for x in s.split(",")], help="e.g. 100,1000,5000")
    parser.add_argument("--runs", type=int, default=3, help="rounds of builds at 10,000 (median); 2 RUNS - 1 up to 1,000")
    parser.add_argument("--out", default=str(ROOT / "bench-results" / "bench.json"))
    parser.add_argument("--page", action="store_true", help="rewrite docs/reference/benchmarks.md from the figures")
    parser.add_argument("--from", dest="source", metavar="JSON",
                        help="measure nothing: rewrite the page (with --page) from figures written before")
    args = parser.parse_args(argv)
    if args.source:
        results = json.loads(Path(args.source).read_text(encoding="utf-8"))
        print(report(results))
        if args.page:
            write_page(results)
        return 0
    sizes = args.sizes or ([100, 1000] if args.quick else [100, 1000, 5000, 10000])
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        results = run(sizes, args.runs, args.quick, Path(tmp))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(report(results))
    say(f"figures written to {out}")
    if args.page:
        write_page(results)
    return 0


def write_page(results: dict[str, Any]) -> None:
    target = ROOT / "docs" / "reference" / "benchmarks.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page(results), encoding="utf-8")
    say(f"page written to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
