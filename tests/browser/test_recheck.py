"""周抽查 on the supervisor's phone (issue 15): the closed items drawn for the week wait
in 待抽查 on the 待验收 screen (those given to this supervisor first, nearest first, the
others folded), and the re-check is made on site like a verification. A 不合格 recorded
offline, with a photo, near the item, reopens it (closed -> assigned) once the phone is
back online; a re-check from 5 km is warned on the phone and refused by the server, with
the reason and what to do shown; one that another supervisor made first is refused as no
longer sampled, and nothing on the phone is lost.

A server of this module's own, and a township of the module's own whose office draws the
week: the draw's population is exactly the items made here, so the sample is all of them
whatever the seed. Each item closed by supervisor2 goes to supervisor (the rule gives a
re-check to someone other than the closer), the one closed by supervisor to supervisor2.
"""

import time
import uuid
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import go, login, page_of
from tests.browser.liveserver import PASSWORD, LiveServer
from tests.browser.loop import (
    Item,
    call,
    item_json,
    local_today,
    make_item,
    offset,
    scene_jpeg,
    upload,
    verify,
)
from tests.browser.loop import login as token

SYNC_S = 120_000  # ms: a sync run on a busy two-core machine, with generous room
RECORD = ".item-records .card.record"
KEPT = "async (id) => Boolean(await (await import('/js/store/db.js')).getDetail(id))"


@dataclass
class Drawn:
    """The module's draw: items given to `supervisor` (mine) and to supervisor2 (other)."""

    mine: list[Item]
    other: Item
    week: str


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    """The production server over a demo database of this module's own."""
    server = LiveServer(tmp_path_factory.mktemp("recheck")).setup().start()
    yield server
    server.stop()


def _user(server, admin, roles, **fields) -> str:
    """A new user; their username."""
    name = f"sc{uuid.uuid4().hex[:6]}"
    call(server, "POST", "/api/v1/admin/users", {
        "username": name, "password": PASSWORD, "name": "抽查测试", "roles": roles, **fields},
        admin)
    return name


@pytest.fixture(scope="module")
def drawn(srv) -> Drawn:
    """Three items of a new township closed this week, drawn by its office."""
    admin = token(srv, "admin")
    towns = [a for a in call(srv, "GET", "/api/v1/admin/areas", token=admin)
             if a["kind"] == "township"]
    lat, lon = towns[0]["lat"] + 0.25, towns[0]["lon"] + 0.25  # clear of the demo's places
    town = call(srv, "POST", "/api/v1/admin/areas", {
        "name": "抽查镇", "kind": "township", "lat": lat, "lon": lon, "radius_m": 8000}, admin)
    village = call(srv, "POST", "/api/v1/admin/areas", {
        "name": "回头村", "kind": "village", "township_id": town["id"], "lat": lat, "lon": lon,
        "radius_m": 5000}, admin)
    cadre = _user(srv, admin, ["cadre"], area_ids=[village["id"]])
    office = _user(srv, admin, ["office"], township_id=town["id"])
    tag = uuid.uuid4().hex[:6]
    items = {}
    for key, text, closer in (("a", "公厕洗手池堵塞", "supervisor2"),
                              ("b", "健身路径单杠松动", "supervisor"),
                              ("c", "村口垃圾屋破损", "supervisor2")):
        item = make_item(srv, village, text=f"{text} {tag}", reporter=cadre, rectify_as="handler")
        verify(srv, item, closer)
        items[key] = item
    iso = local_today().isocalendar()
    week = f"{iso.year}-W{iso.week:02d}"
    sc = call(srv, "POST", "/api/v1/spot-checks", {"week": week, "size": 50},
              token(srv, office))["spot_check"]
    given = {e["item_id"]: e["supervisor_id"] for e in sc["entries"]}
    ids = {u: call(srv, "GET", "/api/v1/me", token=token(srv, u))["user"]["id"]
           for u in ("supervisor", "supervisor2")}
    assert given == {items["a"].id: ids["supervisor"], items["b"].id: ids["supervisor2"],
                     items["c"].id: ids["supervisor"]}, sc
    return Drawn([items["a"], items["c"]], items["b"], week)


def _phone(launch, position) -> Page:
    """A supervisor's phone of its own at `position`."""
    return page_of(launch(f"sup{uuid.uuid4().hex[:6]}", position=position))


def _kept(page: Page, item_id: int) -> None:
    """Wait until the item's detail is kept on the phone for offline use."""
    deadline = time.monotonic() + 60
    while not page.evaluate(KEPT, item_id):  # (evaluate awaits, polling does not)
        assert time.monotonic() < deadline, "the sampled item was not kept for offline use"
        page.wait_for_timeout(500)


def _open(page: Page, selector: str, item_id: int) -> None:
    """Tap the item's card and wait for its page."""
    page.locator(f"{selector} .card.item[data-item='{item_id}'] a.card-link").click()
    expect(page.locator("#item-description")).to_be_visible()


