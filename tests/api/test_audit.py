"""The hash-chained history: every change leaves an event; tampering is found."""

from datetime import date, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from server.extensions import db
from server.services import audit


def _history(client, auth, org, new_item):
    """Three items with a few transitions each: 9 events."""
    h = auth("office")
    ids = [new_item(f"问题 {i}") for i in range(3)]
    deadline = (date.today() + timedelta(days=5)).isoformat()
    for item_id in ids:
        client.post(f"/api/v1/items/{item_id}/actions/assign", headers=h,
                    json={"unit_id": org.units["住建局"], "deadline": deadline, "plan": "修"})
        client.post(f"/api/v1/items/{item_id}/actions/long_term", headers=auth("handler"),
                    json={"note": "列入计划"})
    return ids


def _verify(app):
    runner = app.test_cli_runner()
    return runner.invoke(args=["audit", "verify"])


def test_intact_chain_verifies(app, client, auth, org, new_item):
    _history(client, auth, org, new_item)
    result = _verify(app)
    assert result.exit_code == 0, result.output
    assert "intact" in result.output
    with app.app_context():
        seqs = db.session.execute(text("SELECT seq FROM events ORDER BY seq")).scalars().all()
        items = db.session.execute(text("SELECT max(change_seq) FROM items")).scalar()
    assert seqs == list(range(1, 10)) and items == 9


@pytest.mark.parametrize("tamper,bad_seq", [
    ("UPDATE events SET body = replace(body, '列入计划', '已完成') WHERE seq = 7", 7),
    ("UPDATE events SET to_state = 'closed' WHERE seq = 4", 4),
    ("UPDATE events SET actor_id = NULL WHERE seq = 2", 2),
    ("DELETE FROM events WHERE seq = 5", 5),
    ("DELETE FROM events WHERE seq = 9", 9),
    ("UPDATE events SET seq = CASE seq WHEN 7 THEN 8 ELSE 7 END WHERE seq IN (7, 8)", 7),
])
def test_tampering_is_detected_and_named(app, client, auth, org, new_item, tamper, bad_seq):
    _history(client, auth, org, new_item)
    with app.app_context():
        if "CASE" in tamper:   # swap in two steps to dodge the primary key
            db.session.execute(text("UPDATE events SET seq = 1000 WHERE seq = 7"))
            db.session.execute(text("UPDATE events SET seq = 7 WHERE seq = 8"))
            db.session.execute(text("UPDATE events SET seq = 8 WHERE seq = 1000"))
        else:
            db.session.execute(text(tamper))
        db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1
    assert f"chain broken at event {bad_seq}" in result.output


def test_inserted_event_is_detected(app, client, auth, org, new_item):
    ids = _history(client, auth, org, new_item)
    with app.app_context():
        db.session.execute(text(
            "INSERT INTO events (seq, item_id, action, actor_id, at, from_state, to_state, body,"
            " prev_hash, hash) SELECT 10, :item, 'verify', NULL, at, 'long_term', 'closed',"
            " '{}', hash, hash FROM events WHERE seq = 9"), {"item": ids[0]})
        db.session.commit()
    result = _verify(app)
    assert result.exit_code == 1 and "event 10" in result.output


