"""Shared test helpers: a tiny schema, tiny sites written to a folder, running commands, building the real
site, and driving the graphs in a browser."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCHEMA = textwrap.dedent("""\
    entity_types:
      technology: {label: Technology, plural: Technologies, colour: "#2f7ed8", shape: dot, start: [released, announced],
                   end: retired, timeless: true}
      organisation: {label: Organisation, plural: Organisations, colour: "#8e6cc8", shape: star}
      source: {label: Source, plural: Sources, colour: "#9e9e9e", shape: box, start: published}
    relation_types:
      requires: {label: requires, inverse: required by}
      made-by: {label: made by, inverse: makes, from: [technology], to: [organisation]}
      published-by: {label: published by, inverse: publishes, from: [source], to: [organisation]}
    """)

SOURCE = textwrap.dedent("""\
    ---
    title: An article
    type: source
    summary: The article everything cites.
    publisher: A publisher
    published: 2018-07
    url: https://example.org/article
    paragraphs: 10
    relations:
      - {type: published-by, target: acme, source: article#p1}
    ---
    The source.
    """)

ACME = textwrap.dedent("""\
    ---
    title: Acme
    type: organisation
    summary: A company.
    ---
    Acme makes things.
    """)


# Markup a contributor might write; every string must come out as the same text, and nothing may run.
PAYLOADS = [
    '<img src=x onerror="window.__pwned=1">"\'><script>window.__pwned=2</script>*md* {{ jinja }}',
    '<svg onload="window.__pwned=3"></svg></textarea></title></script><script>window.__pwned=4</script>',
    "javascript:window.__pwned=5",
    "[a link](javascript:window.__pwned=6) {% raw %}{{ config }}{% endraw %} \u202eevil\u200b",
]


def page(title: str, type_: str = "technology", relations: str = "", extra: str = "", body: str = "Prose.") -> str:
    """A valid page; `relations` is YAML for the list under 'relations:'."""
    rel = f"relations:\n{textwrap.indent(textwrap.dedent(relations), '  ')}\n" if relations else ""
    return f"---\ntitle: {title}\ntype: {type_}\nsummary: About {title}.\n{extra}{rel}---\n{body}\n"


def base_pages() -> dict[str, str]:
    return {"kb/article.md": SOURCE, "kb/acme.md": ACME}


def write_site(root: Path, pages: dict[str, str], schema: str = SCHEMA, plugin_options: str = "",
               extra_config: str = "") -> Path:
    """Write mkdocs.yml, docs/schema.yml, docs/index.md and `pages` (paths under docs/)."""
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "schema.yml").write_text(schema, encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\nA tiny atlas.\n", encoding="utf-8")
    for path, text in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    options = textwrap.indent(plugin_options, "      ") if plugin_options else ""
    (root / "mkdocs.yml").write_text(
        "site_name: Tiny atlas\n"
        "theme:\n  name: material\n  font: false\n  features: [navigation.instant]\n"
        f"plugins:\n  - search\n  - atlas:\n      schema: schema.yml\n{options}\n{extra_config}",
        encoding="utf-8")
    return root


def run(args: list[str], cwd: Path, *, new_process: bool = False, **env_vars: str) -> subprocess.CompletedProcess:
    """`args` in a process of its own, in `cwd`, with `env_vars` added to the environment. `python -m mkdocs`
    and `python -m graph` are forked from a process that imported them already (tools.forkserver), unless
    `new_process`, or the command sets its own hash seed or runs ProperDocs (which will not run where mkdocs
    is loaded)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore", **env_vars)
    if args[:2] == [sys.executable, "-m"] and args[2] in ("mkdocs", "graph") and not new_process \
            and "PYTHONHASHSEED" not in env_vars and "properdocs" not in args:
        from tools.forkserver import ForkServer

        return ForkServer.get().run(args[2], args[3:], cwd, env, timeout=300)
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=300)


