"""Synthetic ledgers for bench/merge_lookup.py: where open items lie, and what they say.

Two layouts of the same kind of county (新郑市: about 873 km² around 34.39 N 113.74 E, an
ellipse of 35 x 32 km, 13 township seats and ~300 villages and communities):

  county    every item in that one county. At 1,000,000 items that is ~1,150 open items
            per km² and ~2,000 per village, hundreds of times what any county holds:
            a stress test of local density, where ~600 items lie within reach of each
            new report.
  province  100 such counties on a jittered grid over Henan's extent (31.8-36.2 N,
            110.6-116.4 E), the items spread evenly over them: a province-wide
            deployment, which is how one server comes to hold a million open items.

In both, 20 % of items cluster around township seats, 65 % around villages and
communities, 15 % lie anywhere in their county. Texts are Chinese problem reports with a
numbered place (3号楼, 2单元 ...). Not a test: figures depend on the machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sync.geo_index import cell_key
from sync.merge import ReportSignal

CENTRE = (34.39, 113.74)
SEMI_NS_M, SEMI_EW_M = 15_900.0, 17_500.0  # ellipse of ~873 km²
M_PER_DEG_LAT = 111_195.0
SHARE_TOWN, SHARE_VILLAGE = 0.20, 0.65  # the rest: anywhere in the county
STATUSES = (("new", 0.30), ("assigned", 0.50), ("rectified", 0.12), ("long_term", 0.08))
CATEGORIES = (("infrastructure", "城乡基础设施建设", 40), ("health", "健康卫生", 20),
              ("convenience", "便民服务", 15), ("other", "其他", 10),
              ("culture_tourism", "文化旅游", 8), ("disaster_rebuild", "灾后重建", 7))
# Township seats: the eight of the demo, and five more places of the county.
TOWNSHIPS = (
    ("新建路街道", 34.3960, 113.7380), ("龙湖镇", 34.4700, 113.7150),
    ("郭店镇", 34.5310, 113.7420), ("城关乡", 34.3820, 113.7620),
    ("梨河镇", 34.3450, 113.8050), ("观音寺镇", 34.3200, 113.6850),
    ("和庄镇", 34.4050, 113.6300), ("孟庄镇", 34.4550, 113.7900),
    ("新华路街道", 34.3900, 113.7300), ("辛店镇", 34.3300, 113.6200),
    ("八千乡", 34.4600, 113.8500), ("龙王乡", 34.3000, 113.7600),
    ("薛店镇", 34.5000, 113.6400),
)
VILLAGES_PER_TOWN = 23
NAME_HEADS = ("张王李赵刘陈杨黄周吴郑孙马朱胡郭何高林罗梁宋唐"
              "许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈")
NAME_TAILS = ("庄", "村", "寨", "岗", "楼", "湾", "营", "庄社区", "家社区", "店村")
PLACES = ("{n}号楼东侧", "{n}号楼北门口", "{n}栋楼下", "{n}单元门口", "{n}号院门前",
          "{n}号商铺门前", "{n}号路段", "村东头{n}号")
PROBLEMS = {
    "infrastructure": ("窨井盖缺失，夜间行人容易踩空，存在安全隐患",
                       "路面坑洼积水，电动车经过容易滑倒",
                       "楼道灯长期不亮，居民上下楼不方便", "私搭乱建彩钢棚占用人行道",
                       "护栏被撞坏一段，一直没人修", "雨水管道堵塞，下雨就积水",
                       "人行道地砖松动翘起，老人容易绊倒", "路灯杆倾斜，有倒伏危险"),
    "health": ("垃圾堆放多日无人清运，气味很大", "化粪池外溢，污水流到路面",
               "公共厕所无人打扫，卫生很差", "垃圾桶破损缺盖，蚊蝇很多",
               "排水沟黑臭，夏天味道刺鼻"),
    "convenience": ("健身器材损坏，螺丝松动，老人不敢用", "直饮水点出水口堵塞，夏天没水喝",
                    "公交站台顶棚破损，下雨没地方躲", "便民服务点周末不开门，办事要请假",
                    "快递柜长期故障，取件困难"),
    "other": ("物业撤场后无人管理，门岗无人值守", "饮水管道漏水，村民用水压力小",
              "电动车飞线充电，存在火灾隐患"),
    "culture_tourism": ("景观灯损坏，晚上一片黑", "指示牌字迹褪色看不清",
                        "文化墙墙皮脱落，影响观瞻"),
    "disaster_rebuild": ("边坡塌方，还没有加固", "水毁便道坑多，大车过不去",
                         "灾后重建挡土墙出现裂缝"),
}
DETAILS = ("", "", "", "，已经一周了", "，群众多次反映", "，请尽快处理", "，影响出行",
           "，存在安全隐患", "，周边居民意见大")

ITEM_COLUMNS = ("id", "status", "category", "area_id", "township_id", "description",
                "severity", "lat", "lon", "accuracy_m", "unit_id", "deadline", "reporter_id",
                "report_count", "return_count", "after_photo_count", "leader_led",
                "needs_review", "cell", "created_at", "assigned_at", "change_seq")
REPORT_COLUMNS = ("id", "item_id", "reporter_id", "area_id", "category", "description",
                  "severity", "lat", "lon", "accuracy_m", "captured_at", "received_at")
N_UNITS = 12
N_USERS = 20
PROVINCE_COUNTIES = 100
PROVINCE_LAT, PROVINCE_LON = (31.8, 36.2), (110.6, 116.4)


@dataclass
class Place:
    """A township seat or a village: where items cluster."""

    area_id: int
    township_id: int | None
    name: str
    lat: float
    lon: float
    sigma_m: float
    weight: float


@dataclass
class County:
    """Townships and villages with their area ids, around the county's centre."""

    centre: tuple[float, float] = CENTRE
    towns: list[Place] = field(default_factory=list)
    villages: list[Place] = field(default_factory=list)

    @property
    def m_per_deg_lon(self) -> float:
        return M_PER_DEG_LAT * math.cos(math.radians(self.centre[0]))

    def offset(self, lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
        """The position north_m and east_m metres from (lat, lon)."""
        return lat + north_m / M_PER_DEG_LAT, lon + east_m / self.m_per_deg_lon

    def inside(self, lat: float, lon: float) -> bool:
        """True inside the county's ellipse."""
        dn = (lat - self.centre[0]) * M_PER_DEG_LAT / SEMI_NS_M
        de = (lon - self.centre[1]) * self.m_per_deg_lon / SEMI_EW_M
        return dn * dn + de * de <= 1.0

    def nearest_town(self, lat: float, lon: float) -> Place:
        return min(self.towns, key=lambda t: (t.lat - lat) ** 2 + (t.lon - lon) ** 2)

    def places(self) -> list[Place]:
        return self.towns + self.villages


@dataclass
class Region:
    """The counties of a layout; items are spread evenly over them."""

    layout: str
    counties: list[County]

    @property
    def area_km2(self) -> float:
        return len(self.counties) * math.pi * SEMI_NS_M * SEMI_EW_M / 1e6


def plan_county(rng: random.Random, centre: tuple[float, float] = CENTRE,
                first_id: int = 1) -> County:
    """Townships and ~300 villages with their cluster sizes (area ids from first_id)."""
    county = County(centre)
    next_id = first_id
    for name, lat, lon in TOWNSHIPS:  # the seats keep their places relative to the centre
        county.towns.append(Place(next_id, None, name, lat - CENTRE[0] + centre[0],
                                  lon - CENTRE[1] + centre[1], 700.0,
                                  rng.lognormvariate(0, 0.4)))
        next_id += 1
    names = set()
    for town in county.towns:
        for _ in range(VILLAGES_PER_TOWN):
            for _attempt in range(50):
                r = 6000.0 * math.sqrt(rng.random())
                a = rng.uniform(0, 2 * math.pi)
                lat, lon = county.offset(town.lat, town.lon, r * math.cos(a), r * math.sin(a))
                if county.inside(lat, lon):
                    break
            name = rng.choice(NAME_HEADS) + rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
            while name in names:
                name = rng.choice(NAME_HEADS) + rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
            names.add(name)
            county.villages.append(Place(next_id, town.area_id, name, lat, lon,
                                         rng.uniform(200.0, 450.0),
                                         rng.lognormvariate(0, 0.6)))
            next_id += 1
    return county


def plan_region(layout: str, rng: random.Random) -> Region:
    """The counties of `layout` ("county" or "province"), area ids numbered throughout."""
    if layout == "county":
        return Region(layout, [plan_county(rng)])
    side = math.isqrt(PROVINCE_COUNTIES)
    counties, first_id = [], 1
    for i in range(PROVINCE_COUNTIES):
        row, col = divmod(i, side)
        lat = PROVINCE_LAT[0] + (row + 0.5 + rng.uniform(-0.15, 0.15)) * (
            PROVINCE_LAT[1] - PROVINCE_LAT[0]) / side
        lon = PROVINCE_LON[0] + (col + 0.5 + rng.uniform(-0.15, 0.15)) * (
            PROVINCE_LON[1] - PROVINCE_LON[0]) / side
        county = plan_county(rng, (lat, lon), first_id)
        first_id += len(county.places())
        counties.append(county)
    return Region(layout, counties)


class Sampler:
    """Positions, categories and texts of reports, from the region's distribution."""

    def __init__(self, region: Region, rng: random.Random):
        self.region, self.rng = region, rng
        self.weights = [(_cumulative([t.weight for t in c.towns]),
                         _cumulative([v.weight for v in c.villages])) for c in region.counties]
        self.cats = [c for c, _, _ in CATEGORIES]
        self.cat_w = _cumulative([w for _, _, w in CATEGORIES])

    def position(self) -> tuple[float, float, int, int | None, str]:
        """(lat, lon, area_id, township_id, place name) of one report."""
        rng = self.rng
        k = rng.randrange(len(self.region.counties)) if len(self.region.counties) > 1 else 0
        county, (town_w, village_w) = self.region.counties[k], self.weights[k]
        roll = rng.random()
        if roll < SHARE_TOWN + SHARE_VILLAGE:
            if roll < SHARE_TOWN:
                place = county.towns[_pick(town_w, rng.random())]
            else:
                place = county.villages[_pick(village_w, rng.random())]
            lat, lon = county.offset(place.lat, place.lon, rng.gauss(0, place.sigma_m),
                                     rng.gauss(0, place.sigma_m))
            return lat, lon, place.area_id, place.township_id or place.area_id, place.name
        while True:
            north = rng.uniform(-SEMI_NS_M, SEMI_NS_M)
            east = rng.uniform(-SEMI_EW_M, SEMI_EW_M)
            lat, lon = county.offset(county.centre[0], county.centre[1], north, east)
            if county.inside(lat, lon):
                town = county.nearest_town(lat, lon)
                return lat, lon, town.area_id, town.area_id, town.name


    def accuracy(self) -> float:
        """Phone GPS accuracy in metres: mostly good, sometimes poor."""
        roll = self.rng.random()
        if roll < 0.75:
            return round(self.rng.uniform(3.0, 20.0), 1)
        if roll < 0.95:
            return round(self.rng.uniform(20.0, 60.0), 1)
        return round(self.rng.uniform(60.0, 150.0), 1)

    def problem(self, place_name: str) -> tuple[str, str]:
        """(category, description) of one report."""
        cat = self.cats[_pick(self.cat_w, self.rng.random())]
        where = self.rng.choice(PLACES).format(n=self.rng.randint(1, 120))
        return cat, (f"{place_name}{where}{self.rng.choice(PROBLEMS[cat])}"
                     f"{self.rng.choice(DETAILS)}")


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return [x / total for x in out]


def _pick(cumulative: list[float], roll: float) -> int:
    lo, hi = 0, len(cumulative) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if cumulative[mid] < roll:
            lo = mid + 1
        else:
            hi = mid
    return lo


def rows(region: Region, n: int, seed: int) -> Iterator[tuple[tuple, tuple]]:
    """(item row, report row) for items 1..n, in ITEM_COLUMNS / REPORT_COLUMNS order."""
    rng = random.Random(seed)
    sampler = Sampler(region, rng)
    now = datetime.now(UTC).replace(tzinfo=None)
    status_w = _cumulative([w for _, w in STATUSES])
    for i in range(1, n + 1):
        lat, lon, area_id, town_id, place = sampler.position()
        lat, lon = round(lat, 6), round(lon, 6)
        cat, desc = sampler.problem(place)
        status = STATUSES[_pick(status_w, rng.random())][0]
        severity = "urgent" if rng.random() < 0.15 else "normal"
        acc = sampler.accuracy()
        reporter = rng.randint(1, N_USERS)
        created = now - timedelta(minutes=rng.uniform(10, 2 * 365 * 24 * 60))
        assigned = status != "new"
        unit = rng.randint(1, N_UNITS) if assigned else None
        deadline = (created + timedelta(days=rng.randint(7, 90))).date() if assigned else None
        assigned_at = created + timedelta(hours=rng.uniform(2, 72)) if assigned else None
        item = (i, status, cat, area_id, town_id, desc, severity, lat, lon, acc, unit,
                deadline, reporter, 1, 0, 0, False, False, cell_key(lat, lon), created,
                assigned_at, i)
        report = (i, i, reporter, area_id, cat, desc, severity, lat, lon, acc,
                  created - timedelta(minutes=rng.uniform(1, 120)), created)
        yield item, report


def signals(region: Region, n: int, seed: int) -> list[ReportSignal]:
    """New reports from the same distribution as the loaded items."""
    sampler = Sampler(region, random.Random(seed))
    out = []
    for _ in range(n):
        lat, lon, area_id, _town, place = sampler.position()
        cat, desc = sampler.problem(place)
        out.append(ReportSignal(category=cat, lat=round(lat, 6), lon=round(lon, 6),
                                accuracy_m=sampler.accuracy(), description=desc,
                                area_id=area_id))
    return out


