"""Replay labelled reports through the merge engine, in memory, and score what it does.

The labelled clusters (tests/merge/clusters/) say which reports are one real problem.
This module feeds a set's reports, in arrival order, to sync.merge.decide the way the
server does (server/services/merging.py): the candidates of a report are the open items
made so far that Probe.worth_comparing keeps, each with its first report's category and
position and its reports' texts one per line; a "join" adds the report to that item, a
"new" opens an item and records its suggestions. Then it counts pairs of reports:
placed in one item (automatic merge) against described as one problem (same cluster).
No database, no Flask: bench/merge_quality.py prints the figures, and
tests/merge/test_cluster_set.py runs it on a slice.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from sync.merge import Candidate, Decision, MergeConfig, Probe, ReportSignal, decide

CLUSTERS = Path(__file__).resolve().parent.parent / "tests" / "merge" / "clusters"
SETS = {"tune": ("tune.jsonl",), "measure": ("measure.jsonl",), "holdout": ("holdout.jsonl",),
        "tune2": ("tune2.jsonl",), "tune3": ("tune3.jsonl",), "tune4": ("tune4.jsonl",),
        "tune5": ("tune5.jsonl",),
        "all": ("tune.jsonl", "measure.jsonl")}
SHOULD_MERGE = ("wording", "other_category", "paraphrase")
MUST_NOT_MERGE = ("place_trap", "defect_trap", "neighbour", "far_wording", "trap_first")
KINDS = SHOULD_MERGE + MUST_NOT_MERGE
NOW = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)  # a Friday, 丈量日; no item here is closed


def load(set_name: str) -> list[dict]:
    """The reports of a set, each file in its arrival order (tune before measure)."""
    rows = []
    for name in SETS[set_name]:
        with (CLUSTERS / name).open(encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        rows += sorted(lines, key=lambda r: r["order"])
    return rows


def signal(report: dict) -> ReportSignal:
    """What the decision weighs of a report (the description stripped, as at intake)."""
    return ReportSignal(category=report["category"], lat=report["lat"], lon=report["lon"],
                        accuracy_m=report["accuracy_m"],
                        description=report["description"].strip(),
                        area_id=report["area_id"])


def one_per_line(texts: Iterable[str]) -> str:
    """An item's report texts as its description for the decision, as the server joins them."""
    return "\n".join(t.replace("\n", " ") for t in texts)


class Ledger:
    """The open items the replay has made so far, each with its reports' texts."""

    def __init__(self):
        self.items: dict[str, Candidate] = {}
        self.texts: dict[str, list[str]] = {}

    def candidates(self, probe: Probe) -> list[Candidate]:
        """The items a report must weigh: those near enough by the decision's own rule."""
        return [replace(c, description=one_per_line(self.texts[key]))
                for key, c in self.items.items()
                if probe.worth_comparing(c.lat, c.lon, c.accuracy_m, c.area_id)]

    def apply(self, s: ReportSignal, decision: Decision) -> str:
        """Put a decided report into the item it joins, or into a new item; its key."""
        if decision.kind == "join":
            key = decision.item_id
        else:
            key = f"item{len(self.items) + 1}"
            self.items[key] = Candidate(
                item_id=key, status="new", category=s.category, lat=s.lat, lon=s.lon,
                accuracy_m=s.accuracy_m, description=s.description, area_id=s.area_id)
        self.texts.setdefault(key, []).append(s.description)
        return key


@dataclass
class Replay:
    """Where each report went: its item, and the item pairs suggested to the office."""

    item_of: dict[str, str] = field(default_factory=dict)
    suggested: set[frozenset[str]] = field(default_factory=set)
    decisions: dict[str, Decision] = field(default_factory=dict)


def replay(reports: list[dict], reverse: bool = False,
           config: MergeConfig | None = None) -> Replay:
    """Decide every report in arrival order (or its reverse) against the items so far."""
    config = config or MergeConfig()
    ledger, out = Ledger(), Replay()
    for report in reversed(reports) if reverse else reports:
        s = signal(report)
        decision = decide(s, ledger.candidates(Probe(s, config)), config, NOW)
        key = ledger.apply(s, decision)
        out.item_of[report["id"]] = key
        out.decisions[report["id"]] = decision
        # as the server stores them: a new item's suggestions, the items a join bridges
        shown = decision.suggestions if decision.kind == "new" else decision.bridges
        out.suggested.update(frozenset({key, m.item_id}) for m in shown)
    return out


