"""民生实事 projects in public (issue 17): the list and page residents read, what is public
(the rule and its SQL twin), progress texts redacted, local days, progress photos served
as bare derivatives and nothing else (群众评议 of a project: test_project_feedback.py)."""

import io
from datetime import datetime

import pytest
from PIL import Image

from server.extensions import db
from server.models import Project, ProjectProgress
from server.services import public_projects
from sync.project_publication import is_public
from sync.projects import STATUSES
from tests.api.public_project_data import (
    LAT,
    LOCAL_TODAY,
    LON,
    PAST,
    PUB,
    SOON,
    P,
    make,
    photo,
    progress,
    rate,
    with_comment,
)
from tests.photos.helpers import jpeg_markers

PROGRESS = "桥墩浇筑完成，施工方联系人王秀英，电话 138 1234 5678，5号楼2单元301住户反映噪音"
PERSONAL = ("王秀英", "13812345678", "1234 5678", "5号楼2单元301")
APP1, APP2, APP13, COM = 0xE1, 0xE2, 0xED, 0xFE
__all__ = ["make"]  # the fixture, used by name


def test_the_list_shows_what_the_office_publishes_and_nothing_personal(
        client, auth, org, make, photos_dir):
    exif = with_comment((photos_dir / "DSCN0010.jpg").read_bytes(), "王秀英 13812345678")
    shot = photo(client, auth, data=exif)
    pid = make(milestones=[{"name": "开工", "due": PAST, "done_on": PAST},
                           {"name": "主体完工", "due": PAST}, {"name": "竣工验收", "due": SOON}])
    plain = make(name="东街社区日间照料中心", leader="张科长", leader_led=False,
                 investment_total_wan=60, category="health", area_id=org.areas["三里岗社区"])
    progress(client, auth, pid, text=PROGRESS, percent=69, investment_done_wan="12200.5",
             photos=[shot], lat=LAT, lon=LON)
    resp = client.get(PUB)
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["total"] == 2 and [p["id"] for p in body["projects"]] == [pid, plain]
    row = body["projects"][0]
    assert {k: row[k] for k in ("name", "batch_name", "category_name", "unit", "leader",
                                "status", "percent", "investment_total_wan",
                                "investment_done_wan", "place", "late", "late_milestones",
                                "photos")} == {
        "name": "西关桥改建工程", "batch_name": "第一批", "category_name": "城乡基础设施建设",
        "unit": "住建局", "leader": "市长 李建国", "status": "in_progress", "percent": 69,
        "investment_total_wan": 17600.0, "investment_done_wan": 12200.5,
        "place": "龙湖镇 · 郭老庄", "late": True, "late_milestones": 1, "photos": [shot]}
    assert row["investment_rate"] == round(12200.5 / 17600, 4) and row["due"] == SOON
    assert [(m["name"], m["late"]) for m in row["milestones"]] == [
        ("开工", False), ("主体完工", True), ("竣工验收", False)]
    assert row["lat"] == round(LAT, 2) and row["updated_on"] == LOCAL_TODAY
    other = body["projects"][1]
    assert other["leader"] is None and other["leader_led"] is False, "leader of a leader-led only"
    assert other["photos"] == [] and other["status"] == "planned"
    text = resp.get_data(as_text=True)
    for secret in (*PERSONAL, "张科长", "handler", "office", str(LAT), "user_id",
                   "over_budget"):
        assert secret not in text, secret
    assert body["townships"] == [{"id": org.areas["龙湖镇"], "name": "龙湖镇", "count": 2}]
    assert body["by_status"] == {"in_progress": 1, "planned": 1}
    for variant in ("thumb", "display"):
        got = client.get(f"/api/v1/public/photos/{shot}/{variant}")
        assert got.status_code == 200 and got.mimetype == "image/jpeg"
        assert not {APP1, APP2, APP13, COM} & set(jpeg_markers(got.get_data()))
        assert not Image.open(io.BytesIO(got.get_data())).getexif()
    assert client.get(f"/api/v1/public/photos/{shot}/original").status_code == 404


def test_the_page_holds_the_history_redacted_newest_first_in_local_days(
        app, client, auth, make):
    pid = make()
    first = progress(client, auth, pid, text=PROGRESS, percent=20,
                     photos=[photo(client, auth)])
    second = progress(client, auth, pid, user="office", text="桥面铺装", percent=45,
                      investment_done_wan=6100, photos=[photo(client, auth, "office")])
    with app.app_context():  # 01:30 in Beijing on 3 May is 17:30 UTC on 2 May
        db.session.get(ProjectProgress, first["progress"][-1]["id"]).at = \
            datetime(2026, 5, 2, 17, 30)
        db.session.commit()
    page = client.get(f"{PUB}/{pid}")
    assert page.status_code == 200, page.get_json()
    body = page.get_json()
    assert [u["percent"] for u in body["progress"]] == [45, 20] and body["progress_count"] == 2
    old = body["progress"][1]
    assert old["on"] == "2026-05-03", "the local day, not the UTC one"
    assert old["text"].startswith("桥墩浇筑完成") and len(old["text"]) == len(PROGRESS)
    for datum in PERSONAL:
        assert datum not in page.get_data(as_text=True), datum
    assert body["photos"] == second["progress"][0]["photos"] + first["progress"][-1]["photos"]
    assert body["feedback"] == {"satisfied": 0, "basic": 0, "unsatisfied": 0}
    assert body["item_id"] is None and len(body["milestones"]) == 6
    assert "user_name" not in page.get_data(as_text=True)