def mkdocs_build(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site"), *extra], root)


def graph_process(root: Path, *args: str, new_process: bool = False) -> subprocess.CompletedProcess:
    """`python -m graph ARGS` in `root`, in a process of its own (a new one if `new_process`)."""
    return run([sys.executable, "-m", "graph", *args], root, new_process=new_process)


def graph_cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m graph ARGS` in `root`, run in this process: what it prints and its exit status, as from a
    process of its own, without the second it takes Python to start and import the pipeline (test_cli runs it
    in a process of its own too). An exception the command does not handle fails the test. `build` runs in a
    process of its own: the site's generators load themselves once per process, and a build forks."""
    if args[:1] == ("build",):
        return graph_process(root, *args)
    import contextlib
    import io
    import logging
    import warnings

    from graph.cli import main

    out, err, here = io.StringIO(), io.StringIO(), os.getcwd()
    root_logger, mkdocs_logger = logging.getLogger(), logging.getLogger("mkdocs")
    saved = root_logger.handlers[:], mkdocs_logger.handlers[:], mkdocs_logger.level
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root_logger.handlers[:] = []  # as in a new process: what nothing handles goes to stderr
        os.chdir(root)
        try:
            status = main(list(args))
        except SystemExit as stop:  # the argument parser's usage errors
            status = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
        finally:
            os.chdir(here)
            root_logger.handlers[:], mkdocs_logger.handlers[:] = saved[0], saved[1]
            mkdocs_logger.setLevel(saved[2])
    return subprocess.CompletedProcess([sys.executable, "-m", "graph", *args], status, out.getvalue(), err.getvalue())


def site_build(pages: dict[str, str], schema: str = SCHEMA, **options):
    """The one site build (as the plugin makes it) over `pages` (paths under docs/, with base_pages())."""
    from graph import site

    files = [site.PageFile(path, text.encode("utf-8")) for path, text in {**base_pages(), **pages}.items()]
    return site.SiteBuild(files, "docs", site.Options(**options), schema_text=schema)


def entity_page_html(build, node: str) -> str:
    """An entity page's content as the build assembles it: its prose converted, the generated head and
    sections joined by the site build, every slot filled."""
    import markdown

    from graph.render.entity import sections_html

    path = next(p for p, n in build.entity_pages.items() if n == node)
    parts = build.entity_parts(node)
    html_text = build.entity_page(path, parts, markdown.markdown(parts.body),
                                  lambda sections: sections_html(sections, set())[0])
    return build.fill_late(path, build.fill(path, html_text))


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def logged(out) -> list[str]:
    """The diagnostic lines MkDocs logged, as `python -m graph check` prints them."""
    return sorted(m.group(1) for m in re.finditer(r"(?:ERROR|WARNING) +- +graph: (docs/\S+:\d+: G\d+ .*)", out.stderr))


# Builds are stamped with this date (2021-05-04T00:00:00Z), not today's
EPOCH = "1620086400"


def build_strict(root: Path, site_dir: Path, site_url: str, **env_vars: str) -> Path:
    """`mkdocs build --strict` of the site at `root` for the address `site_url` (Material's instant
    navigation matches the sitemap's port), stamped with EPOCH."""
    out = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)], root,
              ATLAS_SITE_URL=site_url, SOURCE_DATE_EPOCH=EPOCH, **env_vars)
    assert out.returncode == 0, out.stderr[-3000:]
    return site_dir


# --- the graphs in a browser --------------------------------------------------------------------------

def hover(page, pos):
    page.mouse.move(pos["x"] - 3, pos["y"] - 3)
    page.mouse.move(pos["x"], pos["y"], steps=3)


def address(page) -> str:
    """The page's address as the document has it now. `page.url` follows the browser's navigation events,
    which may come after an in-page `history.replaceState` has returned (a failure in a clean-clone run)."""
    return page.evaluate("location.href")


def wait_drawn(page, count=1):
    page.wait_for_function(
        f"document.querySelectorAll('[data-atlas-drawn=\"true\"]').length === {count}", timeout=20_000)


def wait_centre(page, node):
    """After a navigation: the new page's graph, and only it, is drawn."""
    page.wait_for_function(
        "(id) => window.atlasGraphs.length === 1 && window.atlasGraphs[0].data.centre === id"
        " && window.atlasGraphs[0].drawn", arg=node, timeout=20_000)


def graph_state(page):
    return page.evaluate("""() => window.atlasGraphs.map(g => ({
        centre: g.data.centre, nodes: g.nodeView.length, edges: g.edgeView.length,
        canvases: g.container.querySelectorAll('canvas').length}))""")


def node_screen_position(page, node_id):
    """Where a node is drawn, in page coordinates."""
    page.evaluate("window.atlasGraphs[0].container.scrollIntoView({block: 'center'})")
    return page.evaluate("""(id) => {
        const g = window.atlasGraphs[0];
        const p = g.network.canvasToDOM(g.network.getPosition(id));
        const box = g.container.getBoundingClientRect();
        return {x: box.left + p.x, y: box.top + p.y};
    }""", node_id)


def hold_library(page):
    """Hold back the graph library on `page`; gives the function that lets it through, once it was asked for."""
    held = []
    page.route("**/vis-network.min.js", lambda route: held.append(route))

    def release():
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        assert held, "the library was never asked for"
        for route in held:
            route.continue_()
    return release


@contextlib.contextmanager
def serving(directory: Path, build):
    """A built site served on 127.0.0.1: `build(server)` writes it into `directory` for the server's address
    (Material's instant navigation matches the sitemap's port); the server stops however the test ends."""
    from tools.server import Server

    directory.mkdir(parents=True, exist_ok=True)
    server = Server(directory)
    try:
        build(server)
        yield server
    finally:
        server.close()


def start_server(command: list[str], root: Path, log, ready_url: str, ready_text: str):
    """A development server (`command` with PORT in it) on a port the system had free; a server cannot be
    handed a bound socket, so when another process took the port in between, it exits saying so and is
    started again on another. Returns (process, the ready URL with its port)."""
    import socket

    for _ in range(5):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        log.seek(0)
        log.truncate()
        process = subprocess.Popen([part.replace("PORT", str(port)) for part in command], cwd=root, stdout=log,
                                   stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        url = ready_url.replace("PORT", str(port))
        wait_for(lambda: ready_text in fetch(url) or process.poll() is not None, "the first build")
        if process.poll() is None:
            return process, url
        log.seek(0)
        assert "Address already in use" in log.read(), "the server stopped before serving"
    raise AssertionError("no free port for the server in five tries")


# --- the hostile site: markup a contributor might write, which must stay text or be removed --------

def yaml_quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def hostile_site(root: Path) -> Path:
    """A tiny site whose front matter and prose are full of markup that must stay text or be removed."""
    q = [yaml_quote(p) for p in PAYLOADS]
    evil = (f"---\ntitle: {q[0]}\ntype: technology\nsummary: {q[1]}\naliases: [{q[2]}, {q[3]}, {q[0]}, {q[1]}]\n"
            f"attributes:\n  size: {{value: {q[1]}, unit: {q[0]}, source: article#p1, note: {q[3]}}}\n"
            f"relations:\n  - {{type: made-by, target: acme, sources: [article#p2, article#modes], note: {q[1]}, since: '2016-10'}}\n---\n"
            "**Bold prose** and [a link](javascript:window.__pwned=7).\n\n"
            "<script>window.__pwned=8</script>\n\n<img src=\"data:,\" onerror=\"window.__pwned=9\">\n\n"
            "<form action=\"https://example.org\"><input></form><iframe src=\"javascript:1\"></iframe>\n")
    source = (f"---\ntitle: {q[1]}\ntype: source\nsummary: {q[0]}\npublisher: {q[0]}\npublished: 2018\nupdated: 2020-01\n"
              f"url: https://example.org/?q=%3Cscript%3E\nparagraphs: 10\nsections:\n  modes: {q[1]}\nrelations:\n"
              f"  - {{type: published-by, target: acme, source: article#p1}}\n---\nThe source.\n")
    # G023 rejects the hidden characters of the last payload; a site may lower it, and the page must
    # still show them as text, so this site ignores it
    # a page of every view kind: each shows the payloads of the fields it reads (titles, summaries, aliases,
    # attribute values, units and notes, relation notes and dates, publishers), and the options a page gives
    views = ("# Views\n\n<!-- atlas:glossary -->\n\n<!-- atlas:timeline -->\n\n<!-- atlas:sources -->\n\n"
             "<!-- atlas:changes\nfrom: 2015-01\n-->\n\n"
             "<!-- atlas:table\ntype: technology\nattributes: [size]\nrelations: [made-by]\ninverse: [requires]\n"
             "life: true\n-->\n\n<!-- atlas:table\ntype: organisation\ninverse: [made-by, published-by]\n-->\n\n"
             f"<!-- atlas:matrix\nrelations: {{made-by: {q[0]}}}\ncorner: {q[1]}\n-->\n\n"
             f"<!-- atlas:view\ntitle: {q[0]}\nlayers:\n  - [evil]\n  - [acme]\n-->\n\n<!-- atlas:typemap -->\n")
    write_site(root, {**base_pages(), "kb/evil.md": evil, "kb/article.md": source, "views.md": views},
               plugin_options="checks: {G023: ignore}", extra_config="site_url: !ENV ATLAS_SITE_URL\n")
    return root


def no_payload_ran(page) -> None:
    assert page.evaluate("window.__pwned === undefined"), page.url
    injected = page.evaluate("""() => [
        ...document.querySelectorAll('img[src="x"], svg[onload], iframe, [onerror], [onclick], [onmouseover]'),
        ...[...document.querySelectorAll('a[href]')].filter(a => /^\\s*(javascript|data):/i.test(a.getAttribute('href'))),
        ...[...document.querySelectorAll('script:not([src])')].filter(s => s.textContent.includes('__pwned')),
    ].map(e => e.outerHTML.slice(0, 120))""")
    assert injected == [], page.url
