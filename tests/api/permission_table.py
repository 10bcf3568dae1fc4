"""The permission table and the helpers that build legal states through the real API.

The table is the tests' own statement of who may call what (DESIGN.md's roles and the
workflow's rules), kept apart from the server's code so that the two can disagree;
tests/api/test_permissions.py checks it against the OpenAPI document. World is the
low-level state builder; permission_scenarios.py composes it into per-operation scenarios.
"""

import itertools
import uuid
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from server.extensions import db
from server.models import (
    Area,
    Event,
    Item,
    Milestone,
    Mutation,
    Photo,
    Project,
    Report,
    Unit,
    User,
)
from tests.factories import jpeg_bytes, next_spot, now_iso, sha

ROLE_OF = {"cadre": "cadre", "cadre2": "cadre", "handler": "handler", "handler2": "handler",
           "supervisor": "supervisor", "office": "office", "admin": "admin"}
USERS = tuple(ROLE_OF)
ANY = frozenset(ROLE_OF.values())
READERS = frozenset({"office", "supervisor", "admin"})
PUBLIC, LOGIN = "public", "login"   # no token needed; login also hands one out
ADMIN, OFFICE = frozenset({"admin"}), frozenset({"office"})

# operation -> the roles that may use it (PUBLIC/LOGIN: anyone, no token).
TABLE = {
    "POST /api/v1/auth/login": LOGIN,
    "POST /api/v1/auth/logout": ANY,
    "GET /api/v1/me": ANY,
    "GET /api/v1/me/reports": ANY,
    "GET /api/v1/visits": frozenset({"cadre", "office", "supervisor", "admin"}),
    "GET /api/v1/items": ANY,
    "GET /api/v1/items/{item_id}": ANY,
    "POST /api/v1/items/{item_id}/actions/assign": OFFICE,
    "POST /api/v1/items/{item_id}/actions/reject": OFFICE,
    "POST /api/v1/items/{item_id}/actions/merge": OFFICE,
    "POST /api/v1/items/{item_id}/actions/split": OFFICE,
    "POST /api/v1/items/{item_id}/actions/long_term": frozenset({"handler", "office"}),
    "POST /api/v1/items/{item_id}/actions/rectified": frozenset({"handler"}),
    "POST /api/v1/items/{item_id}/actions/verify": frozenset({"supervisor"}),
    "POST /api/v1/items/{item_id}/actions/recheck": frozenset({"supervisor"}),
    "POST /api/v1/items/{item_id}/actions/reschedule": OFFICE,
    "POST /api/v1/spot-checks": OFFICE,
    "GET /api/v1/spot-checks": READERS,
    "POST /api/v1/items/{item_id}/actions/{action}": ANY,   # unknown names: 404 for all
    "POST /api/v1/items/bulk/assign": OFFICE,
    "POST /api/v1/items/bulk/reject": OFFICE,
    "GET /api/v1/items/export": READERS,
    "GET /api/v1/items/{item_id}/placard": frozenset({"office", "admin"}),
    "PUT /api/v1/photos/{sha}": ANY,
    "HEAD /api/v1/photos/{sha}": ANY,
    "GET /api/v1/photos/{sha}/{variant}": ANY,   # `original` only for READERS
    "POST /api/v1/sync/push": ANY,
    "GET /api/v1/sync/pull": ANY,
    "GET /api/v1/reports/weekly": READERS,
    "GET /api/v1/reports/monthly": READERS,
    "GET /api/v1/reports/ranking": READERS,
    "GET /api/v1/reports/duty": READERS,
    "GET /api/v1/reports/cadres": READERS,
    "GET /api/v1/reports/projects": READERS,
    "GET /api/v1/reports/print.css": PUBLIC,
    "GET /api/v1/public/items": PUBLIC,
    "GET /api/v1/public/items/{item_id}": PUBLIC,
    "POST /api/v1/public/feedback": PUBLIC,
    "GET /api/v1/public/photos/{sha}/display": PUBLIC,
    "GET /api/v1/public/photos/{sha}/thumb": PUBLIC,
    "GET /api/v1/items/{item_id}/publication": READERS,
    "PATCH /api/v1/items/{item_id}/publication": OFFICE,
    "GET /api/v1/feedback": READERS,
    "GET /api/v1/admin/users": ADMIN,
    "POST /api/v1/admin/users": ADMIN,
    "PATCH /api/v1/admin/users/{user_id}": ADMIN,
    "GET /api/v1/admin/units": ADMIN,
    "POST /api/v1/admin/units": ADMIN,
    "PATCH /api/v1/admin/units/{unit_id}": ADMIN,
    "GET /api/v1/admin/areas": ADMIN,
    "POST /api/v1/admin/areas": ADMIN,
    "PATCH /api/v1/admin/areas/{area_id}": ADMIN,
    "POST /api/v1/admin/import/{what}": ADMIN,
    # 民生实事 projects (issue 17): handlers read their unit's and post its progress
    "GET /api/v1/projects": READERS | {"handler"},
    "POST /api/v1/projects": OFFICE,
    "GET /api/v1/projects/milestones/plan": OFFICE,
    "GET /api/v1/projects/{project_id}": READERS | {"handler"},
    "PATCH /api/v1/projects/{project_id}": OFFICE,
    "POST /api/v1/projects/{project_id}/progress": frozenset({"handler", "office"}),
    # the office's own sheet in, all or nothing; out in the list's scope and filters
    "POST /api/v1/projects/import": OFFICE,
    "GET /api/v1/projects/export": READERS | {"handler"},
    # 验收 of a project as of an item; 难点问题纳入民生实事台账 by the office
    "POST /api/v1/projects/{project_id}/actions/verify": frozenset({"supervisor"}),
    "POST /api/v1/items/{item_id}/actions/escalate": OFFICE,
    # 民生实事 in public: the list and page for anyone, the 公示牌 as an item's
    "GET /api/v1/public/projects": PUBLIC,
    "GET /api/v1/public/projects/{project_id}": PUBLIC,
    "GET /api/v1/projects/{project_id}/placard": frozenset({"office", "admin"}),
}

