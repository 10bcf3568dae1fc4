"""The public page (晒账单, issue 16) as a resident sees it on a 375×812 phone, against the
real server over the demo organisation: the list shows accepted items only, place as
township · area and never coordinates, thumbnails only where there are photos, filters
kept in the address, 加载更多 and a bounded height for 20 cards; an item's page at
/public/?item=<id> (the 公示牌's QR code) with its steps, photos and the 群众评议 form,
whose second rating of the same item is refused in words; a phone number typed in a
report and a markup payload never reach the page as such."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from sync.redact import redact
from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.loop import _SPOT, STEP_DEG, Item, call, local_today, make_item, push
from tests.browser.loop import login as token

PHONE = {"width": 375, "height": 812}
STATES = {"assigned": "整改中", "long_term": "长期整改", "rectified": "待验收", "closed": "已销号"}
PHONE_FORMS = ("13812345678", "138 1234 5678", "1234 5678", "12345678")
PAYLOAD = '<img src=x onerror="window.__pwned=1">'
MAX_LIST_PX = 4000


def words(n: int = 4) -> str:
    """A Chinese tag of its own for this run's texts, one the redaction leaves alone at the
    head of a text (random characters can read as a name: 紫金青东 did)."""
    while True:
        tag = "".join(random.sample("东南西北前后左右红黄蓝绿青紫金银松柏竹梅兰菊", n))
        if all(tag in redact(f"{tag}{rest}").text for rest in ("：路灯不亮", "井盖已经补上了")):
            return tag


def day(iso: str) -> str:
    """2026-05-03 -> 2026年5月3日, as the page writes a local day."""
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def report(server, area: dict, text: str) -> int:
    """A report without photos, left new (not accepted by the office)."""
    k = next(_SPOT)
    result = push(server, token(server, "cadre"), "report.create", {
        "area_id": area["id"], "category": "convenience", "description": text,
        "severity": "normal", "lat": area["lat"] + STEP_DEG * k, "lon": area["lon"] - STEP_DEG * k,
        "accuracy_m": 6.0, "captured_at": datetime.now(UTC).isoformat(), "photos": []})
    assert result["status"] == "applied", result
    return result["item_id"]


def assign(server, item_id: int) -> None:
    """The office accepts the item and gives it to the handler's unit."""
    unit = call(server, "GET", "/api/v1/me", token=token(server, "handler"))["user"]["unit_id"]
    call(server, "POST", f"/api/v1/items/{item_id}/actions/assign",
         {"unit_id": unit, "plan": "限期整改", "deadline":
          (local_today() + timedelta(days=7)).isoformat()}, token(server, "office"))


@pytest.fixture(scope="module")
def made(live) -> dict:
    """This module's items: with a phone number, with a payload, without photos (all
    accepted), and a new one the office has not looked at."""
    me = call(live, "GET", "/api/v1/me", token=token(live, "cadre"))
    area = next(a for a in me["areas"] if a["assigned"] and a["lat"] is not None)
    tag = words()
    new = report(live, area, f"{tag}：公园长椅松动，刚报上来还没受理")
    phone: Item = make_item(live, area, text=f"{tag}：路口井盖缺失，联系电话 138 1234 5678")
    hostile: Item = make_item(live, area, text=f"{PAYLOAD}{tag}：路灯不亮")
    bare = report(live, area, f"{tag}：村口垃圾桶满了没人清")
    assign(live, bare)
    return {"area": area, "tag": tag, "new": new, "phone": phone.id, "hostile": hostile.id,
            "bare": bare}


@pytest.fixture(scope="module")
def chromium(playwright_driver):
    """Debian's chromium."""
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


def api(server, query: str) -> dict:
    """The public API as anyone calls it (no token)."""
    return call(server, "GET", f"/api/v1/public/items{query}")


def ids_of(page: Page) -> list[int]:
    """The items of the cards shown, in order."""
    return [int(i) for i in page.locator(".items > li.item").evaluate_all(
        "els => els.map(e => e.dataset.id)")]


def body_text(page: Page) -> str:
    return page.locator("body").inner_text()


def assert_nothing_private(page: Page) -> None:
    """No phone number of the reports, no coordinates, no markup run."""
    text = body_text(page)
    for form in PHONE_FORMS:
        assert form not in text, f"{form!r} reached the public page"
    assert not re.search(r"\d{2,3}\.\d{2,}", text), "coordinates on the public page"
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src=x]").count() == 0


