"""What happens around the records (issue items 2, 3, 5, 7): a mutation the server
refuses stays on the phone with its reason; a 401 asks for the password again and
loses nothing; logout warns about unsynced records and wipes the phone; thumbnails
seen once stay available offline."""

import time
import uuid
from datetime import UTC, datetime

from playwright.sync_api import expect
from sqlalchemy import func, select, update

from server.extensions import db
from server.models import Area, Report, Token, User
from tests.browser.helpers import (
    fill_report,
    go,
    login,
    open_app,
    page_of,
    save_report,
    wait_all_synced,
)
from tests.browser.liveserver import PASSWORD

LOCAL = """async () => {
  const db = await import('/js/store/db.js');
  return { records: (await db.listRecords()).length, photos: (await db.listPhotos()).length,
           session: Boolean(await db.kvGet('session')),
           thumbs: (await caches.keys()).includes('zl-thumbs') };
}"""


def _set_area_active(server_db, live, area_id, active):
    with server_db(live):
        db.session.execute(update(Area).where(Area.id == area_id).values(active=active))
        db.session.commit()


def test_rejected_mutation_is_kept_and_explained(live, launch, area_of, server_db):
    area = area_of(live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)
    text = f"area closed meanwhile {uuid.uuid4().hex[:6]}"
    _set_area_active(server_db, live, area["id"], False)  # the office retired the area
    try:
        fill_report(page, area_id=area["id"], category="health", text=text)
        save_report(page)
        card = page.locator(".card.record", has_text=text)
        go(page, "records")
        expect(card).to_have_attribute("data-state", "rejected", timeout=30000)
        expect(card.locator(".reason")).to_contain_text("所在区域")
        go(page, "sync")
        expect(page.locator("#sync-errors")).to_contain_text("记录无法提交")
        page.click("#sync-now")  # retrying does not lose or resend it
        expect(page.locator("#sync-now")).to_be_enabled()
        go(page, "records")
        expect(card).to_have_attribute("data-state", "rejected")
        card.get_by_role("button", name="删除此记录").click()
        page.locator(".modal").get_by_role("button", name="取消").click()
        expect(card).to_be_visible()
        page.reload()
        page.wait_for_selector("html[data-ready]")
        go(page, "records")
        expect(card).to_have_attribute("data-state", "rejected")
        card.get_by_role("button", name="删除此记录").click()
        page.locator(".modal [data-confirm]").click()
        expect(card).to_have_count(0)
    finally:
        _set_area_active(server_db, live, area["id"], True)
    with server_db(live):
        assert db.session.scalar(select(func.count()).select_from(Report)
                                 .where(Report.description == text)) == 0


def test_401_asks_for_password_and_keeps_queue(live, launch, area_of, server_db):
    area = area_of(live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)
    ctx.set_offline(True)
    text = f"token expired meanwhile {uuid.uuid4().hex[:6]}"
    fill_report(page, area_id=area["id"], category="other", text=text)
    save_report(page)
    with server_db(live):
        cadre = db.session.execute(select(User).where(User.username == "cadre")).scalar_one()
        db.session.execute(update(Token).where(Token.user_id == cadre.id)
                           .values(revoked_at=datetime.now(UTC).replace(tzinfo=None)))
        db.session.commit()
    ctx.set_offline(False)
    overlay = page.locator(".overlay")
    expect(overlay).to_contain_text("登录已过期")
    expect(overlay.locator("#login-username")).to_have_value("cadre")
    states = page.evaluate("""async () => (await (await import('/js/store/db.js'))
      .listRecords()).map((r) => r.state)""")
    assert states == ["pending"], "the queue must survive the 401"
    overlay.locator("#login-password").fill(PASSWORD)
    overlay.locator("button[type=submit]").click()
    expect(overlay).to_have_count(0)
    wait_all_synced(page, 1)
    with server_db(live):
        assert db.session.scalar(select(func.count()).select_from(Report)
                                 .where(Report.description == text)) == 1


def test_logout_warns_then_wipes(live, launch, area_of):
    area = area_of(live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)
    ctx.set_offline(True)
    fill_report(page, area_id=area["id"], category="other", text="还没同步的记录")
    save_report(page)
    go(page, "sync")
    page.click("#logout")
    modal = page.locator(".modal")
    expect(modal).to_contain_text("还有 1 条记录没有同步")
    modal.get_by_role("button", name="取消").click()
    assert page.evaluate(LOCAL)["records"] == 1
    page.click("#logout")
    page.locator(".modal [data-confirm]").click()
    expect(page.locator("#login-username")).to_be_visible()
    assert page.evaluate(LOCAL) == {"records": 0, "photos": 0, "session": False, "thumbs": False}


def test_seen_thumbnails_stay_offline(live, launch, area_of, photos_dir):
    area = area_of(live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    login(page, live)
    fill_report(page, area_id=area["id"], category="infrastructure", text="护栏缺口",
                photos=[photos_dir / "DSCN0012.jpg"])
    save_report(page)
    wait_all_synced(page, 1)
    # once the server's thumbnail is cached the phone drops the full photo bytes
    # (wait_for_function does not await an async predicate: poll with evaluate instead)
    deadline = time.monotonic() + 30
    while not page.evaluate("""async () => {
      const db = await import('/js/store/db.js');
      const photos = await db.listPhotos();
      return photos.length > 0 && photos.every((p) => !p.hasData);
    }"""):
        assert time.monotonic() < deadline, "the synced photo's bytes were never freed"
        page.wait_for_timeout(250)
    ctx.set_offline(True)
    page = open_app(page, live, "records")
    page.wait_for_function("""() => {
      const img = document.querySelector('.card.record .thumbs img');
      return img && img.complete && img.naturalWidth > 0;
    }""", timeout=15000)


def test_worker_registers_again_after_a_failed_first_try(live, launch, area_of):
    """A first visit whose worker script cannot be fetched gets the worker later, when
    the network returns, without a reload: the app is then ready for offline use."""
    area = area_of(live)
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    failed = []

    def refuse_once(route):
        if not failed:
            failed.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    ctx.route("**/sw.js", refuse_once)
    page = page_of(ctx)
    open_app(page, live)
    page.wait_for_function("() => navigator.serviceWorker.getRegistration()"
                           ".then(r => r === undefined)")
    assert failed and page.evaluate("navigator.serviceWorker.controller") is None
    ctx.set_offline(True)
    ctx.set_offline(False)  # the `online` event
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=30000)
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1