def _fill(page: Page, result: str, photo, note: str = "") -> None:
    """The re-check form: result (pass 合格 / fail 不合格（反弹）), one photo, a note."""
    choice = page.locator(f".recheck-form .chip-choice:has(input[value={result}])")
    expect(choice).to_have_text({"pass": "合格", "fail": "不合格（反弹）"}[result])
    choice.click()
    form = page.locator(".recheck-form")
    page.set_input_files("#recheck-gallery", str(photo))
    expect(form.locator(".photos .photo")).to_have_count(1, timeout=30000)
    if note:
        page.fill("#recheck-note", note)


def _entry(server, item_id: int) -> dict:
    """The item's spot-check entry as the server keeps it."""
    (entry,) = item_json(server, item_id)["spot_checks"]
    return entry


def test_fail_recorded_offline_reopens_the_item(srv, drawn, launch, photos_dir):
    a, c = drawn.mine
    page = _phone(launch, offset(a.lat, a.lon, 30))
    login(page, srv, "supervisor", ready=f".spot-mine .card.item[data-item='{a.id}']")

    mine = page.locator(".spot-mine .card.item")
    expect(mine.first).to_have_attribute("data-item", str(a.id))  # the nearest first
    expect(page.locator(f".spot-mine .card.item[data-item='{c.id}']")).to_have_count(1)
    n = mine.count()
    expect(page.locator("#spot-title")).to_have_text(f"待抽查（{n}）")
    card = page.locator(f".spot-mine .card.item[data-item='{a.id}']")
    expect(card.locator(".distance")).to_have_text("距您 30 米")
    expect(card.locator(".spot-week")).to_have_text(
        f"{drawn.week[:4]}年第{int(drawn.week[-2:])}周抽查")
    expect(card.locator("[data-spot]")).to_have_text("待抽查复核")
    others = page.locator(".spot-others")
    expect(others.locator("summary")).to_contain_text("分给其他督导的")
    expect(others.locator(f".card.item[data-item='{drawn.other.id}']")).to_contain_text("复核人：周婷")
    expect(others.locator(f".card.item[data-item='{drawn.other.id}']")).to_be_hidden()  # folded

    _kept(page, a.id)
    page.context.set_offline(True)  # no signal in the village
    _open(page, ".spot-mine", a.id)
    expect(page.locator("#item-notice")).to_contain_text("当前离线")
    expect(page.locator(".item-spot")).to_contain_text("复核人：黄磊")
    expect(page.locator(".history [data-action=sample]")).to_contain_text("纳入周抽查")
    expect(page.locator("#recheck-distance")).to_contain_text("30 米")
    expect(page.locator("#recheck-far")).to_be_hidden()
    expect(page.locator("#recheck-given")).to_be_hidden()

    _fill(page, "fail", photos_dir / "DSCN0012.jpg")
    expect(page.locator("#recheck-fail-hint")).to_be_visible()
    page.click("#recheck-save")
    expect(page.locator("#recheck-error")).to_have_text("不合格时请写明复核意见")
    note = "洗手池仍然堵塞，污水外溢"
    page.fill("#recheck-note", note)
    expect(page.locator("#recheck-error")).to_have_text("")
    page.click("#recheck-save")
    expect(page.locator(".toast.ok")).to_contain_text("联网后自动上传")
    expect(page.locator("#item-form-note")).to_have_text("复核已提交，等待同步到服务器")
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "pending")
    expect(record.locator("[data-result]")).to_have_text("不合格（反弹）")
    assert item_json(srv, a.id)["status"] == "closed"

    go(page, "verify")
    own = page.locator(".my-records .card.record")
    expect(own).to_contain_text("抽查复核")
    expect(own.locator("[data-result=fail]")).to_have_text("不合格（反弹）")
    go(page, "sync")
    expect(page.locator("#sync-pending")).to_have_text("1 条")

    page.context.set_offline(False)
    expect(page.locator("#sync-pending")).to_have_text("0 条", timeout=SYNC_S)
    detail = item_json(srv, a.id)
    assert detail["status"] == "assigned" and detail["spot_check"] is None
    assert detail["deadline"] > local_today().isoformat()
    (event,) = [e for e in detail["events"] if e["action"] == "recheck"]
    assert event["payload"]["result"] == "fail" and event["payload"]["note"] == note
    assert event["payload"]["distance_m"] < 100
    (photo,) = [p["sha256"] for p in detail["photos"] if p["kind"] == "recheck"]
    assert event["payload"]["photos"] == [photo]
    assert _entry(srv, a.id)["result"] == "fail"

    go(page, "verify")
    expect(page.locator(f".spot-mine .card.item[data-item='{a.id}']")).to_have_count(
        0, timeout=SYNC_S)
    page.evaluate(f"location.hash = '#item/{a.id}'")
    expect(page.locator(".item-screen > .record-head [data-status]")).to_have_text(
        "已交办", timeout=SYNC_S)
    recheck = page.locator(".history [data-action=recheck]")
    expect(recheck).to_contain_text("周抽查复核")
    expect(recheck).to_contain_text("复核结论：不合格（反弹）")
    expect(recheck).to_contain_text(note)
    expect(page.locator(".gallery[data-kind=recheck] img")).to_have_count(1)
    expect(page.locator(RECORD)).to_have_attribute("data-state", "synced")
    expect(page.locator(".recheck-form")).to_have_count(0)


