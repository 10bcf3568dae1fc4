"""验收 of 民生实事 projects over HTTP: closure by the item's rule (群众不认可，实事不销号),
every verification kept, distance and override, scope, and the `project.verify` mutation."""

import uuid
from datetime import date, timedelta

import psycopg
import pytest
from sqlalchemy import inspect, text

from server import create_app
from server.extensions import db
from server.migrate import upgrade
from server.models import Area, ProjectVerification, User
from tests.conftest import PG_URL, _pg_schema_url
from tests.factories import jpeg_bytes, now_iso, sha

P = "/api/v1/projects"
LAT, LON = 34.4740, 113.7090   # the project's site, in 郭老庄
STATUSES = ("planned", "in_progress", "completed", "in_use", "closed")
_seed = iter(range(8000, 8768))


def _photo(client, auth, user):
    """A fresh JPEG uploaded by `user`; its hash."""
    data = jpeg_bytes(next(_seed), (96, 64))
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data,
                      headers=auth(user)).status_code == 201
    return sha(data)


@pytest.fixture
def site(client, auth, org):
    """Build a project in a given status, and verify one; the helpers as a namespace."""
    class Site:
        @staticmethod
        def project(status="completed", area="郭老庄", lat=LAT, lon=LON) -> int:
            """A project of 住建局 brought to `status` through the API."""
            resp = client.post(P, headers=auth("office"), json={
                "name": "城墙口游园", "category": "other",
                "unit_id": org.units["住建局"], "investment_total_wan": 760,
                "due": (date.today() + timedelta(days=200)).isoformat(),
                "area_id": org.areas[area] if area else None, "lat": lat, "lon": lon})
            assert resp.status_code == 201, resp.get_json()
            pid = resp.get_json()["id"]
            if status == "planned":
                return pid
            Site.post(f"{P}/{pid}/progress", "handler", text="园路铺装完成", percent=100,
                      photos=[_photo(client, auth, "handler")])
            steps = {"completed": ["completed"], "in_use": ["completed", "in_use"],
                     "closed": ["completed"]}.get(status, [])
            for step in steps:
                assert client.patch(f"{P}/{pid}", json={"status": step},
                                    headers=auth("office")).status_code == 200
            if status == "closed":
                assert Site.verify(pid).status_code == 200
            return pid

        @staticmethod
        def post(path, user, **body):
            """A POST that must succeed."""
            resp = client.post(path, json=body, headers=auth(user))
            assert resp.status_code in (200, 201), resp.get_json()
            return resp.get_json()

        @staticmethod
        def verify(pid, user="supervisor", **kw):
            """POST a verification; an on-site, accepting one with a fresh photo unless told."""
            body = {"decision": "accept", "satisfaction": "satisfied", "lat": LAT + 0.0005,
                    "lon": LON, "accuracy_m": 6.0, "photos": [_photo(client, auth, user)],
                    **kw}
            return client.post(f"{P}/{pid}/actions/verify", json=body, headers=auth(user))

        @staticmethod
        def get(pid, user="office"):
            """The project as `user` reads it."""
            return client.get(f"{P}/{pid}", headers=auth(user)).get_json()
    return Site


@pytest.mark.parametrize("satisfaction", ["satisfied", "basic", "unsatisfied"])
@pytest.mark.parametrize("decision", ["accept", "return"])
@pytest.mark.parametrize("status", STATUSES)
def test_verify_over_status_decision_and_satisfaction(site, status, decision, satisfaction):
    pid = site.project(status)
    before = site.get(pid)["verifications"]
    resp = site.verify(pid, decision=decision, satisfaction=satisfaction)
    if status not in ("completed", "in_use"):
        assert resp.status_code == 409, resp.get_json()
        assert resp.get_json()["error"]["code"] == "invalid_transition"
        after = site.get(pid)
        assert (after["status"], after["verifications"]) == (status, before)
        return
    closes = decision == "accept" and satisfaction != "unsatisfied"
    assert resp.status_code == 200, resp.get_json()
    got = resp.get_json()
    assert got["status"] == ("closed" if closes else "in_progress")
    (v,) = got["verifications"]
    assert (v["decision"], v["satisfaction"], v["closes"]) == (decision, satisfaction, closes)
    assert (v["from_status"], v["to_status"]) == (status, got["status"])
    assert v["user_name"] == "supervisor" and 50 < v["distance_m"] < 60
    assert v["override_reason"] is None and len(v["photos"]) == 1


