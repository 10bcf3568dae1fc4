"""群众评议 in the console (issue 16): residents rate public items through the public API
(each from an address of its own: this module runs a server of its own that trusts one
proxy hop, so X-Forwarded-For tells the senders apart), and the office finds the ratings
on the 群众评议 page — time, item, township, the rating in words, what was said (a markup
payload stays text), the item's status then and now, 销号后 marked — filtered by rating
and by before/after closing, page by page; and on the item's page with its counts."""

from __future__ import annotations

import itertools
import json
import random
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.browser.liveserver import LiveServer
from tests.browser.loop import call, make_item, verify
from tests.browser.loop import login as token
from tests.console.helpers import goto, login

PAYLOAD = '<img src=x onerror="window.__pwned=1">还是没修好'
_ADDRESS = itertools.count(1)


class ProxiedServer(LiveServer):
    """The production server behind one trusted proxy hop."""

    @property
    def env(self) -> dict:
        return {**super().env, "ZHANGLIANG_TRUSTED_PROXIES": "1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server of this module's own, so its rate limits and its ratings are its own."""
    live = ProxiedServer(tmp_path_factory.mktemp("feedback")).setup().start()
    yield live
    live.stop()


def rate(server, item_id: int, rating: str, text: str | None = None,
         address: str | None = None, target: str = "item") -> tuple[int, dict]:
    """POST /api/v1/public/feedback from an address (a new one unless given)."""
    address = address or f"10.20.0.{next(_ADDRESS)}"
    req = urllib.request.Request(
        server.url + "/api/v1/public/feedback", method="POST",
        data=json.dumps({"target": target, "id": item_id, "rating": rating, "text": text}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": address})
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


@pytest.fixture(scope="module")
def rated(server) -> dict:
    """An item in work with three ratings, and one rated before and twice after 销号."""
    me = call(server, "GET", "/api/v1/me", token=token(server, "cadre"))
    area = next(a for a in me["areas"] if a["assigned"] and a["lat"] is not None)
    tag = "".join(random.sample("东南西北前后左右红黄蓝绿青紫金银松柏竹梅兰菊", 4))
    open_item = make_item(server, area, text=f"{tag}：公园路灯不亮")
    closed = make_item(server, area, text=f"{tag}：村口垃圾桶破损", rectify_as="handler")
    sent = [(open_item.id, "satisfied", "处理得挺快"), (open_item.id, "basic", None),
            (open_item.id, "unsatisfied", PAYLOAD), (closed.id, "basic", "换了新的")]
    for item_id, rating, text in sent:
        assert rate(server, item_id, rating, text)[0] == 201
    # the same address again on the same item: the limit that the other addresses passed
    address = "10.20.9.9"
    assert rate(server, open_item.id, "satisfied", address=address)[0] == 201
    status, body = rate(server, open_item.id, "satisfied", address=address)
    assert status == 429 and body["error"]["code"] == "too_many_feedback"
    verify(server, closed, "supervisor")
    for rating, text in (("unsatisfied", "销号没两天又坏了"), ("satisfied", None)):
        assert rate(server, closed.id, rating, text)[0] == 201
    return {"open": open_item.id, "closed": closed.id}


def rows(page: Page):
    """The table rows of the 群众评议 page."""
    return page.locator(".feedback-page table.data tbody tr")


def cells(row) -> list[str]:
    """A row's cell texts."""
    return row.locator("td").all_inner_texts()


def test_the_office_reads_and_filters_what_residents_said(page, server, rated):
    login(page, server, "office")
    goto(page, "#/feedback")
    expect(page.locator(".nav a[aria-current=page]")).to_have_attribute("data-screen", "feedback")
    expect(page.locator("#feedback-total")).to_have_text("共 7 条")
    expect(rows(page)).to_have_count(7)
    heads = page.locator(".feedback-page thead th").all_inner_texts()
    assert heads == ["评议时间", "台账", "乡镇（街道）", "评价", "群众意见", "评议时状态",
                     "当前状态"]

    # newest first: the two after closing, each marked 销号后
    first = cells(rows(page).first)
    assert first[1] == f"#{rated['closed']}" and first[2]
    assert "满意" in first[3] and "销号后评议" in first[3]
    assert first[4] == "（未留言）" and first[5] == "已销号" and first[6] == "已销号"

    # the payload is shown as the resident typed it, and nothing runs
    hostile = rows(page).filter(has_text="还是没修好")
    expect(hostile).to_have_count(1)
    expect(hostile.locator(".feedback-text")).to_have_text(PAYLOAD)
    assert page.locator(".feedback-page img").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert cells(hostile)[5:] == ["整改中", "整改中"]

    # by rating, in the address too
    page.select_option("#feedback-rating", "unsatisfied")
    page.click("#feedback-submit")
    expect(page.locator("#feedback-total")).to_have_text("共 2 条")
    assert "rating=unsatisfied" in page.evaluate("location.hash")
    assert {cells(r)[3].split()[0] for r in rows(page).all()} == {"不满意"}
    # and after 销号 only
    page.select_option("#feedback-after-close", "true")
    page.click("#feedback-submit")
    expect(rows(page)).to_have_count(1)
    assert cells(rows(page).first)[4] == "销号没两天又坏了"
    page.select_option("#feedback-rating", "")
    page.click("#feedback-submit")
    expect(rows(page)).to_have_count(2)
    expect(rows(page).locator(".after-close")).to_have_count(2)
    page.select_option("#feedback-after-close", "false")
    page.click("#feedback-submit")
    expect(page.locator("#feedback-total")).to_have_text("共 5 条")
    expect(rows(page).locator(".after-close")).to_have_count(0)
    page.click("#feedback-reset")
    expect(page.locator("#feedback-total")).to_have_text("共 7 条")


def test_pages_and_the_item_section(page, server, rated):
    login(page, server, "supervisor")  # reads the page like the office
    goto(page, "#/feedback?per_page=3")
    expect(page.locator(".pager .pages")).to_have_text("第 1 / 3 页")
    expect(rows(page)).to_have_count(3)
    page.click(".pager [data-page=next]")
    expect(page.locator(".pager .pages")).to_have_text("第 2 / 3 页")
    expect(rows(page)).to_have_count(3)
    page.click(".pager [data-page=next]")
    expect(rows(page)).to_have_count(1)

    # the item's number opens its page, with its counts and its ratings
    goto(page, f"#/feedback?item_id={rated['closed']}")
    expect(rows(page)).to_have_count(3)
    rows(page).first.locator("a.feedback-item").click()
    expect(page.locator(".item-page")).to_have_attribute("data-id", str(rated["closed"]))
    section = page.locator("#item-feedback")
    expect(section.locator("h3")).to_have_text("群众评议（3）")
    expect(page.locator("#item-feedback-counts")).to_have_text("满意 1基本满意 1不满意 1")
    expect(page.locator("#item-feedback-late")).to_contain_text("销号后有群众不满意")
    expect(section.locator("tbody tr")).to_have_count(3)
    expect(section.locator(".after-close")).to_have_count(2)
    page.click("#item-feedback-all")
    expect(page.locator("#feedback-item")).to_have_value(str(rated["closed"]))
    expect(rows(page)).to_have_count(3)

    goto(page, f"#/item/{rated['open']}")
    expect(page.locator("#item-feedback h3")).to_have_text("群众评议（4）")
    expect(page.locator("#item-feedback-counts")).to_have_text("满意 2基本满意 1不满意 1")
    said = page.locator("#item-feedback .feedback-text", has_text="还是没修好")
    expect(said).to_have_text(PAYLOAD)
    expect(page.locator("#item-feedback-late")).to_have_count(0)
    assert page.locator("#item-feedback img").count() == 0


def test_a_projects_rating_is_listed_with_the_project(page, server, rated):
    """A 民生实事 project's rating names the project, links to its page and shows the
    project's own status words (run last: it adds a row to the list)."""
    public = call(server, "GET", "/api/v1/public/projects?per_page=1")["projects"][0]
    assert rate(server, public["id"], "basic", "进度还行", target="project")[0] == 201
    login(page, server, "office")
    goto(page, "#/feedback")
    row = rows(page).filter(has_text="进度还行")
    expect(row).to_have_count(1)
    link = row.locator("a.feedback-project")
    expect(link).to_have_text(public["name"])
    assert link.get_attribute("href") == f"#/project/{public['id']}"
    assert row.locator("a.feedback-item").count() == 0
    now = cells(row)[6]
    assert now and now != "undefined" and row.locator(".chip[data-status]").count() == 2
