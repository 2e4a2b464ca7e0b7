"""The edge of `python -m graph diff`: the site's pages as they are at a git ref, through the site's own reading.

For a ref, the files under mkdocs.yml's folder are written, as the commit holds them, into a fresh
temporary folder (`git ls-tree` and `git cat-file`: no export rules, no checkout, the work tree is not
touched), and that copy of the site is read as `python -m graph check` reads a site: its own
mkdocs.yml (docs folder, `exclude_docs`, the atlas plugin's `entities_dir` and `schema`), its files,
the same pipeline. With no ref, the working tree is read in place. `graph.diff` compares the two.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import pipeline, site
from .report import severity_counts


class ReviewError(Exception):
    """A ref cannot be read (not a git repository, no such commit, no mkdocs.yml there)."""


@dataclass
class Snapshot:
    """The site at one ref: its built graph, its pages' addresses, how it names the docs folder."""

    name: str  # the ref, or "the working tree"
    result: pipeline.Result
    urls: dict[str, str]  # docs path -> the page's address in the built site, relative to its root
    prefix: str  # e.g. "docs/"

    def page_of(self, path: str) -> str:
        return self.urls.get(path, "")

    def problems(self) -> dict[str, int]:
        counts = severity_counts(self.result.diagnostics)
        return {"errors": counts["errors"], "warnings": counts["warnings"]}


def git(args: list[str], cwd: str | Path, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True, timeout=300)
    except FileNotFoundError:
        raise ReviewError("git is not installed") from None
    if done.returncode != 0:
        raise ReviewError(done.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return done.stdout


def write_tree(ref: str, folder: str | Path, into: Path) -> None:
    """Write the files under `folder` (in a git work tree) as commit `ref` holds them into `into`, at the
    same paths relative to `folder`. Symbolic links and submodules are left out."""
    try:
        commit = git(["rev-parse", "--verify", "--end-of-options", f"{ref}^{{commit}}"], folder).decode().strip()
    except ReviewError as exc:
        raise ReviewError(f"{ref!r} is not a commit here ({exc})") from None
    prefix = git(["rev-parse", "--show-prefix"], folder).decode().strip()
    listing = git(["ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or "."],
                  git(["rev-parse", "--show-toplevel"], folder).decode().strip())
    blobs: list[tuple[str, str]] = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, path = entry.split(b"\t", 1)
        mode, kind, sha = meta.decode().split()
        if kind == "blob" and mode != "120000":
            blobs.append((sha, path.decode("utf-8", "surrogateescape")))
    if not blobs:
        return
    out = git(["cat-file", "--batch"], folder, "".join(f"{sha}\n" for sha, _ in blobs).encode())
    at = 0
    for _, path in blobs:
        header_end = out.index(b"\n", at)
        size = int(out[at:header_end].split()[2])
        content = out[header_end + 1: header_end + 1 + size]
        at = header_end + 1 + size + 1
        rel = PurePosixPath(path).relative_to(prefix) if prefix else PurePosixPath(path)
        if ".." in rel.parts:
            continue
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def read_snapshot(config_file: str, name: str) -> Snapshot:
    """The site that `config_file` describes, read as `python -m graph check` reads it: the one site build."""
    from .cli import Disabled, UsageError, read_site

    try:
        checked = read_site(config_file)
    except (UsageError, Disabled) as exc:
        raise ReviewError(f"at {name}: {exc}") from None
    build = checked.build
    return Snapshot(name, build.result, {path: build.url_of(path) for path in build.entity_pages}, checked.prefix)


def snapshot_at(ref: str | None, config_file: str) -> Snapshot:
    """The site at git `ref`, or in the working tree when `ref` is None."""
    if ref is None:
        return read_snapshot(config_file, "the working tree")
    folder = os.path.dirname(os.path.abspath(config_file))
    with tempfile.TemporaryDirectory(prefix="atlas-diff-") as tmp:
        write_tree(ref, folder, Path(tmp))
        copy = Path(tmp) / os.path.basename(config_file)
        if not copy.is_file():
            raise ReviewError(f"{ref} has no {os.path.basename(config_file)} in this folder")
        return read_snapshot(str(copy), ref)