def _ratio(part: int, whole: int) -> float:
    """part / whole, 1.0 for an empty whole (nothing to get wrong)."""
    return part / whole if whole else 1.0


@dataclass
class Tally:
    """Pair counts of one group: should-merge pairs and must-not-merge pairs."""

    reports: int = 0
    positive: int = 0          # pairs of one cluster
    merged_positive: int = 0   # ... placed in one item
    reached_positive: int = 0  # ... placed in one item or in two suggested items
    negative: int = 0          # pairs of one scene, different clusters
    merged_negative: int = 0
    suggested_negative: int = 0
    wrong_merges: int = 0      # pairs placed in one item that are not one cluster, anywhere

    def figures(self) -> dict:
        """Precision, recall and shares of this group's pairs, each in [0, 1]."""
        merged = self.merged_positive + self.wrong_merges
        return {"reports": self.reports, "positive_pairs": self.positive,
                "negative_pairs": self.negative,
                "precision": _ratio(self.merged_positive, merged),
                "recall": _ratio(self.merged_positive, self.positive),
                "merged_or_suggested_recall": _ratio(self.reached_positive, self.positive),
                "negative_merged": (self.merged_negative / self.negative
                                    if self.negative else 0.0),
                "negative_suggested": (self.suggested_negative / self.negative
                                       if self.negative else 0.0)}


def _count(tally: Tally, a: dict, b: dict, result: Replay) -> None:
    """Add one pair of reports to a tally."""
    ia, ib = result.item_of[a["id"]], result.item_of[b["id"]]
    same_item = ia == ib
    if a["cluster"] == b["cluster"]:
        tally.positive += 1
        tally.merged_positive += same_item
        tally.reached_positive += same_item or frozenset({ia, ib}) in result.suggested
        return
    tally.wrong_merges += same_item
    if a["scene"] == b["scene"]:
        tally.negative += 1
        tally.merged_negative += same_item
        tally.suggested_negative += (not same_item) and frozenset({ia, ib}) in result.suggested


def score(reports: list[dict], result: Replay) -> dict:
    """Figures over all pairs and per kind (a pair counts for the kinds of both reports)."""
    overall, per_kind = Tally(len(reports)), {k: Tally() for k in KINDS}
    for r in reports:
        per_kind[r["kind"]].reports += 1
    by_item: dict[str, list[dict]] = {}
    by_scene: dict[str, list[dict]] = {}
    for r in reports:
        by_item.setdefault(result.item_of[r["id"]], []).append(r)
        by_scene.setdefault(r["scene"], []).append(r)
    seen = set()
    for group in (*by_scene.values(), *by_item.values()):  # every pair that can count
        for a, b in combinations(group, 2):
            pair = frozenset({a["id"], b["id"]})
            if pair in seen:
                continue
            seen.add(pair)
            _count(overall, a, b, result)
            for kind in {a["kind"], b["kind"]}:
                _count(per_kind[kind], a, b, result)
    mixed = sum(len({r["cluster"] for r in group}) > 1 for group in by_item.values())
    return {"overall": overall.figures(), "mixed_items": mixed, "items": len(by_item),
            "kinds": {k: t.figures() for k, t in per_kind.items()}}


def misses(reports: list[dict], result: Replay) -> dict[str, list[tuple[dict, dict]]]:
    """The wrong merges and the missed same-cluster pairs, for reading a tune run."""
    wrong, missed = [], []
    for a, b in combinations(reports, 2):
        same_item = result.item_of[a["id"]] == result.item_of[b["id"]]
        if same_item and a["cluster"] != b["cluster"]:
            wrong.append((a, b))
        elif a["cluster"] == b["cluster"] and not same_item:
            missed.append((a, b))
    return {"wrong_merges": wrong, "missed": missed}
