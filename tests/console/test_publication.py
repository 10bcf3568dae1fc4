"""公开 on the console's item page (issue 16): an item is not public until the office
accepts it; then the original and the public text stand side by side, each hidden datum
marked in the original with its kind in words and shown as ＊ in the public text. The
office edits the public text (a phone number typed in is masked by the server all the
same), withholds the item with a required reason (the public API stops listing it),
releases it and restores the original; the timeline names each change. The 公示牌 comes
as the page for the print frame and as a PDF. A supervisor reads all this and changes
nothing, and the API refuses him too."""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import Page, expect

from sync.redact import redact
from tests.browser.loop import ApiFailure
from tests.browser.loop import call as raw_call
from tests.console.data import in_days
from tests.console.helpers import goto, login

PAYLOAD = '<img src=x onerror="window.__pwned=1">'


def words(n: int = 4) -> str:
    """A Chinese tag of its own for this run's texts, one the redaction leaves alone at the
    head of a text (random characters can read as a name: 紫金青东 did)."""
    while True:
        tag = "".join(random.sample("东南西北前后左右红黄蓝绿青紫金银松柏竹梅兰菊", n))
        if all(tag in redact(f"{tag}{rest}").text for rest in ("：路灯不亮", "井盖已经补上了")):
            return tag


def public_ids(server) -> set[int]:
    """Every item id the public list holds, page by page."""
    ids: set[int] = set()
    for page in range(1, 1000):
        data = raw_call(server, "GET", f"/api/v1/public/items?per_page=50&page={page}")
        ids |= {it["id"] for it in data["items"]}
        if page * 50 >= data["total"]:
            return ids
    raise AssertionError("too many pages")


def accepted_item(seed, text: str) -> int:
    """A cadre's report the office has assigned (so public)."""
    item_id = seed.report(text)
    seed.act(item_id, "assign",
             {"unit_id": seed.unit_id(), "deadline": in_days(7), "plan": "限期整改"})
    return item_id


def event_names(page: Page) -> list[str]:
    """The timeline's event names, oldest first."""
    return page.locator("#timeline .event-head strong").all_inner_texts()


def test_not_public_until_the_office_accepts_it(page, console_live, seed):
    item_id = seed.report(f"{words()}：村口路灯不亮")
    login(page, console_live, "office")
    goto(page, f"#/item/{item_id}")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "not_accepted")
    expect(page.locator("#pub-state")).to_contain_text("未公开：尚未受理")
    expect(page.locator("#pub-view")).to_have_count(0)
    expect(page.locator("#pub-placard")).to_have_count(0)
    # 交办 on this page publishes it, and the section says so without a reload
    page.select_option("#act-assign select[name=unit_id]", str(seed.unit_id()))
    page.fill("#act-assign textarea[name=plan]", "限期修复")
    page.click("#act-assign button[type=submit]")
    expect(page.locator(".item-page")).to_have_attribute("data-status", "assigned")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "public")
    assert item_id in public_ids(console_live)


