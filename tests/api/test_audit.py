"""The hash-chained history: every change leaves an event; tampering is found."""

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from server.extensions import db


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
