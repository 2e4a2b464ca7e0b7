"""`python -m graph check | new | path | diff | export | build | stage`: the same pipeline as the site, from the command line.

Run from the repository root: the site is the one `mkdocs.yml` describes. Exit status: 0 clean,
1 problems found, 2 usage error (bad arguments, no mkdocs.yml, no graph plugin in it).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from dataclasses import dataclass
from typing import Any

from . import pipeline, site
from .report import format_github, format_json, format_text, severity_counts


class UsageError(Exception):
    pass


class Disabled(Exception):
    """The atlas plugin is off in mkdocs.yml (`enabled: false`): there is nothing of ours to check."""


@dataclass
class Site:
    """The site that mkdocs.yml describes, read and checked as `mkdocs build` would."""

    build: site.SiteBuild  # the one site build, as the plugin makes it
    prefix: str  # how diagnostics name the docs folder, e.g. 'docs/'
    config: Any = None  # MkDocs' configuration of the site
    files: Any = None  # the files a build would see (MkDocs' list after the other plugins' on_files)

    @property
    def result(self) -> pipeline.Result:
        return self.build.result


def generator(name: str = "") -> str:
    """The generator whose modules `mkdocs.*` imports load (see `graph._generator`)."""
    from . import _generator

    try:
        return _generator.use(name)
    except _generator.GeneratorMissing as exc:
        raise UsageError(str(exc)) from None


def mkdocs_config(config_file: str) -> tuple[Any, Any]:
    """The site's MkDocs configuration and the atlas plugin in it (found by its config class, so this
    module never imports the plugin)."""
    if not os.path.isfile(config_file):
        raise UsageError(f"{config_file} not found: run from the repository root or pass --config")
    generator()
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    from .config import GraphConfig

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        config = load_config(config_file)
    except (ConfigurationError, Abort) as exc:  # MkDocs has logged what is wrong
        raise UsageError(f"{config_file} is not a valid MkDocs configuration: {exc}") from None
    plugin = next((p for p in config.plugins.values() if isinstance(getattr(p, "config", None), GraphConfig)), None)
    if plugin is None:
        raise UsageError(f"{config_file} does not enable the graph plugin ('atlas' under 'plugins')")
    return config, plugin


def gather_files(config: Any, ours: Any) -> Any:
    """The files a build would see when our plugin's turn comes: MkDocs' own file list, then every other
    plugin's (and hooks') `on_files`, run as MkDocs runs them, after their `on_startup` and `on_config`."""
    from mkdocs.structure.files import get_files

    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    for method in config.plugins.events["files"]:
        if getattr(method, "__self__", None) is ours:  # where the build would hand them to us
            break
        files = method(files, config=config) or files
    return files


def read_site(config_file: str, doing: str = "check") -> Site:
    """The site's one build (`site.SiteBuild`), over the files the build itself would see."""
    config, plugin = mkdocs_config(config_file)
    if not plugin.config.enabled:
        raise Disabled(f"the atlas plugin is disabled in {config_file} ('enabled: false'): nothing to {doing}")
    files = gather_files(config, plugin)
    try:
        build = site.SiteBuild(files, config.docs_dir, plugin.config.options(), config.site_url,
                               config.use_directory_urls)
    except site.SiteError as exc:
        raise UsageError(str(exc)) from None
    finally:
        config.plugins.on_shutdown()
    return Site(build, site.docs_prefix(config.config_file_path, config.docs_dir), config, files)


def cmd_check(args: argparse.Namespace) -> int:
    checked = read_site(args.config)
    result, prefix = checked.result, checked.prefix
    diags = checked.build.diagnostics
    if args.format == "json":
        print(format_json(diags, prefix))
    else:
        fmt = format_github if args.format == "github" else format_text
        for d in diags:
            print(fmt(d, prefix))
    counts = severity_counts(diags)
    pages = sum(1 for n in result.G if not result.G.nodes[n]["missing"])
    print(f"{pages} pages, {result.G.number_of_edges()} relations: {counts['errors']} errors, "
          f"{counts['warnings']} warnings" + (f", {counts['notes']} notes" if counts["notes"] else ""), file=sys.stderr)
    return 1 if counts["errors"] or counts["warnings"] else 0  # a note (severity 'info') fails nothing


