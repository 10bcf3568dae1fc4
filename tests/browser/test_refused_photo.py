"""A photo the server refuses never arrives: the record that waits for it says so.

Text first: the report is applied before its photos go up. When the server then refuses
one of them (here a HEIC cut short, which it cannot decode: 422 bad_image), 我的上报 and
同步 must not show "照片上传中" for ever, but that the photo was refused and where the
reason is shown (issue 18, points 1 and 4).
"""

import uuid

from playwright.sync_api import expect

from tests.browser.helpers import fill_report, go, login, page_of, save_report

PHONE = {"width": 390, "height": 844}


def test_refused_photo_is_named_not_left_uploading(live, launch, area_of, photos_dir,
                                                  tmp_path):
    broken = tmp_path / f"broken-{uuid.uuid4().hex[:6]}.heic"
    broken.write_bytes((photos_dir / "iphone_13_pro_max.HEIC").read_bytes()[:60000])
    area = area_of(live)
    text = f"路灯杆倾斜 {uuid.uuid4().hex[:8]}"
    ctx = launch("phone", position=(area["lat"], area["lon"]))
    page = page_of(ctx)
    page.set_viewport_size(PHONE)
    login(page, live)
    ctx.set_offline(True)
    fill_report(page, area_id=area["id"], category="infrastructure", text=text,
                photos=[photos_dir / "jolla.jpg", broken])
    save_report(page)
    ctx.set_offline(False)
    go(page, "sync")
    page.click("#sync-now")

    go(page, "records")
    card = page.locator(".card.record", has_text=text)
    expect(card).to_have_attribute("data-state", "photos_uploading", timeout=60000)
    expect(card.locator("[data-sync]")).to_have_text(
        "已上报，照片 1/2 已上传；1 张被服务器拒收，原因见“同步”页", timeout=60000)
    go(page, "sync")
    expect(page.locator("#sync-uploading .uploading-record")).to_contain_text("1 张被服务器拒收")
    expect(page.locator("#sync-errors")).to_contain_text(broken.name)
    expect(page.locator("#sync-progress")).to_have_text(
        "记录已全部上报；1 张照片被服务器拒收，原因见下方。"
        "可以点“重试”再传一次，或不再上传这些照片")

    # the cadre gives the photo up: the record is settled, the report stays on the server
    page.locator("#sync-uploading .give-up").click()
    page.locator(".modal [data-confirm]").click()
    expect(page.locator("#sync-uploading .uploading-record")).to_have_count(0)
    go(page, "records")
    expect(card).to_have_attribute("data-state", "synced")
