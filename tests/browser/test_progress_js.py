"""The field app's copy of the progress rules (pwa/js/util/progress.js) agrees with its
source, sync/projects.py: apply_progress on every row of CASES (the refusal's code, or
the status, percent, investment and over-budget mark it leaves), and is_late on every
milestone of LATE. Run in the browser on the app's own module, as the phone runs it.

Also the batch in the office's words (第一批), as sync/project_cells.py batch_word
writes it, and the phone's own parts that have no Python twin: how the form's number fields are
read (full-width digits, commas, %), the project as it will stand with this phone's
unsynced updates folded in, and the next milestone.
"""

from datetime import date
from decimal import Decimal

import pytest

from sync import projects as rules
from sync.errors import DomainError
from sync.project_cells import batch_word

# (status, percent, total, done) of the project; (text, percent, done, reason) of the update
CASES = [
    (("in_progress", 40, "1000", "400"), ("主体完工", 60, "600", None)),
    (("in_progress", 40, "1000", "400"), ("同前", None, None, None)),
    (("in_progress", 40, "1000", "400"), ("同比例", 40, "400", None)),
    (("planned", 0, "1000", "0"), ("开工", 5, None, None)),
    (("planned", 0, "1000", "0"), ("准备", 0, "10", None)),
    (("planned", 0, "1000", "0"), ("准备", None, None, None)),
    (("in_progress", 40, "1000", "400"), ("到顶", 100, "1000", None)),
    (("in_progress", 40, "1000", "400"), ("超概算", 90, "1100", "设计变更增加地下车库")),
    (("in_use", 100, "1000", "1000"), ("投用运行", None, None, None)),
    (("completed", 100, "60", "60"), ("尾款", None, "60.5", "物价上涨")),
    (("in_progress", 40, "0.3", "0.1"), ("分毫", None, "0.3", None)),       # 0.1 + 0.2
    (("in_progress", 40, "0.3", "0.1"), ("分毫", None, "0.31", None)),
    (("in_progress", 40, "40575.06", "18000.5"), ("封顶", 45, "18000.50", None)),
    (("in_progress", 40, "1000", "400"), ("", 50, None, None)),
    (("in_progress", 40, "1000", "400"), ("   ", 50, None, None)),
    (("in_progress", 40, "1000", "400"), ("\u3000", 50, None, None)),      # full-width space
    (("in_progress", 40, "1000", "400"), ("x", 101, None, None)),
    (("in_progress", 40, "1000", "400"), ("x", -1, None, None)),
    (("in_progress", 40, "1000", "400"), ("x", None, "-1", None)),
    (("in_progress", 40, "1000", "400"), ("x", 120, "-5", None)),
    (("in_progress", 40, "1000", "400"), ("倒退", 39, None, None)),
    (("in_progress", 40, "1000", "400"), ("倒退", 0, None, None)),
    (("in_progress", 40, "1000", "400"), ("少报", 50, "399.99", None)),
    (("in_progress", 40, "1000", "400"), ("都少", 30, "300", None)),       # percent first
    (("in_progress", 40, "1000", "400"), ("超了", 50, "1000.01", None)),
    (("in_progress", 40, "1000", "400"), ("超了", 50, "1200", "  ")),
    (("in_progress", 40, "1000", "400"), ("超了", 30, "1200", None)),      # over budget first
    (("in_progress", 40, "1000", "1200"), ("已超", None, None, None)),     # kept figure counts
    (("closed", 100, "1000", "1000"), ("补报", 100, None, None)),
    (("closed", 100, "1000", "1000"), ("补报", None, "2000", None)),       # over budget first
    (("closed", 100, "1000", "1000"), ("x", 120, None, None)),             # body first
]

# (due, done_on, today)
LATE = [
    ("2026-09-30", None, "2026-10-08"),
    ("2026-09-30", None, "2026-09-30"),
    ("2026-09-30", "2026-10-02", "2026-10-08"),
    ("2026-10-09", None, "2026-10-08"),
    ("2025-12-31", None, "2026-01-01"),
    ("2026-01-01", None, "2025-12-31"),
]

JS_APPLY = """async (rows) => {
  const { applyProgress } = await import('/js/util/progress.js');
  return rows.map(([p, u]) => applyProgress(p, u));
}"""


def _python(project, update):
    """What sync.projects.apply_progress says: ("refused", code) or the outcome."""
    status, percent, total, done = project
    text, new_percent, new_done, reason = update
    facts = rules.ProjectFacts(status=status, percent=percent,
                               investment_total_wan=Decimal(total),
                               investment_done_wan=Decimal(done))
    change = rules.Progress(text=text, percent=new_percent,
                            investment_done_wan=None if new_done is None else Decimal(new_done),
                            over_budget_reason=reason)
    try:
        out = rules.apply_progress(facts, change)
    except DomainError as err:
        return ("refused", err.code)
    return (out.status, out.percent, float(out.investment_done_wan), out.over_budget)


def _js_rows():
    """The cases as the phone holds them: kept figures as numbers, typed amounts too."""
    num = lambda s: None if s is None else float(s)  # noqa: E731
    return [[{"status": s, "percent": pc, "investment_total_wan": num(t),
              "investment_done_wan": num(d)},
             {"text": text, "percent": npc, "investment_done_wan": num(nd),
              "over_budget_reason": reason}]
            for (s, pc, t, d), (text, npc, nd, reason) in CASES]


