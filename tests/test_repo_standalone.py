"""The repository stands on its own: nothing in tests, bench or scripts reads outside it.

Cloned from a git host, the repo has no sibling `shared` folder; test data lives in
tests/data (the photos with their licence). This test fails on any reference to the
sibling folder, in code or comments, so none creeps back in.
"""

from pathlib import Path

from tests.data import PHOTOS_DIR

ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("tests", "bench", "scripts")
# Spelled in pieces so that this file does not match itself.
FORBIDDEN = ("../" + "shared", 'parent / "' + 'shared"', "/work/" + "shared")
DATA = ROOT / "tests" / "data"


def _text_files():
    """Every text file under the scanned folders, test data excepted."""
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and not path.is_relative_to(DATA):
                try:
                    yield path, path.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    continue


def test_no_file_reads_the_sibling_shared_folder():
    hits = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
            for path, text in _text_files()
            for n, line in enumerate(text.splitlines(), 1)
            if any(word in line for word in FORBIDDEN)]
    assert not hits, "references to the folder outside the repo:\n" + "\n".join(hits)


def test_the_photos_are_inside_the_repo_with_their_licence():
    assert PHOTOS_DIR.is_relative_to(ROOT)
    licence = (PHOTOS_DIR / "LICENCE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in licence and "exif-samples" in licence
    assert (PHOTOS_DIR / "README.md").is_file()
    assert len(list(PHOTOS_DIR.glob("*.jpg"))) + len(list(PHOTOS_DIR.glob("*.HEIC"))) == 16