GENESIS = "0" * 64
# Events as the first release hashed them, with the digests it computed: an upgrade must
# leave every ordinary event's hash as it was, or deployed chains would stop verifying.
FIRST_RELEASE = [
    (dict(seq=1, item_id=1, action="create", actor_id=5,
          at=datetime(2026, 3, 2, 8, 15, 30, 123456), from_state=None, to_state="new",
          lat=34.4740, lon=113.709, prev_hash=GENESIS,
          body='{"captured_at":"2026-03-02T08:15:00+00:00","merge":"new","mutation_id":'
               '"m-0001","photos":["' + "ab" * 32 + '"],"report_id":1,"score":null,'
               '"suggestions":[]}'),
     "e43eeaac77fcaac561579d8863a622ce1bae6d9d41614a3e74be9ef082c05d3f"),
    (dict(seq=2, item_id=1, action="assign", actor_id=7, at=datetime(2026, 3, 2, 9, 0, 0),
          from_state="new", to_state="assigned", lat=None, lon=None, prev_hash="1" * 64,
          body='{"assignee_id":null,"deadline":"2026-03-09","deadline_working_days":null,'
               '"leader_led":false,"leader_name":null,"plan":"三天内更换井盖","unit_id":1}'),
     "c33342fa7535f6a330a4788ef737c97190728951c25acb845d15e7a1abfdc74a"),
    (dict(seq=3, item_id=2, action="verify", actor_id=9,
          at=datetime(2026, 3, 5, 23, 59, 59, 1), from_state="rectified", to_state="closed",
          lat=34.47400000000001, lon=0.30000000000000004, prev_hash="f" * 64,
          body='{"decision":"accept","distance_m":12.3,"note":"café ＡＢＣ 🚧","photos":[],'
               '"returned":false,"satisfaction":"satisfied"}'),
     "3808fc013153a9be3bdc804e5c34c0356f66dfe303aaafa2eb0e98a96c33a318"),
    (dict(seq=4, item_id=3, action="rectified", actor_id=3, at=datetime(2026, 1, 1),
          from_state="assigned", to_state="rectified", lat=-33.5, lon=-70.25,
          prev_hash="a" * 64, body="{}"),
     "d842c3020df02d70ddcd3361906456358b0060f4370ccde0a9c9d220b2ce8b39"),
]


@pytest.mark.parametrize("fields,digest", FIRST_RELEASE)
def test_ordinary_events_hash_as_in_the_first_release(fields, digest):
    assert audit.event_hash(SimpleNamespace(**fields)) == digest


@pytest.mark.parametrize("stored", [
    {"lat": 0.0, "lon": 0},                                   # SQLite: -0.0 back as 0.0 or 0
    {"lat": -0.0, "lon": 0.0},                                # PostgreSQL keeps the sign
    {"at": datetime(2026, 3, 2, 16, 15, 30, 5, tzinfo=timezone(timedelta(hours=8)))},
])
def test_a_round_trip_leaves_the_hash_as_computed(stored):
    written = dict(FIRST_RELEASE[0][0], lat=-0.0, lon=-0.0, at=datetime(2026, 3, 2, 8, 15, 30, 5))
    back = {**written, **stored}
    assert audit.event_hash(SimpleNamespace(**back)) == audit.event_hash(
        SimpleNamespace(**written))


def test_int_positions_hash_as_the_floats_they_come_back_as():
    fields = dict(FIRST_RELEASE[3][0], lat=-33, lon=120)
    back = dict(fields, lat=-33.0, lon=120.0)
    assert audit.event_hash(SimpleNamespace(**fields)) == audit.event_hash(
        SimpleNamespace(**back))


def test_batch_event_without_position_fields_is_stored_and_verifies(app, new_item):
    item_id = new_item()
    with app.app_context():
        chain = audit.reserve(1)
        audit.append([{"item_id": item_id, "action": "report", "actor_id": None,
                       "from_state": "new", "to_state": "new", "body": {"note": "无定位"}}],
                      chain)
        db.session.commit()
        row = db.session.execute(text("SELECT lat, lon FROM events ORDER BY seq DESC")).first()
        assert tuple(row) == (None, None)
        assert audit.verify_chain() is None


def test_positions_verify_whatever_the_server_prints_floats_as(app, new_item, backend):
    new_item(lat=34.474000000000004, lon=113.70900000000001)
    with app.app_context():
        if backend == "postgresql":     # a server printing doubles rounded, as before PG 12
            db.session.execute(text("SET LOCAL extra_float_digits = 0"))
        assert audit.verify_chain() is None