# Bodies that must be refused: a missing required field, a wrong type, an array.
INVALID = {
    "assign": [{"deadline": "2099-01-01", "plan": "修"},
               {"unit_id": "一", "plan": 7, "deadline": 3}],
    "reject": [{}, {"reason": ["不属实"]}],
    "merge": [{"note": "重复"}, {"into_item_id": "x"}],
    "split": [{"note": "拆"}, {"report_id": {"id": 1}}],
    "long_term": [{"deadline": "2099-01-01"}, {"note": 12}],
    "rectified": [{"note": "已修复"}, {"note": "已修复", "photos": "abc"}],
    "verify": [{"decision": "accept"}, {"decision": 1, "satisfaction": "satisfied", "photos": [],
                                        "lat": "北", "lon": 113.7}],
    "recheck": [{"result": "pass"}, {"result": 1, "photos": "x", "lat": "北", "lon": 113.7}],
    "reschedule": [{"note": "延期"}, {"deadline": "下周", "note": 1},
                   {"deadline": "2099-01-01", "deadline_working_days": 5, "note": "两个都给"}],
    "feedback": [{"target": "item", "rating": "satisfied"},
                 {"target": "item", "id": "一", "rating": 3, "text": ["x"]}],
    "publication": [{"hidden": "yes"}, {"text": 5, "hidden_reason": []}],
    "spot-checks": [{"size": 5}, {"week": 5, "size": "五"}],
    "bulk/assign": [{"unit_id": 1, "plan": "修", "deadline": "2099-01-01"},
                    {"item_ids": "1", "unit_id": 1, "plan": "修", "deadline": "2099-01-01"}],
    "bulk/reject": [{"reason": "不属实"}, {"item_ids": [1], "reason": False}],
    "push": [{"mutations": []}, {"device_id": "d", "mutations": {"id": 1}}],
    "users": [{"password": "secret-123", "roles": ["cadre"]},
              {"username": 5, "password": "secret-123", "roles": "cadre"}],
    "user": [{"roles": []}, {"active": "maybe"}],
    "units": [{"kind": "department"}, {"name": ["局"]}],
    "unit": [{"name": ""}, {"active": "maybe"}],
    "areas": [{"name": "新村"}, {"name": "新村", "kind": "village", "lat": "北"}],
    "area": [{"kind": "castle"}, {"radius_m": "wide"}],
    "login": [{"username": "cadre"}, {"username": 1, "password": ["x"]}],
}
ARRAY = ["not", "an", "object"]


