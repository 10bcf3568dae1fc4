"""Items and organisation rows for the console tests, made through the real API as the
phones and the administration screens would: photo upload, `report.create` pushes,
office actions, admin calls.

Each item gets its own spot in its area (about 450 m apart) and its own text, so the
merge rule joins nothing unless a test asks for a duplicate.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from server.demo.scenes import scene_jpeg
from tests.browser.liveserver import PASSWORD
from tests.browser.loop import call

STEP_DEG = 0.004


def jpeg(seed: str) -> bytes:
    """A distinct small photo."""
    return scene_jpeg(seed, (400, 300))


def today() -> str:
    """Today in the deployment's zone."""
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def in_days(n: int) -> str:
    """A date n days from today in the deployment's zone."""
    return (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=n)).isoformat()


def tag() -> str:
    """A short unique marker to put in a text."""
    return uuid.uuid4().hex[:6].upper()


class Seeder:
    """API calls on one server, with a token per user."""

    def __init__(self, server):
        self.server = server
        self.tokens: dict[str, str] = {}
        self.spots = itertools.count(1)

    def call(self, method: str, path: str, body=None, user: str = "office",
             raw: bytes | None = None, mime: str = "image/jpeg"):
        """One API call as `user` (none: no token); see tests.browser.loop.call."""
        return call(self.server, method, path, body, self.token(user) if user else None,
                    raw, mime)

    def token(self, user: str) -> str:
        if user not in self.tokens:
            body = {"username": user, "password": PASSWORD}
            self.tokens[user] = self.call("POST", "/api/v1/auth/login", body, user="")["token"]
        return self.tokens[user]

    def area(self, user: str = "cadre", index: int = 0) -> dict:
        """An assigned area (with a centre) of a user."""
        me = self.call("GET", "/api/v1/me", user=user)
        return [a for a in me["areas"] if a["assigned"] and a["lat"] is not None][index]

    def photo(self, seed: str, user: str = "cadre") -> str:
        data = jpeg(seed)
        sha = hashlib.sha256(data).hexdigest()
        self.call("PUT", f"/api/v1/photos/{sha}", user=user, raw=data, mime="image/jpeg")
        return sha

    def report(self, text: str, *, area: dict | None = None, category: str = "infrastructure",
               photos: int = 1, at: tuple[float, float] | None = None, no_fix: bool = False,
               user: str = "cadre", severity: str = "normal", shas: list[str] | None = None) -> int:
        """A cadre's report pushed as a phone would; the id of its (new or joined) item."""
        area = area or self.area(user)
        k = next(self.spots)
        lat, lon = at or (area["lat"] + STEP_DEG * (k % 7 - 3),
                          area["lon"] + STEP_DEG * (k // 7 % 7 - 3))
        if shas is None:
            shas = [self.photo(f"{text}-{i}", user) for i in range(photos)]
        mutation = {"id": str(uuid.uuid4()), "type": "report.create",
                    "at": datetime.now(UTC).isoformat(), "payload": {
                        "area_id": area["id"], "category": category, "description": text,
                        "severity": severity, "lat": None if no_fix else lat,
                        "lon": None if no_fix else lon, "accuracy_m": None if no_fix else 8.0,
                        "captured_at": datetime.now(UTC).isoformat(), "photos": shas}}
        result = self.call("POST", "/api/v1/sync/push",
                           {"device_id": "console-test", "mutations": [mutation]}, user=user)
        assert result["results"][0]["status"] == "applied", result
        return result["results"][0]["item_id"]

    def item(self, item_id: int, user: str = "office") -> dict:
        return self.call("GET", f"/api/v1/items/{item_id}", user=user)

    def act(self, item_id: int, action: str, body: dict, user: str = "office") -> dict:
        return self.call("POST", f"/api/v1/items/{item_id}/actions/{action}", body, user=user)

    def unit_id(self, name: str | None = None) -> int:
        units = self.call("GET", "/api/v1/me")["units"]
        return next(u["id"] for u in units if name is None or u["name"] == name)
