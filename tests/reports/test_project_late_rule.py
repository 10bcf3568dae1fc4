"""节点滞后 on a day: the SQL of the reports (server.reports.project_sql.late_at) against the
rule (sync.project_figures.late_on, which is sync.projects.is_late with a completion after
that day read as not done yet), over a table of milestones and days, on both databases."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from server.extensions import db
from server.models import Milestone, Project
from server.reports.project_sql import late_at
from sync.project_figures import done_by, late_on
from sync.projects import is_late

D = date(2026, 11, 20)
DUES = [D - timedelta(days=30), D - timedelta(days=1), D, D + timedelta(days=1),
        date(2026, 10, 1), date(2026, 12, 31)]
DONE = [None, D - timedelta(days=40), D - timedelta(days=1), D, D + timedelta(days=1),
        D + timedelta(days=30)]
DAYS = [D - timedelta(days=31), D - timedelta(days=1), D, D + timedelta(days=1),
        date(2026, 10, 1), date(2026, 10, 2), date(2027, 1, 1)]


@pytest.mark.parametrize("due,done_on,day,late", [
    (D, None, D, False),                      # due today: not late yet
    (D, None, D + timedelta(days=1), True),   # the day after: late
    (D, D, D + timedelta(days=1), False),     # done on its day
    (D, D + timedelta(days=2), D + timedelta(days=1), True),   # done later: late then
    (D, D + timedelta(days=2), D + timedelta(days=3), False),  # and not once done
    (D, D - timedelta(days=9), D + timedelta(days=1), False),  # done early
])
def test_the_rule(due, done_on, day, late):
    assert late_on(due, done_on, day) is late


def test_on_a_day_after_every_completion_it_is_is_late_itself():
    day = date(2030, 1, 1)
    for due in DUES:
        for done_on in DONE:
            assert late_on(due, done_on, day) == is_late(due, done_on, day)
            assert done_by(done_on, day) == done_on


def test_sql_twin_agrees_with_the_rule(app, org):
    with app.app_context():
        project = Project(name="节点表", category="infrastructure", unit_id=org.units["住建局"],
                          due=date(2027, 6, 30), investment_total_wan=1)
        cases = {}
        for i, (due, done_on) in enumerate((d, x) for d in DUES for x in DONE):
            m = Milestone(name=f"节点{i}", due=due, done_on=done_on, position=i)
            project.milestones.append(m)
            cases[i] = (due, done_on)
        db.session.add(project)
        db.session.commit()
        names = {m.name: m.position for m in project.milestones}
        sizes = []
        for day in DAYS:
            found = {names[n] for n in db.session.scalars(
                select(Milestone.name).where(Milestone.project_id == project.id, late_at(day)))}
            expected = {i for i, (due, done_on) in cases.items() if late_on(due, done_on, day)}
            assert found == expected, day
            sizes.append(len(expected))
        assert 0 in sizes and max(sizes) < len(cases), "the table has both answers on a day"
