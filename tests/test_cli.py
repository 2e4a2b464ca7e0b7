"""`python -m graph check`: every problem in one run, compiler-style, no traceback."""

import json

from helpers import graph_cli, graph_process, page


def test_clean_site(site):
    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")})
    out = graph_cli(root, "check")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "4 pages" not in out.stderr and "0 errors, 0 warnings" in out.stderr


def test_every_mistake_one_line_each(site):
    root = site({
        "kb/bad-yaml.md": "---\ntitle: X\ntype: t\nsummary: a: b\n---\n",
        "kb/no-summary.md": "---\ntitle: X\ntype: technology\n---\n",
        "kb/unknown.md": page("U", type_="widget", relations="- {type: needs, target: acme, source: article#p1}"),
        "kb/dangling.md": page("D", relations="- {type: requires, target: powershel, source: article#p1}"),
        "kb/powershell.md": page("P", relations="- {type: made-by, target: acme, source: nowhere#p1}"),
        "kb/zdup.md": page("Dup", extra="id: powershell\n"),
    })
    out = graph_process(root, "check", new_process=True)  # as a contributor runs it
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    assert out.stdout.splitlines() == [
        "docs/kb/bad-yaml.md:4: G004 YAML syntax error: mapping values are not allowed in this context (check the "
        "indentation and quote values that contain ': ' or start with a special character)",
        "docs/kb/dangling.md:6: G201 relation 'requires' points to 'powershel', which no page declares "
        "(did you mean 'powershell'?)",
        "docs/kb/no-summary.md:2: G010 required field 'summary' is missing or empty (add 'summary: ...')",
        "docs/kb/powershell.md:6: G203 citation 'nowhere#p1' names a source no page declares (cite a source page: 'article')",
        "docs/kb/unknown.md:3: G101 unknown entity type 'widget' (use one of: organisation, source, technology)",
        "docs/kb/unknown.md:6: G102 unknown relation type 'needs' (use one of: made-by, published-by, requires)",
        "docs/kb/zdup.md:5: G202 id 'powershell' is already declared by kb/powershell.md "
        "(give this page another id (file name or 'id:'))",
    ]


def test_github_and_json_formats(site):
    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acmee, source: article#p2}")})
    gh = graph_cli(root, "check", "--format", "github")
    assert gh.returncode == 1
    assert gh.stdout.startswith("::error file=docs/kb/x.md,line=6,title=G201::G201 relation 'made-by' points to 'acmee'")
    js = graph_cli(root, "check", "--format", "json")
    assert json.loads(js.stdout)[0] == {"path": "docs/kb/x.md", "line": 6, "code": "G201", "severity": "error",
                                        "message": "relation 'made-by' points to 'acmee', which no page declares",
                                        "hint": "did you mean 'acme'?"}


def test_usage_errors(tmp_path):
    out = graph_process(tmp_path, "check")
    assert out.returncode == 2 and "mkdocs.yml not found" in out.stderr
    wrong = graph_process(tmp_path, "nonsense")
    assert wrong.returncode == 2 and "invalid choice: 'nonsense'" in wrong.stderr and "check" in wrong.stderr
    assert graph_cli(tmp_path, "path", "only-one").returncode == 2  # a command missing an argument


def test_export(site):
    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")})
    out = graph_cli(root, "export", "-o", "out")
    assert out.returncode == 0, out.stderr
    data = json.loads((root / "out" / "graph.json").read_text())
    assert (root / "out" / "graph.ttl").read_text().startswith("@prefix atlas: <http://127.0.0.1:8000/schema/> .")
    assert json.loads((root / "out" / "graph.jsonld").read_text())["@context"]["entity"] == "http://127.0.0.1:8000/id/"
    assert {n["id"] for n in data["nodes"]} == {"x", "acme", "article"}


def test_new_writes_a_skeleton_that_check_then_points_at(site):
    root = site({})
    out = graph_cli(root, "new", "technology", "Linux <Containers>")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "docs/kb/technology/linux-containers.md\n"
    text = (root / "docs/kb/technology/linux-containers.md").read_text()
    assert text.startswith('---\ntitle: "Linux <Containers>"\ntype: technology\n')
    check = graph_cli(root, "check")
    assert check.returncode == 1
    assert "docs/kb/technology/linux-containers.md:4: G018 a placeholder is left to fill in" in check.stdout
    again = graph_cli(root, "new", "technology", "Linux Containers")
    assert again.returncode == 2 and "already has the id 'linux-containers'" in again.stderr


def test_new_refuses_an_unknown_type(site):
    out = graph_cli(site({}), "new", "technolgy", "X")
    assert out.returncode == 2
    assert "unknown entity type 'technolgy' (did you mean 'technology'?)" in out.stderr


def test_new_source_writes_a_source_skeleton(site):
    root = site({})
    out = graph_cli(root, "new", "source", "A <blog> post")
    assert out.returncode == 0, out.stderr
    assert out.stdout == "docs/kb/source/a-blog-post.md\n"
    text = (root / "docs/kb/source/a-blog-post.md").read_text()
    assert text.startswith('---\ntitle: "A <blog> post"\ntype: source\n')
    # the fields only a source has, each a placeholder that check then points at, and its publisher relation
    for line in ("publisher: TODO", "published: 'TODO'", "url: https://TODO", "sections:", "type: published-by"):
        assert line in text, line
    check = graph_cli(root, "check")
    assert check.returncode == 1
    placeholders = [line.split(": G018 ")[0] for line in check.stdout.splitlines() if " G018 " in line]
    lines = text.splitlines()
    for field in ("publisher:", "published:", "url:", "  TODO-section:"):
        number = next(i for i, line in enumerate(lines, 1) if line.startswith(field))
        assert f"docs/kb/source/a-blog-post.md:{number}" in placeholders, field


def test_check_fails_on_warnings_and_not_on_notes(site):
    """The README: `check` exits non-zero on any problem; a note (severity 'info') is no problem."""
    undated = page("Doc", type_="source", extra="url: https://example.org/d\nparagraphs: 3\n",
                   relations="- {type: published-by, target: acme, source: doc#p1}")
    pages = {"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: doc#p2}"), "kb/doc.md": undated}
    warned = graph_cli(site(pages), "check")
    assert [line.split(" ")[1] for line in warned.stdout.splitlines()] == ["G209"]
    assert "0 errors, 1 warnings" in warned.stderr and warned.returncode == 1
    noted = graph_cli(site(pages, plugin_options="checks: {G209: info}"), "check")
    assert [line.split(" ")[1] for line in noted.stdout.splitlines()] == ["G209"]
    assert "0 errors, 0 warnings, 1 notes" in noted.stderr and noted.returncode == 0


def test_github_format_escapes_what_a_workflow_command_reads():
    """`%`, `,`, `:` and line breaks in a property, `%` and line breaks in the message, so an annotation
    cannot end early or name another file."""
    from graph.model import Diagnostic
    from graph.report import format_github

    d = Diagnostic("kb/a,b:c%d.md", 3, "G201", "100% wrong,\nsecond: line\r", "a hint")
    assert format_github(d, "docs/") == ("::error file=docs/kb/a%2Cb%3Ac%25d.md,line=3,title=G201::"
                                         "G201 100%25 wrong,%0Asecond: line%0D (a hint)")