def _as_python(out):
    if not out["ok"]:
        return ("refused", out["error"]["code"])
    return (out["status"], out["percent"], out["investment_done_wan"], out["over_budget"])


def test_progress_rule_is_the_servers(lab):
    want = [_python(p, u) for p, u in CASES]
    got = [_as_python(o) for o in lab.evaluate(JS_APPLY, _js_rows())]
    assert got == want
    codes = {w[1] for w in want if w[0] == "refused"}
    assert codes == {"validation_failed", "percent_decreased", "investment_decreased",
                     "over_budget", "invalid_transition"}  # every refusal is exercised


def test_refusals_carry_what_the_words_need(lab):
    """The phone's refusal details name the figures as the server's do, so one function
    words either; the words say the figures."""
    got = lab.evaluate("""async () => {
      const { applyProgress, progressReason } = await import('/js/util/progress.js');
      const p = { status: 'in_progress', percent: 60, investment_total_wan: 1760,
                  investment_done_wan: 1220 };
      return [applyProgress(p, { text: 'x', percent: 40 }),
              applyProgress(p, { text: 'x', investment_done_wan: 1000.5 }),
              applyProgress(p, { text: 'x', investment_done_wan: 1800 })]
        .map((o) => [o.error, progressReason(o.error)]);
    }""")
    assert got[0] == [{"code": "percent_decreased", "details": {"percent": 60, "given": 40}},
                      "形象进度 40% 低于项目已填报的 60%，进度只能增加"]
    assert got[1][0]["details"] == {"investment_done_wan": "1220", "given": "1000.5"}
    assert got[1][1] == "累计完成投资 1,000.5 万元低于项目已填报的 1,220 万元，投资只能增加"
    assert got[2][1] == "累计完成投资 1,800 万元超过总投资 1,760 万元，请写明超出的原因"
    with pytest.raises(DomainError) as err:
        rules.apply_progress(rules.ProjectFacts("in_progress", 60, Decimal(1760), Decimal(1220)),
                             rules.Progress("x", 40))
    assert err.value.details == got[0][0]["details"]  # the server's, word for word


def test_lateness_is_the_servers(lab):
    got = lab.evaluate("""async (rows) => {
      const { isLate } = await import('/js/util/progress.js');
      return rows.map(([due, done, today]) => isLate({ due, done_on: done }, today));
    }""", LATE)
    want = [rules.is_late(date.fromisoformat(d), done and date.fromisoformat(done),
                          date.fromisoformat(t)) for d, done, t in LATE]
    assert want == [True, False, False, False, True, False]
    assert got == want


def test_form_numbers_are_read_as_typed(lab):
    got = lab.evaluate("""async () => {
      const { parsePercent, parseWan } = await import('/js/util/progress.js');
      const show = (n) => (n === null ? null : (Number.isNaN(n) ? 'NaN' : n));
      const percents = ['', ' 60 ', '６０', '60%', '60.5', '-1', 'abc', '1000'];
      const amounts = ['', '1,220', '１２２０．５', '40575.06', '0.001', '-3', '1e3',
                       '99999999999'];
      return [percents.map((s) => show(parsePercent(s))), amounts.map((s) => show(parseWan(s)))];
    }""")
    assert got == [[None, 60, 60, 60, "NaN", "NaN", "NaN", "NaN"],
                   [None, 1220, 1220.5, 40575.06, "NaN", "NaN", "NaN", "NaN"]]


def test_unsynced_updates_are_folded_in_and_the_next_milestone(lab):
    got = lab.evaluate("""async () => {
      const { standing, nextMilestone, lateCount } = await import('/js/util/progress.js');
      const m = (name, due, done_on, position) => ({ name, due, done_on, position });
      const p = { id: 7, status: 'planned', percent: 0, investment_total_wan: 100,
                  investment_done_wan: 0, fetchedAt: '2026-03-01T08:00:00.000Z',
                  milestones: [m('招标', '2026-02-01', null, 2),
                               m('立项', '2026-01-05', '2026-01-04', 0),
                               m('设计', '2026-01-20', null, 1)] };
      const rec = (state, payload, syncedAt) => ({ type: 'project.progress', state, syncedAt,
        payload: { project_id: 7, text: 'x', ...payload } });
      const records = [
        rec('synced', { percent: 5 }, '2026-02-28T08:00:00.000Z'),  // in the kept copy already
        rec('synced', { percent: 10 }, '2026-03-01T09:00:00.000Z'), // applied after the copy
        rec('pending', { percent: 30, investment_done_wan: 20 }),
        rec('rejected', { percent: 90 }),
        rec('pending', { percent: 20 }),                             // lower: changes nothing
        { ...rec('pending', { percent: 99 }), payload: { project_id: 8, text: 'x', percent: 99 } },
      ];
      const s = standing(p, records);
      return { s: [s.status, s.percent, s.investment_done_wan, s.unsynced],
               next: nextMilestone(p.milestones).name, late: lateCount(p.milestones, '2026-02-02'),
               none: nextMilestone([]) };
    }""")
    assert got == {"s": ["in_progress", 30, 20, 2], "next": "设计", "late": 2, "none": None}


def test_batch_words_are_the_offices(lab):
    batches = [*range(0, 101), 120]
    got = lab.evaluate("""async (ns) => {
      const { batchWord } = await import('/js/util/progress.js');
      return ns.map(batchWord);
    }""", batches)
    assert got == [batch_word(n) for n in batches]
    assert got[1:4] == ["第一批", "第二批", "第三批"] and got[21] == "第二十一批"
