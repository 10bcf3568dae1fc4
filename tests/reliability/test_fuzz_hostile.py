"""Fuzzing with hostile classes, not only with what the schema allows.

schemathesis (test_fuzz.py) generates from the document; an attacker does not. Here
hypothesis draws from the classes that once became 5xx — lone surrogates and NUL in any
string or key, integers of thousands of digits or just beyond 64 bits, -0.0 and
non-finite numbers, datetimes whose UTC time does not exist, nesting thousands deep — and
puts them into every field of every operation's body, query and path (the fields are
read from the OpenAPI document, so a new operation is fuzzed without being listed), as
the right role, the wrong role and no token. The push gets batches that mix good and
hostile mutations: every good one must be applied and every hostile one rejected alone.
Headers (the token, Content-Range, Content-Type, a forged X-Forwarded-For) get hostile
values too.

Every answer must be below 500, valid UTF-8 JSON in the shared error shape when it is an
error; afterwards the ledger's hash chain verifies. At least 1,000 cases a database;
ZL_HOSTILE_EXAMPLES scales them.
"""

from __future__ import annotations

import json
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from server.extensions import db
from server.services import audit
from tests.factories import build_org, login, next_spot, now_iso

EXAMPLES = int(os.environ.get("ZL_HOSTILE_EXAMPLES", "30"))
MIN_CASES = 1000
ROLES = ("office", "cadre", "handler", "supervisor", "admin", None)
OPENAPI = "/api/v1/openapi.json"

# -- hostile values, as raw JSON text (json.dumps cannot write most of them) -----------

_SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
_ANY_CHAR = st.characters(codec=None, min_codepoint=0, max_codepoint=0x10FFFF)


def _json_string(text: str) -> str:
    """`text` as a JSON string literal, lone surrogates and NUL escaped as JSON allows."""
    out = []
    for ch in text:
        if ch in '"\\' or ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


hostile_text = st.one_of(
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=5), _SURROGATES, st.text(max_size=5)),
    st.builds(lambda a, b: a + "\x00" + b, st.text(max_size=5), st.text(max_size=5)),
    st.text(alphabet=_ANY_CHAR, min_size=1, max_size=12),
).map(_json_string)
hostile_number = st.one_of(
    st.integers(20, 6000).map(lambda n: "9" * n),
    st.integers(20, 6000).map(lambda n: "-" + "1" * n),
    st.integers(2**31, 2**63 - 1).map(str),
    st.sampled_from(["9223372036854775808", "-9223372036854775809", "18446744073709551616",
                     "-0.0", "-0", "1e999", "-1e999", "1e-999", "4.9e-324", "NaN", "Infinity",
                     "1.7976931348623157e308", "0.1e400"]),
)
hostile_time = st.sampled_from([
    '"9999-12-31T23:59:59-14:00"', '"0001-01-01T00:00:00+14:00"', '"9999-12-31T23:59:59Z"',
    '"0001-01-01"', '"9999-12-31"', '"2026-02-30"', '"2026-12-03T25:00:00+08:00"',
    '"2026-12-03T10:00:00+99:00"', '"\\u0000"'])
hostile_nesting = st.integers(33, 12_000).map(lambda n: "[" * n + "]" * n)
plain_value = st.one_of(st.integers(-5, 5).map(str), st.sampled_from(['"x"', "null", "true",
                                                                        "[]", "{}", "1.5"]))
hostile_value = st.one_of(hostile_text, hostile_number, hostile_time, hostile_nesting,
                          plain_value)


def _object(fields: dict[str, str]) -> str:
    """A JSON object from already-encoded values."""
    return "{" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


@st.composite
def hostile_body(draw, properties: list[str]):
    """An object of the operation's fields, some hostile, maybe with a hostile key."""
    fields = {json.dumps(p): draw(st.one_of(hostile_value, plain_value)) for p in properties
              if draw(st.booleans())}
    if draw(st.booleans()) or not fields:
        fields[draw(hostile_text)] = draw(plain_value)
    return _object(fields)


hostile_query_value = st.one_of(
    st.sampled_from(["%00", "a%00b", "%ED%A0%BD", "%F0%9F", "%C0%80", "-0", "1e999",
                     "9" * 400, "99999999999999999999", "-99999999999999999999", "%FF" * 20]),
    st.text(max_size=8).map(lambda t: quote(t, safe="")),
)
hostile_path_id = st.one_of(
    st.sampled_from(["9223372036854775808", "9" * 400, "-1", "0", "1e3", "%00", "１２"]),
    st.integers(2**31, 2**63 - 1).map(str))  # beyond a 32-bit id column, within 64 bits