def test_list_of_accepted_items_on_a_phone(live, made, phone):
    page = open_public(phone, live)
    cards = page.locator(".items > li.item")
    expect(cards).to_have_count(20)
    first = api(live, "?per_page=20")
    assert ids_of(page) == [i["id"] for i in first["items"]]
    assert made["new"] not in ids_of(page), "a report the office has not accepted is public"
    assert {made["phone"], made["hostile"], made["bare"]} <= set(ids_of(page))
    expect(page.locator("#list-total")).to_have_text(f"共 {first['total']} 个问题")
    height = page.locator(".items").bounding_box()["height"]
    assert height < MAX_LIST_PX, f"20 cards are {height:.0f} px tall"

    rows = {i["id"]: i for i in first["items"]}
    area = made["area"]
    mine = rows[made["phone"]]
    assert mine["place"] == f"{area['township_name']} · {area['name']}"
    card = page.locator(f"li.item[data-id='{made['phone']}']")
    expect(card.locator(".where")).to_have_text(f"{mine['place']} · {mine['category_name']}")
    expect(card.locator(".unit")).to_have_text(mine["unit"])
    expect(card.locator(".chip[data-status]")).to_have_text("整改中")
    expect(card.locator(".votes-line")).to_have_text("暂无群众评议")
    expect(card.locator(".text")).to_contain_text("路口井盖缺失")
    for it in first["items"]:
        chip = page.locator(f"li.item[data-id='{it['id']}'] .chip[data-status]")
        expect(chip).to_have_text(STATES[it["status"]])
    expect(page.locator(".items .chip.late")).to_have_count(
        sum(1 for i in first["items"] if i["overdue"]))

    with_photos = [i["id"] for i in first["items"] if i["photos"]["before"] or i["photos"]["after"]]
    expect(page.locator(".items img.thumb")).to_have_count(len(with_photos))
    expect(page.locator(f"li.item[data-id='{made['bare']}'] img")).to_have_count(0)
    assert "暂无照片" not in body_text(page)
    hostile = page.locator(f"li.item[data-id='{made['hostile']}'] .text")
    expect(hostile).to_contain_text(PAYLOAD)
    assert_nothing_private(page)

    more = page.locator("#load-more")
    expect(more).to_have_text(f"加载更多（还剩 {first['total'] - 20} 个）")
    more.click()
    second = api(live, "?per_page=20&page=2")
    expect(cards).to_have_count(20 + len(second["items"]))
    assert ids_of(page)[20:] == [i["id"] for i in second["items"]]
    if first["total"] <= 40:
        expect(page.locator(".more .all")).to_have_text("已全部显示")
    assert made["new"] not in ids_of(page)
    assert_nothing_private(page)


def shows(page: Page, server, query: str) -> dict:
    """Wait until the list drawn is the one of `query` (also the address); its API page."""
    page.wait_for_function("q => location.search === q", arg=query)
    expect(page.locator(f".list-screen[data-query='{query}']")).to_be_attached()
    params = query.replace("township=", "township_id=").lstrip("?")
    listed = api(server, f"?{params}&per_page=20" if params else "?per_page=20")
    expect(page.locator("#list-total")).to_have_text(f"共 {listed['total']} 个问题")
    assert ids_of(page) == [i["id"] for i in listed["items"]]
    return listed


def test_filters_live_in_the_address(live, made, phone):
    page = open_public(phone, live)
    town = made["area"]["township_id"]
    counts = {t["id"]: t for t in api(live, "?per_page=1")["townships"]}
    assert town in counts
    option = page.locator(f"#filter-township option[value='{town}']")
    expect(option).to_have_text(f"{counts[town]['name']}（{counts[town]['count']}）")
    page.select_option("#filter-township", str(town))
    shows(page, live, f"?township={town}")
    for where in page.locator(".items .where").all_inner_texts():
        assert where.startswith(counts[town]["name"] + " · "), where

    page.select_option("#filter-status", "assigned")
    both = shows(page, live, f"?township={town}&status=assigned")
    assert {i["status"] for i in both["items"]} == {"assigned"}
    assert made["phone"] in ids_of(page)

    shared = page.url  # a link sent to a neighbour opens the same list
    other = open_public(page.context.new_page(), live, shared[shared.index("?"):])
    expect(other.locator("#filter-township")).to_have_value(str(town))
    expect(other.locator("#filter-status")).to_have_value("assigned")
    shows(other, live, f"?township={town}&status=assigned")

    page.select_option("#filter-township", "")
    shows(page, live, "?status=assigned")
    page.select_option("#filter-status", "")
    shows(page, live, "")
    expect(page.locator(".items > li.item")).to_have_count(20)