def cmd_path(args: argparse.Namespace) -> int:
    from .paths import resolve, shortest_paths, suggest

    result = read_site(args.config).result
    G = result.G
    ends = []
    for name in (args.start, args.end):
        node = resolve(G, name)
        if node is None:
            raise UsageError(f"no entity is called {name!r} ({suggest(G, name)})")
        ends.append(node)
    paths = shortest_paths(G, ends[0], ends[1], limit=args.limit)
    if ends[0] == ends[1]:
        print(f"{name!r} is the same entity at both ends")
        return 0
    if not paths:
        print(f"no path links {G.nodes[ends[0]]['entity'].title} and {G.nodes[ends[1]]['entity'].title}")
        return 1
    hops = len(paths[0])
    print(f"{len(paths)} shortest path{'s' if len(paths) > 1 else ''} of {hops} step{'s' if hops > 1 else ''}:")
    for i, path in enumerate(paths, 1):
        print(f"\n{i}.")
        for step in path:
            cites = ", ".join(str(c) for c in step.citations) or "uncited"
            print(f"   {step.sentence(G, result.schema)} [{cites}]")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    checked = read_site(args.config)
    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    written = checked.build.exports(args.base)
    for name, text in written.items():
        (out / name).write_text(text, encoding="utf-8")
    print(f"wrote {', '.join(written)} to {out}", file=sys.stderr)
    return 1 if checked.build.errors else 0


def cmd_diff(args: argparse.Namespace) -> int:
    """What the graph gained, lost and changed from one git ref to another (see graph.diff, graph.review)."""
    from . import diff, review

    try:
        base = review.snapshot_at(args.base, args.config)
        head = review.snapshot_at(args.head, args.config)
    except review.ReviewError as exc:
        raise UsageError(str(exc)) from None
    found = diff.diff_graphs(base.result.G, head.result.G, head.result.schema, base.name, head.name)
    found.problems = {"base": base.problems(), "head": head.problems()}
    if args.format == "json":
        print(diff.format_json(found, head.page_of, head.prefix), end="")
    elif args.format == "markdown":
        print(diff.format_markdown(found, head.page_of, args.site_url, args.artifact_url, head.prefix), end="")
    else:
        print(diff.format_text(found, head.prefix), end="")
    return 1 if args.exit_code and found else 0


def new_page(schema, type_id: str, title: str, relation_hint: str = "") -> str:
    """The front matter skeleton of a new page of `type_id`, with what to fill in as comments."""
    import json

    example = next((r for r in schema.relation_types.values() if r.sources and type_id in r.sources), None) or \
        next(iter(schema.relation_types.values()), None)
    target_hint = f", a page of type {' or '.join(example.targets)}" if example and example.targets else ""
    lines = [
        "---",
        f"title: {json.dumps(title)}",
        f"type: {type_id}",
        "summary: TODO one plain-text sentence that says what this is.",
        "aliases: []  # other names readers may search for",
    ]
    if type_id == "source":
        lines += ["publisher: TODO",
                  "published: 'TODO'  # the date the document shows: YYYY, YYYY-MM or YYYY-MM-DD",
                  "updated: 'TODO'  # its last update, where it shows one; else remove this line",
                  "url: https://TODO",
                  "sections:  # the places facts cite: locator: the heading as the document shows it",
                  "  TODO-section: TODO heading"]
    lines += [
        "attributes:",
        "  # name: {value: ..., unit: ..., source: source-id#locator}",
        "relations:",
        f"  - type: {example.id if example else 'TODO'}",
        f"    target: TODO  # the id (file name) of another page{target_hint}",
        "    source: TODO  # source-id#locator: the paragraph or section that says so",
        "---",
        "TODO: 120 to 400 words in our own words: what it is, why it matters here, how it relates to its",
        "neighbours, and what changed over time.",
        "",
    ]
    return "\n".join(lines)


