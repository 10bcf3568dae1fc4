"""Quality of the merge engine on the labelled clusters: pairwise precision and recall.

Issue 14 asks for automatic merging with pairwise precision >= 0.95 and recall >= 0.90,
merged-or-suggested recall >= 0.97, in either arrival order. This replays a set of
tests/merge/clusters/ through the engine as it is (bench/merge_replay.py, in memory, the
default MergeConfig) and prints, for the set and order chosen:
  precision   of the pairs of reports placed in one item, the share that are one cluster
  recall      of the pairs of one cluster, the share placed in one item
  m-or-s      of the pairs of one cluster, the share in one item or in two items one of
              which was suggested as the other's duplicate
and per kind (a pair counts for the kinds of both its reports): the same, and for the
pairs of one scene that are different problems the share merged and the share suggested.

Run from the repository root:

    .venv/bin/python bench/merge_quality.py [--set tune|tune2|...|tune5|measure|holdout|all]
        [--reverse] [--misses]

--misses lists the wrong merges and missed pairs, for the tune sets only (tune, and tune2,
tune3, tune4 and tune5 written blind to the engine): the measure and holdout sets are for measuring
(tests/merge/clusters/README.md). Not a test: it asserts nothing.
"""

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.merge_replay import KINDS, SETS, load, misses, replay, score  # noqa: E402

# the sets whose misses may be read to change the engine
TUNE_SETS = ("tune", "tune2", "tune3", "tune4", "tune5")


def _row(name: str, f: dict) -> str:
    """One line of the table."""
    neg = (f"{f['negative_pairs']:>6} {f['negative_merged']:>7.2f} {f['negative_suggested']:>7.2f}"
           if f["negative_pairs"] else f"{'':>6} {'':>7} {'':>7}")
    return (f"{name:<16}{f['reports']:>5} {f['positive_pairs']:>6} {f['precision']:>6.2f} "
            f"{f['recall']:>6.2f} {f['merged_or_suggested_recall']:>6.2f} {neg}")


def report(set_name: str, reverse: bool) -> dict:
    """Replay a set, print its figures, and return them."""
    reports = load(set_name)
    figures = score(reports, replay(reports, reverse=reverse))
    order = "reverse" if reverse else "arrival"
    print(f"set {set_name}, {order} order: {len(reports)} reports, "
          f"{len({r['cluster'] for r in reports})} clusters -> {figures['items']} items, "
          f"{figures['mixed_items']} holding more than one problem")
    print(f"{'kind':<16}{'rep':>5} {'+pairs':>6} {'prec':>6} {'recall':>6} {'m-or-s':>6} "
          f"{'-pairs':>6} {'merged':>7} {'sugg':>7}")
    print(_row("all", figures["overall"]))
    for kind in KINDS:
        print(_row(kind, figures["kinds"][kind]))
    return figures


def show_misses(set_name: str, reverse: bool) -> None:
    """Print the wrong merges and the missed pairs of a replay."""
    reports = load(set_name)
    found = misses(reports, replay(reports, reverse=reverse))
    for title, pairs in found.items():
        print(f"\n{title} ({len(pairs)}):")
        for a, b in pairs:
            print(f"  {a['id']} {a['cluster']} {a['kind']:<14} {a['description']}")
            print(f"  {b['id']} {b['cluster']} {b['kind']:<14} {b['description']}\n")


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=sorted(SETS), default="tune")
    parser.add_argument("--reverse", action="store_true", help="replay in reverse order")
    parser.add_argument("--misses", action="store_true",
                        help="list wrong merges and missed pairs (tune sets only)")
    args = parser.parse_args(argv)
    if args.misses and args.set not in TUNE_SETS:
        parser.error(f"--misses is for the tune sets ({', '.join(TUNE_SETS)}): "
                     f"the {args.set} set is only for measuring")
    report(args.set, args.reverse)
    if args.misses:
        show_misses(args.set, args.reverse)


if __name__ == "__main__":
    main()
