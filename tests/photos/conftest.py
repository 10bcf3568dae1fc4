"""Fixtures of the photo tests: the shared real photos, read from `<repo>/../shared/photos`.

A missing photo folder is an error, not a skip: the facts of DESIGN.md's integrity flags
are checked against those files.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PHOTOS_DIR = Path(
    os.environ.get("ZHANGLIANG_SHARED_PHOTOS", REPO_ROOT.parent / "shared" / "photos")
)


@pytest.fixture(scope="session")
def photos_dir() -> Path:
    """The shared photo folder; fails the test if it is missing."""
    if not (PHOTOS_DIR / "README.md").is_file():
        pytest.fail(f"shared photos missing: expected them in {PHOTOS_DIR}", pytrace=False)
    return PHOTOS_DIR


@pytest.fixture(scope="session")
def read_photo(photos_dir: Path):
    """Return a function reading one shared photo's bytes by name."""
    cache: dict[str, bytes] = {}

    def read(name: str) -> bytes:
        if name not in cache:
            path = photos_dir / name
            if not path.is_file():
                pytest.fail(f"shared photo missing: {path}", pytrace=False)
            cache[name] = path.read_bytes()
        return cache[name]

    return read
