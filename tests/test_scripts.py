"""The shell scripts themselves, run as a contributor runs them, on a tiny site in a folder of their own
(the scripts, the developer tooling and a virtual environment that is this one's)."""

import os
import shutil
import socket
import subprocess

import pytest

from helpers import ROOT, fetch, page, run, wait_for

ENGINE = page("Engine", relations="- {type: made-by, target: acme, source: article#p2}")


@pytest.fixture
def project(site, tmp_path):
    """A tiny site with ./scripts and tests/tools beside it, and a .venv that is the running one's (its
    folders linked, its install stamps set, so the scripts install nothing)."""
    root = site({"kb/engine.md": ENGINE})
    shutil.copytree(ROOT / "scripts", root / "scripts")
    shutil.copytree(ROOT / "tests" / "tools", root / "tests" / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    venv = ROOT / ".venv"
    (root / ".venv").mkdir()
    for part in venv.iterdir():
        if part.name == "pyvenv.cfg":
            shutil.copy(part, root / ".venv" / part.name)
        elif part.is_dir():
            (root / ".venv" / part.name).symlink_to(part, target_is_directory=True)
    for extras in ("base", "test"):
        (root / ".venv" / f".atlas-installed-{extras}").touch()
    return root


def script(root, name: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return run(["bash", str(root / "scripts" / name), *args], root, **env)


def test_build_swaps_the_site_in_only_when_it_built(project):
    out = script(project, "build")
    assert out.returncode == 0, out.stderr
    assert (project / "site/kb/engine/index.html").is_file() and (project / "site/graph.json").is_file()
    (project / "site/marker.txt").write_text("previous")
    (project / "docs/kb/bad.md").write_text(page("Bad", relations="- {type: requires, target: nowhere, source: article#p3}"))
    out = script(project, "build")
    assert out.returncode == 1 and "G201" in out.stderr and "Traceback" not in out.stderr
    assert (project / "site/marker.txt").read_text() == "previous"  # the previous site, as it was


def test_serve_serves_the_site_and_rebuilds_an_edit(project):
    log = open(project / "serve.log", "w+")
    process = None
    try:
        for _ in range(5):  # MkDocs takes an address, not a bound socket: again on another port if it was taken
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                port = s.getsockname()[1]
            process = subprocess.Popen(["bash", str(project / "scripts" / "serve")], cwd=project, stdout=log,
                                       stderr=subprocess.STDOUT, start_new_session=True,
                                       env={**os.environ, "ATLAS_ADDR": f"127.0.0.1:{port}", "NO_MKDOCS_2_WARNING": "1"})
            url = f"http://127.0.0.1:{port}/kb/engine/"
            wait_for(lambda: "About Engine." in fetch(url) or process.poll() is not None, "the first build")
            if process.poll() is None:
                break
        assert process.poll() is None, (project / "serve.log").read_text()
        (project / "docs/kb/engine.md").write_text(ENGINE.replace("About Engine.", "About the new Engine."))
        wait_for(lambda: "About the new Engine." in fetch(url), "the edit to be served")
    finally:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=30)
        log.close()


@pytest.mark.browser
def test_screenshot_takes_a_picture_of_a_graph(project):
    out = script(project, "screenshot", "--page", "kb/engine/", "--out", str(project / "shot.png"))
    assert out.returncode == 0, out.stderr
    picture = (project / "shot.png").read_bytes()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 5_000
