"""Fixtures shared by every test: tiny sites, and the real site, built once per session."""

from pathlib import Path

import pytest

from helpers import ROOT, base_pages, build_strict, serving, write_site


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


@pytest.fixture(scope="session")
def real_server(tmp_path_factory):
    """The real site, built once per session (strict, stamped with helpers.EPOCH, for its own address) and
    served on 127.0.0.1: the browser tests read it through `url`, the others its files under `directory`."""
    directory = tmp_path_factory.mktemp("real") / "site"
    with serving(directory, lambda server: build_strict(ROOT, directory, server.url)) as server:
        yield server


@pytest.fixture(scope="session")
def real_site(real_server) -> Path:
    """The folder of the real site's one build."""
    return real_server.directory