def test_unsatisfied_residents_keep_the_project_open_and_it_is_verified_again(site, client,
                                                                             auth):
    pid = site.project("in_use")
    first = site.verify(pid, satisfaction="unsatisfied", note="游园照明不足，群众不认可",
                        resident_name="附近居民")
    assert first.status_code == 200 and first.get_json()["status"] == "in_progress"
    stored = site.get(pid)["verifications"]
    assert [(v["satisfaction"], v["closes"], v["note"], v["resident_name"]) for v in stored] \
        == [("unsatisfied", False, "游园照明不足，群众不认可", "附近居民")]
    assert client.patch(f"{P}/{pid}", json={"status": "completed"},
                        headers=auth("office")).status_code == 200
    second = site.verify(pid, satisfaction="basic")
    assert second.status_code == 200 and second.get_json()["status"] == "closed"
    assert [v["to_status"] for v in site.get(pid, "handler")["verifications"]] == \
        ["in_progress", "closed"]
    again = site.verify(pid)   # a closed project takes no more verifications
    assert again.get_json()["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize("user,override,code", [
    ("supervisor", None, "too_far"),
    ("supervisor", "道路封闭，远程视频验收", "too_far"),   # only the office may override
    ("boss", None, "too_far"),
    ("boss", "  ", "too_far"),
    ("boss", "道路封闭，远程视频验收", None),
])
def test_a_verification_from_5_km_is_too_far_unless_the_office_overrides(site, user,
                                                                        override, code):
    pid = site.project("completed")
    resp = site.verify(pid, user=user, lat=LAT + 0.045, override_reason=override)
    got = site.get(pid)
    if code:
        assert resp.status_code == 422 and resp.get_json()["error"]["code"] == code
        assert resp.get_json()["error"]["details"]["distance_m"] > 4900
        assert (got["status"], got["verifications"]) == ("completed", [])
        return
    assert resp.status_code == 200, resp.get_json()
    (v,) = got["verifications"]
    assert got["status"] == "closed" and v["override_reason"] == override
    assert v["distance_m"] > 4900 and v["user_name"] == "boss"


def test_a_project_without_a_position_needs_the_office_override(site):
    pid = site.project("completed", lat=None, lon=None)
    refused = site.verify(pid)
    assert refused.get_json()["error"] == {"code": "too_far", "message": refused.get_json()[
        "error"]["message"], "details": {"distance_m": None, "max_m": 300.0}}
    ok = site.verify(pid, user="boss", override_reason="项目未定位，按图纸现场核验")
    assert ok.status_code == 200 and ok.get_json()["verifications"][0]["distance_m"] is None


def test_evidence_is_needed_to_close(site, client, auth):
    pid = site.project("completed")
    resp = site.verify(pid, photos=["c" * 64])
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "photos_missing"
    resp = site.verify(pid, photos=[])
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "photos_required"
    returned = site.verify(pid, decision="return", photos=[])   # sending back needs none
    assert returned.status_code == 200 and returned.get_json()["status"] == "in_progress"
    bare = client.post(P, headers=auth("office"), json={
        "name": "无进展照片的项目", "category": "other", "unit_id": site.get(pid)["unit_id"],
        "investment_total_wan": 10, "due": "2030-01-01", "lat": LAT, "lon": LON,
        "status": "in_progress"}).get_json()["id"]
    client.patch(f"{P}/{bare}", json={"status": "completed"}, headers=auth("office"))
    resp = site.verify(bare)   # no progress photo ever: nothing to close on
    assert resp.status_code == 422 and resp.get_json()["error"]["code"] == "photos_required"


def test_body_is_checked_after_scope_and_before_state(site, client, auth):
    pid = site.project("planned")
    for body in ({}, {"decision": "accept"}, {"decision": "ok", "satisfaction": "satisfied",
                                               "lat": LAT, "lon": LON}):
        resp = client.post(f"{P}/{pid}/actions/verify", json=body, headers=auth("supervisor"))
        assert resp.status_code == 422, resp.get_json()
    resp = client.post(f"{P}/987654/actions/verify", json={}, headers=auth("supervisor"))
    assert resp.status_code == 404


@pytest.mark.parametrize("user", ["handler", "handler2", "cadre", "office", "admin"])
def test_only_supervisors_verify(site, client, auth, user):
    pid = site.project("completed")
    resp = client.post(f"{P}/{pid}/actions/verify", json={}, headers=auth(user))
    assert resp.status_code == 403 and resp.get_json()["error"]["code"] == "forbidden"
    assert site.get(pid)["status"] == "completed"


def test_a_township_bound_supervisor_verifies_only_its_townships_projects(app, site, client,
                                                                         auth, org):
    inside = site.project("completed")
    elsewhere = site.project("completed", area=None)
    with app.app_context():
        other = Area(name="城关镇", kind="township", lat=34.40, lon=113.75, radius_m=5000)
        db.session.add(other)
        db.session.flush()
        other_id = other.id
        db.session.get(User, org.users["supervisor"]).township_id = org.areas["龙湖镇"]
        db.session.commit()
    away = site.project("completed")
    assert client.patch(f"{P}/{away}", json={"area_id": other_id},
                        headers=auth("office")).status_code == 200
    for pid in (elsewhere, away):   # 404 before the body: nothing is learnt
        resp = client.post(f"{P}/{pid}/actions/verify", json={}, headers=auth("supervisor"))
        assert resp.status_code == 404, resp.get_json()
        assert site.verify(pid).status_code == 404
    assert site.verify(inside).get_json()["status"] == "closed"


