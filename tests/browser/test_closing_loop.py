"""Closing the loop on the phone (群众不认可，实事不销号): the handler rectifies offline
and syncs; a supervisor 5 km away is warned and the server refuses to close; 不满意
sends the item back to 已交办 with its return counted; an accepted, satisfied
verification with the resident's drawn signature closes it, and the public list then
shows it closed without any personal data; a verification that lost the race to
another supervisor is shown plainly and nothing of it is lost."""

import hashlib
import io
import json
import time
import urllib.request
import uuid

from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.helpers import go, login, page_of
from tests.browser.loop import call, item_json, make_item, offset, verify
from tests.browser.loop import login as token

SYNC_S = 120_000  # ms: a sync run on a busy two-core machine, with generous room
RECORD = ".item-records .card.record"
KEPT = """async ([id, sha]) => {
  const db = await import('/js/store/db.js');
  const thumbs = await caches.open('zl-thumbs');
  const thumb = await thumbs.match(`/api/v1/photos/${sha}/thumb`);
  return Boolean(await db.getDetail(id)) && Boolean(thumb);
}"""
LOADED = """(sha) => {
  const img = document.querySelector(`.gallery[data-kind=before] img[data-sha="${sha}"]`);
  return Boolean(img && img.complete && img.naturalWidth > 0);
}"""


def open_item(page: Page, item_id: int, list_class: str) -> None:
    """Tap the item's card on a work list and wait for its page."""
    page.locator(f".{list_class} .card.item[data-item='{item_id}'] a.card-link").click()
    expect(page.locator("#item-description")).to_be_visible()


def ink(page: Page) -> int:
    """Dark pixels on the signature pad."""
    return page.evaluate("""() => {
      const c = document.querySelector('canvas.signature-pad');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i] < 100) n += 1;
      return n;
    }""")


def draw_signature(page: Page) -> None:
    """A finger stroke (touch events) and a mouse stroke on the pad, both must leave ink."""
    pad = page.locator("canvas.signature-pad")
    pad.evaluate("el => el.scrollIntoView({ block: 'center' })")  # clear of the tab bar
    box = pad.bounding_box()
    x0, y0 = box["x"] + 20, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Input.dispatchTouchEvent",
             {"type": "touchStart", "touchPoints": [{"x": x0, "y": y0}]})
    for i in range(1, 12):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x0 + i * 8, "y": y0 + (i % 3) * 10}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    # (no cdp.detach(): detaching drops the context's offline emulation)
    expect(pad).to_have_attribute("data-ink", "1")
    after_touch = ink(page)
    assert after_touch > 50, "the finger stroke left no ink"
    page.mouse.move(box["x"] + 140, box["y"] + 30)
    page.mouse.down()
    for i in range(1, 15):
        page.mouse.move(box["x"] + 140 + i * 9, box["y"] + 30 + (i % 4) * 12, steps=2)
    page.mouse.up()
    assert ink(page) > after_touch + 50, "the mouse stroke left no ink"


def add_photo(page: Page, prefix: str, path) -> None:
    """Pick a photo from the gallery into a form and wait until it is prepared."""
    form = page.locator(f".{prefix}-form")
    before = form.locator(".photos .photo").count()
    page.set_input_files(f"#{prefix}-gallery", str(path))
    expect(form.locator(".photos .photo")).to_have_count(before + 1, timeout=30000)


def fill_verification(page: Page, photo, satisfaction: str, resident: str, note: str,
                      sign: bool = True) -> None:
    """The supervisor's form: photo, satisfaction, resident, signature, note."""
    add_photo(page, "verify", photo)
    page.locator(".verify-form .chip-choice", has_text=satisfaction).first.click()
    page.fill("#verify-resident", resident)
    if sign:
        draw_signature(page)
    page.fill("#verify-note", note)


