"""我的上报 everywhere and refused records explained (issue #18 points 2 and 4), on a
390x844 phone in real Chromium against the real server: a second phone logged in as
the same cadre lists the reports made on the first (with their item's status, kept
offline), the first lists each of its reports once, logging out and in again brings
them back from the server; a record the server refuses makes 同步 say what it was,
why, and what to do, instead of "全部记录已同步"."""

import uuid

from playwright.sync_api import expect
from sqlalchemy import update

from server.extensions import db
from server.models import Area
from tests.browser.helpers import (
    fill_report,
    go,
    login,
    open_app,
    page_of,
    save_report,
    wait_all_synced,
)

PHONE = {"width": 390, "height": 844}


def _phone(launch, name, area):
    """A logged-in cadre phone of its own profile, at `area`."""
    ctx = launch(name, position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    page.set_viewport_size(PHONE)
    return ctx, page


def _logout(page):
    """退出登录 from 同步, confirming the warning."""
    go(page, "sync")
    page.click("#logout")
    page.locator(".modal [data-confirm]").click()
    expect(page.locator("#login-username")).to_be_visible()


def test_reports_follow_the_cadre_to_another_phone(live, launch, area_of, photos_dir):
    area = area_of(live)
    tag = uuid.uuid4().hex[:8]
    texts = [f"文化站图书室屋顶漏雨 {tag}", f"卫生室药柜门板脱落 {tag}"]
    first, page = _phone(launch, "first", area)
    login(page, live)
    fill_report(page, area_id=area["id"], category="culture_tourism", text=texts[0],
                photos=[photos_dir / "DSCN0012.jpg"])
    save_report(page)
    fill_report(page, area_id=area["id"], category="health", text=texts[1])
    save_report(page)
    wait_all_synced(page, 2)
    go(page, "records")
    status = {}
    for text in texts:  # its own records, each once: the server's copy is the same report
        expect(page.locator(".card.record", has_text=text)).to_have_count(1)
        expect(page.locator(".card.record-remote", has_text=text)).to_have_count(0)
        chip = page.locator(".card.record", has_text=text).locator("[data-status]")
        expect(chip).to_have_count(1, timeout=30000)
        status[text] = chip.inner_text()

    second, other = _phone(launch, "second", area)
    login(other, live)
    go(other, "records")
    for text in texts:
        card = other.locator(".card.record-remote", has_text=text)
        expect(card).to_have_count(1, timeout=30000)
        expect(card.locator("[data-status]")).to_have_text(status[text])
        expect(card).to_contain_text(area["name"])
    photo = other.locator(".card.record-remote", has_text=texts[0]).locator(".thumbs img")
    expect(photo).to_have_count(1)
    expect(other.locator(".card.record")).to_have_count(0)

    second.set_offline(True)  # kept on the second phone for offline use
    open_app(other, live, "records")
    expect(other.locator(".card.record-remote", has_text=texts[1])).to_have_count(1)
    second.set_offline(False)

    _logout(page)
    login(page, live)
    go(page, "records")
    for text in texts:  # wiped with the logout, back from the server
        expect(page.locator(".card.record-remote", has_text=text)).to_have_count(1, timeout=30000)
    newest = page.locator(".records .card").first
    expect(newest).to_contain_text(texts[1])


def _set_area_active(server_db, live, area_id, active):
    with server_db(live):
        db.session.execute(update(Area).where(Area.id == area_id).values(active=active))
        db.session.commit()


def test_refused_record_is_explained_on_sync(live, launch, area_of, server_db):
    area = area_of(live)
    text = f"区域已调整 {uuid.uuid4().hex[:6]}"
    ctx, page = _phone(launch, "refused", area)
    login(page, live)
    _set_area_active(server_db, live, area["id"], False)  # the office retired the area
    try:
        fill_report(page, area_id=area["id"], category="health", text=text)
        save_report(page)
        go(page, "records")
        expect(page.locator(".card.record", has_text=text)).to_have_attribute(
            "data-state", "rejected", timeout=30000)
    finally:
        _set_area_active(server_db, live, area["id"], True)
    go(page, "sync")
    progress = page.locator("#sync-progress")
    expect(progress).to_have_text("有 1 条记录被服务器拒收，没有同步成功，请按下面的提示处理")
    expect(progress).not_to_contain_text("全部记录已同步")
    expect(page.locator("#sync-refused")).to_have_text("1 条")
    refused = page.locator("#sync-errors .refused")
    expect(refused).to_have_count(1)
    expect(refused.locator(".refused-what")).to_contain_text(f"问题上报 · {area['name']} · ")
    expect(refused.locator(".refused-why")).to_contain_text("记录无法提交")
    expect(refused.locator(".refused-why")).to_contain_text("所在区域")
    expect(refused.locator(".refused-todo")).to_contain_text("选择正确的区域重新上报")
    expect(page.locator("#sync-retry-note")).to_be_visible()
    expect(page.locator("#sync-now")).to_have_text("重试")

    refused.get_by_role("button", name="删除此记录").click()
    page.locator(".modal [data-confirm]").click()
    expect(refused).to_have_count(0)
    expect(progress).to_have_text("全部记录已同步")
    expect(page.locator("#sync-refused")).to_have_count(0)
