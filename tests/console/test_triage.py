"""The office triages the synced queue in the browser: merges a suggested duplicate,
bulk-assigns (unit, deadline, plan, leader-led), rejects with a reason, splits a
report off again; the server's ledger says each step happened."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.console.data import in_days, tag
from tests.console.helpers import goto, login, row


def test_office_triages_the_queue(page, console_live, seed):
    t = tag()
    area = seed.area("cadre")
    first = seed.report(f"{area['name']}：村口排水沟堵塞，下雨路面积水{t}", area=area)
    # the same problem from a phone without a fix: never auto-joined, suggested instead
    dup = seed.report(f"{area['name']}：村口排水沟堵塞，下雨就积水{t}", area=area, no_fix=True)
    assert any(s["item_id"] == first for s in seed.item(dup)["suggestions"])
    to_assign = [seed.report(f"{area['name']}：路灯不亮{n}号杆{t}", area=area) for n in (3, 8)]
    junk = seed.report(f"测试上报，请忽略{t}", area=area, category="other", photos=0)
    unit = seed.call("GET", "/api/v1/me")["units"][3]

    login(page, console_live, "office")
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "queue")

    # 疑似重复: open the duplicate, compare, merge it into the first report's item
    goto(page, "#/queue/suggested")
    row(page, dup).locator("td.desc").click()
    card = page.locator(f".detail .suggestion[data-other='{first}']")
    expect(card).to_contain_text("村口排水沟堵塞")
    expect(page.locator(".detail .photos img").first).to_have_attribute("src", re.compile("^blob:"))
    card.locator("button.merge").click()
    expect(page.locator(".toast.ok")).to_contain_text(f"#{dup}")
    expect(row(page, dup)).to_have_count(0)
    merged, survivor = seed.item(dup), seed.item(first)
    assert (merged["status"], merged["merged_into_id"]) == ("merged", first)
    assert survivor["report_count"] == 2 and len(survivor["reports"]) == 2

    # 新上报: tick two items, bulk 交办 to a unit with a deadline, plan and leader
    goto(page, "#/queue/new")
    for item_id in to_assign:
        row(page, item_id).locator("input[type=checkbox]").check()
    expect(page.locator("#selected-count")).to_have_text("已选 2 条")
    page.select_option("#bulk-unit", str(unit["id"]))
    page.fill("#bulk-deadline", in_days(10))
    page.fill("#bulk-plan", "三日内更换灯具并恢复照明")
    page.check("#bulk-leader-led")
    page.fill("#bulk-leader-name", "王副市长")
    page.click("#bulk-assign")
    expect(page.locator("#bulk-result")).to_contain_text("成功 2 条，未成功 0 条")
    expect(page.locator("#bulk-unit")).to_have_value(str(unit["id"]))  # kept for the next batch
    expect(page.locator("#bulk-plan")).to_have_value("三日内更换灯具并恢复照明")
    for item_id in to_assign:
        expect(row(page, item_id)).to_have_count(0)
        it = seed.item(item_id)
        assert (it["status"], it["unit_id"]) == ("assigned", unit["id"])
        assert it["deadline"] == in_days(10)
        assert it["plan"] == "三日内更换灯具并恢复照明" and it["leader_name"] == "王副市长"

    # 不予受理 with a reason: the button asks once more before it acts
    row(page, junk).locator("input[type=checkbox]").check()
    page.fill("#bulk-reason", "测试数据，非真实问题")
    page.click("#bulk-reject")
    expect(page.locator("#bulk-reject")).to_have_text("确认不予受理 1 条？")
    assert seed.item(junk)["status"] == "new"
    page.click("#bulk-reject")
    expect(page.locator("#bulk-result")).to_contain_text("成功 1 条")
    rejected = seed.item(junk)
    assert (rejected["status"], rejected["reject_reason"]) == ("rejected", "测试数据，非真实问题")

    # the survivor's page: both reports, the merge in its history; split one off again
    goto(page, f"#/item/{first}")
    expect(page.locator("#reports .report")).to_have_count(2)
    expect(page.locator("#timeline .event[data-action=absorb]")).to_contain_text(f"#{dup}")
    page.locator(f"#reports .report:has-text('下雨就积水{t}') button.split-report").click()
    expect(page.locator(".toast.ok").last).to_contain_text("已拆分出新条目")
    expect(page.locator("#reports .report")).to_have_count(1)
    after = seed.item(first)
    split = next(e for e in after["events"] if e["action"] == "split")
    assert after["report_count"] == 1
    assert seed.item(split["payload"]["new_item_id"])["description"].endswith(f"下雨就积水{t}")


def test_a_refused_bulk_item_is_reported_and_the_others_go_through(page, console_live, seed):
    t = tag()
    area = seed.area("cadre")
    ok, taken = (seed.report(f"{area['name']}：广场座椅损坏{n}处{t}", area=area,
                             category="convenience") for n in (2, 5))
    login(page, console_live, "office")
    goto(page, "#/queue/new")
    for item_id in (ok, taken):
        row(page, item_id).locator("input[type=checkbox]").check()
    seed.act(taken, "reject", {"reason": "已由他人处理"})  # someone else acts first
    page.select_option("#bulk-unit", index=1)
    page.fill("#bulk-deadline", in_days(5))
    page.fill("#bulk-plan", "限期修复")
    page.click("#bulk-assign")
    result = page.locator("#bulk-result")
    expect(result).to_contain_text("成功 1 条，未成功 1 条")
    expect(result).to_contain_text(f"#{taken} 未成功")
    assert seed.item(ok)["status"] == "assigned" and seed.item(taken)["status"] == "rejected"