def test_handler_rectifies_offline_and_syncs(live, launch, area_of, photos_dir):
    area = area_of(live)
    tag = uuid.uuid4().hex[:6]
    item = make_item(live, area, text=f"文化广场石碑底座开裂 {tag}", plan=f"更换底座 {tag}")
    handler = token(live, "handler")
    unit = call(live, "GET", "/api/v1/me", token=handler)["user"]["unit_id"]
    listed = call(live, "GET", f"/api/v1/items?unit_id={unit}&status=assigned&status=long_term"
                  "&per_page=200", token=handler)["items"]
    ctx = launch("handler", position=(item.lat, item.lon))
    page = page_of(ctx)
    login(page, live, "handler", ready=".tasks-screen .card.item")

    todo = page.locator(".tasks-todo .card.item")
    expect(todo).to_have_count(len(listed))
    cards = todo.evaluate_all("""els => els.map((e) => ({ id: Number(e.dataset.item),
      deadline: e.dataset.deadline, overdue: Boolean(e.querySelector('[data-overdue]')),
      text: e.innerText }))""")
    deadlines = [c["deadline"] for c in cards if c["deadline"]]
    assert deadlines == sorted(deadlines), "待整改 is not sorted by deadline"
    by_id = {i["id"]: i for i in listed}
    assert {c["id"] for c in cards if c["overdue"]} == {i for i, x in by_id.items() if x["overdue"]}
    assert any(c["overdue"] for c in cards), "the demo has overdue items for this unit"
    for c in cards:
        if by_id[c["id"]]["return_count"]:
            assert "已退回" in c["text"], c
    mine = page.locator(f".tasks-todo .card.item[data-item='{item.id}']")
    expect(mine).to_contain_text("已交办")
    expect(mine.locator(".deadline")).to_contain_text("整改时限")

    open_item(page, item.id, "tasks-todo")
    expect(page.locator("#item-description")).to_have_text(item.description)
    expect(page.locator(".item-plan")).to_have_text(f"更换底座 {tag}")
    expect(page.locator(".history [data-action=assign]")).to_contain_text("交办")
    page.wait_for_function(LOADED, arg=item.before, timeout=20000)  # the thumbnail, now cached

    ctx.set_offline(True)  # no signal at the spot: the page comes from the phone
    page.reload()
    page.wait_for_selector("html[data-ready]")
    expect(page.locator("#item-notice")).to_contain_text("当前离线")
    expect(page.locator("#item-description")).to_have_text(item.description)
    page.wait_for_function(LOADED, arg=item.before, timeout=20000)

    note = f"已更换石碑底座并做防水处理 {tag}"
    page.fill("#rectify-note", note)
    add_photo(page, "rectify", photos_dir / "DSCN0012.jpg")
    page.click("#rectify-save")
    expect(page.locator(".toast.ok")).to_contain_text("已保存")
    expect(page.locator("#item-form-note")).to_contain_text("等待同步")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "pending")
    assert item_json(live, item.id)["status"] == "assigned"

    ctx.set_offline(False)
    expect(page.locator(RECORD)).to_have_attribute("data-state", "synced", timeout=SYNC_S)
    expect(page.locator(".item-screen > .record-head [data-status]")).to_have_text(
        "待验收", timeout=SYNC_S)
    detail = item_json(live, item.id)
    assert detail["status"] == "rectified"
    (event,) = [e for e in detail["events"] if e["action"] == "rectified"]
    assert event["payload"]["note"] == note
    assert abs(event["lat"] - item.lat) < 1e-6 and abs(event["lon"] - item.lon) < 1e-6
    assert [p for p in detail["photos"] if p["kind"] == "after"], "no after-photo arrived"
    go(page, "tasks")
    expect(page.locator(f".tasks-waiting .card.item[data-item='{item.id}']")).to_be_visible()


