"""Fixtures of the photo tests: the real photos kept in the repo, in tests/data/photos.

A missing photo folder is an error, not a skip: the facts of DESIGN.md's integrity flags
are checked against those files.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.data import PHOTOS_DIR


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    """The repo's photo folder; fails the test if it is missing."""
    if not (PHOTOS_DIR / "README.md").is_file():
        pytest.fail(f"test photos missing: expected them in {PHOTOS_DIR}", pytrace=False)
    return PHOTOS_DIR


@pytest.fixture(scope="session")
def read_photo(photos_dir: Path):
    """Return a function reading one test photo's bytes by name."""
    cache: dict[str, bytes] = {}

    def read(name: str) -> bytes:
        if name not in cache:
            path = photos_dir / name
            if not path.is_file():
                pytest.fail(f"test photo missing: {path}", pytrace=False)
            cache[name] = path.read_bytes()
        return cache[name]

    return read