def test_far_recheck_is_warned_and_refused(srv, drawn, launch, photos_dir):
    b = drawn.other
    page = _phone(launch, offset(b.lat, b.lon, 5000))
    login(page, srv, "supervisor", ready=".spot-others > summary")  # folded away
    expect(page.locator(f".spot-others .card.item[data-item='{b.id}']")).to_be_attached()
    page.click(".spot-others > summary")
    card = page.locator(f".spot-others .card.item[data-item='{b.id}']")
    expect(card).to_be_visible()
    expect(card.locator(".distance")).to_have_text("距您 5.0 公里 · 超出复核距离")
    _open(page, ".spot-others", b.id)
    expect(page.locator("#recheck-given")).to_have_text("这项抽查分给了 周婷，您也可以复核。")
    expect(page.locator("#recheck-far")).to_be_visible()
    expect(page.locator("#recheck-far")).to_contain_text("300 米")
    expect(page.locator("#recheck-distance")).to_contain_text("5.0 公里")

    _fill(page, "pass", photos_dir / "DSCN0021.jpg", "单杠已紧固")
    page.click("#recheck-save")
    modal = page.locator(".modal")
    expect(modal).to_contain_text("超出 300 米，服务器将拒绝这次复核")
    modal.locator("[data-confirm]").click()
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "rejected", timeout=SYNC_S)
    expect(record.locator("[data-result=pass]")).to_have_text("合格")
    reason = record.locator(".reason")
    expect(reason).to_contain_text("5.0 公里")
    expect(reason).to_contain_text("超出允许的 300 米，服务器拒绝这次复核")
    detail = item_json(srv, b.id)
    assert detail["status"] == "closed" and detail["spot_check"]["id"] == _entry(srv, b.id)["id"]
    assert not [e for e in detail["events"] if e["action"] == "recheck"]
    assert _entry(srv, b.id)["result"] is None

    go(page, "sync")
    refused = page.locator("#sync-errors .refused")
    expect(refused.locator(".refused-what")).to_contain_text("抽查复核 · 合格")
    expect(refused.locator(".refused-why")).to_contain_text("距离问题位置过远")
    expect(refused.locator(".refused-todo")).to_have_text("您可以：到问题现场重新复核，再删除这条记录。")
    go(page, "verify")
    expect(page.locator(".my-records .card.record")).to_contain_text("服务器拒绝这次复核")


def test_recheck_another_supervisor_made_first_keeps_the_record(srv, drawn, launch, photos_dir):
    c = drawn.mine[1]
    page = _phone(launch, offset(c.lat, c.lon, 20))
    login(page, srv, "supervisor", ready=f".spot-mine .card.item[data-item='{c.id}']")
    _open(page, ".spot-mine", c.id)
    page.context.set_offline(True)
    _fill(page, "pass", photos_dir / "portrait_6.jpg", "垃圾屋已修复")
    page.click("#recheck-save")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "pending")

    other = token(srv, "supervisor2")  # there first, online
    photo = upload(srv, other, scene_jpeg(f"recheck-{c.description}"))
    call(srv, "POST", f"/api/v1/items/{c.id}/actions/recheck", {
        "result": "pass", "photos": [photo], "lat": c.lat, "lon": c.lon, "accuracy_m": 5.0}, other)

    page.context.set_offline(False)
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "rejected", timeout=SYNC_S)
    expect(record.locator(".reason")).to_contain_text("已不在待抽查之列")
    kept = page.evaluate("""async (id) => {
      const db = await import('/js/store/db.js');
      const rec = (await db.listRecords()).find((r) => r.payload.item_id === id);
      const photos = await Promise.all(rec.photos.map((s) => db.getPhoto(s)));
      return { state: rec.state, code: rec.error.code, result: rec.payload.result,
               photos: photos.map((p) => Boolean(p)) };
    }""", c.id)
    assert kept == {"state": "rejected", "code": "not_sampled", "result": "pass",
                    "photos": [True]}
    assert _entry(srv, c.id)["rechecked_by_name"] == "周婷"
    go(page, "sync")
    expect(page.locator("#sync-errors .refused .refused-todo")).to_contain_text("已有人复核")
