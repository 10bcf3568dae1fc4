"""问题整改公示牌 (issue 16): a public item's A4 placard, as a page and as PDF.

Printed the two ways the office prints it — the page saved to disk and printed by Chromium
offline, and the server's PDF (WeasyPrint) — each read back: one A4 portrait page (pypdf),
its text (pdftotext) and its QR code, rendered to PNG (pdftoppm) and decoded (zxing-cpp)
back to the item's public address. Texts at each size step's limit fit their boxes whole
in the browser, and a 2,000-character text and plan still print on one page, cut with an
ellipsis. The clock is the report tests' (Friday 2026-11-27).
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageFile
from pypdf import PdfReader

from server.extensions import db
from server.models import Area, Unit, User
from server.photos.imaging import decode as decode_photo
from server.services import placard, publication
from server.services.users import create_user
from tests.browser.conftest import ARGS, CHROMIUM
from tests.factories import PASSWORD, login
from tests.reports import paper

BASE = "https://gongshi.xinzheng.gov.cn/zl"
PHONE = "0371-62690110"
DEADLINE = "2026-12-15"
TEXT = "幸福路3号楼前路灯不亮已有两周，5号楼2单元301住户王秀英反映，电话138 1234 5678"
PLAN = "住建局三日内更换灯具，联系人张建国，联系电话 139-0371-6688，完成后报送对比照片"
PERSONAL = ("王秀英", "13812345678", "13903716688", "张建国", "5号楼2单元301")
FILLER = "".join(paper.PROBLEMS) + "。"
CONTENT_MM = 210 - 14 - 14  # inside placard.css's page margins
MM = 96 / 25.4  # CSS pixels per millimetre


def squeeze(text: str) -> str:
    """Text without any white space, for matching across the PDF's lines."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def settings(app):
    """The public address (given with a trailing slash) and the phone, put back after."""
    saved = {k: app.config.get(k) for k in ("PUBLIC_BASE_URL", "SUPERVISION_PHONE")}
    app.config.update(PUBLIC_BASE_URL=BASE + "/", SUPERVISION_PHONE=PHONE)
    yield app.config
    app.config.update(saved)


@pytest.fixture
def accept(client, auth, org):
    """Assign an item to 住建局 with a plan (accepted, so public)."""

    def assign(item_id, plan=PLAN):
        resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                           json={"unit_id": org.units["住建局"], "deadline": DEADLINE,
                                 "plan": plan})
        assert resp.status_code == 200, resp.get_json()
        return item_id

    return assign


@pytest.fixture
def public_item(new_item, accept):
    """An accepted item whose description and plan hold personal data."""
    return accept(new_item(description=TEXT))


def get(client, auth, item_id, user="office", fmt=None):
    """The placard as `user`."""
    query = f"?format={fmt}" if fmt else ""
    return client.get(f"/api/v1/items/{item_id}/placard{query}", headers=auth(user))


def url_of(item_id):
    """The item's public page, as the QR code must hold it."""
    return f"{BASE}/public/?item={item_id}"


def decode(pdf: Path) -> list[str]:
    """Every QR code on the PDF's first page (rendered at 150 dpi)."""
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf),
                    str(pdf.with_suffix(""))], check=True, timeout=120)
    image = Image.open(pdf.with_suffix(".png"))
    return [r.text for r in zxingcpp.read_barcodes(image)]


def one_a4(pdf: Path) -> str:
    """Assert the PDF is one A4 portrait page; its text, without white space."""
    assert paper.page_boxes(pdf) == [(paper.A4_SHORT, paper.A4_LONG)], paper.page_boxes(pdf)
    assert len(PdfReader(pdf).pages) == 1
    return squeeze("".join(paper.page_texts(pdf, raw=True)))


