"""我单位的项目 on the handler's phone (issue 17): the unit's 民生实事 projects are pulled
and kept for offline use with their percent, investment, next milestone and late marks;
项目进展 is posted offline (text, percent, investment, a photo, GPS), checked on the phone
by the server's rule, and arrives on the server once when the phone is back online, with
its photo. An update the phone could not know is stale (the office reported more
meanwhile) is refused by the server, and the refusal is explained on the project page
and in 同步, while the record stays on the phone until removed by hand.

A server of this module's own: the office creates the projects through the API, two of
the handler's unit (住建局) and one of another unit, which the handler must not see
(besides whatever projects the demo gives the unit).
"""

import time
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import go, login, page_of
from tests.browser.liveserver import LiveServer
from tests.browser.loop import call, local_today
from tests.browser.loop import login as token

SYNC_S = 120_000  # ms: a sync run on a busy two-core machine, with generous room
HERE = (34.3960, 113.7420)  # the handler's phone, on site
RECORD = ".project-records .card.record"
KEPT = """async (id) => {
  const p = (await (await import('/js/store/db.js')).listProjects()).find((x) => x.id === id);
  return Boolean(p && p.detailOf && p.milestones);
}"""


@dataclass
class Projects:
    """The module's projects: late (住建局, a milestone past due), led (住建局, 领导领办)
    and other (城管局)."""

    late: dict
    led: dict
    other: dict
    tag: str


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    """The production server over a demo database of this module's own."""
    server = LiveServer(tmp_path_factory.mktemp("projects")).setup().start()
    yield server
    server.stop()


def _unit_of(server, username: str) -> int:
    return call(server, "GET", "/api/v1/me", token=token(server, username))["user"]["unit_id"]


def _day(days: int) -> str:
    return (local_today() + timedelta(days=days)).isoformat()


def _create(server, office: str, **body) -> dict:
    return call(server, "POST", "/api/v1/projects", body, office)


@pytest.fixture(scope="module")
def projects(srv) -> Projects:
    office = token(srv, "office")
    mine, theirs = _unit_of(srv, "handler"), _unit_of(srv, "handler2")
    tag = uuid.uuid4().hex[:4]
    late = _create(srv, office, name=f"东街社区日间照料中心{tag}", category="convenience",
                   unit_id=mine, investment_total_wan="60", investment_done_wan="12",
                   start=_day(-90), due=_day(150), lat=HERE[0], lon=HERE[1], milestones=[
                       {"name": "设计", "due": _day(-40), "done_on": _day(-45)},
                       {"name": "主体施工", "due": _day(-5)},
                       {"name": "竣工验收", "due": _day(150)}])
    call(srv, "PATCH", f"/api/v1/projects/{late['id']}", {"status": "in_progress", "percent": 20},
         office)
    led = _create(srv, office, name=f"城墙口游园{tag}", category="culture_tourism", unit_id=mine,
                  leader="常务副县长", leader_led=True, investment_total_wan="760",
                  investment_done_wan="380", due=_day(200), milestones=[
                      {"name": "绿化", "due": _day(30)}, {"name": "竣工验收", "due": _day(200)}])
    call(srv, "PATCH", f"/api/v1/projects/{led['id']}", {"status": "in_progress", "percent": 50},
         office)
    other = _create(srv, office, name=f"西关桥{tag}", category="infrastructure", unit_id=theirs,
                    investment_total_wan="17600", due=_day(300))
    return Projects(late, led, other, tag)


def _detail(server, project_id: int) -> dict:
    return call(server, "GET", f"/api/v1/projects/{project_id}", token=token(server, "office"))


def _kept(page: Page, project_id: int) -> None:
    """Wait until the project's detail (milestones) is kept on the phone."""
    deadline = time.monotonic() + 90
    while not page.evaluate(KEPT, project_id):  # (evaluate awaits, polling does not)
        assert time.monotonic() < deadline, "the project was not kept for offline use"
        page.wait_for_timeout(500)


def _open(page: Page, project_id: int) -> None:
    page.locator(f".projects .card.project[data-project='{project_id}'] a.card-link").click()
    expect(page.locator("#project-name")).to_be_visible()


