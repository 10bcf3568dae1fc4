"""民生实事项目公示牌 (issue 17): a public project's A4 placard, as a page and as PDF.

Printed both ways the office prints it — the page saved to disk and printed by Chromium
offline, and the server's PDF (WeasyPrint) — and read back: one A4 portrait page, its
text, and its QR code decoded (zxing-cpp) to the project's public address. The longest
name the schema allows, a dozen long milestones and long unit and place names still print
on one page; without the public address there is a notice, never a wrong code.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.extensions import db
from server.models import Area, Unit, User
from server.services import placard_project
from server.services.users import create_user
from tests.factories import PASSWORD, login
from tests.reports.test_placard import browser_print, decode, one_a4, squeeze

BASE = "https://gongshi.xinzheng.gov.cn/zl"
PHONE = "0371-62690110"
DUE = date.today() + timedelta(days=420)


def cn(day: date) -> str:
    """2026-11-27 -> 2026年11月27日."""
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def settings(app):
    """The public address (given with a trailing slash) and the phone, put back after."""
    saved = {k: app.config.get(k) for k in ("PUBLIC_BASE_URL", "SUPERVISION_PHONE")}
    app.config.update(PUBLIC_BASE_URL=BASE + "/", SUPERVISION_PHONE=PHONE)
    yield app.config
    app.config.update(saved)


@pytest.fixture
def make(client, auth, org):
    """Create a project as the office (the 西关桥 of the background text by default)."""
    def create(**kw):
        body = {"name": "西关桥改建工程", "batch": 1, "category": "infrastructure",
                "unit_id": org.units["住建局"], "leader": "市长 李建国", "leader_led": True,
                "investment_total_wan": 17600, "investment_done_wan": "12200.5",
                "start": (date.today() - timedelta(days=30)).isoformat(),
                "due": DUE.isoformat(), "area_id": org.areas["郭老庄"], **kw}
        resp = client.post("/api/v1/projects", json=body, headers=auth("office"))
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return create


def get(client, auth, pid, user="office", fmt=None):
    """The placard as `user`."""
    query = f"?format={fmt}" if fmt else ""
    return client.get(f"/api/v1/projects/{pid}/placard{query}", headers=auth(user))


def url_of(pid):
    """The project's public page, as the QR code must hold it."""
    return f"{BASE}/public/?project={pid}"


def save(client, auth, pid, folder):
    """The page as the office saves it, and the server's PDF."""
    page = get(client, auth, pid)
    assert page.status_code == 200, page.get_data(as_text=True)[:300]
    html = folder / f"project-{pid}.html"
    html.write_bytes(page.get_data())
    resp = get(client, auth, pid, fmt="pdf")
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.headers["Content-Disposition"] == f'inline; filename="project-placard-{pid}.pdf"'
    pdf = folder / f"server-{pid}.pdf"
    pdf.write_bytes(resp.get_data())
    return html, pdf


def refused(resp, status, code):
    """An error in the shared shape; its details."""
    assert resp.status_code == status, resp.get_data(as_text=True)[:300]
    assert resp.get_json()["error"]["code"] == code
    return resp.get_json()["error"]


def test_the_page_prints_the_published_facts(client, auth, settings, make):
    p = make()
    resp = get(client, auth, p["id"])
    assert resp.status_code == 200 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    text = squeeze(re.sub(r"<[^>]+>", " ", html))
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    start = date.fromisoformat(p["start"])
    for fact in ("民生实事项目公示牌", "“用脚步丈量”工作专班办公室", "西关桥改建工程",
                 f"项目#{p['id']}", "第一批", "城乡基础设施建设", "未开工", "龙湖镇·郭老庄",
                 "住建局", "领办领导", "市长李建国", "17600万元", "12200.5万元", cn(start),
                 cn(DUE), "0%", f"截至{cn(today)}", "立项", "竣工验收", url_of(p["id"]),
                 "扫码查看项目进展、参与群众评议", f"监督电话：{PHONE}"):
        assert squeeze(fact) in text, fact
    assert "<svg" in html and not re.search(r"\b(href|src|style)=", html)
    assert resp.headers["Content-Security-Policy"].startswith("default-src 'none'; style-src")
    assert resp.headers["Cache-Control"] == "no-store"
    assert get(client, auth, p["id"], "admin").status_code == 200
    other = make(name="东街社区日间照料中心", leader="张科长", leader_led=False,
                 investment_total_wan=60, investment_done_wan=0, start=None)
    html = get(client, auth, other["id"]).get_data(as_text=True)
    assert "张科长" not in html and "领办领导" not in html, "the leader of a leader-led only"
    assert "60 万元" in html and "0 万元" in html


def test_amounts_read_as_an_office_writes_them():
    assert [placard_project.wan(v) for v in (17600, "12200.50", "40575.06", 0, None, 0.1)] == [
        "17600 万元", "12200.5 万元", "40575.06 万元", "0 万元", "0 万元", "0.1 万元"]


