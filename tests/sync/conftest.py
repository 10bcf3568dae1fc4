"""Fixtures for sync tests: upload real photos and build mutations."""

import uuid

import pytest

from tests.api.conftest import auth, new_item, org  # noqa: F401  (shared fixtures)
from tests.factories import next_spot, now_iso, sha


@pytest.fixture
def upload(client, auth):  # noqa: F811
    """PUT bytes as `user`; returns the hash."""

    def put(data: bytes, user="cadre") -> str:
        digest = sha(data)
        resp = client.put(f"/api/v1/photos/{digest}", data=data, headers=auth(user))
        assert resp.status_code in (200, 201), resp.get_json()
        return digest

    return put


@pytest.fixture
def push(client, auth):  # noqa: F811
    """Push mutations as `user`; returns the results."""

    def send(mutations, user="cadre", status=200):
        resp = client.post("/api/v1/sync/push", json={"device_id": "phone-1",
                                                      "mutations": mutations},
                           headers=auth(user))
        assert resp.status_code == status, resp.get_json()
        return resp.get_json().get("results")

    return send


AUTO = object()


def report_mutation(org, photos=(), area="郭老庄", lat=AUTO, lon=AUTO, **payload):  # noqa: F811
    """A report.create mutation; unless given a position, one distinct from other reports."""
    spot = next_spot()
    lat, lon = spot[0] if lat is AUTO else lat, spot[1] if lon is AUTO else lon
    body = {"area_id": org.areas[area], "category": "infrastructure",
            "description": "路口护栏被撞坏一段", "severity": "normal", "lat": lat, "lon": lon,
            "accuracy_m": 6.5, "captured_at": now_iso(), "photos": list(photos)}
    body.update(payload)
    return {"id": str(uuid.uuid4()), "type": "report.create", "at": now_iso(), "payload": body}
