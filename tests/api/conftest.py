"""Fixtures for API tests: an organisation, logged-in users and items."""

from datetime import UTC, datetime

import pytest

from server.extensions import db
from server.models import User
from server.services.intake import create_report
from tests.factories import build_org, login, next_spot


@pytest.fixture
def org(app):
    """The small organisation of tests/factories.py."""
    with app.app_context():
        return build_org()


@pytest.fixture
def auth(client, org):
    """username -> Authorization header, logging in on first use."""
    cache = {}

    def header(username):
        if username not in cache:
            cache[username] = login(client, username)
        return cache[username]

    return header


@pytest.fixture
def new_item(app, org):
    """Make a new item reported by `cadre` (or another user) and return its id."""

    def make(description="小区门口窨井盖缺失", reporter="cadre", area="郭老庄",
             lat=None, lon=None, category="infrastructure"):
        if lat is None:
            lat, lon = next_spot()
        with app.app_context():
            user = db.session.get(User, org.users[reporter])
            report = create_report(user, {
                "area_id": org.areas[area], "category": category,
                "description": description, "severity": "normal", "lat": lat, "lon": lon,
                "accuracy_m": 8.0, "captured_at": datetime.now(UTC).replace(tzinfo=None),
                "photos": []})
            db.session.commit()
            return report.item_id

    return make


@pytest.fixture
def upload_one(client, auth):
    """Upload a fresh small JPEG as `username`; returns its hash."""
    from tests.factories import jpeg_bytes, sha

    counter = iter(range(1000, 2000))

    def put(username):
        data = jpeg_bytes(next(counter), (96, 64))
        resp = client.put(f"/api/v1/photos/{sha(data)}", data=data, headers=auth(username))
        assert resp.status_code in (200, 201), resp.get_json()
        return sha(data)

    return put
