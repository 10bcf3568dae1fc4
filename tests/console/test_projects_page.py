"""A 民生实事 project's page in the console: its figures and 节点 with the server's 节点滞后
marks, 项目进展 posted from the console with a photo (uploaded under its hash first) and
refused by the server's rules with the reason in the form, the 倒排工期 proposal edited and
saved, the office's status step, the supervisor's 现场验收 — 不满意 sends it back to 在建,
满意 closes it (销号) — a handler's page of their unit's project, and the 公示牌 printed from
the page (none offered for a project withheld from the public)."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.console.data import in_days, jpeg, tag, today
from tests.console.helpers import csp_violations, goto, login

SITE = (34.4712, 113.7195)


def _project(seed, t: str, **extra) -> dict:
    """A project of the handler's unit (住建局): one milestone done, one late, one to come."""
    body = {"name": f"龙湖镇文化站改造{t}", "category": "culture_tourism",
            "unit_id": seed.unit_id("住建局"), "investment_total_wan": "120",
            "start": in_days(-60), "due": in_days(120), "lat": SITE[0], "lon": SITE[1],
            "milestones": [{"name": "设计", "due": in_days(-40), "done_on": in_days(-42)},
                           {"name": "主体施工", "due": in_days(-5)},
                           {"name": "竣工验收", "due": in_days(120)}], **extra}
    return seed.call("POST", "/api/v1/projects", body)


def _photo_file(tmp_path: Path, seed_text: str) -> str:
    path = tmp_path / f"{seed_text}.jpg"
    path.write_bytes(jpeg(seed_text))
    return str(path)


def _logout(page) -> None:
    page.click("#logout")
    page.wait_for_selector("html[data-ready=login]")


def test_milestones_progress_and_the_plan(page, console_live, seed, tmp_path: Path):
    t = tag()
    pr = _project(seed, t)
    login(page, console_live, "office")
    goto(page, f"#/project/{pr['id']}")
    expect(page.locator("#project-name")).to_have_text(f"龙湖镇文化站改造{t}")
    expect(page.locator(".project-page .screen-head [data-late]")).to_have_text("节点滞后 1 个")
    expect(page.locator("#project-facts")).to_contain_text("0 / 120 万元（0.0%）")
    states = page.locator("#milestone-table tbody tr td:last-child").all_inner_texts()
    assert states == ["已完成", "节点滞后", "未到期"], states
    expect(page.locator("#milestone-table tr.late")).to_have_attribute("data-milestone", "主体施工")

    page.fill("#progress-text", f"主体结构完成，开始内部装修{t}")
    page.fill("#progress-percent", "30")
    page.fill("#progress-done", "40")
    page.set_input_files("#progress-photos", _photo_file(tmp_path, f"progress-{t}"))
    page.click("#project-progress-submit")
    expect(page.locator(".toast.ok").last).to_have_text("项目进展已提交")
    first = page.locator("#progress-list .update").first
    expect(first).to_contain_text(f"主体结构完成，开始内部装修{t}")
    expect(first.locator(".update-line")).to_have_text("形象进度 30%，累计完成投资 40 万元")
    expect(first).to_contain_text("吴霞 填报")
    thumb = first.locator(".thumb img")
    expect(thumb).to_have_attribute("src", re.compile("^blob:"))
    assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    first.locator(".thumb").click()
    expect(page.locator(".viewer")).to_be_visible()
    page.click("#viewer-close")
    expect(page.locator(".project-page .screen-head .pst-in_progress")).to_have_text("在建")
    expect(page.locator("#project-percent progress")).to_have_attribute("value", "30")
    detail = seed.call("GET", f"/api/v1/projects/{pr['id']}")
    assert (detail["percent"], detail["investment_done_wan"]) == (30, 40.0)
    assert len(detail["progress"]) == 1 and len(detail["progress"][0]["photos"]) == 1

    # the server's rules, in words, with what was typed kept
    page.fill("#progress-text", f"补报上月进度{t}")
    page.fill("#progress-percent", "20")
    page.click("#project-progress-submit")
    expect(page.locator("#project-progress-error")).to_have_text(
        "形象进度不能低于已填报的 30%，进度只能增加；填错了请联系台账管理员修改")
    expect(page.locator("#progress-text")).to_have_value(f"补报上月进度{t}")
    page.fill("#progress-percent", "")
    page.fill("#progress-done", "130")
    page.click("#project-progress-submit")
    expect(page.locator("#project-progress-error")).to_have_text(
        "累计完成投资超过了总投资，请填写超概算原因")
    assert len(seed.call("GET", f"/api/v1/projects/{pr['id']}")["progress"]) == 1

    # 倒排工期: the server's proposal, edited (a step done, the last removed) and saved
    page.click("#ms-editor summary")
    page.click("#ms-plan")
    rows = page.locator("#ms-editor .ms-row")
    expect(rows).to_have_count(6)
    plan = seed.call("GET", f"/api/v1/projects/milestones/plan?due={pr['due']}&start={pr['start']}")
    names = [r.locator("input[name=ms-name]").input_value() for r in rows.all()]
    assert names == [m["name"] for m in plan["milestones"]]
    rows.first.locator("input[name=ms-done]").fill(today())
    rows.last.locator(".ms-remove").click()
    page.click("#project-milestones-submit")
    expect(page.locator(".toast.ok").last).to_have_text("节点计划已保存")
    saved = seed.call("GET", f"/api/v1/projects/{pr['id']}")["milestones"]
    assert [m["name"] for m in saved] == names[:5]
    assert saved[0]["done_on"] == today() and saved[1]["due"] == plan["milestones"][1]["due"]
    expect(page.locator("#milestone-table tbody tr")).to_have_count(5)

    page.select_option("#project-status-to", "completed")
    page.click("#project-status-submit")
    expect(page.locator(".toast.ok").last).to_have_text("项目状态已调整为“已完工”")
    expect(page.locator(".project-page .screen-head .pst-completed")).to_have_text("已完工")
    page.select_option("#project-status-to", "planned")
    page.click("#project-status-submit")
    expect(page.locator("#project-status-error")).to_contain_text("逐级调整")