def test_supervisor_far_away_is_warned_and_refused(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"村史馆门匾脱落 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler")
    ctx = launch("supervisor", position=offset(item.lat, item.lon, 5000))
    page = page_of(ctx)
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    card = page.locator(f".verify-due .card.item[data-item='{item.id}']")
    expect(card.locator(".distance")).to_have_text("距您 5.0 公里 · 超出验收距离")
    open_item(page, item.id, "verify-due")
    expect(page.locator("#verify-far")).to_be_visible()
    expect(page.locator("#verify-far")).to_contain_text("300 米")
    expect(page.locator("#verify-distance")).to_contain_text("5.0 公里")

    fill_verification(page, photos_dir / "DSCN0021.jpg", "满意", "赵桂芝", "门匾已重新固定")
    page.click("#verify-accept")
    modal = page.locator(".modal")
    expect(modal).to_contain_text("超出 300 米")
    modal.locator("[data-confirm]").click()
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "rejected", timeout=SYNC_S)
    expect(record.locator(".reason")).to_contain_text("超出允许的 300 米")
    expect(record.locator(".reason")).to_contain_text("5.0 公里")
    detail = item_json(live, item.id)
    assert detail["status"] == "rectified"
    assert not [e for e in detail["events"] if e["action"] == "verify"]

    page.reload()  # kept on the phone, on the list too, never dropped silently
    page.wait_for_selector("html[data-ready]")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "rejected")
    go(page, "verify")
    mine = page.locator(".my-records .card.record")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("服务器拒绝销号")
    states = page.evaluate("""async () => (await (await import('/js/store/db.js')).listRecords())
      .map((r) => [r.type, r.state, r.error && r.error.code])""")
    assert states == [["item.verify", "rejected", "too_far"]]


def test_unsatisfied_resident_sends_item_back(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"戏台顶棚漏雨 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler")
    ctx = launch("supervisor", position=offset(item.lat, item.lon, 40))
    page = page_of(ctx)
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    # after a sync the listed items' details and thumbnails are kept for the road
    deadline = time.monotonic() + 60
    while not page.evaluate(KEPT, [item.id, item.before]):  # (evaluate awaits, polling does not)
        assert time.monotonic() < deadline, "the item was not kept for offline use"
        page.wait_for_timeout(500)
    ctx.set_offline(True)  # never opened before, and no signal at the village
    open_item(page, item.id, "verify-due")
    expect(page.locator("#item-notice")).to_contain_text("当前离线")
    expect(page.locator(".history [data-action=rectified]")).to_be_visible()
    page.wait_for_function(LOADED, arg=item.before, timeout=20000)
    expect(page.locator("#verify-far")).to_be_hidden()
    fill_verification(page, photos_dir / "DSCN0025.jpg", "不满意", "孙大娘", "顶棚仍在漏雨",
                      sign=False)
    expect(page.locator("#verify-unsatisfied")).to_be_visible()
    expect(page.locator("#verify-accept")).to_be_disabled()
    page.click("#verify-return")
    expect(page.locator("#item-form-note")).to_contain_text("等待同步")
    ctx.set_offline(False)
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "synced", timeout=SYNC_S)
    head = page.locator(".item-screen > .record-head")
    expect(head.locator("[data-status]")).to_have_text("已退回", timeout=SYNC_S)
    expect(head).to_contain_text("退回 1 次")
    detail = item_json(live, item.id)
    assert (detail["status"], detail["return_count"], detail["satisfaction"]) == \
        ("assigned", 1, "unsatisfied")
    (event,) = [e for e in detail["events"] if e["action"] == "verify"]
    assert event["payload"]["returned"] is True and event["payload"]["decision"] == "return"
    go(page, "verify")
    expect(page.locator(f".verify-due .card.item[data-item='{item.id}']")).to_have_count(0)


