"""Deterministic builds, no broken internal links, and a 10,000-entity knowledge base that builds."""

import filecmp
import os
import re
import sys
import urllib.parse
from pathlib import Path

import pytest

from helpers import ROOT, build_strict, run


@pytest.fixture(scope="module")
def two_builds(real_server, tmp_path_factory):
    """The run's build of the real site and a second one, for the same address, in another folder, by a new
    process with a hash seed of its own (set order must not reach the output)."""
    return real_server.directory, build_strict(ROOT, tmp_path_factory.mktemp("determinism") / "two", real_server.url,
                                               PYTHONHASHSEED="random")


def test_two_clean_builds_are_byte_identical(two_builds):
    one, two = two_builds
    files_one = sorted(p.relative_to(one) for p in one.rglob("*") if p.is_file())
    files_two = sorted(p.relative_to(two) for p in two.rglob("*") if p.is_file())
    assert files_one == files_two
    different = [str(p) for p in files_one if not filecmp.cmp(one / p, two / p, shallow=False)]
    assert different == []
    assert (one / "graph.json").read_bytes() == (two / "graph.json").read_bytes()


def test_no_timestamp_of_today_in_the_output(two_builds):
    one, _ = two_builds
    lastmods = set(re.findall(r"<lastmod>([^<]+)</lastmod>", (one / "sitemap.xml").read_text()))
    assert lastmods == {"2021-05-04"}  # SOURCE_DATE_EPOCH's date (helpers.EPOCH), for every page


def test_without_source_date_epoch_the_date_is_the_last_commits(site, tmp_path):
    import subprocess

    from helpers import page

    root = site({"kb/x.md": page("X", relations="- {type: made-by, target: acme, source: article#p2}")},
                extra_config="site_url: http://127.0.0.1:8000/\n")
    env = {"GIT_AUTHOR_DATE": "2019-03-07T12:00:00Z", "GIT_COMMITTER_DATE": "2019-03-07T12:00:00Z",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "pages"]):
        subprocess.run(["git", *args], cwd=root, check=True, env={**os.environ, **env})
    clean = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    out = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(root / "site")], cwd=root,
                         capture_output=True, text=True, env={**clean, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert out.returncode == 0, out.stderr
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", (root / "site/sitemap.xml").read_text())) == {"2019-03-07"}


def test_every_internal_link_and_anchor_resolves(two_builds):
    site, _ = two_builds
    files = {str(p) for p in site.rglob("*") if p.is_file()}  # the site's files, looked up without a system call
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")  # 404 links from the site root
    ids: dict[str, set[str]] = {}

    def anchors(target: str) -> set[str]:
        if target not in ids:
            ids[target] = set(re.findall(r'\sid="([^"]+)"', Path(target).read_text(encoding="utf-8")))
        return ids[target]

    broken = []
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for href in set(re.findall(r'<a\s[^>]*href="([^"]+)"', text)):
            href = href.replace("&amp;", "&")
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
                continue  # a link out of the site
            path, _, anchor = href.partition("#")
            target = os.path.normpath(os.path.join(page.parent, urllib.parse.unquote(path))) if path else str(page)
            if target not in files:
                target = os.path.join(target, "index.html")  # a folder's address
            if target not in files:
                broken.append(f"{page.relative_to(site)} -> {href}")
            elif anchor and target.endswith(".html") and anchor not in anchors(target):
                broken.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    assert broken == []


@pytest.mark.slow
def test_ten_thousand_entities_build(tmp_path):
    from tools.synthetic import write_site

    root = write_site(tmp_path / "kb10k", 10_000, ROOT / "docs" / "schema.yml")
    out = run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")], root)
    assert out.returncode == 0, out.stderr[-3000:]
    assert (root / "site/graph.json").stat().st_size > 1_000_000
    # the site's data files only (the global graph's, its story, the summaries' files); each entity page
    # carries its own neighbourhood
    from graph import site

    made = sorted(p.name for p in (root / "site/assets/atlas/graphs").iterdir())
    assert made == sorted(Path(f).name for f in site.DATA_FILES if f.startswith(f"{site.ASSETS}/graphs/"))
    assert len(made) == 18
    sample = next((root / "site/kb/component").iterdir()) / "index.html"
    assert "<template data-atlas-json>" in sample.read_text(encoding="utf-8")