def test_verification_on_site_returns_on_unsatisfied_and_closes_on_satisfied(
        page, console_live, seed, tmp_path: Path):
    t = tag()
    pr = _project(seed, t, investment_done_wan="0")
    shot = seed.photo(f"done-{t}", user="office")
    seed.call("POST", f"/api/v1/projects/{pr['id']}/progress",
              {"text": "全部完工", "percent": 100, "investment_done_wan": "118", "photos": [shot]})
    seed.call("PATCH", f"/api/v1/projects/{pr['id']}", {"status": "completed"})
    page.context.grant_permissions(["geolocation"], origin=console_live.url)
    page.context.set_geolocation({"latitude": SITE[0] + 0.0003, "longitude": SITE[1],
                                  "accuracy": 8})
    login(page, console_live, "supervisor")
    goto(page, f"#/project/{pr['id']}")
    expect(page.locator("#project-progress")).to_have_count(0)
    expect(page.locator("#project-actions")).to_have_count(0)
    page.click("#verify-locate")
    expect(page.locator("#verify-located")).to_have_text("已定位，精度约 8 米")
    expect(page.locator("#verify-lat")).to_have_value(str(round(SITE[0] + 0.0003, 6)))
    page.select_option("#verify-satisfaction", "unsatisfied")
    page.set_input_files("#verify-photos", _photo_file(tmp_path, f"verify1-{t}"))
    page.fill("#project-verify textarea[name=note]", "文化站门前坡道太陡，老人进出不便")
    page.click("#project-verify-submit")
    expect(page.locator(".toast.ok").last).to_have_text("验收未通过，项目退回在建")
    expect(page.locator(".project-page .screen-head .pst-in_progress")).to_have_text("在建")
    card = page.locator("#verifications .verification").first
    expect(card).to_have_attribute("data-closes", "false")
    expect(card).to_contain_text("群众满意度：不满意")
    expect(page.locator("#verify-not-yet")).to_be_visible()

    seed.call("PATCH", f"/api/v1/projects/{pr['id']}", {"status": "completed"})
    page.reload()  # the office has moved it on meanwhile
    page.wait_for_selector("html[data-ready=console]")
    page.click("#verify-locate")
    expect(page.locator("#verify-located")).to_be_visible()
    page.select_option("#verify-satisfaction", "satisfied")
    page.click("#project-verify-submit")  # no photo: closing needs one
    expect(page.locator("#project-verify-error")).to_have_text(
        "验收通过须上传现场照片，且项目已有进展照片")
    page.set_input_files("#verify-photos", _photo_file(tmp_path, f"verify2-{t}"))
    page.fill("#project-verify input[name=resident_name]", "居民代表")
    page.click("#project-verify-submit")
    expect(page.locator(".toast.ok").last).to_have_text("验收通过，项目已销号")
    expect(page.locator(".project-page").first).to_have_attribute("data-status", "closed")
    expect(page.locator("#verifications .verification")).to_have_count(2)
    expect(page.locator("#project-verify")).to_have_count(0)
    got = seed.call("GET", f"/api/v1/projects/{pr['id']}")
    assert got["status"] == "closed"
    assert [v["closes"] for v in got["verifications"]] == [False, True]
    assert got["verifications"][0]["note"] == "文化站门前坡道太陡，老人进出不便"