def test_office_edits_withholds_and_restores_the_public_text(page, console_live, seed):
    tag = words()
    text = f"{tag}：5号楼2单元301住户王秀英（电话13812345678）反映楼道灯不亮"
    item_id = accepted_item(seed, text)
    login(page, console_live, "office")
    goto(page, f"#/item/{item_id}")
    section = page.locator("#publication")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "public")
    expect(page.locator("#pub-state")).to_contain_text("已公开")
    expect(page.locator("#pub-view")).to_have_attribute("href", f"/public/?item={item_id}")

    # side by side: the source with the spans marked and named, the public text with ＊
    source, public = page.locator("#pub-source .pub-text"), page.locator("#pub-public .pub-text")
    expect(page.locator("#pub-source h4")).to_have_text("上报原文")
    marks = source.locator("mark.redaction")
    expect(marks).to_have_count(3)
    kinds = marks.evaluate_all("els => els.map(e => [e.dataset.kind, e.textContent])")
    assert kinds == [["house", "5号楼2单元301"], ["name", "王秀英"], ["phone", "13812345678"]]
    labels = source.locator(".redaction-kind").all_inner_texts()
    assert labels == ["门牌", "姓名", "电话"]
    masked = public.locator("mark.masked")
    expect(masked).to_have_count(3)
    assert masked.all_inner_texts() == ["＊" * 9, "＊" * 3, "＊" * 11]
    view = seed.call("GET", f"/api/v1/items/{item_id}/publication")
    expect(public).to_have_text(view["text"])
    for datum in ("13812345678", "王秀英", "5号楼"):
        expect(public).not_to_contain_text(datum)
    expect(page.locator("#pub-found")).to_have_text(
        "隐去个人信息 3 处：门牌 1 处、姓名 1 处、电话 1 处")

    # an edit with a phone number typed in (and markup): the server masks it again
    page.click("#pub-edit summary")
    expect(page.locator("#pub-edit-text")).to_have_value(text)
    page.fill("#pub-edit-text", "")
    page.click("#pub-save")
    expect(page.locator("#pub-edit-form .error")).to_contain_text("公开文字不能为空")
    assert seed.call("GET", f"/api/v1/items/{item_id}/publication")["edited"] is False
    edit = f"{tag}：楼道灯不亮，请打 139 1234 5678 {PAYLOAD}"
    page.fill("#pub-edit-text", edit)
    page.click("#pub-save")
    expect(page.locator("#pub-source h4")).to_have_text("公开文字底稿（办公室修改）")
    expect(public).not_to_contain_text("139 1234 5678")
    expect(public).to_contain_text("＊" * 13)
    expect(public).to_contain_text(PAYLOAD)  # as text
    assert section.locator("img").count() == 0 and page.evaluate("window.__pwned") is None
    expect(source.locator("mark.redaction[data-kind=phone]")).to_have_text("139 1234 5678")
    expect(page.locator("#pub-original")).to_contain_text(text)
    expect(page.locator("#pub-updated")).to_contain_text("最近修改：")
    shown = raw_call(console_live, "GET", f"/api/v1/public/items/{item_id}")["text"]
    assert "139 1234 5678" not in shown and shown.startswith(f"{tag}：楼道灯不亮")
    assert event_names(page)[-1] == "修改公开文字"

    # 不公开 needs a reason; withheld, the public API stops listing it
    page.click("#pub-hide-box summary")
    page.click("#pub-hide")
    expect(page.locator("#pub-hide-form .error")).to_have_text("请填写不公开的理由")
    assert item_id in public_ids(console_live)
    page.fill("#pub-hide-reason", "涉及住户隐私，暂不公开")
    page.click("#pub-hide")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "hidden")
    expect(page.locator("#pub-state")).to_have_text("未公开：已设为不公开")
    expect(page.locator("#pub-hidden-reason")).to_have_text("不公开理由：涉及住户隐私，暂不公开")
    expect(page.locator("#pub-view")).to_have_count(0)
    assert item_id not in public_ids(console_live)
    with pytest.raises(ApiFailure) as withheld:
        raw_call(console_live, "GET", f"/api/v1/public/items/{item_id}")
    assert withheld.value.status == 404
    last = page.locator("#timeline .event").last
    expect(last.locator(".event-head strong")).to_have_text("设为不公开")
    expect(last.locator(".event-body")).to_contain_text("不公开理由：涉及住户隐私，暂不公开")

    # released, then the original restored
    page.click("#pub-release")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "public")
    assert item_id in public_ids(console_live)
    page.click("#pub-edit summary")
    page.click("#pub-restore")
    expect(page.locator("#pub-source h4")).to_have_text("上报原文")
    expect(marks).to_have_count(3)
    assert event_names(page)[-3:] == ["设为不公开", "恢复公开", "恢复原文"]
    assert raw_call(console_live, "GET", f"/api/v1/public/items/{item_id}")["text"] == view["text"]


def test_office_prints_the_placard_and_downloads_its_pdf(page, console_live, seed):
    item_id = accepted_item(seed, f"{words()}：广场护栏松动，联系人电话 13912345678")
    login(page, console_live, "office")
    goto(page, f"#/item/{item_id}")
    page.click("#pub-placard")
    frame = page.frame_locator("#placard-frame")
    expect(frame.locator("body")).to_contain_text("问题整改公示牌")
    expect(frame.locator("body")).to_contain_text(f"#{item_id}")
    expect(frame.locator("body")).not_to_contain_text("13912345678")
    # styled in the frame: the console's CSP allows the placard's inline stylesheet
    expect(frame.locator(".masthead")).to_have_css("color", "rgb(204, 0, 0)")
    sandbox = page.locator("#placard-frame").get_attribute("sandbox")
    assert sandbox == "allow-same-origin allow-modals"
    assert frame.locator("script").count() == 0
    expect(page.locator("#placard-print")).to_be_visible()
    with page.expect_download() as got:
        page.click("#pub-placard-pdf")
    assert got.value.suggested_filename == f"公示牌_{item_id}.pdf"
    with open(got.value.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"


def test_supervisor_reads_the_publication_and_changes_nothing(page, console_live, seed):
    item_id = accepted_item(seed, f"{words()}：菜市场门口积水，联系电话 13712345678")
    login(page, console_live, "supervisor")
    goto(page, f"#/item/{item_id}")
    expect(page.locator("#pub-state")).to_have_attribute("data-state", "public")
    expect(page.locator("#pub-source mark.redaction[data-kind=phone]")).to_have_text("13712345678")
    expect(page.locator("#pub-public")).not_to_contain_text("13712345678")
    expect(page.locator("#pub-read-only")).to_be_visible()
    for control in ("#pub-edit", "#pub-hide-box", "#pub-hide", "#pub-release", "#pub-placard",
                    "#pub-placard-pdf"):
        expect(page.locator(control)).to_have_count(0)
    expect(page.locator("#pub-view")).to_be_visible()
    # the requests the office's controls send, with the supervisor's own token
    for method, path, body in (("PATCH", f"/api/v1/items/{item_id}/publication", {"hidden": False}),
                               ("GET", f"/api/v1/items/{item_id}/placard", None)):
        with pytest.raises(ApiFailure) as refused:
            seed.call(method, path, body, user="supervisor")
        assert refused.value.status == 403, (method, path)
    assert seed.call("GET", f"/api/v1/items/{item_id}/publication")["hidden"] is False
