"""A project's month from its progress updates: what the 月度进展 reads in SQL
(server.reports.project_sql, the marking updates by id around the month's instants) and
computes from them (server.reports.projects), against the rule over the whole history
(sync.project_figures.period_figures), on both databases.

The histories are every sequence of up to three updates over instants placed on and
around the month's edges (stored in any time order: ids, not times, give the order),
with seeded figures, office corrections between updates and after the last, and first
updates that add to the figures the project was entered with, or nothing.
"""

import itertools
import random
from datetime import timedelta
from decimal import Decimal

from server.extensions import db
from server.models import Project, ProjectProgress, User
from server.reports.periods import parse_period, window
from server.reports.projects import figures
from sync.project_figures import Update, period_figures

MONTHS = ("2026-10", "2026-11")  # complete, and in progress (as of 11-27 10:00)


def _instants(w) -> list:
    """Instants on and around the edges of a window (UTC, as stored)."""
    second = timedelta(seconds=1)
    return [w.start_utc - timedelta(days=3), w.start_utc - second, w.start_utc,
            w.start_utc + timedelta(days=9), w.asof_utc - second, w.asof_utc,
            w.asof_utc + timedelta(days=2)]


def _figures(rnd: random.Random, n: int, start: int, step: int):
    """(entry, [(before, after)] * n, stored now): growing, sometimes corrected between."""
    entry = current = rnd.choice([0, start, start + step])
    pairs = []
    for _ in range(n):
        before = current if rnd.random() < 0.7 else current + rnd.choice([-step, step])
        before = max(before, 0)
        current = before + rnd.choice([0, step, 2 * step])
        pairs.append((before, current))
    if rnd.random() < 0.2:
        current = max(current - step, 0)  # corrected by the office after the last update
    return entry, pairs, current


def _histories(instants: list) -> list[dict]:
    """Every sequence of up to three updates over the instants, with seeded figures."""
    rnd = random.Random(17)
    out = []
    for n in range(4):
        for times in itertools.product(instants, repeat=n):
            entry_p, percents, percent = _figures(rnd, n, 10, 5)
            entry_w, wans, wan = _figures(rnd, n, 1000, 250)
            wans = [(Decimal(b) / 4, Decimal(a) / 4) for b, a in wans]
            out.append({"times": times, "percents": percents, "percent": min(percent, 100),
                        "wans": wans, "wan": Decimal(wan) / 4, "entry": (entry_p, entry_w)})
    return out


def _store(org, histories: list[dict], created) -> list[int]:
    """A project per history, its updates stored in the history's order."""
    ids = []
    for k, h in enumerate(histories):
        p = Project(name=f"口径{k}", category="infrastructure", unit_id=org.units["住建局"],
                    due=created.date() + timedelta(days=500), investment_total_wan=5000,
                    investment_done_wan=h["wan"], percent=h["percent"], status="in_progress",
                    created_at=created, updated_at=created, progress_photo_count=0)
        db.session.add(p)
        db.session.flush()
        for at, (p_before, p_after), (w_before, w_after) in zip(
                h["times"], h["percents"], h["wans"], strict=True):
            db.session.add(ProjectProgress(
                project_id=p.id, user_id=org.users["office"], text="按计划推进",
                percent=min(p_after, 100), percent_before=min(p_before, 100),
                investment_done_wan=w_after, investment_before_wan=w_before, photos=[],
                at=at))  # inserted in the order added: ids in the history's order
        ids.append(p.id)
    db.session.commit()
    return ids


def _rule(h: dict, field: str, w) -> tuple:
    """The rule's (added, figure at the as-of instant) of one history."""
    pairs = h["percents"] if field == "percent" else h["wans"]
    current = h["percent"] if field == "percent" else h["wan"]
    if field == "percent":
        pairs = [(min(b, 100), min(a, 100)) for b, a in pairs]
    updates = [Update(at, b, a) for at, (b, a) in zip(h["times"], pairs, strict=True)]
    return period_figures(current, updates, w.start_utc, w.asof_utc)


def test_the_reports_sql_agrees_with_the_rule_over_every_history(app, org):
    with app.app_context():
        office = db.session.get(User, org.users["office"])
        windows = [window(parse_period("month", m)) for m in MONTHS]
        instants = sorted(set(_instants(windows[0]) + _instants(windows[1])))
        histories = _histories(instants)
        ids = _store(org, histories, windows[0].start_utc - timedelta(days=30))
        assert len(instants) == 12 and len(ids) == 1 + 12 + 12 ** 2 + 12 ** 3
        for w in windows:
            got = {p["id"]: p for p in figures(office, w)}
            assert set(got) == set(ids)
            moved = 0
            for pid, h in zip(ids, histories, strict=True):
                added, done = _rule(h, "wan", w)
                _, percent = _rule(h, "percent", w)
                p = got[pid]
                assert (p["investment_added_wan"], p["investment_done_wan"], p["percent"]) \
                    == (added, done, percent), (w.period.key, h)
                assert p["updates"] == sum(w.start_utc <= t < w.asof_utc for t in h["times"])
                moved += added != 0
            assert moved > 100  # the table is not all zeros
