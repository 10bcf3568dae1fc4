"""季排名 in the console (issue 18, point 9): each column is named for what it is, from the
report's own definitions; a unit without items shows — rather than 0.0%; 统计口径 lists
every figure with its definition and formula."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.console.data import tag, today
from tests.console.helpers import goto, login


def test_ranking_names_and_defines_every_figure(page, console_live, seed):
    idle = f"应急管理局{tag()}"
    seed.call("POST", "/api/v1/admin/units", {"name": idle, "kind": "department"}, user="admin")
    period = f"{today()[:4]}-Q{(int(today()[5:7]) - 1) // 3 + 1}"
    report = seed.call("GET", f"/api/v1/reports/ranking?quarter={period}")
    named = {d["key"]: d for d in report["definitions"]}
    assert named["carried"]["term"] == "交办数" and named["kept_rate"]["term"] == "未退回率"

    login(page, console_live, "office")
    goto(page, f"#/reports/ranking?period={period}")
    main = page.locator("main")
    expect(page.locator("#report-heading")).to_have_text(report["heading"])
    for wrong in ("未反弹率", "在办基数"):
        expect(main).not_to_contain_text(wrong)

    table = page.locator("table.data", has=page.get_by_text("样本不足，不参加排名", exact=True))
    heads = table.locator("thead th").all_inner_texts()
    for key in ("carried", "closed", "closure_rate", "on_time_rate", "satisfaction_rate",
                "return_rate", "kept_rate", "verified", "returned", "score"):
        assert named[key]["term"] in heads, (key, heads)

    # the unit with no items: every rate is —, none is 0.0%
    cells = table.locator("tbody tr", has=page.get_by_text(idle, exact=True)).locator("td")
    texts = cells.all_inner_texts()
    by_head = dict(zip(heads, texts, strict=True))
    for key in ("closure_rate", "on_time_rate", "satisfaction_rate", "return_rate", "kept_rate"):
        assert by_head[named[key]["term"]] == "—", (key, by_head)
    assert by_head[named["carried"]["term"]] == "0"
    assert not any("%" in x for x in texts)

    # 统计口径: every figure, its definition and its formula
    terms = page.locator("dl.facts").last
    dts = terms.locator("dt").all_inner_texts()
    assert dts == [d["term"] for d in report["definitions"]]
    for i, d in enumerate(report["definitions"]):
        dd = terms.locator("dd").nth(i)
        expect(dd).to_contain_text(d["text"])
        if d["formula"]:
            expect(dd.locator(".def-formula")).to_have_text(d["formula"])
