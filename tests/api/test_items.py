"""The ledger over HTTP: list filters, scope, actions, bad input."""

from datetime import date, timedelta

import pytest

TOMORROW = (date.today() + timedelta(days=3)).isoformat()


def _assign(client, auth, org, item_id, unit="住建局", **extra):
    body = {"unit_id": org.units[unit], "deadline": TOMORROW, "plan": "三天内更换井盖", **extra}
    return client.post(f"/api/v1/items/{item_id}/actions/assign", json=body,
                       headers=auth("office"))


def test_office_assigns_and_event_is_recorded(client, auth, org, new_item):
    item_id = new_item()
    resp = _assign(client, auth, org, item_id, leader_led=True, leader_name="市长 马建国")
    assert resp.status_code == 200, resp.get_json()
    body = resp.get_json()
    assert body["status"] == "assigned" and body["unit_name"] == "住建局"
    assert body["leader_led"] is True and body["deadline"] == TOMORROW
    assert [e["action"] for e in body["events"]] == ["create", "assign"]
    assert body["events"][1]["payload"]["plan"] == "三天内更换井盖"
    assert body["events"][1]["actor_name"] == "office"


def test_list_filters_and_paging(client, auth, org, new_item):
    ids = [new_item(f"路灯不亮 第{i}处") for i in range(5)]
    other = new_item("垃圾堆放", category="health", area="三里岗社区", reporter="cadre2")
    _assign(client, auth, org, ids[0])
    h = auth("office")
    page = client.get("/api/v1/items?per_page=2&page=2&sort=id", headers=h).get_json()
    assert page["total"] == 6 and [i["id"] for i in page["items"]] == ids[2:4]
    assert client.get("/api/v1/items?status=assigned", headers=h).get_json()["total"] == 1
    two = client.get("/api/v1/items?status=assigned&status=new", headers=h).get_json()
    assert two["total"] == 6
    health = client.get("/api/v1/items?category=health", headers=h).get_json()
    assert [i["id"] for i in health["items"]] == [other]
    q = client.get("/api/v1/items?q=第3处", headers=h).get_json()
    assert [i["id"] for i in q["items"]] == [ids[3]]
    by_town = client.get(f"/api/v1/items?area_id={org.areas['龙湖镇']}", headers=h).get_json()
    assert by_town["total"] == 6
    unit = client.get(f"/api/v1/items?unit_id={org.units['住建局']}", headers=h).get_json()
    assert unit["total"] == 1
    assert client.get("/api/v1/items?overdue=true", headers=h).get_json()["total"] == 0


def test_like_wildcards_are_literal(client, auth, new_item):
    new_item("完成率 100% 的小区")
    new_item("普通问题")
    h = auth("office")
    assert client.get("/api/v1/items?q=%25", headers=h).get_json()["total"] == 1
    assert client.get("/api/v1/items?q=_", headers=h).get_json()["total"] == 0


def test_overdue_is_derived_from_deadline(client, auth, org, new_item, app):
    item_id = new_item()
    _assign(client, auth, org, item_id)
    from server.extensions import db
    from server.models import Item
    with app.app_context():
        db.session.get(Item, item_id).deadline = date.today() - timedelta(days=2)
        db.session.commit()
    h = auth("office")
    listed = client.get("/api/v1/items?overdue=true", headers=h).get_json()
    assert [i["id"] for i in listed["items"]] == [item_id]
    assert listed["items"][0]["overdue"] is True
    assert client.get("/api/v1/items?overdue=false", headers=h).get_json()["total"] == 0


def test_scope_cadre_handler_supervisor(client, auth, org, new_item):
    mine = new_item("郭老庄 井盖")                                 # cadre's area, by cadre
    theirs = new_item("三里岗 垃圾", area="三里岗社区", reporter="cadre2")
    by_me_elsewhere = new_item("三里岗 路灯", area="三里岗社区", reporter="cadre")
    _assign(client, auth, org, theirs, unit="城管局")

    def ids(user):
        return {i["id"] for i in client.get("/api/v1/items", headers=auth(user))
                .get_json()["items"]}

    assert ids("cadre") == {mine, by_me_elsewhere}
    assert ids("cadre2") == {theirs, by_me_elsewhere}
    assert ids("handler2") == {theirs}
    assert ids("handler") == set()
    assert ids("supervisor") == ids("office") == {mine, theirs, by_me_elsewhere}
    resp = client.get(f"/api/v1/items/{theirs}", headers=auth("cadre"))
    assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/items/{mine}", headers=auth("cadre")).status_code == 200


def test_reject_needs_reason_and_changes_nothing(client, auth, new_item):
    item_id = new_item()
    h = auth("office")
    resp = client.post(f"/api/v1/items/{item_id}/actions/reject", json={"reason": "  "},
                       headers=h)
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "reason_required"
    assert client.get(f"/api/v1/items/{item_id}", headers=h).get_json()["status"] == "new"
    ok = client.post(f"/api/v1/items/{item_id}/actions/reject",
                     json={"reason": "不属于本市管辖范围"}, headers=h).get_json()
    assert ok["status"] == "rejected" and ok["reject_reason"] == "不属于本市管辖范围"


