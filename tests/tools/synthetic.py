"""Synthetic knowledge bases of N entities, for benchmarks and scale tests.

Valid pages for the real schema: a realistic mix of types, about two relations per entity with a
heavy-tailed degree distribution (preferential attachment), citations of a synthetic source, and
some prose. The same seed gives the same pages, byte for byte.

    python -m tools.synthetic 1000 /tmp/kb1000      # writes mkdocs.yml, docs/schema.yml, docs/kb/...
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from graph.model import Schema
from graph.build import DERIVED
from graph.schema import allows, parse_schema

WORDS = ("container kernel image runtime host isolation service cluster release channel preview "
         "network storage process namespace group memory limit scheduler node pod registry layer "
         "build deploy update version platform cloud virtual machine hypervisor partition mode").split()
TYPE_WEIGHTS = {"component": 5, "container-runtime": 2, "cloud-service": 3, "release": 3, "base-image": 2,
                "os-feature": 3, "concept": 2, "orchestrator": 1, "platform": 1, "organisation": 2,
                "operating-system": 1, "isolation-mode": 1, "virtualization": 1, "programme": 1,
                "execution-mode": 1}
GENERIC = ("requires", "uses", "supports")
SOURCE_ID = "synthetic-source"
PARAGRAPHS = 40


def _sentence(rnd: random.Random, n: int) -> str:
    words = [rnd.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(n: int, schema: Schema, seed: int = 7, relations_per_entity: int = 2) -> dict[str, str]:
    """Pages (path under docs/ -> text) of a knowledge base with `n` entities plus one source."""
    rnd = random.Random(seed)
    types = [t for t in TYPE_WEIGHTS if t in schema.entity_types]
    weights = [TYPE_WEIGHTS[t] for t in types]
    ids: list[str] = []
    kinds: list[str] = []
    targets_pool: list[int] = []  # each index appears once per relation it has: preferential attachment
    relations: list[list[tuple[str, str, int]]] = []
    # not the relations that date an entity (introduced-in, removed-in): drawn at random they would give
    # lives that end before they start, which the real site's checks refuse
    specific = [r for r in schema.relation_types.values()
                if r.id not in GENERIC and r.id not in ("published-by", *dict(DERIVED).values())]
    for i in range(n):
        etype = rnd.choices(types, weights)[0]
        ids.append(f"{etype}-{i:05d}")
        kinds.append(etype)
        relations.append([])
        if i == 0:
            targets_pool.append(0)
            continue
        wanted = min(i, max(1, int(rnd.expovariate(1 / relations_per_entity) + 0.5)))
        chosen: set[int] = set()
        for _ in range(wanted * 4):
            if len(chosen) >= wanted:
                break
            j = rnd.choice(targets_pool) if rnd.random() < 0.8 else rnd.randrange(i)
            if j in chosen:
                continue
            options = [r.id for r in specific if allows(r, etype, kinds[j])]
            rtype = rnd.choice(options) if options and rnd.random() < 0.5 else rnd.choice(GENERIC)
            chosen.add(j)
            relations[i].append((rtype, ids[j], rnd.randint(1, PARAGRAPHS)))
            targets_pool.append(j)
        targets_pool.extend([i] * max(1, len(chosen)))
    lives = _lifespans(kinds, schema, seed)
    pages = {f"kb/source/{SOURCE_ID}.md": (
        f"---\ntitle: Synthetic source\ntype: source\nsummary: The source every synthetic fact cites.\n"
        f"publisher: Container Atlas\npublished: '2026'\nurl: https://example.org/synthetic\nparagraphs: {PARAGRAPHS}\n---\nA made-up source.\n")}
    index = {eid: i for i, eid in enumerate(ids)}
    for i, eid in enumerate(ids):
        title = " ".join(w.capitalize() for w in eid.split("-")[:-1]) + f" {i}"
        lines = [f"---\ntitle: {title}\ntype: {kinds[i]}\nsummary: {_sentence(rnd, 12)}",
                 f"aliases: [{kinds[i][:3].upper()}{i}]",
                 f"attributes:\n  size: {{value: {rnd.randint(1, 9000)}, unit: MB, source: {SOURCE_ID}#p{rnd.randint(1, PARAGRAPHS)}}}"]
        etype = schema.entity_types[kinds[i]]
        for names, month in ((etype.start, lives[i][0]), (etype.end, lives[i][1])):
            if names and month is not None:
                lines.append(f"  {names[0]}: {{value: '{_month(month)}', source: {SOURCE_ID}#p{1 + month % PARAGRAPHS}}}")
        if relations[i]:
            lines.append("relations:")
            for rtype, target, paragraph in relations[i]:
                j = index[target]
                since = _since(lives[i], lives[j], paragraph)
                dated = f", since: '{_month(since)}'" if since is not None else ""
                lines.append(f"  - {{type: {rtype}, target: {target}, source: {SOURCE_ID}#p{paragraph}{dated}}}")
        body = "\n\n".join(" ".join(_sentence(rnd, rnd.randint(8, 16)) for _ in range(4)) for _ in range(3))
        pages[f"kb/{kinds[i]}/{eid}.md"] = "\n".join(lines) + "\n---\n" + body + "\n"
    return pages


FIRST_MONTH, LAST_MONTH = 2008 * 12, 2026 * 12 + 5  # January 2008 to June 2026


def _lifespans(kinds: list[str], schema: Schema, seed: int) -> list[tuple[int | None, int | None]]:
    """(start, end) months per entity, from a stream of its own (the rest of the pages stay as they
    were): nearly every entity of a type with a start gets one (as on the real site), a quarter of those an end too."""
    rnd = random.Random(seed * 7919 + 1)
    out: list[tuple[int | None, int | None]] = []
    for kind in kinds:
        etype = schema.entity_types[kind]
        start = end = None
        if etype.start and rnd.random() < 0.95:
            start = rnd.randint(FIRST_MONTH, LAST_MONTH)
            if etype.end and rnd.random() < 0.25:
                end = start + rnd.randint(12, 96)
                end = end if end <= LAST_MONTH else None
        out.append((start, end))
    return out


def _since(a: tuple[int | None, int | None], b: tuple[int | None, int | None], salt: int) -> int | None:
    """A relation's start for one relation in six, within both ends' lives."""
    if salt % 6:
        return None
    since = max([FIRST_MONTH] + [s for s, _ in (a, b) if s is not None]) + salt % 24
    ends = [e for _, e in (a, b) if e is not None]
    return since if since <= LAST_MONTH and all(since <= e for e in ends) else None


def _month(month: int) -> str:
    return f"{month // 12:04d}-{month % 12 + 1:02d}"


MKDOCS_YML = """site_name: Synthetic atlas
site_url: http://127.0.0.1:8000/
theme:
  name: material
  font: false
  features: [navigation.instant]
