"""The ingest benchmark's figures: one run's results, and how they are printed.

Split from bench/ingest.py, which runs the server and the clients.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ingest_plan import BATCH

GOAL_PER_S = 1000.0


@dataclass
class RunResult:
    """Figures of one run (one database, one server setting)."""

    backend: str
    setting: str
    clients: int
    sent: int = 0
    elapsed_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    items_before: int = 0
    items_after: int = 0
    joined: int = 0
    same_problem: int = 0
    same_problem_joined: int = 0
    cpu: dict = field(default_factory=dict)
    setup_s: float = 0.0
    stopped_early: bool = False
    done_at: list[float] = field(default_factory=list)  # seconds into the run, per batch
    waits: Counter = field(default_factory=Counter)  # PostgreSQL backend states sampled
    areas_added: int = 0

    def rate_between(self, lo: float, hi: float) -> float:
        """Mutations/s from batches answered between the fractions lo and hi of the run."""
        a, b = lo * self.elapsed_s, hi * self.elapsed_s
        done = sum(1 for t in self.done_at if a <= t < b or (hi == 1.0 and t == b))
        return done * BATCH / (b - a) if b > a else 0.0

    @property
    def rate(self) -> float:
        return self.sent / self.elapsed_s if self.elapsed_s else 0.0

    @property
    def applied_rate(self) -> float:
        return self.counts.get("applied", 0) / self.elapsed_s if self.elapsed_s else 0.0


def _pct(values: list[float], q: float) -> float:
    """The q-quantile (0..1) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def print_run(r: RunResult) -> None:
    """The figures of one run."""
    lat = r.latencies_ms
    created = r.items_after - r.items_before
    print(f"\n== {r.backend}, {r.setting} (workers x threads), {r.clients} client threads, "
          f"batches of {BATCH}")
    print(f"  setup (init + demo + server start): {r.setup_s:.1f} s; "
          + (f"{r.areas_added} villages and communities added across the county"
             if r.areas_added else "the demo's areas only (dense layout)"))
    print(f"  pushed {r.sent} mutations in {len(lat)} batches in {r.elapsed_s:.2f} s"
          + ("  (stopped at --max-seconds)" if r.stopped_early else ""))
    print(f"  throughput: {r.rate:8.1f} mutations/s   (goal >= {GOAL_PER_S:.0f}/s: "
          f"{'MET' if r.rate >= GOAL_PER_S else 'NOT MET'}, {r.rate / GOAL_PER_S:.0%} of goal)")
    print(f"              {r.applied_rate:8.1f} new reports applied/s")
    if lat:
        print(f"  batch latency: p50 {_pct(lat, 0.5):.0f} ms, p95 {_pct(lat, 0.95):.0f} ms, "
              f"max {max(lat):.0f} ms")
    c = r.counts
    print(f"  results: applied {c.get('applied', 0)}, duplicate {c.get('duplicate', 0)} "
          f"(deliberate re-sends), rejected {c.get('rejected', 0)}, other {c.get('other', 0)}")
    print(f"  items: {r.items_before} -> {r.items_after} (GET /api/v1/items total): "
          f"{created} new items, {r.joined} reports joined an open item; "
          f"same-problem re-reports joined their original: "
          f"{r.same_problem_joined}/{r.same_problem}")
    if len(r.done_at) >= 6:
        print(f"  rate over the run: first third {r.rate_between(0, 1 / 3):.1f}/s, "
              f"middle {r.rate_between(1 / 3, 2 / 3):.1f}/s, "
              f"last third {r.rate_between(2 / 3, 1.0):.1f}/s (the ledger grows as it runs)")
    cpu = r.cpu
    if cpu and r.sent:
        per = 1000.0 / r.sent
        busy = cpu["machine_busy_s"] / r.elapsed_s / cpu["cores"]
        pg = (f", PostgreSQL backends {cpu['pg_s']:.1f} s ({cpu['pg_s'] * per:.2f} ms)"
              if r.backend == "postgresql" else " (SQLite runs inside the workers)")
        print(f"  CPU, {cpu['cores']} cores {busy:.0%} busy: server workers "
              f"{cpu['server_s']:.1f} s ({cpu['server_s'] * per:.2f} ms/mutation){pg}, "
              f"bench client {cpu['client_s']:.1f} s, other processes {cpu['other_s']:.1f} s "
              f"(load average {cpu['load']:.1f})")
        own = (cpu["server_s"] + cpu["pg_s"] + cpu["client_s"]) / r.sent
        if own > 0:
            print(f"  CPU-bound ceiling if the {cpu['cores']} cores were ours alone: "
                  f"~{cpu['cores'] / own:.0f} mutations/s ({own * 1000:.1f} ms CPU per mutation"
                  f"{'; SQLite serialises writers, so less' if r.backend == 'sqlite' else ''})")
    if r.waits:
        total = sum(r.waits.values())
        top = ", ".join(f"{k} {v / total:.0%}" for k, v in r.waits.most_common(6))
        print(f"  PostgreSQL backends of the server, sampled every 0.5 s: {top}")
    print(f"  check: {'OK' if not r.problems else f'{len(r.problems)} PROBLEMS'}")
    for problem in r.problems[:10]:
        print(f"    - {problem}")


def print_summary(results: list[RunResult]) -> None:
    """Every run against the goal, and the best setting per database."""
    print(f"\n== summary: report.create ingest over HTTP, batches of {BATCH}, "
          f"goal >= {GOAL_PER_S:.0f} mutations/s")
    print(f"  {'database':<11}{'setting':>8}{'clients':>8}{'mut/s':>9}{'p50 ms':>8}"
          f"{'p95 ms':>8}  goal")
    for r in results:
        lat = r.latencies_ms or [0.0]
        print(f"  {r.backend:<11}{r.setting:>8}{r.clients:>8}{r.rate:>9.1f}"
              f"{_pct(lat, 0.5):>8.0f}{_pct(lat, 0.95):>8.0f}  "
              f"{'met' if r.rate >= GOAL_PER_S else 'not met'}")
    for backend in dict.fromkeys(r.backend for r in results):
        best = max((r for r in results if r.backend == backend), key=lambda r: r.rate)
        print(f"  best on {backend}: {best.setting} with {best.rate:.1f} mutations/s "
              f"({best.rate / GOAL_PER_S:.0%} of the goal)")
