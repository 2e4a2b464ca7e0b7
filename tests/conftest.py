"""Fixtures shared by every test: tiny sites, and the real site, built once per run."""

import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from helpers import ROOT, base_pages, build_strict, write_site

# "<address> <folder>": where the process that runs pytest serves the real site, for itself and its workers
REAL_SITE = "ATLAS_TEST_REAL_SITE"


def pytest_configure(config):
    """The process that runs pytest (it starts the workers, each with its environment) serves a folder for
    the real site on a port of its own; the first test to need the site builds it there for that address.
    One build serves every worker (Material's instant navigation matches the address the site was built for)."""
    if os.environ.get(REAL_SITE):  # a worker: its parent serves
        return
    from tools.server import Server

    folder = Path(tempfile.mkdtemp(prefix="atlas-real-site-"))
    (folder / "site").mkdir()
    config.atlas_real_site = Server(folder / "site"), folder
    os.environ[REAL_SITE] = f"{config.atlas_real_site[0].url} {folder}"


def pytest_unconfigure(config):
    if hasattr(config, "atlas_real_site"):
        server, folder = config.atlas_real_site
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
        del os.environ[REAL_SITE]


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", help="run the tests marked slow too (CI does)")


def pytest_collection_modifyitems(config, items):
    """Tests marked slow run with --slow (CI's ./scripts/test --slow); elsewhere they are skipped, saying so."""
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: CI runs it (./scripts/test --slow)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def site(tmp_path: Path):
    """A function writing a tiny site into a fresh folder and returning its root."""
    def make(pages: dict[str, str], **kwargs) -> Path:
        return write_site(tmp_path, {**base_pages(), **pages}, **kwargs)
    return make


class RealSite:
    """The real site as served: `url` (ends with a slash) and the folder of its files, `directory`."""

    def __init__(self, url: str, directory: Path) -> None:
        self.url, self.directory = url, directory


@pytest.fixture(scope="session")
def real_server() -> RealSite:
    """The real site, built once per run (strict, stamped with helpers.EPOCH, for the address it is served
    at) by the first test that needs it, whichever worker runs it; the others wait for that build."""
    url, folder = os.environ[REAL_SITE].split(" ", 1)
    folder = Path(folder)
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder / "built").exists():
            build_strict(ROOT, folder / "site", url)
            (folder / "built").touch()
    return RealSite(url, folder / "site")


@pytest.fixture(scope="session")
def real_site(real_server) -> Path:
    """The folder of the real site's one build."""
    return real_server.directory
