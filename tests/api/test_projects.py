"""民生实事 projects over HTTP: create, scope, edit, progress rules and the milestone plan."""

from datetime import date, timedelta

import pytest

from server.extensions import db
from server.models import User
from tests.factories import jpeg_bytes, sha

BASE = "/api/v1/projects"


def body(org, **kw):
    """A legal new project of 住建局 (the 西关桥 of the background text)."""
    out = {"name": "西关桥改建工程", "batch": 1, "category": "infrastructure",
           "unit_id": org.units["住建局"], "leader": "市长", "leader_led": True,
           "investment_total_wan": 17600, "investment_done_wan": "12200.5",
           "due": (date.today() + timedelta(days=400)).isoformat(),
           "area_id": org.areas["郭老庄"], "lat": 34.39, "lon": 113.74}
    out.update(kw)
    return out


@pytest.fixture
def make(client, auth, org):
    """Create a project as the office; its JSON."""
    def create(**kw):
        resp = client.post(BASE, json=body(org, **kw), headers=auth("office"))
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()
    return create


def test_office_creates_a_project_with_milestones_planned_backwards(make):
    p = make()
    assert p["status"] == "planned" and p["percent"] == 0 and p["leader_led"] is True
    assert p["investment_total_wan"] == 17600.0 and p["investment_done_wan"] == 12200.5
    assert p["investment_rate"] == round(12200.5 / 17600, 4)
    assert [m["name"] for m in p["milestones"]] == ["立项", "设计", "招标", "开工", "主体完工",
                                                    "竣工验收"]
    dues = [m["due"] for m in p["milestones"]]
    assert dues == sorted(dues) and dues[-1] <= p["due"]
    assert p["township_id"] is not None and p["unit_name"] == "住建局"


def test_given_milestones_are_kept_and_late_ones_derived(make, client, auth):
    past = (date.today() - timedelta(days=3)).isoformat()
    p = make(milestones=[{"name": "开工", "due": past, "done_on": past},
                         {"name": "主体封顶", "due": past}])
    assert [m["late"] for m in p["milestones"]] == [False, True]
    assert p["late"] is True and p["late_milestones"] == 1
    on_time = make(name="城墙口游园", investment_total_wan=760, investment_done_wan=0)
    late = client.get(BASE, query_string={"late": "true"}, headers=auth("office")).get_json()
    assert [x["id"] for x in late["projects"]] == [p["id"]]
    fine = client.get(BASE, query_string={"late": "false"}, headers=auth("office")).get_json()
    assert [x["id"] for x in fine["projects"]] == [on_time["id"]]


def test_a_handler_sees_only_their_units_projects(make, client, auth, org):
    ours = make()
    theirs = make(name="东街社区日间照料中心", unit_id=org.units["城管局"],
                  investment_total_wan=60, investment_done_wan=0, leader_led=False)
    listed = client.get(BASE, headers=auth("handler")).get_json()
    assert [p["id"] for p in listed["projects"]] == [ours["id"]] and listed["total"] == 1
    assert client.get(f"{BASE}/{theirs['id']}", headers=auth("handler")).status_code == 404
    assert client.get(f"{BASE}/{ours['id']}", headers=auth("handler")).status_code == 200
    for user in ("office", "supervisor", "admin"):
        got = client.get(BASE, headers=auth(user)).get_json()
        assert {p["id"] for p in got["projects"]} == {ours["id"], theirs["id"]}
    assert client.get(BASE, headers=auth("cadre")).status_code == 403


def test_a_township_scoped_office_sees_its_townships_projects(app, make, client, auth, org):
    inside = make()
    outside = make(name="市公立中医院", area_id=None, investment_total_wan="40575.06")
    with app.app_context():
        db.session.get(User, org.users["office"]).township_id = org.areas["龙湖镇"]
        db.session.commit()
    got = client.get(BASE, headers=auth("office")).get_json()
    assert [p["id"] for p in got["projects"]] == [inside["id"]]
    assert client.get(f"{BASE}/{outside['id']}", headers=auth("office")).status_code == 404


def test_filters(make, client, auth, org):
    a = make()
    b = make(name="第二批学校", batch=2, category="other", leader_led=False,
             unit_id=org.units["城管局"])

    def ids(**q):
        got = client.get(BASE, query_string=q, headers=auth("office"))
        assert got.status_code == 200, got.get_json()
        return [p["id"] for p in got.get_json()["projects"]]
    assert ids(batch=2) == [b["id"]] and ids(category="infrastructure") == [a["id"]]
    assert ids(leader_led="true") == [a["id"]] and ids(unit_id=org.units["城管局"]) == [b["id"]]
    assert ids(q="西关") == [a["id"]] and ids(q="%") == []
    assert ids(status="planned") == [a["id"], b["id"]] and ids(status="closed") == []
    assert ids(per_page=1, page=2) == [b["id"]]
    bad = client.get(BASE, query_string={"status": "lost"}, headers=auth("office"))
    assert bad.status_code == 422


def _photo(client, auth, user, seed):
    """Upload a JPEG as `user`; its hash."""
    data = jpeg_bytes(seed, (96, 64))
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data,
                      headers=auth(user)).status_code == 201
    return sha(data)