def _mutation(pid, **payload):
    """A project.verify as a phone would record it."""
    return {"id": uuid.uuid4().hex, "type": "project.verify", "at": now_iso(),
            "payload": {"project_id": pid, "decision": "accept", "satisfaction": "satisfied",
                        "lat": LAT, "lon": LON, "accuracy_m": 7.0, "photos": [], **payload}}


@pytest.fixture
def push(client, auth):
    """Push mutations as `user`; the results."""
    def send(mutations, user):
        resp = client.post("/api/v1/sync/push", headers=auth(user),
                           json={"device_id": f"phone-{user}", "mutations": mutations})
        assert resp.status_code == 200, resp.get_json()
        return resp.get_json()["results"]
    return send


def test_the_project_verify_mutation_is_applied_once(site, push, client, auth):
    pid = site.project("completed")
    data = jpeg_bytes(next(_seed), (96, 64))
    m = _mutation(pid, photos=[sha(data)], resident_name="张大爷")
    (waiting,) = push([m], user="supervisor")
    assert waiting == {"id": m["id"], "status": "needs_photos", "missing": [sha(data)]}
    assert site.get(pid)["verifications"] == []
    assert client.put(f"/api/v1/photos/{sha(data)}", data=data,
                      headers=auth("supervisor")).status_code == 201
    (applied,) = push([m], user="supervisor")
    assert applied["status"] == "applied" and applied["project_status"] == "closed", applied
    again = push([m, m], user="supervisor")
    assert [r["status"] for r in again] == ["duplicate", "duplicate"]
    (v,) = site.get(pid)["verifications"]
    assert (v["id"], v["resident_name"], v["photos"]) == \
        (applied["verification_id"], "张大爷", [sha(data)])


def test_a_refused_project_verify_is_answered_the_same_way_again(site, push):
    pid = site.project("completed")
    cases = [("supervisor", _mutation(pid, lat=LAT + 0.05), "too_far"),
             ("handler", _mutation(pid), "not_found"),
             ("supervisor", _mutation(pid, satisfaction="happy"), "validation_failed"),
             ("supervisor", _mutation(987654), "not_found")]
    for user, m, code in cases:
        for _ in range(2):
            (r,) = push([m], user=user)
            assert r["status"] in ("rejected", "duplicate"), r
            assert r["error"]["code"] == code, (code, r)
    assert site.get(pid)["verifications"] == []


def test_migration_0011_upgrades_a_database_with_projects(backend, tmp_path):
    if backend == "sqlite":
        url, schema = f"sqlite:///{tmp_path / 'm.db'}", None
    else:
        schema = f"zl_m11_{uuid.uuid4().hex[:10]}"
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")
        url = _pg_schema_url(schema)
    app = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": url})
    try:
        with app.app_context():
            upgrade("0010")
            with db.engine.begin() as conn:
                conn.execute(text("INSERT INTO categories (code, name, position, active) "
                                  "VALUES ('other', '其他', 0, true)"))
                conn.execute(text("INSERT INTO units (id, name, kind, active) "
                                  "VALUES (1, '住建局', 'department', true)"))
                conn.execute(text(
                    "INSERT INTO projects (name, batch, category, unit_id, leader_led, "
                    "investment_total_wan, investment_done_wan, due, status, percent, public, "
                    "progress_photo_count, created_at, updated_at) VALUES ('西关桥', 1, "
                    "'other', 1, true, 17600, 12200, '2027-02-01', 'in_progress', 69, true, "
                    "0, '2026-01-05 08:00:00', '2026-01-05 08:00:00')"))
            upgrade()
            found = inspect(db.engine)
            columns = {c["name"] for c in found.get_columns("project_verifications")}
            unique = [i for i in found.get_indexes("projects") if i["name"] ==
                      "ux_projects_item_id"]
            with db.engine.connect() as conn:
                kept = conn.execute(text("SELECT name, percent FROM projects")).one()
        assert columns == set(ProjectVerification.__table__.columns.keys())
        assert len(unique) == 1 and unique[0]["unique"] and unique[0]["column_names"] == \
            ["item_id"]
        assert tuple(kept) == ("西关桥", 69)
    finally:
        with app.app_context():
            db.engine.dispose()
        if schema:
            with psycopg.connect(PG_URL, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")
