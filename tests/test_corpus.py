"""A corpus of broken pages (tests/fixtures/broken/): every one gets its exact diagnostic, in one run,
with no traceback and no hang, and the rest of the site still builds."""

import shutil
from pathlib import Path

from helpers import base_pages, graph_cli, mkdocs_build, page, write_site

CORPUS = Path(__file__).parent / "fixtures" / "broken"


def corpus_site(root: Path) -> Path:
    write_site(root, {**base_pages(), "kb/fine.md": page("Fine", relations="- {type: made-by, target: acme, source: article#p1}")})
    shutil.copytree(CORPUS, root / "docs/kb/broken", ignore=shutil.ignore_patterns("*.txt"))
    return root


def test_every_broken_page_gets_its_exact_diagnostic(tmp_path):
    root = corpus_site(tmp_path)
    out = graph_cli(root, "check")
    assert out.returncode == 1
    assert "Traceback" not in out.stdout + out.stderr
    expected = ["docs/kb/broken/" + line for line in (CORPUS / "expected.txt").read_text().splitlines()]
    assert out.stdout.splitlines() == expected
    # every case in the corpus is reported
    reported = {line.split(":")[0] for line in out.stdout.splitlines()}
    assert reported == {f"docs/kb/broken/{p.name}" for p in CORPUS.glob("*.md")} - {"docs/kb/broken/duplicate-id-a.md"}


def test_the_rest_of_the_site_still_builds(tmp_path):
    root = corpus_site(tmp_path)
    out = mkdocs_build(root)
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert (root / "site/kb/fine/index.html").is_file()
    assert "G201" in out.stderr and "G004" in out.stderr
    assert mkdocs_build(root, "--strict").returncode != 0


def test_a_5_mb_page_and_10000_relations_neither_hang_nor_crash(site):
    relations = "\n".join(f"- {{type: requires, target: n{i}, source: article#p1}}" for i in range(10_000))
    pages = {
        "kb/huge.md": page("Huge", relations="- {type: made-by, target: acme, source: article#p1}",
                           body=("A long line of prose. " * 50 + "\n\n") * 4800),
        "kb/many.md": page("Many", relations=relations),
        "kb/deep.md": "---\ntitle: Deep\ntype: technology\nsummary: s\naliases: " + "[" * 5000 + "]" * 5000 + "\n---\n",
    }
    root = site(pages)
    assert (root / "docs/kb/huge.md").stat().st_size > 5 * 2**20
    out = graph_cli(root, "check")  # it ends (the helper's timeout is a hang's limit) and reports; speed is the bench's
    assert "Traceback" not in out.stdout + out.stderr
    lines = out.stdout.splitlines()
    assert "docs/kb/huge.md:1: G019 the page is 5.0 MB, over the 1 MB a page may have " \
           "(split it into several pages, or move data out of it)" in lines
    assert sum(1 for line in lines if line.startswith("docs/kb/many.md") and " G201 " in line) == 10_000
    assert any(line.startswith("docs/kb/deep.md:") and (" G004 " in line or "nested too deeply" in line)
               for line in lines)