def test_satisfied_acceptance_closes_and_public_shows_no_personal_data(
        live, launch, area_of, photos_dir):
    tag = uuid.uuid4().hex[:6]
    item = make_item(live, area_of(live), text=f"文化墙彩绘褪色 {tag}", rectify_as="handler")
    ctx = launch("supervisor", position=offset(item.lat, item.lon, 60))
    page = page_of(ctx)
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    open_item(page, item.id, "verify-due")
    resident = f"钱秀英{tag}"
    fill_verification(page, photos_dir / "landscape_6.jpg", "满意", resident,
                      f"彩绘已重新绘制 {tag}")
    page.click("#verify-accept")
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "synced", timeout=SYNC_S)
    expect(page.locator(".item-screen > .record-head [data-status]")).to_have_text(
        "已销号", timeout=SYNC_S)

    detail = item_json(live, item.id)
    assert detail["status"] == "closed" and detail["satisfaction"] == "satisfied"
    (event,) = [e for e in detail["events"] if e["action"] == "verify"]
    assert event["payload"]["resident_name"] == resident
    assert event["payload"]["decision"] == "accept" and event["payload"]["distance_m"] < 100
    (signature,) = [p["sha256"] for p in detail["photos"] if p["kind"] == "signature"]
    assert event["payload"]["signature"] == signature
    verify_photos = [p["sha256"] for p in detail["photos"] if p["kind"] == "verify"]
    assert len(verify_photos) == 1
    req = urllib.request.Request(f"{live.url}/api/v1/photos/{signature}/original",
                                 headers={"Authorization": f"Bearer {token(live, 'supervisor')}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        png = resp.read()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and hashlib.sha256(png).hexdigest() == signature
    with Image.open(io.BytesIO(png)) as img:
        dark = sum(img.convert("L").histogram()[:100])
    assert dark > 100, "the stored signature is blank"

    row = call(live, "GET", f"/api/v1/public/items/{item.id}")
    assert row["status"] == "closed" and row["closed_on"]
    text = json.dumps(row, ensure_ascii=False)
    names = {u["name"] for u in call(live, "GET", "/api/v1/admin/users",
                                     token=token(live, "admin"))}
    for secret in [resident, signature, *verify_photos, f"{item.lat:.6f}", *names]:
        assert secret not in text, f"public row leaks {secret!r}"


def test_conflict_with_a_faster_supervisor_loses_nothing(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"非遗展板破损 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler")
    ctx = launch("supervisor", position=offset(item.lat, item.lon, 30))
    page = page_of(ctx)
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    open_item(page, item.id, "verify-due")
    ctx.set_offline(True)
    fill_verification(page, photos_dir / "portrait_6.jpg", "基本满意", "周师傅", "展板已更换")
    page.click("#verify-accept")
    expect(page.locator(".toast.ok")).to_contain_text("联网后自动上传")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "pending")

    verify(live, item, "supervisor2")  # the other supervisor was there first
    assert item_json(live, item.id)["status"] == "closed"

    ctx.set_offline(False)
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "rejected", timeout=SYNC_S)
    expect(record.locator(".reason")).to_contain_text("已被他人处理", timeout=SYNC_S)
    expect(record.locator(".reason")).to_contain_text("已销号", timeout=SYNC_S)
    kept = page.evaluate("""async (id) => {
      const db = await import('/js/store/db.js');
      const rec = (await db.listRecords()).find((r) => r.payload.item_id === id);
      const photos = await Promise.all(rec.photos.map((s) => db.getPhoto(s)));
      return { state: rec.state, code: rec.error.code, resident: rec.payload.resident_name,
               signature: Boolean(rec.payload.signature), photos: photos.map((p) => Boolean(p)) };
    }""", item.id)
    assert kept == {"state": "rejected", "code": "invalid_transition", "resident": "周师傅",
                    "signature": True, "photos": [True, True]}
    go(page, "verify")
    expect(page.locator(f".verify-due .card.item[data-item='{item.id}']")).to_have_count(0)
    expect(page.locator(".my-records .card.record")).to_contain_text("已被他人处理")