def test_progress_from_the_units_handler_moves_the_figures(make, client, auth):
    p = make(investment_done_wan=0)
    photo = _photo(client, auth, "handler", 7001)
    resp = client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler"), json={
        "text": "桥墩浇筑完成", "percent": 35, "investment_done_wan": 6100, "photos": [photo],
        "lat": 34.39, "lon": 113.74, "accuracy_m": 6.0})
    assert resp.status_code == 201, resp.get_json()
    got = resp.get_json()
    assert (got["status"], got["percent"], got["investment_done_wan"]) == \
        ("in_progress", 35, 6100.0)
    assert got["progress"][0]["photos"] == [photo] and got["progress"][0]["text"] == "桥墩浇筑完成"
    again = client.post(f"{BASE}/{p['id']}/progress", headers=auth("office"),
                        json={"text": "按月报送，无变化"})
    assert again.status_code == 201 and again.get_json()["percent"] == 35
    assert [u["text"] for u in again.get_json()["progress"]] == ["按月报送，无变化", "桥墩浇筑完成"]


@pytest.mark.parametrize("sent,status,code", [
    ({"text": "倒退", "percent": 10}, 409, "percent_decreased"),
    ({"text": "少报", "investment_done_wan": 100}, 409, "investment_decreased"),
    ({"text": "超概算", "investment_done_wan": 18000}, 422, "over_budget"),
    ({"text": "照片没传", "photos": ["b" * 64]}, 422, "photos_missing"),
    ({"text": "超", "percent": 101}, 422, "validation_failed"),
    ({"percent": 50}, 422, "validation_failed"),
])
def test_progress_refused(make, client, auth, sent, status, code):
    p = make(investment_done_wan=500)
    assert client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler"),
                       json={"text": "开工", "percent": 20}).status_code == 201
    resp = client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler"), json=sent)
    assert resp.status_code == status and resp.get_json()["error"]["code"] == code
    after = client.get(f"{BASE}/{p['id']}", headers=auth("office")).get_json()
    assert (after["percent"], after["investment_done_wan"], len(after["progress"])) == \
        (20, 500.0, 1)


def test_over_budget_with_its_reason_is_recorded(make, client, auth):
    p = make(investment_total_wan=60, investment_done_wan=50)
    resp = client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler"), json={
        "text": "适老化改造增项", "investment_done_wan": 64.5,
        "over_budget_reason": "增加无障碍坡道"})
    assert resp.status_code == 201, resp.get_json()
    assert resp.get_json()["over_budget_reason"] == "增加无障碍坡道"


def test_another_units_handler_gets_404_before_the_body(make, client, auth):
    p = make()
    resp = client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler2"), json={})
    assert resp.status_code == 404
    resp = client.post(f"{BASE}/{p['id']}/progress", headers=auth("cadre"), json={})
    assert resp.status_code == 403


def test_the_office_edits_status_by_the_rules(make, client, auth):
    p = make()

    def patch(**kw):
        return client.patch(f"{BASE}/{p['id']}", json=kw, headers=auth("office"))
    assert patch(status="completed").get_json()["error"]["code"] == "invalid_transition"
    assert patch(status="in_progress").get_json()["status"] == "in_progress"
    assert patch(status="completed", percent=100).get_json()["status"] == "completed"
    assert patch(status="in_use").get_json()["status"] == "in_use"
    assert patch(status="closed").status_code == 422   # closure only by verification
    assert patch(investment_total_wan=100).get_json()["error"]["code"] == "over_budget"
    edited = patch(name="西关桥", milestones=[{"name": "通车", "due": "2027-02-01"}]).get_json()
    assert edited["name"] == "西关桥" and [m["name"] for m in edited["milestones"]] == ["通车"]
    assert patch(start="2099-01-01").status_code == 422
    assert client.patch(f"{BASE}/{p['id']}", json={"name": "x"},
                        headers=auth("handler")).status_code == 403


def test_create_refuses_unknown_references(client, auth, org):
    for bad in ({"unit_id": 999}, {"category": "space"}, {"area_id": 999},
                {"investment_done_wan": 20000}, {"status": "closed"}, {"percent": 120}):
        resp = client.post(BASE, json=body(org, **bad), headers=auth("office"))
        assert resp.status_code == 422, (bad, resp.get_json())


def test_the_milestone_plan(client, auth):
    resp = client.get(f"{BASE}/milestones/plan", query_string={"due": "2026-10-09"},
                      headers=auth("office"))
    assert resp.status_code == 200, resp.get_json()
    plan = resp.get_json()["milestones"]
    assert plan[-1] == {"id": None, "name": "竣工验收", "due": "2026-10-09", "done_on": None,
                        "position": 5, "late": date(2026, 10, 9) < date.today()}
    # 主体完工 30 working days back on the official calendar: five weekdays off (中秋 Sep 25,
    # 国庆 Oct 1-2 and 5-7) less one worked Sunday (Sep 20); plain Mon-Fri gives 08-28
    assert plan[4]["due"] == "2026-08-21"
    assert client.get(f"{BASE}/milestones/plan", headers=auth("office")).status_code == 422


def test_progress_photos_are_seen_by_the_projects_readers_only(make, client, auth):
    """A progress photo is fetched by the office and supervisors, not only its uploader;
    another unit's handler, who cannot read the project, gets 404."""
    p = make(investment_done_wan=0)
    photo = _photo(client, auth, "handler", 7002)
    assert client.post(f"{BASE}/{p['id']}/progress", headers=auth("handler"), json={
        "text": "主体封顶", "percent": 60, "photos": [photo]}).status_code == 201
    url = f"/api/v1/photos/{photo}/thumb"
    for role in ("handler", "office", "supervisor"):
        assert client.get(url, headers=auth(role)).status_code == 200, role
    assert client.get(url, headers=auth("handler2")).status_code == 404