def _photo_type(server, sha: str) -> str:
    """The type of the photo's display copy as the server serves it to its uploader."""
    req = urllib.request.Request(f"{server.url}/api/v1/photos/{sha}/display",
                                 headers={"Authorization": f"Bearer {token(server, 'handler')}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return resp.headers["Content-Type"]


def _records(page: Page) -> list[dict]:
    return page.evaluate("""async () => (await (await import('/js/store/db.js')).listRecords())
      .filter((r) => r.type === 'project.progress')
      .map((r) => ({ state: r.state, payload: r.payload, photos: r.photos,
                     code: r.error && r.error.code }))""")


def test_progress_posted_offline_arrives_once_with_its_photo(srv, projects, launch, photos_dir):
    page = page_of(launch(f"h{uuid.uuid4().hex[:6]}", position=HERE))
    login(page, srv, "handler", ready=".tabs a[data-route=projects]")
    go(page, "projects")
    late, led = projects.late, projects.led
    card = page.locator(f".card.project[data-project='{late['id']}']")
    expect(card.locator(".next-milestone")).to_contain_text("主体施工", timeout=SYNC_S)
    expect(card.locator(".next-milestone")).to_contain_text("已滞后")
    expect(card.locator("[data-late]").first).to_have_text("节点滞后 1 个")
    expect(card.locator("[data-status]")).to_have_text("在建")
    expect(card.locator(".percent-text")).to_have_text("形象进度 20%")
    expect(card.locator("progress")).to_have_attribute("value", "20")
    expect(card.locator(".investment")).to_have_text("完成投资 12 / 60 万元（20%）")
    other = page.locator(f".card.project[data-project='{led['id']}']")
    expect(other.locator("[data-leader-led]")).to_have_text("领导领办")
    expect(other.locator(".investment")).to_have_text("完成投资 380 / 760 万元（50%）")
    expect(other.locator(".next-milestone")).to_contain_text("下一节点：绿化")
    expect(other.locator(".next-milestone")).not_to_contain_text("已滞后")
    _kept(page, late["id"])
    shown = page.locator(".projects .card.project").evaluate_all(
        "els => els.map((e) => Number(e.dataset.project))")
    listed = call(srv, "GET", "/api/v1/projects?per_page=200", token=token(srv, "handler"))
    assert sorted(shown) == sorted(p["id"] for p in listed["projects"])  # the unit's, all
    assert projects.other["id"] not in shown  # not 城管局's 西关桥
    assert shown.index(late["id"]) < shown.index(led["id"])  # late milestones first

    page.context.set_offline(True)  # no signal on the building site
    _open(page, late["id"])
    expect(page.locator("#project-notice")).to_contain_text("联网同步后更新")
    expect(page.locator(".milestones [data-late]")).to_contain_text("主体施工")
    expect(page.locator("#progress-gps")).to_contain_text("已定位")
    text = f"主体结构完成，开始内部装修 {projects.tag}"
    page.fill("#progress-text", text)
    page.fill("#progress-percent", "15")
    page.click("#progress-save")
    expect(page.locator("#progress-error")).to_have_text(
        "形象进度 15% 低于项目已填报的 20%，进度只能增加")
    page.fill("#progress-percent", "３５")  # full-width digits, as some keyboards type
    expect(page.locator("#progress-error")).to_have_text("")
    page.fill("#progress-done", "70")
    expect(page.locator("#progress-reason-field")).to_be_visible()
    page.click("#progress-save")
    expect(page.locator("#progress-error")).to_have_text(
        "累计完成投资 70 万元超过总投资 60 万元，请写明超出的原因")
    page.fill("#progress-done", "21.5")
    expect(page.locator("#progress-reason-field")).to_be_hidden()
    expect(page.locator("#progress-error")).to_have_text("")
    assert _records(page) == []  # nothing saved while the rule says no
    page.set_input_files("#progress-gallery", str(photos_dir / "DSCN0012.jpg"))
    expect(page.locator(".progress-form .photos .photo")).to_have_count(1, timeout=30000)
    page.click("#progress-save")
    expect(page.locator(".toast.ok")).to_contain_text("联网后自动上传")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "pending")
    expect(page.locator("#project-form-note")).to_contain_text("联网后自动上传")
    expect(page.locator("#progress-text")).to_have_value("")  # a fresh form for the next one
    expect(page.locator(".project-body .percent-text")).to_have_text("形象进度 35%")
    expect(page.locator(".project-body .unsynced")).to_have_text("含本机未同步的进展")
    (record,) = _records(page)
    assert record["payload"]["percent"] == 35 and record["payload"]["investment_done_wan"] == 21.5
    assert "over_budget_reason" not in record["payload"] and len(record["photos"]) == 1
    assert _detail(srv, late["id"])["progress"] == []
    go(page, "projects")
    expect(page.locator(".my-records .card.record")).to_contain_text("项目进展")
    go(page, "sync")
    expect(page.locator("#sync-pending")).to_have_text("1 条")

    page.context.set_offline(False)
    expect(page.locator("#sync-pending")).to_have_text("0 条", timeout=SYNC_S)
    expect(page.locator("#sync-photos")).to_contain_text("0 张", timeout=SYNC_S)
    page.click("#sync-now")  # once more: the mutation id keeps it one update
    expect(page.locator("#sync-now")).to_have_text("立即同步", timeout=SYNC_S)
    got = _detail(srv, late["id"])
    (update,) = got["progress"]
    assert (update["text"], update["percent"], update["investment_done_wan"]) == (text, 35, 21.5)
    assert update["photos"] == record["photos"] and update["user_name"] == "刘洋"
    assert abs(update["lat"] - HERE[0]) < 1e-4 and abs(update["lon"] - HERE[1]) < 1e-4
    assert (got["status"], got["percent"], got["investment_done_wan"]) == ("in_progress", 35, 21.5)
    assert _photo_type(srv, update["photos"][0]) == "image/jpeg"

    go(page, "projects")
    _open(page, late["id"])
    expect(page.locator(RECORD)).to_have_attribute("data-state", "synced")
    entry = page.locator(".progress-history li").first
    expect(entry).to_contain_text(text, timeout=SYNC_S)
    expect(entry).to_contain_text("形象进度 35% · 累计完成投资 21.5 万元")
    expect(entry.locator(".gallery img")).to_have_count(1)
    expect(page.locator(".project-body .unsynced")).to_have_count(0)
    expect(page.locator("#project-form-note")).to_be_hidden()


def test_a_stale_lower_percent_is_refused_and_explained(srv, projects, launch, photos_dir):
    led = projects.led
    page = page_of(launch(f"h{uuid.uuid4().hex[:6]}", position=HERE))
    login(page, srv, "handler", ready=".tabs a[data-route=projects]")
    go(page, "projects")
    _kept(page, led["id"])
    page.context.set_offline(True)
    _open(page, led["id"])
    expect(page.locator(".project-body .percent-text")).to_have_text("形象进度 50%")
    expect(page.locator(".project-leader")).to_have_text("常务副县长")

    office = token(srv, "office")  # meanwhile, online, the office reports more
    call(srv, "POST", f"/api/v1/projects/{led['id']}/progress",
         {"text": "园路铺装完成", "percent": 80, "investment_done_wan": "600"}, office)

    page.fill("#progress-text", "绿化栽植过半")
    page.fill("#progress-percent", "60")  # above what the phone knows: saved
    page.click("#progress-save")
    expect(page.locator(RECORD)).to_have_attribute("data-state", "pending")

    page.context.set_offline(False)
    record = page.locator(RECORD)
    expect(record).to_have_attribute("data-state", "rejected", timeout=SYNC_S)
    said = "形象进度 60% 低于项目已填报的 80%，进度只能增加"
    expect(record.locator(".reason")).to_have_text(said)
    expect(page.locator(".project-body .percent-text")).to_have_text("形象进度 80%",
                                                                     timeout=SYNC_S)
    (kept,) = _records(page)
    assert (kept["state"], kept["code"], kept["payload"]["percent"]) == (
        "rejected", "percent_decreased", 60)
    assert [u["text"] for u in _detail(srv, led["id"])["progress"]] == ["园路铺装完成"]

    go(page, "projects")
    mine = page.locator(".my-records .card.record")
    expect(mine).to_have_attribute("data-state", "rejected")
    expect(mine.locator(".reason")).to_contain_text("低于项目已填报的 80%")
    go(page, "sync")
    refused = page.locator("#sync-errors .refused")
    expect(refused.locator(".refused-what")).to_contain_text(f"项目进展 · 城墙口游园{projects.tag}")
    expect(refused.locator(".refused-why")).to_have_text(f"记录无法提交：{said}")
    expect(refused.locator(".refused-todo")).to_have_text(
        "您可以：到“我单位的项目”里按项目现在的进度重新填报，再删除这条记录。")
    refused.locator("button").click()
    page.locator(".modal [data-confirm]").click()
    expect(page.locator("#sync-errors .refused")).to_have_count(0)
    assert _records(page) == []