def server_pdf(client, auth, item_id, folder: Path) -> Path:
    """The server's PDF of the placard, saved."""
    resp = get(client, auth, item_id, fmt="pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.get_data().startswith(b"%PDF-")
    path = folder / f"server-{item_id}.pdf"
    path.write_bytes(resp.get_data())
    return path


FIT_JS = """() => {
  const over = (e) => e.scrollHeight > e.clientHeight + 1;
  const sheet = document.querySelector('.sheet').getBoundingClientRect();
  const sign = document.querySelector('.sign').getBoundingClientRect();
  return {boxes: [...document.querySelectorAll('.box')].filter(over).map((e) => e.innerText),
          sizes: [...document.querySelectorAll('.problem .box, .plan .box')]
            .map((e) => e.className),
          inside: sign.bottom <= sheet.bottom + 1};
}"""


def browser_print(playwright_driver, html: Path) -> dict:
    """Open a saved page offline, measure it under print media, print it to PDF."""
    browser = playwright_driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    try:
        context = browser.new_context(offline=True, viewport={
            "width": round(CONTENT_MM * MM), "height": 1000})
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(html.as_uri())
        page.emulate_media(media="print")
        found = page.evaluate(FIT_JS)
        pdf = html.with_suffix(".pdf")
        page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
        context.close()
    finally:
        browser.close()
    return {**found, "requests": requests, "pdf": pdf}


def save(client, auth, item_id, folder: Path) -> Path:
    """The placard page as the office saves it to disk."""
    resp = get(client, auth, item_id)
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    path = folder / f"placard-{item_id}.html"
    path.write_bytes(resp.get_data())
    return path


# ---- the page ------------------------------------------------------------------------

def test_the_page_prints_the_public_facts_and_no_personal_data(client, auth, settings,
                                                               public_item):
    resp = get(client, auth, public_item)
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    text = squeeze(re.sub(r"<[^>]+>", " ", html))
    for fact in ("问题整改公示牌", "“用脚步丈量”工作专班办公室", f"台账#{public_item}",
                 "龙湖镇·郭老庄", "城乡基础设施建设", "住建局", "2026年12月15日", "整改中",
                 f"监督电话：{PHONE}", "扫码查看整改进度、参与群众评议", url_of(public_item),
                 "幸福路3号楼前路灯不亮已有两周", "住建局三日内更换灯具", "2026年11月27日"):
        assert squeeze(fact) in text, fact
    for datum in PERSONAL:
        assert datum not in text, datum
    digits = re.sub(r"\D", "", text.replace(url_of(public_item), ""))
    assert "13812345678" not in digits and "13903716688" not in digits
    assert "<svg" in html and not re.search(r"\b(href|src)=", html)
    assert get(client, auth, public_item, "admin").status_code == 200


def test_the_inline_stylesheet_is_allowed_by_its_hash_alone(client, auth, settings,
                                                            public_item):
    resp = get(client, auth, public_item)
    css = re.search(r"<style>(.*?)</style>", resp.get_data(as_text=True), re.S).group(1)
    assert css == placard.CSS
    csp = resp.headers["Content-Security-Policy"]
    assert "style-src 'sha256-" in csp and "'unsafe-inline'" not in csp
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert resp.headers["Cache-Control"] == "no-store"


def test_the_base_address_is_used_without_its_trailing_slash(ctx, settings):
    assert placard.public_url(42) == f"{BASE}/public/?item=42"
    for wrong in ("gongshi.xinzheng.gov.cn", "ftp://gongshi.gov.cn", "https://", "  "):
        settings["PUBLIC_BASE_URL"] = wrong
        assert placard.public_url(42) is None, wrong


def test_texts_are_fitted_in_steps_and_cut_with_an_ellipsis_past_the_last():
    steps = placard.FIT_PROBLEM
    assert placard.fit("路灯不亮", steps)["size"] == "l"
    assert placard.fit("灯" * 101, steps)["size"] == "m"
    assert placard.fit("灯" * 300, steps) == {"text": "灯" * 300, "size": "s", "cut": False}
    cut = placard.fit("灯" * 301, steps, placard.MORE_ONLINE)
    assert cut["cut"] and len(cut["text"]) == 300
    assert cut["text"].endswith("……（全文请扫码查看）")
    assert placard.fit("路灯\n\n 不亮", steps)["text"] == "路灯 不亮"


# ---- printed -------------------------------------------------------------------------

def test_the_pdf_is_one_a4_page_whose_qr_code_is_the_items_public_address(
        client, auth, settings, public_item, tmp_path):
    pdf = server_pdf(client, auth, public_item, tmp_path)
    text = one_a4(pdf)
    for fact in ("问题整改公示牌", f"台账#{public_item}", "龙湖镇·郭老庄", squeeze(PHONE),
                 "2026年12月15日", "扫码查看整改进度、参与群众评议"):
        assert fact in text, fact
    for datum in PERSONAL:
        assert datum not in text, datum
    assert "1234" not in text and "6688" not in text
    assert decode(pdf) == [url_of(public_item)]
    assert "WenQuanYi" in subprocess.run(["pdffonts", str(pdf)], capture_output=True,
                                         check=True, text=True).stdout, "a Chinese font"


def test_the_page_printed_by_chromium_offline_is_one_a4_page_with_the_qr_code(
        client, auth, settings, public_item, playwright_driver, tmp_path):
    html = save(client, auth, public_item, tmp_path)
    printed = browser_print(playwright_driver, html)
    assert printed["requests"] == [html.as_uri()], "the page fetches nothing"
    assert printed["boxes"] == [] and printed["inside"]
    assert "问题整改公示牌" in one_a4(printed["pdf"])
    assert decode(printed["pdf"]) == [url_of(public_item)]


# (public text, plan) at each size step's limit, and far past the last
LENGTHS = [(100, 60, "fit-l", "fit-m"), (180, 120, "fit-m", "fit-s"),
           (300, 200, "fit-s", "fit-xs"), (2000, 2000, "fit-s", "fit-xs")]


def _filled(n: int) -> str:
    """n characters of plain problem text (no personal data to redact)."""
    return (FILLER * (n // len(FILLER) + 1))[:n]


@pytest.mark.parametrize("text_len,plan_len,text_size,plan_size", LENGTHS)
def test_a_text_of_any_length_prints_on_one_page(client, auth, settings, new_item, accept,
                                                 playwright_driver, tmp_path, text_len,
                                                 plan_len, text_size, plan_size):
    item_id = accept(new_item(description=_filled(text_len)), plan=_filled(plan_len))
    html = save(client, auth, item_id, tmp_path)
    printed = browser_print(playwright_driver, html)
    assert printed["boxes"] == [], "every text shows whole in its box"
    assert printed["inside"], "the signature is on the sheet"
    assert [s.split()[-1] for s in printed["sizes"]] == [text_size, plan_size]
    for pdf in (printed["pdf"], server_pdf(client, auth, item_id, tmp_path)):
        text = one_a4(pdf)
        assert decode(pdf) == [url_of(item_id)], pdf.name
        assert ("……（全文请扫码查看）" in text) is (text_len > 300), pdf.name



def test_long_names_of_place_and_unit_are_cut_to_two_lines(app, client, auth, org, settings,
                                                            new_item, playwright_driver,
                                                            tmp_path):
    with app.app_context():
        unit = Unit(name="新郑市" + "城乡基础设施建设与公共服务保障" * 6 + "中心")
        db.session.add(unit)
        db.session.get(Area, org.areas["郭老庄"]).name = "郭老庄" + "东西南北片区" * 15
        db.session.commit()
        unit_id = unit.id
    item_id = new_item(description="村口路灯不亮")
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                       json={"unit_id": unit_id, "deadline": DEADLINE, "plan": "更换灯具"})
    assert resp.status_code == 200, resp.get_json()
    html = save(client, auth, item_id, tmp_path)
    printed = browser_print(playwright_driver, html)
    assert printed["boxes"] == [] and printed["inside"]
    text = one_a4(printed["pdf"])
    assert "新郑市城乡基础设施建设" in text and "龙湖镇·郭老庄东西南北片区" in text
    assert text.count("…") == 2 and decode(printed["pdf"]) == [url_of(item_id)]

# ---- without the settings ------------------------------------------------------------

def test_without_the_public_address_there_is_no_qr_code_and_a_notice(
        client, auth, settings, public_item, tmp_path):
    settings["PUBLIC_BASE_URL"] = ""
    html = get(client, auth, public_item).get_data(as_text=True)
    notice = "未设置公开网址（ZHANGLIANG_PUBLIC_BASE_URL），暂不能生成二维码"
    assert notice in html and "<svg" not in html and "/public/?item=" not in html
    assert "扫码" not in html
    pdf = server_pdf(client, auth, public_item, tmp_path)
    assert squeeze(notice) in one_a4(pdf) and decode(pdf) == []
    settings["PUBLIC_BASE_URL"] = "gongshi.xinzheng.gov.cn"
    html = get(client, auth, public_item).get_data(as_text=True)
    assert "公开网址设置有误" in html and "<svg" not in html and "/public/?item=" not in html


def test_without_the_phone_the_placard_says_it_is_not_set(client, auth, settings,
                                                          public_item, tmp_path):
    settings.update(SUPERVISION_PHONE="", PUBLIC_BASE_URL="")
    html = get(client, auth, public_item).get_data(as_text=True)
    assert re.search(r'<p class="phone missing">监督电话：未设置', html)
    assert "ZHANGLIANG_SUPERVISION_PHONE" in html
    text = one_a4(server_pdf(client, auth, public_item, tmp_path))
    assert "监督电话：未设置" in text and "ZHANGLIANG_SUPERVISION_PHONE" in text


# ---- who, and which items ------------------------------------------------------------

def _withhold(app, org, item_id):
    """The office marks the item 不公开 with a reason."""
    with app.app_context():
        office = db.session.get(User, org.users["office"])
        publication.update(office, item_id, {"hidden": True, "hidden_reason": "涉及隐私"})
        db.session.commit()


def _refused(resp, status, code):
    """An error in the shared shape."""
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    assert resp.get_json()["error"]["code"] == code
    return resp.get_json()["error"]["details"]


def test_an_item_the_public_may_not_see_has_no_placard(app, client, auth, org, settings,
                                                       new_item, accept):
    fresh = new_item(description="村口垃圾堆放")
    rejected = new_item(description="路面有落叶")
    resp = client.post(f"/api/v1/items/{rejected}/actions/reject", headers=auth("office"),
                       json={"reason": "不属实"})
    assert resp.status_code == 200
    withheld = accept(new_item(description="院墙开裂"))
    _withhold(app, org, withheld)
    for item_id, reason in ((fresh, "not_accepted"), (rejected, "not_accepted"),
                            (withheld, "hidden")):
        for fmt in (None, "pdf"):
            details = _refused(get(client, auth, item_id, fmt=fmt), 409, "not_public")
            assert details["reason"] == reason


def test_only_the_office_and_admins_print_placards(app, client, auth, org, settings,
                                                   public_item, new_item):
    own = new_item(description="小区门口窨井盖缺失")  # the cadre's own report
    for user in ("cadre", "handler", "supervisor"):
        for item_id in (public_item, own, 987654321):
            _refused(get(client, auth, item_id, user), 403, "forbidden")
    resp = client.get(f"/api/v1/items/{public_item}/placard")
    assert resp.status_code == 401
    _refused(get(client, auth, 987654321), 404, "not_found")
    _refused(get(client, auth, own, fmt="docx"), 422, "validation_failed")  # before 409
    with app.app_context():  # an office of another township: not in its scope
        town = Area(name="郭店镇", kind="township", lat=34.5, lon=113.8, radius_m=5000)
        db.session.add(town)
        db.session.flush()
        create_user("guodian", PASSWORD, ["office"], "郭店镇办公室", township_id=town.id)
        db.session.commit()
    resp = client.get(f"/api/v1/items/{public_item}/placard", headers=login(client, "guodian"))
    _refused(resp, 404, "not_found")


def test_without_weasyprint_the_pdf_is_refused_in_words_and_the_page_still_prints(
        client, auth, public_item, monkeypatch):
    """A machine whose setup could not install pango: 422 pdf_unavailable, never a 5xx."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails
    resp = client.get(f"/api/v1/items/{public_item}/placard?format=pdf", headers=auth("office"))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "pdf_unavailable"
    page = client.get(f"/api/v1/items/{public_item}/placard", headers=auth("office"))
    assert page.status_code == 200 and "问题整改公示牌" in page.get_data(as_text=True)


def test_a_pdf_leaves_the_photo_pipeline_refusing_to_take_cut_photos_as_whole(
        client, auth, public_item, tmp_path, photos_dir):
    """WeasyPrint turns on Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported; after a
    placard PDF a cut-short upload must still be decoded as partial (and flagged)."""
    server_pdf(client, auth, public_item, tmp_path)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False
    data = (photos_dir / "DSCN0010.jpg").read_bytes()
    cut = decode_photo(data[: len(data) // 2], "image/jpeg", max_pixels=60_000_000, box=1600)
    assert cut.partial