def _properties(doc: dict, op: dict) -> list[str]:
    """The property names of an operation's JSON body (following $ref)."""
    schema = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    schema = schema.get("schema", {})
    while "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return sorted(schema.get("properties", {}))


def _operations(doc: dict) -> list[tuple[str, str, dict, list]]:
    """(method, path, operation, query names) of every operation."""
    out = []
    for path, ops in doc["paths"].items():
        shared = [p for p in ops.get("parameters", []) if isinstance(p, dict)]
        for method, op in ops.items():
            if isinstance(op, dict) and method != "parameters":
                params = shared + op.get("parameters", [])
                query = [p["name"] for p in params if p.get("in") == "query"]
                out.append((method.upper(), path, op, query))
    return out


def _check_answer(resp, where: str) -> None:
    """Below 500; an error is valid UTF-8 JSON in the shared shape."""
    assert resp.status_code < 500, (where, resp.status_code, resp.get_data()[:300])
    if resp.status_code >= 400 and resp.mimetype == "application/json" and resp.get_data():
        body = json.loads(resp.get_data().decode("utf-8"))
        assert set(body["error"]) == {"code", "message", "details"}, (where, body)


def _good_report(area_id: int) -> dict:
    """A valid report.create mutation."""
    lat, lon = next_spot()
    return {"id": str(uuid.uuid4()), "type": "report.create", "at": now_iso(), "payload": {
        "area_id": area_id, "category": "infrastructure",
        "description": f"路灯不亮{uuid.uuid4().hex[:6]}", "severity": "normal", "lat": lat,
        "lon": lon, "accuracy_m": 8.0, "captured_at": now_iso(), "photos": []}}


def _hostile_mutation(area_id: int, field: str, value: str) -> str:
    """A report.create mutation whose `field` is the hostile `value` (raw JSON)."""
    good = _good_report(area_id)
    payload = {json.dumps(k): json.dumps(v, ensure_ascii=False)
               for k, v in good["payload"].items()}
    payload[json.dumps(field) if not field.startswith('"') else field] = value
    head = json.dumps({k: v for k, v in good.items() if k != "payload"})
    return head[:-1] + ', "payload": ' + _object(payload) + "}"


REPORT_FIELDS = ["area_id", "category", "description", "severity", "lat", "lon",
                 "accuracy_m", "captured_at", "photos", "visit_id"]


@dataclass(frozen=True)
class Target:
    """One operation of the document, as the fuzzer fills it."""

    method: str
    path: str
    op: dict
    query: list[str]
    properties: list[str]

    def url(self, draw_id) -> str:
        """The path with its parameters filled: ids from `draw_id`, the rest fixed."""
        path = self.path
        for name in ("item_id", "user_id", "unit_id", "area_id"):
            path = path.replace("{" + name + "}", draw_id(name))
        return (path.replace("{sha}", "0" * 64).replace("{variant}", "thumb")
                .replace("{action}", "close").replace("{what}", "areas"))


def _fuzz_operation(client, target: Target, tokens, item_ids, counts, statuses) -> None:
    """Send one operation EXAMPLES hostile requests, checking every answer."""

    @given(data=st.data(), role=st.sampled_from(ROLES))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def run(data, role):
        hostile_ids = data.draw(st.booleans())
        url = target.url(lambda name: data.draw(hostile_path_id) if hostile_ids
                         else str(item_ids[0] if name == "item_id" else 1))
        if target.query:
            names = data.draw(st.lists(st.sampled_from(target.query), min_size=1, max_size=3))
            url += "?" + "&".join(f"{n}={data.draw(hostile_query_value)}" for n in names)
        body = data.draw(hostile_body(target.properties)) if target.properties else None
        headers = dict(tokens[role]) if role else {}
        if target.path == "/api/v1/auth/logout":
            headers = {}  # keep the tokens alive for the other cases
        resp = client.open(url, method=target.method, headers=headers, data=body,
                           buffered=True, content_type="application/json" if body else None)
        counts[f"{target.method} {target.path}"] += 1
        statuses[resp.status_code] += 1
        _check_answer(resp, f"{target.method} {url[:200]} {(body or '')[:200]!r}")

    run()


