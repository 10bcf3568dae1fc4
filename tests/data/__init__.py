"""Test data kept inside the repository, so a fresh clone runs every test.

`PHOTOS_DIR` is the one place naming the folder of real photos (see photos/README.md
and photos/LICENCE.md); tests, benchmarks and scripts import it from here.
"""

from pathlib import Path

PHOTOS_DIR = Path(__file__).resolve().parent / "photos"
