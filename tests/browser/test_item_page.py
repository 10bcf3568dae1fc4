"""The smaller things a user hit on the field app (issue #18, point 7), on a 390×844
phone with the real server: the item page shows the item's number (编号, as the
console does), says each 核查提示 once and names the photo it is about; a handler's
提交整改 comes before the history, a supervisor's 现场验收 after it; a tab opens at
its top; 等待更精确定位 is not offered for a fix that is already good enough; the 同步
page keeps its jargon (持久存储, the version hash) behind a folded 详情."""

import uuid
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from server.extensions import db
from server.models import Flag
from tests.browser.helpers import go, login, page_of
from tests.browser.loop import _SPOT, STEP_DEG, call, local_today, make_item, push, upload
from tests.browser.loop import login as token
from tests.browser.loop import scene_jpeg as scene
from tests.browser.test_closing_loop import add_photo, open_item

PHONE = {"width": 390, "height": 844}
BEFORE = "document.querySelector('.item-action').compareDocumentPosition(" \
    "document.querySelector('.item-history')) & Node.DOCUMENT_POSITION_FOLLOWING"


def phone(launch, name: str, position, accuracy: float = 12.0) -> Page:
    """A phone of 390×844 at `position`."""
    page = page_of(launch(name, position=position, accuracy=accuracy))
    page.set_viewport_size(PHONE)
    return page


def flagged_item(server, area: dict, photos_dir) -> tuple[int, float, float, list[str]]:
    """An item reported with three photos, the 2nd and 3rd taken in Italy in 2008 (their
    EXIF raises position and time flags), assigned to the handler's unit."""
    k = next(_SPOT)
    lat, lon = area["lat"] + STEP_DEG * k, area["lon"] - STEP_DEG * k
    cadre = token(server, "cadre")
    tag = uuid.uuid4().hex[:6]
    shas = [upload(server, cadre, scene(f"flags-{tag}")),
            upload(server, cadre, (photos_dir / "DSCN0010.jpg").read_bytes()),
            upload(server, cadre, (photos_dir / "DSCN0025.jpg").read_bytes())]
    result = push(server, cadre, "report.create", {
        "area_id": area["id"], "category": "culture_tourism",
        "description": f"景区指示牌被撞歪 {tag}", "severity": "normal", "lat": lat, "lon": lon,
        "accuracy_m": 6.0, "captured_at": datetime.now(UTC).isoformat(), "photos": shas})
    assert result["status"] == "applied", result
    unit = call(server, "GET", "/api/v1/me", token=token(server, "handler"))["user"]["unit_id"]
    deadline = (local_today() + timedelta(days=5)).isoformat()
    call(server, "POST", f"/api/v1/items/{result['item_id']}/actions/assign",
         {"unit_id": unit, "plan": "扶正并加固", "deadline": deadline}, token(server, "office"))
    return result["item_id"], lat, lon, shas


def test_item_page_number_flags_once_naming_the_photo_and_form_first(
        live, launch, area_of, photos_dir, server_db):
    item_id, lat, lon, shas = flagged_item(live, area_of(live), photos_dir)
    with server_db(live):  # the same check recorded twice for one photo (a re-run)
        db.session.add(Flag(item_id=item_id, kind="photo_gps_far", photo_sha=shas[1],
                            details={"distance_m": 9000000.0, "max_m": 200}))
        db.session.commit()
    detail = call(live, "GET", f"/api/v1/items/{item_id}", token=token(live, "office"))
    assert [f["kind"] for f in detail["flags"] if f["photo_sha"] == shas[1]].count(
        "photo_gps_far") == 2

    page = phone(launch, "handler", (lat, lon))
    login(page, live, "handler", ready=".tasks-screen .card.item")
    open_item(page, item_id, "tasks-todo")
    expect(page.locator("dd.item-number")).to_have_text(f"#{item_id}")
    expect(page.locator("dt", has_text="编号")).to_be_visible()

    lines = page.locator(".flags li")
    expect(lines.first).to_be_visible()
    texts = lines.all_inner_texts()
    assert len(texts) == len(set(texts)), f"repeated lines: {texts}"
    for n in (2, 3):
        assert f"第 {n} 张整改前照片：照片拍摄位置与上报位置相距较远" in texts, texts
        assert f"第 {n} 张整改前照片：照片拍摄时间与上报时间相差较大" in texts, texts
    assert not [x for x in texts if x.startswith("第 1 张")], texts  # the scene photo is fine
    numbers = page.locator(".gallery[data-kind=before] .photo-no").all_inner_texts()
    assert numbers == ["1", "2", "3"], numbers  # the numbers the lines refer to

    expect(page.locator(".item-action .rectify-form")).to_be_visible()
    expect(page.locator(".item-history .history [data-action=assign]")).to_be_attached()
    assert page.evaluate(BEFORE), "提交整改 must come before the history"
    form_top = page.locator(".rectify-form").bounding_box()["y"]
    history_top = page.locator(".item-history").bounding_box()["y"]
    assert form_top < history_top