def invalid_bodies(key: str) -> list:
    """The refused bodies of one operation, the JSON array last."""
    return INVALID[key] + [ARRAY]


def deadline(days: int = 5) -> str:
    """A deadline `days` from today."""
    return (date.today() + timedelta(days=days)).isoformat()


def this_week() -> str:
    """The ISO week of the deployment's today (Asia/Shanghai)."""
    iso = datetime.now(ZoneInfo("Asia/Shanghai")).date().isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def last_periods() -> dict:
    """The previous week, month and quarter: periods that have begun everywhere."""
    week = date.today() - timedelta(days=7)
    iso = week.isocalendar()
    month = date.today().replace(day=1) - timedelta(days=1)
    quarter_end = date(date.today().year, 3 * ((date.today().month - 1) // 3) + 1, 1) \
        - timedelta(days=1)
    return {"week": f"{iso.year}-W{iso.week:02d}", "month": f"{month:%Y-%m}",
            "quarter": f"{quarter_end.year}-Q{(quarter_end.month - 1) // 3 + 1}"}


PROBLEMS = ("窨井盖缺失", "路灯不亮", "垃圾满溢无人清运", "道路坑洼积水", "健身器材损坏",
            "排水沟堵塞", "违规占道经营", "围墙倒塌")
TEXTS = itertools.cycle([f"{place}{problem}" for place in ("东街", "西街", "南关", "北关")
                         for problem in PROBLEMS])


class World:
    """The organisation seen through the API: calls as a user and builds item states."""

    def __init__(self, client, auth, org):
        self.client, self.auth, self.org = client, auth, org
        self._photo = iter(range(5000, 5768))

    def call(self, method: str, path: str, user: str | None = None, **kw):
        """One request, as `user` (None: without a token)."""
        headers = {**(self.auth(user) if user else {}), **kw.pop("headers", {})}
        return self.client.open(path, method=method, headers=headers, **kw)

    def ok(self, method: str, path: str, user: str, **kw) -> dict:
        """A request that must succeed; its JSON."""
        resp = self.call(method, path, user, **kw)
        assert resp.status_code in (200, 201), (path, user, resp.get_json())
        return resp.get_json()

    def mutation(self, kind: str, payload: dict) -> dict:
        """A mutation as the phone records it."""
        return {"id": uuid.uuid4().hex, "type": kind, "at": now_iso(), "payload": payload}

    def push(self, user: str, *mutations) -> list[dict]:
        """Push mutations; the results."""
        return self.ok("POST", "/api/v1/sync/push", user,
                       json={"device_id": f"phone-{user}", "mutations": list(mutations)})["results"]

    def report_mutation(self, reporter: str = "cadre") -> dict:
        """A report.create in the reporter's own area, at a fresh spot with a fresh text."""
        lat, lon = next_spot()
        area = "郭老庄"
        if reporter == "cadre2":
            area, lat, lon = "三里岗社区", lat - 0.009, lon + 0.009
        return self.mutation("report.create", {
            "area_id": self.org.areas[area], "category": "infrastructure",
            "description": next(TEXTS), "severity": "normal", "lat": lat, "lon": lon,
            "accuracy_m": 8.0, "captured_at": now_iso(), "photos": []})

    def new_item(self, reporter: str = "cadre") -> int:
        """A new item, reported by push."""
        (result,) = self.push(reporter, self.report_mutation(reporter))
        assert result["status"] == "applied", result
        return result["item_id"]

    def jpeg(self) -> bytes:
        """A JPEG unlike any other of this test (jpeg_bytes repeats every 768 seeds)."""
        return jpeg_bytes(next(self._photo), (96, 64))

    def upload(self, user: str) -> str:
        """A fresh JPEG uploaded by `user`; its hash."""
        data = self.jpeg()
        resp = self.call("PUT", f"/api/v1/photos/{sha(data)}", user, data=data)
        assert resp.status_code == 201, resp.get_json()
        return sha(data)

    def assign_body(self, unit: str = "住建局") -> dict:
        """A legal 交办 body."""
        return {"unit_id": self.org.units[unit], "deadline": deadline(), "plan": "三日内修复"}

    def assigned(self, unit: str = "住建局", reporter: str = "cadre") -> int:
        """An item assigned to `unit`."""
        item_id = self.new_item(reporter)
        self.ok("POST", f"/api/v1/items/{item_id}/actions/assign", "office",
                json=self.assign_body(unit))
        return item_id

    def rectified_body(self, user: str = "handler") -> dict:
        """A legal 整改完成 body with a photo uploaded by `user`."""
        return {"note": "已修复", "photos": [self.upload(user)]}

    def rectified(self, unit: str = "住建局", handler: str = "handler") -> int:
        """An item of `unit` rectified by its handler, with an after-photo."""
        item_id = self.assigned(unit)
        self.ok("POST", f"/api/v1/items/{item_id}/actions/rectified", handler,
                json=self.rectified_body(handler))
        return item_id

    def sampled(self) -> int:
        """An item closed this week and drawn for the week's spot check (周抽查)."""
        item_id = self.rectified()
        self.ok("POST", f"/api/v1/items/{item_id}/actions/verify", "supervisor",
                json=self.verify_body(item_id))
        self.ok("POST", "/api/v1/spot-checks", "office",
                json={"week": this_week(), "size": 50})
        return item_id

    def recheck_body(self, item_id: int, user: str = "supervisor") -> dict:
        """A legal, on-site, failing 周抽查 re-check body."""
        item = self.detail(item_id)
        return {"result": "fail", "note": "又坏了", "photos": [self.upload(user)],
                "lat": item["lat"], "lon": item["lon"], "accuracy_m": 5.0}

    def detail(self, item_id: int) -> dict:
        """The item as the office sees it."""
        return self.ok("GET", f"/api/v1/items/{item_id}", "office")

    def verify_body(self, item_id: int, user: str = "supervisor") -> dict:
        """A legal, on-site, accepting 验收 body."""
        item = self.detail(item_id)
        return {"decision": "accept", "satisfaction": "satisfied", "photos": [self.upload(user)],
                "lat": item["lat"], "lon": item["lon"], "accuracy_m": 5.0}

    def two_reports(self) -> int:
        """A new item holding two reports (another new item merged into it)."""
        keep, gone = self.new_item(), self.new_item()
        self.ok("POST", f"/api/v1/items/{gone}/actions/merge", "office",
                json={"into_item_id": keep})
        return keep


def snapshot(app) -> dict:
    """What a refused request must leave as it was: row counts and every item's status."""
    with app.app_context():
        counts = {m.__name__: db.session.query(m).count()
                  for m in (Event, Item, Report, Photo, Mutation, User, Unit, Area, Project,
                            Milestone)}
        statuses = dict(db.session.query(Item.id, Item.status).all())
        names = sorted(db.session.query(User.username, User.name, User.active).all())
        db.session.remove()
    return {"counts": counts, "statuses": statuses, "users": names}
