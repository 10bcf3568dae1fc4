"""Ledger items for the closing-loop browser tests, made through the real API.

A cadre reports (photo upload + `report.create` push), the office assigns to a unit,
the unit's handler rectifies: the same calls the phones and the office make. Each
item sits at its own spot (far from the demo's items and from each other) with its
own text, so the merge rule never joins it to anything.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from server.demo import scenes
from tests.browser.liveserver import PASSWORD

_SPOT = itertools.count(1)
STEP_DEG = 0.004  # about 445 m between two test items: never close enough to merge


class ApiFailure(Exception):
    """A 4xx answer, with its error body."""

    def __init__(self, status: int, body: dict):
        super().__init__(f"{status}: {body}")
        self.status, self.body = status, body


def call(server, method: str, path: str, body=None, token: str | None = None,
         raw: bytes | None = None, mime: str = "image/jpeg"):
    """One API call; JSON in and out (raw bytes for photos)."""
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(server.url + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", mime if raw is not None else "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as resp:
            text = resp.read()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as err:
        raise ApiFailure(err.code, json.loads(err.read() or b"{}")) from None


def login(server, username: str, password: str = PASSWORD) -> str:
    """A bearer token."""
    return call(server, "POST", "/api/v1/auth/login",
                {"username": username, "password": password})["token"]


def scene_jpeg(seed: str) -> bytes:
    """A distinct small photo (no two tests share one, so no `photo_reused` flags)."""
    return scenes.scene_jpeg(seed, (480, 360), 14)


def upload(server, token: str, data: bytes) -> str:
    """PUT a photo; its SHA-256."""
    sha = hashlib.sha256(data).hexdigest()
    call(server, "PUT", f"/api/v1/photos/{sha}", token=token, raw=data)
    return sha


def push(server, token: str, mtype: str, payload: dict) -> dict:
    """Push one mutation as a phone would; its result."""
    now = datetime.now(UTC).isoformat()
    body = {"device_id": "browser-test", "mutations": [
        {"id": str(uuid.uuid4()), "type": mtype, "at": now, "payload": payload}]}
    return call(server, "POST", "/api/v1/sync/push", body, token)["results"][0]


def local_today():
    """Today in the deployment's zone (deadlines count there)."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


@dataclass
class Item:
    """What a test needs to know about its item."""

    id: int
    lat: float
    lon: float
    description: str
    before: str
    after: str | None = None


def make_item(server, area: dict, *, text: str, category: str = "culture_tourism",
              reporter: str = "cadre", unit_id: int | None = None, plan: str = "限期整改到位",
              deadline_days: int = 3, rectify_as: str | None = None,
              rectify_note: str = "已整改完毕") -> Item:
    """A reported item, assigned to `unit_id` (the handler's unit by default), and
    rectified by `rectify_as` when given."""
    k = next(_SPOT)
    lat, lon = area["lat"] + STEP_DEG * k, area["lon"] - STEP_DEG * k
    cadre = login(server, reporter)
    before = upload(server, cadre, scene_jpeg(f"before-{text}"))
    result = push(server, cadre, "report.create", {
        "area_id": area["id"], "category": category, "description": text, "severity": "normal",
        "lat": lat, "lon": lon, "accuracy_m": 6.0,
        "captured_at": datetime.now(UTC).isoformat(), "photos": [before]})
    assert result["status"] == "applied", result
    item = Item(result["item_id"], lat, lon, text, before)
    joined = call(server, "GET", f"/api/v1/items/{item.id}", token=cadre)
    assert (joined["status"], joined["report_count"]) == ("new", 1), "joined another item"
    if unit_id is None:
        me = call(server, "GET", "/api/v1/me", token=login(server, "handler"))
        unit_id = me["user"]["unit_id"]
    office = login(server, "office")
    call(server, "POST", f"/api/v1/items/{item.id}/actions/assign", {
        "unit_id": unit_id, "plan": plan,
        "deadline": (local_today() + timedelta(days=deadline_days)).isoformat()}, office)
    if rectify_as:
        rectify(server, item, rectify_as, rectify_note)
    return item


def rectify(server, item: Item, handler: str, note: str) -> None:
    """The unit's handler reports the fix online with one after-photo."""
    token = login(server, handler)
    item.after = upload(server, token, scene_jpeg(f"after-{item.description}-{note}"))
    call(server, "POST", f"/api/v1/items/{item.id}/actions/rectified",
         {"note": note, "photos": [item.after]}, token)


def verify(server, item: Item, supervisor: str, **fields) -> dict:
    """A supervisor's verification made online at the item's spot."""
    token = login(server, supervisor)
    photo = upload(server, token, scene_jpeg(f"verify-{item.description}-{supervisor}"))
    body = {"decision": "accept", "satisfaction": "satisfied", "photos": [photo],
            "lat": item.lat, "lon": item.lon, "accuracy_m": 5.0, **fields}
    return call(server, "POST", f"/api/v1/items/{item.id}/actions/verify", body, token)


def item_json(server, item_id: int, username: str = "office") -> dict:
    """The item's detail as the office sees it."""
    return call(server, "GET", f"/api/v1/items/{item_id}", token=login(server, username))


def offset(lat: float, lon: float, north_m: float) -> tuple[float, float]:
    """A point `north_m` metres north of (lat, lon)."""
    return lat + north_m / 111_195.0, lon
