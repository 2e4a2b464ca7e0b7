"""`python -m graph diff`: a two-commit repository in, the graph's changes out, line for line, in each format."""

import json
import subprocess

import pytest

from helpers import SCHEMA, base_pages, graph_cli, page, write_site
from graph import pipeline
from graph.diff import diff_graphs, format_markdown, format_text, md

R = "- {type: made-by, target: acme, source: article#p2}"

BEFORE = {
    "kb/x.md": page("X", extra="attributes:\n  released: {value: '2016', source: article#p1}\n"
                               "  size: {value: 3, unit: MB, source: article#p1}\n",
                    relations="- {type: made-by, target: acme, source: article#p2, since: '2016'}\n"
                              "- {type: requires, target: a, source: article#p4}"),
    "kb/a.md": page("A", relations=R),
    "kb/b.md": page("B", relations=R),
}
AFTER = {
    # the release date changed, the size now cites paragraph 2, requires a is now requires b, made by since 2017
    "kb/x.md": page("X", extra="attributes:\n  released: {value: '2017-03', source: article#p1}\n"
                               "  size: {value: 3, unit: MB, source: article#p2}\n",
                    relations="- {type: made-by, target: acme, source: article#p2, since: '2017'}\n"
                              "- {type: requires, target: b, source: article#p4}"),
    "kb/a.md": page("A", relations=R),
    "kb/b.md": page("B", relations=R),
    # a new entity
    "kb/y.md": page("Y", extra="aliases: [Why]\n", relations="- {type: requires, target: x, source: article#p5}"),
}