def cmd_new(args: argparse.Namespace) -> int:
    from .load import SLUG, slugify
    from .model import closest
    from .schema import parse_schema

    config, plugin = mkdocs_config(args.config)
    options = plugin.config.options()
    root, prefix = Path(config.docs_dir), site.docs_prefix(config.config_file_path, config.docs_dir)
    try:
        schema, _ = parse_schema(site.read_schema(config.docs_dir, options), options.schema)
    except site.SiteError as exc:
        raise UsageError(str(exc)) from None
    if args.type not in schema.entity_types:
        near = closest(args.type, schema.entity_types)
        hint = f"did you mean {near!r}?" if near else "types: " + ", ".join(schema.entity_types)
        raise UsageError(f"unknown entity type {args.type!r} ({hint})")
    page_id = args.id or slugify(args.title)
    if not SLUG.match(page_id):
        raise UsageError(f"{page_id!r} is not a valid id: use lowercase letters, digits and single hyphens")
    target = root / options.entities_dir / args.type / f"{page_id}.md"
    existing = [p for p in (root / options.entities_dir).rglob(f"{page_id}.md")]
    if existing:
        raise UsageError(f"{prefix}{existing[0].relative_to(root).as_posix()} already has the id {page_id!r}; "
                         "pass --id to choose another")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(new_page(schema, args.type, args.title), encoding="utf-8")
    shown = prefix + target.relative_to(root).as_posix()
    print(shown)
    print(f"wrote {shown}: fill in every TODO (summary, relations with their sources, the prose),\n"
          f"then run 'python -m graph check' until it prints nothing.", file=sys.stderr)
    return 0


def read_stage(config_file: str, strict: bool = True) -> tuple[Any, dict[str, bytes], Site]:
    """The MkDocs configuration and every file of the staged docs folder (`graph.stage`), from the one
    site build over the files a build would see. The checks come first, their lines printed: Problems
    when they find an error, or a warning when `strict` (as `check` and a strict build fail)."""
    from .stage import files_to_stage

    checked = read_site(config_file, "stage")
    for d in checked.build.diagnostics:
        print(format_text(d, checked.prefix), file=sys.stderr)
    counts = severity_counts(checked.build.diagnostics)
    failing = counts["errors"] + (counts["warnings"] if strict else 0)
    if failing:
        raise Problems(f"{failing} problems: nothing staged")
    return checked.config, files_to_stage(checked.build, list(checked.files)), checked


class Problems(Exception):
    """The checks found errors (printed already): the step fails with exit status 1."""


def cmd_stage(args: argparse.Namespace) -> int:
    """Write the staged site: OUT/docs (every page, data file and asset) and OUT/zensical.yml; with
    --serve, serve it with Zensical and stage it again on every edit of the sources (see `graph.zensical`)."""
    from . import zensical

    out = Path(args.output).resolve()
    zensical.stage_into(args.config, out, strict=not args.serve)  # a server goes on with warnings, as `mkdocs serve` does
    print(f"staged {out / zensical.STAGE_DOCS}; build it with: zensical build -f {out / zensical.ZENSICAL_CONFIG}",
          file=sys.stderr)
    return zensical.serve_staged(args.config, out, args.dev_addr) if args.serve else 0


def swap_in(target: Path, build_into) -> int:
    """Build with `build_into(folder)` into a new folder beside `target` and swap it in only when the
    build succeeded (`build_into` raises BuildFailed); a failed build leaves `target` as it was."""
    import shutil
    import tempfile

    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f"{target.name}.build.", dir=target.parent))
    try:
        build_into(tmp)
    except BuildFailed as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"error: the build failed, {target} is left as it was: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = target.with_name(f"{target.name}.old.{os.getpid()}")
    if target.exists():
        target.rename(old)
    tmp.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site written to {target}", file=sys.stderr)
    return 0


class BuildFailed(Exception):
    pass