plugins:
  - search
  - atlas:
      schema: schema.yml
      checks: {G207: ignore, G213: ignore}  # a few are left undated on purpose
"""


BASELINES = ("graph", "plain", "bare")


def write_site(root: Path, n: int, schema_file: Path, seed: int = 7, kind: str = "graph") -> Path:
    """Write a whole site of `n` synthetic entities at `root` (mkdocs.yml, docs/).

    `kind`: "graph", with the graph plugin; "plain", the same pages built by MkDocs alone, with
    the same navigation: a hand-written index page per type (a list of links to its entities) and
    a page of the same title for each other page the plugin adds to the nav; "bare", the same
    entity pages alone, outside the nav, with nothing to reach them by."""
    if kind not in BASELINES:
        raise ValueError(f"kind must be one of {BASELINES}")
    schema_text = schema_file.read_text(encoding="utf-8")
    schema, _ = parse_schema(schema_text, "schema.yml")
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "schema.yml").write_text(schema_text, encoding="utf-8")
    (docs / "index.md").write_text(f"# Synthetic atlas\n\n{n} generated entities.\n", encoding="utf-8")
    pages = generate(n, schema, seed)
    for path, text in pages.items():
        target = docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    if kind == "plain":
        for path, text in plain_nav_pages(pages, schema).items():
            target = docs / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    config = MKDOCS_YML if kind == "graph" else MKDOCS_YML.split("  - atlas:")[0] + "not_in_nav: /kb/\n"
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root


def plain_nav_pages(pages: dict[str, str], schema: Schema) -> dict[str, str]:
    """The pages a plain MkDocs site of the same entities would need in its nav, as the plugin
    names them: an index per type listing its entities, and the other overview pages."""
    members: dict[str, list[tuple[str, str]]] = {t: [] for t in schema.entity_types}
    for path, text in pages.items():
        front = text.split("---\n")[1]
        title = next(line[7:] for line in front.splitlines() if line.startswith("title: "))
        kind = next(line[6:] for line in front.splitlines() if line.startswith("type: "))
        members.setdefault(kind, []).append((title, path))
    out = {}
    for tid, t in schema.entity_types.items():
        links = "".join(f"- [{title}](../{path})\n" for title, path in sorted(members.get(tid, []),
                                                                                key=lambda m: m[0].casefold()))
        out[f"types/{tid}.md"] = f"# {t.plural}\n\n{t.description}\n\n{links}"
    for path, title in (("graph.md", "Graph"), ("connections.md", "Connections"), ("facets.md", "Find by property"),
                        ("reference/schema.md", "Schema"), ("reference/checks.md", "Checks")):
        out[path] = f"# {title}\n\nA page of the same name as the one the graph plugin writes.\n"
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[0].isdigit():
        print("usage: python -m tools.synthetic N FOLDER", file=sys.stderr)
        return 2
    schema_file = Path(__file__).resolve().parents[2] / "docs" / "schema.yml"
    write_site(Path(argv[1]), int(argv[0]), schema_file)
    print(f"wrote {argv[0]} entities to {argv[1]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