def test_an_escalated_project_links_its_public_item(client, auth, org, new_item):
    item_id = new_item(description="西关桥桥面破损严重")
    assert client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"), json={
        "unit_id": org.units["住建局"], "deadline": SOON, "plan": "纳入改建"}).status_code == 200
    made = client.post(f"/api/v1/items/{item_id}/actions/escalate", headers=auth("office"),
                       json={"name": "西关桥改建工程", "batch": 1, "investment_total_wan": 17600,
                             "due": SOON})
    assert made.status_code == 201, made.get_json()
    pid = made.get_json()["id"]
    assert client.get(f"{PUB}/{pid}").get_json()["item_id"] == item_id


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("public", [True, False])
def test_the_sql_gate_is_the_rule(app, make, status, public):
    """services.public_projects.public_clause against sync.project_publication.is_public."""
    pid = make()
    with app.app_context():
        project = db.session.get(Project, pid)
        project.status, project.public = status, public
        db.session.commit()
        found = db.session.query(Project.id).filter(
            Project.id == pid, public_projects.public_clause()).first()
        assert (found is not None) == is_public(public, status)
    assert is_public(public, status) is public  # every status, planned included


def test_a_withheld_project_is_nowhere_in_public(client, auth, make):
    pid = make()
    shot = photo(client, auth)
    progress(client, auth, pid, percent=10, photos=[shot])
    assert client.get(f"/api/v1/public/photos/{shot}/thumb").status_code == 200
    resp = client.patch(f"{P}/{pid}", json={"public": False}, headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    assert client.get(PUB).get_json()["total"] == 0
    for path in (f"{PUB}/{pid}", f"/api/v1/public/photos/{shot}/thumb",
                 f"{PUB}/{2**40}", f"{PUB}/987654"):
        got = client.get(path)
        assert got.status_code == 404 and got.get_json()["error"]["code"] == "not_found", path
    assert rate(client, pid).status_code == 404


def test_verification_photos_never_go_public(client, auth, make):
    pid = make(lat=LAT, lon=LON)
    progress(client, auth, pid, percent=100, photos=[photo(client, auth)])
    assert client.patch(f"{P}/{pid}", json={"status": "completed"},
                        headers=auth("office")).status_code == 200
    check = photo(client, auth, "supervisor")
    done = client.post(f"{P}/{pid}/actions/verify", headers=auth("supervisor"), json={
        "decision": "accept", "satisfaction": "satisfied", "lat": LAT, "lon": LON,
        "accuracy_m": 5.0, "photos": [check]})
    assert done.status_code == 200 and done.get_json()["status"] == "closed"
    assert client.get(f"{PUB}/{pid}").get_json()["status"] == "closed"
    assert client.get(f"/api/v1/public/photos/{check}/display").status_code == 404
    assert check not in client.get(f"{PUB}/{pid}").get_data(as_text=True)


def test_filters_pages_and_counts(client, auth, org, make):
    a = make()
    b = make(name="市公立中医院", category="health", area_id=None, batch=2)
    c = make(name="城墙口游园", category="other", area_id=org.areas["三里岗社区"])
    progress(client, auth, c, percent=5)

    def ids(**q):
        got = client.get(PUB, query_string=q)
        assert got.status_code == 200, got.get_json()
        return [p["id"] for p in got.get_json()["projects"]]
    assert ids() == [a, c, b], "the 台账's order: batch, then number"
    assert ids(category="health") == [b] and ids(status="in_progress") == [c]
    assert ids(status=["planned", "in_progress"]) == [a, c, b]
    assert ids(township_id=org.areas["龙湖镇"]) == [a, c]
    assert ids(per_page=2, page=2) == [b] and ids(township_id=999999) == []
    body = client.get(PUB, query_string={"per_page": 1}).get_json()
    assert body["total"] == 3 and body["by_category"] == {"infrastructure": 1, "health": 1,
                                                          "other": 1}
    assert [(t["name"], t["count"]) for t in body["townships"]] == [("龙湖镇", 2)]
    for bad in ({"per_page": 51}, {"status": "lost"}, {"bogus": 1}, {"page": 0}):
        got = client.get(PUB, query_string=bad)
        assert got.status_code == 422, bad
        assert got.get_json()["error"]["code"] == "validation_failed"
