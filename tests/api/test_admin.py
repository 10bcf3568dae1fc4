"""Administration: users, units, areas, sheet imports (all or nothing), bulk triage."""

import io
from datetime import date, timedelta

from openpyxl import Workbook

from server.extensions import db
from server.models import Area, Assignment


def test_admin_manages_users_and_disabling_stops_tokens(client, auth, org):
    h = auth("admin")
    created = client.post("/api/v1/admin/users", headers=h, json={
        "username": "wang.fang", "password": "secret-123", "name": "王芳", "roles": ["cadre"],
        "area_ids": [org.areas["郭老庄"]]})
    assert created.status_code == 201, created.get_json()
    user = created.get_json()
    assert user["area_ids"] == [org.areas["郭老庄"]] and user["name"] == "王芳"
    login = client.post("/api/v1/auth/login",
                        json={"username": "wang.fang", "password": "secret-123"})
    token = {"Authorization": f"Bearer {login.get_json()['token']}"}
    assert client.get("/api/v1/me", headers=token).status_code == 200
    patched = client.patch(f"/api/v1/admin/users/{user['id']}", headers=h,
                           json={"active": False})
    assert patched.status_code == 200 and patched.get_json()["active"] is False
    assert client.get("/api/v1/me", headers=token).status_code == 401
    listed = client.get("/api/v1/admin/users", headers=h).get_json()
    assert "wang.fang" in [u["username"] for u in listed]
    assert all("password" not in str(u) for u in listed)


def test_admin_input_errors(client, auth, org):
    h = auth("admin")
    dup = client.post("/api/v1/admin/users", headers=h, json={
        "username": "cadre", "password": "secret-123", "roles": ["cadre"]})
    assert dup.status_code == 422
    handler = client.post("/api/v1/admin/users", headers=h, json={
        "username": "h9", "password": "secret-123", "roles": ["handler"]})
    assert handler.status_code == 422 and handler.get_json()["error"]["details"]["field"] == \
        "unit_id"
    assert client.patch("/api/v1/admin/users/99999", headers=h, json={"name": "x"}
                        ).status_code == 404
    assert client.post("/api/v1/admin/units", headers=h, json={"name": "住建局"}
                       ).status_code == 422
    area = client.post("/api/v1/admin/areas", headers=h, json={
        "name": "新村", "kind": "village", "township_id": org.areas["郭老庄"],
        "lat": 34.4, "lon": 113.7})
    assert area.status_code == 422   # 郭老庄 is a village, not a township


def test_only_admin_may_administer(client, auth, org):
    for role in ("cadre", "handler", "supervisor", "office"):
        assert client.get("/api/v1/admin/users", headers=auth(role)).status_code == 403
    assert client.get("/api/v1/admin/users").status_code == 401


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


AREA_HEADER = ["名称", "类型", "所属乡镇", "纬度", "经度", "半径米"]


def test_import_areas_from_xlsx(client, auth, org, app):
    sheet = _xlsx([AREA_HEADER, ["孟庄镇", "乡镇", "", 34.455, 113.79, 5000],
                   ["孟庄村", "村", "孟庄镇", 34.458, 113.791, 900],
                   ["S102线孟庄段", "路段", "孟庄镇", 34.452, 113.80, 1500]])
    resp = client.post("/api/v1/admin/import/areas", headers=auth("admin"), data=sheet,
                       content_type="application/octet-stream")
    assert resp.status_code == 200 and resp.get_json() == {"created": 3}
    with app.app_context():
        village = db.session.query(Area).filter_by(name="孟庄村").one()
        assert db.session.get(Area, village.township_id).name == "孟庄镇"


