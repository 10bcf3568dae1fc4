"""The same mutation pushed at once over several connections has exactly one effect.

Runs on both backends; on PostgreSQL the requests really overlap on separate
connections and the mutation's primary key decides which one applies.
"""

import threading
import uuid
from datetime import date, timedelta

from server import create_app
from server.extensions import db
from server.models import Event, Item, Mutation, Report
from tests.factories import jpeg_bytes, now_iso
from tests.sync.conftest import report_mutation

THREADS = 6
ROUNDS = 8


def _race(app, headers, body):
    """Send the same push from THREADS threads released together; return all results."""
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def worker():
        client = app.test_client()
        barrier.wait()
        try:
            resp = client.post("/api/v1/sync/push", json=body, headers=headers)
            results.append((resp.status_code, resp.get_json()))
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    return results


def test_concurrent_resend_of_a_report_applies_once(app, org, auth):
    h = auth("cadre")
    for _ in range(ROUNDS):
        m = report_mutation(org)
        results = _race(app, h, {"device_id": "phone", "mutations": [m]})
        statuses = sorted(body["results"][0]["status"] for code, body in results)
        assert all(code == 200 for code, _ in results)
        assert statuses == ["applied"] + ["duplicate"] * (THREADS - 1)
        item_ids = {body["results"][0]["item_id"] for _, body in results}
        assert len(item_ids) == 1
    with app.app_context():
        assert db.session.query(Report).count() == ROUNDS
        assert db.session.query(Item).count() == ROUNDS
        assert db.session.query(Mutation).count() == ROUNDS
        assert db.session.query(Event).count() == ROUNDS


def test_concurrent_rectified_applies_once(app, org, auth, client, push, upload):
    photo = upload(jpeg_bytes(5), user="handler")
    deadline = (date.today() + timedelta(days=5)).isoformat()
    for _ in range(3):
        item_id = push([report_mutation(org)])[0]["item_id"]
        client.post(f"/api/v1/items/{item_id}/actions/assign", headers=auth("office"),
                    json={"unit_id": org.units["住建局"], "deadline": deadline, "plan": "修"})
        m = {"id": str(uuid.uuid4()), "type": "item.rectified", "at": now_iso(),
             "payload": {"item_id": item_id, "note": "已修复", "photos": [photo]}}
        results = _race(app, auth("handler"), {"device_id": "p", "mutations": [m]})
        statuses = sorted(b["results"][0]["status"] for _, b in results)
        assert statuses == ["applied"] + ["duplicate"] * (THREADS - 1)
        with app.app_context():
            events = db.session.query(Event).filter_by(item_id=item_id,
                                                       action="rectified").count()
            assert events == 1


def test_different_mutations_in_parallel_keep_the_chain(app, org, auth):
    h = auth("cadre")
    barrier = threading.Barrier(THREADS)
    outcomes = []

    def worker():
        client = app.test_client()
        barrier.wait()
        for _ in range(3):
            resp = client.post("/api/v1/sync/push", headers=h, json={
                "device_id": "p", "mutations": [report_mutation(org) for _ in range(3)]})
            outcomes.extend((resp.status_code, r["status"], str(r.get("error"))[:300])
                            for r in resp.get_json()["results"])

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(outcomes) == {(200, "applied", "None")}, outcomes
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        seqs = [s for (s,) in db.session.query(Event.seq).order_by(Event.seq)]
        reports = db.session.query(Report).count()
    assert seqs == list(range(1, THREADS * 9 + 1)) and reports == THREADS * 9


def test_cursor_survives_a_restart(app, org, auth, push, database_url, tmp_path):
    push([report_mutation(org) for _ in range(3)])
    restarted = create_app({"DATA_DIR": str(tmp_path), "DATABASE_URL": database_url,
                            "PASSWORD_HASH_COST": "low"})
    client = restarted.test_client()
    h = auth("cadre")
    first = client.get("/api/v1/sync/pull?limit=2", headers=h).get_json()
    push([report_mutation(org)])
    rest = client.get(f"/api/v1/sync/pull?cursor={first['cursor']}", headers=h).get_json()
    assert len(first["items"]) == 2 and len(rest["items"]) == 2
    with restarted.app_context():
        db.engine.dispose()