def test_hostile_classes_get_no_5xx_and_the_chain_holds(app, client):
    with app.app_context():
        org = build_org()
    tokens = {r: login(client, r) for r in ROLES if r}
    doc = client.get(OPENAPI).get_json()
    counts: Counter = Counter()
    statuses: Counter = Counter()
    item_ids = []
    for _ in range(3):
        resp = client.post("/api/v1/sync/push", headers=tokens["cadre"], json={
            "device_id": "seed", "mutations": [_good_report(org.areas["郭老庄"])]})
        item_ids.append(resp.get_json()["results"][0]["item_id"])

    for method, path, op, query in _operations(doc):
        _fuzz_operation(client, Target(method, path, op, query, _properties(doc, op)),
                        tokens, item_ids, counts, statuses)

    @given(fields=st.lists(st.tuples(st.sampled_from(REPORT_FIELDS + ['"\\ud83d"']),
                                     hostile_value), min_size=1, max_size=3))
    @settings(max_examples=EXAMPLES * 4, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def push(fields):
        area = org.areas["郭老庄"]
        good = [_good_report(area), _good_report(area)]
        bad = [_hostile_mutation(area, f, v) for f, v in fields]
        text = ('{"device_id": "fuzz", "mutations": ['
                + ", ".join([json.dumps(good[0])] + bad + [json.dumps(good[1])]) + "]}")
        for attempt in range(2):
            resp = client.post("/api/v1/sync/push", headers=tokens["cadre"],
                               data=text.encode("utf-8", "surrogatepass"),
                               content_type="application/json")
            counts["push"] += 1
            _check_answer(resp, text[:300])
            if resp.status_code != 200:  # nesting too deep: the whole body is refused
                assert resp.status_code == 400, resp.get_data()[:300]
                continue
            results = resp.get_json()["results"]
            assert results[0]["status"] == results[-1]["status"] == \
                ("applied" if attempt == 0 else "duplicate"), results

    push()
    total = sum(counts.values())
    assert total >= MIN_CASES, f"only {total} cases: {dict(counts)}"
    with app.app_context():
        assert audit.verify_chain() is None
        db.session.remove()
    print(f"hostile fuzz: {total} cases over {len(counts)} operations, "
          f"statuses {dict(sorted(statuses.items()))}")


hostile_header = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=40),
    st.sampled_from(["Bearer ", "Bearer " + "A" * 5000, "Bearer \x7f\xff", "bearer  x y",
                     "Basic Zm9vOmJhcg==", "Bearer " + "9" * 64, "bytes 0-" + "9" * 40 + "/1",
                     "bytes 5-1/10", "bytes 0-0/0", "bytes -1-2/3", "application/json; x=\xff",
                     "1.2.3.4, " * 200, "\xff" * 100]))
HEADER_TARGETS = [("GET", "/api/v1/me", None), ("GET", "/api/v1/items?q=x", None),
                  ("PUT", "/api/v1/photos/" + "a" * 64, b"\xff\xd8\xff"),
                  ("HEAD", "/api/v1/photos/" + "a" * 64, None),
                  ("POST", "/api/v1/auth/login", b'{"username": "cadre", "password": "x"}'),
                  ("POST", "/api/v1/admin/import/areas", b"\xef\xbb\xbf\xe5\x90\x8d,\x00"),
                  ("POST", "/api/v1/sync/push", b'{"device_id": "d", "mutations": []}')]


def test_hostile_headers_get_no_5xx(app, client):
    with app.app_context():
        build_org()
    token = login(client, "admin")["Authorization"]
    seen: Counter = Counter()

    @given(target=st.sampled_from(HEADER_TARGETS),
           names=st.lists(st.sampled_from(["Authorization", "Content-Range", "Content-Type",
                                           "X-Forwarded-For", "Content-Length-Junk"]),
                          min_size=1, max_size=3, unique=True),
           data=st.data())
    @settings(max_examples=EXAMPLES * 10, deadline=None, database=None, derandomize=True,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    def run(target, names, data):
        method, url, body = target
        headers = {"Authorization": token}
        headers.update({n: data.draw(hostile_header) for n in names})
        resp = client.open(url, method=method, headers=headers, data=body, buffered=True)
        seen[resp.status_code] += 1
        _check_answer(resp, f"{method} {url} {headers!r}"[:400])

    run()
    assert sum(seen.values()) >= EXAMPLES * 5, seen
    print(f"hostile headers: {dict(sorted(seen.items()))}")