def cmd_build(args: argparse.Namespace) -> int:
    """Build into a new folder beside the site and swap it in only when the build succeeded."""
    if not os.path.isfile(args.config):
        raise UsageError(f"{args.config} not found: run from the repository root or pass --config")
    if args.generator == "zensical":
        from . import zensical

        return zensical.build(args)
    generator(args.generator)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def build_into(folder: Path) -> None:
        try:
            build(load_config(args.config, site_dir=str(folder), strict=args.strict))
        except (MkDocsException, OSError) as exc:
            raise BuildFailed(str(exc)) from None

    return swap_in(Path(args.site_dir or load_config(args.config).site_dir).resolve(), build_into)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph", description=__doc__.split("\n")[0])
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every page and print each problem as path:line: CODE message")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text (default), GitHub annotations, or JSON")
    check.set_defaults(run=cmd_check)
    path = sub.add_parser("path", help="how two entities are connected: the shortest typed paths, cited")
    path.add_argument("start", help="an id, title or alias")
    path.add_argument("end", help="an id, title or alias")
    path.add_argument("--limit", type=int, default=10, help="at most this many paths (default: %(default)s)")
    path.set_defaults(run=cmd_path)
    exp = sub.add_parser("export", help="write graph.json, graph.graphml, graph.ttl and graph.jsonld")
    exp.add_argument("--output", "-o", default=".", help="folder to write to (default: current)")
    exp.add_argument("--base", default="", help="the base of the RDF IRIs (default: mkdocs.yml's site_url, else "
                     f"{site.DEFAULT_SITE_URL})")
    exp.set_defaults(run=cmd_export)
    dif = sub.add_parser("diff", help="what the graph gained, lost and changed between two git refs, with citations")
    dif.add_argument("base", help="a git ref, e.g. main or HEAD~1")
    dif.add_argument("head", nargs="?", default=None, help="a git ref (default: the working tree)")
    dif.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                     help="text (default), markdown for a job summary, or JSON")
    dif.add_argument("--site-url", default="", help="markdown: link each entity to its page under this address")
    dif.add_argument("--artifact-url", default="", help="markdown: where the built site can be downloaded")
    dif.add_argument("--exit-code", action="store_true", help="exit with 1 when the graph changed, as git diff does")
    dif.set_defaults(run=cmd_diff)
    new = sub.add_parser("new", help="write a new page with the front matter skeleton of a type")
    new.add_argument("type", help="an entity type of the schema, e.g. container-runtime")
    new.add_argument("title", help="the page's title, e.g. \"Docker Engine\"")
    new.add_argument("--id", default="", help="the id (file name); default: made from the title")
    new.set_defaults(run=cmd_new)
    bld = sub.add_parser("build", help="build the site; a failed build leaves the previous site as it was")
    bld.add_argument("--site-dir", "-d", default="", help="where to write the site (default: mkdocs.yml's site_dir)")
    bld.add_argument("--no-strict", dest="strict", action="store_false", help="do not fail on warnings")
    bld.add_argument("--generator", choices=("mkdocs", "properdocs", "zensical"), default="",
                     help="the generator (default: MkDocs, else ProperDocs where only it is installed); zensical "
                          "builds the staged site (see 'stage')")
    bld.add_argument("--stage-dir", default=".atlas-stage", help="zensical: where the staged site is written "
                     "(default: %(default)s)")
    bld.set_defaults(run=cmd_build)
    stg = sub.add_parser("stage", help="write the site as a docs folder any generator builds (for Zensical), "
                         "after the checks")
    stg.add_argument("output", help="the staging folder: OUT/docs and OUT/zensical.yml are written")
    stg.add_argument("--serve", action="store_true", help="serve the staged site with Zensical and stage it "
                     "again on every edit")
    stg.add_argument("--dev-addr", default="127.0.0.1:8000", help="--serve: the address (default: %(default)s)")
    stg.set_defaults(run=cmd_stage)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return 2 if exc.code else 0
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Problems as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except Disabled as exc:
        print(f"{exc}", file=sys.stderr)
        return 0
    except KeyboardInterrupt:
        return 130
