"""Spread the ingest benchmark over a county: villages and communities for the cadres.

The demo organisation has 16 small areas. Pushing 16,000 reports into them puts ~700 open
problems in one village of 700 m, a density no county has, and the duplicate-merge
decision (which weighs every open item within reach) then costs more than the ingest
itself. So by default the benchmark first creates a county's worth of villages and
communities (`--areas 300`) spread over the demo's eight townships through the admin API,
and gives each cadre a quarter of them as their own. `--areas 0` keeps the dense layout
as a stress test of the merge decision under an absurdly crowded ledger.
"""

from __future__ import annotations

import math
import random

from ingest_server import Client

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈"
PLACES = "庄楼寨岗营湾桥店集屯"
TOWNSHIP_RADIUS_M = 4500.0
M_PER_DEG = 111_195.0


def _spot(rng: random.Random, town: dict) -> tuple[float, float]:
    """A point uniformly inside the township's disc."""
    r = TOWNSHIP_RADIUS_M * math.sqrt(rng.random())
    bearing = rng.uniform(0.0, 2 * math.pi)
    lat = town["lat"] + r * math.cos(bearing) / M_PER_DEG
    lon = town["lon"] + r * math.sin(bearing) / (M_PER_DEG * math.cos(math.radians(lat)))
    return round(lat, 6), round(lon, 6)


def _area(rng: random.Random, n: int, town: dict) -> dict:
    """One village (three in four) or community, 500-1,200 m across its duty radius."""
    village = n % 4 != 3
    name = f"{SURNAMES[n % len(SURNAMES)]}{PLACES[(n // len(SURNAMES)) % len(PLACES)]}"
    lat, lon = _spot(rng, town)
    return {"name": f"{name}{'村' if village else '社区'}", "township_id": town["id"],
            "kind": "village" if village else "community", "lat": lat, "lon": lon,
            "radius_m": float(rng.randrange(500, 1201, 50))}


def spread_areas(port: int, count: int, cadres: tuple[str, ...], seed: int) -> int:
    """Create `count` areas across the townships and share them out among the cadres."""
    if count <= 0:
        return 0
    admin = Client(port)
    admin.login("admin")
    rng = random.Random(seed)
    status, areas = admin.call("GET", "/api/v1/admin/areas")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/admin/areas: {status} {areas}")
    towns = [a for a in areas if a["kind"] == "township" and a["lat"] is not None]
    made = []
    for n in range(count):
        status, area = admin.call("POST", "/api/v1/admin/areas",
                                  _area(rng, n, towns[n % len(towns)]))
        if status != 201:
            raise RuntimeError(f"POST /api/v1/admin/areas: {status} {area}")
        made.append(area["id"])
    status, users = admin.call("GET", "/api/v1/admin/users")
    if status != 200:
        raise RuntimeError(f"GET /api/v1/admin/users: {status} {users}")
    by_name = {u["username"]: u for u in users}
    for k, username in enumerate(cadres):
        user = by_name[username]
        mine = (user["area_ids"] + made[k::len(cadres)])[:200]
        status, body = admin.call("PATCH", f"/api/v1/admin/users/{user['id']}",
                                  {"area_ids": mine})
        if status != 200:
            raise RuntimeError(f"PATCH user {username}: {status} {body}")
    admin.close()
    return len(made)