def test_the_pdf_and_the_browsers_print_are_one_a4_page_with_the_projects_qr_code(
        client, auth, settings, make, playwright_driver, tmp_path):
    pid = make()["id"]
    html, pdf = save(client, auth, pid, tmp_path)
    text = one_a4(pdf)
    for fact in ("民生实事项目公示牌", "西关桥改建工程", f"项目#{pid}", "12200.5万元",
                 squeeze(PHONE), "扫码查看项目进展、参与群众评议"):
        assert fact in text, fact
    assert decode(pdf) == [url_of(pid)]
    printed = browser_print(playwright_driver, html)
    assert printed["requests"] == [html.as_uri()], "the page fetches nothing"
    assert printed["boxes"] == [] and printed["inside"]
    assert "民生实事项目公示牌" in one_a4(printed["pdf"])
    assert decode(printed["pdf"]) == [url_of(pid)]


def test_the_longest_name_and_a_dozen_milestones_still_print_on_one_page(
        app, client, auth, org, settings, make, playwright_driver, tmp_path):
    with app.app_context():
        unit = Unit(name="新郑市" + "城乡基础设施建设与公共服务保障" * 6 + "中心")
        db.session.add(unit)
        db.session.get(Area, org.areas["郭老庄"]).name = "郭老庄" + "东西南北片区" * 15
        db.session.commit()
        unit_id = unit.id
    name = ("新郑市城区老旧小区改造及配套基础设施提升工程（含雨污分流、道路、照明）" * 5)[:200]
    steps = [{"name": f"第{n}标段主体结构及附属设施施工完成并通过阶段验收", "due":
              (DUE - timedelta(days=30 * (12 - n))).isoformat()} for n in range(12)]
    pid = make(name=name, unit_id=unit_id, milestones=steps)["id"]
    html, pdf = save(client, auth, pid, tmp_path)
    printed = browser_print(playwright_driver, html)
    assert printed["boxes"] == [] and printed["inside"]
    assert [s.split()[-1] for s in printed["sizes"]] == [], "no problem or plan box here"
    for sheet in (printed["pdf"], pdf):
        text = one_a4(sheet)
        assert squeeze(name) in text, "a name the schema allows is never cut"
        assert "另有7个节点，请扫码查看" in text and decode(sheet) == [url_of(pid)]
        assert "新郑市城乡基础设施建设" in text and "龙湖镇·郭老庄东西南北片区" in text


def test_without_the_public_address_there_is_no_qr_code_and_a_notice(
        client, auth, settings, make, tmp_path):
    settings["PUBLIC_BASE_URL"] = ""
    pid = make()["id"]
    page = get(client, auth, pid).get_data(as_text=True)
    notice = "未设置公开网址（ZHANGLIANG_PUBLIC_BASE_URL），暂不能生成二维码"
    assert notice in page and "<svg class=\"qr\"" not in page and "/public/?" not in page
    _, pdf = save(client, auth, pid, tmp_path)
    assert squeeze(notice) in one_a4(pdf) and decode(pdf) == []
    settings["PUBLIC_BASE_URL"] = "gongshi.xinzheng.gov.cn"
    assert "公开网址设置有误" in get(client, auth, pid).get_data(as_text=True)


def test_a_withheld_project_has_no_placard(client, auth, settings, make):
    pid = make()["id"]
    assert client.patch(f"/api/v1/projects/{pid}", json={"public": False},
                        headers=auth("office")).status_code == 200
    for fmt in (None, "pdf"):
        error = refused(get(client, auth, pid, fmt=fmt), 409, "not_public")
        assert error["message"] == "该项目已设为不公开，不能打印公示牌"
        assert error["details"] == {"project_id": pid, "reason": "hidden"}


def test_only_the_office_and_admins_print_it_in_their_scope(app, client, auth, settings,
                                                            make):
    pid = make()["id"]
    for user in ("cadre", "handler", "supervisor"):
        for target in (pid, 987654):
            refused(get(client, auth, target, user), 403, "forbidden")
    assert client.get(f"/api/v1/projects/{pid}/placard").status_code == 401
    refused(get(client, auth, 987654), 404, "not_found")
    refused(get(client, auth, 987654, fmt="docx"), 404, "not_found")  # 404 before the query
    refused(get(client, auth, 2**40), 404, "not_found")
    refused(get(client, auth, pid, fmt="docx"), 422, "validation_failed")
    with app.app_context():  # an office of another township: not in its scope
        town = Area(name="郭店镇", kind="township", lat=34.5, lon=113.8, radius_m=5000)
        db.session.add(town)
        db.session.flush()
        create_user("guodian", PASSWORD, ["office"], "郭店镇办公室", township_id=town.id)
        db.session.commit()
        assert db.session.query(User).filter_by(username="guodian").one().township_id
    resp = client.get(f"/api/v1/projects/{pid}/placard", headers=login(client, "guodian"))
    refused(resp, 404, "not_found")
