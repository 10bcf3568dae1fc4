"""The field app's copy of the overdue rule (pwa/js/views/itemparts.js isOverdue) agrees
with its source, sync.workflow.is_overdue, on every row of tests/overdue_cases.py.

Rectification times go in as the server sends them, naive UTC at 07:30 Beijing time (the
evening before in UTC), so a copy reading the UTC date would be a day early here.
"""

from datetime import datetime, time, timedelta

from sync.workflow import is_overdue
from tests.overdue_cases import CASES


def _utc_text(local_day):
    at = datetime.combine(local_day, time(7, 30)) - timedelta(hours=8)
    return at.isoformat()


def test_field_app_overdue_is_the_rule(lab):
    rows = [{"status": s, "deadline": d.isoformat() if d else None, "today": t.isoformat(),
             "rectified_at": _utc_text(r) if r else None} for s, d, t, r, _ in CASES]
    got = lab.evaluate("""async (rows) => {
      const { isOverdue } = await import('/js/views/itemparts.js');
      return rows.map((r) => isOverdue(r, r.today));
    }""", rows)
    want = [is_overdue(s, d, t, r) for s, d, t, r, _ in CASES]
    assert want == [c[4] for c in CASES]
    assert got == want


def test_server_flag_does_not_override_the_rule(lab):
    """Rectified on time, the server's stale flag said overdue: the phone says not."""
    got = lab.evaluate("""async () => {
      const { isOverdue } = await import('/js/views/itemparts.js');
      return isOverdue({ status: 'rectified', deadline: '2026-11-26', overdue: true,
        rectified_at: '2026-11-25T02:00:00' }, '2026-12-03');
    }""")
    assert got is False
