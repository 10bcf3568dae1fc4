"""Shared helpers of the tests of 民生实事 projects in public: a project made by the office,
progress posted, a photo uploaded, a resident's rating."""

import struct
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.factories import jpeg_bytes, sha

P, PUB = "/api/v1/projects", "/api/v1/public/projects"
LAT, LON = 34.4740, 113.7090
LOCAL_TODAY = datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
SOON = (date.today() + timedelta(days=300)).isoformat()
PAST = (date.today() - timedelta(days=5)).isoformat()
_seed = iter(range(9100, 9900))
def with_comment(data: bytes, note: str) -> bytes:
    """A JPEG with a comment segment (COM) right after its start marker."""
    body = note.encode()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body + data[2:]


def photo(client, auth, user="handler", data=None) -> str:
    """Upload a JPEG as `user`; its hash."""
    data = data or jpeg_bytes(next(_seed), (96, 64))
    resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=auth(user))
    assert resp.status_code in (200, 201), resp.get_json()
    return sha(data)


@pytest.fixture
def make(client, auth, org):
    """Create a project as the office (the 西关桥 of the background text by default)."""
    def create(**kw):
        body = {"name": "西关桥改建工程", "batch": 1, "category": "infrastructure",
                "unit_id": org.units["住建局"], "leader": "市长 李建国", "leader_led": True,
                "investment_total_wan": 17600, "investment_done_wan": 0, "due": SOON,
                "area_id": org.areas["郭老庄"], "lat": LAT, "lon": LON, **kw}
        resp = client.post(P, json=body, headers=auth("office"))
        assert resp.status_code == 201, resp.get_json()
        return resp.get_json()["id"]
    return create


def progress(client, auth, pid, user="handler", **kw):
    """Post progress on a project; the update's answer."""
    body = {"text": "已开工", "photos": [], **kw}
    resp = client.post(f"{P}/{pid}/progress", json=body, headers=auth(user))
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def rate(client, pid, rating="satisfied", address="10.2.0.7", target="project", **extra):
    """群众评议 of a project from an address."""
    return client.post("/api/v1/public/feedback", environ_base={"REMOTE_ADDR": address},
                       json={"target": target, "id": pid, "rating": rating, **extra})