def test_supervisor_reads_the_history_before_the_verify_form(live, launch, area_of):
    item = make_item(live, area_of(live), text=f"凉亭木栏杆断裂 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler", rectify_note="已更换断裂栏杆")
    page = phone(launch, "supervisor", (item.lat, item.lon))
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    open_item(page, item.id, "verify-due")
    expect(page.locator("dd.item-number")).to_have_text(f"#{item.id}")
    expect(page.locator(".item-action .verify-form")).to_be_visible()
    expect(page.locator(".item-history [data-action=rectified]")).to_contain_text("已更换断裂栏杆")
    assert not page.evaluate(BEFORE), "the supervisor's form comes after the history"


def scroll_to_bottom(page: Page) -> int:
    """Scroll the window to the end of the page; the scroll offset reached."""
    return page.evaluate("() => { scrollTo(0, document.documentElement.scrollHeight);"
                         " return Math.round(scrollY); }")


def test_tabs_open_at_their_top(live, launch, area_of):
    area = area_of(live)
    page = phone(launch, "cadre", (area["lat"], area["lon"]))
    login(page, live, "cadre")
    go(page, "report")
    assert scroll_to_bottom(page) > 50, "the form should be taller than the phone"
    go(page, "today")
    page.wait_for_function("() => scrollY === 0")
    assert scroll_to_bottom(page) > 50, "the area list should be taller than the phone"
    go(page, "report")
    page.wait_for_function("() => scrollY === 0")
    expect(page.locator("#report-area")).to_be_in_viewport()


def test_wait_for_better_fix_only_when_the_fix_is_not_good_enough(live, launch, area_of):
    area = area_of(live)  # radius 250 m or more: good enough is ±50 m there
    assert area["radius_m"] >= 50, area
    spot = {"latitude": area["lat"], "longitude": area["lon"]}
    page = phone(launch, "cadre", (area["lat"], area["lon"]), accuracy=80)
    login(page, live, "cadre")
    go(page, "report")
    page.select_option("#report-area", str(area["id"]))
    wait, warn = page.locator("#gps-wait"), page.locator(".gps .warn")
    text = page.locator("#gps-text")
    expect(text).to_have_text("精度约 ±80 米")
    expect(wait).to_be_visible()
    expect(warn).to_contain_text("定位精度较差（±80 米）")

    page.context.set_geolocation({**spot, "accuracy": 45})
    expect(text).to_have_text("精度约 ±45 米")
    expect(wait).to_be_hidden()  # inside the area's radius and not poor
    expect(warn).to_be_hidden()
    page.select_option("#report-area", "")  # no area chosen: good enough is ±30 m
    expect(wait).to_be_visible()
    expect(warn).to_be_hidden()

    page.context.set_geolocation({**spot, "accuracy": 12})
    expect(text).to_have_text("精度约 ±12 米")
    expect(wait).to_be_hidden()
    expect(warn).to_be_hidden()


def test_sync_page_folds_the_jargon_into_details(live, launch, area_of):
    area = area_of(live)
    page = phone(launch, "cadre", (area["lat"], area["lon"]))
    login(page, live, "cadre")
    go(page, "sync")
    screen = page.locator(".sync-screen")
    expect(screen).to_contain_text("手机存储")
    details = page.locator("#sync-details")
    expect(details.locator("summary")).to_have_text("详情")
    assert details.evaluate("d => d.tagName === 'DETAILS' && !d.open")
    shown = screen.inner_text()
    assert "持久存储" not in shown and "版本" not in shown, shown
    expect(page.locator("#sync-persisted")).to_be_hidden()
    details.locator("summary").click()
    expect(page.locator("#sync-persisted")).to_be_visible()
    expect(page.locator("#sync-persisted")).to_contain_text("持久存储")
    expect(details).to_contain_text("版本")


def test_heic_after_photo_shows_the_servers_thumbnail(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"公厕洗手池漏水 {uuid.uuid4().hex[:6]}")
    page = phone(launch, "handler", (item.lat, item.lon))
    login(page, live, "handler", ready=".tasks-screen .card.item")
    open_item(page, item.id, "tasks-todo")
    page.fill("#rectify-note", "已更换水龙头和下水管")
    add_photo(page, "rectify", photos_dir / "iphone_13_pro_max.HEIC")
    expect(page.locator(".rectify-form .photo.heic")).to_have_attribute("data-preview", "none")
    page.click("#rectify-save")
    expect(page.locator(".item-records .card.record")).to_have_attribute(
        "data-state", "synced", timeout=120_000)
    expect(page.locator(".item-screen > .record-head [data-status]")).to_have_text(
        "待验收", timeout=120_000)
    after = page.locator(".gallery[data-kind=after] img")
    expect(after).to_have_count(1)
    page.wait_for_function("""() => {
      const img = document.querySelector('.gallery[data-kind=after] img');
      return img && img.complete && img.naturalWidth > 0;
    }""", timeout=30_000)  # the HEIC kept on the phone is not shown: the server's copy is
    expect(page.locator(".gallery[data-kind=after] .no-preview")).to_have_count(0)
