"""Fixtures shared by every test."""

from pathlib import Path

import pytest

from helpers import base_pages, write_site


@pytest.fixture
def site(tmp_path: Path):
    """A function writing a tiny site into a fresh folder and returning its root."""
    def make(pages: dict[str, str], **kwargs) -> Path:
        return write_site(tmp_path, {**base_pages(), **pages}, **kwargs)
    return make