@pytest.mark.parametrize("path,body,status,code", [
    ("actions/close", {}, 404, "unknown_action"),
    ("actions/assign", {"unit_id": "x"}, 422, "validation_failed"),
    ("actions/assign", {"unit_id": 1, "deadline": "2026-13-40", "plan": "x"}, 422,
     "validation_failed"),
    ("actions/assign", {"unit_id": 999999, "deadline": TOMORROW, "plan": "x"}, 422,
     "validation_failed"),
    ("actions/assign", {"unit_id": 1, "deadline": "2001-01-01", "plan": "x"}, 422,
     "validation_failed"),
    ("actions/reject", {"reason": "x", "surprise": 1}, 422, "validation_failed"),
    # the office may never verify or report rectification: 403 before the body is read
    ("actions/verify", {"decision": "accept"}, 403, "forbidden"),
    ("actions/rectified", {"note": "x", "photos": ["not-a-hash"]}, 403, "forbidden"),
    ("actions/merge", {"into_item_id": 2**70}, 422, "validation_failed"),
])
def test_bad_action_input_is_4xx_and_changes_nothing(client, auth, org, new_item, path, body,
                                                      status, code):
    item_id = new_item()
    h = auth("office")
    before = client.get(f"/api/v1/items/{item_id}", headers=h).get_json()
    resp = client.post(f"/api/v1/items/{item_id}/{path}", json=body, headers=h)
    assert resp.status_code == status, resp.get_json()
    assert resp.get_json()["error"]["code"] == code
    assert client.get(f"/api/v1/items/{item_id}", headers=h).get_json() == before


def test_forbidden_transition_and_role(client, auth, org, new_item):
    item_id = new_item()
    resp = client.post(f"/api/v1/items/{item_id}/actions/long_term", json={"note": "x"},
                       headers=auth("office"))
    assert resp.status_code == 409 and resp.get_json()["error"]["code"] == "invalid_transition"
    resp = _assign(client, auth, org, item_id)
    resp = client.post(f"/api/v1/items/{item_id}/actions/assign",
                       json={"unit_id": 1, "deadline": TOMORROW, "plan": "x"},
                       headers=auth("supervisor"))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"


def test_unknown_ids_and_huge_ids(client, auth, org):
    h = auth("office")
    for path in ("/api/v1/items/999999", f"/api/v1/items/{2**64}"):
        resp = client.get(path, headers=h)
        assert resp.status_code == 404 and resp.get_json()["error"]["code"] == "not_found"
    resp = client.post(f"/api/v1/items/{2**64}/actions/reject", json={"reason": "x"}, headers=h)
    assert resp.status_code == 404
    assert client.get("/api/v1/items/../../etc/passwd", headers=h).status_code == 404


def test_unknown_filter_is_422(client, auth, org):
    resp = client.get("/api/v1/items?colour=red", headers=auth("office"))
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "validation_failed"
    assert client.get("/api/v1/items?per_page=100000", headers=auth("office")).status_code == 422


def test_anonymous_sees_nothing(client, org, new_item):
    item_id = new_item()
    for path in ("/api/v1/items", f"/api/v1/items/{item_id}", "/api/v1/me"):
        assert client.get(path).status_code == 401
    assert client.post(f"/api/v1/items/{item_id}/actions/reject",
                       json={"reason": "x"}).status_code == 401


def test_long_term_by_handler_of_unit(client, auth, org, new_item):
    item_id = new_item()
    _assign(client, auth, org, item_id)
    other = client.post(f"/api/v1/items/{item_id}/actions/long_term",
                        json={"note": "需要立项"}, headers=auth("handler2"))
    assert other.status_code == 404   # not in the other unit's scope at all
    ok = client.post(f"/api/v1/items/{item_id}/actions/long_term",
                     json={"note": "需纳入明年道路改造计划"}, headers=auth("handler"))
    assert ok.status_code == 200 and ok.get_json()["status"] == "long_term"


def test_manual_merge_and_split(client, auth, org, new_item):
    a = new_item("三号楼门口井盖没了")
    b = new_item("3号楼前窨井盖丢失", reporter="cadre2")
    h = auth("office")
    survivor = client.post(f"/api/v1/items/{b}/actions/merge", json={"into_item_id": a},
                           headers=h).get_json()
    assert survivor["id"] == a and survivor["report_count"] == 2
    assert len(survivor["reports"]) == 2 and survivor["events"][-1]["action"] == "absorb"
    merged = client.get(f"/api/v1/items/{b}", headers=h).get_json()
    assert merged["status"] == "merged" and merged["merged_into_id"] == a
    assert merged["reports"] == [] and merged["report_count"] == 0
    again = client.post(f"/api/v1/items/{b}/actions/merge", json={"into_item_id": a}, headers=h)
    assert again.status_code == 409
    self_merge = client.post(f"/api/v1/items/{a}/actions/merge", json={"into_item_id": a},
                             headers=h)
    assert self_merge.status_code == 422
    moved = survivor["reports"][1]["id"]
    new = client.post(f"/api/v1/items/{a}/actions/split", json={"report_id": moved},
                      headers=h).get_json()
    assert new["id"] not in (a, b) and new["status"] == "new" and new["report_count"] == 1
    assert new["description"] == "3号楼前窨井盖丢失"
    assert client.get(f"/api/v1/items/{a}", headers=h).get_json()["report_count"] == 1
    last = client.post(f"/api/v1/items/{a}/actions/split",
                       json={"report_id": survivor["reports"][0]["id"]}, headers=h)
    assert last.status_code == 422 and last.get_json()["error"]["code"] == "invalid_split"


def test_openapi_document_lists_the_contract(client):
    doc = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/auth/login", "/api/v1/items", "/api/v1/items/{item_id}",
                 "/api/v1/items/{item_id}/actions/verify", "/api/v1/me"):
        assert path in doc["paths"], path
