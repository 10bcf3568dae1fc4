"""Fuzzing: schemathesis generates requests from /api/v1/openapi.json and checks the answers.

Every operation of the document gets generated cases, valid ones and (where it has
inputs) invalid ones, sent through the WSGI app as a logged-in user of a role drawn per
case; half of the valid cases use ids that exist (items in several states, stored
photos) and report periods that parse, so that answers with content are reached too.
At least 1,000 cases in all, on SQLite and on PostgreSQL. Each answer must be no 5xx
and must match the document: a declared status code, a declared content type, declared
headers, and a body valid against the declared schema (errors against the declared error
schema). Failures are collected per operation and check, and the test names each with a
reproducible curl line. ZL_FUZZ_EXAMPLES scales the cases per
operation and mode (default 20).
"""

from __future__ import annotations

import os
from collections import Counter
from datetime import date, timedelta

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from server.extensions import db
from server.services import audit
from server.services import auth as auth_service
from tests.factories import PASSWORD, build_org, jpeg_bytes, login, next_spot, now_iso, sha

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance]
EXAMPLES = int(os.environ.get("ZL_FUZZ_EXAMPLES", "20"))
MIN_CASES = 1000
ROLES = ("office", "cadre", "handler", "supervisor", "admin")
OPENAPI = "/api/v1/openapi.json"


def _seed(client, org):
    """Items in several states and stored photos, made through the API."""
    tokens = {name: login(client, name) for name in ROLES}
    photos = []
    for i in range(4):
        data = jpeg_bytes(300 + i, (96, 72))
        resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=tokens["cadre"])
        assert resp.status_code == 201, resp.get_json()
        photos.append(sha(data))
    items = []
    for i in range(4):
        lat, lon = next_spot()
        resp = client.post("/api/v1/sync/push", headers=tokens["cadre"], json={
            "device_id": "fuzz-seed", "mutations": [{
                "id": f"00000000-0000-4000-8000-00000000000{i}", "type": "report.create",
                "at": now_iso(), "payload": {
                    "area_id": org.areas["郭老庄"], "category": "infrastructure",
                    "description": f"第{i}处路灯不亮", "severity": "normal", "lat": lat,
                    "lon": lon, "accuracy_m": 5.0, "captured_at": now_iso(),
                    "photos": [photos[i]]}}]})
        result = resp.get_json()["results"][0]
        assert result["status"] == "applied", result
        items.append(result["item_id"])
    deadline = (date.today() + timedelta(days=10)).isoformat()
    for item_id in items[1:]:
        resp = client.post(f"/api/v1/items/{item_id}/actions/assign", headers=tokens["office"],
                           json={"unit_id": org.units["住建局"], "deadline": deadline,
                                 "plan": "限期修复"})
        assert resp.status_code == 200, resp.get_json()
    for item_id in items[2:]:
        resp = client.post(f"/api/v1/items/{item_id}/actions/rectified",
                           headers=tokens["handler"], json={"note": "已修复",
                                                            "photos": [photos[0]]})
        assert resp.status_code == 200, resp.get_json()
    detail = client.get(f"/api/v1/items/{items[3]}", headers=tokens["office"]).get_json()
    resp = client.post(f"/api/v1/items/{items[3]}/actions/verify", headers=tokens["supervisor"],
                       json={"decision": "accept", "satisfaction": "satisfied",
                             "photos": [photos[1]], "lat": detail["lat"], "lon": detail["lon"]})
    assert resp.status_code == 200, resp.get_json()
    return tokens, items, photos


def _has_inputs(doc: dict, path: str, method: str) -> bool:
    """Whether an operation has parameters or a body that negative cases can break."""
    node = doc["paths"][path]
    op = node[method.lower()]
    return bool(node.get("parameters") or op.get("parameters") or op.get("requestBody"))


def test_schemathesis_finds_no_5xx_and_no_answer_outside_the_document(app, client, org):
    tokens, items, photos = _seed(client, org)
    doc = client.get(OPENAPI).get_json()
    schema = schemathesis.openapi.from_wsgi(OPENAPI, app)
    real_ids = {"item_id": items, "sha": photos}
    today = date.today()
    week = today.isocalendar()
    real_query = {"week": [f"{week.year}-W{week.week:02d}", "2026-W01"],
                  "month": [f"{today:%Y-%m}", "2026-01"],
                  "quarter": [f"{today.year}-Q{(today.month - 1) // 3 + 1}", "2026-Q1"]}
    cases: Counter = Counter()
    statuses: Counter = Counter()
    failures: dict[tuple, str] = {}
    errors: dict[tuple, str] = {}

    def fresh_token() -> dict:
        """A token of its own for logout, so the other cases keep theirs."""
        with app.app_context():
            token, _ = auth_service.login("office", PASSWORD, "fuzz-setup", "fuzz")
            db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    def fuzz(op, mode):
        """Run one operation's generated cases in one generation mode."""

        @given(case=op.as_strategy(generation_mode=mode), role=st.sampled_from(ROLES),
               use_real=st.booleans(), pick=st.integers(0, 3))
        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        def run(case, role, use_real, pick):
            if use_real and mode is GenerationMode.POSITIVE:
                for name, values in real_ids.items():
                    if name in (case.path_parameters or {}):
                        case.path_parameters[name] = values[pick % len(values)]
                for name, values in real_query.items():
                    if name in (case.query or {}):
                        case.query[name] = values[pick % len(values)]
            headers = (fresh_token() if op.label == "POST /api/v1/auth/logout"
                       else tokens[role])
            response = case.call(headers=headers, buffered=True)  # closes streamed bodies
            cases[op.label] += 1
            statuses[response.status_code // 100] += 1
            try:
                case.validate_response(response, checks=CHECKS, headers=headers)
            except BaseExceptionGroup as group:
                for exc in group.exceptions:
                    key = (op.label, mode.value, type(exc).__name__, response.status_code)
                    if key not in failures:
                        failures[key] = (f"{str(exc)[:2000]}\n  answer: {response.content[:300]!r}"
                                         f"\n  reproduce: {case.as_curl_command(headers=headers)}")

        try:
            run()
        except Exception as exc:  # a generation problem, not an answer: report it too
            errors[(op.label, mode.value)] = f"{type(exc).__name__}: {str(exc)[:500]}"

    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20, [op.label for op in operations]
    for op in operations:
        fuzz(op, GenerationMode.POSITIVE)
        if _has_inputs(doc, op.path, op.method):
            fuzz(op, GenerationMode.NEGATIVE)

    total = sum(cases.values())
    summary = "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
    assert not errors, errors
    assert not failures, (f"{len(failures)} kinds of failure in {total} cases "
                          f"(statuses {dict(statuses)}):\n{summary}")
    assert statuses[5] == 0
    assert total >= MIN_CASES, f"only {total} cases: {dict(cases)}"
    with app.app_context():
        assert audit.verify_chain() is None  # what `zhangliang audit verify` checks
    print(f"schemathesis: {total} cases over {len(cases)} operations, "
          f"status classes {dict(sorted(statuses.items()))}")


@pytest.fixture
def org(app):
    """The small organisation of tests/factories.py."""
    with app.app_context():
        return build_org()
