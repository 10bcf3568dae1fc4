"""Quality of auto-merge on the labelled pairs in pairs.jsonl: precision and recall.

Each line is a new report `a` (ReportSignal fields), an existing ledger item `b`
(Candidate fields; closed_at in ISO 8601), a human label `same` (is it the same real-world
problem?), a `kind` (reword, reword_multi, reword_compatible_category,
reword_other_category, diff_problem_same_spot_same_category,
diff_problem_same_spot_other_category, same_kind_near_distinct, same_wording_far,
closed_item, rejected_item, merged_item, bad_position), a free `note`, and the batch
(`set`) it was written in. "dev" was written first and chose the defaults; "holdout" and
then "batch3" were written later, with new places and wordings, to see how the defaults
carry over (first figures, before their misses grew v1's topic list: holdout precision
0.94 recall 0.65; batch3 precision 1.00 recall 0.62). Expect new vocabulary to miss.

A pair counts as a positive for auto-merge when it is the same problem, the item is still
open and the report has a usable position: the issue forbids joining closed, rejected or
merged items and reports without a usable fix, so those pairs are checked as hard rules
instead. When a real case slips through, add it as a new line (next id of a new set),
then extend the lexicon (sync/lexicon/*.tsv) or MergeConfig until the figures hold.
"""

import json
from datetime import UTC, datetime
from pathlib import Path

from sync.merge import Candidate, MergeConfig, ReportSignal, decide, position_usable
from sync.workflow import OPEN_STATES

PAIRS = Path(__file__).with_name("pairs.jsonl")
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # a Friday, 丈量日, 10:00 in 新郑
MIN_PRECISION = 0.95
# Merge v2 (issue 14) joins on the same object and defect, never on shared place words, and
# within a tighter distance; this older set's positives include area-wide problems 100-180 m
# apart told without any object word (买菜难, 网吧, 看病难), which it now suggests instead.
# Before v2: recall 0.936. The issue's own sets are tests/merge/clusters/ (README figures).
# 0.64 since a same-object join asks what the texts say of the object to agree, not only
# its name (wrong merges on the blind tune2 set fell from 0.26 to 0.22 of merged pairs).
MIN_RECALL = 0.64
MIN_REACHED = 0.92   # joined, or suggested as a likely duplicate


def load_pairs() -> list[dict]:
    """The labelled pairs, one JSON object a line."""
    with PAIRS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def to_report(a: dict) -> ReportSignal:
    """A ReportSignal from a pair's `a`."""
    return ReportSignal(a["category"], a["lat"], a["lon"], a["accuracy_m"], a["description"],
                        a.get("area_id"))


def to_candidate(b: dict) -> Candidate:
    """A Candidate from a pair's `b`."""
    closed = datetime.fromisoformat(b["closed_at"]) if b.get("closed_at") else None
    return Candidate(b["item_id"], b["status"], b["category"], b["lat"], b["lon"],
                     b["accuracy_m"], b["description"], b.get("area_id"), closed)


def should_join(pair: dict, config: MergeConfig) -> bool:
    """Ground truth for auto-merge: same problem, open item, usable report position."""
    a = pair["a"]
    return (pair["same"] and pair["b"]["status"] in OPEN_STATES
            and position_usable(a["lat"], a["lon"], a["accuracy_m"], config))


def evaluate(pairs: list[dict], config: MergeConfig) -> dict:
    """Precision, recall and the misjudged pair ids of auto-merge over the pairs."""
    tp, fp, fn, suggested = [], [], [], []
    for pair in pairs:
        d = decide(to_report(pair["a"]), [to_candidate(pair["b"])], config, NOW)
        joined = d.kind == "join" and d.item_id == pair["b"]["item_id"]
        truth = should_join(pair, config)
        (tp if joined and truth else fp if joined else fn if truth else []).append(pair["id"])
        if truth and not joined and any(m.likely and m.item_id == pair["b"]["item_id"]
                                        for m in d.suggestions):
            suggested.append(pair["id"])
    precision = len(tp) / (len(tp) + len(fp)) if tp or fp else 1.0
    recall = len(tp) / (len(tp) + len(fn)) if tp or fn else 1.0
    reached = (len(tp) + len(suggested)) / (len(tp) + len(fn)) if tp or fn else 1.0
    return {"precision": precision, "recall": recall, "reached": reached, "tp": len(tp),
            "fp": fp, "fn": fn}


def test_labelled_set_is_big_and_varied():
    """At least 220 pairs, both labels, every kind the issue names."""
    pairs = load_pairs()
    kinds = {p["kind"] for p in pairs}
    assert len(pairs) >= 220
    assert len({p["id"] for p in pairs}) == len(pairs)
    assert {True, False} == {p["same"] for p in pairs}
    assert {"reword", "diff_problem_same_spot_same_category", "same_wording_far",
            "diff_problem_same_spot_other_category", "bad_position", "closed_item"} <= kinds


def test_auto_merge_precision_and_recall():
    """Auto-merge keeps precision 0.95 on the labelled set; what it misses is suggested."""
    pairs = load_pairs()
    result = evaluate(pairs, MergeConfig())
    print(f"\nauto-merge precision {result['precision']:.3f} recall {result['recall']:.3f} "
          f"(tp {result['tp']}, false joins {result['fp']}, missed {result['fn']})")
    for name in sorted({p.get("set", "") for p in pairs}):
        part = evaluate([p for p in pairs if p.get("set", "") == name], MergeConfig())
        print(f"  set {name or '-'}: precision {part['precision']:.3f} "
              f"recall {part['recall']:.3f}")
    assert result["precision"] >= MIN_PRECISION, result
    assert result["recall"] >= MIN_RECALL, result
    assert result["reached"] >= MIN_REACHED, result


def test_hard_rules_hold_on_every_pair():
    """No pair joins a closed/rejected/merged item or joins from an unusable position."""
    config = MergeConfig()
    for pair in load_pairs():
        a, b = pair["a"], pair["b"]
        d = decide(to_report(a), [to_candidate(b)], config, NOW)
        if b["status"] not in OPEN_STATES:
            assert d.kind == "new", pair["id"]
        if not position_usable(a["lat"], a["lon"], a["accuracy_m"], config):
            assert d.kind == "new" and d.needs_review, pair["id"]