def test_bad_rows_are_reported_and_nothing_is_imported(client, auth, org, app):
    csv_text = "\n".join([",".join(AREA_HEADER), "新村,村,龙湖镇,34.47,113.71,800",
                          "坏坐标,村,龙湖镇,134.47,113.71,800", "无类型,城堡,龙湖镇,34.4,113.7,1",
                          "远方,村,火星镇,34.4,113.7,100"])
    with app.app_context():
        before = db.session.query(Area).count()
    resp = client.post("/api/v1/admin/import/areas", headers=auth("admin"),
                       data=csv_text.encode("gb18030"), content_type="text/csv")
    assert resp.status_code == 422
    err = resp.get_json()["error"]
    assert err["code"] == "import_failed"
    rows = {(e["row"], e["field"]) for e in err["details"]["errors"]}
    assert rows == {(3, "纬度/经度"), (4, "类型"), (5, "所属乡镇")}
    with app.app_context():
        assert db.session.query(Area).count() == before


def test_import_assignments_csv_with_bom(client, auth, org, app):
    text = "用户名,区域,所属乡镇\ncadre2,郭老庄,龙湖镇\ncadre2,三里岗社区,\nnobody,郭老庄,\n"
    bad = client.post("/api/v1/admin/import/assignments", headers=auth("admin"),
                      data=("\ufeff" + text).encode(), content_type="text/csv")
    assert bad.status_code == 422
    assert bad.get_json()["error"]["details"]["errors"] == [
        {"row": 4, "field": "用户名", "message": "找不到该用户"}]
    good = client.post("/api/v1/admin/import/assignments", headers=auth("admin"),
                       data=("\ufeff" + text.rsplit("nobody", 1)[0]).encode(),
                       content_type="text/csv")
    assert good.status_code == 200 and good.get_json() == {"created": 1}
    with app.app_context():
        assert db.session.query(Assignment).filter_by(user_id=org.users["cadre2"]).count() == 2


def test_garbage_sheets(client, auth, org):
    h = auth("admin")
    for data in (b"", b"PK\x03\x04garbage", b"\xff\xfe\x00\x00\x81"):
        resp = client.post("/api/v1/admin/import/areas", headers=h, data=data,
                           content_type="application/octet-stream")
        assert resp.status_code == 422, data
        assert resp.get_json()["error"]["code"] == "bad_sheet"


def test_bulk_assign_each_item_on_its_own(client, auth, org, new_item):
    ids = [new_item(f"问题{i}") for i in range(3)]
    client.post(f"/api/v1/items/{ids[1]}/actions/reject", headers=auth("office"),
                json={"reason": "重复"})
    deadline = (date.today() + timedelta(days=7)).isoformat()
    resp = client.post("/api/v1/items/bulk/assign", headers=auth("office"), json={
        "item_ids": ids + [999999], "unit_id": org.units["城管局"], "deadline": deadline,
        "plan": "本周内清理完毕"})
    assert resp.status_code == 200
    results = resp.get_json()["results"]
    assert [r["status"] for r in results] == ["applied", "rejected", "applied", "rejected"]
    assert results[1]["error"]["code"] == "invalid_transition"
    assert results[3]["error"]["code"] == "not_found"
    assert client.post("/api/v1/items/bulk/assign", headers=auth("handler"), json={
        "item_ids": ids, "unit_id": 1, "deadline": deadline, "plan": "x"}).status_code == 403
    audit = client.application.test_cli_runner().invoke(args=["audit", "verify"])
    assert audit.exit_code == 0, audit.output


def test_unknown_references_are_422_not_500(client, auth, org):
    h = auth("admin")
    for body in ({"username": "t1", "password": "secret-123", "roles": ["office"],
                  "township_id": 99999},
                 {"username": "t2", "password": "secret-123", "roles": ["office"],
                  "township_id": org.areas["郭老庄"]},
                 {"username": "t3", "password": "secret-123", "roles": ["office"],
                  "unit_id": 99999},
                 {"username": "t4", "password": "secret-123", "roles": ["cadre"],
                  "area_ids": [99999]}):
        resp = client.post("/api/v1/admin/users", headers=h, json=body)
        assert resp.status_code == 422, (body, resp.get_json())
    user_id = org.users["office"]
    for body in ({"township_id": 99999}, {"unit_id": 99999}, {"area_ids": [99999]}):
        resp = client.patch(f"/api/v1/admin/users/{user_id}", headers=h, json=body)
        assert resp.status_code in (404, 422), (body, resp.get_json())