def test_a_handler_posts_progress_on_their_units_project_only(page, console_live, seed,
                                                              tmp_path: Path):
    t = tag()
    pr = _project(seed, t)
    other = seed.call("POST", "/api/v1/projects", {
        "name": f"城管局项目{t}", "category": "convenience", "unit_id": seed.unit_id("城管局"),
        "investment_total_wan": "50", "due": in_days(90)})
    login(page, console_live, "handler")
    goto(page, f"#/project/{pr['id']}")
    expect(page.locator("#project-actions")).to_have_count(0)
    expect(page.locator("#ms-editor")).to_have_count(0)
    page.fill("#progress-text", f"完成室内墙面粉刷{t}")
    page.fill("#progress-percent", "15")
    page.set_input_files("#progress-photos", _photo_file(tmp_path, f"handler-{t}"))
    page.click("#project-progress-submit")
    expect(page.locator("#progress-list .update").first).to_contain_text("刘洋 填报")
    assert seed.call("GET", f"/api/v1/projects/{pr['id']}")["percent"] == 15
    goto(page, f"#/project/{other['id']}")
    expect(page.locator(".error-box")).to_contain_text("没有找到该项目，或您无权查看")
    _logout(page)  # the office sees the unit's photo
    login(page, console_live, "office")
    goto(page, f"#/project/{pr['id']}")
    thumb = page.locator("#progress-list .update").first.locator(".thumb img")
    expect(thumb).to_have_attribute("src", re.compile("^blob:"))
    assert thumb.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0


def test_office_prints_the_projects_placard_and_a_withheld_one_offers_none(page, console_live,
                                                                          seed):
    t = tag()
    pr = _project(seed, t)
    hidden = _project(seed, f"{t}H", public=False)
    login(page, console_live, "office")
    goto(page, f"#/project/{pr['id']}")
    page.click("#project-placard-show")
    frame = page.frame_locator("#project-placard-frame")
    expect(frame.locator("h1")).to_have_text("民生实事项目公示牌")
    expect(frame.locator("body")).to_contain_text(f"龙湖镇文化站改造{t}")
    assert page.locator("#project-placard-frame").get_attribute("sandbox") == \
        "allow-same-origin allow-modals"
    assert frame.locator("script").count() == 0 and not csp_violations(page)
    expect(page.locator("#project-placard-print")).to_be_visible()
    with page.expect_download() as got:
        page.click("#project-placard-pdf")
    assert got.value.suggested_filename == f"项目公示牌_{pr['id']}.pdf"
    assert Path(got.value.path()).read_bytes()[:5] == b"%PDF-"
    goto(page, f"#/project/{hidden['id']}")
    expect(page.locator("#project-name")).to_have_text(f"龙湖镇文化站改造{t}H")
    expect(page.locator("#project-placard")).to_have_count(0)
    expect(page.locator("#project-facts")).to_contain_text("不公开")