def git(root, *args):
    subprocess.run(["git", "-c", "user.name=Atlas test", "-c", "user.email=test@example.org", *args], cwd=root,
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A site in a git repository with two commits: BEFORE, then AFTER."""
    write_site(tmp_path, {**base_pages(), **BEFORE})
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "before")
    (tmp_path / "docs/kb/y.md").write_text(AFTER["kb/y.md"], encoding="utf-8")
    (tmp_path / "docs/kb/x.md").write_text(AFTER["kb/x.md"], encoding="utf-8")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "after")
    return tmp_path


TEXT = """\
X (x), changed: docs/kb/x.md
  changed: released 2016 → 2017-03 (its start) [article#p1]
  citation moved: size 3 MB [article#p1 → article#p2]
  changed: made by Acme: since 2016 → since 2017 [article#p2]
  retargeted: requires A → requires B [article#p4]
Y (y), added: docs/kb/y.md
  added: technology 'Y': About Y.
  added: alias 'Why'
  added: requires X [article#p5]
Sources whose locators gained or lost citations:
  article#p1:
    lost: X: size 3 MB
  article#p2:
    gained: X: size 3 MB
  article#p4:
    gained: X: requires B
    lost: X: requires A
  article#p5:
    gained: Y: requires X
2 entities (1 added, 1 changed, 0 removed), 7 facts; citations changed at 4 locators of 1 source
"""

MARKDOWN = """\
### What this change does to the knowledge graph

2 entities \\(1 added, 1 changed, 0 removed\\), 7 facts; citations changed at 4 locators of 1 source (HEAD\\~1 → HEAD)

#### X (`x`), changed

`docs/kb/x.md`, page `kb/x/index.html`

- **changed**: released 2016 → 2017\\-03 \\(its start\\) \\[`article#p1`\\]
- **citation moved**: size 3 MB \\[`article#p1` → `article#p2`\\]
- **changed**: made by Acme: since 2016 → since 2017 \\[`article#p2`\\]
- **retargeted**: requires A → requires B \\[`article#p4`\\]

#### Y (`y`), added

`docs/kb/y.md`, page `kb/y/index.html`

- **added**: technology 'Y': About Y\\.
- **added**: alias 'Why'
- **added**: requires X \\[`article#p5`\\]

#### Sources whose locators gained or lost citations

- `article#p1`: lost X: size 3 MB
- `article#p2`: gained X: size 3 MB
- `article#p4`: gained X: requires B; lost X: requires A
- `article#p5`: gained Y: requires X
"""


def change(verb, kind, fact, citations, line, before=(), path="docs/kb/x.md"):
    return {"verb": verb, "kind": kind, "fact": fact, "citations": list(citations),
            "before_citations": list(before), "path": path, "line": line}


JSON = {
    "base": "HEAD~1", "head": "HEAD", "summary": {"added": 1, "removed": 0, "changed": 1, "locators": 4},
    "problems": {"base": {"errors": 0, "warnings": 0}, "head": {"errors": 0, "warnings": 0}},
    "entities": [
        {"id": "x", "title": "X", "type": "technology", "status": "changed", "path": "docs/kb/x.md", "page": "kb/x/",
         "changes": [change("changed", "attribute", "released 2016 → 2017-03 (its start)", ["article#p1"], 6),
                     change("citation moved", "attribute", "size 3 MB", ["article#p2"], 7, ["article#p1"]),
                     change("changed", "relation", "made by Acme: since 2016 → since 2017", ["article#p2"], 9),
                     change("retargeted", "relation", "requires A → requires B", ["article#p4"], 10)]},
        {"id": "y", "title": "Y", "type": "technology", "status": "added", "path": "docs/kb/y.md", "page": "kb/y/",
         "changes": [change("added", "entity", "technology 'Y': About Y.", [], 3, path="docs/kb/y.md"),
                     change("added", "field", "alias 'Why'", [], 5, path="docs/kb/y.md"),
                     change("added", "relation", "requires X", ["article#p5"], 7, path="docs/kb/y.md")]},
    ],
    "locators": [{"citation": "article#p1", "gained": [], "lost": ["X: size 3 MB"]},
                 {"citation": "article#p2", "gained": ["X: size 3 MB"], "lost": []},
                 {"citation": "article#p4", "gained": ["X: requires B"], "lost": ["X: requires A"]},
                 {"citation": "article#p5", "gained": ["Y: requires X"], "lost": []}],
}


@pytest.mark.parametrize("fmt, expected", [
    ("text", TEXT),
    ("markdown", MARKDOWN),
    ("json", json.dumps(JSON, indent=1, ensure_ascii=False) + "\n"),
])
def test_two_commits_line_for_line(repo, fmt, expected):
    out = graph_cli(repo, "diff", "HEAD~1", "HEAD", "--format", fmt)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == expected.splitlines()


def test_head_defaults_to_the_working_tree(repo):
    (repo / "docs/kb/b.md").write_text(page("B", relations=R + "\n- {type: requires, target: a, source: article#p3}"),
                                       encoding="utf-8")
    out = graph_cli(repo, "diff", "HEAD")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [
        "B (b), changed: docs/kb/b.md",
        "  added: requires A [article#p3]",
        "Sources whose locators gained or lost citations:",
        "  article#p3:",
        "    gained: B: requires A",
        "1 entity (0 added, 1 changed, 0 removed), 1 fact; citations changed at 1 locator of 1 source",
    ]
    assert graph_cli(repo, "diff", "HEAD", "--format", "markdown").stdout.startswith(
        "### What this change does to the knowledge graph\n\n1 entity \\(0 added, 1 changed, 0 removed\\), 1 fact; "
        "citations changed at 1 locator of 1 source (HEAD → the working tree)\n")


def test_exit_codes(repo, tmp_path_factory):
    assert graph_cli(repo, "diff", "HEAD", "HEAD", "--exit-code").returncode == 0  # no change
    same = graph_cli(repo, "diff", "HEAD", "HEAD")
    assert same.stdout == "no change to the knowledge graph from HEAD to HEAD\n"
    assert graph_cli(repo, "diff", "HEAD~1", "--exit-code").returncode == 1  # changed, as git diff --exit-code
    assert graph_cli(repo, "diff", "HEAD~1").returncode == 0
    bad = graph_cli(repo, "diff", "no-such-ref")
    assert bad.returncode == 2 and bad.stderr.startswith("error: 'no-such-ref' is not a commit here")
    assert "Traceback" not in bad.stderr
    assert graph_cli(repo, "diff").returncode == 2  # BASE is required
    outside = tmp_path_factory.mktemp("not-a-repository")
    write_site(outside, base_pages())
    out = graph_cli(outside, "diff", "HEAD")
    assert out.returncode == 2 and "not a git repository" in out.stderr.lower()


def test_a_ref_without_the_site_is_a_usage_error(repo):
    git(repo, "checkout", "-q", "--orphan", "empty")
    git(repo, "rm", "-rq", "--cached", ".")
    git(repo, "commit", "-q", "--allow-empty", "-m", "nothing")
    out = graph_cli(repo, "diff", "empty", "main")
    assert out.returncode == 2 and out.stderr == "error: empty has no mkdocs.yml in this folder\n"


def test_a_page_that_cannot_be_read_is_said_to_be_why_it_vanished(repo):
    (repo / "docs/kb/b.md").write_text("---\ntitle: B\n", encoding="utf-8")
    out = graph_cli(repo, "diff", "HEAD")
    assert out.stdout.splitlines()[0] == (
        "warning: the working tree has 2 errors (run 'python -m graph check'): a page that cannot be read is "
        "missing from its graph and shows here as removed or added")
    assert "B (b), removed: docs/kb/b.md" in out.stdout


def hostile_diff():
    base = pipeline.run(base_pages().items(), SCHEMA, "schema.yml")
    head = pipeline.run({**base_pages(), "kb/x.md": page('"runc\\u202Egnp.exe [ok](https://e.org) <b>@team"',
                                                        relations=R)}.items(), SCHEMA, "schema.yml")
    return diff_graphs(base.G, head.G, head.schema, "main", "HEAD")


def test_contributor_text_cannot_hide_or_fake_anything_in_a_summary():
    text = format_markdown(hostile_diff())
    assert "\u202e" not in text
    assert "runc<U+202E>gnp.exe [ok](https://e.org) <b>@team (x), added" in format_text(hostile_diff())
    assert "#### runc&lt;U+202E&gt;gnp\\.exe \\[ok\\]\\(https://e\\.org\\) &lt;b\\>&#64;team (`x`), added" in text
    assert md("# all checks passed\n- [x] done") == "\\# all checks passed \\- \\[x\\] done"


def test_markdown_links_pages_in_the_built_site():
    d = hostile_diff()
    text = format_markdown(d, lambda path: "kb/x/", site_url="https://preview.example.org/",
                           artifact_url="https://example.org/artifacts/1")
    assert "The built site is the [site artifact](https://example.org/artifacts/1)" in text
    assert "#### [runc&lt;U+202E&gt;gnp\\.exe" in text and "](https://preview.example.org/kb/x/) (`x`), added" in text
