"""The public progress page (晒账单) at /public/, no login: counts by status and
category, the paged list with display photos, and nothing personal — no names, no
phone numbers, no exact positions."""

from __future__ import annotations

import re
import urllib.request

from playwright.sync_api import expect

from tests.console.data import tag


def test_public_page_counts_list_photos_and_paging(page, console_live, seed):
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(console_live.url + "/public/")
    page.wait_for_selector("html[data-ready=public]")
    data = seed.call("GET", "/api/v1/public/items?per_page=20", user="")
    for status, n in data["by_status"].items():
        expect(page.locator(f".count[data-status={status}] strong")).to_have_text(str(n))
    total = sum(data["by_status"].values())
    expect(page.locator("#public-total")).to_have_text(f"公开问题 {total} 个")
    for code, n in data["by_category"].items():
        expect(page.locator(f".cat[data-category={code}] strong")).to_have_text(str(n))
    cards = page.locator(".items > li.item")
    expect(cards).to_have_count(len(data["items"]))
    assert [int(i) for i in cards.evaluate_all("els => els.map(e => e.dataset.id)")] == \
        [i["id"] for i in data["items"]]

    with_photo = next(i for i in data["items"] if i["photos"]["before"])
    img = page.locator(f"li.item[data-id='{with_photo['id']}'] img").first
    img.scroll_into_view_if_needed()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                           arg=img.element_handle())
    src = img.get_attribute("src")
    assert src == f"/api/v1/public/photos/{with_photo['photos']['before'][0]}/display"
    with urllib.request.urlopen(console_live.url + src) as resp:
        assert b"Exif\x00\x00" not in resp.read()[:65536], "display photos carry no EXIF"

    page.click(".pager [data-page=next]")
    page.wait_for_function("() => location.hash.includes('page=2')")
    second = seed.call("GET", "/api/v1/public/items?per_page=20&page=2", user="")
    expect(cards.first).to_have_attribute("data-id", str(second["items"][0]["id"]))

    page.click(".count[data-status=closed]")
    expect(page.locator(".count[data-status=closed]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("li.item .chip.st-closed")).to_have_count(
        min(20, data["by_status"].get("closed", 0)))
    api_calls = [u for u in requests if "/api/" in u]
    assert api_calls and all("/api/v1/public/" in u for u in api_calls), api_calls
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0


def test_nothing_personal_reaches_the_public_page(page, console_live, seed):
    t = tag()
    seed.report(f"门口积水，联系人电话13812345678{t}", category="health")
    office_view = seed.call("GET", f"/api/v1/items?q={t}")["items"][0]
    page.goto(console_live.url + "/public/")
    page.wait_for_selector("html[data-ready=public]")
    card = page.locator(f"li.item[data-id='{office_view['id']}']")
    expect(card).to_contain_text("138********")
    text = page.locator("body").inner_text()
    assert "13812345678" not in text
    reporters = {u["name"] for u in seed.call("GET", "/api/v1/admin/users", user="admin")}
    assert not [name for name in reporters if name and len(name) > 1 and name in text]
    assert not re.search(r"\d{2,3}\.\d{3,}", text), "coordinates are rounded"
    assert f"{office_view['lat']:.2f}, {office_view['lon']:.2f}" in card.inner_text()
