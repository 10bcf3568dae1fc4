"""The overdue rule as a table: (status, deadline, today, rectified_on, overdue).

sync.workflow.is_overdue is the source; its SQL and JavaScript copies are tested against
the same rows (tests/core/test_workflow.py, tests/ledger/test_overdue_twins.py,
tests/browser/test_overdue_js.py).
"""

from datetime import date

D = date(2026, 11, 26)      # a Thursday deadline
TODAY = date(2026, 12, 3)

CASES = [
    ("new", D, TODAY, None, True),
    ("assigned", D, date(2026, 11, 27), None, True),
    ("assigned", D, D, None, False),                      # the deadline day itself is on time
    ("assigned", D, date(2026, 11, 25), None, False),
    ("long_term", date(2026, 11, 1), TODAY, None, True),
    ("assigned", None, TODAY, None, False),
    # waiting for verification: judged on the day it was rectified, not today
    ("rectified", D, TODAY, date(2026, 11, 24), False),
    ("rectified", D, TODAY, D, False),
    ("rectified", D, TODAY, date(2026, 11, 27), True),
    ("rectified", D, TODAY, None, True),                  # no rectification day known: today
    ("rectified", D, date(2026, 11, 25), date(2026, 11, 27), False),  # never after today
    ("rectified", None, TODAY, date(2026, 11, 27), False),
    ("closed", date(2026, 11, 1), TODAY, date(2026, 11, 20), False),
    ("rejected", date(2026, 11, 1), TODAY, None, False),
    ("merged", date(2026, 11, 1), TODAY, None, False),
]