def test_item_page_steps_photos_and_one_rating(live, made, phone):
    item_id = made["phone"]
    detail = call(live, "GET", f"/api/v1/public/items/{item_id}")
    page = open_public(phone, live, f"?item={item_id}")
    screen = page.locator(f".item-page[data-id='{item_id}']")
    expect(screen.locator(".item-text")).to_have_text(detail["text"])
    expect(screen.locator(".facts")).to_contain_text(detail["place"])
    expect(screen.locator(".facts")).to_contain_text(detail["unit"])
    expect(screen.locator(".facts")).to_contain_text(day(detail["deadline"]))
    steps = screen.locator(".timeline li")
    assert [s["step"] for s in detail["steps"]] == ["reported", "accepted"]
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_have_text(f"{day(detail['steps'][0]['on'])}发现问题")
    expect(steps.nth(1)).to_have_text(f"{day(detail['steps'][1]['on'])}受理并交责任单位办理")
    expect(screen.locator(".gallery[data-kind=after]")).to_have_count(0)  # none yet: no box

    screen.locator(".gallery[data-kind=before] button").first.click()
    viewer = page.locator("dialog.viewer")
    expect(viewer).to_have_attribute("open", "")
    shown = viewer.locator("img")
    expect(shown).to_have_attribute(
        "src", f"/api/v1/public/photos/{detail['photos']['before'][0]}/display")
    page.wait_for_function("() => { const i = document.querySelector('dialog.viewer img');"
                           " return i.complete && i.naturalWidth > 0; }")
    page.click("#viewer-close")
    expect(viewer).not_to_have_attribute("open", "")

    form = page.locator("#rate-form")
    expect(form).to_contain_text("请勿填写姓名、电话等个人信息")
    assert form.locator("input:not([type=radio]), select").count() == 0, "no personal fields"
    expect(page.locator("#votes [data-rating=satisfied] .n")).to_have_text("0")
    page.click("#rate-send")
    expect(page.locator("#rate-status")).to_have_text("请先选择“满意”“基本满意”或“不满意”。")
    opinion = f"{made['tag']}井盖已经补上了，谢谢"
    form.locator(".choice[data-rating=satisfied]").click()
    page.fill("#rate-text", opinion)
    expect(page.locator("#rate-counter")).to_have_text(f"{len(opinion)}/500")
    page.click("#rate-send")
    expect(page.locator("#rate-thanks")).to_have_text("感谢您的评议！您的意见已转给工作人员。")
    expect(page.locator("#votes [data-rating=satisfied] .n")).to_have_text("1")
    counts = call(live, "GET", f"/api/v1/public/items/{item_id}")["feedback"]
    assert counts == {"satisfied": 1, "basic": 0, "unsatisfied": 0}

    page.reload()  # the same phone again, the same day: refused, and told when to retry
    page.wait_for_selector("#rate-form")
    expect(page.locator("#votes [data-rating=satisfied] .n")).to_have_text("1")
    assert opinion not in body_text(page), "the public page shows counts, never the words"
    page.locator(".choice[data-rating=unsatisfied]").click()
    page.click("#rate-send")
    status = page.locator("#rate-status")
    expect(status).to_have_text(re.compile(
        r"^提交过于频繁，请约 24 小时后再试（(明天|\d+月\d+日) \d{2}:\d{2} 以后）。$"))
    expect(page.locator("#rate-send")).to_be_enabled()
    assert call(live, "GET", f"/api/v1/public/items/{item_id}")["feedback"] == counts
    assert_nothing_private(page)


def test_a_tap_opens_the_item_and_back_returns_to_the_list(live, made, phone):
    page = open_public(phone, live)
    page.locator(f"li.item[data-id='{made['bare']}'] a.card").click()
    page.wait_for_function(f"() => location.search === '?item={made['bare']}'")
    screen = page.locator(f".item-page[data-id='{made['bare']}']")
    expect(screen.locator(".item-text")).to_contain_text("村口垃圾桶满了没人清")
    expect(screen.locator(".photos")).to_have_count(0)  # no photos: no gallery at all
    page.click(".item-page a.back")
    page.wait_for_function("() => location.search === ''")
    expect(page.locator(f"li.item[data-id='{made['bare']}']")).to_be_visible()


def test_a_new_item_is_not_public_and_markup_stays_text(live, made, phone):
    page = open_public(phone, live, f"?item={made['new']}")
    expect(page.locator(".not-found")).to_contain_text("没有找到这个问题")
    assert made["tag"] not in body_text(page)

    page = open_public(phone, live, f"?item={made['hostile']}")
    text = page.locator(".item-page .item-text")
    expect(text).to_contain_text(f"{PAYLOAD}{made['tag']}：路灯不亮")
    assert_nothing_private(page)
    expect(page.locator("#privacy-note")).to_have_text("本页面不公开个人信息。")
