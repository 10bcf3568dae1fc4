"""The workload of bench/ingest.py: batches of `report.create` mutations, built before the
clock starts.

Realistic reports: Chinese problem texts with a numbered place (3号楼, 2单元 ...) around
the demo's areas, 60 % in the cadre's own areas; about 10 % the same problem reported
again a few metres away in other words; and every tenth batch of a client re-sends two
mutations of its previous batch (a phone retrying after a lost answer).
"""

from __future__ import annotations

import json
import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

BATCH = 50
RESEND_EVERY = 10  # batches 2, 12, 22 ... of a client re-send 2 of its previous batch
RESENDS = 2
SAME_PROBLEM_SHARE = 0.10
CADRES = ("cadre", "cadre2", "cadre3", "cadre4")

# Numbered places: the number is what tells two nearby problems of one kind apart.
PLACES = ("{n}号楼东侧", "{n}号楼北门口", "{n}栋楼下", "{n}单元门口", "{n}号院门前",
          "{n}号商铺门前")
PROBLEMS = {
    "infrastructure": (
        "窨井盖缺失，夜间行人容易踩空，存在安全隐患",
        "路面坑洼积水，电动车经过容易滑倒",
        "楼道灯长期不亮，居民上下楼不方便",
        "私搭乱建彩钢棚占用人行道",
        "护栏被撞坏一段，一直没人修",
        "雨水管道堵塞，下雨就积水",
        "人行道地砖松动翘起，老人容易绊倒",
    ),
    "convenience": (
        "健身器材损坏，螺丝松动，老人不敢用",
        "直饮水点出水口堵塞，夏天没水喝",
        "公交站台顶棚破损，下雨没地方躲",
        "便民服务点周末不开门，办事要请假",
        "快递柜长期故障，取件困难",
    ),
    "health": (
        "垃圾堆放多日无人清运，气味很大",
        "化粪池外溢，污水流到路面",
        "公共厕所无人打扫，卫生很差",
        "垃圾桶破损缺盖，蚊蝇很多",
        "排水沟黑臭，夏天味道刺鼻",
    ),
    "culture_tourism": (
        "景观灯损坏，晚上一片黑",
        "指示牌字迹褪色看不清",
        "文化墙墙皮脱落，影响观瞻",
    ),
    "disaster_rebuild": (
        "边坡塌方，还没有加固",
        "水毁便道坑多，大车过不去",
        "灾后重建挡土墙出现裂缝",
    ),
    "other": (
        "物业撤场后无人管理，门岗无人值守",
        "饮水管道漏水，村民用水压力小",
        "电动车飞线充电，存在火灾隐患",
    ),
}
CATEGORY_WEIGHTS = {"infrastructure": 40, "health": 20, "convenience": 15, "other": 10,
                    "culture_tourism": 8, "disaster_rebuild": 7}
SAME_PREFIX = ("群众反映", "居民说", "再次发现", "现场看到", "有人反映")
SAME_SUFFIX = ("，请尽快处理", "，已经好几天了", "，居民意见很大", "，希望尽快解决", "")


@dataclass
class Planned:
    """One mutation as built, and what the benchmark expects of it."""

    mutation: dict
    same_as: str | None = None  # id of the report this one re-reports in other words
    resend: bool = False  # an exact re-send of an earlier mutation of the same client


@dataclass
class ClientPlan:
    """What one client thread sends: its user, device and batches (pre-encoded)."""

    username: str
    device_id: str
    batches: list[list[Planned]] = field(default_factory=list)
    bodies: list[bytes] = field(default_factory=list)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _position(rng: random.Random, area: dict) -> tuple[float, float]:
    """A spot in the area: Gaussian around its centre, sigma half its radius."""
    sigma = (area.get("radius_m") or 600.0) / 2.0
    dn, de = rng.gauss(0.0, sigma), rng.gauss(0.0, sigma)
    return area["lat"] + dn / 111_195.0, area["lon"] + de / (111_195.0 * 0.8249)


def _accuracy(rng: random.Random) -> float:
    """Phone GPS accuracy in metres: mostly good, sometimes poor."""
    roll = rng.random()
    if roll < 0.75:
        return round(rng.uniform(3.0, 20.0), 1)
    if roll < 0.95:
        return round(rng.uniform(20.0, 60.0), 1)
    return round(rng.uniform(60.0, 150.0), 1)


def _new_report(rng: random.Random, areas: list[dict], now: datetime) -> dict:
    """A new problem: 60 % in the cadre's own areas, the rest anywhere in the county."""
    mine = [a for a in areas if a["assigned"]]
    area = rng.choice(mine if mine and rng.random() < 0.6 else areas)
    category = rng.choices(list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values()))[0]
    place = rng.choice(PLACES).format(n=rng.randint(1, 60))
    lat, lon = _position(rng, area)
    captured = now - timedelta(minutes=rng.uniform(5, 3 * 24 * 60))
    return {"area_id": area["id"], "category": category,
            "description": f"{area['name']}{place}{rng.choice(PROBLEMS[category])}",
            "severity": "urgent" if rng.random() < 0.15 else "normal",
            "lat": round(lat, 6), "lon": round(lon, 6), "accuracy_m": _accuracy(rng),
            "captured_at": _iso(captured), "photos": []}


def _same_problem(rng: random.Random, original: dict, now: datetime) -> dict:
    """The same problem reported again a few metres away, in other words."""
    bearing = rng.uniform(0, 6.283)
    metres = rng.uniform(2.0, 15.0)
    lat = original["lat"] + metres * math.cos(bearing) / 111_195.0
    lon = original["lon"] + metres * math.sin(bearing) / (111_195.0 * 0.8249)
    text = f"{rng.choice(SAME_PREFIX)}{original['description']}{rng.choice(SAME_SUFFIX)}"
    captured = now - timedelta(minutes=rng.uniform(1, 600))
    return {**original, "description": text, "lat": round(lat, 6), "lon": round(lon, 6),
            "accuracy_m": round(rng.uniform(4.0, 15.0), 1), "captured_at": _iso(captured)}


def build_plans(areas_by_user: dict[str, list[dict]], clients: int, batches: int,
                seed: int) -> list[ClientPlan]:
    """Every client's batches, built before the clock starts."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    plans = [ClientPlan(CADRES[i % len(CADRES)], f"bench-device-{i}-{uuid.uuid4().hex[:8]}")
             for i in range(clients)]
    made: list[Planned] = []  # every new report so far, for same-problem re-reports
    for b in range(batches):
        for plan in plans:
            batch: list[Planned] = []
            if b % RESEND_EVERY == 1 and plan.batches:
                for old in rng.sample(plan.batches[-1], RESENDS):
                    if not old.resend:
                        batch.append(Planned(old.mutation, resend=True))
            while len(batch) < BATCH:
                if made and rng.random() < SAME_PROBLEM_SHARE:
                    original = rng.choice(made[-2000:])
                    payload = _same_problem(rng, original.mutation["payload"], now)
                    same_as = original.same_as or original.mutation["id"]
                else:
                    payload = _new_report(rng, areas_by_user[plan.username], now)
                    same_as = None
                at = now - timedelta(seconds=rng.uniform(0, 120))
                planned = Planned({"id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                                   "type": "report.create", "at": _iso(at),
                                   "payload": payload}, same_as=same_as)
                made.append(planned)
                batch.append(planned)
            plan.batches.append(batch)
            plan.bodies.append(json.dumps(
                {"device_id": plan.device_id, "mutations": [p.mutation for p in batch]},
                ensure_ascii=False).encode())
    return plans
