"""The event chain still verifies after every value has made its database round trip.

Random reports (`report.create` pushed over HTTP) and item actions (assign, rectified,
verify through /api/v1/items/<id>/actions/...) carry positions drawn from floats
including -0.0, subnormals, many-digit values and the ±90/±180 boundaries, texts in
NFC and NFD forms, emoji and full-width characters, and capture times in several UTC
offsets. After each example `audit.verify_chain()`, the function behind `zhangliang
audit verify`, must find the chain intact, and the texts must be stored as sent.
ZL_ROUNDTRIP_EXAMPLES sets the number of examples per database (default 200).
"""

import hashlib
import json
import os
import unicodedata
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from server.extensions import db
from server.models import Event
from server.services import audit
from tests.factories import jpeg_bytes, login

DEADLINE = (date.today() + timedelta(days=7)).isoformat()
EXAMPLES = int(os.environ.get("ZL_ROUNDTRIP_EXAMPLES", "200"))


def _coordinate(limit: float) -> st.SearchStrategy:
    """Floats in [-limit, limit], with the awkward ones drawn often."""
    awkward = [-0.0, 0.0, limit, -limit, 5e-324, -5e-324, 2.2250738585072014e-308,
               34.474000000000004, 0.1 + 0.2, 113.70900000000001, limit - 1e-13]
    return st.one_of(st.sampled_from([v for v in awkward if abs(v) <= limit]),
                     st.floats(-limit, limit, allow_nan=False, allow_infinity=False))


LAT, LON = _coordinate(90.0), _coordinate(180.0)
SAMPLES = ["café 井盖", "Ångström 路灯不亮", "한국어 도로", "ｆｕｌｌ－ｗｉｄｔｈ　井盖１２３",
           "🚧🕳️👷‍♀️ 井盖缺失", "e\u0301\u0323 ǅ ﬁ", "垃圾堆放 Ω Å ℃"]
FORMS = ("NFC", "NFD", "NFKC", "NFKD")
TEXT = st.one_of(
    st.tuples(st.sampled_from(SAMPLES), st.sampled_from(FORMS))
    .map(lambda pair: unicodedata.normalize(pair[1], pair[0])),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40))
OFFSET = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def _report(org, lat, lon, description, offset) -> dict:
    """A report.create mutation captured now, in the phone's time zone `offset`."""
    now = datetime.now(UTC)
    return {"id": str(uuid.uuid4()), "type": "report.create", "at": now.isoformat(),
            "payload": {"area_id": org.areas["郭老庄"], "category": "infrastructure",
                        "description": description, "severity": "normal", "lat": lat,
                        "lon": lon, "accuracy_m": 6.5,
                        "captured_at": (now - timedelta(minutes=3)).astimezone(offset)
                        .isoformat(), "photos": []}}


def _assert_chain_intact(app) -> None:
    """verify_chain finds nothing wrong."""
    with app.app_context():
        assert audit.verify_chain() is None


def _last_body(app, item_id: int) -> dict:
    """The payload of the item's latest event, as stored."""
    with app.app_context():
        body = db.session.execute(select(Event.body).where(Event.item_id == item_id)
                                  .order_by(Event.seq.desc()).limit(1)).scalar_one()
    return json.loads(body)


def _upload(client, token, seed: int) -> str:
    """Upload one small photo; returns its hash."""
    data = jpeg_bytes(seed, (96, 64))
    digest = hashlib.sha256(data).hexdigest()
    resp = client.put(f"/api/v1/photos/{digest}", data=data, headers=token)
    assert resp.status_code in (200, 201), resp.get_json()
    return digest


def _act(client, token, item_id: int, action: str, body: dict) -> dict:
    """Post one item action; must succeed."""
    resp = client.post(f"/api/v1/items/{item_id}/actions/{action}", json=body, headers=token)
    assert resp.status_code == 200, json.dumps([action, body, resp.get_json()])
    return resp.get_json()


def test_random_events_verify_after_the_round_trip(app, client, org, backend):
    tokens = {name: login(client, name) for name in ("cadre", "office", "handler",
                                                     "supervisor")}
    after, on_site = _upload(client, tokens["handler"], 71), _upload(client,
                                                                     tokens["supervisor"], 72)
    counts = {"reports": 0, "flows": 0}

    @given(lat=st.one_of(st.none(), LAT), lon=LON, description=TEXT, offset=OFFSET,
           fix_lat=st.one_of(st.none(), LAT), fix_lon=LON, note=TEXT, plan=TEXT,
           resident=TEXT, accept=st.booleans())
    @example(lat=34.474, lon=-0.0, description="井盖缺失", offset=UTC, fix_lat=-0.0,
             fix_lon=113.7, note="已修复", plan="更换", resident="张三", accept=True)
    @example(lat=2e-248, lon=-5e-324, description="井盖缺失", offset=UTC, fix_lat=1e-300,
             fix_lon=-0.0, note="已修复", plan="更换", resident="张三", accept=False)
    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    def run(lat, lon, description, offset, fix_lat, fix_lon, note, plan, resident, accept):
        lon = None if lat is None else lon
        resp = client.post("/api/v1/sync/push", headers=tokens["cadre"], json={
            "device_id": "roundtrip", "mutations": [_report(org, lat, lon, description,
                                                            offset)]})
        assert resp.status_code == 200, resp.get_json()
        result = resp.get_json()["results"][0]
        assert result["status"] == "applied", result  # tiny coordinates included
        _assert_chain_intact(app)
        counts["reports"] += 1
        item_id = result["item_id"]
        status = client.get(f"/api/v1/items/{item_id}", headers=tokens["office"]).get_json()
        if status["status"] != "new" or lat is None:
            return      # joined an item already handled, or no position to verify at
        _act(client, tokens["office"], item_id, "assign",
             {"unit_id": org.units["住建局"], "deadline": DEADLINE, "plan": f"限期{plan}"})
        fix = {"note": f"已{note}", "photos": [after], "accuracy_m": 4.0}
        if fix_lat is not None:
            fix.update(lat=fix_lat, lon=fix_lon)
        _act(client, tokens["handler"], item_id, "rectified", fix)
        _assert_chain_intact(app)
        assert _last_body(app, item_id)["note"] == f"已{note}".strip()
        _act(client, tokens["supervisor"], item_id, "verify", {
            "decision": "accept" if accept else "return", "satisfaction": "satisfied",
            "photos": [on_site], "lat": lat, "lon": lon, "note": note,
            "resident_name": resident[:60]})
        _assert_chain_intact(app)
        stored = _last_body(app, item_id)
        assert stored["note"] == note and stored["resident_name"] == resident[:60]
        counts["flows"] += 1

    run()
    assert counts["reports"] >= EXAMPLES // 2 and counts["flows"] >= EXAMPLES // 4, counts
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output, result.output
