"""民生实事 on the public page (issue 17) as a resident sees it on a 375×812 phone, against
the real server over the demo organisation: the 民生实事 tab lists the public projects in
the 台账's order, compact and page by page, with filters kept in the address; a project's
page at /public/?project=<id> (its 公示牌's QR code) shows the progress bar, the
milestones with 滞后 marked, investment, unit, the leader of a leader-led project, the
latest photos and the progress history redacted; 群众评议 is given once and a second time
refused in words. A withheld project is nowhere. The test makes its own projects (of a
unit no demo handler belongs to) through the office's API."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.loop import call, local_today, scene_jpeg, upload
from tests.browser.loop import login as token

PHONE = {"width": 375, "height": 812}
STATUS = {"planned": "未开工", "in_progress": "在建", "completed": "已完工", "in_use": "已投用",
          "closed": "已销号"}
PROGRESS = "桥墩浇筑完成，项目经理王秀英现场盯守，联系电话 138 1234 5678"
PERSONAL = ("王秀英", "138 1234 5678", "13812345678")
MAX_LIST_PX = 4600  # 20 cards


def day(iso: str) -> str:
    """2026-05-03 -> 2026年5月3日, as the page writes a local day."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def project(server, office: str, unit: int, area: dict, name: str, **kw) -> dict:
    """A project created by the office; its JSON."""
    body = {"name": name, "batch": 1, "category": "infrastructure", "unit_id": unit,
            "investment_total_wan": 760, "leader_led": False,
            "due": (local_today() + timedelta(days=400)).isoformat(), "area_id": area["id"],
            "lat": area["lat"], "lon": area["lon"], **kw}
    return call(server, "POST", "/api/v1/projects", body, office)


