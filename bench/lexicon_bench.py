"""Benchmark: microseconds per sync.lexicon.analyse, and what a word segmenter would cost.

A merge decision has a budget of about 5 ms for all of its candidates, so the analysis
of a report text must be cheap, and cacheable per text. This prints, over the report
texts of tests/merge/pairs.jsonl (each text once):
  load        building the lexicon from sync/lexicon/*.tsv (once per process)
  analyse     an analysis with the cache cleared (what a new text costs)
  cached      an analysis of a text seen before (what an item's known texts cost)
and, when jieba is importable (pip install jieba, or PYTHONPATH to a copy of it):
  jieba init  loading its dictionary (once per process)
  jieba cut   jieba.lcut(text, HMM=False) alone, before any lexicon work
Run from the repository root: .venv/bin/python bench/lexicon_bench.py
"""

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sync import lexicon  # noqa: E402

PAIRS = Path(__file__).resolve().parent.parent / "tests" / "merge" / "pairs.jsonl"
ROUNDS = 20


def texts() -> list[str]:
    """Each report text of pairs.jsonl once, in file order."""
    seen: dict[str, None] = {}
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        pair = json.loads(line)
        for side in ("a", "b"):
            for part in (pair[side]["description"] or "").splitlines():
                seen.setdefault(part, None)
    return list(seen)


def per_text_us(fn, sample: list[str], clear=None) -> float:
    """Median over ROUNDS of the mean microseconds fn takes per text of sample."""
    runs = []
    for _ in range(ROUNDS):
        if clear:
            clear()
        start = time.perf_counter()
        for text in sample:
            fn(text)
        runs.append((time.perf_counter() - start) / len(sample) * 1e6)
    return statistics.median(runs)


def main() -> None:
    """Print the timings."""
    sample = texts()
    start = time.perf_counter()
    lexicon.load.cache_clear()
    lexicon.load()
    print(f"texts       {len(sample)} (mean {statistics.mean(map(len, sample)):.0f} chars)")
    print(f"load        {(time.perf_counter() - start) * 1e3:8.1f} ms")

    def clear():
        lexicon._analyse.cache_clear()
        lexicon._prepare.cache_clear()

    print(f"analyse     {per_text_us(lexicon.analyse, sample, clear):8.1f} µs per text")
    print(f"cached      {per_text_us(lexicon.analyse, sample):8.1f} µs per text")
    try:
        import jieba
    except ImportError:
        print("jieba       not installed: skipped")
        return
    jieba.setLogLevel(60)
    start = time.perf_counter()
    jieba.initialize()
    print(f"jieba init  {(time.perf_counter() - start) * 1e3:8.1f} ms")
    cut = per_text_us(lambda t: jieba.lcut(t, HMM=False), sample)
    print(f"jieba cut   {cut:8.1f} µs per text (segmenting only)")


if __name__ == "__main__":
    main()
