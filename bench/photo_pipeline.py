"""Benchmark of the upload photo pipeline on 12 MP JPEGs made from the real test photos.

Prints per-photo and overall median/p95 of `server.photos.process()` and of a naive
pipeline (full decode, exif_transpose, LANCZOS from full size, no draft mode), and the
ratio naive/ours. Goal: median <= 150 ms. Run from the repo root:

    python bench/photo_pipeline.py [--runs N]

Not a test (no test_ prefix): timings depend on the machine.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PIL import Image, ImageOps  # noqa: E402

from server.photos import process, read_exif  # noqa: E402
from server.photos.imaging import DISPLAY_SIZE, THUMB_SIZE, _encode, _fit, decode  # noqa: E402
from server.photos.phash import perceptual_hash  # noqa: E402
from tests.data import PHOTOS_DIR  # noqa: E402

SOURCES = [
    "jolla.jpg",
    "DSCN0010.jpg",
    "36-memory_error.jpg",
    "30-type_error.jpg",
    "portrait_6.jpg",
    "landscape_6.jpg",
]
SIZE_12MP = (4000, 3000)
GOAL_MS = 150.0
MAX_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 50_000_000


def make_test_set(directory: Path) -> list[Path]:
    """Upscale each source to 4000x3000 (stored pixels), keep its EXIF, save quality 90."""
    paths = []
    for name in SOURCES:
        with Image.open(PHOTOS_DIR / name) as src:
            exif = src.info.get("exif", b"")
            big = src.convert("RGB").resize(SIZE_12MP, Image.Resampling.BICUBIC)
        path = directory / f"12mp_{name}"
        big.save(path, "JPEG", quality=90, exif=exif)
        paths.append(path)
    return paths


def ours(data: bytes) -> None:
    """The pipeline under test."""
    process(data, max_bytes=MAX_BYTES, max_pixels=MAX_PIXELS)


def naive(data: bytes) -> None:
    """Full-size decode, transpose, LANCZOS to 1600 and 320, encode both."""
    img = Image.open(io.BytesIO(data))
    img.load()
    img = ImageOps.exif_transpose(img).convert("RGB")
    for box in (1600, 320):
        small = img.copy()
        small.thumbnail((box, box), Image.Resampling.LANCZOS, reducing_gap=None)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=82, optimize=True, progressive=True)


def timings(func: Callable[[bytes], None], data: bytes, runs: int) -> list[float]:
    """Return `runs` wall-clock timings in milliseconds after one warm-up call."""
    func(data)
    result = []
    for _ in range(runs):
        start = time.perf_counter()
        func(data)
        result.append((time.perf_counter() - start) * 1000)
    return result


def p95(values: list[float]) -> float:
    """Return the 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def stages(data: bytes, runs: int) -> dict[str, float]:
    """Median milliseconds of each step of process() on one photo."""
    decoded = decode(data, "image/jpeg", max_pixels=MAX_PIXELS, box=DISPLAY_SIZE)
    display = decoded.image  # decode() already fitted it into the display box
    thumb = _fit(display, THUMB_SIZE)
    steps: dict[str, Callable[[], object]] = {
        "decode (draft), fit, upright": lambda: decode(
            data, "image/jpeg", max_pixels=MAX_PIXELS, box=DISPLAY_SIZE
        ),
        "display: encode": lambda: _encode(display),
        "thumb: resize + encode": lambda: _encode(_fit(display, THUMB_SIZE)),
        "exif": lambda: read_exif(data, "image/jpeg"),
        "phash": lambda: perceptual_hash(thumb),
        "sha256": lambda: hashlib.sha256(data).hexdigest(),
    }
    return {
        name: statistics.median(timings(lambda _, step=step: step(), data, runs))
        for name, step in steps.items()
    }


def main() -> int:
    """Build the test set, time both pipelines, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per photo")
    args = parser.parse_args()
    if not PHOTOS_DIR.is_dir():
        print(f"test photos not found at {PHOTOS_DIR}", file=sys.stderr)
        return 2
    all_ours: list[float] = []
    all_naive: list[float] = []
    with tempfile.TemporaryDirectory(prefix="zl-bench-") as tmp:
        paths = make_test_set(Path(tmp))
        print(f"{len(paths)} photos, {SIZE_12MP[0]}x{SIZE_12MP[1]} JPEG q90, {args.runs} runs")
        print(f"{'photo':32} {'bytes':>9} {'ours med':>9} {'ours p95':>9} {'naive med':>10}")
        for path in paths:
            data = path.read_bytes()
            mine, theirs = timings(ours, data, args.runs), timings(naive, data, args.runs)
            all_ours += mine
            all_naive += theirs
            print(
                f"{path.name:32} {len(data):9d} {statistics.median(mine):8.1f}ms "
                f"{p95(mine):8.1f}ms {statistics.median(theirs):9.1f}ms"
            )
        print(f"steps of process() on {paths[0].name} (medians):")
        for name, ms in stages(paths[0].read_bytes(), args.runs).items():
            print(f"  {name:28} {ms:6.1f} ms")
    med_ours, med_naive = statistics.median(all_ours), statistics.median(all_naive)
    print(f"process(): median {med_ours:.1f} ms, p95 {p95(all_ours):.1f} ms")
    print(f"naive:     median {med_naive:.1f} ms, p95 {p95(all_naive):.1f} ms")
    print(f"ratio naive/ours (medians): {med_naive / med_ours:.2f}x")
    verdict = "met" if med_ours <= GOAL_MS else "NOT met"
    print(f"goal: median <= {GOAL_MS:.0f} ms -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
