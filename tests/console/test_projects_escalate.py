"""纳入民生实事台账 from an item page: offered to the office for an item in rectification
(not for a new one), with the item's unit and aspect to start from; the new project links
back to the item, the item to the project, the timeline records it, and the project's page
shows the item with its photos. A refusal (another hand was quicker) comes back in the
form with what was typed."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.console.data import in_days, tag
from tests.console.helpers import goto, login


def _assigned(seed, text: str) -> int:
    item_id = seed.report(text, photos=2)
    seed.act(item_id, "assign", {"unit_id": seed.unit_id("住建局"), "deadline": in_days(10),
                                 "plan": "现场核实后限期整改到位"})
    return item_id


def test_escalate_an_item_and_follow_the_links(page, console_live, seed):
    t = tag()
    fresh = seed.report(f"祥和路排水管网老化雨天倒灌{t}")
    item_id = _assigned(seed, f"郭老庄村内道路坑洼积水严重{t}")
    login(page, console_live, "office")
    goto(page, f"#/item/{fresh}")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "new")
    expect(page.locator("#act-escalate")).to_have_count(0)

    goto(page, f"#/item/{item_id}")
    form = page.locator("#act-escalate")
    expect(form).to_be_visible()
    expect(form.locator("#escalate-unit option:checked")).to_have_text("住建局")
    expect(form.locator("#escalate-category option:checked")).to_have_text("城乡基础设施建设")
    form.locator("button[type=submit]").click()
    expect(form.locator(".error")).to_have_text("请填写项目名称")

    form.locator("#escalate-name").fill(f"郭老庄村内道路及排水改造工程{t}")
    form.locator("#escalate-total").fill("85.5")
    form.locator("#escalate-due").fill(in_days(200))
    form.locator("#escalate-leader-led").check()
    form.locator("#escalate-leader").fill("副市长")
    form.locator("button[type=submit]").click()
    expect(page.locator(".toast.ok").last).to_have_text("已纳入民生实事台账")
    link = page.locator("#item-project-link")
    expect(link).to_be_visible()
    expect(page.locator("#act-escalate")).to_have_count(0)
    project_id = seed.item(item_id)["project_id"]
    expect(link).to_have_text(f"查看项目 #{project_id}")
    event = page.locator("#timeline .event[data-action=escalate]")
    expect(event).to_contain_text("纳入民生实事台账")
    expect(event).to_contain_text(
        f"纳入民生实事项目：郭老庄村内道路及排水改造工程{t}（项目 #{project_id}）")
    expect(event).to_contain_text("责任单位：住建局")

    project = seed.call("GET", f"/api/v1/projects/{project_id}")
    assert (project["item_id"], project["leader_led"], project["leader"]) == (
        item_id, True, "副市长")
    assert (project["investment_total_wan"], project["batch"], project["category"]) == (
        85.5, 1, "infrastructure")
    assert project["due"] == in_days(200) and len(project["milestones"]) == 6

    link.click()
    expect(page.locator("#project-name")).to_have_text(f"郭老庄村内道路及排水改造工程{t}")
    panel = page.locator("#project-item")
    expect(panel).to_contain_text(f"郭老庄村内道路坑洼积水严重{t}")
    expect(panel).to_contain_text("上报 1 次")
    expect(panel.locator(".thumb")).to_have_count(2)
    thumb = panel.locator(".thumb img").first
    assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    expect(page.locator("#project-item-link")).to_have_text(f"#{item_id}")
    page.locator("#project-item a.btn").click()
    expect(page.locator(".item-page")).to_have_attribute("data-id", str(item_id))


def test_a_refused_escalation_keeps_what_was_typed(page, console_live, seed):
    t = tag()
    item_id = _assigned(seed, f"和庄村饮水管道漏水压力小{t}")
    login(page, console_live, "office")
    goto(page, f"#/item/{item_id}")
    form = page.locator("#act-escalate")
    form.locator("#escalate-name").fill(f"和庄村饮水管网改造{t}")
    form.locator("#escalate-total").fill("40")
    form.locator("#escalate-due").fill(in_days(150))
    # meanwhile another office user makes the project
    seed.act(item_id, "escalate", {"name": f"和庄村供水工程{t}", "batch": 2,
                                   "investment_total_wan": "42", "due": in_days(160)},
             user="office2")
    form.locator("button[type=submit]").click()
    expect(page.locator("#act-escalate .error")).to_have_text("本条已纳入民生实事台账")
    expect(page.locator("#escalate-name")).to_have_value(f"和庄村饮水管网改造{t}")
    expect(page.locator("#escalate-total")).to_have_value("40")