@pytest.fixture(scope="module")
def made(live) -> dict:
    """Two projects of this run (one leader-led with late and done milestones and a photo,
    one withheld) and enough plain ones that the list runs past a page."""
    office = token(live, "office")
    me = call(live, "GET", "/api/v1/me", token=token(live, "cadre"))
    area = next(a for a in me["areas"] if a["assigned"] and a["lat"] is not None)
    theirs = call(live, "GET", "/api/v1/me", token=token(live, "handler"))["user"]["unit_id"]
    units = call(live, "GET", "/api/v1/admin/units", token=token(live, "admin"))
    unit = next(u for u in units if u["id"] != theirs and u["active"])
    tag = "".join(random.sample("东南西北前后左右松柏竹梅兰菊", 3))
    past, done = (local_today() - timedelta(days=d) for d in (3, 20))
    later = local_today() + timedelta(days=300)
    led = project(live, office, unit["id"], area, f"{tag}西关桥改建工程", leader="市长 李建国",
                  leader_led=True, investment_total_wan=17600, milestones=[
                      {"name": "开工", "due": done.isoformat(), "done_on": done.isoformat()},
                      {"name": "桥墩浇筑", "due": past.isoformat()},
                      {"name": "竣工验收", "due": later.isoformat()}])
    photo = upload(live, office, scene_jpeg(f"progress-{tag}"))
    call(live, "POST", f"/api/v1/projects/{led['id']}/progress", {
        "text": PROGRESS, "percent": 35, "investment_done_wan": "6100.5", "photos": [photo],
        "lat": area["lat"], "lon": area["lon"], "accuracy_m": 6.0}, office)
    hidden = project(live, office, unit["id"], area, f"{tag}不公开的项目", public=False)
    plain = [project(live, office, unit["id"], area, f"{tag}民生实事第{n}号", leader="张科长")["id"]
             for n in range(21)]
    return {"led": led["id"], "hidden": hidden["id"], "plain": plain, "photo": photo,
            "unit": unit["name"], "area": area, "tag": tag}


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    """Debian's chromium."""
    from tests.browser.conftest import ARGS, CHROMIUM
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(chromium):
    """A fresh 375×812 phone tab that fails the test on any script error."""
    ctx = chromium.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True,
                               has_touch=True, locale="zh-CN", timezone_id="Asia/Shanghai")
    ctx.set_default_timeout(20000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ctx.close()
    assert not errors, errors


def open_public(page: Page, server, query: str = "") -> Page:
    """The public page at /public/{query}, once it has drawn its first screen."""
    page.goto(f"{server.url}/public/{query}")
    page.wait_for_selector("html[data-ready=public]")
    return page


def api(server, query: str = "") -> dict:
    """The public project list as anyone calls it."""
    return call(server, "GET", f"/api/v1/public/projects{query}")


def ids_of(page: Page) -> list[int]:
    """The projects of the cards shown, in order."""
    return [int(i) for i in page.locator(".items > li.project").evaluate_all(
        "els => els.map(e => e.dataset.id)")]


def assert_nothing_private(page: Page) -> None:
    """No phone number or name typed in a progress text, no coordinates."""
    text = page.locator("body").inner_text()
    for datum in PERSONAL:
        assert datum not in text, f"{datum!r} reached the public page"
    assert not re.search(r"\d{2,3}\.\d{3,}", text), "coordinates on the public page"


def test_the_project_list_on_a_phone(live, made, phone):
    page = open_public(phone, live)
    page.locator(".tabs a[data-tab=projects]").click()
    page.wait_for_function("() => location.search === '?tab=projects'")
    expect(page.locator(".tabs a[data-tab=projects]")).to_have_attribute("aria-current", "page")
    first = api(live, "?per_page=20")
    cards = page.locator(".items > li.project")
    expect(cards).to_have_count(20)
    assert ids_of(page) == [p["id"] for p in first["projects"]]
    expect(page.locator("#list-total")).to_have_text(f"共 {first['total']} 个项目")
    height = page.locator(".items").bounding_box()["height"]
    assert height < MAX_LIST_PX, f"20 cards are {height:.0f} px tall"
    for p in first["projects"]:
        expect(page.locator(f"li.project[data-id='{p['id']}'] .chip[data-status]")).to_have_text(
            STATUS[p["status"]])
    with_photos = [p["id"] for p in first["projects"] if p["photos"]]
    expect(page.locator(".items img.thumb")).to_have_count(len(with_photos))

    more = page.locator("#load-more")
    expect(more).to_have_text(f"加载更多（还剩 {first['total'] - 20} 个）")
    while more.count() and more.is_visible():  # page by page to the end
        shown = cards.count()
        more.click()
        expect(cards).not_to_have_count(shown)
    expect(page.locator(".more .all")).to_have_text("已全部显示")
    everything = api(live, "?per_page=50&page=1")
    assert ids_of(page)[:50] == [p["id"] for p in everything["projects"]]
    assert made["hidden"] not in ids_of(page), "a withheld project is public"
    assert set(made["plain"]) <= set(ids_of(page))

    card = page.locator(f"li.project[data-id='{made['led']}']")
    area = made["area"]
    expect(card.locator(".name")).to_have_text(f"{made['tag']}西关桥改建工程")
    expect(card.locator(".where")).to_have_text(
        f"{area['township_name']} · {area['name']} · 城乡基础设施建设 · 第一批")
    expect(card.locator(".chip[data-status]")).to_have_text("在建")
    expect(card.locator(".chip.late")).to_have_text("节点滞后")
    expect(card.locator(".chip.led")).to_have_text("领导领办")
    expect(card.locator("progress")).to_have_attribute("value", "35")
    expect(card.locator(".pct")).to_have_text("35%")
    expect(card.locator(".money")).to_contain_text("已完成投资 6100.5 / 17600 万元")
    expect(card.locator("img.thumb")).to_have_attribute(
        "src", f"/api/v1/public/photos/{made['photo']}/thumb")
    plain = page.locator(f"li.project[data-id='{made['plain'][0]}']")
    expect(plain.locator("img")).to_have_count(0)
    expect(plain.locator(".chip.led")).to_have_count(0)
    expect(plain.locator(".chip[data-status]")).to_have_text("未开工")
    assert "张科长" not in page.locator("body").inner_text(), "the leader of a leader-led only"
    assert_nothing_private(page)


def test_filters_live_in_the_address(live, made, phone):
    page = open_public(phone, live, "?tab=projects")
    counts = api(live, "?per_page=1")["by_status"]
    option = page.locator("#filter-status option[value=in_progress]")
    expect(option).to_have_text(f"在建（{counts['in_progress']}）")
    page.select_option("#filter-status", "in_progress")
    page.wait_for_function("() => location.search === '?tab=projects&status=in_progress'")
    listed = api(live, "?status=in_progress&per_page=20")
    expect(page.locator("#list-total")).to_have_text(f"共 {listed['total']} 个项目")
    assert ids_of(page) == [p["id"] for p in listed["projects"]]
    assert made["led"] in ids_of(page)
    page.reload()  # the shared address opens the same list
    page.wait_for_selector("html[data-ready=public]")
    expect(page.locator("#filter-status")).to_have_value("in_progress")
    assert ids_of(page) == [p["id"] for p in listed["projects"]]
    page.locator(".tabs a[data-tab=items]").click()  # the other tab: the problems
    page.wait_for_function("() => location.search === ''")
    expect(page.locator("#list-total")).to_have_text(re.compile(r"^共 \d+ 个问题$"))
    page.locator(".tabs a[data-tab=projects]").click()  # back: the filtered list kept
    page.wait_for_function("() => location.search === '?tab=projects&status=in_progress'")
    assert ids_of(page) == [p["id"] for p in listed["projects"]]


def test_the_project_page_and_one_rating(live, made, phone):
    pid = made["led"]
    detail = call(live, "GET", f"/api/v1/public/projects/{pid}")
    page = open_public(phone, live, f"?project={pid}")
    screen = page.locator(f".project-page[data-id='{pid}']")
    expect(screen.locator(".project-name")).to_have_text(f"{made['tag']}西关桥改建工程")
    expect(page.locator("#project-bar")).to_have_attribute("value", "35")
    expect(screen.locator(".percent")).to_contain_text(
        f"截至{day(detail['updated_on'])}责任单位填报")
    facts = screen.locator(".facts")
    for text in (made["unit"], "市长 李建国", "17600 万元", "6100.5 万元", "（完成 34.7%）",
                 day(detail["due"]), detail["place"], "第一批"):
        expect(facts).to_contain_text(text)
    steps = screen.locator(".steps li")
    expect(steps).to_have_count(3)
    expect(steps.nth(0)).to_contain_text(f"{day(detail['milestones'][0]['done_on'])}已完成")
    expect(steps.nth(1).locator(".chip.late")).to_have_text("滞后")
    expect(steps.nth(2).locator(".chip.late")).to_have_count(0)
    update = screen.locator(".history .timeline > li")
    expect(update).to_have_count(1)
    expect(update.locator(".u-text")).to_have_text(detail["progress"][0]["text"])
    expect(update.locator(".u-text")).to_contain_text("桥墩浇筑完成")
    expect(update.locator(".u-figures")).to_have_text("完成 35% · 已完成投资 6100.5 万元")
    assert_nothing_private(page)

    screen.locator(".gallery[data-kind=progress] button").first.click()
    viewer = page.locator("dialog.viewer")
    expect(viewer).to_have_attribute("open", "")
    expect(viewer.locator("img")).to_have_attribute(
        "src", f"/api/v1/public/photos/{made['photo']}/display")
    page.wait_for_function("() => { const i = document.querySelector('dialog.viewer img');"
                           " return i.complete && i.naturalWidth > 0; }")
    page.click("#viewer-close")

    form = page.locator("#rate-form")
    expect(form).to_contain_text("您对这个项目的建设情况满意吗？")
    assert form.locator("input:not([type=radio]), select").count() == 0, "no personal fields"
    expect(page.locator("#votes [data-rating=basic] .n")).to_have_text("0")
    opinion = f"{made['tag']}桥墩已经起来了，希望按期通车"
    form.locator(".choice[data-rating=basic]").click()
    page.fill("#rate-text", opinion)
    page.click("#rate-send")
    expect(page.locator("#rate-thanks")).to_have_text("感谢您的评议！您的意见已转给工作人员。")
    expect(page.locator("#votes [data-rating=basic] .n")).to_have_text("1")
    counts = call(live, "GET", f"/api/v1/public/projects/{pid}")["feedback"]
    assert counts == {"satisfied": 0, "basic": 1, "unsatisfied": 0}
    office = call(live, "GET", f"/api/v1/feedback?project_id={pid}",
                  token=token(live, "office"))
    assert [(f["rating"], f["text"]) for f in office["feedback"]] == [("basic", opinion)]

    page.reload()  # the same phone again, the same day: refused, and told when to retry
    page.wait_for_selector("#rate-form")
    assert opinion not in page.locator("body").inner_text(), "counts only, never the words"
    page.locator(".choice[data-rating=unsatisfied]").click()
    page.click("#rate-send")
    expect(page.locator("#rate-status")).to_have_text(re.compile(
        r"^提交过于频繁，请约 24 小时后再试（(明天|\d+月\d+日) \d{2}:\d{2} 以后）。$"))
    assert call(live, "GET", f"/api/v1/public/projects/{pid}")["feedback"] == counts


def test_a_tap_opens_the_project_and_back_returns_to_the_list(live, made, phone):
    page = open_public(phone, live, "?tab=projects")
    target = made["plain"][0]
    cards = page.locator(".items > li.project")
    while not page.locator(f"li.project[data-id='{target}']").count():
        shown = cards.count()
        page.click("#load-more")
        expect(cards).not_to_have_count(shown)
    page.locator(f"li.project[data-id='{target}'] a.card").click()
    page.wait_for_function(f"() => location.search === '?project={target}'")
    screen = page.locator(f".project-page[data-id='{target}']")
    expect(screen.locator(".history")).to_contain_text("责任单位尚未填报进展。")
    expect(screen.locator(".gallery")).to_have_count(0)  # no photos: no gallery at all
    expect(screen.locator(".facts")).not_to_contain_text("张科长")
    page.click(".project-page a.back")
    page.wait_for_function("() => location.search === '?tab=projects'")
    expect(page.locator(f"li.project[data-id='{target}']")).to_be_visible()


def test_a_withheld_project_is_not_found(live, made, phone):
    page = open_public(phone, live, f"?project={made['hidden']}")
    expect(page.locator(".not-found")).to_contain_text("没有找到这个项目")
    assert "不公开的项目" not in page.locator("body").inner_text()
    page.click(".not-found a.btn")
    page.wait_for_function("() => location.search === '?tab=projects'")
    expect(page.locator("#list-total")).to_have_text(re.compile(r"^共 \d+ 个项目$"))
