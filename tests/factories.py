"""Build a small organisation through the real services, and log its users in."""

import hashlib
import io
import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime

from PIL import Image

from server.extensions import db
from server.models import Area, Category, Unit
from server.services.users import create_user

PASSWORD = "correct horse 丈量"
TOWN_LAT, TOWN_LON = 34.4700, 113.7150
AREA_LAT, AREA_LON = 34.4740, 113.7090


@dataclass
class Org:
    """Ids of what `build_org` created."""

    units: dict = field(default_factory=dict)
    areas: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)


def build_org() -> Org:
    """Two units, a township with two areas, categories and one user per role."""
    org = Org()
    for code, name in [("infrastructure", "城乡基础设施建设"), ("health", "健康卫生"),
                       ("other", "其他")]:
        db.session.add(Category(code=code, name=name))
    for name in ("住建局", "城管局"):
        unit = Unit(name=name)
        db.session.add(unit)
        db.session.flush()
        org.units[name] = unit.id
    town = Area(name="龙湖镇", kind="township", lat=TOWN_LAT, lon=TOWN_LON, radius_m=5000)
    db.session.add(town)
    db.session.flush()
    org.areas["龙湖镇"] = town.id
    for name, lat, lon in [("郭老庄", AREA_LAT, AREA_LON), ("三里岗社区", 34.4650, 113.7180)]:
        area = Area(name=name, kind="village", township_id=town.id, lat=lat, lon=lon,
                    radius_m=800)
        db.session.add(area)
        db.session.flush()
        org.areas[name] = area.id
    specs = [("cadre", ["cadre"], None, [org.areas["郭老庄"]]),
             ("cadre2", ["cadre"], None, [org.areas["三里岗社区"]]),
             ("handler", ["handler"], org.units["住建局"], []),
             ("handler2", ["handler"], org.units["城管局"], []),
             ("supervisor", ["supervisor"], None, []),
             ("office", ["office"], None, []),
             ("admin", ["admin"], None, []),
             ("boss", ["office", "supervisor"], None, [])]
    for username, roles, unit_id, areas in specs:
        org.users[username] = create_user(username, PASSWORD, roles, username, unit_id, areas).id
    db.session.commit()
    return org


_spot = itertools.count()


def next_spot() -> tuple[float, float]:
    """A position in 郭老庄 about 220 m from the previous ones, so reports stay distinct."""
    k = next(_spot) % 25
    return AREA_LAT + (k % 5 - 2) * 0.002, AREA_LON + (k // 5 - 2) * 0.0025


def jpeg_bytes(seed: int = 0, size=(64, 48)) -> bytes:
    """A small, distinct JPEG."""
    img = Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256))
    for x in range(0, size[0], 8):
        for y in range(0, size[1], 8):
            if (x // 8 + y // 8 + seed) % 3 == 0:
                img.putpixel((x, y), (255 - x % 256, y % 256, seed % 256))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=90)
    return buf.getvalue()


def sha(data: bytes) -> str:
    """SHA-256 hex of bytes."""
    return hashlib.sha256(data).hexdigest()


def login(client, username: str) -> dict:
    """Log in and return the Authorization header."""
    resp = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    assert resp.status_code == 200, resp.get_json()
    return {"Authorization": f"Bearer {resp.get_json()['token']}"}


def now_iso() -> str:
    """The current time as the phone sends it."""
    return datetime.now(UTC).isoformat()
