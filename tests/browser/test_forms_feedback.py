"""What the field forms say back (issue #18, points 3 and 6), on a 390×844 phone with
the real server: each validation message of 上报问题, 提交整改 and 现场验收 goes as soon
as its field is filled in, not at the next tap on save; a HEIC photo, which the
browser cannot decode, shows as a tile with its size saying it cannot be previewed,
and the form says why it goes up as taken (the phone cannot convert it, the server
makes the smaller copies)."""

import uuid

from playwright.sync_api import Page, expect

from tests.browser.helpers import go, login, page_of
from tests.browser.loop import make_item
from tests.browser.test_closing_loop import add_photo, draw_signature, open_item

PHONE = {"width": 390, "height": 844}
HEIC = "iphone_13_pro_max.HEIC"
HEIC_SIZE = "2.1 MB"  # 2,182,707 bytes as the app writes sizes


def phone(launch, name: str, position) -> Page:
    """A phone of 390×844 at `position`, with a fix of ±12 m."""
    page = page_of(launch(name, position=position))
    page.set_viewport_size(PHONE)
    return page


def test_report_messages_clear_as_each_field_is_filled(live, launch, area_of):
    area = area_of(live)
    page = phone(launch, "cadre", (area["lat"], area["lon"]))
    login(page, live, "cadre")
    go(page, "report")
    error = page.locator("#report-error")
    page.select_option("#report-area", "")
    page.click("#report-save")
    expect(error).to_have_text("请选择所在区域")
    page.select_option("#report-area", str(area["id"]))
    expect(error).to_have_text("")

    page.click("#report-save")
    expect(error).to_have_text("请选择问题类别")
    page.fill("#report-description", "路灯不亮")  # another field: the message stays
    expect(error).to_have_text("请选择问题类别")
    page.locator(".report-form .chip-choice").first.click()
    expect(error).to_have_text("")

    page.fill("#report-description", "")
    page.click("#report-save")
    expect(error).to_have_text("请填写问题描述")
    page.fill("#report-description", "   ")  # blanks do not count
    expect(error).to_have_text("请填写问题描述")
    page.fill("#report-description", "村口路灯不亮")
    expect(error).to_have_text("")


def test_report_heic_photo_is_a_tile_with_its_size_and_the_reason(live, launch, area_of,
                                                                  photos_dir):
    area = area_of(live)
    page = phone(launch, "cadre", (area["lat"], area["lon"]))
    login(page, live, "cadre")
    go(page, "report")
    page.set_input_files("#photo-gallery",
                         [str(photos_dir / HEIC), str(photos_dir / "DSCN0010.jpg")])
    tiles = page.locator(".report-form .photos .photo")
    expect(tiles).to_have_count(2, timeout=30000)
    tile = page.locator(".report-form .photo.heic")
    expect(tile).to_have_count(1)
    expect(tile).to_have_attribute("data-preview", "none")
    expect(tile).to_contain_text("HEIC 照片")
    expect(tile).to_contain_text("无法预览")
    expect(tile.locator(".photo-size")).to_have_text(HEIC_SIZE)
    assert tile.locator("img").count() == 0, "a broken preview of the HEIC"
    loaded = page.locator(".report-form .photo:not(.heic) img").evaluate(
        "img => img.decode().then(() => img.naturalWidth)")
    assert loaded > 0, "the JPEG lost its preview"
    note = page.locator("#report-heic-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(f"1 张照片是 HEIC 格式（共 {HEIC_SIZE}）")
    expect(note).to_contain_text("无法压缩")
    expect(note).to_contain_text("服务器收到后会生成缩小的副本")
    box = tile.bounding_box()
    assert box["width"] > 80 and box["height"] > 80, box  # a real tile on the grid

    tile.locator(".photo-remove").click()
    expect(tiles).to_have_count(1)
    expect(note).to_be_hidden()


def test_rectify_messages_clear_and_heic_after_photo(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"健身器材螺丝松动 {uuid.uuid4().hex[:6]}")
    page = phone(launch, "handler", (item.lat, item.lon))
    login(page, live, "handler", ready=".tasks-screen .card.item")
    open_item(page, item.id, "tasks-todo")
    error = page.locator(".rectify-form p.error")
    page.click("#rectify-save")
    expect(error).to_have_text("请填写整改情况说明")
    page.fill("#rectify-note", "已紧固全部螺丝")
    expect(error).to_have_text("")

    page.click("#rectify-save")
    expect(error).to_have_text("请至少添加一张整改后照片")
    add_photo(page, "rectify", photos_dir / HEIC)
    expect(error).to_have_text("")
    tile = page.locator(".rectify-form .photo.heic")
    expect(tile).to_contain_text("无法预览")
    expect(tile.locator(".photo-size")).to_have_text(HEIC_SIZE)
    expect(page.locator(".rectify-form .heic-note")).to_contain_text("按原样上传")


def test_verify_messages_clear_as_each_field_is_filled(live, launch, area_of, photos_dir):
    item = make_item(live, area_of(live), text=f"宣传栏玻璃碎裂 {uuid.uuid4().hex[:6]}",
                     rectify_as="handler")
    page = phone(launch, "supervisor", (item.lat, item.lon))
    login(page, live, "supervisor", ready=".verify-screen .card.item")
    open_item(page, item.id, "verify-due")
    error = page.locator("#verify-error")
    page.click("#verify-return")
    expect(error).to_have_text("请选择群众满意度")
    page.locator(".verify-form .chip-choice", has_text="基本满意").click()
    expect(error).to_have_text("")

    page.click("#verify-accept")
    expect(error).to_have_text("销号需要至少一张现场验收照片")
    add_photo(page, "verify", photos_dir / "DSCN0021.jpg")
    expect(error).to_have_text("")

    page.click("#verify-accept")
    expect(error).to_have_text("请填写群众姓名")
    page.fill("#verify-resident", "王桂兰")
    expect(error).to_have_text("")

    page.click("#verify-accept")
    expect(error).to_have_text("请群众签名后再销号")
    draw_signature(page)
    expect(error).to_have_text("")
